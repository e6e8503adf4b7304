// The overlay against the fake platform, with a memfs as the lower layer: lookup through
// both layers, whiteouts, opaque directories, copy-up, rename's EXDEV and merged listings.

// Kernel headers first: they declare Linux's names (S_IFDIR, ...) that libc headers
// would otherwise have turned into macros.
#include "TestArena.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemFs.h"
#include "kernel/fs/memfs/MemInode.h"
#include "kernel/fs/overlay/OverlayFs.h"
#include "kernel/fs/overlay/OverlayInode.h"
#include "kernel/vfs/OpenFile.h"

#include <gtest/gtest.h>
#include <set>
#include <string>

// libc's headers came second and defined errno macros; Errno::ENOENT needs them gone.
#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6e2000000000;

InodeCreation kind(u32 mode)
{
    InodeCreation creation;
    creation.mode = mode;
    return creation;
}

class OverlayFsTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
        m_lower = MemFs::create(64 * PAGE_SIZE, 0755).value();
        m_upper = MemFs::create(64 * PAGE_SIZE, 0755).value();
        // Lower: /etc/hostname ("host\n"), /etc/passwd, /usr/share/doc.
        Inode* lower_root = m_lower->root_inode();
        Inode* etc = lower_root->mkdir("etc", kind(S_IFDIR | 0755)).value();
        Inode* hostname = etc->create("hostname", kind(S_IFREG | 0644)).value();
        write_all(*hostname, "host\n");
        etc->create("passwd", kind(S_IFREG | 0644)).value()->unref();
        Inode* usr = lower_root->mkdir("usr", kind(S_IFDIR | 0755)).value();
        Inode* share = usr->mkdir("share", kind(S_IFDIR | 0755)).value();
        share->mkdir("doc", kind(S_IFDIR | 0755)).value()->unref();
        m_lower_hostname_ino = hostname->ino();
        for (Inode* i : { lower_root, etc, hostname, usr, share })
            i->unref();
        m_fs = OverlayFs::create(*m_lower, *m_upper).value();
        m_root = m_fs->root_inode();
    }
    void TearDown() override { m_root->unref(); }

    static void write_all(Inode& inode, const char* text)
    {
        auto& mem = static_cast<MemInode&>(inode);
        MutexLocker locker(mem.mem_fs().lock());
        ASSERT_TRUE(mem.write_data(text, cstr_length(text), 0).is_ok());
    }

    Inode* walk(const char* a, const char* b = nullptr)
    {
        auto first = m_root->lookup(a);
        if (first.is_error() || !b)
            return first.is_ok() ? first.value() : nullptr;
        auto second = first.value()->lookup(b);
        first.value()->unref();
        return second.is_ok() ? second.value() : nullptr;
    }

    Errno walk_error(const char* a, const char* b)
    {
        Inode* dir = walk(a);
        auto found = dir->lookup(b);
        dir->unref();
        if (found.is_ok()) {
            found.value()->unref();
            return Errno(0);
        }
        return found.error();
    }

    std::set<std::string> names(const char* dir_name)
    {
        Inode* dir = dir_name ? walk(dir_name) : m_root;
        std::set<std::string> out;
        DirEntryInfo entry;
        for (u64 i = 0; dir->list_entry(i, entry).value(); ++i)
            EXPECT_TRUE(out.insert(entry.name).second) << entry.name;
        if (dir_name)
            dir->unref();
        return out;
    }

    std::string read(Inode& inode)
    {
        linux_stat st {};
        EXPECT_TRUE(inode.stat(st).is_ok());
        Inode* real = static_cast<OverlayInode&>(inode).real();
        auto& mem = static_cast<MemInode&>(*real);
        std::string out(size_t(st.st_size), '\0');
        MutexLocker locker(mem.mem_fs().lock());
        EXPECT_TRUE(mem.read_data(out.data(), out.size(), 0).is_ok());
        real->unref();
        return out;
    }

    bool lower_has(const char* dir, const char* name)
    {
        Inode* lower_root = m_lower->root_inode();
        auto d = lower_root->lookup(dir);
        lower_root->unref();
        auto found = d.value()->lookup(name);
        d.value()->unref();
        if (found.is_ok())
            found.value()->unref();
        return found.is_ok();
    }

    MemFs* m_lower { nullptr };
    MemFs* m_upper { nullptr };
    OverlayFs* m_fs { nullptr };
    Inode* m_root { nullptr };
    u64 m_lower_hostname_ino { 0 };
};

TEST_F(OverlayFsTest, LookupReachesTheLowerWithoutCopyUp)
{
    Inode* hostname = walk("etc", "hostname");
    ASSERT_NE(hostname, nullptr);
    EXPECT_EQ(read(*hostname), "host\n");
    linux_stat st {};
    ASSERT_TRUE(hostname->stat(st).is_ok());
    EXPECT_EQ(st.st_ino, m_lower_hostname_ino);
    EXPECT_EQ(st.st_dev, m_fs->dev());
    EXPECT_EQ(static_cast<OverlayInode*>(hostname)->upper(), nullptr);
    // The same name gives the same overlay inode, the identity locks key on.
    Inode* again = walk("etc", "hostname");
    EXPECT_EQ(again, hostname);
    again->unref();
    hostname->unref();
    EXPECT_EQ(walk_error("etc", "missing"), Errno::ENOENT);
}

