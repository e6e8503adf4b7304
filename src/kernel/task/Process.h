#pragma once

// A guest process (thread group). Lives in the arena.

#include "kernel/abi/Signal.h"
#include "kernel/base/Mutex.h"
#include "kernel/task/Credentials.h"
#include "kernel/task/Rlimits.h"

class AddressSpace;
class FdTable;
class FsContext;
class Thread;

class Process {
public:
    explicit Process(int pid)
        : m_pid(pid)
        , m_pgid(pid)
        , m_sid(pid)
    {
    }

    int pid() const { return m_pid; }
    int ppid() const { return m_ppid; }
    void set_ppid(int ppid) { m_ppid = ppid; }
    int pgid() const { return m_pgid; }
    int sid() const { return m_sid; }
    void set_pgid(int pgid) { m_pgid = pgid; }
    void set_sid(int sid) { m_sid = sid; }

    // Guards the small per-process state below that threads of the process change:
    // credentials, rlimits, signal actions and pending signals, the prctl flags.
    // Lock order: a leaf apart from Arena::m_lock.
    Mutex& lock() { return m_lock; }

    Credentials& credentials() { return m_credentials; }
    Rlimits& rlimits() { return m_rlimits; }

    AddressSpace& address_space() { return *m_address_space; }
    void set_address_space(AddressSpace* as) { m_address_space = as; }
    FdTable& fds() { return *m_fds; }
    void set_fds(FdTable* fds) { m_fds = fds; }
    FsContext& fs() { return *m_fs; }
    void set_fs(FsContext* fs) { m_fs = fs; }

    k_sigaction& signal_action(int sig) { return m_actions[sig - 1]; }
    // Signals sent to the process that wait for a thread to unblock them.
    u64 pending_signals() const { return m_pending_signals; }
    void set_pending_signals(u64 set) { m_pending_signals = set; }

    // prctl(2) and personality(2) state that Linux keeps per process.
    int dumpable() const { return m_dumpable; }
    void set_dumpable(int value) { m_dumpable = value; }
    bool child_subreaper() const { return m_child_subreaper; }
    void set_child_subreaper(bool value) { m_child_subreaper = value; }
    // The scheduling policy (with SCHED_RESET_ON_FORK) and real-time priority the guest
    // set; the host thread keeps its own.
    int sched_policy() const { return m_sched_policy; }
    int sched_priority() const { return m_sched_priority; }
    void set_sched(int policy, int priority) { m_sched_policy = policy, m_sched_priority = priority; }
    int nice() const { return m_nice; }
    void set_nice(int value) { m_nice = value; }
    u32 personality() const { return m_personality; }
    void set_personality(u32 value) { m_personality = value; }

    // The path of the running executable, for /proc/self/exe and AT_EXECFN.
    const char* exe_path() const { return m_exe_path; }
    void set_exe_path(const char* path);
    const char* comm() const { return m_comm; }
    void set_comm(const char* name);

    // Where argv and envp strings live in guest memory, for /proc/PID/cmdline and environ.
    u64 arg_start { 0 };
    u64 arg_end { 0 };
    u64 env_start { 0 };
    u64 env_end { 0 };
    u64 auxv_start { 0 };
    u64 auxv_end { 0 };

private:
    int m_pid;
    int m_ppid { 0 };
    int m_pgid;
    int m_sid;
    Credentials m_credentials;
    Rlimits m_rlimits;
    AddressSpace* m_address_space { nullptr };
    FdTable* m_fds { nullptr };
    FsContext* m_fs { nullptr };
    Mutex m_lock;
    k_sigaction m_actions[NSIG] {};
    u64 m_pending_signals { 0 };
    int m_dumpable { 1 };
    bool m_child_subreaper { false };
    u32 m_personality { 0 };
    int m_nice { 0 };
    int m_sched_policy { 0 };
    int m_sched_priority { 0 };
    char m_exe_path[4096] {};
    char m_comm[16] {};
};
