#pragma once

// The sandbox's network namespace, made on the host's other CPU while the kernel image
// boots instead of before it starts.
//
// Creating a network namespace is the slowest part of starting a sandbox (about 0.6 ms of
// a 1 ms clone on the development machines, most of it registering the new namespace's
// sysctls and loopback device). The first sandbox process is therefore cloned without
// CLONE_NEWNET; just before it execs the kernel image it starts a helper that shares its
// memory and makes the new network namespace, and the kernel joins that namespace by the
// helper's pidfd at the end of its boot, before the first guest instruction. The kernel
// keeps CAP_SYS_ADMIN of the sandbox's user namespace across the exec for that one call
// and drops every capability right after it.

namespace cell {

struct NetNamespaceHandoff {
    int pidfd { -1 };    // the helper, whose network namespace the kernel joins
    int ready_fd { -1 }; // yields the helper's unshare() result: 0 or an errno value
    int hold_fd { -1 };  // the helper lives until the kernel closes this
};

// Sets the inheritable and ambient CAP_SYS_ADMIN, so that the kernel image keeps it
// across exec although the sandbox's securebits deny root its implicit capabilities.
// Preconditions: called in the first sandbox process, root in its new user namespace,
// before the securebits are locked. Returns false after printing a message.
bool keep_cap_sys_admin_across_exec();

// Starts the helper. The three fds stay open across exec for the kernel image.
// Preconditions: called in the first sandbox process after Landlock (the kernel may only
// look into a process of its own Landlock domain) and before the seccomp filter (which
// forbids unshare). Returns false after printing a message.
bool start_net_namespace(NetNamespaceHandoff& handoff);

}
