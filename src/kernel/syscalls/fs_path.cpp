// Path-based calls: open, openat, readlink, access, and the working directory.

#include "kernel/base/Memory.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/FsContext.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"
#include "kernel/vfs/VfsChange.h"

namespace {

// Every flag open(2) knows. Linux ignores unknown bits for open and openat, so they are
// dropped rather than refused.
constexpr int OPEN_KNOWN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC
    | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE;
// With O_PATH, Linux keeps only these.
constexpr int O_PATH_FLAGS = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

// The combinations Linux's build_open_flags() refuses: O_TMPFILE's own bit without
// O_DIRECTORY, or with O_CREAT, or read-only; and O_CREAT|O_DIRECTORY (since 6.4).
Result<void> check_open_flags(int flags)
{
    constexpr int O_TMPFILE_BIT = O_TMPFILE & ~O_DIRECTORY;
    if (flags & O_TMPFILE_BIT) {
        if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE || (flags & O_ACCMODE) == O_RDONLY)
            return Errno::EINVAL;
        return {};
    }
    if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
        return Errno::EINVAL;
    return {};
}

Result<u64> do_openat(Thread& thread, int dirfd, UserPtr<const char> user_path, int flags, u32 mode)
{
    flags &= OPEN_KNOWN_FLAGS;
    if (flags & O_PATH)
        flags &= O_PATH_FLAGS;
    TRY(check_open_flags(flags));
    char path[PATH_MAX];
    usize n = TRY(copy_string_from_user(user_path, path, sizeof(path)));
    if ((flags & O_TMPFILE) == O_TMPFILE) {
        OpenFile* file = TRY(vfs_open_tmpfile(thread.process(), dirfd, StringView(path, n), flags, mode & 07777));
        return install_fd(thread, file, flags & O_CLOEXEC);
    }
    OpenFile* file = TRY(vfs_open(thread.process(), dirfd, StringView(path, n), flags, mode & 07777));
    return install_fd(thread, file, flags & O_CLOEXEC);
}

Result<u64> do_readlinkat(Thread& thread, int dirfd, UserPtr<const char> user_path, UserPtr<char> buf, int bufsiz)
{
    if (bufsiz <= 0)
        return Errno::EINVAL;
    auto found = TRY(vfs_lookup_user(thread.process(), dirfd, user_path.address(), 0, dirfd == AT_FDCWD ? 0 : AT_EMPTY_PATH));
    if (found.magic_file || !found.path.inode().is_symlink()) {
        // An empty path names dirfd itself, and Linux answers ENOENT when that is no
        // symlink; a path to something else is EINVAL.
        char first = 0;
        TRY(copy_from_user(&first, user_path.address(), 1));
        return first == '\0' ? Errno::ENOENT : Errno::EINVAL;
    }
    char target[PATH_MAX];
    usize n = TRY(found.path.inode().readlink(target, sizeof(target)));
    if (n > usize(bufsiz))
        n = usize(bufsiz);
    TRY(copy_to_user(buf.address(), target, n));
    return u64(n);
}

// The guest is root with every capability (Credentials.h), so only the filesystem can
// refuse: writes on a read-only mount, and execution of a file with no x bit at all.
Result<u64> do_faccessat(Thread& thread, int dirfd, UserPtr<const char> user_path, int mode, int flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return Errno::EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return Errno::EINVAL;
    // Without AT_EACCESS the check, path walk included, is made with the real ids, and
    // with full capabilities only for a real root (Linux's access_override_creds()).
    Credentials cred = thread.process().credentials();
    if (!(flags & AT_EACCESS)) {
        cred.fsuid = cred.uid;
        cred.fsgid = cred.gid;
        cred.cap_effective = cred.uid == 0 ? cred.cap_permitted : 0;
    }
    auto found = TRY(
        vfs_lookup_user(thread.process(), dirfd, user_path.address(), (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW, flags, &cred));
    if (found.magic_file)
        return u64(0);
    Inode& inode = found.path.inode();
    u32 type = inode.mode() & S_IFMT;
    if ((mode & X_OK) && type == S_IFREG && (found.path.mount->flags() & MNT_NOEXEC))
        return Errno::EACCES;
    TRY(vfs_permission(cred, inode, mode));
    if ((mode & W_OK) && found.path.mount->read_only() && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO
        && type != S_IFSOCK)
        return Errno::EROFS;
    return u64(0);
}

}

// Implements open(2).
Result<u64> sys_open(Thread& thread, UserPtr<const char> path, int flags, u32 mode)
{
    return do_openat(thread, AT_FDCWD, path, flags, mode);
}

// Implements openat(2).
Result<u64> sys_openat(Thread& thread, int dirfd, UserPtr<const char> path, int flags, u32 mode)
{
    return do_openat(thread, dirfd, path, flags, mode);
}

