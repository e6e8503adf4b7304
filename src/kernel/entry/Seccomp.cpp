#include "kernel/entry/Seccomp.h"
#include "kernel/Kernel.h"
#include "kernel/base/Log.h"
#include "platform/Platform.h"

// Implements the kernel's half of the host confinement. The launcher's filter still
// allows execve (it had to exec this image), seccomp, setns and capset; this one, stacked
// on top, takes those away, so that together they allow only the calls the running kernel
// makes. Guest `syscall` instructions never reach seccomp: Syscall User Dispatch turns
// them into SIGSYS first.
Result<void> install_kernel_seccomp_filter()
{
    static constexpr seccomp::Filter filter = seccomp::kernel_filter();
    linux_sock_fprog program { u16(filter.length), filter.insns };
    TRY(platform::seccomp(seccomp::SECCOMP_SET_MODE_FILTER, 0, &program));
    klog("boot: seccomp filter of %lu instructions", filter.length);
    return {};
}
