#pragma once

// An open procfs or sysfs file: the text generated at open, read like a small regular file.

#include "kernel/vfs/OpenFile.h"

constexpr usize PROC_SNAPSHOT_MAX = 64 * 1024;

class ProcSnapshot final : public OpenFile {
public:
    // Takes ownership of `buffer` (`capacity` bytes from the arena).
    ProcSnapshot(const Path& path, int flags, char* buffer, usize length, usize capacity = PROC_SNAPSHOT_MAX)
        : OpenFile(path, flags)
        , m_buffer(buffer)
        , m_length(length)
        , m_capacity(capacity)
    {
    }
    ~ProcSnapshot() override;

    Result<u64> pread(void* buffer, u64 len, i64 offset) override;
    Result<i64> lseek(i64 offset, int whence) override;

private:
    char* m_buffer;
    usize m_length;
    usize m_capacity;
};
