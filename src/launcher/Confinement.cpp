#include "launcher/Confinement.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace cell {

bool Confinement::prepare() { return true; }

pid_t Confinement::spawn(const std::function<void()>& child)
{
    pid_t pid = fork();
    if (pid < 0) {
        fmt::print(stderr, "cell: cannot start the sandbox: {}\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        child();
        _exit(125);
    }
    return pid;
}

void Confinement::enter_child() { }

}
