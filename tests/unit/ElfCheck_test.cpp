// ELF validation on crafted in-memory headers: every hostile shape is a clean errno.

#include "kernel/loader/ElfCheck.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Memory.h"

#include <gtest/gtest.h>

#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 BASE = 0x400000;
constexpr u64 FILE_SIZE = 0x3000;

Elf64_Ehdr good_header(u16 type = ET_EXEC, u16 phnum = 1)
{
    Elf64_Ehdr h {};
    mem_copy(h.e_ident, "\177ELF", 4);
    h.e_ident[4] = ELFCLASS64;
    h.e_ident[5] = ELFDATA2LSB;
    h.e_ident[6] = 1;
    h.e_type = type;
    h.e_machine = EM_X86_64;
    h.e_version = 1;
    h.e_entry = BASE + 0x1000;
    h.e_phoff = sizeof(Elf64_Ehdr);
    h.e_ehsize = sizeof(Elf64_Ehdr);
    h.e_phentsize = sizeof(Elf64_Phdr);
    h.e_phnum = phnum;
    return h;
}

Elf64_Phdr load(u64 offset, u64 vaddr, u64 filesz, u64 memsz, u32 flags = PF_R | PF_X)
{
    return Elf64_Phdr { PT_LOAD, flags, offset, vaddr, vaddr, filesz, memsz, PAGE_SIZE };
}

TEST(ElfCheck, AcceptsAWellFormedHeader)
{
    Elf64_Ehdr h = good_header();
    EXPECT_TRUE(elf_check_header(h, sizeof(h)).is_ok());
    h.e_type = ET_DYN;
    EXPECT_TRUE(elf_check_header(h, sizeof(h)).is_ok());
}

TEST(ElfCheck, RefusesForeignOrBrokenHeaders)
{
    Elf64_Ehdr h = good_header();
    EXPECT_EQ(elf_check_header(h, 30).error(), Errno::ENOEXEC);
    h.e_ident[4] = 1; // 32-bit
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
    h = good_header();
    h.e_ident[5] = 2; // big-endian
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
    h = good_header();
    h.e_machine = 183; // aarch64
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
    h = good_header();
    h.e_type = 4; // ET_CORE
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
    h = good_header();
    h.e_phentsize = 32;
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
    h = good_header();
    h.e_phnum = 0xffff;
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
    h = good_header();
    h.e_phnum = 0;
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
    h = good_header();
    h.e_phoff = ~u64(0) - 10;
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
    h = good_header();
    h.e_ident[0] = 0;
    EXPECT_EQ(elf_check_header(h, sizeof(h)).error(), Errno::ENOEXEC);
}

TEST(ElfCheck, ComputesTheLayout)
{
    Elf64_Ehdr h = good_header(ET_EXEC, 3);
    Elf64_Phdr phdrs[3] = {
        load(0, BASE, 0x1800, 0x1800),
        load(0x1800, BASE + 0x2800, 0x100, 0x5000, PF_R | PF_W),
        { PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 0, 16 },
    };
    auto layout = elf_check_program_headers(h, phdrs, 3, FILE_SIZE);
    ASSERT_TRUE(layout.is_ok());
    EXPECT_EQ(layout.value().low, BASE);
    EXPECT_EQ(layout.value().high, page_round_up(BASE + 0x2800 + 0x5000));
    EXPECT_EQ(layout.value().brk, BASE + 0x2800 + 0x5000);
    EXPECT_EQ(layout.value().phdr_vaddr, BASE + sizeof(Elf64_Ehdr));
    EXPECT_FALSE(layout.value().executable_stack);
    EXPECT_EQ(layout.value().interp_index, -1);
}

TEST(ElfCheck, RefusesHostileSegments)
{
    Elf64_Ehdr h = good_header(ET_EXEC, 2);
    Elf64_Phdr filesz_above_memsz[1] = { load(0, BASE, 0x2000, 0x1000) };
    EXPECT_EQ(elf_check_program_headers(h, filesz_above_memsz, 1, FILE_SIZE).error(), Errno::EINVAL);
    Elf64_Phdr absurd_memsz[1] = { load(0, BASE, 0x2000, 0x7ffffffffffff000) };
    EXPECT_EQ(elf_check_program_headers(h, absurd_memsz, 1, FILE_SIZE).error(), Errno::EINVAL);
    Elf64_Phdr kernel_half[1] = { load(0, 0xffff800000000000, 0x1000, 0x1000) };
    EXPECT_EQ(elf_check_program_headers(h, kernel_half, 1, FILE_SIZE).error(), Errno::EINVAL);
    Elf64_Phdr incongruent[1] = { load(0x10, BASE, 0x1000, 0x1000) };
    EXPECT_EQ(elf_check_program_headers(h, incongruent, 1, FILE_SIZE).error(), Errno::EINVAL);
    Elf64_Phdr absurd_offset[1] = { load(0x7ffffffff000, BASE, 0x2000, 0x2000) };
    EXPECT_EQ(elf_check_program_headers(h, absurd_offset, 1, FILE_SIZE).error(), Errno::ENOEXEC);
    Elf64_Phdr overlapping[2] = { load(0, BASE, 0x2000, 0x3000), load(0x1000, BASE + 0x1000, 0x1000, 0x1000) };
    EXPECT_EQ(elf_check_program_headers(h, overlapping, 2, FILE_SIZE).error(), Errno::ENOEXEC);
    Elf64_Phdr out_of_order[2] = { load(0x1000, BASE + 0x10000, 0x1000, 0x1000), load(0, BASE, 0x1000, 0x1000) };
    EXPECT_EQ(elf_check_program_headers(h, out_of_order, 2, FILE_SIZE).error(), Errno::ENOEXEC);
    Elf64_Phdr no_loads[1] = { { PT_PHDR, PF_R, 64, BASE + 64, BASE + 64, 56, 56, 8 } };
    EXPECT_EQ(elf_check_program_headers(h, no_loads, 1, FILE_SIZE).error(), Errno::ENOEXEC);
}

TEST(ElfCheck, ChecksTheInterpreterAndStackHeaders)
{
    Elf64_Ehdr h = good_header(ET_DYN, 3);
    Elf64_Phdr phdrs[3] = {
        { PT_INTERP, PF_R, 0x800, 0x800, 0x800, 28, 28, 1 },
        load(0, 0, 0x2000, 0x2000),
        { PT_GNU_STACK, PF_R | PF_W | PF_X, 0, 0, 0, 0, 0, 16 },
    };
    auto layout = elf_check_program_headers(h, phdrs, 3, FILE_SIZE);
    ASSERT_TRUE(layout.is_ok());
    EXPECT_EQ(layout.value().interp_index, 0);
    EXPECT_TRUE(layout.value().executable_stack);
    phdrs[0].p_filesz = 1;
    EXPECT_EQ(elf_check_program_headers(h, phdrs, 3, FILE_SIZE).error(), Errno::ENOEXEC);
    phdrs[0].p_filesz = 5000;
    EXPECT_EQ(elf_check_program_headers(h, phdrs, 3, FILE_SIZE).error(), Errno::ENOEXEC);
    phdrs[0].p_filesz = 28;
    phdrs[0].p_offset = FILE_SIZE;
    EXPECT_EQ(elf_check_program_headers(h, phdrs, 3, FILE_SIZE).error(), Errno::ENOEXEC);
}

}
