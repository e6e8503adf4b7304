// Creating, removing and renaming names: mkdir, mknod, unlink, rmdir, link, symlink,
// rename and their *at forms. The checks Linux makes in the VFS (errno order included)
// are here; each filesystem implements the Inode operations.

#include "kernel/abi/Fcntl.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/FsContext.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"
#include "kernel/vfs/VfsChange.h"

namespace {

using Kind = ParentAndName::Kind;

// The existing entry a final name names, or ENOENT. The caller needs search permission
// on the directory.
Result<Path> child_of(const Credentials& cred, const ParentAndName& at)
{
    TRY(vfs_permission(cred, at.parent.inode(), MAY_EXEC));
    Dentry* child = TRY(Dentry::lookup_child(*at.parent.dentry, at.last()));
    Path path(at.parent.mount, child);
    child->unref();
    return path;
}

// Whether a new object may be made at `at`: Linux's filename_create order is EEXIST,
// then ENOENT for a trailing slash on a non-directory, then EROFS and permissions.
Result<void> may_make(const Credentials& cred, const ParentAndName& at, bool directory)
{
    if (at.kind != Kind::Normal)
        return Errno::EEXIST;
    auto existing = child_of(cred, at);
    if (existing.is_ok())
        return Errno::EEXIST;
    if (existing.error() != Errno::ENOENT)
        return existing.error();
    if (at.trailing_slash && !directory)
        return Errno::ENOENT;
    return vfs_may_create(cred, at.parent);
}

Result<u64> do_mkdirat(Thread& thread, int dirfd, UserPtr<const char> user_path, u32 mode)
{
    Process& process = thread.process();
    auto at = TRY(vfs_lookup_parent_user(process, dirfd, user_path.address()));
    const Credentials& cred = process.credentials();
    TRY(may_make(cred, at, true));
    u32 masked = S_IFDIR | (mode & 01777 & ~process.fs().umask());
    InodeCreation creation = TRY(vfs_creation(cred, at.parent.inode(), masked));
    Inode* inode = TRY(at.parent.inode().mkdir(at.last(), creation));
    inode->unref();
    return u64(0);
}

Result<u64> do_mknodat(Thread& thread, int dirfd, UserPtr<const char> user_path, u32 mode, u64 dev)
{
    Process& process = thread.process();
    const Credentials& cred = process.credentials();
    u32 type = mode & S_IFMT;
    if (type == 0)
        type = S_IFREG;
    switch (type) {
    case S_IFREG:
    case S_IFIFO:
    case S_IFSOCK:
        break;
    case S_IFCHR:
    case S_IFBLK:
        // A 0:0 character device is an overlayfs whiteout, which anyone may make.
        if (!cred.capable(CAP_MKNOD) && !(type == S_IFCHR && dev == 0))
            return Errno::EPERM;
        break;
    case S_IFDIR:
        return Errno::EPERM;
    default:
        return Errno::EINVAL;
    }
    auto at = TRY(vfs_lookup_parent_user(process, dirfd, user_path.address()));
    TRY(may_make(cred, at, false));
    u32 masked = type | (mode & 07777 & ~process.fs().umask());
    InodeCreation creation = TRY(vfs_creation(cred, at.parent.inode(), masked));
    // The device number arrives in the kernel's new_encode_dev form.
    u32 dev32 = u32(dev);
    creation.rdev = (type == S_IFCHR || type == S_IFBLK) ? makedev((dev32 & 0xfff00) >> 8, (dev32 & 0xff) | ((dev32 >> 12) & 0xfff00)) : 0;
    Inode* inode = TRY(at.parent.inode().create(at.last(), creation));
    inode->unref();
    return u64(0);
}

Result<u64> do_unlinkat(Thread& thread, int dirfd, UserPtr<const char> user_path)
{
    Process& process = thread.process();
    const Credentials& cred = process.credentials();
    auto at = TRY(vfs_lookup_parent_user(process, dirfd, user_path.address()));
    if (at.kind != Kind::Normal)
        return Errno::EISDIR;
    if (at.parent.mount->read_only())
        return Errno::EROFS;
    Path victim = TRY(child_of(cred, at));
    Inode& inode = victim.inode();
    if (inode.is_directory())
        return Errno::EISDIR;
    if (at.trailing_slash)
        return Errno::ENOTDIR;
    TRY(vfs_may_delete(cred, at.parent, inode));
    if (victim.dentry->is_mountpoint())
        return Errno::EBUSY;
    TRY(at.parent.inode().unlink(at.last()));
    victim.dentry->set_unlinked();
    Dentry::drop_child(*at.parent.dentry, at.last());
    return u64(0);
}

Result<u64> do_rmdir(Thread& thread, int dirfd, UserPtr<const char> user_path)
{
    Process& process = thread.process();
    const Credentials& cred = process.credentials();
    auto at = TRY(vfs_lookup_parent_user(process, dirfd, user_path.address()));
    if (at.kind == Kind::Dot)
        return Errno::EINVAL;
    if (at.kind == Kind::DotDot)
        return Errno::ENOTEMPTY;
    if (at.kind == Kind::Root)
        return Errno::EBUSY;
    if (at.parent.mount->read_only())
        return Errno::EROFS;
    Path victim = TRY(child_of(cred, at));
    TRY(vfs_may_delete(cred, at.parent, victim.inode()));
    if (!victim.inode().is_directory())
        return Errno::ENOTDIR;
    if (victim.dentry->is_mountpoint())
        return Errno::EBUSY;
    TRY(at.parent.inode().rmdir(at.last()));
    victim.dentry->set_unlinked();
    Dentry::drop_child(*at.parent.dentry, at.last());
    return u64(0);
}

// Linux's may_linkat() with fs.protected_hardlinks set, as distributions ship it: only the
// owner (or CAP_FOWNER) may link what is not a safe source, a regular file without
// set-id powers (vfs_mode_is_setid) that the caller may read and write.
Result<void> may_link(const Credentials& cred, Inode& inode)
{
    linux_stat st {};
    TRY(inode.stat(st));
    if (vfs_owner_or_capable(cred, st))
        return {};
    bool safe = (st.st_mode & S_IFMT) == S_IFREG && !vfs_mode_is_setid(st.st_mode)
        && vfs_permission(cred, inode, MAY_READ | MAY_WRITE).is_ok();
    return safe ? Result<void> {} : Result<void>(Errno::EPERM);
}

Result<u64> do_linkat(Thread& thread, int olddirfd, UserPtr<const char> oldpath, int newdirfd, UserPtr<const char> newpath,
    int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return Errno::EINVAL;
    Process& process = thread.process();
    const Credentials& cred = process.credentials();
    // Linux allows AT_EMPTY_PATH only with CAP_DAC_READ_SEARCH.
    if ((flags & AT_EMPTY_PATH) && !cred.capable(CAP_DAC_READ_SEARCH))
        flags &= ~AT_EMPTY_PATH;
    auto old = TRY(vfs_lookup_user(process, olddirfd, oldpath.address(), (flags & AT_SYMLINK_FOLLOW) ? WALK_FOLLOW : 0, flags));
    if (old.path.is_null())
        return Errno::ENOENT;
    auto at = TRY(vfs_lookup_parent_user(process, newdirfd, newpath.address()));
    TRY(may_make(cred, at, false));
    if (at.parent.mount != old.path.mount)
        return Errno::EXDEV;
    Inode& inode = old.path.inode();
    TRY(may_link(cred, inode));
    if (inode.is_directory())
        return Errno::EPERM;
    TRY(at.parent.inode().link(at.last(), inode));
    return u64(0);
}

Result<u64> do_symlinkat(Thread& thread, UserPtr<const char> user_target, int newdirfd, UserPtr<const char> linkpath)
{
    char target[PATH_MAX];
    usize n = TRY(copy_string_from_user(user_target, target, sizeof(target)));
    if (n == 0)
        return Errno::ENOENT;
    Process& process = thread.process();
    const Credentials& cred = process.credentials();
    auto at = TRY(vfs_lookup_parent_user(process, newdirfd, linkpath.address()));
    TRY(may_make(cred, at, false));
    InodeCreation creation = TRY(vfs_creation(cred, at.parent.inode(), S_IFLNK | 0777));
    Inode* inode = TRY(at.parent.inode().symlink(at.last(), StringView(target, n), creation));
    inode->unref();
    return u64(0);
}

Result<u64> do_renameat2(Thread& thread, int olddirfd, UserPtr<const char> oldpath, int newdirfd, UserPtr<const char> newpath,
    u32 flags)
{
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
        return Errno::EINVAL;
    if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
        return Errno::EINVAL;
    Process& process = thread.process();
    const Credentials& cred = process.credentials();
    if ((flags & RENAME_WHITEOUT) && !cred.capable(CAP_MKNOD))
        return Errno::EPERM;
    bool exchange = flags & RENAME_EXCHANGE;
    auto from = TRY(vfs_lookup_parent_user(process, olddirfd, oldpath.address()));
    auto to = TRY(vfs_lookup_parent_user(process, newdirfd, newpath.address()));
    if (from.parent.mount != to.parent.mount)
        return Errno::EXDEV;
    if (from.kind != Kind::Normal)
        return Errno::EBUSY;
    if (to.kind != Kind::Normal)
        return (flags & RENAME_NOREPLACE) ? Errno::EEXIST : Errno::EBUSY;
    if (from.parent.mount->read_only())
        return Errno::EROFS;
    if (flags & RENAME_WHITEOUT)
        return Errno::EINVAL; // FIXME: whiteouts arrive with the overlay root.
    Path source = TRY(child_of(cred, from));
    Path target;
    auto existing = child_of(cred, to);
    if (existing.is_ok())
        target = static_cast<Path&&>(existing.value());
    else if (existing.error() != Errno::ENOENT)
        return existing.error();
    if (exchange && target.is_null())
        return Errno::ENOENT;
    if ((flags & RENAME_NOREPLACE) && !target.is_null())
        return Errno::EEXIST;
    bool source_dir = source.inode().is_directory();
    bool target_dir = !target.is_null() && target.inode().is_directory();
    if (!source_dir && (from.trailing_slash || (to.trailing_slash && !exchange)))
        return Errno::ENOTDIR;
    if (exchange && !target_dir && to.trailing_slash)
        return Errno::ENOTDIR;
    // Two names of one inode: Linux does nothing and succeeds.
    if (!target.is_null() && &source.inode() == &target.inode())
        return u64(0);
    TRY(vfs_may_delete(cred, from.parent, source.inode()));
    if (target.is_null())
        TRY(vfs_may_create(cred, to.parent));
    else
        TRY(vfs_may_delete(cred, to.parent, target.inode()));
    if (!target.is_null() && !exchange) {
        if (source_dir && !target_dir)
            return Errno::ENOTDIR;
        if (!source_dir && target_dir)
            return Errno::EISDIR;
    }
    // A directory cannot move under itself, nor take the place of one of its ancestors.
    if (source_dir && to.parent.dentry->is_descendant_of(*source.dentry))
        return Errno::EINVAL;
    if (exchange && target_dir && from.parent.dentry->is_descendant_of(*target.dentry))
        return Errno::EINVAL;
    if (!target.is_null() && from.parent.dentry->is_descendant_of(*target.dentry))
        return Errno::ENOTEMPTY;
    if (source.dentry->is_mountpoint() || (!target.is_null() && target.dentry->is_mountpoint()))
        return Errno::EBUSY;
    // A directory that changes parents has its ".." rewritten: Linux asks for write
    // permission on it.
    if (from.parent.dentry != to.parent.dentry) {
        if (source_dir)
            TRY(vfs_permission(cred, source.inode(), MAY_WRITE));
        if (exchange && target_dir)
            TRY(vfs_permission(cred, target.inode(), MAY_WRITE));
    }
    TRY(from.parent.inode().rename(from.last(), to.parent.inode(), to.last(), flags));
    TRY(Dentry::move_child(*from.parent.dentry, from.last(), *to.parent.dentry, to.last(), exchange));
    return u64(0);
}

}

