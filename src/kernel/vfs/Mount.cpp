#include "kernel/vfs/Mount.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/base/Memory.h"
#include "kernel/abi/Statfs.h"

namespace {
MountTable* s_mount_table;
}

i64 Mount::statfs_flags(i64 fs_flags) const
{
    u32 f = flags();
    i64 st = ST_VALID | (fs_flags & (ST_RDONLY | ST_SYNCHRONOUS | ST_MANDLOCK));
    st |= (f & MNT_READONLY) ? ST_RDONLY : 0;
    st |= (f & MNT_NOSUID) ? ST_NOSUID : 0;
    st |= (f & MNT_NODEV) ? ST_NODEV : 0;
    st |= (f & MNT_NOEXEC) ? ST_NOEXEC : 0;
    st |= (f & MNT_NOATIME) ? ST_NOATIME : 0;
    st |= (f & MNT_NODIRATIME) ? ST_NODIRATIME : 0;
    // Without noatime or strictatime a mount is relatime, as /proc/self/mountinfo says.
    st |= (f & (MNT_NOATIME | MNT_STRICTATIME)) ? 0 : ST_RELATIME;
    st |= (f & MNT_NOSYMFOLLOW) ? ST_NOSYMFOLLOW : 0;
    return st;
}

MountTable& mount_table() { return *s_mount_table; }
void set_mount_table(MountTable* table) { s_mount_table = table; }

Result<Mount*> MountTable::mount_root(FileSystem& fs, u32 flags)
{
    Inode* inode = fs.root_inode();
    Dentry* root = Dentry::create(nullptr, "/", *inode);
    inode->unref();
    if (!root)
        return Errno::ENOMEM;
    MutexLocker locker(m_lock);
    if (m_root) {
        root->unref();
        return Errno::EBUSY;
    }
    flags |= MNT_LOCKED;
    if (flags & MNT_READONLY)
        flags |= MNT_LOCK_READONLY;
    auto* m = arena().make<Mount>(nullptr, nullptr, fs, root, flags, m_next_id++);
    if (!m) {
        root->unref();
        return Errno::ENOMEM;
    }
    m_root = m;
    m_first = m;
    m_count = 1;
    return m;
}

Result<Mount*> MountTable::mount(const Path& where, FileSystem& fs, u32 flags)
{
    flags |= MNT_LOCKED;
    if (flags & MNT_READONLY)
        flags |= MNT_LOCK_READONLY;
    return mount(where, fs, flags, StringView());
}

Result<Mount*> MountTable::mount(const Path& where, FileSystem& fs, u32 flags, StringView options)
{
    if (options.size() >= MOUNT_OPTIONS_MAX)
        return Errno::EINVAL;
    Inode* inode = fs.root_inode();
    // As Linux: a directory goes on a directory and anything else on a non-directory.
    if (where.inode().is_directory() != inode->is_directory()) {
        inode->unref();
        return Errno::ENOTDIR;
    }
    Dentry* root = Dentry::create(nullptr, where.dentry->name(), *inode);
    inode->unref();
    if (!root)
        return Errno::ENOMEM;
    MutexLocker locker(m_lock);
    if (m_count >= MOUNT_MAX) {
        root->unref();
        return Errno::ENOSPC;
    }
    auto* m = attach(where.mount, where.dentry, fs, root, flags);
    if (!m) {
        root->unref();
        return Errno::ENOMEM;
    }
    mem_copy(m->m_options, options.data(), options.size());
    return m;
}

Mount* MountTable::attach(Mount* parent, Dentry* mountpoint, FileSystem& fs, Dentry* root, u32 flags)
{
    auto* m = arena().make<Mount>(parent, mountpoint, fs, root, flags, m_next_id++);
    if (!m)
        return nullptr;
    // The mount keeps its mountpoint alive; it takes over the caller's reference to root.
    mountpoint->ref();
    mountpoint->add_mount();
    m->m_next = m_first;
    m_first = m;
    ++m_count;
    return m;
}

void MountTable::detach(Mount& m)
{
    for (Mount** link = &m_first; *link; link = &(*link)->m_next) {
        if (*link == &m) {
            *link = m.m_next;
            m.m_next = nullptr;
            m.m_mountpoint->remove_mount();
            --m_count;
            return;
        }
    }
}

