#pragma once

// Ownership and permission bits the host cannot store. The sandbox runs as one
// unprivileged host uid, so a chown by the sandbox's root (or a chmod of a host file that
// uid does not own) cannot reach the host; the kernel keeps such changes here, keyed by
// the host's (dev, ino), and stat reports them for the sandbox's lifetime. Each hostfs
// mount has its own table in the arena, shared by every sandbox process.

#include "kernel/abi/Stat.h"
#include "kernel/base/Mutex.h"
#include "kernel/base/Result.h"

class HostOwners {
public:
    // Records that (dev, ino) is owned by `uid`:`gid`.
    Result<void> set_owner(u64 dev, u64 ino, u32 uid, u32 gid);
    // Records the permission bits (07777) of (dev, ino); `kept` false forgets them, for
    // when the host holds the right bits again.
    Result<void> set_mode(u64 dev, u64 ino, u32 mode, bool kept);
    // Forgets (dev, ino), whose last link is gone (the host may reuse the number).
    void forget(u64 dev, u64 ino);
    // Replaces what `st` says by what was recorded for its (st_dev, st_ino).
    void apply(linux_stat& st);

private:
    struct Entry {
        u64 dev;
        u64 ino;
        bool has_owner;
        bool has_mode;
        u32 uid;
        u32 gid;
        u32 mode;
        Entry* next;
    };
    static constexpr usize BUCKETS = 256;
    // Preconditions: m_lock is held.
    Entry** find(u64 dev, u64 ino);
    Result<Entry*> find_or_add(u64 dev, u64 ino);

    Mutex m_lock;
    Atomic<u32> m_count { 0 };
    Entry* m_buckets[BUCKETS] {};
};
