#pragma once

// A minimal sysfs at /sys: only what the usual CPU-count probes read
// (devices/system/cpu/{online,possible,present,kernel_max} and the cpuN directories),
// built from the sandbox's own CPU set, so nothing of the host's /sys shows through.
// Names depend on the CPU set, which can change under the VFS, so dentries are not cached.

#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Inode.h"

constexpr i64 SYSFS_MAGIC = 0x62656572;

class SysFs final : public FileSystem {
public:
    static Result<SysFs*> create();
    Inode* root_inode() override;
    i64 magic() const override { return SYSFS_MAGIC; }
    i64 created_sec() const { return m_created_sec; }

private:
    SysFs(u64 dev)
        : FileSystem("sysfs", dev, true, false)
    {
    }
    friend class Arena;
    Inode* m_root { nullptr };
    i64 m_created_sec { 0 };
};

// What a sysfs inode is; with the CPU number it determines the inode completely.
enum class SysKind : u8 {
    Root,
    Devices,
    System,
    Cpu,
    CpuOnline,
    CpuPossible,
    CpuPresent,
    CpuOffline,
    CpuKernelMax,
    CpuN,
    CpuNOnline,
};

class SysInode final : public Inode {
public:
    SysInode(FileSystem& fs, SysKind kind, u32 cpu, u32 mode);

    Result<Inode*> lookup(StringView name) override;
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    Result<bool> list_entry(u64 index, DirEntryInfo& entry) override;

private:
    Result<usize> generate(char* buffer, usize capacity);

    SysKind m_kind;
    u32 m_cpu;
};
