#include "kernel/fs/hostfs/HostFdCache.h"
#include "platform/Platform.h"

int HostFdCache::set_of(const void* owner, u64 serial) const
{
    u64 h = (serial ^ (u64(owner) >> 4)) * 0x9e3779b97f4a7c15ull;
    return int((h >> 40) % u64(m_sets));
}

int HostFdCache::find_locked(const void* owner, u64 serial)
{
    int base = set_of(owner, serial) * m_ways;
    for (int i = base; i < base + m_ways; ++i) {
        Slot& s = m_slots[i];
        if (s.fd_plus_one && !s.forgotten && s.owner == owner && s.serial == serial)
            return i;
    }
    return -1;
}

HostFdPin HostFdCache::find(const void* owner, u64 serial)
{
    MutexLocker locker(m_lock);
    int i = find_locked(owner, serial);
    if (i < 0)
        return {};
    Slot& s = m_slots[i];
    ++s.pins;
    s.last_use = ++m_clock;
    return { s.fd_plus_one - 1, i };
}

HostFdPin HostFdCache::insert(const void* owner, u64 serial, int fd)
{
    int evicted = -1;
    HostFdPin pin { fd, HOST_FD_UNCACHED };
    {
        MutexLocker locker(m_lock);
        // Another thread may have cached the same inode meanwhile: use that one.
        int existing = find_locked(owner, serial);
        if (existing >= 0) {
            Slot& s = m_slots[existing];
            ++s.pins;
            s.last_use = ++m_clock;
            pin = { s.fd_plus_one - 1, existing };
            evicted = fd;
        } else {
            int base = set_of(owner, serial) * m_ways;
            int victim = -1;
            for (int i = base; i < base + m_ways; ++i) {
                Slot& s = m_slots[i];
                if (s.pins)
                    continue;
                if (!s.fd_plus_one) {
                    victim = i;
                    break;
                }
                if (victim < 0 || s.last_use < m_slots[victim].last_use)
                    victim = i;
            }
            if (victim >= 0) {
                Slot& s = m_slots[victim];
                evicted = s.fd_plus_one - 1;
                s = { owner, serial, fd + 1, 1, false, ++m_clock };
                pin = { fd, victim };
            }
        }
    }
    // Host calls outside the lock.
    if (evicted >= 0)
        (void)platform::close(evicted);
    return pin;
}

void HostFdCache::release(const HostFdPin& pin)
{
    if (pin.fd < 0)
        return;
    if (pin.slot == HOST_FD_UNCACHED) {
        (void)platform::close(pin.fd);
        return;
    }
    if (pin.slot < 0)
        return;
    int closing = -1;
    {
        MutexLocker locker(m_lock);
        Slot& s = m_slots[pin.slot];
        if (s.pins && --s.pins == 0 && s.forgotten) {
            closing = s.fd_plus_one - 1;
            s = {};
        }
    }
    if (closing >= 0)
        (void)platform::close(closing);
}

void HostFdCache::forget(const void* owner, u64 serial)
{
    int closing = -1;
    {
        MutexLocker locker(m_lock);
        int i = find_locked(owner, serial);
        if (i < 0)
            return;
        Slot& s = m_slots[i];
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
