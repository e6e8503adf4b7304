#include <gtest/gtest.h>

#include "kernel/base/Format.h"

TEST(Format, Conversions)
{
    char buffer[128];
    format(buffer, sizeof(buffer), "%d %u %x %#x %o %#o %s %c %%", -42, 42u, 255u, 255u, 8u, 8u, "str", 'z');
    EXPECT_STREQ(buffer, "-42 42 ff 0xff 10 010 str z %");
}

TEST(Format, WidthAndLongs)
{
    char buffer[64];
    format(buffer, sizeof(buffer), "[%5d][%05u][%lx][%ld]", 42, 7u, u64(0xdeadbeefcafe), i64(-1));
    EXPECT_STREQ(buffer, "[   42][00007][deadbeefcafe][-1]");
}

TEST(Format, TruncatesAtCapacity)
{
    char buffer[6];
    usize n = format(buffer, sizeof(buffer), "hello world");
    EXPECT_STREQ(buffer, "hello");
    EXPECT_EQ(n, 5u);
}

TEST(Format, EscapesLikeStrace)
{
    char buffer[64];
    StringBuilder sb(buffer, sizeof(buffer));
    const u8 data[] = { 'a', '\n', 0x7f, 'E', 0, '1', '"' };
    sb.append_escaped(data, sizeof(data), 64);
    EXPECT_STREQ(sb.c_str(), "a\\n\\177E\\0001\\\"");
}
