// Extended attributes: get, list, set and remove, by path, by link and by fd.
//
// The namespace and permission rules are Linux's xattr_permission: user.* on regular
// files and directories with read or write permission, trusted.* with CAP_SYS_ADMIN,
// security.* for anyone who may write, system.* (ACLs) unsupported. Each filesystem
// stores the attributes (Inode::getxattr and friends); read-only ones keep none.

#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"
#include "kernel/vfs/VfsChange.h"

namespace {

constexpr usize XATTR_NAME_MAX = 255;
constexpr usize XATTR_SIZE_MAX = 65536;
constexpr usize XATTR_LIST_MAX = 65536;
constexpr int CAP_SYS_ADMIN = 21;

struct Name {
    char text[XATTR_NAME_MAX + 1];
    usize length { 0 };
    StringView view() const { return { text, length }; }
};

// Copies in and checks an attribute name as Linux's import_xattr_name does.
Result<Name> read_name(UserPtr<const char> user_name)
{
    Name name;
    auto n = copy_string_from_user(user_name, name.text, sizeof(name.text));
    if (n.is_error())
        return n.error() == Errno::ENAMETOOLONG ? Errno::ERANGE : n.error();
    if (n.value() == 0)
        return Errno::ERANGE;
    name.length = n.value();
    return name;
}

Result<Path> by_path(Thread& thread, UserPtr<const char> path, bool follow)
{
    auto found = TRY(vfs_lookup_user(thread.process(), AT_FDCWD, path.address(), follow ? WALK_FOLLOW : 0));
    if (found.path.is_null())
        return Errno::EOPNOTSUPP;
    return static_cast<Path&&>(found.path);
}

Result<Path> by_fd(Thread& thread, int fd)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    if (file->path().is_null())
        return Errno::EOPNOTSUPP;
    return file->path();
}

// xattr_permission(): may the caller read (`may` MAY_READ) or change (MAY_WRITE) `name`?
Result<void> permission(Thread& thread, const Path& path, StringView name, int may)
{
    const Credentials& cred = thread.process().credentials();
    Inode& inode = path.inode();
    if (name.starts_with("trusted."))
        return cred.capable(CAP_SYS_ADMIN) ? Result<void>() : Result<void>(may == MAY_WRITE ? Errno::EPERM : Errno::ENODATA);
    if (name.starts_with("system."))
        return Errno::EOPNOTSUPP;
    if (!name.starts_with("user.") && !name.starts_with("security."))
        return Errno::EOPNOTSUPP;
    if (may == MAY_WRITE && path.mount->read_only())
        return Errno::EROFS;
    if (name.starts_with("user.")) {
        u32 type = inode.mode() & S_IFMT;
        if (type != S_IFREG && type != S_IFDIR)
            return may == MAY_WRITE ? Errno::EPERM : Errno::ENODATA;
        if (type == S_IFDIR && may == MAY_WRITE) {
            linux_stat st {};
            TRY(inode.stat(st));
            if ((st.st_mode & S_ISVTX) && !vfs_owner_or_capable(cred, st))
                return Errno::EPERM;
        }
    }
    return vfs_permission(cred, inode, may);
}

// permission(), then xattr_resolve_name()'s rule: a namespace prefix alone names
// nothing (EINVAL).
Result<void> check_name(Thread& thread, const Path& path, StringView name, int may)
{
    TRY(permission(thread, path, name, may));
    for (StringView prefix : { StringView("user."), StringView("trusted."), StringView("security.") }) {
        if (name.size() == prefix.size() && name.starts_with(prefix))
            return Errno::EINVAL;
    }
    return {};
}

Result<u64> get(Thread& thread, Result<Path> target, UserPtr<const char> user_name, UserPtr<u8> value, u64 size)
{
    Path path = TRY(static_cast<Result<Path>&&>(target));
    Name name = TRY(read_name(user_name));
    TRY(check_name(thread, path, name.view(), MAY_READ));
    if (size > XATTR_SIZE_MAX)
        size = XATTR_SIZE_MAX;
    auto* buffer = static_cast<u8*>(arena().allocate(XATTR_SIZE_MAX));
    if (!buffer)
        return Errno::ENOMEM;
    auto got = path.inode().getxattr(name.view(), buffer, size);
    Result<void> copied;
    if (got.is_ok() && size && got.value())
        copied = copy_to_user(value.address(), buffer, got.value());
    arena().deallocate(buffer, XATTR_SIZE_MAX);
    usize length = TRY(static_cast<Result<usize>&&>(got));
    TRY(copied);
    return u64(length);
}

