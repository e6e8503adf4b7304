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

// Preconditions: `path` is the resolved path of the program as the guest names it.
Result<ExecImage> load_executable(Process& process, const char* path, const ExecArgs& args);
