// /proc/PID/stat, statm and status, in Linux 6.x's formats. Memory figures come from the
// guest's own map (as /proc/PID/maps shows it) and the host's residency of those pages;
// times and context switches from the host's accounting of the host process or thread.

#include "kernel/Kernel.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/entry/EntryState.h"
#include "kernel/fs/procfs/ProcPidFiles.h"
#include "kernel/fs/procfs/ProcSnapshot.h"
#include "kernel/fs/sysfs/CpuSet.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/task/FdTable.h"
#include "kernel/task/FsContext.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {

// Page counts of a process's mappings, Linux's mm counters as far as they can be known.
struct MemorySummary {
    u64 total { 0 };
    u64 exec { 0 };
    u64 text { 0 };
    u64 stack { 0 };
    u64 data { 0 };
    u64 locked { 0 };
    u64 rss_anon { 0 };
    u64 rss_file { 0 };
    u64 start_code { 0 };
    u64 end_code { 0 };
};

constexpr usize RESIDENCY_CHUNK = 4096;

u64 resident_pages(AddressSpace& space, u64 start, u64 end, u8* vec)
{
    u64 resident = 0;
    for (u64 at = start; at < end; at += RESIDENCY_CHUNK * PAGE_SIZE) {
        u64 pages = (end - at) / PAGE_SIZE;
        if (pages > RESIDENCY_CHUNK)
            pages = RESIDENCY_CHUNK;
        if (space.residency(at, pages, vec).is_error())
            return resident;
        for (u64 i = 0; i < pages; ++i)
            resident += vec[i] & 1;
    }
    return resident;
}

// Adds one line of the rendered maps to the summary. The executable is the file of the
// first file mapping, which is where the loader places it.
void account_line(StringView line, MemorySummary& m, StringView& exe_name, AddressSpace& space, u8* vec)
{
    usize pos = 0;
    u64 start = parse_hex(line, pos);
    ++pos;
    u64 end = parse_hex(line, pos);
    if (line.size() < pos + 5)
        return;
    StringView perms = line.substr(pos + 1, 4);
    // The name starts after the inode field and its padding.
    usize field = 0;
    for (; pos < line.size() && field < 5; ++pos) {
        if (line[pos] == ' ' && (pos + 1 >= line.size() || line[pos + 1] != ' '))
            ++field;
    }
    StringView name = field == 5 ? line.substr(pos) : StringView();
    if (name == "[vsyscall]")
        return;
    u64 pages = (end - start) / PAGE_SIZE;
    bool writable = perms[1] == 'w', exec = perms[2] == 'x', shared = perms[3] == 's';
    bool is_stack = name == "[stack]";
    bool is_file = !name.empty() && name[0] == '/';
    m.total += pages;
    if (is_stack)
        m.stack += pages;
    else if (writable && !shared)
        m.data += pages;
    else if (exec)
        m.exec += pages;
    if (is_file && exe_name.empty())
        exe_name = name;
    if (exec && is_file && name == exe_name) {
        m.text += pages;
        if (!m.start_code)
            m.start_code = start;
        m.end_code = end;
    }
    if (perms.starts_with("---"))
        return;
    u64 resident = resident_pages(space, start, end, vec);
    (is_file ? m.rss_file : m.rss_anon) += resident;
}

MemorySummary summarize(Process& process)
{
    MemorySummary m;
    usize capacity = PROC_SNAPSHOT_MAX + RESIDENCY_CHUNK;
    auto* text = static_cast<char*>(arena().allocate(capacity));
    if (!text)
        return m;
    StringBuilder sb(text, PROC_SNAPSHOT_MAX);
    process.address_space().format_maps(sb);
    StringView maps = sb.view();
    StringView exe_name;
    u8* vec = reinterpret_cast<u8*>(text + PROC_SNAPSHOT_MAX);
    for (usize begin = 0; begin < maps.size();) {
        usize end = maps.find('\n', begin);
        account_line(maps.substr(begin, end - begin), m, exe_name, process.address_space(), vec);
        begin = end + 1;
    }
    arena().deallocate(text, capacity);
    return m;
}

