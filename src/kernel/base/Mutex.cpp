#include "kernel/base/Mutex.h"
#include "platform/Platform.h"

void Mutex::lock()
{
    u32 expected = 0;
    if (m_state.compare_exchange(expected, 1, MemoryOrder::Acquire))
        return;
    // Spin briefly: most critical sections are short.
    for (int i = 0; i < 100; ++i) {
        expected = 0;
        if (m_state.compare_exchange(expected, 1, MemoryOrder::Acquire))
            return;
        asm volatile("pause");
    }
    while (m_state.exchange(2, MemoryOrder::Acquire) != 0)
        (void)platform::futex_wait(m_state.raw(), 2, nullptr);
}

bool Mutex::try_lock()
{
    u32 expected = 0;
    return m_state.compare_exchange(expected, 1, MemoryOrder::Acquire);
}

void Mutex::unlock()
{
    if (m_state.exchange(0, MemoryOrder::Release) == 2)
        (void)platform::futex_wake(m_state.raw(), 1);
}

void WaitQueue::wait(u32 ticket)
{
    (void)platform::futex_wait(m_sequence.raw(), ticket, nullptr);
}

void WaitQueue::wake_all()
{
    m_sequence.fetch_add(1, MemoryOrder::Release);
    (void)platform::futex_wake(m_sequence.raw(), 0x7fffffff);
}

void WaitQueue::wake_one()
{
    m_sequence.fetch_add(1, MemoryOrder::Release);
    (void)platform::futex_wake(m_sequence.raw(), 1);
}
