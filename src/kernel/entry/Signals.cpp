#include "kernel/entry/Signals.h"
#include "kernel/Kernel.h"
#include "kernel/base/Log.h"
#include "kernel/entry/EntryState.h"
#include "kernel/entry/SitePatch.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/Dispatch.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

extern "C" void cell_sigreturn_restorer();

namespace {

constexpr int PR_SET_SYSCALL_USER_DISPATCH = 59;
constexpr int PR_SYS_DISPATCH_ON = 1;

// Implements the syscall entry: the guest executed `syscall`, the host turned it into
// SIGSYS, and `uc` holds the guest's complete register state. The host has already set
// rcx and r11 as the syscall instruction does, so only rax changes.
void handle_sigsys(int, linux_siginfo* info, linux_ucontext* uc)
{
    EntryState& entry = current_entry();
    if (info->si_code != SYS_USER_DISPATCH || !entry.thread) {
        klog("entry: unexpected SIGSYS code %d", info->si_code);
        return;
    }
    u64* g = uc->uc_mcontext.gregs;
    linux_ucontext* outer = entry.context;
    entry.context = uc;
    SyscallArgs args { { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9] } };
    u64 nr = u64(u32(info->sys.syscall));
    if (info->sys.syscall < 0)
        nr = ~u64(0);
    u64 call_addr = info->sys.call_addr;
    g[REG_RAX] = syscall_dispatch(*entry.thread, nr, args);
    entry.context = outer;
    site_patch_consider(*entry.thread, *uc, call_addr, nr);
}

const char* signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV:
        return "SIGSEGV";
    case SIGBUS:
        return "SIGBUS";
    case SIGFPE:
        return "SIGFPE";
    case SIGILL:
        return "SIGILL";
    case SIGTRAP:
        return "SIGTRAP";
    default:
        return "signal";
    }
}

// A synchronous fault. In the copy routines it becomes EFAULT; in guest code it is the
// guest's fault, which ends the guest as Linux does when no handler is installed; in
// any other kernel code it is a kernel bug, which ends the sandbox with a clear report.
void handle_fault(int sig, linux_siginfo* info, linux_ucontext* uc)
{
    u64* g = uc->uc_mcontext.gregs;
    u64 rip = g[REG_RIP];
    if (usercopy_owns(rip)) {
        g[REG_RIP] = usercopy_fixup_address();
        return;
    }
    auto& config = kernel_config();
    bool in_kernel = rip >= config.kernel_text_start && rip < config.kernel_text_end;
    if (in_kernel) {
        klog("entry: kernel fault %s at rip=%#lx addr=%#lx", signal_name(sig), rip, info->fault.addr);
        sandbox_fail(134, "cell: internal error: %s in the kernel at %#lx (address %#lx)", signal_name(sig), rip, info->fault.addr);
    }
    klog("entry: guest %s at rip=%#lx addr=%#lx code=%d", signal_name(sig), rip, info->fault.addr, info->si_code);
    // FIXME: deliver to guest handlers once guest signal delivery exists; until then a
    // fault ends the guest with the signal, as SIG_DFL does. No core file is written, so
    // none is reported.
    sandbox_killed(sig, false);
}

Result<void> install(int sig, void (*handler)(int, linux_siginfo*, linux_ucontext*))
{
    k_sigaction act {};
    act.handler = u64(handler);
    act.flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER;
    act.restorer = u64(&cell_sigreturn_restorer);
    act.mask = 0;
    return platform::sigaction(sig, &act, nullptr);
}

}

Result<void> install_host_signal_handlers()
{
    TRY(install(SIGSYS, handle_sigsys));
    for (int sig : { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP })
        TRY(install(sig, handle_fault));
    return {};
}

Result<void> enable_syscall_dispatch()
{
    auto& config = kernel_config();
    u64 len = config.kernel_text_end - config.kernel_text_start;
    TRY(platform::prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, config.kernel_text_start, len, 0));
    return {};
}
