#include "kernel/fs/overlay/OverlayFile.h"
#include "kernel/base/Arena.h"
#include "kernel/fs/overlay/OverlayInode.h"

Result<OpenFile*> OverlayFile::create(const Path& path, int flags, OpenFile* inner)
{
    auto* file = make_ref_counted<OverlayFile>(path, flags, inner);
    if (!file) {
        inner->unref();
        return Errno::ENOMEM;
    }
    return static_cast<OpenFile*>(file);
}

OverlayFile::~OverlayFile() { m_inner->unref(); }

Result<void> OverlayFile::set_status_flags(int flags, int changeable)
{
    // The layer's description acts on O_APPEND and O_NONBLOCK, so it must see them.
    TRY(m_inner->set_status_flags(flags, changeable));
    return OpenFile::set_status_flags(flags, changeable);
}

// Whether the layer's description still holds the object the overlay shows: not after a
// copy-up through another description.
bool OverlayFile::inner_is_current() const
{
    auto& node = static_cast<OverlayInode&>(path().inode());
    Inode* current = node.real();
    bool same = !m_inner->path().is_null() && &m_inner->path().inode() == current;
    current->unref();
    return same;
}

// Flags are read as stat is; setting them copies up through the overlay inode.
Result<u32> OverlayFile::fileattr_get()
{
    if (!inner_is_current())
        return OpenFile::fileattr_get();
    return m_inner->fileattr_get();
}

Result<void> OverlayFile::stat(linux_stat& st)
{
    // The layer's description answers (for hostfs an fstat of its fd, with no lookup by
    // name) while it is current; otherwise the overlay inode answers for the upper.
    auto& node = static_cast<OverlayInode&>(path().inode());
    if (!inner_is_current())
        return OpenFile::stat(st);
    TRY(m_inner->stat(st));
    st.st_dev = node.fs().dev();
    st.st_ino = node.ino();
    return {};
}
