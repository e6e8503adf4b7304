#include "kernel/loader/Loader.h"
#include "kernel/Kernel.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Mman.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Log.h"
#include "kernel/base/Memory.h"
#include "kernel/loader/Elf.h"
#include "kernel/loader/ElfCheck.h"
#include "kernel/loader/InitialStack.h"
#include "kernel/loader/Script.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/FsContext.h"
#include "kernel/task/Process.h"
#include "kernel/vfs/Vfs.h"
#include "platform/Platform.h"

// Loads a program as Linux's binfmt_script and binfmt_elf do. Every check runs before
// the first mapping, so a hostile file fails with a clean errno and maps nothing. The
// image, its interpreter, the stack and the break are placed through the process's
// AddressSpace with Linux's layout: the stack just below a randomised top, mmap_base
// below the stack's largest random gap, PIE programs at ELF_ET_DYN_BASE plus a random
// offset, the interpreter and static-pie programs top-down from mmap_base.

namespace {

// 2/3 of TASK_SIZE, page-aligned, as on x86-64.
constexpr u64 ELF_ET_DYN_BASE = 0x555555554000;
// Linux's stack_maxrandom_size() and arch_mmap_rnd() with mmap_rnd_bits = 28.
constexpr u64 STACK_RND_PAGES = 0x3fffff;
constexpr u64 MMAP_RND_PAGES = (u64(1) << 28) - 1;
// The gap arch_randomize_brk() randomises the break in.
constexpr u64 BRK_RND_RANGE = 0x02000000;
constexpr u64 MIN_MMAP_GAP = 128 * 1024 * 1024;

u64 random_u64()
{
    u64 v = 0;
    (void)platform::getrandom(&v, sizeof(v), 0);
    return v;
}

// An executable opened through the VFS. `fd` is the host fd behind it in this process,
// for mapping its segments.
struct ElfFile {
    OpenFile* file { nullptr };
    int fd { -1 };
    u8 prefix[BINPRM_BUF_SIZE] {};
    u64 prefix_length { 0 };
    Elf64_Ehdr header {};
    Elf64_Phdr phdrs[ELF_MAX_PHNUM] {};
    u32 phnum { 0 };
    u64 dev { 0 };
    u64 inode { 0 };
    u64 size { 0 };
    ~ElfFile() { unref_if(file); }
    Result<u64> pread(void* buffer, u64 len, i64 offset) { return file->pread(buffer, len, offset); }
};

// Opens `path` and reads the bytes the kernel looks at to recognise a format.
Result<void> open_elf(Process& process, const char* path, ElfFile& elf)
{
    elf.file = TRY(vfs_open(process, AT_FDCWD, path, O_RDONLY, 0));
    linux_stat st {};
    TRY(elf.file->stat(st));
    if ((st.st_mode & S_IFMT) != S_IFREG)
        return Errno::EACCES;
    elf.dev = st.st_dev;
    elf.inode = st.st_ino;
    elf.size = u64(st.st_size);
    elf.fd = TRY(elf.file->mmap_host_fd());
    elf.prefix_length = TRY(elf.pread(elf.prefix, sizeof(elf.prefix), 0));
    mem_copy(&elf.header, elf.prefix, sizeof(elf.header));
    return {};
}

// Checks the ELF header and reads the program headers. A file too short to hold the
// program headers is ENOEXEC, as Linux gives.
Result<ElfLayout> read_elf(ElfFile& elf)
{
    TRY(elf_check_header(elf.header, elf.prefix_length));
    elf.phnum = elf.header.e_phnum;
    u64 bytes = u64(elf.phnum) * sizeof(Elf64_Phdr);
    u64 n = TRY(elf.pread(elf.phdrs, bytes, i64(elf.header.e_phoff)));
    if (n != bytes)
        return Errno::ENOEXEC;
    return elf_check_program_headers(elf.header, elf.phdrs, elf.phnum, elf.size);
}

int prot_of(u32 flags)
{
    return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) | ((flags & PF_X) ? PROT_EXEC : 0);
}

