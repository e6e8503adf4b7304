#pragma once

// Fixed-width integer names used throughout the kernel image.

#include <stddef.h>
#include <stdint.h>

using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;
using u64 = uint64_t;
using i8 = int8_t;
using i16 = int16_t;
using i32 = int32_t;
using i64 = int64_t;
using usize = size_t;
using uptr = uintptr_t;

constexpr u64 PAGE_SIZE = 4096;

constexpr u64 page_round_down(u64 v) { return v & ~(PAGE_SIZE - 1); }
constexpr u64 page_round_up(u64 v) { return (v + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }
constexpr bool page_aligned(u64 v) { return (v & (PAGE_SIZE - 1)) == 0; }
