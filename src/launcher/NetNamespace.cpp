#include "launcher/NetNamespace.h"

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cell {

namespace {

// The helper shares the memory (and the TLS pointer) of the process that starts it, so it
// makes raw system calls and touches nothing but its own stack: no errno, no libc state.
long raw_syscall(long number, long a1 = 0, long a2 = 0, long a3 = 0)
{
    long result;
    asm volatile("syscall" : "=a"(result) : "a"(number), "D"(a1), "S"(a2), "d"(a3) : "rcx", "r11", "memory");
    return result;
}

struct HelperFds {
    int ready_write;
    int hold_read;
    int ready_read; // the parent's ends, which the helper closes in its copy of the fd table
    int hold_write;
};

HelperFds s_helper_fds;
alignas(16) char s_helper_stack[16384];

int net_namespace_helper(void*)
{
    const HelperFds fds = s_helper_fds;
    raw_syscall(SYS_close, fds.ready_read);
    raw_syscall(SYS_close, fds.hold_write);
    long result = raw_syscall(SYS_unshare, CLONE_NEWNET);
    int status = result < 0 ? int(-result) : 0;
    // With no capability left, the helper is one the kernel image (which holds only
    // CAP_SYS_ADMIN) may look into for setns.
    __user_cap_header_struct header { _LINUX_CAPABILITY_VERSION_3, 0 };
    __user_cap_data_struct none[2] {};
    result = raw_syscall(SYS_capset, long(&header), long(none));
    if (status == 0 && result < 0)
        status = int(-result);
    raw_syscall(SYS_write, fds.ready_write, long(&status), sizeof(status));
    // Until the kernel has joined the namespace and closed its end (or died).
    char byte;
    while (raw_syscall(SYS_read, fds.hold_read, long(&byte), 1) == -EINTR) {
    }
    raw_syscall(SYS_exit, 0);
    return 0;
}

bool fail(const char* what)
{
    fmt::print(stderr, "cell: cannot start the sandbox's network namespace: {}: {}\n", what, strerror(errno));
    return false;
}

}

bool keep_cap_sys_admin_across_exec()
{
    __user_cap_header_struct header { _LINUX_CAPABILITY_VERSION_3, 0 };
    __user_cap_data_struct data[2] {};
    if (syscall(SYS_capget, &header, data) != 0)
        return fail("capget");
    data[CAP_TO_INDEX(CAP_SYS_ADMIN)].inheritable |= CAP_TO_MASK(CAP_SYS_ADMIN);
    if (syscall(SYS_capset, &header, data) != 0)
        return fail("capset");
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0) != 0)
        return fail("ambient CAP_SYS_ADMIN");
    return true;
}

bool start_net_namespace(NetNamespaceHandoff& handoff)
{
    int ready[2];
    int hold[2];
    if (pipe2(ready, O_CLOEXEC) != 0)
        return fail("pipe");
    if (pipe2(hold, O_CLOEXEC) != 0)
        return fail("pipe");
    s_helper_fds = { ready[1], hold[0], ready[0], hold[1] };
    // The host's setns() on a pidfd checks that the caller may read the helper like a
    // debugger would; the helper shares this process's memory, which turned non-dumpable
    // when it took the sandbox's root identity.
    if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0)
        return fail("PR_SET_DUMPABLE");
    // The kernel ignores SIGCHLD before it lets the helper exit, so the host reaps it.
    int pidfd = -1;
    int flags = CLONE_VM | CLONE_PIDFD | SIGCHLD;
    if (clone(net_namespace_helper, s_helper_stack + sizeof(s_helper_stack), flags, nullptr, &pidfd) < 0)
        return fail("clone");
    close(ready[1]);
    close(hold[0]);
    // The pidfd comes close-on-exec; the kernel image needs all three.
    for (int fd : { pidfd, ready[0], hold[1] }) {
        if (fcntl(fd, F_SETFD, 0) != 0)
            return fail("fcntl");
    }
    handoff = { pidfd, ready[0], hold[1] };
    return true;
}

}
