#pragma once

// After the sandbox ends: the exit status, a message when the guest was killed or could
// not start, and the --stats table.

#include "launcher/Options.h"
#include "shared/BootBlock.h"

namespace cell {

// How the first sandbox process ended, as the launcher saw it.
struct SandboxEnd {
    int host_status { 0 };    // its waitpid status
    int relayed_signal { 0 }; // non-zero when `cell` ended it on behalf of this signal
    int trace_fd { -1 };      // with --trace: where strace's "+++ exited with N +++" goes
    uint64_t spawn_ns { 0 };  // CLOCK_MONOTONIC just before it was cloned, for --stats
    uint64_t reaped_ns { 0 }; // CLOCK_MONOTONIC when waitpid returned it, for --stats
};

// Prints what the user should see (messages, --stats) and returns cell's exit status.
int report_outcome(const BootBlock& block, const SandboxEnd& end, const RunOptions& options);

}
