#pragma once

// open(2), fcntl(2) and *at(2) constants.

#include "kernel/base/Types.h"

constexpr int O_ACCMODE = 03;
constexpr int O_RDONLY = 00;
constexpr int O_WRONLY = 01;
constexpr int O_RDWR = 02;
constexpr int O_CREAT = 0100;
constexpr int O_EXCL = 0200;
constexpr int O_NOCTTY = 0400;
constexpr int O_TRUNC = 01000;
constexpr int O_APPEND = 02000;
constexpr int O_NONBLOCK = 04000;
constexpr int O_DSYNC = 010000;
constexpr int O_ASYNC = 020000;
constexpr int O_DIRECT = 040000;
constexpr int O_LARGEFILE = 0100000;
constexpr int O_DIRECTORY = 0200000;
constexpr int O_NOFOLLOW = 0400000;
constexpr int O_NOATIME = 01000000;
constexpr int O_CLOEXEC = 02000000;
constexpr int O_SYNC = 04010000;
constexpr int O_PATH = 010000000;
constexpr int O_TMPFILE = 020200000;

constexpr int AT_FDCWD = -100;
constexpr int AT_SYMLINK_NOFOLLOW = 0x100;
constexpr int AT_EACCESS = 0x200;
constexpr int AT_REMOVEDIR = 0x200;
constexpr int AT_SYMLINK_FOLLOW = 0x400;
constexpr int AT_NO_AUTOMOUNT = 0x800;
constexpr int AT_EMPTY_PATH = 0x1000;
constexpr int AT_STATX_SYNC_TYPE = 0x6000;

constexpr int F_DUPFD = 0;
constexpr int F_GETFD = 1;
constexpr int F_SETFD = 2;
constexpr int F_GETFL = 3;
constexpr int F_SETFL = 4;
constexpr int F_GETLK = 5;
constexpr int F_SETLK = 6;
constexpr int F_SETLKW = 7;
constexpr int F_DUPFD_CLOEXEC = 1030;
constexpr int FD_CLOEXEC = 1;

constexpr int R_OK = 4;
constexpr int W_OK = 2;
constexpr int X_OK = 1;
constexpr int F_OK = 0;

constexpr int SEEK_SET = 0;
constexpr int SEEK_CUR = 1;
constexpr int SEEK_END = 2;
constexpr int SEEK_DATA = 3;
constexpr int SEEK_HOLE = 4;

constexpr int PATH_MAX = 4096;
constexpr int NAME_MAX = 255;

// Linux dirent64 as returned by getdents64(2).
struct linux_dirent64 {
    u64 d_ino;
    i64 d_off;
    u16 d_reclen;
    u8 d_type;
    char d_name[];
};

constexpr u8 DT_UNKNOWN = 0;
constexpr u8 DT_FIFO = 1;
constexpr u8 DT_CHR = 2;
constexpr u8 DT_DIR = 4;
constexpr u8 DT_BLK = 6;
constexpr u8 DT_REG = 8;
constexpr u8 DT_LNK = 10;
constexpr u8 DT_SOCK = 12;

struct linux_open_how {
    u64 flags;
    u64 mode;
    u64 resolve;
};
constexpr u64 RESOLVE_NO_XDEV = 0x01;
constexpr u64 RESOLVE_NO_MAGICLINKS = 0x02;
constexpr u64 RESOLVE_NO_SYMLINKS = 0x04;
constexpr u64 RESOLVE_BENEATH = 0x08;
constexpr u64 RESOLVE_IN_ROOT = 0x10;
constexpr u64 RESOLVE_CACHED = 0x20;
