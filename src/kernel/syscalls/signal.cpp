// Signal state: rt_sigaction, rt_sigprocmask, rt_sigpending, sigaltstack, and kill,
// tgkill and tkill aimed at the calling process.
//
// FIXME: guest handlers are not run yet. A signal the guest sends itself takes effect
// only where its disposition needs no handler: ignored signals are discarded, blocked
// ones wait in the pending set, and a default action that terminates ends the process
// with that signal. A signal with a guest handler is logged and discarded; a stop
// signal is discarded, as there is no job control yet.

#include "kernel/Kernel.h"
#include "kernel/base/Log.h"
#include "kernel/base/Result.h"
#include "kernel/entry/EntryState.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {

constexpr u64 SIGSET_SIZE = 8;
constexpr u64 SA_EXPOSE_TAGBITS = 0x00000800;
// Linux's UAPI_SA_FLAGS: the flag bits rt_sigaction keeps; others are cleared so that
// programs can detect unsupported flags (SA_UNSUPPORTED).
constexpr u64 SA_KNOWN_FLAGS = SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER
    | SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER;
constexpr u64 UNBLOCKABLE = sig_bit(SIGKILL) | sig_bit(SIGSTOP);

bool valid_signal(int sig) { return sig >= 0 && sig <= NSIG; }

bool default_ignored(int sig) { return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH; }
bool default_stops(int sig) { return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }

// Whether a signal with this action would be discarded on arrival.
bool discarded(int sig, const k_sigaction& action)
{
    if (sig == SIGKILL)
        return false;
    return action.handler == SIG_IGN || (action.handler == SIG_DFL && default_ignored(sig));
}

// Ends the process as the default action of `sig` does. No core file is written.
[[noreturn]] void terminate(Process& process, int sig)
{
    klog("signal: pid %d terminated by signal %d", process.pid(), sig);
    if (process.pid() == 1)
        sandbox_killed(sig, false);
    // FIXME: report the signal to the parent once wait4 exists.
    platform::exit_group(128 + sig);
}

// Takes the action for `sig`, which the thread does not block. Called with the process
// lock held; releases it before ending the process (and so never returns to the caller's
// locker in that case).
void act_on(Thread& thread, int sig)
{
    Process& process = thread.process();
    const k_sigaction& action = process.signal_action(sig);
    if (discarded(sig, action))
        return;
    if (sig != SIGKILL && action.handler != SIG_DFL) {
        klog("signal: pid %d: handler for signal %d not run (no guest delivery yet)", process.pid(), sig);
        return;
    }
    if (sig != SIGKILL && default_stops(sig))
        return;
    process.lock().unlock();
    terminate(process, sig);
}

// Sends `sig` (1..64) to the calling thread's process.
Result<u64> send_to_self(Thread& thread, int sig)
{
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    if (discarded(sig, process.signal_action(sig)))
        return u64(0);
    if (thread.signal_mask() & sig_bit(sig)) {
        process.set_pending_signals(process.pending_signals() | sig_bit(sig));
        return u64(0);
    }
    act_on(thread, sig);
    return u64(0);
}

// Acts on pending signals that the thread no longer blocks.
void deliver_unblocked(Thread& thread)
{
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    u64 ready = process.pending_signals() & ~thread.signal_mask();
    if (!ready)
        return;
    process.set_pending_signals(process.pending_signals() & ~ready);
    for (int sig = 1; sig <= NSIG; ++sig) {
        if (ready & sig_bit(sig))
            act_on(thread, sig);
    }
}

}

// Implements rt_sigaction(2). Actions are kept per process; the handler is recorded for
// the delivery to come. Setting an action that discards the signal drops it if pending.
Result<u64> sys_rt_sigaction(Thread& thread, int sig, UserPtr<const k_sigaction> act, UserPtr<k_sigaction> oldact, u64 sigsetsize)
{
    if (sigsetsize != SIGSET_SIZE)
        return Errno::EINVAL;
    k_sigaction updated {};
    if (act)
        TRY(copy_in(act, updated));
    if (sig < 1 || sig > NSIG || (act && (sig == SIGKILL || sig == SIGSTOP)))
        return Errno::EINVAL;
    Process& process = thread.process();
    k_sigaction previous;
    {
        MutexLocker locker(process.lock());
        k_sigaction& slot = process.signal_action(sig);
        previous = slot;
        if (act) {
            updated.flags &= SA_KNOWN_FLAGS;
            updated.mask &= ~UNBLOCKABLE;
            slot = updated;
            if (discarded(sig, slot))
                process.set_pending_signals(process.pending_signals() & ~sig_bit(sig));
        }
    }
    if (oldact) {
        previous.flags &= SA_KNOWN_FLAGS;
        TRY(copy_out(oldact, previous));
    }
    return u64(0);
}

