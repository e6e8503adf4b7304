#include "kernel/vfs/OpenFile.h"
#include "kernel/vfs/FileLocks.h"
#include "kernel/base/Memory.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Mount.h"

Result<void> OpenFile::set_status_flags(int flags, int changeable)
{
    int old = this->flags();
    int updated;
    do {
        updated = (old & ~changeable) | (flags & changeable);
    } while (!__atomic_compare_exchange_n(&m_flags, &old, updated, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
    return {};
}

Result<u64> OpenFile::read(void* buffer, u64 len)
{
    MutexLocker locker(m_lock);
    u64 n = TRY(pread(buffer, len, m_offset));
    m_offset += i64(n);
    return n;
}

Result<u64> OpenFile::write(const void* buffer, u64 len)
{
    MutexLocker locker(m_lock);
    i64 at = m_offset;
    if (flags() & O_APPEND) {
        linux_stat st {};
        TRY(stat(st));
        at = st.st_size;
    }
    u64 n = TRY(pwrite(buffer, len, at));
    m_offset = at + i64(n);
    return n;
}

Result<u64> OpenFile::pread(void*, u64, i64)
{
    if (!m_path.is_null() && m_path.inode().is_directory())
        return Errno::EISDIR;
    return Errno::EINVAL;
}

Result<u64> OpenFile::pwrite(const void*, u64, i64)
{
    if (!m_path.is_null() && m_path.inode().is_directory())
        return Errno::EISDIR;
    return Errno::EINVAL;
}

Result<i64> OpenFile::lseek(i64 offset, int whence)
{
    // A directory's offsets are positions in its listing, which has no end to seek from
    // (tmpfs and overlayfs answer EINVAL, too).
    if (whence != SEEK_SET && whence != SEEK_CUR && !m_path.is_null() && m_path.inode().is_directory())
        return Errno::EINVAL;
    MutexLocker locker(m_lock);
    i64 base;
    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = m_offset;
        break;
    case SEEK_END: {
        linux_stat st {};
        TRY(stat(st));
        base = st.st_size;
        break;
    }
    default:
        return Errno::EINVAL;
    }
    i64 target;
    if (__builtin_add_overflow(base, offset, &target))
        return Errno::EOVERFLOW;
    if (target < 0)
        return Errno::EINVAL;
    m_offset = target;
    return target;
}

Result<void> OpenFile::stat(linux_stat& st)
{
    if (m_path.is_null())
        return Errno::EBADF;
    return m_path.inode().stat(st);
}

Result<void> OpenFile::statfs(linux_statfs& st)
{
    if (m_path.is_null())
        return Errno::ENOSYS;
    TRY(m_path.inode().statfs(st));
    st.f_flags = m_path.mount->statfs_flags(st.f_flags);
    return {};
}

Result<u64> OpenFile::getdents64(void* buffer, u64 len)
{
    if (m_path.is_null() || !m_path.inode().is_directory())
        return Errno::ENOTDIR;
    MutexLocker locker(m_lock);
    u64 index = u64(m_offset);
    u64 n = TRY(fill_dirents(m_path.inode(), m_path, index, buffer, len));
    m_offset = i64(index);
    // A listing reads the directory, as Linux's iterate_dir() marks it accessed.
    if (!(flags() & O_NOATIME))
        m_path.inode().accessed(m_path.mount ? m_path.mount->flags() : 0);
    return n;
}

Result<u64> OpenFile::ioctl(Thread&, u64, u64) { return Errno::ENOTTY; }

Result<int> OpenFile::mmap_host_fd() { return Errno::ENODEV; }

Result<void> OpenFile::truncate(u64) { return Errno::EINVAL; }

Result<void> OpenFile::fallocate(int, u64, u64) { return Errno::EOPNOTSUPP; }

Result<void> OpenFile::sync(bool) { return {}; }

Result<void> OpenFile::add_seals(u32) { return Errno::EINVAL; }

Result<u32> OpenFile::seals() { return Errno::EINVAL; }

Result<u64> OpenFile::bytes_readable()
{
    linux_stat st {};
    TRY(stat(st));
    if ((st.st_mode & S_IFMT) != S_IFREG)
        return Errno::ENOTTY;
    MutexLocker locker(m_lock);
    return st.st_size > m_offset ? u64(st.st_size - m_offset) : 0;
}

Result<u32> OpenFile::fileattr_get()
{
    if (m_path.is_null())
        return Errno::ENOTTY;
    return m_path.inode().fileattr_get();
}

Result<void> OpenFile::fileattr_set(u32 flags)
{
    if (m_path.is_null())
        return Errno::ENOTTY;
    return m_path.inode().fileattr_set(flags);
}

Result<usize> OpenFile::describe(char* buffer, usize capacity)
{
    if (m_path.is_null())
        return Errno::ENOENT;
    Path top(mount_table().root_mount(), mount_table().root_mount()->root());
    return path_to_string(top, m_path, buffer, capacity);
}

Result<usize> path_to_string(const Path& root, const Path& path, char* buffer, usize capacity)
{
    if (capacity < 2)
        return Errno::ERANGE;
    // A description with no place in the tree (the host's stdio) has no path.
    if (!path.mount || !path.dentry)
        return Errno::ENOENT;
    // Build from the end of the buffer backwards, then move the result to the front.
    usize pos = capacity;
    Mount* mount = path.mount;
    Dentry* dentry = path.dentry;
    while (!(mount == root.mount && dentry == root.dentry)) {
        if (dentry == mount->root()) {
            if (!mount->parent())
                break;
            dentry = mount->mountpoint();
            mount = mount->parent();
            continue;
        }
        StringView name = dentry->name();
        if (name.size() + 1 > pos)
            return Errno::ENAMETOOLONG;
        pos -= name.size();
        mem_copy(buffer + pos, name.data(), name.size());
        buffer[--pos] = '/';
        dentry = dentry->parent();
    }
    if (pos == capacity)
        buffer[--pos] = '/';
    usize length = capacity - pos;
    mem_move(buffer, buffer + pos, length);
    // As Linux's d_path marks a name that unlink or rmdir removed.
    StringView deleted(" (deleted)");
    if (path.dentry->is_unlinked()) {
        if (length + deleted.size() > capacity)
            return Errno::ENAMETOOLONG;
        mem_copy(buffer + length, deleted.data(), deleted.size());
        length += deleted.size();
    }
    return length;
}

Result<u64> fill_dirents(Inode& dir, const Path& path, u64& index, void* buffer, u64 len)
{
    auto* out = static_cast<u8*>(buffer);
    u64 used = 0;
    for (;;) {
        DirEntryInfo entry;
        if (index == 0) {
            entry.ino = dir.ino(), entry.type = DT_DIR, entry.name[0] = '.';
        } else if (index == 1) {
            entry.ino = path.dentry && path.dentry->parent() ? path.dentry->parent()->inode().ino() : dir.ino();
            entry.type = DT_DIR, entry.name[0] = entry.name[1] = '.';
        } else if (!TRY(dir.list_entry(index - 2, entry))) {
            break;
        }
        usize name_len = cstr_length(entry.name);
        // Linux's layout: the name starts right after d_type (byte 19), not at the
        // struct's padded size.
        u64 reclen = (__builtin_offsetof(linux_dirent64, d_name) + name_len + 1 + 7) & ~u64(7);
        if (used + reclen > len) {
            if (used == 0)
                return Errno::EINVAL;
            break;
        }
        auto* d = reinterpret_cast<linux_dirent64*>(out + used);
        mem_zero(d, reclen);
        d->d_ino = entry.ino;
        d->d_off = i64(index + 1);
        d->d_reclen = u16(reclen);
        d->d_type = entry.type;
        mem_copy(d->d_name, entry.name, name_len + 1);
        used += reclen;
        ++index;
    }
    return used;
}

OpenFile::~OpenFile()
{
    file_locks_release(this, LockKind::Ofd, nullptr);
    file_locks_release(this, LockKind::Flock, nullptr);
}

Result<OpenFile*> open_plain_file(const Path& path, int flags)
{
    auto* file = make_ref_counted<OpenFile>(path, flags);
    if (!file)
        return Errno::ENOMEM;
    return file;
}
