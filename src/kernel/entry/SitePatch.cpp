#include "kernel/entry/SitePatch.h"
#include "kernel/Kernel.h"
#include "kernel/abi/Mman.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Log.h"
#include "kernel/base/Memory.h"
#include "kernel/base/Mutex.h"
#include "kernel/entry/FastEntryLayout.h"
#include "kernel/entry/SiteDecoder.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

#include <initializer_list>

extern "C" char cell_fast_entry[];
extern "C" char cell_fast_entry_disabled[];

namespace {

constexpr u32 SLOT_SIZE = 64;
constexpr u32 FIRST_SLOT = 64; // the page starts with the fast entry's address
constexpr u32 MAX_PAGES = 64;
constexpr i64 REACH = 0x7fff0000; // what a rel32 can span, with a margin

struct TrampolinePage {
    u64 base;
    u32 used;
};

constexpr u64 REGION_SIZE = 64 * 1024;
constexpr u64 REGION_BLOCK = 256;
constexpr u32 REGION_BLOCKS = REGION_SIZE / REGION_BLOCK;
constexpr u32 MAX_REGIONS = 16;

struct TrampolineRegion {
    u64 base;
    u64 used[REGION_BLOCKS / 64];
};

// Private to the host process, like the code it describes: a host fork copies both.
Mutex s_lock;
TrampolinePage s_pages[MAX_PAGES];
u32 s_page_count;
TrampolineRegion s_regions[MAX_REGIONS];
u32 s_region_count;
bool s_disabled;
u64 s_patched;

// Sites trapped once and not patched yet, by address (0 is an empty slot). A site is
// patched at its second trap: many calls run once in a process's life (set_tid_address,
// rseq, the loader's first opens), and patching one costs about as much as ten traps.
constexpr u32 SEEN_SLOTS = 1024;
u64 s_seen[SEEN_SLOTS];

// Records `site`; returns whether it was trapped before. A full table patches at once.
// Preconditions: s_lock is held.
bool trapped_before(u64 site)
{
    u32 at = u32((site * 0x9e3779b97f4a7c15ull) >> 54);
    for (u32 i = 0; i < SEEN_SLOTS; ++i) {
        u64& slot = s_seen[(at + i) & (SEEN_SLOTS - 1)];
        if (slot == site)
            return true;
        if (slot == 0) {
            slot = site;
            return false;
        }
    }
    return true;
}

bool reachable(u64 from, u64 to)
{
    i64 distance = i64(to - from);
    return distance > -REACH && distance < REACH;
}

void put32(u8* p, i32 v) { mem_copy(p, &v, 4); }

// Maps a hidden trampoline area of `size` bytes (aligned to its size) within reach of
// `site`, with the fast entry's address in its first 8 bytes.
// Preconditions: s_lock is held.
Result<u64> map_area_near(AddressSpace& space, u64 site, u64 size)
{
    // Look for free room below the site first (where Linux's top-down layout leaves
    // room), then above, in 2 MiB steps.
    constexpr u64 STEP = 2 * 1024 * 1024;
    u64 origin = site & ~(STEP - 1);
    for (u64 distance = STEP; distance < 0x40000000; distance += STEP) {
        for (int side = 0; side < 2; ++side) {
            u64 candidate = side == 0 ? origin - distance : origin + distance;
            if (candidate < 0x10000 || candidate + size > layout::TASK_SIZE || !reachable(site, candidate)
                || !reachable(site, candidate + size))
                continue;
            if (!space.is_free(candidate, candidate + size))
                continue;
            auto mapped = platform::mmap(candidate, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (mapped.is_error() || mapped.value() != candidate)
                continue;
            if (space.add_hidden(candidate, candidate + size).is_error()) {
                (void)platform::munmap(candidate, size);
                return Errno::ENOMEM;
            }
            u64 entry = u64(s_disabled ? cell_fast_entry_disabled : cell_fast_entry);
            mem_copy(reinterpret_cast<void*>(candidate), &entry, sizeof(entry));
            TRY(platform::mprotect(candidate, size, PROT_READ | PROT_EXEC));
            return candidate;
        }
    }
    return Errno::ENOMEM;
}

// Preconditions: s_lock is held.
Result<u64> new_page_near(AddressSpace& space, u64 site)
{
    if (s_page_count == MAX_PAGES)
        return Errno::ENOMEM;
    u64 base = TRY(map_area_near(space, site, PAGE_SIZE));
    s_pages[s_page_count++] = { base, FIRST_SLOT };
    return base;
}

// A slot whose jump displacement from `site` has `byte` as its second byte (shape C).
// Such slots come from 64 KiB areas cut in 256-byte blocks: exactly one block in every
// 64 KiB gives a chosen second byte. Block 0 holds the fast entry's address.
// Preconditions: s_lock is held. Returns the slot and its area's base in `area`.
Result<u64> slot_with_byte(AddressSpace& space, u64 site, u8 byte, u64& area)
{
    auto fits = [&](u64 slot) { return ((slot - (site + 5)) >> 8 & 0xff) == byte; };
    for (u32 i = 0; i < s_region_count; ++i) {
        auto& region = s_regions[i];
        if (!reachable(site, region.base) || !reachable(site, region.base + REGION_SIZE))
            continue;
        for (u32 block = 1; block < REGION_BLOCKS; ++block) {
            u64 slot = region.base + u64(block) * REGION_BLOCK;
            if (!(region.used[block / 64] & (u64(1) << (block % 64))) && fits(slot)) {
                region.used[block / 64] |= u64(1) << (block % 64);
                area = region.base;
                return slot;
            }
        }
    }
    if (s_region_count == MAX_REGIONS)
        return Errno::ENOMEM;
    u64 base = TRY(map_area_near(space, site, REGION_SIZE));
    auto& region = s_regions[s_region_count++];
    region = { base, {} };
    region.used[0] = 1;
    for (u32 block = 1; block < REGION_BLOCKS; ++block) {
        u64 slot = base + u64(block) * REGION_BLOCK;
        if (fits(slot)) {
            region.used[block / 64] |= u64(1) << (block % 64);
            area = base;
            return slot;
        }
    }
    return Errno::ENOMEM;
}

// Preconditions: s_lock is held. Returns a slot address within reach of `site`.
Result<u64> slot_near(AddressSpace& space, u64 site)
{
    for (u32 i = 0; i < s_page_count; ++i) {
        auto& page = s_pages[i];
        if (page.used + SLOT_SIZE <= PAGE_SIZE && reachable(site, page.base) && reachable(site, page.base + PAGE_SIZE)) {
            u64 slot = page.base + page.used;
            page.used += SLOT_SIZE;
            return slot;
        }
    }
    u64 base = TRY(new_page_near(space, site));
    s_pages[s_page_count - 1].used += SLOT_SIZE;
    return base + FIRST_SLOT;
}

// Lays out a trampoline at `slot` (see SitePatch.h for the shapes). `prefix` is redone
// before the call (shape A's mov), `moved` after it (shape B's instructions). Sets
// `resume` to the offset of the code that follows a completed syscall.
usize build_trampoline(u8* code, u64 slot, u64 entry, const SiteShape& shape, usize& resume)
{
    usize n = 0;
    auto emit = [&](std::initializer_list<u8> bytes) {
        for (u8 b : bytes)
            code[n++] = b;
    };
    auto rel_to = [&](u64 target, usize instruction_end) { return i32(i64(target) - i64(slot + instruction_end)); };
    for (usize i = 0; i < shape.prefix_length; ++i)
        code[n++] = shape.prefix[i];
    emit({ 0x48, 0x8d, 0x64, 0x24, 0x80 }); // lea -128(%rsp), %rsp
    emit({ 0x48, 0x8d, 0x0d }); // lea after_syscall(%rip), %rcx: rcx as syscall sets it
    put32(code + n, rel_to(shape.after_syscall, n + 4));
    n += 4;
    emit({ 0x9c, 0x41, 0x5b }); // pushfq; pop %r11: r11 as syscall sets it
    emit({ 0xff, 0x15 }); // call *entry(%rip)
    put32(code + n, rel_to(entry, n + 4));
    n += 4;
    static_assert(TRAMPOLINE_SLOW_DELTA == 2);
    emit({ 0xeb, 12 }); // jmp main
    // slow: a trapped syscall, for calls that need the full context.
    emit({ 0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00 }); // lea 128(%rsp), %rsp
    emit({ 0x0f, 0x05 }); // syscall
    emit({ 0xeb, 8 }); // jmp after_lea
    // main:
    emit({ 0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00 }); // lea 128(%rsp), %rsp
    resume = n;
    for (usize i = 0; i < shape.moved_length; ++i)
        code[n++] = shape.moved[i];
    emit({ 0xe9 }); // jmp continuation
    put32(code + n, rel_to(shape.continuation, n + 4));
    n += 4;
    return n;
}

// Writes `bytes` over guest code at `address`, whose mapping has protection `prot`.
Result<void> write_code(u64 address, const u8* bytes, usize len, int prot)
{
    u64 first = page_round_down(address);
    u64 last = page_round_up(address + len);
    TRY(platform::mprotect(first, last - first, prot | PROT_WRITE));
    auto copied = copy_to_user(address, bytes, len);
    TRY(platform::mprotect(first, last - first, prot));
    return copied;
}

}

bool site_patch_needs_context(u64 nr)
{
    switch (nr) {
    case 15: // rt_sigreturn
    case 56: // clone
    case 57: // fork
    case 58: // vfork
    case 59: // execve
    case 322: // execveat
    case 435: // clone3
        return true;
    default:
        return false;
    }
}

void site_patch_consider(Thread& thread, linux_ucontext& uc, u64 call_addr, u64 nr)
{
    // FIXME: clone does not exist yet, so every process has one thread and the code can be
    // rewritten in place; with threads, patching must become atomic or stop the others.
    if (!kernel_config().patch_sites || site_patch_needs_context(nr))
        return;
    u64 site = call_addr - 2;
    if (site_patch_owns(site))
        return;
    {
        MutexLocker locker(s_lock);
        if (!trapped_before(site))
            return;
    }
    AddressSpace& space = thread.process().address_space();
    Vma vma;
    if (!space.find(site, vma) || vma.kind != VmaKind::File || (vma.flags & VM_SHARED) || !(vma.prot & PROT_EXEC)
        || (vma.prot & PROT_WRITE))
        return;
    // The window must lie inside the one mapping.
    if (site < vma.start + SITE_BEFORE || site + SITE_AFTER > vma.end)
        return;
    u8 window[SITE_BEFORE + SITE_AFTER];
    if (copy_from_user(window, site - SITE_BEFORE, sizeof(window)).is_error())
        return;
    SiteShape shape;
    if (!decode_site(window, site, nr, shape))
        return;

    MutexLocker locker(s_lock);
    u64 area = 0;
    auto slot = shape.kind == SiteShape::SyscallThenRet ? slot_with_byte(space, site, shape.keep_byte, area) : slot_near(space, site);
    if (slot.is_error())
        return;
    u64 page = page_round_down(slot.value());
    if (shape.kind != SiteShape::SyscallThenRet)
        area = page;
    u8 code[SLOT_SIZE];
    usize resume = 0;
    usize length = build_trampoline(code, slot.value(), area, shape, resume);
    if (platform::mprotect(page, PAGE_SIZE, PROT_READ | PROT_WRITE).is_error())
        return;
    mem_copy(reinterpret_cast<void*>(slot.value()), code, length);
    (void)platform::mprotect(page, PAGE_SIZE, PROT_READ | PROT_EXEC);

    u8 patch[16];
    patch[0] = 0xe9; // jmp trampoline
    put32(patch + 1, i32(i64(slot.value()) - i64(shape.patch_start + 5)));
    for (usize i = 5; i < shape.patch_length; ++i)
        patch[i] = 0xcc; // int3: nothing may land here
    if (shape.kind == SiteShape::SyscallThenRet && patch[2] != shape.keep_byte)
        return;
    if (write_code(shape.patch_start, patch, shape.patch_length, vma.prot).is_error())
        return;
    // The trapped call returns into the rewritten site: past shape A's syscall, which is
    // intact, or for shape B into the trampoline's copy of the moved instructions.
    u64& rip = uc.uc_mcontext.gregs[REG_RIP];
    if (shape.kind == SiteShape::SyscallThenMoved && rip == call_addr)
        rip = slot.value() + resume;
    ++s_patched;
    static const char* const kinds[] = { "mov", "moved", "ret" };
    klog("patch: site %#lx (%s) nr %lu -> trampoline %#lx", site, kinds[shape.kind], nr, slot.value());
}

void site_patch_disable()
{
    MutexLocker locker(s_lock);
    if (s_disabled)
        return;
    s_disabled = true;
    u64 entry = u64(cell_fast_entry_disabled);
    auto redirect = [&](u64 base) {
        if (platform::mprotect(base, PAGE_SIZE, PROT_READ | PROT_WRITE).is_ok()) {
            mem_copy(reinterpret_cast<void*>(base), &entry, sizeof(entry));
            (void)platform::mprotect(base, PAGE_SIZE, PROT_READ | PROT_EXEC);
        }
    };
    for (u32 i = 0; i < s_page_count; ++i)
        redirect(s_pages[i].base);
    for (u32 i = 0; i < s_region_count; ++i)
        redirect(s_regions[i].base);
}

bool site_patch_owns(u64 address)
{
    for (u32 i = 0; i < s_page_count; ++i) {
        if (address >= s_pages[i].base && address < s_pages[i].base + PAGE_SIZE)
            return true;
    }
    for (u32 i = 0; i < s_region_count; ++i) {
        if (address >= s_regions[i].base && address < s_regions[i].base + REGION_SIZE)
            return true;
    }
    return false;
}

u64 site_patch_count() { return s_patched; }
