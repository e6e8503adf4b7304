#include "launcher/Confinement.h"
#include "launcher/Landlock.h"
#include "launcher/Namespaces.h"
#include "launcher/NetNamespace.h"
#include "launcher/Seccomp.h"

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cell {

namespace {

[[noreturn]] void child_fail() { _exit(125); }

bool apply_rlimits()
{
    // No core files: a crashing kernel image must not write the sandbox's memory (which
    // holds the shared arena) anywhere on the host.
    rlimit core { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &core) != 0) {
        fmt::print(stderr, "cell: cannot set RLIMIT_CORE: {}\n", strerror(errno));
        return false;
    }
    return true;
}

// Root inside the user namespace would otherwise regain every capability of that
// namespace when it execs the kernel image. The kernel needs none of them but the ambient
// CAP_SYS_ADMIN that joins the network namespace (NetNamespace.h), which it drops at boot.
bool drop_capabilities_at_exec()
{
    unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED
        | SECBIT_KEEP_CAPS_LOCKED | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
    if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0) {
        fmt::print(stderr, "cell: cannot lock the sandbox's securebits: {}\n", strerror(errno));
        return false;
    }
    return true;
}

// Without a user namespace, a sandbox started by host root would otherwise run as root.
bool drop_host_root()
{
    constexpr gid_t NOBODY = 65534;
    if (setgroups(0, nullptr) != 0 || setresgid(NOBODY, NOBODY, NOBODY) != 0 || setresuid(NOBODY, NOBODY, NOBODY) != 0) {
        fmt::print(stderr, "cell: cannot drop host root privileges: {}\n", strerror(errno));
        return false;
    }
    return true;
}

}

bool Confinement::prepare()
{
    m_host_root = geteuid() == 0;
    const char* why = "";
    m_landlock_abi = landlock_abi(&why);
    if (m_landlock_abi == 0) {
        if (!m_allow_weak) {
            fmt::print(stderr,
                "cell: the host lacks Landlock ({}), so the sandbox's host file access cannot be confined; "
                "refusing to run (--allow-weak-confinement runs without it)\n",
                why);
            return false;
        }
        fmt::print(stderr, "cell: warning: running without Landlock ({}): the sandbox can read and write what you can\n", why);
    }
    return true;
}

pid_t Confinement::spawn(const std::function<void()>& child)
{
    // The child waits on `sync` until the parent has written its id maps.
    int sync[2];
    if (pipe2(sync, O_CLOEXEC) != 0) {
        fmt::print(stderr, "cell: cannot start the sandbox: {}\n", strerror(errno));
        return -1;
    }
    pid_t pid = clone_into_namespaces();
    m_namespaces = pid >= 0;
    if (pid < 0) {
        int error = errno;
        if (!m_allow_weak || (error != EPERM && error != EINVAL && error != ENOSPC && error != EUSERS)) {
            fmt::print(stderr,
                "cell: cannot create the sandbox's namespaces: {}; the host may forbid unprivileged user namespaces "
                "(--allow-weak-confinement runs without them)\n",
                strerror(error));
            close(sync[0]);
            close(sync[1]);
            return -1;
        }
        fmt::print(stderr, "cell: warning: running without namespaces ({})\n", strerror(error));
        pid = fork();
    }
    if (pid < 0) {
        fmt::print(stderr, "cell: cannot start the sandbox: {}\n", strerror(errno));
        close(sync[0]);
        close(sync[1]);
        return -1;
    }
    if (pid == 0) {
        close(sync[1]);
        char go = 0;
        ssize_t n;
        while ((n = read(sync[0], &go, 1)) < 0 && errno == EINTR) {
        }
        if (n != 1)
            child_fail();
        close(sync[0]);
        if (m_namespaces && !become_sandbox_root(m_host_root))
            child_fail();
        if (!m_namespaces && m_host_root && !drop_host_root())
            child_fail();
        // After the identity change, which would clear it: the sandbox dies with `cell`.
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        child();
        child_fail();
    }
    close(sync[0]);
    if (m_namespaces && !write_id_maps(pid)) {
        close(sync[1]);
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        return -1;
    }
    char go = 1;
    if (write(sync[1], &go, 1) != 1) {
        fmt::print(stderr, "cell: cannot start the sandbox: {}\n", strerror(errno));
        close(sync[1]);
        kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        return -1;
    }
    close(sync[1]);
    return pid;
}

NetNamespaceHandoff Confinement::enter_child()
{
    if (!apply_rlimits())
        child_fail();
    if (m_namespaces && (!keep_cap_sys_admin_across_exec() || !drop_capabilities_at_exec()))
        child_fail();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        fmt::print(stderr, "cell: cannot set no_new_privs: {}\n", strerror(errno));
        child_fail();
    }
    if (m_landlock_abi > 0 && !apply_landlock(m_landlock_abi))
        child_fail();
    NetNamespaceHandoff net;
    if (m_namespaces && !start_net_namespace(net))
        child_fail();
    if (!install_launcher_seccomp_filter())
        child_fail();
    return net;
}

}
