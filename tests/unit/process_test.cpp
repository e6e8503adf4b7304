// The handlers of syscalls/process.cpp: identity, sessions, the uid/gid family with
// Linux's capability rules, and supplementary groups. Guest pointers point into the
// test's own memory.

#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"

// gtest reaches glibc's <signal.h> through <sys/wait.h>, which declares the same Linux
// names as kernel/abi/Signal.h; these tests use no libc signal API, so it is skipped.
#define _SIGNAL_H 1
#include <gtest/gtest.h>

#include "kernel/abi/errno_undef.h"

namespace {

struct ProcessSyscalls : ::testing::Test {
    Process* process = new Process(1);
    Thread thread { *process, 1 };
    ~ProcessSyscalls() override { delete process; }

    template<typename T>
    static UserPtr<T> user(T* p) { return UserPtr<T>(u64(p)); }
    Credentials& creds() { return process->credentials(); }
};

constexpr u32 KEEP = ~u32(0);

}

TEST_F(ProcessSyscalls, IdentityOfTheFirstProcess)
{
    EXPECT_EQ(sys_getpid(thread).value(), 1u);
    EXPECT_EQ(sys_getppid(thread).value(), 0u);
    EXPECT_EQ(sys_getpgrp(thread).value(), 1u);
    EXPECT_EQ(sys_getsid(thread, 0).value(), 1u);
    EXPECT_EQ(sys_getpgid(thread, 1).value(), 1u);
    EXPECT_EQ(sys_getpgid(thread, 2).error(), Errno::ESRCH);
    // pid 1 leads its session and its group.
    EXPECT_EQ(sys_setsid(thread).error(), Errno::EPERM);
    EXPECT_EQ(sys_setpgid(thread, 0, 0).error(), Errno::EPERM);
    EXPECT_EQ(sys_setpgid(thread, 0, -1).error(), Errno::EINVAL);
    EXPECT_EQ(sys_setpgid(thread, 7, 0).error(), Errno::ESRCH);
}

TEST_F(ProcessSyscalls, SetuidAsRootSetsAllAndDropsCapabilities)
{
    ASSERT_TRUE(sys_setuid(thread, 1000).is_ok());
    EXPECT_EQ(creds().uid, 1000u);
    EXPECT_EQ(creds().euid, 1000u);
    EXPECT_EQ(creds().suid, 1000u);
    EXPECT_EQ(creds().fsuid, 1000u);
    EXPECT_EQ(creds().cap_effective, 0u);
    EXPECT_EQ(creds().cap_permitted, 0u);
    EXPECT_EQ(sys_setuid(thread, 0).error(), Errno::EPERM);
    EXPECT_EQ(sys_setuid(thread, KEEP).error(), Errno::EINVAL);
}

TEST_F(ProcessSyscalls, SetreuidKeepsSavedRootAndCanReturn)
{
    ASSERT_TRUE(sys_setresuid(thread, KEEP, 1000, KEEP).is_ok());
    EXPECT_EQ(creds().uid, 0u);
    EXPECT_EQ(creds().euid, 1000u);
    EXPECT_EQ(creds().fsuid, 1000u);
    EXPECT_EQ(creds().cap_effective, 0u);
    EXPECT_NE(creds().cap_permitted, 0u);
    // The saved uid is still 0, so euid may go back, and capabilities come back with it.
    ASSERT_TRUE(sys_setresuid(thread, KEEP, 0, KEEP).is_ok());
    EXPECT_EQ(creds().cap_effective, creds().cap_permitted);
}

TEST_F(ProcessSyscalls, SetreuidUpdatesSavedUid)
{
    ASSERT_TRUE(sys_setreuid(thread, 1000, 1001).is_ok());
    EXPECT_EQ(creds().uid, 1000u);
    EXPECT_EQ(creds().euid, 1001u);
    EXPECT_EQ(creds().suid, 1001u);
    EXPECT_EQ(creds().cap_permitted, 0u);
    // Unprivileged: may swap to the real uid, not to a new one.
    EXPECT_TRUE(sys_setreuid(thread, KEEP, 1000).is_ok());
    EXPECT_EQ(sys_setreuid(thread, KEEP, 5).error(), Errno::EPERM);
}

TEST_F(ProcessSyscalls, SetfsuidReturnsOldValueAndKeepCapsHolds)
{
    EXPECT_EQ(sys_setfsuid(thread, 42).value(), 0u);
    EXPECT_EQ(sys_setfsuid(thread, KEEP).value(), 42u);
    // Leaving fsuid 0 drops the filesystem capabilities (CAP_CHOWN is bit 0).
    EXPECT_EQ(creds().cap_effective & 1, 0u);
    creds().keep_caps = true;
    ASSERT_TRUE(sys_setresuid(thread, 5, 5, 5).is_ok());
    EXPECT_NE(creds().cap_permitted, 0u);
    EXPECT_EQ(creds().cap_effective, 0u);
}

TEST_F(ProcessSyscalls, GidCallsNeedCapSetgid)
{
    ASSERT_TRUE(sys_setresgid(thread, 100, 100, 100).is_ok());
    u32 r = 0, e = 0, s = 0;
    ASSERT_TRUE(sys_getresgid(thread, user(&r), user(&e), user(&s)).is_ok());
    EXPECT_EQ(r, 100u);
    EXPECT_EQ(e, 100u);
    EXPECT_EQ(s, 100u);
    creds().cap_effective = 0;
    EXPECT_EQ(sys_setgid(thread, 0).error(), Errno::EPERM);
    EXPECT_EQ(sys_setregid(thread, 7, KEEP).error(), Errno::EPERM);
    EXPECT_EQ(sys_setfsgid(thread, 0).value(), 100u);
    EXPECT_EQ(creds().fsgid, 100u);
}

TEST_F(ProcessSyscalls, GroupsAreSortedAndSizeChecked)
{
    u32 groups[] = { 30, 10, 20, 10 };
    ASSERT_TRUE(sys_setgroups(thread, 4, user<const u32>(groups)).is_ok());
    u32 out[8] {};
    EXPECT_EQ(sys_getgroups(thread, 0, user(out)).value(), 4u);
    EXPECT_EQ(sys_getgroups(thread, 3, user(out)).error(), Errno::EINVAL);
    EXPECT_EQ(sys_getgroups(thread, -1, user(out)).error(), Errno::EINVAL);
    ASSERT_EQ(sys_getgroups(thread, 8, user(out)).value(), 4u);
    EXPECT_EQ(out[0], 10u);
    EXPECT_EQ(out[1], 10u);
    EXPECT_EQ(out[2], 20u);
    EXPECT_EQ(out[3], 30u);
    EXPECT_EQ(sys_setgroups(thread, -1, user<const u32>(groups)).error(), Errno::EINVAL);
    EXPECT_EQ(sys_setgroups(thread, 1000, user<const u32>(groups)).error(), Errno::ENOMEM);
    creds().cap_effective = 0;
    EXPECT_EQ(sys_setgroups(thread, 0, user<const u32>(groups)).error(), Errno::EPERM);
}

TEST_F(ProcessSyscalls, KernelAddressesAreEfault)
{
    EXPECT_EQ(sys_getresuid(thread, UserPtr<u32>(0x6f0100000000), UserPtr<u32>(), UserPtr<u32>()).error(), Errno::EFAULT);
}
