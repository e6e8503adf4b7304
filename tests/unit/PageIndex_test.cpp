// The sparse page index behind memfs files: pages stored at any index up to the largest
// file are found again, holes stay holes, and next_present() skips whole empty subtrees.

// Kernel headers first, as in the other unit tests.
#include "TestArena.h"
#include "kernel/fs/memfs/PageIndex.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6e4000000000;

class PageIndexTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr); }
};

u8* fake_page(u64 n) { return reinterpret_cast<u8*>((n + 1) * 4096); }

TEST_F(PageIndexTest, StoresAndFindsAcrossHeights)
{
    PageIndex index;
    EXPECT_EQ(index.get(0), nullptr);
    EXPECT_EQ(index.next_present(0, 100), 100u);
    // Low, then far higher (the tree grows upwards), then low again.
    const std::vector<u64> at { 3, 511, 512, 1u << 20, (u64(1) << 40) + 7, (u64(1) << 51) - 1, 0 };
    for (u64 i = 0; i < at.size(); ++i)
        ASSERT_TRUE(index.set(at[i], fake_page(i)));
    for (u64 i = 0; i < at.size(); ++i)
        EXPECT_EQ(index.get(at[i]), fake_page(i)) << at[i];
    EXPECT_EQ(index.get(4), nullptr);
    EXPECT_EQ(index.get(u64(1) << 40), nullptr);
    EXPECT_EQ(index.get(~u64(0)), nullptr);
}

TEST_F(PageIndexTest, NextPresentSkipsHoles)
{
    PageIndex index;
    ASSERT_TRUE(index.set(10, fake_page(1)));
    ASSERT_TRUE(index.set(u64(1) << 30, fake_page(2)));
    ASSERT_TRUE(index.set((u64(1) << 30) + 1, fake_page(3)));
    const u64 end = u64(1) << 50;
    EXPECT_EQ(index.next_present(0, end), 10u);
    EXPECT_EQ(index.next_present(10, end), 10u);
    EXPECT_EQ(index.next_present(11, end), u64(1) << 30);
    EXPECT_EQ(index.next_present((u64(1) << 30) + 1, end), (u64(1) << 30) + 1);
    EXPECT_EQ(index.next_present((u64(1) << 30) + 2, end), end);
    // The limit bounds the search.
    EXPECT_EQ(index.next_present(11, 1000), 1000u);
    EXPECT_EQ(index.next_present(0, 10), 10u);
    index.clear(10);
    EXPECT_EQ(index.get(10), nullptr);
    EXPECT_EQ(index.next_present(0, end), u64(1) << 30);
    // Past what the tree covers.
    EXPECT_EQ(index.next_present(u64(1) << 49, end), end);
}

TEST_F(PageIndexTest, DenseRunIsWalkedInOrder)
{
    PageIndex index;
    for (u64 i = 1000; i < 3000; ++i)
        ASSERT_TRUE(index.set(i, fake_page(i)));
    u64 count = 0, last = 0;
    for (u64 i = index.next_present(0, 5000); i < 5000; i = index.next_present(i + 1, 5000)) {
        EXPECT_EQ(index.get(i), fake_page(i));
        EXPECT_TRUE(count == 0 || i == last + 1);
        last = i;
        ++count;
    }
    EXPECT_EQ(count, 2000u);
}

}
