// The VFS path walk against an in-memory test filesystem: ".", "..", symlinks, mounts,
// the confinement to the walk's root, and Linux's errors.

// Kernel headers first: they declare Linux's names (S_IFDIR, ...) that libc headers
// would otherwise have turned into macros.
#include "TestArena.h"
#include "kernel/base/Memory.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/PathWalk.h"
#include "kernel/task/Credentials.h"

#include <gtest/gtest.h>
#include <string>

// libc's headers came second and defined errno macros; Errno::ENOENT needs them gone.
#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6d1000000000;

class TestFs;

// A directory, file or symlink that exists only in memory.
class TestInode final : public Inode {
public:
    TestInode(FileSystem& fs, u64 ino, u32 mode, const char* target = "")
        : Inode(fs, ino, mode)
        , m_target(target)
    {
    }

    void add(const char* name, TestInode* child)
    {
        m_names[m_count] = name;
        m_children[m_count++] = child;
    }

    Result<Inode*> lookup(StringView name) override
    {
        if (!is_directory())
            return Errno::ENOTDIR;
        for (int i = 0; i < m_count; ++i) {
            if (StringView(m_names[i]) == name) {
                m_children[i]->ref();
                return static_cast<Inode*>(m_children[i]);
            }
        }
        return Errno::ENOENT;
    }
    Result<usize> readlink(char* buffer, usize capacity) override
    {
        usize n = cstr_length(m_target);
        if (n > capacity)
            n = capacity;
        mem_copy(buffer, m_target, n);
        return n;
    }
    Result<void> stat(linux_stat& st) override
    {
        mem_zero(&st, sizeof(st));
        st.st_ino = ino();
        st.st_mode = mode();
        return {};
    }
    Result<OpenFile*> open(const Path& path, int flags) override
    {
        return static_cast<OpenFile*>(make_ref_counted<OpenFile>(path, flags));
    }

private:
    const char* m_target;
    const char* m_names[64] {};
    TestInode* m_children[64] {};
    int m_count { 0 };
};

class TestFs final : public FileSystem {
public:
    TestFs()
        : FileSystem("testfs", 99, false, true)
    {
        m_root = make_ref_counted<TestInode>(*this, 1, S_IFDIR | 0755);
    }
    Inode* root_inode() override
    {
        m_root->ref();
        return m_root;
    }
    TestInode* root() { return m_root; }
    TestInode* dir(TestInode* parent, const char* name) { return node(parent, name, S_IFDIR | 0755, ""); }
    TestInode* file(TestInode* parent, const char* name) { return node(parent, name, S_IFREG | 0644, ""); }
    TestInode* link(TestInode* parent, const char* name, const char* target) { return node(parent, name, S_IFLNK | 0777, target); }
    TestInode* node_with_mode(TestInode* parent, const char* name, u32 mode) { return node(parent, name, mode, ""); }

private:
    TestInode* node(TestInode* parent, const char* name, u32 mode, const char* target)
    {
        auto* inode = make_ref_counted<TestInode>(*this, ++m_next_ino, mode, target);
        parent->add(name, inode);
        return inode;
    }
    TestInode* m_root;
    u64 m_next_ino { 1 };
};

class PathWalkTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
        // /a/b/file, /file, links, and a second filesystem mounted on /mnt.
        fs = arena().make<TestFs>();
        auto* root = fs->root();
        auto* a_dir = fs->dir(root, "a");
        auto* b_dir = fs->dir(a_dir, "b");
        fs->file(b_dir, "file");
        fs->file(root, "file");
        fs->dir(root, "mnt");
        fs->dir(root, "bindpoint");
        auto* locked = fs->node_with_mode(root, "locked", S_IFDIR | 0700);
        fs->file(locked, "secret");
        fs->link(root, "rel", "a/b");
        fs->link(a_dir, "abs", "/a/b/file");
        fs->link(a_dir, "up", "../../../..");
        fs->link(root, "loop1", "loop2");
        fs->link(root, "loop2", "loop1");
        fs->link(root, "dangling", "nowhere");
        fs->link(root, "tofile", "file");
        // chain0 -> chain1 -> ... -> chain40 -> file: 41 links in a row.
        static std::string names[42], targets[42];
        for (int i = 0; i <= 40; ++i) {
            names[i] = "chain" + std::to_string(i);
            targets[i] = i == 40 ? "file" : "chain" + std::to_string(i + 1);
            fs->link(root, names[i].c_str(), targets[i].c_str());
        }
        other = arena().make<TestFs>();
        other->file(other->root(), "inside");
        other->dir(other->root(), "sub");

        table = arena().make<MountTable>();
        set_mount_table(table);
        Mount* m = table->mount_root(*fs, 0).value();
        top = new Path(m, m->root());
        auto mnt = path_walk(*top, *top, "/mnt", WALK_FOLLOW);
        ASSERT_TRUE(mnt.is_ok());
        ASSERT_TRUE(table->mount(mnt.value().path, *other, 0).is_ok());
    }

    void SetUp() override
    {
        use_test_arena(TEST_ARENA_BASE);
        set_mount_table(table);
    }


    // Walks `path` from the top and returns the resolved object's inode number or -errno.
    static i64 walk(const char* path, u32 flags = WALK_FOLLOW, const Path* root = nullptr, const Path* start = nullptr)
    {
        auto r = path_walk(root ? *root : *top, start ? *start : (root ? *root : *top), path, flags);
        if (r.is_error())
            return -i64(r.error());
        return i64(r.value().path.inode().ino());
    }
    static i64 ino_of(const char* path) { return walk(path); }
    static std::string to_string(const Path& root, const char* path)
    {
        auto r = path_walk(root, root, path, WALK_FOLLOW);
        if (r.is_error())
            return "error";
        char buffer[PATH_MAX];
        auto n = path_to_string(root, r.value().path, buffer, sizeof(buffer));
        return n.is_ok() ? std::string(buffer, n.value()) : "error";
    }

    static inline TestFs* fs;
    static inline TestFs* other;
    static inline MountTable* table;
    static inline Path* top;
};

TEST_F(PathWalkTest, DotAndDotDot)
{
    EXPECT_EQ(walk("/a/b/file"), walk("/a/./b/../b//file"));
    EXPECT_EQ(walk("/.."), 1);
    EXPECT_EQ(walk("/../../a/.."), 1);
    EXPECT_EQ(walk("/a/b/../../file"), walk("/file"));
}

TEST_F(PathWalkTest, RelativeToStart)
{
    auto a = path_walk(*top, *top, "/a", WALK_FOLLOW);
    ASSERT_TRUE(a.is_ok());
    EXPECT_EQ(walk("b/file", WALK_FOLLOW, top, &a.value().path), walk("/a/b/file"));
    EXPECT_EQ(walk("../file", WALK_FOLLOW, top, &a.value().path), walk("/file"));
}

TEST_F(PathWalkTest, Symlinks)
{
    EXPECT_EQ(walk("/rel/file"), walk("/a/b/file"));
    EXPECT_EQ(walk("/a/abs"), walk("/a/b/file"));
    EXPECT_EQ(walk("/tofile"), walk("/file"));
    // Without WALK_FOLLOW the final link itself is the result; inner links still resolve.
    EXPECT_NE(walk("/tofile", 0), walk("/file"));
    EXPECT_EQ(walk("/rel/file", 0), walk("/a/b/file"));
    // A trailing slash follows the link.
    EXPECT_EQ(walk("/rel/", 0), walk("/a/b"));
    EXPECT_EQ(walk("/dangling"), -i64(Errno::ENOENT));
}

