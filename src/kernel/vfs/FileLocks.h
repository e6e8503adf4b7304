#pragma once

// Advisory file locks: fcntl record locks (POSIX, owned by an fd table as Linux's are by
// a files_struct; and OFD, owned by an open file description) and flock(2) locks (owned
// by an open file description, in a namespace of their own). The table lives in the
// arena, so locks taken in one sandbox process are seen by every other.

#include "kernel/base/Result.h"

class Inode;

enum class LockKind : u8 {
    Posix,
    Ofd,
    Flock,
};

constexpr i16 F_RDLCK = 0;
constexpr i16 F_WRLCK = 1;
constexpr i16 F_UNLCK = 2;

// A byte range [start, end] of `inode`; end = ~0 reaches past any end of file.
struct LockRange {
    Inode* inode { nullptr };
    u64 start { 0 };
    u64 end { ~u64(0) };
    i16 type { F_UNLCK };
    LockKind kind { LockKind::Posix };
    const void* owner { nullptr };
    int pid { 0 };
};

// Makes the sandbox's lock table; called once at boot.
Result<void> file_locks_init();

// Takes, changes or (type F_UNLCK) releases the owner's lock over the range. With `wait`
// false a conflicting lock of another owner gives EAGAIN; with `wait` true the caller
// sleeps until the range is free.
Result<void> file_lock_set(const LockRange& request, bool wait);

// F_GETLK: when another owner's lock conflicts with `request`, describes it in `request`;
// otherwise sets request.type to F_UNLCK.
Result<void> file_lock_get(LockRange& request);

// Drops every lock of `kind` that `owner` holds on `inode` (every inode when null): on
// close for POSIX locks, when the description dies for OFD and flock locks.
void file_locks_release(const void* owner, LockKind kind, const Inode* inode);