Result<Mount*> MountTable::bind(const Path& where, const Path& source, bool recursive)
{
    // Linux's graft_tree(): a directory goes only on a directory, a file on a file.
    if (where.inode().is_directory() != source.inode().is_directory())
        return Errno::ENOTDIR;
    MutexLocker locker(m_lock);
    Mount* before = m_first;
    if (!recursive) {
        for (Mount* c = before; c; c = c->m_next) {
            if (c->m_parent == source.mount && (c->flags() & MNT_LOCKED)
                && c->m_mountpoint->is_descendant_of(*source.dentry))
                return Errno::EINVAL;
        }
    }
    // The copies must fit too; counting every mount beneath the source mount errs on the
    // safe side.
    u32 copies = 1;
    for (Mount* c = before; c && recursive; c = c->m_next) {
        for (Mount* up = c->m_parent; up; up = up->m_parent) {
            if (up == source.mount) {
                ++copies;
                break;
            }
        }
    }
    if (m_count + copies > MOUNT_MAX)
        return Errno::ENOSPC;
    source.dentry->ref();
    // A copy is the guest's own mount: unlocked, though a read-only lock stays.
    auto* m = attach(where.mount, where.dentry, source.mount->fs(), source.dentry, source.mount->flags() & ~MNT_LOCKED);
    if (!m) {
        // `source` still holds a reference, so this one cannot be the last.
        source.dentry->unref();
        return Errno::ENOMEM;
    }
    mem_copy(m->m_options, source.mount->m_options, MOUNT_OPTIONS_MAX);
    if (recursive) {
        // Only mounts that existed before this call are copied, so a bind beneath its
        // own source does not copy itself.
        for (Mount* c = before; c; c = c->m_next) {
            if (c->m_parent != source.mount || !c->m_mountpoint->is_descendant_of(*source.dentry))
                continue;
            TRY(bind_children(*c, *c->m_root, *m, before));
        }
    }
    return m;
}

// Copies mount `source` (whose root is `beneath`) onto the same dentry under `copy`, then
// what is mounted beneath it. Only the mounts from `old` on (those that existed before
// the bind began) are copied: a bind into its own source would otherwise copy its own
// copies forever.
Result<void> MountTable::bind_children(Mount& source, Dentry& beneath, Mount& copy, Mount* old)
{
    beneath.ref();
    auto* m = attach(&copy, source.m_mountpoint, source.m_fs, &beneath, source.flags());
    if (!m) {
        beneath.unref();
        return Errno::ENOMEM;
    }
    mem_copy(m->m_options, source.m_options, MOUNT_OPTIONS_MAX);
    for (Mount* c = old; c; c = c->m_next) {
        if (c->m_parent == &source)
            TRY(bind_children(*c, *c->m_root, *m, old));
    }
    return {};
}

Result<void> MountTable::umount(Mount& m, bool detach_lazily)
{
    MutexLocker locker(m_lock);
    if (!m.m_parent)
        return Errno::EBUSY;
    if (m.flags() & MNT_LOCKED)
        return Errno::EINVAL;
    bool linked = false;
    for (Mount* c = m_first; c; c = c->m_next) {
        if (c == &m)
            linked = true;
        else if (c->m_parent == &m && !detach_lazily)
            return Errno::EBUSY;
    }
    if (!linked)
        return Errno::EINVAL;
    // MNT_DETACH takes the whole subtree out; children go first.
    for (;;) {
        Mount* child = nullptr;
        for (Mount* c = m_first; c; c = c->m_next) {
            if (c->m_parent && c != &m) {
                for (Mount* up = c->m_parent; up; up = up->m_parent) {
                    if (up == &m) {
                        child = c;
                        break;
                    }
                }
            }
            if (child)
                break;
        }
        if (!child)
            break;
        detach(*child);
    }
    detach(m);
    return {};
}

Result<void> MountTable::move(Mount& m, const Path& where)
{
    Dentry* old_mountpoint;
    {
        MutexLocker locker(m_lock);
        if (!m.m_parent || (m.flags() & MNT_LOCKED))
            return Errno::EINVAL;
        for (Mount* up = where.mount; up; up = up->m_parent) {
            if (up == &m)
                return Errno::ELOOP;
        }
        if (where.inode().is_directory() != m.m_root->inode().is_directory())
            return Errno::ENOTDIR;
        detach(m);
        old_mountpoint = m.m_mountpoint;
        where.dentry->ref();
        where.dentry->add_mount();
        m.m_parent = where.mount;
        m.m_mountpoint = where.dentry;
        m.m_next = m_first;
        m_first = &m;
        ++m_count;
    }
    // Releasing a dentry may take the dentry cache lock, which comes after this one.
    old_mountpoint->unref();
    return {};
}

void MountTable::reconfigure(Mount& m, u32 flags, const StringView* options)
{
    MutexLocker locker(m_lock);
    __atomic_store_n(&m.m_flags, (flags & ~MNT_LOCK_FLAGS) | (m.flags() & MNT_LOCK_FLAGS), __ATOMIC_RELAXED);
    if (options && options->size() < MOUNT_OPTIONS_MAX) {
        mem_zero(m.m_options, MOUNT_OPTIONS_MAX);
        mem_copy(m.m_options, options->data(), options->size());
    }
}

Mount* MountTable::mount_on(Mount* parent, Dentry* dentry)
{
    MutexLocker locker(m_lock);
    for (Mount* m = m_first; m; m = m->m_next) {
        if (m->m_parent == parent && m->m_mountpoint == dentry)
            return m;
    }
    return nullptr;
}
