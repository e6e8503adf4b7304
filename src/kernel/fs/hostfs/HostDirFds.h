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

namespace host_dir_fds {

constexpr int BORROWED = HOST_FD_BORROWED;
constexpr int UNCACHED = HOST_FD_UNCACHED;
using Pin = HostFdPin;

// The fd cached for (`owner`, `serial`), pinned; fd -1 when none is.
Pin find(const void* owner, u64 serial);
// Caches `fd` (taking ownership) for (`owner`, `serial`) and returns it pinned. When the
// cache has no room the fd is still returned, and closed on release.
Pin insert(const void* owner, u64 serial, int fd);
void release(const Pin& pin);
// Closes the fd cached for (`owner`, `serial`) in this process, once it is unpinned.
void forget(const void* owner, u64 serial);

}

// Holds a pinned directory fd for a scope.
struct HostDirPin {
    host_dir_fds::Pin pin;
    HostDirPin() = default;
    HostDirPin(const HostDirPin&) = delete;
    HostDirPin& operator=(const HostDirPin&) = delete;
    ~HostDirPin() { host_dir_fds::release(pin); }
};
