#include "kernel/vfs/Inode.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Memory.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/OpenFile.h"

Result<Inode*> Inode::lookup(StringView) { return is_directory() ? Errno::ENOENT : Errno::ENOTDIR; }

Result<usize> Inode::readlink(char*, usize) { return Errno::EINVAL; }

Result<void> Inode::statfs(linux_statfs& st)
{
    mem_zero(&st, sizeof(st));
    st.f_type = fs().magic();
    st.f_bsize = i64(PAGE_SIZE);
    st.f_frsize = i64(PAGE_SIZE);
    st.f_namelen = NAME_MAX;
    st.f_fsid[0] = i32(dev_minor(fs().dev()));
    st.f_fsid[1] = i32(dev_major(fs().dev()));
    st.f_flags = ST_VALID;
    return {};
}

namespace {
// What a filesystem that cannot change this object answers.
Errno cannot_change(Inode& inode) { return inode.fs().read_only() ? Errno::EROFS : Errno::EPERM; }
Errno cannot_change_dir(Inode& inode) { return inode.is_directory() ? cannot_change(inode) : Errno::ENOTDIR; }
}

Result<Inode*> Inode::create(StringView, const InodeCreation&) { return cannot_change_dir(*this); }

Result<Inode*> Inode::mkdir(StringView, const InodeCreation&) { return cannot_change_dir(*this); }

Result<Inode*> Inode::symlink(StringView, StringView, const InodeCreation&) { return cannot_change_dir(*this); }

Result<void> Inode::link(StringView, Inode&) { return cannot_change_dir(*this); }

Result<void> Inode::unlink(StringView) { return cannot_change_dir(*this); }

Result<void> Inode::rmdir(StringView) { return cannot_change_dir(*this); }

Result<void> Inode::rename(StringView, Inode&, StringView, u32) { return cannot_change_dir(*this); }

// Linux answers EOPNOTSUPP for O_TMPFILE on a filesystem without tmpfile support.
Result<Inode*> Inode::create_tmpfile(const InodeCreation&)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    return fs().read_only() ? Errno::EROFS : Errno::EOPNOTSUPP;
}

Result<void> Inode::setattr(const InodeAttr&) { return cannot_change(*this); }

Result<usize> Inode::getxattr(StringView, void*, usize) { return Errno::ENODATA; }

Result<void> Inode::setxattr(StringView, const void*, usize, int)
{
    return fs().read_only() ? Errno::EROFS : Errno::EOPNOTSUPP;
}

Result<usize> Inode::listxattr(char*, usize, bool) { return usize(0); }

Result<void> Inode::removexattr(StringView) { return fs().read_only() ? Errno::EROFS : Errno::ENODATA; }

Result<OpenFile*> Inode::magic_target() { return Errno::EINVAL; }

Result<bool> Inode::list_entry(u64, DirEntryInfo&) { return is_directory() ? false : Result<bool>(Errno::ENOTDIR); }

u8 dirent_type_of(u32 mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG:
        return DT_REG;
    case S_IFDIR:
        return DT_DIR;
    case S_IFLNK:
        return DT_LNK;
    case S_IFCHR:
        return DT_CHR;
    case S_IFBLK:
        return DT_BLK;
    case S_IFIFO:
        return DT_FIFO;
    case S_IFSOCK:
        return DT_SOCK;
    default:
        return DT_UNKNOWN;
    }
}

namespace {
Atomic<u32> s_next_anonymous_minor { 40 };
}

u64 allocate_anonymous_dev() { return makedev(0, s_next_anonymous_minor.fetch_add(1)); }
