#include "kernel/fs/overlay/OverlayFs.h"
#include "kernel/base/Arena.h"
#include "kernel/fs/memfs/MemFs.h"
#include "kernel/fs/overlay/OverlayInode.h"

Result<OverlayFs*> OverlayFs::create(FileSystem& lower, MemFs& upper)
{
    Inode* lower_root = lower.root_inode();
    if (!lower_root->is_directory()) {
        lower_root->unref();
        return Errno::ENOTDIR;
    }
    auto* fs = arena().make<OverlayFs>(allocate_anonymous_dev(), lower, upper);
    if (!fs) {
        lower_root->unref();
        return Errno::ENOMEM;
    }
    Inode* upper_root = upper.root_inode();
    // The upper root stands for the lower root: same owner, mode and times.
    linux_stat st {};
    if (lower_root->stat(st).is_ok()) {
        InodeAttr attr;
        attr.valid = ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_ATIME | ATTR_MTIME;
        attr.mode = st.st_mode & 07777;
        attr.uid = st.st_uid;
        attr.gid = st.st_gid;
        attr.atime = { i64(st.st_atime_sec), i64(st.st_atime_nsec) };
        attr.mtime = { i64(st.st_mtime_sec), i64(st.st_mtime_nsec) };
        (void)upper_root->setattr(attr);
    }
    // The root keeps the lower root's number and type, as Linux's overlayfs shows it.
    fs->m_root = make_ref_counted<OverlayInode>(*fs, lower_root->ino(), lower_root->mode(), upper_root, lower_root, nullptr,
        StringView(), false);
    upper_root->unref();
    lower_root->unref();
    if (!fs->m_root)
        return Errno::ENOMEM;
    return fs;
}

Inode* OverlayFs::root_inode()
{
    m_root->ref();
    return m_root;
}
