#pragma once

// The launcher's parsed command line.

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
};

}
