#pragma once

// A guest thread. Lives in the arena; each is backed by one host thread.

#include "kernel/abi/Signal.h"
#include "kernel/base/Types.h"

class Process;

class Thread {
public:
    Thread(Process& process, int tid)
        : m_process(process)
        , m_tid(tid)
    {
    }

    Process& process() { return m_process; }
    int tid() const { return m_tid; }

    u64 signal_mask() const { return m_signal_mask; }
    void set_signal_mask(u64 mask) { m_signal_mask = mask & ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP)); }

    u64 clear_child_tid() const { return m_clear_child_tid; }
    void set_clear_child_tid(u64 address) { m_clear_child_tid = address; }
    void set_robust_list(u64 head, u64 len) { m_robust_list = head, m_robust_list_len = len; }
    u64 robust_list() const { return m_robust_list; }
    u64 robust_list_len() const { return m_robust_list_len; }

    linux_stack_t& signal_stack() { return m_signal_stack; }

private:
    Process& m_process;
    int m_tid;
    u64 m_signal_mask { 0 };
    u64 m_clear_child_tid { 0 };
    u64 m_robust_list { 0 };
    u64 m_robust_list_len { 0 };
    linux_stack_t m_signal_stack { 0, SS_DISABLE, 0, 0 };
};
