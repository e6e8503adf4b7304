#include "kernel/fs/memfs/MemFile.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemInode.h"
#include "kernel/vfs/Mount.h"

namespace {
constexpr int FALLOC_FL_KEEP_SIZE = 0x01;
constexpr int FALLOC_FL_PUNCH_HOLE = 0x02;
constexpr int FALLOC_FL_ZERO_RANGE = 0x10;
constexpr u32 ALL_SEALS = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE;
}

MemInode& MemFile::inode() const { return static_cast<MemInode&>(path().inode()); }

// The atime update a read makes, unless the description was opened O_NOATIME or the
// mount says otherwise. Preconditions: the filesystem lock is held.
void MemFile::note_read()
{
    if (flags() & O_NOATIME)
        return;
    // An overlay's layer file has no mount of its own.
    u32 mount_flags = path().mount ? path().mount->flags() : 0;
    if (!(mount_flags & MNT_NOATIME))
        inode().note_access_locked(mount_flags & MNT_STRICTATIME);
}

Result<u64> MemFile::pread(void* buffer, u64 len, i64 offset)
{
    MemInode& node = inode();
    MutexLocker locker(node.mem_fs().lock());
    u64 n = TRY(node.read_data(buffer, len, u64(offset)));
    note_read();
    return n;
}

Result<u64> MemFile::pwrite(const void* buffer, u64 len, i64 offset)
{
    MemInode& node = inode();
    MutexLocker locker(node.mem_fs().lock());
    // Linux's pwrite appends on an O_APPEND description, whatever the offset.
    if (flags() & O_APPEND)
        offset = i64(node.size());
    return node.write_data(buffer, len, u64(offset));
}

// O_APPEND must find the end and write under one hold of the filesystem lock, so that
// concurrent appenders never overwrite each other.
Result<u64> MemFile::write(const void* buffer, u64 len)
{
    MutexLocker locker(m_lock);
    MemInode& node = inode();
    MutexLocker fs_locker(node.mem_fs().lock());
    u64 at = (flags() & O_APPEND) ? node.size() : u64(offset());
    u64 n = TRY(node.write_data(buffer, len, at));
    set_offset(i64(at + n));
    return n;
}

// read(2) and write(2) copy straight between guest memory and the file's pages, under
// the filesystem lock (a fault in guest memory is handled by the host and never waits
// for a sandbox lock).
Result<u64> MemFile::read_user(u64 user, u64 len, const i64* position)
{
    MemInode& node = inode();
    if (position) {
        MutexLocker fs_locker(node.mem_fs().lock());
        u64 n = TRY(node.read_user(user, len, u64(*position)));
        note_read();
        return n;
    }
    MutexLocker locker(m_lock);
    MutexLocker fs_locker(node.mem_fs().lock());
    u64 n = TRY(node.read_user(user, len, u64(offset())));
    set_offset(offset() + i64(n));
    note_read();
    return n;
}

Result<u64> MemFile::write_user(u64 user, u64 len, const i64* position)
{
    MemInode& node = inode();
    if (position) {
        MutexLocker fs_locker(node.mem_fs().lock());
        // Linux's pwrite appends on an O_APPEND description, whatever the offset.
        u64 at = (flags() & O_APPEND) ? node.size() : u64(*position);
        return node.write_user(user, len, at);
    }
    MutexLocker locker(m_lock);
    MutexLocker fs_locker(node.mem_fs().lock());
    u64 at = (flags() & O_APPEND) ? node.size() : u64(offset());
    u64 n = TRY(node.write_user(user, len, at));
    set_offset(i64(at + n));
    return n;
}

Result<i64> MemFile::lseek(i64 offset, int whence)
{
    if (whence != SEEK_DATA && whence != SEEK_HOLE)
        return OpenFile::lseek(offset, whence);
    MutexLocker locker(m_lock);
    MemInode& node = inode();
    MutexLocker fs_locker(node.mem_fs().lock());
    if (offset < 0 || u64(offset) >= node.size())
        return Errno::ENXIO;
    u64 found = node.seek_data(u64(offset), whence == SEEK_DATA);
    if (found == ~u64(0))
        return Errno::ENXIO;
    set_offset(i64(found));
    return i64(found);
}

Result<void> MemFile::truncate(u64 length)
{
    MemInode& node = inode();
    MutexLocker locker(node.mem_fs().lock());
    u64 old = node.size();
    TRY(node.set_size(length));
    // Linux's tmpfs updates the times only when the size changes.
    if (length != old)
        node.touch(true);
    return {};
}

Result<void> MemFile::fallocate(int mode, u64 offset, u64 length)
{
    if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE))
        return Errno::EOPNOTSUPP;
    MemInode& node = inode();
    MutexLocker locker(node.mem_fs().lock());
    if (mode & FALLOC_FL_PUNCH_HOLE) {
        if (!(mode & FALLOC_FL_KEEP_SIZE) || (mode & FALLOC_FL_ZERO_RANGE))
            return Errno::EOPNOTSUPP;
        if (node.seals() & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
            return Errno::EPERM;
        node.punch_range(offset, length);
        return {};
    }
    if (mode & FALLOC_FL_ZERO_RANGE) {
        if (node.seals() & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
            return Errno::EPERM;
        // Zeroed pages stay allocated, as on a filesystem that zeroes in place.
        node.punch_range(offset, length);
        return node.allocate_range(offset, length, mode & FALLOC_FL_KEEP_SIZE);
    }
    return node.allocate_range(offset, length, mode & FALLOC_FL_KEEP_SIZE);
}

Result<void> MemFile::add_seals(u32 seals)
{
    if (seals & ~ALL_SEALS)
        return Errno::EINVAL;
    if (!writable())
        return Errno::EPERM;
    MemInode& node = inode();
    MutexLocker locker(node.mem_fs().lock());
    if (node.seals() & F_SEAL_SEAL)
        return Errno::EPERM;
    if ((seals & F_SEAL_WRITE) && node.writable_mappings() != 0)
        return Errno::EBUSY;
    node.add_seals(seals);
    return {};
}

MapBacking* MemFile::mmap_backing() { return &inode(); }

Result<u32> MemFile::seals()
{
    MemInode& node = inode();
    MutexLocker locker(node.mem_fs().lock());
    return node.seals();
}

Result<usize> MemFile::describe(char* buffer, usize capacity)
{
    // An unnamed file (memfd, O_TMPFILE) reads as its name with " (deleted)", as on Linux;
    // one whose name was removed has it from path_to_string already.
    linux_stat st {};
    TRY(stat(st));
    usize n = TRY(OpenFile::describe(buffer, capacity));
    if (st.st_nlink != 0 || path().dentry->is_unlinked())
        return n;
    StringView suffix(" (deleted)");
    if (n + suffix.size() > capacity)
        return Errno::ENAMETOOLONG;
    mem_copy(buffer + n, suffix.data(), suffix.size());
    return n + suffix.size();
}
