#pragma once

// Mutex and WaitQueue: futex-based, on arena memory, and shared across host processes.
//
// Lock order (outermost first): Arena::m_lock is a leaf; take no other lock while
// holding it. Kernel objects document their own position relative to it.

#include "kernel/base/Types.h"

#include "kernel/base/Atomic.h"

class Mutex {
public:
    void lock();
    bool try_lock();
    void unlock();

private:
    // 0 unlocked, 1 locked, 2 locked with waiters.
    Atomic<u32> m_state { 0 };
};

class MutexLocker {
public:
    explicit MutexLocker(Mutex& m)
        : m_mutex(m)
    {
        m_mutex.lock();
    }
    ~MutexLocker() { m_mutex.unlock(); }
    MutexLocker(const MutexLocker&) = delete;
    MutexLocker& operator=(const MutexLocker&) = delete;

private:
    Mutex& m_mutex;
};

// A sequence-numbered wait queue. A waiter samples `prepare()`, re-checks its condition,
// then calls `wait(ticket)`; a waker changes the condition and calls `wake_all()`.
class WaitQueue {
public:
    u32 prepare() const { return m_sequence.load(MemoryOrder::Acquire); }
    // Returns when woken, spuriously, or when the sequence moved past `ticket`.
    void wait(u32 ticket);
    void wake_all();
    void wake_one();

private:
    Atomic<u32> m_sequence { 0 };
};

// Data reachable only through its lock.
template<typename T>
class Guarded {
public:
    template<typename Fn>
    decltype(auto) with_lock(Fn fn)
    {
        MutexLocker locker(m_mutex);
        return fn(m_value);
    }

private:
    Mutex m_mutex;
    T m_value {};
};
