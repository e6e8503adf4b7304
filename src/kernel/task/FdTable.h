#pragma once

// A process's file descriptor table: fd numbers to open file descriptions, with the
// per-fd FD_CLOEXEC flag. Lives in the arena; threads made with CLONE_FILES share one,
// fork copies it (the copies share the descriptions).
//
// Lock order: the FdTable lock is taken before any OpenFile lock. Descriptions are
// released after the lock is dropped, since releasing one may call into its filesystem.

#include "kernel/base/Mutex.h"
#include "kernel/base/Result.h"

class OpenFile;

class FdTable {
public:
    static FdTable* create();
    // A copy for fork: same descriptions, same flags.
    FdTable* clone();
    // Closes every fd and frees the table.
    void destroy();

    // Installs `file` at the lowest free fd >= `min_fd` below `limit` (RLIMIT_NOFILE).
    // Takes over the caller's reference on success only.
    Result<int> install(OpenFile* file, bool cloexec, int limit, int min_fd = 0);
    // Installs `file` at exactly `fd`, closing what was there. Takes a new reference.
    Result<void> install_at(int fd, OpenFile* file, bool cloexec, int limit);
    // Returns a new reference to the description behind `fd`, or EBADF.
    Result<OpenFile*> get(int fd);
    Result<void> close(int fd);
    Result<bool> cloexec(int fd);
    Result<void> set_cloexec(int fd, bool cloexec);
    // Closes the fds marked FD_CLOEXEC (execve).
    void close_on_exec();
    // close_range(2): closes every open fd in [first, last] or, with `cloexec_only`,
    // marks them FD_CLOEXEC instead.
    void close_range(u32 first, u32 last, bool cloexec_only);
    // Calls fn(fd, file) for each open fd, under the table's lock; fn must not block.
    template<typename Fn>
    void for_each(Fn fn)
    {
        MutexLocker locker(m_lock);
        for (int fd = 0; fd < m_capacity; ++fd) {
            if (m_entries[fd].file)
                fn(fd, m_entries[fd].file);
        }
    }

private:
    struct Entry {
        OpenFile* file;
        bool cloexec;
    };
    // Preconditions: m_lock is held.
    Result<void> grow_to(int capacity);
    void release_posix_locks(OpenFile& file);

    Mutex m_lock;
    Entry* m_entries { nullptr };
    int m_capacity { 0 };
};
