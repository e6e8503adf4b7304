#include "launcher/Sandbox.h"
#include "launcher/BootWriter.h"
#include "launcher/Confinement.h"
#include "launcher/Report.h"

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
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

int open_output(const std::string& path, const char* what)
{
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fmt::print(stderr, "cell: cannot open {} file {}: {}\n", what, path, strerror(errno));
    return fd;
}

}

int run_sandbox(const RunOptions& options)
{
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

    auto boot = BootWriter::create(options, trace_fd, log_fd);
    if (!boot)
        return 125;

    Confinement confinement;
    if (!confinement.prepare())
        return 125;

    pid_t child = confinement.spawn([&] {
        std::string fd_arg = std::to_string(boot->fd());
        char* const argv[] = { const_cast<char*>("cell-kernel"), fd_arg.data(), nullptr };
        char* const envp[] = { nullptr };
        confinement.enter_child();
        fexecve(kernel_fd, argv, envp);
        fmt::print(stderr, "cell: cannot start the kernel image: {}\n", strerror(errno));
        _exit(125);
    });
    if (child < 0)
        return 125;
    close(kernel_fd);

    // The terminal's signals reach the sandbox directly; the launcher only waits.
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return report_outcome(boot->block(), status, options);
}

}
