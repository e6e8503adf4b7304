#include "kernel/fs/overlay/OverlayFile.h"
#include "kernel/base/Arena.h"

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
