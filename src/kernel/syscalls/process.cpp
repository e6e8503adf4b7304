// Process identity and lifetime: exit, exit_group, the get*id family, arch_prctl.

#include "kernel/Kernel.h"
#include "kernel/base/Layout.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {
constexpr int ARCH_SET_GS = 0x1001;
constexpr int ARCH_SET_FS = 0x1002;
constexpr int ARCH_GET_FS = 0x1003;
constexpr int ARCH_GET_GS = 0x1004;
}

// Implements exit(2). FIXME: with one thread per process for now, this ends the process.
Result<u64> sys_exit(Thread& thread, int status)
{
    return sys_exit_group(thread, status);
}

// Implements exit_group(2).
Result<u64> sys_exit_group(Thread& thread, int status)
{
    if (thread.process().pid() == 1)
        sandbox_exit(status);
    platform::exit_group(status);
}

Result<u64> sys_getpid(Thread& thread) { return u64(thread.process().pid()); }
Result<u64> sys_gettid(Thread& thread) { return u64(thread.tid()); }
Result<u64> sys_getppid(Thread& thread) { return u64(thread.process().ppid()); }

// Implements set_tid_address(2).
Result<u64> sys_set_tid_address(Thread& thread, u64 tidptr)
{
    thread.set_clear_child_tid(tidptr);
    return u64(thread.tid());
}

// Implements arch_prctl(2). The FS and GS bases are the host thread's own registers.
Result<u64> sys_arch_prctl(Thread&, int code, u64 address)
{
    switch (code) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
        if (address >= layout::TASK_SIZE)
            return Errno::EPERM;
        return platform::arch_prctl(code, address);
    case ARCH_GET_FS:
    case ARCH_GET_GS: {
        u64 value = 0;
        TRY(platform::arch_prctl(code, u64(&value)));
        TRY(copy_out(UserPtr<u64>(address), value));
        return u64(0);
    }
    default:
        return Errno::EINVAL;
    }
}
