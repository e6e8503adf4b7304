// Creating and copying an address space, placement, mmap and munmap. The VMA array
// is in AddressSpaceVmas.cpp, mremap in AddressSpaceRemap.cpp, the other operations in
// AddressSpaceOps.cpp and the /proc rendering in AddressSpaceMaps.cpp.

#include "kernel/mm/AddressSpace.h"
#include "kernel/abi/Mman.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Memory.h"
#include "platform/Platform.h"

namespace {

// Where MAP_32BIT mappings go on x86-64, as in Linux's find_start_end().
constexpr u64 MAP_32BIT_LOW = 0x40000000;
constexpr u64 MAP_32BIT_HIGH = 0x80000000;

}

Result<AddressSpace*> AddressSpace::create()
{
    void* memory = arena().allocate(sizeof(AddressSpace));
    if (!memory)
        return Errno::ENOMEM;
    auto* space = new (memory) AddressSpace();
    // The kernel's regions are hidden whether or not they are mapped yet: the arena and
    // the kernel stacks grow into them later.
    if (auto r = space->add_hidden(layout::KERNEL_REGION_START, layout::KERNEL_REGION_END); r.is_error()) {
        arena().destroy(space);
        return r.error();
    }
    space->m_mmap_base = layout::TASK_SIZE;
    return space;
}

Result<AddressSpace*> AddressSpace::clone()
{
    MutexLocker locker(m_lock);
    void* memory = arena().allocate(sizeof(AddressSpace));
    if (!memory)
        return Errno::ENOMEM;
    auto* copy = new (memory) AddressSpace();
    if (auto r = copy->reserve(m_count); r.is_error()) {
        arena().destroy(copy);
        return r.error();
    }
    // The host fork leaves MADV_DONTFORK ranges out of the child; so does the map.
    u32 n = 0;
    for (u32 i = 0; i < m_count; ++i) {
        if (m_vmas[i].flags & VM_DONTFORK)
            continue;
        copy->m_vmas[n++] = m_vmas[i];
        if (m_vmas[i].name)
            m_vmas[i].name->ref();
    }
    copy->m_count = n;
    copy->m_mmap_base = m_mmap_base;
    copy->m_brk_start = m_brk_start;
    copy->m_brk = m_brk;
    copy->m_stack_floor = m_stack_floor;
    copy->m_def_flags = m_def_flags;
    copy->m_next_shmem_inode = m_next_shmem_inode;
    copy->m_has_vsyscall = m_has_vsyscall;
    return copy;
}

AddressSpace::~AddressSpace()
{
    for (u32 i = 0; i < m_count; ++i) {
        if (m_vmas[i].name)
            m_vmas[i].name->unref();
    }
    if (m_vmas)
        arena().deallocate(m_vmas, m_capacity * sizeof(Vma));
}

bool AddressSpace::is_free(u64 start, u64 end)
{
    MutexLocker locker(m_lock);
    return !overlaps(start, end, false);
}

bool AddressSpace::find(u64 address, Vma& out)
{
    MutexLocker locker(m_lock);
    u32 i = index_after(address);
    if (i == m_count || !m_vmas[i].contains(address) || m_vmas[i].is_hidden())
        return false;
    out = m_vmas[i];
    out.name = nullptr;
    return true;
}

Result<void> AddressSpace::add_hidden(u64 start, u64 end)
{
    MutexLocker locker(m_lock);
    start = page_round_down(start);
    end = page_round_up(end);
    TRY(reserve(3));
    drop_range(start, end);
    Vma hidden;
    hidden.start = start;
    hidden.end = end;
    hidden.kind = VmaKind::Hidden;
    insert_at(index_after(start), hidden);
    merge_range(start, end);
    return {};
}

// The start of the gap that ends at VMA `index` (or at TASK_SIZE past the last one).
u64 AddressSpace::gap_below(u32 index) const { return index == 0 ? 0 : m_vmas[index - 1].end; }

