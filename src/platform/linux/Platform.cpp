#include "platform/Platform.h"
#include "platform/linux/HostSyscall.h"

#include <asm/unistd_64.h>

// Implements the platform with raw host system calls. Every function is a thin wrapper:
// policy lives above, in the kernel.

namespace platform {

namespace {
constexpr int FUTEX_WAIT = 0;
constexpr int FUTEX_WAKE = 1;
}

Result<u64> read(int fd, void* buf, usize len) { return host_result(host_syscall(__NR_read, fd, u64(buf), len)); }
Result<u64> write(int fd, const void* buf, usize len) { return host_result(host_syscall(__NR_write, fd, u64(buf), len)); }
Result<u64> pread(int fd, void* buf, usize len, i64 offset) { return host_result(host_syscall(__NR_pread64, fd, u64(buf), len, u64(offset))); }
Result<u64> pwrite(int fd, const void* buf, usize len, i64 offset) { return host_result(host_syscall(__NR_pwrite64, fd, u64(buf), len, u64(offset))); }

Result<int> openat(int dirfd, const char* path, int flags, u32 mode)
{
    return static_cast<int>(TRY(host_result(host_syscall(__NR_openat, u64(i64(dirfd)), u64(path), u64(flags), mode))));
}

Result<int> openat2(int dirfd, const char* path, u64 flags, u64 mode, u64 resolve)
{
    u64 how[3] = { flags, mode, resolve };
    return static_cast<int>(TRY(host_result(host_syscall(__NR_openat2, u64(i64(dirfd)), u64(path), u64(how), sizeof(how)))));
}

Result<void> close(int fd) { return host_void(host_syscall(__NR_close, fd)); }

Result<void> fstatat(int dirfd, const char* path, linux_stat* st, int flags)
{
    return host_void(host_syscall(__NR_newfstatat, u64(i64(dirfd)), u64(path), u64(st), u64(flags)));
}

Result<void> statx(int dirfd, const char* path, int flags, u32 mask, linux_statx* stx)
{
    return host_void(host_syscall(__NR_statx, u64(i64(dirfd)), u64(path), u64(flags), mask, u64(stx)));
}

Result<u64> readlinkat(int dirfd, const char* path, char* buf, usize len)
{
    return host_result(host_syscall(__NR_readlinkat, u64(i64(dirfd)), u64(path), u64(buf), len));
}

Result<u64> getdents64(int fd, void* buf, usize len) { return host_result(host_syscall(__NR_getdents64, fd, u64(buf), len)); }

Result<i64> lseek(int fd, i64 offset, int whence)
{
    return static_cast<i64>(TRY(host_result(host_syscall(__NR_lseek, fd, u64(offset), u64(whence)))));
}

Result<u64> ioctl(int fd, u64 request, u64 arg) { return host_result(host_syscall(__NR_ioctl, fd, request, arg)); }

Result<int> memfd_create(const char* name, u32 flags)
{
    return static_cast<int>(TRY(host_result(host_syscall(__NR_memfd_create, u64(name), flags))));
}

Result<void> ftruncate(int fd, u64 length) { return host_void(host_syscall(__NR_ftruncate, fd, length)); }

Result<int> fcntl(int fd, int cmd, u64 arg) { return static_cast<int>(TRY(host_result(host_syscall(__NR_fcntl, fd, u64(cmd), arg)))); }
Result<void> fstatfs(int fd, linux_statfs* buf) { return host_void(host_syscall(__NR_fstatfs, fd, u64(buf))); }

Result<u64> mmap(u64 addr, u64 len, int prot, int flags, int fd, u64 offset)
{
    return host_result(host_syscall(__NR_mmap, addr, len, u64(prot), u64(flags), u64(i64(fd)), offset));
}

Result<void> munmap(u64 addr, u64 len) { return host_void(host_syscall(__NR_munmap, addr, len)); }
Result<void> mprotect(u64 addr, u64 len, int prot) { return host_void(host_syscall(__NR_mprotect, addr, len, u64(prot))); }

Result<u64> mremap(u64 old_addr, u64 old_len, u64 new_len, int flags, u64 new_addr)
{
    return host_result(host_syscall(__NR_mremap, old_addr, old_len, new_len, u64(flags), new_addr));
}

Result<void> madvise(u64 addr, u64 len, int advice) { return host_void(host_syscall(__NR_madvise, addr, len, u64(advice))); }
Result<void> msync(u64 addr, u64 len, int flags) { return host_void(host_syscall(__NR_msync, addr, len, u64(flags))); }
Result<void> mincore(u64 addr, u64 len, u8* vec) { return host_void(host_syscall(__NR_mincore, addr, len, u64(vec))); }
Result<u64> membarrier(int cmd, u32 flags, int cpu_id) { return host_result(host_syscall(__NR_membarrier, u64(cmd), flags, u64(i64(cpu_id)))); }

Result<void> futex_wait(u32* addr, u32 expected, const linux_timespec* timeout)
{
    return host_void(host_syscall(__NR_futex, u64(addr), FUTEX_WAIT, expected, u64(timeout)));
}

Result<int> futex_wake(u32* addr, int count)
{
    return static_cast<int>(TRY(host_result(host_syscall(__NR_futex, u64(addr), FUTEX_WAKE, u64(count)))));
}

Result<u64> futex(u32* addr, int op, u32 val, u64 timeout_or_val2, u32* addr2, u32 val3)
{
    return host_result(host_syscall(__NR_futex, u64(addr), u64(op), val, timeout_or_val2, u64(addr2), val3));
}

Result<void> clock_gettime(int clock, linux_timespec* ts) { return host_void(host_syscall(__NR_clock_gettime, u64(clock), u64(ts))); }
Result<void> clock_getres(int clock, linux_timespec* ts) { return host_void(host_syscall(__NR_clock_getres, u64(clock), u64(ts))); }

Result<void> clock_nanosleep(int clock, int flags, const linux_timespec* req, linux_timespec* rem)
{
    return host_void(host_syscall(__NR_clock_nanosleep, u64(clock), u64(flags), u64(req), u64(rem)));
}

u64 monotonic_ns()
{
    linux_timespec ts {};
    (void)clock_gettime(CLOCK_MONOTONIC, &ts);
    return u64(ts.tv_sec) * NSEC_PER_SEC + u64(ts.tv_nsec);
}

Result<u64> getrandom(void* buf, usize len, u32 flags) { return host_result(host_syscall(__NR_getrandom, u64(buf), len, flags)); }

Result<void> sigaction(int sig, const k_sigaction* act, k_sigaction* old)
{
    return host_void(host_syscall(__NR_rt_sigaction, u64(sig), u64(act), u64(old), 8));
}

Result<void> sigprocmask(int how, const u64* set, u64* old) { return host_void(host_syscall(__NR_rt_sigprocmask, u64(how), u64(set), u64(old), 8)); }
Result<void> sigaltstack(const linux_stack_t* ss, linux_stack_t* old) { return host_void(host_syscall(__NR_sigaltstack, u64(ss), u64(old))); }

Result<int> prctl(int option, u64 a2, u64 a3, u64 a4, u64 a5)
{
    return static_cast<int>(TRY(host_result(host_syscall(__NR_prctl, u64(option), a2, a3, a4, a5))));
}

Result<int> getpid() { return static_cast<int>(TRY(host_result(host_syscall(__NR_getpid)))); }
Result<int> gettid() { return static_cast<int>(TRY(host_result(host_syscall(__NR_gettid)))); }
Result<void> tgkill(int tgid, int tid, int sig) { return host_void(host_syscall(__NR_tgkill, u64(tgid), u64(tid), u64(sig))); }
Result<void> seccomp(u32 op, u32 flags, const void* args) { return host_void(host_syscall(__NR_seccomp, op, flags, u64(args))); }

void exit_group(int status)
{
    for (;;)
        host_syscall(__NR_exit_group, u64(status));
}

void exit_thread(int status)
{
    for (;;)
        host_syscall(__NR_exit, u64(status));
}

Result<void> setns(int fd, int nstype) { return host_void(host_syscall(__NR_setns, u64(i64(fd)), u64(nstype))); }

Result<void> capset_none()
{
    constexpr u32 LINUX_CAPABILITY_VERSION_3 = 0x20080522;
    u32 header[2] = { LINUX_CAPABILITY_VERSION_3, 0 };
    u32 data[6] = {}; // two of { effective, permitted, inheritable }
    return host_void(host_syscall(__NR_capset, u64(header), u64(data)));
}

}

