// mremap(2) on the VMA map: resizing in place, moving, MREMAP_FIXED, MREMAP_DONTUNMAP
// and the multi-mapping moves of Linux 6.17.

#include "kernel/abi/Mman.h"
#include "kernel/base/Layout.h"
#include "kernel/mm/AddressSpace.h"
#include "platform/Platform.h"

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
    // A host mremap that grows a memfs mapping would extend it over the arena pages that
    // follow the file's own in the arena memfd: such a mapping moves at its old size and
    // then grows by the file's own further pages (extend_arena_mapping).
    bool arena_growth = (source.flags & VM_ARENA) && new_len > old_len;
    // FIXME: duplicating a memfs mapping (old_length 0) is refused rather than mapped anew.
    if (arena_growth && old_len == 0)
        return Errno::ENOMEM;
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
            if (arena_growth)
                TRY(extend_arena_mapping(source, source.end, new_len - old_len));
            else
                TRY(platform::mremap(old_address, old_len, new_len, 0, 0));
            Vma grown = source;
            grown.start = source.end;
            grown.end = old_address + new_len;
            grown.offset = source.offset + (source.end - source.start);
            if (grown.name)
                grown.name->ref();
            insert_at(index_after(grown.start), grown);
            merge_range(grown.start, grown.end);
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
    u64 moved = TRY(platform::mremap(old_address, old_len, arena_growth ? old_len : new_len, host_flags, new_address));
    if (arena_growth) {
        Vma at_new = source;
        at_new.start = moved;
        at_new.offset = source.offset + (old_address - source.start);
        if (auto grown = extend_arena_mapping(at_new, moved + old_len, new_len - old_len); grown.is_error()) {
            // Back where it was, so that the guest keeps its mapping, as a failed mremap does.
            (void)platform::mremap(moved, old_len, old_len, MREMAP_MAYMOVE | MREMAP_FIXED, old_address);
            return grown.error();
        }
    }
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
    merge_range(moved, moved + new_len);
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
    auto moved_all = [&]() -> Result<void> {
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
        return {};
    }();
    // Also after a failure: what stayed behind may join again at the split points.
    merge_range(old_address, old_end);
    merge_range(new_address, new_address + length);
    TRY(moved_all);
    return new_address;
}

// Maps the file pages that follow `mapping` (a memfs mapping whose offset is that of its
// start) over [address, address + length): private anonymous memory first, which stays
// under pages past the end of the file, then the file's pages, as map() does. The grown
// part joins the mapping's existing hold on the file.
Result<void> AddressSpace::extend_arena_mapping(const Vma& mapping, u64 address, u64 length)
{
    MapName* name = mapping.name;
    if (!name || !name->backing)
        return Errno::ENOMEM;
    u64 offset = mapping.offset + (address - mapping.start);
    int host_prot = mapping.prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    TRY(platform::mmap(address, length, host_prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    bool shared = mapping.flags & VM_SHARED;
    auto pages = name->backing->map_pages(address, length, offset, host_prot, shared, name->writable);
    if (pages.is_error()) {
        (void)platform::munmap(address, length);
        return pages.error();
    }
    // map_pages() counted a mapping of its own; the name's one hold covers every piece.
    name->backing->mapping_removed(name->writable);
    return {};
}
