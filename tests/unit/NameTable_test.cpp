// The intrusive name-keyed set behind dentry and overlay children: it finds, adds and
// removes entries by name while it grows from one chain into a hash table.

// Kernel headers first, as in the other unit tests.
#include "TestArena.h"
#include "kernel/base/NameTable.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6d6000000000;

struct Named {
    std::string text;
    Named* next { nullptr };
    StringView name() const { return { text.data(), text.size() }; }
};

using Table = NameTable<Named, &Named::next>;

class NameTableTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr); }
};

TEST_F(NameTableTest, FindsWhatWasAddedAcrossGrowth)
{
    std::vector<Named> items(5000);
    Table table;
    for (usize i = 0; i < items.size(); ++i) {
        items[i].text = "file-" + std::to_string(i);
        table.add(items[i]);
        // Everything added so far stays reachable while the table doubles.
        if (i % 977 == 0) {
            for (usize j = 0; j <= i; ++j)
                ASSERT_EQ(table.find(items[j].name()), &items[j]) << i << " " << j;
        }
    }
    EXPECT_EQ(table.count(), 5000u);
    EXPECT_EQ(table.find(StringView("file-5000", 9)), nullptr);
    EXPECT_EQ(table.find(StringView("", 0)), nullptr);
}

TEST_F(NameTableTest, RemovesByNameAndByEntry)
{
    std::vector<Named> items(100);
    Table table;
    for (usize i = 0; i < items.size(); ++i) {
        items[i].text = std::to_string(i);
        table.add(items[i]);
    }
    EXPECT_EQ(table.remove(items[7].name()), &items[7]);
    EXPECT_EQ(items[7].next, nullptr);
    EXPECT_EQ(table.remove(items[7].name()), nullptr);
    EXPECT_TRUE(table.remove(items[42]));
    EXPECT_FALSE(table.remove(items[42]));
    EXPECT_EQ(table.count(), 98u);
    EXPECT_EQ(table.find(items[7].name()), nullptr);
    EXPECT_EQ(table.find(items[42].name()), nullptr);
    EXPECT_EQ(table.find(items[43].name()), &items[43]);
    // A removed entry can come back, under a new name too.
    items[7].text = "seven";
    table.add(items[7]);
    EXPECT_EQ(table.find(StringView("seven", 5)), &items[7]);
}

}
