// Thread state: sigaltstack rules and the signal mask.

#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"

// gtest reaches glibc's <signal.h> through <sys/wait.h>, which declares the same Linux
// names as kernel/abi/Signal.h; these tests use no libc signal API, so it is skipped.
#define _SIGNAL_H 1
#include <gtest/gtest.h>

#include "kernel/abi/errno_undef.h"

namespace {

struct ThreadState : ::testing::Test {
    Process* process = new Process(1);
    Thread thread { *process, 1 };
    ~ThreadState() override { delete process; }
};

linux_stack_t stack(u64 sp, i32 flags, u64 size)
{
    linux_stack_t ss {};
    ss.ss_sp = sp;
    ss.ss_flags = flags;
    ss.ss_size = size;
    return ss;
}

}

TEST_F(ThreadState, SignalStackStartsDisabled)
{
    linux_stack_t old {};
    ASSERT_TRUE(thread.change_signal_stack(nullptr, &old, 0x1000).is_ok());
    EXPECT_EQ(old.ss_flags, SS_DISABLE);
    EXPECT_EQ(old.ss_size, 0u);
    EXPECT_EQ(old.ss_sp, 0u);
}

TEST_F(ThreadState, SignalStackChecksModeAndSize)
{
    auto bad_mode = stack(0x10000, 7, 8192);
    EXPECT_EQ(thread.change_signal_stack(&bad_mode, nullptr, 0).error(), Errno::EINVAL);
    auto small = stack(0x10000, 0, 2047);
    EXPECT_EQ(thread.change_signal_stack(&small, nullptr, 0).error(), Errno::ENOMEM);
    auto good = stack(0x10000, 0, 8192);
    ASSERT_TRUE(thread.change_signal_stack(&good, nullptr, 0).is_ok());
    linux_stack_t old {};
    ASSERT_TRUE(thread.change_signal_stack(nullptr, &old, 0x90000).is_ok());
    EXPECT_EQ(old.ss_flags, 0);
    EXPECT_EQ(old.ss_sp, 0x10000u);
    EXPECT_EQ(old.ss_size, 8192u);
}

TEST_F(ThreadState, SignalStackRefusesChangesWhileOnIt)
{
    auto good = stack(0x10000, 0, 8192);
    ASSERT_TRUE(thread.change_signal_stack(&good, nullptr, 0).is_ok());
    linux_stack_t old {};
    ASSERT_TRUE(thread.change_signal_stack(nullptr, &old, 0x11000).is_ok());
    EXPECT_EQ(old.ss_flags, SS_ONSTACK);
    auto off = stack(0, SS_DISABLE, 0);
    EXPECT_EQ(thread.change_signal_stack(&off, nullptr, 0x11000).error(), Errno::EPERM);
    // The top address itself is outside a stack that grows down.
    EXPECT_TRUE(thread.change_signal_stack(&off, nullptr, 0x10000).is_ok());
}

TEST_F(ThreadState, SignalStackDisableClearsAddressAndAutodisarmReadsBack)
{
    auto armed = stack(0x10000, SS_AUTODISARM, 8192);
    ASSERT_TRUE(thread.change_signal_stack(&armed, nullptr, 0).is_ok());
    linux_stack_t old {};
    ASSERT_TRUE(thread.change_signal_stack(nullptr, &old, 0x11000).is_ok());
    // SS_AUTODISARM means "never on the stack" for the EPERM check and the report.
    EXPECT_EQ(old.ss_flags, SS_AUTODISARM);
    auto off = stack(0x20000, SS_DISABLE, 4096);
    ASSERT_TRUE(thread.change_signal_stack(&off, nullptr, 0x11000).is_ok());
    ASSERT_TRUE(thread.change_signal_stack(nullptr, &old, 0).is_ok());
    EXPECT_EQ(old.ss_flags, SS_DISABLE);
    EXPECT_EQ(old.ss_sp, 0u);
    EXPECT_EQ(old.ss_size, 0u);
}

TEST_F(ThreadState, SignalMaskNeverBlocksKillOrStop)
{
    thread.set_signal_mask(~u64(0));
    EXPECT_EQ(thread.signal_mask() & sig_bit(SIGKILL), 0u);
    EXPECT_EQ(thread.signal_mask() & sig_bit(SIGSTOP), 0u);
    EXPECT_NE(thread.signal_mask() & sig_bit(SIGTERM), 0u);
}
