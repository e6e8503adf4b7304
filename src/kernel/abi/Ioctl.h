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
