#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {
constexpr int RSEQ_FLAG_UNREGISTER = 1;
}

void Thread::unregister_rseq()
{
    if (!m_rseq_area)
        return;
    (void)platform::rseq(m_rseq_area, m_rseq_len, RSEQ_FLAG_UNREGISTER, m_rseq_signature);
    set_rseq(0, 0, 0);
}

bool Thread::on_signal_stack(u64 sp) const
{
    // As Linux does for a stack that grows down: the top address itself is outside.
    if (m_signal_stack.ss_flags & SS_AUTODISARM)
        return false;
    return sp > m_signal_stack.ss_sp && sp - m_signal_stack.ss_sp <= m_signal_stack.ss_size;
}

// Follows Linux's do_sigaltstack(): EPERM while running on the alternate stack, EINVAL
// for an unknown mode, ENOMEM for a stack smaller than MINSIGSTKSZ. A disabled stack
// reads back as SS_DISABLE with a zero address and size.
Result<void> Thread::change_signal_stack(const linux_stack_t* ss, linux_stack_t* old, u64 sp)
{
    if (old) {
        *old = {};
        old->ss_sp = m_signal_stack.ss_sp;
        old->ss_size = m_signal_stack.ss_size;
        i32 state = m_signal_stack.ss_size == 0 ? SS_DISABLE : on_signal_stack(sp) ? SS_ONSTACK : 0;
        old->ss_flags = state | (m_signal_stack.ss_flags & SS_AUTODISARM);
    }
    if (!ss)
        return {};
    if (on_signal_stack(sp))
        return Errno::EPERM;
    i32 mode = ss->ss_flags & ~SS_AUTODISARM;
    if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
        return Errno::EINVAL;
    if (ss->ss_sp == m_signal_stack.ss_sp && ss->ss_size == m_signal_stack.ss_size && ss->ss_flags == m_signal_stack.ss_flags)
        return {};
    u64 stack_sp = ss->ss_sp;
    u64 size = ss->ss_size;
    if (mode == SS_DISABLE) {
        stack_sp = 0;
        size = 0;
    } else if (size < MINSIGSTKSZ) {
        return Errno::ENOMEM;
    }
    m_signal_stack = {};
    m_signal_stack.ss_sp = stack_sp;
    m_signal_stack.ss_size = size;
    m_signal_stack.ss_flags = ss->ss_flags;
    return {};
}
