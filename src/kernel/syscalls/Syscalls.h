#pragma once

// Declarations of every syscall handler, grouped by the family file that implements it.
// Handlers take typed parameters; see Dispatch.h for how raw registers convert.

#include "kernel/base/Result.h"
#include "kernel/mm/UserPtr.h"

class Thread;

// process.cpp
Result<u64> sys_exit(Thread&, int status);
Result<u64> sys_exit_group(Thread&, int status);
Result<u64> sys_getpid(Thread&);
Result<u64> sys_gettid(Thread&);
Result<u64> sys_getppid(Thread&);
Result<u64> sys_set_tid_address(Thread&, u64 tidptr);
Result<u64> sys_arch_prctl(Thread&, int code, u64 address);

// fs_rw.cpp
Result<u64> sys_write(Thread&, int fd, UserPtr<const u8> buf, u64 count);
