#include "kernel/fs/procfs/ProcFs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/entry/EntryState.h"
#include "kernel/fs/procfs/ProcSnapshot.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/FdTable.h"
#include "kernel/task/FsContext.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/OpenFile.h"
#include "kernel/vfs/PathWalk.h"
#include "platform/Platform.h"

namespace {

struct PidEntry {
    const char* name;
    ProcKind kind;
    u32 mode;
};

constexpr PidEntry PID_ENTRIES[] = {
    { "cmdline", ProcKind::Cmdline, S_IFREG | 0444 },
    { "comm", ProcKind::Comm, S_IFREG | 0644 },
    { "cwd", ProcKind::Cwd, S_IFLNK | 0777 },
    { "exe", ProcKind::Exe, S_IFLNK | 0777 },
    { "fd", ProcKind::FdDir, S_IFDIR | 0500 },
    { "maps", ProcKind::Maps, S_IFREG | 0444 },
    { "mountinfo", ProcKind::MountInfo, S_IFREG | 0444 },
    { "mounts", ProcKind::Mounts, S_IFREG | 0444 },
    { "root", ProcKind::RootLink, S_IFLNK | 0777 },
};
constexpr u64 PID_ENTRY_COUNT = sizeof(PID_ENTRIES) / sizeof(PID_ENTRIES[0]);

Process& current_process() { return current_entry().thread->process(); }

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

Result<Inode*> make_inode(FileSystem& fs, ProcKind kind, int pid, int fd, u32 mode)
{
    auto* inode = make_ref_counted<ProcInode>(fs, kind, pid, fd, mode);
    if (!inode)
        return Errno::ENOMEM;
    return static_cast<Inode*>(inode);
}

// Renders the mount table as /proc/PID/mounts or, with `info`, as mountinfo. Mount points
// are shown relative to the reader's root.
void format_mounts(StringBuilder& sb, const Path& root, bool info)
{
    mount_table().for_each([&](Mount& m) {
        char point[PATH_MAX];
        Path where = m.parent() ? Path(m.parent(), m.mountpoint()) : Path(&m, m.root());
        auto n = path_to_string(root, where, point, sizeof(point));
        if (n.is_error())
            return;
        const char* mode = m.read_only() ? "ro" : "rw";
        const char* name = m.fs().name();
        if (info) {
            sb.appendf("%lu %lu %u:%u / %.*s %s,relatime - %s %s %s\n", m.id(), m.parent() ? m.parent()->id() : m.id(),
                dev_major(m.fs().dev()), dev_minor(m.fs().dev()), int(n.value()), point, mode, name, name, mode);
        } else {
            sb.appendf("%s %.*s %s %s,relatime 0 0\n", name, int(n.value()), point, name, mode);
        }
    });
}

Result<usize> copy_text(const char* text, char* buffer, usize capacity)
{
    usize n = cstr_length(text);
    if (n > capacity)
        n = capacity;
    mem_copy(buffer, text, n);
    return n;
}

}

Result<ProcFs*> ProcFs::create()
{
    auto* fs = arena().make<ProcFs>(allocate_anonymous_dev());
    if (!fs)
        return Errno::ENOMEM;
    fs->m_root = make_ref_counted<ProcInode>(*fs, ProcKind::Root, 0, -1, S_IFDIR | 0555);
    if (!fs->m_root)
        return Errno::ENOMEM;
    return fs;
}

Inode* ProcFs::root_inode()
{
    m_root->ref();
    return m_root;
}

ProcInode::ProcInode(FileSystem& fs, ProcKind kind, int pid, int fd, u32 mode)
    : Inode(fs, kind == ProcKind::Root ? 1 : (u64(pid) << 32) | (u64(kind) << 24) | u64(fd + 1), mode)
    , m_kind(kind)
    , m_pid(pid)
    , m_fd(fd)
{
}

// FIXME: only the calling process is visible until the process table lands.
Result<Process*> ProcInode::process() const
{
    Process& self = current_process();
    if (self.pid() != m_pid)
        return Errno::ENOENT;
    return &self;
}

Result<Inode*> ProcInode::lookup(StringView name)
{
    int number = 0;
    switch (m_kind) {
    case ProcKind::Root:
        if (name == "self")
            return make_inode(fs(), ProcKind::Self, 0, -1, S_IFLNK | 0777);
        if (name == "mounts")
            return make_inode(fs(), ProcKind::MountsLink, 0, -1, S_IFLNK | 0777);
        if (!parse_number(name, number) || number != current_process().pid())
            return Errno::ENOENT;
        return make_inode(fs(), ProcKind::PidDir, number, -1, S_IFDIR | 0555);
    case ProcKind::PidDir:
        TRY(process());
        for (const auto& e : PID_ENTRIES) {
            if (name == e.name)
                return make_inode(fs(), e.kind, m_pid, -1, e.mode);
        }
        return Errno::ENOENT;
    case ProcKind::FdDir: {
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
        return make_inode(fs(), ProcKind::FdLink, m_pid, number, mode);
    }
    default:
        return Inode::lookup(name);
    }
}

