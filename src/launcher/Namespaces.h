#pragma once

// The sandbox's host namespaces: new user, mount, pid, ipc and uts namespaces for the
// first sandbox process, and the user namespace's id maps. Its new network namespace is
// made separately (NetNamespace.h).

#include <sys/types.h>

namespace cell {

// Clones the calling process into new namespaces, fork-like: returns the child's host pid
// in the parent, 0 in the child, and -1 with errno set when the host refuses.
pid_t clone_into_namespaces();

// Writes the child's uid_map, gid_map and setgroups. Root inside maps to the invoking user
// outside; when `cell` itself runs as host root, to nobody (65534), so that the sandbox
// holds no host privilege either way. Returns false after printing a message.
bool write_id_maps(pid_t child);

// In the child, after the parent's write_id_maps(): takes on the mapped root identity and
// drops host root's supplementary groups (`host_root`: cell runs as host root). Returns
// false after printing a message.
bool become_sandbox_root(bool host_root);

}
