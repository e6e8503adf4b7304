// Overlay directory changes. New names are made in the upper (after copying the
// directory up); removing a name the lower also has leaves a whiteout; a directory made
// where a lower name was removed, or moved by rename, is opaque so that no lower
// directory of the same name shows through it.

#include "kernel/fs/overlay/OverlayInode.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Memory.h"

namespace {

Result<void> mark_opaque(Inode& upper_dir) { return upper_dir.setxattr("trusted.overlay.opaque", "y", 1, 0); }

}

bool OverlayInode::upper_has_whiteout(StringView name)
{
    if (!m_upper)
        return false;
    auto found = m_upper->lookup(name);
    if (found.is_error())
        return false;
    bool whiteout = overlay_is_whiteout(*found.value());
    found.value()->unref();
    return whiteout;
}

Result<void> OverlayInode::remove_upper_whiteout(StringView name)
{
    if (upper_has_whiteout(name))
        TRY(m_upper->unlink(name));
    return {};
}

Result<void> OverlayInode::add_whiteout(StringView name)
{
    InodeCreation whiteout;
    whiteout.mode = S_IFCHR;
    whiteout.rdev = 0;
    Inode* made = TRY(m_upper->create(name, whiteout));
    made->unref();
    return {};
}

// Whether the lower layer shows `name` here (the upper may hide it).
static bool lower_has(Inode* lower, bool opaque, StringView name)
{
    if (!lower || opaque)
        return false;
    auto found = lower->lookup(name);
    if (found.is_error())
        return false;
    found.value()->unref();
    return true;
}

Result<bool> OverlayInode::prepare_new_name(StringView name)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    if (cached_child(name))
        return Errno::EEXIST;
    TRY(copy_up());
    if (!upper_has_whiteout(name))
        return false;
    TRY(m_upper->unlink(name));
    return true;
}

Result<Inode*> OverlayInode::adopt_new_upper(StringView name, Inode* made)
{
    auto child = make_child(name, made, nullptr);
    made->unref();
    invalidate_listing();
    if (child.is_error())
        return child.error();
    child.value()->ref();
    return static_cast<Inode*>(child.value());
}

Result<Inode*> OverlayInode::create(StringView name, const InodeCreation& creation)
{
    MutexLocker locker(overlay().lock());
    TRY(prepare_new_name(name));
    Inode* made = TRY(m_upper->create(name, creation));
    return adopt_new_upper(name, made);
}

Result<Inode*> OverlayInode::mkdir(StringView name, const InodeCreation& creation)
{
    MutexLocker locker(overlay().lock());
    bool over_whiteout = TRY(prepare_new_name(name));
    Inode* made = TRY(m_upper->mkdir(name, creation));
    if (over_whiteout || lower_has(m_lower, m_opaque, name)) {
        auto marked = mark_opaque(*made);
        if (marked.is_error()) {
            made->unref();
            (void)m_upper->rmdir(name);
            (void)add_whiteout(name);
            return marked.error();
        }
    }
    return adopt_new_upper(name, made);
}

Result<Inode*> OverlayInode::symlink(StringView name, StringView target, const InodeCreation& creation)
{
    MutexLocker locker(overlay().lock());
    TRY(prepare_new_name(name));
    Inode* made = TRY(m_upper->symlink(name, target, creation));
    return adopt_new_upper(name, made);
}

// O_TMPFILE, as overlayfs does it: the unnamed file is made in the upper directory
// (copied up first) and belongs to no name until linkat gives it one.
Result<Inode*> OverlayInode::create_tmpfile(const InodeCreation& creation)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    MutexLocker locker(overlay().lock());
    TRY(copy_up());
    Inode* made = TRY(m_upper->create_tmpfile(creation));
    // Not in this directory's cache: it has no name to be found by.
    auto* file = make_ref_counted<OverlayInode>(overlay(), OVERLAY_UPPER_INO_BASE + made->ino(), made->mode(), made,
        nullptr, this, StringView(), false);
    made->unref();
    if (!file)
        return Errno::ENOMEM;
    return static_cast<Inode*>(file);
}

// Each name of a hard link is its own overlay inode sharing the upper object; lock_key()
// makes them one file to locks.
Result<void> OverlayInode::link(StringView name, Inode& target_inode)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    if (&target_inode.fs() != &fs())
        return Errno::EXDEV;
    auto& target = static_cast<OverlayInode&>(target_inode);
    MutexLocker locker(overlay().lock());
    if (cached_child(name))
        return Errno::EEXIST;
    TRY(target.copy_up());
    TRY(prepare_new_name(name));
    TRY(m_upper->link(name, *target.m_upper));
    invalidate_listing();
    TRY(make_child(name, target.m_upper, nullptr));
    return {};
}

Result<void> OverlayInode::unlink(StringView name)
{
    MutexLocker locker(overlay().lock());
    OverlayInode* child = TRY(lookup_locked(name));
    if (child->is_directory())
        return Errno::EISDIR;
    TRY(copy_up());
    if (child->m_upper)
        TRY(m_upper->unlink(name));
    if (lower_has(m_lower, m_opaque, name))
        TRY(add_whiteout(name));
    forget_child(*child);
    invalidate_listing();
    return {};
}

