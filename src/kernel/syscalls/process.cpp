// Process identity and lifetime: exit, exit_group, the pid, process-group and session
// calls, and the credential calls (the uid/gid family and supplementary groups).
//
// FIXME: there is no process table yet, so a pid names only the calling process; any
// other pid is ESRCH, as Linux answers for a pid with no process.

#include "kernel/Kernel.h"
#include "kernel/abi/System.h"
#include "kernel/base/Memory.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {

constexpr u32 INVALID_ID = ~u32(0);

// The capabilities that follow fsuid 0 (CAP_FS_MASK): CHOWN, DAC_OVERRIDE,
// DAC_READ_SEARCH, FOWNER, FSETID, LINUX_IMMUTABLE and MAC_OVERRIDE.
constexpr u64 CAP_FS_MASK = 0x1f | (u64(1) << 9) | (u64(1) << 32);

// Returns the process `pid` names for the calling thread: 0 or its own pid.
Process* find_process(Thread& thread, int pid)
{
    if (pid == 0 || pid == thread.process().pid())
        return &thread.process();
    return nullptr;
}

// Linux's cap_emulate_setxuid(): leaving uid 0 drops capabilities, regaining euid 0
// restores the effective set from the permitted one.
void emulate_setxuid(Credentials& c, const Credentials& old)
{
    bool was_root = old.uid == 0 || old.euid == 0 || old.suid == 0;
    bool is_root = c.uid == 0 || c.euid == 0 || c.suid == 0;
    if (was_root && !is_root && !c.keep_caps) {
        c.cap_permitted = 0;
        c.cap_effective = 0;
    }
    if (old.euid == 0 && c.euid != 0)
        c.cap_effective = 0;
    if (old.euid != 0 && c.euid == 0)
        c.cap_effective = c.cap_permitted;
}

// Linux's fsuid fixup: leaving fsuid 0 drops the filesystem capabilities from the
// effective set, and regaining it raises them again where permitted.
void emulate_setfsuid(Credentials& c, u32 old_fsuid)
{
    if (old_fsuid == 0 && c.fsuid != 0)
        c.cap_effective &= ~CAP_FS_MASK;
    if (old_fsuid != 0 && c.fsuid == 0)
        c.cap_effective |= c.cap_permitted & CAP_FS_MASK;
}

// One id triple (real, effective, saved) plus the filesystem id, for the shared logic of
// the uid and gid calls.
struct IdSet {
    u32* real;
    u32* effective;
    u32* saved;
    u32* fs;
};

IdSet uid_set(Credentials& c) { return { &c.uid, &c.euid, &c.suid, &c.fsuid }; }
IdSet gid_set(Credentials& c) { return { &c.gid, &c.egid, &c.sgid, &c.fsgid }; }

// Implements setuid(2)/setgid(2) on `ids`.
Result<void> set_id(IdSet ids, u32 id, bool privileged)
{
    if (id == INVALID_ID)
        return Errno::EINVAL;
    if (privileged)
        *ids.real = *ids.saved = id;
    else if (id != *ids.real && id != *ids.saved)
        return Errno::EPERM;
    *ids.effective = *ids.fs = id;
    return {};
}

// Implements setreuid(2)/setregid(2) on `ids`.
Result<void> set_re_id(IdSet ids, u32 real, u32 effective, bool privileged)
{
    u32 old_real = *ids.real;
    u32 old_effective = *ids.effective;
    if (real != INVALID_ID && real != old_real && real != old_effective && !privileged)
        return Errno::EPERM;
    if (effective != INVALID_ID && effective != old_real && effective != old_effective && effective != *ids.saved && !privileged)
        return Errno::EPERM;
    if (real != INVALID_ID)
        *ids.real = real;
    if (effective != INVALID_ID)
        *ids.effective = effective;
    if (real != INVALID_ID || (effective != INVALID_ID && effective != old_real))
        *ids.saved = *ids.effective;
    *ids.fs = *ids.effective;
    return {};
}

// Implements setresuid(2)/setresgid(2) on `ids`.
Result<void> set_res_id(IdSet ids, u32 real, u32 effective, u32 saved, bool privileged)
{
    auto is_new = [&](u32 id) { return id != INVALID_ID && id != *ids.real && id != *ids.effective && id != *ids.saved; };
    if ((is_new(real) || is_new(effective) || is_new(saved)) && !privileged)
        return Errno::EPERM;
    if (real != INVALID_ID)
        *ids.real = real;
    if (effective != INVALID_ID)
        *ids.effective = effective;
    if (saved != INVALID_ID)
        *ids.saved = saved;
    *ids.fs = *ids.effective;
    return {};
}

