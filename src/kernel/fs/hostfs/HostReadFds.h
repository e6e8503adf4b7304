#pragma once

// Read-only host fds of hostfs regular files, shared by every read-only open description
// of one file in a host process. The kernel keeps each description's offset and reads
// with pread, so descriptions need no host description of their own: opening a file
// that is already open, or was read a moment ago, makes no host call. An fd is opened on
// the first read-only open and stays cached (pinned) while any description uses it, then
// idle until the bounded cache needs its slot (HostFdCache.h), as a directory's fd does.
//
// Only the fd the host granted to that same inode is reused, so the host's own refusal
// (EACCES for a file the sandbox's host uid cannot read) still happens at the first open.
// The key is the inode's serial: a file the sandbox unlinks or renames over is another
// inode, and a new lookup gets a new fd. A file replaced on the host behind the sandbox
// is only noticed by a new lookup, as the dentry cache already is; a host chmod behind
// the sandbox does not revoke a cached fd, as it does not revoke an open one natively.
//
// Writable opens keep their own host description (O_APPEND, O_DIRECT and the host's
// own write semantics belong to it).

#include "kernel/fs/hostfs/HostFdCache.h"

// This host process's cache of read-only file fds, keyed by (filesystem, inode serial).
HostFdCache& host_read_fds();
