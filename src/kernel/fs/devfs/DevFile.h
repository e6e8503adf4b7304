#pragma once

// An open memory device: /dev/null, zero, full, random or urandom.

#include "kernel/fs/devfs/DevFs.h"
#include "kernel/vfs/OpenFile.h"

class DevFile final : public OpenFile {
public:
    DevFile(const Path& path, int flags, DevKind kind)
        : OpenFile(path, flags)
        , m_kind(kind)
    {
    }

    Result<u64> read(void* buffer, u64 len) override { return pread(buffer, len, 0); }
    Result<u64> write(const void* buffer, u64 len) override { return pwrite(buffer, len, 0); }
    Result<u64> pread(void* buffer, u64 len, i64 offset) override;
    Result<u64> pwrite(const void* buffer, u64 len, i64 offset) override;
    // Linux's memory devices accept any seek and stay at position 0.
    Result<i64> lseek(i64, int) override { return i64(0); }
    bool maps_as_anonymous() const override { return m_kind == DevKind::Zero; }

private:
    DevKind m_kind;
};
