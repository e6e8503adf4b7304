// The kernel image's entry: reads the launcher's boot block, builds the shared arena and
// the first process, loads the guest program and enters it.

#include "kernel/Kernel.h"
#include "kernel/abi/Mman.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Log.h"
#include "kernel/base/Memory.h"
#include "kernel/entry/BootConfinement.h"
#include "kernel/entry/EntryState.h"
#include "kernel/entry/Seccomp.h"
#include "kernel/entry/Signals.h"
#include "kernel/loader/Elf.h"
#include "kernel/loader/Exec.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "kernel/vfs/FileLocks.h"
#include "platform/Platform.h"

extern "C" char __executable_start[];
extern "C" char __etext[];
extern "C" [[noreturn]] void cell_enter_context(linux_ucontext* uc);

namespace {

constexpr u64 BOOT_BLOCK_ADDRESS = layout::KERNEL_IMAGE_LIMIT - 0x1000000;

int parse_int(const char* s)
{
    int v = 0;
    while (s && *s >= '0' && *s <= '9')
        v = v * 10 + (*s++ - '0');
    return v;
}

[[noreturn]] void boot_panic(const char* what, Errno e)
{
    const char* name = errno_name(i32(e));
    char buffer[256];
    usize n = format(buffer, sizeof(buffer), "cell-kernel: boot failed: %s: %s\n", what, name ? name : "?");
    write_all(2, buffer, n);
    sandbox_fail(125, "cell: kernel boot failed: %s: %s", what, name ? name : "?");
}

template<typename T>
T boot_try(Result<T>&& r, const char* what)
{
    if (r.is_error())
        boot_panic(what, r.error());
    return r.release_value();
}

void boot_try(Result<void>&& r, const char* what)
{
    if (r.is_error())
        boot_panic(what, r.error());
}

void read_host_auxv(u64* sp, KernelConfig& config)
{
    u64 argc = sp[0];
    u64* p = sp + 1 + argc + 1;
    while (*p)
        ++p;
    ++p;
    for (auto* aux = reinterpret_cast<Elf64_auxv*>(p); aux->a_type != AT_NULL; ++aux) {
        switch (aux->a_type) {
        case AT_SYSINFO_EHDR:
            config.vdso_base = aux->a_val;
            break;
        case AT_HWCAP:
            config.hwcap = aux->a_val;
            break;
        case AT_HWCAP2:
            config.hwcap2 = aux->a_val;
            break;
        case AT_MINSIGSTKSZ:
            config.minsigstksz = aux->a_val;
            break;
        default:
            break;
        }
    }
}

// Builds the register state of a fresh guest image: everything zero except rip and rsp,
// and enters it through rt_sigreturn so that no kernel register leaks.
[[noreturn]] void enter_guest(u64 rip, u64 rsp)
{
    static linux_rt_sigframe frame;
    mem_zero(&frame, sizeof(frame));
    auto& g = frame.uc.uc_mcontext.gregs;
    g[REG_RIP] = rip;
    g[REG_RSP] = rsp;
    g[REG_EFL] = 0x202;
    g[REG_CSGSFS] = 0x33;
    linux_stack_t ss {};
    (void)platform::sigaltstack(nullptr, &ss);
    frame.uc.uc_stack = ss;
    kernel_config().boot->report.first_guest_ns = platform::monotonic_ns();
    cell_enter_context(&frame.uc);
}

}

extern "C" [[noreturn]] void kernel_main(u64* sp)
{
    u64 boot_ns = platform::monotonic_ns();
    auto& config = kernel_config();
    u64 argc = sp[0];
    auto** argv = reinterpret_cast<char**>(sp + 1);
    if (argc < 2) {
        const char msg[] = "cell-kernel: this is Cell's kernel image; start it with `cell run`\n";
        write_all(2, msg, sizeof(msg) - 1);
        platform::exit_group(125);
    }
    int boot_fd = parse_int(argv[1]);
    u64 mapped = boot_try(platform::mmap(BOOT_BLOCK_ADDRESS, page_round_up(sizeof(cell::BootBlock)), PROT_READ | PROT_WRITE,
                              MAP_SHARED | MAP_FIXED_NOREPLACE, boot_fd, 0),
        "boot block");
    auto* boot = reinterpret_cast<cell::BootBlock*>(mapped);
    (void)platform::close(boot_fd);
    if (boot->magic != cell::BOOT_MAGIC || boot->version != cell::BOOT_VERSION) {
        const char msg[] = "cell-kernel: boot block version mismatch\n";
        write_all(2, msg, sizeof(msg) - 1);
        platform::exit_group(125);
    }
    config.boot = boot;
    boot->report.boot_ns = boot_ns;
    config.trace_fd = (boot->flags & cell::BOOT_TRACE) ? boot->trace_fd : -1;
    config.stats = boot->flags & cell::BOOT_STATS;
    config.patch_sites = !(boot->flags & cell::BOOT_NO_PATCH);
    config.kernel_text_start = u64(__executable_start);
    config.kernel_text_end = layout::KERNEL_IMAGE_LIMIT;
    log_set_fd(boot->log_fd);
    read_host_auxv(sp, config);
    klog("boot: kernel image %#lx-%#lx", config.kernel_text_start, u64(__etext));

    Arena* a = boot_try(Arena::create(layout::ARENA_BASE, layout::ARENA_RESERVE), "arena");
    set_arena(a);
    auto* state = a->make<KernelState>();
    a->set_root(state);

    boot_try(file_locks_init(), "file locks");
    EntryState* entry = boot_try(kstack_install(0), "kernel stack");
    boot_try(install_host_signal_handlers(), "signal handlers");

    auto* init = boot_try(create_init_process(), "init process");
    Thread* thread = a->make<Thread>(*init, init->pid());
    entry->thread = thread;

    // The boot block's strings: argv, envp, then the working directory.
    const char* strings = boot->strings;
    const char* guest_argv[4096];
    const char* guest_envp[4096];
    u32 guest_argc = boot->argc < 4096 ? boot->argc : 4095;
    u32 guest_envc = boot->envc < 4096 ? boot->envc : 4095;
    const char* s = strings;
    for (u32 i = 0; i < boot->argc; ++i, s += cstr_length(s) + 1) {
        if (i < guest_argc)
            guest_argv[i] = s;
    }
    for (u32 i = 0; i < boot->envc; ++i, s += cstr_length(s) + 1) {
        if (i < guest_envc)
            guest_envp[i] = s;
    }
    const char* cwd = s;
    ExecImage image = start_init(*init, guest_argv, guest_argc, guest_envp, guest_envc, cwd);

    boot_try(finish_host_confinement(*boot), "network namespace");
    boot_try(install_kernel_seccomp_filter(), "seccomp filter");
    boot_try(enable_syscall_dispatch(), "syscall user dispatch");
    enter_guest(image.entry, image.stack_pointer);
}
