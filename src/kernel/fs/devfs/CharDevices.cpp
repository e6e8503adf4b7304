#include "kernel/fs/devfs/CharDevices.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Ioctl.h"
#include "kernel/abi/Stat.h"
#include "kernel/base/Arena.h"
#include "kernel/fs/devfs/DevFile.h"
#include "kernel/fs/hostfs/HostStream.h"
#include "platform/Platform.h"

namespace {

struct CharDevice {
    u32 major;
    u32 minor;
    DevKind kind;
};

constexpr CharDevice CHAR_DEVICES[] = {
    { MEM_MAJOR, 3, DevKind::Null },
    { MEM_MAJOR, 5, DevKind::Zero },
    { MEM_MAJOR, 7, DevKind::Full },
    { MEM_MAJOR, 8, DevKind::Random },
    { MEM_MAJOR, 9, DevKind::Urandom },
    { TTYAUX_MAJOR, 0, DevKind::Tty },
    { TTYAUX_MAJOR, 1, DevKind::Console },
};

// The sandbox's controlling terminal is the host terminal its stdio is on (the host's
// /dev/tty itself is outside the sandbox); ENXIO when there is none. Without a terminal
// the console is where the sandbox's diagnostics go: its stderr.
Result<OpenFile*> open_terminal(DevKind kind, int flags)
{
    int kept = (flags & (O_ACCMODE | O_NONBLOCK | O_APPEND)) | O_LARGEFILE;
    for (int fd = 0; fd < 3; ++fd) {
        linux_termios termios {};
        if (platform::ioctl(fd, TCGETS, u64(&termios)).is_ok())
            return HostStream::create(fd, kept, false);
    }
    if (kind == DevKind::Console)
        return HostStream::create(2, kept, false);
    return Errno::ENXIO;
}

}

Result<OpenFile*> open_char_device(const Path& path, int flags, u64 rdev)
{
    for (const auto& device : CHAR_DEVICES) {
        if (dev_major(rdev) != device.major || dev_minor(rdev) != device.minor)
            continue;
        if ((device.kind == DevKind::Tty || device.kind == DevKind::Console) && !(flags & O_PATH))
            return open_terminal(device.kind, flags);
        auto* file = make_ref_counted<DevFile>(path, flags, device.kind);
        if (!file)
            return Errno::ENOMEM;
        return static_cast<OpenFile*>(file);
    }
    return Errno::ENXIO;
}