TEST_F(PathWalkTest, SymlinkLoopsAndLimit)
{
    EXPECT_EQ(walk("/loop1"), -i64(Errno::ELOOP));
    EXPECT_EQ(walk("/loop1/x"), -i64(Errno::ELOOP));
    // chain1 needs 40 links (chain1..chain40): allowed. chain0 needs 41.
    EXPECT_EQ(walk("/chain1"), walk("/file"));
    EXPECT_EQ(walk("/chain0"), -i64(Errno::ELOOP));
}

TEST_F(PathWalkTest, Errors)
{
    EXPECT_EQ(walk("/file/"), -i64(Errno::ENOTDIR));
    EXPECT_EQ(walk("/file/x"), -i64(Errno::ENOTDIR));
    EXPECT_EQ(walk("/tofile/"), -i64(Errno::ENOTDIR));
    EXPECT_EQ(walk("/file", WALK_FOLLOW | WALK_DIRECTORY), -i64(Errno::ENOTDIR));
    EXPECT_EQ(walk("/missing"), -i64(Errno::ENOENT));
    EXPECT_EQ(walk(""), -i64(Errno::ENOENT));
    std::string long_name = "/" + std::string(256, 'x');
    EXPECT_EQ(walk(long_name.c_str()), -i64(Errno::ENAMETOOLONG));
    std::string ok_name = "/" + std::string(255, 'x');
    EXPECT_EQ(walk(ok_name.c_str()), -i64(Errno::ENOENT));
    std::string long_path;
    while (long_path.size() < PATH_MAX)
        long_path += "/a/..";
    EXPECT_EQ(walk(long_path.c_str()), -i64(Errno::ENAMETOOLONG));
}

TEST_F(PathWalkTest, MissingFinalComponentReportsParent)
{
    WalkParent missing;
    auto r = path_walk(*top, *top, "/a/b/new", WALK_FOLLOW, &missing);
    ASSERT_TRUE(r.is_error());
    EXPECT_EQ(r.error(), Errno::ENOENT);
    ASSERT_FALSE(missing.parent.is_null());
    EXPECT_EQ(i64(missing.parent.inode().ino()), walk("/a/b"));
    EXPECT_STREQ(missing.last, "new");
    WalkParent deeper;
    auto r2 = path_walk(*top, *top, "/nope/new", WALK_FOLLOW, &deeper);
    EXPECT_TRUE(r2.is_error());
    EXPECT_TRUE(deeper.parent.is_null());
}

TEST_F(PathWalkTest, NeverLeavesTheRoot)
{
    auto a = path_walk(*top, *top, "/a", WALK_FOLLOW);
    ASSERT_TRUE(a.is_ok());
    const Path& jail = a.value().path;
    // ".." at the root stays; absolute links restart at the walk's root.
    EXPECT_EQ(walk("/..", WALK_FOLLOW, &jail), walk("/a"));
    EXPECT_EQ(walk("/../../b/file", WALK_FOLLOW, &jail), walk("/a/b/file"));
    EXPECT_EQ(walk("/up", WALK_FOLLOW, &jail), walk("/a"));
    EXPECT_EQ(walk("/abs", WALK_FOLLOW, &jail), -i64(Errno::ENOENT)); // "/a/b/file" inside /a
    EXPECT_EQ(to_string(jail, "/b/../b/file"), "/b/file");
    EXPECT_EQ(to_string(jail, "/.."), "/");
}

TEST_F(PathWalkTest, Mounts)
{
    EXPECT_EQ(walk("/mnt/inside"), 2);
    EXPECT_EQ(walk("/mnt/.."), 1);
    EXPECT_EQ(walk("/mnt/../a/b/../../mnt/inside"), 2);
    EXPECT_EQ(to_string(*top, "/mnt/inside"), "/mnt/inside");
    EXPECT_EQ(to_string(*top, "/rel/file"), "/a/b/file");
    EXPECT_EQ(to_string(*top, "/"), "/");
}

