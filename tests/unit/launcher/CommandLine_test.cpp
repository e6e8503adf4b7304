// The launcher's command line: where options end, which take values, and usage errors.

#include <gtest/gtest.h>

#include "launcher/CommandLine.h"

using cell::CommandLine;
using cell::parse_command_line;

TEST(CommandLine, ProgramArgumentsAreNotOptions)
{
    auto cl = parse_command_line({ "run", "--stats", "ls", "-la", "--trace" });
    ASSERT_EQ(cl.action, CommandLine::Action::Run);
    EXPECT_TRUE(cl.options.stats);
    EXPECT_FALSE(cl.options.trace.has_value());
    EXPECT_EQ(cl.options.command, (std::vector<std::string> { "ls", "-la", "--trace" }));
}

TEST(CommandLine, DoubleDashEndsOptions)
{
    auto cl = parse_command_line({ "run", "--", "--weird-name", "x" });
    ASSERT_EQ(cl.action, CommandLine::Action::Run);
    EXPECT_EQ(cl.options.command, (std::vector<std::string> { "--weird-name", "x" }));
}

TEST(CommandLine, TraceTakesItsFileOnlyInline)
{
    auto bare = parse_command_line({ "run", "--trace", "/bin/true" });
    ASSERT_EQ(bare.action, CommandLine::Action::Run);
    EXPECT_EQ(bare.options.trace, std::optional<std::string>(""));
    EXPECT_EQ(bare.options.command, (std::vector<std::string> { "/bin/true" }));
    auto file = parse_command_line({ "run", "--trace=/tmp/t.txt", "true" });
    EXPECT_EQ(file.options.trace, std::optional<std::string>("/tmp/t.txt"));
    EXPECT_EQ(parse_command_line({ "run", "--trace=", "true" }).action, CommandLine::Action::UsageError);
}

TEST(CommandLine, ValueOptionsTakeTheNextWordOrAnInlineValue)
{
    auto cl = parse_command_line({ "run", "--env", "A=1", "--env=B=2", "--cwd", "/tmp", "--log=/dev/null", "--clearenv",
        "--no-patch", "env" });
    ASSERT_EQ(cl.action, CommandLine::Action::Run);
    EXPECT_EQ(cl.options.env, (std::vector<std::string> { "A=1", "B=2" }));
    EXPECT_EQ(cl.options.cwd, std::optional<std::string>("/tmp"));
    EXPECT_EQ(cl.options.log, std::optional<std::string>("/dev/null"));
    EXPECT_TRUE(cl.options.clear_env);
    EXPECT_FALSE(cl.options.patch_sites);
}

TEST(CommandLine, UsageErrors)
{
    EXPECT_EQ(parse_command_line({}).action, CommandLine::Action::UsageError);
    EXPECT_EQ(parse_command_line({ "walk" }).action, CommandLine::Action::UsageError);
    EXPECT_EQ(parse_command_line({ "run" }).action, CommandLine::Action::UsageError);
    EXPECT_EQ(parse_command_line({ "run", "--bogus", "true" }).action, CommandLine::Action::UsageError);
    EXPECT_EQ(parse_command_line({ "run", "--cwd" }).action, CommandLine::Action::UsageError);
    EXPECT_EQ(parse_command_line({ "run", "--cwd", "relative", "true" }).action, CommandLine::Action::UsageError);
    EXPECT_EQ(parse_command_line({ "run", "--stats=yes", "true" }).action, CommandLine::Action::UsageError);
}

TEST(CommandLine, HelpAndVersion)
{
    EXPECT_EQ(parse_command_line({ "--help" }).action, CommandLine::Action::Help);
    EXPECT_EQ(parse_command_line({ "run", "-h" }).action, CommandLine::Action::Help);
    EXPECT_EQ(parse_command_line({ "--version" }).action, CommandLine::Action::Version);
    EXPECT_NE(std::string(cell::usage_text()).find("--trace[=FILE]"), std::string::npos);
}

TEST(CommandLine, TmpfsTakesATargetAndAnOptionalSize)
{
    auto cl = parse_command_line({ "run", "--tmpfs", "/scratch", "--tmpfs=/big:size=64M", "--tmpfs", "/small:size=4096", "true" });
    ASSERT_EQ(cl.action, CommandLine::Action::Run);
    ASSERT_EQ(cl.options.binds.size(), 3u);
    EXPECT_TRUE(cl.options.binds[0].tmpfs);
    EXPECT_EQ(cl.options.binds[0].target, "/scratch");
    EXPECT_EQ(cl.options.binds[0].size, 0u);
    EXPECT_EQ(cl.options.binds[1].size, 64u << 20);
    EXPECT_EQ(cl.options.binds[2].size, 4096u);
    for (const char* bad : { "relative", "/x:size=", "/x:size=0", "/x:size=12q", "/x:mode=1777", "/x:size=99999999999999999999", "/", "//:size=1m", "/." })
        EXPECT_EQ(parse_command_line({ "run", "--tmpfs", bad, "true" }).action, CommandLine::Action::UsageError) << bad;
}

TEST(CommandLine, NoBindReplacesTheRoot)
{
    for (const char* target : { "/", "//", "/./" }) {
        std::string bind = std::string("/tmp:") + target;
        EXPECT_EQ(parse_command_line({ "run", "--bind", bind.c_str(), "true" }).action, CommandLine::Action::UsageError) << target;
        EXPECT_EQ(parse_command_line({ "run", "--ro-bind", bind.c_str(), "true" }).action, CommandLine::Action::UsageError) << target;
    }
    EXPECT_EQ(parse_command_line({ "run", "--bind", "/tmp:/mnt", "true" }).action, CommandLine::Action::Run);
}
