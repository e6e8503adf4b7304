#pragma once

// ELF64 structures and constants (x86-64).

#include "kernel/base/Types.h"

struct Elf64_Ehdr {
    u8 e_ident[16];
    u16 e_type;
    u16 e_machine;
    u32 e_version;
    u64 e_entry;
    u64 e_phoff;
    u64 e_shoff;
    u32 e_flags;
    u16 e_ehsize;
    u16 e_phentsize;
    u16 e_phnum;
    u16 e_shentsize;
    u16 e_shnum;
    u16 e_shstrndx;
};
static_assert(sizeof(Elf64_Ehdr) == 64);

struct Elf64_Phdr {
    u32 p_type;
    u32 p_flags;
    u64 p_offset;
    u64 p_vaddr;
    u64 p_paddr;
    u64 p_filesz;
    u64 p_memsz;
    u64 p_align;
};
static_assert(sizeof(Elf64_Phdr) == 56);

struct Elf64_auxv {
    u64 a_type;
    u64 a_val;
};

constexpr u8 ELFCLASS64 = 2;
constexpr u8 ELFDATA2LSB = 1;
constexpr u16 ET_EXEC = 2;
constexpr u16 ET_DYN = 3;
constexpr u16 EM_X86_64 = 62;

constexpr u32 PT_NULL = 0;
constexpr u32 PT_LOAD = 1;
constexpr u32 PT_DYNAMIC = 2;
constexpr u32 PT_INTERP = 3;
constexpr u32 PT_NOTE = 4;
constexpr u32 PT_PHDR = 6;
constexpr u32 PT_TLS = 7;
constexpr u32 PT_GNU_EH_FRAME = 0x6474e550;
constexpr u32 PT_GNU_STACK = 0x6474e551;
constexpr u32 PT_GNU_RELRO = 0x6474e552;
constexpr u32 PT_GNU_PROPERTY = 0x6474e553;

constexpr u32 PF_X = 1;
constexpr u32 PF_W = 2;
constexpr u32 PF_R = 4;

constexpr u64 AT_NULL = 0;
constexpr u64 AT_IGNORE = 1;
constexpr u64 AT_EXECFD = 2;
constexpr u64 AT_PHDR = 3;
constexpr u64 AT_PHENT = 4;
constexpr u64 AT_PHNUM = 5;
constexpr u64 AT_PAGESZ = 6;
constexpr u64 AT_BASE = 7;
constexpr u64 AT_FLAGS = 8;
constexpr u64 AT_ENTRY = 9;
constexpr u64 AT_NOTELF = 10;
constexpr u64 AT_UID = 11;
constexpr u64 AT_EUID = 12;
constexpr u64 AT_GID = 13;
constexpr u64 AT_EGID = 14;
constexpr u64 AT_PLATFORM = 15;
constexpr u64 AT_HWCAP = 16;
constexpr u64 AT_CLKTCK = 17;
constexpr u64 AT_SECURE = 23;
constexpr u64 AT_BASE_PLATFORM = 24;
constexpr u64 AT_RANDOM = 25;
constexpr u64 AT_HWCAP2 = 26;
constexpr u64 AT_RSEQ_FEATURE_SIZE = 27;
constexpr u64 AT_RSEQ_ALIGN = 28;
constexpr u64 AT_EXECFN = 31;
constexpr u64 AT_SYSINFO_EHDR = 33;
constexpr u64 AT_MINSIGSTKSZ = 51;
