// ioctl(2): the generic requests every file answers, then the file's own.

#include "kernel/abi/Ioctl.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"

// Implements ioctl(2). Device requests go to the file (host terminals pass TCGETS,
// TIOCGWINSZ and friends to the host); everything else is ENOTTY.
Result<u64> sys_ioctl(Thread& thread, int fd, u64 request, u64 arg)
{
    FileRef file(TRY(fd_file(thread, fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    switch (u32(request)) {
    case FIOCLEX:
        TRY(thread.process().fds().set_cloexec(fd, true));
        return u64(0);
    case FIONCLEX:
        TRY(thread.process().fds().set_cloexec(fd, false));
        return u64(0);
    case FIONBIO:
    case FIOASYNC: {
        int on = 0;
        TRY(copy_in(UserPtr<const int>(arg), on));
        int bit = u32(request) == FIONBIO ? O_NONBLOCK : O_ASYNC;
        TRY(file->set_status_flags(on ? bit : 0, bit));
        return u64(0);
    }
    case FIONREAD: {
        u64 n = TRY(file->bytes_readable());
        int value = n > 0x7fffffff ? 0x7fffffff : int(n);
        TRY(copy_out(UserPtr<int>(arg), value));
        return u64(0);
    }
    default:
        return file->ioctl(thread, request, arg);
    }
}
