#pragma once

// struct statfs (x86-64) and the filesystem magic numbers and ST_* flags it reports.

#include "kernel/base/Types.h"

struct linux_statfs {
    i64 f_type;
    i64 f_bsize;
    u64 f_blocks;
    u64 f_bfree;
    u64 f_bavail;
    u64 f_files;
    u64 f_ffree;
    i32 f_fsid[2];
    i64 f_namelen;
    i64 f_frsize;
    i64 f_flags;
    i64 f_spare[4];
};
static_assert(sizeof(linux_statfs) == 120);

constexpr i64 TMPFS_MAGIC = 0x01021994;
constexpr i64 PROC_SUPER_MAGIC = 0x9fa0;

constexpr i64 ST_RDONLY = 0x0001;
constexpr i64 ST_NOSUID = 0x0002;
constexpr i64 ST_NODEV = 0x0004;
constexpr i64 ST_NOEXEC = 0x0008;
constexpr i64 ST_SYNCHRONOUS = 0x0010;
constexpr i64 ST_VALID = 0x0020;
constexpr i64 ST_MANDLOCK = 0x0040;
constexpr i64 ST_NOATIME = 0x0400;
constexpr i64 ST_NODIRATIME = 0x0800;
constexpr i64 ST_RELATIME = 0x1000;
constexpr i64 ST_NOSYMFOLLOW = 0x2000;
