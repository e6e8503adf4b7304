// `#!` lines parsed as Linux's binfmt_script parses them.

#include "kernel/loader/Script.h"

#include <gtest/gtest.h>

#include <string>

#include "kernel/abi/errno_undef.h"

namespace {

std::string str(StringView v) { return std::string(v.data(), v.size()); }

// The parsed views point into the text, so the text outlives each test's checks.
Result<ShebangLine> parse(const std::string& text)
{
    static std::string storage[4];
    static int next = 0;
    std::string& kept = storage[next++ % 4];
    kept = text;
    return parse_shebang(kept.data(), kept.size());
}

TEST(Script, InterpreterAlone)
{
    auto line = parse("#!/bin/sh\necho hi\n");
    ASSERT_TRUE(line.is_ok());
    EXPECT_EQ(str(line.value().interpreter), "/bin/sh");
    EXPECT_TRUE(line.value().argument.empty());
}

TEST(Script, OneArgumentWithBlanksKept)
{
    auto line = parse("#!  /usr/bin/env   python3 -u  \t\nprint()\n");
    ASSERT_TRUE(line.is_ok());
    EXPECT_EQ(str(line.value().interpreter), "/usr/bin/env");
    EXPECT_EQ(str(line.value().argument), "python3 -u");
}

TEST(Script, EndsAtNulOrEndOfFile)
{
    auto line = parse(std::string("#!/bin/sh -e\0rest", 17));
    ASSERT_TRUE(line.is_ok());
    EXPECT_EQ(str(line.value().argument), "-e");
    auto alone = parse("#!/bin/sh");
    ASSERT_TRUE(alone.is_ok());
    EXPECT_EQ(str(alone.value().interpreter), "/bin/sh");
    auto bare = parse("#!/bin/true -x ");
    ASSERT_TRUE(bare.is_ok());
    EXPECT_EQ(str(bare.value().argument), "-x");
}

TEST(Script, RefusesMissingOrCutInterpreter)
{
    EXPECT_EQ(parse("#!\n").error(), Errno::ENOEXEC);
    EXPECT_EQ(parse("#!   \t\n").error(), Errno::ENOEXEC);
    EXPECT_EQ(parse("#!" + std::string(300, 'a')).error(), Errno::ENOEXEC);
    EXPECT_EQ(parse("# not a script").error(), Errno::ENOEXEC);
    EXPECT_FALSE(is_shebang("#", 1));
}

TEST(Script, LongArgumentIsCutAtTheBuffer)
{
    auto line = parse("#!/bin/sh " + std::string(400, 'x'));
    ASSERT_TRUE(line.is_ok());
    EXPECT_EQ(line.value().argument.size(), BINPRM_BUF_SIZE - 11);
}

}
