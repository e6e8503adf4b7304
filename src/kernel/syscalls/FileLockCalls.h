#pragma once

// The lock commands of fcntl(2), shared by fd.cpp's sys_fcntl and fs_lock.cpp.

#include "kernel/base/Result.h"

class OpenFile;
class Thread;

constexpr int F_OFD_GETLK = 36;
constexpr int F_OFD_SETLK = 37;
constexpr int F_OFD_SETLKW = 38;

bool is_lock_command(int cmd);
Result<u64> fcntl_lock(Thread& thread, OpenFile& file, int cmd, u64 arg);
