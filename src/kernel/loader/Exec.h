#pragma once

// Starting the first guest program: PATH lookup inside the sandbox, then the loader.

#include "kernel/loader/Loader.h"

class Process;

Result<Process*> create_init_process();

// Resolves argv[0] as a shell does and loads it into `init`. On failure the sandbox ends
// with exit status 127 (not found) or 126 (found but not executable), as a shell's would.
ExecImage start_init(Process& init, const char* const* argv, u32 argc, const char* const* envp, u32 envc, const char* cwd);
