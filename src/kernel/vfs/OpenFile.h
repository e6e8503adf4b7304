#pragma once

// Open file descriptions. An OpenFile is what an fd names: the object, the access mode
// and status flags, and the file offset. dup'd and inherited fds share one OpenFile,
// so it lives in the arena with a reference count; each filesystem derives its own.
//
// The buffers here are kernel memory: the syscall layer moves data to and from the
// guest. Lock order: an OpenFile's lock is taken after the FdTable's and before the
// dentry cache's.

#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Stat.h"
#include "kernel/base/Mutex.h"
#include "kernel/vfs/Dentry.h"

class MapBacking;
class Thread;

class OpenFile : public RefCounted {
public:
    // `path` may be null for objects that have no name in the tree (host stdio).
    // Drops the OFD and flock locks this description holds.
    ~OpenFile() override;

    OpenFile(const Path& path, int flags)
        : m_path(path)
        , m_flags(flags)
    {
    }

    const Path& path() const { return m_path; }
    int flags() const { return __atomic_load_n(&m_flags, __ATOMIC_RELAXED); }
    // Replaces the status flags fcntl(F_SETFL) may change; the rest are kept. Files
    // backed by a host description pass the change on to it.
    virtual Result<void> set_status_flags(int flags, int changeable);
    int access_mode() const { return flags() & O_ACCMODE; }
    bool is_path_only() const { return flags() & O_PATH; }
    bool readable() const { return !is_path_only() && (access_mode() == O_RDONLY || access_mode() == O_RDWR); }
    bool writable() const { return !is_path_only() && (access_mode() == O_WRONLY || access_mode() == O_RDWR); }

    // Stream files (pipes, terminals, sockets) return what one host read gives; the
    // syscall layer then stops instead of reading again and perhaps blocking.
    virtual bool is_stream() const { return false; }

    // Reads or writes at the shared offset. The defaults use pread/pwrite.
    virtual Result<u64> read(void* buffer, u64 len);
    virtual Result<u64> write(const void* buffer, u64 len);
    virtual Result<u64> pread(void* buffer, u64 len, i64 offset);
    virtual Result<u64> pwrite(const void* buffer, u64 len, i64 offset);
    virtual Result<i64> lseek(i64 offset, int whence);
    // The default asks the inode the path names.
    virtual Result<void> stat(linux_stat& st);
    virtual Result<void> statfs(linux_statfs& st);
    // Fills `buffer` with linux_dirent64 records from the offset on; 0 at the end.
    // The default lists the inode through Inode::list_entry.
    virtual Result<u64> getdents64(void* buffer, u64 len);
    // Device-specific ioctls; the generic ones (FIONBIO, FIOCLEX, ...) are handled above.
    virtual Result<u64> ioctl(Thread& thread, u64 request, u64 arg);
    // A host fd valid in the calling host process for mapping this file, or ENODEV.
    virtual Result<int> mmap_host_fd();
    // For a file whose data are arena pages (memfs): what maps them, instead of a host fd.
    virtual MapBacking* mmap_backing() { return nullptr; }
    // Whether mmap of this file makes anonymous memory (/dev/zero: private, or shared
    // and shown as "/dev/zero (deleted)", as Linux's shmem_zero_setup).
    virtual bool maps_as_anonymous() const { return false; }
    // Files that copy straight between their data and guest memory (memfs) instead of
    // through the syscall layer's bounce buffer. `position` is null for the description's
    // offset. A transfer stops at the first fault, as Linux's does.
    virtual bool has_user_io() const { return false; }
    virtual Result<u64> read_user(u64, u64, const i64*) { return Errno::EINVAL; }
    virtual Result<u64> write_user(u64, u64, const i64*) { return Errno::EINVAL; }
    // read_user and write_user for a file whose read/write/pread/pwrite hand the buffer to
    // one host call and touch it nowhere else (host files and streams): the host copies
    // to and from guest memory itself, and a fault there ends the transfer with a short
    // count or EFAULT exactly as Linux's does. The caller has checked that the range is
    // guest memory (user_range_ok), so the host never writes into the kernel's regions.
    Result<u64> host_read_user(u64 user, u64 len, const i64* position)
    {
        auto* buffer = reinterpret_cast<void*>(user);
        return position ? pread(buffer, len, *position) : read(buffer, len);
    }
    Result<u64> host_write_user(u64 user, u64 len, const i64* position)
    {
        auto* buffer = reinterpret_cast<const void*>(user);
        return position ? pwrite(buffer, len, *position) : write(buffer, len);
    }
    // What readlink(/proc/PID/fd/N) shows: the path, or a name like "pipe:[1234]".
    virtual Result<usize> describe(char* buffer, usize capacity);
    // FS_IOC_GETFLAGS/FS_IOC_SETFLAGS. The defaults ask the inode; a file with a host
    // description asks that, which still answers after the name is gone.
    virtual Result<u32> fileattr_get();
    virtual Result<void> fileattr_set(u32 flags);
    // Bytes a read would return without blocking, for FIONREAD.
    virtual Result<u64> bytes_readable();
    // ftruncate(2) on a description open for writing; EINVAL where the object has no size.
    virtual Result<void> truncate(u64 length);
    // fallocate(2) with its FALLOC_FL_* `mode`, on a description open for writing;
    // EOPNOTSUPP where the filesystem cannot allocate (Linux's answer).
    virtual Result<void> fallocate(int mode, u64 offset, u64 length);
    // fsync(2)/fdatasync(2) (`data_only`): files backed by a host file flush it to the
    // host disk; the sandbox's own files have nothing to flush.
    virtual Result<void> sync(bool data_only);
    // File seals (F_ADD_SEALS/F_GET_SEALS); EINVAL for files that cannot be sealed.
    virtual Result<void> add_seals(u32 seals);
    virtual Result<u32> seals();

protected:
    i64 offset() const { return m_offset; }
    // Preconditions: m_lock is held.
    void set_offset(i64 offset) { m_offset = offset; }
    Mutex m_lock;

private:
    Path m_path;
    int m_flags;
    i64 m_offset { 0 };
};

// A description with only the default operations (a directory listed through
// Inode::list_entry, an O_PATH handle), with one reference for the caller.
Result<OpenFile*> open_plain_file(const Path& path, int flags);

// Holds one reference to an OpenFile for the length of a syscall.
class FileRef {
public:
    explicit FileRef(OpenFile* file)
        : m_file(file)
    {
    }
    ~FileRef() { unref_if(m_file); }
    FileRef(const FileRef&) = delete;
    FileRef& operator=(const FileRef&) = delete;
    OpenFile* operator->() const { return m_file; }
    OpenFile& operator*() const { return *m_file; }
    OpenFile* get() const { return m_file; }

private:
    OpenFile* m_file;
};

// Writes `path` as a string relative to `root` into `buffer`; returns its length (no NUL).
// A path outside `root` is written from the top of the mount tree.
// A name whose unlink or rmdir happened ends in " (deleted)", as Linux's d_path shows it.
// A path with no mount (the host's stdio) is ENOENT.
Result<usize> path_to_string(const Path& root, const Path& path, char* buffer, usize capacity);

// Fills linux_dirent64 records from a list of entries; shared by every filesystem that
// lists directories through Inode::list_entry. Returns bytes written and advances `index`.
Result<u64> fill_dirents(Inode& dir, const Path& path, u64& index, void* buffer, u64 len);
