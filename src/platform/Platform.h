#pragma once

// The platform: the only code in the kernel image that reaches the host.
//
// Everything above this layer is host-independent. linux/ implements it with raw host
// system calls; fake/ implements it in ordinary memory with a deterministic clock for
// unit tests. Host fds returned here are private to the calling host process and must
// never be stored in the shared arena.

#include "kernel/abi/Signal.h"
#include "kernel/abi/Stat.h"
#include "kernel/abi/Statfs.h"
#include "kernel/abi/System.h"
#include "kernel/abi/Time.h"
#include "kernel/base/Result.h"

namespace platform {

// Files.
Result<u64> read(int fd, void* buf, usize len);
Result<u64> write(int fd, const void* buf, usize len);
Result<u64> pread(int fd, void* buf, usize len, i64 offset);
Result<u64> pwrite(int fd, const void* buf, usize len, i64 offset);
Result<int> openat(int dirfd, const char* path, int flags, u32 mode);
Result<int> openat2(int dirfd, const char* path, u64 flags, u64 mode, u64 resolve);
Result<void> close(int fd);
Result<void> fstatat(int dirfd, const char* path, linux_stat* st, int flags);
Result<void> statx(int dirfd, const char* path, int flags, u32 mask, linux_statx* stx);
Result<u64> readlinkat(int dirfd, const char* path, char* buf, usize len);
Result<u64> getdents64(int fd, void* buf, usize len);
Result<i64> lseek(int fd, i64 offset, int whence);
Result<u64> ioctl(int fd, u64 request, u64 arg);
Result<int> memfd_create(const char* name, u32 flags);
Result<void> ftruncate(int fd, u64 length);
Result<int> fcntl(int fd, int cmd, u64 arg);
Result<void> fstatfs(int fd, linux_statfs* buf);

// Memory.
Result<u64> mmap(u64 addr, u64 len, int prot, int flags, int fd, u64 offset);
Result<void> munmap(u64 addr, u64 len);
Result<void> mprotect(u64 addr, u64 len, int prot);
Result<u64> mremap(u64 old_addr, u64 old_len, u64 new_len, int flags, u64 new_addr);
Result<void> madvise(u64 addr, u64 len, int advice);
Result<void> msync(u64 addr, u64 len, int flags);
Result<void> mincore(u64 addr, u64 len, u8* vec);
Result<u64> membarrier(int cmd, u32 flags, int cpu_id);

// Waiting. Futexes are shared (not FUTEX_PRIVATE) so that they work on arena memory
// across host processes. A null timeout waits forever; the timeout is relative.
Result<void> futex_wait(u32* addr, u32 expected, const linux_timespec* timeout);
Result<int> futex_wake(u32* addr, int count);
// Futex operations on guest memory, private to the host process.
Result<u64> futex(u32* addr, int op, u32 val, u64 timeout_or_val2, u32* addr2, u32 val3);

// Time and randomness.
Result<void> clock_gettime(int clock, linux_timespec* ts);
Result<void> clock_getres(int clock, linux_timespec* ts);
Result<void> clock_nanosleep(int clock, int flags, const linux_timespec* req, linux_timespec* rem);
u64 monotonic_ns();
Result<u64> getrandom(void* buf, usize len, u32 flags);

// Signals, for the kernel's own handlers only; guest signal state is virtual.
Result<void> sigaction(int sig, const k_sigaction* act, k_sigaction* old);
Result<void> sigprocmask(int how, const u64* set, u64* old);
Result<void> sigaltstack(const linux_stack_t* ss, linux_stack_t* old);

// Processes and threads.
Result<int> prctl(int option, u64 a2, u64 a3, u64 a4, u64 a5);
Result<int> getpid();
Result<int> gettid();
Result<void> tgkill(int tgid, int tid, int sig);
Result<void> seccomp(u32 op, u32 flags, const void* args);
[[noreturn]] void exit_group(int status);
[[noreturn]] void exit_thread(int status);

// Boot only, under the launcher's filter: joining the namespace of `fd` (a pidfd or an
// nsfs fd), and emptying the calling thread's capability sets.
Result<void> setns(int fd, int nstype);
Result<void> capset_none();

}

namespace platform {
// The calling host thread's FS/GS base (guest TLS); ARCH_SET_FS and friends.
Result<u64> arch_prctl(int code, u64 address);
}

namespace platform {
// Host facts and scheduling for the process, time and system-information syscalls.
Result<void> uname(linux_new_utsname* buf);
Result<void> sysinfo(linux_sysinfo* info);
Result<void> getrusage(int who, linux_rusage* usage);
// Fills `mask` with the calling thread's CPU affinity; returns the bytes written.
Result<u64> sched_getaffinity(usize len, void* mask);
Result<void> sched_yield();
Result<void> getcpu(u32* cpu, u32* node);
// Registers or unregisters the calling thread's rseq area with the host kernel.
Result<void> rseq(u64 area, u32 len, int flags, u32 sig);
}

namespace platform {
// Changing host files for writable hostfs. Names are single components relative to a
// directory fd that hostfs opened beneath its granted root, and none of these follows a
// symlink in the final component.
Result<void> mkdirat(int dirfd, const char* name, u32 mode);
Result<void> mknodat(int dirfd, const char* name, u32 mode, u64 dev);
Result<void> symlinkat(const char* target, int dirfd, const char* name);
Result<void> linkat(int olddirfd, const char* oldname, int newdirfd, const char* newname, int flags);
Result<void> unlinkat(int dirfd, const char* name, int flags);
Result<void> renameat2(int olddirfd, const char* oldname, int newdirfd, const char* newname, u32 flags);
// chmod and utimensat of an O_PATH fd (`path` "" with AT_EMPTY_PATH). Hosts before
// Linux 6.6 lack fchmodat2; fchmodat of /proc/self/fd/N reaches the same inode there.
Result<void> fchmodat2(int dirfd, const char* path, u32 mode, int flags);
Result<void> fchmodat(int dirfd, const char* path, u32 mode);
Result<void> utimensat(int dirfd, const char* path, const linux_timespec* times, int flags);
Result<void> fallocate(int fd, int mode, u64 offset, u64 len);
Result<void> fsync(int fd);
Result<void> fdatasync(int fd);
Result<void> syncfs(int fd);
Result<void> sync();
// Extended attributes of an open host file (not O_PATH), for hostfs's user.* names.
Result<u64> fgetxattr(int fd, const char* name, void* value, usize size);
Result<void> fsetxattr(int fd, const char* name, const void* value, usize size, int flags);
Result<u64> flistxattr(int fd, char* list, usize size);
Result<void> fremovexattr(int fd, const char* name);
// Reading attributes by path (/proc/self/fd/N of an O_PATH fd): a file the sandbox's host
// uid may not open still shows its security.* names and its list, as on Linux, where
// neither needs read permission.
Result<u64> getxattr(const char* path, const char* name, void* value, usize size);
Result<u64> listxattr(const char* path, char* list, usize size);
}
