#pragma once

// Signal ABI: k_sigaction, siginfo, ucontext, sigaltstack (x86-64 layout).

#include "kernel/base/Types.h"

constexpr int SIGHUP = 1;
constexpr int SIGINT = 2;
constexpr int SIGQUIT = 3;
constexpr int SIGILL = 4;
constexpr int SIGTRAP = 5;
constexpr int SIGABRT = 6;
constexpr int SIGBUS = 7;
constexpr int SIGFPE = 8;
constexpr int SIGKILL = 9;
constexpr int SIGUSR1 = 10;
constexpr int SIGSEGV = 11;
constexpr int SIGUSR2 = 12;
constexpr int SIGPIPE = 13;
constexpr int SIGALRM = 14;
constexpr int SIGTERM = 15;
constexpr int SIGSTKFLT = 16;
constexpr int SIGCHLD = 17;
constexpr int SIGCONT = 18;
constexpr int SIGSTOP = 19;
constexpr int SIGTSTP = 20;
constexpr int SIGTTIN = 21;
constexpr int SIGTTOU = 22;
constexpr int SIGURG = 23;
constexpr int SIGXCPU = 24;
constexpr int SIGXFSZ = 25;
constexpr int SIGVTALRM = 26;
constexpr int SIGPROF = 27;
constexpr int SIGWINCH = 28;
constexpr int SIGIO = 29;
constexpr int SIGPWR = 30;
constexpr int SIGSYS = 31;
constexpr int NSIG = 64;

constexpr u64 SA_NOCLDSTOP = 0x00000001;
constexpr u64 SA_NOCLDWAIT = 0x00000002;
constexpr u64 SA_SIGINFO = 0x00000004;
constexpr u64 SA_RESTORER = 0x04000000;
constexpr u64 SA_ONSTACK = 0x08000000;
constexpr u64 SA_RESTART = 0x10000000;
constexpr u64 SA_NODEFER = 0x40000000;
constexpr u64 SA_RESETHAND = 0x80000000;

constexpr int SIG_BLOCK = 0;
constexpr int SIG_UNBLOCK = 1;
constexpr int SIG_SETMASK = 2;

constexpr u64 SIG_DFL = 0;
constexpr u64 SIG_IGN = 1;

constexpr u64 sig_bit(int sig) { return u64(1) << (sig - 1); }

// The kernel's struct sigaction for rt_sigaction(2), not libc's.
struct k_sigaction {
    u64 handler;
    u64 flags;
    u64 restorer;
    u64 mask;
};
static_assert(sizeof(k_sigaction) == 32);

struct linux_siginfo {
    i32 si_signo;
    i32 si_errno;
    i32 si_code;
    i32 pad;
    union {
        struct {
            u64 addr;
            i16 addr_lsb;
        } fault;
        struct {
            u64 call_addr;
            i32 syscall;
            u32 arch;
        } sys;
        struct {
            i32 pid;
            u32 uid;
            i32 status;
        } kill;
        u8 raw[112];
    };
};
static_assert(sizeof(linux_siginfo) == 128);

constexpr int SYS_USER_DISPATCH = 2;

struct linux_stack_t {
    u64 ss_sp;
    i32 ss_flags;
    i32 pad;
    u64 ss_size;
};
static_assert(sizeof(linux_stack_t) == 24);
constexpr int SS_ONSTACK = 1;
constexpr int SS_DISABLE = 2;

// Indexes into mcontext gregs, as in <sys/ucontext.h>.
enum GReg : int {
    REG_R8 = 0,
    REG_R9,
    REG_R10,
    REG_R11,
    REG_R12,
    REG_R13,
    REG_R14,
    REG_R15,
    REG_RDI,
    REG_RSI,
    REG_RBP,
    REG_RBX,
    REG_RDX,
    REG_RAX,
    REG_RCX,
    REG_RSP,
    REG_RIP,
    REG_EFL,
    REG_CSGSFS,
    REG_ERR,
    REG_TRAPNO,
    REG_OLDMASK,
    REG_CR2,
    NGREG
};

struct linux_mcontext {
    u64 gregs[NGREG];
    u64 fpstate; // pointer to the xsave area, or 0
    u64 reserved[8];
};
static_assert(sizeof(linux_mcontext) == 256);

struct linux_ucontext {
    u64 uc_flags;
    u64 uc_link;
    linux_stack_t uc_stack;
    linux_mcontext uc_mcontext;
    u64 uc_sigmask;
};
static_assert(sizeof(linux_ucontext) == 304);

// The frame the host kernel builds for an SA_SIGINFO handler; rt_sigreturn expects
// rsp to point at `ucontext` minus the return address slot.
struct linux_rt_sigframe {
    u64 pretcode;
    linux_ucontext uc;
    linux_siginfo info;
};
