// ioctl(2): the generic requests every file answers, then the file's own.

#include "kernel/abi/Ioctl.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/VfsChange.h"

namespace {

// Linux's ioctl_setflags: the owner or CAP_FOWNER may change the flags, and changing
// append-only or immutable also takes CAP_LINUX_IMMUTABLE.
Result<void> set_attr_flags(Thread& thread, OpenFile& file, u32 flags)
{
    if (file.path().is_null())
        return Errno::ENOTTY;
    if (file.path().mount->read_only())
        return Errno::EROFS;
    linux_stat st {};
    TRY(file.stat(st));
    const Credentials& cred = thread.process().credentials();
    if (!vfs_owner_or_capable(cred, st))
        return Errno::EPERM;
    u32 old = TRY(file.fileattr_get());
    if (((old ^ flags) & (FS_APPEND_FL | FS_IMMUTABLE_FL)) && !cred.capable(CAP_LINUX_IMMUTABLE))
        return Errno::EPERM;
    return file.fileattr_set(flags);
}

}

// Implements ioctl(2). Device requests go to the file (host terminals pass TCGETS,
// TIOCGWINSZ and friends to the host); everything else is ENOTTY.
Result<u64> sys_ioctl(Thread& thread, int fd, u64 request, u64 arg)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    switch (u32(request)) {
    case FIOCLEX:
        TRY(thread.process().fds().set_cloexec(fd, true));
        return u64(0);
    case FIONCLEX:
        TRY(thread.process().fds().set_cloexec(fd, false));
        return u64(0);
    case FIONBIO: {
        int on = 0;
        TRY(copy_in(UserPtr<const int>(arg), on));
        TRY(file->set_status_flags(on ? O_NONBLOCK : 0, O_NONBLOCK));
        return u64(0);
    }
    case FIOASYNC: {
        // Linux's ioctl_fioasync(): a change needs the file's fasync method, which no
        // file here has (no SIGIO yet).
        int on = 0;
        TRY(copy_in(UserPtr<const int>(arg), on));
        if (bool(on) != bool(file->flags() & O_ASYNC))
            return Errno::ENOTTY;
        return u64(0);
    }
    case FS_IOC_GETFLAGS:
    case FS_IOC32_GETFLAGS: {
        int flags = int(TRY(file->fileattr_get()));
        TRY(copy_out(UserPtr<int>(arg), flags));
        return u64(0);
    }
    case FS_IOC_SETFLAGS:
    case FS_IOC32_SETFLAGS: {
        int flags = 0;
        TRY(copy_in(UserPtr<const int>(arg), flags));
        TRY(set_attr_flags(thread, *file, u32(flags)));
        return u64(0);
    }
    case FICLONE:
    case FICLONERANGE: {
        // No filesystem here shares blocks between files. Linux answers EXDEV across
        // mounts and EOPNOTSUPP within one.
        i64 source_fd = i64(int(arg));
        if (u32(request) == FICLONERANGE)
            TRY(copy_in(UserPtr<const i64>(arg), source_fd));
        FileRef source(TRY(fd_file(thread, int(source_fd))));
        if (source->path().is_null() || file->path().is_null() || source->path().mount != file->path().mount)
            return Errno::EXDEV;
        return Errno::EOPNOTSUPP;
    }
    case FIGETBSZ: {
        linux_stat st {};
        TRY(file->stat(st));
        int size = int(st.st_blksize);
        TRY(copy_out(UserPtr<int>(arg), size));
        return u64(0);
    }
    case FIOQSIZE: {
        linux_stat st {};
        TRY(file->stat(st));
        u32 type = st.st_mode & S_IFMT;
        if (type != S_IFREG && type != S_IFDIR && type != S_IFLNK)
            return Errno::ENOTTY;
        i64 bytes = i64(st.st_blocks) * 512;
        TRY(copy_out(UserPtr<i64>(arg), bytes));
        return u64(0);
    }
    case FS_IOC_FSGETXATTR: {
        // The attribute flags in their FS_XFLAG_* form; no extent size or project here.
        u32 flags = TRY(file->fileattr_get());
        linux_fsxattr fsx {};
        fsx.fsx_xflags = ((flags & FS_IMMUTABLE_FL) ? FS_XFLAG_IMMUTABLE : 0) | ((flags & FS_APPEND_FL) ? FS_XFLAG_APPEND : 0)
            | ((flags & FS_SYNC_FL) ? FS_XFLAG_SYNC : 0) | ((flags & FS_NOATIME_FL) ? FS_XFLAG_NOATIME : 0)
            | ((flags & FS_NODUMP_FL) ? FS_XFLAG_NODUMP : 0);
        TRY(copy_out(UserPtr<linux_fsxattr>(arg), fsx));
        return u64(0);
    }
    case FS_IOC_FSSETXATTR:
        // As tmpfs, which takes the flags only through FS_IOC_SETFLAGS.
        TRY(file->fileattr_get());
        return Errno::EOPNOTSUPP;
    case FIONREAD: {
        u64 n = TRY(file->bytes_readable());
        int value = n > 0x7fffffff ? 0x7fffffff : int(n);
        TRY(copy_out(UserPtr<int>(arg), value));
        return u64(0);
    }
    default:
        return file->ioctl(thread, request, arg);
    }
}
