#include "kernel/fs/hostfs/HostFile.h"
#include "kernel/abi/Ioctl.h"
#include "kernel/fs/hostfs/HostFs.h"
#include "kernel/fs/hostfs/HostHandles.h"
#include "kernel/fs/hostfs/HostReadFds.h"
#include "platform/Platform.h"

Result<OpenFile*> HostFile::create(const Path& path, int flags, int host_fd)
{
    auto handle = host_handles::install(host_fd);
    if (handle.is_error()) {
        (void)platform::close(host_fd);
        return handle.error();
    }
    auto* file = make_ref_counted<HostFile>(path, flags, handle.value());
    if (!file) {
        host_handles::release(handle.value());
        return Errno::ENOMEM;
    }
    return file;
}

Result<OpenFile*> HostFile::create_path_only(const Path& path, int flags)
{
    auto* file = make_ref_counted<HostFile>(path, flags, host_handles::NO_HANDLE);
    if (!file)
        return Errno::ENOMEM;
    return file;
}

Result<OpenFile*> HostFile::create_shared(const Path& path, int flags, const HostFdPin& pin)
{
    auto* file = make_ref_counted<HostFile>(path, flags, host_handles::NO_HANDLE);
    if (!file) {
        host_read_fds().release(pin);
        return Errno::ENOMEM;
    }
    file->m_shared = pin;
    return file;
}

HostFile::~HostFile()
{
    host_handles::release(m_handle);
    host_read_fds().release(m_shared);
}

Result<int> HostFile::fd() const
{
    if (m_shared.fd >= 0)
        return m_shared.fd;
    int fd = host_handles::host_fd(m_handle);
    if (fd < 0)
        return Errno::EBADF;
    return fd;
}

Result<u64> HostFile::pread(void* buffer, u64 len, i64 offset)
{
    return platform::pread(TRY(fd()), buffer, len, offset);
}

Result<u64> HostFile::pwrite(const void* buffer, u64 len, i64 offset)
{
    int host = TRY(fd());
    // Linux's pwrite appends on an O_APPEND description, whatever the offset. The host
    // description has no O_APPEND (the kernel keeps the offset), so the end is asked.
    // FIXME: another process's write between the fstat and the pwrite can be overwritten.
    if (flags() & O_APPEND) {
        linux_stat st {};
        TRY(platform::fstatat(host, "", &st, AT_EMPTY_PATH));
        offset = st.st_size;
    }
    u64 n = TRY(platform::pwrite(host, buffer, len, offset));
    if (m_setid_mode)
        restore_setid_bits();
    return n;
}

Result<void> HostFile::truncate(u64 length)
{
    TRY(platform::ftruncate(TRY(fd()), length));
    if (m_setid_mode)
        restore_setid_bits();
    return {};
}

Result<void> HostFile::fallocate(int mode, u64 offset, u64 length)
{
    TRY(platform::fallocate(TRY(fd()), mode, offset, length));
    if (m_setid_mode)
        restore_setid_bits();
    return {};
}

void HostFile::restore_setid_bits()
{
    auto host = fd();
    linux_stat st {};
    if (host.is_error() || platform::fstatat(host.value(), "", &st, AT_EMPTY_PATH).is_error())
        return;
    u32 now = st.st_mode & 07777;
    // Only the host's own clearing is undone: the same bits less S_ISUID and S_ISGID.
    if (now == m_setid_mode || (now | S_ISUID | S_ISGID) != (m_setid_mode | S_ISUID | S_ISGID))
        return;
    auto& owners = static_cast<HostFs&>(path().inode().fs()).owners();
    if (set_host_mode(host.value(), m_setid_mode).is_error())
        (void)owners.set_mode(st.st_dev, st.st_ino, m_setid_mode, true);
}

Result<void> HostFile::sync(bool data_only)
{
    // An O_PATH description has no host fd: Linux answers EBADF before reaching here.
    int host = TRY(fd());
    return data_only ? platform::fdatasync(host) : platform::fsync(host);
}

Result<i64> HostFile::lseek(i64 offset, int whence)
{
    bool directory = path().inode().is_directory();
    if (whence != SEEK_DATA && whence != SEEK_HOLE && !(directory && whence == SEEK_END))
        return OpenFile::lseek(offset, whence);
    // The host knows where the holes are, and where a directory's listing ends (its
    // offsets are the host filesystem's cookies); its own offset is otherwise unused.
    i64 target = TRY(platform::lseek(TRY(fd()), offset, whence));
    MutexLocker locker(m_lock);
    set_offset(target);
    return target;
}

Result<void> HostFile::stat(linux_stat& st)
{
    auto& fs = static_cast<HostFs&>(path().inode().fs());
    if (fs.is_exclusive())
        return path().inode().stat(st);
    if (m_handle == host_handles::NO_HANDLE && m_shared.fd < 0)
        return OpenFile::stat(st);
    TRY(platform::fstatat(TRY(fd()), "", &st, AT_EMPTY_PATH));
    fs.present(st);
    return {};
}

Result<u64> HostFile::getdents64(void* buffer, u64 len)
{
    int host = TRY(fd());
    MutexLocker locker(m_lock);
    // Directory offsets are the host filesystem's cookies: seek to the description's
    // position first, then remember where the host stopped. Every process reaching this
    // description shares its host description (host fork), so the host's position is
    // known while only this code moves it: a listing read in one pass seeks never.
    if (m_host_dir_offset < 0 || m_host_dir_offset != offset()) {
        m_host_dir_offset = -1;
        TRY(platform::lseek(host, offset(), SEEK_SET));
        m_host_dir_offset = offset();
    }
    auto listed = platform::getdents64(host, buffer, len);
    if (listed.is_error()) {
        m_host_dir_offset = -1;
        return listed.error();
    }
    u64 n = listed.value();
    // At the end the host may have moved to a position of its own.
    m_host_dir_offset = -1;
    if (n > 0) {
        auto* bytes = static_cast<u8*>(buffer);
        u64 pos = 0;
        i64 last = offset();
        // Device nodes the kernel keeps are regular files on the host.
        auto& owners = static_cast<HostFs&>(path().inode().fs()).owners();
        linux_stat dir {};
        bool devices = owners.has_devices() && platform::fstatat(host, "", &dir, AT_EMPTY_PATH).is_ok();
        while (pos < n) {
            auto* d = reinterpret_cast<linux_dirent64*>(bytes + pos);
            last = d->d_off;
            if (devices && d->d_type == DT_REG)
                d->d_type = owners.entry_type(dir.st_dev, d->d_ino, d->d_type);
            pos += d->d_reclen;
        }
        set_offset(last);
        // The host stops right after the last entry it returned, whose d_off that is.
        m_host_dir_offset = last;
    }
    return n;
}

Result<u32> HostFile::fileattr_get()
{
    int flags = 0;
    TRY(platform::ioctl(TRY(fd()), FS_IOC_GETFLAGS, u64(&flags)));
    return u32(flags);
}

Result<void> HostFile::fileattr_set(u32 flags)
{
    int value = int(flags);
    TRY(platform::ioctl(TRY(fd()), FS_IOC_SETFLAGS, u64(&value)));
    return {};
}

Result<int> HostFile::mmap_host_fd()
{
    auto host = fd();
    if (host.is_error())
        return Errno::ENODEV;
    return host.value();
}
