#pragma once

// Host-enforced confinement of the sandbox: namespaces, Landlock, no_new_privs, rlimits
// and the seccomp filter of the first sandbox process.

#include <functional>
#include <sys/types.h>

namespace cell {

class Confinement {
public:
    // Checks what the host offers; prints a message and returns false when it lacks
    // something required.
    bool prepare();
    // Starts the first sandbox process running `child` (which must not return), and
    // returns its host pid, or -1 after printing a message.
    pid_t spawn(const std::function<void()>& child);
    // Called in the child just before it execs the kernel image.
    void enter_child();
};

}
