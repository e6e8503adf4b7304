#pragma once

// A bounded cache of host fds private to one host process, keyed by a hostfs filesystem
// and an inode serial number the filesystem never reuses. It is set-associative: a key
// has `ways` candidate slots, of which the least recently used unpinned one is replaced.
// An fd in use is pinned and never closed under its user. The slots live in private
// memory (not the arena) because host fd numbers are private to a host process; a host
// fork copies them together with the fds.

#include "kernel/base/Mutex.h"
#include "kernel/base/Types.h"

// What a pin's slot is when it is no cache slot.
constexpr int HOST_FD_BORROWED = -1; // an fd someone else keeps open (the root's): nothing to do
constexpr int HOST_FD_UNCACHED = -2; // an fd the cache had no room for: closed on release

// A cached fd in use: valid until released.
struct HostFdPin {
    int fd { -1 };
    int slot { HOST_FD_BORROWED };
};

class HostFdCache {
public:
    struct Slot {
        const void* owner;
        u64 serial;
        int fd_plus_one;
        u32 pins;
        bool forgotten;
        u64 last_use;
    };

    // Preconditions: `slots` holds sets * ways zeroed slots, for the cache's lifetime.
    constexpr HostFdCache(Slot* slots, int sets, int ways)
        : m_slots(slots)
        , m_sets(sets)
        , m_ways(ways)
    {
    }

    // The fd cached for (`owner`, `serial`), pinned; fd -1 when none is.
    HostFdPin find(const void* owner, u64 serial);
    // Caches `fd` (taking ownership) for (`owner`, `serial`) and returns it pinned. When
    // the cache has no room the fd is still returned, and closed on release.
    HostFdPin insert(const void* owner, u64 serial, int fd);
    void release(const HostFdPin& pin);
    // Closes the fd cached for (`owner`, `serial`) in this process, once it is unpinned.
    void forget(const void* owner, u64 serial);

private:
    int set_of(const void* owner, u64 serial) const;
    // Preconditions: m_lock is held.
    int find_locked(const void* owner, u64 serial);

    Mutex m_lock;
    Slot* m_slots;
    int m_sets;
    int m_ways;
    u64 m_clock { 0 };
};
