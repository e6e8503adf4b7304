// The changes a writable hostfs makes on the host. Each is done by name relative to the
// parent directory's host fd, which was opened beneath the granted root; none of the host
// calls follows a symlink in its final component, so a link planted in the host directory
// is changed itself, never what it points to.

#include "kernel/abi/Fcntl.h"
#include "kernel/base/Memory.h"
#include "kernel/base/Format.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/fs/hostfs/HostOwners.h"
#include "platform/Platform.h"

namespace {

// utimensat(2)'s "leave this time alone", and the group-execute bit.
constexpr i64 OMIT_TIME = (1l << 30) - 2;
constexpr u32 GROUP_EXECUTE = 010;

// A NUL-terminated copy of one name for a host call.
struct HostName {
    char text[NAME_MAX + 1];
    explicit HostName(StringView name)
    {
        usize n = name.size() < NAME_MAX ? name.size() : NAME_MAX;
        mem_copy(text, name.data(), n);
        text[n] = '\0';
    }
};

Result<linux_stat> host_stat(int fd, const char* name)
{
    linux_stat st {};
    TRY(platform::fstatat(fd, name, &st, (name[0] ? 0 : AT_EMPTY_PATH) | AT_SYMLINK_NOFOLLOW));
    return st;
}

// Sets the permission bits of the host file `fd` (an O_PATH fd) names; where the host
// refuses (the sandbox's uid does not own it), the kernel keeps them instead.
Result<void> change_mode(HostOwners& owners, int fd, const linux_stat& st, u32 mode)
{
    auto changed = set_host_mode(fd, mode);
    if (changed.is_ok())
        return owners.set_mode(st.st_dev, st.st_ino, mode, false);
    if (changed.error() != Errno::EPERM)
        return changed.error();
    return owners.set_mode(st.st_dev, st.st_ino, mode, true);
}

// Forgets what the kernel kept for a host file whose last link is about to go.
void forget_if_last_link(HostOwners& owners, int dirfd, const char* name)
{
    auto st = host_stat(dirfd, name);
    if (st.is_ok() && (st.value().st_nlink <= 1 || (st.value().st_mode & S_IFMT) == S_IFDIR))
        owners.forget(st.value().st_dev, st.value().st_ino);
}

}

Result<Inode*> HostInode::finish_create(int dirfd, StringView name, const InodeCreation& creation)
{
    HostName host_name(name);
    // The host applies its own umask and owner: make both what the guest asked for.
    linux_stat st = TRY(host_stat(dirfd, host_name.text));
    linux_stat shown = st;
    host_fs().present(shown);
    if ((creation.mode & S_IFMT) != S_IFLNK && (st.st_mode & 07777) != (creation.mode & 07777)) {
        HostFd fd { TRY(platform::openat2(dirfd, host_name.text, O_PATH | O_NOFOLLOW | O_CLOEXEC, 0,
            RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)) };
        TRY(change_mode(host_fs().owners(), fd.fd, st, creation.mode & 07777));
    }
    if (shown.st_uid != creation.uid || shown.st_gid != creation.gid)
        TRY(host_fs().owners().set_owner(st.st_dev, st.st_ino, creation.uid, creation.gid));
    Inode* inode = TRY(make(host_fs(), this, name));
    return inode;
}

Result<Inode*> HostInode::create(StringView name, const InodeCreation& creation)
{
    if (fs().read_only())
        return Errno::EROFS;
    HostFd dir { TRY(open_host(O_PATH | O_DIRECTORY)) };
    HostName host_name(name);
    u32 type = creation.mode & S_IFMT;
    u32 perm = creation.mode & 07777;
    if (type == S_IFREG) {
        HostFd made { TRY(platform::openat2(dir.fd, host_name.text, O_CREAT | O_EXCL | O_RDONLY | O_NOFOLLOW | O_CLOEXEC, perm,
            RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)) };
    } else if (type == S_IFCHR || type == S_IFBLK) {
        // Device nodes need a privilege the sandbox's host uid lacks, which the sandbox's
        // root has: an empty regular file stands in on the host, and the kernel keeps its
        // type and number (HostOwners).
        HostFd made { TRY(platform::openat2(dir.fd, host_name.text, O_CREAT | O_EXCL | O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0,
            RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)) };
        linux_stat st {};
        auto recorded = platform::fstatat(made.fd, "", &st, AT_EMPTY_PATH);
        if (recorded.is_ok())
            recorded = host_fs().owners().set_device(st.st_dev, st.st_ino, type, creation.rdev);
        if (recorded.is_error()) {
            (void)platform::unlinkat(dir.fd, host_name.text, 0);
            return recorded.error();
        }
    } else if (type == S_IFIFO || type == S_IFSOCK) {
        TRY(platform::mknodat(dir.fd, host_name.text, creation.mode, creation.rdev));
    } else {
        return Errno::EINVAL;
    }
    return finish_create(dir.fd, name, creation);
}

