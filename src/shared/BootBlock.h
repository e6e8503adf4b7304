#pragma once

// The contract between the `cell` launcher and the kernel image.
//
// The launcher writes a BootBlock into a memfd, passes the fd number as the kernel's
// argv[1], and keeps its own shared mapping of it. The kernel reads its configuration
// from the block and writes the sandbox's outcome and syscall statistics back into
// `report`, which the launcher prints after the sandbox ends. Every field has a fixed
// size so that both sides agree without sharing any other code.

#include <stdint.h>

namespace cell {

constexpr uint32_t BOOT_MAGIC = 0x4c4c4543; // "CELL"
constexpr uint32_t BOOT_VERSION = 7;

constexpr uint32_t BOOT_TRACE = 1u << 0;
constexpr uint32_t BOOT_STATS = 1u << 1;
// Every guest syscall traps; no call site is rewritten for the fast entry.
constexpr uint32_t BOOT_NO_PATCH = 1u << 2;
// --allow-weak-confinement: a sandbox whose network namespace the host refuses runs in the
// host's, with a warning, instead of not at all.
constexpr uint32_t BOOT_WEAK_CONFINEMENT = 1u << 3;
// The working directory came from --cwd: one the sandbox lacks fails the start instead of
// falling back to "/" as the launcher's own working directory does.
constexpr uint32_t BOOT_CWD_GIVEN = 1u << 4;

// One slot per syscall number; numbers at or beyond this count are ENOSYS.
constexpr uint32_t SYSCALL_SLOTS = 512;

struct SyscallStat {
    uint64_t calls;
    uint64_t errors;
    uint64_t nanoseconds;
};

enum class Outcome : uint32_t {
    Running = 0,
    Exited = 1,   // exit_code holds the guest's exit status
    Signaled = 2, // signal holds the signal that ended guest pid 1
    Failed = 3,   // the guest could not be started; message says why, exit_code is 126 or 127
};

struct BootReport {
    uint32_t outcome; // an Outcome, written last with release ordering
    int32_t exit_code;
    int32_t signal;
    int32_t core_dumped;
    char message[512];
    uint64_t enosys_count;
    uint64_t boot_ns;        // CLOCK_MONOTONIC when the kernel's _start ran
    uint64_t first_guest_ns; // CLOCK_MONOTONIC just before the first guest instruction
    uint64_t exit_ns;        // CLOCK_MONOTONIC when the sandbox's last process began to exit
    SyscallStat stats[SYSCALL_SLOTS];
};

constexpr uint32_t BOOT_STRINGS_MAX = 256 * 1024;

// Host directories (or files) bound into the sandbox with --bind / --ro-bind, in command
// line order. `source` is the launcher's canonical host path, `target` the absolute path
// inside the sandbox; both are NUL-terminated.
constexpr uint32_t BOOT_BINDS_MAX = 32;
constexpr uint32_t BOOT_PATH_MAX = 4096;
constexpr uint32_t BOOT_BIND_READ_ONLY = 1u << 0;
// A fresh memfs (--tmpfs) at `target` limited to `size` bytes (0: the default); no source.
constexpr uint32_t BOOT_BIND_TMPFS = 1u << 1;
// The source is a file: `dir_fd` is its parent directory.
constexpr uint32_t BOOT_BIND_FILE = 1u << 2;

// `dir_fd` is an O_PATH fd the launcher opened before the sandbox dropped its host
// privileges: the source directory, or a file source's parent directory. The sandbox's
// host identity may not be able to reach the source by path (a 0700 ancestor).
struct BootBind {
    uint32_t flags;
    int32_t dir_fd;
    uint64_t size;
    char source[BOOT_PATH_MAX];
    char target[BOOT_PATH_MAX];
};

struct BootBlock {
    uint32_t magic;
    uint32_t version;
    uint32_t flags;
    int32_t trace_fd; // -1 when tracing is off
    int32_t log_fd;   // -1 when the kernel log is off
    int32_t image_fd; // the root image (--image), a plain tar archive; -1 without one
    // The launcher's network namespace helper (src/launcher/NetNamespace.h), all -1 when the
    // sandbox runs without namespaces: its pidfd, the pipe that yields its unshare()
    // result (an int, 0 or an errno value), and the pipe whose closing lets it exit.
    int32_t netns_pidfd;
    int32_t netns_ready_fd;
    int32_t netns_hold_fd;
    uint32_t argc;
    uint32_t envc;
    uint32_t strings_size;
    // NUL-separated: argv[0..argc), envp[0..envc), then the working directory.
    BootReport report;
    char strings[BOOT_STRINGS_MAX];
    // The host directory that is the root's lower layer (--root); empty for the host's "/".
    char root[BOOT_PATH_MAX];
    int32_t root_fd; // an O_PATH fd of `root` opened by the launcher; -1 for the host's "/"
    uint32_t bind_count;
    BootBind binds[BOOT_BINDS_MAX];
};

}
