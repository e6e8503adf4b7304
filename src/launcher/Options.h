#pragma once

// The launcher's parsed command line.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cell {

struct RunOptions {
    std::vector<std::string> command; // PROG ARGS...
    std::optional<std::string> trace; // "" means stderr
    bool stats { false };
    std::vector<std::string> env;     // K=V overrides
    bool clear_env { false };
    std::optional<std::string> cwd;
    std::optional<std::string> log;
    bool patch_sites { true };             // --no-patch turns the fast syscall entry off
    bool allow_weak_confinement { false }; // run even where the host lacks Landlock or namespaces
    uint64_t start_ns { 0 };               // CLOCK_MONOTONIC when `cell` started, for --stats
};

}
