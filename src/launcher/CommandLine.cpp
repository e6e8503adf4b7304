#include "launcher/CommandLine.h"

#include <string_view>

namespace cell {

namespace {

CommandLine usage_error(std::string message)
{
    CommandLine result;
    result.action = CommandLine::Action::UsageError;
    result.error = std::move(message);
    return result;
}

// Whether `path` names the root ("/", "//", "/./"), which no bind or tmpfs may replace.
bool names_root(const std::string& path)
{
    return path.find_first_not_of("/.") == std::string::npos;
}

// Splits "SRC:DST" at its first colon. DST must be absolute; both must be non-empty.
std::optional<BindMount> parse_bind(const std::string& value, bool read_only)
{
    auto colon = value.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 >= value.size())
        return std::nullopt;
    BindMount bind { value.substr(0, colon), value.substr(colon + 1), read_only };
    if (bind.target[0] != '/')
        return std::nullopt;
    return bind;
}

// Parses "DST[:size=N]" with N in bytes or with a k, m or g suffix, as tmpfs' size=.
std::optional<BindMount> parse_tmpfs(const std::string& value)
{
    BindMount mount;
    mount.tmpfs = true;
    auto colon = value.find(':');
    mount.target = value.substr(0, colon);
    if (mount.target.empty() || mount.target[0] != '/')
        return std::nullopt;
    if (colon == std::string::npos)
        return mount;
    std::string option = value.substr(colon + 1);
    if (!option.starts_with("size=") || option.size() == 5)
        return std::nullopt;
    uint64_t size = 0;
    size_t i = 5;
    for (; i < option.size() && option[i] >= '0' && option[i] <= '9'; ++i) {
        if (__builtin_mul_overflow(size, 10, &size) || __builtin_add_overflow(size, uint64_t(option[i] - '0'), &size))
            return std::nullopt;
    }
    if (i == 5)
        return std::nullopt;
    if (i + 1 == option.size()) {
        int shift = 0;
        switch (option[i]) {
        case 'k':
        case 'K':
            shift = 10;
            break;
        case 'm':
        case 'M':
            shift = 20;
            break;
        case 'g':
        case 'G':
            shift = 30;
            break;
        default:
            return std::nullopt;
        }
        if (size > (~uint64_t(0) >> shift))
            return std::nullopt;
        size <<= shift;
    } else if (i != option.size()) {
        return std::nullopt;
    }
    if (size == 0)
        return std::nullopt;
    mount.size = size;
    return mount;
}

}

const char* usage_text()
{
    return "Usage: cell run [OPTIONS] [--] PROG [ARGS...]\n"
           "       cell --help | --version\n"
           "\n"
           "Runs PROG with ARGS inside a new sandbox whose kernel is Cell itself. PROG is\n"
           "looked up on the guest's PATH unless it contains a slash.\n"
           "\n"
           "Options:\n"
           "  --trace[=FILE]   print one strace-style line per guest system call to\n"
           "                   stderr, or to FILE\n"
           "  --stats          print a table of system calls (calls, time, errors, the\n"
           "                   ENOSYS total) and the startup time when the guest ends\n"
           "  --env K=V        set K to V in the guest's environment; --env K copies K\n"
           "                   from cell's environment (repeatable)\n"
           "  --clearenv       start the guest with an empty environment, then apply --env\n"
           "  --cwd DIR        start the guest in DIR (default: the current directory)\n"
           "  --image ROOTFS.tar[.gz]\n"
           "                   use the tar archive (plain or gzip-compressed) as the\n"
           "                   sandbox's root filesystem, read-only\n"
           "  --log FILE       write the kernel's own log to FILE (/dev/stderr works)\n"
           "  --bind SRC:DST   make the host directory or file SRC visible at DST in the\n"
           "                   sandbox, writable (repeatable)\n"
           "  --tmpfs DST[:size=N]\n"
           "                   mount an empty memory filesystem at DST (N bytes; k, m, g\n"
           "                   suffixes; default half of memory)\n"
           "  --ro-bind SRC:DST\n"
           "                   the same, read-only (repeatable)\n"
           "  --root DIR       use the host directory DIR as the sandbox's root instead of\n"
           "                   the host's /\n"
           "  --no-patch       trap every guest system call; never rewrite call sites for\n"
           "                   the fast entry (slower; for debugging)\n"
           "  --allow-weak-confinement\n"
           "                   run even where the host lacks Landlock or namespaces\n"
           "  -h, --help       show this help\n"
           "  --version        show cell's version\n"
           "\n"
           "Exit status: PROG's exit status; 128+N when signal N ended it; 126 when PROG\n"
           "cannot be executed; 127 when it is not found; 125 when the sandbox cannot\n"
           "start; 2 for a usage error.\n";
}

