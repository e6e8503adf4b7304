#pragma once

// Inodes: the objects a filesystem names. Each filesystem derives its own kinds and
// implements the operations that apply; the defaults give Linux's answer for an object
// that does not support the operation.

#include "kernel/abi/Stat.h"
#include "kernel/abi/Statfs.h"
#include "kernel/abi/Time.h"
#include "kernel/base/Result.h"
#include "kernel/base/StringView.h"
#include "kernel/vfs/RefCounted.h"

class FileSystem;
class OpenFile;
struct Path;

// One directory entry as a filesystem reports it for getdents.
// What advisory locks key on: two inodes with equal keys are one file to fcntl and flock.
// `domain` tells key spaces apart (a filesystem, or all of hostfs); `dev` and `ino` name
// the file within it.
struct LockKey {
    const void* domain { nullptr };
    u64 dev { 0 };
    u64 ino { 0 };
    bool operator==(const LockKey&) const = default;
};

// The attributes of an object as a lookup saw them (Inode::lookup_stat), valid only
// within the system call that looked it up. `st` is left uninitialised (every path walk
// holds one) and means something only when `valid` is set.
struct LookupStat {
    bool valid { false };
    linux_stat st;

    // Copies `st` only where it means something.
    void take(const LookupStat& other)
    {
        valid = other.valid;
        if (valid)
            st = other.st;
    }
};

struct DirEntryInfo {
    u64 ino { 0 };
    u8 type { 0 };
    char name[256] {};
};

// The owner and type of an object a directory operation makes. `mode` carries the
// S_IFMT type and the permission bits with the umask already applied; `rdev` is the
// device number of a character or block node.
struct InodeCreation {
    u32 mode { 0 };
    u32 uid { 0 };
    u32 gid { 0 };
    u64 rdev { 0 };
};

// The attribute changes of chmod, chown, truncate and utimensat, as Linux's iattr.
// The VFS has checked permissions and resolved UTIME_NOW before the call.
constexpr u32 ATTR_MODE = 1u << 0;
constexpr u32 ATTR_UID = 1u << 1;
constexpr u32 ATTR_GID = 1u << 2;
constexpr u32 ATTR_SIZE = 1u << 3;
constexpr u32 ATTR_ATIME = 1u << 4;
constexpr u32 ATTR_MTIME = 1u << 5;
// Set ctime to now; every change above implies it except a size change that does
// not change the size.
constexpr u32 ATTR_CTIME = 1u << 6;
// Clear S_ISUID and S_ISGID (chown of a non-directory by anyone, as Linux does).
constexpr u32 ATTR_KILL_SUID = 1u << 7;

struct InodeAttr {
    u32 valid { 0 };
    u32 mode { 0 }; // permission bits only (07777)
    u32 uid { 0 };
    u32 gid { 0 };
    u64 size { 0 };
    linux_timespec atime {};
    linux_timespec mtime {};
};

// renameat2(2) flags a filesystem sees.
constexpr u32 RENAME_NOREPLACE = 1u << 0;
constexpr u32 RENAME_EXCHANGE = 1u << 1;
constexpr u32 RENAME_WHITEOUT = 1u << 2;

// setxattr(2) flags.
constexpr int XATTR_CREATE = 1;
constexpr int XATTR_REPLACE = 2;

class Inode : public RefCounted {
public:
    Inode(FileSystem& fs, u64 ino, u32 mode)
        : m_fs(fs)
        , m_ino(ino)
        , m_mode(mode)
    {
    }

    FileSystem& fs() const { return m_fs; }
    u64 ino() const { return m_ino; }
    // The file type and permission bits as they were at lookup; stat() is authoritative.
    u32 mode() const { return m_mode; }
    // F_SET_RW_HINT's expected lifetime of written data (RWH_WRITE_LIFE_*): kept and
    // reported, never acted on.
    u8 write_hint() const { return __atomic_load_n(&m_write_hint, __ATOMIC_RELAXED); }
    void set_write_hint(u8 hint) { __atomic_store_n(&m_write_hint, hint, __ATOMIC_RELAXED); }
    bool is_directory() const { return (m_mode & S_IFMT) == S_IFDIR; }
    bool is_symlink() const { return (m_mode & S_IFMT) == S_IFLNK; }

    // Returns a new reference to the child `name` of this directory.
    virtual Result<Inode*> lookup(StringView name);
    // Looks `name` up as lookup() does. A filesystem that learns the child's attributes
    // in the same step (hostfs: one host fstatat does both) stores them in `learned`, so
    // that a stat right after needs no second call; the default learns nothing.
    virtual Result<Inode*> lookup_stat(StringView name, LookupStat&) { return lookup(name); }
    // Copies the target of this symbolic link into `buffer`; returns its length (no NUL).
    virtual Result<usize> readlink(char* buffer, usize capacity);
    // Magic links (/proc/PID/fd/N) name an open file rather than a path; following one
    // yields a new reference to that file.
    virtual bool is_magic_link() const { return false; }
    // Links Linux treats as magic (/proc/PID/exe, cwd, root) although this kernel
    // follows them by their text; RESOLVE_NO_MAGICLINKS refuses them too.
    virtual bool counts_as_magic_link() const { return is_magic_link(); }
    virtual Result<OpenFile*> magic_target();
    virtual Result<void> stat(linux_stat& st) = 0;
    // statfs(2) of the filesystem holding this inode; the default describes a filesystem
    // with no capacity limits of its own. The caller adds the mount's flags.
    virtual Result<void> statfs(linux_statfs& st);
    // Opens this inode. `path` names it (the file keeps a reference); `flags` are the
    // open(2) flags after validation, without O_CREAT/O_EXCL/O_CLOEXEC.
    virtual Result<OpenFile*> open(const Path& path, int flags) = 0;
    // Directory listing for filesystems without a host directory behind them: entry
    // `index` (from 0, after "." and ".."), or false when there are no more.
    virtual Result<bool> list_entry(u64 index, DirEntryInfo& entry);

