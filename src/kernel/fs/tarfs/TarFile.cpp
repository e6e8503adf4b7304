#include "kernel/fs/tarfs/TarFile.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Mutex.h"
#include "platform/Platform.h"

namespace {

// This host process's memfd copies of mapped members (see TarFile::mmap_host_fd). The
// table is private memory, like the fds it names; a host fork copies both. Inodes are
// never freed while the image is mounted, so their addresses are stable keys.
constexpr int CACHE_CAPACITY = 4096;
struct CachedCopy {
    const TarInode* inode;
    int fd;
};
Mutex s_cache_lock;
CachedCopy s_cache[CACHE_CAPACITY];
int s_cache_used;

constexpr u64 COPY_CHUNK = 64 * 1024;

// Copies the member's data into a new memfd; returns the fd.
Result<int> copy_member(TarInode& inode)
{
    int fd = TRY(platform::memfd_create("tarfs", 0));
    auto* buffer = static_cast<u8*>(arena().allocate(COPY_CHUNK));
    Result<void> result = buffer ? platform::ftruncate(fd, inode.size()) : Result<void>(Errno::ENOMEM);
    for (u64 done = 0; result.is_ok() && done < inode.size();) {
        u64 want = inode.size() - done < COPY_CHUNK ? inode.size() - done : COPY_CHUNK;
        auto n = inode.tar_fs().read_archive(buffer, want, inode.data_offset() + done);
        if (n.is_error() || n.value() == 0) {
            result = n.is_error() ? n.error() : Errno::EIO;
            break;
        }
        for (u64 written = 0; written < n.value();) {
            auto w = platform::pwrite(fd, buffer + written, n.value() - written, i64(done + written));
            if (w.is_error() || w.value() == 0) {
                result = w.is_error() ? w.error() : Errno::EIO;
                break;
            }
            written += w.value();
        }
        done += n.value();
    }
    if (buffer)
        arena().deallocate(buffer, COPY_CHUNK);
    if (result.is_error()) {
        (void)platform::close(fd);
        return result.error();
    }
    return fd;
}

}

Result<u64> TarFile::pread(void* buffer, u64 len, i64 offset)
{
    if (offset < 0)
        return Errno::EINVAL;
    u64 size = m_inode.size();
    if (u64(offset) >= size)
        return u64(0);
    if (len > size - u64(offset))
        len = size - u64(offset);
    return m_inode.tar_fs().read_archive(buffer, len, m_inode.data_offset() + u64(offset));
}

Result<int> TarFile::mmap_host_fd()
{
    MutexLocker locker(s_cache_lock);
    for (int i = 0; i < s_cache_used; ++i) {
        if (s_cache[i].inode == &m_inode)
            return s_cache[i].fd;
    }
    // FIXME: past the cache's capacity further members cannot be mapped; an eviction
    // policy needs to know which copies still back a mapping.
    if (s_cache_used == CACHE_CAPACITY)
        return Errno::ENODEV;
    int fd = TRY(copy_member(m_inode));
    s_cache[s_cache_used++] = { &m_inode, fd };
    return fd;
}
