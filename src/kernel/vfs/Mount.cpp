#include "kernel/vfs/Mount.h"
#include "kernel/vfs/FileSystem.h"

namespace {
MountTable* s_mount_table;
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
    auto* m = arena().make<Mount>(nullptr, nullptr, fs, root, flags, m_next_id++);
    if (!m) {
        root->unref();
        return Errno::ENOMEM;
    }
    m_root = m;
    m_first = m;
    return m;
}

Result<Mount*> MountTable::mount(const Path& where, FileSystem& fs, u32 flags)
{
    if (!where.inode().is_directory())
        return Errno::ENOTDIR;
    Inode* inode = fs.root_inode();
    Dentry* root = Dentry::create(nullptr, where.dentry->name(), *inode);
    inode->unref();
    if (!root)
        return Errno::ENOMEM;
    MutexLocker locker(m_lock);
    auto* m = arena().make<Mount>(where.mount, where.dentry, fs, root, flags, m_next_id++);
    if (!m) {
        root->unref();
        return Errno::ENOMEM;
    }
    // The mount keeps its mountpoint alive.
    where.dentry->ref();
    where.dentry->add_mount();
    m->m_next = m_first;
    m_first = m;
    return m;
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
