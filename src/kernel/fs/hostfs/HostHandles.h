#pragma once

// Host fds behind host-backed kernel objects. A host fd number is private to one host
// process, so arena objects never hold one: they hold a handle, and each host process
// keeps its own handle-to-fd table in private memory. A host fork copies that table
// together with the fds, so a child reaches every host object its parent had.
// FIXME: a process that did not inherit a handle (SCM_RIGHTS) cannot reach the object
// until the fd keeper lands. A process keeps its inherited host fd until the description
// dies or the process exits, even after closing its last guest fd on it.

#include "kernel/base/Result.h"

namespace host_handles {

constexpr int NO_HANDLE = -1;

// Takes ownership of `host_fd` (closed on release when `owned`); returns its handle.
Result<int> install(int host_fd, bool owned = true);
// The host fd behind `handle` in this process, or -1.
int host_fd(int handle);
// Forgets `handle` in this process and closes its fd if owned.
void release(int handle);

}
