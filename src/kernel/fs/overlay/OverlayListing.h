#pragma once

// A merged directory listing, kept compact: one small record per entry, and the names
// packed one after another in a buffer of their own, so listing a large lower directory
// costs about what its names take rather than a full NAME_MAX slot per entry.

#include "kernel/base/Result.h"
#include "kernel/base/StringView.h"
#include "kernel/vfs/Inode.h"

class OverlayListing {
public:
    OverlayListing() = default;
    OverlayListing(const OverlayListing&) = delete;
    OverlayListing& operator=(const OverlayListing&) = delete;
    ~OverlayListing();

    // Empties the listing, keeping its buffers for the next one.
    void clear() { m_count = 0, m_names_used = 0; }
    Result<void> add(u64 ino, u8 type, StringView name);

    u64 count() const { return m_count; }
    u64 ino(u64 index) const { return m_entries[index].ino; }
    u8 type(u64 index) const { return m_entries[index].type; }
    StringView name(u64 index) const { return { m_names + m_entries[index].name_at, m_entries[index].name_length }; }
    void set_ino(u64 index, u64 ino) { m_entries[index].ino = ino; }
    // Drops every entry of type `type`, keeping the others' order.
    void remove_type(u8 type);
    // Copies entry `index` out as the VFS lists it.
    void get(u64 index, DirEntryInfo& out) const;

private:
    struct Entry {
        u64 ino;
        u32 name_at;
        u16 name_length;
        u8 type;
    };

    Entry* m_entries { nullptr };
    u64 m_count { 0 };
    u64 m_capacity { 0 };
    char* m_names { nullptr };
    u64 m_names_used { 0 };
    u64 m_names_capacity { 0 };
};
