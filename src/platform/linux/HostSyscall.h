#pragma once

// Raw host system calls. Only the platform includes this: a `syscall` instruction
// anywhere else in the kernel image bypasses the platform boundary.

#include "kernel/base/Result.h"

namespace platform {

inline i64 host_syscall(u64 nr, u64 a1 = 0, u64 a2 = 0, u64 a3 = 0, u64 a4 = 0, u64 a5 = 0, u64 a6 = 0)
{
    i64 ret;
    register u64 r10 asm("r10") = a4;
    register u64 r8 asm("r8") = a5;
    register u64 r9 asm("r9") = a6;
    asm volatile("syscall"
                 : "=a"(ret)
                 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
                 : "rcx", "r11", "memory");
    return ret;
}

// Converts a raw host return value to a Result.
inline Result<u64> host_result(i64 ret)
{
    if (ret < 0 && ret > -4096)
        return static_cast<Errno>(-ret);
    return static_cast<u64>(ret);
}

inline Result<void> host_void(i64 ret)
{
    if (ret < 0 && ret > -4096)
        return static_cast<Errno>(-ret);
    return {};
}

}
