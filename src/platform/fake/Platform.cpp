// The fake platform for unit tests: a deterministic clock and randomness, memory from the
// test process itself, and futexes that really block (so locks can be tested). Calls a
// unit test has no business making return ENOSYS.

#include "platform/Platform.h"
#include "platform/linux/HostSyscall.h"

#include <asm/unistd_64.h>

namespace platform {

namespace {
u64 s_fake_clock_ns = 1000000000;
u64 s_random_state = 0x2545f4914f6cdd1d;
}

Result<u64> read(int, void*, usize) { return Errno::ENOSYS; }
Result<u64> write(int fd, const void* buf, usize len)
{
    if (fd == 1 || fd == 2)
        return host_result(host_syscall(__NR_write, fd, u64(buf), len));
    return Errno::ENOSYS;
}
Result<u64> pread(int, void*, usize, i64) { return Errno::ENOSYS; }
Result<u64> pwrite(int, const void*, usize, i64) { return Errno::ENOSYS; }
Result<int> openat(int, const char*, int, u32) { return Errno::ENOSYS; }
Result<int> openat2(int, const char*, u64, u64, u64) { return Errno::ENOSYS; }
Result<void> close(int fd) { return host_void(host_syscall(__NR_close, fd)); }
Result<void> fstatat(int, const char*, linux_stat*, int) { return Errno::ENOSYS; }
Result<void> statx(int, const char*, int, u32, linux_statx*) { return Errno::ENOSYS; }
Result<u64> readlinkat(int, const char*, char*, usize) { return Errno::ENOSYS; }
Result<u64> getdents64(int, void*, usize) { return Errno::ENOSYS; }
Result<i64> lseek(int, i64, int) { return Errno::ENOSYS; }
Result<u64> ioctl(int, u64, u64) { return Errno::ENOTTY; }
Result<int> fcntl(int, int, u64) { return Errno::ENOSYS; }
Result<void> fstatfs(int, linux_statfs*) { return Errno::ENOSYS; }

Result<int> memfd_create(const char* name, u32 flags)
{
    return static_cast<int>(TRY(host_result(host_syscall(__NR_memfd_create, u64(name), flags))));
}
Result<void> ftruncate(int fd, u64 length) { return host_void(host_syscall(__NR_ftruncate, fd, length)); }

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
Result<void> msync(u64, u64, int) { return {}; }
Result<void> mincore(u64 addr, u64 len, u8* vec) { return host_void(host_syscall(__NR_mincore, addr, len, u64(vec))); }
Result<u64> membarrier(int, u32, int) { return u64(0); }

Result<void> futex_wait(u32* addr, u32 expected, const linux_timespec* timeout)
{
    return host_void(host_syscall(__NR_futex, u64(addr), 0, expected, u64(timeout)));
}
Result<int> futex_wake(u32* addr, int count) { return static_cast<int>(TRY(host_result(host_syscall(__NR_futex, u64(addr), 1, u64(count))))); }
Result<u64> futex(u32*, int, u32, u64, u32*, u32) { return Errno::ENOSYS; }

// The clock advances by exactly one millisecond per reading.
Result<void> clock_gettime(int, linux_timespec* ts)
{
    s_fake_clock_ns += 1000000;
    ts->tv_sec = i64(s_fake_clock_ns / NSEC_PER_SEC);
    ts->tv_nsec = i64(s_fake_clock_ns % NSEC_PER_SEC);
    return {};
}
Result<void> clock_getres(int, linux_timespec* ts)
{
    ts->tv_sec = 0;
    ts->tv_nsec = 1;
    return {};
}
Result<void> clock_nanosleep(int, int, const linux_timespec* req, linux_timespec*)
{
    s_fake_clock_ns += u64(req->tv_sec) * NSEC_PER_SEC + u64(req->tv_nsec);
    return {};
}
u64 monotonic_ns()
{
    s_fake_clock_ns += 1000000;
    return s_fake_clock_ns;
}

Result<u64> getrandom(void* buf, usize len, u32)
{
    auto* out = static_cast<u8*>(buf);
    for (usize i = 0; i < len; ++i) {
        s_random_state ^= s_random_state << 13;
        s_random_state ^= s_random_state >> 7;
        s_random_state ^= s_random_state << 17;
        out[i] = u8(s_random_state);
    }
    return u64(len);
}

Result<void> sigaction(int, const k_sigaction*, k_sigaction*) { return Errno::ENOSYS; }
Result<void> sigprocmask(int, const u64*, u64*) { return Errno::ENOSYS; }
Result<void> sigaltstack(const linux_stack_t*, linux_stack_t*) { return Errno::ENOSYS; }
Result<int> prctl(int, u64, u64, u64, u64) { return Errno::ENOSYS; }
Result<void> setns(int, int) { return Errno::ENOSYS; }
Result<void> capset_none() { return {}; }
Result<int> getpid() { return 4242; }
Result<int> gettid() { return 4242; }
Result<void> tgkill(int, int, int) { return Errno::ENOSYS; }
Result<void> seccomp(u32, u32, const void*) { return Errno::ENOSYS; }
Result<u64> arch_prctl(int, u64) { return Errno::ENOSYS; }

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

}