TEST_F(OverlayFsTest, SetattrCopiesUpKeepingDataAndInodeNumber)
{
    Inode* hostname = walk("etc", "hostname");
    InodeAttr attr;
    attr.valid = ATTR_MODE;
    attr.mode = 0600;
    ASSERT_TRUE(hostname->setattr(attr).is_ok());
    auto* overlay = static_cast<OverlayInode*>(hostname);
    ASSERT_NE(overlay->upper(), nullptr);
    EXPECT_EQ(read(*hostname), "host\n");
    linux_stat st {};
    ASSERT_TRUE(hostname->stat(st).is_ok());
    EXPECT_EQ(st.st_ino, m_lower_hostname_ino);
    EXPECT_EQ(st.st_mode, S_IFREG | 0600u);
    // The lower file is untouched.
    linux_stat lower_st {};
    ASSERT_TRUE(overlay->lower()->stat(lower_st).is_ok());
    EXPECT_EQ(lower_st.st_mode, S_IFREG | 0644u);
    // The overlay's own xattrs stay hidden.
    char list[256];
    EXPECT_EQ(hostname->listxattr(list, sizeof(list), true).value(), 0u);
    hostname->unref();
}

TEST_F(OverlayFsTest, UnlinkOfALowerNameLeavesAHiddenWhiteout)
{
    Inode* etc = walk("etc");
    ASSERT_TRUE(etc->unlink("hostname").is_ok());
    EXPECT_EQ(walk_error("etc", "hostname"), Errno::ENOENT);
    EXPECT_EQ(names("etc"), (std::set<std::string> { "passwd" }));
    EXPECT_TRUE(lower_has("etc", "hostname"));
    // A new file over the whiteout shows only the new one.
    Inode* made = etc->create("hostname", kind(S_IFREG | 0644)).value();
    EXPECT_EQ(read(*made), "");
    made->unref();
    EXPECT_EQ(names("etc"), (std::set<std::string> { "hostname", "passwd" }));
    etc->unref();
}

TEST_F(OverlayFsTest, RmdirNeedsTheMergedViewEmptyAndMkdirOverItIsOpaque)
{
    Inode* usr = walk("usr");
    EXPECT_EQ(usr->rmdir("share").error(), Errno::ENOTEMPTY);
    Inode* share = walk("usr", "share");
    ASSERT_TRUE(share->rmdir("doc").is_ok());
    share->unref();
    ASSERT_TRUE(usr->rmdir("share").is_ok());
    EXPECT_EQ(walk_error("usr", "share"), Errno::ENOENT);
    Inode* again = usr->mkdir("share", kind(S_IFDIR | 0755)).value();
    // The lower usr/share/doc must not show through the new directory.
    EXPECT_EQ(again->lookup("doc").error(), Errno::ENOENT);
    DirEntryInfo entry;
    EXPECT_FALSE(again->list_entry(0, entry).value());
    again->unref();
    usr->unref();
}

TEST_F(OverlayFsTest, RenameOfALowerDirectoryIsCrossDevice)
{
    Inode* usr = walk("usr");
    EXPECT_EQ(usr->rename("share", *usr, "share2", 0).error(), Errno::EXDEV);
    // A directory made in the overlay moves normally.
    Inode* made = usr->mkdir("mine", kind(S_IFDIR | 0755)).value();
    made->create("f", kind(S_IFREG | 0644)).value()->unref();
    made->unref();
    ASSERT_TRUE(usr->rename("mine", *usr, "moved", 0).is_ok());
    EXPECT_EQ(names("usr"), (std::set<std::string> { "share", "moved" }));
    Inode* f = walk("usr", "moved");
    EXPECT_TRUE(f->lookup("f").is_ok());
    f->unref();
    usr->unref();
}

TEST_F(OverlayFsTest, RenameOfALowerFileCopiesUpAndWhitesOutTheOldName)
{
    Inode* etc = walk("etc");
    Inode* root_dir = m_root;
    EXPECT_EQ(etc->rename("hostname", *etc, "passwd", RENAME_NOREPLACE).error(), Errno::EEXIST);
    ASSERT_TRUE(etc->rename("hostname", *root_dir, "hostname", 0).is_ok());
    EXPECT_EQ(walk_error("etc", "hostname"), Errno::ENOENT);
    Inode* moved = walk("hostname");
    ASSERT_NE(moved, nullptr);
    EXPECT_EQ(read(*moved), "host\n");
    linux_stat st {};
    ASSERT_TRUE(moved->stat(st).is_ok());
    EXPECT_EQ(st.st_ino, m_lower_hostname_ino);
    moved->unref();
    EXPECT_EQ(names(nullptr), (std::set<std::string> { "etc", "usr", "hostname" }));
    etc->unref();
}

TEST_F(OverlayFsTest, HardLinkOfALowerFileCopiesItUp)
{
    Inode* etc = walk("etc");
    Inode* hostname = walk("etc", "hostname");
    ASSERT_TRUE(etc->link("alias", *hostname).is_ok());
    linux_stat st {};
    ASSERT_TRUE(hostname->stat(st).is_ok());
    EXPECT_EQ(st.st_nlink, 2u);
    Inode* alias = walk("etc", "alias");
    linux_stat alias_st {};
    ASSERT_TRUE(alias->stat(alias_st).is_ok());
    EXPECT_EQ(alias_st.st_ino, st.st_ino);
    alias->unref();
    hostname->unref();
    etc->unref();
}

TEST_F(OverlayFsTest, StatfsReportsOverlayMagic)
{
    linux_statfs st {};
    ASSERT_TRUE(m_root->statfs(st).is_ok());
    EXPECT_EQ(st.f_type, OVERLAYFS_SUPER_MAGIC);
}

}
