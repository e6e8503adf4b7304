// memfs inodes: attributes, directories and symbolic links. File data is in MemData.cpp,
// extended attributes in MemXattr.cpp.

#include "kernel/fs/memfs/MemInode.h"
#include "kernel/abi/Ioctl.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/devfs/CharDevices.h"
#include "kernel/fs/memfs/MemFile.h"
#include "kernel/vfs/Mount.h"

MemInode::MemInode(MemFs& fs, u64 ino, const InodeCreation& creation)
    : Inode(fs, ino, creation.mode)
    , m_perm(creation.mode)
    , m_uid(creation.uid)
    , m_gid(creation.gid)
    , m_rdev(creation.rdev)
{
    m_atime = m_mtime = m_ctime = m_btime = memfs_now();
    // As on tmpfs, a file takes no seals (F_ADD_SEALS fails with EPERM) unless
    // memfd_create(MFD_ALLOW_SEALING) made it.
    if ((creation.mode & S_IFMT) == S_IFREG)
        m_seals = F_SEAL_SEAL;
    if (is_directory()) {
        m_nlink = 2;
        m_size = 2 * MEMFS_DIRENT_SIZE;
    }
}

MemInode::~MemInode()
{
    while (m_entries) {
        MemDirent* e = m_entries;
        m_entries = e->next;
        e->inode->unref();
        arena().destroy(e);
    }
    free_pages_from(0);
    if (m_target)
        arena().deallocate(m_target, m_size + 1);
    while (m_xattrs) {
        MemXattr* x = m_xattrs;
        m_xattrs = x->next;
        if (x->value)
            arena().deallocate(x->value, x->size);
        arena().destroy(x);
    }
    mem_fs().inode_freed();
}

void MemInode::touch(bool modify)
{
    linux_timespec now = memfs_now();
    m_ctime = now;
    if (modify)
        m_mtime = now;
}

void MemInode::note_access_locked(bool strict)
{
    linux_timespec now = memfs_now();
    auto not_after = [](const linux_timespec& a, const linux_timespec& b) {
        return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
    };
    bool due = strict || not_after(m_atime, m_mtime) || not_after(m_atime, m_ctime) || now.tv_sec - m_atime.tv_sec >= 24 * 60 * 60;
    if (due)
        m_atime = now;
}

void MemInode::accessed(u32 mount_flags)
{
    if (mount_flags & (MNT_NOATIME | (is_directory() ? MNT_NODIRATIME : 0)))
        return;
    MutexLocker locker(mem_fs().lock());
    note_access_locked(mount_flags & MNT_STRICTATIME);
}

Result<Inode*> MemInode::lookup(StringView name)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    MutexLocker locker(mem_fs().lock());
    MemDirent* e = find(name);
    if (!e)
        return Errno::ENOENT;
    e->inode->ref();
    return e->inode;
}

Result<usize> MemInode::readlink(char* buffer, usize capacity)
{
    if (!is_symlink())
        return Errno::EINVAL;
    MutexLocker locker(mem_fs().lock());
    usize n = m_size < capacity ? m_size : capacity;
    mem_copy(buffer, m_target, n);
    return n;
}

Result<void> MemInode::stat(linux_stat& st)
{
    MutexLocker locker(mem_fs().lock());
    mem_zero(&st, sizeof(st));
    st.st_dev = fs().dev();
    st.st_ino = ino();
    st.st_nlink = m_nlink;
    st.st_mode = m_perm;
    st.st_uid = m_uid;
    st.st_gid = m_gid;
    st.st_rdev = m_rdev;
    st.st_size = i64(m_size);
    st.st_blksize = i64(PAGE_SIZE);
    // Data pages, and a page for a symlink target too long to keep in the inode.
    u64 pages = m_page_count + (is_symlink() && m_size >= 128 ? 1 : 0);
    st.st_blocks = i64(pages * (PAGE_SIZE / 512));
    st.st_atime_sec = u64(m_atime.tv_sec), st.st_atime_nsec = u64(m_atime.tv_nsec);
    st.st_mtime_sec = u64(m_mtime.tv_sec), st.st_mtime_nsec = u64(m_mtime.tv_nsec);
    st.st_ctime_sec = u64(m_ctime.tv_sec), st.st_ctime_nsec = u64(m_ctime.tv_nsec);
    return {};
}

