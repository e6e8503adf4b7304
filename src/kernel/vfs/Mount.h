#pragma once

// The mount table: which filesystem is mounted on which dentry of which parent mount.
// Mounts are never freed: umount unlinks a mount from the table, and a Path that still
// names it (an open file, a cwd) keeps working on an unreachable mount, as after Linux's
// lazy umount. FIXME: count a mount's users so that it can be freed.
//
// Lock order: the mount table lock is a leaf except for the arena's lock.

#include "kernel/base/Mutex.h"
#include "kernel/vfs/Dentry.h"

class FileSystem;

// Per-mount flags (Linux's MNT_*), shown in /proc/PID/mounts.
constexpr u32 MNT_READONLY = 1;
constexpr u32 MNT_NOSUID = 2;
constexpr u32 MNT_NODEV = 4;
constexpr u32 MNT_NOEXEC = 8;
constexpr u32 MNT_NOATIME = 16;
constexpr u32 MNT_NODIRATIME = 32;
constexpr u32 MNT_STRICTATIME = 64;
constexpr u32 MNT_NOSYMFOLLOW = 128;
// The sandbox's own read-only mounts (the root, read-only binds) cannot be made
// writable, as mounts a Linux container inherits.
constexpr u32 MNT_LOCK_READONLY = 1u << 16;
// The sandbox's own mounts (the root, /proc, /tmp, the command line's binds) cannot be
// unmounted or moved, and a non-recursive bind may not copy a tree they sit in, so that
// nothing they cover comes to light: Linux's MNT_LOCKED for mounts a container inherits.
constexpr u32 MNT_LOCKED = 1u << 17;
constexpr u32 MNT_LOCK_FLAGS = MNT_LOCK_READONLY | MNT_LOCKED;
constexpr usize MOUNT_OPTIONS_MAX = 64;
// Mounts in the table at most (Linux's fs.mount-max, smaller): ENOSPC beyond. It also
// bounds the recursion in for_each() and in recursive binds.
constexpr u32 MOUNT_MAX = 1000;

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
    u32 flags() const { return __atomic_load_n(&m_flags, __ATOMIC_RELAXED); }
    bool read_only() const { return flags() & MNT_READONLY; }
    // statfs's f_flags as Linux's calculate_f_flags() makes them: ST_VALID, this mount's
    // flags, and what the filesystem says of itself in `fs_flags` (read-only,
    // synchronous, mandatory locks).
    i64 statfs_flags(i64 fs_flags) const;
    // Filesystem options to show after the flags ("size=1024k,mode=755"), or "".
    const char* options() const { return m_options; }
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
    char m_options[MOUNT_OPTIONS_MAX] {};
};

class MountTable {
public:
    // Mounts `fs` as the root of the tree; the table must be empty.
    Result<Mount*> mount_root(FileSystem& fs, u32 flags);
    // Mounts `fs` on `where`: a directory root on a directory, a file root on a
    // non-directory (ENOTDIR otherwise). A mount the sandbox makes itself, so it comes
    // MNT_LOCKED, and MNT_READONLY comes locked too.
    Result<Mount*> mount(const Path& where, FileSystem& fs, u32 flags);
    // Mounts `fs` on `where` (as above) with filesystem `options` text for
    // /proc/PID/mounts; mount(2) of a new filesystem.
    Result<Mount*> mount(const Path& where, FileSystem& fs, u32 flags, StringView options);
    // Makes `source` visible at `where` as well (MS_BIND), with the source mount's flags;
    // with `recursive` (MS_REC) the mounts beneath `source` are bound along. Without it,
    // EINVAL when a locked mount sits beneath `source`.
    Result<Mount*> bind(const Path& where, const Path& source, bool recursive);
    // Takes `m` out of the tree. EBUSY while mounts sit on it unless `detach`
    // (MNT_DETACH), which takes them out too; EINVAL for a locked mount.
    Result<void> umount(Mount& m, bool detach);
    // Moves `m` and what is mounted beneath it to `where` (MS_MOVE).
    Result<void> move(Mount& m, const Path& where);
    // Replaces the flags of `m` (and, with `options`, its options text) on remount; the
    // lock flags stay.
    void reconfigure(Mount& m, u32 flags, const StringView* options);
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

    // Preconditions: m_lock is held.
    Mount* attach(Mount* parent, Dentry* mountpoint, FileSystem& fs, Dentry* root, u32 flags);
    void detach(Mount& m);
    Result<void> bind_children(Mount& source, Dentry& beneath, Mount& copy, Mount* old);

    Mutex m_lock;
    Mount* m_root { nullptr };
    Mount* m_first { nullptr };
    u64 m_next_id { 21 };
    u32 m_count { 0 };
};

// The sandbox's mount table (an arena object), set once at boot before any host fork.
MountTable& mount_table();
void set_mount_table(MountTable*);
