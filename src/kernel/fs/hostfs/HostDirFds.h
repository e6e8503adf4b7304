#pragma once

// Host O_PATH fds of hostfs directories, cached so that a lookup, stat or open by name is
// one host call relative to its directory instead of a walk of the whole path from the
// mount's root. Host fd numbers are private to a host process, so the cache lives in
// private memory (like host_handles), keyed by the directory's filesystem and a serial
// number the filesystem never reuses; a host fork copies it together with the fds. An
// fd follows the directory it names through renames, as the inode does.
//
// The cache is bounded (SETS * WAYS fds per process, well below the host's
// RLIMIT_NOFILE); an fd in use is pinned and never closed under its user.

#include "kernel/fs/hostfs/HostFdCache.h"

// This host process's cache of directory fds, keyed by (filesystem, inode serial).
HostFdCache& host_dir_fds();

// Holds a pinned directory fd for a scope.
struct HostDirPin {
    HostFdPin pin;
    HostDirPin() = default;
    HostDirPin(const HostDirPin&) = delete;
    HostDirPin& operator=(const HostDirPin&) = delete;
    ~HostDirPin() { host_dir_fds().release(pin); }
};
