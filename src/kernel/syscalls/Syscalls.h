#pragma once

// Declarations of every syscall handler, grouped by the family file that implements it.
// Handlers take typed parameters; see Dispatch.h for how raw registers convert.

#include "kernel/base/Result.h"
#include "kernel/mm/UserPtr.h"
#include "kernel/abi/Signal.h"
#include "kernel/abi/System.h"
#include "kernel/task/Rlimits.h"

class Thread;
struct linux_iovec;
struct linux_stat;
struct linux_statx;
struct linux_statfs;

// process.cpp
Result<u64> sys_exit(Thread&, int status);
Result<u64> sys_exit_group(Thread&, int status);
Result<u64> sys_getpid(Thread&);
Result<u64> sys_gettid(Thread&);
Result<u64> sys_getppid(Thread&);
Result<u64> sys_getpgrp(Thread&);
Result<u64> sys_getpgid(Thread&, int pid);
Result<u64> sys_getsid(Thread&, int pid);
Result<u64> sys_setsid(Thread&);
Result<u64> sys_setpgid(Thread&, int pid, int pgid);
Result<u64> sys_getuid(Thread&);
Result<u64> sys_geteuid(Thread&);
Result<u64> sys_getgid(Thread&);
Result<u64> sys_getegid(Thread&);
Result<u64> sys_getresuid(Thread&, UserPtr<u32> ruid, UserPtr<u32> euid, UserPtr<u32> suid);
Result<u64> sys_getresgid(Thread&, UserPtr<u32> rgid, UserPtr<u32> egid, UserPtr<u32> sgid);
Result<u64> sys_setuid(Thread&, u32 uid);
Result<u64> sys_setgid(Thread&, u32 gid);
Result<u64> sys_setreuid(Thread&, u32 ruid, u32 euid);
Result<u64> sys_setregid(Thread&, u32 rgid, u32 egid);
Result<u64> sys_setresuid(Thread&, u32 ruid, u32 euid, u32 suid);
Result<u64> sys_setresgid(Thread&, u32 rgid, u32 egid, u32 sgid);
Result<u64> sys_setfsuid(Thread&, u32 fsuid);
Result<u64> sys_setfsgid(Thread&, u32 fsgid);
Result<u64> sys_getgroups(Thread&, int size, UserPtr<u32> list);
Result<u64> sys_setgroups(Thread&, int size, UserPtr<const u32> list);

// thread.cpp
Result<u64> sys_set_tid_address(Thread&, u64 tidptr);
Result<u64> sys_set_robust_list(Thread&, u64 head, u64 len);
Result<u64> sys_get_robust_list(Thread&, int pid, UserPtr<u64> head_ptr, UserPtr<u64> len_ptr);
Result<u64> sys_rseq(Thread&, u64 area, u32 len, int flags, u32 signature);
Result<u64> sys_arch_prctl(Thread&, int code, u64 address);
Result<u64> sys_futex(Thread&, u64 uaddr, int op, u32 val, u64 timeout_or_val2, u64 uaddr2, u32 val3);
Result<u64> sys_sched_yield(Thread&);
Result<u64> sys_getcpu(Thread&, UserPtr<u32> cpu, UserPtr<u32> node, u64 cache);
Result<u64> sys_sched_getaffinity(Thread&, int pid, u64 len, UserPtr<u8> mask);
Result<u64> sys_sched_setaffinity(Thread&, int pid, u64 len, UserPtr<const u8> mask);
Result<u64> sys_sched_getscheduler(Thread&, int pid);
Result<u64> sys_sched_getparam(Thread&, int pid, UserPtr<linux_sched_param> param);
Result<u64> sys_sched_get_priority_max(Thread&, int policy);
Result<u64> sys_sched_get_priority_min(Thread&, int policy);
Result<u64> sys_getpriority(Thread&, int which, int who);
Result<u64> sys_sched_setscheduler(Thread&, int pid, int policy, UserPtr<const linux_sched_param> param);
Result<u64> sys_sched_setparam(Thread&, int pid, UserPtr<const linux_sched_param> param);
Result<u64> sys_setpriority(Thread&, int which, int who, int niceval);

// signal.cpp
Result<u64> sys_rt_sigaction(Thread&, int sig, UserPtr<const k_sigaction> act, UserPtr<k_sigaction> oldact, u64 sigsetsize);
Result<u64> sys_rt_sigprocmask(Thread&, int how, UserPtr<const u64> set, UserPtr<u64> oldset, u64 sigsetsize);
Result<u64> sys_rt_sigpending(Thread&, UserPtr<u8> set, u64 sigsetsize);
Result<u64> sys_sigaltstack(Thread&, UserPtr<const linux_stack_t> ss, UserPtr<linux_stack_t> old_ss);
Result<u64> sys_kill(Thread&, int pid, int sig);
Result<u64> sys_tgkill(Thread&, int tgid, int tid, int sig);
Result<u64> sys_tkill(Thread&, int tid, int sig);

