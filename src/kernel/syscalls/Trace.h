#pragma once

// --trace: one strace-style line per syscall, decoded from the table's argument letters.

#include "kernel/syscalls/Dispatch.h"

// `entry` is null for numbers outside the table. When `returned` is false the call does
// not return (exit, exit_group) and the line ends in "= ?".
void trace_syscall(Thread& thread, u64 nr, const SyscallEntry* entry, const SyscallArgs& args, u64 result, bool returned);