// Implements mkdir(2).
Result<u64> sys_mkdir(Thread& thread, UserPtr<const char> path, u32 mode) { return do_mkdirat(thread, AT_FDCWD, path, mode); }

// Implements mkdirat(2).
Result<u64> sys_mkdirat(Thread& thread, int dirfd, UserPtr<const char> path, u32 mode)
{
    return do_mkdirat(thread, dirfd, path, mode);
}

// Implements mknod(2). FIFO, socket and device nodes are recorded; opening a device node
// reaches no device (FIXME).
Result<u64> sys_mknod(Thread& thread, UserPtr<const char> path, u32 mode, u64 dev)
{
    return do_mknodat(thread, AT_FDCWD, path, mode, dev);
}

// Implements mknodat(2).
Result<u64> sys_mknodat(Thread& thread, int dirfd, UserPtr<const char> path, u32 mode, u64 dev)
{
    return do_mknodat(thread, dirfd, path, mode, dev);
}

// Implements unlink(2).
Result<u64> sys_unlink(Thread& thread, UserPtr<const char> path) { return do_unlinkat(thread, AT_FDCWD, path); }

// Implements unlinkat(2).
Result<u64> sys_unlinkat(Thread& thread, int dirfd, UserPtr<const char> path, int flags)
{
    if (flags & ~AT_REMOVEDIR)
        return Errno::EINVAL;
    if (flags & AT_REMOVEDIR)
        return do_rmdir(thread, dirfd, path);
    return do_unlinkat(thread, dirfd, path);
}

