// Which syscall sites may be rewritten for the fast entry, and how.

#include <gtest/gtest.h>

#include "kernel/entry/SiteDecoder.h"

#include <initializer_list>
#include <vector>

namespace {

constexpr u64 SITE = 0x401000;

// Builds a window: `before` ends right before the syscall, `after` follows it.
std::vector<u8> window(std::initializer_list<u8> before, std::initializer_list<u8> after)
{
    std::vector<u8> w(SITE_BEFORE + SITE_AFTER, 0x90);
    usize i = SITE_BEFORE - before.size();
    for (u8 b : before)
        w[i++] = b;
    w[SITE_BEFORE] = 0x0f;
    w[SITE_BEFORE + 1] = 0x05;
    i = SITE_BEFORE + 2;
    for (u8 b : after)
        w[i++] = b;
    return w;
}

}

TEST(SiteDecoder, GlibcCompareAfterSyscallMovesIntoTheTrampoline)
{
    auto w = window({ 0xb8, 0x09, 0, 0, 0 }, { 0x48, 0x3d, 0x00, 0xf0, 0xff, 0xff, 0x77, 0x1d });
    SiteShape shape;
    ASSERT_TRUE(decode_site(w.data(), SITE, 9, shape));
    EXPECT_EQ(shape.kind, SiteShape::SyscallThenMoved);
    EXPECT_EQ(shape.patch_start, SITE);
    EXPECT_EQ(shape.patch_length, 8u);
    EXPECT_EQ(shape.moved_length, 6u);
    EXPECT_EQ(shape.continuation, SITE + 8);
    EXPECT_EQ(shape.after_syscall, SITE + 2);
}

TEST(SiteDecoder, MovThenSyscallKeepsTheSyscallInstruction)
{
    auto w = window({ 0x00, 0xb8, 0x27, 0, 0, 0 }, { 0xc3, 0x55, 0x48, 0x89, 0xe5 });
    SiteShape shape;
    ASSERT_TRUE(decode_site(w.data(), SITE, 0x27, shape));
    EXPECT_EQ(shape.kind, SiteShape::MovThenSyscall);
    EXPECT_EQ(shape.patch_start, SITE - 5);
    EXPECT_EQ(shape.patch_length, 5u);
    EXPECT_EQ(shape.continuation, SITE + 2);
    EXPECT_EQ(shape.prefix_length, 5u);
}

TEST(SiteDecoder, RefusesAMovWhoseImmediateIsNotTheTrappedNumber)
{
    auto w = window({ 0x00, 0xb8, 0x27, 0, 0, 0 }, { 0xc3, 0x55, 0x48, 0x89, 0xe5 });
    SiteShape shape;
    EXPECT_FALSE(decode_site(w.data(), SITE, 0x28, shape));
}

TEST(SiteDecoder, RefusesAMovThatMayBeTheTailOfALongerInstruction)
{
    // 41 b8 imm32 is `mov $imm, %r8d`: its last five bytes look like `mov $imm, %eax`.
    auto w = window({ 0x41, 0xb8, 0x27, 0, 0, 0 }, { 0xc3, 0x55, 0x48, 0x89, 0xe5 });
    SiteShape shape;
    EXPECT_FALSE(decode_site(w.data(), SITE, 0x27, shape));
}

TEST(SiteDecoder, SyscallRetAndPaddingKeepsTheRetByte)
{
    // musl's syscall functions end in `syscall; ret` and alignment padding.
    auto w = window({ 0x48, 0x89, 0xca }, { 0xc3, 0x66, 0x0f, 0x1f, 0x44, 0, 0 });
    SiteShape shape;
    ASSERT_TRUE(decode_site(w.data(), SITE, 0, shape));
    EXPECT_EQ(shape.kind, SiteShape::SyscallThenRet);
    EXPECT_EQ(shape.patch_start, SITE);
    EXPECT_EQ(shape.patch_length, 5u);
    EXPECT_EQ(shape.keep_byte, 0xc3);
    EXPECT_EQ(shape.continuation, SITE + 2);
}

TEST(SiteDecoder, RefusesSyscallRetFollowedByCode)
{
    // Without padding after the ret, the bytes after it may be another function.
    auto w = window({ 0x48, 0x89, 0xca }, { 0xc3, 0x48, 0x89, 0xf8 });
    SiteShape shape;
    EXPECT_FALSE(decode_site(w.data(), SITE, 0, shape));
}

TEST(SiteDecoder, PaddingLengths)
{
    const u8 nops[] = { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00, 0x90, 0xcc, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0, 0x55 };
    EXPECT_EQ(padding_length(nops, sizeof(nops)), sizeof(nops) - 1);
    const u8 code[] = { 0x55, 0x90 };
    EXPECT_EQ(padding_length(code, sizeof(code)), 0u);
}

TEST(SiteDecoder, RefusesRipRelativeOperands)
{
    // mov %eax, 0x1234(%rip) would address something else once moved.
    auto w = window({}, { 0x89, 0x05, 0x34, 0x12, 0, 0 });
    SiteShape shape;
    EXPECT_FALSE(decode_site(w.data(), SITE, 1, shape));
}

TEST(SiteDecoder, RefusesWhatIsNotASyscall)
{
    std::vector<u8> w(SITE_BEFORE + SITE_AFTER, 0x90);
    SiteShape shape;
    EXPECT_FALSE(decode_site(w.data(), SITE, 1, shape));
}

TEST(SiteDecoder, InstructionLengths)
{
    const u8 cmp_imm8[] = { 0x48, 0x83, 0xf8, 0xda };
    EXPECT_EQ(simple_instruction_length(cmp_imm8, sizeof(cmp_imm8)), 4u);
    const u8 mov_rax_rdi[] = { 0x48, 0x89, 0xc7 };
    EXPECT_EQ(simple_instruction_length(mov_rax_rdi, sizeof(mov_rax_rdi)), 3u);
    const u8 mov_to_disp8[] = { 0x89, 0x43, 0x30 };
    EXPECT_EQ(simple_instruction_length(mov_to_disp8, sizeof(mov_to_disp8)), 3u);
    const u8 sib_disp32[] = { 0x48, 0x8b, 0x84, 0x24, 0x10, 0x01, 0x00, 0x00 };
    EXPECT_EQ(simple_instruction_length(sib_disp32, sizeof(sib_disp32)), 8u);
    const u8 movabs[] = { 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8 };
    EXPECT_EQ(simple_instruction_length(movabs, sizeof(movabs)), 10u);
    const u8 jump[] = { 0xeb, 0x10 };
    EXPECT_EQ(simple_instruction_length(jump, sizeof(jump)), 0u);
    const u8 truncated[] = { 0x48, 0x3d, 0x00 };
    EXPECT_EQ(simple_instruction_length(truncated, sizeof(truncated)), 0u);
}
