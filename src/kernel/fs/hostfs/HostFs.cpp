#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostFile.h"
#include "kernel/fs/hostfs/HostHandles.h"
#include "kernel/vfs/Dentry.h"
#include "platform/Platform.h"

namespace {

constexpr u64 BENEATH = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS;

constexpr u32 OVERFLOW_ID = 65534;

Result<void> fstat_fd(int fd, linux_stat& st)
{
    TRY(platform::fstatat(fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    hostfs_present_owner(st);
    return {};
}

struct HostFd {
    int fd;
    ~HostFd() { (void)platform::close(fd); }
};

}

void hostfs_present_owner(linux_stat& st)
{
    if (st.st_uid == OVERFLOW_ID)
        st.st_uid = 0;
    if (st.st_gid == OVERFLOW_ID)
        st.st_gid = 0;
}

Result<HostFs*> HostFs::create(const char* host_root, bool read_only)
{
    int fd = TRY(platform::openat(AT_FDCWD, host_root, O_PATH | O_DIRECTORY | O_CLOEXEC, 0));
    auto handle = host_handles::install(fd);
    if (handle.is_error()) {
        (void)platform::close(fd);
        return handle.error();
    }
    auto* fs = arena().make<HostFs>(allocate_anonymous_dev(), read_only, handle.value());
    if (!fs) {
        host_handles::release(handle.value());
        return Errno::ENOMEM;
    }
    auto root = HostInode::make(*fs, ".");
    if (root.is_error()) {
        host_handles::release(handle.value());
        arena().destroy(fs);
        return root.error();
    }
    fs->m_root = root.value();
    return fs;
}

Inode* HostFs::root_inode()
{
    m_root->ref();
    return m_root;
}

Result<int> HostFs::open_beneath(const char* relative, int flags)
{
    int root = host_handles::host_fd(m_root_handle);
    if (root < 0)
        return Errno::EIO;
    return platform::openat2(root, relative, u64(flags | O_CLOEXEC | O_NOFOLLOW), 0, BENEATH);
}

Result<HostInode*> HostInode::make(HostFs& fs, StringView relative)
{
    if (relative.size() >= PATH_MAX)
        return Errno::ENAMETOOLONG;
    auto* copy = static_cast<char*>(arena().allocate(relative.size() + 1));
    if (!copy)
        return Errno::ENOMEM;
    mem_copy(copy, relative.data(), relative.size());
    copy[relative.size()] = '\0';
    auto fd = fs.open_beneath(copy, O_PATH);
    linux_stat st {};
    Result<void> stated = fd.is_ok() ? fstat_fd(fd.value(), st) : Result<void>(fd.error());
    if (fd.is_ok())
        (void)platform::close(fd.value());
    if (stated.is_error()) {
        arena().deallocate(copy, relative.size() + 1);
        // A name the host cannot walk beneath the root (an escaping or magic link in a
        // component) is simply not there for the guest.
        return stated.error() == Errno::EXDEV ? Errno::ENOENT : stated.error();
    }
    auto* inode = make_ref_counted<HostInode>(fs, st.st_ino, st.st_mode, copy, relative.size());
    if (!inode) {
        arena().deallocate(copy, relative.size() + 1);
        return Errno::ENOMEM;
    }
    return inode;
}

HostInode::~HostInode() { arena().deallocate(m_relative, m_length + 1); }

Result<Inode*> HostInode::lookup(StringView name)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    char relative[PATH_MAX];
    usize n = 0;
    bool at_root = m_length == 1 && m_relative[0] == '.';
    if (!at_root) {
        if (m_length + 1 + name.size() >= PATH_MAX)
            return Errno::ENAMETOOLONG;
        mem_copy(relative, m_relative, m_length);
        n = m_length;
        relative[n++] = '/';
    }
    if (n + name.size() >= PATH_MAX)
        return Errno::ENAMETOOLONG;
    mem_copy(relative + n, name.data(), name.size());
    n += name.size();
    Inode* inode = TRY(make(host_fs(), StringView(relative, n)));
    return inode;
}

Result<usize> HostInode::readlink(char* buffer, usize capacity)
{
    if (!is_symlink())
        return Errno::EINVAL;
    HostFd fd { TRY(host_fs().open_beneath(m_relative, O_PATH)) };
    return TRY(platform::readlinkat(fd.fd, "", buffer, capacity));
}

Result<void> HostInode::stat(linux_stat& st)
{
    HostFd fd { TRY(host_fs().open_beneath(m_relative, O_PATH)) };
    return fstat_fd(fd.fd, st);
}

Result<void> HostInode::statfs(linux_statfs& st)
{
    HostFd fd { TRY(host_fs().open_beneath(m_relative, O_PATH)) };
    return platform::fstatfs(fd.fd, &st);
}

Result<OpenFile*> HostInode::open(const Path& path, int flags)
{
    if (flags & O_PATH)
        return HostFile::create_path_only(path, flags);
    bool wants_write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
    if (wants_write && (is_directory()))
        return Errno::EISDIR;
    if (wants_write && fs().read_only())
        return Errno::EROFS;
    // FIFOs and devices on the host are not a channel into the sandbox.
    u32 type = mode() & S_IFMT;
    if (type != S_IFREG && type != S_IFDIR)
        return Errno::EACCES;
    int host_flags = O_RDONLY | (flags & O_DIRECTORY) | O_NONBLOCK;
    int fd = TRY(host_fs().open_beneath(m_relative, host_flags));
    return HostFile::create(path, flags, fd);
}
