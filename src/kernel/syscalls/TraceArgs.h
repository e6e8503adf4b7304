#pragma once

// Decoding of syscall arguments for --trace, driven by the argument letters of
// abi/syscalls.def (the letter key is documented there). The output follows strace:
// flags as O_RDONLY|O_CLOEXEC, enumerations by name, strings quoted, buffers quoted and
// cut after 32 bytes, structures the guest passes in braces.

#include "kernel/base/Format.h"
#include "kernel/syscalls/Dispatch.h"

// Appends the arguments of one call. `result` and `returned` matter for buffers the call
// fills (printed only when it succeeded, up to what it returned).
void trace_format_args(StringBuilder& sb, const char* kinds, const SyscallArgs& args, u64 result, bool returned);

// True when the result is an address and prints in hex (mmap, brk, mremap).
bool trace_result_is_address(const char* kinds, u64 nr);

// Appends a successful result as strace does: addresses in hex, umask's in octal,
// fcntl's flag getters decoded, everything else in decimal.
void trace_format_result(StringBuilder& sb, u64 nr, const SyscallArgs& args, u64 result);
