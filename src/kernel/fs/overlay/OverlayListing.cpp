#include "kernel/fs/overlay/OverlayListing.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"

namespace {

// Moves `used` bytes of `*buffer` (of `*capacity` bytes) into a buffer of at least
// `needed` bytes, doubling from `first`.
bool grow_buffer(void** buffer, u64* capacity, u64 used, u64 needed, u64 first)
{
    if (needed <= *capacity)
        return true;
    u64 grown = *capacity ? *capacity : first;
    while (grown < needed)
        grown *= 2;
    void* fresh = arena().allocate(grown);
    if (!fresh)
        return false;
    if (*buffer) {
        mem_copy(fresh, *buffer, used);
        arena().deallocate(*buffer, *capacity);
    }
    *buffer = fresh;
    *capacity = grown;
    return true;
}

}

OverlayListing::~OverlayListing()
{
    if (m_entries)
        arena().deallocate(m_entries, m_capacity * sizeof(Entry));
    if (m_names)
        arena().deallocate(m_names, m_names_capacity);
}

Result<void> OverlayListing::add(u64 ino, u8 type, StringView name)
{
    if (name.size() > NAME_MAX || m_names_used + name.size() > u32(-1))
        return Errno::ENOMEM;
    u64 bytes = m_capacity * sizeof(Entry);
    void* entries = m_entries;
    if (!grow_buffer(&entries, &bytes, m_count * sizeof(Entry), (m_count + 1) * sizeof(Entry), 32 * sizeof(Entry)))
        return Errno::ENOMEM;
    m_entries = static_cast<Entry*>(entries);
    m_capacity = bytes / sizeof(Entry);
    void* names = m_names;
    if (!grow_buffer(&names, &m_names_capacity, m_names_used, m_names_used + name.size(), 512))
        return Errno::ENOMEM;
    m_names = static_cast<char*>(names);
    mem_copy(m_names + m_names_used, name.data(), name.size());
    m_entries[m_count++] = { ino, u32(m_names_used), u16(name.size()), type };
    m_names_used += name.size();
    return {};
}

void OverlayListing::remove_type(u8 type)
{
    u64 kept = 0;
    for (u64 i = 0; i < m_count; ++i) {
        if (m_entries[i].type != type)
            m_entries[kept++] = m_entries[i];
    }
    m_count = kept;
}

void OverlayListing::get(u64 index, DirEntryInfo& out) const
{
    const Entry& e = m_entries[index];
    out.ino = e.ino;
    out.type = e.type;
    mem_copy(out.name, m_names + e.name_at, e.name_length);
    out.name[e.name_length] = '\0';
}
