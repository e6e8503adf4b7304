// Merged directory listings: the upper's entries without its whiteouts, then the lower's
// entries that the upper neither has nor hides. The listing is kept until the directory
// changes through the overlay, so a directory read over several getdents64 calls (and
// telldir/seekdir positions) sees one stable order.

#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/overlay/OverlayInode.h"
#include "kernel/vfs/OpenFile.h"

namespace {

constexpr usize DIRENT_BUFFER = 16 * 1024;
// Marks a whiteout while the listing is built; removed before it is used.
constexpr u8 WHITEOUT_TYPE = 0xff;

}

Result<void> OverlayInode::list_layer(Inode& layer, bool is_upper)
{
    // On the kernel stack (256 KiB): an arena block would be zeroed, and touched afresh
    // by every host process, on each listing.
    alignas(8) u8 buffer[DIRENT_BUFFER];
    auto listed = [&]() -> Result<void> {
        Path path = TRY(overlay_layer_path(Path(), layer));
        OpenFile* dir = TRY(layer.open(path, O_RDONLY | O_DIRECTORY | O_LARGEFILE));
        FileRef dir_ref(dir);
        u64 upper_count = m_listing.count();
        for (;;) {
            u64 n = TRY(dir->getdents64(buffer, DIRENT_BUFFER));
            if (n == 0)
                return {};
            for (u64 at = 0; at < n;) {
                auto* d = reinterpret_cast<linux_dirent64*>(buffer + at);
                at += d->d_reclen;
                StringView name(d->d_name, cstr_length(d->d_name));
                if (name == "." || name == "..")
                    continue;
                if (is_upper) {
                    u8 type = d->d_type;
                    u64 ino = OVERLAY_UPPER_INO_BASE + d->d_ino;
                    if (d->d_type == DT_CHR && upper_has_whiteout(name))
                        type = WHITEOUT_TYPE;
                    else if (OverlayInode* child = cached_child(name))
                        ino = child->ino();
                    TRY(m_listing.add(ino, type, name));
                    continue;
                }
                bool shadowed = false;
                for (u64 i = 0; i < upper_count && !shadowed; ++i) {
                    if (m_listing.name(i) != name)
                        continue;
                    shadowed = true;
                    // An upper copy of this lower object keeps the lower's number.
                    u8 type = m_listing.type(i);
                    if (type != WHITEOUT_TYPE && !cached_child(name) && type == d->d_type)
                        m_listing.set_ino(i, d->d_ino);
                }
                if (!shadowed)
                    TRY(m_listing.add(d->d_ino, d->d_type, name));
            }
        }
    }();
    return listed;
}

Result<void> OverlayInode::rebuild_listing()
{
    m_listing.clear();
    if (m_upper)
        TRY(list_layer(*m_upper, true));
    if (m_lower && !m_opaque)
        TRY(list_layer(*m_lower, false));
    // Drops the whiteouts, which only served to hide lower names.
    m_listing.remove_type(WHITEOUT_TYPE);
    m_listing_valid = true;
    return {};
}

Result<bool> OverlayInode::merged_empty()
{
    if (!m_listing_valid)
        TRY(rebuild_listing());
    return m_listing.count() == 0;
}

Result<bool> OverlayInode::list_entry(u64 index, DirEntryInfo& entry)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    MutexLocker locker(overlay().lock());
    // A listing from the start sees the directory as it is now.
    if (!m_listing_valid || index == 0)
        TRY(rebuild_listing());
    if (index >= m_listing.count())
        return false;
    m_listing.get(index, entry);
    return true;
}
