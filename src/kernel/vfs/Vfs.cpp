#include "kernel/vfs/Vfs.h"
#include "kernel/base/Arena.h"
#include "kernel/fs/devfs/DevFs.h"
#include "kernel/fs/hostfs/HostBinds.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/fs/hostfs/HostStream.h"
#include "kernel/fs/memfs/MemFs.h"
#include "kernel/fs/overlay/OverlayFs.h"
#include "kernel/fs/procfs/ProcFs.h"
#include "kernel/fs/tarfs/TarFs.h"
#include "kernel/Kernel.h"
#include "kernel/fs/sysfs/SysFs.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/FdTable.h"
#include "kernel/task/FsContext.h"
#include "kernel/task/Process.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/VfsChange.h"
#include "platform/Platform.h"

namespace {

Result<void> mount_at(const char* where, FileSystem& fs, u32 flags)
{
    Path top(mount_table().root_mount(), mount_table().root_mount()->root());
    auto found = path_walk(top, top, where, WALK_FOLLOW | WALK_DIRECTORY);
    // A root image (--image) may lack the directory; the guest then goes without it.
    if (found.is_error() && found.error() == Errno::ENOENT)
        return {};
    if (found.is_error())
        return found.error();
    TRY(mount_table().mount(found.value().path, fs, flags));
    return {};
}

// /tmp and /dev/shm are memfs, world-writable and sticky as on a usual Linux system. A
// root without the directory goes without the mount.
Result<void> mount_memfs_defaults()
{
    for (const char* where : { "/tmp", "/dev/shm" }) {
        MemFs* fs = TRY(MemFs::create(0, 01777));
        auto mounted = mount_at(where, *fs, 0);
        if (mounted.is_error() && mounted.error() != Errno::ENOENT)
            return mounted.error();
    }
    return {};
}

// Flags kept in the description: Linux drops the open-time-only ones and, on 64-bit,
// always reports O_LARGEFILE.
constexpr int OPEN_TIME_FLAGS = O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC;

}

Result<void> vfs_init()
{
    auto* table = arena().make<MountTable>();
    if (!table)
        return Errno::ENOMEM;
    set_mount_table(table);
    // The root is an overlay: the host's "/" (or --root, or the --image archive) read-only
    // under a memfs, so that writes anywhere succeed and vanish with the sandbox.
    FileSystem* lower;
    if (auto* boot = kernel_config().boot; boot && boot->image_fd >= 0)
        lower = TRY(tarfs_mount_boot_image(boot->image_fd));
    else
        lower = TRY(make_boot_root());
    MemFs* upper = TRY(MemFs::create(0, 0755));
    OverlayFs* root = TRY(OverlayFs::create(*lower, *upper));
    TRY(table->mount_root(*root, 0));
    DevFs* dev = TRY(DevFs::create());
    TRY(mount_at("/dev", *dev, 0));
    ProcFs* proc = TRY(ProcFs::create());
    TRY(mount_at("/proc", *proc, 0));
    TRY(mount_memfs_defaults());
    // The sandbox's own /sys replaces the host's; a root without /sys (an image) has none.
    SysFs* sys = TRY(SysFs::create());
    if (auto mounted = mount_at("/sys", *sys, 0); mounted.is_error() && mounted.error() != Errno::ENOENT)
        return mounted.error();
    TRY(mount_boot_binds());
    return {};
}

Result<WalkResult> vfs_lookup(Process& process, int dirfd, StringView path, u32 flags, WalkParent* missing, bool start_is_root,
    const Credentials* cred)
{
    if (!cred)
        cred = &process.credentials();
    Path root = process.fs().root();
    if (!path.empty() && path[0] == '/' && !start_is_root)
        return path_walk(root, root, path, flags, missing, cred);
    if (dirfd == AT_FDCWD) {
        Path cwd = process.fs().cwd();
        return path_walk(start_is_root ? cwd : root, cwd, path, flags, missing, cred);
    }
    OpenFile* file = TRY(process.fds().get(dirfd));
    Path start = file->path();
    file->unref();
    if (path.empty())
        return Errno::ENOENT;
    if (start.is_null() || !start.inode().is_directory())
        return Errno::ENOTDIR;
    return path_walk(start_is_root ? start : root, start, path, flags, missing, cred);
}

