// Extended attributes: get, list, set and remove, by path, by link and by fd.
//
// No filesystem stores extended attributes yet: every file has none. Reads answer
// ENODATA and an empty list, as for a file without attributes on Linux; writes answer
// EROFS on read-only mounts and EOPNOTSUPP elsewhere (FIXME: memfs and writable hostfs).

#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"

namespace {

constexpr usize XATTR_NAME_MAX = 255;

// Copies in and checks an attribute name as Linux's import_xattr_name does.
Result<void> check_name(UserPtr<const char> user_name)
{
    char name[XATTR_NAME_MAX + 1];
    auto n = copy_string_from_user(user_name, name, sizeof(name));
    if (n.is_error())
        return n.error() == Errno::ENAMETOOLONG ? Errno::ERANGE : n.error();
    if (n.value() == 0)
        return Errno::ERANGE;
    StringView s(name, n.value());
    if (!s.starts_with("user.") && !s.starts_with("trusted.") && !s.starts_with("security.") && !s.starts_with("system."))
        return Errno::EOPNOTSUPP;
    return {};
}

// The object a path or fd names: its mount says whether it is writable.
struct Target {
    bool read_only { false };
};

Result<Target> by_path(Thread& thread, UserPtr<const char> path, bool follow)
{
    auto found = TRY(vfs_lookup_user(thread.process(), AT_FDCWD, path.address(), follow));
    Target target;
    target.read_only = !found.path.is_null() && found.path.mount->read_only();
    return target;
}

Result<Target> by_fd(Thread& thread, int fd)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    Target target;
    target.read_only = !file->path().is_null() && file->path().mount->read_only();
    return target;
}

Result<u64> get(Result<Target> target, UserPtr<const char> name)
{
    if (target.is_error())
        return target.error();
    TRY(check_name(name));
    return Errno::ENODATA;
}

Result<u64> list(Result<Target> target)
{
    if (target.is_error())
        return target.error();
    return u64(0);
}

Result<u64> set(Result<Target> target, UserPtr<const char> name, u64 size, int flags)
{
    if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
        return Errno::EINVAL;
    if (target.is_error())
        return target.error();
    TRY(check_name(name));
    if (size > 65536)
        return Errno::E2BIG;
    if (target.value().read_only)
        return Errno::EROFS;
    return Errno::EOPNOTSUPP;
}

Result<u64> remove(Result<Target> target, UserPtr<const char> name)
{
    if (target.is_error())
        return target.error();
    TRY(check_name(name));
    if (target.value().read_only)
        return Errno::EROFS;
    return Errno::ENODATA;
}

}

// Implements getxattr(2).
Result<u64> sys_getxattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name, UserPtr<u8>, u64)
{
    return get(by_path(thread, path, true), name);
}

// Implements lgetxattr(2).
Result<u64> sys_lgetxattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name, UserPtr<u8>, u64)
{
    return get(by_path(thread, path, false), name);
}

// Implements fgetxattr(2).
Result<u64> sys_fgetxattr(Thread& thread, int fd, UserPtr<const char> name, UserPtr<u8>, u64)
{
    return get(by_fd(thread, fd), name);
}

// Implements listxattr(2).
Result<u64> sys_listxattr(Thread& thread, UserPtr<const char> path, UserPtr<char>, u64) { return list(by_path(thread, path, true)); }

// Implements llistxattr(2).
Result<u64> sys_llistxattr(Thread& thread, UserPtr<const char> path, UserPtr<char>, u64) { return list(by_path(thread, path, false)); }

// Implements flistxattr(2).
Result<u64> sys_flistxattr(Thread& thread, int fd, UserPtr<char>, u64) { return list(by_fd(thread, fd)); }

// Implements setxattr(2).
Result<u64> sys_setxattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name, UserPtr<const u8>, u64 size, int flags)
{
    return set(by_path(thread, path, true), name, size, flags);
}

// Implements lsetxattr(2).
Result<u64> sys_lsetxattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name, UserPtr<const u8>, u64 size, int flags)
{
    return set(by_path(thread, path, false), name, size, flags);
}

// Implements fsetxattr(2).
Result<u64> sys_fsetxattr(Thread& thread, int fd, UserPtr<const char> name, UserPtr<const u8>, u64 size, int flags)
{
    return set(by_fd(thread, fd), name, size, flags);
}

// Implements removexattr(2).
Result<u64> sys_removexattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name)
{
    return remove(by_path(thread, path, true), name);
}

// Implements lremovexattr(2).
Result<u64> sys_lremovexattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name)
{
    return remove(by_path(thread, path, false), name);
}

// Implements fremovexattr(2).
Result<u64> sys_fremovexattr(Thread& thread, int fd, UserPtr<const char> name) { return remove(by_fd(thread, fd), name); }
