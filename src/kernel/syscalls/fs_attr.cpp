// Changing what a file is rather than what it holds: chmod, chown and timestamps in all
// their forms, and fallocate. The permission rules are Linux's setattr_prepare and
// chown_ok; each filesystem applies the change through Inode::setattr.

#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Time.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"
#include "kernel/vfs/VfsChange.h"
#include "platform/Platform.h"

namespace {

constexpr i64 UTIME_NOW = (1l << 30) - 1;
constexpr i64 UTIME_OMIT = (1l << 30) - 2;
constexpr int FALLOC_FL_KNOWN = 0x01 | 0x02 | 0x04 | 0x08 | 0x10 | 0x20 | 0x40;

// What a path or fd names, held for the call.
Result<Path> target_of(Thread& thread, int dirfd, UserPtr<const char> path, bool follow, int at_flags)
{
    auto found = TRY(vfs_lookup_user(thread.process(), dirfd, path.address(), follow ? WALK_FOLLOW : 0, at_flags));
    if (found.path.is_null())
        return Errno::EPERM; // FIXME: objects with no name in the tree (host stdio).
    return static_cast<Path&&>(found.path);
}

Result<Path> target_of_fd(Thread& thread, int fd)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    if (file->path().is_null())
        return Errno::EPERM;
    return file->path();
}

Result<u64> do_chmod(Thread& thread, const Path& path, u32 mode)
{
    if (path.mount->read_only())
        return Errno::EROFS;
    const Credentials& cred = thread.process().credentials();
    linux_stat st {};
    TRY(path.inode().stat(st));
    // Linux 6.6 and later refuse to change a symbolic link's mode in every filesystem.
    if ((st.st_mode & S_IFMT) == S_IFLNK)
        return Errno::EOPNOTSUPP;
    if (!vfs_owner_or_capable(cred, st))
        return Errno::EPERM;
    InodeAttr attr;
    attr.valid = ATTR_MODE | ATTR_CTIME;
    attr.mode = mode & 07777;
    if (!cred.in_group(st.st_gid) && !cred.capable(CAP_FSETID))
        attr.mode &= ~S_ISGID;
    TRY(path.inode().setattr(attr));
    return u64(0);
}

Result<u64> do_chown(Thread& thread, const Path& path, u32 uid, u32 gid)
{
    if (path.mount->read_only())
        return Errno::EROFS;
    const Credentials& cred = thread.process().credentials();
    linux_stat st {};
    TRY(path.inode().stat(st));
    InodeAttr attr;
    attr.valid = ATTR_CTIME;
    if (uid != u32(-1)) {
        // chown_ok: only CAP_CHOWN gives a file away; the owner may "change" to itself.
        if (!cred.capable(CAP_CHOWN) && !(cred.fsuid == st.st_uid && uid == st.st_uid))
            return Errno::EPERM;
        attr.valid |= ATTR_UID;
        attr.uid = uid;
    }
    if (gid != u32(-1)) {
        bool owner_may = cred.fsuid == st.st_uid && (gid == st.st_gid || cred.in_group(gid));
        if (!cred.capable(CAP_CHOWN) && !owner_may)
            return Errno::EPERM;
        attr.valid |= ATTR_GID;
        attr.gid = gid;
    }
    if ((st.st_mode & S_IFMT) != S_IFDIR)
        attr.valid |= ATTR_KILL_SUID;
    TRY(path.inode().setattr(attr));
    return u64(0);
}

// Applies utimensat's times; `times` null means both now.
Result<u64> do_utimes(Thread& thread, const Path& path, const linux_timespec* times)
{
    if (path.mount->read_only())
        return Errno::EROFS;
    const Credentials& cred = thread.process().credentials();
    linux_stat st {};
    TRY(path.inode().stat(st));
    // Only both times now (or none given) is the "touch" that write permission allows;
    // one omitted and one now is an explicit change, for the owner alone.
    bool only_now = !times || (times[0].tv_nsec == UTIME_NOW && times[1].tv_nsec == UTIME_NOW);
    if (!vfs_owner_or_capable(cred, st)) {
        // Setting the current time needs only write permission; anything else, ownership.
        if (!only_now)
            return Errno::EPERM;
        TRY(vfs_permission(cred, path.inode(), MAY_WRITE));
    }
    linux_timespec now = {};
    (void)platform::clock_gettime(CLOCK_REALTIME, &now);
    InodeAttr attr;
    attr.valid = ATTR_CTIME;
    for (int i = 0; i < 2; ++i) {
        i64 nsec = times ? times[i].tv_nsec : UTIME_NOW;
        if (nsec == UTIME_OMIT)
            continue;
        linux_timespec value = nsec == UTIME_NOW ? now : times[i];
        attr.valid |= i == 0 ? ATTR_ATIME : ATTR_MTIME;
        (i == 0 ? attr.atime : attr.mtime) = value;
    }
    TRY(path.inode().setattr(attr));
    return u64(0);
}

bool valid_nsec(i64 nsec) { return (nsec >= 0 && nsec < 1000000000) || nsec == UTIME_NOW || nsec == UTIME_OMIT; }

// Reads utimes' two timevals as timespecs; null stays null.
Result<bool> read_timevals(UserPtr<const linux_timeval> user, linux_timespec* times)
{
    if (user.is_null())
        return false;
    linux_timeval tv[2];
    TRY(copy_from_user(tv, user.address(), sizeof(tv)));
    for (int i = 0; i < 2; ++i) {
        if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
            return Errno::EINVAL;
        times[i].tv_sec = tv[i].tv_sec;
        times[i].tv_nsec = tv[i].tv_usec * 1000;
    }
    return true;
}

