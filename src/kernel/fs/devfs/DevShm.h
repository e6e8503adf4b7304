#pragma once

// /dev/shm: an empty directory that only serves as the mount point of the memfs the
// VFS mounts there at boot (POSIX shared memory, shm_open(3), lives in it).

#include "kernel/fs/devfs/DevFs.h"

class DevShmDir final : public Inode {
public:
    DevShmDir(DevFs& fs, u64 ino)
        : Inode(fs, ino, S_IFDIR | 01777)
    {
    }
    Result<Inode*> lookup(StringView name) override;
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    Result<bool> list_entry(u64 index, DirEntryInfo& entry) override;
};