// Linux's unmapped_area_topdown(): the highest gap below `high` that fits, keeping the
// guard gap below a stack that grows down.
Result<u64> AddressSpace::find_top_down(u64 low, u64 high, u64 length) const
{
    for (u32 i = m_count + 1; i-- > 0;) {
        u64 gap_end = i == m_count ? layout::TASK_SIZE : m_vmas[i].start;
        if (i < m_count && (m_vmas[i].flags & VM_GROWSDOWN))
            gap_end = gap_end > STACK_GUARD_GAP ? gap_end - STACK_GUARD_GAP : 0;
        u64 gap_start = gap_below(i);
        if (gap_start < low)
            gap_start = low;
        if (gap_end > high)
            gap_end = high;
        if (gap_end > gap_start && gap_end - gap_start >= length)
            return gap_end - length;
        if (gap_below(i) < low)
            break;
    }
    return Errno::ENOMEM;
}

Result<u64> AddressSpace::find_bottom_up(u64 low, u64 high, u64 length) const
{
    for (u32 i = index_after(low); i <= m_count; ++i) {
        u64 gap_start = gap_below(i) > low ? gap_below(i) : low;
        u64 gap_end = i == m_count ? layout::TASK_SIZE : m_vmas[i].start;
        if (i < m_count && (m_vmas[i].flags & VM_GROWSDOWN))
            gap_end = gap_end > STACK_GUARD_GAP ? gap_end - STACK_GUARD_GAP : 0;
        if (gap_end > high)
            gap_end = high;
        if (gap_end > gap_start && gap_end - gap_start >= length)
            return gap_start;
        if (gap_start >= high)
            break;
    }
    return Errno::ENOMEM;
}

// Linux's arch_get_unmapped_area_topdown(): a usable hint wins, then the highest gap
// below mmap_base, then anywhere.
Result<u64> AddressSpace::find_free(u64 length, u64 hint, int flags) const
{
    if (length > layout::TASK_SIZE - MMAP_MIN_ADDR)
        return Errno::ENOMEM;
    if (flags & MAP_32BIT)
        return find_bottom_up(MAP_32BIT_LOW, MAP_32BIT_HIGH, length);
    hint = page_round_down(hint);
    if (hint >= MMAP_MIN_ADDR && hint <= layout::TASK_SIZE - length) {
        u32 i = index_after(hint);
        u64 next = i == m_count ? layout::TASK_SIZE : m_vmas[i].start;
        if (i < m_count && (m_vmas[i].flags & VM_GROWSDOWN))
            next = next > STACK_GUARD_GAP ? next - STACK_GUARD_GAP : 0;
        if (hint + length <= next)
            return hint;
    }
    auto placed = find_top_down(MMAP_MIN_ADDR, m_mmap_base, length);
    if (placed.is_ok())
        return placed;
    return find_top_down(MMAP_MIN_ADDR, layout::TASK_SIZE, length);
}

Result<u64> AddressSpace::map(const MapRequest& request)
{
    MutexLocker locker(m_lock);
    return map_locked(request);
}