Result<u64> do_futimesat(Thread& thread, int dirfd, UserPtr<const char> path, UserPtr<const linux_timeval> user_times)
{
    linux_timespec times[2];
    bool given = TRY(read_timevals(user_times, times));
    Path target = TRY(target_of(thread, dirfd, path, true, 0));
    return do_utimes(thread, target, given ? times : nullptr);
}

}

// Implements chmod(2).
Result<u64> sys_chmod(Thread& thread, UserPtr<const char> path, u32 mode)
{
    Path target = TRY(target_of(thread, AT_FDCWD, path, true, 0));
    return do_chmod(thread, target, mode);
}

// Implements fchmod(2).
Result<u64> sys_fchmod(Thread& thread, int fd, u32 mode)
{
    Path target = TRY(target_of_fd(thread, fd));
    return do_chmod(thread, target, mode);
}

// Implements fchmodat(2), which has no flags argument in the kernel.
Result<u64> sys_fchmodat(Thread& thread, int dirfd, UserPtr<const char> path, u32 mode)
{
    Path target = TRY(target_of(thread, dirfd, path, true, 0));
    return do_chmod(thread, target, mode);
}

// Implements fchmodat2(2): fchmodat with AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH.
Result<u64> sys_fchmodat2(Thread& thread, int dirfd, UserPtr<const char> path, u32 mode, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return Errno::EINVAL;
    Path target = TRY(target_of(thread, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags & AT_EMPTY_PATH));
    return do_chmod(thread, target, mode);
}

// Implements chown(2).
Result<u64> sys_chown(Thread& thread, UserPtr<const char> path, u32 uid, u32 gid)
{
    Path target = TRY(target_of(thread, AT_FDCWD, path, true, 0));
    return do_chown(thread, target, uid, gid);
}

// Implements lchown(2).
Result<u64> sys_lchown(Thread& thread, UserPtr<const char> path, u32 uid, u32 gid)
{
    Path target = TRY(target_of(thread, AT_FDCWD, path, false, 0));
    return do_chown(thread, target, uid, gid);
}

// Implements fchown(2).
Result<u64> sys_fchown(Thread& thread, int fd, u32 uid, u32 gid)
{
    Path target = TRY(target_of_fd(thread, fd));
    return do_chown(thread, target, uid, gid);
}

// Implements fchownat(2).
Result<u64> sys_fchownat(Thread& thread, int dirfd, UserPtr<const char> path, u32 uid, u32 gid, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return Errno::EINVAL;
    Path target = TRY(target_of(thread, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags));
    return do_chown(thread, target, uid, gid);
}

// Implements utimensat(2), and futimens as the form with a null path.
Result<u64> sys_utimensat(Thread& thread, int dirfd, UserPtr<const char> path, UserPtr<const linux_timespec> user_times,
    int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return Errno::EINVAL;
    linux_timespec times[2];
    bool given = !user_times.is_null();
    if (given) {
        TRY(copy_from_user(times, user_times.address(), sizeof(times)));
        if (!valid_nsec(times[0].tv_nsec) || !valid_nsec(times[1].tv_nsec))
            return Errno::EINVAL;
        if (times[0].tv_nsec == UTIME_OMIT && times[1].tv_nsec == UTIME_OMIT)
            return u64(0);
    }
    Path target;
    if (path.is_null()) {
        if (flags & AT_SYMLINK_NOFOLLOW)
            return Errno::EINVAL;
        if (dirfd == AT_FDCWD)
            return Errno::EFAULT;
        target = TRY(target_of_fd(thread, dirfd));
    } else {
        target = TRY(target_of(thread, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), flags));
    }
    return do_utimes(thread, target, given ? times : nullptr);
}

// Implements utimes(2).
Result<u64> sys_utimes(Thread& thread, UserPtr<const char> path, UserPtr<const linux_timeval> times)
{
    return do_futimesat(thread, AT_FDCWD, path, times);
}

// Implements futimesat(2).
Result<u64> sys_futimesat(Thread& thread, int dirfd, UserPtr<const char> path, UserPtr<const linux_timeval> times)
{
    return do_futimesat(thread, dirfd, path, times);
}

// Implements utime(2).
Result<u64> sys_utime(Thread& thread, UserPtr<const char> path, UserPtr<const i64> user_times)
{
    linux_timespec times[2];
    if (!user_times.is_null()) {
        i64 buf[2];
        TRY(copy_from_user(buf, user_times.address(), sizeof(buf)));
        times[0] = { buf[0], 0 };
        times[1] = { buf[1], 0 };
    }
    Path target = TRY(target_of(thread, AT_FDCWD, path, true, 0));
    return do_utimes(thread, target, user_times.is_null() ? nullptr : times);
}

// Implements fallocate(2). Filesystems that cannot allocate answer EOPNOTSUPP.
Result<u64> sys_fallocate(Thread& thread, int fd, int mode, i64 offset, i64 len)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (offset < 0 || len <= 0)
        return Errno::EINVAL;
    if (mode & ~FALLOC_FL_KNOWN)
        return Errno::EOPNOTSUPP;
    if (!file->writable())
        return Errno::EBADF;
    if (file->is_stream())
        return Errno::ESPIPE;
    linux_stat st {};
    TRY(file->stat(st));
    if ((st.st_mode & S_IFMT) == S_IFDIR)
        return Errno::EISDIR;
    if ((st.st_mode & S_IFMT) == S_IFIFO)
        return Errno::ESPIPE;
    if ((st.st_mode & S_IFMT) != S_IFREG)
        return Errno::ENODEV;
    if (offset + len < 0 || offset + len < offset)
        return Errno::EFBIG;
    if (!file->path().is_null() && file->path().mount->read_only())
        return Errno::EROFS;
    TRY(file->fallocate(mode, u64(offset), u64(len)));
    file_remove_privs(thread, *file);
    return u64(0);
}