// Implements openat2(2). The open_how structure is read as Linux's copy_struct_from_user
// does (a larger one must be zero beyond what is known), and unlike openat every unknown
// flag is refused. RESOLVE_CACHED is always satisfied: lookups never block here.
Result<u64> sys_openat2(Thread& thread, int dirfd, UserPtr<const char> user_path, UserPtr<const u8> user_how, u64 size)
{
    constexpr u64 OPEN_HOW_SIZE_VER0 = 24;
    constexpr u64 RESOLVE_ALL = RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH
        | RESOLVE_IN_ROOT | RESOLVE_CACHED;
    if (size < OPEN_HOW_SIZE_VER0)
        return Errno::EINVAL;
    if (size > PAGE_SIZE)
        return Errno::E2BIG;
    linux_open_how how {};
    TRY(copy_from_user(&how, user_how.address(), sizeof(how)));
    for (u64 at = sizeof(how); at < size; ++at) {
        u8 byte = 0;
        TRY(copy_from_user(&byte, user_how.address() + at, 1));
        if (byte)
            return Errno::E2BIG;
    }
    if (how.flags > 0xffffffffu || (int(how.flags) & ~OPEN_KNOWN_FLAGS))
        return Errno::EINVAL;
    int flags = int(how.flags);
    bool creates = (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
    if ((how.mode & ~u64(07777)) || (!creates && how.mode))
        return Errno::EINVAL;
    if ((how.resolve & ~RESOLVE_ALL) || ((how.resolve & RESOLVE_BENEATH) && (how.resolve & RESOLVE_IN_ROOT)))
        return Errno::EINVAL;
    if ((flags & O_PATH) && (flags & ~O_PATH_FLAGS))
        return Errno::EINVAL;
    TRY(check_open_flags(flags));
    if ((how.resolve & RESOLVE_CACHED) && (flags & (O_CREAT | O_TRUNC | O_TMPFILE)))
        return Errno::EAGAIN;
    if ((flags & O_TMPFILE) == O_TMPFILE)
        return do_openat(thread, dirfd, user_path, flags, u32(how.mode));
    u32 walk = 0;
    walk |= (how.resolve & RESOLVE_NO_SYMLINKS) ? WALK_NO_SYMLINKS : 0;
    walk |= (how.resolve & RESOLVE_NO_MAGICLINKS) ? WALK_NO_MAGICLINKS : 0;
    walk |= (how.resolve & RESOLVE_NO_XDEV) ? WALK_NO_XDEV : 0;
    walk |= (how.resolve & RESOLVE_BENEATH) ? WALK_BENEATH : 0;
    bool start_is_root = how.resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT);
    char path[PATH_MAX];
    usize n = TRY(copy_string_from_user(user_path, path, sizeof(path)));
    OpenFile* file = TRY(vfs_open(thread.process(), dirfd, StringView(path, n), flags, u32(how.mode), walk, start_is_root));
    return install_fd(thread, file, flags & O_CLOEXEC);
}

// Implements readlink(2).
Result<u64> sys_readlink(Thread& thread, UserPtr<const char> path, UserPtr<char> buf, int bufsiz)
{
    return do_readlinkat(thread, AT_FDCWD, path, buf, bufsiz);
}

// Implements readlinkat(2).
Result<u64> sys_readlinkat(Thread& thread, int dirfd, UserPtr<const char> path, UserPtr<char> buf, int bufsiz)
{
    return do_readlinkat(thread, dirfd, path, buf, bufsiz);
}

// Implements access(2).
Result<u64> sys_access(Thread& thread, UserPtr<const char> path, int mode)
{
    return do_faccessat(thread, AT_FDCWD, path, mode, 0);
}

// Implements faccessat(2) (the system call has no flags argument).
Result<u64> sys_faccessat(Thread& thread, int dirfd, UserPtr<const char> path, int mode)
{
    return do_faccessat(thread, dirfd, path, mode, 0);
}

// Implements faccessat2(2).
Result<u64> sys_faccessat2(Thread& thread, int dirfd, UserPtr<const char> path, int mode, int flags)
{
    return do_faccessat(thread, dirfd, path, mode, flags);
}

// Implements getcwd(2).
Result<u64> sys_getcwd(Thread& thread, UserPtr<char> buf, u64 size)
{
    auto& fs = thread.process().fs();
    Path root = fs.root();
    Path cwd = fs.cwd();
    if (cwd.dentry->is_unlinked())
        return Errno::ENOENT;
    char path[PATH_MAX];
    // A cwd outside a chroot is shown from the top, marked as Linux marks it.
    constexpr StringView UNREACHABLE = "(unreachable)";
    usize prefix = path_is_beneath(root, cwd) ? 0 : UNREACHABLE.size();
    mem_copy(path, UNREACHABLE.data(), prefix);
    usize n = prefix + TRY(path_to_string(root, cwd, path + prefix, sizeof(path) - 1 - prefix));
    path[n++] = '\0';
    if (n > size)
        return Errno::ERANGE;
    TRY(copy_to_user(buf.address(), path, n));
    return u64(n);
}

// Implements chdir(2).
Result<u64> sys_chdir(Thread& thread, UserPtr<const char> user_path)
{
    char path[PATH_MAX];
    usize n = TRY(copy_string_from_user(user_path, path, sizeof(path)));
    auto found = TRY(vfs_lookup(thread.process(), AT_FDCWD, StringView(path, n), WALK_FOLLOW | WALK_DIRECTORY));
    if (found.magic_file)
        return Errno::ENOTDIR;
    TRY(vfs_permission(thread.process().credentials(), found.path.inode(), MAY_EXEC));
    thread.process().fs().set_cwd(found.path);
    return u64(0);
}

// Implements fchdir(2).
Result<u64> sys_fchdir(Thread& thread, int fd)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->path().is_null() || !file->path().inode().is_directory())
        return Errno::ENOTDIR;
    TRY(vfs_permission(thread.process().credentials(), file->path().inode(), MAY_EXEC));
    thread.process().fs().set_cwd(file->path());
    return u64(0);
}

// Implements umask(2).
Result<u64> sys_umask(Thread& thread, u32 mask) { return u64(thread.process().fs().exchange_umask(mask)); }