bool MemInode::birth_time(linux_timespec& ts) const
{
    ts = m_btime;
    return true;
}

Result<void> MemInode::statfs(linux_statfs& st)
{
    mem_fs().fill_statfs(st);
    return {};
}

Result<OpenFile*> MemInode::open(const Path& path, int flags)
{
    u32 type = m_perm & S_IFMT;
    if (type == S_IFSOCK && !(flags & O_PATH))
        return Errno::ENXIO;
    if (type == S_IFREG && !(flags & O_PATH)) {
        if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)) {
            MutexLocker locker(mem_fs().lock());
            if (m_seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
                return Errno::EPERM;
        }
        auto* file = make_ref_counted<MemFile>(path, flags & ~O_TRUNC);
        if (!file)
            return Errno::ENOMEM;
        return static_cast<OpenFile*>(file);
    }
    if (type == S_IFCHR && !(flags & O_PATH))
        return open_char_device(path, flags, m_rdev);
    // A block device has no driver here, as a character device without one.
    if (type == S_IFBLK && !(flags & O_PATH))
        return Errno::ENXIO;
    // Directories list through list_entry; FIXME: FIFOs open as plain descriptions that
    // neither read nor write.
    return open_plain_file(path, flags);
}

Result<bool> MemInode::list_entry(u64 index, DirEntryInfo& entry)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    MutexLocker locker(mem_fs().lock());
    MemDirent* e = m_entries;
    u64 i = 0;
    if (m_cursor_entry && index >= m_cursor_index)
        e = m_cursor_entry, i = m_cursor_index;
    for (; e && i < index; ++i)
        e = e->next;
    if (!e)
        return false;
    m_cursor_entry = e;
    m_cursor_index = index;
    entry.ino = e->inode->ino();
    entry.type = dirent_type_of(e->inode->m_perm);
    mem_copy(entry.name, e->name, e->name_length + 1);
    return true;
}

MemDirent* MemInode::find(StringView name) const
{
    for (MemDirent* e = m_entries; e; e = e->next) {
        if (StringView(e->name, e->name_length) == name)
            return e;
    }
    return nullptr;
}

Result<void> MemInode::insert(StringView name, MemInode& inode)
{
    if (name.size() > NAME_MAX)
        return Errno::ENAMETOOLONG;
    auto* e = arena().make<MemDirent>();
    if (!e)
        return Errno::ENOMEM;
    e->inode = &inode;
    inode.ref();
    e->name_length = u32(name.size());
    mem_copy(e->name, name.data(), name.size());
    // Appending keeps the listing positions of older entries stable across creations.
    if (m_last_entry)
        m_last_entry->next = e;
    else
        m_entries = e;
    m_last_entry = e;
    m_size += MEMFS_DIRENT_SIZE;
    return {};
}

void MemInode::remove(StringView name)
{
    MemDirent* previous = nullptr;
    for (MemDirent** link = &m_entries; *link; previous = *link, link = &(*link)->next) {
        MemDirent* e = *link;
        if (StringView(e->name, e->name_length) == name) {
            *link = e->next;
            if (m_last_entry == e)
                m_last_entry = previous;
            m_cursor_entry = nullptr;
            e->inode->unref();
            arena().destroy(e);
            m_size -= MEMFS_DIRENT_SIZE;
            return;
        }
    }
}

Result<void> MemInode::check_new_name(StringView name)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    if (find(name))
        return Errno::EEXIST;
    // A removed directory takes no new entries.
    if (m_nlink == 0)
        return Errno::ENOENT;
    return {};
}