// Implements setfsuid(2)/setfsgid(2): returns the old id whether or not it changed.
u32 set_fs_id(IdSet ids, u32 id, bool privileged)
{
    u32 old = *ids.fs;
    if (id == INVALID_ID)
        return old;
    if (id == *ids.real || id == *ids.effective || id == *ids.saved || id == old || privileged)
        *ids.fs = id;
    return old;
}

Result<u64> get_res(UserPtr<u32> r, UserPtr<u32> e, UserPtr<u32> s, u32 real, u32 effective, u32 saved)
{
    TRY(copy_out(r, real));
    TRY(copy_out(e, effective));
    TRY(copy_out(s, saved));
    return u64(0);
}

template<typename Fn>
Result<u64> change_uids(Thread& thread, Fn fn)
{
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    Credentials& c = process.credentials();
    Credentials old = c;
    auto r = fn(uid_set(c), c.capable(CAP_SETUID));
    if (r.is_error()) {
        c = old;
        return r.error();
    }
    emulate_setxuid(c, old);
    emulate_setfsuid(c, old.fsuid);
    return u64(0);
}

template<typename Fn>
Result<u64> change_gids(Thread& thread, Fn fn)
{
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    Credentials& c = process.credentials();
    Credentials old = c;
    auto r = fn(gid_set(c), c.capable(CAP_SETGID));
    if (r.is_error()) {
        c = old;
        return r.error();
    }
    return u64(0);
}

}

// Implements exit(2). FIXME: with one thread per process for now, this ends the process.
Result<u64> sys_exit(Thread& thread, int status)
{
    return sys_exit_group(thread, status);
}

// Implements exit_group(2).
Result<u64> sys_exit_group(Thread& thread, int status)
{
    if (thread.process().pid() == 1)
        sandbox_exit(status);
    platform::exit_group(status);
}

Result<u64> sys_getpid(Thread& thread) { return u64(thread.process().pid()); }
Result<u64> sys_gettid(Thread& thread) { return u64(thread.tid()); }
Result<u64> sys_getppid(Thread& thread) { return u64(thread.process().ppid()); }

// Implements getpgrp(2).
Result<u64> sys_getpgrp(Thread& thread) { return u64(thread.process().pgid()); }

// Implements getpgid(2).
Result<u64> sys_getpgid(Thread& thread, int pid)
{
    Process* process = find_process(thread, pid);
    if (!process)
        return Errno::ESRCH;
    return u64(process->pgid());
}

// Implements getsid(2).
Result<u64> sys_getsid(Thread& thread, int pid)
{
    Process* process = find_process(thread, pid);
    if (!process)
        return Errno::ESRCH;
    return u64(process->sid());
}

// Implements setsid(2). A process-group leader may not start a session (EPERM); with a
// single process, that is the case exactly when its pgid is its pid.
Result<u64> sys_setsid(Thread& thread)
{
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    if (process.pgid() == process.pid())
        return Errno::EPERM;
    process.set_sid(process.pid());
    process.set_pgid(process.pid());
    return u64(process.pid());
}

// Implements setpgid(2). A session leader may not change its group (EPERM), and the only
// group a lone process may join is its own or its current one.
Result<u64> sys_setpgid(Thread& thread, int pid, int pgid)
{
    if (pgid < 0)
        return Errno::EINVAL;
    Process* process = find_process(thread, pid);
    if (!process)
        return Errno::ESRCH;
    if (pgid == 0)
        pgid = process->pid();
    MutexLocker locker(process->lock());
    if (process->sid() == process->pid())
        return Errno::EPERM;
    if (pgid != process->pid() && pgid != process->pgid())
        return Errno::EPERM;
    process->set_pgid(pgid);
    return u64(0);
}

Result<u64> sys_getuid(Thread& thread) { return u64(thread.process().credentials().uid); }
Result<u64> sys_geteuid(Thread& thread) { return u64(thread.process().credentials().euid); }
Result<u64> sys_getgid(Thread& thread) { return u64(thread.process().credentials().gid); }
Result<u64> sys_getegid(Thread& thread) { return u64(thread.process().credentials().egid); }

// Implements getresuid(2).
Result<u64> sys_getresuid(Thread& thread, UserPtr<u32> ruid, UserPtr<u32> euid, UserPtr<u32> suid)
{
    Credentials c = thread.process().credentials();
    return get_res(ruid, euid, suid, c.uid, c.euid, c.suid);
}

