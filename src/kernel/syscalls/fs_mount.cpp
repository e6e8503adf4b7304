// Mounting inside the sandbox: mount and umount2.
//
// The sandbox has one mount namespace, its own. A guest with CAP_SYS_ADMIN (root inside)
// may mount new tmpfs, proc and sysfs instances, bind what it can already see, remount,
// move and unmount; none of it reaches the host. Propagation types (MS_SHARED and the
// rest) have nothing to propagate to and are accepted on any mount.

#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemFs.h"
#include "kernel/fs/procfs/ProcFs.h"
#include "kernel/fs/sysfs/SysFs.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/FsContext.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"

namespace {

constexpr int CAP_SYS_ADMIN = 21;

constexpr u64 MS_RDONLY = 1;
constexpr u64 MS_NOSUID = 2;
constexpr u64 MS_NODEV = 4;
constexpr u64 MS_NOEXEC = 8;
constexpr u64 MS_REMOUNT = 32;
constexpr u64 MS_NOSYMFOLLOW = 256;
constexpr u64 MS_NOATIME = 1024;
constexpr u64 MS_NODIRATIME = 2048;
constexpr u64 MS_BIND = 4096;
constexpr u64 MS_MOVE = 8192;
constexpr u64 MS_REC = 16384;
constexpr u64 MS_SILENT = 32768;
constexpr u64 MS_UNBINDABLE = 1 << 17;
constexpr u64 MS_PRIVATE = 1 << 18;
constexpr u64 MS_SLAVE = 1 << 19;
constexpr u64 MS_SHARED = 1 << 20;
constexpr u64 MS_STRICTATIME = 1 << 24;
constexpr u64 MS_NOUSER = 1ul << 31;
constexpr u64 MS_MGC_VAL = 0xc0ed0000;
constexpr u64 MS_MGC_MSK = 0xffff0000;
constexpr u64 MS_PROPAGATION = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;

constexpr int MNT_FORCE = 1;
constexpr int MNT_DETACH = 2;
constexpr int MNT_EXPIRE = 4;
constexpr int UMOUNT_NOFOLLOW = 8;

constexpr usize OPTIONS_MAX = 4096;

struct MountStrings {
    char source[PATH_MAX];
    char target[PATH_MAX];
    char type[64];
    char data[OPTIONS_MAX];
    bool has_source { false };
    bool has_type { false };
    bool has_data { false };
};

// copy_mount_string(): a null pointer is no string; a string too long for its buffer is
// refused as Linux's strndup_user would (EINVAL for the type, the page limit for data).
Result<bool> copy_optional(u64 user, char* buffer, usize capacity)
{
    if (!user) {
        buffer[0] = '\0';
        return false;
    }
    auto n = copy_string_from_user(UserPtr<const char>(user), buffer, capacity);
    if (n.is_error())
        return n.error() == Errno::ENAMETOOLONG ? Errno::EINVAL : n.error();
    return true;
}

// The per-mount flags the MS_* flags ask for (Linux's path_mount()).
u32 mount_flags_from(u64 flags)
{
    u32 mnt = 0;
    if (flags & MS_RDONLY)
        mnt |= MNT_READONLY;
    if (flags & MS_NOSUID)
        mnt |= MNT_NOSUID;
    if (flags & MS_NODEV)
        mnt |= MNT_NODEV;
    if (flags & MS_NOEXEC)
        mnt |= MNT_NOEXEC;
    if (flags & MS_NOATIME)
        mnt |= MNT_NOATIME;
    if (flags & MS_NODIRATIME)
        mnt |= MNT_NODIRATIME;
    if (flags & MS_STRICTATIME)
        mnt |= MNT_STRICTATIME;
    if (flags & MS_NOSYMFOLLOW)
        mnt |= MNT_NOSYMFOLLOW;
    return mnt;
}

// Whether `path` is the root of its mount (Linux's path_mounted()).
bool is_mount_root(const Path& path) { return path.dentry == path.mount->root(); }

// tmpfs's options, as shmem_parse_one() takes them, and the text /proc/PID/mounts shows
// for them.
struct TmpfsOptions {
    u64 size { 0 };
    u32 mode { 01777 };
    bool read_only { false };
    char shown[MOUNT_OPTIONS_MAX] {};
    usize shown_length { 0 };
};

Result<u64> parse_number(StringView text, u32 base)
{
    if (text.empty())
        return Errno::EINVAL;
    u64 value = 0;
    for (usize i = 0; i < text.size(); ++i) {
        u32 digit = u32(text[i] - '0');
        if (digit >= base)
            return Errno::EINVAL;
        if (value > (~u64(0) - digit) / base)
            return Errno::EINVAL;
        value = value * base + digit;
    }
    return value;
}

// memparse(): a number with an optional k, m or g suffix.
Result<u64> parse_size(StringView text)
{
    if (text.empty())
        return Errno::EINVAL;
    u32 shift = 0;
    switch (text[text.size() - 1]) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    default: break;
    }
    u64 value = TRY(parse_number(shift ? text.substr(0, text.size() - 1) : text, 10));
    if (shift && value > (~u64(0) >> shift))
        return Errno::EINVAL;
    return value << shift;
}

