#include "kernel/fs/hostfs/HostDirFds.h"
#include "kernel/base/Mutex.h"
#include "platform/Platform.h"

namespace host_dir_fds {

namespace {

// A set-associative cache: a key has WAYS candidate slots, the least recently used
// unpinned one is replaced.
constexpr int SETS = 64;
constexpr int WAYS = 4;

struct Slot {
    const void* owner;
    u64 serial;
    int fd_plus_one;
    u32 pins;
    bool forgotten;
    u64 last_use;
};

// Private to this host process (not in the arena): see the header.
Mutex s_lock;
Slot s_slots[SETS * WAYS];
u64 s_clock;

int set_of(const void* owner, u64 serial)
{
    u64 h = (serial ^ (u64(owner) >> 4)) * 0x9e3779b97f4a7c15ull;
    return int(h >> 58) % SETS;
}

// Preconditions: s_lock is held.
int find_locked(const void* owner, u64 serial)
{
    int base = set_of(owner, serial) * WAYS;
    for (int i = base; i < base + WAYS; ++i) {
        Slot& s = s_slots[i];
        if (s.fd_plus_one && !s.forgotten && s.owner == owner && s.serial == serial)
            return i;
    }
    return -1;
}

}

Pin find(const void* owner, u64 serial)
{
    MutexLocker locker(s_lock);
    int i = find_locked(owner, serial);
    if (i < 0)
        return {};
    Slot& s = s_slots[i];
    ++s.pins;
    s.last_use = ++s_clock;
    return { s.fd_plus_one - 1, i };
}

Pin insert(const void* owner, u64 serial, int fd)
{
    int evicted = -1;
    Pin pin { fd, UNCACHED };
    {
        MutexLocker locker(s_lock);
        // Another thread may have cached the same directory meanwhile: use that one.
        int existing = find_locked(owner, serial);
        if (existing >= 0) {
            Slot& s = s_slots[existing];
            ++s.pins;
            s.last_use = ++s_clock;
            pin = { s.fd_plus_one - 1, existing };
            evicted = fd;
        } else {
            int base = set_of(owner, serial) * WAYS;
            int victim = -1;
            for (int i = base; i < base + WAYS; ++i) {
                Slot& s = s_slots[i];
                if (s.pins)
                    continue;
                if (!s.fd_plus_one) {
                    victim = i;
                    break;
                }
                if (victim < 0 || s.last_use < s_slots[victim].last_use)
                    victim = i;
            }
            if (victim >= 0) {
                Slot& s = s_slots[victim];
                evicted = s.fd_plus_one - 1;
                s = { owner, serial, fd + 1, 1, false, ++s_clock };
                pin = { fd, victim };
            }
        }
    }
    // Host calls outside the lock.
    if (evicted >= 0)
        (void)platform::close(evicted);
    return pin;
}

void release(const Pin& pin)
{
    if (pin.fd < 0)
        return;
    if (pin.slot == UNCACHED) {
        (void)platform::close(pin.fd);
        return;
    }
    if (pin.slot < 0)
        return;
    int closing = -1;
    {
        MutexLocker locker(s_lock);
        Slot& s = s_slots[pin.slot];
        if (--s.pins == 0 && s.forgotten) {
            closing = s.fd_plus_one - 1;
            s = {};
        }
    }
    if (closing >= 0)
        (void)platform::close(closing);
}

void forget(const void* owner, u64 serial)
{
    int closing = -1;
    {
        MutexLocker locker(s_lock);
        int i = find_locked(owner, serial);
        if (i < 0)
            return;
        Slot& s = s_slots[i];
        if (s.pins) {
            s.forgotten = true;
        } else {
            closing = s.fd_plus_one - 1;
            s = {};
        }
    }
    if (closing >= 0)
        (void)platform::close(closing);
}

}
