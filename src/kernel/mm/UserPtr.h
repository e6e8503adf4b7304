#pragma once

// UserPtr<T>: a guest address. It cannot be dereferenced; data crosses only through the
// copy routines in UserCopy.h, which check the range and recover from faults.

#include "kernel/base/Types.h"

template<typename T>
class UserPtr {
public:
    constexpr UserPtr() = default;
    constexpr explicit UserPtr(u64 address)
        : m_address(address)
    {
    }

    constexpr u64 address() const { return m_address; }
    constexpr bool is_null() const { return m_address == 0; }
    constexpr explicit operator bool() const { return m_address != 0; }

    // Pointer arithmetic in units of T (bytes for void).
    constexpr UserPtr offset(u64 count) const
    {
        if constexpr (__is_same(T, void))
            return UserPtr(m_address + count);
        else
            return UserPtr(m_address + count * sizeof(T));
    }
    template<typename U>
    constexpr UserPtr<U> cast() const
    {
        return UserPtr<U>(m_address);
    }

private:
    u64 m_address { 0 };
};
