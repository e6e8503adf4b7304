#include "kernel/fs/hostfs/HostBinds.h"
#include "kernel/Kernel.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Errno.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/fs/memfs/MemFs.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/PathWalk.h"

namespace {

// Resolves `target` from the top of the mount tree, creating each missing component: a
// directory, or for the last one of a file bind an empty regular file, as Linux needs
// a mount point of the source's kind.
Result<Path> make_mount_point(StringView target, bool directory)
{
    Path top(mount_table().root_mount(), mount_table().root_mount()->root());
    usize end = 0;
    for (;;) {
        while (end < target.size() && target[end] == '/')
            ++end;
        while (end < target.size() && target[end] != '/')
            ++end;
        bool last = end >= target.size();
        WalkParent missing;
        auto found = path_walk(top, top, target.substr(0, end), WALK_FOLLOW, &missing);
        if (found.is_error()) {
            if (found.error() != Errno::ENOENT || missing.parent.is_null())
                return found.error();
            InodeCreation creation;
            Inode& parent = missing.parent.inode();
            if (last && !directory) {
                creation.mode = S_IFREG | 0644;
                Inode* made = TRY(parent.create(missing.last, creation));
                made->unref();
            } else {
                creation.mode = S_IFDIR | 0755;
                Inode* made = TRY(parent.mkdir(missing.last, creation));
                made->unref();
            }
            continue;
        }
        if (found.value().magic_file)
            return Errno::EINVAL;
        if (last)
            return static_cast<Path&&>(found.value().path);
    }
}

// Mounts a fresh memfs of `size` bytes (0: the default) at `target` (--tmpfs).
Result<void> mount_boot_tmpfs(const char* target, u64 size)
{
    auto fs = MemFs::create(size, 01777);
    if (fs.is_error())
        sandbox_fail(125, "cell: --tmpfs %s: %s", target, errno_message(i32(fs.error())));
    auto where = make_mount_point(target, true);
    if (where.is_error())
        sandbox_fail(125, "cell: --tmpfs: cannot make the mount point %s: %s", target, errno_message(i32(where.error())));
    auto mounted = mount_table().mount(where.value(), *fs.value(), 0);
    if (mounted.is_error())
        sandbox_fail(125, "cell: --tmpfs: cannot mount on %s: %s", target, errno_message(i32(mounted.error())));
    return {};
}

}

Result<HostFs*> make_boot_root()
{
    auto* boot = kernel_config().boot;
    if (boot && boot->root_fd >= 0)
        return HostFs::create_at(boot->root_fd, {}, HostSharing::Exclusive);
    return HostFs::create("/", HostSharing::Exclusive);
}

Result<void> mount_boot_binds()
{
    auto* boot = kernel_config().boot;
    if (!boot)
        return {};
    for (u32 i = 0; i < boot->bind_count && i < cell::BOOT_BINDS_MAX; ++i) {
        const auto& bind = boot->binds[i];
        if (bind.flags & cell::BOOT_BIND_TMPFS) {
            TRY(mount_boot_tmpfs(bind.target, bind.size));
            continue;
        }
        bool read_only = bind.flags & cell::BOOT_BIND_READ_ONLY;
        const char* option = read_only ? "--ro-bind" : "--bind";
        // The launcher opened the source; its last component names a file source.
        StringView source(bind.source);
        StringView file_name;
        if (bind.flags & cell::BOOT_BIND_FILE) {
            usize slash = 0;
            for (usize j = 0; j < source.size(); ++j) {
                if (source[j] == '/')
                    slash = j + 1;
            }
            file_name = source.substr(slash);
        }
        HostSharing sharing = read_only ? HostSharing::SharedReadOnly : HostSharing::Shared;
        auto fs = bind.dir_fd >= 0 ? HostFs::create_at(bind.dir_fd, file_name, sharing) : HostFs::create(bind.source, sharing);
        if (fs.is_error())
            sandbox_fail(125, "cell: %s %s: %s", option, bind.source, errno_message(i32(fs.error())));
        Inode* root = fs.value()->root_inode();
        bool directory = root->is_directory();
        root->unref();
        auto where = make_mount_point(bind.target, directory);
        if (where.is_error())
            sandbox_fail(125, "cell: %s: cannot make the mount point %s: %s", option, bind.target, errno_message(i32(where.error())));
        auto mounted = mount_table().mount(where.value(), *fs.value(), read_only ? MNT_READONLY : 0);
        if (mounted.is_error())
            sandbox_fail(125, "cell: %s: cannot mount on %s: %s", option, bind.target, errno_message(i32(mounted.error())));
    }
    return {};
}
