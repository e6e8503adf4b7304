// Thread state and scheduling: set_tid_address, robust futex lists, rseq, arch_prctl,
// futex, and the sched_* and getcpu calls.
//
// FIXME: there is no thread table yet, so a tid names only the calling thread.

#include "kernel/abi/System.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Memory.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/entry/EntryState.h"
#include "kernel/entry/SitePatch.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {

constexpr int ARCH_SET_GS = 0x1001;
constexpr int ARCH_SET_FS = 0x1002;
constexpr int ARCH_GET_FS = 0x1003;
constexpr int ARCH_GET_GS = 0x1004;
constexpr int ARCH_GET_CPUID = 0x1011;
constexpr int ARCH_SET_CPUID = 0x1012;
constexpr int ARCH_GET_XCOMP_SUPP = 0x1021;
constexpr int ARCH_GET_XCOMP_PERM = 0x1022;
constexpr int ARCH_REQ_XCOMP_PERM = 0x1023;

constexpr int FUTEX_WAIT = 0;
constexpr int FUTEX_WAKE = 1;
constexpr int FUTEX_REQUEUE = 3;
constexpr int FUTEX_CMP_REQUEUE = 4;
constexpr int FUTEX_WAKE_OP = 5;
constexpr int FUTEX_WAIT_BITSET = 9;
constexpr int FUTEX_WAKE_BITSET = 10;
constexpr int FUTEX_PRIVATE_FLAG = 128;
constexpr int FUTEX_CLOCK_REALTIME = 256;
constexpr int FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

// struct robust_list_head: list, futex_offset, list_op_pending.
constexpr u64 ROBUST_LIST_HEAD_SIZE = 24;

constexpr int SCHED_EXT = 7;

constexpr int RSEQ_FLAG_UNREGISTER = 1;
// The original struct rseq: the smallest area, and the alignment of every area.
constexpr u32 ORIG_RSEQ_SIZE = 32;

// The largest affinity mask the kernel handles: 8192 CPUs.
constexpr usize AFFINITY_MAX_BYTES = 1024;

bool names_self(Thread& thread, int pid) { return pid == 0 || pid == thread.process().pid() || pid == thread.tid(); }

// Checks a guest futex word as Linux's get_futex_key() does: alignment first, then range.
Result<void> check_futex_word(u64 address)
{
    if (address % sizeof(u32))
        return Errno::EINVAL;
    if (!user_range_ok(address, sizeof(u32)))
        return Errno::EFAULT;
    return {};
}

bool valid_timespec(const linux_timespec& ts) { return ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < NSEC_PER_SEC; }

}

// Implements set_tid_address(2).
Result<u64> sys_set_tid_address(Thread& thread, u64 tidptr)
{
    thread.set_clear_child_tid(tidptr);
    return u64(thread.tid());
}

// Implements set_robust_list(2).
Result<u64> sys_set_robust_list(Thread& thread, u64 head, u64 len)
{
    if (len != ROBUST_LIST_HEAD_SIZE)
        return Errno::EINVAL;
    thread.set_robust_list(head, len);
    return u64(0);
}

// Implements get_robust_list(2).
Result<u64> sys_get_robust_list(Thread& thread, int pid, UserPtr<u64> head_ptr, UserPtr<u64> len_ptr)
{
    if (pid != 0 && pid != thread.tid())
        return Errno::ESRCH;
    TRY(copy_out(len_ptr, ROBUST_LIST_HEAD_SIZE));
    TRY(copy_out(head_ptr, thread.robust_list()));
    return u64(0);
}

