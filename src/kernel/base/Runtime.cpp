// The few libc and C++ ABI symbols that the compiler may emit calls to in a freestanding
// image. Hosted builds (unit tests) use libc's instead; see CELL_FREESTANDING.

#include "kernel/base/Types.h"

#ifdef CELL_FREESTANDING

extern "C" {

void* memcpy(void* dst, const void* src, usize n)
{
    // rep movsb advances rdi; memcpy must return the original destination, which the
    // compiler may use in place of its own copy of the pointer.
    void* ret = dst;
    asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
    return ret;
}

void* memmove(void* dst, const void* src, usize n)
{
    auto* d = static_cast<u8*>(dst);
    auto* s = static_cast<const u8*>(src);
    if (d == s || n == 0)
        return dst;
    if (d < s || d >= s + n) {
        void* ret = dst;
        asm volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
        return ret;
    }
    for (usize i = n; i > 0; --i)
        d[i - 1] = s[i - 1];
    return dst;
}

void* memset(void* dst, int c, usize n)
{
    void* ret = dst;
    asm volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
    return ret;
}

int memcmp(const void* a, const void* b, usize n)
{
    auto* x = static_cast<const u8*>(a);
    auto* y = static_cast<const u8*>(b);
    for (usize i = 0; i < n; ++i) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

usize strlen(const char* s)
{
    usize n = 0;
    while (s[n])
        ++n;
    return n;
}

void __cxa_pure_virtual()
{
    __builtin_trap();
}

int __cxa_atexit(void (*)(void*), void*, void*)
{
    return 0;
}

void* __dso_handle = nullptr;
}

void operator delete(void*, usize) noexcept
{
    __builtin_trap();
}

void operator delete(void*) noexcept
{
    __builtin_trap();
}

#endif
