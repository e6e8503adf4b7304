#pragma once

// An open non-directory of the overlay: the description the guest holds names the
// overlay object (fstat, locks, /proc/PID/fd), while data goes to the layer's own
// description underneath, the lower file until a copy-up, the upper one after.

#include "kernel/vfs/OpenFile.h"

class OverlayFile final : public OpenFile {
public:
    // Takes ownership of the reference to `inner`.
    static Result<OpenFile*> create(const Path& path, int flags, OpenFile* inner);

    OverlayFile(const Path& path, int flags, OpenFile* inner)
        : OpenFile(path, flags)
        , m_inner(inner)
    {
    }
    ~OverlayFile() override;

    Result<void> set_status_flags(int flags, int changeable) override;
    Result<void> stat(linux_stat& st) override;
    bool is_stream() const override { return m_inner->is_stream(); }
    Result<u64> read(void* buffer, u64 len) override { return m_inner->read(buffer, len); }
    Result<u64> write(const void* buffer, u64 len) override { return m_inner->write(buffer, len); }
    Result<u64> pread(void* buffer, u64 len, i64 offset) override { return m_inner->pread(buffer, len, offset); }
    Result<u64> pwrite(const void* buffer, u64 len, i64 offset) override { return m_inner->pwrite(buffer, len, offset); }
    Result<i64> lseek(i64 offset, int whence) override { return m_inner->lseek(offset, whence); }
    Result<u64> ioctl(Thread& thread, u64 request, u64 arg) override { return m_inner->ioctl(thread, request, arg); }
    Result<int> mmap_host_fd() override { return m_inner->mmap_host_fd(); }
    MapBacking* mmap_backing() override { return m_inner->mmap_backing(); }
    Result<u32> fileattr_get() override;
    bool has_user_io() const override { return m_inner->has_user_io(); }
    Result<u64> read_user(u64 user, u64 len, const i64* position) override { return m_inner->read_user(user, len, position); }
    Result<u64> write_user(u64 user, u64 len, const i64* position) override
    {
        return m_inner->write_user(user, len, position);
    }
    Result<u64> bytes_readable() override { return m_inner->bytes_readable(); }
    Result<void> truncate(u64 length) override { return m_inner->truncate(length); }
    Result<void> fallocate(int mode, u64 offset, u64 length) override { return m_inner->fallocate(mode, offset, length); }
    Result<void> sync(bool data_only) override { return m_inner->sync(data_only); }
    // No seals, as overlayfs has none whatever its upper layer: F_ADD_SEALS and
    // F_GET_SEALS fail with EINVAL (OpenFile's default).

    OpenFile& inner() const { return *m_inner; }

private:
    bool inner_is_current() const;

    OpenFile* m_inner;
};
