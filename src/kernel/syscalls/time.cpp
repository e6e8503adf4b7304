// Clocks and sleeping: clock_gettime, clock_getres, nanosleep, clock_nanosleep,
// gettimeofday, time and times.
//
// The guest's clocks are the host's: CLOCK_REALTIME, CLOCK_MONOTONIC and the rest read
// the same values, and the CPU-time clocks of the calling process and thread are those
// of the host process and thread that back them.

#include "kernel/abi/System.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {

constexpr int CLOCK_SGI_CYCLE = 10;
constexpr int MAX_CLOCKS = 16;

// CPU-time clock ids, as Linux encodes them: the low two bits say what is measured, the
// third says per thread, and the rest is the bitwise complement of a pid (0 = self).
constexpr int CPUCLOCK_MAX = 3;
constexpr int CPUCLOCK_PERTHREAD_MASK = 4;
constexpr int CPUCLOCK_SELF = -8;

// Translates a guest clock id to the host's: EINVAL for ids Linux rejects, for fd-based
// dynamic clocks, and for CPU clocks of processes or threads other than the caller.
Result<int> host_clock(Thread& thread, int clock)
{
    if (clock >= 0) {
        if (clock >= MAX_CLOCKS || clock == CLOCK_SGI_CYCLE || clock > CLOCK_TAI)
            return Errno::EINVAL;
        return clock;
    }
    if ((clock & 3) >= CPUCLOCK_MAX)
        return Errno::EINVAL;
    int pid = ~(clock >> 3);
    bool per_thread = clock & CPUCLOCK_PERTHREAD_MASK;
    if (pid != 0 && pid != (per_thread ? thread.tid() : thread.process().pid()))
        return Errno::EINVAL;
    return CPUCLOCK_SELF | (clock & 7);
}

// Whether Linux can sleep on `clock` (its nsleep method); EOPNOTSUPP otherwise.
bool clock_can_sleep(int clock)
{
    if (clock < 0)
        return true;
    switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_MONOTONIC:
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_BOOTTIME:
    case CLOCK_REALTIME_ALARM:
    case CLOCK_BOOTTIME_ALARM:
    case CLOCK_TAI:
        return true;
    default:
        return false;
    }
}

bool valid_timespec(const linux_timespec& ts) { return ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < NSEC_PER_SEC; }

i64 timeval_to_ticks(const linux_timeval& tv) { return tv.tv_sec * USER_HZ + tv.tv_usec / (1000000 / USER_HZ); }

// Sleeps on the host; on EINTR of a relative sleep, stores the time left in `rem`.
Result<u64> sleep(int clock, int flags, const linux_timespec& request, UserPtr<linux_timespec> rem)
{
    linux_timespec left {};
    auto r = platform::clock_nanosleep(clock, flags, &request, &left);
    if (r.is_ok())
        return u64(0);
    if (r.error() == Errno::EINTR && rem && !(flags & TIMER_ABSTIME))
        TRY(copy_out(rem, left));
    return r.error();
}

}

// Implements clock_gettime(2).
Result<u64> sys_clock_gettime(Thread& thread, int clock, UserPtr<linux_timespec> tp)
{
    int host = TRY(host_clock(thread, clock));
    linux_timespec ts {};
    TRY(platform::clock_gettime(host, &ts));
    TRY(copy_out(tp, ts));
    return u64(0);
}

// Implements clock_getres(2). A null `res` only checks the clock id.
Result<u64> sys_clock_getres(Thread& thread, int clock, UserPtr<linux_timespec> res)
{
    int host = TRY(host_clock(thread, clock));
    linux_timespec ts {};
    TRY(platform::clock_getres(host, &ts));
    if (res)
        TRY(copy_out(res, ts));
    return u64(0);
}

// Implements nanosleep(2): a relative sleep on CLOCK_MONOTONIC. FIXME: an interrupted
// sleep returns EINTR; restarting after a handler awaits guest signal delivery.
Result<u64> sys_nanosleep(Thread&, UserPtr<const linux_timespec> req, UserPtr<linux_timespec> rem)
{
    linux_timespec request {};
    TRY(copy_in(req, request));
    if (!valid_timespec(request))
        return Errno::EINVAL;
    return sleep(CLOCK_MONOTONIC, 0, request, rem);
}

