// The handlers of syscalls/signal.cpp that need no guest delivery: rt_sigaction's checks
// and flag masking, rt_sigprocmask, the pending set, and kill's targets. Guest pointers
// point into the test's own memory.

#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"

// gtest reaches glibc's <signal.h> through <sys/wait.h>, which declares the same Linux
// names as kernel/abi/Signal.h; these tests use no libc signal API, so it is skipped.
#define _SIGNAL_H 1
#include <gtest/gtest.h>

#include "kernel/abi/errno_undef.h"

namespace {

struct SignalSyscalls : ::testing::Test {
    Process* process = new Process(1);
    Thread thread { *process, 1 };
    ~SignalSyscalls() override { delete process; }

    template<typename T>
    static UserPtr<T> user(T* p) { return UserPtr<T>(u64(p)); }
};

}

TEST_F(SignalSyscalls, SigactionChecksSizeAndSignal)
{
    k_sigaction act {};
    k_sigaction old {};
    EXPECT_EQ(sys_rt_sigaction(thread, SIGUSR1, user<const k_sigaction>(&act), user(&old), 4).error(), Errno::EINVAL);
    EXPECT_EQ(sys_rt_sigaction(thread, 0, UserPtr<const k_sigaction>(), user(&old), 8).error(), Errno::EINVAL);
    EXPECT_EQ(sys_rt_sigaction(thread, 65, UserPtr<const k_sigaction>(), user(&old), 8).error(), Errno::EINVAL);
    EXPECT_EQ(sys_rt_sigaction(thread, SIGKILL, user<const k_sigaction>(&act), user(&old), 8).error(), Errno::EINVAL);
    EXPECT_EQ(sys_rt_sigaction(thread, SIGSTOP, user<const k_sigaction>(&act), user(&old), 8).error(), Errno::EINVAL);
    // Reading SIGKILL's action is allowed.
    EXPECT_TRUE(sys_rt_sigaction(thread, SIGKILL, UserPtr<const k_sigaction>(), user(&old), 8).is_ok());
}

TEST_F(SignalSyscalls, SigactionKeepsKnownFlagsAndDropsUnblockableFromMask)
{
    k_sigaction act { 0x1234, ~u64(0), 0x5678, ~u64(0) };
    ASSERT_TRUE(sys_rt_sigaction(thread, SIGUSR1, user<const k_sigaction>(&act), UserPtr<k_sigaction>(), 8).is_ok());
    k_sigaction old {};
    ASSERT_TRUE(sys_rt_sigaction(thread, SIGUSR1, UserPtr<const k_sigaction>(), user(&old), 8).is_ok());
    EXPECT_EQ(old.handler, 0x1234u);
    EXPECT_EQ(old.restorer, 0x5678u);
    EXPECT_EQ(old.flags, 0xdc000807u);
    EXPECT_EQ(old.mask, ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP)));
}

TEST_F(SignalSyscalls, SigprocmaskHowAndSize)
{
    u64 set = ~u64(0);
    u64 old = 1;
    EXPECT_EQ(sys_rt_sigprocmask(thread, SIG_BLOCK, user<const u64>(&set), user(&old), 7).error(), Errno::EINVAL);
    EXPECT_EQ(sys_rt_sigprocmask(thread, 9, user<const u64>(&set), user(&old), 8).error(), Errno::EINVAL);
    // An unknown `how` without a set is not checked.
    EXPECT_TRUE(sys_rt_sigprocmask(thread, 9, UserPtr<const u64>(), user(&old), 8).is_ok());
    EXPECT_EQ(old, 0u);
    ASSERT_TRUE(sys_rt_sigprocmask(thread, SIG_BLOCK, user<const u64>(&set), UserPtr<u64>(), 8).is_ok());
    EXPECT_EQ(thread.signal_mask(), ~(sig_bit(SIGKILL) | sig_bit(SIGSTOP)));
    u64 term = sig_bit(SIGTERM);
    ASSERT_TRUE(sys_rt_sigprocmask(thread, SIG_UNBLOCK, user<const u64>(&term), user(&old), 8).is_ok());
    EXPECT_EQ(thread.signal_mask() & term, 0u);
    ASSERT_TRUE(sys_rt_sigprocmask(thread, SIG_SETMASK, user<const u64>(&term), UserPtr<u64>(), 8).is_ok());
    EXPECT_EQ(thread.signal_mask(), term);
}

TEST_F(SignalSyscalls, BlockedSignalsPendUntilIgnored)
{
    u64 term = sig_bit(SIGTERM);
    ASSERT_TRUE(sys_rt_sigprocmask(thread, SIG_BLOCK, user<const u64>(&term), UserPtr<u64>(), 8).is_ok());
    ASSERT_TRUE(sys_kill(thread, 1, SIGTERM).is_ok());
    u64 pending = 0;
    ASSERT_TRUE(sys_rt_sigpending(thread, user(&pending).cast<u8>(), 8).is_ok());
    EXPECT_EQ(pending, term);
    EXPECT_EQ(sys_rt_sigpending(thread, user(&pending).cast<u8>(), 9).error(), Errno::EINVAL);
    k_sigaction ignore { SIG_IGN, 0, 0, 0 };
    ASSERT_TRUE(sys_rt_sigaction(thread, SIGTERM, user<const k_sigaction>(&ignore), UserPtr<k_sigaction>(), 8).is_ok());
    ASSERT_TRUE(sys_rt_sigpending(thread, user(&pending).cast<u8>(), 8).is_ok());
    EXPECT_EQ(pending, 0u);
    // Unblocking an ignored signal does nothing.
    ASSERT_TRUE(sys_kill(thread, 0, SIGTERM).is_ok());
    ASSERT_TRUE(sys_rt_sigprocmask(thread, SIG_UNBLOCK, user<const u64>(&term), UserPtr<u64>(), 8).is_ok());
}

TEST_F(SignalSyscalls, KillTargetsAndProbes)
{
    EXPECT_TRUE(sys_kill(thread, 1, 0).is_ok());
    EXPECT_TRUE(sys_kill(thread, 0, 0).is_ok());
    process->set_pgid(5);
    EXPECT_TRUE(sys_kill(thread, -5, 0).is_ok());
    EXPECT_EQ(sys_kill(thread, -6, 0).error(), Errno::ESRCH);
    EXPECT_EQ(sys_kill(thread, -1, 0).error(), Errno::ESRCH);
    EXPECT_EQ(sys_kill(thread, 2, 0).error(), Errno::ESRCH);
    EXPECT_EQ(sys_kill(thread, 2, 100).error(), Errno::ESRCH);
    EXPECT_EQ(sys_kill(thread, 1, 100).error(), Errno::EINVAL);
    EXPECT_EQ(sys_kill(thread, i32(0x80000000), 0).error(), Errno::ESRCH);
    // Default-ignored signals are discarded.
    EXPECT_TRUE(sys_kill(thread, 1, SIGCHLD).is_ok());
    EXPECT_EQ(sys_tgkill(thread, 0, 1, 0).error(), Errno::EINVAL);
    EXPECT_EQ(sys_tgkill(thread, 1, 2, 0).error(), Errno::ESRCH);
    EXPECT_EQ(sys_tgkill(thread, 1, 1, 100).error(), Errno::EINVAL);
    EXPECT_TRUE(sys_tgkill(thread, 1, 1, 0).is_ok());
    EXPECT_EQ(sys_tkill(thread, -1, 0).error(), Errno::EINVAL);
    EXPECT_EQ(sys_tkill(thread, 5, 0).error(), Errno::ESRCH);
    EXPECT_TRUE(sys_tkill(thread, 1, 0).is_ok());
}
