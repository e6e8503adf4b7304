// File size and caching: truncate, ftruncate, fsync, fdatasync, fadvise64, readahead.

#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"
#include "kernel/vfs/VfsChange.h"

namespace {

constexpr int POSIX_FADV_NOREUSE = 5;

bool is_regular(OpenFile& file)
{
    linux_stat st {};
    return file.stat(st).is_ok() && (st.st_mode & S_IFMT) == S_IFREG;
}

}

// Implements truncate(2) through the filesystem's setattr.
Result<u64> sys_truncate(Thread& thread, UserPtr<const char> path, i64 length)
{
    if (length < 0)
        return Errno::EINVAL;
    auto found = TRY(vfs_lookup_user(thread.process(), AT_FDCWD, path.address(), WALK_FOLLOW));
    if (found.magic_file) {
        if (!found.magic_file->writable())
            return Errno::EACCES;
        TRY(found.magic_file->truncate(u64(length)));
        return u64(0);
    }
    Inode& inode = found.path.inode();
    if (inode.is_directory())
        return Errno::EISDIR;
    if ((inode.mode() & S_IFMT) != S_IFREG)
        return Errno::EINVAL;
    if (found.path.mount->read_only() || inode.fs().read_only())
        return Errno::EROFS;
    TRY(vfs_permission(thread.process().credentials(), inode, MAY_WRITE));
    InodeAttr attr;
    attr.valid = ATTR_SIZE;
    attr.size = u64(length);
    TRY(inode.setattr(attr));
    vfs_kill_setid(thread.process().credentials(), inode);
    return u64(0);
}

// Implements ftruncate(2).
Result<u64> sys_ftruncate(Thread& thread, int fd, i64 length)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    if (length < 0 || !file->writable())
        return Errno::EINVAL;
    TRY(file->truncate(u64(length)));
    file_remove_privs(thread, *file);
    return u64(0);
}

namespace {

// Nothing the sandbox writes is cached in the kernel; a host-backed file (hostfs) asks
// the host to put its data on disk. Linux refuses streams with EINVAL.
Result<u64> sync_file(Thread& thread, int fd, bool data_only)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    if (file->is_stream())
        return Errno::EINVAL;
    TRY(file->sync(data_only));
    return u64(0);
}

}

// Implements fsync(2).
Result<u64> sys_fsync(Thread& thread, int fd) { return sync_file(thread, fd, false); }

// Implements fdatasync(2).
Result<u64> sys_fdatasync(Thread& thread, int fd) { return sync_file(thread, fd, true); }

// Implements fadvise64(2): the advice is checked and then has no effect.
Result<u64> sys_fadvise64(Thread& thread, int fd, i64 offset, i64 len, int advice)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    if (file->is_stream())
        return Errno::ESPIPE;
    if (advice < 0 || advice > POSIX_FADV_NOREUSE || len < 0)
        return Errno::EINVAL;
    (void)offset;
    return u64(0);
}

// Implements readahead(2): checked, then nothing to do.
Result<u64> sys_readahead(Thread& thread, int fd, i64 offset, u64 count)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (!file->readable())
        return Errno::EBADF;
    if (!is_regular(*file))
        return Errno::EINVAL;
    (void)offset, (void)count;
    return u64(0);
}

// Implements creat(2).
Result<u64> sys_creat(Thread& thread, UserPtr<const char> path, u32 mode)
{
    return sys_open(thread, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}
