// The memory syscalls' argument checks, against the fake platform: the errno Linux gives
// for each bad argument, before anything reaches the address space.

#include "kernel/abi/Mman.h"
#include "TestArena.h"
#include "kernel/base/Layout.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"

// gtest reaches glibc's <signal.h> through <sys/wait.h>, which declares the same Linux
// names as kernel/abi/Signal.h; these tests use no libc signal API, so it is skipped.
#define _SIGNAL_H 1
#include <gtest/gtest.h>

#include <sys/mman.h>

#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6d4000000000;
constexpr u64 WINDOW = 0x510000000000;
constexpr u64 WINDOW_SIZE = 1ull << 30;
constexpr u64 P = PAGE_SIZE;

class MmSyscallTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
    }
    void SetUp() override
    {
        use_test_arena(TEST_ARENA_BASE);
        process = arena().make<Process>(1);
        thread = arena().make<Thread>(*process, 1);
        auto created = AddressSpace::create();
        ASSERT_TRUE(created.is_ok());
        space = created.value();
        ASSERT_TRUE(space->add_hidden(0, WINDOW).is_ok());
        ASSERT_TRUE(space->add_hidden(WINDOW + WINDOW_SIZE, layout::TASK_SIZE).is_ok());
        space->set_mmap_base(WINDOW + WINDOW_SIZE);
        process->set_address_space(space);
    }
    void TearDown() override
    {
        ::munmap(reinterpret_cast<void*>(WINDOW), WINDOW_SIZE);
        arena().destroy(space);
        arena().destroy(thread);
        arena().destroy(process);
    }
    Errno mmap_error(u64 address, u64 length, int prot, int flags, int fd, u64 offset)
    {
        auto r = sys_mmap(*thread, address, length, prot, flags, fd, offset);
        return r.is_error() ? r.error() : Errno {};
    }

    Process* process { nullptr };
    Thread* thread { nullptr };
    AddressSpace* space { nullptr };
};

constexpr int ANON = MAP_PRIVATE | MAP_ANONYMOUS;

TEST_F(MmSyscallTest, MmapChecksItsArgumentsAsLinux)
{
    EXPECT_EQ(mmap_error(0, P, PROT_READ, ANON, -1, 1), Errno::EINVAL);
    EXPECT_EQ(mmap_error(0, 0, PROT_READ, ANON, -1, 0), Errno::EINVAL);
    EXPECT_EQ(mmap_error(0, ~u64(0) - 10, PROT_READ, ANON, -1, 0), Errno::ENOMEM);
    EXPECT_EQ(mmap_error(0, P, PROT_READ, MAP_ANONYMOUS, -1, 0), Errno::EINVAL);
    EXPECT_EQ(mmap_error(0, P, PROT_READ, ANON | MAP_HUGETLB, -1, 0), Errno::ENOMEM);
    EXPECT_EQ(mmap_error(0, P, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0), Errno::EINVAL);
    EXPECT_EQ(mmap_error(WINDOW + 1, P, PROT_READ, ANON | MAP_FIXED, -1, 0), Errno::EINVAL);
    EXPECT_EQ(mmap_error(layout::KERNEL_IMAGE_BASE, P, PROT_READ, ANON | MAP_FIXED, -1, 0), Errno::ENOMEM);
}

TEST_F(MmSyscallTest, MmapIgnoresUnknownLegacyFlags)
{
    auto r = sys_mmap(*thread, 0, P, PROT_READ, ANON | 0x800000, -1, 0);
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r.value(), WINDOW + WINDOW_SIZE - P);
}

TEST_F(MmSyscallTest, LockFamilyValidatesFlags)
{
    u64 base = sys_mmap(*thread, 0, 2 * P, PROT_READ, ANON, -1, 0).value();
    EXPECT_TRUE(sys_mlock2(*thread, base, P, 1).is_ok());
    EXPECT_EQ(sys_mlock2(*thread, base, P, 2).error(), Errno::EINVAL);
    EXPECT_EQ(sys_mlockall(*thread, 0).error(), Errno::EINVAL);
    EXPECT_EQ(sys_mlockall(*thread, MCL_ONFAULT).error(), Errno::EINVAL);
    EXPECT_EQ(sys_mlockall(*thread, 8).error(), Errno::EINVAL);
    EXPECT_TRUE(sys_mlockall(*thread, MCL_CURRENT | MCL_FUTURE).is_ok());
    EXPECT_TRUE(sys_munlockall(*thread).is_ok());
    EXPECT_EQ(sys_mlock(*thread, WINDOW - P, P).error(), Errno::ENOMEM);
}

TEST_F(MmSyscallTest, MembarrierNeedsRegistration)
{
    u64 supported = sys_membarrier(*thread, 0, 0, 0).value();
    EXPECT_TRUE(supported & 8);
    EXPECT_EQ(sys_membarrier(*thread, 8, 0, 0).error(), Errno::EPERM);
    EXPECT_TRUE(sys_membarrier(*thread, 16, 0, 0).is_ok());
    EXPECT_TRUE(sys_membarrier(*thread, 8, 0, 0).is_ok());
    EXPECT_EQ(sys_membarrier(*thread, 512, 0, 0).value(), 16u);
    EXPECT_EQ(sys_membarrier(*thread, 8, 1, 0).error(), Errno::EINVAL);
    EXPECT_EQ(sys_membarrier(*thread, 3, 0, 0).error(), Errno::EINVAL);
}

TEST_F(MmSyscallTest, MincoreChecksAlignmentAndRange)
{
    EXPECT_EQ(sys_mincore(*thread, WINDOW + 1, P, UserPtr<u8>(WINDOW)).error(), Errno::EINVAL);
    EXPECT_EQ(sys_mincore(*thread, layout::TASK_SIZE, 2 * P, UserPtr<u8>(WINDOW)).error(), Errno::ENOMEM);
}

}