// time.cpp
Result<u64> sys_clock_gettime(Thread&, int clock, UserPtr<linux_timespec> tp);
Result<u64> sys_clock_getres(Thread&, int clock, UserPtr<linux_timespec> res);
Result<u64> sys_nanosleep(Thread&, UserPtr<const linux_timespec> req, UserPtr<linux_timespec> rem);
Result<u64> sys_clock_nanosleep(Thread&, int clock, int flags, UserPtr<const linux_timespec> req, UserPtr<linux_timespec> rem);
Result<u64> sys_gettimeofday(Thread&, UserPtr<linux_timeval> tv, UserPtr<linux_timezone> tz);
Result<u64> sys_time(Thread&, UserPtr<i64> tloc);
Result<u64> sys_times(Thread&, UserPtr<linux_tms> buf);
Result<u64> sys_clock_settime(Thread&, int clock, UserPtr<const linux_timespec> tp);
Result<u64> sys_settimeofday(Thread&, UserPtr<const linux_timeval> tv, UserPtr<const linux_timezone> tz);

// misc.cpp
Result<u64> sys_uname(Thread&, UserPtr<linux_new_utsname> buf);
Result<u64> sys_sysinfo(Thread&, UserPtr<linux_sysinfo> info);
Result<u64> sys_getrandom(Thread&, UserPtr<u8> buf, u64 count, u32 flags);
Result<u64> sys_prlimit64(Thread&, int pid, int resource, UserPtr<const linux_rlimit> new_limit, UserPtr<linux_rlimit> old_limit);
Result<u64> sys_getrlimit(Thread&, int resource, UserPtr<linux_rlimit> limit);
Result<u64> sys_setrlimit(Thread&, int resource, UserPtr<const linux_rlimit> limit);
Result<u64> sys_getrusage(Thread&, int who, UserPtr<linux_rusage> usage);
Result<u64> sys_prctl(Thread&, int option, u64 arg2, u64 arg3, u64 arg4, u64 arg5);
Result<u64> sys_capget(Thread&, UserPtr<linux_cap_user_header> header, UserPtr<linux_cap_user_data> data);
Result<u64> sys_capset(Thread&, UserPtr<linux_cap_user_header> header, UserPtr<const linux_cap_user_data> data);
Result<u64> sys_personality(Thread&, u32 persona);

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
Result<u64> sys_openat2(Thread&, int dirfd, UserPtr<const char> path, UserPtr<const u8> how, u64 size);
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
Result<u64> sys_close_range(Thread&, u32 first, u32 last, u32 flags);
Result<u64> sys_dup(Thread&, int oldfd);
Result<u64> sys_dup2(Thread&, int oldfd, int newfd);
Result<u64> sys_dup3(Thread&, int oldfd, int newfd, int flags);
Result<u64> sys_fcntl(Thread&, int fd, int cmd, u64 arg);

// ioctl.cpp
Result<u64> sys_ioctl(Thread&, int fd, u64 request, u64 arg);

// fs_create.cpp
Result<u64> sys_mkdir(Thread&, UserPtr<const char> path, u32 mode);
Result<u64> sys_mkdirat(Thread&, int dirfd, UserPtr<const char> path, u32 mode);
Result<u64> sys_mknod(Thread&, UserPtr<const char> path, u32 mode, u64 dev);
Result<u64> sys_mknodat(Thread&, int dirfd, UserPtr<const char> path, u32 mode, u64 dev);
Result<u64> sys_unlink(Thread&, UserPtr<const char> path);
Result<u64> sys_unlinkat(Thread&, int dirfd, UserPtr<const char> path, int flags);
Result<u64> sys_rmdir(Thread&, UserPtr<const char> path);
Result<u64> sys_link(Thread&, UserPtr<const char> oldpath, UserPtr<const char> newpath);
Result<u64> sys_linkat(Thread&, int olddirfd, UserPtr<const char> oldpath, int newdirfd, UserPtr<const char> newpath, int flags);
Result<u64> sys_symlink(Thread&, UserPtr<const char> target, UserPtr<const char> linkpath);
Result<u64> sys_symlinkat(Thread&, UserPtr<const char> target, int newdirfd, UserPtr<const char> linkpath);
Result<u64> sys_rename(Thread&, UserPtr<const char> oldpath, UserPtr<const char> newpath);
Result<u64> sys_renameat(Thread&, int olddirfd, UserPtr<const char> oldpath, int newdirfd, UserPtr<const char> newpath);
Result<u64> sys_renameat2(Thread&, int olddirfd, UserPtr<const char> oldpath, int newdirfd, UserPtr<const char> newpath, u32 flags);

