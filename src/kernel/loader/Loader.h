#pragma once

// Loads an ELF executable (and its interpreter) into the current address space and builds
// the initial stack exactly as Linux's binfmt_elf does.

#include "kernel/base/Result.h"

class Process;

struct ExecImage {
    u64 entry { 0 };        // where the first guest instruction runs (interpreter's entry if any)
    u64 stack_pointer { 0 }; // points at argc
};

struct ExecArgs {
    const char* const* argv { nullptr };
    u32 argc { 0 };
    const char* const* envp { nullptr };
    u32 envc { 0 };
};

// Follows `#!` lines to an ELF image, checks it and its interpreter, then replaces the
// process's guest mappings with it. Until the checks pass the old image is untouched and
// the error is execve's; `failed_after_commit` tells whether it came later, when the old
// image is already gone (execve then ends the process with SIGSEGV, as Linux does).
// Preconditions: `path` is the resolved path of the program as the guest names it, and
// the argument and environment strings are in kernel memory.
Result<ExecImage> load_executable(Process& process, const char* path, const ExecArgs& args, bool* failed_after_commit = nullptr);
