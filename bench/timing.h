/* Timing for the micro benchmarks: each prints "name ns_per_op" lines for bench/run. */
#ifndef CELL_BENCH_TIMING_H
#define CELL_BENCH_TIMING_H

#include <stdio.h>
#include <time.h>

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000ll + t.tv_nsec;
}

static void report(const char* name, long long start, long iterations)
{
    printf("%s %.1f\n", name, (double)(now_ns() - start) / (double)iterations);
}

#endif
