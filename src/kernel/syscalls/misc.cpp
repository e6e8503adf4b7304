// System information and process attributes: uname, sysinfo, getrandom, the rlimit
// calls, getrusage, prctl, capget/capset and personality.

#include "kernel/abi/System.h"
#include "kernel/base/Memory.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {

// The highest byte count a single read-like call transfers (MAX_RW_COUNT).
constexpr u64 MAX_RW_COUNT = 0x7ffff000;

constexpr int PR_SET_PDEATHSIG = 1;
constexpr int PR_GET_PDEATHSIG = 2;
constexpr int PR_GET_DUMPABLE = 3;
constexpr int PR_SET_DUMPABLE = 4;
constexpr int PR_GET_KEEPCAPS = 7;
constexpr int PR_SET_KEEPCAPS = 8;
constexpr int PR_SET_NAME = 15;
constexpr int PR_GET_NAME = 16;
constexpr int PR_GET_SECCOMP = 21;
constexpr int PR_CAPBSET_READ = 23;
constexpr int PR_CAPBSET_DROP = 24;
constexpr int PR_SET_CHILD_SUBREAPER = 36;
constexpr int PR_GET_CHILD_SUBREAPER = 37;
constexpr int PR_SET_NO_NEW_PRIVS = 38;
constexpr int PR_GET_NO_NEW_PRIVS = 39;
constexpr int PR_SET_VMA = 0x53564d41;
constexpr u64 PR_SET_VMA_ANON_NAME = 0;
constexpr u64 SUID_DUMP_DISABLE = 0;
constexpr u64 SUID_DUMP_USER = 1;
constexpr usize TASK_COMM_LEN = 16;

constexpr u32 PERSONALITY_QUERY = 0xffffffff;

void copy_name(char* dst, const char* src)
{
    usize i = 0;
    for (; src[i] && i < NEW_UTS_LEN; ++i)
        dst[i] = src[i];
    for (; i <= NEW_UTS_LEN; ++i)
        dst[i] = '\0';
}

// Linux's do_prlimit(): validates and swaps one limit of `process`.
Result<void> do_prlimit(Process& process, int resource, const linux_rlimit* updated, linux_rlimit* old)
{
    if (u32(resource) >= u32(RLIM_NLIMITS))
        return Errno::EINVAL;
    if (updated) {
        if (updated->rlim_cur > updated->rlim_max)
            return Errno::EINVAL;
        if (resource == RLIMIT_NOFILE && updated->rlim_max > SYSCTL_NR_OPEN)
            return Errno::EPERM;
    }
    MutexLocker locker(process.lock());
    linux_rlimit& slot = process.rlimits().limits[resource];
    if (updated && updated->rlim_max > slot.rlim_max && !process.credentials().capable(CAP_SYS_RESOURCE))
        return Errno::EPERM;
    if (old)
        *old = slot;
    if (updated)
        slot = *updated;
    return {};
}

// Checks the header of capget/capset (Linux's cap_validate_magic): returns how many
// 32-bit data structs the version uses, or EINVAL after writing the preferred version
// back for an unknown one.
Result<u32> capability_words(UserPtr<linux_cap_user_header> header)
{
    u32 version = 0;
    TRY(copy_in(header.cast<u32>(), version));
    switch (version) {
    case LINUX_CAPABILITY_VERSION_1:
        return u32(1);
    case LINUX_CAPABILITY_VERSION_2:
    case LINUX_CAPABILITY_VERSION_3:
        return u32(2);
    default:
        TRY(copy_out(header.cast<u32>(), LINUX_CAPABILITY_VERSION_3));
        return Errno::EINVAL;
    }
}

Result<i32> capability_pid(UserPtr<linux_cap_user_header> header)
{
    i32 pid = 0;
    TRY(copy_in(UserPtr<i32>(header.address() + sizeof(u32)), pid));
    return pid;
}

bool subset(u64 a, u64 b) { return (a & ~b) == 0; }

}

// Implements uname(2). The node name is the sandbox's own; release, version and machine
// are the host's, so programs that check the kernel version see the real one.
Result<u64> sys_uname(Thread&, UserPtr<linux_new_utsname> buf)
{
    linux_new_utsname name {};
    TRY(platform::uname(&name));
    copy_name(name.sysname, "Linux");
    copy_name(name.nodename, "cell");
    copy_name(name.domainname, "(none)");
    TRY(copy_out(buf, name));
    return u64(0);
}

// Implements sysinfo(2) from the host's figures. FIXME: procs counts one process until
// there is a process table.
Result<u64> sys_sysinfo(Thread&, UserPtr<linux_sysinfo> info)
{
    linux_sysinfo host {};
    TRY(platform::sysinfo(&host));
    host.procs = 1;
    TRY(copy_out(info, host));
    return u64(0);
}

