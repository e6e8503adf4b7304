// HostInode's lookups and symlinks: one host call by name relative to the parent's fd,
// and, on an exclusive mount, what that call learned kept for the next time
// (HostLookupCache.h).

#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "platform/Platform.h"

Result<Inode*> HostInode::lookup(StringView name)
{
    // The one host call learns the attributes whether or not the caller wants them.
    LookupStat unused;
    return lookup_stat(name, unused);
}

Result<Inode*> HostInode::lookup_stat(StringView name, LookupStat& learned)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    HostFs& fs = host_fs();
    if (fs.is_exclusive()) {
        MutexLocker locker(fs.tree_lock());
        if (m_absent && m_absent->contains(name))
            return Errno::ENOENT;
    }
    auto made = make(fs, this, name, &learned);
    if (made.is_error() && made.error() == Errno::ENOENT && fs.is_exclusive() && name.size() <= NAME_MAX) {
        MutexLocker locker(fs.tree_lock());
        if (!m_absent)
            m_absent = arena().make<HostAbsentNames>();
        if (m_absent)
            m_absent->add(name, fs.absent_budget());
    }
    if (made.is_error())
        return made.error();
    return static_cast<Inode*>(made.value());
}

Result<usize> HostInode::readlink(char* buffer, usize capacity)
{
    if (!is_symlink())
        return Errno::EINVAL;
    if (!host_fs().is_exclusive())
        return read_host_link(buffer, capacity);
    const char* text;
    usize length;
    {
        MutexLocker locker(host_fs().tree_lock());
        text = m_link_target;
        length = m_link_length;
    }
    char target[PATH_MAX];
    if (!text) {
        length = TRY(read_host_link(target, sizeof(target)));
        text = target;
        MutexLocker locker(host_fs().tree_lock());
        if (!m_link_target && length < sizeof(target)) {
            m_link_target = arena().copy_string({ target, length });
            m_link_length = m_link_target ? length : 0;
        }
    }
    usize copied = length < capacity ? length : capacity;
    mem_copy(buffer, text, copied);
    return copied;
}

Result<usize> HostInode::read_host_link(char* buffer, usize capacity)
{
    if (m_parent && !is_unnamed()) {
        char name[NAME_MAX + 1];
        HostDirPin dir;
        TRY(pin_parent(dir, name));
        return TRY(platform::readlinkat(dir.pin.fd, name, buffer, capacity));
    }
    HostFd fd { TRY(open_host(O_PATH)) };
    return TRY(platform::readlinkat(fd.fd, "", buffer, capacity));
}
