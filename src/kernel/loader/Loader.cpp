#include "kernel/loader/Loader.h"
#include "kernel/Kernel.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Mman.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Log.h"
#include "kernel/base/Memory.h"
#include "kernel/loader/Elf.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/Process.h"
#include "platform/Platform.h"

// FIXME: this first loader maps through the platform directly and opens files on the
// host; it moves onto the address space's VMA map and the VFS as those land.

namespace {

constexpr u64 ELF_ET_DYN_BASE = 0x555555554000;
constexpr u64 STACK_TOP = 0x7ffffffff000;
constexpr u64 STACK_SIZE = 8 * 1024 * 1024;
constexpr u32 MAX_PHNUM = 1024;

u64 random_u64()
{
    u64 v = 0;
    (void)platform::getrandom(&v, sizeof(v), 0);
    return v;
}

struct ElfFile {
    int fd { -1 };
    Elf64_Ehdr header {};
    Elf64_Phdr phdrs[64] {};
    u32 phnum { 0 };
    ~ElfFile()
    {
        if (fd >= 0)
            (void)platform::close(fd);
    }
};

Result<void> open_elf(const char* path, ElfFile& elf)
{
    elf.fd = TRY(platform::openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0));
    u64 n = TRY(platform::pread(elf.fd, &elf.header, sizeof(elf.header), 0));
    const auto& h = elf.header;
    if (n < sizeof(h) || mem_compare(h.e_ident, "\177ELF", 4) != 0)
        return Errno::ENOEXEC;
    if (h.e_ident[4] != ELFCLASS64 || h.e_ident[5] != ELFDATA2LSB || h.e_machine != EM_X86_64)
        return Errno::ENOEXEC;
    if (h.e_type != ET_EXEC && h.e_type != ET_DYN)
        return Errno::ENOEXEC;
    if (h.e_phentsize != sizeof(Elf64_Phdr) || h.e_phnum == 0 || h.e_phnum > 64)
        return Errno::ENOEXEC;
    elf.phnum = h.e_phnum;
    u64 bytes = u64(h.e_phnum) * sizeof(Elf64_Phdr);
    n = TRY(platform::pread(elf.fd, elf.phdrs, bytes, i64(h.e_phoff)));
    if (n != bytes)
        return Errno::ENOEXEC;
    return {};
}

int prot_of(u32 flags)
{
    return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) | ((flags & PF_X) ? PROT_EXEC : 0);
}

struct Mapped {
    u64 bias { 0 };
    u64 end { 0 };
    u64 phdr { 0 };
};

