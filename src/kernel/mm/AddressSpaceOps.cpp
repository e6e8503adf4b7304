// The address-space operations other than mmap, munmap and mremap: mprotect, madvise,
// brk, msync, the mlock family and mincore. Each checks the range against the map
// first, so that a hidden range never reaches the host, then changes the host, then
// updates the map.

#include "kernel/abi/Mman.h"
#include "kernel/base/Layout.h"
#include "kernel/mm/AddressSpace.h"
#include "platform/Platform.h"

// Returns true when a mapping has had pages; asks the host once, then remembers.
bool AddressSpace::has_pages(Vma& vma)
{
    if (vma.flags & VM_TOUCHED)
        return true;
    u8 vec[512];
    for (u64 at = vma.start; at < vma.end;) {
        u64 pages = (vma.end - at) / PAGE_SIZE;
        if (pages > sizeof(vec))
            pages = sizeof(vec);
        if (platform::mincore(at, pages * PAGE_SIZE, vec).is_error())
            return true;
        for (u64 i = 0; i < pages; ++i) {
            if (vec[i] & 1) {
                vma.flags |= VM_TOUCHED;
                return true;
            }
        }
        at += pages * PAGE_SIZE;
    }
    return false;
}

// Implements the address-space half of mprotect(2). Unmapped and hidden ranges fail
// with ENOMEM as on Linux, which first changes the mapped part before the first hole. PROT_GROWSDOWN extends the change down to the start of a
// MAP_GROWSDOWN mapping and is EINVAL on any other; PROT_GROWSUP is always EINVAL
// because x86-64 has no stacks that grow up.
Result<void> AddressSpace::protect(u64 address, u64 length, int prot)
{
    constexpr int allowed = PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN | PROT_GROWSUP;
    if (!page_aligned(address) || (prot & ~allowed) || (prot & PROT_GROWSUP))
        return Errno::EINVAL;
    u64 rounded = page_round_up(length);
    if (rounded < length)
        return Errno::ENOMEM;
    if (rounded == 0)
        return {};
    u64 end = address + rounded;
    if (end < address || end > layout::TASK_SIZE)
        return Errno::ENOMEM;
    MutexLocker locker(m_lock);
    if (prot & PROT_GROWSDOWN) {
        u32 i = index_after(address);
        if (i == m_count || !m_vmas[i].contains(address))
            return Errno::ENOMEM;
        if (!(m_vmas[i].flags & VM_GROWSDOWN))
            return Errno::EINVAL;
        address = m_vmas[i].start;
    }
    u64 requested_end = end;
    end = mapped_prefix_end(address, end);
    if (end == address)
        return Errno::ENOMEM;
    int new_prot = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    for (u32 i = index_after(address); i < m_count && m_vmas[i].start < end; ++i) {
        const Vma& vma = m_vmas[i];
        if ((new_prot & PROT_WRITE) && (vma.flags & VM_SHARED) && vma.kind == VmaKind::File && !(vma.flags & VM_MAYWRITE))
            return Errno::EACCES;
    }
    TRY(reserve(3));
    TRY(platform::mprotect(address, end - address, new_prot));
    u32 first;
    u32 count = carve(address, end, first);
    for (u32 i = first; i < first + count; ++i) {
        Vma& vma = m_vmas[i];
        vma.prot = new_prot;
        // Linux's mprotect_fixup() charges a private mapping the first time it becomes
        // writable, and uncharges an anonymous one that never had a page.
        if ((new_prot & PROT_WRITE) && !(vma.flags & (VM_SHARED | VM_NORESERVE)))
            vma.flags |= VM_ACCOUNT;
        else if (!(new_prot & PROT_WRITE) && (vma.flags & VM_ACCOUNT) && vma.kind != VmaKind::File && !has_pages(vma))
            vma.flags &= ~VM_ACCOUNT;
    }
    merge_range(address, end);
    return end == requested_end ? Result<void>() : Result<void>(Errno::ENOMEM);
}

