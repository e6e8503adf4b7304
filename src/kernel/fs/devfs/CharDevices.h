#pragma once

// Character devices by number, wherever their node lives: devfs, memfs, a hostfs bind
// or a root image. Opening a node reaches the kernel's own driver for its number, as
// Linux's character device table picks one: the memory devices (major 1), the terminal
// and the console (5:0, 5:1). Any other number has no driver here: ENXIO, as on Linux.

#include "kernel/vfs/OpenFile.h"

// Linux's majors: the memory devices, and /dev/tty, /dev/console and /dev/ptmx.
constexpr u32 MEM_MAJOR = 1;
constexpr u32 TTYAUX_MAJOR = 5;

Result<OpenFile*> open_char_device(const Path& path, int flags, u64 rdev);
