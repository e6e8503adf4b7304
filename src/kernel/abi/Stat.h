#pragma once

// struct stat (x86-64), struct statx and the S_IF* mode bits.

#include "kernel/base/Types.h"

struct linux_stat {
    u64 st_dev;
    u64 st_ino;
    u64 st_nlink;
    u32 st_mode;
    u32 st_uid;
    u32 st_gid;
    u32 pad0;
    u64 st_rdev;
    i64 st_size;
    i64 st_blksize;
    i64 st_blocks;
    u64 st_atime_sec;
    u64 st_atime_nsec;
    u64 st_mtime_sec;
    u64 st_mtime_nsec;
    u64 st_ctime_sec;
    u64 st_ctime_nsec;
    i64 unused[3];
};
static_assert(sizeof(linux_stat) == 144);

struct linux_statx_timestamp {
    i64 tv_sec;
    u32 tv_nsec;
    i32 reserved;
};

struct linux_statx {
    u32 stx_mask;
    u32 stx_blksize;
    u64 stx_attributes;
    u32 stx_nlink;
    u32 stx_uid;
    u32 stx_gid;
    u16 stx_mode;
    u16 spare0;
    u64 stx_ino;
    u64 stx_size;
    u64 stx_blocks;
    u64 stx_attributes_mask;
    linux_statx_timestamp stx_atime;
    linux_statx_timestamp stx_btime;
    linux_statx_timestamp stx_ctime;
    linux_statx_timestamp stx_mtime;
    u32 stx_rdev_major;
    u32 stx_rdev_minor;
    u32 stx_dev_major;
    u32 stx_dev_minor;
    u64 stx_mnt_id;
    u32 stx_dio_mem_align;
    u32 stx_dio_offset_align;
    u64 spare3[12];
};
static_assert(sizeof(linux_statx) == 256);

constexpr u32 S_IFMT = 0170000;
constexpr u32 S_IFSOCK = 0140000;
constexpr u32 S_IFLNK = 0120000;
constexpr u32 S_IFREG = 0100000;
constexpr u32 S_IFBLK = 0060000;
constexpr u32 S_IFDIR = 0040000;
constexpr u32 S_IFCHR = 0020000;
constexpr u32 S_IFIFO = 0010000;
constexpr u32 S_ISUID = 04000;
constexpr u32 S_ISGID = 02000;
constexpr u32 S_ISVTX = 01000;

constexpr u32 STATX_TYPE = 0x1;
constexpr u32 STATX_MODE = 0x2;
constexpr u32 STATX_NLINK = 0x4;
constexpr u32 STATX_UID = 0x8;
constexpr u32 STATX_GID = 0x10;
constexpr u32 STATX_ATIME = 0x20;
constexpr u32 STATX_MTIME = 0x40;
constexpr u32 STATX_CTIME = 0x80;
constexpr u32 STATX_INO = 0x100;
constexpr u32 STATX_SIZE = 0x200;
constexpr u32 STATX_BLOCKS = 0x400;
constexpr u32 STATX_BASIC_STATS = 0x7ff;
constexpr u32 STATX_BTIME = 0x800;
constexpr u32 STATX_MNT_ID = 0x1000;

// statx's stx_attributes bits.
constexpr u64 STATX_ATTR_IMMUTABLE = 0x10;
constexpr u64 STATX_ATTR_APPEND = 0x20;
constexpr u64 STATX_ATTR_NODUMP = 0x40;
constexpr u64 STATX_ATTR_AUTOMOUNT = 0x1000;
constexpr u64 STATX_ATTR_MOUNT_ROOT = 0x2000;
constexpr u64 STATX_ATTR_DAX = 0x200000;

constexpr u64 makedev(u32 major, u32 minor)
{
    return (u64(major & 0xfffff000) << 32) | (u64(major & 0xfff) << 8) | (u64(minor & 0xffffff00) << 12) | (minor & 0xff);
}
constexpr u32 dev_major(u64 dev) { return u32(((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff)); }
constexpr u32 dev_minor(u64 dev) { return u32(((dev >> 12) & 0xffffff00) | (dev & 0xff)); }