Result<TmpfsOptions> parse_tmpfs_options(StringView data)
{
    TmpfsOptions options;
    bool sized = false;
    bool moded = false;
    usize pos = 0;
    while (pos <= data.size()) {
        usize end = data.find(',', pos);
        StringView option = data.substr(pos, end - pos);
        pos = end + 1;
        if (option.empty())
            continue;
        usize eq = option.find('=');
        StringView key = eq < option.size() ? option.substr(0, eq) : option;
        StringView value = eq < option.size() ? option.substr(eq + 1) : StringView();
        if (key == "size") {
            // A percentage of memory keeps the default limit. FIXME: scale it.
            if (!value.empty() && value[value.size() - 1] == '%') {
                TRY(parse_number(value.substr(0, value.size() - 1), 10));
                continue;
            }
            options.size = TRY(parse_size(value));
            sized = true;
        } else if (key == "mode") {
            options.mode = u32(TRY(parse_number(value, 8))) & 07777;
            moded = true;
        } else if (key == "nr_blocks") {
            options.size = TRY(parse_size(value)) * 4096;
            sized = true;
        } else if (key == "nr_inodes" || key == "uid" || key == "gid" || key == "huge" || key == "mpol") {
            // Accepted for compatibility; memfs has no inode limit or owner option.
            if (value.empty())
                return Errno::EINVAL;
        } else if (key == "ro" && value.empty()) {
            options.read_only = true;
        } else if ((key == "rw" || key == "inode64" || key == "inode32" || key == "noswap") && value.empty()) {
            continue;
        } else {
            return Errno::EINVAL;
        }
    }
    // Linux shows the size in kilobytes of whole pages and the mode when not 1777.
    usize n = 0;
    if (sized) {
        u64 pages = (options.size + 4095) / 4096;
        n += format(options.shown + n, sizeof(options.shown) - n, "size=%luk", pages * 4);
        options.size = pages * 4096;
    }
    if (moded && options.mode != 01777)
        n += format(options.shown + n, sizeof(options.shown) - n, "%smode=%03o", n ? "," : "", options.mode);
    options.shown_length = n;
    return options;
}

bool capable_of_mount(Thread& thread) { return thread.process().credentials().capable(CAP_SYS_ADMIN); }

Result<WalkResult> lookup_path(Thread& thread, const char* path, bool follow)
{
    auto found = TRY(vfs_lookup(thread.process(), AT_FDCWD, path, follow ? WALK_FOLLOW : 0));
    if (found.magic_file)
        return Errno::EINVAL;
    return found;
}

// Filesystems that live on a block device. The sandbox has no block devices, so these
// fail as Linux's get_tree_bdev() does for a source that is not one.
bool is_block_device_type(StringView type)
{
    for (const char* name : { "ext2", "ext3", "ext4", "xfs", "btrfs", "vfat", "msdos", "exfat", "iso9660", "squashfs",
             "f2fs", "ntfs3" }) {
        if (type == name)
            return true;
    }
    return false;
}

Result<u64> block_device_mount(Thread& thread, const MountStrings& strings)
{
    if (!strings.has_source || !strings.source[0])
        return Errno::EINVAL;
    auto source = TRY(lookup_path(thread, strings.source, true));
    u32 kind = source.path.inode().mode() & S_IFMT;
    // FIXME: devfs has no block devices; if it gains some, they still cannot mount here.
    return kind == S_IFBLK ? Errno::ENXIO : Errno::ENOTBLK;
}