// Reserves the span of an image with one PROT_NONE mapping so that its segments land
// together; `preferred` is tried first for ET_DYN. Returns where `layout.low` went.
Result<u64> reserve_image(AddressSpace& space, const ElfLayout& layout, u16 type, u64 preferred)
{
    u64 size = layout.high - layout.low;
    MapRequest request;
    request.length = size;
    request.prot = PROT_NONE;
    request.flags = MAP_PRIVATE | MAP_ANONYMOUS;
    if (type == ET_EXEC) {
        request.address = layout.low;
        request.flags |= MAP_FIXED_NOREPLACE;
        return space.map(request);
    }
    if (preferred) {
        request.address = preferred;
        request.flags |= MAP_FIXED_NOREPLACE;
        if (auto placed = space.map(request); placed.is_ok())
            return placed.release_value();
        request.flags &= ~MAP_FIXED_NOREPLACE;
        request.address = 0;
    }
    if (layout.alignment <= PAGE_SIZE)
        return space.map(request);
    // Over-reserve by the alignment and trim both ends.
    request.length = size + layout.alignment - PAGE_SIZE;
    u64 base = TRY(space.map(request));
    u64 aligned = (base + layout.alignment - 1) & ~(layout.alignment - 1);
    if (aligned > base)
        TRY(space.unmap(base, aligned - base));
    if (base + request.length > aligned + size)
        TRY(space.unmap(aligned + size, base + request.length - aligned - size));
    return aligned;
}

// Maps every PT_LOAD of `elf` over its reservation at `bias`; returns the bias.
Result<u64> map_image(Process& process, ElfFile& elf, const ElfLayout& layout, u64 preferred)
{
    AddressSpace& space = process.address_space();
    u64 start = TRY(reserve_image(space, layout, elf.header.e_type, preferred));
    u64 bias = start - layout.low;
    char path[PATH_MAX];
    auto length = path_to_string(process.fs().root(), elf.file->path(), path, sizeof(path));
    StringView name(path, length.is_ok() ? length.value() : 0);
    u64 cursor = start;
    for (u32 i = 0; i < elf.phnum; ++i) {
        const auto& ph = elf.phdrs[i];
        if (ph.p_type != PT_LOAD)
            continue;
        u64 segment = page_round_down(ph.p_vaddr + bias);
        if (segment > cursor)
            TRY(space.unmap(cursor, segment - cursor));
        u64 file_end = ph.p_vaddr + bias + ph.p_filesz;
        u64 mem_end = page_round_up(ph.p_vaddr + bias + ph.p_memsz);
        int prot = prot_of(ph.p_flags);
        bool zero_tail = ph.p_memsz > ph.p_filesz && !page_aligned(file_end);
        if (ph.p_filesz > 0) {
            MapRequest request;
            request.address = segment;
            request.length = page_round_up(file_end) - segment;
            request.prot = zero_tail ? prot | PROT_WRITE : prot;
            request.flags = MAP_PRIVATE | MAP_FIXED;
            request.host_fd = elf.fd;
            request.offset = page_round_down(ph.p_offset);
            request.dev = elf.dev;
            request.inode = elf.inode;
            request.path = name;
            TRY(space.map(request));
            // The rest of the last file page is bss: it must read as zeroes.
            if (zero_tail) {
                TRY(clear_user(file_end, page_round_up(file_end) - file_end));
                if (!(prot & PROT_WRITE))
                    TRY(space.protect(segment, request.length, prot));
            }
        }
        u64 anon_start = ph.p_filesz > 0 ? page_round_up(file_end) : segment;
        if (mem_end > anon_start) {
            MapRequest request;
            request.address = anon_start;
            request.length = mem_end - anon_start;
            request.prot = prot;
            request.flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
            TRY(space.map(request));
        }
        cursor = mem_end;
    }
    return bias;
}

// Places the stack below a randomised top; the host's own mappings may be in the way,
// so a few random tops are tried before any free range will do.
Result<u64> map_stack(Process& process, bool executable)
{
    AddressSpace& space = process.address_space();
    u64 size = process.rlimits().limits[RLIMIT_STACK].rlim_cur;
    if (size < 128 * 1024 || size > 1024 * 1024 * 1024)
        size = 8 * 1024 * 1024;
    size = page_round_up(size);
    MapRequest request;
    request.length = size;
    request.prot = PROT_READ | PROT_WRITE | (executable ? PROT_EXEC : 0);
    request.flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_GROWSDOWN | MAP_FIXED_NOREPLACE;
    request.kind = VmaKind::Stack;
    for (int attempt = 0; attempt < 8; ++attempt) {
        u64 top = layout::TASK_SIZE - (random_u64() & STACK_RND_PAGES) * PAGE_SIZE;
        request.address = top - size;
        if (auto placed = space.map(request); placed.is_ok())
            return top;
    }
    request.flags &= ~MAP_FIXED_NOREPLACE;
    request.address = 0;
    u64 low = TRY(space.map(request));
    return low + size;
}

