#include "kernel/vfs/Dentry.h"
#include "kernel/base/Memory.h"
#include "kernel/vfs/FileSystem.h"

Dentry* Dentry::create(Dentry* parent, StringView name, Inode& inode)
{
    char* copy = arena().copy_string(name);
    if (!copy)
        return nullptr;
    auto* d = make_ref_counted<Dentry>();
    if (!d) {
        arena().free_string(copy, name.size());
        return nullptr;
    }
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
    arena().free_string(m_name, m_name_length);
    // Cached children hold a reference to their parent, so none are left here.
    m_inode->unref();
    unref_if(m_parent);
}

Result<Dentry*> Dentry::lookup_child(Dentry& parent, StringView name, LookupStat* learned)
{
    bool caches = parent.inode().fs().caches_dentries();
    if (caches) {
        MutexLocker locker(parent.m_children_lock);
        if (Dentry* hit = parent.m_children.find(name)) {
            hit->ref();
            return hit;
        }
    }
    // The filesystem works without the lock held.
    // Another thread may win the race to cache the child below; what this lookup learned
    // still describes the same name at the same moment.
    Inode* inode = TRY(learned ? parent.inode().lookup_stat(name, *learned) : parent.inode().lookup(name));
    Dentry* fresh = create(&parent, name, *inode);
    inode->unref();
    if (!fresh)
        return Errno::ENOMEM;
    if (!caches)
        return fresh;
    MutexLocker locker(parent.m_children_lock);
    // Another thread may have looked the name up meanwhile; the first one wins.
    if (Dentry* hit = parent.m_children.find(name)) {
        hit->ref();
        fresh->unref();
        return hit;
    }
    fresh->ref(); // the cache's reference
    parent.m_children.add(*fresh);
    return fresh;
}

void Dentry::drop_child(Dentry& parent, StringView name)
{
    Dentry* dropped;
    {
        MutexLocker locker(parent.m_children_lock);
        dropped = parent.m_children.remove(name);
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
    char* copy = arena().copy_string(new_name);
    if (!copy)
        return Errno::ENOMEM;
    Dentry* victim;
    Dentry* moved;
    Dentry* old_parent_ref = nullptr;
    char* old_copy = nullptr;
    usize old_length = 0;
    {
        // Both parents' locks, in address order (once when they are the same).
        Dentry* first = &old_parent < &new_parent ? &old_parent : &new_parent;
        Dentry* second = &old_parent < &new_parent ? &new_parent : &old_parent;
        MutexLocker first_locker(first->m_children_lock);
        if (second != first)
            second->m_children_lock.lock();
        victim = new_parent.m_children.remove(new_name);
        moved = old_parent.m_children.remove(old_name);
        if (moved) {
            // FIXME: readers of name() and parent() outside the cache lock (getcwd) may
            // see the change half done.
            old_copy = moved->m_name, old_length = moved->m_name_length;
            moved->m_name = copy, moved->m_name_length = new_name.size();
            copy = nullptr;
            old_parent_ref = moved->m_parent;
            new_parent.ref();
            moved->m_parent = &new_parent;
            new_parent.m_children.add(*moved);
        }
        if (second != first)
            second->m_children_lock.unlock();
    }
    if (copy)
        arena().free_string(copy, new_name.size());
    if (old_copy)
        arena().free_string(old_copy, old_length);
    unref_if(old_parent_ref);
    if (victim)
        victim->set_unlinked();
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
