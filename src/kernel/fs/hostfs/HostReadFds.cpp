#include "kernel/fs/hostfs/HostReadFds.h"

namespace host_read_fds {

namespace {
// Fewer than the directory fds: a program rarely keeps many files open, and a tree walk
// (tar) reads each file once, so a larger cache would only hold more idle fds.
constexpr int SETS = 32;
constexpr int WAYS = 4;
// Private to this host process (not in the arena): see HostFdCache.h.
HostFdCache::Slot s_slots[SETS * WAYS];
constinit HostFdCache s_cache(s_slots, SETS, WAYS);
}

HostFdPin find(const void* owner, u64 serial) { return s_cache.find(owner, serial); }
HostFdPin insert(const void* owner, u64 serial, int fd) { return s_cache.insert(owner, serial, fd); }
void release(const HostFdPin& pin) { s_cache.release(pin); }
void forget(const void* owner, u64 serial) { s_cache.forget(owner, serial); }

}
