#pragma once

// Declarations of every syscall handler, grouped by the family file that implements it.
// Handlers take typed parameters; see Dispatch.h for how raw registers convert.

#include "kernel/base/Result.h"
#include "kernel/mm/UserPtr.h"

class Thread;
struct linux_iovec;
struct linux_stat;
struct linux_statx;

// process.cpp
Result<u64> sys_exit(Thread&, int status);
Result<u64> sys_exit_group(Thread&, int status);
Result<u64> sys_getpid(Thread&);
Result<u64> sys_gettid(Thread&);
Result<u64> sys_getppid(Thread&);
Result<u64> sys_set_tid_address(Thread&, u64 tidptr);
Result<u64> sys_arch_prctl(Thread&, int code, u64 address);

// fs_rw.cpp
Result<u64> sys_read(Thread&, int fd, UserPtr<u8> buf, u64 count);
Result<u64> sys_write(Thread&, int fd, UserPtr<const u8> buf, u64 count);
Result<u64> sys_pread64(Thread&, int fd, UserPtr<u8> buf, u64 count, i64 offset);
Result<u64> sys_pwrite64(Thread&, int fd, UserPtr<const u8> buf, u64 count, i64 offset);
Result<u64> sys_readv(Thread&, int fd, UserPtr<const linux_iovec> iov, int iovcnt);
Result<u64> sys_writev(Thread&, int fd, UserPtr<const linux_iovec> iov, int iovcnt);
Result<u64> sys_lseek(Thread&, int fd, i64 offset, int whence);
Result<u64> sys_preadv(Thread&, int fd, UserPtr<const linux_iovec> iov, int iovcnt, i64 offset);
Result<u64> sys_pwritev(Thread&, int fd, UserPtr<const linux_iovec> iov, int iovcnt, i64 offset);
Result<u64> sys_preadv2(Thread&, int fd, UserPtr<const linux_iovec> iov, int iovcnt, i64 offset, u64 offset_high, int flags);
Result<u64> sys_pwritev2(Thread&, int fd, UserPtr<const linux_iovec> iov, int iovcnt, i64 offset, u64 offset_high, int flags);

// fs_path.cpp
Result<u64> sys_open(Thread&, UserPtr<const char> path, int flags, u32 mode);
Result<u64> sys_openat(Thread&, int dirfd, UserPtr<const char> path, int flags, u32 mode);
Result<u64> sys_readlink(Thread&, UserPtr<const char> path, UserPtr<char> buf, int bufsiz);
Result<u64> sys_readlinkat(Thread&, int dirfd, UserPtr<const char> path, UserPtr<char> buf, int bufsiz);
Result<u64> sys_access(Thread&, UserPtr<const char> path, int mode);
Result<u64> sys_faccessat(Thread&, int dirfd, UserPtr<const char> path, int mode);
Result<u64> sys_faccessat2(Thread&, int dirfd, UserPtr<const char> path, int mode, int flags);
Result<u64> sys_getcwd(Thread&, UserPtr<char> buf, u64 size);
Result<u64> sys_chdir(Thread&, UserPtr<const char> path);
Result<u64> sys_fchdir(Thread&, int fd);
Result<u64> sys_umask(Thread&, u32 mask);

// fs_stat.cpp
Result<u64> sys_stat(Thread&, UserPtr<const char> path, UserPtr<linux_stat> buf);
Result<u64> sys_lstat(Thread&, UserPtr<const char> path, UserPtr<linux_stat> buf);
Result<u64> sys_fstat(Thread&, int fd, UserPtr<linux_stat> buf);
Result<u64> sys_newfstatat(Thread&, int dirfd, UserPtr<const char> path, UserPtr<linux_stat> buf, int flags);
Result<u64> sys_statx(Thread&, int dirfd, UserPtr<const char> path, int flags, u32 mask, UserPtr<linux_statx> buf);

// fs_dir.cpp
Result<u64> sys_getdents(Thread&, int fd, UserPtr<u8> dirp, u64 count);
Result<u64> sys_getdents64(Thread&, int fd, UserPtr<u8> dirp, u64 count);

// fd.cpp
Result<u64> sys_close(Thread&, int fd);
Result<u64> sys_dup(Thread&, int oldfd);
Result<u64> sys_dup2(Thread&, int oldfd, int newfd);
Result<u64> sys_dup3(Thread&, int oldfd, int newfd, int flags);
Result<u64> sys_fcntl(Thread&, int fd, int cmd, u64 arg);

// ioctl.cpp
Result<u64> sys_ioctl(Thread&, int fd, u64 request, u64 arg);

// mm.cpp
Result<u64> sys_mmap(Thread&, u64 address, u64 length, int prot, int flags, int fd, u64 offset);
Result<u64> sys_munmap(Thread&, u64 address, u64 length);
Result<u64> sys_mprotect(Thread&, u64 address, u64 length, int prot);
Result<u64> sys_mremap(Thread&, u64 old_address, u64 old_length, u64 new_length, int flags, u64 new_address);
Result<u64> sys_madvise(Thread&, u64 address, u64 length, int advice);
Result<u64> sys_brk(Thread&, u64 requested);
Result<u64> sys_msync(Thread&, u64 address, u64 length, int flags);
Result<u64> sys_mincore(Thread&, u64 address, u64 length, UserPtr<u8> vec);
Result<u64> sys_mlock(Thread&, u64 address, u64 length);
Result<u64> sys_mlock2(Thread&, u64 address, u64 length, int flags);
Result<u64> sys_munlock(Thread&, u64 address, u64 length);
Result<u64> sys_mlockall(Thread&, int flags);
Result<u64> sys_munlockall(Thread&);
Result<u64> sys_membarrier(Thread&, int cmd, u32 flags, int cpu_id);
