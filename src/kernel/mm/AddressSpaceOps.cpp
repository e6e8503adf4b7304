// The address-space operations other than mmap and munmap: mprotect, mremap, madvise,
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
    merge_all();
    return end == requested_end ? Result<void>() : Result<void>(Errno::ENOMEM);
}

// Implements the address-space half of mremap(2). An old range that is unmapped,
// hidden or spans several mappings fails with EFAULT; a MREMAP_FIXED target that is
// hidden or past TASK_SIZE fails with EINVAL, as Linux gives for an out-of-range target.
Result<u64> AddressSpace::remap(u64 old_address, u64 old_length, u64 new_length, int flags, u64 new_address)
{
    if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
        return Errno::EINVAL;
    if (!page_aligned(old_address))
        return Errno::EINVAL;
    if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE))
        return Errno::EINVAL;
    if ((flags & MREMAP_DONTUNMAP) && old_length != new_length)
        return Errno::EINVAL;
    u64 old_len = page_round_up(old_length);
    u64 new_len = page_round_up(new_length);
    if (new_len == 0 || new_len < new_length || old_len < old_length)
        return Errno::EINVAL;
    if (old_address > layout::TASK_SIZE || old_len > layout::TASK_SIZE - old_address)
        return Errno::EINVAL;

    // Linux checks the target's parameters before it looks at the mappings.
    if (flags & MREMAP_FIXED) {
        if (!page_aligned(new_address) || new_address > layout::TASK_SIZE || new_len > layout::TASK_SIZE - new_address)
            return Errno::EINVAL;
        if (new_address < old_address + old_len && old_address < new_address + new_len)
            return Errno::EINVAL;
    }

    MutexLocker locker(m_lock);
    u32 i = index_after(old_address);
    if (i == m_count || !m_vmas[i].contains(old_address) || m_vmas[i].is_hidden())
        return Errno::EFAULT;
    Vma source = m_vmas[i];
    bool pure_move = (flags & MREMAP_FIXED) && !(flags & MREMAP_DONTUNMAP) && old_len == new_len;
    if (old_len > source.end - old_address && pure_move)
        return move_ranges(old_address, old_len, new_address);
    if (old_len > source.end - old_address)
        return Errno::EFAULT;
    // Duplicating a mapping (old_len 0) only makes sense for shared memory; Linux
    // refuses it for private mappings.
    if (old_len == 0 && !(source.flags & VM_SHARED))
        return Errno::EINVAL;
    if (old_len == 0 && !(flags & MREMAP_MAYMOVE))
        return Errno::ENOMEM;
    TRY(reserve(6));

    if (flags & MREMAP_FIXED) {
        if (overlaps(new_address, new_address + new_len, true))
            return Errno::EINVAL;
    } else if (new_len <= old_len && old_len != 0 && !(flags & MREMAP_DONTUNMAP)) {
        if (new_len < old_len) {
            TRY(platform::munmap(old_address + new_len, old_len - new_len));
            drop_range(old_address + new_len, old_address + old_len);
        }
        return old_address;
    } else if (old_len != 0 && !(flags & MREMAP_DONTUNMAP) && old_address + old_len == source.end && !overlaps(source.end, old_address + new_len, false)
        && new_len <= layout::TASK_SIZE - old_address) {
        u32 next = index_after(source.end);
        bool guard_ok = next == m_count || !(m_vmas[next].flags & VM_GROWSDOWN)
            || old_address + new_len + STACK_GUARD_GAP <= m_vmas[next].start;
        if (guard_ok) {
            TRY(platform::mremap(old_address, old_len, new_len, 0, 0));
            Vma grown = source;
            grown.start = source.end;
            grown.end = old_address + new_len;
            grown.offset = source.offset + (source.end - source.start);
            if (grown.name)
                grown.name->ref();
            insert_at(index_after(grown.start), grown);
            merge_all();
            return old_address;
        }
        if (!(flags & MREMAP_MAYMOVE))
            return Errno::ENOMEM;
        new_address = TRY(find_free(new_len, 0, 0));
    } else {
        if (!(flags & MREMAP_MAYMOVE))
            return Errno::ENOMEM;
        new_address = TRY(find_free(new_len, 0, 0));
    }

    int host_flags = MREMAP_MAYMOVE | MREMAP_FIXED | (flags & MREMAP_DONTUNMAP);
    u64 moved = TRY(platform::mremap(old_address, old_len, new_len, host_flags, new_address));
    Vma target = source;
    target.start = moved;
    target.end = moved + new_len;
    target.offset = source.offset + (old_address - source.start);
    if (target.name)
        target.name->ref();
    drop_range(moved, moved + new_len);
    if (!(flags & MREMAP_DONTUNMAP) && old_len != 0)
        drop_range(old_address, old_address + old_len);
    insert_at(index_after(moved), target);
    merge_all();
    return moved;
}

// A pure MREMAP_FIXED move of a range that spans several mappings and gaps, which
// Linux allows since 6.17: each mapping moves to the same offset from the new address,
// and whatever lies in the target under a gap of the source stays.
Result<u64> AddressSpace::move_ranges(u64 old_address, u64 length, u64 new_address)
{
    u64 old_end = old_address + length;
    if (!page_aligned(new_address) || new_address > layout::TASK_SIZE || length > layout::TASK_SIZE - new_address)
        return Errno::EINVAL;
    if (new_address < old_end && old_address < new_address + length)
        return Errno::EINVAL;
    if (overlaps(old_address, old_end, true) || overlaps(new_address, new_address + length, true))
        return Errno::EFAULT;
    TRY(reserve(8));
    split_at(old_address);
    split_at(old_end);
    for (u32 i = index_after(old_address); i < m_count && m_vmas[i].start < old_end;) {
        Vma moved = m_vmas[i];
        u64 target = new_address + (moved.start - old_address);
        TRY(platform::mremap(moved.start, moved.size(), moved.size(), MREMAP_MAYMOVE | MREMAP_FIXED, target));
        erase(i, 1);
        moved.end = target + moved.size();
        moved.start = target;
        TRY(reserve(3));
        drop_range(moved.start, moved.end);
        insert_at(index_after(target), moved);
        i = index_after(old_address);
    }
    merge_all();
    return new_address;
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
    merge_all();
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
    merge_all();
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