// Implements rseq(2) by registering the guest's area with the host kernel, which then
// keeps cpu_id current and aborts the guest's critical sections exactly as Linux does:
// the guest thread is the host thread. The host checks the struct's size and alignment,
// the signature and the flags; the kernel adds only that the area is guest memory.
Result<u64> sys_rseq(Thread& thread, u64 area, u32 len, int flags, u32 signature)
{
    if (flags & ~RSEQ_FLAG_UNREGISTER)
        return Errno::EINVAL;
    if (flags & RSEQ_FLAG_UNREGISTER) {
        TRY(platform::rseq(area, len, flags, signature));
        thread.set_rseq(0, 0, 0);
        return u64(0);
    }
    if (!thread.rseq_area()) {
        if (len < ORIG_RSEQ_SIZE || area % ORIG_RSEQ_SIZE)
            return Errno::EINVAL;
        if (!user_range_ok(area, len))
            return Errno::EFAULT;
    }
    TRY(platform::rseq(area, len, flags, signature));
    thread.set_rseq(area, len, signature);
    return u64(0);
}

// Implements arch_prctl(2). The FS and GS bases are the host thread's own registers.
// CPUID faulting is not offered (ENODEV, as on a CPU without it); the AMX permission
// requests act on the host process, which is the guest process.
Result<u64> sys_arch_prctl(Thread&, int code, u64 address)
{
    switch (code) {
    case ARCH_SET_FS:
        if (address >= layout::TASK_SIZE)
            return Errno::EPERM;
        return platform::arch_prctl(code, address);
    case ARCH_SET_GS: {
        // The kernel keeps its entry state in GS until the guest claims GS; from then on
        // this process's patched sites take the trapping path (SitePatch.h).
        if (address >= layout::TASK_SIZE)
            return Errno::EPERM;
        site_patch_disable();
        current_entry().guest_owns_gs = true;
        return platform::arch_prctl(code, address);
    }
    case ARCH_GET_GS:
        if (!current_entry().guest_owns_gs) {
            TRY(copy_out(UserPtr<u64>(address), u64(0)));
            return u64(0);
        }
        [[fallthrough]];
    case ARCH_GET_FS:
    case ARCH_GET_XCOMP_SUPP:
    case ARCH_GET_XCOMP_PERM: {
        u64 value = 0;
        TRY(platform::arch_prctl(code, u64(&value)));
        TRY(copy_out(UserPtr<u64>(address), value));
        return u64(0);
    }
    case ARCH_REQ_XCOMP_PERM:
        return platform::arch_prctl(code, address);
    case ARCH_GET_CPUID:
        return u64(1);
    case ARCH_SET_CPUID:
        return Errno::ENODEV;
    default:
        return Errno::EINVAL;
    }
}

// Implements futex(2) with the host's futex on guest memory: the guest's words are the
// host's, so waiters and wakers in any guest thread meet there. Deviation: the PI and
// requeue-PI operations are ENOSYS.
Result<u64> sys_futex(Thread&, u64 uaddr, int op, u32 val, u64 timeout_or_val2, u64 uaddr2, u32 val3)
{
    int cmd = op & FUTEX_CMD_MASK;
    linux_timespec timeout {};
    u64 host_timeout = timeout_or_val2;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
        if (timeout_or_val2) {
            TRY(copy_in(UserPtr<const linux_timespec>(timeout_or_val2), timeout));
            if (!valid_timespec(timeout))
                return Errno::EINVAL;
            host_timeout = u64(&timeout);
        }
        break;
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        break;
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
        TRY(check_futex_word(uaddr2));
        break;
    default:
        return Errno::ENOSYS;
    }
    if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT_BITSET)
        return Errno::ENOSYS;
    TRY(check_futex_word(uaddr));
    return platform::futex(reinterpret_cast<u32*>(uaddr), op, val, host_timeout, reinterpret_cast<u32*>(uaddr2), val3);
}

// Implements sched_yield(2).
Result<u64> sys_sched_yield(Thread&)
{
    TRY(platform::sched_yield());
    return u64(0);
}

