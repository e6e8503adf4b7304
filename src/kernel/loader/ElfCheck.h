#pragma once

// Validation of ELF headers and program headers, before anything is mapped. Pure
// functions over in-memory headers, so that hostile files are tested without a file.

#include "kernel/base/Result.h"
#include "kernel/loader/Elf.h"

// Binaries with more program headers than this are refused with ENOEXEC. Linux allows
// up to 64 KiB of them (1170); real programs have about a dozen.
constexpr u32 ELF_MAX_PHNUM = 128;

// What the loader needs to know about an image once its headers have been checked.
struct ElfLayout {
    u64 low { 0 };           // page-aligned start of the lowest PT_LOAD
    u64 high { 0 };          // page-aligned end of the highest PT_LOAD
    u64 brk { 0 };           // end of the highest segment's memory, unaligned
    u64 alignment { PAGE_SIZE }; // the largest power-of-two p_align of the PT_LOADs
    u64 phdr_vaddr { 0 };    // where the program headers are in the image, 0 if not loaded
    i32 interp_index { -1 }; // the first PT_INTERP
    bool executable_stack { false };
};

// Checks the ELF header of an x86-64 executable. `available` is how many bytes of the
// header the file holds. Returns ENOEXEC for anything that is not one.
Result<void> elf_check_header(const Elf64_Ehdr& header, u64 available);

// Checks the program headers of a file of `file_size` bytes and computes the layout.
// Segments that are not page-congruent, larger in the file than in memory, or reach
// past TASK_SIZE are EINVAL, as Linux's mapping of them fails. PT_LOADs that overlap or
// are out of order, file contents past the end of the file, an image with no PT_LOAD
// and a malformed PT_INTERP are ENOEXEC: Linux maps such files and the program then
// crashes, while Cell refuses them before mapping anything.
Result<ElfLayout> elf_check_program_headers(const Elf64_Ehdr& header, const Elf64_Phdr* phdrs, u32 count, u64 file_size);
