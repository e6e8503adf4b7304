#include "kernel/syscalls/Trace.h"
#include "kernel/Kernel.h"
#include "kernel/base/Format.h"
#include "kernel/base/Log.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "kernel/syscalls/TraceArgs.h"

void trace_syscall(Thread& thread, u64 nr, const SyscallEntry* entry, const SyscallArgs& args, u64 result, bool returned)
{
    char buffer[2048];
    StringBuilder sb(buffer, sizeof(buffer) - 1);
    if (thread.process().pid() != 1 || thread.tid() != 1)
        sb.appendf("[pid %d] ", thread.tid());
    if (entry) {
        sb.append(entry->name);
        sb.append('(');
        trace_format_args(sb, entry->args, args, result, returned);
        sb.append(')');
    } else {
        sb.appendf("syscall_%#lx(", nr);
        for (int i = 0; i < 6; ++i)
            sb.appendf(i ? ", 0x%lx" : "0x%lx", args.a[i]);
        sb.append(')');
    }
    if (!returned) {
        sb.append(" = ?");
    } else if (i64(result) < 0 && i64(result) > -4096) {
        i32 err = i32(-i64(result));
        const char* name = errno_name(err);
        const char* message = errno_message(err);
        sb.appendf(" = -1 %s (%s)", name ? name : "E?", message ? message : "Unknown error");
    } else {
        sb.append(" = ");
        trace_format_result(sb, nr, args, result);
    }
    sb.append('\n');
    write_all(kernel_config().trace_fd, buffer, sb.length());
}

void trace_initial_exec(const char* path, const char* const* argv, u32 argc, u32 envc, u64 envp)
{
    if (kernel_config().trace_fd < 0)
        return;
    char buffer[2048];
    StringBuilder sb(buffer, sizeof(buffer) - 1);
    auto quoted = [&](const char* s) {
        sb.append('"');
        sb.append_escaped(reinterpret_cast<const u8*>(s), StringView(s).size(), 256);
        sb.append('"');
    };
    sb.append("execve(");
    quoted(path);
    sb.append(", [");
    for (u32 i = 0; i < argc; ++i) {
        if (i)
            sb.append(", ");
        quoted(argv[i]);
    }
    sb.appendf("], %#lx /* %u vars */) = 0\n", envp, envc);
    write_all(kernel_config().trace_fd, buffer, sb.length());
}
