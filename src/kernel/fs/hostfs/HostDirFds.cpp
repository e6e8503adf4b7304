#include "kernel/fs/hostfs/HostDirFds.h"

namespace host_dir_fds {

namespace {
constexpr int SETS = 64;
constexpr int WAYS = 4;
// Private to this host process (not in the arena): see the header.
HostFdCache::Slot s_slots[SETS * WAYS];
constinit HostFdCache s_cache(s_slots, SETS, WAYS);
}

Pin find(const void* owner, u64 serial) { return s_cache.find(owner, serial); }
Pin insert(const void* owner, u64 serial, int fd) { return s_cache.insert(owner, serial, fd); }
void release(const Pin& pin) { s_cache.release(pin); }
void forget(const void* owner, u64 serial) { s_cache.forget(owner, serial); }

}