Result<MemInode*> MemInode::add_child(StringView name, const InodeCreation& creation)
{
    TRY(check_new_name(name));
    MemInode* child = TRY(mem_fs().make_inode(creation));
    auto inserted = insert(name, *child);
    if (inserted.is_error()) {
        child->unref();
        return inserted.error();
    }
    touch(true);
    return child;
}

Result<Inode*> MemInode::create(StringView name, const InodeCreation& creation)
{
    MutexLocker locker(mem_fs().lock());
    return static_cast<Inode*>(TRY(add_child(name, creation)));
}

Result<Inode*> MemInode::mkdir(StringView name, const InodeCreation& creation)
{
    MutexLocker locker(mem_fs().lock());
    MemInode* child = TRY(add_child(name, creation));
    ++m_nlink;
    return static_cast<Inode*>(child);
}

Result<Inode*> MemInode::symlink(StringView name, StringView target, const InodeCreation& creation)
{
    char* copy = arena().copy_string(target);
    if (!copy)
        return Errno::ENOMEM;
    MutexLocker locker(mem_fs().lock());
    auto child = add_child(name, creation);
    if (child.is_error()) {
        arena().free_string(copy, target.size());
        return child.error();
    }
    child.value()->m_target = copy;
    child.value()->m_size = target.size();
    return static_cast<Inode*>(child.value());
}

Result<void> MemInode::link(StringView name, Inode& target)
{
    if (&target.fs() != &fs())
        return Errno::EXDEV;
    auto& inode = static_cast<MemInode&>(target);
    MutexLocker locker(mem_fs().lock());
    TRY(check_new_name(name));
    // A file whose last name went away cannot get a new one (Linux's ENOENT), unless it
    // was made unnamed on purpose (O_TMPFILE without O_EXCL).
    if (inode.m_nlink == 0 && !inode.m_tmpfile)
        return Errno::ENOENT;
    TRY(insert(name, inode));
    if (inode.m_tmpfile && inode.m_nlink == 0)
        inode.m_tmpfile = false;
    ++inode.m_nlink;
    inode.touch(false);
    touch(true);
    return {};
}

Result<void> MemInode::link_tmpfile(StringView name, Inode& target) { return link(name, target); }

Result<void> MemInode::unlink(StringView name)
{
    MutexLocker locker(mem_fs().lock());
    MemDirent* e = find(name);
    if (!e)
        return Errno::ENOENT;
    if (e->inode->is_directory())
        return Errno::EISDIR;
    --e->inode->m_nlink;
    e->inode->touch(false);
    remove(name);
    touch(true);
    return {};
}

Result<void> MemInode::rmdir(StringView name)
{
    MutexLocker locker(mem_fs().lock());
    MemDirent* e = find(name);
    if (!e)
        return Errno::ENOENT;
    if (!e->inode->is_directory())
        return Errno::ENOTDIR;
    if (!e->inode->empty_directory())
        return Errno::ENOTEMPTY;
    e->inode->m_nlink = 0;
    e->inode->touch(false);
    --m_nlink;
    remove(name);
    touch(true);
    return {};
}

