#pragma once

// The pages of a memfs file by index: a radix tree of 512-slot nodes in the arena, so
// that a sparse file costs memory for the pages it has, not for its length (a write at
// 1 TiB needs a few nodes, where a flat table needed 2 GiB), and walks over a file skip
// its holes a subtree at a time. The tree grows upwards as higher indexes are stored;
// nodes stay until the file is freed. The owner guards it.

#include "kernel/base/Types.h"

class PageIndex {
public:
    PageIndex() = default;
    PageIndex(const PageIndex&) = delete;
    PageIndex& operator=(const PageIndex&) = delete;
    // Frees the nodes; the pages are the owner's.
    ~PageIndex();

    // The page at `index`, or null for a hole.
    u8* get(u64 index) const;
    // Stores `page` at `index`; false when the arena has no memory for a node.
    bool set(u64 index, u8* page);
    // Makes `index` a hole again.
    void clear(u64 index);
    // The first index in [from, limit) that holds a page, or `limit` when none does.
    u64 next_present(u64 from, u64 limit) const;
    // Calls `f(index)` for every index in [from, limit) that holds a page, in order; `f`
    // may clear the index it is given.
    template<typename F>
    void for_each_present(u64 from, u64 limit, F f) const
    {
        for (u64 index = next_present(from, limit); index < limit; index = next_present(index + 1, limit))
            f(index);
    }
    // How many indexes in [from, limit) hold a page.
    u64 count_present(u64 from, u64 limit) const
    {
        u64 count = 0;
        for_each_present(from, limit, [&](u64) { ++count; });
        return count;
    }

private:
    static constexpr u32 BITS = 9;
    static constexpr u64 FANOUT = u64(1) << BITS;
    struct Node {
        void* slots[FANOUT];
    };
    static_assert(sizeof(Node) == 4096);

    // How many indexes a tree of `height` levels covers.
    static u64 span(u32 height) { return height * BITS >= 64 ? ~u64(0) : u64(1) << (height * BITS); }
    static void free_node(Node* node, u32 height);
    static u64 next_in(const Node* node, u32 height, u64 base, u64 from, u64 limit);

    Node* m_root { nullptr };
    u32 m_height { 0 };
};
