// Overlay inodes: lookup through the layers, attributes and extended attributes.
// Changes are in OverlayChange.cpp, copy-up in OverlayCopyUp.cpp, listings in
// OverlayDir.cpp.

#include "kernel/fs/overlay/OverlayInode.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/overlay/OverlayFile.h"
#include "kernel/vfs/OpenFile.h"

namespace {
constexpr usize XATTR_LIST_MAX = 65536;
}

OverlayInode::OverlayInode(OverlayFs& fs, u64 ino, u32 mode, Inode* upper, Inode* lower, OverlayInode* parent,
    StringView name, bool opaque)
    : Inode(fs, ino, mode)
    , m_upper(upper)
    , m_lower(lower)
    , m_parent(parent)
    , m_opaque(opaque)
{
    if (m_upper)
        m_upper->ref();
    if (m_lower)
        m_lower->ref();
    if (m_parent)
        m_parent->ref();
    // Without memory the name stays empty; make_child() then gives up on the inode.
    if (!name.empty() && (m_name = arena().copy_string(name)))
        m_name_length = name.size();
}

OverlayInode::~OverlayInode()
{
    // Cached children hold a reference to their parent, so none are left here.
    unref_if(m_upper);
    unref_if(m_lower);
    unref_if(m_parent);
    if (m_name)
        arena().free_string(m_name, m_name_length);
}

Inode* OverlayInode::real()
{
    // No lock: copy-up sets the upper once (with release ordering) and never clears it,
    // and both layers live as long as this inode, so a reader sees one or the other whole.
    Inode* upper = __atomic_load_n(&m_upper, __ATOMIC_ACQUIRE);
    Inode* r = upper ? upper : m_lower;
    r->ref();
    return r;
}

void OverlayInode::adopt_child(OverlayInode& child) { m_children.add(child); }

void OverlayInode::forget_child(OverlayInode& child)
{
    // The cache's reference; holders (dentries, open files) keep the inode alive.
    if (m_children.remove(child))
        child.unref();
}

Result<OverlayInode*> OverlayInode::make_child(StringView name, Inode* upper, Inode* lower)
{
    u64 ino;
    if (lower) {
        ino = lower->ino();
    } else {
        // A copied-up object keeps the number of the lower object it came from, also
        // after a rename took it away from the lower name.
        u64 origin = 0;
        auto got = upper->getxattr("trusted.overlay.origin", &origin, sizeof(origin));
        ino = got.is_ok() && got.value() == sizeof(origin) ? origin : OVERLAY_UPPER_INO_BASE + upper->ino();
    }
    bool opaque = upper && overlay_is_opaque(*upper);
    Inode* shown = upper ? upper : lower;
    auto* child = make_ref_counted<OverlayInode>(overlay(), ino, shown->mode(), upper, lower, this, name, opaque);
    if (!child)
        return Errno::ENOMEM;
    if (child->name().size() != name.size()) {
        child->unref();
        return Errno::ENOMEM;
    }
    adopt_child(*child);
    return child;
}

Result<OverlayInode*> OverlayInode::lookup_locked(StringView name, LookupStat* learned)
{
    if (!is_directory())
        return Errno::ENOTDIR;
    if (OverlayInode* cached = cached_child(name))
        return cached;
    Inode* upper = nullptr;
    if (m_upper) {
        auto found = m_upper->lookup(name);
        if (found.is_ok()) {
            upper = found.value();
            if (overlay_is_whiteout(*upper)) {
                upper->unref();
                return Errno::ENOENT;
            }
        } else if (found.error() != Errno::ENOENT) {
            return found.error();
        }
    }
    Inode* lower = nullptr;
    bool upper_hides_lower = upper && (!upper->is_directory() || overlay_is_opaque(*upper));
    if (m_lower && !m_opaque && !upper_hides_lower) {
        auto found = learned && !upper ? m_lower->lookup_stat(name, *learned) : m_lower->lookup(name);
        if (found.is_ok()) {
            lower = found.value();
            // An upper directory merges only with a lower directory.
            if (upper && !lower->is_directory()) {
                lower->unref();
                lower = nullptr;
            }
        } else if (found.error() != Errno::ENOENT) {
            unref_if(upper);
            return found.error();
        }
    }
    if (!upper && !lower)
        return Errno::ENOENT;
    auto child = make_child(name, upper, lower);
    unref_if(upper);
    unref_if(lower);
    if (learned && learned->valid) {
        // As stat() shows an object that lives in the lower only.
        learned->valid = child.is_ok() && !upper;
        learned->st.st_dev = fs().dev();
        learned->st.st_ino = child.is_ok() ? child.value()->ino() : 0;
    }
    return child;
}

Result<Inode*> OverlayInode::lookup(StringView name)
{
    LookupStat unused;
    return lookup_stat(name, unused);
}

LockKey OverlayInode::lock_key() const
{
    Inode* upper = __atomic_load_n(&m_upper, __ATOMIC_ACQUIRE);
    return upper ? upper->lock_key() : LockKey { this, 0, 0 };
}

Result<Inode*> OverlayInode::lookup_stat(StringView name, LookupStat& learned)
{
    MutexLocker locker(overlay().lock());
    OverlayInode* child = TRY(lookup_locked(name, &learned));
    child->ref();
    return static_cast<Inode*>(child);
}

