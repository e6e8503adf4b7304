#include "kernel/entry/Seccomp.h"
#include "kernel/Kernel.h"
#include "kernel/base/Log.h"
#include "platform/Platform.h"

// Implements the kernel's half of the host confinement. The launcher's filter still
// allows execve (it had to exec this image) and seccomp; this one, stacked on top, allows
// only the calls the running kernel makes. Guest `syscall` instructions never reach
// seccomp: Syscall User Dispatch turns them into SIGSYS first.
Result<void> install_kernel_seccomp_filter()
{
    static linux_sock_filter filter[seccomp::FILTER_CAPACITY];
    usize len = seccomp::build_filter(filter, seccomp::Scope::KERNEL);
    linux_sock_fprog program { u16(len), filter };
    TRY(platform::seccomp(seccomp::SECCOMP_SET_MODE_FILTER, 0, &program));
    klog("boot: seccomp filter of %lu instructions", len);
    return {};
}
