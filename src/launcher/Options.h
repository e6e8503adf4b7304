#pragma once

// The launcher's parsed command line.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cell {

// A mount the launcher asks for: a host path made visible inside the sandbox (--bind
// SRC:DST, --ro-bind SRC:DST), or a fresh memfs (--tmpfs DST[:size=N]).
struct BindMount {
    std::string source; // a host directory or file; empty for a tmpfs
    std::string target; // an absolute path inside the sandbox
    bool read_only { false };
    bool tmpfs { false };
    uint64_t size { 0 }; // a tmpfs's size limit in bytes; 0 for the default
    // Opened by the launcher while it still has the invoking user's access (the sandbox's
    // host identity may not reach the source by path): the source itself for Landlock,
    // and the directory the kernel serves (the source, or a file source's parent).
    int source_fd { -1 };
    int dir_fd { -1 };
    bool is_file { false };
};

struct RunOptions {
    std::vector<std::string> command; // PROG ARGS...
    std::optional<std::string> trace; // "" means stderr
    bool stats { false };
    std::vector<std::string> env;     // K=V overrides
    std::optional<std::string> image; // --image: a tar archive (.tar or .tar.gz) as the root
    bool clear_env { false };
    std::optional<std::string> cwd;
    std::optional<std::string> log;
    std::vector<BindMount> binds;          // binds and tmpfs mounts in command-line order; later ones mount on top
    std::optional<std::string> root;       // --root: a host directory instead of "/"
    int root_fd { -1 };                    // --root's directory, opened by the launcher
    bool patch_sites { true };             // --no-patch turns the fast syscall entry off
    bool allow_weak_confinement { false }; // run even where the host lacks Landlock or namespaces
    uint64_t start_ns { 0 };               // CLOCK_MONOTONIC when `cell` started, for --stats
};

}
