#include "kernel/fs/hostfs/HostReadFds.h"

namespace {
// Fewer than the directory fds: a program rarely keeps many files open, and a tree walk
// (tar) reads each file once, so a larger cache would only hold more idle fds.
constexpr int SETS = 32;
constexpr int WAYS = 4;
// Private to this host process (not in the arena): see HostFdCache.h.
HostFdCache::Slot s_slots[SETS * WAYS];
constinit HostFdCache s_cache(s_slots, SETS, WAYS);
}

HostFdCache& host_read_fds() { return s_cache; }
