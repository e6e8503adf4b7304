#pragma once

// An open regular file of memfs (also what memfd_create makes).

#include "kernel/vfs/OpenFile.h"

class MemInode;

class MemFile final : public OpenFile {
public:
    MemFile(const Path& path, int flags)
        : OpenFile(path, flags)
    {
    }

    Result<u64> pread(void* buffer, u64 len, i64 offset) override;
    Result<u64> pwrite(const void* buffer, u64 len, i64 offset) override;
    Result<u64> write(const void* buffer, u64 len) override;
    Result<i64> lseek(i64 offset, int whence) override;
    Result<void> truncate(u64 length) override;
    Result<void> fallocate(int mode, u64 offset, u64 length) override;
    Result<void> add_seals(u32 seals) override;
    Result<u32> seals() override;
    Result<usize> describe(char* buffer, usize capacity) override;
    MapBacking* mmap_backing() override;
    bool has_user_io() const override { return true; }
    Result<u64> read_user(u64 user, u64 len, const i64* position) override;
    Result<u64> write_user(u64 user, u64 len, const i64* position) override;

private:
    MemInode& inode() const;
    void note_read();
};
