#pragma once

// Decoding of syscall arguments for --trace, driven by the argument letters of
// abi/syscalls.def (documented there).

#include "kernel/base/Format.h"
#include "kernel/syscalls/Dispatch.h"

void trace_format_args(StringBuilder& sb, const char* kinds, const SyscallArgs& args, u64 result, bool returned);
// True when the result is an address and prints in hex (mmap, brk, mremap).
bool trace_result_is_address(const char* kinds, u64 nr);
