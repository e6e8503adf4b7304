#include "kernel/vfs/VfsChange.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/FsContext.h"
#include "kernel/task/Process.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/Vfs.h"

Result<ParentAndName> vfs_lookup_parent(Process& process, int dirfd, StringView path)
{
    if (path.empty())
        return Errno::ENOENT;
    if (path.size() >= PATH_MAX)
        return Errno::ENAMETOOLONG;
    ParentAndName out;
    usize end = path.size();
    while (end > 0 && path[end - 1] == '/')
        --end;
    out.trailing_slash = end < path.size();
    if (end == 0) {
        // Only slashes: the root itself, which has no parent entry.
        auto root = TRY(vfs_lookup(process, dirfd, "/", WALK_DIRECTORY));
        out.parent = static_cast<Path&&>(root.path);
        out.kind = ParentAndName::Kind::Root;
        return out;
    }
    usize start = end;
    while (start > 0 && path[start - 1] != '/')
        --start;
    StringView last(path.data() + start, end - start);
    if (last.size() > NAME_MAX)
        return Errno::ENAMETOOLONG;
    // The directory part: "." for a bare name, "/" when the name follows only slashes.
    StringView dir = start == 0 ? StringView(".") : StringView(path.data(), start);
    auto found = TRY(vfs_lookup(process, dirfd, dir, WALK_FOLLOW | WALK_DIRECTORY));
    if (found.path.is_null())
        return Errno::ENOTDIR;
    out.parent = static_cast<Path&&>(found.path);
    if (last == ".")
        out.kind = ParentAndName::Kind::Dot;
    else if (last == "..")
        out.kind = ParentAndName::Kind::DotDot;
    out.length = last.size();
    mem_copy(out.name, last.data(), last.size());
    return out;
}

Result<ParentAndName> vfs_lookup_parent_user(Process& process, int dirfd, u64 user_path)
{
    char path[PATH_MAX];
    usize n = TRY(copy_string_from_user(UserPtr<const char>(user_path), path, sizeof(path)));
    return vfs_lookup_parent(process, dirfd, StringView(path, n));
}

Result<void> vfs_permission(const Credentials& cred, Inode& inode, int may)
{
    linux_stat st {};
    TRY(inode.stat(st));
    u32 mode = st.st_mode;
    u32 bits;
    if (cred.fsuid == st.st_uid)
        bits = (mode >> 6) & 7;
    else if (cred.in_group(st.st_gid))
        bits = (mode >> 3) & 7;
    else
        bits = mode & 7;
    if ((u32(may) & ~bits) == 0)
        return {};
    bool directory = (mode & S_IFMT) == S_IFDIR;
    // CAP_DAC_OVERRIDE grants everything but executing a file no one may execute.
    if (cred.capable(CAP_DAC_OVERRIDE) && (!(may & MAY_EXEC) || directory || (mode & 0111)))
        return {};
    if (cred.capable(CAP_DAC_READ_SEARCH) && !(may & MAY_WRITE) && (directory || may == MAY_READ))
        return {};
    return Errno::EACCES;
}

bool vfs_owner_or_capable(const Credentials& cred, const linux_stat& st)
{
    return cred.fsuid == st.st_uid || cred.capable(CAP_FOWNER);
}

Result<void> vfs_may_create(const Credentials& cred, const Path& dir)
{
    TRY(vfs_permission(cred, dir.inode(), MAY_EXEC));
    if (dir.mount->read_only())
        return Errno::EROFS;
    return vfs_permission(cred, dir.inode(), MAY_WRITE | MAY_EXEC);
}

Result<void> vfs_may_delete(const Credentials& cred, const Path& dir, Inode& victim)
{
    TRY(vfs_may_create(cred, dir));
    linux_stat dir_st {};
    TRY(dir.inode().stat(dir_st));
    if (dir_st.st_mode & S_ISVTX) {
        linux_stat st {};
        TRY(victim.stat(st));
        if (cred.fsuid != st.st_uid && cred.fsuid != dir_st.st_uid && !cred.capable(CAP_FOWNER))
            return Errno::EPERM;
    }
    return {};
}

