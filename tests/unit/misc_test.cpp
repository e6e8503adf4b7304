// The handlers of syscalls/misc.cpp against the fake platform: rlimits, uname, getrandom
// flags, prctl options, capget/capset and personality. Guest pointers point into the
// test's own memory.

#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"

// gtest reaches glibc's <signal.h> through <sys/wait.h>, which declares the same Linux
// names as kernel/abi/Signal.h; these tests use no libc signal API, so it is skipped.
#define _SIGNAL_H 1
#include <gtest/gtest.h>

#include <string.h>

#include "kernel/abi/errno_undef.h"

namespace {

struct MiscSyscalls : ::testing::Test {
    Process* process = new Process(1);
    Thread thread { *process, 1 };
    ~MiscSyscalls() override { delete process; }

    template<typename T>
    static UserPtr<T> user(T* p) { return UserPtr<T>(u64(p)); }
};

constexpr int PR_GET_DUMPABLE = 3;
constexpr int PR_SET_DUMPABLE = 4;
constexpr int PR_SET_NAME = 15;
constexpr int PR_GET_NAME = 16;
constexpr int PR_CAPBSET_READ = 23;
constexpr int PR_SET_NO_NEW_PRIVS = 38;
constexpr int PR_GET_NO_NEW_PRIVS = 39;

}

TEST_F(MiscSyscalls, RlimitsValidateAsLinux)
{
    linux_rlimit limit {};
    ASSERT_TRUE(sys_getrlimit(thread, RLIMIT_STACK, user(&limit)).is_ok());
    EXPECT_EQ(limit.rlim_cur, 8u * 1024 * 1024);
    EXPECT_EQ(sys_getrlimit(thread, RLIM_NLIMITS, user(&limit)).error(), Errno::EINVAL);
    EXPECT_EQ(sys_getrlimit(thread, -1, user(&limit)).error(), Errno::EINVAL);
    linux_rlimit inverted { 10, 5 };
    EXPECT_EQ(sys_setrlimit(thread, RLIMIT_CORE, user<const linux_rlimit>(&inverted)).error(), Errno::EINVAL);
    linux_rlimit too_many { 0, SYSCTL_NR_OPEN + 1 };
    EXPECT_EQ(sys_setrlimit(thread, RLIMIT_NOFILE, user<const linux_rlimit>(&too_many)).error(), Errno::EPERM);
    linux_rlimit core { 100, 200 };
    ASSERT_TRUE(sys_setrlimit(thread, RLIMIT_CORE, user<const linux_rlimit>(&core)).is_ok());
    linux_rlimit old {};
    linux_rlimit raised { 100, 300 };
    process->credentials().cap_effective = 0;
    EXPECT_EQ(sys_prlimit64(thread, 0, RLIMIT_CORE, user<const linux_rlimit>(&raised), user(&old)).error(), Errno::EPERM);
    ASSERT_TRUE(sys_prlimit64(thread, 1, RLIMIT_CORE, UserPtr<const linux_rlimit>(), user(&old)).is_ok());
    EXPECT_EQ(old.rlim_cur, 100u);
    EXPECT_EQ(old.rlim_max, 200u);
    EXPECT_EQ(sys_prlimit64(thread, 2, RLIMIT_CORE, UserPtr<const linux_rlimit>(), user(&old)).error(), Errno::ESRCH);
}

TEST_F(MiscSyscalls, UnameNamesTheSandbox)
{
    linux_new_utsname name {};
    ASSERT_TRUE(sys_uname(thread, user(&name)).is_ok());
    EXPECT_STREQ(name.sysname, "Linux");
    EXPECT_STREQ(name.nodename, "cell");
    EXPECT_STREQ(name.release, "6.1.0-fake");
    EXPECT_STREQ(name.machine, "x86_64");
    EXPECT_STREQ(name.domainname, "(none)");
}

TEST_F(MiscSyscalls, GetrandomFlags)
{
    u8 buffer[600] {};
    EXPECT_EQ(sys_getrandom(thread, user(buffer), 8, 0x8).error(), Errno::EINVAL);
    EXPECT_EQ(sys_getrandom(thread, user(buffer), 8, GRND_INSECURE | GRND_RANDOM).error(), Errno::EINVAL);
    EXPECT_EQ(sys_getrandom(thread, user(buffer), 8, GRND_INSECURE | GRND_NONBLOCK).value(), 8u);
    EXPECT_EQ(sys_getrandom(thread, user(buffer), 0, 0).value(), 0u);
    EXPECT_EQ(sys_getrandom(thread, user(buffer), sizeof(buffer), 0).value(), sizeof(buffer));
    EXPECT_EQ(sys_getrandom(thread, UserPtr<u8>(0x6f0100000000), 8, 0).error(), Errno::EFAULT);
}

