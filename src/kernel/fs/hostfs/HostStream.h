#pragma once

// A host object reached as a stream: the host's stdio fds and its terminal. Reads and
// writes go straight to the host fd and use the host's file offset, which the sandbox
// shares with whoever else holds the host description (the shell that started `cell`).

#include "kernel/vfs/OpenFile.h"

class HostStream final : public OpenFile {
public:
    // Wraps host fd `host_fd`; it is closed with the description (or on failure here)
    // only when `owned`.
    static Result<OpenFile*> create(int host_fd, int flags, bool owned);

    HostStream(int flags, int handle, bool stream, bool tty)
        : OpenFile(Path(), flags)
        , m_handle(handle)
        , m_stream(stream)
        , m_tty(tty)
    {
    }
    ~HostStream() override;

    bool is_stream() const override { return m_stream; }
    Result<void> set_status_flags(int flags, int changeable) override;
    Result<u64> read(void* buffer, u64 len) override;
    Result<u64> write(const void* buffer, u64 len) override;
    Result<u64> pread(void* buffer, u64 len, i64 offset) override;
    Result<u64> pwrite(const void* buffer, u64 len, i64 offset) override;
    Result<i64> lseek(i64 offset, int whence) override;
    Result<void> stat(linux_stat& st) override;
    Result<void> statfs(linux_statfs& st) override;
    Result<u64> ioctl(Thread& thread, u64 request, u64 arg) override;
    Result<int> mmap_host_fd() override;
    bool has_user_io() const override { return true; }
    Result<u64> read_user(u64 user, u64 len, const i64* position) override { return host_read_user(user, len, position); }
    Result<u64> write_user(u64 user, u64 len, const i64* position) override { return host_write_user(user, len, position); }
    Result<usize> describe(char* buffer, usize capacity) override;
    Result<u64> bytes_readable() override;
    Result<void> truncate(u64 length) override;

private:
    Result<int> fd() const;
    int m_handle;
    bool m_stream;
    bool m_tty;
};
