// Filesystem statistics: statfs and fstatfs.

#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"

// Implements statfs(2). hostfs reports the host filesystem's numbers; the sandbox's
// own filesystems report no capacity limits. The flags are the mount's (Mount::statfs_flags).
Result<u64> sys_statfs(Thread& thread, UserPtr<const char> path, UserPtr<linux_statfs> buf)
{
    auto found = TRY(vfs_lookup_user(thread.process(), AT_FDCWD, path.address(), WALK_FOLLOW));
    linux_statfs st {};
    if (found.magic_file) {
        TRY(found.magic_file->statfs(st));
    } else {
        TRY(found.path.inode().statfs(st));
        st.f_flags = found.path.mount->statfs_flags(st.f_flags);
    }
    TRY(copy_out(buf, st));
    return u64(0);
}

// Implements fstatfs(2).
Result<u64> sys_fstatfs(Thread& thread, int fd, UserPtr<linux_statfs> buf)
{
    FileRef file(TRY(fd_file(thread, fd)));
    linux_statfs st {};
    TRY(file->statfs(st));
    TRY(copy_out(buf, st));
    return u64(0);
}
