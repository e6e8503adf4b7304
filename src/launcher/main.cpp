// `cell`: the launcher. Parses the command line, then hands over to run_sandbox().

#include "launcher/Options.h"
#include "launcher/Sandbox.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <string_view>

namespace {

// Splits the command line into the launcher's words and the guest's command. The guest's
// command starts at the first word that is not an option (or after `--`), so that
// `cell run ls -la` passes -la to ls. `--trace` and `--trace=FILE` become a flag and a
// separate option, since CLI11 has no optional-value option that leaves the next word alone.
struct SplitArgs {
    std::vector<std::string> launcher;
    std::vector<std::string> command;
};

SplitArgs split_args(int argc, char** argv)
{
    static const std::vector<std::string_view> with_value = { "--env", "--cwd", "--log" };
    SplitArgs out;
    int i = 1;
    bool seen_run = false;
    for (; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (!seen_run) {
            out.launcher.emplace_back(arg);
            seen_run = arg == "run";
            continue;
        }
        if (arg == "--") {
            ++i;
            break;
        }
        if (arg.empty() || arg[0] != '-')
            break;
        if (arg == "--trace") {
            out.launcher.emplace_back("--trace-stderr");
        } else if (arg.starts_with("--trace=")) {
            out.launcher.emplace_back("--trace-file");
            out.launcher.emplace_back(arg.substr(8));
        } else {
            out.launcher.emplace_back(arg);
            bool takes_value = std::find(with_value.begin(), with_value.end(), arg) != with_value.end();
            if (takes_value && i + 1 < argc)
                out.launcher.emplace_back(argv[++i]);
        }
    }
    for (; i < argc; ++i)
        out.command.emplace_back(argv[i]);
    return out;
}

}

int main(int argc, char** argv)
{
    CLI::App app { "Cell: run unmodified Linux programs in a sandbox whose kernel is Cell itself.", "cell" };
    app.set_version_flag("--version", std::string("cell ") + CELL_VERSION);
    app.require_subcommand(1);

    cell::RunOptions options;
    bool trace_stderr = false;
    std::string trace_file;
    auto* run = app.add_subcommand("run", "Run PROG with ARGS inside a new sandbox.\nUsage: cell run [OPTIONS] [--] PROG [ARGS...]");
    run->add_flag("--trace-stderr", trace_stderr, "--trace: print one line per guest syscall to stderr");
    run->add_option("--trace-file", trace_file, "--trace=FILE: print one line per guest syscall to FILE");
    run->add_flag("--stats", options.stats, "Print a per-syscall count/time/error table at exit");
    run->add_option("--env", options.env, "Set an environment variable for the guest")->type_name("K=V");
    run->add_flag("--clearenv", options.clear_env, "Start the guest with an empty environment");
    run->add_option("--cwd", options.cwd, "Working directory of the guest")->type_name("DIR");
    run->add_option("--log", options.log, "Write the kernel's own log to FILE")->type_name("FILE");

    auto split = split_args(argc, argv);
    std::vector<std::string> reversed(split.launcher.rbegin(), split.launcher.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    options.command = split.command;
    if (options.command.empty()) {
        fmt::print(stderr, "cell: run: no program given\nUsage: cell run [OPTIONS] [--] PROG [ARGS...]\n");
        return 2;
    }
    if (trace_stderr)
        options.trace = "";
    if (!trace_file.empty())
        options.trace = trace_file;
    return cell::run_sandbox(options);
}
