// Device nodes on hostfs. A device the guest made is an empty host file whose type and
// number the kernel keeps (HostOwners::set_device); opening it gives the kernel's own
// device of that number (CharDevices.h), or ENXIO, Linux's answer for one with no driver.
// A device node the host itself holds is not a channel into the sandbox: EACCES.

#include "kernel/abi/Fcntl.h"
#include "kernel/fs/devfs/CharDevices.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "platform/Platform.h"

Result<OpenFile*> HostInode::open_device(const Path& path, int flags)
{
    HostFd fd { TRY(open_host(O_PATH)) };
    linux_stat st {};
    TRY(platform::fstatat(fd.fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    if ((st.st_mode & S_IFMT) != S_IFREG)
        return Errno::EACCES;
    host_fs().present(st);
    if ((st.st_mode & S_IFMT) != S_IFCHR)
        return Errno::ENXIO;
    return open_char_device(path, flags, st.st_rdev);
}
