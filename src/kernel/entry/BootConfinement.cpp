#include "kernel/entry/BootConfinement.h"
#include "kernel/abi/Signal.h"
#include "kernel/base/Errno.h"
#include "kernel/base/Format.h"
#include "kernel/base/Log.h"
#include "platform/Platform.h"
#include "shared/BootBlock.h"

namespace {

constexpr int CLONE_NEWNET = 0x40000000;

// Waits for the helper's unshare() result: 0, or the errno it failed with.
Result<int> helper_status(int ready_fd)
{
    int status = 0;
    u64 got = 0;
    while (got < sizeof(status)) {
        auto n = platform::read(ready_fd, reinterpret_cast<char*>(&status) + got, sizeof(status) - got);
        if (n.is_error() && n.error() == Errno::EINTR)
            continue;
        if (n.is_error())
            return n.error();
        u64 count = n.value();
        if (count == 0)
            return Errno::ECHILD; // the helper died before it answered
        got += count;
    }
    return status;
}

Result<void> join_helper_namespace(const cell::BootBlock& boot)
{
    int status = TRY(helper_status(boot.netns_ready_fd));
    if (status != 0) {
        if (!(boot.flags & cell::BOOT_WEAK_CONFINEMENT))
            return static_cast<Errno>(status);
        const char* name = errno_name(status);
        char buffer[160];
        usize n = format(buffer, sizeof(buffer), "cell: warning: running in the host's network namespace (%s)\n", name ? name : "?");
        write_all(2, buffer, n);
        return {};
    }
    return platform::setns(boot.netns_pidfd, CLONE_NEWNET);
}

}

Result<void> finish_host_confinement(const cell::BootBlock& boot)
{
    if (boot.netns_pidfd >= 0) {
        // The helper is the kernel's only host child. With SIGCHLD ignored the host reaps
        // it as it exits, on another CPU while the guest starts, instead of the kernel
        // waiting for it here.
        k_sigaction ignore {};
        ignore.handler = SIG_IGN;
        TRY(platform::sigaction(SIGCHLD, &ignore, nullptr));
        auto joined = join_helper_namespace(boot);
        // The helper exits once its hold pipe closes, whether or not the join worked.
        (void)platform::close(boot.netns_hold_fd);
        (void)platform::close(boot.netns_ready_fd);
        (void)platform::close(boot.netns_pidfd);
        TRY(joined);
    }
    return platform::capset_none();
}
