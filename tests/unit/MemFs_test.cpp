// memfs against the fake platform: names, links, rename, sparse data and the size limit.

// Kernel headers first: they declare Linux's names (S_IFDIR, ...) that libc headers
// would otherwise have turned into macros.
#include "TestArena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemFs.h"
#include "kernel/fs/memfs/MemInode.h"

#include <cstring>
#include <gtest/gtest.h>

// libc's headers came second and defined errno macros; Errno::ENOENT needs them gone.
#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6de000000000;

class MemFsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
        auto fs = MemFs::create(16 * PAGE_SIZE, 01777);
        ASSERT_TRUE(fs.is_ok());
        m_fs = fs.value();
        m_root = static_cast<MemInode*>(m_fs->root_inode());
    }
    void TearDown() override { m_root->unref(); }

    MemInode* make(const char* name, u32 mode)
    {
        InodeCreation creation;
        creation.mode = mode;
        auto made = (mode & S_IFMT) == S_IFDIR ? m_root->mkdir(name, creation) : m_root->create(name, creation);
        return made.is_ok() ? static_cast<MemInode*>(made.value()) : nullptr;
    }

    MemFs* m_fs { nullptr };
    MemInode* m_root { nullptr };
};

TEST_F(MemFsTest, RootIsInodeOneWithTmpfsSizes)
{
    linux_stat st {};
    ASSERT_TRUE(m_root->stat(st).is_ok());
    EXPECT_EQ(st.st_ino, 1u);
    EXPECT_EQ(st.st_mode, S_IFDIR | 01777u);
    EXPECT_EQ(st.st_nlink, 2u);
    EXPECT_EQ(st.st_size, 40);
}

TEST_F(MemFsTest, CreateLookupAndExisting)
{
    MemInode* file = make("a", S_IFREG | 0644);
    ASSERT_NE(file, nullptr);
    auto found = m_root->lookup("a");
    ASSERT_TRUE(found.is_ok());
    EXPECT_EQ(found.value(), file);
    found.value()->unref();
    InodeCreation creation;
    creation.mode = S_IFREG | 0644;
    EXPECT_EQ(m_root->create("a", creation).error(), Errno::EEXIST);
    EXPECT_EQ(m_root->lookup("b").error(), Errno::ENOENT);
    file->unref();
}

TEST_F(MemFsTest, DirectoryLinkCountsFollowSubdirectories)
{
    MemInode* dir = make("d", S_IFDIR | 0755);
    ASSERT_NE(dir, nullptr);
    linux_stat st {};
    ASSERT_TRUE(m_root->stat(st).is_ok());
    EXPECT_EQ(st.st_nlink, 3u);
    EXPECT_EQ(m_root->unlink("d").error(), Errno::EISDIR);
    ASSERT_TRUE(m_root->rmdir("d").is_ok());
    ASSERT_TRUE(m_root->stat(st).is_ok());
    EXPECT_EQ(st.st_nlink, 2u);
    ASSERT_TRUE(dir->stat(st).is_ok());
    EXPECT_EQ(st.st_nlink, 0u);
    dir->unref();
}

TEST_F(MemFsTest, RenameReplacesAndExchanges)
{
    MemInode* a = make("a", S_IFREG | 0644);
    MemInode* b = make("b", S_IFREG | 0644);
    ASSERT_TRUE(m_root->rename("a", *m_root, "b", RENAME_NOREPLACE).is_error());
    ASSERT_TRUE(m_root->rename("a", *m_root, "b", RENAME_EXCHANGE).is_ok());
    auto found = m_root->lookup("a");
    ASSERT_TRUE(found.is_ok());
    EXPECT_EQ(found.value(), b);
    found.value()->unref();
    ASSERT_TRUE(m_root->rename("a", *m_root, "b", 0).is_ok());
    linux_stat st {};
    ASSERT_TRUE(a->stat(st).is_ok());
    EXPECT_EQ(st.st_nlink, 0u);
    EXPECT_EQ(m_root->lookup("a").error(), Errno::ENOENT);
    a->unref();
    b->unref();
}

TEST_F(MemFsTest, SparseDataAndSeekData)
{
    MemInode* file = make("f", S_IFREG | 0644);
    char page[PAGE_SIZE];
    memset(page, 'x', sizeof(page));
    MutexLocker locker(m_fs->lock());
    ASSERT_TRUE(file->write_data(page, sizeof(page), 3 * PAGE_SIZE).is_ok());
    EXPECT_EQ(file->size(), 4 * PAGE_SIZE);
    EXPECT_EQ(file->seek_data(0, true), 3 * PAGE_SIZE);
    EXPECT_EQ(file->seek_data(0, false), 0u);
    EXPECT_EQ(file->seek_data(3 * PAGE_SIZE, false), 4 * PAGE_SIZE);
    char back[16];
    ASSERT_TRUE(file->read_data(back, sizeof(back), PAGE_SIZE).is_ok());
    EXPECT_EQ(back[0], 0);
    file->punch_range(3 * PAGE_SIZE, PAGE_SIZE);
    EXPECT_EQ(file->seek_data(0, true), ~u64(0));
    file->unref();
}

TEST_F(MemFsTest, SizeLimitGivesEnospc)
{
    MemInode* file = make("big", S_IFREG | 0644);
    MutexLocker locker(m_fs->lock());
    EXPECT_TRUE(file->allocate_range(0, 16 * PAGE_SIZE, false).is_ok());
    EXPECT_EQ(file->allocate_range(16 * PAGE_SIZE, PAGE_SIZE, false).error(), Errno::ENOSPC);
    char byte = 1;
    EXPECT_EQ(file->write_data(&byte, 1, 20 * PAGE_SIZE).error(), Errno::ENOSPC);
    ASSERT_TRUE(file->set_size(0).is_ok());
    EXPECT_TRUE(file->write_data(&byte, 1, 20 * PAGE_SIZE).is_ok());
    file->unref();
}

TEST_F(MemFsTest, Xattrs)
{
    MemInode* file = make("x", S_IFREG | 0644);
    EXPECT_EQ(file->getxattr("user.a", nullptr, 0).error(), Errno::ENODATA);
    ASSERT_TRUE(file->setxattr("user.a", "val", 3, 0).is_ok());
    EXPECT_EQ(file->setxattr("user.a", "v", 1, XATTR_CREATE).error(), Errno::EEXIST);
    EXPECT_EQ(file->setxattr("user.b", "v", 1, XATTR_REPLACE).error(), Errno::ENODATA);
    char value[8];
    EXPECT_EQ(file->getxattr("user.a", value, 2).error(), Errno::ERANGE);
    EXPECT_EQ(file->getxattr("user.a", value, sizeof(value)).value(), 3u);
    ASSERT_TRUE(file->setxattr("trusted.t", "t", 1, 0).is_ok());
    char list[64];
    EXPECT_EQ(file->listxattr(list, sizeof(list), false).value(), 7u);
    EXPECT_EQ(file->listxattr(list, sizeof(list), true).value(), 17u);
    ASSERT_TRUE(file->removexattr("user.a").is_ok());
    EXPECT_EQ(file->removexattr("user.a").error(), Errno::ENODATA);
    file->unref();
}

}
