// What the overlay keeps inside its upper layer (whiteouts, the opaque mark, the origin
// inode number), and paths for opening a layer's objects.

#include "kernel/fs/overlay/OverlayInode.h"
#include "kernel/vfs/Dentry.h"

bool overlay_is_whiteout(Inode& inode)
{
    if ((inode.mode() & S_IFMT) != S_IFCHR)
        return false;
    linux_stat st {};
    return inode.stat(st).is_ok() && st.st_rdev == 0;
}

bool overlay_is_opaque(Inode& inode)
{
    if (!inode.is_directory())
        return false;
    char value = 0;
    auto got = inode.getxattr("trusted.overlay.opaque", &value, 1);
    return got.is_ok() && got.value() == 1 && value == 'y';
}

bool overlay_private_xattr(StringView name) { return name.starts_with("trusted.overlay."); }

Result<Path> overlay_layer_path(const Path& like, Inode& inode)
{
    Dentry* parent = like.dentry ? like.dentry->parent() : nullptr;
    StringView name = like.dentry ? like.dentry->name() : StringView();
    // The dentry stays out of the cache: it only lets the layer's own file types find
    // their inode, and the description's name through the overlay's parent.
    Dentry* dentry = Dentry::create(parent, name, inode);
    if (!dentry)
        return Errno::ENOMEM;
    Path path(like.mount, dentry);
    dentry->unref();
    return path;
}
