#pragma once

// The mount table: which filesystem is mounted on which dentry of which parent mount.
// Mounts are never freed (FIXME: umount arrives with issue 3's writable layers).
//
// Lock order: the mount table lock is a leaf except for the arena's lock.

#include "kernel/base/Mutex.h"
#include "kernel/vfs/Dentry.h"

class FileSystem;

constexpr u32 MNT_READONLY = 1;

class Mount {
public:
    Mount(Mount* parent, Dentry* mountpoint, FileSystem& fs, Dentry* root, u32 flags, u64 id)
        : m_parent(parent)
        , m_mountpoint(mountpoint)
        , m_fs(fs)
        , m_root(root)
        , m_flags(flags)
        , m_id(id)
    {
    }

    Mount* parent() const { return m_parent; }
    Dentry* mountpoint() const { return m_mountpoint; }
    FileSystem& fs() const { return m_fs; }
    Dentry* root() const { return m_root; }
    bool read_only() const { return m_flags & MNT_READONLY; }
    u64 id() const { return m_id; }
    Mount* next() const { return m_next; }

private:
    friend class MountTable;
    Mount* m_parent;
    Dentry* m_mountpoint;
    FileSystem& m_fs;
    Dentry* m_root;
    u32 m_flags;
    u64 m_id;
    Mount* m_next { nullptr };
};

class MountTable {
public:
    // Mounts `fs` as the root of the tree; the table must be empty.
    Result<Mount*> mount_root(FileSystem& fs, u32 flags);
    // Mounts `fs` on `where`, which must be a directory.
    Result<Mount*> mount(const Path& where, FileSystem& fs, u32 flags);
    // Returns the most recent mount on `dentry` within `parent`, or null.
    Mount* mount_on(Mount* parent, Dentry* dentry);
    Mount* root_mount() const { return m_root; }
    // Calls fn(mount) for every mount, oldest first, under the table's lock.
    template<typename Fn>
    void for_each(Fn fn)
    {
        MutexLocker locker(m_lock);
        for_each_from(m_first, fn);
    }

private:
    template<typename Fn>
    static void for_each_from(Mount* m, Fn& fn)
    {
        // The list is newest first and short; recursion gives the oldest first.
        if (!m)
            return;
        for_each_from(m->m_next, fn);
        fn(*m);
    }

    Mutex m_lock;
    Mount* m_root { nullptr };
    Mount* m_first { nullptr };
    u64 m_next_id { 21 };
};

// The sandbox's mount table (an arena object), set once at boot before any host fork.
MountTable& mount_table();
void set_mount_table(MountTable*);