CommandLine parse_command_line(const std::vector<std::string>& args)
{
    CommandLine result;
    if (args.empty())
        return usage_error("no command given");
    std::string_view command = args[0];
    if (command == "--help" || command == "-h" || command == "help") {
        result.action = CommandLine::Action::Help;
        return result;
    }
    if (command == "--version") {
        result.action = CommandLine::Action::Version;
        return result;
    }
    if (command != "run")
        return usage_error("unknown command '" + args[0] + "'");

    auto& options = result.options;
    size_t i = 1;
    for (; i < args.size(); ++i) {
        std::string_view arg = args[i];
        if (arg == "--") {
            ++i;
            break;
        }
        if (arg.size() < 2 || arg[0] != '-')
            break;
        // "--name=value" and "--name value" are the same for options that take a value.
        std::string_view name = arg;
        std::optional<std::string> inline_value;
        if (auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            inline_value = std::string(arg.substr(eq + 1));
        }
        auto value = [&](std::string& out) -> bool {
            if (inline_value) {
                out = *inline_value;
            } else {
                if (i + 1 >= args.size())
                    return false;
                out = args[++i];
            }
            return !out.empty();
        };
        std::string v;
        if (name == "-h" || name == "--help") {
            result.action = CommandLine::Action::Help;
            return result;
        } else if (name == "--version") {
            result.action = CommandLine::Action::Version;
            return result;
        } else if (name == "--trace") {
            // The file is only ever given inline, so that `--trace PROG` traces PROG.
            if (inline_value && inline_value->empty())
                return usage_error("--trace= needs a file name");
            options.trace = inline_value.value_or("");
        } else if ((name == "--stats" || name == "--clearenv" || name == "--no-patch" || name == "--allow-weak-confinement") && inline_value) {
            return usage_error("option '" + std::string(name) + "' takes no value");
        } else if (name == "--stats") {
            options.stats = true;
        } else if (name == "--no-patch") {
            options.patch_sites = false;
        } else if (name == "--clearenv") {
            options.clear_env = true;
        } else if (name == "--allow-weak-confinement") {
            options.allow_weak_confinement = true;
        } else if (name == "--env") {
            if (!value(v) || v[0] == '=')
                return usage_error("--env needs K=V or K");
            options.env.push_back(v);
        } else if (name == "--cwd") {
            if (!value(v) || v[0] != '/')
                return usage_error("--cwd needs an absolute directory");
            options.cwd = v;
        } else if (name == "--image") {
            if (!value(v))
                return usage_error("--image needs a tar archive");
            options.image = v;
        } else if (name == "--tmpfs") {
            std::optional<BindMount> mount;
            if (value(v))
                mount = parse_tmpfs(v);
            if (!mount)
                return usage_error("--tmpfs needs DST[:size=N], DST absolute, N bytes with an optional k, m or g");
            if (names_root(mount->target))
                return usage_error("--tmpfs cannot replace the root /; --root and --image choose the root");
            options.binds.push_back(*mount);
        } else if (name == "--bind" || name == "--ro-bind") {
            std::optional<BindMount> bind;
            if (value(v))
                bind = parse_bind(v, name == "--ro-bind");
            if (!bind)
                return usage_error(std::string(name) + " needs SRC:DST with an absolute DST");
            if (names_root(bind->target))
                return usage_error(std::string(name) + " cannot replace the root /; --root and --image choose the root");
            options.binds.push_back(*bind);
        } else if (name == "--root") {
            if (!value(v))
                return usage_error("--root needs a directory");
            options.root = v;
        } else if (name == "--log") {
            if (!value(v))
                return usage_error("--log needs a file name");
            options.log = v;
        } else {
            return usage_error("unknown option '" + std::string(arg) + "'");
        }
    }
    for (; i < args.size(); ++i)
        options.command.push_back(args[i]);
    if (options.command.empty())
        return usage_error("run: no program given");
    result.action = CommandLine::Action::Run;
    return result;
}

}
