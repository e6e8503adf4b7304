#pragma once

// One guest virtual memory area: a page-aligned range with uniform protection, flags
// and backing, as Linux's vm_area_struct describes it to /proc/PID/maps.

#include "kernel/base/StringView.h"
#include "kernel/base/Types.h"

class MapBacking;

// A reference-counted path in the arena, shared by the pieces of a split file mapping
// and by the copies a fork makes. Counts are atomic because forked address spaces under
// different locks may drop the same name.
//
// A mapping of a memfs file also holds the file through `backing` (see MapBacking.h),
// until the last piece of the mapping is gone.
struct MapName {
    u32 refs;
    u32 length;
    MapBacking* backing;
    bool writable; // counted as a writable shared mapping of `backing`
    char text[];

    static MapName* create(StringView path);
    void ref() { __atomic_fetch_add(&refs, 1, __ATOMIC_RELAXED); }
    void unref();
    StringView view() const { return { text, length }; }
};

// What a mapping is, for its /proc name and for the rules that protect it.
enum class VmaKind : u8 {
    Anonymous,
    File,
    SharedAnonymous, // shown as "/dev/zero (deleted)", as Linux shows a shmem object
    Heap,
    Stack,
    Vdso,
    Vvar,
    VvarVclock,
    // Host memory the guest may not see or touch: the kernel's regions and whatever the
    // host had mapped when the kernel booted.
    Hidden,
};

// VM_* flags, named after Linux's.
constexpr u32 VM_SHARED = 1u << 0;
constexpr u32 VM_GROWSDOWN = 1u << 1;
constexpr u32 VM_LOCKED = 1u << 2;
constexpr u32 VM_LOCKONFAULT = 1u << 3;
constexpr u32 VM_NORESERVE = 1u << 4;
constexpr u32 VM_MAYWRITE = 1u << 5; // a shared file mapping whose file was opened for writing
constexpr u32 VM_DONTFORK = 1u << 6;
constexpr u32 VM_WIPEONFORK = 1u << 7;
// Charged to the commit limit: a private mapping that is or once was writable. Linux
// never drops it again, so it keeps a RELRO segment apart from its read-only neighbour.
constexpr u32 VM_ACCOUNT = 1u << 8;
constexpr u32 VM_LOCK_MASK = VM_LOCKED | VM_LOCKONFAULT;
// Not a Linux flag: the mapping maps arena pages of a memfs file (MapBacking.h).
constexpr u32 VM_ARENA = 1u << 30;
// Not a Linux flag: the mapping has had pages, as a Linux VMA with an anon_vma has.
// It never keeps two mappings apart.
constexpr u32 VM_TOUCHED = 1u << 31;

struct Vma {
    u64 start { 0 };
    u64 end { 0 };
    int prot { 0 };
    u32 flags { 0 };
    u64 offset { 0 }; // file offset of `start`
    u64 dev { 0 };    // Linux-encoded device number of the backing file
    u64 inode { 0 };
    MapName* name { nullptr };
    VmaKind kind { VmaKind::Anonymous };

    u64 size() const { return end - start; }
    bool contains(u64 address) const { return address >= start && address < end; }
    bool is_hidden() const { return kind == VmaKind::Hidden; }
    // True when the special mappings the guest inherits from the host (vdso, vvar) or a
    // hidden range: neither may be remapped nor unmapped piecewise by the guest.
    bool is_special() const { return kind == VmaKind::Vdso || kind == VmaKind::Vvar || kind == VmaKind::VvarVclock || is_hidden(); }
};

// True when `b` directly follows `a` and both could be one mapping.
bool vma_can_merge(const Vma& a, const Vma& b);
