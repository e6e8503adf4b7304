#pragma once

// Process credentials. The sandbox starts as root inside, with no host privilege.

#include "kernel/base/Types.h"

struct Credentials {
    u32 uid { 0 };
    u32 euid { 0 };
    u32 suid { 0 };
    u32 fsuid { 0 };
    u32 gid { 0 };
    u32 egid { 0 };
    u32 sgid { 0 };
    u32 fsgid { 0 };
    u64 cap_effective { ~u64(0) >> 23 }; // CAP_LAST_CAP is 40
    u64 cap_permitted { ~u64(0) >> 23 };
};
