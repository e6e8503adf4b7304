#pragma once

// A guest thread. Lives in the arena; each is backed by one host thread.

#include "kernel/abi/Signal.h"
#include "kernel/base/Result.h"
#include "kernel/base/Types.h"

class Process;

// sigaltstack(2)'s flag bit that disarms the stack while a handler runs on it.
constexpr i32 SS_AUTODISARM = i32(1u << 31);
constexpr u64 MINSIGSTKSZ = 2048;

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
    // Implements the state change of sigaltstack(2): reports the current stack in `old`
    // (as seen from guest stack pointer `sp`) and installs `ss`, both optional.
    Result<void> change_signal_stack(const linux_stack_t* ss, linux_stack_t* old, u64 sp);
    bool on_signal_stack(u64 sp) const;

    // prctl(2) state that Linux keeps per thread.
    int pdeath_signal() const { return m_pdeath_signal; }
    void set_pdeath_signal(int sig) { m_pdeath_signal = sig; }
    bool no_new_privs() const { return m_no_new_privs; }
    void set_no_new_privs() { m_no_new_privs = true; }

    // The rseq area registered with the host for this thread, so that execve and exit
    // can unregister it.
    u64 rseq_area() const { return m_rseq_area; }
    u32 rseq_len() const { return m_rseq_len; }
    u32 rseq_signature() const { return m_rseq_signature; }
    void set_rseq(u64 area, u32 len, u32 signature) { m_rseq_area = area, m_rseq_len = len, m_rseq_signature = signature; }
    // Unregisters the rseq area from the host, as Linux drops it on execve: otherwise the
    // host would keep writing cpu_id into memory the new image reuses.
    void unregister_rseq();

private:
    Process& m_process;
    int m_tid;
    u64 m_signal_mask { 0 };
    u64 m_clear_child_tid { 0 };
    u64 m_robust_list { 0 };
    u64 m_robust_list_len { 0 };
    linux_stack_t m_signal_stack { 0, SS_DISABLE, 0, 0 };
    int m_pdeath_signal { 0 };
    bool m_no_new_privs { false };
    u64 m_rseq_area { 0 };
    u32 m_rseq_len { 0 };
    u32 m_rseq_signature { 0 };
};