Result<void> MemInode::rename(StringView old_name, Inode& new_dir_inode, StringView new_name, u32 flags)
{
    if (&new_dir_inode.fs() != &fs())
        return Errno::EXDEV;
    auto& new_dir = static_cast<MemInode&>(new_dir_inode);
    if (new_name.size() > NAME_MAX)
        return Errno::ENAMETOOLONG;
    MutexLocker locker(mem_fs().lock());
    MemDirent* source = find(old_name);
    if (!source)
        return Errno::ENOENT;
    MemDirent* target = new_dir.find(new_name);
    if (new_dir.m_nlink == 0)
        return Errno::ENOENT;
    MemInode* moved = source->inode;
    bool moved_dir = moved->is_directory();
    if (flags & RENAME_EXCHANGE) {
        if (!target)
            return Errno::ENOENT;
        MemInode* other = target->inode;
        bool other_dir = other->is_directory();
        source->inode = other, target->inode = moved;
        if (this != &new_dir && moved_dir != other_dir) {
            // The directory among the two changes parents: move its ".." count.
            MemInode* gains = moved_dir ? &new_dir : this;
            MemInode* loses = moved_dir ? this : &new_dir;
            ++gains->m_nlink, --loses->m_nlink;
        }
        moved->touch(false), other->touch(false);
        touch(true), new_dir.touch(true);
        return {};
    }
    if (target) {
        if (flags & RENAME_NOREPLACE)
            return Errno::EEXIST;
        MemInode* victim = target->inode;
        if (victim == moved)
            return {};
        if (moved_dir && !victim->is_directory())
            return Errno::ENOTDIR;
        if (!moved_dir && victim->is_directory())
            return Errno::EISDIR;
        if (victim->is_directory()) {
            if (!victim->empty_directory())
                return Errno::ENOTEMPTY;
            victim->m_nlink = 0;
            --new_dir.m_nlink;
        } else {
            --victim->m_nlink;
        }
        victim->touch(false);
        new_dir.remove(new_name);
    }
    moved->ref();
    remove(old_name);
    auto inserted = new_dir.insert(new_name, *moved);
    moved->unref();
    // FIXME: an allocation failure here loses the name; reserve the entry first.
    TRY(inserted);
    if (moved_dir && this != &new_dir)
        --m_nlink, ++new_dir.m_nlink;
    moved->touch(false);
    touch(true);
    new_dir.touch(true);
    return {};
}

Result<Inode*> MemInode::create_tmpfile(const InodeCreation& creation)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    MemInode* inode = TRY(mem_fs().make_inode(creation));
    inode->m_nlink = 0;
    inode->m_tmpfile = true;
    return static_cast<Inode*>(inode);
}

// As tmpfs: append-only, immutable and nodump are attributes statx knows here, of which
// memfs keeps nodump (see fileattr_set).
void MemInode::statx_attributes(u64& attributes, u64& mask) const
{
    mask |= STATX_ATTR_IMMUTABLE | STATX_ATTR_APPEND | STATX_ATTR_NODUMP;
    if (__atomic_load_n(&m_attr_flags, __ATOMIC_RELAXED) & FS_NODUMP_FL)
        attributes |= STATX_ATTR_NODUMP;
}

// tmpfs keeps nodump and noatime, and append-only and immutable, which memfs would have
// to enforce on every change; it refuses those two with EOPNOTSUPP, Linux's answer for a
// flag a filesystem does not keep.
Result<void> MemInode::fileattr_set(u32 flags)
{
    if (flags & ~(FS_NODUMP_FL | FS_NOATIME_FL))
        return Errno::EOPNOTSUPP;
    MutexLocker locker(mem_fs().lock());
    __atomic_store_n(&m_attr_flags, flags, __ATOMIC_RELAXED);
    m_ctime = memfs_now();
    return {};
}

Result<void> MemInode::setattr(const InodeAttr& attr)
{
    MutexLocker locker(mem_fs().lock());
    if (attr.valid & ATTR_SIZE) {
        if (!((m_perm & S_IFMT) == S_IFREG))
            return is_directory() ? Errno::EISDIR : Errno::EINVAL;
        u64 old = m_size;
        TRY(set_size(attr.size));
        // tmpfs changes the times only when the size changes.
        if (attr.size != old)
            touch(true);
    }
    if (attr.valid & ATTR_MODE)
        m_perm = (m_perm & S_IFMT) | (attr.mode & 07777);
    if (attr.valid & ATTR_UID)
        m_uid = attr.uid;
    if (attr.valid & ATTR_GID)
        m_gid = attr.gid;
    if ((attr.valid & ATTR_KILL_SUID) && !is_directory())
        m_perm &= ~(S_ISUID | ((m_perm & 010) ? S_ISGID : 0));
    if (attr.valid & ATTR_ATIME)
        m_atime = attr.atime;
    if (attr.valid & ATTR_MTIME)
        m_mtime = attr.mtime;
    if (attr.valid & ATTR_CTIME)
        m_ctime = memfs_now();
    return {};
}
