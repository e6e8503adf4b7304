#include "launcher/Sandbox.h"
#include "launcher/BootWriter.h"
#include "launcher/Confinement.h"
#include "launcher/Image.h"
#include "launcher/Landlock.h"
#include "launcher/Report.h"

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cell {

namespace {

std::string kernel_image_path()
{
    if (const char* env = getenv("CELL_KERNEL"); env && *env)
        return env;
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return "cell-kernel";
    self[n] = '\0';
    std::string path(self);
    return path.substr(0, path.rfind('/') + 1) + "cell-kernel";
}

// Whether host process `pid` has a handler for `sig` (SigCgt in /proc/PID/status).
bool catches_signal(pid_t pid, int sig)
{
    std::string path = "/proc/" + std::to_string(pid) + "/status";
    FILE* file = fopen(path.c_str(), "re");
    if (!file)
        return false;
    char line[256];
    unsigned long long mask = 0;
    while (fgets(line, sizeof(line), file)) {
        if (sscanf(line, "SigCgt: %llx", &mask) == 1)
            break;
    }
    fclose(file);
    return (mask >> (sig - 1)) & 1;
}

// Waits for the first sandbox process while relaying the signals that should end it.
// The kernel runs as init of its pid namespace, and the host drops signals to a namespace
// init that has no handler for them: a terminal's SIGINT would be lost. So when the
// kernel does not catch a terminating signal that `cell` receives, `cell` ends the sandbox
// with SIGKILL and reports the original signal; when it does catch it, SIGTERM and SIGHUP
// (usually sent to `cell` alone) are passed on, while SIGINT and SIGQUIT have already
// reached it from the terminal.
int wait_for_sandbox(pid_t child, const sigset_t& waited, int& relayed_signal)
{
    int status = 0;
    for (;;) {
        pid_t r = waitpid(child, &status, WNOHANG);
        if (r == child)
            return status;
        if (r < 0 && errno != EINTR)
            return status;
        siginfo_t info {};
        int sig = sigwaitinfo(&waited, &info);
        if (sig <= 0 || sig == SIGCHLD)
            continue;
        if (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
            // Job control: the terminal's stop signal is dropped by the namespace's init
            // too, so `cell` stops the sandbox (SIGSTOP from outside always lands) and
            // then itself, for the shell to see; SIGCONT resumes both.
            if (!catches_signal(child, sig))
                kill(child, SIGSTOP);
            kill(getpid(), SIGSTOP);
            continue;
        }
        if (sig == SIGCONT) {
            kill(child, SIGCONT);
            continue;
        }
        if (catches_signal(child, sig)) {
            if (sig == SIGTERM || sig == SIGHUP)
                kill(child, sig);
            continue;
        }
        relayed_signal = sig;
        kill(child, SIGKILL);
    }
}

// Closes every fd but `keep` (negative entries are ignored), so that nothing the caller of
// `cell` happened to leave open reaches the sandbox: Landlock does not govern fds that
// were opened before it applied.
void close_other_fds(std::vector<int> keep)
{
    std::erase_if(keep, [](int fd) { return fd < 0; });
    std::sort(keep.begin(), keep.end());
    unsigned first = 0;
    for (int fd : keep) {
        if (unsigned(fd) > first)
            syscall(SYS_close_range, first, unsigned(fd) - 1, 0);
        first = unsigned(fd) + 1;
    }
    syscall(SYS_close_range, first, ~0u, 0);
}

int open_output(const std::string& path, const char* what)
{
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fmt::print(stderr, "cell: cannot open {} file {}: {}\n", what, path, strerror(errno));
    return fd;
}

// Replaces each bind's source and the --root directory by their canonical host paths, so
// that the kernel and Landlock name exactly what the user meant, and records the binds'
// Landlock grants. A missing path is reported in one line.
bool resolve_host_paths(RunOptions& options)
{
    auto canonical = [](std::string& path, const char* option, bool must_be_directory) {
        char resolved[PATH_MAX];
        struct stat st {};
        if (!realpath(path.c_str(), resolved) || stat(resolved, &st) != 0) {
            fmt::print(stderr, "cell: {} {}: {}\n", option, path, strerror(errno));
            return false;
        }
        if (must_be_directory && !S_ISDIR(st.st_mode)) {
            fmt::print(stderr, "cell: {} {}: {}\n", option, path, strerror(ENOTDIR));
            return false;
        }
        path = resolved;
        return true;
    };
    // The sandbox runs as an unprivileged host user that may not reach a source by path
    // (a 0700 ancestor), so the sources are opened here, while the invoking user's access
    // holds; the kernel and Landlock work from these fds.
    auto open_path = [](const std::string& path, const char* option, int flags) {
        int fd = open(path.c_str(), O_PATH | flags);
        if (fd < 0)
            fmt::print(stderr, "cell: {} {}: {}\n", option, path, strerror(errno));
        return fd;
    };
    std::vector<LandlockGrant> grants;
    for (auto& bind : options.binds) {
        if (bind.tmpfs)
            continue;
        const char* option = bind.read_only ? "--ro-bind" : "--bind";
        if (!canonical(bind.source, option, false))
            return false;
        struct stat st {};
        bind.source_fd = open_path(bind.source, option, O_CLOEXEC);
        if (bind.source_fd < 0 || fstat(bind.source_fd, &st) != 0)
            return false;
        bind.is_file = !S_ISDIR(st.st_mode);
        std::string dir = bind.is_file ? bind.source.substr(0, std::max<size_t>(bind.source.rfind('/'), 1)) : bind.source;
        bind.dir_fd = open_path(dir, option, O_DIRECTORY);
        if (bind.dir_fd < 0)
            return false;
        grants.push_back({ bind.source, !bind.read_only, bind.source_fd });
    }
    if (options.root) {
        if (!canonical(*options.root, "--root", true))
            return false;
        options.root_fd = open_path(*options.root, "--root", O_DIRECTORY);
        if (options.root_fd < 0)
            return false;
    }
    set_landlock_grants(std::move(grants));
    return true;
}

}

int run_sandbox(const RunOptions& given)
{
    RunOptions options = given;
    if (!resolve_host_paths(options))
        return 125;

    std::string kernel = kernel_image_path();
    int kernel_fd = open(kernel.c_str(), O_RDONLY | O_CLOEXEC);
    if (kernel_fd < 0) {
        fmt::print(stderr, "cell: cannot open the kernel image {}: {}\n", kernel, strerror(errno));
        return 125;
    }

    int trace_fd = -1;
    if (options.trace) {
        trace_fd = options.trace->empty() ? dup(STDERR_FILENO) : open_output(*options.trace, "trace");
        if (trace_fd < 0)
            return 125;
    }
    int log_fd = -1;
    if (options.log) {
        log_fd = open_output(*options.log, "log");
        if (log_fd < 0)
            return 125;
    }

    int image_fd = -1;
    if (options.image) {
        image_fd = open_image(*options.image);
        if (image_fd < 0)
            return 125;
    }

    auto boot = BootWriter::create(options, trace_fd, log_fd, image_fd);
    if (!boot)
        return 125;

    Confinement confinement(options.allow_weak_confinement);
    if (!confinement.prepare())
        return 125;

    // Blocked before the sandbox starts so that none is lost; the child restores the mask.
    sigset_t waited;
    sigset_t original;
    sigemptyset(&waited);
    for (int sig : { SIGCHLD, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, SIGCONT })
        sigaddset(&waited, sig);
    sigprocmask(SIG_BLOCK, &waited, &original);

    SandboxEnd end;
    end.trace_fd = trace_fd;
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    end.spawn_ns = uint64_t(now.tv_sec) * 1000000000ull + uint64_t(now.tv_nsec);
    pid_t child = confinement.spawn([&] {
        sigprocmask(SIG_SETMASK, &original, nullptr);
        std::vector<int> keep { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO, kernel_fd, boot->fd(), trace_fd, log_fd, image_fd,
            options.root_fd };
        for (const auto& bind : options.binds)
            keep.insert(keep.end(), { bind.source_fd, bind.dir_fd });
        close_other_fds(std::move(keep));
        std::string fd_arg = std::to_string(boot->fd());
        char* const argv[] = { const_cast<char*>("cell-kernel"), fd_arg.data(), nullptr };
        char* const envp[] = { nullptr };
        NetNamespaceHandoff net = confinement.enter_child();
        boot->block().netns_pidfd = net.pidfd;
        boot->block().netns_ready_fd = net.ready_fd;
        boot->block().netns_hold_fd = net.hold_fd;
        fexecve(kernel_fd, argv, envp);
        fmt::print(stderr, "cell: cannot start the kernel image: {}\n", strerror(errno));
        _exit(125);
    });
    if (child < 0)
        return 125;
    close(kernel_fd);
    if (image_fd >= 0)
        close(image_fd);

    end.host_status = wait_for_sandbox(child, waited, end.relayed_signal);
    clock_gettime(CLOCK_MONOTONIC, &now);
    end.reaped_ns = uint64_t(now.tv_sec) * 1000000000ull + uint64_t(now.tv_nsec);
    sigprocmask(SIG_SETMASK, &original, nullptr);
    return report_outcome(boot->block(), end, options);
}

}
