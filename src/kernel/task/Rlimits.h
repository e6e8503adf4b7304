#pragma once

// Resource limits (getrlimit/setrlimit/prlimit64), with Linux's defaults.

#include "kernel/base/Types.h"

struct linux_rlimit {
    u64 rlim_cur;
    u64 rlim_max;
};
static_assert(sizeof(linux_rlimit) == 16);

constexpr u64 RLIM_INFINITY = ~u64(0);
constexpr int RLIMIT_CPU = 0;
constexpr int RLIMIT_FSIZE = 1;
constexpr int RLIMIT_DATA = 2;
constexpr int RLIMIT_STACK = 3;
constexpr int RLIMIT_CORE = 4;
constexpr int RLIMIT_RSS = 5;
constexpr int RLIMIT_NPROC = 6;
constexpr int RLIMIT_NOFILE = 7;
constexpr int RLIMIT_MEMLOCK = 8;
constexpr int RLIMIT_AS = 9;
constexpr int RLIMIT_LOCKS = 10;
constexpr int RLIMIT_SIGPENDING = 11;
constexpr int RLIMIT_MSGQUEUE = 12;
constexpr int RLIMIT_NICE = 13;
constexpr int RLIMIT_RTPRIO = 14;
constexpr int RLIMIT_RTTIME = 15;
constexpr int RLIM_NLIMITS = 16;
// fs.nr_open: the highest RLIMIT_NOFILE a process may set.
constexpr u64 SYSCTL_NR_OPEN = 1048576;

struct Rlimits {
    linux_rlimit limits[RLIM_NLIMITS] = {
        { RLIM_INFINITY, RLIM_INFINITY }, // CPU
        { RLIM_INFINITY, RLIM_INFINITY }, // FSIZE
        { RLIM_INFINITY, RLIM_INFINITY }, // DATA
        { 8 * 1024 * 1024, RLIM_INFINITY }, // STACK
        { 0, RLIM_INFINITY }, // CORE
        { RLIM_INFINITY, RLIM_INFINITY }, // RSS
        { 63476, 63476 }, // NPROC
        { 1024, 1048576 }, // NOFILE
        { 8 * 1024 * 1024, 8 * 1024 * 1024 }, // MEMLOCK
        { RLIM_INFINITY, RLIM_INFINITY }, // AS
        { RLIM_INFINITY, RLIM_INFINITY }, // LOCKS
        { 63476, 63476 }, // SIGPENDING
        { 819200, 819200 }, // MSGQUEUE
        { 0, 0 }, // NICE
        { 0, 0 }, // RTPRIO
        { RLIM_INFINITY, RLIM_INFINITY }, // RTTIME
    };
};
