#include "kernel/fs/hostfs/HostHandles.h"
#include "kernel/base/Mutex.h"
#include "platform/Platform.h"

namespace host_handles {

namespace {
constexpr int CAPACITY = 65536;
struct Slot {
    int fd_plus_one;
    bool owned;
};
// Private to this host process (not in the arena): see the header.
Mutex s_lock;
Slot s_slots[CAPACITY];
int s_hint;
}

Result<int> install(int host_fd, bool owned)
{
    MutexLocker locker(s_lock);
    for (int i = 0; i < CAPACITY; ++i) {
        int slot = (s_hint + i) % CAPACITY;
        if (s_slots[slot].fd_plus_one == 0) {
            s_slots[slot] = { host_fd + 1, owned };
            s_hint = slot + 1;
            return slot;
        }
    }
    return Errno::ENFILE;
}

int host_fd(int handle)
{
    if (handle < 0 || handle >= CAPACITY)
        return -1;
    return __atomic_load_n(&s_slots[handle].fd_plus_one, __ATOMIC_RELAXED) - 1;
}

void release(int handle)
{
    if (handle < 0 || handle >= CAPACITY)
        return;
    Slot slot;
    {
        MutexLocker locker(s_lock);
        slot = s_slots[handle];
        s_slots[handle] = { 0, false };
    }
    if (slot.fd_plus_one && slot.owned)
        (void)platform::close(slot.fd_plus_one - 1);
}

}