namespace platform {
Result<u64> arch_prctl(int code, u64 address) { return host_result(host_syscall(__NR_arch_prctl, u64(code), address)); }
}

namespace platform {
Result<void> uname(linux_new_utsname* buf) { return host_void(host_syscall(__NR_uname, u64(buf))); }
Result<void> sysinfo(linux_sysinfo* info) { return host_void(host_syscall(__NR_sysinfo, u64(info))); }
Result<void> getrusage(int who, linux_rusage* usage) { return host_void(host_syscall(__NR_getrusage, u64(i64(who)), u64(usage))); }
Result<u64> sched_getaffinity(usize len, void* mask) { return host_result(host_syscall(__NR_sched_getaffinity, 0, len, u64(mask))); }
Result<void> sched_yield() { return host_void(host_syscall(__NR_sched_yield)); }
Result<void> getcpu(u32* cpu, u32* node) { return host_void(host_syscall(__NR_getcpu, u64(cpu), u64(node), 0)); }
Result<void> rseq(u64 area, u32 len, int flags, u32 sig) { return host_void(host_syscall(__NR_rseq, area, len, u64(flags), sig)); }
}

namespace platform {

Result<void> mkdirat(int dirfd, const char* name, u32 mode)
{
    return host_void(host_syscall(__NR_mkdirat, u64(i64(dirfd)), u64(name), mode));
}
Result<void> mknodat(int dirfd, const char* name, u32 mode, u64 dev)
{
    return host_void(host_syscall(__NR_mknodat, u64(i64(dirfd)), u64(name), mode, dev));
}
Result<void> symlinkat(const char* target, int dirfd, const char* name)
{
    return host_void(host_syscall(__NR_symlinkat, u64(target), u64(i64(dirfd)), u64(name)));
}
Result<void> linkat(int olddirfd, const char* oldname, int newdirfd, const char* newname, int flags)
{
    return host_void(host_syscall(__NR_linkat, u64(i64(olddirfd)), u64(oldname), u64(i64(newdirfd)), u64(newname), u64(flags)));
}
Result<void> unlinkat(int dirfd, const char* name, int flags)
{
    return host_void(host_syscall(__NR_unlinkat, u64(i64(dirfd)), u64(name), u64(flags)));
}
Result<u64> fgetxattr(int fd, const char* name, void* value, usize size)
{
    return host_result(host_syscall(__NR_fgetxattr, fd, u64(name), u64(value), size));
}
Result<void> fsetxattr(int fd, const char* name, const void* value, usize size, int flags)
{
    return host_void(host_syscall(__NR_fsetxattr, fd, u64(name), u64(value), size, u64(flags)));
}
Result<u64> flistxattr(int fd, char* list, usize size) { return host_result(host_syscall(__NR_flistxattr, fd, u64(list), size)); }
Result<void> fremovexattr(int fd, const char* name) { return host_void(host_syscall(__NR_fremovexattr, fd, u64(name))); }
Result<u64> getxattr(const char* path, const char* name, void* value, usize size)
{
    return host_result(host_syscall(__NR_getxattr, u64(path), u64(name), u64(value), size));
}
Result<u64> listxattr(const char* path, char* list, usize size) { return host_result(host_syscall(__NR_listxattr, u64(path), u64(list), size)); }
Result<void> renameat2(int olddirfd, const char* oldname, int newdirfd, const char* newname, u32 flags)
{
    return host_void(host_syscall(__NR_renameat2, u64(i64(olddirfd)), u64(oldname), u64(i64(newdirfd)), u64(newname), flags));
}
Result<void> fchmodat2(int dirfd, const char* path, u32 mode, int flags)
{
    // fchmodat2 is 452 on x86-64; older uapi headers lack the name.
    return host_void(host_syscall(452, u64(i64(dirfd)), u64(path), mode, u64(flags)));
}
Result<void> fchmodat(int dirfd, const char* path, u32 mode)
{
    return host_void(host_syscall(__NR_fchmodat, u64(i64(dirfd)), u64(path), mode));
}
Result<void> utimensat(int dirfd, const char* path, const linux_timespec* times, int flags)
{
    return host_void(host_syscall(__NR_utimensat, u64(i64(dirfd)), u64(path), u64(times), u64(flags)));
}
Result<void> fallocate(int fd, int mode, u64 offset, u64 len)
{
    return host_void(host_syscall(__NR_fallocate, fd, u64(mode), offset, len));
}
Result<void> fsync(int fd) { return host_void(host_syscall(__NR_fsync, fd)); }
Result<void> fdatasync(int fd) { return host_void(host_syscall(__NR_fdatasync, fd)); }
Result<void> syncfs(int fd) { return host_void(host_syscall(__NR_syncfs, fd)); }
Result<void> sync() { return host_void(host_syscall(__NR_sync)); }

}
