#pragma once

// Process credentials. The sandbox starts as root inside, with no host privilege: the
// ids and capabilities here are the guest's view only and grant nothing on the host.

#include "kernel/base/Types.h"

constexpr u32 NGROUPS_MAX = 65536;
// Supplementary groups kept per process; setgroups(2) beyond this fails with ENOMEM.
constexpr u32 CREDENTIALS_GROUPS_MAX = 256;
// CAP_LAST_CAP is 40: 41 capability bits.
constexpr u64 CREDENTIALS_FULL_CAPS = ~u64(0) >> 23;

struct Credentials {
    u32 uid { 0 };
    u32 euid { 0 };
    u32 suid { 0 };
    u32 fsuid { 0 };
    u32 gid { 0 };
    u32 egid { 0 };
    u32 sgid { 0 };
    u32 fsgid { 0 };
    u64 cap_effective { CREDENTIALS_FULL_CAPS };
    u64 cap_permitted { CREDENTIALS_FULL_CAPS };
    u64 cap_inheritable { 0 };
    u64 cap_bounding { CREDENTIALS_FULL_CAPS };
    // PR_SET_KEEPCAPS: keep permitted capabilities when all uids leave 0.
    bool keep_caps { false };
    u32 group_count { 0 };
    u32 groups[CREDENTIALS_GROUPS_MAX] {};

    bool capable(int cap) const { return (cap_effective >> cap) & 1; }
    // Whether files of group `gid` count as this process's group (in_group_p): the
    // filesystem gid or a supplementary group.
    bool in_group(u32 gid) const
    {
        if (fsgid == gid)
            return true;
        for (u32 i = 0; i < group_count; ++i) {
            if (groups[i] == gid)
                return true;
        }
        return false;
    }
};
