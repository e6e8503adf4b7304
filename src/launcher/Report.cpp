#include "launcher/Report.h"

#include <fmt/core.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <string>
#include <unistd.h>
#include <vector>

namespace cell {

namespace {

const char* syscall_name(uint32_t nr)
{
    static const char* names[SYSCALL_SLOTS] = {};
    static bool filled = false;
    if (!filled) {
#define SYSCALL(n, name, level, err, args, note) names[n] = #name;
#include "kernel/abi/syscalls.def"
#undef SYSCALL
        filled = true;
    }
    return nr < SYSCALL_SLOTS ? names[nr] : nullptr;
}

void print_stats(const BootReport& report)
{
    struct Row {
        uint32_t nr;
        SyscallStat stat;
    };
    std::vector<Row> rows;
    SyscallStat total {};
    for (uint32_t nr = 0; nr < SYSCALL_SLOTS; ++nr) {
        const auto& s = report.stats[nr];
        if (s.calls == 0)
            continue;
        rows.push_back({ nr, s });
        total.calls += s.calls;
        total.errors += s.errors;
        total.nanoseconds += s.nanoseconds;
    }
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.stat.nanoseconds != b.stat.nanoseconds ? a.stat.nanoseconds > b.stat.nanoseconds : a.stat.calls > b.stat.calls;
    });
    const char* rule = "------ ----------- ----------- --------- --------- ----------------";
    fmt::print(stderr, "% time     seconds  usecs/call     calls    errors syscall\n{}\n", rule);
    for (const auto& row : rows) {
        double share = total.nanoseconds ? 100.0 * double(row.stat.nanoseconds) / double(total.nanoseconds) : 0.0;
        const char* name = syscall_name(row.nr);
        std::string label = name ? name : fmt::format("syscall_{:#x}", row.nr);
        std::string errors = row.stat.errors ? fmt::format("{:>9}", row.stat.errors) : std::string(9, ' ');
        fmt::print(stderr, "{:6.2f} {:11.6f} {:11} {:9} {} {}\n", share, double(row.stat.nanoseconds) / 1e9,
            row.stat.nanoseconds / 1000 / row.stat.calls, row.stat.calls, errors, label);
    }
    fmt::print(stderr, "{}\n{:6.2f} {:11.6f} {:11} {:9} {:>9} total\n", rule, 100.0, double(total.nanoseconds) / 1e9,
        total.calls ? total.nanoseconds / 1000 / total.calls : 0, total.calls, total.errors);
    fmt::print(stderr, "ENOSYS results: {}\n", report.enosys_count);
}

// The startup time, split where the launcher and the kernel stamp it: the launcher's own
// work, then namespaces, confinement and the exec of the kernel image, then the kernel's
// boot up to the guest's first instruction.
void print_startup(const BootReport& report, const SandboxEnd& end, const RunOptions& options)
{
    if (!report.first_guest_ns || !options.start_ns || !end.spawn_ns)
        return;
    auto ms = [](uint64_t from, uint64_t to) { return double(to - from) / 1e6; };
    fmt::print(stderr,
        "startup: {:.3f} ms from `cell run` to the first guest instruction "
        "(launcher {:.3f}, sandbox and exec {:.3f}, kernel boot {:.3f})\n",
        ms(options.start_ns, report.first_guest_ns), ms(options.start_ns, end.spawn_ns), ms(end.spawn_ns, report.boot_ns),
        ms(report.boot_ns, report.first_guest_ns));
    if (report.exit_ns && end.reaped_ns > report.exit_ns)
        fmt::print(stderr, "exit: {:.3f} ms from the sandbox's exit to `cell` reaping it\n", ms(report.exit_ns, end.reaped_ns));
}

// What a shell prints for a child killed by `sig`: the signal's description, and nothing
// for SIGINT and SIGPIPE, which a user or a pipeline caused on purpose.
void print_signal_message(int sig, bool core)
{
    if (sig == SIGINT || sig == SIGPIPE)
        return;
    const char* text = strsignal(sig);
    fmt::print(stderr, "{}{}\n", text ? text : fmt::format("Signal {}", sig), core ? " (core dumped)" : "");
}

}

namespace {

// Ends the --trace output as strace does, with how guest pid 1 ended.
void trace_ending(int trace_fd, bool signaled, int value, bool core)
{
    if (trace_fd < 0)
        return;
    std::string line;
    if (signaled) {
        const char* abbrev = sigabbrev_np(value);
        std::string name = abbrev ? std::string("SIG") + abbrev : std::to_string(value);
        line = fmt::format("+++ killed by {}{} +++\n", name, core ? " (core dumped)" : "");
    } else {
        line = fmt::format("+++ exited with {} +++\n", value);
    }
    if (write(trace_fd, line.data(), line.size()) < 0) {
        // The trace file is best effort; the exit status still goes out.
    }
}

}

int report_outcome(const BootBlock& block, const SandboxEnd& end, const RunOptions& options)
{
    int host_status = end.host_status;
    int relayed_signal = end.relayed_signal;
    int trace_fd = end.trace_fd;
    const BootReport& report = block.report;
    auto outcome = static_cast<Outcome>(__atomic_load_n(&report.outcome, __ATOMIC_ACQUIRE));
    if (options.stats && outcome != Outcome::Failed) {
        print_stats(report);
        print_startup(report, end, options);
    }
    auto exited = [&](int code) {
        trace_ending(trace_fd, false, code, false);
        return code;
    };
    auto killed = [&](int sig, bool core) {
        trace_ending(trace_fd, true, sig, core);
        print_signal_message(sig, core);
        return 128 + sig;
    };
    switch (outcome) {
    case Outcome::Exited:
        return exited(report.exit_code & 0xff);
    case Outcome::Signaled:
        return killed(report.signal, report.core_dumped);
    case Outcome::Failed:
        fmt::print(stderr, "{}\n", std::string(report.message, strnlen(report.message, sizeof(report.message))));
        return report.exit_code;
    case Outcome::Running:
        break;
    }
    // The kernel ended without saying how: `cell` ended it for a signal, the host's
    // seccomp filter killed it, it was killed from outside, or it crashed early.
    if (relayed_signal && WIFSIGNALED(host_status) && WTERMSIG(host_status) == SIGKILL)
        return killed(relayed_signal, false);
    if (WIFSIGNALED(host_status) && WTERMSIG(host_status) == SIGSYS) {
        fmt::print(stderr,
            "cell: the sandbox's kernel made a host system call outside its seccomp allow-list "
            "(src/kernel/entry/Seccomp.def) and was killed\n");
        return 128 + SIGSYS;
    }
    if (WIFSIGNALED(host_status))
        return killed(WTERMSIG(host_status), WCOREDUMP(host_status));
    if (WIFEXITED(host_status))
        return exited(WEXITSTATUS(host_status));
    return 125;
}

}