// Implements clock_nanosleep(2), with Linux's order of checks: the clock (EINVAL), whether
// it can sleep (EOPNOTSUPP), the request (EFAULT, then EINVAL). Flags other than
// TIMER_ABSTIME are ignored, as Linux ignores them.
Result<u64> sys_clock_nanosleep(Thread& thread, int clock, int flags, UserPtr<const linux_timespec> req, UserPtr<linux_timespec> rem)
{
    int host = TRY(host_clock(thread, clock));
    if (!clock_can_sleep(clock))
        return Errno::EOPNOTSUPP;
    linux_timespec request {};
    TRY(copy_in(req, request));
    if (!valid_timespec(request))
        return Errno::EINVAL;
    return sleep(host, flags & TIMER_ABSTIME, request, rem);
}

// Implements gettimeofday(2). The timezone is always UTC with no DST, as on a host
// whose clock was never given a timezone.
Result<u64> sys_gettimeofday(Thread&, UserPtr<linux_timeval> tv, UserPtr<linux_timezone> tz)
{
    if (tv) {
        linux_timespec ts {};
        TRY(platform::clock_gettime(CLOCK_REALTIME, &ts));
        TRY(copy_out(tv, linux_timeval { ts.tv_sec, ts.tv_nsec / 1000 }));
    }
    if (tz)
        TRY(copy_out(tz, linux_timezone { 0, 0 }));
    return u64(0);
}

// Implements time(2).
Result<u64> sys_time(Thread&, UserPtr<i64> tloc)
{
    linux_timespec ts {};
    TRY(platform::clock_gettime(CLOCK_REALTIME, &ts));
    if (tloc)
        TRY(copy_out(tloc, ts.tv_sec));
    return u64(ts.tv_sec);
}

// Implements times(2). The CPU times are the host process's; children's are zero until
// wait4 collects them. The result counts clock ticks since the host booted.
Result<u64> sys_times(Thread&, UserPtr<linux_tms> buf)
{
    if (buf) {
        linux_rusage usage {};
        TRY(platform::getrusage(RUSAGE_SELF, &usage));
        linux_tms tms {};
        tms.tms_utime = timeval_to_ticks(usage.ru_utime);
        tms.tms_stime = timeval_to_ticks(usage.ru_stime);
        TRY(copy_out(buf, tms));
    }
    linux_timespec now {};
    TRY(platform::clock_gettime(CLOCK_BOOTTIME, &now));
    return u64(now.tv_sec * USER_HZ + now.tv_nsec / (NSEC_PER_SEC / USER_HZ));
}

// Implements clock_settime(2) with Linux's checks: only CLOCK_REALTIME and the CPU-time
// clocks can be set at all (EINVAL for the rest), the time is read (EFAULT) and checked
// (EINVAL), and then the sandbox may not set the host's clock (EPERM, as without
// CAP_SYS_TIME).
Result<u64> sys_clock_settime(Thread& thread, int clock, UserPtr<const linux_timespec> tp)
{
    TRY(host_clock(thread, clock));
    if (clock >= 0 && clock != CLOCK_REALTIME)
        return Errno::EINVAL;
    linux_timespec ts {};
    TRY(copy_in(tp, ts));
    if (clock == CLOCK_REALTIME && !valid_timespec(ts))
        return Errno::EINVAL;
    return Errno::EPERM;
}

// Implements settimeofday(2) with Linux's checks before the permission check (EPERM).
Result<u64> sys_settimeofday(Thread&, UserPtr<const linux_timeval> tv, UserPtr<const linux_timezone> tz)
{
    if (tv) {
        linux_timeval value {};
        TRY(copy_in(tv, value));
        if (value.tv_usec < 0 || value.tv_usec >= 1000000 || value.tv_sec < 0)
            return Errno::EINVAL;
    }
    if (tz) {
        linux_timezone zone {};
        TRY(copy_in(tz, zone));
        if (zone.tz_minuteswest < -15 * 60 || zone.tz_minuteswest > 15 * 60)
            return Errno::EINVAL;
    }
    return Errno::EPERM;
}
