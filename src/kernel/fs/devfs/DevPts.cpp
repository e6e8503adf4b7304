#include "kernel/fs/devfs/DevPts.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Ioctl.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/fs/hostfs/HostStream.h"
#include "kernel/vfs/OpenFile.h"
#include "platform/Platform.h"

namespace {

// The pts number of the terminal host stdio fd `fd` is on, or -1.
int pts_number_of(int fd)
{
    linux_termios termios {};
    if (platform::ioctl(fd, TCGETS, u64(&termios)).is_error())
        return -1;
    char link[32];
    char target[64];
    format(link, sizeof(link), "/proc/self/fd/%d", fd);
    auto n = platform::readlinkat(AT_FDCWD, link, target, sizeof(target) - 1);
    if (n.is_error())
        return -1;
    StringView name(target, n.value());
    if (!name.starts_with("/dev/pts/") || name.size() == 9)
        return -1;
    int number = 0;
    for (usize i = 9; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9')
            return -1;
        number = number * 10 + (name[i] - '0');
    }
    return number;
}

// The first stdio fd on pts `number`, or -1.
int stdio_fd_on(u32 number)
{
    for (int fd = 0; fd < 3; ++fd) {
        if (pts_number_of(fd) == int(number))
            return fd;
    }
    return -1;
}

}

Result<Inode*> DevPtsDir::lookup(StringView name)
{
    for (int fd = 0; fd < 3; ++fd) {
        int number = pts_number_of(fd);
        char text[16];
        usize n = format(text, sizeof(text), "%d", number);
        if (number >= 0 && StringView(text, n) == name) {
            auto* node = make_ref_counted<DevPtsNode>(static_cast<DevFs&>(fs()), u32(number));
            if (!node)
                return Errno::ENOMEM;
            return static_cast<Inode*>(node);
        }
    }
    return Errno::ENOENT;
}

Result<void> DevPtsDir::stat(linux_stat& st)
{
    devfs_fill_stat(static_cast<DevFs&>(fs()), ino(), mode(), st);
    return {};
}

Result<OpenFile*> DevPtsDir::open(const Path& path, int flags)
{
    if ((flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH))
        return Errno::EISDIR;
    return open_plain_file(path, flags);
}

Result<bool> DevPtsDir::list_entry(u64 index, DirEntryInfo& entry)
{
    // The distinct terminals of fds 0, 1 and 2, in fd order.
    int seen[3];
    u64 count = 0;
    for (int fd = 0; fd < 3; ++fd) {
        int number = pts_number_of(fd);
        bool duplicate = number < 0;
        for (u64 i = 0; i < count && !duplicate; ++i)
            duplicate = seen[i] == number;
        if (duplicate)
            continue;
        if (count == index) {
            entry.ino = 0x1000 + u64(number);
            entry.type = DT_CHR;
            format(entry.name, sizeof(entry.name), "%d", number);
            return true;
        }
        seen[count++] = number;
    }
    return false;
}

Result<void> DevPtsNode::stat(linux_stat& st)
{
    int fd = stdio_fd_on(m_number);
    if (fd < 0)
        return Errno::ENOENT;
    // The host's identity of the terminal, so that it matches fstat of the stdio fd
    // (ttyname compares the two).
    TRY(platform::fstatat(fd, "", &st, AT_EMPTY_PATH));
    hostfs_present_owner(st);
    return {};
}

Result<OpenFile*> DevPtsNode::open(const Path& path, int flags)
{
    if (flags & O_PATH) {
        return open_plain_file(path, flags);
    }
    int fd = stdio_fd_on(m_number);
    if (fd < 0)
        return Errno::ENXIO;
    return HostStream::create(fd, (flags & (O_ACCMODE | O_NONBLOCK | O_APPEND)) | O_LARGEFILE, false);
}