Result<WalkResult> vfs_lookup_user(Process& process, int dirfd, u64 user_path, u32 walk_flags, int at_flags,
    const Credentials* cred)
{
    char path[PATH_MAX];
    usize n = TRY(copy_string_from_user(UserPtr<const char>(user_path), path, sizeof(path)));
    if (n == 0 && (at_flags & AT_EMPTY_PATH)) {
        WalkResult result;
        if (dirfd == AT_FDCWD) {
            result.path = process.fs().cwd();
            return result;
        }
        OpenFile* file = TRY(process.fds().get(dirfd));
        if (file->path().is_null())
            result.magic_file = file;
        else {
            result.path = file->path();
            file->unref();
        }
        return result;
    }
    return vfs_lookup(process, dirfd, StringView(path, n), walk_flags, nullptr, false, cred);
}

Result<OpenFile*> vfs_open(Process& process, int dirfd, StringView path, int flags, u32 mode, u32 walk_flags, bool start_is_root)
{
    (void)mode;
    // O_CREAT|O_EXCL never follows a final symlink: any name there, even a dangling
    // link, makes the open fail with EEXIST.
    if (!(flags & O_NOFOLLOW) && !((flags & O_CREAT) && (flags & O_EXCL)))
        walk_flags |= WALK_FOLLOW;
    if (flags & O_DIRECTORY)
        walk_flags |= WALK_DIRECTORY;
    bool wants_write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
    int kept = (flags & ~OPEN_TIME_FLAGS) | O_LARGEFILE;

    WalkParent missing;
    auto found = vfs_lookup(process, dirfd, path, walk_flags, (flags & O_CREAT) ? &missing : nullptr, start_is_root);
    if (found.is_error()) {
        if (found.error() != Errno::ENOENT || !(flags & O_CREAT) || missing.parent.is_null())
            return found.error();
        if (missing.trailing_slash)
            return Errno::EISDIR;
        Path created = TRY(vfs_create_regular(process, missing, mode));
        // A file this call made is opened with the access it asked for, whatever its mode.
        return created.inode().open(created, kept);
    }
    WalkResult& result = found.value();
    if (result.magic_file) {
        // A magic link to an object with no path (host stdio): Linux reopens the object;
        // here the new fd shares the description.
        OpenFile* file = result.magic_file;
        if ((wants_write && !file->writable()) || ((flags & O_ACCMODE) != O_WRONLY && !file->readable() && !(flags & O_PATH)))
            return Errno::EACCES;
        file->ref();
        return file;
    }
    Inode& inode = result.path.inode();
    if ((flags & O_CREAT) && (flags & O_EXCL))
        return Errno::EEXIST;
    if (inode.is_symlink() && !(flags & O_PATH))
        return Errno::ELOOP;
    if (inode.is_directory() && (wants_write || (flags & O_CREAT)) && !(flags & O_PATH))
        return Errno::EISDIR;
    if (wants_write && !(flags & O_PATH) && result.path.mount->read_only() && (inode.mode() & S_IFMT) != S_IFCHR)
        return Errno::EROFS;
    // Linux's may_open_dev(): device nodes on a nodev mount do not open.
    u32 type = inode.mode() & S_IFMT;
    if ((type == S_IFCHR || type == S_IFBLK) && !(flags & O_PATH) && (result.path.mount->flags() & MNT_NODEV))
        return Errno::EACCES;
    if (flags & O_PATH)
        kept = flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW);
    else
        TRY(vfs_may_open(process, inode, flags));
    bool truncate = (flags & O_TRUNC) && !(flags & O_PATH) && type == S_IFREG;
    // O_RDONLY|O_TRUNC truncates too, as truncate(2) would: through the inode, since the
    // description will not be writable (and an overlay must copy up first).
    bool truncate_inode = truncate && (flags & O_ACCMODE) == O_RDONLY;
    if (truncate_inode) {
        InodeAttr attr;
        attr.valid = ATTR_SIZE;
        attr.size = 0;
        TRY(inode.setattr(attr));
    }
    OpenFile* file = TRY(inode.open(result.path, kept));
    if (truncate && !truncate_inode) {
        auto truncated = file->truncate(0);
        if (truncated.is_error()) {
            file->unref();
            return truncated.error();
        }
    }
    if (truncate)
        vfs_kill_setid(process.credentials(), inode);
    return file;
}

Result<OpenFile*> vfs_open_host_stdio(int fd)
{
    // The guest sees the host description's access mode and status flags.
    int host_flags = TRY(platform::fcntl(fd, F_GETFL, 0));
    return HostStream::create(fd, (host_flags & (O_ACCMODE | O_APPEND | O_NONBLOCK)) | O_LARGEFILE, false);
}
