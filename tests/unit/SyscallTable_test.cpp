// The syscall table: one row per x86-64 syscall number, unique names, and ENOSYS beyond.

#include <gtest/gtest.h>

#include "kernel/syscalls/Dispatch.h"

#include <set>
#include <string>

TEST(SyscallTable, EveryLinuxNumberHasARow)
{
    // 0..334 are contiguous; 335..423 are unused on x86-64; 424 onwards are the new range.
    for (u64 nr = 0; nr <= 334; ++nr)
        EXPECT_NE(syscall_entry(nr), nullptr) << nr;
    for (u64 nr = 335; nr < 424; ++nr)
        EXPECT_EQ(syscall_entry(nr), nullptr) << nr;
    for (u64 nr = 424; nr <= 462; ++nr)
        EXPECT_NE(syscall_entry(nr), nullptr) << nr;
}

TEST(SyscallTable, NamesAreUniqueAndKnownOnesMatch)
{
    std::set<std::string> names;
    for (u64 nr = 0; nr < SYSCALL_TABLE_SIZE; ++nr) {
        if (auto* e = syscall_entry(nr))
            EXPECT_TRUE(names.insert(e->name).second) << e->name;
    }
    EXPECT_STREQ(syscall_entry(0)->name, "read");
    EXPECT_STREQ(syscall_entry(59)->name, "execve");
    EXPECT_STREQ(syscall_entry(231)->name, "exit_group");
    EXPECT_STREQ(syscall_entry(435)->name, "clone3");
}

TEST(SyscallTable, RowsWithoutHandlersReturnTheirErrno)
{
    for (u64 nr = 0; nr < SYSCALL_TABLE_SIZE; ++nr) {
        auto* e = syscall_entry(nr);
        if (!e)
            continue;
        if (e->level == SupportLevel::NONE) {
            EXPECT_EQ(e->thunk, nullptr) << e->name;
            EXPECT_GT(e->error, 0) << e->name;
        } else {
            EXPECT_NE(e->thunk, nullptr) << e->name;
        }
    }
}

TEST(SyscallTable, NumbersBeyondTheTableAreUnknown)
{
    EXPECT_EQ(syscall_entry(SYSCALL_TABLE_SIZE), nullptr);
    EXPECT_EQ(syscall_entry(~u64(0)), nullptr);
}