// fs_attr.cpp
Result<u64> sys_chmod(Thread&, UserPtr<const char> path, u32 mode);
Result<u64> sys_fchmod(Thread&, int fd, u32 mode);
Result<u64> sys_fchmodat(Thread&, int dirfd, UserPtr<const char> path, u32 mode);
Result<u64> sys_fchmodat2(Thread&, int dirfd, UserPtr<const char> path, u32 mode, int flags);
Result<u64> sys_chown(Thread&, UserPtr<const char> path, u32 uid, u32 gid);
Result<u64> sys_lchown(Thread&, UserPtr<const char> path, u32 uid, u32 gid);
Result<u64> sys_fchown(Thread&, int fd, u32 uid, u32 gid);
Result<u64> sys_fchownat(Thread&, int dirfd, UserPtr<const char> path, u32 uid, u32 gid, int flags);
Result<u64> sys_utimensat(Thread&, int dirfd, UserPtr<const char> path, UserPtr<const linux_timespec> times, int flags);
Result<u64> sys_utimes(Thread&, UserPtr<const char> path, UserPtr<const linux_timeval> times);
Result<u64> sys_futimesat(Thread&, int dirfd, UserPtr<const char> path, UserPtr<const linux_timeval> times);
Result<u64> sys_utime(Thread&, UserPtr<const char> path, UserPtr<const i64> times);
Result<u64> sys_fallocate(Thread&, int fd, int mode, i64 offset, i64 len);

// fs_memfd.cpp
Result<u64> sys_memfd_create(Thread&, UserPtr<const char> name, u32 flags);

// fs_xattr.cpp
Result<u64> sys_setxattr(Thread&, UserPtr<const char> path, UserPtr<const char> name, UserPtr<const u8> value, u64 size, int flags);
Result<u64> sys_lsetxattr(Thread&, UserPtr<const char> path, UserPtr<const char> name, UserPtr<const u8> value, u64 size, int flags);
Result<u64> sys_fsetxattr(Thread&, int fd, UserPtr<const char> name, UserPtr<const u8> value, u64 size, int flags);
Result<u64> sys_getxattr(Thread&, UserPtr<const char> path, UserPtr<const char> name, UserPtr<u8> value, u64 size);
Result<u64> sys_lgetxattr(Thread&, UserPtr<const char> path, UserPtr<const char> name, UserPtr<u8> value, u64 size);
Result<u64> sys_fgetxattr(Thread&, int fd, UserPtr<const char> name, UserPtr<u8> value, u64 size);
Result<u64> sys_listxattr(Thread&, UserPtr<const char> path, UserPtr<char> list, u64 size);
Result<u64> sys_llistxattr(Thread&, UserPtr<const char> path, UserPtr<char> list, u64 size);
Result<u64> sys_flistxattr(Thread&, int fd, UserPtr<char> list, u64 size);
Result<u64> sys_removexattr(Thread&, UserPtr<const char> path, UserPtr<const char> name);
Result<u64> sys_lremovexattr(Thread&, UserPtr<const char> path, UserPtr<const char> name);
Result<u64> sys_fremovexattr(Thread&, int fd, UserPtr<const char> name);

// fs_size.cpp
Result<u64> sys_truncate(Thread&, UserPtr<const char> path, i64 length);
Result<u64> sys_ftruncate(Thread&, int fd, i64 length);
Result<u64> sys_fsync(Thread&, int fd);
Result<u64> sys_fdatasync(Thread&, int fd);
Result<u64> sys_fadvise64(Thread&, int fd, i64 offset, i64 len, int advice);
Result<u64> sys_readahead(Thread&, int fd, i64 offset, u64 count);
Result<u64> sys_creat(Thread&, UserPtr<const char> path, u32 mode);

// fs_copy.cpp
Result<u64> sys_sendfile(Thread&, int out_fd, int in_fd, UserPtr<i64> offset, u64 count);
Result<u64> sys_copy_file_range(Thread&, int fd_in, UserPtr<i64> off_in, int fd_out, UserPtr<i64> off_out, u64 len, u32 flags);

// fs_sync.cpp
Result<u64> sys_sync(Thread&);
Result<u64> sys_syncfs(Thread&, int fd);
Result<u64> sys_sync_file_range(Thread&, int fd, i64 offset, i64 nbytes, u32 flags);

// fs_chroot.cpp
Result<u64> sys_chroot(Thread&, UserPtr<const char> path);

// fs_mount.cpp
Result<u64> sys_mount(Thread&, UserPtr<const char> source, UserPtr<const char> target, UserPtr<const char> type, u64 flags,
    UserPtr<const u8> data);
Result<u64> sys_umount2(Thread&, UserPtr<const char> target, int flags);

// fs_statfs.cpp
Result<u64> sys_statfs(Thread&, UserPtr<const char> path, UserPtr<linux_statfs> buf);
Result<u64> sys_fstatfs(Thread&, int fd, UserPtr<linux_statfs> buf);

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

// fs_lock.cpp
Result<u64> sys_flock(Thread&, int fd, int operation);