// Host facts for the process, time and system-information syscalls: fixed values.
namespace platform {
namespace {
void copy_name(char* dst, const char* src)
{
    usize i = 0;
    for (; src[i]; ++i)
        dst[i] = src[i];
    dst[i] = '\0';
}
}
Result<void> uname(linux_new_utsname* buf)
{
    *buf = {};
    copy_name(buf->sysname, "Linux");
    copy_name(buf->nodename, "host");
    copy_name(buf->release, "6.1.0-fake");
    copy_name(buf->version, "#1 SMP fake");
    copy_name(buf->machine, "x86_64");
    copy_name(buf->domainname, "(none)");
    return {};
}
Result<void> sysinfo(linux_sysinfo* info)
{
    *info = {};
    info->uptime = 1000;
    info->totalram = 8ull << 30;
    info->freeram = 4ull << 30;
    info->procs = 300;
    info->mem_unit = 1;
    return {};
}
Result<void> getrusage(int, linux_rusage* usage)
{
    *usage = {};
    usage->ru_utime = { 1, 500000 };
    usage->ru_stime = { 0, 250000 };
    usage->ru_maxrss = 4096;
    return {};
}
// The fake host has two CPUs.
Result<u64> sched_getaffinity(usize len, void* mask)
{
    if (len < 8)
        return Errno::EINVAL;
    auto* bytes = static_cast<u8*>(mask);
    for (usize i = 0; i < 8; ++i)
        bytes[i] = 0;
    bytes[0] = 0x3;
    return u64(8);
}
Result<void> sched_yield() { return {}; }
Result<void> getcpu(u32* cpu, u32* node)
{
    if (cpu)
        *cpu = 1;
    if (node)
        *node = 0;
    return {};
}
Result<void> rseq(u64, u32, int, u32) { return Errno::ENOSYS; }
}

namespace platform {
// Writable hostfs is tested against the real host (tests/unit/host), never here.
Result<void> mkdirat(int, const char*, u32) { return Errno::ENOSYS; }
Result<void> mknodat(int, const char*, u32, u64) { return Errno::ENOSYS; }
Result<void> symlinkat(const char*, int, const char*) { return Errno::ENOSYS; }
Result<void> linkat(int, const char*, int, const char*, int) { return Errno::ENOSYS; }
Result<void> unlinkat(int, const char*, int) { return Errno::ENOSYS; }
Result<void> renameat2(int, const char*, int, const char*, u32) { return Errno::ENOSYS; }
Result<void> fchmodat2(int, const char*, u32, int) { return Errno::ENOSYS; }
Result<void> fchmodat(int, const char*, u32) { return Errno::ENOSYS; }
Result<void> utimensat(int, const char*, const linux_timespec*, int) { return Errno::ENOSYS; }
Result<void> fallocate(int, int, u64, u64) { return Errno::ENOSYS; }
Result<void> fsync(int) { return Errno::ENOSYS; }
Result<u64> fgetxattr(int, const char*, void*, usize) { return Errno::ENOSYS; }
Result<void> fsetxattr(int, const char*, const void*, usize, int) { return Errno::ENOSYS; }
Result<u64> flistxattr(int, char*, usize) { return Errno::ENOSYS; }
Result<void> fremovexattr(int, const char*) { return Errno::ENOSYS; }
Result<u64> getxattr(const char*, const char*, void*, usize) { return Errno::ENOSYS; }
Result<u64> listxattr(const char*, char*, usize) { return Errno::ENOSYS; }
Result<void> fdatasync(int) { return Errno::ENOSYS; }
Result<void> syncfs(int) { return Errno::ENOSYS; }
Result<void> sync() { return Errno::ENOSYS; }
}
