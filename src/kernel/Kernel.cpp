#include "kernel/Kernel.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Log.h"
#include "platform/Platform.h"


namespace {
KernelConfig s_config;

void publish(cell::Outcome outcome)
{
    auto* report = &s_config.boot->report;
    __atomic_store_n(&report->outcome, static_cast<u32>(outcome), __ATOMIC_RELEASE);
}
}

KernelConfig& kernel_config() { return s_config; }

KernelState& kernel_state() { return *static_cast<KernelState*>(arena().root()); }

void sandbox_exit(int status)
{
    if (s_config.boot) {
        s_config.boot->report.exit_ns = platform::monotonic_ns();
        s_config.boot->report.exit_code = status & 0xff;
        publish(cell::Outcome::Exited);
    }
    klog("sandbox: exit %d, arena %lu KiB used of %lu KiB committed", status & 0xff, arena().used() / 1024,
        arena().committed() / 1024);
    platform::exit_group(status & 0xff);
}

void sandbox_killed(int signal, bool core_dumped)
{
    if (s_config.boot) {
        s_config.boot->report.exit_ns = platform::monotonic_ns();
        s_config.boot->report.signal = signal;
        s_config.boot->report.core_dumped = core_dumped;
        publish(cell::Outcome::Signaled);
    }
    klog("sandbox: killed by signal %d", signal);
    platform::exit_group(128 + signal);
}

void sandbox_fail(int exit_code, const char* fmt, ...)
{
    if (s_config.boot) {
        auto& report = s_config.boot->report;
        StringBuilder sb(report.message, sizeof(report.message));
        va_list args;
        va_start(args, fmt);
        sb.vappendf(fmt, args);
        va_end(args);
        sb.c_str();
        report.exit_code = exit_code;
        klog("sandbox: failed: %s", report.message);
        publish(cell::Outcome::Failed);
    }
    platform::exit_group(exit_code);
}
