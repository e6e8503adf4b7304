/* Sleeping takes at least as long as asked: nanosleep, clock_nanosleep (relative and
 * TIMER_ABSTIME) and usleep of 10 ms, measured on CLOCK_MONOTONIC. */
#include "../guest.h"

#include <time.h>

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

#define TEN_MS 10000000ll

int main(void)
{
    struct timespec ten = { 0, TEN_MS };
    struct timespec left = { 99, 99 };

    long long start = now_ns();
    SHOW("nanosleep(10 ms)", nanosleep(&ten, &left));
    long long took = now_ns() - start;
    FACT("nanosleep(10 ms) took at least 10 ms", took >= TEN_MS);
    FACT("nanosleep(10 ms) took less than 2 s", took < 2000000000ll);

    start = now_ns();
    printf("clock_nanosleep(CLOCK_MONOTONIC, 0, 10 ms) = %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &ten, NULL));
    FACT("relative clock_nanosleep took at least 10 ms", now_ns() - start >= TEN_MS);

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    start = deadline.tv_sec * 1000000000ll + deadline.tv_nsec;
    deadline.tv_nsec += TEN_MS;
    if (deadline.tv_nsec >= 1000000000) {
        deadline.tv_nsec -= 1000000000;
        deadline.tv_sec += 1;
    }
    printf("clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, now + 10 ms) = %d\n",
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL));
    FACT("absolute clock_nanosleep woke at or after the deadline", now_ns() - start >= TEN_MS);

    struct timespec past = { 0, 1 };
    start = now_ns();
    printf("clock_nanosleep(TIMER_ABSTIME, a deadline long past) = %d\n",
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL));
    FACT("a past deadline returns at once (under 1 s)", now_ns() - start < 1000000000ll);

    start = now_ns();
    SHOW("usleep(10000)", usleep(10000));
    FACT("usleep(10000) took at least 10 ms", now_ns() - start >= TEN_MS);

    start = now_ns();
    struct timespec real_ten = { 0, TEN_MS };
    printf("clock_nanosleep(CLOCK_REALTIME, 0, 10 ms) = %d\n", clock_nanosleep(CLOCK_REALTIME, 0, &real_ten, NULL));
    FACT("CLOCK_REALTIME sleep took at least 10 ms", now_ns() - start >= TEN_MS);
    printf("done\n");
    return 0;
}
