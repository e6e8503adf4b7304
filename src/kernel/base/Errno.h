#pragma once

// Linux errno numbers as a type, plus the names and messages used by --trace.

#include "kernel/abi/errno_undef.h"
#include "kernel/base/Types.h"

enum class Errno : i32 {
#define ERRNO(n, name, msg) name = n,
#include "kernel/abi/errno.def"
#undef ERRNO
    // Kernel-internal: the syscall was interrupted and is restarted when SA_RESTART allows.
    // Never returned to the guest.
    ERESTARTSYS = 512,
};

// Returns "ENOENT" for Errno::ENOENT, or nullptr for an unknown value.
const char* errno_name(i32 err);
// Returns "No such file or directory" for ENOENT, or nullptr for an unknown value.
const char* errno_message(i32 err);
