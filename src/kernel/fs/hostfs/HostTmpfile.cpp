// O_TMPFILE on hostfs: the host makes the unnamed file (open of the directory with
// O_TMPFILE), and the kernel keeps that host fd behind the inode until linkat gives the
// file a name or its last holder goes. Every host call that would name the file by its
// path uses a duplicate of that fd instead (HostInode::open_host).

#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/fs/hostfs/HostHandles.h"
#include "platform/Platform.h"

Result<Inode*> HostInode::create_tmpfile(const InodeCreation& creation)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    if (fs().read_only())
        return Errno::EROFS;
    u32 perm = creation.mode & 07777;
    char path[PATH_MAX];
    TRY(host_path(path, sizeof(path)));
    // The host refuses O_TMPFILE on filesystems that cannot do it (EOPNOTSUPP), as Linux
    // does for the guest.
    int fd = TRY(host_fs().open_beneath(path, O_TMPFILE | O_RDWR, perm));
    linux_stat st {};
    auto stated = platform::fstatat(fd, "", &st, AT_EMPTY_PATH);
    if (stated.is_error()) {
        (void)platform::close(fd);
        return stated.error();
    }
    // The host applied its own umask and owner: make both what the guest asked for.
    if ((st.st_mode & 07777) != perm && set_host_mode(fd, perm).is_error())
        (void)host_fs().owners().set_mode(st.st_dev, st.st_ino, perm, true);
    linux_stat shown = st;
    host_fs().present(shown);
    if (shown.st_uid != creation.uid || shown.st_gid != creation.gid)
        (void)host_fs().owners().set_owner(st.st_dev, st.st_ino, creation.uid, creation.gid);
    int handle = TRY(host_handles::install(fd));
    auto* name = static_cast<char*>(arena().allocate(1));
    if (!name) {
        host_handles::release(handle);
        return Errno::ENOMEM;
    }
    name[0] = '\0';
    auto* inode = make_ref_counted<HostInode>(host_fs(), st.st_dev, st.st_ino, S_IFREG | perm, this, name, 0);
    if (!inode) {
        arena().deallocate(name, 1);
        host_handles::release(handle);
        host_fs().owners().forget(st.st_dev, st.st_ino);
        return Errno::ENOMEM;
    }
    // It has no path on the host, and is in no directory's list of children.
    inode->m_removed = true;
    inode->m_unnamed_handle = handle;
    return static_cast<Inode*>(inode);
}

Result<int> HostInode::dup_unnamed()
{
    MutexLocker locker(host_fs().tree_lock());
    // Named meanwhile: the file is reached by its path again.
    if (!is_unnamed())
        return Errno::ENOENT;
    int fd = host_handles::host_fd(m_unnamed_handle);
    // FIXME: a host process that did not inherit the handle cannot reach the file.
    if (fd < 0)
        return Errno::EIO;
    return platform::fcntl(fd, F_DUPFD_CLOEXEC, 0);
}

// Linux's linkat(fd, "", dir, name, AT_EMPTY_PATH) needs CAP_DAC_READ_SEARCH, which the
// sandbox's host uid lacks; linking the host's /proc/self/fd/N with AT_SYMLINK_FOLLOW
// names the same file without it. Like Linux, the file can be named once: afterwards it
// is an ordinary file, and once that name is gone too it cannot be named again (ENOENT).
Result<void> HostInode::link_unnamed(HostInode& dir, int dirfd, StringView name)
{
    if (name.size() > NAME_MAX)
        return Errno::ENAMETOOLONG;
    char text[NAME_MAX + 1];
    mem_copy(text, name.data(), name.size());
    text[name.size()] = '\0';
    {
        HostFd file { TRY(dup_unnamed()) };
        char proc[64];
        format(proc, sizeof(proc), "/proc/self/fd/%d", file.fd);
        auto linked = platform::linkat(AT_FDCWD, proc, dirfd, text, AT_SYMLINK_FOLLOW);
        if (linked.is_error() && linked.error() == Errno::ENOENT) {
            // No host /proc: a host that grants the capability may still link the fd.
            if (platform::linkat(file.fd, "", dirfd, text, AT_EMPTY_PATH).is_ok())
                linked = Result<void>();
        }
        TRY(linked);
    }
    char* copy = arena().copy_string(name);
    if (!copy) {
        (void)platform::unlinkat(dirfd, text, 0);
        return Errno::ENOMEM;
    }
    HostInode* old_parent = nullptr;
    int handle;
    {
        MutexLocker locker(host_fs().tree_lock());
        handle = m_unnamed_handle;
        if (handle >= 0) {
            arena().free_string(m_name, m_length);
            m_name = copy;
            m_length = name.size();
            if (m_parent != &dir) {
                dir.ref();
                old_parent = m_parent;
                m_parent = &dir;
            }
            attach(dir);
            m_removed = false;
            m_unnamed_handle = host_handles::NO_HANDLE;
        }
    }
    if (handle < 0) {
        // Another linkat named it first; the name made here is one too many.
        arena().free_string(copy, name.size());
        (void)platform::unlinkat(dirfd, text, 0);
        return Errno::ENOENT;
    }
    host_handles::release(handle);
    unref_if(old_parent);
    return {};
}

// The last holder of a file that was never named: the host frees it when its fd closes,
// and may reuse its number, so what the kernel kept for it goes too.
void HostInode::forget_unnamed()
{
    int fd = host_handles::host_fd(m_unnamed_handle);
    linux_stat st {};
    if (fd >= 0 && platform::fstatat(fd, "", &st, AT_EMPTY_PATH).is_ok() && st.st_nlink == 0)
        host_fs().owners().forget(st.st_dev, st.st_ino);
    host_handles::release(m_unnamed_handle);
    m_unnamed_handle = host_handles::NO_HANDLE;
}