// Implements getcpu(2) from the host: the guest thread runs on the host CPU it reports.
Result<u64> sys_getcpu(Thread&, UserPtr<u32> cpu, UserPtr<u32> node, u64)
{
    u32 host_cpu = 0;
    u32 host_node = 0;
    TRY(platform::getcpu(&host_cpu, &host_node));
    if (cpu)
        TRY(copy_out(cpu, host_cpu));
    if (node)
        TRY(copy_out(node, host_node));
    return u64(0);
}

// Implements sched_getaffinity(2) from the host thread's affinity, with Linux's checks
// on the size (EINVAL when too small for the host's CPUs or not a multiple of 8).
Result<u64> sys_sched_getaffinity(Thread& thread, int pid, u64 len, UserPtr<u8> mask)
{
    u8 buffer[AFFINITY_MAX_BYTES];
    usize asked = len < sizeof(buffer) ? usize(len) : sizeof(buffer);
    if (len % sizeof(u64))
        return Errno::EINVAL;
    u64 written = TRY(platform::sched_getaffinity(asked, buffer));
    if (!names_self(thread, pid))
        return Errno::ESRCH;
    TRY(copy_out_array(mask, buffer, usize(written)));
    return written;
}

// Implements sched_setaffinity(2). Deviation: a mask that names at least one of the
// host's CPUs is accepted but not applied; the guest keeps the host's affinity.
Result<u64> sys_sched_setaffinity(Thread& thread, int pid, u64 len, UserPtr<const u8> mask)
{
    u8 wanted[AFFINITY_MAX_BYTES] {};
    usize n = len < sizeof(wanted) ? usize(len) : sizeof(wanted);
    TRY(copy_in_array(mask, wanted, n));
    if (!names_self(thread, pid))
        return Errno::ESRCH;
    u8 host[AFFINITY_MAX_BYTES] {};
    u64 host_len = TRY(platform::sched_getaffinity(sizeof(host), host));
    for (usize i = 0; i < host_len && i < n; ++i) {
        if (wanted[i] & host[i])
            return u64(0);
    }
    return Errno::EINVAL;
}

// Implements sched_getscheduler(2): the policy last set (SCHED_OTHER at first).
Result<u64> sys_sched_getscheduler(Thread& thread, int pid)
{
    if (pid < 0)
        return Errno::EINVAL;
    if (!names_self(thread, pid))
        return Errno::ESRCH;
    return u64(thread.process().sched_policy());
}

// Implements sched_getparam(2).
Result<u64> sys_sched_getparam(Thread& thread, int pid, UserPtr<linux_sched_param> param)
{
    if (!param || pid < 0)
        return Errno::EINVAL;
    if (!names_self(thread, pid))
        return Errno::ESRCH;
    TRY(copy_out(param, linux_sched_param { thread.process().sched_priority() }));
    return u64(0);
}

namespace {
constexpr int SCHED_RESET_ON_FORK = 0x40000000;
constexpr int SETPARAM_POLICY = -1;
constexpr int CAP_SYS_NICE_BIT = 23;

// Linux's do_sched_setscheduler() and __sched_setscheduler() checks. Deviation: the policy
// and priority are recorded and reported, but the host thread keeps its scheduling.
Result<u64> set_scheduler(Thread& thread, int pid, int policy, UserPtr<const linux_sched_param> param)
{
    if (!param || pid < 0)
        return Errno::EINVAL;
    linux_sched_param value {};
    TRY(copy_in(param, value));
    if (!names_self(thread, pid))
        return Errno::ESRCH;
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    int reset_on_fork = process.sched_policy() & SCHED_RESET_ON_FORK;
    if (policy == SETPARAM_POLICY) {
        policy = process.sched_policy() & ~SCHED_RESET_ON_FORK;
    } else {
        reset_on_fork = policy & SCHED_RESET_ON_FORK;
        policy &= ~SCHED_RESET_ON_FORK;
    }
    bool real_time = policy == SCHED_FIFO || policy == SCHED_RR;
    if (policy != SCHED_OTHER && policy != SCHED_BATCH && policy != SCHED_IDLE && policy != SCHED_DEADLINE && policy != SCHED_EXT && !real_time)
        return Errno::EINVAL;
    // SCHED_DEADLINE needs sched_setattr's runtime and period, which this call cannot give.
    if (policy == SCHED_DEADLINE || value.sched_priority < 0 || value.sched_priority > 99 || real_time != (value.sched_priority != 0))
        return Errno::EINVAL;
    if (real_time && !process.credentials().capable(CAP_SYS_NICE_BIT)) {
        u64 limit = process.rlimits().limits[RLIMIT_RTPRIO].rlim_cur;
        if (u64(value.sched_priority) > limit)
            return Errno::EPERM;
    }
    process.set_sched(policy | reset_on_fork, value.sched_priority);
    return u64(0);
}
}

