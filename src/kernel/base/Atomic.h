#pragma once

// A minimal atomic wrapper over the compiler's __atomic builtins. The kernel avoids
// <atomic>, whose hosted implementation pulls libc headers into the freestanding image.

#include "kernel/base/Types.h"

enum class MemoryOrder : int {
    Relaxed = __ATOMIC_RELAXED,
    Acquire = __ATOMIC_ACQUIRE,
    Release = __ATOMIC_RELEASE,
    AcqRel = __ATOMIC_ACQ_REL,
    SeqCst = __ATOMIC_SEQ_CST,
};

template<typename T>
class Atomic {
public:
    constexpr Atomic() = default;
    constexpr Atomic(T value)
        : m_value(value)
    {
    }
    Atomic(const Atomic&) = delete;
    Atomic& operator=(const Atomic&) = delete;

    T load(MemoryOrder order = MemoryOrder::SeqCst) const { return __atomic_load_n(&m_value, int(order)); }
    void store(T value, MemoryOrder order = MemoryOrder::SeqCst) { __atomic_store_n(&m_value, value, int(order)); }
    T exchange(T value, MemoryOrder order = MemoryOrder::SeqCst) { return __atomic_exchange_n(&m_value, value, int(order)); }
    bool compare_exchange(T& expected, T desired, MemoryOrder order = MemoryOrder::SeqCst)
    {
        return __atomic_compare_exchange_n(&m_value, &expected, desired, false, int(order), int(MemoryOrder::Relaxed));
    }
    T fetch_add(T delta, MemoryOrder order = MemoryOrder::SeqCst) { return __atomic_fetch_add(&m_value, delta, int(order)); }
    T fetch_sub(T delta, MemoryOrder order = MemoryOrder::SeqCst) { return __atomic_fetch_sub(&m_value, delta, int(order)); }
    T fetch_or(T bits, MemoryOrder order = MemoryOrder::SeqCst) { return __atomic_fetch_or(&m_value, bits, int(order)); }
    T fetch_and(T bits, MemoryOrder order = MemoryOrder::SeqCst) { return __atomic_fetch_and(&m_value, bits, int(order)); }

    // The address of the value, for futex calls.
    T* raw() { return &m_value; }

private:
    T m_value {};
};
