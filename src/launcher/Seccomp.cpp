#include "launcher/Seccomp.h"
#include "kernel/entry/Seccomp.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <sys/syscall.h>
#include <unistd.h>

namespace cell {

// Build hosts with uapi headers older than Linux 6.6 lack this number.
#ifndef __NR_fchmodat2
#define __NR_fchmodat2 452
#endif

// The table's numbers are written out by hand so that the kernel needs no host header;
// here they are checked against the host's.
#define HOST_SYSCALL(nr, name, scope) static_assert(nr == __NR_##name, "entry/Seccomp.def: wrong number for " #name);
#include "kernel/entry/Seccomp.def"
#undef HOST_SYSCALL

bool install_launcher_seccomp_filter()
{
    static constexpr seccomp::Filter filter = seccomp::launcher_filter();
    linux_sock_fprog program { static_cast<uint16_t>(filter.length), filter.insns };
    if (syscall(SYS_seccomp, seccomp::SECCOMP_SET_MODE_FILTER, 0, &program) != 0) {
        fmt::print(stderr, "cell: cannot install the seccomp filter: {}\n", strerror(errno));
        return false;
    }
    return true;
}

}
