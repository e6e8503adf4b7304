#pragma once

// overlay: Linux's overlayfs without its mount options. A read-only lower filesystem
// (the host's "/", a --root directory or a --image archive) under a writable memfs
// upper. Reads of an object that was never changed go straight to the lower object;
// the first change copies it (and its parent directories) up. Removed lower names are
// hidden by whiteouts in the upper (character devices 0/0, as Linux stores them), and a
// directory made where a lower one was removed is opaque (trusted.overlay.opaque = "y").
// Neither is ever shown to the guest.
//
// Lock order: the overlay's lock guards the tree of overlay inodes (their upper and
// lower objects, names, parents and cached children) and serializes every change; it is
// taken before the locks of the upper and lower filesystems, and the dentry cache never
// calls into the overlay while holding its own lock.

#include "kernel/base/Mutex.h"
#include "kernel/base/Result.h"
#include "kernel/vfs/FileSystem.h"

class MemFs;
class OverlayInode;

// statfs(2) f_type of Linux's overlayfs.
constexpr i64 OVERLAYFS_SUPER_MAGIC = 0x794c7630;

class OverlayFs final : public FileSystem {
public:
    // Takes a reference to each root inode. `lower` must be a directory.
    static Result<OverlayFs*> create(FileSystem& lower, MemFs& upper);

    Inode* root_inode() override;
    i64 magic() const override { return OVERLAYFS_SUPER_MAGIC; }

    Mutex& lock() { return m_lock; }
    MemFs& upper_fs() const { return m_upper; }
    FileSystem& lower_fs() const { return m_lower; }

private:
    OverlayFs(u64 dev, FileSystem& lower, MemFs& upper)
        : FileSystem("overlay", dev, false, true)
        , m_lower(lower)
        , m_upper(upper)
    {
    }
    friend class Arena;

    Mutex m_lock;
    FileSystem& m_lower;
    MemFs& m_upper;
    OverlayInode* m_root { nullptr };
};
