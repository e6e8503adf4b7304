#pragma once

// --trace: one strace-style line per syscall, decoded from the table's argument letters.

#include "kernel/syscalls/Dispatch.h"

// `entry` is null for numbers outside the table. When `returned` is false the call does
// not return (exit, exit_group) and the line ends in "= ?".
void trace_syscall(Thread& thread, u64 nr, const SyscallEntry* entry, const SyscallArgs& args, u64 result, bool returned);

// The line for the execve that started the first program: the kernel loads it itself, so
// no guest syscall reports it. Arguments are kernel strings; `envp` is the guest address
// of the new image's environment array, as strace prints it.
void trace_initial_exec(const char* path, const char* const* argv, u32 argc, u32 envc, u64 envp);
