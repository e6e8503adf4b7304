// The system-wide files of procfs: meminfo, stat, uptime, loadavg, version, filesystems
// and the sys/ files. Figures come from the host's sysinfo(2) and clocks, so that they
// agree with what sysinfo(2), uname(2) and sched_getaffinity(2) tell the guest; nothing
// names the host (the host name is the sandbox's, "cell").

#include "kernel/Kernel.h"
#include "kernel/abi/System.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/procfs/ProcFs.h"
#include "kernel/fs/sysfs/CpuSet.h"
#include "kernel/task/Credentials.h"
#include "kernel/task/Rlimits.h"
#include "platform/Platform.h"

namespace {

// Linux's default fs.pipe-max-size.
constexpr u64 PIPE_MAX_SIZE = 1048576;

u64 to_kb(u64 units, u32 unit) { return units * (unit ? unit : 1) / 1024; }

// The host's memory in KiB, which the sys/ limits derive from as Linux's do.
u64 total_ram_kb()
{
    linux_sysinfo info {};
    (void)platform::sysinfo(&info);
    return to_kb(info.totalram, info.mem_unit);
}

// One meminfo line: the name padded to 16 columns, the value to 8, as show_val_kb() does.
void meminfo_line(StringBuilder& sb, const char* name, u64 kb)
{
    sb.append(name);
    sb.append(':');
    for (usize n = cstr_length(name) + 1; n < 16; ++n)
        sb.append(' ');
    sb.append_unsigned(kb, 10, 8);
    sb.append(" kB\n");
}

void format_meminfo(StringBuilder& sb)
{
    linux_sysinfo info {};
    (void)platform::sysinfo(&info);
    u64 total = to_kb(info.totalram, info.mem_unit);
    u64 free = to_kb(info.freeram, info.mem_unit);
    u64 buffers = to_kb(info.bufferram, info.mem_unit);
    u64 shared = to_kb(info.sharedram, info.mem_unit);
    u64 swap_total = to_kb(info.totalswap, info.mem_unit);
    u64 swap_free = to_kb(info.freeswap, info.mem_unit);
    u64 used = total - free;
    // sysinfo(2) does not report the page cache; what is free and in buffers is what
    // is available.
    const struct {
        const char* name;
        u64 kb;
    } lines[] = {
        { "MemTotal", total }, { "MemFree", free }, { "MemAvailable", free + buffers }, { "Buffers", buffers },
        { "Cached", shared }, { "SwapCached", 0 }, { "Active", used / 2 }, { "Inactive", used - used / 2 },
        { "Active(anon)", used / 2 }, { "Inactive(anon)", used - used / 2 }, { "Active(file)", 0 }, { "Inactive(file)", 0 },
        { "Unevictable", 0 }, { "Mlocked", 0 }, { "SwapTotal", swap_total }, { "SwapFree", swap_free }, { "Zswap", 0 },
        { "Zswapped", 0 }, { "Dirty", 0 }, { "Writeback", 0 }, { "AnonPages", used }, { "Mapped", 0 }, { "Shmem", shared },
        { "KReclaimable", 0 }, { "Slab", 0 }, { "SReclaimable", 0 }, { "SUnreclaim", 0 }, { "KernelStack", 0 },
        { "PageTables", 0 }, { "SecPageTables", 0 }, { "NFS_Unstable", 0 }, { "Bounce", 0 }, { "WritebackTmp", 0 },
        { "CommitLimit", total / 2 + swap_total }, { "Committed_AS", used }, { "VmallocTotal", 34359738367 },
        { "VmallocUsed", 0 }, { "VmallocChunk", 0 }, { "Percpu", 0 }, { "AnonHugePages", 0 }, { "ShmemHugePages", 0 },
        { "ShmemPmdMapped", 0 }, { "FileHugePages", 0 }, { "FilePmdMapped", 0 },
    };
    for (const auto& line : lines)
        meminfo_line(sb, line.name, line.kb);
    sb.append("HugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\nHugePages_Surp:        0\n");
    meminfo_line(sb, "Hugepagesize", 2048);
    meminfo_line(sb, "Hugetlb", 0);
}

// CLOCK_BOOTTIME in hundredths of a second: the uptime sysinfo(2) reports, finer.
u64 uptime_centis()
{
    linux_timespec now {};
    (void)platform::clock_gettime(CLOCK_BOOTTIME, &now);
    return u64(now.tv_sec) * 100 + u64(now.tv_nsec) / 10000000;
}

// The guest has no per-CPU accounting: every online CPU shows its whole uptime as idle.
void format_stat(StringBuilder& sb)
{
    CpuSet cpus = online_cpus();
    u64 idle = uptime_centis();
    sb.appendf("cpu  0 0 0 %lu 0 0 0 0 0 0\n", idle * cpus.count());
    for (u32 cpu = 0; cpu < cpus.limit(); ++cpu) {
        if (cpus.contains(cpu))
            sb.appendf("cpu%u 0 0 0 %lu 0 0 0 0 0 0\n", cpu, idle);
    }
    linux_timespec now {};
    (void)platform::clock_gettime(CLOCK_REALTIME, &now);
    int processes;
    {
        MutexLocker locker(kernel_state().lock);
        processes = kernel_state().next_pid - 1;
    }
    sb.appendf("intr 0\nctxt 0\nbtime %lu\nprocesses %d\nprocs_running 1\nprocs_blocked 0\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
        u64(now.tv_sec) - idle / 100, processes);
}

void format_loadavg(StringBuilder& sb)
{
    linux_sysinfo info {};
    (void)platform::sysinfo(&info);
    for (u64 load : info.loads) {
        // fs/proc/loadavg.c's LOAD_INT and LOAD_FRAC of the 16-bit fixed-point loads.
        u64 rounded = load + (u64(1) << 16) / 200;
        sb.appendf("%lu.%02lu ", rounded >> 16, ((rounded & 0xffff) * 100) >> 16);
    }
    int last_pid;
    {
        MutexLocker locker(kernel_state().lock);
        last_pid = kernel_state().next_pid - 1;
    }
    sb.appendf("1/1 %d\n", last_pid);
}

void format_uuid(StringBuilder& sb)
{
    u8 id[16] {};
    (void)platform::getrandom(id, sizeof(id), 0);
    id[6] = u8((id[6] & 0x0f) | 0x40);
    id[8] = u8((id[8] & 0x3f) | 0x80);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            sb.append('-');
        sb.append_unsigned(id[i], 16, 2, '0');
    }
    sb.append('\n');
}

}