Result<Inode*> HostInode::mkdir(StringView name, const InodeCreation& creation)
{
    if (fs().read_only())
        return Errno::EROFS;
    HostFd dir { TRY(open_host(O_PATH | O_DIRECTORY)) };
    HostName host_name(name);
    TRY(platform::mkdirat(dir.fd, host_name.text, creation.mode & 07777));
    return finish_create(dir.fd, name, creation);
}

Result<Inode*> HostInode::symlink(StringView name, StringView target, const InodeCreation& creation)
{
    if (fs().read_only())
        return Errno::EROFS;
    if (target.size() >= PATH_MAX)
        return Errno::ENAMETOOLONG;
    char text[PATH_MAX];
    mem_copy(text, target.data(), target.size());
    text[target.size()] = '\0';
    HostFd dir { TRY(open_host(O_PATH | O_DIRECTORY)) };
    HostName host_name(name);
    TRY(platform::symlinkat(text, dir.fd, host_name.text));
    InodeCreation link = creation;
    link.mode = S_IFLNK | 0777;
    return finish_create(dir.fd, name, link);
}

Result<void> HostInode::link(StringView name, Inode& target)
{
    if (fs().read_only())
        return Errno::EROFS;
    if (&target.fs() != &fs())
        return Errno::EXDEV;
    auto& source = static_cast<HostInode&>(target);
    if (!source.m_parent)
        return Errno::EXDEV;
    if (source.is_unnamed()) {
        HostFd dir { TRY(open_host(O_PATH | O_DIRECTORY)) };
        return source.link_unnamed(*this, dir.fd, name);
    }
    HostFd from { TRY(source.m_parent->open_host(O_PATH | O_DIRECTORY)) };
    HostFd dir { TRY(open_host(O_PATH | O_DIRECTORY)) };
    char source_name[NAME_MAX + 1];
    {
        MutexLocker locker(host_fs().tree_lock());
        if (source.m_removed)
            return Errno::ENOENT;
        format(source_name, sizeof(source_name), "%s", source.m_name);
    }
    HostName host_name(name);
    return platform::linkat(from.fd, source_name, dir.fd, host_name.text, 0);
}

Result<void> HostInode::unlink(StringView name)
{
    if (fs().read_only())
        return Errno::EROFS;
    HostFd dir { TRY(open_host(O_PATH | O_DIRECTORY)) };
    HostName host_name(name);
    forget_if_last_link(host_fs().owners(), dir.fd, host_name.text);
    TRY(platform::unlinkat(dir.fd, host_name.text, 0));
    forget_child(name);
    return {};
}

Result<void> HostInode::rmdir(StringView name)
{
    if (fs().read_only())
        return Errno::EROFS;
    HostFd dir { TRY(open_host(O_PATH | O_DIRECTORY)) };
    HostName host_name(name);
    auto st = host_stat(dir.fd, host_name.text);
    TRY(platform::unlinkat(dir.fd, host_name.text, AT_REMOVEDIR));
    if (st.is_ok())
        host_fs().owners().forget(st.value().st_dev, st.value().st_ino);
    forget_child(name);
    return {};
}

Result<void> HostInode::rename(StringView old_name, Inode& new_dir, StringView new_name, u32 flags)
{
    if (fs().read_only())
        return Errno::EROFS;
    if (&new_dir.fs() != &fs())
        return Errno::EXDEV;
    auto& target_dir = static_cast<HostInode&>(new_dir);
    HostFd from { TRY(open_host(O_PATH | O_DIRECTORY)) };
    HostFd to { TRY(target_dir.open_host(O_PATH | O_DIRECTORY)) };
    HostName old_host(old_name);
    HostName new_host(new_name);
    bool exchange = flags & RENAME_EXCHANGE;
    if (!exchange)
        forget_if_last_link(host_fs().owners(), to.fd, new_host.text);
    // The RENAME_* values are Linux's own.
    TRY(platform::renameat2(from.fd, old_host.text, to.fd, new_host.text, flags));
    move_child(old_name, target_dir, new_name, exchange);
    return {};
}

