#pragma once

// Byte operations. They lower to memcpy/memset/memcmp, which Runtime.cpp provides in the
// freestanding image and libc provides in hosted test builds.

#include "kernel/base/Types.h"

inline void mem_copy(void* dst, const void* src, usize n) { __builtin_memcpy(dst, src, n); }
inline void mem_move(void* dst, const void* src, usize n) { __builtin_memmove(dst, src, n); }
inline void mem_zero(void* dst, usize n) { __builtin_memset(dst, 0, n); }
inline int mem_compare(const void* a, const void* b, usize n) { return __builtin_memcmp(a, b, n); }
inline usize cstr_length(const char* s) { return __builtin_strlen(s); }
