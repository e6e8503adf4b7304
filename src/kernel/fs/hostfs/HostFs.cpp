#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostDirFds.h"
#include "kernel/fs/hostfs/HostFile.h"
#include "kernel/fs/hostfs/HostHandles.h"
#include "kernel/fs/hostfs/HostOwners.h"
#include "kernel/fs/hostfs/HostReadFds.h"
#include "kernel/vfs/Dentry.h"
#include "platform/Platform.h"

namespace {

constexpr u64 BENEATH = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS;

constexpr u32 OVERFLOW_ID = 65534;

Result<void> fstat_fd(HostFs& fs, int fd, linux_stat& st)
{
    TRY(platform::fstatat(fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    fs.present(st);
    return {};
}

// Opens the directory that holds the host file `path` and returns its last component in
// `name`, for a filesystem that is a single file.
Result<int> open_parent_of(const char* path, StringView& name)
{
    StringView whole(path);
    usize slash = whole.size();
    for (usize i = 0; i < whole.size(); ++i) {
        if (whole[i] == '/')
            slash = i;
    }
    if (slash == whole.size() || slash + 1 == whole.size())
        return Errno::EINVAL;
    name = whole.substr(slash + 1);
    char parent[PATH_MAX];
    if (slash + 1 >= sizeof(parent))
        return Errno::ENAMETOOLONG;
    usize n = slash == 0 ? 1 : slash;
    mem_copy(parent, path, n);
    parent[n] = '\0';
    return platform::openat(AT_FDCWD, parent, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
}

}

HostFd::~HostFd() { (void)platform::close(fd); }

void hostfs_present_owner(linux_stat& st)
{
    if (st.st_uid == OVERFLOW_ID)
        st.st_uid = 0;
    if (st.st_gid == OVERFLOW_ID)
        st.st_gid = 0;
}

void HostFs::present(linux_stat& st)
{
    hostfs_present_owner(st);
    m_owners.apply(st);
}

Result<HostFs*> HostFs::create(const char* host_path, HostSharing sharing)
{
    int fd = TRY(platform::openat(AT_FDCWD, host_path, O_PATH | O_CLOEXEC, 0));
    linux_stat st {};
    auto stated = platform::fstatat(fd, "", &st, AT_EMPTY_PATH);
    StringView root_name(".");
    if (stated.is_ok() && (st.st_mode & S_IFMT) != S_IFDIR) {
        (void)platform::close(fd);
        auto parent = open_parent_of(host_path, root_name);
        if (parent.is_error())
            return parent.error();
        fd = parent.value();
    } else if (stated.is_error()) {
        (void)platform::close(fd);
        return stated.error();
    }
    return create_at(fd, root_name == "." ? StringView() : root_name, sharing);
}

Result<HostFs*> HostFs::create_at(int fd, StringView file_name, HostSharing sharing)
{
    StringView root_name = file_name.empty() ? StringView(".") : file_name;
    auto handle = host_handles::install(fd);
    if (handle.is_error()) {
        (void)platform::close(fd);
        return handle.error();
    }
    auto* fs = arena().make<HostFs>(allocate_anonymous_dev(), sharing, handle.value());
    if (!fs) {
        host_handles::release(handle.value());
        return Errno::ENOMEM;
    }
    auto root = HostInode::make(*fs, nullptr, root_name);
    if (root.is_error()) {
        host_handles::release(handle.value());
        arena().destroy(fs);
        return root.error();
    }
    fs->m_root = root.value();
    return fs;
}

Inode* HostFs::root_inode()
{
    m_root->ref();
    return m_root;
}

Result<int> HostFs::open_beneath(const char* relative, int flags, u32 mode)
{
    int root = host_handles::host_fd(m_root_handle);
    if (root < 0)
        return Errno::EIO;
    return platform::openat2(root, relative, u64(flags | O_CLOEXEC | O_NOFOLLOW), mode, BENEATH);
}

HostInode::HostInode(HostFs& fs, u64 host_dev, u64 ino, u32 mode, HostInode* parent, char* name, usize length)
    : Inode(fs, ino, mode)
    , m_host_dev(host_dev)
    , m_parent(parent)
    , m_name(name)
    , m_length(length)
    , m_serial(fs.next_serial())
{
    if (parent)
        parent->ref();
}

HostInode::~HostInode()
{
    if (is_unnamed())
        forget_unnamed();
    if (is_directory())
        host_dir_fds().forget(&host_fs(), m_serial);
    else if ((mode() & S_IFMT) == S_IFREG)
        host_read_fds().forget(&host_fs(), m_serial);
    {
        MutexLocker locker(host_fs().tree_lock());
        detach();
    }
    arena().destroy(m_absent);
    if (m_link_target)
        arena().free_string(m_link_target, m_link_length);
    arena().free_string(m_name, m_length);
    unref_if(m_parent);
}

void HostInode::attach(HostInode& parent)
{
    m_next_sibling = parent.m_first_child;
    parent.m_first_child = this;
}

void HostInode::detach()
{
    if (!m_parent)
        return;
    for (HostInode** link = &m_parent->m_first_child; *link; link = &(*link)->m_next_sibling) {
        if (*link == this) {
            *link = m_next_sibling;
            break;
        }
    }
    m_next_sibling = nullptr;
}

Result<HostInode*> HostInode::make(HostFs& fs, HostInode* parent, StringView name, LookupStat* learned)
{
    linux_stat st {};
    if (parent) {
        // One component, never "." or "..", fstatat'ed without following a symlink
        // relative to the parent directory's fd: nothing outside that directory is named.
        if (name.empty() || name.size() > NAME_MAX || name == "." || name == ".." || name.find('/') != name.size())
            return Errno::ENOENT;
        char text[NAME_MAX + 1];
        mem_copy(text, name.data(), name.size());
        text[name.size()] = '\0';
        HostDirPin dir;
        TRY(parent->pin_dir(dir));
        TRY(platform::fstatat(dir.pin.fd, text, &st, AT_SYMLINK_NOFOLLOW));
        fs.present(st);
    } else {
        if (name.size() >= PATH_MAX)
            return Errno::ENAMETOOLONG;
        char path[PATH_MAX];
        mem_copy(path, name.data(), name.size());
        path[name.size()] = '\0';
        HostFd fd { TRY(fs.open_beneath(path, O_PATH)) };
        TRY(fstat_fd(fs, fd.fd, st));
    }
    char* copy = arena().copy_string(name);
    if (!copy)
        return Errno::ENOMEM;
    auto* inode = make_ref_counted<HostInode>(fs, st.st_dev, st.st_ino, st.st_mode, parent, copy, name.size());
    if (!inode) {
        arena().free_string(copy, name.size());
        return Errno::ENOMEM;
    }
    if (fs.is_exclusive())
        inode->m_attributes = st;
    if (parent) {
        MutexLocker locker(fs.tree_lock());
        inode->attach(*parent);
    }
    if (learned) {
        learned->st = st;
        learned->valid = true;
    }
    return inode;
}

Result<usize> HostInode::host_path(char* buffer, usize capacity)
{
    MutexLocker locker(host_fs().tree_lock());
    usize pos = capacity - 1;
    buffer[pos] = '\0';
    for (HostInode* at = this;;) {
        if (at->m_removed)
            return Errno::ENOENT;
        if (at->m_length + 1 > pos)
            return Errno::ENAMETOOLONG;
        pos -= at->m_length;
        mem_copy(buffer + pos, at->m_name, at->m_length);
        HostInode* up = at->m_parent;
        // The root directory is "." itself; its children's paths do not start with it.
        if (!up || (!up->m_parent && up->m_length == 1 && up->m_name[0] == '.'))
            break;
        buffer[--pos] = '/';
        at = up;
    }
    usize length = capacity - 1 - pos;
    mem_move(buffer, buffer + pos, length + 1);
    return length;
}

Result<void> HostInode::pin_dir(HostDirPin& dir, int depth)
{
    if (!m_parent) {
        // The root directory is the mount's own fd; a root that is a file has no directory.
        if (!(m_length == 1 && m_name[0] == '.'))
            return Errno::ENOTDIR;
        int root = host_handles::host_fd(host_fs().root_handle());
        if (root < 0)
            return Errno::EIO;
        dir.pin = { root, HOST_FD_BORROWED };
        return {};
    }
    {
        MutexLocker locker(host_fs().tree_lock());
        if (m_removed)
            return Errno::ENOENT;
    }
    dir.pin = host_dir_fds().find(&host_fs(), m_serial);
    if (dir.pin.fd >= 0)
        return {};
    // A miss walks the whole path once, beneath the root and crossing no symlink. A path
    // too long for one host call (Linux allows any depth through relative names) opens
    // this one component beneath the parent's pinned fd instead, as open_host does.
    char path[PATH_MAX];
    int fd;
    if (host_path(path, sizeof(path)).is_ok()) {
        fd = TRY(host_fs().open_beneath(path, O_PATH | O_DIRECTORY));
    } else {
        if (depth >= MAX_PIN_DEPTH)
            return Errno::ENAMETOOLONG;
        char name[NAME_MAX + 1];
        HostDirPin parent_dir;
        TRY(pin_parent(parent_dir, name, depth + 1));
        fd = TRY(platform::openat(parent_dir.pin.fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0));
    }
    dir.pin = host_dir_fds().insert(&host_fs(), m_serial, fd);
    return {};
}

Result<void> HostInode::pin_parent(HostDirPin& dir, char (&name)[NAME_MAX + 1], int depth)
{
    HostInode* parent;
    {
        MutexLocker locker(host_fs().tree_lock());
        if (m_removed || !m_parent)
            return Errno::ENOENT;
        if (m_length > NAME_MAX)
            return Errno::ENAMETOOLONG;
        mem_copy(name, m_name, m_length + 1);
        // A rename may move this inode meanwhile and drop the old parent's reference.
        parent = m_parent;
        parent->ref();
    }
    auto pinned = parent->pin_dir(dir, depth);
    // The pin keeps the fd open even if this was the parent's last reference.
    parent->unref();
    return pinned;
}

Result<int> HostInode::open_host(int flags)
{
    if (is_unnamed())
        return dup_unnamed();
    if (!m_parent) {
        char path[PATH_MAX];
        TRY(host_path(path, sizeof(path)));
        return host_fs().open_beneath(path, flags);
    }
    // One component (make() took no "/", "." or "..") relative to the parent's fd, with
    // O_NOFOLLOW: it names nothing outside that directory, so plain openat does, without
    // openat2's RESOLVE_BENEATH checks.
    char name[NAME_MAX + 1];
    HostDirPin dir;
    TRY(pin_parent(dir, name));
    return platform::openat(dir.pin.fd, name, flags | O_CLOEXEC | O_NOFOLLOW, 0);
}

namespace {
// All hostfs mounts share one key space: two binds of one host directory reach the same
// host files, and their locks must meet as they would outside.
const char s_host_lock_domain = 0;
}

LockKey HostInode::lock_key() const { return { &s_host_lock_domain, m_host_dev, ino() }; }

Result<void> HostInode::stat(linux_stat& st)
{
    if (host_fs().is_exclusive()) {
        st = m_attributes;
        return {};
    }
    // The common case is one host call, as a native stat is.
    if (m_parent && !is_unnamed()) {
        char name[NAME_MAX + 1];
        HostDirPin dir;
        TRY(pin_parent(dir, name));
        TRY(platform::fstatat(dir.pin.fd, name, &st, AT_SYMLINK_NOFOLLOW));
        host_fs().present(st);
        return {};
    }
    HostFd fd { TRY(open_host(O_PATH)) };
    return fstat_fd(host_fs(), fd.fd, st);
}

Result<void> HostInode::statfs(linux_statfs& st)
{
    HostFd fd { TRY(open_host(O_PATH)) };
    return platform::fstatfs(fd.fd, &st);
}

Result<OpenFile*> HostInode::open(const Path& path, int flags)
{
    if (flags & O_PATH)
        return HostFile::create_path_only(path, flags);
    bool wants_write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
    if (wants_write && (is_directory()))
        return Errno::EISDIR;
    if (wants_write && fs().read_only())
        return Errno::EROFS;
    // FIFOs and devices on the host are not a channel into the sandbox. A socket cannot
    // be opened on Linux either.
    u32 type = mode() & S_IFMT;
    if (type == S_IFSOCK)
        return Errno::ENXIO;
    if (type == S_IFCHR || type == S_IFBLK)
        return open_device(path, flags);
    if (type != S_IFREG && type != S_IFDIR)
        return Errno::EACCES;
    if (type == S_IFREG && !wants_write && !(flags & (O_DIRECTORY | O_NOATIME)) && !is_unnamed())
        return open_shared(path, flags);
    // The host description is opened with the guest's access mode so that writes and
    // fsync reach the host file; the offset and O_APPEND stay the kernel's. O_NOATIME
    // (checked against the guest's ownership already) reaches the host where the host
    // allows it (open_host_as_owner).
    int host_flags = (flags & (O_ACCMODE | O_DIRECTORY | O_TRUNC | O_NOATIME)) | O_NONBLOCK;
    // The set-id bits of a file opened for writing: the host drops them on O_TRUNC and
    // on every write, the kernel keeps them (see HostFile::keep_setid_bits).
    u32 setid_mode = 0;
    if (wants_write) {
        linux_stat st {};
        TRY(stat(st));
        if (st.st_mode & (S_ISUID | S_ISGID))
            setid_mode = st.st_mode & 07777;
    }
    int fd = TRY(open_host_as_owner(host_flags));
    OpenFile* file = TRY(HostFile::create(path, flags, fd));
    if (setid_mode) {
        auto* host_file = static_cast<HostFile*>(file);
        host_file->keep_setid_bits(setid_mode);
        if (flags & O_TRUNC)
            host_file->restore_setid_bits();
    }
    return file;
}

// A read-only open of a regular file: through the fd this host process already holds
// for the inode when it has one, with no host call (HostReadFds.h).
Result<OpenFile*> HostInode::open_shared(const Path& path, int flags)
{
    HostFdPin pin = host_read_fds().find(&host_fs(), m_serial);
    if (pin.fd < 0) {
        int fd = TRY(open_host_as_owner(O_RDONLY | O_NONBLOCK));
        pin = host_read_fds().insert(&host_fs(), m_serial, fd);
    }
    return HostFile::create_shared(path, flags, pin);
}

// The VFS has already checked the guest's access (or the file was just created by
// O_CREAT, which opens it whatever its mode). The host checks again as the sandbox's
// host uid, which owns what the sandbox created but holds no capability over it, so it
// refuses where Linux lets root, or the creator, in: GNU tar creates its placeholders
// with mode 0 and opens them for writing. For a file that uid owns, the owner's bits are
// widened for the moment of the open, then put back; for any other file the host's
// EACCES stands.
Result<int> HostInode::open_host_as_owner(int flags)
{
    auto opened = open_host(flags);
    // The host takes O_NOATIME only from the file's owner: without it, the open goes on.
    if (opened.is_error() && opened.error() == Errno::EPERM && (flags & O_NOATIME))
        return open_host_as_owner(flags & ~O_NOATIME);
    if (opened.is_ok() || opened.error() != Errno::EACCES)
        return opened;
    HostFd file { TRY(open_host(O_PATH)) };
    linux_stat st {};
    TRY(platform::fstatat(file.fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    u32 mode = st.st_mode & 07777;
    u32 wanted = mode | ((flags & O_ACCMODE) != O_WRONLY ? 0400 : 0) | ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) ? 0200 : 0);
    if (wanted == mode || set_host_mode(file.fd, wanted).is_error())
        return Errno::EACCES;
    auto fd = open_host(flags);
    (void)set_host_mode(file.fd, mode);
    return fd;
}

// Changes the mode of the host file `fd` (an O_PATH fd) names.
Result<void> set_host_mode(int fd, u32 mode)
{
    auto changed = platform::fchmodat2(fd, "", mode, AT_EMPTY_PATH);
    if (changed.is_error() && changed.error() == Errno::ENOSYS) {
        char proc[64];
        format(proc, sizeof(proc), "/proc/self/fd/%d", fd);
        changed = platform::fchmodat(AT_FDCWD, proc, mode);
    }
    return changed;
}
