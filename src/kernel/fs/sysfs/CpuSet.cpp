#include "kernel/fs/sysfs/CpuSet.h"
#include "kernel/base/Format.h"
#include "platform/Platform.h"

u32 CpuSet::count() const
{
    u32 n = 0;
    for (u64 word : bits)
        n += u32(__builtin_popcountll(word));
    return n;
}

u32 CpuSet::limit() const
{
    for (u32 i = MAX_CPUS / 64; i > 0; --i) {
        if (bits[i - 1])
            return (i - 1) * 64 + 64 - u32(__builtin_clzll(bits[i - 1]));
    }
    return 0;
}

CpuSet online_cpus()
{
    CpuSet set;
    auto written = platform::sched_getaffinity(sizeof(set.bits), set.bits);
    if (written.is_error() || set.count() == 0) {
        set = CpuSet {};
        set.bits[0] = 1;
    }
    return set;
}

void format_cpu_list(StringBuilder& sb, const CpuSet& set)
{
    bool first = true;
    u32 cpu = 0;
    while (cpu < CpuSet::MAX_CPUS) {
        if (!set.contains(cpu)) {
            ++cpu;
            continue;
        }
        u32 end = cpu;
        while (end + 1 < CpuSet::MAX_CPUS && set.contains(end + 1))
            ++end;
        sb.appendf(first ? "%u" : ",%u", cpu);
        if (end > cpu)
            sb.appendf("-%u", end);
        first = false;
        cpu = end + 1;
    }
}

void format_cpu_mask(StringBuilder& sb, const CpuSet& set, u32 width)
{
    // Linux's bitmap_print_to_pagebuf(): the highest group first, only the first one
    // without its leading zeros when the width is not a multiple of 32.
    u32 groups = width == 0 ? 1 : (width + 31) / 32;
    for (u32 g = groups; g > 0; --g) {
        u32 word = u32(set.bits[(g - 1) / 2] >> (((g - 1) % 2) * 32));
        u32 chunk_bits = (g == groups && width % 32) ? width % 32 : 32;
        if (chunk_bits < 32)
            word &= (1u << chunk_bits) - 1;
        unsigned digits = (chunk_bits + 3) / 4;
        sb.append_unsigned(word, 16, digits, '0');
        if (g > 1)
            sb.append(',');
    }
}