// Linux's mmap_base(): below the largest stack gap and a random offset.
u64 pick_mmap_base(Process& process)
{
    u64 gap = process.rlimits().limits[RLIMIT_STACK].rlim_cur;
    if (gap > layout::TASK_SIZE / 6 * 5)
        gap = layout::TASK_SIZE / 6 * 5;
    gap += STACK_GUARD_GAP + (STACK_RND_PAGES + 1) * PAGE_SIZE;
    if (gap < MIN_MMAP_GAP)
        gap = MIN_MMAP_GAP;
    if (gap > layout::TASK_SIZE / 6 * 5)
        gap = layout::TASK_SIZE / 6 * 5;
    return page_round_down(layout::TASK_SIZE - gap - (random_u64() & MMAP_RND_PAGES) * PAGE_SIZE);
}

// Replaces argv[0] with the script's path and puts the interpreter (and its optional
// argument) in front, as binfmt_script does. `line` holds both strings NUL-terminated.
Result<void> splice_script_args(const char**& argv, u32& argc, const ShebangLine& line, char* storage, const char* script)
{
    mem_copy(storage, line.interpreter.data(), line.interpreter.size());
    storage[line.interpreter.size()] = '\0';
    char* argument = storage + line.interpreter.size() + 1;
    mem_copy(argument, line.argument.data(), line.argument.size());
    argument[line.argument.size()] = '\0';
    u32 extra = line.argument.empty() ? 2 : 3;
    u32 rest = argc > 0 ? argc - 1 : 0;
    u32 new_argc = extra + rest;
    auto* new_argv = static_cast<const char**>(arena().allocate((new_argc + 1) * sizeof(char*)));
    if (!new_argv)
        return Errno::ENOMEM;
    u32 n = 0;
    new_argv[n++] = storage;
    if (!line.argument.empty())
        new_argv[n++] = argument;
    new_argv[n++] = script;
    for (u32 i = 1; i < argc; ++i)
        new_argv[n++] = argv[i];
    new_argv[n] = nullptr;
    argv = new_argv;
    argc = new_argc;
    return {};
}

const char* basename_of(const char* path)
{
    const char* base = path;
    for (const char* c = path; *c; ++c) {
        if (*c == '/' && c[1])
            base = c + 1;
    }
    return base;
}

