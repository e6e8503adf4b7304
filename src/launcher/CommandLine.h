#pragma once

// The launcher's command line: `cell run [OPTIONS] [--] PROG [ARGS...]`.

#include "launcher/Options.h"

#include <string>
#include <vector>

namespace cell {

struct CommandLine {
    enum class Action {
        Run,
        Help,
        Version,
        UsageError, // `error` says what is wrong; cell exits with 2
    };
    Action action { Action::UsageError };
    std::string error;
    RunOptions options;
};

// Parses argv[1..]. Options end at `--` or at the first word that is not an option, so
// that `cell run ls -la` passes -la to ls.
CommandLine parse_command_line(const std::vector<std::string>& args);

// The --help text.
const char* usage_text();

}
