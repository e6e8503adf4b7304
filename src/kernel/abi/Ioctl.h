#pragma once

// ioctl(2) request numbers and the terminal structures they carry (x86-64).

#include "kernel/base/Types.h"

constexpr u64 TCGETS = 0x5401;
constexpr u64 TCSETS = 0x5402;
constexpr u64 TCSETSW = 0x5403;
constexpr u64 TCSETSF = 0x5404;
constexpr u64 TIOCSCTTY = 0x540E;
constexpr u64 TIOCGPGRP = 0x540F;
constexpr u64 TIOCSPGRP = 0x5410;
constexpr u64 TIOCGWINSZ = 0x5413;
constexpr u64 TIOCSWINSZ = 0x5414;
constexpr u64 FIONREAD = 0x541B;
constexpr u64 FIONBIO = 0x5421;
constexpr u64 TIOCNOTTY = 0x5422;
constexpr u64 FIONCLEX = 0x5450;
constexpr u64 FIOCLEX = 0x5451;
constexpr u64 FIOASYNC = 0x5452;
// Attribute flags (chattr): both sizes of request carry an int.
constexpr u64 FS_IOC_GETFLAGS = 0x80086601;
constexpr u64 FS_IOC_SETFLAGS = 0x40086602;
constexpr u64 FS_IOC32_GETFLAGS = 0x80046601;
constexpr u64 FS_IOC32_SETFLAGS = 0x40046602;
constexpr u32 FS_IMMUTABLE_FL = 0x10;
constexpr u32 FS_APPEND_FL = 0x20;
constexpr u32 FS_NODUMP_FL = 0x40;
constexpr u32 FS_NOATIME_FL = 0x80;
// Reflinks: FICLONE's argument is the source fd, FICLONERANGE's a struct that starts
// with it (an s64).
constexpr u64 FICLONE = 0x40049409;
constexpr u64 FICLONERANGE = 0x4020940d;
// The filesystem's block size (st_blksize), as an int.
constexpr u64 FIGETBSZ = 2;
// The bytes a file, directory or symlink occupies (st_blocks * 512), as a loff_t.
constexpr u64 FIOQSIZE = 0x5460;
// The attribute flags as struct fsxattr's fsx_xflags (FS_XFLAG_*).
constexpr u64 FS_IOC_FSGETXATTR = 0x801c581f;
constexpr u64 FS_IOC_FSSETXATTR = 0x401c5820;
constexpr u32 FS_SYNC_FL = 0x8;
constexpr u32 FS_XFLAG_IMMUTABLE = 0x8;
constexpr u32 FS_XFLAG_APPEND = 0x10;
constexpr u32 FS_XFLAG_SYNC = 0x20;
constexpr u32 FS_XFLAG_NOATIME = 0x40;
constexpr u32 FS_XFLAG_NODUMP = 0x80;

struct linux_fsxattr {
    u32 fsx_xflags;
    u32 fsx_extsize;
    u32 fsx_nextents;
    u32 fsx_projid;
    u32 fsx_cowextsize;
    u8 fsx_pad[8];
};
static_assert(sizeof(linux_fsxattr) == 28);

// The kernel's struct termios (not glibc's larger one).
struct linux_termios {
    u32 c_iflag;
    u32 c_oflag;
    u32 c_cflag;
    u32 c_lflag;
    u8 c_line;
    u8 c_cc[19];
};
static_assert(sizeof(linux_termios) == 36);

struct linux_winsize {
    u16 ws_row;
    u16 ws_col;
    u16 ws_xpixel;
    u16 ws_ypixel;
};
static_assert(sizeof(linux_winsize) == 8);
