// The packed merged-directory listing: entries keep their order, names and numbers
// through growth, and dropping whiteouts keeps the rest in order.

// Kernel headers first, as in the other unit tests.
#include "TestArena.h"
#include "kernel/fs/overlay/OverlayListing.h"

#include <gtest/gtest.h>

#include <string>

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6d7000000000;
constexpr u8 WHITEOUT = 0xff;

StringView view(const std::string& s) { return { s.data(), s.size() }; }

class OverlayListingTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr); }
};

TEST_F(OverlayListingTest, KeepsEntriesThroughGrowth)
{
    OverlayListing listing;
    for (u64 i = 0; i < 3000; ++i)
        ASSERT_TRUE(listing.add(i + 10, u8(i % 12), view("entry-" + std::to_string(i))).is_ok());
    ASSERT_EQ(listing.count(), 3000u);
    for (u64 i = 0; i < 3000; i += 7) {
        std::string expected = "entry-" + std::to_string(i);
        EXPECT_EQ(listing.name(i), view(expected));
        EXPECT_EQ(listing.ino(i), i + 10);
        EXPECT_EQ(listing.type(i), u8(i % 12));
        DirEntryInfo out;
        listing.get(i, out);
        EXPECT_EQ(std::string(out.name), expected);
        EXPECT_EQ(out.ino, i + 10);
    }
}

TEST_F(OverlayListingTest, RemoveTypeKeepsTheOthersInOrder)
{
    OverlayListing listing;
    const char* names[] = { "a", "gone", "b", "also-gone", "c" };
    for (u64 i = 0; i < 5; ++i) {
        std::string name = names[i];
        ASSERT_TRUE(listing.add(i, i % 2 ? WHITEOUT : 8, view(name)).is_ok());
    }
    listing.remove_type(WHITEOUT);
    ASSERT_EQ(listing.count(), 3u);
    EXPECT_EQ(listing.name(0), StringView("a", 1));
    EXPECT_EQ(listing.name(1), StringView("b", 1));
    EXPECT_EQ(listing.name(2), StringView("c", 1));
    listing.set_ino(1, 99);
    EXPECT_EQ(listing.ino(1), 99u);
}

TEST_F(OverlayListingTest, ClearStartsOverAndRefusesOverlongNames)
{
    OverlayListing listing;
    ASSERT_TRUE(listing.add(1, 8, StringView("x", 1)).is_ok());
    listing.clear();
    EXPECT_EQ(listing.count(), 0u);
    ASSERT_TRUE(listing.add(2, 4, StringView("y", 1)).is_ok());
    EXPECT_EQ(listing.name(0), StringView("y", 1));
    std::string longest(255, 'n');
    EXPECT_TRUE(listing.add(3, 8, view(longest)).is_ok());
    std::string too_long(256, 'n');
    EXPECT_TRUE(listing.add(4, 8, view(too_long)).is_error());
    EXPECT_EQ(listing.count(), 2u);
}

}
