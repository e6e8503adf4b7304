#include "kernel/fs/hostfs/HostOwners.h"
#include "kernel/base/Arena.h"
#include "kernel/vfs/Inode.h"

HostOwners::Entry** HostOwners::find(u64 dev, u64 ino)
{
    Entry** link = &m_buckets[(ino ^ (dev * 0x9e3779b97f4a7c15ull)) % BUCKETS];
    while (*link && !((*link)->dev == dev && (*link)->ino == ino))
        link = &(*link)->next;
    return link;
}

Result<HostOwners::Entry*> HostOwners::find_or_add(u64 dev, u64 ino)
{
    Entry** link = find(dev, ino);
    if (*link)
        return *link;
    auto* entry = arena().make<Entry>();
    if (!entry)
        return Errno::ENOMEM;
    *entry = Entry { dev, ino, false, false, 0, 0, 0, 0, 0, nullptr, nullptr };
    *link = entry;
    m_count.fetch_add(1);
    return entry;
}

Result<void> HostOwners::set_owner(u64 dev, u64 ino, u32 uid, u32 gid)
{
    MutexLocker locker(m_lock);
    Entry* entry = TRY(find_or_add(dev, ino));
    entry->has_owner = true;
    entry->uid = uid;
    entry->gid = gid;
    return {};
}

Result<void> HostOwners::set_mode(u64 dev, u64 ino, u32 mode, bool kept)
{
    MutexLocker locker(m_lock);
    if (!kept) {
        if (Entry* entry = *find(dev, ino))
            entry->has_mode = false;
        return {};
    }
    Entry* entry = TRY(find_or_add(dev, ino));
    entry->has_mode = true;
    entry->mode = mode & 07777;
    return {};
}

Result<void> HostOwners::set_device(u64 dev, u64 ino, u32 type, u64 rdev)
{
    MutexLocker locker(m_lock);
    Entry* entry = TRY(find_or_add(dev, ino));
    if (!entry->device_type)
        m_devices.fetch_add(1);
    entry->device_type = type & S_IFMT;
    entry->rdev = rdev;
    return {};
}

u8 HostOwners::entry_type(u64 dev, u64 ino, u8 host_type)
{
    MutexLocker locker(m_lock);
    Entry* entry = *find(dev, ino);
    if (!entry || !entry->device_type)
        return host_type;
    return dirent_type_of(entry->device_type);
}

void HostOwners::forget(u64 dev, u64 ino)
{
    Entry* gone;
    {
        MutexLocker locker(m_lock);
        Entry** link = find(dev, ino);
        gone = *link;
        if (!gone)
            return;
        *link = gone->next;
        m_count.fetch_sub(1);
        if (gone->device_type)
            m_devices.fetch_sub(1);
    }
    while (Xattr* x = gone->xattrs) {
        gone->xattrs = x->next;
        arena().deallocate(x, x->allocation());
    }
    arena().destroy(gone);
}

void HostOwners::apply(linux_stat& st)
{
    // Most sandboxes never chown a host file: skip the lock then.
    if (m_count.load(MemoryOrder::Relaxed) == 0)
        return;
    MutexLocker locker(m_lock);
    Entry* entry = *find(st.st_dev, st.st_ino);
    if (!entry)
        return;
    if (entry->has_owner) {
        st.st_uid = entry->uid;
        st.st_gid = entry->gid;
    }
    if (entry->has_mode)
        st.st_mode = (st.st_mode & S_IFMT) | entry->mode;
    if (entry->device_type) {
        st.st_mode = entry->device_type | (st.st_mode & 07777);
        st.st_rdev = entry->rdev;
    }
}