// Implements the address-space half of mmap(2). MAP_FIXED over a hidden range fails
// with ENOMEM, the errno Linux gives for a range the process cannot use (past TASK_SIZE);
// MAP_FIXED_NOREPLACE over anything, hidden or not, fails with EEXIST.
Result<u64> AddressSpace::map_locked(const MapRequest& request)
{
    u64 length = page_round_up(request.length);
    if (length == 0 || length < request.length)
        return Errno::ENOMEM;
    bool fixed = request.flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
    u64 address;
    if (fixed) {
        address = request.address;
        if (!page_aligned(address))
            return Errno::EINVAL;
        if (address > layout::TASK_SIZE || length > layout::TASK_SIZE - address)
            return Errno::ENOMEM;
        if (address < MMAP_MIN_ADDR)
            return Errno::EPERM;
        if ((request.flags & MAP_FIXED_NOREPLACE) && overlaps(address, address + length, false))
            return Errno::EEXIST;
        if (overlaps(address, address + length, true))
            return Errno::ENOMEM;
    } else {
        address = TRY(find_free(length, request.address, request.flags));
    }
    TRY(reserve(3));

    bool shared = (request.flags & MAP_TYPE) != MAP_PRIVATE;
    bool replacing = overlaps(address, address + length, false);
    int host_flags = (shared ? MAP_SHARED : MAP_PRIVATE) | (request.flags & (MAP_NORESERVE | MAP_POPULATE));
    host_flags |= replacing ? MAP_FIXED : MAP_FIXED_NOREPLACE;
    if (request.host_fd < 0)
        host_flags |= MAP_ANONYMOUS;
    int host_prot = request.prot & (PROT_READ | PROT_WRITE | PROT_EXEC);
    // A memfs mapping starts as private anonymous memory, which stays under the pages
    // past the end of the file; the file then maps its pages over the rest.
    if (request.backing)
        host_flags = (host_flags & ~MAP_SHARED) | MAP_PRIVATE;
    u64 mapped = TRY(platform::mmap(address, length, host_prot, host_flags, request.host_fd, request.host_fd < 0 ? 0 : request.offset));
    if (mapped != address) {
        (void)platform::munmap(mapped, length);
        return Errno::ENOMEM;
    }
    bool writable = shared && request.may_write;
    MapName* backed_name = nullptr;
    if (request.backing) {
        auto pages = request.backing->map_pages(address, length, request.offset, host_prot, shared, writable);
        if (pages.is_ok()) {
            backed_name = MapName::create(request.path);
            if (backed_name) {
                backed_name->backing = request.backing;
                backed_name->writable = writable;
            } else {
                request.backing->mapping_removed(writable);
            }
        }
        if (!backed_name) {
            // The old mappings under a MAP_FIXED range are gone already, as on Linux
            // when a mapping fails late.
            (void)platform::munmap(address, length);
            drop_range(address, address + length);
            return pages.is_error() ? pages.error() : Errno::ENOMEM;
        }
    }

    Vma vma;
    vma.start = address;
    vma.end = address + length;
    vma.prot = host_prot;
    vma.kind = request.kind;
    if (shared)
        vma.flags |= VM_SHARED;
    if (request.flags & MAP_GROWSDOWN)
        vma.flags |= VM_GROWSDOWN;
    if (request.flags & MAP_NORESERVE)
        vma.flags |= VM_NORESERVE;
    if (!shared && (host_prot & PROT_WRITE) && !(vma.flags & VM_NORESERVE))
        vma.flags |= VM_ACCOUNT;
    if (request.flags & MAP_LOCKED)
        vma.flags |= VM_LOCKED;
    vma.flags |= m_def_flags;
    if (request.host_fd >= 0 || request.backing) {
        vma.kind = VmaKind::File;
        vma.offset = request.offset;
        vma.dev = request.dev;
        vma.inode = request.inode;
        if (shared && request.may_write)
            vma.flags |= VM_MAYWRITE;
        if (request.backing)
            vma.flags |= VM_ARENA;
        vma.name = request.backing ? backed_name : MapName::create(request.path);
    } else if (shared) {
        vma.kind = VmaKind::SharedAnonymous;
        vma.inode = m_next_shmem_inode++;
        vma.dev = 1;
    }
    drop_range(address, address + length);
    insert_at(index_after(address), vma);
    merge_range(address, address + length);
    return address;
}

// Implements the address-space half of munmap(2). A range touching a hidden mapping
// fails with EINVAL, the errno Linux gives for a range outside the process's reach;
// unmapping a range that holds no mapping succeeds, as on Linux.
Result<void> AddressSpace::unmap(u64 address, u64 length)
{
    MutexLocker locker(m_lock);
    length = page_round_up(length);
    if (!page_aligned(address) || length == 0 || address > layout::TASK_SIZE || length > layout::TASK_SIZE - address)
        return Errno::EINVAL;
    if (overlaps(address, address + length, true))
        return Errno::EINVAL;
    TRY(reserve(3));
    TRY(platform::munmap(address, length));
    drop_range(address, address + length);
    return {};
}

void AddressSpace::clear_for_exec()
{
    MutexLocker locker(m_lock);
    u32 out = 0;
    for (u32 i = 0; i < m_count; ++i) {
        Vma& vma = m_vmas[i];
        if (vma.is_hidden() || vma.kind == VmaKind::Vdso || vma.kind == VmaKind::Vvar || vma.kind == VmaKind::VvarVclock) {
            m_vmas[out++] = vma;
            continue;
        }
        (void)platform::munmap(vma.start, vma.size());
        if (vma.name)
            vma.name->unref();
    }
    m_count = out;
    m_brk_start = m_brk = 0;
    m_stack_floor = 0;
    m_def_flags = 0;
    m_membarrier_state = 0;
}
