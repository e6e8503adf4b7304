// The guest's VMA map against the fake platform, whose memory calls are the test
// process's own: every test works inside one window of the test's address space and
// declares everything else hidden, so the map's choices are predictable.

#include "kernel/abi/Mman.h"
#include "TestArena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Layout.h"
#include "kernel/mm/AddressSpace.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6d3000000000;
constexpr u64 WINDOW = 0x500000000000;
constexpr u64 WINDOW_SIZE = 1ull << 30;
constexpr u64 WINDOW_END = WINDOW + WINDOW_SIZE;
constexpr u64 P = PAGE_SIZE;

class AddressSpaceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr);
    }
    void SetUp() override
    {
        use_test_arena(TEST_ARENA_BASE);
        auto created = AddressSpace::create();
        ASSERT_TRUE(created.is_ok());
        space = created.value();
        ASSERT_TRUE(space->add_hidden(0, WINDOW).is_ok());
        ASSERT_TRUE(space->add_hidden(WINDOW_END, layout::TASK_SIZE).is_ok());
        space->set_mmap_base(WINDOW_END);
    }
    void TearDown() override
    {
        ::munmap(reinterpret_cast<void*>(WINDOW), WINDOW_SIZE);
        arena().destroy(space);
    }

    Result<u64> map(u64 address, u64 length, int prot = PROT_READ | PROT_WRITE, int flags = MAP_PRIVATE | MAP_ANONYMOUS)
    {
        MapRequest request;
        request.address = address;
        request.length = length;
        request.prot = prot;
        request.flags = flags;
        return space->map(request);
    }
    std::string maps()
    {
        static char buffer[65536];
        StringBuilder out(buffer, sizeof(buffer));
        space->format_maps(out);
        return std::string(out.view().data(), out.view().size());
    }
    int prot_at(u64 address)
    {
        Vma vma;
        return space->find(address, vma) ? vma.prot : -1;
    }
    u64 start_of(u64 address)
    {
        Vma vma;
        return space->find(address, vma) ? vma.start : 0;
    }
    u64 end_of(u64 address)
    {
        Vma vma;
        return space->find(address, vma) ? vma.end : 0;
    }

    AddressSpace* space { nullptr };
};

TEST_F(AddressSpaceTest, PlacesTopDownFromMmapBaseAndMergesNeighbours)
{
    auto first = map(0, P);
    ASSERT_TRUE(first.is_ok());
    EXPECT_EQ(first.value(), WINDOW_END - P);
    auto second = map(0, 2 * P);
    ASSERT_TRUE(second.is_ok());
    EXPECT_EQ(second.value(), WINDOW_END - 3 * P);
    // Two anonymous private mappings with the same protection are one VMA, as on Linux.
    EXPECT_EQ(start_of(WINDOW_END - P), WINDOW_END - 3 * P);
    EXPECT_EQ(end_of(WINDOW_END - 3 * P), WINDOW_END);
}

TEST_F(AddressSpaceTest, HonoursAFreeHintAndIgnoresAHiddenOne)
{
    auto hinted = map(WINDOW + 0x100000 + 123, P);
    ASSERT_TRUE(hinted.is_ok());
    EXPECT_EQ(hinted.value(), WINDOW + 0x100000);
    auto hidden_hint = map(0x10000, P);
    ASSERT_TRUE(hidden_hint.is_ok());
    EXPECT_EQ(hidden_hint.value(), WINDOW_END - P);
}

