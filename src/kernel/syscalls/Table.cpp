#include "kernel/Kernel.h"
#include "kernel/syscalls/Dispatch.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/syscalls/Trace.h"
#include "platform/Platform.h"

namespace {

struct Table {
    SyscallEntry rows[SYSCALL_TABLE_SIZE];
};

#define HANDLER_FULL(name) &syscall_thunk<&sys_##name>
#define HANDLER_PARTIAL(name) &syscall_thunk<&sys_##name>
#define HANDLER_NONE(name) nullptr

constexpr Table build_table()
{
    Table t {};
#define SYSCALL(nr, name, level, err, args, note) \
    t.rows[nr] = { #name, HANDLER_##level(name), SupportLevel::level, i32(Errno::err), args, note };
#include "kernel/abi/syscalls.def"
#undef SYSCALL
    return t;
}

constinit const Table s_table = build_table();

constexpr u64 NR_EXIT = 60;
constexpr u64 NR_EXIT_GROUP = 231;

void account(u64 nr, u64 result, u64 started)
{
    auto& report = kernel_config().boot->report;
    u64 slot = nr < cell::SYSCALL_SLOTS ? nr : cell::SYSCALL_SLOTS - 1;
    auto& stat = report.stats[slot];
    __atomic_fetch_add(&stat.calls, 1, __ATOMIC_RELAXED);
    if (i64(result) < 0 && i64(result) > -4096) {
        __atomic_fetch_add(&stat.errors, 1, __ATOMIC_RELAXED);
        if (i64(result) == -i64(Errno::ENOSYS))
            __atomic_fetch_add(&report.enosys_count, 1, __ATOMIC_RELAXED);
    }
    if (started)
        __atomic_fetch_add(&stat.nanoseconds, platform::monotonic_ns() - started, __ATOMIC_RELAXED);
}

}

const SyscallEntry* syscall_entry(u64 nr)
{
    if (nr >= SYSCALL_TABLE_SIZE || !s_table.rows[nr].name)
        return nullptr;
    return &s_table.rows[nr];
}

u64 syscall_dispatch(Thread& thread, u64 nr, const SyscallArgs& args)
{
    auto& config = kernel_config();
    const SyscallEntry* entry = syscall_entry(nr);
    bool tracing = config.trace_fd >= 0;
    u64 started = config.stats ? platform::monotonic_ns() : 0;

    if (tracing && (nr == NR_EXIT || nr == NR_EXIT_GROUP))
        trace_syscall(thread, nr, entry, args, 0, false);
    if (config.stats && (nr == NR_EXIT || nr == NR_EXIT_GROUP))
        account(nr, 0, 0);

    u64 result;
    if (!entry)
        result = u64(-i64(Errno::ENOSYS));
    else if (entry->thunk)
        result = entry->thunk(thread, args);
    else
        result = u64(-i64(entry->error));

    if (tracing)
        trace_syscall(thread, nr, entry, args, result, true);
    if (config.stats)
        account(nr, result, started);
    return result;
}
