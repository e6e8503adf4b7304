#include "kernel/fs/devfs/DevFs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/devfs/CharDevices.h"
#include "kernel/fs/devfs/DevFile.h"
#include "kernel/fs/devfs/DevPts.h"
#include "kernel/fs/devfs/DevShm.h"
#include "platform/Platform.h"

namespace {

// A device's driver follows from its number (CharDevices.h).
struct EntrySpec {
    const char* name;
    u32 major;
    u32 minor;
    const char* target; // set for symlinks
};

constexpr EntrySpec ENTRIES[DevFs::ENTRY_COUNT] = {
    { "null", MEM_MAJOR, 3, nullptr },
    { "zero", MEM_MAJOR, 5, nullptr },
    { "full", MEM_MAJOR, 7, nullptr },
    { "random", MEM_MAJOR, 8, nullptr },
    { "urandom", MEM_MAJOR, 9, nullptr },
    { "tty", TTYAUX_MAJOR, 0, nullptr },
    { "stdin", 0, 0, "/proc/self/fd/0" },
    { "stdout", 0, 0, "/proc/self/fd/1" },
    { "stderr", 0, 0, "/proc/self/fd/2" },
    { "fd", 0, 0, "/proc/self/fd" },
    { "pts", 0, 0, nullptr },
    { "shm", 0, 0, nullptr },
    { "console", TTYAUX_MAJOR, 1, nullptr },
};

}

Result<DevFs*> DevFs::create()
{
    auto* fs = arena().make<DevFs>(allocate_anonymous_dev());
    if (!fs)
        return Errno::ENOMEM;
    linux_timespec now {};
    (void)platform::clock_gettime(CLOCK_REALTIME, &now);
    fs->m_created_sec = now.tv_sec;
    fs->m_root = make_ref_counted<DevDir>(*fs);
    if (!fs->m_root)
        return Errno::ENOMEM;
    for (int i = 0; i < ENTRY_COUNT; ++i) {
        const auto& e = ENTRIES[i];
        u64 ino = u64(i) + 2;
        if (StringView(e.name) == "pts")
            fs->m_entries[i] = make_ref_counted<DevPtsDir>(*fs, ino);
        else if (StringView(e.name) == "shm")
            fs->m_entries[i] = make_ref_counted<DevShmDir>(*fs, ino);
        else if (e.target)
            fs->m_entries[i] = make_ref_counted<DevSymlink>(*fs, ino, e.target);
        else
            fs->m_entries[i] = make_ref_counted<DevNode>(*fs, ino, makedev(e.major, e.minor));
        if (!fs->m_entries[i])
            return Errno::ENOMEM;
    }
    return fs;
}

Inode* DevFs::root_inode()
{
    m_root->ref();
    return m_root;
}

StringView DevFs::entry_name(int index) const { return ENTRIES[index].name; }

void devfs_fill_stat(const DevFs& fs, u64 ino, u32 mode, linux_stat& st)
{
    mem_zero(&st, sizeof(st));
    st.st_dev = fs.dev();
    st.st_ino = ino;
    st.st_nlink = (mode & S_IFMT) == S_IFDIR ? 2 : 1;
    st.st_mode = mode;
    st.st_blksize = 4096;
    st.st_atime_sec = st.st_mtime_sec = st.st_ctime_sec = u64(fs.created_sec());
}

Result<Inode*> DevDir::lookup(StringView name)
{
    for (int i = 0; i < DevFs::ENTRY_COUNT; ++i) {
        if (dev_fs().entry_name(i) == name) {
            Inode* inode = dev_fs().entry(i);
            inode->ref();
            return inode;
        }
    }
    return Errno::ENOENT;
}

Result<void> DevDir::stat(linux_stat& st)
{
    devfs_fill_stat(dev_fs(), ino(), mode(), st);
    return {};
}

Result<OpenFile*> DevDir::open(const Path& path, int flags)
{
    if ((flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH))
        return Errno::EISDIR;
    return open_plain_file(path, flags);
}

Result<bool> DevDir::list_entry(u64 index, DirEntryInfo& entry)
{
    if (index >= DevFs::ENTRY_COUNT)
        return false;
    Inode* inode = dev_fs().entry(int(index));
    StringView name = dev_fs().entry_name(int(index));
    entry.ino = inode->ino();
    entry.type = dirent_type_of(inode->mode());
    mem_copy(entry.name, name.data(), name.size());
    entry.name[name.size()] = '\0';
    return true;
}

Result<void> DevNode::stat(linux_stat& st)
{
    devfs_fill_stat(static_cast<DevFs&>(fs()), ino(), mode(), st);
    st.st_rdev = m_rdev;
    if (dev_major(m_rdev) == TTYAUX_MAJOR)
        st.st_gid = 5; // the tty group, as udev sets it
    return {};
}

Result<OpenFile*> DevNode::open(const Path& path, int flags) { return open_char_device(path, flags, m_rdev); }

Result<usize> DevSymlink::readlink(char* buffer, usize capacity)
{
    usize n = cstr_length(m_target);
    if (n > capacity)
        n = capacity;
    mem_copy(buffer, m_target, n);
    return n;
}

Result<void> DevSymlink::stat(linux_stat& st)
{
    devfs_fill_stat(static_cast<DevFs&>(fs()), ino(), mode(), st);
    st.st_size = i64(cstr_length(m_target));
    return {};
}

Result<OpenFile*> DevSymlink::open(const Path& path, int flags)
{
    if (!(flags & O_PATH))
        return Errno::ELOOP;
    return open_plain_file(path, flags);
}
