/* Dumps argv, envp and the auxiliary vector as Linux lays them out on the initial stack.
 * Every auxv key is printed in the order the kernel placed it; values are printed only
 * where they are fixed facts (AT_PAGESZ), and otherwise as checked properties, so that
 * addresses and random bytes never reach the output. */
#include "../guest.h"

#include <elf.h>
#include <stdint.h>
#include <sys/auxv.h>

extern const Elf64_Ehdr __ehdr_start;
extern char _start[];

static const char* key_name(unsigned long key)
{
    switch (key) {
    case AT_SYSINFO_EHDR: return "AT_SYSINFO_EHDR";
    case AT_HWCAP: return "AT_HWCAP";
    case AT_HWCAP2: return "AT_HWCAP2";
    case AT_PAGESZ: return "AT_PAGESZ";
    case AT_CLKTCK: return "AT_CLKTCK";
    case AT_PHDR: return "AT_PHDR";
    case AT_PHENT: return "AT_PHENT";
    case AT_PHNUM: return "AT_PHNUM";
    case AT_BASE: return "AT_BASE";
    case AT_FLAGS: return "AT_FLAGS";
    case AT_ENTRY: return "AT_ENTRY";
    case AT_UID: return "AT_UID";
    case AT_EUID: return "AT_EUID";
    case AT_GID: return "AT_GID";
    case AT_EGID: return "AT_EGID";
    case AT_SECURE: return "AT_SECURE";
    case AT_RANDOM: return "AT_RANDOM";
    case AT_EXECFN: return "AT_EXECFN";
    case AT_PLATFORM: return "AT_PLATFORM";
    case 27: return "AT_RSEQ_FEATURE_SIZE";
    case 28: return "AT_RSEQ_ALIGN";
    case 51: return "AT_MINSIGSTKSZ";
    default: return NULL;
    }
}

static void show_entry(const Elf64_auxv_t* a, const char* argv0, int is_static)
{
    unsigned long v = a->a_un.a_val;
    const char* name = key_name(a->a_type);
    if (!name) {
        printf("unknown key %lu\n", (unsigned long)a->a_type);
        return;
    }
    printf("%s: ", name);
    switch (a->a_type) {
    case AT_SYSINFO_EHDR: {
        const unsigned char* e = (const unsigned char*)v;
        printf("present, ELF magic %s\n", e && memcmp(e, ELFMAG, SELFMAG) == 0 ? "ok" : "BAD");
        break;
    }
    case AT_HWCAP:
    case AT_HWCAP2:
    case AT_FLAGS:
    case AT_SECURE:
    case AT_PAGESZ:
    case AT_CLKTCK:
    case AT_PHENT:
    case 27:
    case 28:
        printf("%#lx\n", v);
        break;
    case AT_PHDR:
        printf("%s\n", v == (unsigned long)((const char*)&__ehdr_start + __ehdr_start.e_phoff) ? "the program's headers" : "WRONG");
        break;
    case AT_PHNUM:
        printf("%s\n", v == __ehdr_start.e_phnum ? "the program's e_phnum" : "WRONG");
        break;
    case AT_BASE:
        /* The interpreter's load address: 0 for a static program, a page-aligned address otherwise. */
        if (is_static)
            printf("%s\n", v == 0 ? "0 (no interpreter)" : "WRONG: nonzero without an interpreter");
        else
            printf("%s\n", v != 0 && v % 4096 == 0 ? "page-aligned interpreter base" : "WRONG");
        break;
    case AT_ENTRY:
        printf("%s\n", v == (unsigned long)_start ? "_start" : "WRONG");
        break;
    case AT_UID:
        printf("%s\n", v == getuid() ? "getuid()" : "WRONG");
        break;
    case AT_EUID:
        printf("%s\n", v == geteuid() ? "geteuid()" : "WRONG");
        break;
    case AT_GID:
        printf("%s\n", v == getgid() ? "getgid()" : "WRONG");
        break;
    case AT_EGID:
        printf("%s\n", v == getegid() ? "getegid()" : "WRONG");
        break;
    case AT_RANDOM: {
        unsigned char bytes[16];
        memcpy(bytes, (const void*)v, sizeof(bytes));
        int nonzero = 0;
        for (int i = 0; i < 16; ++i)
            nonzero |= bytes[i];
        printf("16 readable bytes, %s\n", nonzero ? "not all zero" : "ALL ZERO");
        break;
    }
    case AT_EXECFN:
        printf("%s\n", strcmp((const char*)v, argv0) == 0 ? "equals argv[0]" : "WRONG");
        break;
    case AT_PLATFORM:
        printf("\"%s\"\n", (const char*)v);
        break;
    case 51:
        printf("%s\n", v >= 1024 && v <= 65536 ? "present, plausible size" : "WRONG");
        break;
    }
}

int main(int argc, char** argv, char** envp)
{
    printf("argc=%d\n", argc);
    for (int i = 0; i < argc; ++i)
        printf("argv[%d]=\"%s\"\n", i, argv[i]);
    printf("argv[argc] is %s\n", argv[argc] ? "NOT NULL" : "NULL");
    FACT("envp follows argv", envp == argv + argc + 1);

    char** e = envp;
    for (; *e; ++e)
        printf("env: %s\n", *e);

    /* Linux copies the argument and environment strings next to each other, in order. */
    int contiguous = 1;
    for (int i = 0; i + 1 < argc; ++i)
        contiguous &= argv[i] + strlen(argv[i]) + 1 == argv[i + 1];
    if (argc > 0 && envp[0])
        contiguous &= argv[argc - 1] + strlen(argv[argc - 1]) + 1 == envp[0];
    for (char** p = envp; p[0] && p[1]; ++p)
        contiguous &= p[0] + strlen(p[0]) + 1 == p[1];
    FACT("argument and environment strings contiguous", contiguous);

    /* The stack pointer at entry is 16-byte aligned, so argv sits 8 bytes past a 16-byte boundary. */
    FACT("argv is 8 bytes past a 16-byte boundary", ((uintptr_t)argv & 15) == 8);

    const Elf64_auxv_t* auxv = (const Elf64_auxv_t*)(e + 1);
    /* A program without PT_INTERP runs without an interpreter, so AT_BASE must be 0. */
    const Elf64_Phdr* phdrs = (const Elf64_Phdr*)((const char*)&__ehdr_start + __ehdr_start.e_phoff);
    int is_static = 1;
    for (int i = 0; i < __ehdr_start.e_phnum; ++i)
        if (phdrs[i].p_type == PT_INTERP)
            is_static = 0;
    int count = 0;
    for (const Elf64_auxv_t* a = auxv; a->a_type != AT_NULL; ++a, ++count)
        show_entry(a, argv[0], is_static);
    printf("AT_NULL terminates %d entries\n", count);
    FACT("getauxval(AT_PAGESZ) agrees with sysconf", getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE));
    return 0;
}