Result<usize> proc_generate_system_file(const ProcFs& fs, ProcKind kind, char* buffer, usize capacity)
{
    if (kind == ProcKind::CpuInfo)
        return proc_generate_cpuinfo(fs, buffer, capacity);
    StringBuilder sb(buffer, capacity);
    linux_new_utsname name {};
    switch (kind) {
    case ProcKind::MemInfo:
        format_meminfo(sb);
        break;
    case ProcKind::SysStat:
        format_stat(sb);
        break;
    case ProcKind::Uptime: {
        u64 up = uptime_centis();
        u64 idle = up * online_cpus().count();
        sb.appendf("%lu.%02lu %lu.%02lu\n", up / 100, up % 100, idle / 100, idle % 100);
        break;
    }
    case ProcKind::LoadAvg:
        format_loadavg(sb);
        break;
    case ProcKind::Version:
        (void)platform::uname(&name);
        sb.appendf("Linux version %s (cell@cell) (cell) %s\n", name.release, name.version);
        break;
    case ProcKind::FileSystems:
        sb.append("nodev\tsysfs\nnodev\ttmpfs\nnodev\tproc\nnodev\tdevtmpfs\nnodev\tpipefs\nnodev\tsockfs\nnodev\tdevpts\n"
                  "nodev\toverlay\nnodev\tmqueue\n");
        break;
    case ProcKind::Hostname:
        sb.append("cell\n");
        break;
    case ProcKind::OsRelease:
        (void)platform::uname(&name);
        sb.appendf("%s\n", name.release);
        break;
    case ProcKind::OsType:
        sb.append("Linux\n");
        break;
    case ProcKind::PidMax:
        sb.appendf("%d\n", PID_MAX);
        break;
    case ProcKind::BootId:
        sb.appendf("%s\n", fs.boot_id());
        break;
    case ProcKind::Uuid:
        format_uuid(sb);
        break;
    case ProcKind::CapLastCap:
        sb.appendf("%d\n", CAP_LAST_CAP);
        break;
    case ProcKind::NgroupsMax:
        sb.appendf("%u\n", NGROUPS_MAX);
        break;
    case ProcKind::OvercommitMemory:
        sb.append("0\n");
        break;
    case ProcKind::FileMax: {
        // Linux's files_maxfiles_init(): a tenth of memory in KiB, at least NR_FILE.
        u64 files = total_ram_kb() / 10;
        sb.appendf("%lu\n", files < 8192 ? 8192 : files);
        break;
    }
    case ProcKind::NrOpen:
        sb.appendf("%lu\n", SYSCTL_NR_OPEN);
        break;
    case ProcKind::PipeMaxSize:
        sb.appendf("%lu\n", PIPE_MAX_SIZE);
        break;
    case ProcKind::MaxMapCount:
        // Linux's default vm.max_map_count.
        sb.append("65530\n");
        break;
    case ProcKind::ThreadsMax: {
        // Linux's set_max_threads(): memory over eight 16 KiB kernel stacks per thread.
        u64 threads = total_ram_kb() / 128;
        sb.appendf("%lu\n", threads < 20 ? 20 : threads > 0x3fffffff ? 0x3fffffff : threads);
        break;
    }
    case ProcKind::EntropyAvail:
        // Since Linux 5.18 the pool always reports itself full.
        sb.append("256\n");
        break;
    default:
        return Errno::EINVAL;
    }
    return sb.length();
}
