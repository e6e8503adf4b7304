#pragma once

// Linux time structures (x86-64 layout).

#include "kernel/base/Types.h"

struct linux_timespec {
    i64 tv_sec;
    i64 tv_nsec;
};
static_assert(sizeof(linux_timespec) == 16);

struct linux_timeval {
    i64 tv_sec;
    i64 tv_usec;
};
static_assert(sizeof(linux_timeval) == 16);

struct linux_timezone {
    i32 tz_minuteswest;
    i32 tz_dsttime;
};

constexpr int CLOCK_REALTIME = 0;
constexpr int CLOCK_MONOTONIC = 1;
constexpr int CLOCK_PROCESS_CPUTIME_ID = 2;
constexpr int CLOCK_THREAD_CPUTIME_ID = 3;
constexpr int CLOCK_MONOTONIC_RAW = 4;
constexpr int CLOCK_REALTIME_COARSE = 5;
constexpr int CLOCK_MONOTONIC_COARSE = 6;
constexpr int CLOCK_BOOTTIME = 7;
constexpr int CLOCK_REALTIME_ALARM = 8;
constexpr int CLOCK_BOOTTIME_ALARM = 9;
constexpr int CLOCK_TAI = 11;
constexpr int TIMER_ABSTIME = 1;

constexpr i64 NSEC_PER_SEC = 1000000000;