void HostInode::forget_child(StringView name)
{
    MutexLocker locker(host_fs().tree_lock());
    for (HostInode* child = m_first_child; child; child = child->m_next_sibling) {
        if (StringView(child->m_name, child->m_length) == name)
            child->m_removed = true;
    }
}

void HostInode::move_child(StringView name, HostInode& new_parent, StringView new_name, bool exchange)
{
    // Renames only change names and parents of live inodes; names are reallocated
    // outside no lock (the arena has its own), parents' references move with them.
    MutexLocker locker(host_fs().tree_lock());
    HostInode* moving[64];
    HostInode* replaced[64];
    usize moving_count = 0, replaced_count = 0;
    for (HostInode* child = m_first_child; child && moving_count < 64; child = child->m_next_sibling) {
        if (!child->m_removed && StringView(child->m_name, child->m_length) == name)
            moving[moving_count++] = child;
    }
    for (HostInode* child = new_parent.m_first_child; child && replaced_count < 64; child = child->m_next_sibling) {
        if (!child->m_removed && StringView(child->m_name, child->m_length) == new_name)
            replaced[replaced_count++] = child;
    }
    auto rename_one = [&](HostInode* inode, HostInode& parent, StringView to) {
        char* copy = arena().copy_string(to);
        if (!copy) {
            // Without memory for the new name the inode can no longer be found on the
            // host; it reads as removed rather than as some other file.
            inode->m_removed = true;
            return;
        }
        arena().free_string(inode->m_name, inode->m_length);
        inode->m_name = copy;
        inode->m_length = to.size();
        if (inode->m_parent != &parent) {
            inode->detach();
            // The reference moves: the old parent is still referenced by the caller.
            parent.ref();
            inode->m_parent->unref();
            inode->m_parent = &parent;
            inode->attach(parent);
        }
    };
    for (usize i = 0; i < replaced_count; ++i) {
        if (exchange)
            rename_one(replaced[i], *this, name);
        else
            replaced[i]->m_removed = true;
    }
    for (usize i = 0; i < moving_count; ++i)
        rename_one(moving[i], new_parent, new_name);
}

Result<void> HostInode::setattr(const InodeAttr& attr)
{
    if (fs().read_only())
        return Errno::EROFS;
    HostFd fd { TRY(open_host(O_PATH)) };
    linux_stat st = TRY(host_stat(fd.fd, ""));
    bool host_dropped_setid = false;
    if (attr.valid & ATTR_SIZE) {
        if ((st.st_mode & S_IFMT) == S_IFDIR)
            return Errno::EISDIR;
        if ((st.st_mode & S_IFMT) != S_IFREG)
            return Errno::EINVAL;
        HostFd writable { TRY(open_host_as_owner(O_WRONLY | O_NONBLOCK)) };
        TRY(platform::ftruncate(writable.fd, attr.size));
        // The host dropped the set-id bits, as for a writer without CAP_FSETID; the
        // kernel's root keeps them, so they are set again below.
        host_dropped_setid = st.st_mode & (S_ISUID | S_ISGID);
    }
    if (attr.valid & (ATTR_ATIME | ATTR_MTIME)) {
        linux_timespec times[2] = { attr.atime, attr.mtime };
        if (!(attr.valid & ATTR_ATIME))
            times[0] = { 0, OMIT_TIME };
        if (!(attr.valid & ATTR_MTIME))
            times[1] = { 0, OMIT_TIME };
        TRY(platform::utimensat(fd.fd, "", times, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    }
    linux_stat shown = st;
    host_fs().present(shown);
    if (attr.valid & (ATTR_UID | ATTR_GID)) {
        u32 uid = (attr.valid & ATTR_UID) ? attr.uid : shown.st_uid;
        u32 gid = (attr.valid & ATTR_GID) ? attr.gid : shown.st_gid;
        TRY(host_fs().owners().set_owner(st.st_dev, st.st_ino, uid, gid));
    }
    u32 mode = shown.st_mode & 07777;
    if (attr.valid & ATTR_MODE)
        mode = attr.mode & 07777;
    if (attr.valid & ATTR_KILL_SUID) {
        mode &= ~S_ISUID;
        if (mode & GROUP_EXECUTE)
            mode &= ~S_ISGID;
    }
    bool symlink = (st.st_mode & S_IFMT) == S_IFLNK;
    if (!symlink && (mode != (shown.st_mode & 07777) || host_dropped_setid))
        TRY(change_mode(host_fs().owners(), fd.fd, st, mode));
    return {};
}
