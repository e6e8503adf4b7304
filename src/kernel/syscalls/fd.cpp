// File descriptors: close, close_range, dup, dup2, dup3 and fcntl.

#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/FileLockCalls.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/vfs/FileLocks.h"
#include "kernel/vfs/VfsChange.h"

namespace {

constexpr int F_ADD_SEALS = 1033;
constexpr u32 CLOSE_RANGE_UNSHARE = 1u << 1;
constexpr u32 CLOSE_RANGE_CLOEXEC = 1u << 2;
constexpr int F_GET_SEALS = 1034;
constexpr int F_GETLEASE = 1025;
constexpr int F_SETPIPE_SZ = 1031;
constexpr int F_GETPIPE_SZ = 1032;
constexpr int F_GET_RW_HINT = 1035;
constexpr int F_SET_RW_HINT = 1036;
constexpr u64 RWH_WRITE_LIFE_EXTREME = 5;

// The status flags F_SETFL may change; the access mode and creation flags stay.
// O_ASYNC is absent: Linux sets it only through a file's fasync method, and no file here
// raises SIGIO yet, so F_SETFL leaves it clear as Linux does for regular files.
constexpr int SETFL_MASK = O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME;

Result<u64> dup_to(Thread& thread, int oldfd, int newfd, bool cloexec)
{
    FileRef file(TRY(fd_file(thread, oldfd)));
    TRY(thread.process().fds().install_at(newfd, file.get(), cloexec, nofile_limit(thread)));
    return u64(newfd);
}

// F_GET_RW_HINT and F_SET_RW_HINT: the hint is a u64 in guest memory; setting it takes
// the owner or CAP_FOWNER, as on Linux.
Result<u64> rw_hint(Thread& thread, OpenFile& file, int cmd, u64 arg)
{
    if (file.path().is_null())
        return Errno::EINVAL;
    Inode& inode = file.path().inode();
    if (cmd == F_GET_RW_HINT) {
        u64 hint = inode.write_hint();
        TRY(copy_out(UserPtr<u64>(arg), hint));
        return u64(0);
    }
    u64 hint = 0;
    TRY(copy_in(UserPtr<const u64>(arg), hint));
    if (hint > RWH_WRITE_LIFE_EXTREME)
        return Errno::EINVAL;
    linux_stat st {};
    TRY(inode.stat(st));
    if (!vfs_owner_or_capable(thread.process().credentials(), st))
        return Errno::EPERM;
    inode.set_write_hint(u8(hint));
    return u64(0);
}

}

// Implements close(2).
Result<u64> sys_close(Thread& thread, int fd)
{
    TRY(thread.process().fds().close(fd));
    return u64(0);
}

// Implements close_range(2). CLOSE_RANGE_UNSHARE asks for a private table first; a
// thread that shares its table (CLONE_FILES) still changes the shared one here.
// FIXME: unshare the table when threads share it.
Result<u64> sys_close_range(Thread& thread, u32 first, u32 last, u32 flags)
{
    if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
        return Errno::EINVAL;
    if (first > last)
        return Errno::EINVAL;
    thread.process().fds().close_range(first, last, flags & CLOSE_RANGE_CLOEXEC);
    return u64(0);
}

// Implements dup(2).
Result<u64> sys_dup(Thread& thread, int oldfd)
{
    OpenFile* file = TRY(fd_file(thread, oldfd));
    return install_fd(thread, file, false);
}

// Implements dup2(2).
Result<u64> sys_dup2(Thread& thread, int oldfd, int newfd)
{
    if (oldfd == newfd) {
        FileRef file(TRY(fd_file(thread, oldfd)));
        return u64(newfd);
    }
    return dup_to(thread, oldfd, newfd, false);
}

// Implements dup3(2).
Result<u64> sys_dup3(Thread& thread, int oldfd, int newfd, int flags)
{
    if (flags & ~O_CLOEXEC)
        return Errno::EINVAL;
    if (oldfd == newfd)
        return Errno::EINVAL;
    return dup_to(thread, oldfd, newfd, flags & O_CLOEXEC);
}

// Implements fcntl(2) for descriptor flags, status flags, duplication, file seals and
// record locks (fs_lock.cpp) and write-life hints. No file holds a lease: taking one is
// refused with EINVAL, and there are no pipes yet whose size could be asked.
Result<u64> sys_fcntl(Thread& thread, int fd, int cmd, u64 arg)
{
    FileRef file(TRY(fd_file(thread, fd)));
    auto& fds = thread.process().fds();
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        if (i64(int(arg)) != i64(arg) || int(arg) < 0 || int(arg) >= nofile_limit(thread))
            return Errno::EINVAL;
        file->ref();
        auto fd = fds.install(file.get(), cmd == F_DUPFD_CLOEXEC, nofile_limit(thread), int(arg));
        if (fd.is_error()) {
            file->unref();
            return fd.error();
        }
        return u64(fd.value());
    }
    case F_GETFD:
        return u64(TRY(fds.cloexec(fd)) ? FD_CLOEXEC : 0);
    case F_SETFD:
        TRY(fds.set_cloexec(fd, arg & FD_CLOEXEC));
        return u64(0);
    case F_GETFL:
        return u64(file->flags());
    case F_SETFL:
        if (file->is_path_only())
            return Errno::EBADF;
        // Linux refuses to clear O_APPEND on an append-only inode; no inode is one here.
        TRY(file->set_status_flags(int(arg), SETFL_MASK));
        return u64(0);
    case F_ADD_SEALS:
        if (file->is_path_only())
            return Errno::EBADF;
        TRY(file->add_seals(u32(arg)));
        return u64(0);
    case F_GET_SEALS:
        if (file->is_path_only())
            return Errno::EBADF;
        return u64(TRY(file->seals()));
    case F_GETLEASE:
        return u64(F_UNLCK);
    case F_GETPIPE_SZ:
    case F_SETPIPE_SZ:
        return Errno::EBADF;
    case F_GET_RW_HINT:
    case F_SET_RW_HINT:
        return rw_hint(thread, *file, cmd, arg);
    default:
        if (is_lock_command(cmd))
            return fcntl_lock(thread, *file, cmd, arg);
        if (file->is_path_only())
            return Errno::EBADF;
        return Errno::EINVAL;
    }
}