// Implements rmdir(2).
Result<u64> sys_rmdir(Thread& thread, UserPtr<const char> path) { return do_rmdir(thread, AT_FDCWD, path); }

// Implements link(2).
Result<u64> sys_link(Thread& thread, UserPtr<const char> oldpath, UserPtr<const char> newpath)
{
    return do_linkat(thread, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

// Implements linkat(2).
Result<u64> sys_linkat(Thread& thread, int olddirfd, UserPtr<const char> oldpath, int newdirfd, UserPtr<const char> newpath,
    int flags)
{
    return do_linkat(thread, olddirfd, oldpath, newdirfd, newpath, flags);
}

// Implements symlink(2).
Result<u64> sys_symlink(Thread& thread, UserPtr<const char> target, UserPtr<const char> linkpath)
{
    return do_symlinkat(thread, target, AT_FDCWD, linkpath);
}

// Implements symlinkat(2).
Result<u64> sys_symlinkat(Thread& thread, UserPtr<const char> target, int newdirfd, UserPtr<const char> linkpath)
{
    return do_symlinkat(thread, target, newdirfd, linkpath);
}

// Implements rename(2).
Result<u64> sys_rename(Thread& thread, UserPtr<const char> oldpath, UserPtr<const char> newpath)
{
    return do_renameat2(thread, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

// Implements renameat(2).
Result<u64> sys_renameat(Thread& thread, int olddirfd, UserPtr<const char> oldpath, int newdirfd, UserPtr<const char> newpath)
{
    return do_renameat2(thread, olddirfd, oldpath, newdirfd, newpath, 0);
}

// Implements renameat2(2). RENAME_WHITEOUT is refused with EINVAL (no filesystem keeps
// whiteouts yet).
Result<u64> sys_renameat2(Thread& thread, int olddirfd, UserPtr<const char> oldpath, int newdirfd,
    UserPtr<const char> newpath, u32 flags)
{
    return do_renameat2(thread, olddirfd, oldpath, newdirfd, newpath, flags);
}
