#pragma once

// The host paths the launcher grants at boot: the root's lower layer (--root) and the
// --bind / --ro-bind mounts, read from the boot block.

#include "kernel/base/Result.h"

class HostFs;

// The root's lower layer: the --root directory the launcher opened, or the host's "/".
Result<HostFs*> make_boot_root();

// Mounts every bind of the boot block, in command-line order, creating missing mount
// points where the filesystem below allows it. Preconditions: the root and the other
// boot-time mounts are in place. Fails the sandbox start with a one-line message when a
// bind cannot be made.
Result<void> mount_boot_binds();
