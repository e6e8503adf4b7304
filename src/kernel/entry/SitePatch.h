#pragma once

// Syscall site patching: after the second trapped call at a site (a site that runs once
// never repays its patch), rewrite the site so that later calls reach the kernel through
// a trampoline and the fast entry (fast_entry.S) instead of a host signal.
//
// Two site shapes are patched, and only where they are verified safe:
//   A. `mov $nr, %eax; syscall`: the 5-byte mov becomes a jump to the trampoline, which
//      redoes the mov; the syscall instruction stays, so a jump straight to it still traps.
//   B. `syscall` followed by short position-independent instructions (glibc's
//      `cmp $-4095, %rax`): instruction boundaries after a trapped syscall are known, so
//      the bytes are decoded forwards; the syscall and those instructions move into the
//      trampoline.
// Only file-backed private executable mappings are patched (never JIT memory, whose owner
// may read its own code back, nor the vDSO). Trampolines live in hidden pages within
// ±2 GiB of their sites and are private to the host process, as the patched code is.

#include "kernel/abi/Signal.h"
#include "kernel/base/Types.h"

class Thread;

// True for syscalls that need the complete signal context (execve, rt_sigreturn, clone...),
// which the fast entry hands back to the trapping path.
bool site_patch_needs_context(u64 nr);

// Called on the trapping path after syscall `nr` from the instruction ending at
// `call_addr`, with the context the guest resumes from. May patch that site, and then
// moves the resume address off the rewritten bytes.
void site_patch_consider(Thread& thread, linux_ucontext& uc, u64 call_addr, u64 nr);

// Turns the fast entry off for this process: the guest took the GS base for itself.
// Patched sites keep working through their trampolines' trapping path.
void site_patch_disable();

// True when `address` lies in one of this process's trampoline pages.
bool site_patch_owns(u64 address);

// Statistics for the kernel log.
u64 site_patch_count();