Result<u64> new_mount(Thread& thread, const Path& target, const MountStrings& strings, u32 mnt_flags)
{
    if (!strings.has_type)
        return Errno::EINVAL;
    StringView type(strings.type);
    FileSystem* fs;
    if (type == "tmpfs") {
        auto options = TRY(parse_tmpfs_options(strings.data));
        if (options.read_only)
            mnt_flags |= MNT_READONLY;
        // Check the mount point before making the filesystem, which cannot be freed.
        if (!target.inode().is_directory())
            return Errno::ENOTDIR;
        fs = TRY(MemFs::create(options.size, options.mode));
        TRY(mount_table().mount(target, *fs, mnt_flags, StringView(options.shown, options.shown_length)));
        return u64(0);
    }
    if (!target.inode().is_directory())
        return Errno::ENOTDIR;
    if (type == "proc")
        fs = TRY(ProcFs::create());
    else if (type == "sysfs")
        fs = TRY(SysFs::create());
    else if (is_block_device_type(type))
        return block_device_mount(thread, strings);
    else
        return Errno::ENODEV;
    TRY(mount_table().mount(target, *fs, mnt_flags, StringView()));
    return u64(0);
}

// The "mode=..." part of a tmpfs mount's options text, or "".
StringView mode_option(StringView options)
{
    for (usize at = 0; at < options.size();) {
        usize end = options.find(',', at);
        StringView part = options.substr(at, end - at);
        if (part.starts_with("mode="))
            return part;
        at = end + 1;
    }
    return {};
}

// MS_REMOUNT without MS_BIND: the filesystem's options and the mount's flags.
Result<u64> remount(const Path& target, const MountStrings& strings, u32 mnt_flags)
{
    if (!is_mount_root(target))
        return Errno::EINVAL;
    Mount& mount = *target.mount;
    bool tmpfs = StringView(mount.fs().name()) == "tmpfs";
    TmpfsOptions options;
    if (tmpfs && strings.has_data) {
        options = TRY(parse_tmpfs_options(strings.data));
        if (options.read_only)
            mnt_flags |= MNT_READONLY;
    }
    // The sandbox's own read-only mounts stay read-only, as locked mounts do in a Linux
    // container.
    bool locked = mount.flags() & MNT_LOCK_READONLY;
    if (locked && !(mnt_flags & MNT_READONLY))
        return Errno::EPERM;
    if (!StringView(options.shown).starts_with("size=")) {
        mount_table().reconfigure(mount, mnt_flags, nullptr);
        return u64(0);
    }
    // As shmem_reconfigure(): a new size applies (EINVAL below what is in use); the mode
    // is for a new tmpfs only, so the options text keeps the old one.
    TRY(static_cast<MemFs&>(mount.fs()).resize(options.size));
    char shown[MOUNT_OPTIONS_MAX];
    StringView mode = mode_option(mount.options());
    usize n = format(shown, sizeof(shown), "size=%luk%s%.*s", options.size / 1024, mode.empty() ? "" : ",",
        int(mode.size()), mode.data());
    StringView text(shown, n < sizeof(shown) ? n : sizeof(shown) - 1);
    mount_table().reconfigure(mount, mnt_flags, &text);
    return u64(0);
}

// MS_REMOUNT|MS_BIND: only the mount's flags (Linux's do_reconfigure_mnt()).
Result<u64> reconfigure_mount(const Path& target, u32 mnt_flags)
{
    if (!is_mount_root(target))
        return Errno::EINVAL;
    Mount& mount = *target.mount;
    if ((mount.flags() & MNT_LOCK_READONLY) && !(mnt_flags & MNT_READONLY))
        return Errno::EPERM;
    mount_table().reconfigure(mount, mnt_flags, nullptr);
    return u64(0);
}

Result<u64> bind_mount(Thread& thread, const Path& target, const MountStrings& strings, bool recursive)
{
    if (!strings.has_source || !strings.source[0])
        return Errno::EINVAL;
    auto source = TRY(lookup_path(thread, strings.source, true));
    TRY(mount_table().bind(target, source.path, recursive));
    return u64(0);
}

