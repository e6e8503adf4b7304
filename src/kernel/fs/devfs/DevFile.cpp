#include "kernel/fs/devfs/DevFile.h"
#include "kernel/base/Memory.h"
#include "platform/Platform.h"

Result<u64> DevFile::pread(void* buffer, u64 len, i64)
{
    switch (m_kind) {
    case DevKind::Null:
        return u64(0);
    case DevKind::Zero:
    case DevKind::Full:
        mem_zero(buffer, len);
        return len;
    case DevKind::Random:
    case DevKind::Urandom:
        return platform::getrandom(buffer, len, 0);
    case DevKind::Tty:
    case DevKind::Console:
        break;
    }
    return Errno::EINVAL;
}

Result<u64> DevFile::pwrite(const void*, u64 len, i64)
{
    if (m_kind == DevKind::Full)
        return Errno::ENOSPC;
    return len;
}
