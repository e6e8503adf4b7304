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

// Private to the host process, like the code it describes: a host fork copies both.
Mutex s_lock;
TrampolinePage s_pages[MAX_PAGES];
u32 s_page_count;
bool s_disabled;
u64 s_patched;

bool reachable(u64 from, u64 to)
{
    i64 distance = i64(to - from);
    return distance > -REACH && distance < REACH;
}

void put32(u8* p, i32 v) { mem_copy(p, &v, 4); }

// Preconditions: s_lock is held.
Result<u64> new_page_near(AddressSpace& space, u64 site)
{
    if (s_page_count == MAX_PAGES)
        return Errno::ENOMEM;
    // Look for a free page below the site first (where Linux's top-down layout leaves
    // room), then above, in 2 MiB steps.
    constexpr u64 STEP = 2 * 1024 * 1024;
    u64 origin = site & ~(STEP - 1);
    for (u64 distance = STEP; distance < 0x40000000; distance += STEP) {
        for (int side = 0; side < 2; ++side) {
            u64 candidate = side == 0 ? origin - distance : origin + distance;
            if (candidate < 0x10000 || candidate + PAGE_SIZE > layout::TASK_SIZE || !reachable(site, candidate))
                continue;
            if (!space.is_free(candidate, candidate + PAGE_SIZE))
                continue;
            auto mapped = platform::mmap(candidate, PAGE_SIZE, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
            if (mapped.is_error() || mapped.value() != candidate)
                continue;
            if (space.add_hidden(candidate, candidate + PAGE_SIZE).is_error()) {
                (void)platform::munmap(candidate, PAGE_SIZE);
                return Errno::ENOMEM;
            }
            u64 entry = u64(s_disabled ? cell_fast_entry_disabled : cell_fast_entry);
            mem_copy(reinterpret_cast<void*>(candidate), &entry, sizeof(entry));
            TRY(platform::mprotect(candidate, PAGE_SIZE, PROT_READ | PROT_EXEC));
            s_pages[s_page_count++] = { candidate, FIRST_SLOT };
            return candidate;
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
usize build_trampoline(u8* code, u64 slot, u64 page, const SiteShape& shape, usize& resume)
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
    put32(code + n, rel_to(page, n + 4));
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
    auto slot = slot_near(space, site);
    if (slot.is_error())
        return;
    u64 page = page_round_down(slot.value());
    u8 code[SLOT_SIZE];
    usize resume = 0;
    usize length = build_trampoline(code, slot.value(), page, shape, resume);
    if (platform::mprotect(page, PAGE_SIZE, PROT_READ | PROT_WRITE).is_error())
        return;
    mem_copy(reinterpret_cast<void*>(slot.value()), code, length);
    (void)platform::mprotect(page, PAGE_SIZE, PROT_READ | PROT_EXEC);

    u8 patch[16];
    patch[0] = 0xe9; // jmp trampoline
    put32(patch + 1, i32(i64(slot.value()) - i64(shape.patch_start + 5)));
    for (usize i = 5; i < shape.patch_length; ++i)
        patch[i] = 0xcc; // int3: nothing may land here
    if (write_code(shape.patch_start, patch, shape.patch_length, vma.prot).is_error())
        return;
    // The trapped call returns into the rewritten site: past shape A's syscall, which is
    // intact, or for shape B into the trampoline's copy of the moved instructions.
    u64& rip = uc.uc_mcontext.gregs[REG_RIP];
    if (shape.kind == SiteShape::SyscallThenMoved && rip == call_addr)
        rip = slot.value() + resume;
    ++s_patched;
    klog("patch: site %#lx (%s) nr %lu -> trampoline %#lx", site, shape.kind == SiteShape::MovThenSyscall ? "mov" : "moved", nr,
        slot.value());
}

void site_patch_disable()
{
    MutexLocker locker(s_lock);
    if (s_disabled)
        return;
    s_disabled = true;
    u64 entry = u64(cell_fast_entry_disabled);
    for (u32 i = 0; i < s_page_count; ++i) {
        u64 base = s_pages[i].base;
        if (platform::mprotect(base, PAGE_SIZE, PROT_READ | PROT_WRITE).is_ok()) {
            mem_copy(reinterpret_cast<void*>(base), &entry, sizeof(entry));
            (void)platform::mprotect(base, PAGE_SIZE, PROT_READ | PROT_EXEC);
        }
    }
}

bool site_patch_owns(u64 address)
{
    for (u32 i = 0; i < s_page_count; ++i) {
        if (address >= s_pages[i].base && address < s_pages[i].base + PAGE_SIZE)
            return true;
    }
    return false;
}

u64 site_patch_count() { return s_patched; }
