// /proc/cpuinfo, from the cpuid instruction: one block per CPU the sandbox may run on,
// with Linux's field names and the flag names of arch/x86's cpufeatures.

#include "kernel/base/Format.h"
#include "kernel/fs/procfs/ProcFs.h"
#include "kernel/fs/sysfs/CpuSet.h"
#include "platform/Platform.h"

namespace {

struct CpuidRegs {
    u32 eax, ebx, ecx, edx;
};

CpuidRegs cpuid(u32 leaf, u32 subleaf = 0)
{
    CpuidRegs r;
    asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
    return r;
}

// Flag names by bit for one cpuid register, in the order Linux prints its feature words;
// null where Linux prints nothing.
struct FlagWord {
    u32 leaf;
    u32 subleaf;
    u8 reg; // 0 eax, 1 ebx, 2 ecx, 3 edx
    const char* names[32];
};

constexpr FlagWord FLAG_WORDS[] = {
    { 1, 0, 3, { "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", nullptr, "sep", "mtrr", "pge", "mca", "cmov", "pat",
                   "pse36", "pn", "clflush", nullptr, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe" } },
    { 0x80000001, 0, 3, { nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "syscall",
                            nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "mp", "nx", nullptr, "mmxext", nullptr,
                            nullptr, "fxsr_opt", "pdpe1gb", "rdtscp", nullptr, "lm", "3dnowext", "3dnow" } },
    { 1, 0, 2, { "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16",
                   "xtpr", "pdcm", nullptr, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes",
                   "xsave", nullptr, "avx", "f16c", "rdrand", "hypervisor" } },
    { 0x80000001, 0, 2, { "lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse", "3dnowprefetch", "osvw",
                            "ibs", "xop", "skinit", "wdt", nullptr, "lwp", "fma4", "tce", nullptr, "nodeid_msr", nullptr, "tbm",
                            "topoext", "perfctr_core", "perfctr_nb", nullptr, "bpext", "ptsc", "perfctr_llc", "mwaitx", nullptr,
                            nullptr } },
    { 7, 0, 1, { "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", nullptr, "smep", "bmi2", "erms", "invpcid", "rtm", "cqm",
                   nullptr, "mpx", "rdt_a", "avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma", nullptr, "clflushopt", "clwb",
                   "intel_pt", "avx512pf", "avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl" } },
    { 0xd, 1, 0, { "xsaveopt", "xsavec", "xgetbv1", "xsaves" } },
    { 0x80000008, 0, 1, { "clzero", "irperf", "xsaveerptr" } },
    { 7, 0, 2, { nullptr, "avx512vbmi", "umip", "pku", "ospke", "waitpkg", "avx512_vbmi2", nullptr, "gfni", "vaes", "vpclmulqdq",
                   "avx512_vnni", "avx512_bitalg", "tme", "avx512_vpopcntdq", nullptr, "la57", nullptr, nullptr, nullptr, nullptr,
                   nullptr, "rdpid", nullptr, "bus_lock_detect", "cldemote", nullptr, "movdiri", "movdir64b", "enqcmd", "sgx_lc",
                   nullptr } },
    { 7, 0, 3, { nullptr, nullptr, "avx512_4vnniw", "avx512_4fmaps", "fsrm", nullptr, nullptr, nullptr, "avx512_vp2intersect", nullptr,
                   "md_clear", nullptr, nullptr, nullptr, "serialize", nullptr, "tsxldtrk", nullptr, "pconfig", "arch_lbr", "ibt",
                   nullptr, "amx_bf16", "avx512_fp16", "amx_tile", "amx_int8", nullptr, nullptr, "flush_l1d", "arch_capabilities",
                   nullptr, nullptr } },
};

u32 reg_of(const CpuidRegs& r, u8 reg)
{
    switch (reg) {
    case 0:
        return r.eax;
    case 1:
        return r.ebx;
    case 2:
        return r.ecx;
    default:
        return r.edx;
    }
}

u64 read_tsc()
{
    u32 low, high;
    asm volatile("rdtsc" : "=a"(low), "=d"(high));
    return (u64(high) << 32) | low;
}

// Counts time-stamp counter ticks over 10 ms of the monotonic clock. Only an invariant
// TSC (cpuid 0x80000007 EDX bit 8) runs at the nominal clock, as Linux's tsc_khz assumes.
u64 measure_tsc_khz(u32 max_ext)
{
    if (max_ext < 0x80000007 || !(cpuid(0x80000007).edx & (1u << 8)))
        return 0;
    u64 start_ns = platform::monotonic_ns();
    u64 start_tsc = read_tsc();
    u64 now_ns = start_ns;
    while (now_ns - start_ns < 10000000)
        now_ns = platform::monotonic_ns();
    u64 ticks = read_tsc() - start_tsc;
    return ticks * 1000 / ((now_ns - start_ns) / 1000);
}

// The processor's frequency in kHz: the hypervisor's TSC leaf, cpuid 0x16, the brand
// string's "@ 2.40GHz", or a measurement of the invariant TSC; 0 when none says.
u64 cpu_khz(u32 max_leaf, u32 max_ext, StringView brand)
{
    if (cpuid(1).ecx & (1u << 31)) {
        CpuidRegs hv = cpuid(0x40000000);
        if (hv.eax >= 0x40000010 && cpuid(0x40000010).eax)
            return cpuid(0x40000010).eax;
    }
    if (max_leaf >= 0x16 && (cpuid(0x16).eax & 0xffff))
        return u64(cpuid(0x16).eax & 0xffff) * 1000;
    usize at = brand.find('@');
    u64 units = 0, digits = 0;
    bool fraction = false;
    for (usize i = at + 1; i < brand.size(); ++i) {
        char c = brand[i];
        if (c >= '0' && c <= '9') {
            units = units * 10 + u64(c - '0');
            digits += fraction ? 1 : 0;
        } else if (c == '.') {
            fraction = true;
        } else if (c != ' ') {
            break;
        }
    }
    u64 khz = units * 1000000;
    for (; digits > 0; --digits)
        khz /= 10;
    return khz ? khz : measure_tsc_khz(max_ext);
}

}

usize proc_generate_cpuinfo(const ProcFs& fs, char* buffer, usize capacity)
{
    StringBuilder sb(buffer, capacity);
    CpuidRegs r0 = cpuid(0);
    u32 max_leaf = r0.eax;
    char vendor[13] {};
    u32 vendor_words[3] = { r0.ebx, r0.edx, r0.ecx };
    __builtin_memcpy(vendor, vendor_words, 12);
    CpuidRegs r1 = cpuid(1);
    u32 family = (r1.eax >> 8) & 0xf;
    u32 model = (r1.eax >> 4) & 0xf;
    if (family == 0xf)
        family += (r1.eax >> 20) & 0xff;
    if (family >= 6)
        model |= ((r1.eax >> 16) & 0xf) << 4;
    u32 max_ext = cpuid(0x80000000).eax;
    char brand[49] {};
    if (max_ext >= 0x80000004) {
        for (u32 i = 0; i < 3; ++i) {
            CpuidRegs b = cpuid(0x80000002 + i);
            u32 words[4] = { b.eax, b.ebx, b.ecx, b.edx };
            __builtin_memcpy(brand + i * 16, words, 16);
        }
    }
    StringView brand_text(brand);
    while (!brand_text.empty() && brand_text[0] == ' ')
        brand_text = brand_text.substr(1);
    while (!brand_text.empty() && brand_text[brand_text.size() - 1] == ' ')
        brand_text = brand_text.substr(0, brand_text.size() - 1);
    u64 khz = fs.cpu_khz();
    if (!khz) {
        khz = cpu_khz(max_leaf, max_ext, brand_text);
        fs.set_cpu_khz(khz);
    }
    u32 cache_kb = max_ext >= 0x80000006 ? cpuid(0x80000006).ecx >> 16 : 0;
    u32 clflush = ((r1.ebx >> 8) & 0xff) * 8;
    CpuidRegs sizes = max_ext >= 0x80000008 ? cpuid(0x80000008) : CpuidRegs { 0x3024, 0, 0, 0 };

    CpuSet cpus = online_cpus();
    u32 count = cpus.count();
    for (u32 cpu = 0; cpu < cpus.limit(); ++cpu) {
        if (!cpus.contains(cpu))
            continue;
        sb.appendf("processor\t: %u\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\nmodel name\t: %.*s\nstepping\t: %u\n", cpu, vendor,
            family, model, int(brand_text.size()), brand_text.data(), r1.eax & 0xf);
        sb.appendf("cpu MHz\t\t: %lu.%03lu\n", khz / 1000, khz % 1000);
        if (cache_kb)
            sb.appendf("cache size\t: %u KB\n", cache_kb);
        sb.appendf("physical id\t: 0\nsiblings\t: %u\ncore id\t\t: %u\ncpu cores\t: %u\napicid\t\t: %u\ninitial apicid\t: %u\n", count,
            cpu, count, cpu, cpu);
        sb.appendf("fpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\nflags\t\t:", max_leaf);
        for (const auto& word : FLAG_WORDS) {
            bool extended = word.leaf >= 0x80000000;
            if ((extended && word.leaf > max_ext) || (!extended && word.leaf > max_leaf))
                continue;
            u32 bits = reg_of(cpuid(word.leaf, word.subleaf), word.reg);
            for (u32 bit = 0; bit < 32; ++bit) {
                if ((bits >> bit) & 1 && word.names[bit])
                    sb.appendf(" %s", word.names[bit]);
            }
        }
        // BogoMIPS is twice the clock in MHz on x86, to two decimals.
        u64 bogo = khz * 2 / 10;
        sb.appendf("\nbugs\t\t:\nbogomips\t: %lu.%02lu\nclflush size\t: %u\ncache_alignment\t: %u\n", bogo / 100, bogo % 100, clflush,
            clflush);
        sb.appendf("address sizes\t: %u bits physical, %u bits virtual\npower management:\n\n", sizes.eax & 0xff, (sizes.eax >> 8) & 0xff);
    }
    return sb.length();
}