// Implements getrandom(2) from the host's generator, passing the flags through so that
// the host's readiness rules (EAGAIN with GRND_NONBLOCK) apply. A fault part way returns
// the bytes already written, as Linux does.
Result<u64> sys_getrandom(Thread&, UserPtr<u8> buf, u64 count, u32 flags)
{
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return Errno::EINVAL;
    if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
        return Errno::EINVAL;
    u8 chunk[256];
    // The first host call, even for zero bytes, applies the readiness check.
    u64 first = count < sizeof(chunk) ? count : sizeof(chunk);
    u64 got = TRY(platform::getrandom(chunk, usize(first), flags));
    if (count > MAX_RW_COUNT)
        count = MAX_RW_COUNT;
    if (!user_range_ok(buf.address(), count))
        return Errno::EFAULT;
    u64 done = 0;
    while (done < count) {
        if (done > 0) {
            u64 n = count - done < sizeof(chunk) ? count - done : sizeof(chunk);
            got = TRY(platform::getrandom(chunk, usize(n), flags));
        }
        if (copy_to_user(buf.address() + done, chunk, usize(got)).is_error()) {
            // Linux returns the bytes written before the fault: find the boundary.
            for (u64 i = 0; i < got && copy_to_user(buf.address() + done, &chunk[i], 1).is_ok(); ++i)
                ++done;
            return done ? Result<u64>(done) : Result<u64>(Errno::EFAULT);
        }
        done += got;
        if (got == 0)
            break;
    }
    return done;
}

// Implements prlimit64(2) for the calling process. Limits are recorded here and read by
// the parts of the kernel that enforce them.
Result<u64> sys_prlimit64(Thread& thread, int pid, int resource, UserPtr<const linux_rlimit> new_limit, UserPtr<linux_rlimit> old_limit)
{
    linux_rlimit updated {};
    if (new_limit)
        TRY(copy_in(new_limit, updated));
    if (pid != 0 && pid != thread.process().pid())
        return Errno::ESRCH;
    linux_rlimit old {};
    TRY(do_prlimit(thread.process(), resource, new_limit ? &updated : nullptr, old_limit ? &old : nullptr));
    if (old_limit)
        TRY(copy_out(old_limit, old));
    return u64(0);
}

// Implements getrlimit(2).
Result<u64> sys_getrlimit(Thread& thread, int resource, UserPtr<linux_rlimit> limit)
{
    linux_rlimit old {};
    TRY(do_prlimit(thread.process(), resource, nullptr, &old));
    TRY(copy_out(limit, old));
    return u64(0);
}

// Implements setrlimit(2).
Result<u64> sys_setrlimit(Thread& thread, int resource, UserPtr<const linux_rlimit> limit)
{
    linux_rlimit updated {};
    TRY(copy_in(limit, updated));
    TRY(do_prlimit(thread.process(), resource, &updated, nullptr));
    return u64(0);
}

// Implements getrusage(2): the host's figures for the process or thread, which include
// the kernel's own work on the guest's behalf. FIXME: children's usage is zero until
// wait4 collects it.
Result<u64> sys_getrusage(Thread&, int who, UserPtr<linux_rusage> usage)
{
    linux_rusage result {};
    switch (who) {
    case RUSAGE_SELF:
    case RUSAGE_THREAD:
        TRY(platform::getrusage(who, &result));
        break;
    case RUSAGE_CHILDREN:
        break;
    default:
        return Errno::EINVAL;
    }
    TRY(copy_out(usage, result));
    return u64(0);
}

