// The handlers of syscalls/thread.cpp against the fake platform: robust lists, futex
// argument checks, arch_prctl's CPUID codes, affinity sizes and scheduler queries.

#include "kernel/abi/System.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"

// gtest reaches glibc's <signal.h> through <sys/wait.h>, which declares the same Linux
// names as kernel/abi/Signal.h; these tests use no libc signal API, so it is skipped.
#define _SIGNAL_H 1
#include <gtest/gtest.h>

#include "kernel/abi/errno_undef.h"

namespace {

struct ThreadSyscalls : ::testing::Test {
    Process* process = new Process(1);
    Thread thread { *process, 1 };
    ~ThreadSyscalls() override { delete process; }

    template<typename T>
    static UserPtr<T> user(T* p) { return UserPtr<T>(u64(p)); }
};

}

TEST_F(ThreadSyscalls, RobustList)
{
    EXPECT_EQ(sys_set_robust_list(thread, 0x1000, 23).error(), Errno::EINVAL);
    ASSERT_TRUE(sys_set_robust_list(thread, 0x1000, 24).is_ok());
    u64 head = 0;
    u64 len = 0;
    ASSERT_TRUE(sys_get_robust_list(thread, 0, user(&head), user(&len)).is_ok());
    EXPECT_EQ(head, 0x1000u);
    EXPECT_EQ(len, 24u);
    EXPECT_EQ(sys_get_robust_list(thread, 2, user(&head), user(&len)).error(), Errno::ESRCH);
    EXPECT_EQ(sys_set_tid_address(thread, 0x2000).value(), 1u);
    EXPECT_EQ(thread.clear_child_tid(), 0x2000u);
}

TEST_F(ThreadSyscalls, FutexArgumentChecks)
{
    u32 word = 0;
    linux_timespec bad { 0, NSEC_PER_SEC };
    u64 address = u64(&word);
    EXPECT_EQ(sys_futex(thread, address + 1, 1, 1, 0, 0, 0).error(), Errno::EINVAL);
    EXPECT_EQ(sys_futex(thread, 0x6f0100000000, 1, 1, 0, 0, 0).error(), Errno::EFAULT);
    EXPECT_EQ(sys_futex(thread, address, 0, 0, u64(&bad), 0, 0).error(), Errno::EINVAL);
    // FUTEX_LOCK_PI and unknown commands.
    EXPECT_EQ(sys_futex(thread, address, 6, 0, 0, 0, 0).error(), Errno::ENOSYS);
    EXPECT_EQ(sys_futex(thread, address, 77, 0, 0, 0, 0).error(), Errno::ENOSYS);
    // FUTEX_CLOCK_REALTIME is only for FUTEX_WAIT_BITSET.
    EXPECT_EQ(sys_futex(thread, address, 256 | 0, 0, 0, 0, 0).error(), Errno::ENOSYS);
    // FUTEX_CMP_REQUEUE checks its second word.
    EXPECT_EQ(sys_futex(thread, address, 4, 1, 1, address + 2, 0).error(), Errno::EINVAL);
}

TEST_F(ThreadSyscalls, ArchPrctlCpuid)
{
    EXPECT_EQ(sys_arch_prctl(thread, 0x1011, 0).value(), 1u);
    EXPECT_EQ(sys_arch_prctl(thread, 0x1012, 0).error(), Errno::ENODEV);
    EXPECT_EQ(sys_arch_prctl(thread, 0x1012, 1).error(), Errno::ENODEV);
    EXPECT_EQ(sys_arch_prctl(thread, 0x9999, 0).error(), Errno::EINVAL);
    EXPECT_EQ(sys_arch_prctl(thread, 0x1002, 0x7ffffffff000).error(), Errno::EPERM);
}

TEST_F(ThreadSyscalls, Affinity)
{
    u8 mask[16] {};
    EXPECT_EQ(sys_sched_getaffinity(thread, 0, 4, user(mask)).error(), Errno::EINVAL);
    EXPECT_EQ(sys_sched_getaffinity(thread, 0, 12, user(mask)).error(), Errno::EINVAL);
    ASSERT_EQ(sys_sched_getaffinity(thread, 0, 16, user(mask)).value(), 8u);
    EXPECT_EQ(mask[0], 0x3);
    EXPECT_EQ(sys_sched_getaffinity(thread, 9, 16, user(mask)).error(), Errno::ESRCH);
    u8 none[8] {};
    EXPECT_EQ(sys_sched_setaffinity(thread, 0, 8, user<const u8>(none)).error(), Errno::EINVAL);
    u8 second[8] { 0x2 };
    EXPECT_TRUE(sys_sched_setaffinity(thread, 0, 8, user<const u8>(second)).is_ok());
    u8 foreign[8] { 0x4 };
    EXPECT_EQ(sys_sched_setaffinity(thread, 0, 8, user<const u8>(foreign)).error(), Errno::EINVAL);
}

TEST_F(ThreadSyscalls, SchedulerQueries)
{
    EXPECT_EQ(sys_sched_getscheduler(thread, -1).error(), Errno::EINVAL);
    EXPECT_EQ(sys_sched_getscheduler(thread, 5).error(), Errno::ESRCH);
    EXPECT_EQ(sys_sched_getscheduler(thread, 0).value(), u64(SCHED_OTHER));
    EXPECT_EQ(sys_sched_getparam(thread, 0, UserPtr<linux_sched_param>()).error(), Errno::EINVAL);
    linux_sched_param param { 5 };
    ASSERT_TRUE(sys_sched_getparam(thread, 1, user(&param)).is_ok());
    EXPECT_EQ(param.sched_priority, 0);
    EXPECT_EQ(sys_sched_get_priority_max(thread, SCHED_FIFO).value(), 99u);
    EXPECT_EQ(sys_sched_get_priority_min(thread, SCHED_RR).value(), 1u);
    EXPECT_EQ(sys_sched_get_priority_max(thread, SCHED_OTHER).value(), 0u);
    EXPECT_EQ(sys_sched_get_priority_max(thread, 4).error(), Errno::EINVAL);
    EXPECT_EQ(sys_sched_get_priority_min(thread, -1).error(), Errno::EINVAL);
    u32 cpu = 9;
    ASSERT_TRUE(sys_getcpu(thread, user(&cpu), UserPtr<u32>(), 0).is_ok());
    EXPECT_EQ(cpu, 1u);
}
