#pragma once

// procfs at /proc, built from the kernel's own state: virtual pids, the guest's maps
// without the kernel's regions, the sandbox's mounts. Per process: [pid]/ and self,
// thread-self, with task/[tid]/ mirroring the per-thread files; system-wide: cpuinfo,
// meminfo, stat, uptime, loadavg, version, filesystems, mounts and a few sys/ files.
// Names here come and go with processes, so procfs does not cache dentries: every walk
// asks it again.

#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Inode.h"

class Process;

class ProcFs final : public FileSystem {
public:
    static Result<ProcFs*> create();
    Inode* root_inode() override;
    i64 magic() const override { return PROC_SUPER_MAGIC; }

    // /proc/sys/kernel/random/boot_id: chosen once, for the sandbox's lifetime.
    const char* boot_id() const { return m_boot_id; }
    // When procfs was mounted, which is when the first process started (CLOCK_BOOTTIME
    // in clock ticks), for the start time of processes that have none of their own.
    u64 boot_ticks() const { return m_boot_ticks; }
    // The processor clock in kHz as cpuinfo measured it first (0 before that), so that
    // every read in the sandbox shows the same figure.
    u64 cpu_khz() const { return __atomic_load_n(&m_cpu_khz, __ATOMIC_RELAXED); }
    void set_cpu_khz(u64 khz) const { __atomic_store_n(&m_cpu_khz, khz, __ATOMIC_RELAXED); }

private:
    ProcFs(u64 dev)
        : FileSystem("proc", dev, true, false)
    {
    }
    friend class Arena;
    Inode* m_root { nullptr };
    char m_boot_id[37] {};
    u64 m_boot_ticks { 0 };
    mutable u64 m_cpu_khz { 0 };
};

// What a procfs inode is; with the pid, tid (and fd) it determines the inode completely.
enum class ProcKind : u8 {
    Root,
    Self,
    ThreadSelf,
    PidDir,
    TaskDir,
    TidDir,
    Exe,
    Cwd,
    RootLink,
    FdDir,
    FdLink,
    FdInfoDir,
    FdInfo,
    Cmdline,
    Environ,
    Comm,
    Stat,
    Statm,
    Status,
    Limits,
    Auxv,
    Maps,
    Mounts,
    MountInfo,
    MountsLink,
    // System-wide files.
    CpuInfo,
    MemInfo,
    SysStat,
    Uptime,
    LoadAvg,
    Version,
    FileSystems,
    SysDir,
    SysKernelDir,
    SysKernelRandomDir,
    SysVmDir,
    SysFsDir,
    Hostname,
    OsRelease,
    OsType,
    PidMax,
    BootId,
    Uuid,
    CapLastCap,
    NgroupsMax,
    OvercommitMemory,
    FileMax,
    NrOpen,
    PipeMaxSize,
    MaxMapCount,
    ThreadsMax,
    EntropyAvail,
};

class ProcInode final : public Inode {
public:
    // `tid` is 0 outside task/; `fd` is -1 but for fd/N and fdinfo/N.
    ProcInode(FileSystem& fs, ProcKind kind, int pid, int tid, int fd, u32 mode);

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
    bool is_per_process() const;
    Result<usize> generate(char* buffer, usize capacity);
    Result<bool> list_fds(u64 index, DirEntryInfo& entry, ProcKind kind);

    ProcKind m_kind;
    int m_pid;
    int m_tid;
    int m_fd;
};

// Renders the per-process files (ProcPid.cpp, ProcPidStatus.cpp). `tid` is 0 for the
// process as a whole.
Result<usize> proc_generate_pid_file(const ProcFs& fs, ProcKind kind, Process& process, int tid, int fd, char* buffer,
    usize capacity);
// Renders the system-wide files (ProcSystem.cpp and ProcCpuInfo.cpp).
Result<usize> proc_generate_system_file(const ProcFs& fs, ProcKind kind, char* buffer, usize capacity);
usize proc_generate_cpuinfo(const ProcFs& fs, char* buffer, usize capacity);