// Maps every PT_LOAD of `elf`. For ET_DYN the image goes at `base` (a page-aligned bias).
Result<Mapped> map_segments(ElfFile& elf, u64 base)
{
    u64 lo = ~u64(0), hi = 0;
    for (u32 i = 0; i < elf.phnum; ++i) {
        const auto& ph = elf.phdrs[i];
        if (ph.p_type != PT_LOAD)
            continue;
        if (ph.p_filesz > ph.p_memsz || ph.p_vaddr + ph.p_memsz < ph.p_vaddr)
            return Errno::ENOEXEC;
        if ((ph.p_vaddr & (PAGE_SIZE - 1)) != (ph.p_offset & (PAGE_SIZE - 1)))
            return Errno::ENOEXEC;
        if (page_round_down(ph.p_vaddr) < lo)
            lo = page_round_down(ph.p_vaddr);
        if (page_round_up(ph.p_vaddr + ph.p_memsz) > hi)
            hi = page_round_up(ph.p_vaddr + ph.p_memsz);
    }
    if (lo >= hi)
        return Errno::ENOEXEC;
    u64 bias = elf.header.e_type == ET_DYN ? base - lo : 0;
    if (hi - lo > layout::TASK_SIZE || !user_range_ok(lo + bias, hi - lo))
        return Errno::ENOMEM;
    // Reserve the whole span first so that the segments land together, then unmap holes.
    TRY(platform::mmap(lo + bias, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0));
    Mapped result { bias, hi + bias, 0 };
    u64 cursor = lo + bias;
    for (u32 i = 0; i < elf.phnum; ++i) {
        const auto& ph = elf.phdrs[i];
        if (ph.p_type == PT_PHDR)
            result.phdr = ph.p_vaddr + bias;
        if (ph.p_type != PT_LOAD)
            continue;
        u64 start = page_round_down(ph.p_vaddr + bias);
        if (start > cursor)
            TRY(platform::munmap(cursor, start - cursor));
        u64 file_end = ph.p_vaddr + bias + ph.p_filesz;
        u64 mem_end = page_round_up(ph.p_vaddr + bias + ph.p_memsz);
        int prot = prot_of(ph.p_flags);
        if (ph.p_filesz > 0) {
            TRY(platform::mmap(start, page_round_up(file_end) - start, prot | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, elf.fd,
                page_round_down(ph.p_offset)));
            // Zero the bss part of the last file page.
            if (ph.p_memsz > ph.p_filesz && !page_aligned(file_end))
                mem_zero(reinterpret_cast<void*>(file_end), page_round_up(file_end) - file_end);
            TRY(platform::mprotect(start, page_round_up(file_end) - start, prot));
        }
        u64 anon_start = ph.p_filesz > 0 ? page_round_up(file_end) : start;
        if (mem_end > anon_start)
            TRY(platform::mmap(anon_start, mem_end - anon_start, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
        if (!result.phdr && ph.p_offset <= elf.header.e_phoff && elf.header.e_phoff < ph.p_offset + ph.p_filesz)
            result.phdr = ph.p_vaddr + bias + (elf.header.e_phoff - ph.p_offset);
        cursor = mem_end > cursor ? mem_end : cursor;
    }
    return result;
}

struct StackBuilder {
    u64 sp;
    Result<u64> push_bytes(const void* data, usize len)
    {
        sp -= len;
        TRY(copy_to_user(sp, data, len));
        return sp;
    }
    Result<u64> push_string(const char* s) { return push_bytes(s, cstr_length(s) + 1); }
};

}

Result<ExecImage> load_executable(Process& process, const char* path, const ExecArgs& args)
{
    ElfFile elf;
    TRY(open_elf(path, elf));
    char interp_path[PATH_MAX] {};
    for (u32 i = 0; i < elf.phnum; ++i) {
        const auto& ph = elf.phdrs[i];
        if (ph.p_type != PT_INTERP)
            continue;
        if (ph.p_filesz < 2 || ph.p_filesz > PATH_MAX)
            return Errno::ENOEXEC;
        u64 n = TRY(platform::pread(elf.fd, interp_path, ph.p_filesz, i64(ph.p_offset)));
        if (n != ph.p_filesz || interp_path[ph.p_filesz - 1] != '\0')
            return Errno::ENOEXEC;
    }

    u64 stack_top = STACK_TOP - (random_u64() & 0x3fffff000);
    u64 mmap_base = stack_top - STACK_SIZE - 0x8000000 - (random_u64() & 0xfffff000) * 16;
    u64 exec_base = ELF_ET_DYN_BASE + (random_u64() & 0x3ffff000) * 16;
    if (elf.header.e_type == ET_DYN && !interp_path[0])
        exec_base = mmap_base - 0x10000000;
    Mapped exec = TRY(map_segments(elf, exec_base));

    u64 entry = elf.header.e_entry + exec.bias;
    u64 interp_base = 0;
    if (interp_path[0]) {
        ElfFile interp;
        TRY(open_elf(interp_path, interp));
        if (interp.header.e_type != ET_DYN)
            return Errno::ELIBBAD;
        Mapped mapped = TRY(map_segments(interp, page_round_down(mmap_base - 0x400000)));
        interp_base = mapped.bias;
        entry = interp.header.e_entry + mapped.bias;
    }

    // The stack.
    u64 stack_low = stack_top - STACK_SIZE;
    TRY(platform::mmap(stack_low, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0));
    StackBuilder sb { stack_top - 8 };
    u64 execfn = TRY(sb.push_string(path));
    u64 env_end = sb.sp;
    u64 envp[4096];
    u64 argvp[4096];
    if (args.envc > 4096 || args.argc > 4096)
        return Errno::E2BIG;
    for (u32 i = args.envc; i > 0; --i)
        envp[i - 1] = TRY(sb.push_string(args.envp[i - 1]));
    u64 arg_end = sb.sp;
    for (u32 i = args.argc; i > 0; --i)
        argvp[i - 1] = TRY(sb.push_string(args.argv[i - 1]));
    process.arg_start = sb.sp;
    process.arg_end = arg_end;
    process.env_start = arg_end;
    process.env_end = env_end;
    sb.sp -= (random_u64() % 8192);
    sb.sp &= ~u64(15);
    u64 platform_str = TRY(sb.push_string("x86_64"));
    u8 random_bytes[16];
    (void)platform::getrandom(random_bytes, sizeof(random_bytes), 0);
    u64 random_addr = TRY(sb.push_bytes(random_bytes, sizeof(random_bytes)));
    sb.sp &= ~u64(15);

    auto& config = kernel_config();
    auto& creds = process.credentials();
    Elf64_auxv auxv[] = {
        { AT_SYSINFO_EHDR, config.vdso_base },
        { AT_MINSIGSTKSZ, config.minsigstksz },
        { AT_HWCAP, config.hwcap },
        { AT_PAGESZ, PAGE_SIZE },
        { AT_CLKTCK, 100 },
        { AT_PHDR, exec.phdr },
        { AT_PHENT, sizeof(Elf64_Phdr) },
        { AT_PHNUM, elf.phnum },
        { AT_BASE, interp_base },
        { AT_FLAGS, 0 },
        { AT_ENTRY, elf.header.e_entry + exec.bias },
        { AT_UID, creds.uid },
        { AT_EUID, creds.euid },
        { AT_GID, creds.gid },
        { AT_EGID, creds.egid },
        { AT_SECURE, 0 },
        { AT_RANDOM, random_addr },
        { AT_HWCAP2, config.hwcap2 },
        { AT_EXECFN, execfn },
        { AT_PLATFORM, platform_str },
        { AT_RSEQ_FEATURE_SIZE, 28 },
        { AT_RSEQ_ALIGN, 32 },
        { AT_NULL, 0 },
    };
    u64 items = (args.argc + 1) + (args.envc + 1) + 1;
    u64 total = items * 8 + sizeof(auxv);
    sb.sp = (sb.sp - total) & ~u64(15);
    u64 cursor = sb.sp;
    u64 argc = args.argc;
    TRY(copy_to_user(cursor, &argc, 8));
    cursor += 8;
    TRY(copy_to_user(cursor, argvp, args.argc * 8));
    cursor += args.argc * 8;
    TRY(clear_user(cursor, 8));
    cursor += 8;
    TRY(copy_to_user(cursor, envp, args.envc * 8));
    cursor += args.envc * 8;
    TRY(clear_user(cursor, 8));
    cursor += 8;
    process.auxv_start = cursor;
    TRY(copy_to_user(cursor, auxv, sizeof(auxv)));
    process.auxv_end = cursor + sizeof(auxv);

    process.set_exe_path(path);
    klog("loader: %s entry=%#lx sp=%#lx interp=%s", path, entry, sb.sp, interp_path[0] ? interp_path : "-");
    return ExecImage { entry, sb.sp };
}