TEST_F(AddressSpaceTest, FixedMappingSplitsAndReplaces)
{
    u64 base = WINDOW + 0x200000;
    ASSERT_TRUE(map(base, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    *reinterpret_cast<char*>(base + P) = 'x';
    auto fixed = map(base + P, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
    ASSERT_TRUE(fixed.is_ok());
    EXPECT_EQ(prot_at(base), PROT_READ | PROT_WRITE);
    EXPECT_EQ(prot_at(base + P), PROT_READ);
    EXPECT_EQ(prot_at(base + 2 * P), PROT_READ | PROT_WRITE);
    EXPECT_EQ(*reinterpret_cast<char*>(base + P), 0);
    EXPECT_EQ(end_of(base), base + P);
}

TEST_F(AddressSpaceTest, RefusesHiddenAndOccupiedRanges)
{
    u64 base = WINDOW + 0x300000;
    ASSERT_TRUE(map(base, 2 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    EXPECT_EQ(map(base + P, 2 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE).error(), Errno::EEXIST);
    EXPECT_EQ(map(WINDOW - P, 2 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).error(), Errno::ENOMEM);
    EXPECT_EQ(map(WINDOW - P, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE).error(), Errno::EEXIST);
    EXPECT_EQ(map(layout::KERNEL_IMAGE_BASE, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).error(), Errno::ENOMEM);
    EXPECT_EQ(map(0x1000, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).error(), Errno::EPERM);
    EXPECT_EQ(map(base + 1, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).error(), Errno::EINVAL);
    EXPECT_EQ(space->unmap(WINDOW - P, 2 * P).error(), Errno::EINVAL);
    EXPECT_EQ(space->unmap(layout::ARENA_BASE, P).error(), Errno::EINVAL);
    EXPECT_EQ(space->protect(WINDOW - P, P, PROT_READ).error(), Errno::ENOMEM);
    EXPECT_EQ(space->remap(WINDOW - P, P, 2 * P, MREMAP_MAYMOVE, 0).error(), Errno::EFAULT);
    EXPECT_EQ(space->remap(base, P, P, MREMAP_MAYMOVE | MREMAP_FIXED, WINDOW - P).error(), Errno::EINVAL);
    EXPECT_EQ(space->advise(WINDOW - P, P, MADV_DONTNEED).error(), Errno::ENOMEM);
    EXPECT_EQ(space->lock(WINDOW - P, P, VM_LOCKED).error(), Errno::ENOMEM);
    // The hidden range is still there after all of that.
    EXPECT_FALSE(space->is_free(WINDOW - P, WINDOW));
}

TEST_F(AddressSpaceTest, ProtectSplitsAndMergesBack)
{
    u64 base = WINDOW + 0x400000;
    ASSERT_TRUE(map(base, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    u32 before = space->vma_count();
    ASSERT_TRUE(space->protect(base + P, P, PROT_READ).is_ok());
    EXPECT_EQ(space->vma_count(), before + 2);
    EXPECT_EQ(prot_at(base + P), PROT_READ);
    ASSERT_TRUE(space->protect(base + P, P, PROT_READ | PROT_WRITE).is_ok());
    EXPECT_EQ(space->vma_count(), before);
    EXPECT_EQ(space->protect(base + 1, P, PROT_READ).error(), Errno::EINVAL);
    EXPECT_EQ(space->protect(base, P, 0x100).error(), Errno::EINVAL);
    EXPECT_EQ(space->protect(base, P, PROT_READ | PROT_GROWSDOWN).error(), Errno::EINVAL);
    EXPECT_EQ(space->protect(base, 4 * P, PROT_READ).error(), Errno::ENOMEM);
    EXPECT_TRUE(space->protect(base, 0, PROT_READ).is_ok());
}

TEST_F(AddressSpaceTest, GrowsDownProtectionReachesTheStartOfTheMapping)
{
    u64 base = WINDOW + 0x500000;
    ASSERT_TRUE(map(base, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN).is_ok());
    ASSERT_TRUE(space->protect(base + 2 * P, P, PROT_READ | PROT_EXEC | PROT_GROWSDOWN).is_ok());
    EXPECT_EQ(prot_at(base), PROT_READ | PROT_EXEC);
    EXPECT_EQ(prot_at(base + 2 * P), PROT_READ | PROT_EXEC);
    EXPECT_EQ(prot_at(base + 3 * P), PROT_READ | PROT_WRITE);
}

TEST_F(AddressSpaceTest, UnmapPunchesHoles)
{
    u64 base = WINDOW + 0x600000;
    ASSERT_TRUE(map(base, 3 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    ASSERT_TRUE(space->unmap(base + P, P).is_ok());
    EXPECT_EQ(prot_at(base + P), -1);
    EXPECT_EQ(end_of(base), base + P);
    EXPECT_EQ(start_of(base + 2 * P), base + 2 * P);
    EXPECT_TRUE(space->unmap(base + P, P).is_ok());
    EXPECT_EQ(space->unmap(base + 1, P).error(), Errno::EINVAL);
    EXPECT_EQ(space->unmap(base, 0).error(), Errno::EINVAL);
    // A mapping placed later may use the hole.
    EXPECT_EQ(map(base + P, P).value(), base + P);
}

TEST_F(AddressSpaceTest, RemapGrowsInPlaceShrinksAndMoves)
{
    u64 base = WINDOW + 0x700000;
    ASSERT_TRUE(map(base, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    *reinterpret_cast<char*>(base) = 'a';
    EXPECT_EQ(space->remap(base, 2 * P, 4 * P, 0, 0).value(), base);
    EXPECT_EQ(end_of(base), base + 4 * P);
    EXPECT_EQ(space->remap(base, 4 * P, P, 0, 0).value(), base);
    EXPECT_EQ(end_of(base), base + P);
    // Block growth with a neighbour: without MREMAP_MAYMOVE it fails, with it it moves.
    ASSERT_TRUE(map(base + P, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    EXPECT_EQ(space->remap(base, P, 2 * P, 0, 0).error(), Errno::ENOMEM);
    auto moved = space->remap(base, P, 2 * P, MREMAP_MAYMOVE, 0);
    ASSERT_TRUE(moved.is_ok());
    EXPECT_NE(moved.value(), base);
    EXPECT_EQ(*reinterpret_cast<char*>(moved.value()), 'a');
    EXPECT_EQ(prot_at(base), -1);
    EXPECT_EQ(end_of(moved.value()), moved.value() + 2 * P);
    // MREMAP_FIXED onto a chosen address, replacing what was there.
    u64 target = WINDOW + 0x800000;
    ASSERT_TRUE(map(target, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    EXPECT_EQ(space->remap(moved.value(), 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, target).value(), target);
    EXPECT_EQ(*reinterpret_cast<char*>(target), 'a');
    EXPECT_EQ(prot_at(target), PROT_READ | PROT_WRITE);
    EXPECT_EQ(space->remap(target, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, target + P).error(), Errno::EINVAL);
    EXPECT_EQ(space->remap(target, 8 * P, 9 * P, MREMAP_MAYMOVE, 0).error(), Errno::EFAULT);
    EXPECT_EQ(space->remap(target, P, 2 * P, 8, 0).error(), Errno::EINVAL);
    EXPECT_EQ(space->remap(target, P, 2 * P, MREMAP_FIXED, target + 4 * P).error(), Errno::EINVAL);
    // MREMAP_DONTUNMAP keeps the old range mapped, and needs equal lengths.
    auto kept = space->remap(target, P, P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
    ASSERT_TRUE(kept.is_ok());
    EXPECT_NE(kept.value(), target);
    EXPECT_EQ(prot_at(target), PROT_READ | PROT_WRITE);
    EXPECT_EQ(*reinterpret_cast<char*>(kept.value()), 'a');
    EXPECT_EQ(space->remap(target, P, 2 * P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0).error(), Errno::EINVAL);
}

TEST_F(AddressSpaceTest, BrkGrowsShrinksAndStaysAboveItsStart)
{
    u64 start = WINDOW + 0x1000000;
    space->set_brk_start(start);
    EXPECT_EQ(space->brk(0).value(), start);
    EXPECT_EQ(space->brk(start + 10000).value(), start + 10000);
    *reinterpret_cast<char*>(start + 9999) = 1;
    Vma vma;
    ASSERT_TRUE(space->find(start, vma));
    EXPECT_EQ(vma.kind, VmaKind::Heap);
    EXPECT_EQ(vma.end, start + 3 * P);
    EXPECT_EQ(space->brk(start + 10).value(), start + 10);
    EXPECT_EQ(end_of(start), start + P);
    EXPECT_EQ(space->brk(start - P).value(), start + 10);
    // A mapping in the way stops the break.
    ASSERT_TRUE(map(start + 4 * P, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    EXPECT_EQ(space->brk(start + 8 * P).value(), start + 10);
    EXPECT_NE(maps().find("[heap]"), std::string::npos);
}

TEST_F(AddressSpaceTest, AdviseAndLockKeepTheirRules)
{
    u64 base = WINDOW + 0x900000;
    ASSERT_TRUE(map(base, 2 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    *reinterpret_cast<char*>(base) = 9;
    ASSERT_TRUE(space->advise(base, P, MADV_DONTNEED).is_ok());
    EXPECT_EQ(*reinterpret_cast<char*>(base), 0);
    EXPECT_EQ(space->advise(base, P, 77).error(), Errno::EINVAL);
    EXPECT_EQ(space->advise(base, 3 * P, MADV_NORMAL).error(), Errno::ENOMEM);
    ASSERT_TRUE(space->lock(base + 5, 10, VM_LOCKED).is_ok());
    Vma vma;
    ASSERT_TRUE(space->find(base, vma));
    EXPECT_TRUE(vma.flags & VM_LOCKED);
    EXPECT_EQ(space->advise(base, P, MADV_DONTNEED).error(), Errno::EINVAL);
    ASSERT_TRUE(space->unlock(base, P).is_ok());
    ASSERT_TRUE(space->find(base, vma));
    EXPECT_FALSE(vma.flags & VM_LOCKED);
    EXPECT_EQ(end_of(base), base + 2 * P);
}

TEST_F(AddressSpaceTest, MapsRenderLikeLinux)
{
    // The host's own [vdso] and [vvar] lines, adopted, must render back byte for byte.
    FILE* f = fopen("/proc/self/maps", "r");
    ASSERT_NE(f, nullptr);
    char line[512];
    std::string special;
    while (fgets(line, sizeof(line), f)) {
        if (strstr(line, "[vdso]") || strstr(line, "[vvar]"))
            special += line;
    }
    fclose(f);
    ASSERT_FALSE(special.empty());
    ASSERT_TRUE(space->adopt_host_maps_text(StringView(special.data(), special.size())).is_ok());
    ASSERT_TRUE(space->adopt_host_maps_text("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n").is_ok());

    u64 anon = WINDOW + 0xa00000;
    ASSERT_TRUE(map(anon, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    int fd = open("/etc/passwd", O_RDONLY);
    ASSERT_GE(fd, 0);
    struct stat st;
    ASSERT_EQ(fstat(fd, &st), 0);
    MapRequest file;
    file.address = anon + 2 * P;
    file.length = P;
    file.prot = PROT_READ;
    file.flags = MAP_PRIVATE | MAP_FIXED;
    file.host_fd = fd;
    file.dev = st.st_dev;
    file.inode = st.st_ino;
    file.path = "/etc/passwd";
    ASSERT_TRUE(space->map(file).is_ok());
    close(fd);

    char expected[1024];
    char prefix[256];
    snprintf(prefix, sizeof(prefix), "%08lx-%08lx r--p 00000000 %02x:%02x %lu ", anon + 2 * P, anon + 3 * P, major(st.st_dev), minor(st.st_dev),
        (unsigned long)st.st_ino);
    snprintf(expected, sizeof(expected), "%08lx-%08lx r--p 00000000 00:00 0 \n%-72s /etc/passwd\n", anon, anon + P, prefix);
    std::string rendered = maps();
    EXPECT_EQ(rendered.substr(0, strlen(expected)), expected);
    EXPECT_NE(rendered.find(special), std::string::npos) << rendered;
    EXPECT_NE(rendered.find("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n"), std::string::npos);
    // Nothing of the hidden ranges shows.
    EXPECT_EQ(rendered.find("6f0000000000"), std::string::npos);
}

TEST_F(AddressSpaceTest, CloneCopiesTheMap)
{
    u64 base = WINDOW + 0xb00000;
    ASSERT_TRUE(map(base, 2 * P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED).is_ok());
    auto copy = space->clone();
    ASSERT_TRUE(copy.is_ok());
    Vma vma;
    EXPECT_TRUE(copy.value()->find(base, vma));
    EXPECT_EQ(vma.end, base + 2 * P);
    EXPECT_EQ(copy.value()->vma_count(), space->vma_count());
    arena().destroy(copy.value());
}

}
