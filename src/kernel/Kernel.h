#pragma once

// Sandbox-wide kernel configuration and the process table root.
//
// KernelConfig is private to each host process but identical in all of them: it is set
// at boot, before the first host fork, and never changes. Everything mutable and shared
// lives in the arena under KernelState.

#include "kernel/base/Mutex.h"
#include "shared/BootBlock.h"

class Process;
class Thread;

struct KernelConfig {
    cell::BootBlock* boot { nullptr };
    int trace_fd { -1 };
    bool stats { false };
    // Rewrite trapped syscall sites for the fast entry (off with `cell run --no-patch`).
    bool patch_sites { true };
    u64 vdso_base { 0 };
    u64 hwcap { 0 };
    u64 hwcap2 { 0 };
    u64 minsigstksz { 0 };
    u64 kernel_text_start { 0 };
    u64 kernel_text_end { 0 };
};

KernelConfig& kernel_config();

constexpr int PID_MAX = 4194304;

struct KernelState {
    Mutex lock;
    int next_pid { 1 };
    Process* init { nullptr };
};

KernelState& kernel_state();

// Records how the sandbox ended for the launcher and terminates this host process.
[[noreturn]] void sandbox_exit(int status);
[[noreturn]] void sandbox_killed(int signal, bool core_dumped);
// Refuses to start the guest: prints nothing itself; the launcher prints `message`.
[[noreturn]] void sandbox_fail(int exit_code, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
