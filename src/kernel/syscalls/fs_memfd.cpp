// memfd_create(2): an unnamed memfs file.

#include "kernel/abi/Fcntl.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemFs.h"
#include "kernel/fs/memfs/MemInode.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/FsCommon.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/task/FsContext.h"
#include "kernel/vfs/Mount.h"

namespace {

constexpr u32 MFD_CLOEXEC = 0x1;
constexpr u32 MFD_ALLOW_SEALING = 0x2;
constexpr u32 MFD_HUGETLB = 0x4;
constexpr u32 MFD_NOEXEC_SEAL = 0x8;
constexpr u32 MFD_EXEC = 0x10;
// "memfd:" and the name fit Linux's NAME_MAX.
constexpr usize MFD_NAME_MAX = 249;

// The internal memfs memfds live on, as Linux's shm mount: in no directory of the tree.
// Made on first use; a process that makes it after a fork gets its own, which only
// splits the size accounting.
Mount* s_memfd_mount;

Result<Mount*> memfd_mount()
{
    if (s_memfd_mount)
        return s_memfd_mount;
    MemFs* fs = TRY(MemFs::create(0, 01777));
    Inode* root = fs->root_inode();
    Dentry* dentry = Dentry::create(nullptr, "/", *root);
    root->unref();
    if (!dentry)
        return Errno::ENOMEM;
    auto* mount = arena().make<Mount>(nullptr, nullptr, *fs, dentry, 0, 0);
    if (!mount)
        return Errno::ENOMEM;
    s_memfd_mount = mount;
    return mount;
}

}

// Implements memfd_create(2). MFD_HUGETLB is refused with EINVAL (no huge pages here).
Result<u64> sys_memfd_create(Thread& thread, UserPtr<const char> user_name, u32 flags)
{
    if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | MFD_NOEXEC_SEAL | MFD_EXEC))
        return Errno::EINVAL;
    if ((flags & MFD_HUGETLB) || ((flags & MFD_EXEC) && (flags & MFD_NOEXEC_SEAL)))
        return Errno::EINVAL;
    char name[6 + MFD_NAME_MAX + 2];
    mem_copy(name, "memfd:", 6);
    auto n = copy_string_from_user(user_name, name + 6, MFD_NAME_MAX + 1);
    if (n.is_error())
        return n.error() == Errno::ENAMETOOLONG ? Errno::EINVAL : n.error();
    Mount* mount = TRY(memfd_mount());
    const Credentials& cred = thread.process().credentials();
    InodeCreation creation;
    creation.mode = S_IFREG | ((flags & MFD_NOEXEC_SEAL) ? 0666 : 0777);
    creation.uid = cred.fsuid;
    creation.gid = cred.fsgid;
    Inode* inode = TRY(mount->root()->inode().create_tmpfile(creation));
    auto& mem = static_cast<MemInode&>(*inode);
    // An unnamed memfd can never be linked into a directory.
    mem.set_tmpfile(false);
    // Sealable only when asked for (a new memfs file starts with F_SEAL_SEAL).
    if ((flags & MFD_ALLOW_SEALING) || (flags & MFD_NOEXEC_SEAL))
        mem.set_seals(0);
    Dentry* dentry = Dentry::create(mount->root(), StringView(name, 6 + n.value()), *inode);
    inode->unref();
    if (!dentry)
        return Errno::ENOMEM;
    Path path(mount, dentry);
    dentry->unref();
    OpenFile* file = TRY(path.inode().open(path, O_RDWR | O_LARGEFILE));
    return install_fd(thread, file, flags & MFD_CLOEXEC);
}
