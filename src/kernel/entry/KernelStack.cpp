#include "kernel/abi/Mman.h"
#include "kernel/base/Result.h"
#include "kernel/entry/EntryState.h"
#include "platform/Platform.h"

#include <new>

namespace {
constexpr int ARCH_SET_GS = 0x1001;
}

Result<EntryState*> kstack_install(u32 slot)
{
    if (slot >= layout::KSTACK_SLOTS)
        return Errno::EAGAIN;
    u64 base = layout::KSTACK_BASE + u64(slot) * layout::KSTACK_SLOT;
    u64 mapped = TRY(platform::mmap(base, layout::KSTACK_SLOT, PROT_READ | PROT_WRITE,
        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0));
    if (mapped != base)
        return Errno::EEXIST;
    TRY(platform::mprotect(base + KSTACK_STATE_PAGES * PAGE_SIZE, KSTACK_GUARD_PAGES * PAGE_SIZE, PROT_NONE));
    auto* state = new (reinterpret_cast<void*>(base)) EntryState();
    state->slot = slot;
    state->host_tid = TRY(platform::gettid());
    u64 stack_bottom = base + (KSTACK_STATE_PAGES + KSTACK_GUARD_PAGES) * PAGE_SIZE;
    linux_stack_t ss { stack_bottom, 0, 0, layout::KSTACK_SLOT - (stack_bottom - base) };
    TRY(platform::sigaltstack(&ss, nullptr));
    // The fast entry switches to the top of the same stack; it finds this state through
    // the GS base, which Linux programs leave alone (a guest that sets GS turns the fast
    // entry off for its process; see SitePatch.h).
    state->kstack_top = base + layout::KSTACK_SLOT;
    TRY(platform::arch_prctl(ARCH_SET_GS, base));
    return state;
}