// Implements prctl(2) for the options programs commonly use; any other is EINVAL.
// PR_SET_VMA is accepted and ignored: anonymous mappings keep no names.
Result<u64> sys_prctl(Thread& thread, int option, u64 arg2, u64 arg3, u64 arg4, u64 arg5)
{
    Process& process = thread.process();
    switch (option) {
    case PR_SET_PDEATHSIG:
        if (arg2 > u64(NSIG))
            return Errno::EINVAL;
        thread.set_pdeath_signal(int(arg2));
        return u64(0);
    case PR_GET_PDEATHSIG:
        TRY(copy_out(UserPtr<i32>(arg2), i32(thread.pdeath_signal())));
        return u64(0);
    case PR_GET_DUMPABLE:
        return u64(process.dumpable());
    case PR_SET_DUMPABLE:
        if (arg2 != SUID_DUMP_DISABLE && arg2 != SUID_DUMP_USER)
            return Errno::EINVAL;
        process.set_dumpable(int(arg2));
        return u64(0);
    case PR_GET_KEEPCAPS:
        return u64(process.credentials().keep_caps);
    case PR_SET_KEEPCAPS: {
        if (arg2 > 1)
            return Errno::EINVAL;
        MutexLocker locker(process.lock());
        process.credentials().keep_caps = arg2;
        return u64(0);
    }
    case PR_SET_NAME: {
        // Copies at most 15 bytes, byte by byte, so that a short name at the end of a
        // mapping does not fault; a longer name is truncated as Linux truncates it.
        char name[TASK_COMM_LEN] {};
        for (usize i = 0; i + 1 < TASK_COMM_LEN; ++i) {
            TRY(copy_from_user(&name[i], arg2 + i, 1));
            if (!name[i])
                break;
        }
        process.set_comm(name);
        return u64(0);
    }
    case PR_GET_NAME: {
        char name[TASK_COMM_LEN] {};
        usize length = cstr_length(process.comm());
        mem_copy(name, process.comm(), length < TASK_COMM_LEN ? length : TASK_COMM_LEN - 1);
        TRY(copy_to_user(arg2, name, sizeof(name)));
        return u64(0);
    }
    case PR_GET_SECCOMP:
        return u64(0);
    case PR_CAPBSET_READ:
        if (arg2 > u64(CAP_LAST_CAP))
            return Errno::EINVAL;
        return u64((process.credentials().cap_bounding >> arg2) & 1);
    case PR_CAPBSET_DROP: {
        MutexLocker locker(process.lock());
        Credentials& c = process.credentials();
        if (!c.capable(CAP_SETPCAP))
            return Errno::EPERM;
        if (arg2 > u64(CAP_LAST_CAP))
            return Errno::EINVAL;
        c.cap_bounding &= ~(u64(1) << arg2);
        return u64(0);
    }
    case PR_SET_CHILD_SUBREAPER:
        process.set_child_subreaper(arg2 != 0);
        return u64(0);
    case PR_GET_CHILD_SUBREAPER:
        TRY(copy_out(UserPtr<i32>(arg2), i32(process.child_subreaper())));
        return u64(0);
    case PR_SET_NO_NEW_PRIVS:
        if (arg2 != 1 || arg3 || arg4 || arg5)
            return Errno::EINVAL;
        thread.set_no_new_privs();
        return u64(0);
    case PR_GET_NO_NEW_PRIVS:
        if (arg2 || arg3 || arg4 || arg5)
            return Errno::EINVAL;
        return u64(thread.no_new_privs());
    case PR_SET_VMA:
        if (arg2 != PR_SET_VMA_ANON_NAME)
            return Errno::EINVAL;
        return u64(0);
    default:
        return Errno::EINVAL;
    }
}

// Implements capget(2). A null data pointer with an unknown version is the documented
// probe for the preferred version: it returns 0 after writing that version back.
Result<u64> sys_capget(Thread& thread, UserPtr<linux_cap_user_header> header, UserPtr<linux_cap_user_data> data)
{
    auto words = capability_words(header);
    if (!data || words.is_error())
        return !data && words.is_error() && words.error() == Errno::EINVAL ? Result<u64>(u64(0)) : Result<u64>(words.error());
    i32 pid = TRY(capability_pid(header));
    if (pid < 0)
        return Errno::EINVAL;
    if (pid != 0 && pid != thread.process().pid() && pid != thread.tid())
        return Errno::ESRCH;
    Credentials c = thread.process().credentials();
    linux_cap_user_data out[2] {};
    for (u32 i = 0; i < 2; ++i) {
        out[i].effective = u32(c.cap_effective >> (32 * i));
        out[i].permitted = u32(c.cap_permitted >> (32 * i));
        out[i].inheritable = u32(c.cap_inheritable >> (32 * i));
    }
    TRY(copy_out_array(data, out, words.value()));
    return u64(0);
}

// Implements capset(2) for the calling thread, with Linux's rules: the new permitted set
// within the old, effective within permitted, inheritable within the old inheritable
// plus the bounding set (and plus permitted unless CAP_SETPCAP).
Result<u64> sys_capset(Thread& thread, UserPtr<linux_cap_user_header> header, UserPtr<const linux_cap_user_data> data)
{
    u32 words = TRY(capability_words(header));
    i32 pid = TRY(capability_pid(header));
    if (pid != 0 && pid != thread.process().pid() && pid != thread.tid())
        return Errno::EPERM;
    linux_cap_user_data in[2] {};
    TRY(copy_in_array(data, in, words));
    u64 effective = (in[0].effective | u64(in[1].effective) << 32) & CAP_VALID_MASK;
    u64 permitted = (in[0].permitted | u64(in[1].permitted) << 32) & CAP_VALID_MASK;
    u64 inheritable = (in[0].inheritable | u64(in[1].inheritable) << 32) & CAP_VALID_MASK;
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    Credentials& c = process.credentials();
    if (!c.capable(CAP_SETPCAP) && !subset(inheritable, c.cap_inheritable | c.cap_permitted))
        return Errno::EPERM;
    if (!subset(inheritable, c.cap_inheritable | c.cap_bounding))
        return Errno::EPERM;
    if (!subset(permitted, c.cap_permitted) || !subset(effective, permitted))
        return Errno::EPERM;
    c.cap_effective = effective;
    c.cap_permitted = permitted;
    c.cap_inheritable = inheritable;
    return u64(0);
}

// Implements personality(2): the persona is recorded and reported; 0xffffffff queries.
// FIXME: no persona flag changes behaviour yet (ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC).
Result<u64> sys_personality(Thread& thread, u32 persona)
{
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    u32 old = process.personality();
    if (persona != PERSONALITY_QUERY)
        process.set_personality(persona);
    return u64(old);
}
