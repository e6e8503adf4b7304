#include "kernel/fs/devfs/DevShm.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/vfs/OpenFile.h"

Result<Inode*> DevShmDir::lookup(StringView) { return Errno::ENOENT; }

Result<void> DevShmDir::stat(linux_stat& st)
{
    devfs_fill_stat(static_cast<DevFs&>(fs()), ino(), mode(), st);
    return {};
}

Result<OpenFile*> DevShmDir::open(const Path& path, int flags)
{
    if ((flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH))
        return Errno::EISDIR;
    return open_plain_file(path, flags);
}

Result<bool> DevShmDir::list_entry(u64, DirEntryInfo&) { return false; }
