#pragma once

// Fixed virtual addresses of the kernel's own regions. They are identical in every
// sandbox process, hidden from the guest's /proc/self/maps, and refused to MAP_FIXED.

#include "kernel/base/Types.h"

namespace layout {

// The kernel image is linked here (see src/kernel/kernel.ld flags in CMakeLists.txt).
constexpr u64 KERNEL_IMAGE_BASE = 0x6f0000000000;
constexpr u64 KERNEL_IMAGE_LIMIT = 0x6f0010000000;

// The shared arena: one memfd mapped MAP_SHARED over the whole reservation; pages past
// the memfd's current size are not usable until the arena grows the memfd.
constexpr u64 ARENA_BASE = 0x6f0100000000;
constexpr u64 ARENA_RESERVE = 0x1000000000; // 64 GiB

// Per-thread kernel stacks, one aligned slot each; the slot's lowest page holds the
// thread's entry state, so the current thread is found by masking the stack pointer.
constexpr u64 KSTACK_BASE = 0x6f2000000000;
constexpr u64 KSTACK_SLOT = 0x40000; // 256 KiB
constexpr u64 KSTACK_SLOTS = 0x10000;

constexpr u64 KERNEL_REGION_START = KERNEL_IMAGE_BASE;
constexpr u64 KERNEL_REGION_END = KSTACK_BASE + KSTACK_SLOT * KSTACK_SLOTS;

// The top of the guest's address space (Linux TASK_SIZE with 4-level paging).
constexpr u64 TASK_SIZE = 0x7ffffffff000;

constexpr bool overlaps_kernel(u64 start, u64 end) { return start < KERNEL_REGION_END && end > KERNEL_REGION_START; }

}
