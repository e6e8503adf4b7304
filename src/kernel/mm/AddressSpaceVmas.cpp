// The sorted VMA array under an AddressSpace: lookup, splitting, merging and range
// queries. Every function here expects m_lock to be held.

#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/mm/AddressSpace.h"

u32 AddressSpace::index_after(u64 address) const
{
    u32 low = 0, high = m_count;
    while (low < high) {
        u32 mid = (low + high) / 2;
        if (m_vmas[mid].end <= address)
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}

// Grows the array so that `extra` more entries fit. Every operation reserves up front,
// before any host call, so that splitting later cannot fail halfway.
Result<void> AddressSpace::reserve(u32 extra)
{
    if (m_count + extra <= m_capacity)
        return {};
    u32 capacity = m_capacity ? m_capacity : 32;
    while (capacity < m_count + extra)
        capacity *= 2;
    auto* vmas = static_cast<Vma*>(arena().allocate(capacity * sizeof(Vma)));
    if (!vmas)
        return Errno::ENOMEM;
    if (m_vmas) {
        mem_copy(vmas, m_vmas, m_count * sizeof(Vma));
        arena().deallocate(m_vmas, m_capacity * sizeof(Vma));
    }
    m_vmas = vmas;
    m_capacity = capacity;
    return {};
}

void AddressSpace::insert_at(u32 index, const Vma& vma)
{
    mem_move(&m_vmas[index + 1], &m_vmas[index], (m_count - index) * sizeof(Vma));
    m_vmas[index] = vma;
    ++m_count;
}

void AddressSpace::erase(u32 index, u32 count)
{
    mem_move(&m_vmas[index], &m_vmas[index + count], (m_count - index - count) * sizeof(Vma));
    m_count -= count;
}

// Preconditions: one free slot is reserved.
void AddressSpace::split_at(u64 address)
{
    u32 i = index_after(address);
    if (i == m_count || m_vmas[i].start >= address)
        return;
    Vma upper = m_vmas[i];
    upper.offset += address - upper.start;
    upper.start = address;
    if (upper.name)
        upper.name->ref();
    m_vmas[i].end = address;
    insert_at(i + 1, upper);
}

u32 AddressSpace::carve(u64 start, u64 end, u32& first)
{
    split_at(start);
    split_at(end);
    first = index_after(start);
    u32 last = first;
    while (last < m_count && m_vmas[last].end <= end)
        ++last;
    return last - first;
}

// Forgets the guest mappings in [start, end); the caller has changed the host already.
void AddressSpace::drop_range(u64 start, u64 end)
{
    u32 first;
    u32 count = carve(start, end, first);
    for (u32 i = first; i < first + count; ++i) {
        if (m_vmas[i].name)
            m_vmas[i].name->unref();
    }
    erase(first, count);
}

// Joins the mappings in and next to [start, end) that Linux would show as one. The rest
// of the array holds no such pair already (every change merges where it changed), so a
// mapping call costs the mappings it touches, not all of them.
void AddressSpace::merge_range(u64 start, u64 end)
{
    u32 first = index_after(start);
    if (first > 0)
        --first;
    u32 stop = index_after(end);
    if (stop < m_count)
        ++stop;
    if (stop <= first + 1)
        return;
    u32 out = first + 1;
    for (u32 i = first + 1; i < stop; ++i) {
        if (vma_can_merge(m_vmas[out - 1], m_vmas[i])) {
            m_vmas[out - 1].end = m_vmas[i].end;
            m_vmas[out - 1].flags |= m_vmas[i].flags & VM_TOUCHED;
            if (m_vmas[i].name)
                m_vmas[i].name->unref();
            continue;
        }
        if (out != i)
            m_vmas[out] = m_vmas[i];
        ++out;
    }
    if (out < stop)
        erase(out, stop - out);
}

void AddressSpace::merge_all() { merge_range(0, ~u64(0)); }

bool AddressSpace::overlaps(u64 start, u64 end, bool hidden_only) const
{
    for (u32 i = index_after(start); i < m_count && m_vmas[i].start < end; ++i) {
        if (!hidden_only || m_vmas[i].is_hidden())
            return true;
    }
    return false;
}

bool AddressSpace::fully_mapped(u64 start, u64 end) const
{
    u64 cursor = start;
    for (u32 i = index_after(start); i < m_count && cursor < end; ++i) {
        const Vma& vma = m_vmas[i];
        if (vma.start > cursor || vma.is_hidden())
            return false;
        cursor = vma.end;
    }
    return cursor >= end;
}

// The end of the guest mappings that cover [start, ...) without a hole, at most `end`.
u64 AddressSpace::mapped_prefix_end(u64 start, u64 end) const
{
    u64 cursor = start;
    for (u32 i = index_after(start); i < m_count && cursor < end; ++i) {
        const Vma& vma = m_vmas[i];
        if (vma.start > cursor || vma.is_hidden())
            break;
        cursor = vma.end;
    }
    return cursor < end ? cursor : end;
}
