/* Clocks: monotonic time never goes back, resolutions are reported, CPU clocks work, and
 * bad clock ids and bad timespecs give EINVAL. Calls whose argument checks are tested go
 * through syscall(), since the vDSO fast path may check differently. */
#include "../guest.h"

#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t)
{
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

int main(void)
{
    struct timespec prev, now;
    int monotonic = 1;
    clock_gettime(CLOCK_MONOTONIC, &prev);
    for (int i = 0; i < 10000; ++i) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (ns(now) < ns(prev))
            monotonic = 0;
        prev = now;
    }
    FACT("CLOCK_MONOTONIC never decreases over 10000 reads", monotonic);

    struct timespec raw1, raw2;
    clock_gettime(CLOCK_MONOTONIC_RAW, &raw1);
    clock_gettime(CLOCK_MONOTONIC_RAW, &raw2);
    FACT("CLOCK_MONOTONIC_RAW never decreases", ns(raw2) >= ns(raw1));

    struct timespec boot, mono;
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_BOOTTIME, &boot);
    FACT("CLOCK_BOOTTIME >= CLOCK_MONOTONIC", ns(boot) >= ns(mono));

    struct timespec real;
    clock_gettime(CLOCK_REALTIME, &real);
    FACT("CLOCK_REALTIME is after 2020", real.tv_sec > 1577836800);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    FACT("gettimeofday agrees with CLOCK_REALTIME within 10 s", tv.tv_sec - real.tv_sec < 10 && tv.tv_sec >= real.tv_sec);
    time_t t = time(NULL);
    FACT("time() agrees with CLOCK_REALTIME within 10 s", t - real.tv_sec < 10 && t >= real.tv_sec);
    FACT("tv_nsec in range", real.tv_nsec >= 0 && real.tv_nsec < 1000000000);

    struct timespec res;
    SHOW("clock_getres(CLOCK_MONOTONIC)", syscall(SYS_clock_getres, CLOCK_MONOTONIC, &res));
    printf("  resolution %ld.%09ld\n", (long)res.tv_sec, res.tv_nsec);
    SHOW("clock_getres(CLOCK_REALTIME)", syscall(SYS_clock_getres, CLOCK_REALTIME, &res));
    printf("  resolution %ld.%09ld\n", (long)res.tv_sec, res.tv_nsec);
    SHOW("clock_getres(CLOCK_MONOTONIC, NULL)", syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL));

    struct timespec cpu1, cpu2;
    SHOW("clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &cpu1));
    volatile unsigned long spin = 0;
    for (unsigned long i = 0; i < 20000000; ++i)
        spin += i;
    syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &cpu2);
    FACT("process CPU time advances while spinning", ns(cpu2) > ns(cpu1));
    SHOW("clock_gettime(CLOCK_THREAD_CPUTIME_ID)", syscall(SYS_clock_gettime, CLOCK_THREAD_CPUTIME_ID, &cpu1));

    SHOW("clock_gettime(clock 100)", syscall(SYS_clock_gettime, 100, &now));
    SHOW("clock_gettime(clock 12)", syscall(SYS_clock_gettime, 12, &now));
    SHOW("clock_getres(clock 100)", syscall(SYS_clock_getres, 100, &res));
    SHOW("clock_settime(CLOCK_MONOTONIC)", syscall(SYS_clock_settime, CLOCK_MONOTONIC, &now));

    struct timespec bad = { 0, 1000000000 };
    SHOW("nanosleep(tv_nsec = 1e9)", syscall(SYS_nanosleep, &bad, NULL));
    bad.tv_nsec = -1;
    SHOW("nanosleep(tv_nsec = -1)", syscall(SYS_nanosleep, &bad, NULL));
    bad.tv_sec = -1;
    bad.tv_nsec = 0;
    SHOW("nanosleep(tv_sec = -1)", syscall(SYS_nanosleep, &bad, NULL));
    SHOW("clock_nanosleep(clock 100)", syscall(SYS_clock_nanosleep, 100, 0, &res, NULL));
    SHOW("clock_nanosleep(CLOCK_THREAD_CPUTIME_ID)", syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &res, NULL));
    bad.tv_sec = 0;
    bad.tv_nsec = 2000000000;
    SHOW("clock_nanosleep(CLOCK_MONOTONIC, tv_nsec = 2e9)", syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad, NULL));
    struct timespec zero = { 0, 0 };
    SHOW("nanosleep(0)", syscall(SYS_nanosleep, &zero, NULL));
    printf("done\n");
    return 0;
}