namespace {

bool advice_known(int advice)
{
    switch (advice) {
    case MADV_NORMAL:
    case MADV_RANDOM:
    case MADV_SEQUENTIAL:
    case MADV_WILLNEED:
    case MADV_DONTNEED:
    case MADV_FREE:
    case MADV_REMOVE:
    case MADV_DONTFORK:
    case MADV_DOFORK:
    case MADV_MERGEABLE:
    case MADV_UNMERGEABLE:
    case MADV_HUGEPAGE:
    case MADV_NOHUGEPAGE:
    case MADV_DONTDUMP:
    case MADV_DODUMP:
    case MADV_WIPEONFORK:
    case MADV_KEEPONFORK:
    case MADV_COLD:
    case MADV_PAGEOUT:
    case MADV_POPULATE_READ:
    case MADV_POPULATE_WRITE:
    case MADV_DONTNEED_LOCKED:
    case MADV_COLLAPSE:
        return true;
    default:
        return false;
    }
}

}

// Implements the address-space half of madvise(2). The host does the work: its
// MADV_DONTNEED zero-fills private anonymous pages and re-reads private file pages, as
// Linux does for the guest. As on Linux, the mapped parts of a partly unmapped range are
// advised and the call then fails with ENOMEM; a hidden range fails with ENOMEM at once.
Result<void> AddressSpace::advise(u64 address, u64 length, int advice)
{
    if (!page_aligned(address) || !advice_known(advice))
        return Errno::EINVAL;
    u64 rounded = page_round_up(length);
    u64 end = address + rounded;
    if (rounded < length || end < address)
        return Errno::EINVAL;
    if (rounded == 0)
        return {};
    MutexLocker locker(m_lock);
    if (end > layout::TASK_SIZE || overlaps(address, end, true))
        return Errno::ENOMEM;
    bool complete = fully_mapped(address, end);
    TRY(reserve(3));
    u32 first;
    u32 count = carve(address, end, first);
    auto advised = [&]() -> Result<void> {
        for (u32 i = first; i < first + count; ++i) {
            Vma& vma = m_vmas[i];
            if ((advice == MADV_DONTNEED || advice == MADV_FREE) && (vma.flags & VM_LOCKED))
                return Errno::EINVAL;
            if (advice == MADV_WIPEONFORK && (vma.kind != VmaKind::Anonymous || (vma.flags & VM_SHARED)))
                return Errno::EINVAL;
            TRY(platform::madvise(vma.start, vma.size(), advice));
            if (advice == MADV_DONTFORK)
                vma.flags |= VM_DONTFORK;
            else if (advice == MADV_DOFORK)
                vma.flags &= ~VM_DONTFORK;
            else if (advice == MADV_WIPEONFORK)
                vma.flags |= VM_WIPEONFORK;
            else if (advice == MADV_KEEPONFORK)
                vma.flags &= ~VM_WIPEONFORK;
        }
        return {};
    }();
    // Also after a failure: the pieces carve() split off join again.
    merge_range(address, end);
    TRY(advised);
    return complete ? Result<void>() : Result<void>(Errno::ENOMEM);
}

// Implements brk(2) as Linux does: the break starts right after the executable's bss
// (the loader sets it), a request below the start or into another mapping leaves it
// unchanged, shrinking unmaps, and the return value is always the current break.
Result<u64> AddressSpace::brk(u64 requested)
{
    MutexLocker locker(m_lock);
    if (m_brk_start == 0 || requested < m_brk_start || requested > layout::TASK_SIZE)
        return m_brk;
    u64 old_end = page_round_up(m_brk);
    u64 new_end = page_round_up(requested);
    if (new_end == old_end) {
        m_brk = requested;
        return m_brk;
    }
    if (new_end < old_end) {
        if (overlaps(new_end, old_end, true) || reserve(3).is_error() || platform::munmap(new_end, old_end - new_end).is_error())
            return m_brk;
        drop_range(new_end, old_end);
        m_brk = requested;
        return m_brk;
    }
    // Keep one page free above the new break, and the guard gap below a stack.
    u64 limit = new_end + PAGE_SIZE;
    u32 next = index_after(old_end);
    if (next < m_count) {
        u64 floor = m_vmas[next].start;
        if (m_vmas[next].flags & VM_GROWSDOWN)
            floor = floor > STACK_GUARD_GAP ? floor - STACK_GUARD_GAP : 0;
        if (limit > floor)
            return m_brk;
    }
    MapRequest request;
    request.address = old_end;
    request.length = new_end - old_end;
    request.prot = PROT_READ | PROT_WRITE;
    request.flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
    request.kind = VmaKind::Heap;
    if (map_locked(request).is_error())
        return m_brk;
    m_brk = requested;
    return m_brk;
}

