#pragma once

// Per-thread entry state, kept in the lowest page of the thread's kernel stack slot so
// that kernel code finds it from the stack pointer alone (the kernel never uses the
// guest's FS base or any TLS).

#include "kernel/abi/Signal.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Result.h"

class Thread;

struct EntryState {
    // Read by the fast entry (fast_entry.S) through the GS base, which every thread points
    // at its own EntryState: keep these two first (FastEntryLayout.h has their offsets).
    u64 kstack_top { 0 };
    u64 guest_rsp { 0 };
    Thread* thread { nullptr };
    // The guest context of the trap being handled; a handler that replaces the guest's
    // image or registers (execve, rt_sigreturn) edits it in place.
    linux_ucontext* context { nullptr };
    u32 slot { 0 };
    int host_tid { 0 };
    // The guest set its own GS base (arch_prctl ARCH_SET_GS); until then GS points here.
    bool guest_owns_gs { false };
};

// The kernel stack: slot page 0 holds EntryState, page 1 is a guard, the rest is stack.
constexpr u64 KSTACK_STATE_PAGES = 1;
constexpr u64 KSTACK_GUARD_PAGES = 1;

inline EntryState& current_entry()
{
    u64 sp;
    asm volatile("mov %%rsp, %0" : "=r"(sp));
    return *reinterpret_cast<EntryState*>(sp & ~(layout::KSTACK_SLOT - 1));
}

// Maps kernel stack slot `slot` in this host process and makes it the calling host
// thread's signal stack. Returns its entry state.
Result<EntryState*> kstack_install(u32 slot);
