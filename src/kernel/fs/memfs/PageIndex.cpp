#include "kernel/fs/memfs/PageIndex.h"
#include "kernel/base/Arena.h"

PageIndex::~PageIndex()
{
    if (m_root)
        free_node(m_root, m_height);
}

void PageIndex::free_node(Node* node, u32 height)
{
    if (height > 1) {
        for (void* child : node->slots) {
            if (child)
                free_node(static_cast<Node*>(child), height - 1);
        }
    }
    arena().deallocate(node, sizeof(Node));
}

u8* PageIndex::get(u64 index) const
{
    if (!m_root || index >= span(m_height))
        return nullptr;
    const Node* node = m_root;
    for (u32 level = m_height; level > 1; --level) {
        node = static_cast<const Node*>(node->slots[(index >> ((level - 1) * BITS)) & (FANOUT - 1)]);
        if (!node)
            return nullptr;
    }
    return static_cast<u8*>(node->slots[index & (FANOUT - 1)]);
}

bool PageIndex::set(u64 index, u8* page)
{
    if (!page) {
        clear(index);
        return true;
    }
    // Grow upwards until the tree covers `index`: the old root becomes slot 0.
    while (!m_root || index >= span(m_height)) {
        auto* root = static_cast<Node*>(arena().allocate(sizeof(Node)));
        if (!root)
            return false;
        root->slots[0] = m_root;
        m_root = root;
        ++m_height;
    }
    Node* node = m_root;
    for (u32 level = m_height; level > 1; --level) {
        void*& slot = node->slots[(index >> ((level - 1) * BITS)) & (FANOUT - 1)];
        if (!slot) {
            slot = arena().allocate(sizeof(Node));
            if (!slot)
                return false;
        }
        node = static_cast<Node*>(slot);
    }
    node->slots[index & (FANOUT - 1)] = page;
    return true;
}

void PageIndex::clear(u64 index)
{
    if (!m_root || index >= span(m_height))
        return;
    Node* node = m_root;
    for (u32 level = m_height; level > 1; --level) {
        node = static_cast<Node*>(node->slots[(index >> ((level - 1) * BITS)) & (FANOUT - 1)]);
        if (!node)
            return;
    }
    node->slots[index & (FANOUT - 1)] = nullptr;
}

// The first present index in [from, limit) beneath `node`, which covers the indexes
// from `base` on at `height` levels; `limit` when there is none.
u64 PageIndex::next_in(const Node* node, u32 height, u64 base, u64 from, u64 limit)
{
    u64 child_span = span(height - 1);
    u64 first = from > base ? (from - base) / child_span : 0;
    for (u64 slot = first; slot < FANOUT; ++slot) {
        u64 child_base = base + slot * child_span;
        if (child_base >= limit)
            break;
        const void* child = node->slots[slot];
        if (!child)
            continue;
        if (height == 1)
            return child_base;
        u64 found = next_in(static_cast<const Node*>(child), height - 1, child_base, from, limit);
        if (found < limit)
            return found;
    }
    return limit;
}

u64 PageIndex::next_present(u64 from, u64 limit) const
{
    if (!m_root || from >= limit)
        return limit;
    if (from >= span(m_height))
        return limit;
    return next_in(m_root, m_height, 0, from, limit);
}
