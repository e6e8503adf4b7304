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

// mm.cpp
Result<u64> sys_mmap(Thread&, u64 address, u64 length, int prot, int flags, int fd, u64 offset);
Result<u64> sys_munmap(Thread&, u64 address, u64 length);
Result<u64> sys_mprotect(Thread&, u64 address, u64 length, int prot);
Result<u64> sys_mremap(Thread&, u64 old_address, u64 old_length, u64 new_length, int flags, u64 new_address);
Result<u64> sys_madvise(Thread&, u64 address, u64 length, int advice);
Result<u64> sys_brk(Thread&, u64 requested);
Result<u64> sys_msync(Thread&, u64 address, u64 length, int flags);
Result<u64> sys_mincore(Thread&, u64 address, u64 length, UserPtr<u8> vec);
Result<u64> sys_mlock(Thread&, u64 address, u64 length);
Result<u64> sys_mlock2(Thread&, u64 address, u64 length, int flags);
Result<u64> sys_munlock(Thread&, u64 address, u64 length);
Result<u64> sys_mlockall(Thread&, int flags);
Result<u64> sys_munlockall(Thread&);
Result<u64> sys_membarrier(Thread&, int cmd, u32 flags, int cpu_id);
