#include "kernel/task/FsContext.h"
#include "kernel/base/Arena.h"

FsContext* FsContext::create(const Path& root)
{
    auto* fs = arena().make<FsContext>();
    if (!fs)
        return nullptr;
    fs->m_root = root;
    fs->m_cwd = root;
    return fs;
}

FsContext* FsContext::clone()
{
    auto* copy = arena().make<FsContext>();
    if (!copy)
        return nullptr;
    MutexLocker locker(m_lock);
    copy->m_root = m_root;
    copy->m_cwd = m_cwd;
    copy->m_umask = m_umask;
    return copy;
}

void FsContext::destroy() { arena().destroy(this); }

Path FsContext::root()
{
    MutexLocker locker(m_lock);
    return m_root;
}

Path FsContext::cwd()
{
    MutexLocker locker(m_lock);
    return m_cwd;
}

void FsContext::set_cwd(const Path& cwd)
{
    Path old;
    {
        MutexLocker locker(m_lock);
        old = static_cast<Path&&>(m_cwd);
        m_cwd = cwd;
    }
    // `old` drops its reference here, outside the lock.
}

void FsContext::set_root(const Path& root)
{
    Path old;
    {
        MutexLocker locker(m_lock);
        old = static_cast<Path&&>(m_root);
        m_root = root;
    }
}

u32 FsContext::umask()
{
    MutexLocker locker(m_lock);
    return m_umask;
}

u32 FsContext::exchange_umask(u32 mask)
{
    MutexLocker locker(m_lock);
    u32 old = m_umask;
    m_umask = mask & 0777;
    return old;
}