Result<InodeCreation> vfs_creation(const Credentials& cred, Inode& dir, u32 mode)
{
    linux_stat dir_st {};
    TRY(dir.stat(dir_st));
    InodeCreation creation;
    creation.mode = mode;
    creation.uid = cred.fsuid;
    creation.gid = cred.fsgid;
    if (dir_st.st_mode & S_ISGID) {
        creation.gid = dir_st.st_gid;
        if ((mode & S_IFMT) == S_IFDIR)
            creation.mode |= S_ISGID;
    }
    // Linux drops S_ISGID from a file made in a set-group-ID directory whose group the
    // caller is not in, unless it has CAP_FSETID.
    if ((mode & S_IFMT) != S_IFDIR && (creation.mode & S_ISGID) && (creation.mode & 010) && !cred.in_group(creation.gid)
        && !cred.capable(CAP_FSETID))
        creation.mode &= ~S_ISGID;
    return creation;
}

void vfs_kill_setid(const Credentials& cred, Inode& inode)
{
    // The usual caller, root inside, holds CAP_FSETID and pays no stat.
    if (cred.capable(CAP_FSETID))
        return;
    linux_stat st {};
    if (inode.stat(st).is_error() || (st.st_mode & S_IFMT) != S_IFREG)
        return;
    // Linux's should_remove_suid(); the filesystem clears the bits (ATTR_KILL_SUID).
    if (!vfs_mode_is_setid(st.st_mode))
        return;
    InodeAttr attr;
    attr.valid = ATTR_KILL_SUID;
    (void)inode.setattr(attr);
}

Result<Path> vfs_create_regular(Process& process, const WalkParent& where, u32 mode)
{
    const Credentials& cred = process.credentials();
    TRY(vfs_may_create(cred, where.parent));
    u32 masked = S_IFREG | (mode & 07777 & ~process.fs().umask());
    InodeCreation creation = TRY(vfs_creation(cred, where.parent.inode(), masked));
    StringView name(where.last, cstr_length(where.last));
    Inode* inode = TRY(where.parent.inode().create(name, creation));
    inode->unref();
    // The dentry comes from the cache (or a fresh lookup), so the new file is reached
    // the same way as by a later walk.
    Dentry* dentry = TRY(Dentry::lookup_child(*where.parent.dentry, name));
    Path path(where.parent.mount, dentry);
    dentry->unref();
    return path;
}

Result<void> vfs_may_open(Process& process, Inode& inode, int flags)
{
    int may = 0;
    if ((flags & O_ACCMODE) != O_WRONLY)
        may |= MAY_READ;
    if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
        may |= MAY_WRITE;
    const Credentials& cred = process.credentials();
    // CAP_DAC_OVERRIDE grants reading and writing anything, so the usual caller (root
    // inside) skips the stat the check would cost.
    if (!cred.capable(CAP_DAC_OVERRIDE))
        TRY(vfs_permission(cred, inode, may));
    if (flags & O_NOATIME) {
        linux_stat st {};
        TRY(inode.stat(st));
        if (!vfs_owner_or_capable(cred, st))
            return Errno::EPERM;
    }
    return {};
}

Result<OpenFile*> vfs_open_tmpfile(Process& process, int dirfd, StringView path, int flags, u32 mode)
{
    auto found = TRY(vfs_lookup(process, dirfd, path, WALK_FOLLOW | WALK_DIRECTORY));
    if (found.path.is_null())
        return Errno::ENOTDIR;
    const Path& dir = found.path;
    const Credentials& cred = process.credentials();
    TRY(vfs_may_create(cred, dir));
    u32 masked = S_IFREG | (mode & 07777 & ~process.fs().umask());
    InodeCreation creation = TRY(vfs_creation(cred, dir.inode(), masked));
    Inode* inode = TRY(dir.inode().create_tmpfile(creation));
    // The file has no name; its dentry, outside the cache, reads as Linux's "#ino".
    char name[32];
    usize n = format(name, sizeof(name), "#%lu", inode->ino());
    Dentry* dentry = Dentry::create(dir.dentry, StringView(name, n), *inode);
    inode->unref();
    if (!dentry)
        return Errno::ENOMEM;
    Path path_of_file(dir.mount, dentry);
    dentry->unref();
    int kept = (flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC | O_TMPFILE)) | O_LARGEFILE;
    return path_of_file.inode().open(path_of_file, kept);
}
