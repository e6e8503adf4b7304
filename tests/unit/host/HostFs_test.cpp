// hostfs against the real host: a scratch directory mounted as the root of a walk. Host
// symlinks that point outside it, absolute or by "..", must never lead out of it.

#include "../TestArena.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/PathWalk.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6e4000000000;

class HostFsTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
        char pattern[] = "/tmp/cell-hostfs-XXXXXX";
        ASSERT_NE(mkdtemp(pattern), nullptr);
        dir = new std::string(pattern);
        write_file(*dir + "/inside", "hello");
        ASSERT_EQ(mkdir((*dir + "/sub").c_str(), 0755), 0);
        write_file(*dir + "/sub/f", "sub file");
        // A file outside the scratch directory that no walk may reach.
        outside = new std::string(*dir + "-outside");
        write_file(*outside, "secret");
        std::string outside_name = outside->substr(outside->rfind('/') + 1);
        ASSERT_EQ(symlink(outside->c_str(), (*dir + "/abs").c_str()), 0);
        ASSERT_EQ(symlink(("../" + outside_name).c_str(), (*dir + "/up").c_str()), 0);
        ASSERT_EQ(symlink(("sub/../../" + outside_name).c_str(), (*dir + "/sub/deep").c_str()), 0);
        ASSERT_EQ(symlink("sub/f", (*dir + "/rel").c_str()), 0);

        auto fs = HostFs::create(dir->c_str(), HostSharing::SharedReadOnly);
        ASSERT_TRUE(fs.is_ok());
        table = arena().make<MountTable>();
        set_mount_table(table);
        Mount* m = table->mount_root(*fs.value(), MNT_READONLY).value();
        root = new Path(m, m->root());
    }

    static void TearDownTestSuite()
    {
        for (const char* name : { "/sub/deep", "/sub/f", "/abs", "/up", "/rel", "/inside" })
            unlink((*dir + name).c_str());
        rmdir((*dir + "/sub").c_str());
        rmdir(dir->c_str());
        unlink(outside->c_str());
    }

    void SetUp() override
    {
        use_test_arena(TEST_ARENA_BASE);
        set_mount_table(table);
    }

    static void write_file(const std::string& path, const char* text)
    {
        int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(write(fd, text, strlen(text)), ssize_t(strlen(text)));
        close(fd);
    }

    // Opens `path` read-only through the walk and returns its content, or "errno N".
    static std::string read_path(const char* path)
    {
        auto found = path_walk(*root, *root, path, WALK_FOLLOW);
        if (found.is_error())
            return "errno " + std::to_string(int(found.error()));
        auto file = found.value().path.inode().open(found.value().path, O_RDONLY);
        if (file.is_error())
            return "errno " + std::to_string(int(file.error()));
        char buffer[64] {};
        auto n = file.value()->pread(buffer, sizeof(buffer), 0);
        file.value()->unref();
        return n.is_ok() ? std::string(buffer, n.value()) : "errno " + std::to_string(int(n.error()));
    }

    static inline std::string* dir;
    static inline std::string* outside;
    static inline MountTable* table;
    static inline Path* root;
};

std::string enoent() { return "errno " + std::to_string(int(Errno::ENOENT)); }

TEST_F(HostFsTest, ReadsFilesBelowTheRoot)
{
    EXPECT_EQ(read_path("/inside"), "hello");
    EXPECT_EQ(read_path("/sub/f"), "sub file");
    EXPECT_EQ(read_path("/rel"), "sub file");
    EXPECT_EQ(read_path("/sub/../inside"), "hello");
}

TEST_F(HostFsTest, SymlinksCannotEscape)
{
    // "/abs" names the outside file by its host path: inside the sandbox that path does
    // not exist. "../x" stops at the root.
    EXPECT_EQ(read_path("/abs"), enoent());
    EXPECT_EQ(read_path("/up"), enoent());
    EXPECT_EQ(read_path("/sub/deep"), enoent());
    EXPECT_EQ(read_path("/../../../../../../etc/hostname"), enoent());
}

TEST_F(HostFsTest, HostLookupStaysBeneath)
{
    // Even a filesystem-level lookup of ".." (which the walk never makes) cannot leave.
    Inode* inode = root->inode().fs().root_inode();
    auto parent = inode->lookup("..");
    EXPECT_TRUE(parent.is_error());
    if (parent.is_ok())
        parent.value()->unref();
    inode->unref();
}

TEST_F(HostFsTest, ReadOnlyAndListing)
{
    auto found = path_walk(*root, *root, "/inside", WALK_FOLLOW);
    ASSERT_TRUE(found.is_ok());
    auto file = found.value().path.inode().open(found.value().path, O_RDWR);
    ASSERT_TRUE(file.is_error());
    EXPECT_EQ(file.error(), Errno::EROFS);

    auto sub = path_walk(*root, *root, "/sub", WALK_FOLLOW);
    ASSERT_TRUE(sub.is_ok());
    auto listing = sub.value().path.inode().open(sub.value().path, O_RDONLY | O_DIRECTORY);
    ASSERT_TRUE(listing.is_ok());
    char buffer[4096];
    std::string names;
    for (;;) {
        auto n = listing.value()->getdents64(buffer, sizeof(buffer));
        ASSERT_TRUE(n.is_ok());
        if (n.value() == 0)
            break;
        for (u64 pos = 0; pos < n.value();) {
            auto* d = reinterpret_cast<linux_dirent64*>(buffer + pos);
            names += std::string(d->d_name) + " ";
            pos += d->d_reclen;
        }
    }
    listing.value()->unref();
    EXPECT_NE(names.find("f "), std::string::npos);
    EXPECT_NE(names.find("deep "), std::string::npos);
}

}
