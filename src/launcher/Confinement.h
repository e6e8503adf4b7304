#pragma once

// Host-enforced confinement of the sandbox: namespaces, Landlock, no_new_privs, rlimits
// and the seccomp filter of the first sandbox process. Each aspect lives in its own file
// (Namespaces, NetNamespace, Landlock, Seccomp); this class orders them.

#include "launcher/NetNamespace.h"

#include <functional>
#include <sys/types.h>

namespace cell {

class Confinement {
public:
    // `allow_weak`: run even where the host lacks Landlock or namespaces, saying so.
    explicit Confinement(bool allow_weak)
        : m_allow_weak(allow_weak)
    {
    }

    // Checks what the host offers; prints a message and returns false when it lacks
    // something required.
    bool prepare();
    // Starts the first sandbox process running `child` (which must not return), and
    // returns its host pid, or -1 after printing a message.
    pid_t spawn(const std::function<void()>& child);
    // Called in the child just before it execs the kernel image: applies rlimits,
    // no_new_privs, Landlock and the launcher's seccomp filter, and starts making the
    // network namespace, whose handoff the kernel needs (all -1 without namespaces).
    // Exits the child with 125 after printing a message when a step fails.
    NetNamespaceHandoff enter_child();

private:
    bool m_allow_weak { false };
    bool m_host_root { false };
    bool m_namespaces { false };
    int m_landlock_abi { 0 };
};

}