u64 ticks(const linux_timeval& tv) { return u64(tv.tv_sec) * 100 + u64(tv.tv_usec) / 10000; }

// Signals a process ignores and catches, bit N-1 for signal N.
void signal_dispositions(Process& process, u64& ignored, u64& caught)
{
    ignored = caught = 0;
    MutexLocker locker(process.lock());
    for (int sig = 1; sig <= NSIG; ++sig) {
        u64 handler = process.signal_action(sig).handler;
        if (handler == SIG_IGN)
            ignored |= u64(1) << (sig - 1);
        else if (handler != SIG_DFL)
            caught |= u64(1) << (sig - 1);
    }
}

// Linux's fdtable size: 64 slots, then 128 times a power of two.
int fd_table_size(Process& process)
{
    int highest = -1;
    process.fds().for_each([&](int fd, OpenFile*) { highest = fd; });
    if (highest < 64)
        return 64;
    int groups = (highest + 1) / 128 + 1;
    int size = 1;
    while (size < groups)
        size *= 2;
    return size * 128;
}

Thread& calling_thread() { return *current_entry().thread; }

void append_kb(StringBuilder& sb, const char* name, u64 pages)
{
    sb.appendf("%s:\t", name);
    sb.append_unsigned(pages * (PAGE_SIZE / 1024), 10, 8);
    sb.append(" kB\n");
}

}

void proc_render_stat(const ProcFs& fs, Process& process, int tid, StringBuilder& sb)
{
    MemorySummary m = summarize(process);
    linux_rusage usage {};
    (void)platform::getrusage(tid ? RUSAGE_THREAD : RUSAGE_SELF, &usage);
    u64 ignored, caught;
    signal_dispositions(process, ignored, caught);
    u32 cpu = 0, node = 0;
    (void)platform::getcpu(&cpu, &node);
    u64 rss_limit;
    {
        MutexLocker locker(process.lock());
        rss_limit = process.rlimits().limits[RLIMIT_RSS].rlim_cur;
    }
    // PF_RANDOMIZE, which every process without ADDR_NO_RANDOMIZE has.
    constexpr u32 PF_RANDOMIZE = 0x00400000;
    // Fields 1-21: identity, faults, times, priority; 22-34: start, memory, signals;
    // 35-52: scheduling and the layout of the process's memory. The start time is the
    // sandbox's (FIXME: per process once processes record theirs), and startstack is the
    // auxiliary vector's address, just above where Linux's (argc) would be.
    // Deviation: start_data and end_data are 0; the kernel does not record them.
    sb.appendf("%d (%s) R %d %d %d 0 -1 %u %ld 0 %ld 0 %lu %lu 0 0 %d %d 1 0 ", tid ? tid : process.pid(), process.comm(),
        process.ppid(), process.pgid(), process.sid(), PF_RANDOMIZE, usage.ru_minflt, usage.ru_majflt, ticks(usage.ru_utime),
        ticks(usage.ru_stime), 20 + process.nice(), process.nice());
    sb.appendf("%lu %lu %lu %lu %lu %lu %lu 0 0 %lu %lu %lu %lu ", fs.boot_ticks(), m.total * PAGE_SIZE, m.rss_anon + m.rss_file,
        rss_limit, m.start_code, m.end_code, process.auxv_start, process.pending_signals(), calling_thread().signal_mask(), ignored,
        caught);
    sb.appendf("0 0 0 17 %u %d %d 0 0 0 0 0 %lu %lu %lu %lu %lu 0\n", cpu, process.sched_priority(), process.sched_policy(),
        process.address_space().brk_start(), process.arg_start, process.arg_end, process.env_start, process.env_end);
}

void proc_render_statm(Process& process, StringBuilder& sb)
{
    MemorySummary m = summarize(process);
    sb.appendf("%lu %lu %lu %lu 0 %lu 0\n", m.total, m.rss_anon + m.rss_file, m.rss_file, m.text, m.data + m.stack);
}

