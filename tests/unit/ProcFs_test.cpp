// procfs's system-wide files and the minimal sysfs against the fake platform: names,
// formats and the figures the fake host reports (8 GiB of memory, CPUs 0 and 1).

#include "TestArena.h"
#include "kernel/Kernel.h"
#include "kernel/fs/procfs/ProcFs.h"
#include "kernel/fs/sysfs/CpuSet.h"
#include "kernel/fs/sysfs/SysFs.h"
#include "kernel/base/Format.h"
#include "kernel/vfs/OpenFile.h"

#include <gtest/gtest.h>
#include <string>

#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6d5000000000;

// Walks `path` (relative, '/'-separated) from `dir` and returns the inode, or null.
Inode* walk(Inode* dir, std::string path)
{
    dir->ref();
    while (!path.empty()) {
        auto slash = path.find('/');
        std::string name = path.substr(0, slash);
        path = slash == std::string::npos ? "" : path.substr(slash + 1);
        auto child = dir->lookup(StringView(name.data(), name.size()));
        dir->unref();
        if (child.is_error())
            return nullptr;
        dir = child.value();
    }
    return dir;
}

std::string read_text(Inode* inode)
{
    auto opened = inode->open(Path(), O_RDONLY);
    if (opened.is_error())
        return "<error>";
    OpenFile* file = opened.value();
    std::string text(1 << 16, '\0');
    auto n = file->pread(text.data(), text.size(), 0);
    file->unref();
    text.resize(n.is_ok() ? n.value() : 0);
    return text;
}

std::string read_path(FileSystem& fs, const std::string& path)
{
    Inode* root = fs.root_inode();
    Inode* inode = walk(root, path);
    root->unref();
    if (!inode)
        return "<missing>";
    std::string text = read_text(inode);
    inode->unref();
    return text;
}

struct ProcFsTest : ::testing::Test {
    void SetUp() override
    {
        Arena* test_arena = use_test_arena(TEST_ARENA_BASE);
        ASSERT_NE(test_arena, nullptr);
        // /proc/stat and loadavg count processes in the kernel's state.
        if (!test_arena->root())
            test_arena->set_root(test_arena->make<KernelState>());
    }
};

}

TEST(CpuSet, ListAndMaskFormats)
{
    CpuSet set;
    set.bits[0] = 0b1011101;
    EXPECT_EQ(set.count(), 5u);
    EXPECT_EQ(set.limit(), 7u);
    char buffer[256];
    StringBuilder list(buffer, sizeof(buffer));
    format_cpu_list(list, set);
    EXPECT_EQ(std::string(list.c_str()), "0,2-4,6");
    StringBuilder mask(buffer, sizeof(buffer));
    format_cpu_mask(mask, set, 7);
    EXPECT_EQ(std::string(mask.c_str()), "5d");
    CpuSet node;
    node.bits[0] = 1;
    StringBuilder wide(buffer, sizeof(buffer));
    format_cpu_mask(wide, node, 64);
    EXPECT_EQ(std::string(wide.c_str()), "00000000,00000001");
}

TEST_F(ProcFsTest, SystemFilesAgreeWithTheHostFigures)
{
    ProcFs* fs = ProcFs::create().value();
    std::string meminfo = read_path(*fs, "meminfo");
    EXPECT_EQ(meminfo.substr(0, 28), "MemTotal:        8388608 kB\n");
    EXPECT_NE(meminfo.find("\nMemFree:         4194304 kB\n"), std::string::npos);
    EXPECT_NE(meminfo.find("\nHugePages_Total:       0\n"), std::string::npos);
    EXPECT_EQ(read_path(*fs, "sys/kernel/hostname"), "cell\n");
    EXPECT_EQ(read_path(*fs, "sys/kernel/osrelease"), "6.1.0-fake\n");
    EXPECT_EQ(read_path(*fs, "sys/kernel/ostype"), "Linux\n");
    EXPECT_EQ(read_path(*fs, "sys/kernel/cap_last_cap"), "40\n");
    EXPECT_EQ(read_path(*fs, "sys/kernel/ngroups_max"), "65536\n");
    EXPECT_EQ(read_path(*fs, "sys/fs/nr_open"), "1048576\n");
    EXPECT_EQ(read_path(*fs, "sys/vm/overcommit_memory"), "0\n");
    EXPECT_EQ(read_path(*fs, "version").substr(0, 25), "Linux version 6.1.0-fake ");
    EXPECT_EQ(read_path(*fs, "nothing"), "<missing>");
}

TEST_F(ProcFsTest, BootIdIsStableAndUuidIsFresh)
{
    ProcFs* fs = ProcFs::create().value();
    std::string boot_id = read_path(*fs, "sys/kernel/random/boot_id");
    ASSERT_EQ(boot_id.size(), 37u);
    EXPECT_EQ(boot_id[14], '4');
    EXPECT_EQ(read_path(*fs, "sys/kernel/random/boot_id"), boot_id);
    std::string uuid = read_path(*fs, "sys/kernel/random/uuid");
    ASSERT_EQ(uuid.size(), 37u);
    EXPECT_EQ(uuid[8], '-');
    EXPECT_NE(read_path(*fs, "sys/kernel/random/uuid"), uuid);
}

TEST_F(ProcFsTest, CpuFilesListTheAffinityCpus)
{
    ProcFs* fs = ProcFs::create().value();
    std::string stat = read_path(*fs, "stat");
    EXPECT_EQ(stat.substr(0, 5), "cpu  ");
    EXPECT_NE(stat.find("\ncpu0 "), std::string::npos);
    EXPECT_NE(stat.find("\ncpu1 "), std::string::npos);
    EXPECT_EQ(stat.find("\ncpu2 "), std::string::npos);
    std::string cpuinfo = read_path(*fs, "cpuinfo");
    EXPECT_EQ(cpuinfo.substr(0, 14), "processor\t: 0\n");
    EXPECT_NE(cpuinfo.find("\nprocessor\t: 1\n"), std::string::npos);
    EXPECT_EQ(cpuinfo.find("\nprocessor\t: 2\n"), std::string::npos);
}

TEST_F(ProcFsTest, SysFsCpuDirectory)
{
    SysFs* fs = SysFs::create().value();
    EXPECT_EQ(read_path(*fs, "devices/system/cpu/online"), "0-1\n");
    EXPECT_EQ(read_path(*fs, "devices/system/cpu/possible"), "0-1\n");
    EXPECT_EQ(read_path(*fs, "devices/system/cpu/present"), "0-1\n");
    EXPECT_EQ(read_path(*fs, "devices/system/cpu/offline"), "\n");
    EXPECT_EQ(read_path(*fs, "devices/system/cpu/cpu1/online"), "1\n");
    Inode* root = fs->root_inode();
    Inode* cpu0 = walk(root, "devices/system/cpu/cpu0");
    ASSERT_NE(cpu0, nullptr);
    EXPECT_TRUE(cpu0->is_directory());
    cpu0->unref();
    EXPECT_EQ(walk(root, "devices/system/cpu/cpu2"), nullptr);
    EXPECT_EQ(walk(root, "devices/system/cpu/cpu01"), nullptr);
    EXPECT_EQ(walk(root, "devices/system/cpu/cpu0/online"), nullptr);

    Inode* cpu = walk(root, "devices/system/cpu");
    std::string names;
    DirEntryInfo entry;
    for (u64 i = 0; cpu->list_entry(i, entry).value(); ++i)
        names += std::string(entry.name) + " ";
    EXPECT_EQ(names, "kernel_max offline online possible present cpu0 cpu1 ");
    cpu->unref();
    root->unref();
}