Result<u64> move_mount(Thread& thread, const Path& target, const MountStrings& strings)
{
    if (!strings.has_source || !strings.source[0])
        return Errno::EINVAL;
    auto source = TRY(lookup_path(thread, strings.source, true));
    if (!is_mount_root(source.path))
        return Errno::EINVAL;
    TRY(mount_table().move(*source.path.mount, target));
    return u64(0);
}

// Whether the calling process has a file open, or its cwd or root, on `mount`. Linux
// counts every user of the mount; this sees only the caller's own.
// FIXME: other processes' open files do not keep a mount busy.
bool busy_in_caller(Thread& thread, Mount* mount)
{
    bool busy = false;
    thread.process().fds().for_each([&](int, OpenFile* file) {
        if (file->path().mount == mount)
            busy = true;
    });
    auto& fs = thread.process().fs();
    return busy || fs.cwd().mount == mount || fs.root().mount == mount;
}

}

// Implements mount(2) for tmpfs, proc and sysfs instances, bind mounts (MS_BIND, MS_REC),
// remounts (MS_REMOUNT, with MS_BIND for the mount flags alone), MS_MOVE and the
// propagation types, in Linux's order of checks.
Result<u64> sys_mount(Thread& thread, UserPtr<const char> source, UserPtr<const char> target, UserPtr<const char> type,
    u64 flags, UserPtr<const u8> data)
{
    // Two paths and a page of options are too much for the kernel stack.
    auto* strings = arena().make<MountStrings>();
    if (!strings)
        return Errno::ENOMEM;
    struct Free {
        MountStrings* s;
        ~Free() { arena().destroy(s); }
    } free_strings { strings };
    strings->has_type = TRY(copy_optional(type.address(), strings->type, sizeof(strings->type)));
    strings->has_source = TRY(copy_optional(source.address(), strings->source, sizeof(strings->source)));
    strings->has_data = TRY(copy_optional(data.address(), strings->data, sizeof(strings->data)));
    TRY(copy_string_from_user(target, strings->target, sizeof(strings->target)));
    auto found = TRY(lookup_path(thread, strings->target, true));
    const Path& where = found.path;

    if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
        flags &= ~MS_MGC_MSK;
    if (flags & MS_NOUSER)
        return Errno::EINVAL;
    if (!capable_of_mount(thread))
        return Errno::EPERM;
    u32 mnt_flags = mount_flags_from(flags);

    if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
        return reconfigure_mount(where, mnt_flags);
    if (flags & MS_REMOUNT)
        return remount(where, *strings, mnt_flags);
    if (flags & MS_BIND)
        return bind_mount(thread, where, *strings, flags & MS_REC);
    if (flags & MS_PROPAGATION) {
        // Exactly one type, on the root of a mount (Linux's do_change_type()).
        u64 kind = flags & ~(MS_REC | MS_SILENT);
        if (!is_mount_root(where) || (kind & (kind - 1)) || (kind & ~MS_PROPAGATION))
            return Errno::EINVAL;
        return u64(0);
    }
    if (flags & MS_MOVE)
        return move_mount(thread, where, *strings);
    return new_mount(thread, where, *strings, mnt_flags);
}

// Implements umount2(2). MNT_FORCE has nothing to abort here and is accepted; MNT_EXPIRE
// marks nothing and answers EAGAIN as Linux does the first time.
Result<u64> sys_umount2(Thread& thread, UserPtr<const char> target, int flags)
{
    if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
        return Errno::EINVAL;
    char path[PATH_MAX];
    TRY(copy_string_from_user(target, path, sizeof(path)));
    auto found = TRY(lookup_path(thread, path, !(flags & UMOUNT_NOFOLLOW)));
    if (!capable_of_mount(thread))
        return Errno::EPERM;
    Mount* mount = found.path.mount;
    if (!is_mount_root(found.path))
        return Errno::EINVAL;
    if (flags & MNT_EXPIRE)
        return (flags & (MNT_FORCE | MNT_DETACH)) ? Errno::EINVAL : Errno::EAGAIN;
    bool detach = flags & MNT_DETACH;
    // The lookup's own reference is not a user.
    found.path = Path();
    if (!detach && busy_in_caller(thread, mount))
        return Errno::EBUSY;
    TRY(mount_table().umount(*mount, detach));
    return u64(0);
}
