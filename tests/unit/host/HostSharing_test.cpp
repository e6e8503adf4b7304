// How a hostfs mount shares its tree with the host: a bind asks the host at every stat,
// lookup and readlink; the root's lower layer (Exclusive) keeps what it learned: the
// attributes, the names found absent, a symlink's target. Both read the host's current
// data.

#include "../TestArena.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/vfs/OpenFile.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <utility>
#include <unistd.h>

#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6e6000000000;

class HostSharingTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
        char pattern[] = "/tmp/cell-hostsharing-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        m_dir = pattern;
        append("hello");
    }

    void TearDown() override
    {
        for (const char* name : { "/f", "/g", "/l" })
            unlink((m_dir + name).c_str());
        rmdir(m_dir.c_str());
    }

    // Whether "g" is found after the host created it, following a lookup that missed;
    // and the target of "l" after the host pointed it elsewhere, following a readlink.
    std::pair<bool, std::string> after_host_changes(HostSharing sharing)
    {
        EXPECT_EQ(symlink("a", (m_dir + "/l").c_str()), 0);
        auto fs = HostFs::create(m_dir.c_str(), sharing);
        EXPECT_TRUE(fs.is_ok());
        Inode* root = fs.value()->root_inode();
        auto missing = root->lookup("g");
        EXPECT_TRUE(missing.is_error());
        auto link = root->lookup("l");
        EXPECT_TRUE(link.is_ok());
        char target[16] {};
        EXPECT_EQ(link.value()->readlink(target, sizeof(target)).value(), 1u);

        int fd = open((m_dir + "/g").c_str(), O_WRONLY | O_CREAT, 0644);
        EXPECT_GE(fd, 0);
        close(fd);
        EXPECT_EQ(unlink((m_dir + "/l").c_str()), 0);
        EXPECT_EQ(symlink("bb", (m_dir + "/l").c_str()), 0);

        auto found = root->lookup("g");
        bool seen = found.is_ok();
        if (seen)
            found.value()->unref();
        auto n = link.value()->readlink(target, sizeof(target));
        EXPECT_TRUE(n.is_ok());
        std::string text(target, n.is_ok() ? n.value() : 0);
        link.value()->unref();
        root->unref();
        return { seen, text };
    }

    void append(const char* text)
    {
        int fd = open((m_dir + "/f").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(write(fd, text, strlen(text)), ssize_t(strlen(text)));
        close(fd);
    }

    // The size of "f" by a stat of its inode and by an fstat of `file`, then its data
    // through `file`, after the host appended to it.
    struct Seen {
        i64 inode_size;
        i64 file_size;
        std::string data;
    };

    Seen after_host_append(HostSharing sharing)
    {
        auto fs = HostFs::create(m_dir.c_str(), sharing);
        EXPECT_TRUE(fs.is_ok());
        Inode* root = fs.value()->root_inode();
        auto found = root->lookup("f");
        root->unref();
        EXPECT_TRUE(found.is_ok());
        Inode* inode = found.value();
        Path path(nullptr, Dentry::create(nullptr, "f", *inode));
        auto file = inode->open(path, O_RDONLY);
        EXPECT_TRUE(file.is_ok());
        linux_stat st {};
        EXPECT_TRUE(file.value()->stat(st).is_ok());
        EXPECT_EQ(st.st_size, 5);

        append(" world");
        Seen seen {};
        EXPECT_TRUE(inode->stat(st).is_ok());
        seen.inode_size = st.st_size;
        EXPECT_TRUE(file.value()->stat(st).is_ok());
        seen.file_size = st.st_size;
        char buffer[64] {};
        auto n = file.value()->pread(buffer, sizeof(buffer), 0);
        EXPECT_TRUE(n.is_ok());
        seen.data.assign(buffer, n.is_ok() ? n.value() : 0);
        file.value()->unref();
        path.dentry->unref();
        inode->unref();
        return seen;
    }

    std::string m_dir;
};

TEST_F(HostSharingTest, SharedStatsAskTheHost)
{
    Seen seen = after_host_append(HostSharing::SharedReadOnly);
    EXPECT_EQ(seen.inode_size, 11);
    EXPECT_EQ(seen.file_size, 11);
    EXPECT_EQ(seen.data, "hello world");
}

TEST_F(HostSharingTest, SharedLookupsAskTheHost)
{
    auto [found, target] = after_host_changes(HostSharing::SharedReadOnly);
    EXPECT_TRUE(found);
    EXPECT_EQ(target, "bb");
}

TEST_F(HostSharingTest, ExclusiveLookupsKeepAbsentNamesAndLinkTargets)
{
    auto [found, target] = after_host_changes(HostSharing::Exclusive);
    EXPECT_FALSE(found);
    EXPECT_EQ(target, "a");
}

TEST_F(HostSharingTest, ExclusiveStatsKeepWhatTheLookupLearned)
{
    Seen seen = after_host_append(HostSharing::Exclusive);
    EXPECT_EQ(seen.inode_size, 5);
    EXPECT_EQ(seen.file_size, 5);
    EXPECT_EQ(seen.data, "hello world");
}

}
