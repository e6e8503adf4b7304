#pragma once

// memfs: Cell's tmpfs. Every object lives in the arena, so the whole tree, file data
// included, is shared by all sandbox processes and vanishes with the sandbox. File data
// is kept in arena pages, allocated on first write (absent pages read as zeros).
//
// Lock order: one lock per memfs instance guards the names, attributes and data of all
// its inodes (renames across directories then need no ordering). It is taken after any
// OpenFile lock and the dentry cache lock, and before the arena's lock.

#include "kernel/abi/Time.h"
#include "kernel/base/Atomic.h"
#include "kernel/base/Mutex.h"
#include "kernel/base/Result.h"
#include "kernel/vfs/FileSystem.h"

class MemInode;
struct InodeCreation;

class MemFs final : public FileSystem {
public:
    // `size_limit` is in bytes (0 for the default, half of the host's memory as Linux's
    // tmpfs); `root_mode` is the root directory's permission bits (tmpfs' mode= option).
    static Result<MemFs*> create(u64 size_limit, u32 root_mode);
    Inode* root_inode() override;
    i64 magic() const override { return TMPFS_MAGIC; }

    Mutex& lock() { return m_lock; }
    u64 allocate_ino() { return m_next_ino.fetch_add(1); }
    // Makes a new inode of this filesystem with one reference, or ENOSPC/ENOMEM.
    Result<MemInode*> make_inode(const InodeCreation& creation);
    void inode_freed() { m_inodes.fetch_sub(1); }

    // tmpfs remount's size= (0: no limit); EINVAL below the pages already in use.
    Result<void> resize(u64 size_limit);
    // Accounts data pages against the size limit; ENOSPC past it.
    Result<void> charge_pages(u64 count);
    void uncharge_pages(u64 count) { m_used_pages.fetch_sub(count); }
    // Pages that may still be charged before the size limit.
    u64 free_pages() const
    {
        u64 used = m_used_pages.load();
        u64 limit = __atomic_load_n(&m_limit_pages, __ATOMIC_RELAXED);
        return used < limit ? limit - used : 0;
    }

    void fill_statfs(linux_statfs& st) const;

private:
    MemFs(u64 dev, u64 limit_pages)
        : FileSystem("tmpfs", dev, false, true)
        , m_limit_pages(limit_pages)
    {
    }
    friend class Arena;

    Mutex m_lock;
    MemInode* m_root { nullptr };
    u64 m_limit_pages;
    u64 m_limit_inodes { 0 };
    Atomic<u64> m_used_pages { 0 };
    Atomic<u64> m_inodes { 0 };
    Atomic<u64> m_next_ino { 1 };
};

// The current time for timestamps.
linux_timespec memfs_now();