TEST_F(MiscSyscalls, PrctlOptions)
{
    EXPECT_EQ(sys_prctl(thread, PR_GET_DUMPABLE, 0, 0, 0, 0).value(), 1u);
    EXPECT_EQ(sys_prctl(thread, PR_SET_DUMPABLE, 2, 0, 0, 0).error(), Errno::EINVAL);
    ASSERT_TRUE(sys_prctl(thread, PR_SET_DUMPABLE, 0, 0, 0, 0).is_ok());
    EXPECT_EQ(sys_prctl(thread, PR_GET_DUMPABLE, 0, 0, 0, 0).value(), 0u);
    const char* long_name = "averyveryverylongname";
    ASSERT_TRUE(sys_prctl(thread, PR_SET_NAME, u64(long_name), 0, 0, 0).is_ok());
    char name[16];
    memset(name, 'x', sizeof(name));
    ASSERT_TRUE(sys_prctl(thread, PR_GET_NAME, u64(name), 0, 0, 0).is_ok());
    EXPECT_STREQ(name, "averyveryverylo");
    EXPECT_EQ(sys_prctl(thread, PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0).error(), Errno::EINVAL);
    EXPECT_EQ(sys_prctl(thread, PR_SET_NO_NEW_PRIVS, 0, 0, 0, 0).error(), Errno::EINVAL);
    ASSERT_TRUE(sys_prctl(thread, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0).is_ok());
    EXPECT_EQ(sys_prctl(thread, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0).value(), 1u);
    EXPECT_EQ(sys_prctl(thread, PR_CAPBSET_READ, 40, 0, 0, 0).value(), 1u);
    EXPECT_EQ(sys_prctl(thread, PR_CAPBSET_READ, 41, 0, 0, 0).error(), Errno::EINVAL);
    EXPECT_EQ(sys_prctl(thread, 9999, 0, 0, 0, 0).error(), Errno::EINVAL);
}

TEST_F(MiscSyscalls, CapgetProbesVersionAndCapsetRules)
{
    linux_cap_user_header header { 0x12345, 0 };
    EXPECT_EQ(sys_capget(thread, user(&header), UserPtr<linux_cap_user_data>()).value(), 0u);
    EXPECT_EQ(header.version, LINUX_CAPABILITY_VERSION_3);
    header.version = 0x12345;
    linux_cap_user_data data[2] {};
    EXPECT_EQ(sys_capget(thread, user(&header), user(data)).error(), Errno::EINVAL);
    header.pid = -1;
    EXPECT_EQ(sys_capget(thread, user(&header), user(data)).error(), Errno::EINVAL);
    header.pid = 0;
    ASSERT_TRUE(sys_capget(thread, user(&header), user(data)).is_ok());
    EXPECT_EQ(data[0].effective, 0xffffffffu);
    EXPECT_EQ(data[1].effective, 0x1ffu);
    // Dropping effective is allowed, raising it past permitted is not.
    data[0].effective = 0;
    ASSERT_TRUE(sys_capset(thread, user(&header), user<const linux_cap_user_data>(data)).is_ok());
    EXPECT_FALSE(process->credentials().capable(0));
    data[0].permitted = 0;
    data[0].effective = 1;
    EXPECT_EQ(sys_capset(thread, user(&header), user<const linux_cap_user_data>(data)).error(), Errno::EPERM);
    header.pid = 7;
    EXPECT_EQ(sys_capset(thread, user(&header), user<const linux_cap_user_data>(data)).error(), Errno::EPERM);
}

TEST_F(MiscSyscalls, PersonalityQueryAndSet)
{
    EXPECT_EQ(sys_personality(thread, 0xffffffff).value(), 0u);
    EXPECT_EQ(sys_personality(thread, 0x0040000).value(), 0u);
    EXPECT_EQ(sys_personality(thread, 0xffffffff).value(), 0x0040000u);
}
