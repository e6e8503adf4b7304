#include "kernel/vfs/Dentry.h"
#include "kernel/base/Memory.h"
#include "kernel/vfs/FileSystem.h"

namespace {
// Guards every dentry's child list. One lock for the whole cache keeps the first
// version simple; lookups that miss drop it while the filesystem works.
Mutex s_cache_lock;

Dentry* find_cached(Dentry* first, StringView name, Dentry* (*next)(Dentry*))
{
    for (Dentry* d = first; d; d = next(d)) {
        if (d->name() == name)
            return d;
    }
    return nullptr;
}
}

Dentry* Dentry::create(Dentry* parent, StringView name, Inode& inode)
{
    char* copy = static_cast<char*>(arena().allocate(name.size() + 1));
    if (!copy)
        return nullptr;
    auto* d = make_ref_counted<Dentry>();
    if (!d) {
        arena().deallocate(copy, name.size() + 1);
        return nullptr;
    }
    mem_copy(copy, name.data(), name.size());
    copy[name.size()] = '\0';
    d->m_name = copy;
    d->m_name_length = name.size();
    d->m_parent = parent;
    if (parent)
        parent->ref();
    d->m_inode = &inode;
    inode.ref();
    return d;
}

Dentry::~Dentry()
{
    arena().deallocate(m_name, m_name_length + 1);
    m_inode->unref();
    unref_if(m_parent);
}

Result<Dentry*> Dentry::lookup_child(Dentry& parent, StringView name)
{
    auto next = [](Dentry* d) { return d->m_next_sibling; };
    bool caches = parent.inode().fs().caches_dentries();
    if (caches) {
        MutexLocker locker(s_cache_lock);
        if (Dentry* hit = find_cached(parent.m_first_child, name, next)) {
            hit->ref();
            return hit;
        }
    }
    Inode* inode = TRY(parent.inode().lookup(name));
    Dentry* fresh = create(&parent, name, *inode);
    inode->unref();
    if (!fresh)
        return Errno::ENOMEM;
    if (!caches)
        return fresh;
    MutexLocker locker(s_cache_lock);
    // Another thread may have looked the name up meanwhile; the first one wins.
    if (Dentry* hit = find_cached(parent.m_first_child, name, next)) {
        hit->ref();
        fresh->unref();
        return hit;
    }
    fresh->ref(); // the cache's reference
    fresh->m_next_sibling = parent.m_first_child;
    parent.m_first_child = fresh;
    return fresh;
}
