#pragma once

// The initial process stack, laid out exactly as Linux's create_elf_tables() does:
// from the top, the executable's name, the environment and argument strings, a random
// pad, the platform string and 16 random bytes, then (16-byte aligned) argc, argv,
// envp and the auxiliary vector.

#include "kernel/base/Result.h"

class Process;

struct InitialStack {
    u64 top { 0 };            // the highest usable byte + 1 of the stack mapping
    const char* const* argv { nullptr };
    u32 argc { 0 };
    const char* const* envp { nullptr };
    u32 envc { 0 };
    const char* execfn { "" }; // AT_EXECFN: the path execve was given
    u64 phdr { 0 };
    u64 phnum { 0 };
    u64 entry { 0 };           // the program's own entry (AT_ENTRY)
    u64 interp_base { 0 };     // AT_BASE
};

// Writes the stack into guest memory and records where argv, envp and auxv are in
// `process`. Returns the initial stack pointer (pointing at argc).
Result<u64> build_initial_stack(Process& process, const InitialStack& info);
