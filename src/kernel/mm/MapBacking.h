#pragma once

// A file whose data lives in arena pages (memfs, memfds): its mappings map those pages
// themselves, so that MAP_SHARED writes reach the file at once and survive fork.
//
// Confinement rests on one rule the backing keeps: once a file has been mapped, none of
// its pages goes back to the arena until the file itself is freed, and each mapping (each
// MapName) holds a reference to the file. The guest can thus never reach an arena page
// that holds anything but its own file's data.

#include "kernel/base/Result.h"

class MapBacking {
public:
    // EPERM when the seals forbid the mapping (a shared writable one of a file sealed
    // against writes); whether a shared mapping may later gain PROT_WRITE.
    virtual Result<bool> check_map(int prot, bool shared) = 0;
    // Maps the file's pages of [offset, offset + length) over [address, address + length)
    // with host MAP_FIXED mappings of the arena memfd, allocating the holes below the end
    // of the file (ENOMEM past the size limit). Pages past the end are left as they are.
    // On success the file holds one more mapping: a reference, and when `writable` one
    // more writable shared mapping (F_SEAL_WRITE fails while there is one).
    virtual Result<void> map_pages(u64 address, u64 length, u64 offset, int prot, bool shared, bool writable) = 0;
    // Ends one mapping that map_pages() began.
    virtual void mapping_removed(bool writable) = 0;

protected:
    ~MapBacking() = default;
};