// Implements the address-space half of msync(2).
Result<void> AddressSpace::sync(u64 address, u64 length, int flags)
{
    if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || !page_aligned(address))
        return Errno::EINVAL;
    if ((flags & MS_ASYNC) && (flags & MS_SYNC))
        return Errno::EINVAL;
    u64 rounded = page_round_up(length);
    u64 end = address + rounded;
    if (rounded < length || end < address)
        return Errno::ENOMEM;
    if (rounded == 0)
        return {};
    MutexLocker locker(m_lock);
    if (end > layout::TASK_SIZE || overlaps(address, end, true))
        return Errno::ENOMEM;
    bool complete = fully_mapped(address, end);
    for (u32 i = index_after(address); i < m_count && m_vmas[i].start < end; ++i) {
        const Vma& vma = m_vmas[i];
        if ((flags & MS_INVALIDATE) && (vma.flags & VM_LOCKED))
            return Errno::EBUSY;
        if (vma.kind != VmaKind::File || !(vma.flags & VM_SHARED))
            continue;
        u64 from = vma.start > address ? vma.start : address;
        u64 to = vma.end < end ? vma.end : end;
        TRY(platform::msync(from, to - from, flags));
    }
    return complete ? Result<void>() : Result<void>(Errno::ENOMEM);
}

// Implements the address-space half of mlock(2) and mlock2(2). Only the VM_LOCKED
// state is kept: the guest is root inside the sandbox and needs no host privilege, and
// its pages are not pinned on the host.
Result<void> AddressSpace::lock(u64 address, u64 length, u32 lock_flags)
{
    u64 start = page_round_down(address);
    u64 end = page_round_up(address + length);
    if (end < start || end > layout::TASK_SIZE)
        return Errno::ENOMEM;
    if (start == end)
        return {};
    MutexLocker locker(m_lock);
    // As on Linux, the mapped part before the first hole is changed, then ENOMEM.
    u64 mapped_end = mapped_prefix_end(start, end);
    if (mapped_end == start)
        return Errno::ENOMEM;
    TRY(reserve(3));
    u32 first;
    u32 count = carve(start, mapped_end, first);
    for (u32 i = first; i < first + count; ++i)
        m_vmas[i].flags = (m_vmas[i].flags & ~VM_LOCK_MASK) | lock_flags;
    merge_range(start, mapped_end);
    return mapped_end == end ? Result<void>() : Result<void>(Errno::ENOMEM);
}

Result<void> AddressSpace::unlock(u64 address, u64 length) { return lock(address, length, 0); }

Result<void> AddressSpace::lock_all(int mcl_flags)
{
    MutexLocker locker(m_lock);
    u32 lock_flags = VM_LOCKED | ((mcl_flags & MCL_ONFAULT) ? VM_LOCKONFAULT : 0);
    m_def_flags = (mcl_flags & MCL_FUTURE) ? lock_flags : 0;
    if (mcl_flags & MCL_CURRENT) {
        for (u32 i = 0; i < m_count; ++i) {
            if (!m_vmas[i].is_hidden())
                m_vmas[i].flags = (m_vmas[i].flags & ~VM_LOCK_MASK) | lock_flags;
        }
        merge_all();
    }
    return {};
}

void AddressSpace::unlock_all()
{
    MutexLocker locker(m_lock);
    m_def_flags = 0;
    for (u32 i = 0; i < m_count; ++i)
        m_vmas[i].flags &= ~VM_LOCK_MASK;
    merge_all();
}

// Implements the address-space half of mincore(2): unmapped or hidden pages are ENOMEM.
Result<void> AddressSpace::residency(u64 address, u64 pages, u8* vec)
{
    MutexLocker locker(m_lock);
    u64 end = address + pages * PAGE_SIZE;
    if (end < address || end > layout::TASK_SIZE || !fully_mapped(address, end))
        return Errno::ENOMEM;
    return platform::mincore(address, end - address, vec);
}
