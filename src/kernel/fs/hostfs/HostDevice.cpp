// Device nodes on hostfs. A device the guest made is an empty host file whose type and
// number the kernel keeps (HostOwners::set_device); opening it gives the kernel's own
// memory device of that number, or ENXIO, Linux's answer for a device with no driver.
// A device node the host itself holds is not a channel into the sandbox: EACCES.

#include "kernel/abi/Fcntl.h"
#include "kernel/fs/devfs/DevFile.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "platform/Platform.h"

namespace {

struct MemoryDevice {
    u32 minor;
    DevKind kind;
};

// The memory devices (major 1) devfs implements.
constexpr MemoryDevice MEMORY_DEVICES[] = {
    { 3, DevKind::Null },
    { 5, DevKind::Zero },
    { 7, DevKind::Full },
    { 8, DevKind::Random },
    { 9, DevKind::Urandom },
};

}

Result<OpenFile*> HostInode::open_device(const Path& path, int flags)
{
    HostFd fd { TRY(open_host(O_PATH)) };
    linux_stat st {};
    TRY(platform::fstatat(fd.fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
    if ((st.st_mode & S_IFMT) != S_IFREG)
        return Errno::EACCES;
    host_fs().present(st);
    u32 type = st.st_mode & S_IFMT;
    if (type == S_IFCHR && dev_major(st.st_rdev) == 1) {
        for (const auto& device : MEMORY_DEVICES) {
            if (dev_minor(st.st_rdev) != device.minor)
                continue;
            auto* file = make_ref_counted<DevFile>(path, flags, device.kind);
            if (!file)
                return Errno::ENOMEM;
            return static_cast<OpenFile*>(file);
        }
    }
    // FIXME: 5:0 (/dev/tty) opens as ENXIO, as when the sandbox has no terminal.
    return Errno::ENXIO;
}
