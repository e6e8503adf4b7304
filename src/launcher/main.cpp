// `cell`: the launcher. Parses the command line, then hands over to run_sandbox().

#include "launcher/CommandLine.h"
#include "launcher/Sandbox.h"

#include <fmt/core.h>

#include <ctime>

int main(int argc, char** argv)
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    auto line = cell::parse_command_line(std::vector<std::string>(argv + 1, argv + argc));
    switch (line.action) {
    case cell::CommandLine::Action::Help:
        fmt::print("{}", cell::usage_text());
        return 0;
    case cell::CommandLine::Action::Version:
        fmt::print("cell {}\n", CELL_VERSION);
        return 0;
    case cell::CommandLine::Action::UsageError:
        fmt::print(stderr, "cell: {}\nUsage: cell run [OPTIONS] [--] PROG [ARGS...]  (cell --help for more)\n", line.error);
        return 2;
    case cell::CommandLine::Action::Run:
        break;
    }
    line.options.start_ns = uint64_t(now.tv_sec) * 1000000000ull + uint64_t(now.tv_nsec);
    return cell::run_sandbox(line.options);
}
