#pragma once

// struct iovec and its limits.

#include "kernel/base/Types.h"

struct linux_iovec {
    u64 iov_base;
    u64 iov_len;
};
static_assert(sizeof(linux_iovec) == 16);

constexpr int UIO_MAXIOV = 1024;
// Linux clamps a single read/write to this many bytes (MAX_RW_COUNT).
constexpr u64 MAX_RW_COUNT = 0x7ffff000;
