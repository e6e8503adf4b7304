#pragma once

// System-information, resource-usage, scheduling and capability structures (x86-64).

#include "kernel/abi/Time.h"
#include "kernel/base/Types.h"

constexpr usize NEW_UTS_LEN = 64;

struct linux_new_utsname {
    char sysname[NEW_UTS_LEN + 1];
    char nodename[NEW_UTS_LEN + 1];
    char release[NEW_UTS_LEN + 1];
    char version[NEW_UTS_LEN + 1];
    char machine[NEW_UTS_LEN + 1];
    char domainname[NEW_UTS_LEN + 1];
};
static_assert(sizeof(linux_new_utsname) == 390);

struct linux_sysinfo {
    i64 uptime;
    u64 loads[3];
    u64 totalram;
    u64 freeram;
    u64 sharedram;
    u64 bufferram;
    u64 totalswap;
    u64 freeswap;
    u16 procs;
    u16 pad;
    u64 totalhigh;
    u64 freehigh;
    u32 mem_unit;
    char reserved[4];
};
static_assert(sizeof(linux_sysinfo) == 112);

struct linux_rusage {
    linux_timeval ru_utime;
    linux_timeval ru_stime;
    i64 ru_maxrss;
    i64 ru_ixrss;
    i64 ru_idrss;
    i64 ru_isrss;
    i64 ru_minflt;
    i64 ru_majflt;
    i64 ru_nswap;
    i64 ru_inblock;
    i64 ru_oublock;
    i64 ru_msgsnd;
    i64 ru_msgrcv;
    i64 ru_nsignals;
    i64 ru_nvcsw;
    i64 ru_nivcsw;
};
static_assert(sizeof(linux_rusage) == 144);

constexpr int RUSAGE_SELF = 0;
constexpr int RUSAGE_CHILDREN = -1;
constexpr int RUSAGE_THREAD = 1;

struct linux_tms {
    i64 tms_utime;
    i64 tms_stime;
    i64 tms_cutime;
    i64 tms_cstime;
};
static_assert(sizeof(linux_tms) == 32);

// Clock ticks per second as the guest sees them (USER_HZ).
constexpr i64 USER_HZ = 100;

struct linux_sched_param {
    i32 sched_priority;
};

constexpr int SCHED_OTHER = 0;
constexpr int SCHED_FIFO = 1;
constexpr int SCHED_RR = 2;
constexpr int SCHED_BATCH = 3;
constexpr int SCHED_IDLE = 5;
constexpr int SCHED_DEADLINE = 6;

struct linux_cap_user_header {
    u32 version;
    i32 pid;
};

struct linux_cap_user_data {
    u32 effective;
    u32 permitted;
    u32 inheritable;
};

constexpr u32 LINUX_CAPABILITY_VERSION_1 = 0x19980330;
constexpr u32 LINUX_CAPABILITY_VERSION_2 = 0x20071026;
constexpr u32 LINUX_CAPABILITY_VERSION_3 = 0x20080522;

constexpr int CAP_SETGID = 6;
constexpr int CAP_SETUID = 7;
constexpr int CAP_SETPCAP = 8;
constexpr int CAP_SYS_RESOURCE = 24;
constexpr int CAP_LAST_CAP = 40;
constexpr u64 CAP_VALID_MASK = (u64(1) << (CAP_LAST_CAP + 1)) - 1;

constexpr u32 GRND_NONBLOCK = 0x0001;
constexpr u32 GRND_RANDOM = 0x0002;
constexpr u32 GRND_INSECURE = 0x0004;
