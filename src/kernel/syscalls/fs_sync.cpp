// Writing data back: sync, syncfs and sync_file_range (fsync and fdatasync are in
// fs_size.cpp).
//
// The sandbox keeps no dirty data of its own: memfs lives in memory only and hostfs
// writes go straight to the host. So these calls ask the host to put host-backed files
// on its disk, and answer for everything else as Linux does for a filesystem with
// nothing to write back.

#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "platform/Platform.h"

namespace {

constexpr u32 SYNC_FILE_RANGE_WAIT_BEFORE = 1;
constexpr u32 SYNC_FILE_RANGE_WRITE = 2;
constexpr u32 SYNC_FILE_RANGE_WAIT_AFTER = 4;
constexpr u32 SYNC_FILE_RANGE_VALID = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;

}

// Implements sync(2), which Linux defines to always succeed.
Result<u64> sys_sync(Thread&)
{
    (void)platform::sync();
    return u64(0);
}

// Implements syncfs(2): the host filesystem behind a host-backed file is synced; the
// sandbox's own filesystems have nothing to write back.
Result<u64> sys_syncfs(Thread& thread, int fd)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    auto host = file->mmap_host_fd();
    if (host.is_ok())
        TRY(platform::syncfs(host.value()));
    return u64(0);
}

// Implements sync_file_range(2). Writing the range back is done as fdatasync of the
// whole file, which is what the guest asked for and more.
Result<u64> sys_sync_file_range(Thread& thread, int fd, i64 offset, i64 nbytes, u32 flags)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    if (flags & ~SYNC_FILE_RANGE_VALID)
        return Errno::EINVAL;
    u64 endbyte = u64(offset) + u64(nbytes);
    if (offset < 0 || i64(endbyte) < 0 || endbyte < u64(offset))
        return Errno::EINVAL;
    linux_stat st {};
    TRY(file->stat(st));
    u32 type = st.st_mode & S_IFMT;
    if (type != S_IFREG && type != S_IFBLK && type != S_IFDIR && type != S_IFLNK)
        return Errno::ESPIPE;
    if (flags & (SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER)) {
        // Directories have nothing the sandbox could write back.
        if (type == S_IFREG)
            TRY(file->sync(true));
    }
    return u64(0);
}
