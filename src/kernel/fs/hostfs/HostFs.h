#pragma once

// hostfs: a host directory as a filesystem. For now the host's "/" is mounted read-only
// as the sandbox root.
//
// Every host access is relative to the mount's root dirfd through openat2 with
// RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS: the VFS walk resolves
// symlinks itself, so a host symlink (or one swapped in by a racing host process) can
// never lead outside the granted directory.

#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Inode.h"

class HostFs final : public FileSystem {
public:
    // Opens `host_root` and makes a filesystem of it.
    static Result<HostFs*> create(const char* host_root, bool read_only);

    Inode* root_inode() override;
    int root_handle() const { return m_root_handle; }

    // Opens `relative` (a path below the root, "." for the root itself) on the host.
    // Returns a host fd private to this process.
    Result<int> open_beneath(const char* relative, int flags);

private:
    HostFs(u64 dev, bool read_only, int root_handle)
        : FileSystem("hostfs", dev, read_only, true)
        , m_root_handle(root_handle)
    {
    }
    friend class Arena;

    int m_root_handle;
    Inode* m_root { nullptr };
};

// Host owners the sandbox's user namespace cannot map appear as the overflow id
// (65534). The sandbox's root owns the granted tree, so they are reported as root.
// FIXME: a real owner map (and owners the guest sets) arrive with writable hostfs.
void hostfs_present_owner(linux_stat& st);

class HostInode final : public Inode {
public:
    // Takes ownership of `relative`, an arena string of `length` + 1 bytes.
    HostInode(HostFs& fs, u64 ino, u32 mode, char* relative, usize length)
        : Inode(fs, ino, mode)
        , m_relative(relative)
        , m_length(length)
    {
    }
    ~HostInode() override;

    Result<Inode*> lookup(StringView name) override;
    Result<usize> readlink(char* buffer, usize capacity) override;
    Result<void> stat(linux_stat& st) override;
    Result<void> statfs(linux_statfs& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;

    static Result<HostInode*> make(HostFs& fs, StringView relative);

private:
    HostFs& host_fs() const { return static_cast<HostFs&>(fs()); }
    char* m_relative;
    usize m_length;
};