Result<void> OverlayInode::clear_upper_whiteouts()
{
    if (!m_upper)
        return {};
    for (u64 index = 0;;) {
        DirEntryInfo entry;
        if (!TRY(m_upper->list_entry(index, entry)))
            return {};
        StringView name(entry.name, cstr_length(entry.name));
        if (entry.type == DT_CHR && upper_has_whiteout(name))
            TRY(m_upper->unlink(name));
        else
            ++index;
    }
}

Result<void> OverlayInode::rmdir(StringView name)
{
    MutexLocker locker(overlay().lock());
    OverlayInode* child = TRY(lookup_locked(name));
    if (!child->is_directory())
        return Errno::ENOTDIR;
    if (!TRY(child->merged_empty()))
        return Errno::ENOTEMPTY;
    TRY(copy_up());
    if (child->m_upper) {
        TRY(child->clear_upper_whiteouts());
        TRY(m_upper->rmdir(name));
    }
    if (lower_has(m_lower, m_opaque, name))
        TRY(add_whiteout(name));
    forget_child(*child);
    invalidate_listing();
    return {};
}

Result<void> OverlayInode::rename(StringView old_name, Inode& new_dir_inode, StringView new_name, u32 flags)
{
    if (&new_dir_inode.fs() != &fs())
        return Errno::EXDEV;
    // Linux's overlayfs refuses RENAME_WHITEOUT.
    if (flags & RENAME_WHITEOUT)
        return Errno::EINVAL;
    auto& new_dir = static_cast<OverlayInode&>(new_dir_inode);
    MutexLocker locker(overlay().lock());
    OverlayInode* source = TRY(lookup_locked(old_name));
    auto found = new_dir.lookup_locked(new_name);
    if (found.is_error() && found.error() != Errno::ENOENT)
        return found.error();
    OverlayInode* target = found.is_ok() ? found.value() : nullptr;
    if (source == target)
        return {};
    // A directory with lower contents cannot move: without redirect_dir Linux answers
    // EXDEV and mv falls back to copying.
    if (source->is_directory() && source->m_lower)
        return Errno::EXDEV;
    bool exchange = flags & RENAME_EXCHANGE;
    if (exchange) {
        if (!target)
            return Errno::ENOENT;
        if (target->is_directory() && target->m_lower)
            return Errno::EXDEV;
    } else if (target) {
        if (flags & RENAME_NOREPLACE)
            return Errno::EEXIST;
        if (source->is_directory() && !target->is_directory())
            return Errno::ENOTDIR;
        if (!source->is_directory() && target->is_directory())
            return Errno::EISDIR;
        if (target->is_directory() && !TRY(target->merged_empty()))
            return Errno::ENOTEMPTY;
    }
    bool source_in_lower = lower_has(m_lower, m_opaque, old_name);
    bool target_in_lower = lower_has(new_dir.m_lower, new_dir.m_opaque, new_name);
    TRY(source->copy_up());
    TRY(new_dir.copy_up());
    if (exchange) {
        TRY(target->copy_up());
    } else {
        if (target && target->is_directory())
            TRY(target->clear_upper_whiteouts());
        TRY(new_dir.remove_upper_whiteout(new_name));
    }
    // A moved directory hides whatever the lower has at its new name.
    if (source->is_directory())
        TRY(mark_opaque(*source->m_upper));
    if (exchange && target->is_directory())
        TRY(mark_opaque(*target->m_upper));
    // The cached names the children take afterwards, allocated before anything moves.
    char* source_name = arena().copy_string(new_name);
    char* target_name = exchange ? arena().copy_string(old_name) : nullptr;
    auto renamed = source_name && (target_name || !exchange)
        ? m_upper->rename(old_name, *new_dir.m_upper, new_name, flags & (RENAME_NOREPLACE | RENAME_EXCHANGE))
        : Result<void>(Errno::ENOMEM);
    if (renamed.is_error()) {
        if (source_name)
            arena().free_string(source_name, new_name.size());
        if (target_name)
            arena().free_string(target_name, old_name.size());
        return renamed.error();
    }
    if (!exchange && source_in_lower)
        TRY(add_whiteout(old_name));
    (void)target_in_lower;
    // The cached children follow the names.
    source->ref();
    forget_child(*source);
    if (target) {
        target->ref();
        new_dir.forget_child(*target);
    }
    source->move_to(new_dir, source_name, new_name.size());
    if (target) {
        if (exchange)
            target->move_to(*this, target_name, old_name.size());
        target->unref();
    }
    source->unref();
    invalidate_listing();
    new_dir.invalidate_listing();
    return {};
}

void OverlayInode::move_to(OverlayInode& new_parent, char* new_name, usize length)
{
    if (m_parent != &new_parent) {
        new_parent.ref();
        m_parent->unref();
        m_parent = &new_parent;
    }
    if (m_name)
        arena().free_string(m_name, m_name_length);
    m_name = new_name;
    m_name_length = length;
    // The cache's reference.
    ref();
    new_parent.adopt_child(*this);
}