    // The mutation interface. Directory operations are called on the parent directory
    // with one final name (never "." or ".."); the VFS has already resolved the path,
    // checked that the mount is writable, checked the caller's permissions (write and
    // search on the directory, the sticky bit) and the object types Linux checks
    // generically (EISDIR, ENOTDIR, EEXIST for an existing name it found). A filesystem
    // still answers EEXIST/ENOENT/ENOTEMPTY from its own state, which is authoritative
    // under races. The defaults give Linux's answer for a filesystem that cannot do it:
    // EROFS when the filesystem is read-only, EPERM otherwise (ENOTDIR on non-directories).
    //
    // Creates a regular file, FIFO, socket or device node; returns a new reference.
    virtual Result<Inode*> create(StringView name, const InodeCreation& creation);
    // Creates a directory; `creation.mode` has S_IFDIR.
    virtual Result<Inode*> mkdir(StringView name, const InodeCreation& creation);
    // Creates a symbolic link holding `target`.
    virtual Result<Inode*> symlink(StringView name, StringView target, const InodeCreation& creation);
    // Makes `name` another link to `target`, a non-directory of the same filesystem.
    virtual Result<void> link(StringView name, Inode& target);
    // Removes the non-directory `name`.
    virtual Result<void> unlink(StringView name);
    // Removes the empty directory `name`.
    virtual Result<void> rmdir(StringView name);
    // Moves `old_name` here to `new_name` in `new_dir` (same filesystem), replacing or
    // exchanging with what is there as `flags` (RENAME_*) say. The VFS has checked
    // EXDEV, EINVAL (a directory moved under itself) and the flags' validity.
    virtual Result<void> rename(StringView old_name, Inode& new_dir, StringView new_name, u32 flags);
    // O_TMPFILE: an unnamed regular file in this directory, with a link count of 0.
    virtual Result<Inode*> create_tmpfile(const InodeCreation& creation);
    // Makes an unnamed file (O_TMPFILE) visible as `name` here; EINVAL where unsupported.
    virtual Result<void> link_tmpfile(StringView name, Inode& target) { return link(name, target); }
    // Applies chmod/chown/truncate/utimes changes.
    virtual Result<void> setattr(const InodeAttr& attr);
    // The btime statx(2) reports with STATX_BTIME, when the filesystem records one.
    virtual bool birth_time(linux_timespec&) const { return false; }
    // A read or a listing through a mount with `mount_flags` (MNT_*): filesystems that
    // keep their own atime (memfs) update it; the host updates hostfs files itself.
    virtual void accessed(u32 /*mount_flags*/) { }
    // Adds the STATX_ATTR_* bits the filesystem keeps to statx's attributes and mask.
    virtual void statx_attributes(u64& /*attributes*/, u64& /*mask*/) const { }
    // The file this inode's locks belong to. The default, the inode number within its
    // filesystem, suits filesystems that give every name of a file one inode; hostfs and
    // the overlay, which make an inode per name, say which file the name reaches. It may
    // change over the inode's life (an overlay copy-up): the lock table asks at each use.
    virtual LockKey lock_key() const { return { &m_fs, 0, m_ino }; }

    // The FS_*_FL attribute flags of FS_IOC_GETFLAGS/FS_IOC_SETFLAGS (lsattr, chattr).
    // ENOTTY where the filesystem keeps none, as on Linux. The caller has checked the
    // right to change them.
    virtual Result<u32> fileattr_get() { return Errno::ENOTTY; }
    virtual Result<void> fileattr_set(u32) { return Errno::ENOTTY; }

    // Extended attributes. `name` is the full name ("user.x"); the VFS has checked the
    // namespace and the caller's right to it. getxattr with `capacity` 0 returns the
    // size; listxattr writes NUL-terminated names the caller may see.
    virtual Result<usize> getxattr(StringView name, void* buffer, usize capacity);
    virtual Result<void> setxattr(StringView name, const void* value, usize size, int flags);
    virtual Result<usize> listxattr(char* buffer, usize capacity, bool include_trusted);
    virtual Result<void> removexattr(StringView name);

private:
    FileSystem& m_fs;
    u64 m_ino;
    u32 m_mode;
    u8 m_write_hint { 0 };
};

// Converts a stat mode to the d_type of a directory entry.
u8 dirent_type_of(u32 mode);
