// The C++ half of the fast syscall entry (fast_entry.S): runs one syscall for a patched
// call site, or sends it back to the trapping path when it needs the full signal context.

#include "kernel/entry/EntryState.h"
#include "kernel/entry/FastEntryLayout.h"
#include "kernel/entry/SitePatch.h"
#include "kernel/syscalls/Dispatch.h"

#include <stddef.h>

static_assert(offsetof(EntryState, kstack_top) == ENTRY_KSTACK_TOP);
static_assert(offsetof(EntryState, guest_rsp) == ENTRY_GUEST_RSP);

// The registers as fast_entry.S pushes them, lowest address first.
struct FastFrame {
    u64 r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
    u64 rflags;
};

namespace {

void to_context(const FastFrame& f, u64 guest_rsp, linux_ucontext& uc)
{
    u64* g = uc.uc_mcontext.gregs;
    g[REG_R8] = f.r8;
    g[REG_R9] = f.r9;
    g[REG_R10] = f.r10;
    g[REG_R11] = f.r11;
    g[REG_R12] = f.r12;
    g[REG_R13] = f.r13;
    g[REG_R14] = f.r14;
    g[REG_R15] = f.r15;
    g[REG_RDI] = f.rdi;
    g[REG_RSI] = f.rsi;
    g[REG_RBP] = f.rbp;
    g[REG_RBX] = f.rbx;
    g[REG_RDX] = f.rdx;
    g[REG_RAX] = f.rax;
    g[REG_RCX] = f.rcx;
    g[REG_RSP] = guest_rsp;
    g[REG_RIP] = f.rcx;
    g[REG_EFL] = f.rflags;
    g[REG_CSGSFS] = 0x33;
}

// Sends the trampoline down its slow path: a real `syscall` that traps into SIGSYS.
void take_slow_path(EntryState& entry)
{
    auto* return_address = reinterpret_cast<u64*>(entry.guest_rsp);
    *return_address += TRAMPOLINE_SLOW_DELTA;
}

}

extern "C" void cell_fast_syscall(FastFrame* frame)
{
    EntryState& entry = current_entry();
    u64 nr = frame->rax;
    if (!entry.thread || entry.context || site_patch_needs_context(nr)) {
        take_slow_path(entry);
        return;
    }
    // Handlers may read the guest's registers through entry.context, as on the trapping
    // path; the FPU state is untouched here, so the context carries none.
    linux_ucontext uc {};
    to_context(*frame, entry.guest_rsp + 8 + TRAMPOLINE_RED_ZONE, uc);
    entry.context = &uc;
    u64* g = uc.uc_mcontext.gregs;
    SyscallArgs args { { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9] } };
    frame->rax = syscall_dispatch(*entry.thread, nr, args);
    entry.context = nullptr;
}
