#pragma once

// Starting a sandbox: the boot block, the confined first process, and the outcome.

#include "launcher/Options.h"

namespace cell {

// Runs the sandbox to completion and returns the exit status `cell` should exit with.
int run_sandbox(const RunOptions& options);

}