Result<u64> list(Thread& thread, Result<Path> target, UserPtr<char> out, u64 size)
{
    Path path = TRY(static_cast<Result<Path>&&>(target));
    if (size > XATTR_LIST_MAX)
        size = XATTR_LIST_MAX;
    auto* buffer = static_cast<char*>(arena().allocate(XATTR_LIST_MAX));
    if (!buffer)
        return Errno::ENOMEM;
    bool trusted = thread.process().credentials().capable(CAP_SYS_ADMIN);
    auto got = path.inode().listxattr(buffer, size, trusted);
    Result<void> copied;
    if (got.is_ok() && size && got.value())
        copied = copy_to_user(out.address(), buffer, got.value());
    arena().deallocate(buffer, XATTR_LIST_MAX);
    usize length = TRY(static_cast<Result<usize>&&>(got));
    TRY(copied);
    return u64(length);
}

Result<u64> set(Thread& thread, Result<Path> target, UserPtr<const char> user_name, UserPtr<const u8> value, u64 size,
    int flags)
{
    if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
        return Errno::EINVAL;
    Path path = TRY(static_cast<Result<Path>&&>(target));
    Name name = TRY(read_name(user_name));
    if (size > XATTR_SIZE_MAX)
        return Errno::E2BIG;
    auto* buffer = static_cast<u8*>(arena().allocate(XATTR_SIZE_MAX));
    if (!buffer)
        return Errno::ENOMEM;
    Result<void> done = size ? copy_from_user(buffer, value.address(), size) : Result<void>();
    if (done.is_ok())
        done = check_name(thread, path, name.view(), MAY_WRITE);
    if (done.is_ok())
        done = path.inode().setxattr(name.view(), buffer, size, flags);
    arena().deallocate(buffer, XATTR_SIZE_MAX);
    TRY(done);
    return u64(0);
}

Result<u64> remove(Thread& thread, Result<Path> target, UserPtr<const char> user_name)
{
    Path path = TRY(static_cast<Result<Path>&&>(target));
    Name name = TRY(read_name(user_name));
    TRY(check_name(thread, path, name.view(), MAY_WRITE));
    TRY(path.inode().removexattr(name.view()));
    return u64(0);
}

}

// Implements getxattr(2).
Result<u64> sys_getxattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name, UserPtr<u8> value, u64 size)
{
    return get(thread, by_path(thread, path, true), name, value, size);
}

// Implements lgetxattr(2).
Result<u64> sys_lgetxattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name, UserPtr<u8> value, u64 size)
{
    return get(thread, by_path(thread, path, false), name, value, size);
}

// Implements fgetxattr(2).
Result<u64> sys_fgetxattr(Thread& thread, int fd, UserPtr<const char> name, UserPtr<u8> value, u64 size)
{
    return get(thread, by_fd(thread, fd), name, value, size);
}

// Implements listxattr(2).
Result<u64> sys_listxattr(Thread& thread, UserPtr<const char> path, UserPtr<char> list_out, u64 size)
{
    return list(thread, by_path(thread, path, true), list_out, size);
}

// Implements llistxattr(2).
Result<u64> sys_llistxattr(Thread& thread, UserPtr<const char> path, UserPtr<char> list_out, u64 size)
{
    return list(thread, by_path(thread, path, false), list_out, size);
}

// Implements flistxattr(2).
Result<u64> sys_flistxattr(Thread& thread, int fd, UserPtr<char> list_out, u64 size)
{
    return list(thread, by_fd(thread, fd), list_out, size);
}

// Implements setxattr(2).
Result<u64> sys_setxattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name, UserPtr<const u8> value, u64 size,
    int flags)
{
    return set(thread, by_path(thread, path, true), name, value, size, flags);
}

// Implements lsetxattr(2).
Result<u64> sys_lsetxattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name, UserPtr<const u8> value, u64 size,
    int flags)
{
    return set(thread, by_path(thread, path, false), name, value, size, flags);
}

// Implements fsetxattr(2).
Result<u64> sys_fsetxattr(Thread& thread, int fd, UserPtr<const char> name, UserPtr<const u8> value, u64 size, int flags)
{
    return set(thread, by_fd(thread, fd), name, value, size, flags);
}

// Implements removexattr(2).
Result<u64> sys_removexattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name)
{
    return remove(thread, by_path(thread, path, true), name);
}

// Implements lremovexattr(2).
Result<u64> sys_lremovexattr(Thread& thread, UserPtr<const char> path, UserPtr<const char> name)
{
    return remove(thread, by_path(thread, path, false), name);
}

// Implements fremovexattr(2).
Result<u64> sys_fremovexattr(Thread& thread, int fd, UserPtr<const char> name)
{
    return remove(thread, by_fd(thread, fd), name);
}
