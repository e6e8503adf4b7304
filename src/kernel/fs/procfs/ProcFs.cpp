#include "kernel/fs/procfs/ProcFs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/entry/EntryState.h"
#include "kernel/fs/procfs/ProcSnapshot.h"
#include "kernel/fs/sysfs/CpuSet.h"
#include "kernel/task/FdTable.h"
#include "kernel/task/FsContext.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "kernel/vfs/OpenFile.h"
#include "kernel/vfs/PathWalk.h"
#include "platform/Platform.h"

namespace {

// One named entry of a procfs directory. Entries of PidDir marked `process_only` are
// left out of task/[tid]/, as Linux leaves task/ itself out.
struct ProcEntry {
    ProcKind parent;
    const char* name;
    ProcKind kind;
    u32 mode;
    bool process_only;
};

constexpr ProcEntry ENTRIES[] = {
    { ProcKind::Root, "self", ProcKind::Self, S_IFLNK | 0777, false },
    { ProcKind::Root, "thread-self", ProcKind::ThreadSelf, S_IFLNK | 0777, false },
    { ProcKind::Root, "cpuinfo", ProcKind::CpuInfo, S_IFREG | 0444, false },
    { ProcKind::Root, "filesystems", ProcKind::FileSystems, S_IFREG | 0444, false },
    { ProcKind::Root, "loadavg", ProcKind::LoadAvg, S_IFREG | 0444, false },
    { ProcKind::Root, "meminfo", ProcKind::MemInfo, S_IFREG | 0444, false },
    { ProcKind::Root, "mounts", ProcKind::MountsLink, S_IFLNK | 0777, false },
    { ProcKind::Root, "stat", ProcKind::SysStat, S_IFREG | 0444, false },
    { ProcKind::Root, "sys", ProcKind::SysDir, S_IFDIR | 0555, false },
    { ProcKind::Root, "uptime", ProcKind::Uptime, S_IFREG | 0444, false },
    { ProcKind::Root, "version", ProcKind::Version, S_IFREG | 0444, false },
    { ProcKind::SysDir, "fs", ProcKind::SysFsDir, S_IFDIR | 0555, false },
    { ProcKind::SysDir, "kernel", ProcKind::SysKernelDir, S_IFDIR | 0555, false },
    { ProcKind::SysDir, "vm", ProcKind::SysVmDir, S_IFDIR | 0555, false },
    { ProcKind::SysKernelDir, "cap_last_cap", ProcKind::CapLastCap, S_IFREG | 0444, false },
    { ProcKind::SysKernelDir, "hostname", ProcKind::Hostname, S_IFREG | 0644, false },
    { ProcKind::SysKernelDir, "ngroups_max", ProcKind::NgroupsMax, S_IFREG | 0444, false },
    { ProcKind::SysKernelDir, "osrelease", ProcKind::OsRelease, S_IFREG | 0444, false },
    { ProcKind::SysKernelDir, "ostype", ProcKind::OsType, S_IFREG | 0444, false },
    { ProcKind::SysKernelDir, "pid_max", ProcKind::PidMax, S_IFREG | 0644, false },
    { ProcKind::SysKernelDir, "random", ProcKind::SysKernelRandomDir, S_IFDIR | 0555, false },
    { ProcKind::SysKernelDir, "threads-max", ProcKind::ThreadsMax, S_IFREG | 0644, false },
    { ProcKind::SysKernelRandomDir, "boot_id", ProcKind::BootId, S_IFREG | 0444, false },
    { ProcKind::SysKernelRandomDir, "entropy_avail", ProcKind::EntropyAvail, S_IFREG | 0444, false },
    { ProcKind::SysKernelRandomDir, "uuid", ProcKind::Uuid, S_IFREG | 0444, false },
    { ProcKind::SysVmDir, "max_map_count", ProcKind::MaxMapCount, S_IFREG | 0644, false },
    { ProcKind::SysVmDir, "overcommit_memory", ProcKind::OvercommitMemory, S_IFREG | 0644, false },
    { ProcKind::SysFsDir, "file-max", ProcKind::FileMax, S_IFREG | 0644, false },
    { ProcKind::SysFsDir, "nr_open", ProcKind::NrOpen, S_IFREG | 0644, false },
    { ProcKind::SysFsDir, "pipe-max-size", ProcKind::PipeMaxSize, S_IFREG | 0644, false },
    { ProcKind::PidDir, "auxv", ProcKind::Auxv, S_IFREG | 0400, false },
    { ProcKind::PidDir, "cmdline", ProcKind::Cmdline, S_IFREG | 0444, false },
    { ProcKind::PidDir, "comm", ProcKind::Comm, S_IFREG | 0644, false },
    { ProcKind::PidDir, "cwd", ProcKind::Cwd, S_IFLNK | 0777, false },
    { ProcKind::PidDir, "environ", ProcKind::Environ, S_IFREG | 0400, false },
    { ProcKind::PidDir, "exe", ProcKind::Exe, S_IFLNK | 0777, false },
    { ProcKind::PidDir, "fd", ProcKind::FdDir, S_IFDIR | 0500, false },
    { ProcKind::PidDir, "fdinfo", ProcKind::FdInfoDir, S_IFDIR | 0500, false },
    { ProcKind::PidDir, "limits", ProcKind::Limits, S_IFREG | 0444, false },
    { ProcKind::PidDir, "maps", ProcKind::Maps, S_IFREG | 0444, false },
    { ProcKind::PidDir, "mountinfo", ProcKind::MountInfo, S_IFREG | 0444, false },
    { ProcKind::PidDir, "mounts", ProcKind::Mounts, S_IFREG | 0444, false },
    { ProcKind::PidDir, "root", ProcKind::RootLink, S_IFLNK | 0777, false },
    { ProcKind::PidDir, "stat", ProcKind::Stat, S_IFREG | 0444, false },
    { ProcKind::PidDir, "statm", ProcKind::Statm, S_IFREG | 0444, false },
    { ProcKind::PidDir, "status", ProcKind::Status, S_IFREG | 0444, false },
    { ProcKind::PidDir, "task", ProcKind::TaskDir, S_IFDIR | 0555, true },
};

Thread& current_thread() { return *current_entry().thread; }
Process& current_process() { return current_thread().process(); }

bool parse_number(StringView s, int& out)
{
    if (s.empty() || s.size() > 9 || (s[0] == '0' && s.size() > 1))
        return false;
    int v = 0;
    for (usize i = 0; i < s.size(); ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

// Inode numbers: the pid in the high half, then the kind, a bit for task/[tid]/ and the
// fd, so that every name has its own number as on Linux.
u64 inode_number(ProcKind kind, int pid, int tid, int fd)
{
    if (kind == ProcKind::Root)
        return 1;
    return (u64(u32(pid)) << 32) | (u64(kind) << 24) | (tid ? u64(1) << 23 : 0) | u64(fd + 1);
}

Result<Inode*> make_inode(FileSystem& fs, ProcKind kind, int pid, int tid, int fd, u32 mode)
{
    auto* inode = make_ref_counted<ProcInode>(fs, kind, pid, tid, fd, mode);
    if (!inode)
        return Errno::ENOMEM;
    return static_cast<Inode*>(inode);
}

// The directory whose entry table a directory uses: task/[tid]/ shares [pid]/'s.
ProcKind table_kind(ProcKind kind) { return kind == ProcKind::TidDir ? ProcKind::PidDir : kind; }

bool entry_visible(const ProcEntry& e, ProcKind dir)
{
    return e.parent == table_kind(dir) && !(dir == ProcKind::TidDir && e.process_only);
}

Result<usize> copy_text(const char* text, char* buffer, usize capacity)
{
    usize n = cstr_length(text);
    if (n > capacity)
        n = capacity;
    mem_copy(buffer, text, n);
    return n;
}

// How much text a file may need: cpuinfo grows with the CPU count.
usize snapshot_capacity(ProcKind kind)
{
    if (kind == ProcKind::CpuInfo)
        return PROC_SNAPSHOT_MAX + usize(online_cpus().count()) * 4096;
    return PROC_SNAPSHOT_MAX;
}

}

Result<ProcFs*> ProcFs::create()
{
    auto* fs = arena().make<ProcFs>(allocate_anonymous_dev());
    if (!fs)
        return Errno::ENOMEM;
    fs->m_root = make_ref_counted<ProcInode>(*fs, ProcKind::Root, 0, 0, -1, S_IFDIR | 0555);
    if (!fs->m_root)
        return Errno::ENOMEM;
    // A random (version 4) UUID, the form Linux's boot_id has.
    u8 id[16] {};
    (void)platform::getrandom(id, sizeof(id), 0);
    id[6] = u8((id[6] & 0x0f) | 0x40);
    id[8] = u8((id[8] & 0x3f) | 0x80);
    format(fs->m_boot_id, sizeof(fs->m_boot_id), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", id[0], id[1],
        id[2], id[3], id[4], id[5], id[6], id[7], id[8], id[9], id[10], id[11], id[12], id[13], id[14], id[15]);
    linux_timespec now {};
    (void)platform::clock_gettime(CLOCK_BOOTTIME, &now);
    fs->m_boot_ticks = u64(now.tv_sec) * 100 + u64(now.tv_nsec) / 10000000;
    return fs;
}

Inode* ProcFs::root_inode()
{
    m_root->ref();
    return m_root;
}

ProcInode::ProcInode(FileSystem& fs, ProcKind kind, int pid, int tid, int fd, u32 mode)
    : Inode(fs, inode_number(kind, pid, tid, fd), mode)
    , m_kind(kind)
    , m_pid(pid)
    , m_tid(tid)
    , m_fd(fd)
{
}

bool ProcInode::is_per_process() const { return m_pid != 0; }

// FIXME: only the calling process (and its calling thread) is visible until the process
// table lands; another process's files would also need its memory for cmdline and environ.
Result<Process*> ProcInode::process() const
{
    Process& self = current_process();
    if (self.pid() != m_pid)
        return Errno::ENOENT;
    if (m_tid && m_tid != current_thread().tid())
        return Errno::ENOENT;
    return &self;
}

Result<Inode*> ProcInode::lookup(StringView name)
{
    if (is_per_process())
        TRY(process());
    for (const auto& e : ENTRIES) {
        if (entry_visible(e, m_kind) && name == e.name) {
            bool per_process = m_kind == ProcKind::PidDir || m_kind == ProcKind::TidDir;
            return make_inode(fs(), e.kind, per_process ? m_pid : 0, per_process ? m_tid : 0, -1, e.mode);
        }
    }
    int number = 0;
    switch (m_kind) {
    case ProcKind::Root:
        if (!parse_number(name, number) || number != current_process().pid())
            return Errno::ENOENT;
        return make_inode(fs(), ProcKind::PidDir, number, 0, -1, S_IFDIR | 0555);
    case ProcKind::TaskDir:
        if (!parse_number(name, number) || number != current_thread().tid())
            return Errno::ENOENT;
        return make_inode(fs(), ProcKind::TidDir, m_pid, number, -1, S_IFDIR | 0555);
    case ProcKind::FdDir:
    case ProcKind::FdInfoDir: {
        Process* p = TRY(process());
        if (!parse_number(name, number))
            return Errno::ENOENT;
        auto found = p->fds().get(number);
        if (found.is_error())
            return Errno::ENOENT;
        OpenFile* file = found.value();
        // Linux's fd links: r for reading, w for writing, x for either.
        u32 mode = S_IFLNK | (file->readable() ? 0500 : 0) | (file->writable() ? 0300 : 0);
        file->unref();
        if (m_kind == ProcKind::FdInfoDir)
            mode = S_IFREG | 0444;
        return make_inode(fs(), m_kind == ProcKind::FdDir ? ProcKind::FdLink : ProcKind::FdInfo, m_pid, m_tid, number, mode);
    }
    default:
        return Inode::lookup(name);
    }
}

Result<usize> ProcInode::readlink(char* buffer, usize capacity)
{
    char text[48];
    switch (m_kind) {
    case ProcKind::Self:
        format(text, sizeof(text), "%d", current_process().pid());
        return copy_text(text, buffer, capacity);
    case ProcKind::ThreadSelf:
        format(text, sizeof(text), "%d/task/%d", current_process().pid(), current_thread().tid());
        return copy_text(text, buffer, capacity);
    case ProcKind::MountsLink:
        return copy_text("self/mounts", buffer, capacity);
    case ProcKind::Exe: {
        // Linux shows the executable's canonical path; the loader recorded the name the
        // program was started by, so resolve it again (falling back to the name).
        Process* p = TRY(process());
        Path root = p->fs().root();
        Path cwd = p->fs().cwd();
        auto found = path_walk(root, cwd, p->exe_path(), WALK_FOLLOW);
        if (found.is_error() || found.value().magic_file)
            return copy_text(p->exe_path(), buffer, capacity);
        return path_to_string(root, found.value().path, buffer, capacity);
    }
    case ProcKind::Cwd:
    case ProcKind::RootLink: {
        Process* p = TRY(process());
        Path root = p->fs().root();
        Path target = m_kind == ProcKind::Cwd ? p->fs().cwd() : root;
        return path_to_string(root, target, buffer, capacity);
    }
    case ProcKind::FdLink: {
        OpenFile* file = TRY(magic_target());
        auto n = file->describe(buffer, capacity);
        file->unref();
        return n;
    }
    default:
        return Errno::EINVAL;
    }
}

Result<OpenFile*> ProcInode::magic_target()
{
    if (m_kind != ProcKind::FdLink)
        return Errno::EINVAL;
    auto file = TRY(process())->fds().get(m_fd);
    if (file.is_error())
        return Errno::ENOENT;
    return file.value();
}

Result<void> ProcInode::stat(linux_stat& st)
{
    mem_zero(&st, sizeof(st));
    if (is_per_process()) {
        // Linux gives a process's files its effective ids.
        Process* p = TRY(process());
        MutexLocker locker(p->lock());
        st.st_uid = p->credentials().euid;
        st.st_gid = p->credentials().egid;
    }
    linux_timespec now {};
    (void)platform::clock_gettime(CLOCK_REALTIME, &now);
    st.st_dev = fs().dev();
    st.st_ino = ino();
    st.st_mode = mode();
    st.st_nlink = is_directory() ? 2 : 1;
    st.st_blksize = 1024;
    st.st_atime_sec = st.st_mtime_sec = st.st_ctime_sec = u64(now.tv_sec);
    st.st_atime_nsec = st.st_mtime_nsec = st.st_ctime_nsec = u64(now.tv_nsec);
    if (is_symlink())
        st.st_size = 64;
    return {};
}

// Deviation: the files Linux lets root write (comm, sysctls) are read-only here.
Result<OpenFile*> ProcInode::open(const Path& path, int flags)
{
    if ((flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH))
        return is_directory() ? Errno::EISDIR : Errno::EACCES;
    if (is_per_process())
        TRY(process());
    if (is_directory() || (flags & O_PATH)) {
        return open_plain_file(path, flags);
    }
    if (is_symlink())
        return Errno::ELOOP;
    // The content is generated once, at open, as Linux's seq_file does on first read.
    usize capacity = snapshot_capacity(m_kind);
    auto* buffer = static_cast<char*>(arena().allocate(capacity));
    if (!buffer)
        return Errno::ENOMEM;
    auto n = generate(buffer, capacity);
    if (n.is_error()) {
        arena().deallocate(buffer, capacity);
        return n.error();
    }
    auto* file = make_ref_counted<ProcSnapshot>(path, flags, buffer, n.value(), capacity);
    if (!file) {
        arena().deallocate(buffer, capacity);
        return Errno::ENOMEM;
    }
    return static_cast<OpenFile*>(file);
}

Result<usize> ProcInode::generate(char* buffer, usize capacity)
{
    if (!is_per_process())
        return proc_generate_system_file(static_cast<const ProcFs&>(fs()), m_kind, buffer, capacity);
    Process* p = TRY(process());
    return proc_generate_pid_file(static_cast<const ProcFs&>(fs()), m_kind, *p, m_tid, m_fd, buffer, capacity);
}

Result<bool> ProcInode::list_fds(u64 index, DirEntryInfo& entry, ProcKind kind)
{
    // The index counts open fds in order; a listing is as consistent as Linux's.
    Process* p = TRY(process());
    u64 seen = 0;
    int found = -1;
    p->fds().for_each([&](int fd, OpenFile*) {
        if (found < 0 && seen++ == index)
            found = fd;
    });
    if (found < 0)
        return false;
    entry.ino = inode_number(kind, m_pid, m_tid, found);
    entry.type = kind == ProcKind::FdLink ? DT_LNK : DT_REG;
    format(entry.name, sizeof(entry.name), "%d", found);
    return true;
}

Result<bool> ProcInode::list_entry(u64 index, DirEntryInfo& entry)
{
    if (is_per_process())
        TRY(process());
    if (m_kind == ProcKind::FdDir)
        return list_fds(index, entry, ProcKind::FdLink);
    if (m_kind == ProcKind::FdInfoDir)
        return list_fds(index, entry, ProcKind::FdInfo);
    u64 seen = 0;
    bool per_process = m_kind == ProcKind::PidDir || m_kind == ProcKind::TidDir;
    for (const auto& e : ENTRIES) {
        if (!entry_visible(e, m_kind) || seen++ != index)
            continue;
        entry.ino = inode_number(e.kind, per_process ? m_pid : 0, per_process ? m_tid : 0, -1);
        entry.type = dirent_type_of(e.mode);
        format(entry.name, sizeof(entry.name), "%s", e.name);
        return true;
    }
    // After the named entries, as Linux lists them: the processes, or the threads.
    if (m_kind == ProcKind::Root && index == seen) {
        int pid = current_process().pid();
        entry.ino = inode_number(ProcKind::PidDir, pid, 0, -1);
        entry.type = DT_DIR;
        format(entry.name, sizeof(entry.name), "%d", pid);
        return true;
    }
    if (m_kind == ProcKind::TaskDir && index == seen) {
        int tid = current_thread().tid();
        entry.ino = inode_number(ProcKind::TidDir, m_pid, tid, -1);
        entry.type = DT_DIR;
        format(entry.name, sizeof(entry.name), "%d", tid);
        return true;
    }
    return false;
}
