// Changing the root directory: chroot.

#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/FsContext.h"
#include "kernel/vfs/Vfs.h"
#include "kernel/vfs/VfsChange.h"

namespace {
constexpr int CAP_SYS_CHROOT = 18;
}

// Implements chroot(2) as Linux does: the caller needs search permission on the new root
// and CAP_SYS_CHROOT (root inside has it; a guest that left uid 0 does not). The cwd does
// not move, so it may lie outside the new root: getcwd then reports it "(unreachable)"
// and ".." from it is not confined, exactly as on Linux.
Result<u64> sys_chroot(Thread& thread, UserPtr<const char> user_path)
{
    char path[PATH_MAX];
    usize n = TRY(copy_string_from_user(user_path, path, sizeof(path)));
    Process& process = thread.process();
    auto found = TRY(vfs_lookup(process, AT_FDCWD, StringView(path, n), WALK_FOLLOW | WALK_DIRECTORY));
    if (found.magic_file)
        return Errno::ENOTDIR;
    const Credentials& cred = process.credentials();
    TRY(vfs_permission(cred, found.path.inode(), MAY_EXEC));
    if (!cred.capable(CAP_SYS_CHROOT))
        return Errno::EPERM;
    process.fs().set_root(found.path);
    return u64(0);
}
