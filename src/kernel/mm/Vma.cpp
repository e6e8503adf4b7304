#include "kernel/mm/Vma.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/mm/MapBacking.h"

MapName* MapName::create(StringView path)
{
    auto* name = static_cast<MapName*>(arena().allocate(sizeof(MapName) + path.size() + 1));
    if (!name)
        return nullptr;
    name->refs = 1;
    name->length = u32(path.size());
    name->backing = nullptr;
    name->writable = false;
    mem_copy(name->text, path.data(), path.size());
    name->text[path.size()] = '\0';
    return name;
}

void MapName::unref()
{
    if (__atomic_sub_fetch(&refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    if (backing)
        backing->mapping_removed(writable);
    arena().deallocate(this, sizeof(MapName) + length + 1);
}

// Two neighbours merge as Linux's vma_merge() would: same protection, flags and
// backing, and for files a contiguous offset. Shared anonymous objects are distinct
// inodes, so they never merge with each other.
bool vma_can_merge(const Vma& a, const Vma& b)
{
    if (a.end != b.start || a.prot != b.prot || (a.flags & ~VM_TOUCHED) != (b.flags & ~VM_TOUCHED) || a.kind != b.kind)
        return false;
    switch (a.kind) {
    case VmaKind::Anonymous:
    case VmaKind::Heap:
    case VmaKind::Stack:
        return true;
    case VmaKind::File:
        return a.dev == b.dev && a.inode == b.inode && a.name && b.name && a.name->view() == b.name->view()
            && a.offset + a.size() == b.offset;
    case VmaKind::SharedAnonymous:
        return a.inode == b.inode && a.offset + a.size() == b.offset;
    default:
        return false;
    }
}
