#include "kernel/fs/tarfs/TarInode.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/devfs/CharDevices.h"
#include "kernel/fs/tarfs/TarFile.h"

TarInode::~TarInode()
{
    if (m_target)
        arena().deallocate(m_target, m_target_length + 1);
    for (u32 i = 0; i < m_entry_count; ++i) {
        arena().deallocate(m_entries[i].name, m_entries[i].length + 1);
        m_entries[i].inode->unref();
    }
    if (m_entries)
        arena().deallocate(m_entries, m_entry_capacity * sizeof(TarDirent));
}

void TarInode::set_attributes(const TarMember& member)
{
    m_permissions = member.mode;
    m_uid = member.uid;
    m_gid = member.gid;
    m_mtime = member.mtime;
    if (member.kind == TarKind::Regular) {
        m_size = member.size;
        m_data_offset = member.data_offset;
    }
    if (member.kind == TarKind::CharDevice || member.kind == TarKind::BlockDevice)
        m_rdev = makedev(member.dev_major, member.dev_minor);
}

Result<Inode*> TarInode::lookup(StringView name)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    TarInode* child = tar_fs().find(*this, name);
    if (!child)
        return Errno::ENOENT;
    child->ref();
    return child;
}

Result<usize> TarInode::readlink(char* buffer, usize capacity)
{
    if (!is_symlink())
        return Errno::EINVAL;
    usize n = m_target_length < capacity ? m_target_length : capacity;
    mem_copy(buffer, m_target, n);
    return n;
}

Result<void> TarInode::stat(linux_stat& st)
{
    mem_zero(&st, sizeof(st));
    st.st_dev = fs().dev();
    st.st_ino = ino();
    st.st_nlink = m_nlink;
    st.st_mode = (mode() & S_IFMT) | m_permissions;
    st.st_uid = m_uid;
    st.st_gid = m_gid;
    st.st_rdev = m_rdev;
    st.st_blksize = 4096;
    // Sizes and block counts as an extracted copy on ext4 shows them: directories take
    // one block, and symbolic links are kept in the inode unless their target has 60
    // bytes or more.
    u64 size = m_size;
    if (is_directory())
        size = 4096;
    else if (is_symlink())
        size = m_target_length;
    st.st_size = i64(size);
    if (is_symlink())
        st.st_blocks = size >= 60 ? 8 : 0;
    else
        st.st_blocks = i64(((size + 4095) & ~u64(4095)) / 512);
    st.st_atime_sec = st.st_mtime_sec = st.st_ctime_sec = u64(m_mtime);
    return {};
}

Result<OpenFile*> TarInode::open(const Path& path, int flags)
{
    OpenFile* file = nullptr;
    u32 type = mode() & S_IFMT;
    if (flags & O_PATH) {
        file = make_ref_counted<OpenFile>(path, flags);
    } else if (type == S_IFCHR) {
        // A read-only image does not keep a device from being written.
        return open_char_device(path, flags, m_rdev);
    } else if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)) {
        return type == S_IFDIR ? Errno::EISDIR : Errno::EROFS;
    } else if (type == S_IFDIR) {
        file = make_ref_counted<OpenFile>(path, flags);
    } else if (type == S_IFREG) {
        file = make_ref_counted<TarFile>(path, flags, *this);
    } else if (type == S_IFLNK) {
        return Errno::ELOOP;
    } else {
        // Block device and FIFO members are names with attributes only: the image brings
        // no driver or pipe behind them.
        return Errno::ENXIO;
    }
    if (!file)
        return Errno::ENOMEM;
    return file;
}

Result<bool> TarInode::list_entry(u64 index, DirEntryInfo& entry)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    if (index >= m_entry_count)
        return false;
    const TarDirent& e = m_entries[index];
    entry.ino = e.inode->ino();
    entry.type = dirent_type_of(e.inode->mode());
    mem_copy(entry.name, e.name, e.length);
    entry.name[e.length] = '\0';
    return true;
}
