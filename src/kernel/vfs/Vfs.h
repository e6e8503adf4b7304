#pragma once

// The VFS as the syscall layer uses it: boot-time mounts, and path resolution and
// opening on behalf of a process (its root, cwd and fd table).

#include "kernel/vfs/PathWalk.h"

class Process;

// Builds the mount tree: an overlay of the host's "/" (read-only) under memfs as the
// root, devfs at /dev, procfs at /proc, memfs at /tmp, sysfs at /sys, then the binds.
Result<void> vfs_init();

// Resolves `path` relative to `dirfd` (AT_FDCWD for the cwd) as `process` sees it. With
// `start_is_root` the start directory also serves as the root (RESOLVE_IN_ROOT and
// RESOLVE_BENEATH). Directories are searched with `cred`, by default the process's.
Result<WalkResult> vfs_lookup(Process& process, int dirfd, StringView path, u32 flags, WalkParent* missing = nullptr,
    bool start_is_root = false, const Credentials* cred = nullptr);

// Copies a path argument in from the guest and resolves it; handles AT_EMPTY_PATH
// (`at_flags`), which names `dirfd` itself. `walk_flags` are WALK_FOLLOW (follow a final
// link) and WALK_STAT.
Result<WalkResult> vfs_lookup_user(Process& process, int dirfd, u64 user_path, u32 walk_flags, int at_flags = 0,
    const Credentials* cred = nullptr);

// Implements the open(2) semantics on a resolved or missing path. `flags` are validated
// open flags; `mode` applies only to a file O_CREAT makes. `walk_flags` adds openat2's
// WALK_NO_* / WALK_BENEATH restrictions, and `start_is_root` is as for vfs_lookup.
Result<OpenFile*> vfs_open(Process& process, int dirfd, StringView path, int flags, u32 mode, u32 walk_flags = 0,
    bool start_is_root = false);

// The description for guest fd 0, 1 or 2: the host's stdio fd of the same number.
Result<OpenFile*> vfs_open_host_stdio(int fd);
