#pragma once

// An open hostfs file or directory. The offset is the description's own (in the arena,
// shared by dup and fork); host calls use pread and an explicit seek before getdents64,
// so the per-process host fds behind one description never disagree.

#include "kernel/fs/hostfs/HostFdCache.h"
#include "kernel/vfs/OpenFile.h"

class HostFile final : public OpenFile {
public:
    // Takes ownership of `host_fd`.
    static Result<OpenFile*> create(const Path& path, int flags, int host_fd);
    // An O_PATH description: names the file but holds no host fd.
    static Result<OpenFile*> create_path_only(const Path& path, int flags);
    // A read-only description of a regular file that reads through the file's shared
    // host fd (HostReadFds.h); takes over the pin, released when the description dies.
    static Result<OpenFile*> create_shared(const Path& path, int flags, const HostFdPin& pin);

    HostFile(const Path& path, int flags, int handle)
        : OpenFile(path, flags)
        , m_handle(handle)
    {
    }
    ~HostFile() override;

    Result<u64> pread(void* buffer, u64 len, i64 offset) override;
    Result<u64> pwrite(const void* buffer, u64 len, i64 offset) override;
    Result<void> truncate(u64 length) override;
    Result<void> fallocate(int mode, u64 offset, u64 length) override;
    Result<void> sync(bool data_only) override;
    Result<i64> lseek(i64 offset, int whence) override;
    Result<void> stat(linux_stat& st) override;
    Result<u64> getdents64(void* buffer, u64 len) override;
    Result<int> mmap_host_fd() override;
    Result<u32> fileattr_get() override;
    Result<void> fileattr_set(u32 flags) override;
    bool has_user_io() const override { return true; }
    Result<u64> read_user(u64 user, u64 len, const i64* position) override { return host_read_user(user, len, position); }
    Result<u64> write_user(u64 user, u64 len, const i64* position) override { return host_write_user(user, len, position); }

    // Preconditions: the description is open for writing on a file whose permission
    // bits are `mode`, with a set-user-ID or set-group-ID bit.
    void keep_setid_bits(u32 mode) { m_setid_mode = mode; }
    // Puts back the set-id bits the host dropped when the description wrote.
    void restore_setid_bits();

private:
    Result<int> fd() const;
    int m_handle;
    // The shared read-only fd, when m_handle is NO_HANDLE. Its slot is valid in this
    // host process and in the ones it forks, as a handle is.
    HostFdPin m_shared { -1, HOST_FD_BORROWED };
    // Where the host description of a directory stands (a new one at 0), or -1 when
    // unknown; guarded by m_lock, as the offset is.
    i64 m_host_dir_offset { 0 };
    // The permission bits to keep through writes, or 0. The host clears S_ISUID and
    // S_ISGID on a write by the sandbox's host uid, which holds no CAP_FSETID; the
    // kernel does not clear them on a write (its root has CAP_FSETID), so it restores them.
    // FIXME: a chmod through another description that drops the bits meanwhile is
    // undone by the next write through this one.
    u32 m_setid_mode { 0 };
};
