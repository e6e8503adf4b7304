#include "kernel/fs/hostfs/HostDirFds.h"

namespace {
constexpr int SETS = 64;
constexpr int WAYS = 4;
// Private to this host process (not in the arena): see the header.
HostFdCache::Slot s_slots[SETS * WAYS];
constinit HostFdCache s_cache(s_slots, SETS, WAYS);
}

HostFdCache& host_dir_fds() { return s_cache; }
