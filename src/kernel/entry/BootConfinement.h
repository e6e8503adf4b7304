#pragma once

// The kernel's share of the sandbox's host confinement, done once at the end of boot:
// joining the network namespace that the launcher's helper made while the kernel booted
// (src/launcher/NetNamespace.h), then dropping every host capability.

#include "kernel/base/Result.h"

namespace cell {
struct BootBlock;
}

// Joins the helper's network namespace and lets the helper exit (the host reaps it: the
// kernel's host SIGCHLD is ignored from here on), then empties the kernel's capability
// sets. Without a helper (a sandbox without namespaces) it only drops the capabilities.
// A helper that could not make the namespace fails the boot with its errno, unless the
// launcher allowed weak confinement: then the sandbox stays in the host's network
// namespace and a warning says so.
// Preconditions: boot, under the launcher's seccomp filter, before the first guest
// instruction and the kernel's own filter (which forbids setns and capset).
Result<void> finish_host_confinement(const cell::BootBlock& boot);