Result<usize> ProcInode::readlink(char* buffer, usize capacity)
{
    char text[32];
    switch (m_kind) {
    case ProcKind::Self:
        format(text, sizeof(text), "%d", current_process().pid());
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
    if (m_kind != ProcKind::Root && m_kind != ProcKind::Self && m_kind != ProcKind::MountsLink)
        TRY(process());
    mem_zero(&st, sizeof(st));
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

Result<OpenFile*> ProcInode::open(const Path& path, int flags)
{
    if ((flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH))
        return is_directory() ? Errno::EISDIR : Errno::EACCES;
    if (is_directory() || (flags & O_PATH)) {
        auto* file = make_ref_counted<OpenFile>(path, flags);
        if (!file)
            return Errno::ENOMEM;
        return file;
    }
    if (is_symlink())
        return Errno::ELOOP;
    // The content is generated once, at open, as Linux's seq_file does on first read.
    auto* buffer = static_cast<char*>(arena().allocate(PROC_SNAPSHOT_MAX));
    if (!buffer)
        return Errno::ENOMEM;
    auto n = generate(buffer, PROC_SNAPSHOT_MAX);
    if (n.is_error()) {
        arena().deallocate(buffer, PROC_SNAPSHOT_MAX);
        return n.error();
    }
    auto* file = make_ref_counted<ProcSnapshot>(path, flags, buffer, n.value());
    if (!file) {
        arena().deallocate(buffer, PROC_SNAPSHOT_MAX);
        return Errno::ENOMEM;
    }
    return static_cast<OpenFile*>(file);
}

Result<usize> ProcInode::generate(char* buffer, usize capacity)
{
    Process* p = TRY(process());
    switch (m_kind) {
    case ProcKind::Cmdline: {
        u64 len = p->arg_end > p->arg_start ? p->arg_end - p->arg_start : 0;
        if (len > capacity)
            len = capacity;
        if (copy_from_user(buffer, p->arg_start, len).is_error())
            return usize(0);
        return len;
    }
    case ProcKind::Comm:
        return format(buffer, capacity, "%s\n", p->comm());
    case ProcKind::Mounts:
    case ProcKind::MountInfo: {
        StringBuilder sb(buffer, capacity);
        Path root = p->fs().root();
        format_mounts(sb, root, m_kind == ProcKind::MountInfo);
        return sb.length();
    }
    case ProcKind::Maps: {
        // FIXME: a map longer than the snapshot is cut at the last whole line; seq_file
        // style chunked reads (format_maps' `from`) would lift the limit.
        StringBuilder sb(buffer, capacity);
        p->address_space().format_maps(sb);
        return sb.length();
    }
    default:
        return Errno::EINVAL;
    }
}

Result<bool> ProcInode::list_entry(u64 index, DirEntryInfo& entry)
{
    switch (m_kind) {
    case ProcKind::Root:
        if (index == 0) {
            entry.ino = 2, entry.type = DT_LNK;
            format(entry.name, sizeof(entry.name), "self");
            return true;
        }
        if (index == 2) {
            entry.ino = 3, entry.type = DT_LNK;
            format(entry.name, sizeof(entry.name), "mounts");
            return true;
        }
        if (index == 1) {
            int pid = current_process().pid();
            entry.ino = u64(pid) << 32 | (u64(ProcKind::PidDir) << 24);
            entry.type = DT_DIR;
            format(entry.name, sizeof(entry.name), "%d", pid);
            return true;
        }
        return false;
    case ProcKind::PidDir:
        if (index >= PID_ENTRY_COUNT)
            return false;
        entry.ino = (u64(m_pid) << 32) | (u64(PID_ENTRIES[index].kind) << 24);
        entry.type = dirent_type_of(PID_ENTRIES[index].mode);
        format(entry.name, sizeof(entry.name), "%s", PID_ENTRIES[index].name);
        return true;
    case ProcKind::FdDir: {
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
        entry.ino = (u64(m_pid) << 32) | (u64(ProcKind::FdLink) << 24) | u64(found + 1);
        entry.type = DT_LNK;
        format(entry.name, sizeof(entry.name), "%d", found);
        return true;
    }
    default:
        return Inode::list_entry(index, entry);
    }
}
