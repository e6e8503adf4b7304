// The handlers of syscalls/time.cpp against the fake platform: which clock ids are valid,
// the order of clock_nanosleep's checks, and the conversions of gettimeofday and times.

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

struct TimeSyscalls : ::testing::Test {
    Process* process = new Process(1);
    Thread thread { *process, 1 };
    ~TimeSyscalls() override { delete process; }

    template<typename T>
    static UserPtr<T> user(T* p) { return UserPtr<T>(u64(p)); }
};

// Linux's encoding of CPU clocks: ~pid << 3 | per-thread << 2 | which.
constexpr int cpu_clock(int pid, bool thread, int which) { return (~pid << 3) | (thread ? 4 : 0) | which; }

}

TEST_F(TimeSyscalls, ClockIds)
{
    linux_timespec ts {};
    for (int clock : { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11 })
        EXPECT_TRUE(sys_clock_getres(thread, clock, user(&ts)).is_ok()) << clock;
    for (int clock : { 10, 12, 15, 16, 1000 })
        EXPECT_EQ(sys_clock_getres(thread, clock, user(&ts)).error(), Errno::EINVAL) << clock;
    EXPECT_TRUE(sys_clock_gettime(thread, cpu_clock(0, false, 2), user(&ts)).is_ok());
    EXPECT_TRUE(sys_clock_gettime(thread, cpu_clock(1, false, 0), user(&ts)).is_ok());
    EXPECT_TRUE(sys_clock_gettime(thread, cpu_clock(1, true, 1), user(&ts)).is_ok());
    EXPECT_EQ(sys_clock_gettime(thread, cpu_clock(2, false, 2), user(&ts)).error(), Errno::EINVAL);
    // which == 3 is an fd-based dynamic clock.
    EXPECT_EQ(sys_clock_gettime(thread, cpu_clock(0, false, 3), user(&ts)).error(), Errno::EINVAL);
    EXPECT_EQ(sys_clock_gettime(thread, -1, user(&ts)).error(), Errno::EINVAL);
    // A kernel address is refused before any copy (a null one faults, which the unit
    // tests cannot recover from: the fault handler belongs to the kernel image).
    EXPECT_EQ(sys_clock_gettime(thread, CLOCK_MONOTONIC, UserPtr<linux_timespec>(0x6f0100000000)).error(), Errno::EFAULT);
    EXPECT_TRUE(sys_clock_getres(thread, CLOCK_MONOTONIC, UserPtr<linux_timespec>()).is_ok());
}

TEST_F(TimeSyscalls, ClockNanosleepChecksInLinuxOrder)
{
    linux_timespec bad { 0, NSEC_PER_SEC };
    linux_timespec good { 0, 1000 };
    EXPECT_EQ(sys_clock_nanosleep(thread, 99, 0, user<const linux_timespec>(&bad), UserPtr<linux_timespec>()).error(), Errno::EINVAL);
    EXPECT_EQ(sys_clock_nanosleep(thread, CLOCK_MONOTONIC_RAW, 0, UserPtr<const linux_timespec>(0x6f0100000000), UserPtr<linux_timespec>()).error(), Errno::EOPNOTSUPP);
    EXPECT_EQ(sys_clock_nanosleep(thread, CLOCK_THREAD_CPUTIME_ID, 0, user<const linux_timespec>(&good), UserPtr<linux_timespec>()).error(), Errno::EOPNOTSUPP);
    EXPECT_EQ(sys_clock_nanosleep(thread, CLOCK_MONOTONIC, 0, UserPtr<const linux_timespec>(0x6f0100000000), UserPtr<linux_timespec>()).error(), Errno::EFAULT);
    EXPECT_EQ(sys_clock_nanosleep(thread, CLOCK_MONOTONIC, 0, user<const linux_timespec>(&bad), UserPtr<linux_timespec>()).error(), Errno::EINVAL);
    linux_timespec negative { -1, 0 };
    EXPECT_EQ(sys_nanosleep(thread, user<const linux_timespec>(&negative), UserPtr<linux_timespec>()).error(), Errno::EINVAL);
    EXPECT_TRUE(sys_clock_nanosleep(thread, CLOCK_MONOTONIC, TIMER_ABSTIME | 0x10, user<const linux_timespec>(&good), UserPtr<linux_timespec>()).is_ok());
    EXPECT_TRUE(sys_nanosleep(thread, user<const linux_timespec>(&good), UserPtr<linux_timespec>()).is_ok());
}

TEST_F(TimeSyscalls, GettimeofdayTimeAndTimes)
{
    linux_timeval tv {};
    linux_timezone tz { 5, 5 };
    ASSERT_TRUE(sys_gettimeofday(thread, user(&tv), user(&tz)).is_ok());
    EXPECT_GE(tv.tv_sec, 1);
    EXPECT_LT(tv.tv_usec, 1000000);
    EXPECT_EQ(tz.tz_minuteswest, 0);
    i64 t = 0;
    u64 now = sys_time(thread, user(&t)).value();
    EXPECT_EQ(i64(now), t);
    linux_tms tms {};
    ASSERT_TRUE(sys_times(thread, user(&tms)).is_ok());
    // The fake host reports 1.5 s user and 0.25 s system time.
    EXPECT_EQ(tms.tms_utime, 150);
    EXPECT_EQ(tms.tms_stime, 25);
    EXPECT_EQ(tms.tms_cutime, 0);
    EXPECT_EQ(sys_times(thread, UserPtr<linux_tms>(0x6f0100000000)).error(), Errno::EFAULT);
}
