#pragma once

// A process's guest address space: the VMA map, placement, the emulated brk, and every
// host mmap/mprotect/munmap/mremap/madvise made on the guest's behalf. Lives in the arena,
// one per process; a host fork copies the host mappings, and clone() copies this map.
//
// The map also holds hidden ranges: the kernel's fixed regions (base/Layout.h) and every
// mapping the host had made when the kernel booted. The guest never sees them in
// /proc/PID/maps and can never map over, unmap, mprotect or mremap them.
//
// Lock order: AddressSpace::m_lock is taken before Arena::m_lock and is otherwise a leaf.

#include "kernel/base/Mutex.h"
#include "kernel/base/Result.h"
#include "kernel/base/StringView.h"
#include "kernel/mm/MapBacking.h"
#include "kernel/mm/Vma.h"

class StringBuilder;

// Linux's default vm.mmap_min_addr: nothing is ever placed below it.
constexpr u64 MMAP_MIN_ADDR = 0x10000;
// Linux's stack_guard_gap: the gap kept free below a MAP_GROWSDOWN mapping.
constexpr u64 STACK_GUARD_GAP = 256 * PAGE_SIZE;

// A mapping to create. `flags` are the guest's MAP_* flags, already validated.
struct MapRequest {
    u64 address { 0 }; // a hint, or the exact address with MAP_FIXED / MAP_FIXED_NOREPLACE
    u64 length { 0 };
    int prot { 0 };
    int flags { 0 };
    int host_fd { -1 }; // file mappings: a host fd valid in the calling process
    u64 offset { 0 };
    u64 dev { 0 };
    u64 inode { 0 };
    StringView path {};
    bool may_write { false }; // the file is open for writing (shared mappings may gain PROT_WRITE)
    VmaKind kind { VmaKind::Anonymous };
    // File mappings of memfs: the file maps its own arena pages (host_fd stays -1).
    MapBacking* backing { nullptr };
};

class AddressSpace {
public:
    // Creates an empty address space in the arena with the kernel's regions hidden.
    static Result<AddressSpace*> create();
    // Copies the map for a forked child (the host fork copied the memory itself).
    // Preconditions: called in the parent around its host fork, with no other thread
    // changing the map in between.
    Result<AddressSpace*> clone();
    ~AddressSpace();

    // Boot: reads the host's /proc/self/maps once. [vdso], [vvar] and [vvar_vclock]
    // become guest-visible; everything else becomes hidden.
    Result<void> adopt_host_mappings();
    // The parser behind adopt_host_mappings(), for one chunk of whole lines.
    Result<void> adopt_host_maps_text(StringView text);
    Result<void> add_hidden(u64 start, u64 end);

    // Layout, chosen by the loader.
    u64 mmap_base() const { return m_mmap_base; }
    void set_mmap_base(u64 base) { m_mmap_base = base; }
    void set_brk_start(u64 start) { m_brk_start = m_brk = start; }
    u64 brk_start() const { return m_brk_start; }
    u64 current_brk() const { return m_brk; }
    // Where Linux's initial [stack] mapping would start (128 KiB below the argument
    // strings). The stack is mapped to its full rlimit at once, but /proc shows it from
    // here, or from the lowest page the guest has touched, as Linux's grown stack would.
    void set_stack_floor(u64 floor) { m_stack_floor = floor; }
    // Returns true when [start, end) holds no mapping, hidden or not.
    bool is_free(u64 start, u64 end);

    // The operations behind the syscalls. Lengths are page-rounded by the caller;
    // addresses are checked here. Each documents the errno Linux gives.
    Result<u64> map(const MapRequest&);
    Result<void> unmap(u64 address, u64 length);
    Result<void> protect(u64 address, u64 length, int prot);
    Result<u64> remap(u64 old_address, u64 old_length, u64 new_length, int flags, u64 new_address);
    Result<void> advise(u64 address, u64 length, int advice);
    Result<u64> brk(u64 requested);
    Result<void> sync(u64 address, u64 length, int flags);
    Result<void> lock(u64 address, u64 length, u32 lock_flags);
    Result<void> unlock(u64 address, u64 length);
    Result<void> lock_all(int mcl_flags);
    void unlock_all();
    // mincore(2) for at most `pages` pages into a kernel buffer.
    Result<void> residency(u64 address, u64 pages, u8* vec);

    // Drops every guest mapping (execve, before load_executable()); hidden ranges and
    // the vdso stay. The break, mlockall(MCL_FUTURE) and membarrier registrations reset.
    void clear_for_exec();

    // Renders /proc/PID/maps exactly as Linux does, hidden ranges omitted. Starts at the
    // first mapping ending above `from` (for chunked reads) and returns the end of the
    // last mapping rendered in full.
    u64 format_maps(StringBuilder& out, u64 from = 0);

    // Copies the mapping containing `address` into `out`; false when none (or hidden).
    bool find(u64 address, Vma& out);
    u32 vma_count() const { return m_count; }

    // membarrier(2) registrations, kept per address space as Linux keeps them per mm.
    u32& membarrier_state() { return m_membarrier_state; }

private:
    AddressSpace() = default;

    // The VMA array; callers hold m_lock.
    u32 index_after(u64 address) const; // first VMA with end > address
    Result<void> reserve(u32 extra);
    void insert_at(u32 index, const Vma&);
    void erase(u32 index, u32 count);
    void split_at(u64 address);
    // Splits at both ends and returns the index range [first, first + count) inside.
    u32 carve(u64 start, u64 end, u32& first);
    void drop_range(u64 start, u64 end);
    void merge_range(u64 start, u64 end);
    void merge_all();
    bool overlaps(u64 start, u64 end, bool hidden_only) const;
    bool fully_mapped(u64 start, u64 end) const;
    u64 mapped_prefix_end(u64 start, u64 end) const;
    bool has_pages(Vma&);
    u64 gap_below(u32 index) const;
    Result<u64> find_free(u64 length, u64 hint, int flags) const;
    Result<u64> find_top_down(u64 low, u64 high, u64 length) const;
    Result<u64> find_bottom_up(u64 low, u64 high, u64 length) const;
    Result<void> adopt_line(StringView line);
    Result<u64> map_locked(const MapRequest&);
    Result<u64> move_ranges(u64 old_address, u64 length, u64 new_address);
    Result<void> extend_arena_mapping(const Vma& mapping, u64 address, u64 length);
    u64 visible_stack_start(const Vma&) const;

    Mutex m_lock;
    Vma* m_vmas { nullptr };
    u32 m_count { 0 };
    u32 m_capacity { 0 };
    u64 m_mmap_base { 0 };
    u64 m_brk_start { 0 };
    u64 m_brk { 0 };
    u64 m_stack_floor { 0 };
    u32 m_def_flags { 0 }; // VM_LOCKED after mlockall(MCL_FUTURE)
    u32 m_membarrier_state { 0 };
    u64 m_next_shmem_inode { 1 };
    bool m_has_vsyscall { false };
};
