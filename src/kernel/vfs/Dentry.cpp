#include "kernel/vfs/Dentry.h"
#include "kernel/base/Memory.h"
#include "kernel/vfs/FileSystem.h"

namespace {

// A chain holds at most this many children on average before the table doubles; the
// first table replaces the single chain at the same load.
constexpr u32 CHAIN_LOAD = 4;
constexpr u32 FIRST_BUCKETS = 16;

u32 hash_name(StringView name)
{
    // FNV-1a.
    u32 h = 2166136261u;
    for (usize i = 0; i < name.size(); ++i)
        h = (h ^ u8(name[i])) * 16777619u;
    return h;
}

}

Dentry** Dentry::chain_for(StringView name)
{
    if (!m_buckets)
        return &m_first_child;
    return &m_buckets[hash_name(name) & (m_bucket_count - 1)];
}

Dentry* Dentry::find_child(StringView name)
{
    for (Dentry* d = *chain_for(name); d; d = d->m_next_sibling) {
        if (d->name() == name)
            return d;
    }
    return nullptr;
}

void Dentry::grow_buckets()
{
    u32 count = m_buckets ? m_bucket_count * 2 : FIRST_BUCKETS;
    auto* buckets = static_cast<Dentry**>(arena().allocate(count * sizeof(Dentry*)));
    // Without memory the chains only get longer.
    if (!buckets)
        return;
    Dentry** old = m_buckets;
    u32 old_count = m_buckets ? m_bucket_count : 1;
    Dentry** chains = m_buckets ? m_buckets : &m_first_child;
    for (u32 i = 0; i < old_count; ++i) {
        for (Dentry* d = chains[i]; d;) {
            Dentry* next = d->m_next_sibling;
            Dentry*& chain = buckets[hash_name(d->name()) & (count - 1)];
            d->m_next_sibling = chain;
            chain = d;
            d = next;
        }
    }
    m_first_child = nullptr;
    m_buckets = buckets;
    m_bucket_count = count;
    if (old)
        arena().deallocate(old, old_count * sizeof(Dentry*));
}

void Dentry::add_child(Dentry& child)
{
    u32 chains = m_buckets ? m_bucket_count : 1;
    if (m_child_count + 1 > chains * CHAIN_LOAD)
        grow_buckets();
    Dentry** chain = chain_for(child.name());
    child.m_next_sibling = *chain;
    *chain = &child;
    ++m_child_count;
}

Dentry* Dentry::remove_child(StringView name)
{
    for (Dentry** link = chain_for(name); *link; link = &(*link)->m_next_sibling) {
        Dentry* d = *link;
        if (d->name() == name) {
            *link = d->m_next_sibling;
            d->m_next_sibling = nullptr;
            --m_child_count;
            return d;
        }
    }
    return nullptr;
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
    // Cached children hold a reference to their parent, so none are left here.
    if (m_buckets)
        arena().deallocate(m_buckets, m_bucket_count * sizeof(Dentry*));
    m_inode->unref();
    unref_if(m_parent);
}

Result<Dentry*> Dentry::lookup_child(Dentry& parent, StringView name)
{
    bool caches = parent.inode().fs().caches_dentries();
    if (caches) {
        MutexLocker locker(parent.m_children_lock);
        if (Dentry* hit = parent.find_child(name)) {
            hit->ref();
            return hit;
        }
    }
    // The filesystem works without the lock held.
    Inode* inode = TRY(parent.inode().lookup(name));
    Dentry* fresh = create(&parent, name, *inode);
    inode->unref();
    if (!fresh)
        return Errno::ENOMEM;
    if (!caches)
        return fresh;
    MutexLocker locker(parent.m_children_lock);
    // Another thread may have looked the name up meanwhile; the first one wins.
    if (Dentry* hit = parent.find_child(name)) {
        hit->ref();
        fresh->unref();
        return hit;
    }
    fresh->ref(); // the cache's reference
    parent.add_child(*fresh);
    return fresh;
}

void Dentry::drop_child(Dentry& parent, StringView name)
{
    Dentry* dropped;
    {
        MutexLocker locker(parent.m_children_lock);
        dropped = parent.remove_child(name);
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
        victim = new_parent.remove_child(new_name);
        moved = old_parent.remove_child(old_name);
        if (moved) {
            // FIXME: readers of name() and parent() outside the cache lock (getcwd) may
            // see the change half done.
            old_copy = moved->m_name, old_length = moved->m_name_length;
            moved->m_name = copy, moved->m_name_length = new_name.size();
            copy = nullptr;
            old_parent_ref = moved->m_parent;
            new_parent.ref();
            moved->m_parent = &new_parent;
            new_parent.add_child(*moved);
        }
        if (second != first)
            second->m_children_lock.unlock();
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
