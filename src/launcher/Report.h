#pragma once

// After the sandbox ends: the exit status, a message when the guest was killed or could
// not start, and the --stats table.

#include "launcher/Options.h"
#include "shared/BootBlock.h"

namespace cell {

// `host_status` is the waitpid status of the first sandbox process; `relayed_signal` is
// non-zero when `cell` ended the sandbox on behalf of that signal. With --trace, the
// trace ends with strace's "+++ exited with N +++" line on `trace_fd`.
int report_outcome(const BootBlock& block, int host_status, int relayed_signal, int trace_fd, const RunOptions& options);

}