// Implements sched_setscheduler(2); see set_scheduler() for what is applied.
Result<u64> sys_sched_setscheduler(Thread& thread, int pid, int policy, UserPtr<const linux_sched_param> param)
{
    if (policy < 0)
        return Errno::EINVAL;
    return set_scheduler(thread, pid, policy, param);
}

// Implements sched_setparam(2).
Result<u64> sys_sched_setparam(Thread& thread, int pid, UserPtr<const linux_sched_param> param)
{
    return set_scheduler(thread, pid, SETPARAM_POLICY, param);
}

namespace {
Result<u64> priority_bound(int policy, bool max)
{
    switch (policy) {
    case SCHED_FIFO:
    case SCHED_RR:
        return u64(max ? 99 : 1);
    case SCHED_OTHER:
    case SCHED_BATCH:
    case SCHED_IDLE:
    case SCHED_DEADLINE:
    case SCHED_EXT:
        return u64(0);
    default:
        return Errno::EINVAL;
    }
}
}

// Implements sched_get_priority_max(2).
Result<u64> sys_sched_get_priority_max(Thread&, int policy) { return priority_bound(policy, true); }

// Implements sched_get_priority_min(2).
Result<u64> sys_sched_get_priority_min(Thread&, int policy) { return priority_bound(policy, false); }

namespace {
constexpr int PRIO_PROCESS = 0;
constexpr int PRIO_PGRP = 1;
constexpr int PRIO_USER = 2;
constexpr int MIN_NICE = -20;
constexpr int MAX_NICE = 19;
constexpr int CAP_SYS_NICE = 23;

// Whether `which`/`who` of getpriority/setpriority names the calling process.
Result<bool> priority_names_self(Thread& thread, int which, int who)
{
    Process& process = thread.process();
    switch (which) {
    case PRIO_PROCESS:
        return who == 0 || who == process.pid() || who == thread.tid();
    case PRIO_PGRP:
        return who == 0 || who == process.pgid();
    case PRIO_USER:
        return who == 0 || u32(who) == process.credentials().uid;
    default:
        return Errno::EINVAL;
    }
}
}

// Implements getpriority(2). As the raw syscall does, returns 20 - nice (1..40).
Result<u64> sys_getpriority(Thread& thread, int which, int who)
{
    if (!TRY(priority_names_self(thread, which, who)))
        return Errno::ESRCH;
    return u64(20 - thread.process().nice());
}

// Implements setpriority(2). Deviation: the nice value is recorded and reported but the
// host thread keeps its priority.
Result<u64> sys_setpriority(Thread& thread, int which, int who, int niceval)
{
    if (!TRY(priority_names_self(thread, which, who)))
        return Errno::ESRCH;
    niceval = niceval < MIN_NICE ? MIN_NICE : niceval > MAX_NICE ? MAX_NICE : niceval;
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    if (niceval < process.nice()) {
        u64 limit = process.rlimits().limits[RLIMIT_NICE].rlim_cur;
        bool within_rlimit = u64(20 - niceval) <= limit;
        if (!within_rlimit && !process.credentials().capable(CAP_SYS_NICE))
            return Errno::EACCES;
    }
    process.set_nice(niceval);
    return u64(0);
}