TEST_F(PathWalkTest, ResolveRestrictions)
{
    // openat2's RESOLVE_* flags, with /a as the start (and, for BENEATH, the root).
    auto a = path_walk(*top, *top, "/a", WALK_FOLLOW);
    ASSERT_TRUE(a.is_ok());
    const Path& dir = a.value().path;
    EXPECT_EQ(walk("/rel/file", WALK_FOLLOW | WALK_NO_SYMLINKS), -i64(Errno::ELOOP));
    EXPECT_EQ(walk("/tofile", WALK_NO_SYMLINKS), walk("/tofile", 0)); // a final link not followed is fine
    EXPECT_EQ(walk("/a/b/file", WALK_FOLLOW | WALK_NO_SYMLINKS), walk("/a/b/file"));
    EXPECT_EQ(walk("/mnt/inside", WALK_FOLLOW | WALK_NO_XDEV), -i64(Errno::EXDEV));
    EXPECT_EQ(walk("/a/b", WALK_FOLLOW | WALK_NO_XDEV), walk("/a/b"));
    EXPECT_EQ(walk("b/file", WALK_FOLLOW | WALK_BENEATH, &dir, &dir), walk("/a/b/file"));
    EXPECT_EQ(walk("b/../b/file", WALK_FOLLOW | WALK_BENEATH, &dir, &dir), walk("/a/b/file"));
    EXPECT_EQ(walk("../file", WALK_FOLLOW | WALK_BENEATH, &dir, &dir), -i64(Errno::EXDEV));
    EXPECT_EQ(walk("/file", WALK_FOLLOW | WALK_BENEATH, &dir, &dir), -i64(Errno::EXDEV));
    EXPECT_EQ(walk("abs", WALK_FOLLOW | WALK_BENEATH, &dir, &dir), -i64(Errno::EXDEV));
}

TEST_F(PathWalkTest, CachedDentriesAreShared)
{
    auto first = path_walk(*top, *top, "/a/b", WALK_FOLLOW);
    auto second = path_walk(*top, *top, "/a/./b", WALK_FOLLOW);
    ASSERT_TRUE(first.is_ok() && second.is_ok());
    EXPECT_EQ(first.value().path.dentry, second.value().path.dentry);
}

}

TEST_F(PathWalkTest, SearchPermission)
{
    Credentials nobody;
    nobody.uid = nobody.euid = nobody.fsuid = 65534;
    nobody.gid = nobody.egid = nobody.fsgid = 65534;
    nobody.cap_effective = 0;
    auto as = [&](const char* path, const Credentials* cred) -> i64 {
        auto r = path_walk(*top, *top, path, WALK_FOLLOW, nullptr, cred);
        return r.is_error() ? -i64(r.error()) : i64(r.value().path.inode().ino());
    };
    EXPECT_GT(as("/a/b/file", &nobody), 0);
    // The directory itself is reachable; names inside it are not, even missing ones.
    EXPECT_GT(as("/locked", &nobody), 0);
    EXPECT_EQ(as("/locked/secret", &nobody), -i64(Errno::EACCES));
    EXPECT_EQ(as("/locked/missing", &nobody), -i64(Errno::EACCES));
    EXPECT_EQ(as("/locked/..", &nobody), -i64(Errno::EACCES));
    // ENOTDIR comes before the permission check, as in Linux.
    EXPECT_EQ(as("/file/x", &nobody), -i64(Errno::ENOTDIR));
    // Root inside (full capabilities) and the kernel's own walks search anywhere.
    Credentials root;
    EXPECT_GT(as("/locked/secret", &root), 0);
    EXPECT_GT(as("/locked/secret", nullptr), 0);
    Credentials read_search = nobody;
    read_search.cap_effective = 1ull << 2; // CAP_DAC_READ_SEARCH
    EXPECT_GT(as("/locked/secret", &read_search), 0);
}

