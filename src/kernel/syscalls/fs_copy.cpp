// Copying between files inside the kernel: sendfile and copy_file_range.
//
// Both move the data through a kernel buffer, one chunk at a time, as Linux's splice
// fallback (do_splice_direct) does; no host call is involved, so they work between any
// two of the sandbox's filesystems that the checks below let through.

#include "kernel/abi/Uio.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"

namespace {

constexpr u64 CHUNK = 32 * 1024;

Result<linux_stat> file_stat(OpenFile& file)
{
    linux_stat st {};
    TRY(file.stat(st));
    return st;
}

// Copies up to `count` bytes from `in` at `in_pos` to `out`, at `*out_pos` or, when it is
// null, at `out`'s own offset. Returns the bytes copied; an error only when none were.
Result<u64> copy_chunks(OpenFile& in, i64 in_pos, OpenFile& out, const i64* out_pos, u64 count)
{
    u8 chunk[CHUNK];
    u64 done = 0;
    while (done < count) {
        u64 want = count - done < CHUNK ? count - done : CHUNK;
        auto got = in.pread(chunk, want, in_pos + i64(done));
        if (got.is_error())
            return done ? Result<u64>(done) : got.error();
        u64 n = got.value();
        if (n == 0)
            break;
        auto put = out_pos ? out.pwrite(chunk, n, *out_pos + i64(done)) : out.write(chunk, n);
        if (put.is_error())
            return done ? Result<u64>(done) : put.error();
        done += put.value();
        if (put.value() < n || n < want || out.is_stream())
            break;
    }
    return done;
}

// Linux's do_sendfile() with its checks in Linux's order.
Result<u64> do_sendfile(Thread& thread, int out_fd, int in_fd, i64* position, u64 count)
{
    FileRef in(TRY(fd_file(thread, in_fd)));
    if (!in->readable())
        return Errno::EBADF;
    // The input must be seekable (Linux's FMODE_PREAD) and have data to splice from.
    if (in->is_stream())
        return position ? Errno::ESPIPE : Errno::EINVAL;
    i64 pos = position ? *position : TRY(in->lseek(0, SEEK_CUR));
    if (pos < 0)
        return Errno::EINVAL;
    if (count > MAX_RW_COUNT)
        count = MAX_RW_COUNT;
    FileRef out(TRY(fd_file(thread, out_fd)));
    if (!out->writable())
        return Errno::EBADF;
    linux_stat st = TRY(file_stat(*in));
    if ((st.st_mode & S_IFMT) == S_IFDIR)
        return Errno::EINVAL;
    if (out->flags() & O_APPEND)
        return Errno::EINVAL;
    if (count == 0)
        return u64(0);
    u64 done = TRY(after_write(thread, *out, copy_chunks(*in, pos, *out, nullptr, count)));
    if (position)
        *position = pos + i64(done);
    else if (done)
        TRY(in->lseek(pos + i64(done), SEEK_SET));
    return done;
}

}

// Implements sendfile(2) (sendfile64 on x86-64). Neither pipes nor sockets exist yet, so
// the output is any writable description and the copy goes through a kernel buffer.
Result<u64> sys_sendfile(Thread& thread, int out_fd, int in_fd, UserPtr<i64> offset, u64 count)
{
    if (!offset)
        return do_sendfile(thread, out_fd, in_fd, nullptr, count);
    i64 pos;
    TRY(copy_in(offset, pos));
    auto copied = do_sendfile(thread, out_fd, in_fd, &pos, count);
    if (copied.is_error())
        return copied.error();
    TRY(copy_out(offset, pos));
    return copied.value();
}

// Implements copy_file_range(2) as Linux 6.x does for filesystems without their own copy
// method: regular files on the same filesystem instance are copied in the kernel, and a
// copy between two filesystems fails with EXDEV (cp and glibc then fall back to
// read/write).
Result<u64> sys_copy_file_range(Thread& thread, int fd_in, UserPtr<i64> off_in, int fd_out, UserPtr<i64> off_out, u64 len,
    u32 flags)
{
    FileRef in(TRY(fd_file(thread, fd_in)));
    FileRef out(TRY(fd_file(thread, fd_out)));
    if (in->is_path_only() || out->is_path_only())
        return Errno::EBADF;
    i64 pos_in;
    i64 pos_out;
    if (off_in)
        TRY(copy_in(off_in, pos_in));
    else
        pos_in = in->is_stream() ? 0 : TRY(in->lseek(0, SEEK_CUR));
    if (off_out)
        TRY(copy_in(off_out, pos_out));
    else
        pos_out = out->is_stream() ? 0 : TRY(out->lseek(0, SEEK_CUR));
    if (flags != 0)
        return Errno::EINVAL;

    // generic_copy_file_checks().
    linux_stat st_in = TRY(file_stat(*in));
    linux_stat st_out = TRY(file_stat(*out));
    if ((st_in.st_mode & S_IFMT) == S_IFDIR || (st_out.st_mode & S_IFMT) == S_IFDIR)
        return Errno::EISDIR;
    if ((st_in.st_mode & S_IFMT) != S_IFREG || (st_out.st_mode & S_IFMT) != S_IFREG)
        return Errno::EINVAL;
    if (!in->readable() || !out->writable() || (out->flags() & O_APPEND))
        return Errno::EBADF;
    if (u64(pos_in) + len < u64(pos_in) || u64(pos_out) + len < u64(pos_out))
        return Errno::EOVERFLOW;
    u64 size_in = u64(st_in.st_size);
    if (pos_in >= 0 && u64(pos_in) >= size_in)
        len = 0;
    else if (pos_in >= 0 && len > size_in - u64(pos_in))
        len = size_in - u64(pos_in);
    bool same_inode = st_in.st_dev == st_out.st_dev && st_in.st_ino == st_out.st_ino;
    if (same_inode && pos_out + i64(len) > pos_in && pos_out < pos_in + i64(len))
        return Errno::EINVAL;
    // rw_verify_area() for both ends.
    if (pos_in < 0 || pos_out < 0)
        return Errno::EINVAL;
    if (len == 0)
        return u64(0);
    // A description with no path (host stdio) belongs to no sandbox filesystem.
    if (in->path().is_null() || out->path().is_null() || &in->path().inode().fs() != &out->path().inode().fs())
        return Errno::EXDEV;
    if (len > MAX_RW_COUNT)
        len = MAX_RW_COUNT;

    u64 done = TRY(after_write(thread, *out, copy_chunks(*in, pos_in, *out, &pos_out, len)));
    if (done == 0)
        return u64(0);
    pos_in += i64(done);
    pos_out += i64(done);
    // As Linux: the copy has happened, so only a bad pointer is reported back.
    if (off_in) {
        if (copy_out(off_in, pos_in).is_error())
            return Errno::EFAULT;
    } else {
        TRY(in->lseek(pos_in, SEEK_SET));
    }
    if (off_out) {
        if (copy_out(off_out, pos_out).is_error())
            return Errno::EFAULT;
    } else {
        TRY(out->lseek(pos_out, SEEK_SET));
    }
    return done;
}
