#pragma once

// A minimal procfs at /proc: self, and per process exe, cwd, root, fd/, cmdline, comm
// and maps. Issue 3 extends it. Names here come and go with processes, so procfs does
// not cache dentries: every walk asks it again.

#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Inode.h"

class Process;

class ProcFs final : public FileSystem {
public:
    static Result<ProcFs*> create();
    Inode* root_inode() override;
    i64 magic() const override { return PROC_SUPER_MAGIC; }

private:
    ProcFs(u64 dev)
        : FileSystem("proc", dev, true, false)
    {
    }
    friend class Arena;
    Inode* m_root { nullptr };
};

// What a procfs inode is; with the pid (and fd) it determines the inode completely.
enum class ProcKind : u8 {
    Root,
    Self,
    PidDir,
    Exe,
    Cwd,
    RootLink,
    FdDir,
    FdLink,
    Cmdline,
    Comm,
    Maps,
    Mounts,
    MountInfo,
    MountsLink,
};

class ProcInode final : public Inode {
public:
    ProcInode(FileSystem& fs, ProcKind kind, int pid, int fd, u32 mode);

    Result<Inode*> lookup(StringView name) override;
    Result<usize> readlink(char* buffer, usize capacity) override;
    bool is_magic_link() const override { return m_kind == ProcKind::FdLink; }
    bool counts_as_magic_link() const override
    {
        return m_kind == ProcKind::FdLink || m_kind == ProcKind::Exe || m_kind == ProcKind::Cwd || m_kind == ProcKind::RootLink;
    }
    Result<OpenFile*> magic_target() override;
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    Result<bool> list_entry(u64 index, DirEntryInfo& entry) override;

private:
    Result<Process*> process() const;
    Result<usize> generate(char* buffer, usize capacity);

    ProcKind m_kind;
    int m_pid;
    int m_fd;
};
