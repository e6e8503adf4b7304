#pragma once

// The launcher's seccomp filter: the host calls of src/kernel/entry/Seccomp.def with
// scope KERNEL or BOOT, so that the first sandbox process can still exec the kernel image,
// which then stacks its own filter to take the BOOT rows away (kernel/entry/Seccomp.h).

namespace cell {

// Installs the filter on the calling thread. Preconditions: no_new_privs is set. Returns
// false after printing a message.
bool install_launcher_seccomp_filter();

}
