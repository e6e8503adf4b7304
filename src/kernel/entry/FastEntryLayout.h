#pragma once

// Constants shared by fast_entry.S and the C++ side of the fast syscall entry.
// Plain #defines: this header is also included by the assembler.

// Offsets in EntryState (static_asserted in FastEntry.cpp).
#define ENTRY_KSTACK_TOP 0
#define ENTRY_GUEST_RSP 8

// A trampoline returns from the fast entry to its `call` site; the slow path starts this
// many bytes after that return address (SitePatch.cpp lays trampolines out).
#define TRAMPOLINE_SLOW_DELTA 2

// The bytes a trampoline skips below the guest's stack pointer before calling the fast
// entry, so that the guest's red zone survives.
#define TRAMPOLINE_RED_ZONE 128