// The loading itself, once the #! chain has been followed to an ELF image.
Result<ExecImage> load_elf(Process& process, ElfFile& elf, const char* execfn, const char* const* argv, u32 argc, const ExecArgs& args, bool& committed)
{
    ElfLayout layout = TRY(read_elf(elf));
    char interp_path[PATH_MAX] {};
    ElfFile interp;
    ElfLayout interp_layout;
    if (layout.interp_index >= 0) {
        const auto& ph = elf.phdrs[layout.interp_index];
        u64 n = TRY(elf.pread(interp_path, ph.p_filesz, i64(ph.p_offset)));
        if (n != ph.p_filesz || interp_path[ph.p_filesz - 1] != '\0')
            return Errno::ENOEXEC;
        TRY(open_elf(process, interp_path, interp));
        // An interpreter must be a shared object that needs no interpreter itself.
        auto checked = read_elf(interp);
        if (checked.is_error())
            return checked.error() == Errno::ENOEXEC ? Errno::ELIBBAD : checked.error();
        interp_layout = checked.release_value();
        if (interp.header.e_type != ET_DYN || interp_layout.interp_index >= 0)
            return Errno::ELIBBAD;
    }

    // The point of no return: the old image goes, and from here on a failure leaves a
    // partial image that the caller must not resume.
    AddressSpace& space = process.address_space();
    space.clear_for_exec();
    committed = true;
    space.set_mmap_base(pick_mmap_base(process));
    u64 stack_top = TRY(map_stack(process, layout.executable_stack));

    u64 preferred = 0;
    if (elf.header.e_type == ET_DYN && interp_path[0]) {
        preferred = ELF_ET_DYN_BASE + (random_u64() & MMAP_RND_PAGES) * PAGE_SIZE;
        preferred &= ~(layout.alignment - 1);
    }
    u64 bias = TRY(map_image(process, elf, layout, preferred));

    // The break: right after the bss with a one-page gap, randomised; a program run
    // without an interpreter that is itself ET_DYN gets it at ELF_ET_DYN_BASE instead.
    u64 brk = page_round_up(layout.brk + bias);
    brk = (elf.header.e_type == ET_DYN && !interp_path[0]) ? ELF_ET_DYN_BASE : brk + PAGE_SIZE;
    brk += (random_u64() % (BRK_RND_RANGE / PAGE_SIZE)) * PAGE_SIZE;
    if (!space.is_free(brk, brk + PAGE_SIZE))
        brk = page_round_up(layout.brk + bias);
    space.set_brk_start(brk);

    u64 entry = elf.header.e_entry + bias;
    u64 interp_base = 0;
    if (interp_path[0]) {
        interp_base = TRY(map_image(process, interp, interp_layout, 0));
        entry = interp.header.e_entry + interp_base;
    }

    InitialStack stack;
    stack.top = stack_top;
    stack.argv = argv;
    stack.argc = argc;
    stack.envp = args.envp;
    stack.envc = args.envc;
    stack.execfn = execfn;
    stack.phdr = layout.phdr_vaddr ? layout.phdr_vaddr + bias : 0;
    stack.phnum = elf.phnum;
    stack.entry = elf.header.e_entry + bias;
    stack.interp_base = interp_base;
    u64 sp = TRY(build_initial_stack(process, stack));
    space.set_stack_floor(page_round_down(process.arg_start) - 128 * 1024);
    klog("loader: %s entry=%#lx sp=%#lx interp=%s", execfn, entry, sp, interp_path[0] ? interp_path : "-");
    return ExecImage { entry, sp };
}

}

Result<ExecImage> load_executable(Process& process, const char* path, const ExecArgs& args, bool* failed_after_commit)
{
    bool committed = false;
    // Two files at a time at most (image and interpreter), but each is large.
    auto* elf = arena().make<ElfFile>();
    if (!elf)
        return Errno::ENOMEM;
    const char** argv = const_cast<const char**>(args.argv);
    u32 argc = args.argc;
    // Interpreter names and arguments of the #! chain, which argv points into.
    char lines[MAX_INTERPRETER_DEPTH][BINPRM_BUF_SIZE + 2];
    const char** spliced[MAX_INTERPRETER_DEPTH];
    u32 spliced_count[MAX_INTERPRETER_DEPTH];
    u32 spliced_levels = 0;
    const char* current = path;
    const char* elf_path = path;
    auto result = [&]() -> Result<ExecImage> {
        for (u32 depth = 0;; ++depth) {
            TRY(open_elf(process, current, *elf));
            if (!is_shebang(reinterpret_cast<const char*>(elf->prefix), elf->prefix_length))
                break;
            if (depth >= MAX_INTERPRETER_DEPTH)
                return Errno::ELOOP;
            ShebangLine line = TRY(parse_shebang(reinterpret_cast<const char*>(elf->prefix), elf->prefix_length));
            TRY(splice_script_args(argv, argc, line, lines[depth], current));
            spliced[depth] = argv;
            spliced_count[depth] = argc + 1;
            ++spliced_levels;
            current = lines[depth];
            elf_path = current;
            arena().destroy(elf);
            elf = arena().make<ElfFile>();
            if (!elf)
                return Errno::ENOMEM;
        }
        return load_elf(process, *elf, path, argv, argc, args, committed);
    }();
    arena().destroy(elf);
    if (failed_after_commit)
        *failed_after_commit = result.is_error() && committed;
    if (result.is_ok()) {
        process.set_exe_path(elf_path);
        process.set_comm(basename_of(path));
    }
    for (u32 i = 0; i < spliced_levels; ++i)
        arena().deallocate(spliced[i], spliced_count[i] * sizeof(char*));
    return result;
}
