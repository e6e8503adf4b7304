#pragma once

// Small helpers shared by the file syscall families.

#include "kernel/task/FdTable.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "kernel/vfs/OpenFile.h"
#include "kernel/vfs/VfsChange.h"

// The description behind `fd` in the calling process, held for the syscall.
inline Result<OpenFile*> fd_file(Thread& thread, int fd) { return thread.process().fds().get(fd); }

// The calling process's RLIMIT_NOFILE soft limit, the bound on new fd numbers.
inline int nofile_limit(Thread& thread)
{
    u64 limit = thread.process().rlimits().limits[RLIMIT_NOFILE].rlim_cur;
    return limit > 0x7fffffff ? 0x7fffffff : int(limit);
}

// Installs `file` as a new fd and returns it; on failure releases the caller's reference.
inline Result<u64> install_fd(Thread& thread, OpenFile* file, bool cloexec)
{
    auto fd = thread.process().fds().install(file, cloexec, nofile_limit(thread));
    if (fd.is_error()) {
        file->unref();
        return fd.error();
    }
    return u64(fd.value());
}

// Linux's file_remove_privs() after `file`'s data or size changed: the set-id bits a
// caller without CAP_FSETID loses (vfs_kill_setid).
inline void file_remove_privs(Thread& thread, OpenFile& file)
{
    if (!file.path().is_null())
        vfs_kill_setid(thread.process().credentials(), file.path().inode());
}

// file_remove_privs() once `done` bytes were written; passes `done` through.
inline Result<u64> after_write(Thread& thread, OpenFile& file, Result<u64> done)
{
    if (done.is_ok() && done.value() > 0)
        file_remove_privs(thread, file);
    return done;
}