// Implements rt_sigprocmask(2). The mask is kept per thread; SIGKILL and SIGSTOP are
// never blocked. Unblocking a pending signal takes its action at once.
Result<u64> sys_rt_sigprocmask(Thread& thread, int how, UserPtr<const u64> set, UserPtr<u64> oldset, u64 sigsetsize)
{
    if (sigsetsize != SIGSET_SIZE)
        return Errno::EINVAL;
    u64 old = thread.signal_mask();
    if (set) {
        u64 value = 0;
        TRY(copy_in(set, value));
        value &= ~UNBLOCKABLE;
        switch (how) {
        case SIG_BLOCK:
            thread.set_signal_mask(old | value);
            break;
        case SIG_UNBLOCK:
            thread.set_signal_mask(old & ~value);
            break;
        case SIG_SETMASK:
            thread.set_signal_mask(value);
            break;
        default:
            return Errno::EINVAL;
        }
    }
    if (oldset)
        TRY(copy_out(oldset, old));
    if (set)
        deliver_unblocked(thread);
    return u64(0);
}

// Implements rt_sigpending(2): the pending signals that the thread blocks.
Result<u64> sys_rt_sigpending(Thread& thread, UserPtr<u8> set, u64 sigsetsize)
{
    if (sigsetsize > SIGSET_SIZE)
        return Errno::EINVAL;
    Process& process = thread.process();
    u64 pending;
    {
        MutexLocker locker(process.lock());
        pending = process.pending_signals() & thread.signal_mask();
    }
    TRY(copy_to_user(set.address(), &pending, usize(sigsetsize)));
    return u64(0);
}

// Implements sigaltstack(2); the state is kept per thread (see Thread::change_signal_stack).
Result<u64> sys_sigaltstack(Thread& thread, UserPtr<const linux_stack_t> ss, UserPtr<linux_stack_t> old_ss)
{
    linux_stack_t updated {};
    if (ss)
        TRY(copy_in(ss, updated));
    linux_ucontext* context = current_entry().context;
    u64 sp = context ? context->uc_mcontext.gregs[REG_RSP] : 0;
    linux_stack_t previous {};
    TRY(thread.change_signal_stack(ss ? &updated : nullptr, old_ss ? &previous : nullptr, sp));
    if (old_ss)
        TRY(copy_out(old_ss, previous));
    return u64(0);
}

// Implements kill(2). Signal 0 probes for existence. Targets: the calling process by
// pid, by its process group (0 or -pgid); -1 names every process but init and the
// caller, which is none while a sandbox has one process.
Result<u64> sys_kill(Thread& thread, int pid, int sig)
{
    Process& process = thread.process();
    bool self = false;
    if (pid == i32(0x80000000))
        return Errno::ESRCH;
    if (pid > 0)
        self = pid == process.pid();
    else if (pid == 0)
        self = true;
    else if (pid < -1)
        self = -pid == process.pgid();
    if (!self)
        return Errno::ESRCH;
    if (!valid_signal(sig))
        return Errno::EINVAL;
    if (sig == 0)
        return u64(0);
    return send_to_self(thread, sig);
}

// Implements tgkill(2).
Result<u64> sys_tgkill(Thread& thread, int tgid, int tid, int sig)
{
    if (tgid <= 0 || tid <= 0)
        return Errno::EINVAL;
    if (tgid != thread.process().pid() || tid != thread.tid())
        return Errno::ESRCH;
    if (!valid_signal(sig))
        return Errno::EINVAL;
    if (sig == 0)
        return u64(0);
    return send_to_self(thread, sig);
}

// Implements tkill(2).
Result<u64> sys_tkill(Thread& thread, int tid, int sig)
{
    if (tid <= 0)
        return Errno::EINVAL;
    if (tid != thread.tid())
        return Errno::ESRCH;
    if (!valid_signal(sig))
        return Errno::EINVAL;
    if (sig == 0)
        return u64(0);
    return send_to_self(thread, sig);
}
