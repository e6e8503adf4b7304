// Reading and writing: read, write and their vectored and positional forms.
//
// Data moves through a kernel bounce buffer, one chunk at a time; a short transfer, or
// any transfer on a stream (pipe, terminal), ends the call as it would on Linux. Files
// that can copy to and from guest memory themselves (memfs) skip the bounce buffer.

#include "kernel/abi/Uio.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"

namespace {

constexpr u64 CHUNK = 32 * 1024;

// The count a read or write of `count` bytes at guest address `user` moves, as Linux's
// vfs_read and vfs_write find it: the whole count must lie in user space (access_ok)
// before it is cut to MAX_RW_COUNT. A count that runs past the top is EFAULT however few
// bytes would move, and the cut count never reaches memory the caller did not name.
Result<u64> transfer_count(u64 user, u64 count)
{
    if (!user_range_ok(user, count))
        return Errno::EFAULT;
    return count < MAX_RW_COUNT ? count : MAX_RW_COUNT;
}

// `position` is null to use (and advance) the description's offset.
Result<u64> read_into_user(OpenFile& file, u64 user, u64 count, const i64* position)
{
    if (!file.readable())
        return Errno::EBADF;
    count = TRY(transfer_count(user, count));
    if (file.has_user_io())
        return count ? file.read_user(user, count, position) : Result<u64>(u64(0));
    u8 chunk[CHUNK];
    u64 done = 0;
    do {
        u64 want = count - done < CHUNK ? count - done : CHUNK;
        auto got = position ? file.pread(chunk, want, *position + i64(done)) : file.read(chunk, want);
        if (got.is_error())
            return done ? Result<u64>(done) : got.error();
        u64 n = got.value();
        if (n && copy_to_user(user + done, chunk, n).is_error()) {
            // As Linux: the bytes before the hole count, and the offset moves by exactly
            // those. FIXME: a stream cannot take back the rest, which is lost.
            auto partial = copy_to_user_partial(user + done, chunk, n);
            u64 copied = partial.is_ok() ? partial.value() : 0;
            if (!position && !file.is_stream())
                (void)file.lseek(-i64(n - copied), SEEK_CUR);
            done += copied;
            return done ? Result<u64>(done) : Errno::EFAULT;
        }
        done += n;
        if (n < want || file.is_stream())
            break;
    } while (done < count);
    return done;
}

Result<u64> write_from_user(OpenFile& file, u64 user, u64 count, const i64* position)
{
    if (!file.writable())
        return Errno::EBADF;
    count = TRY(transfer_count(user, count));
    if (file.has_user_io())
        return count ? file.write_user(user, count, position) : Result<u64>(u64(0));
    u8 chunk[CHUNK];
    u64 done = 0;
    do {
        u64 want = count - done < CHUNK ? count - done : CHUNK;
        bool faulted = false;
        if (copy_from_user(chunk, user + done, want).is_error()) {
            // Write what precedes the hole, then stop, as Linux does.
            auto partial = copy_from_user_partial(chunk, user + done, want);
            want = partial.is_ok() ? partial.value() : 0;
            faulted = true;
            if (want == 0)
                return done ? Result<u64>(done) : Errno::EFAULT;
        }
        auto put = position ? file.pwrite(chunk, want, *position + i64(done)) : file.write(chunk, want);
        // FIXME: EPIPE must also raise SIGPIPE in the writer once guest signal delivery
        // lands; until then the writer sees only the error.
        if (put.is_error())
            return done ? Result<u64>(done) : put.error();
        done += put.value();
        if (put.value() < want || faulted)
            break;
    } while (done < count);
    return done;
}

Result<u64> check_positional(OpenFile& file, i64 offset)
{
    if (offset < 0)
        return Errno::EINVAL;
    if (file.is_stream())
        return Errno::ESPIPE;
    return u64(0);
}

// Copies in an iovec array and checks its total as Linux's import_iovec does.
Result<u64> import_iovec(UserPtr<const linux_iovec> iov, int iovcnt, linux_iovec* out)
{
    if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
        return Errno::EINVAL;
    TRY(copy_in_array(iov, out, usize(iovcnt)));
    u64 total = 0;
    for (int i = 0; i < iovcnt; ++i) {
        if (i64(out[i].iov_len) < 0)
            return Errno::EINVAL;
        if (out[i].iov_len > MAX_RW_COUNT - total)
            out[i].iov_len = MAX_RW_COUNT - total;
        total += out[i].iov_len;
    }
    return total;
}

constexpr int RWF_HIPRI = 0x1;
constexpr int RWF_DSYNC = 0x2;
constexpr int RWF_SYNC = 0x4;
constexpr int RWF_NOWAIT = 0x8;
constexpr int RWF_APPEND = 0x10;
constexpr int RWF_NOAPPEND = 0x20;
constexpr int RWF_ATOMIC = 0x40;
constexpr int RWF_DONTCACHE = 0x80;
constexpr int RWF_NOSIGNAL = 0x100;
constexpr int RWF_KNOWN = RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | RWF_NOAPPEND | RWF_ATOMIC | RWF_DONTCACHE
    | RWF_NOSIGNAL;

// The flags of preadv2 and pwritev2 as Linux answers them on tmpfs: the hints (HIPRI,
// DSYNC, SYNC, NOSIGNAL) change nothing here, while NOWAIT, ATOMIC and DONTCACHE need
// support tmpfs lacks and fail with EOPNOTSUPP, as an unknown flag does.
Result<u64> check_rwf(int flags)
{
    if ((flags & ~RWF_KNOWN) || (flags & (RWF_NOWAIT | RWF_ATOMIC | RWF_DONTCACHE)))
        return Errno::EOPNOTSUPP;
    return u64(0);
}

template<typename Transfer>
Result<u64> vectored(Thread& thread, int fd, UserPtr<const linux_iovec> iov, int iovcnt, bool reading, const i64* position,
    Transfer transfer)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (reading ? !file->readable() : !file->writable())
        return Errno::EBADF;
    if (position)
        TRY(check_positional(*file, *position));
    linux_iovec vec[UIO_MAXIOV];
    TRY(import_iovec(iov, iovcnt, vec));
    u64 done = 0;
    for (int i = 0; i < iovcnt; ++i) {
        if (vec[i].iov_len == 0)
            continue;
        i64 at = position ? *position + i64(done) : 0;
        auto n = transfer(*file, vec[i].iov_base, vec[i].iov_len, position ? &at : nullptr);
        if (n.is_error())
            return done ? Result<u64>(done) : n.error();
        done += n.value();
        if (n.value() < vec[i].iov_len)
            break;
    }
    return reading ? Result<u64>(done) : after_write(thread, *file, done);
}

}

