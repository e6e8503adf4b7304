// Extended attributes and attribute flags of hostfs files. user.* names are the host
// file's own (the host keeps them, and checks them again as the sandbox's host uid).
// trusted.* and security.* names need a privilege that uid lacks, so the kernel keeps
// them (HostOwners); a security.* name the kernel does not hold is read from the host,
// where an LSM may have set it. The VFS has checked the namespace and the caller's right
// to it.

#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Ioctl.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "platform/Platform.h"

namespace {

bool kept_by_kernel(StringView name) { return name.starts_with("trusted.") || name.starts_with("security."); }

struct XattrName {
    char text[256];
    explicit XattrName(StringView name)
    {
        usize n = name.size() < sizeof(text) - 1 ? name.size() : sizeof(text) - 1;
        mem_copy(text, name.data(), n);
        text[n] = '\0';
    }
};

}

// The host's (dev, ino) of this file, the key of what the kernel keeps.
Result<linux_stat> HostInode::host_identity()
{
    HostFd fd { TRY(open_host(O_PATH)) };
    linux_stat st {};
    TRY(platform::fstatat(fd.fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    return st;
}

// An fd for the host's f*xattr calls and attribute-flag ioctls, which refuse O_PATH fds.
// Only regular files and directories are opened; other types hold no host attributes the
// guest can reach.
Result<int> HostInode::open_for_attrs()
{
    u32 type = mode() & S_IFMT;
    if (type != S_IFREG && type != S_IFDIR)
        return Errno::ENODATA;
    return open_host_as_owner(O_RDONLY | O_NONBLOCK | (type == S_IFDIR ? O_DIRECTORY : 0));
}

// A file the sandbox's host uid may not open is read by path, through /proc/self/fd/N of
// an O_PATH fd: Linux needs no read permission to list names or to read security.* ones,
// and the host still checks user.* names as it would through an open fd.
Result<u64> HostInode::read_host_xattr(const char* name, void* buffer, usize capacity)
{
    auto opened = open_for_attrs();
    if (opened.is_ok()) {
        HostFd fd { opened.value() };
        return name ? platform::fgetxattr(fd.fd, name, buffer, capacity)
                    : platform::flistxattr(fd.fd, static_cast<char*>(buffer), capacity);
    }
    if (opened.error() != Errno::EACCES)
        return opened.error();
    HostFd file { TRY(open_host(O_PATH)) };
    char proc[64];
    format(proc, sizeof(proc), "/proc/self/fd/%d", file.fd);
    return name ? platform::getxattr(proc, name, buffer, capacity) : platform::listxattr(proc, static_cast<char*>(buffer), capacity);
}

Result<usize> HostInode::getxattr(StringView name, void* buffer, usize capacity)
{
    if (kept_by_kernel(name)) {
        linux_stat st = TRY(host_identity());
        auto kept = host_fs().owners().get_xattr(st.st_dev, st.st_ino, name, buffer, capacity);
        if (kept.is_ok() || kept.error() != Errno::ENODATA || name.starts_with("trusted."))
            return kept;
    }
    XattrName host_name(name);
    return TRY(read_host_xattr(host_name.text, buffer, capacity));
}

// The host file's own flags (ext4's show its extents flag, as natively). The host checks
// a change as the sandbox's host uid: append-only and immutable need a privilege it lacks.
Result<u32> HostInode::fileattr_get()
{
    auto opened = open_for_attrs();
    if (opened.is_error())
        return opened.error() == Errno::ENODATA ? Errno::ENOTTY : opened.error();
    HostFd fd { opened.value() };
    int flags = 0;
    TRY(platform::ioctl(fd.fd, FS_IOC_GETFLAGS, u64(&flags)));
    return u32(flags);
}

Result<void> HostInode::fileattr_set(u32 flags)
{
    if (fs().read_only())
        return Errno::EROFS;
    auto opened = open_for_attrs();
    if (opened.is_error())
        return opened.error() == Errno::ENODATA ? Errno::ENOTTY : opened.error();
    HostFd fd { opened.value() };
    int value = int(flags);
    TRY(platform::ioctl(fd.fd, FS_IOC_SETFLAGS, u64(&value)));
    return {};
}

Result<void> HostInode::setxattr(StringView name, const void* value, usize size, int flags)
{
    if (fs().read_only())
        return Errno::EROFS;
    if (kept_by_kernel(name)) {
        linux_stat st = TRY(host_identity());
        return host_fs().owners().set_xattr(st.st_dev, st.st_ino, name, value, size, flags);
    }
    auto opened = open_for_attrs();
    if (opened.is_error())
        return opened.error() == Errno::ENODATA ? Errno::EPERM : opened.error();
    HostFd fd { opened.value() };
    XattrName host_name(name);
    return platform::fsetxattr(fd.fd, host_name.text, value, size, flags);
}

// The host's names first, then the kernel's.
// FIXME: a security.* name both the host and the kernel hold is listed twice.
Result<usize> HostInode::listxattr(char* buffer, usize capacity, bool include_trusted)
{
    auto listed = read_host_xattr(nullptr, buffer, capacity);
    // A host filesystem without attributes, or a file type that holds none the guest can
    // reach, still shows the kernel's.
    if (listed.is_error() && listed.error() != Errno::EOPNOTSUPP && listed.error() != Errno::ENODATA)
        return listed.error();
    usize n = listed.is_ok() ? usize(listed.value()) : 0;
    linux_stat st = TRY(host_identity());
    usize kept = TRY(host_fs().owners().list_xattrs(st.st_dev, st.st_ino, capacity ? buffer + n : nullptr,
        capacity ? capacity - n : 0, capacity == 0, include_trusted));
    return n + kept;
}

Result<void> HostInode::removexattr(StringView name)
{
    if (fs().read_only())
        return Errno::EROFS;
    if (kept_by_kernel(name)) {
        linux_stat st = TRY(host_identity());
        auto removed = host_fs().owners().remove_xattr(st.st_dev, st.st_ino, name);
        if (removed.is_ok() || removed.error() != Errno::ENODATA || name.starts_with("trusted."))
            return removed;
    }
    HostFd fd { TRY(open_for_attrs()) };
    XattrName host_name(name);
    return platform::fremovexattr(fd.fd, host_name.text);
}