Result<usize> OverlayInode::readlink(char* buffer, usize capacity)
{
    Inode* r = real();
    auto n = r->readlink(buffer, capacity);
    r->unref();
    return n;
}

Result<void> OverlayInode::stat(linux_stat& st)
{
    Inode* r = real();
    auto done = r->stat(st);
    r->unref();
    TRY(done);
    // A directory with a lower part shows the lower's link count and size (which a
    // copied-up memfs directory cannot know); its owner, mode and times are the upper's.
    if (is_directory() && m_lower && r != m_lower) {
        linux_stat lower_st {};
        if (m_lower->stat(lower_st).is_ok()) {
            st.st_nlink = lower_st.st_nlink;
            st.st_size = lower_st.st_size;
            st.st_blocks = lower_st.st_blocks;
            st.st_blksize = lower_st.st_blksize;
        }
    }
    // Every object shows the overlay's device and a number stable across copy-up.
    st.st_dev = fs().dev();
    st.st_ino = ino();
    return {};
}

bool OverlayInode::birth_time(linux_timespec& ts) const
{
    Inode* r = const_cast<OverlayInode*>(this)->real();
    bool known = r->birth_time(ts);
    r->unref();
    return known;
}

Result<void> OverlayInode::statfs(linux_statfs& st)
{
    // The lower filesystem's numbers, as Linux reports those of the upper's; the
    // sandbox's writes live in memory and have no capacity of their own to show.
    Inode* lower_root = overlay().lower_fs().root_inode();
    auto done = lower_root->statfs(st);
    lower_root->unref();
    TRY(done);
    st.f_type = OVERLAYFS_SUPER_MAGIC;
    st.f_fsid[0] = i32(dev_minor(fs().dev()));
    st.f_fsid[1] = i32(dev_major(fs().dev()));
    return {};
}

Result<OpenFile*> OverlayInode::open(const Path& path, int flags)
{
    u32 type = mode() & S_IFMT;
    // Directories list the merged view through list_entry; O_PATH needs no layer file.
    if ((flags & O_PATH) || type == S_IFDIR)
        return open_plain_file(path, flags);
    bool wants_write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
    if (wants_write) {
        MutexLocker locker(overlay().lock());
        TRY(copy_up());
    }
    Inode* r = real();
    auto layer_path = overlay_layer_path(path, *r);
    r->unref();
    if (layer_path.is_error())
        return layer_path.error();
    OpenFile* inner = TRY(layer_path.value().inode().open(layer_path.value(), flags));
    return OverlayFile::create(path, flags, inner);
}

Result<void> OverlayInode::setattr(const InodeAttr& attr)
{
    MutexLocker locker(overlay().lock());
    TRY(copy_up());
    return m_upper->setattr(attr);
}

// The flags of the object that is current; setting them copies up first, as Linux's
// overlayfs does.
Result<u32> OverlayInode::fileattr_get()
{
    Inode* r = real();
    auto got = r->fileattr_get();
    r->unref();
    return got;
}

Result<void> OverlayInode::fileattr_set(u32 flags)
{
    MutexLocker locker(overlay().lock());
    TRY(copy_up());
    return m_upper->fileattr_set(flags);
}

Result<usize> OverlayInode::getxattr(StringView name, void* buffer, usize capacity)
{
    if (overlay_private_xattr(name))
        return Errno::ENODATA;
    Inode* r = real();
    auto got = r->getxattr(name, buffer, capacity);
    r->unref();
    return got;
}

Result<void> OverlayInode::setxattr(StringView name, const void* value, usize size, int flags)
{
    if (overlay_private_xattr(name))
        return Errno::EPERM;
    MutexLocker locker(overlay().lock());
    TRY(copy_up());
    return m_upper->setxattr(name, value, size, flags);
}

Result<void> OverlayInode::removexattr(StringView name)
{
    if (overlay_private_xattr(name))
        return Errno::ENODATA;
    MutexLocker locker(overlay().lock());
    TRY(copy_up());
    return m_upper->removexattr(name);
}

Result<usize> OverlayInode::listxattr(char* buffer, usize capacity, bool include_trusted)
{
    Inode* r = real();
    auto* all = static_cast<char*>(arena().allocate(XATTR_LIST_MAX));
    if (!all) {
        r->unref();
        return Errno::ENOMEM;
    }
    auto listed = r->listxattr(all, XATTR_LIST_MAX, include_trusted);
    r->unref();
    if (listed.is_error()) {
        arena().deallocate(all, XATTR_LIST_MAX);
        return listed.error();
    }
    // Keeps the names the guest may see, dropping the overlay's own.
    usize out = 0;
    bool too_small = false;
    for (usize at = 0; at < listed.value();) {
        StringView name(all + at, cstr_length(all + at));
        at += name.size() + 1;
        if (overlay_private_xattr(name))
            continue;
        if (capacity != 0) {
            if (out + name.size() + 1 > capacity) {
                too_small = true;
                break;
            }
            mem_copy(buffer + out, name.data(), name.size() + 1);
        }
        out += name.size() + 1;
    }
    arena().deallocate(all, XATTR_LIST_MAX);
    if (too_small)
        return Errno::ERANGE;
    return out;
}
