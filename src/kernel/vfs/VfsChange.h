#pragma once

// The VFS side of the calls that create, remove, rename and change files: finding the
// parent directory and final name of a path, and the permission checks Linux makes
// generically (generic_permission, may_create, may_delete, the sticky bit), so that
// every filesystem gets them by implementing only the Inode operations.

#include "kernel/task/Credentials.h"
#include "kernel/vfs/PathWalk.h"

class Process;

constexpr int CAP_CHOWN = 0;
constexpr int CAP_DAC_OVERRIDE = 1;
constexpr int CAP_DAC_READ_SEARCH = 2;
constexpr int CAP_FOWNER = 3;
constexpr int CAP_FSETID = 4;
constexpr int CAP_LINUX_IMMUTABLE = 9;
constexpr int CAP_MKNOD = 27;

constexpr int MAY_EXEC = 1;
constexpr int MAY_WRITE = 2;
constexpr int MAY_READ = 4;

// The directory that holds a path's final component, and that component. `kind` says
// whether the final component was a name, "." or "..", or absent ("/").
struct ParentAndName {
    enum class Kind : u8 { Normal, Dot, DotDot, Root };
    Path parent;
    Kind kind { Kind::Normal };
    bool trailing_slash { false };
    usize length { 0 };
    char name[256] {};
    StringView last() const { return { name, length }; }
};

// Resolves all but the final component of `path` (copied in from the guest for the
// _user form) from `dirfd`, following symlinks on the way.
Result<ParentAndName> vfs_lookup_parent(Process& process, int dirfd, StringView path);
Result<ParentAndName> vfs_lookup_parent_user(Process& process, int dirfd, u64 user_path);

// generic_permission(): `may` (MAY_*) against the inode's mode and owner, with
// CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH as Linux grants them.
Result<void> vfs_permission(const Credentials& cred, Inode& inode, int may);
// Whether the caller owns the inode or has CAP_FOWNER (chmod, utimes, sticky deletes).
bool vfs_owner_or_capable(const Credentials& cred, const linux_stat& st);
// Whether `mode` gives set-id powers: S_ISUID, or S_ISGID with group execute (S_ISGID
// alone marks a file for mandatory locking, which Linux leaves alone).
inline bool vfs_mode_is_setid(u32 mode) { return (mode & S_ISUID) || (mode & (S_ISGID | 010)) == (S_ISGID | 010); }
// Linux's file_remove_privs() after a write, truncation or fallocate of a regular file by
// a caller without CAP_FSETID: clears S_ISUID, and S_ISGID when group execute is set.
void vfs_kill_setid(const Credentials& cred, Inode& inode);
// May the caller add an entry to `dir` (a writable mount, write and search permission)?
Result<void> vfs_may_create(const Credentials& cred, const Path& dir);
// May the caller remove `victim` from `dir` (as may_create, plus the sticky bit)?
Result<void> vfs_may_delete(const Credentials& cred, const Path& dir, Inode& victim);
// The owner and mode of a new object in `dir`: the caller's fsuid, and the fsgid or the
// directory's group when it is set-group-ID (which a new directory inherits).
Result<InodeCreation> vfs_creation(const Credentials& cred, Inode& dir, u32 mode);

// The permission open(2) needs on an existing inode for `flags`.
Result<void> vfs_may_open(Process& process, Inode& inode, int flags);
// O_TMPFILE: an unnamed regular file in the directory `path` names, opened with `flags`.
Result<OpenFile*> vfs_open_tmpfile(Process& process, int dirfd, StringView path, int flags, u32 mode);

// Creates the regular file open(O_CREAT) names in `where`; returns a new path to it.
Result<Path> vfs_create_regular(Process& process, const WalkParent& where, u32 mode);
