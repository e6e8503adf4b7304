// Advisory locks: fcntl's record-lock commands (POSIX and OFD) and flock(2).

#include "kernel/abi/Fcntl.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FileLockCalls.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/FdTable.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "kernel/vfs/FileLocks.h"
#include "kernel/vfs/OpenFile.h"

namespace {

struct linux_flock {
    i16 l_type;
    i16 l_whence;
    i32 pad0;
    i64 l_start;
    i64 l_len;
    i32 l_pid;
    i32 pad1;
};
static_assert(sizeof(linux_flock) == 32);

constexpr int LOCK_SH = 1;
constexpr int LOCK_EX = 2;
constexpr int LOCK_NB = 4;
constexpr int LOCK_UN = 8;

Inode* inode_of(OpenFile& file) { return file.path().dentry ? &file.path().dentry->inode() : nullptr; }

// Turns a struct flock into a byte range as Linux's flock_to_posix_lock does.
Result<LockRange> range_of(OpenFile& file, const linux_flock& fl)
{
    i64 base;
    switch (fl.l_whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = TRY(file.lseek(0, SEEK_CUR));
        break;
    case SEEK_END: {
        linux_stat st {};
        TRY(file.stat(st));
        base = st.st_size;
        break;
    }
    default:
        return Errno::EINVAL;
    }
    i64 start;
    if (__builtin_add_overflow(base, fl.l_start, &start))
        return Errno::EOVERFLOW;
    LockRange range;
    if (fl.l_len > 0) {
        i64 last;
        if (__builtin_add_overflow(start, fl.l_len - 1, &last))
            return Errno::EOVERFLOW;
        range.end = u64(last);
    } else if (fl.l_len < 0) {
        range.end = u64(start - 1);
        start += fl.l_len;
    }
    if (start < 0)
        return Errno::EINVAL;
    range.start = u64(start);
    range.inode = inode_of(file);
    range.type = fl.l_type;
    return range;
}

}

bool is_lock_command(int cmd)
{
    return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

// Implements fcntl(2)'s F_GETLK/F_SETLK/F_SETLKW and their F_OFD_ forms. POSIX locks are
// owned by the fd table (Linux's files_struct), OFD locks by the open file description.
Result<u64> fcntl_lock(Thread& thread, OpenFile& file, int cmd, u64 arg)
{
    if (file.is_path_only())
        return Errno::EBADF;
    linux_flock fl {};
    TRY(copy_in(UserPtr<linux_flock>(arg), fl));
    bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
    if (ofd && fl.l_pid != 0)
        return Errno::EINVAL;
    if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
        return Errno::EINVAL;
    LockRange range = TRY(range_of(file, fl));
    if (!range.inode)
        return Errno::EINVAL;
    range.kind = ofd ? LockKind::Ofd : LockKind::Posix;
    range.owner = ofd ? static_cast<const void*>(&file) : static_cast<const void*>(&thread.process().fds());
    range.pid = thread.process().pid();

    if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
        if (fl.l_type == F_UNLCK)
            return Errno::EINVAL;
        TRY(file_lock_get(range));
        fl.l_type = range.type;
        if (range.type != F_UNLCK) {
            fl.l_whence = SEEK_SET;
            fl.l_start = i64(range.start);
            fl.l_len = range.end == ~u64(0) ? 0 : i64(range.end - range.start + 1);
            fl.l_pid = range.kind == LockKind::Posix ? range.pid : -1;
        }
        TRY(copy_out(UserPtr<linux_flock>(arg), fl));
        return u64(0);
    }
    if ((fl.l_type == F_RDLCK && !file.readable()) || (fl.l_type == F_WRLCK && !file.writable()))
        return Errno::EBADF;
    TRY(file_lock_set(range, cmd == F_SETLKW || cmd == F_OFD_SETLKW));
    return u64(0);
}

// Implements flock(2): whole-file locks owned by the open file description, apart from
// fcntl's record locks as on Linux.
Result<u64> sys_flock(Thread& thread, int fd, int operation)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    int op = operation & ~LOCK_NB;
    LockRange range;
    switch (op) {
    case LOCK_SH:
        range.type = F_RDLCK;
        break;
    case LOCK_EX:
        range.type = F_WRLCK;
        break;
    case LOCK_UN:
        range.type = F_UNLCK;
        break;
    default:
        return Errno::EINVAL;
    }
    range.inode = inode_of(*file);
    if (!range.inode)
        return Errno::EINVAL;
    range.kind = LockKind::Flock;
    range.owner = file.get();
    range.pid = thread.process().pid();
    // A refused LOCK_NB request is EWOULDBLOCK, which is EAGAIN's number.
    TRY(file_lock_set(range, !(operation & LOCK_NB)));
    return u64(0);
}
