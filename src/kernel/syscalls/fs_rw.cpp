// Reading and writing: read, write and their vectored and positional forms.

#include "kernel/base/Log.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/Syscalls.h"
#include "platform/Platform.h"

// Implements write(2). FIXME: goes straight to the host's stdio until the fd table lands.
Result<u64> sys_write(Thread&, int fd, UserPtr<const u8> buf, u64 count)
{
    if (fd < 0 || fd > 2)
        return Errno::EBADF;
    u8 chunk[4096];
    u64 done = 0;
    while (done < count) {
        u64 n = count - done < sizeof(chunk) ? count - done : sizeof(chunk);
        TRY(copy_from_user(chunk, buf.address() + done, n));
        u64 w = TRY(platform::write(fd, chunk, n));
        done += w;
        if (w < n)
            break;
    }
    return done;
}
