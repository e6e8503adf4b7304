#include "launcher/Namespaces.h"

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <string>
#include <sys/syscall.h>
#include <unistd.h>

namespace cell {

namespace {

constexpr uid_t NOBODY = 65534;

bool write_proc_file(pid_t pid, const char* name, const std::string& text)
{
    std::string path = fmt::format("/proc/{}/{}", pid, name);
    int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        fmt::print(stderr, "cell: cannot open {}: {}\n", path, strerror(errno));
        return false;
    }
    ssize_t n = write(fd, text.data(), text.size());
    int saved = errno;
    close(fd);
    if (n != static_cast<ssize_t>(text.size())) {
        fmt::print(stderr, "cell: cannot write {}: {}\n", path, n < 0 ? strerror(saved) : "short write");
        return false;
    }
    return true;
}

}

pid_t clone_into_namespaces()
{
    // The network namespace comes later, beside the kernel's boot (NetNamespace.h).
    unsigned long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS;
    // A raw clone with no new stack behaves like fork(); the launcher is single-threaded,
    // so no other thread's lock can be held in the child.
    return static_cast<pid_t>(syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, 0));
}

bool write_id_maps(pid_t child)
{
    bool host_root = geteuid() == 0;
    uid_t outside_uid = host_root ? NOBODY : geteuid();
    gid_t outside_gid = host_root ? NOBODY : getegid();
    // An unprivileged writer may map its own gid only after denying setgroups. Host root
    // keeps setgroups allowed so that the child can drop root's supplementary groups.
    if (!host_root && !write_proc_file(child, "setgroups", "deny"))
        return false;
    return write_proc_file(child, "uid_map", fmt::format("0 {} 1\n", outside_uid))
        && write_proc_file(child, "gid_map", fmt::format("0 {} 1\n", outside_gid));
}

bool become_sandbox_root(bool host_root)
{
    // When cell runs as host root, the child still holds host uid 0 (unmapped inside) and
    // root's supplementary groups until it switches to the mapped identity. Otherwise
    // setgroups is denied and the invoking user's groups stay, as with any unprivileged
    // user namespace.
    if (host_root && setgroups(0, nullptr) != 0) {
        fmt::print(stderr, "cell: cannot drop supplementary groups: {}\n", strerror(errno));
        return false;
    }
    if (setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) {
        fmt::print(stderr, "cell: cannot take the sandbox's root identity: {}\n", strerror(errno));
        return false;
    }
    return true;
}

}