// Implements getresgid(2).
Result<u64> sys_getresgid(Thread& thread, UserPtr<u32> rgid, UserPtr<u32> egid, UserPtr<u32> sgid)
{
    Credentials c = thread.process().credentials();
    return get_res(rgid, egid, sgid, c.gid, c.egid, c.sgid);
}

// Implements setuid(2). Credentials are per process here, where Linux keeps them per
// thread and libc applies the change to every thread; the result is the same.
Result<u64> sys_setuid(Thread& thread, u32 uid)
{
    return change_uids(thread, [&](IdSet ids, bool privileged) { return set_id(ids, uid, privileged); });
}

// Implements setgid(2).
Result<u64> sys_setgid(Thread& thread, u32 gid)
{
    return change_gids(thread, [&](IdSet ids, bool privileged) { return set_id(ids, gid, privileged); });
}

// Implements setreuid(2).
Result<u64> sys_setreuid(Thread& thread, u32 ruid, u32 euid)
{
    return change_uids(thread, [&](IdSet ids, bool privileged) { return set_re_id(ids, ruid, euid, privileged); });
}

// Implements setregid(2).
Result<u64> sys_setregid(Thread& thread, u32 rgid, u32 egid)
{
    return change_gids(thread, [&](IdSet ids, bool privileged) { return set_re_id(ids, rgid, egid, privileged); });
}

// Implements setresuid(2).
Result<u64> sys_setresuid(Thread& thread, u32 ruid, u32 euid, u32 suid)
{
    return change_uids(thread, [&](IdSet ids, bool privileged) { return set_res_id(ids, ruid, euid, suid, privileged); });
}

// Implements setresgid(2).
Result<u64> sys_setresgid(Thread& thread, u32 rgid, u32 egid, u32 sgid)
{
    return change_gids(thread, [&](IdSet ids, bool privileged) { return set_res_id(ids, rgid, egid, sgid, privileged); });
}

// Implements setfsuid(2): always returns the previous fsuid.
Result<u64> sys_setfsuid(Thread& thread, u32 fsuid)
{
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    Credentials& c = process.credentials();
    u32 old = set_fs_id(uid_set(c), fsuid, c.capable(CAP_SETUID));
    emulate_setfsuid(c, old);
    return u64(old);
}

// Implements setfsgid(2): always returns the previous fsgid.
Result<u64> sys_setfsgid(Thread& thread, u32 fsgid)
{
    Process& process = thread.process();
    MutexLocker locker(process.lock());
    Credentials& c = process.credentials();
    return u64(set_fs_id(gid_set(c), fsgid, c.capable(CAP_SETGID)));
}

// Implements getgroups(2).
Result<u64> sys_getgroups(Thread& thread, int size, UserPtr<u32> list)
{
    if (size < 0)
        return Errno::EINVAL;
    Process& process = thread.process();
    u32 groups[CREDENTIALS_GROUPS_MAX];
    u32 count;
    {
        MutexLocker locker(process.lock());
        const Credentials& c = process.credentials();
        count = c.group_count;
        mem_copy(groups, c.groups, count * sizeof(u32));
    }
    if (size == 0)
        return u64(count);
    if (count > u32(size))
        return Errno::EINVAL;
    TRY(copy_out_array(list, groups, count));
    return u64(count);
}

// Implements setgroups(2). The list is kept sorted, as Linux keeps it. Deviation: at most
// CREDENTIALS_GROUPS_MAX groups (ENOMEM beyond), where Linux allows NGROUPS_MAX.
Result<u64> sys_setgroups(Thread& thread, int size, UserPtr<const u32> list)
{
    Process& process = thread.process();
    if (!process.credentials().capable(CAP_SETGID))
        return Errno::EPERM;
    if (u32(size) > NGROUPS_MAX)
        return Errno::EINVAL;
    if (u32(size) > CREDENTIALS_GROUPS_MAX)
        return Errno::ENOMEM;
    u32 groups[CREDENTIALS_GROUPS_MAX];
    TRY(copy_in_array(list, groups, usize(size)));
    for (int i = 0; i < size; ++i) {
        if (groups[i] == INVALID_ID)
            return Errno::EINVAL;
    }
    for (int i = 1; i < size; ++i) {
        u32 value = groups[i];
        int j = i;
        for (; j > 0 && groups[j - 1] > value; --j)
            groups[j] = groups[j - 1];
        groups[j] = value;
    }
    MutexLocker locker(process.lock());
    Credentials& c = process.credentials();
    mem_copy(c.groups, groups, usize(size) * sizeof(u32));
    c.group_count = u32(size);
    return u64(0);
}
