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

namespace {

// Unlinks the cached child `name` of `parent` and returns it with the cache's reference,
// or null. Preconditions: s_cache_lock is held.
Dentry* unlink_cached(Dentry*& first, StringView name, Dentry** (*next_of)(Dentry*))
{
    for (Dentry** link = &first; *link; link = next_of(*link)) {
        Dentry* d = *link;
        if (d->name() == name) {
            *link = *next_of(d);
            *next_of(d) = nullptr;
            return d;
        }
    }
    return nullptr;
}

}

void Dentry::drop_child(Dentry& parent, StringView name)
{
    Dentry* dropped;
    {
        MutexLocker locker(s_cache_lock);
        dropped = unlink_cached(parent.m_first_child, name, [](Dentry* d) { return &d->m_next_sibling; });
    }
    // The cache's reference goes outside the lock: the last unref frees the parent chain.
    unref_if(dropped);
}

Result<void> Dentry::move_child(Dentry& old_parent, StringView old_name, Dentry& new_parent, StringView new_name,
    bool exchange)
{
    if (exchange) {
        // FIXME: exchanged dentries are dropped rather than swapped; holders of the old
        // ones (a cwd) keep their old names.
        drop_child(old_parent, old_name);
        drop_child(new_parent, new_name);
        return {};
    }
    char* copy = static_cast<char*>(arena().allocate(new_name.size() + 1));
    if (!copy)
        return Errno::ENOMEM;
    mem_copy(copy, new_name.data(), new_name.size());
    copy[new_name.size()] = '\0';
    auto next_of = [](Dentry* d) { return &d->m_next_sibling; };
    Dentry* victim;
    Dentry* moved;
    Dentry* old_parent_ref = nullptr;
    char* old_copy = nullptr;
    usize old_length = 0;
    {
        MutexLocker locker(s_cache_lock);
        victim = unlink_cached(new_parent.m_first_child, new_name, next_of);
        moved = unlink_cached(old_parent.m_first_child, old_name, next_of);
        if (moved) {
            // FIXME: readers of name() and parent() outside the cache lock (getcwd) may
            // see the change half done.
            old_copy = moved->m_name, old_length = moved->m_name_length;
            moved->m_name = copy, moved->m_name_length = new_name.size();
            copy = nullptr;
            old_parent_ref = moved->m_parent;
            new_parent.ref();
            moved->m_parent = &new_parent;
            moved->m_next_sibling = new_parent.m_first_child;
            new_parent.m_first_child = moved;
        }
    }
    if (copy)
        arena().deallocate(copy, new_name.size() + 1);
    if (old_copy)
        arena().deallocate(old_copy, old_length + 1);
    unref_if(old_parent_ref);
    unref_if(victim);
    return {};
}

bool Dentry::is_descendant_of(const Dentry& ancestor) const
{
    for (const Dentry* d = this; d; d = d->m_parent) {
        if (d == &ancestor)
            return true;
    }
    return false;
}
