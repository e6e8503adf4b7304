#pragma once

// Copies between kernel memory and guest memory. Every routine checks that the guest
// range lies inside the guest's part of the address space (never the kernel's regions)
// and turns a fault during the copy into EFAULT instead of a crash.

#include "kernel/base/Result.h"
#include "kernel/mm/UserPtr.h"

#include <type_traits>

// Returns true when [address, address + len) is a range the guest may name.
bool user_range_ok(u64 address, u64 len);

Result<void> copy_from_user(void* dst, u64 src, usize len);
Result<void> copy_to_user(u64 dst, const void* src, usize len);
Result<void> clear_user(u64 dst, usize len);
// Copy as much as they can, as Linux's read(2) and write(2) do with a buffer that runs
// into an unmapped page: they return how many bytes crossed before the fault, and
// EFAULT only when not even the first byte could.
Result<usize> copy_to_user_partial(u64 dst, const void* src, usize len);
Result<usize> copy_from_user_partial(void* dst, u64 src, usize len);
// Copies a NUL-terminated string of at most `capacity - 1` characters into `buffer`.
// Returns its length; ENAMETOOLONG if it does not fit.
Result<usize> copy_string_from_user(UserPtr<const char> src, char* buffer, usize capacity);

template<typename T>
Result<void> copy_in(UserPtr<T> src, std::remove_const_t<T>& dst)
{
    static_assert(std::is_trivially_copyable_v<T>);
    return copy_from_user(&dst, src.address(), sizeof(T));
}

template<typename T>
Result<void> copy_out(UserPtr<T> dst, const T& src)
{
    static_assert(std::is_trivially_copyable_v<T>);
    return copy_to_user(dst.address(), &src, sizeof(T));
}

// Copies `count` elements.
template<typename T>
Result<void> copy_in_array(UserPtr<T> src, std::remove_const_t<T>* dst, usize count)
{
    static_assert(std::is_trivially_copyable_v<T>);
    if (count > ~usize(0) / sizeof(T))
        return Errno::EFAULT;
    return copy_from_user(dst, src.address(), count * sizeof(T));
}

template<typename T>
Result<void> copy_out_array(UserPtr<T> dst, const T* src, usize count)
{
    static_assert(std::is_trivially_copyable_v<T>);
    if (count > ~usize(0) / sizeof(T))
        return Errno::EFAULT;
    return copy_to_user(dst.address(), src, count * sizeof(T));
}

// The guarded instruction range of the copy routines, for the fault handler.
bool usercopy_owns(u64 rip);
u64 usercopy_fixup_address();