void proc_render_status(Process& process, int tid, StringBuilder& sb)
{
    Credentials c;
    u64 sigpending_limit;
    {
        MutexLocker locker(process.lock());
        c = process.credentials();
        sigpending_limit = process.rlimits().limits[RLIMIT_SIGPENDING].rlim_cur;
    }
    int id = tid ? tid : process.pid();
    sb.appendf("Name:\t%s\nUmask:\t%04o\nState:\tR (running)\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
        process.comm(), process.fs().umask(), process.pid(), id, process.ppid());
    sb.appendf("Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t", c.uid, c.euid, c.suid, c.fsuid, c.gid, c.egid,
        c.sgid, c.fsgid, fd_table_size(process));
    for (u32 i = 0; i < c.group_count; ++i)
        sb.appendf(i ? " %u" : "%u", c.groups[i]);
    sb.appendf(" \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\nKthread:\t0\n", process.pid(), id, process.pgid(),
        process.sid());

    MemorySummary m = summarize(process);
    u64 rss = m.rss_anon + m.rss_file;
    append_kb(sb, "VmPeak", m.total);
    append_kb(sb, "VmSize", m.total);
    append_kb(sb, "VmLck", m.locked);
    append_kb(sb, "VmPin", 0);
    append_kb(sb, "VmHWM", rss);
    append_kb(sb, "VmRSS", rss);
    append_kb(sb, "RssAnon", m.rss_anon);
    append_kb(sb, "RssFile", m.rss_file);
    append_kb(sb, "RssShmem", 0);
    append_kb(sb, "VmData", m.data);
    append_kb(sb, "VmStk", m.stack);
    append_kb(sb, "VmExe", m.text);
    append_kb(sb, "VmLib", m.exec > m.text ? m.exec - m.text : 0);
    // One page of page table per 2 MiB mapped, roughly what the host spends.
    append_kb(sb, "VmPTE", (m.total + 511) / 512);
    append_kb(sb, "VmSwap", 0);
    append_kb(sb, "HugetlbPages", 0);
    sb.appendf("CoreDumping:\t0\nTHP_enabled:\t1\nuntag_mask:\t0xffffffffffffffff\nThreads:\t1\nSigQ:\t0/%lu\n", sigpending_limit);

    u64 ignored, caught;
    signal_dispositions(process, ignored, caught);
    sb.appendf("SigPnd:\t%016lx\nShdPnd:\t%016lx\nSigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", u64(0),
        process.pending_signals(), calling_thread().signal_mask(), ignored, caught);
    sb.appendf("CapInh:\t%016lx\nCapPrm:\t%016lx\nCapEff:\t%016lx\nCapBnd:\t%016lx\nCapAmb:\t%016lx\n", c.cap_inheritable,
        c.cap_permitted, c.cap_effective, c.cap_bounding, u64(0));
    sb.appendf("NoNewPrivs:\t%d\nSeccomp:\t0\nSeccomp_filters:\t0\nSpeculation_Store_Bypass:\tvulnerable\n"
               "SpeculationIndirectBranch:\talways enabled\n",
        calling_thread().no_new_privs() ? 1 : 0);

    CpuSet cpus = online_cpus();
    sb.append("Cpus_allowed:\t");
    format_cpu_mask(sb, cpus, cpus.limit());
    sb.append("\nCpus_allowed_list:\t");
    format_cpu_list(sb, cpus);
    // One memory node, reported over MAX_NUMNODES (1024) bits as distribution kernels do.
    CpuSet nodes;
    nodes.bits[0] = 1;
    sb.append("\nMems_allowed:\t");
    format_cpu_mask(sb, nodes, 1024);
    linux_rusage usage {};
    (void)platform::getrusage(tid ? RUSAGE_THREAD : RUSAGE_SELF, &usage);
    sb.appendf("\nMems_allowed_list:\t0\nvoluntary_ctxt_switches:\t%ld\nnonvoluntary_ctxt_switches:\t%ld\n", usage.ru_nvcsw,
        usage.ru_nivcsw);
}
