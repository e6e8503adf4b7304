// Writable hostfs against the real host: each test makes changes through the inode
// interface in a fresh scratch directory and checks them with the host's own calls.

#include "../TestArena.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/OpenFile.h"
#include "kernel/vfs/PathWalk.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6e5000000000;

class HostFsWriteTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
        char pattern[] = "/tmp/cell-hostfs-write-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        m_dir = pattern;
        auto fs = HostFs::create(m_dir.c_str(), HostSharing::Shared);
        ASSERT_TRUE(fs.is_ok());
        auto* table = arena().make<MountTable>();
        set_mount_table(table);
        Mount* m = table->mount_root(*fs.value(), 0).value();
        m_root = Path(m, m->root());
    }

    void TearDown() override
    {
        m_root = Path();
        std::string command = "rm -rf '" + m_dir + "'";
        ASSERT_EQ(system(command.c_str()), 0);
    }

    Inode& walk(const char* path)
    {
        auto found = path_walk(m_root, m_root, path, 0);
        EXPECT_TRUE(found.is_ok()) << path;
        m_held = found.value().path;
        return m_held.inode();
    }

    std::string host(const char* name) const { return m_dir + "/" + name; }

    static InodeCreation creation(u32 mode) { return InodeCreation { mode, 0, 0, 0 }; }

    std::string m_dir;
    Path m_root;
    Path m_held;
};

TEST_F(HostFsWriteTest, CreatesWritesAndTruncates)
{
    Inode* file = walk("/").create("f", creation(S_IFREG | 0640)).value();
    Path path(m_root.mount, m_root.dentry);
    auto open = file->open(path, O_RDWR);
    ASSERT_TRUE(open.is_ok());
    ASSERT_EQ(open.value()->pwrite("hello world", 11, 0).value(), 11u);
    open.value()->unref();
    file->unref();
    struct stat st {};
    ASSERT_EQ(stat(host("f").c_str(), &st), 0);
    EXPECT_EQ(st.st_size, 11);
    EXPECT_EQ(st.st_mode & 07777, 0640u);

    InodeAttr attr;
    attr.valid = ATTR_SIZE;
    attr.size = 5;
    ASSERT_TRUE(walk("/f").setattr(attr).is_ok());
    ASSERT_EQ(stat(host("f").c_str(), &st), 0);
    EXPECT_EQ(st.st_size, 5);
    EXPECT_EQ(walk("/").create("f", creation(S_IFREG | 0644)).error(), Errno::EEXIST);
}

TEST_F(HostFsWriteTest, MkdirRenameAndUnlink)
{
    walk("/").mkdir("d", creation(S_IFDIR | 0755)).value()->unref();
    walk("/d").create("inner", creation(S_IFREG | 0644)).value()->unref();
    // The inode of "d" is held across the rename: it must follow its new name.
    Inode& d = walk("/d");
    Path held = m_held;
    ASSERT_TRUE(m_root.inode().rename("d", m_root.inode(), "e", 0).is_ok());
    struct stat st {};
    EXPECT_EQ(stat(host("e/inner").c_str(), &st), 0);
    linux_stat lst {};
    EXPECT_TRUE(d.stat(lst).is_ok());
    d.create("second", creation(S_IFREG | 0600)).value()->unref();
    EXPECT_EQ(stat(host("e/second").c_str(), &st), 0);

    ASSERT_TRUE(d.unlink("inner").is_ok());
    ASSERT_TRUE(d.unlink("second").is_ok());
    EXPECT_EQ(m_root.inode().rmdir("e").is_ok(), true);
    EXPECT_NE(stat(host("e").c_str(), &st), 0);
    EXPECT_EQ(d.stat(lst).error(), Errno::ENOENT);
}

TEST_F(HostFsWriteTest, SymlinksAndHardLinks)
{
    walk("/").symlink("out", "/etc/passwd", creation(S_IFLNK | 0777)).value()->unref();
    char target[64] {};
    ASSERT_EQ(readlink(host("out").c_str(), target, sizeof(target)), 11);
    EXPECT_STREQ(target, "/etc/passwd");
    // Writing through the planted link must never reach the host's /etc.
    auto through = path_walk(m_root, m_root, "/out", WALK_FOLLOW);
    EXPECT_TRUE(through.is_error());

    walk("/").create("a", creation(S_IFREG | 0644)).value()->unref();
    Inode& a = walk("/a");
    ASSERT_TRUE(m_root.inode().link("b", a).is_ok());
    struct stat st {};
    ASSERT_EQ(stat(host("b").c_str(), &st), 0);
    EXPECT_EQ(st.st_nlink, 2u);
}

TEST_F(HostFsWriteTest, OwnersTheHostCannotStoreAreKept)
{
    walk("/").create("owned", creation(S_IFREG | 0644)).value()->unref();
    InodeAttr attr;
    attr.valid = ATTR_UID | ATTR_GID;
    attr.uid = 1234;
    attr.gid = 5678;
    ASSERT_TRUE(walk("/owned").setattr(attr).is_ok());
    linux_stat st {};
    ASSERT_TRUE(walk("/owned").stat(st).is_ok());
    EXPECT_EQ(st.st_uid, 1234u);
    EXPECT_EQ(st.st_gid, 5678u);

    attr.valid = ATTR_MODE;
    attr.mode = 0600;
    ASSERT_TRUE(walk("/owned").setattr(attr).is_ok());
    ASSERT_TRUE(walk("/owned").stat(st).is_ok());
    EXPECT_EQ(st.st_mode & 07777, 0600u);
    EXPECT_EQ(st.st_uid, 1234u);

    InodeCreation as_user { S_IFREG | 0644, 1000, 1000, 0 };
    walk("/").create("made", as_user).value()->unref();
    ASSERT_TRUE(walk("/made").stat(st).is_ok());
    EXPECT_EQ(st.st_uid, 1000u);
}

TEST_F(HostFsWriteTest, TimesAndFifos)
{
    walk("/").create("t", creation(S_IFREG | 0644)).value()->unref();
    InodeAttr attr;
    attr.valid = ATTR_ATIME | ATTR_MTIME;
    attr.atime = { 1000000000, 0 };
    attr.mtime = { 1200000000, 5 };
    ASSERT_TRUE(walk("/t").setattr(attr).is_ok());
    struct stat st {};
    ASSERT_EQ(stat(host("t").c_str(), &st), 0);
    EXPECT_EQ(st.st_atim.tv_sec, 1000000000);
    EXPECT_EQ(st.st_mtim.tv_sec, 1200000000);
    EXPECT_EQ(st.st_mtim.tv_nsec, 5);

    walk("/").create("fifo", creation(S_IFIFO | 0600)).value()->unref();
    ASSERT_EQ(lstat(host("fifo").c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST_F(HostFsWriteTest, ReadOnlyRefusesChanges)
{
    auto fs = HostFs::create(m_dir.c_str(), HostSharing::SharedReadOnly);
    ASSERT_TRUE(fs.is_ok());
    Inode* root = fs.value()->root_inode();
    EXPECT_EQ(root->create("x", creation(S_IFREG | 0644)).error(), Errno::EROFS);
    EXPECT_EQ(root->mkdir("x", creation(S_IFDIR | 0755)).error(), Errno::EROFS);
    root->unref();
}

}
