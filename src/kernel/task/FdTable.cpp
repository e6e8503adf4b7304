#include "kernel/task/FdTable.h"
#include "kernel/vfs/FileLocks.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/vfs/OpenFile.h"

namespace {
constexpr int INITIAL_CAPACITY = 64;
// Linux's NR_OPEN ceiling: no table grows past this whatever RLIMIT_NOFILE says.
constexpr int NR_OPEN = 1048576;
}

FdTable* FdTable::create()
{
    auto* table = arena().make<FdTable>();
    if (!table)
        return nullptr;
    // Nobody else can see the new table yet, so it needs no lock.
    if (table->grow_to(INITIAL_CAPACITY).is_error()) {
        arena().destroy(table);
        return nullptr;
    }
    return table;
}

Result<void> FdTable::grow_to(int capacity)
{
    if (capacity <= m_capacity)
        return {};
    auto* entries = static_cast<Entry*>(arena().allocate(usize(capacity) * sizeof(Entry)));
    if (!entries)
        return Errno::ENOMEM;
    if (m_entries) {
        mem_copy(entries, m_entries, usize(m_capacity) * sizeof(Entry));
        arena().deallocate(m_entries, usize(m_capacity) * sizeof(Entry));
    }
    m_entries = entries;
    m_capacity = capacity;
    return {};
}

FdTable* FdTable::clone()
{
    auto* copy = arena().make<FdTable>();
    if (!copy)
        return nullptr;
    MutexLocker locker(m_lock);
    if (copy->grow_to(m_capacity).is_error()) {
        arena().destroy(copy);
        return nullptr;
    }
    for (int fd = 0; fd < m_capacity; ++fd) {
        copy->m_entries[fd] = m_entries[fd];
        if (m_entries[fd].file)
            m_entries[fd].file->ref();
    }
    return copy;
}

// Closing any fd of a file drops every POSIX record lock this table's owner holds on
// it, as Linux does (locks are owned by the files_struct).
void FdTable::release_posix_locks(OpenFile& file)
{
    if (file.path().dentry)
        file_locks_release(this, LockKind::Posix, &file.path().dentry->inode());
}

void FdTable::destroy()
{
    for (int fd = 0; fd < m_capacity; ++fd)
        (void)close(fd);
    arena().deallocate(m_entries, usize(m_capacity) * sizeof(Entry));
    arena().destroy(this);
}

Result<int> FdTable::install(OpenFile* file, bool cloexec, int limit, int min_fd)
{
    if (min_fd < 0)
        return Errno::EINVAL;
    if (limit > NR_OPEN)
        limit = NR_OPEN;
    MutexLocker locker(m_lock);
    for (int fd = min_fd; fd < limit; ++fd) {
        if (fd >= m_capacity) {
            int capacity = m_capacity;
            while (capacity <= fd)
                capacity *= 2;
            TRY(grow_to(capacity < limit ? capacity : limit));
        }
        if (!m_entries[fd].file) {
            m_entries[fd] = { file, cloexec };
            return fd;
        }
    }
    return Errno::EMFILE;
}

Result<void> FdTable::install_at(int fd, OpenFile* file, bool cloexec, int limit)
{
    if (fd < 0 || fd >= limit || fd >= NR_OPEN)
        return Errno::EBADF;
    OpenFile* old;
    {
        MutexLocker locker(m_lock);
        if (fd >= m_capacity) {
            int capacity = m_capacity;
            while (capacity <= fd)
                capacity *= 2;
            TRY(grow_to(capacity));
        }
        old = m_entries[fd].file;
        file->ref();
        m_entries[fd] = { file, cloexec };
    }
    if (old)
        release_posix_locks(*old);
    unref_if(old);
    return {};
}

Result<OpenFile*> FdTable::get(int fd)
{
    MutexLocker locker(m_lock);
    if (fd < 0 || fd >= m_capacity || !m_entries[fd].file)
        return Errno::EBADF;
    m_entries[fd].file->ref();
    return m_entries[fd].file;
}

Result<void> FdTable::close(int fd)
{
    OpenFile* file;
    {
        MutexLocker locker(m_lock);
        if (fd < 0 || fd >= m_capacity || !m_entries[fd].file)
            return Errno::EBADF;
        file = m_entries[fd].file;
        m_entries[fd] = { nullptr, false };
    }
    release_posix_locks(*file);
    file->unref();
    return {};
}

Result<bool> FdTable::cloexec(int fd)
{
    MutexLocker locker(m_lock);
    if (fd < 0 || fd >= m_capacity || !m_entries[fd].file)
        return Errno::EBADF;
    return m_entries[fd].cloexec;
}

Result<void> FdTable::set_cloexec(int fd, bool cloexec)
{
    MutexLocker locker(m_lock);
    if (fd < 0 || fd >= m_capacity || !m_entries[fd].file)
        return Errno::EBADF;
    m_entries[fd].cloexec = cloexec;
    return {};
}

void FdTable::close_on_exec()
{
    for (int fd = 0;; ++fd) {
        OpenFile* file = nullptr;
        {
            MutexLocker locker(m_lock);
            if (fd >= m_capacity)
                return;
            if (m_entries[fd].file && m_entries[fd].cloexec) {
                file = m_entries[fd].file;
                m_entries[fd] = { nullptr, false };
            }
        }
        if (file)
            release_posix_locks(*file);
        unref_if(file);
    }
}

void FdTable::close_range(u32 first, u32 last, bool cloexec_only)
{
    // One fd at a time: releasing a description may call into its filesystem, which
    // must not happen under the table's lock.
    for (u64 fd = first; fd <= last; ++fd) {
        OpenFile* file = nullptr;
        {
            MutexLocker locker(m_lock);
            if (fd >= u64(m_capacity))
                return;
            if (!m_entries[fd].file)
                continue;
            if (cloexec_only) {
                m_entries[fd].cloexec = true;
                continue;
            }
            file = m_entries[fd].file;
            m_entries[fd] = { nullptr, false };
        }
        release_posix_locks(*file);
        file->unref();
    }
}