// Implements read(2).
Result<u64> sys_read(Thread& thread, int fd, UserPtr<u8> buf, u64 count)
{
    FileRef file(TRY(fd_file(thread, fd)));
    return read_into_user(*file, buf.address(), count, nullptr);
}

// Implements write(2).
Result<u64> sys_write(Thread& thread, int fd, UserPtr<const u8> buf, u64 count)
{
    FileRef file(TRY(fd_file(thread, fd)));
    return after_write(thread, *file, write_from_user(*file, buf.address(), count, nullptr));
}

// Implements pread64(2).
Result<u64> sys_pread64(Thread& thread, int fd, UserPtr<u8> buf, u64 count, i64 offset)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (!file->readable())
        return Errno::EBADF;
    TRY(check_positional(*file, offset));
    return read_into_user(*file, buf.address(), count, &offset);
}

// Implements pwrite64(2).
Result<u64> sys_pwrite64(Thread& thread, int fd, UserPtr<const u8> buf, u64 count, i64 offset)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (!file->writable())
        return Errno::EBADF;
    TRY(check_positional(*file, offset));
    return after_write(thread, *file, write_from_user(*file, buf.address(), count, &offset));
}

// Implements readv(2).
Result<u64> sys_readv(Thread& thread, int fd, UserPtr<const linux_iovec> iov, int iovcnt)
{
    return vectored(thread, fd, iov, iovcnt, true, nullptr, read_into_user);
}

// Implements writev(2).
Result<u64> sys_writev(Thread& thread, int fd, UserPtr<const linux_iovec> iov, int iovcnt)
{
    return vectored(thread, fd, iov, iovcnt, false, nullptr, write_from_user);
}

// Implements preadv(2). On x86-64 the offset arrives whole in the fourth register.
Result<u64> sys_preadv(Thread& thread, int fd, UserPtr<const linux_iovec> iov, int iovcnt, i64 offset)
{
    return vectored(thread, fd, iov, iovcnt, true, &offset, read_into_user);
}

// Implements pwritev(2).
Result<u64> sys_pwritev(Thread& thread, int fd, UserPtr<const linux_iovec> iov, int iovcnt, i64 offset)
{
    return vectored(thread, fd, iov, iovcnt, false, &offset, write_from_user);
}

// Implements preadv2(2): offset -1 means the description's offset. See check_rwf for the
// flags; RWF_APPEND and RWF_NOAPPEND mean nothing to a read.
Result<u64> sys_preadv2(Thread& thread, int fd, UserPtr<const linux_iovec> iov, int iovcnt, i64 offset, u64, int flags)
{
    TRY(check_rwf(flags));
    return vectored(thread, fd, iov, iovcnt, true, offset == -1 ? nullptr : &offset, read_into_user);
}

// Implements pwritev2(2), as preadv2. RWF_APPEND writes at the end of the file, as on an
// O_APPEND description, and with offset -1 leaves the description's offset after the
// data. RWF_NOAPPEND, which makes a write on an O_APPEND description honour its offset,
// is refused there with EOPNOTSUPP (as kernels before 6.9 refuse it), and changes nothing
// elsewhere.
// FIXME: RWF_APPEND finds the end and then writes, so a concurrent appender in another
// process can be overwritten.
Result<u64> sys_pwritev2(Thread& thread, int fd, UserPtr<const linux_iovec> iov, int iovcnt, i64 offset, u64, int flags)
{
    TRY(check_rwf(flags));
    if (flags & (RWF_APPEND | RWF_NOAPPEND)) {
        FileRef file(TRY(fd_file(thread, fd)));
        if ((flags & RWF_NOAPPEND) && !(flags & RWF_APPEND) && (file->flags() & O_APPEND))
            return Errno::EOPNOTSUPP;
        if ((flags & RWF_APPEND) && !file->is_stream() && file->writable()) {
            linux_stat st {};
            TRY(file->stat(st));
            i64 end = st.st_size;
            u64 n = TRY(vectored(thread, fd, iov, iovcnt, false, &end, write_from_user));
            if (offset == -1)
                TRY(file->lseek(end + i64(n), SEEK_SET));
            return n;
        }
    }
    return vectored(thread, fd, iov, iovcnt, false, offset == -1 ? nullptr : &offset, write_from_user);
}

// Implements lseek(2).
Result<u64> sys_lseek(Thread& thread, int fd, i64 offset, int whence)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    if (whence < SEEK_SET || whence > SEEK_HOLE)
        return Errno::EINVAL;
    return u64(TRY(file->lseek(offset, whence)));
}
