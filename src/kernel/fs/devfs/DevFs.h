#pragma once

// devfs at /dev: the character devices every program expects (null, zero, full, random,
// urandom, tty, console), the conventional links stdin/stdout/stderr and fd into
// /proc/self, pts/ with the host terminal the sandbox's stdio is on, and shm/ where the
// VFS mounts a memfs for POSIX shared memory.

#include "kernel/abi/Stat.h"
#include "kernel/fs/devfs/CharDevices.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Inode.h"

enum class DevKind : u8 {
    Null,
    Zero,
    Full,
    Random,
    Urandom,
    Tty,
    Console,
};

class DevFs final : public FileSystem {
public:
    static Result<DevFs*> create();
    Inode* root_inode() override;

    // The entries of the root directory, in listing order.
    static constexpr int ENTRY_COUNT = 13;
    Inode* entry(int index) const { return m_entries[index]; }
    StringView entry_name(int index) const;
    i64 created_sec() const { return m_created_sec; }

private:
    DevFs(u64 dev)
        : FileSystem("devtmpfs", dev, false, true)
    {
    }
    friend class Arena;

    Inode* m_root { nullptr };
    Inode* m_entries[ENTRY_COUNT] {};
    i64 m_created_sec { 0 };
};

class DevDir final : public Inode {
public:
    DevDir(DevFs& fs)
        : Inode(fs, 1, S_IFDIR | 0755)
    {
    }
    Result<Inode*> lookup(StringView name) override;
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    Result<bool> list_entry(u64 index, DirEntryInfo& entry) override;

private:
    DevFs& dev_fs() const { return static_cast<DevFs&>(fs()); }
};

class DevNode final : public Inode {
public:
    // The console (5:1) is its owner's alone, as udev makes it; the rest are for all.
    DevNode(DevFs& fs, u64 ino, u64 rdev)
        : Inode(fs, ino, S_IFCHR | (rdev == makedev(TTYAUX_MAJOR, 1) ? 0600 : 0666))
        , m_rdev(rdev)
    {
    }
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;

private:
    u64 m_rdev;
};

class DevSymlink final : public Inode {
public:
    DevSymlink(DevFs& fs, u64 ino, const char* target)
        : Inode(fs, ino, S_IFLNK | 0777)
        , m_target(target)
    {
    }
    Result<usize> readlink(char* buffer, usize capacity) override;
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;

private:
    const char* m_target;
};

// Fills the fields every devfs inode shares.
void devfs_fill_stat(const DevFs& fs, u64 ino, u32 mode, linux_stat& st);
