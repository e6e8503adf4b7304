#pragma once

// A set of arena objects keyed by name, linked through a pointer member of their own
// (no node allocation per entry). While the set is small it is one chain; past a few
// entries per chain it becomes a hash table that doubles as it fills, so a lookup in a
// directory of 10,000 names costs what one in a directory of ten does.
//
// T provides `StringView name() const` and a `T*` member that NameTable alone uses
// (`Next`). The table is not locked: its owner guards it.

#include "kernel/base/Arena.h"
#include "kernel/base/StringView.h"

// FNV-1a over the name's bytes.
inline u32 hash_name(StringView name)
{
    u32 h = 2166136261u;
    for (usize i = 0; i < name.size(); ++i)
        h = (h ^ u8(name[i])) * 16777619u;
    return h;
}

template<typename T, T* T::* Next>
class NameTable {
public:
    NameTable() = default;
    NameTable(const NameTable&) = delete;
    NameTable& operator=(const NameTable&) = delete;
    // The entries themselves belong to the owner; only the buckets are freed here.
    ~NameTable()
    {
        if (m_buckets)
            arena().deallocate(m_buckets, m_bucket_count * sizeof(T*));
    }

    u32 count() const { return m_count; }

    T* find(StringView name) const
    {
        for (T* item = *chain_for(name); item; item = item->*Next) {
            if (item->name() == name)
                return item;
        }
        return nullptr;
    }

    // Preconditions: no entry of the same name is in the table.
    void add(T& item)
    {
        u32 chains = m_buckets ? m_bucket_count : 1;
        if (m_count + 1 > chains * CHAIN_LOAD)
            grow();
        T** chain = chain_for(item.name());
        item.*Next = *chain;
        *chain = &item;
        ++m_count;
    }

    // Unlinks the entry called `name` and returns it, or null when there is none.
    T* remove(StringView name)
    {
        for (T** link = chain_for(name); *link; link = &((*link)->*Next)) {
            T* item = *link;
            if (item->name() == name) {
                *link = item->*Next;
                item->*Next = nullptr;
                --m_count;
                return item;
            }
        }
        return nullptr;
    }

    // Unlinks `item` itself, found by its name. Returns whether it was in the table.
    bool remove(T& item)
    {
        for (T** link = chain_for(item.name()); *link; link = &((*link)->*Next)) {
            if (*link == &item) {
                *link = item.*Next;
                item.*Next = nullptr;
                --m_count;
                return true;
            }
        }
        return false;
    }

private:
    // A chain holds at most this many entries on average before the table doubles; the
    // first table replaces the single chain at the same load.
    static constexpr u32 CHAIN_LOAD = 4;
    static constexpr u32 FIRST_BUCKETS = 16;

    T** chain_for(StringView name) const
    {
        if (!m_buckets)
            return const_cast<T**>(&m_first);
        return &m_buckets[hash_name(name) & (m_bucket_count - 1)];
    }

    void grow()
    {
        u32 count = m_buckets ? m_bucket_count * 2 : FIRST_BUCKETS;
        auto* buckets = static_cast<T**>(arena().allocate(count * sizeof(T*)));
        // Without memory the chains only get longer.
        if (!buckets)
            return;
        T** old = m_buckets;
        u32 old_count = m_buckets ? m_bucket_count : 1;
        T** heads = m_buckets ? m_buckets : &m_first;
        for (u32 i = 0; i < old_count; ++i) {
            for (T* item = heads[i]; item;) {
                T* next = item->*Next;
                T*& chain = buckets[hash_name(item->name()) & (count - 1)];
                item->*Next = chain;
                chain = item;
                item = next;
            }
        }
        m_first = nullptr;
        m_buckets = buckets;
        m_bucket_count = count;
        if (old)
            arena().deallocate(old, old_count * sizeof(T*));
    }

    T* m_first { nullptr };
    T** m_buckets { nullptr };
    u32 m_bucket_count { 0 };
    u32 m_count { 0 };
};
