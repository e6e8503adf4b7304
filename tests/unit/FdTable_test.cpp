// The fd table: lowest-free allocation, dup sharing one description, FD_CLOEXEC, limits,
// and fork copies.

#include "TestArena.h"
#include "kernel/task/FdTable.h"
#include "kernel/vfs/OpenFile.h"

#include <gtest/gtest.h>

#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6d2000000000;

// A seekable file whose reads return the offset they started at, one byte at a time.
class CounterFile final : public OpenFile {
public:
    CounterFile()
        : OpenFile(Path(), O_RDONLY)
    {
    }
    Result<u64> pread(void* buffer, u64 len, i64 offset) override
    {
        if (len == 0)
            return u64(0);
        *static_cast<u8*>(buffer) = u8(offset);
        return u64(1);
    }
    Result<void> stat(linux_stat& st) override
    {
        st = {};
        st.st_mode = S_IFREG | 0644;
        st.st_size = 100;
        return {};
    }
};

class FdTableTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
        table = FdTable::create();
        ASSERT_NE(table, nullptr);
    }
    void TearDown() override { table->destroy(); }

    static OpenFile* new_file() { return make_ref_counted<CounterFile>(); }

    FdTable* table { nullptr };
};

TEST_F(FdTableTest, InstallsAtLowestFreeFd)
{
    EXPECT_EQ(table->install(new_file(), false, 1024).value(), 0);
    EXPECT_EQ(table->install(new_file(), false, 1024).value(), 1);
    EXPECT_EQ(table->install(new_file(), false, 1024).value(), 2);
    EXPECT_TRUE(table->close(1).is_ok());
    EXPECT_EQ(table->install(new_file(), false, 1024).value(), 1);
    EXPECT_EQ(table->install(new_file(), false, 1024, 10).value(), 10);
    EXPECT_EQ(table->install(new_file(), false, 1024, 3).value(), 3);
}

TEST_F(FdTableTest, GrowsAndRespectsTheLimit)
{
    for (int i = 0; i < 200; ++i)
        ASSERT_EQ(table->install(new_file(), false, 200).value(), i);
    OpenFile* extra = new_file();
    auto r = table->install(extra, false, 200);
    ASSERT_TRUE(r.is_error());
    EXPECT_EQ(r.error(), Errno::EMFILE);
    extra->unref();
    EXPECT_EQ(table->install_at(200, new_file(), false, 200).error(), Errno::EBADF);
}

TEST_F(FdTableTest, BadFds)
{
    EXPECT_EQ(table->get(0).error(), Errno::EBADF);
    EXPECT_EQ(table->get(-1).error(), Errno::EBADF);
    EXPECT_EQ(table->close(5).error(), Errno::EBADF);
    EXPECT_EQ(table->cloexec(100000).error(), Errno::EBADF);
}

TEST_F(FdTableTest, DupSharesOffsetAndFlags)
{
    OpenFile* file = new_file();
    int fd = table->install(file, false, 1024).value();
    ASSERT_TRUE(table->install_at(7, file, true, 1024).is_ok());
    EXPECT_EQ(file->ref_count(), 2u);
    u8 byte = 0;
    OpenFile* a = table->get(fd).value();
    OpenFile* b = table->get(7).value();
    EXPECT_EQ(a, b);
    EXPECT_EQ(a->read(&byte, 1).value(), 1u);
    EXPECT_EQ(byte, 0);
    EXPECT_EQ(b->read(&byte, 1).value(), 1u);
    EXPECT_EQ(byte, 1);
    EXPECT_EQ(a->lseek(0, SEEK_CUR).value(), 2);
    EXPECT_EQ(b->lseek(-10, SEEK_END).value(), 90);
    EXPECT_TRUE(a->set_status_flags(O_NONBLOCK, O_NONBLOCK).is_ok());
    EXPECT_TRUE(b->flags() & O_NONBLOCK);
    a->unref();
    b->unref();
    // FD_CLOEXEC belongs to the fd, not the description.
    EXPECT_FALSE(table->cloexec(fd).value());
    EXPECT_TRUE(table->cloexec(7).value());
}

TEST_F(FdTableTest, CloseOnExec)
{
    table->install(new_file(), true, 1024).value();
    table->install(new_file(), false, 1024).value();
    table->install(new_file(), true, 1024).value();
    table->close_on_exec();
    EXPECT_EQ(table->get(0).error(), Errno::EBADF);
    EXPECT_EQ(table->get(2).error(), Errno::EBADF);
    OpenFile* kept = table->get(1).value();
    kept->unref();
}

TEST_F(FdTableTest, InstallAtReplacesAndReleases)
{
    OpenFile* first = new_file();
    first->ref(); // the test's own reference
    table->install(first, false, 1024).value();
    OpenFile* second = new_file();
    ASSERT_TRUE(table->install_at(0, second, false, 1024).is_ok());
    second->unref();
    EXPECT_EQ(first->ref_count(), 1u);
    first->unref();
}

TEST_F(FdTableTest, CloneSharesDescriptions)
{
    OpenFile* file = new_file();
    table->install(file, true, 1024).value();
    FdTable* copy = table->clone();
    ASSERT_NE(copy, nullptr);
    EXPECT_EQ(file->ref_count(), 2u);
    OpenFile* seen = copy->get(0).value();
    EXPECT_EQ(seen, file);
    seen->unref();
    EXPECT_TRUE(copy->cloexec(0).value());
    EXPECT_TRUE(copy->close(0).is_ok());
    EXPECT_EQ(file->ref_count(), 1u);
    copy->destroy();
}

}

TEST_F(FdTableTest, CloseRangeClosesOrMarksOnlyTheRange)
{
    for (int i = 0; i < 6; ++i)
        ASSERT_EQ(table->install(new_file(), false, 1024).value(), i);
    table->close_range(1, 2, false);
    EXPECT_EQ(table->get(1).error(), Errno::EBADF);
    EXPECT_EQ(table->get(2).error(), Errno::EBADF);
    table->close_range(4, ~0u, true);
    EXPECT_TRUE(table->cloexec(4).value());
    EXPECT_TRUE(table->cloexec(5).value());
    EXPECT_FALSE(table->cloexec(3).value());
    // A range past the table's end changes nothing and does not overflow.
    table->close_range(5000, ~0u, false);
    EXPECT_TRUE(table->cloexec(5).is_ok());
}
