#include "kernel/fs/procfs/ProcSnapshot.h"
#include "kernel/base/Memory.h"

ProcSnapshot::~ProcSnapshot() { arena().deallocate(m_buffer, m_capacity); }

Result<u64> ProcSnapshot::pread(void* buffer, u64 len, i64 offset)
{
    if (offset < 0)
        return Errno::EINVAL;
    if (u64(offset) >= m_length)
        return u64(0);
    u64 n = m_length - u64(offset);
    if (n > len)
        n = len;
    mem_copy(buffer, m_buffer + offset, n);
    return n;
}

// procfs files report size 0, so SEEK_END is relative to the generated text instead.
Result<i64> ProcSnapshot::lseek(i64 offset, int whence)
{
    if (whence == SEEK_END) {
        MutexLocker locker(m_lock);
        i64 target = i64(m_length) + offset;
        if (target < 0)
            return Errno::EINVAL;
        set_offset(target);
        return target;
    }
    return OpenFile::lseek(offset, whence);
}
