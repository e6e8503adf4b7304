// File status: stat, fstat, lstat, newfstatat and statx.

#include "kernel/base/Memory.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"

namespace {

constexpr int STATX__RESERVED = int(0x80000000);
constexpr int AT_STATX_FORCE_SYNC = 0x2000;
constexpr int AT_STATX_DONT_SYNC = 0x4000;

// A stat's walk follows a final link unless AT_SYMLINK_NOFOLLOW, and keeps what a fresh
// lookup of the final name learned, which saves hostfs a second host call.
u32 stat_walk_flags(int flags) { return WALK_STAT | ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW); }

Result<u64> do_fstatat(Thread& thread, int dirfd, u64 path, UserPtr<linux_stat> buf, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return Errno::EINVAL;
    // An empty path with AT_EMPTY_PATH is fstat(dirfd), as in Linux's vfs_fstatat: the
    // open file answers, also when its name is gone.
    char first = 1;
    if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD && (path == 0 || copy_from_user(&first, path, 1).is_ok()) && (path == 0 || first == '\0')) {
        FileRef file(TRY(fd_file(thread, dirfd)));
        linux_stat st {};
        TRY(file->stat(st));
        TRY(copy_out(buf, st));
        return u64(0);
    }
    auto found = TRY(vfs_lookup_user(thread.process(), dirfd, path, stat_walk_flags(flags), flags));
    linux_stat st {};
    TRY(found.stat(st));
    TRY(copy_out(buf, st));
    return u64(0);
}

linux_statx_timestamp timestamp(u64 sec, u64 nsec) { return { i64(sec), u32(nsec), 0 }; }

}

// Implements stat(2).
Result<u64> sys_stat(Thread& thread, UserPtr<const char> path, UserPtr<linux_stat> buf)
{
    return do_fstatat(thread, AT_FDCWD, path.address(), buf, 0);
}

// Implements lstat(2).
Result<u64> sys_lstat(Thread& thread, UserPtr<const char> path, UserPtr<linux_stat> buf)
{
    return do_fstatat(thread, AT_FDCWD, path.address(), buf, AT_SYMLINK_NOFOLLOW);
}

// Implements fstat(2).
Result<u64> sys_fstat(Thread& thread, int fd, UserPtr<linux_stat> buf)
{
    FileRef file(TRY(fd_file(thread, fd)));
    linux_stat st {};
    TRY(file->stat(st));
    TRY(copy_out(buf, st));
    return u64(0);
}

// Implements newfstatat(2).
Result<u64> sys_newfstatat(Thread& thread, int dirfd, UserPtr<const char> path, UserPtr<linux_stat> buf, int flags)
{
    return do_fstatat(thread, dirfd, path.address(), buf, flags);
}

// Implements statx(2) from the filesystem's stat: the basic fields, the mount id, the
// birth time when asked for where the filesystem records one, and the attributes
// Linux's VFS reports for every file (a mount's root is STATX_ATTR_MOUNT_ROOT) with the
// filesystem's own.
Result<u64> sys_statx(Thread& thread, int dirfd, UserPtr<const char> path, int flags, u32 mask, UserPtr<linux_statx> buf)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
        return Errno::EINVAL;
    if ((flags & AT_STATX_SYNC_TYPE) == (AT_STATX_FORCE_SYNC | AT_STATX_DONT_SYNC))
        return Errno::EINVAL;
    if (mask & u32(STATX__RESERVED))
        return Errno::EINVAL;
    WalkResult found;
    if (path.is_null() && (flags & AT_EMPTY_PATH)) {
        // Since Linux 6.11 a null path with AT_EMPTY_PATH names dirfd itself.
        OpenFile* file = TRY(fd_file(thread, dirfd));
        if (file->path().is_null())
            found.magic_file = file;
        else {
            found.path = file->path();
            file->unref();
        }
    } else {
        found = TRY(vfs_lookup_user(thread.process(), dirfd, path.address(), stat_walk_flags(flags), flags));
    }
    linux_stat st {};
    TRY(found.stat(st));
    linux_statx stx;
    mem_zero(&stx, sizeof(stx));
    stx.stx_mask = STATX_BASIC_STATS;
    stx.stx_blksize = u32(st.st_blksize);
    stx.stx_nlink = u32(st.st_nlink);
    stx.stx_uid = st.st_uid;
    stx.stx_gid = st.st_gid;
    stx.stx_mode = u16(st.st_mode);
    stx.stx_ino = st.st_ino;
    stx.stx_size = u64(st.st_size);
    stx.stx_blocks = u64(st.st_blocks);
    stx.stx_atime = timestamp(st.st_atime_sec, st.st_atime_nsec);
    stx.stx_mtime = timestamp(st.st_mtime_sec, st.st_mtime_nsec);
    stx.stx_ctime = timestamp(st.st_ctime_sec, st.st_ctime_nsec);
    stx.stx_rdev_major = dev_major(st.st_rdev);
    stx.stx_rdev_minor = dev_minor(st.st_rdev);
    stx.stx_dev_major = dev_major(st.st_dev);
    stx.stx_dev_minor = dev_minor(st.st_dev);
    if (!found.path.is_null()) {
        stx.stx_attributes_mask = STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX;
        if (found.path.dentry == found.path.mount->root())
            stx.stx_attributes |= STATX_ATTR_MOUNT_ROOT;
        found.path.inode().statx_attributes(stx.stx_attributes, stx.stx_attributes_mask);
        stx.stx_mask |= STATX_MNT_ID;
        stx.stx_mnt_id = found.path.mount->id();
        // Filesystems that record a creation time (memfs) report it when asked, as tmpfs
        // and ext4 do.
        linux_timespec btime {};
        if ((mask & STATX_BTIME) && found.path.inode().birth_time(btime)) {
            stx.stx_mask |= STATX_BTIME;
            stx.stx_btime = timestamp(u64(btime.tv_sec), u64(btime.tv_nsec));
        }
    }
    TRY(copy_out(buf, stx));
    return u64(0);
}
