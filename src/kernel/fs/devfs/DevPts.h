#pragma once

// /dev/pts: the host terminal the sandbox's stdio is on, under the name the host gives
// it ("/dev/pts/3" appears as /dev/pts/3), so that ttyname(3) finds it. Nodes name the
// terminal by its pts number; every operation finds the stdio fd on it again.

#include "kernel/fs/devfs/DevFs.h"

class DevPtsDir final : public Inode {
public:
    DevPtsDir(DevFs& fs, u64 ino)
        : Inode(fs, ino, S_IFDIR | 0755)
    {
    }
    Result<Inode*> lookup(StringView name) override;
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    Result<bool> list_entry(u64 index, DirEntryInfo& entry) override;
};

class DevPtsNode final : public Inode {
public:
    DevPtsNode(DevFs& fs, u32 number)
        : Inode(fs, 0x1000 + number, S_IFCHR | 0620)
        , m_number(number)
    {
    }
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;

private:
    u32 m_number;
};
