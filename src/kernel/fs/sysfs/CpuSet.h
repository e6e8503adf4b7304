#pragma once

// The CPUs the sandbox sees, shared by /sys/devices/system/cpu and /proc (cpuinfo, stat,
// status). They are the host CPUs the sandbox may run on (its affinity mask), so that
// the counts glibc, python and node read from /sys agree with sched_getaffinity(2).

#include "kernel/base/Types.h"

class StringBuilder;

struct CpuSet {
    static constexpr u32 MAX_CPUS = 1024;
    u64 bits[MAX_CPUS / 64] {};

    bool contains(u32 cpu) const { return cpu < MAX_CPUS && ((bits[cpu / 64] >> (cpu % 64)) & 1); }
    u32 count() const;
    // One past the highest CPU in the set (0 when empty).
    u32 limit() const;
};

// The CPUs the calling thread may run on; CPU 0 alone if the host will not say.
CpuSet online_cpus();

// Appends `set` as Linux's cpu list format ("0-3,6"), without a newline.
void format_cpu_list(StringBuilder& sb, const CpuSet& set);
// Appends `set` as a hex mask in comma-separated 32-bit groups ("3", "00000001,ffffffff"),
// covering `width` CPUs.
void format_cpu_mask(StringBuilder& sb, const CpuSet& set, u32 width);
