#include "kernel/fs/hostfs/HostStream.h"
#include "kernel/abi/Ioctl.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/fs/hostfs/HostHandles.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

Result<OpenFile*> HostStream::create(int host_fd, int flags, bool owned)
{
    linux_stat st {};
    auto handle = platform::fstatat(host_fd, "", &st, AT_EMPTY_PATH).is_ok() ? host_handles::install(host_fd, owned)
                                                                             : Result<int>(Errno::EBADF);
    if (handle.is_error()) {
        if (owned)
            (void)platform::close(host_fd);
        return handle.error();
    }
    linux_termios termios {};
    bool tty = (st.st_mode & S_IFMT) == S_IFCHR && platform::ioctl(host_fd, TCGETS, u64(&termios)).is_ok();
    bool stream = (st.st_mode & S_IFMT) != S_IFREG && (st.st_mode & S_IFMT) != S_IFBLK;
    auto* file = make_ref_counted<HostStream>(flags, handle.value(), stream, tty);
    if (!file) {
        host_handles::release(handle.value());
        return Errno::ENOMEM;
    }
    return file;
}

HostStream::~HostStream() { host_handles::release(m_handle); }

Result<int> HostStream::fd() const
{
    int fd = host_handles::host_fd(m_handle);
    if (fd < 0)
        return Errno::EBADF;
    return fd;
}

// The host description is the guest's (shared with whoever started the sandbox, as it
// would be on Linux), so O_NONBLOCK and O_APPEND must take effect there.
Result<void> HostStream::set_status_flags(int flags, int changeable)
{
    constexpr int HOST_FLAGS = O_NONBLOCK | O_APPEND;
    int host = TRY(fd());
    if (changeable & HOST_FLAGS) {
        int current = TRY(platform::fcntl(host, F_GETFL, 0));
        int wanted = (current & ~(changeable & HOST_FLAGS)) | (flags & changeable & HOST_FLAGS);
        if (wanted != current)
            TRY(platform::fcntl(host, F_SETFL, u64(wanted)));
    }
    return OpenFile::set_status_flags(flags, changeable);
}

Result<u64> HostStream::read(void* buffer, u64 len) { return platform::read(TRY(fd()), buffer, len); }
Result<u64> HostStream::write(const void* buffer, u64 len) { return platform::write(TRY(fd()), buffer, len); }
Result<u64> HostStream::pread(void* buffer, u64 len, i64 offset) { return platform::pread(TRY(fd()), buffer, len, offset); }
Result<u64> HostStream::pwrite(const void* buffer, u64 len, i64 offset)
{
    return platform::pwrite(TRY(fd()), buffer, len, offset);
}
Result<i64> HostStream::lseek(i64 offset, int whence) { return platform::lseek(TRY(fd()), offset, whence); }
Result<void> HostStream::stat(linux_stat& st)
{
    TRY(platform::fstatat(TRY(fd()), "", &st, AT_EMPTY_PATH));
    hostfs_present_owner(st);
    return {};
}
Result<void> HostStream::statfs(linux_statfs& st) { return platform::fstatfs(TRY(fd()), &st); }

Result<int> HostStream::mmap_host_fd()
{
    auto host = fd();
    return host.is_ok() ? host.value() : Result<int>(Errno::ENODEV);
}

// Terminal ioctls go to the host terminal through kernel buffers; only the requests a
// program needs to drive a terminal pass, each with its exact argument size.
Result<u64> HostStream::ioctl(Thread& thread, u64 request, u64 arg)
{
    if (!m_tty)
        return Errno::ENOTTY;
    int host = TRY(fd());
    switch (request) {
    case TCGETS: {
        linux_termios t {};
        TRY(platform::ioctl(host, request, u64(&t)));
        TRY(copy_out(UserPtr<linux_termios>(arg), t));
        return u64(0);
    }
    case TCSETS:
    case TCSETSW:
    case TCSETSF: {
        linux_termios t {};
        TRY(copy_in(UserPtr<const linux_termios>(arg), t));
        return platform::ioctl(host, request, u64(&t));
    }
    case TIOCGWINSZ: {
        linux_winsize w {};
        TRY(platform::ioctl(host, request, u64(&w)));
        TRY(copy_out(UserPtr<linux_winsize>(arg), w));
        return u64(0);
    }
    case TIOCSWINSZ: {
        linux_winsize w {};
        TRY(copy_in(UserPtr<const linux_winsize>(arg), w));
        return platform::ioctl(host, request, u64(&w));
    }
    case TIOCGPGRP: {
        // FIXME: job control arrives with process groups; the caller's group is the
        // terminal's foreground group until then.
        int pgrp = thread.process().pgid();
        TRY(copy_out(UserPtr<int>(arg), pgrp));
        return u64(0);
    }
    case TIOCSPGRP:
        return u64(0);
    default:
        return Errno::ENOTTY;
    }
}

// The host's own link text for pipes and sockets ("pipe:[N]") names no host path, and a
// terminal's or /dev/null's is a device name the sandbox has too. A file the caller redirected stdio to (`> /home/u/out`) is
// a host path outside the sandbox's grants, which the guest must not learn: it is shown
// in the form Linux uses for objects without a path, by the host inode number.
Result<usize> HostStream::describe(char* buffer, usize capacity)
{
    char link[64];
    int host = TRY(fd());
    format(link, sizeof(link), "/proc/self/fd/%d", host);
    usize n = TRY(platform::readlinkat(AT_FDCWD, link, buffer, capacity));
    if (m_tty || n == 0 || buffer[0] != '/')
        return n;
    linux_stat st {};
    TRY(platform::fstatat(host, "", &st, AT_EMPTY_PATH));
    if ((st.st_mode & S_IFMT) == S_IFCHR)
        return n;
    char text[64];
    usize length = format(text, sizeof(text), "host:[%lu]", (unsigned long)st.st_ino);
    usize copied = length < capacity ? length : capacity;
    mem_copy(buffer, text, copied);
    return copied;
}

Result<u64> HostStream::bytes_readable()
{
    int n = 0;
    TRY(platform::ioctl(TRY(fd()), FIONREAD, u64(&n)));
    return u64(n);
}

// A regular file the host gave as stdio (`> file`) belongs to the sandbox's caller, so
// truncating it is the host's business; anything else has no size.
Result<void> HostStream::truncate(u64 length)
{
    if (m_stream)
        return Errno::EINVAL;
    return platform::ftruncate(TRY(fd()), length);
}