TEST_F(PathWalkTest, BindAndUmount)
{
    auto point = path_walk(*top, *top, "/bindpoint", WALK_FOLLOW);
    auto source = path_walk(*top, *top, "/a", WALK_FOLLOW);
    ASSERT_TRUE(point.is_ok() && source.is_ok());
    ASSERT_TRUE(table->bind(point.value().path, source.value().path, false).is_ok());
    auto bound = path_walk(*top, *top, "/bindpoint", WALK_FOLLOW);
    ASSERT_TRUE(bound.is_ok());
    Mount* m = bound.value().path.mount;
    EXPECT_EQ(walk("/bindpoint/b/file"), walk("/a/b/file"));
    EXPECT_EQ(to_string(*top, "/bindpoint/b/.."), "/bindpoint");
    EXPECT_TRUE(path_is_beneath(*top, bound.value().path));
    EXPECT_TRUE(table->umount(*m, false).is_ok());
    EXPECT_EQ(walk("/bindpoint/b"), -i64(Errno::ENOENT));
    EXPECT_EQ(table->umount(*m, false).error(), Errno::EINVAL);
}

TEST_F(PathWalkTest, SandboxMountsAreLocked)
{
    // /mnt was mounted by the "sandbox" (MountTable::mount without options): it cannot be
    // unmounted, and a bind of the tree above it must carry it along.
    auto mnt = path_walk(*top, *top, "/mnt", WALK_FOLLOW);
    ASSERT_TRUE(mnt.is_ok());
    EXPECT_EQ(table->umount(*mnt.value().path.mount, false).error(), Errno::EINVAL);
    EXPECT_EQ(table->umount(*mnt.value().path.mount, true).error(), Errno::EINVAL);
    auto point = path_walk(*top, *top, "/bindpoint", WALK_FOLLOW);
    ASSERT_TRUE(point.is_ok());
    EXPECT_EQ(table->bind(point.value().path, *top, false).error(), Errno::EINVAL);
    ASSERT_TRUE(table->bind(point.value().path, *top, true).is_ok());
    EXPECT_EQ(walk("/bindpoint/mnt/inside"), walk("/mnt/inside"));
    auto copy = path_walk(*top, *top, "/bindpoint/mnt", WALK_FOLLOW);
    ASSERT_TRUE(copy.is_ok());
    // The copy of a locked mount stays locked; the whole copy goes at once.
    EXPECT_EQ(table->umount(*copy.value().path.mount, false).error(), Errno::EINVAL);
    auto bound = path_walk(*top, *top, "/bindpoint", WALK_FOLLOW);
    ASSERT_TRUE(bound.is_ok());
    EXPECT_TRUE(table->umount(*bound.value().path.mount, true).is_ok());
    EXPECT_EQ(walk("/bindpoint/mnt"), -i64(Errno::ENOENT));
}

TEST_F(PathWalkTest, RecursiveBindIntoItsOwnSource)
{
    // The copy is of the tree as it was: it holds /mnt again but not itself.
    auto point = path_walk(*top, *top, "/mnt/sub", WALK_FOLLOW);
    ASSERT_TRUE(point.is_ok());
    ASSERT_TRUE(table->bind(point.value().path, *top, true).is_ok());
    EXPECT_EQ(walk("/mnt/sub/a/b/file"), walk("/a/b/file"));
    EXPECT_EQ(walk("/mnt/sub/mnt/inside"), walk("/mnt/inside"));
    EXPECT_EQ(walk("/mnt/sub/mnt/sub/a"), -i64(Errno::ENOENT));
    auto bound = path_walk(*top, *top, "/mnt/sub", WALK_FOLLOW);
    ASSERT_TRUE(bound.is_ok());
    EXPECT_TRUE(table->umount(*bound.value().path.mount, true).is_ok());
    EXPECT_EQ(walk("/mnt/sub/a"), -i64(Errno::ENOENT));
}
