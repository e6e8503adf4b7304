#pragma once

// The kernel's host signal handlers: SIGSYS (every trapped guest syscall) and the
// synchronous fault signals.

#include "kernel/base/Result.h"

// Installs the handlers in this host process. They run on the calling thread's kernel
// stack (installed by kstack_install) with SA_ONSTACK.
Result<void> install_host_signal_handlers();

// Turns on Syscall User Dispatch for the calling host thread: every `syscall` outside
// the kernel image traps into SIGSYS.
Result<void> enable_syscall_dispatch();
