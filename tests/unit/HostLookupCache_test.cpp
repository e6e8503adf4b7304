// An exclusive hostfs directory's absent names: found again, never twice, and never more
// than the filesystem's budget allows.

// Kernel headers first, as in the other unit tests.
#include "TestArena.h"
#include "kernel/fs/hostfs/HostLookupCache.h"

#include <gtest/gtest.h>

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6e4000000000;

class HostLookupCacheTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr); }
};

TEST_F(HostLookupCacheTest, KeepsNamesWithinTheBudget)
{
    u32 budget = 2;
    {
        HostAbsentNames names;
        names.add("pyvenv.cfg", budget);
        names.add("pyvenv.cfg", budget);
        EXPECT_EQ(budget, 1u);
        names.add("lib", budget);
        names.add("python311.zip", budget);
        EXPECT_EQ(budget, 0u);
        EXPECT_TRUE(names.contains("pyvenv.cfg"));
        EXPECT_TRUE(names.contains("lib"));
        EXPECT_FALSE(names.contains("python311.zip"));
        EXPECT_FALSE(names.contains("li"));
    }
    // The teardown gave every entry back.
    u64 used = arena().used();
    for (int round = 0; round < 100; ++round) {
        u32 more = 10;
        HostAbsentNames names;
        for (const char* name : { "a", "bb", "ccc", "dddd" })
            names.add(name, more);
    }
    EXPECT_EQ(arena().used(), used);
}

}
