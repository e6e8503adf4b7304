// Directory listing: getdents64 and the older getdents.

#include "kernel/base/Memory.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"

namespace {

constexpr u64 LISTING_CHUNK = 32 * 1024;

// The pre-2.6.4 record: d_type lives in the last byte of the record.
struct linux_dirent {
    u64 d_ino;
    u64 d_off;
    u16 d_reclen;
    char d_name[];
};

Result<u64> list(Thread& thread, int fd, u64 user, u64 count, bool legacy)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    // A removed directory lists nothing, not even "." and "..": Linux's iterate_dir()
    // answers ENOENT for a dead directory.
    const Path& path = file->path();
    if (!path.is_null() && path.inode().is_directory() && path.dentry->is_unlinked())
        return Errno::ENOENT;
    if (!user_range_ok(user, count))
        return Errno::EFAULT;
    u8 buffer[LISTING_CHUNK];
    u64 n = TRY(file->getdents64(buffer, count < LISTING_CHUNK ? count : LISTING_CHUNK));
    if (legacy) {
        // Both layouts round the same bytes (header, name, NUL, type) up to 8, so each
        // record converts in place.
        for (u64 pos = 0; pos < n;) {
            auto* d64 = reinterpret_cast<linux_dirent64*>(buffer + pos);
            u16 reclen = d64->d_reclen;
            u8 type = d64->d_type;
            usize name_len = cstr_length(d64->d_name);
            u64 ino = d64->d_ino;
            i64 off = d64->d_off;
            char name[256];
            mem_copy(name, d64->d_name, name_len + 1);
            auto* d = reinterpret_cast<linux_dirent*>(buffer + pos);
            mem_zero(d, reclen);
            d->d_ino = ino;
            d->d_off = u64(off);
            d->d_reclen = reclen;
            mem_copy(d->d_name, name, name_len + 1);
            buffer[pos + reclen - 1] = type;
            pos += reclen;
        }
    }
    TRY(copy_to_user(user, buffer, n));
    return n;
}

}

// Implements getdents64(2).
Result<u64> sys_getdents64(Thread& thread, int fd, UserPtr<u8> dirp, u64 count)
{
    return list(thread, fd, dirp.address(), count, false);
}

// Implements getdents(2).
Result<u64> sys_getdents(Thread& thread, int fd, UserPtr<u8> dirp, u64 count)
{
    return list(thread, fd, dirp.address(), count, true);
}
