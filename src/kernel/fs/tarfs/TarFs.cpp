#include "kernel/fs/tarfs/TarFs.h"
#include "kernel/Kernel.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Log.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostHandles.h"
#include "kernel/fs/tarfs/TarInode.h"
#include "platform/Platform.h"

namespace {

// Indexing reads the archive through a window: the headers of small members sit close
// together, and one host read of the window serves many of them. Reads the window cannot
// hold go straight to the archive.
struct IndexWindow {
    static constexpr u64 SIZE = 64 * 1024;
    TarFs* fs;
    u8* buffer;
    u64 start { 0 };
    u64 length { 0 };
};

Result<u64> read_through_window(void* context, void* buffer, u64 len, u64 offset)
{
    auto& window = *static_cast<IndexWindow*>(context);
    if (len > IndexWindow::SIZE)
        return window.fs->read_archive(buffer, len, offset);
    if (offset < window.start || offset + len > window.start + window.length) {
        window.start = offset;
        window.length = 0;
        window.length = TRY(window.fs->read_archive(window.buffer, IndexWindow::SIZE, offset));
    }
    u64 available = window.start + window.length - offset;
    u64 n = len < available ? len : available;
    if (offset >= window.start + window.length)
        n = 0;
    mem_copy(buffer, window.buffer + (offset - window.start), n);
    return n;
}

u64 hash_name(const TarInode& dir, StringView name)
{
    // FNV-1a over the name, seeded with the directory's address: names repeat across
    // directories ("bin", "lib") and must not collide there.
    u64 h = 0xcbf29ce484222325ull ^ (u64(&dir) >> 4);
    for (usize i = 0; i < name.size(); ++i) {
        h ^= u8(name[i]);
        h *= 0x100000001b3ull;
    }
    // FNV's low bits, which the table's mask keeps, mix poorly: finish with an avalanche.
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
}

u32 type_of(TarKind kind)
{
    switch (kind) {
    case TarKind::Directory:
        return S_IFDIR;
    case TarKind::Symlink:
        return S_IFLNK;
    case TarKind::CharDevice:
        return S_IFCHR;
    case TarKind::BlockDevice:
        return S_IFBLK;
    case TarKind::Fifo:
        return S_IFIFO;
    default:
        return S_IFREG;
    }
}

// Takes the next component of `path` from `pos`, skipping empty and "." ones. Returns
// false at the end.
bool next_component(StringView path, usize& pos, StringView& component)
{
    while (pos < path.size()) {
        usize end = path.find('/', pos);
        StringView part = path.substr(pos, end - pos);
        pos = end + (end < path.size() ? 1 : 0);
        if (part.empty() || part == ".")
            continue;
        component = part;
        return true;
    }
    return false;
}

}

Result<TarFs*> TarFs::create(int host_fd, TarError& error)
{
    linux_stat st {};
    if (auto stated = platform::fstatat(host_fd, "", &st, AT_EMPTY_PATH); stated.is_error()) {
        (void)platform::close(host_fd);
        return stated.error();
    }
    if ((st.st_mode & S_IFMT) != S_IFREG) {
        (void)platform::close(host_fd);
        error = { "the image is not a regular file", 0 };
        return Errno::EINVAL;
    }
    auto handle = host_handles::install(host_fd);
    if (handle.is_error()) {
        (void)platform::close(host_fd);
        return handle.error();
    }
    auto* fs = arena().make<TarFs>(allocate_anonymous_dev(), handle.value(), u64(st.st_size));
    if (!fs) {
        host_handles::release(handle.value());
        return Errno::ENOMEM;
    }
    // FIXME: a failed mount leaks the partial index; it only happens at boot, where the
    // sandbox ends right after.
    TRY(fs->index(error));
    return fs;
}

Inode* TarFs::root_inode()
{
    m_root->ref();
    return m_root;
}

Result<u64> TarFs::read_archive(void* buffer, u64 len, u64 offset)
{
    int fd = host_handles::host_fd(m_handle);
    if (fd < 0)
        return Errno::EIO;
    if (offset >= m_archive_size)
        return u64(0);
    if (len > m_archive_size - offset)
        len = m_archive_size - offset;
    return platform::pread(fd, buffer, len, i64(offset));
}

Result<void> TarFs::index(TarError& error)
{
    linux_timespec now {};
    (void)platform::clock_gettime(CLOCK_REALTIME, &now);
    m_mount_time = now.tv_sec;
    m_root = TRY(make_inode(S_IFDIR | 0755));
    m_root->m_nlink = 2;
    m_root->m_mtime = m_mount_time;
    TRY(grow_table());
    IndexWindow window { this, static_cast<u8*>(arena().allocate(IndexWindow::SIZE)) };
    auto* reader = arena().make<TarReader>(read_through_window, &window, m_archive_size);
    if (!reader || !window.buffer) {
        arena().destroy(reader);
        arena().deallocate(window.buffer, IndexWindow::SIZE);
        return Errno::ENOMEM;
    }
    Result<void> result {};
    for (;;) {
        TarMember member;
        auto more = reader->next(member);
        if (more.is_error()) {
            error = reader->error();
            if (!error.reason)
                error = { "the archive cannot be read", 0 };
            result = more.error();
            break;
        }
        if (!more.value())
            break;
        if (auto added = add_member(member, error); added.is_error()) {
            result = added.error();
            break;
        }
        ++m_member_count;
    }
    arena().destroy(reader);
    arena().deallocate(window.buffer, IndexWindow::SIZE);
    return result;
}

Result<TarInode*> TarFs::make_inode(u32 mode)
{
    auto* inode = make_ref_counted<TarInode>(*this, m_next_ino++, mode);
    if (!inode)
        return Errno::ENOMEM;
    return inode;
}

u64 TarFs::slot_of(const TarInode& dir, StringView name) const
{
    u64 mask = m_slot_count - 1;
    u64 hash = hash_name(dir, name);
    u32 tag = u32(hash >> 32);
    for (u64 i = hash & mask;; i = (i + 1) & mask) {
        const Slot& slot = m_slots[i];
        if (!slot.dir)
            return i;
        if (slot.tag == tag && slot.dir == &dir) {
            const TarDirent& entry = slot.dir->entry(slot.entry);
            if (StringView(entry.name, entry.length) == name)
                return i;
        }
    }
}

TarInode* TarFs::find(const TarInode& dir, StringView name) const
{
    const Slot& slot = m_slots[slot_of(dir, name)];
    return slot.dir ? slot.dir->entry(slot.entry).inode : nullptr;
}

Result<void> TarFs::grow_table()
{
    u64 count = m_slot_count ? m_slot_count * 2 : 1024;
    auto* slots = static_cast<Slot*>(arena().allocate(count * sizeof(Slot)));
    if (!slots)
        return Errno::ENOMEM;
    Slot* old = m_slots;
    u64 old_count = m_slot_count;
    m_slots = slots;
    m_slot_count = count;
    for (u64 i = 0; i < old_count; ++i) {
        if (!old[i].dir)
            continue;
        const TarDirent& e = old[i].dir->entry(old[i].entry);
        m_slots[slot_of(*old[i].dir, StringView(e.name, e.length))] = old[i];
    }
    if (old)
        arena().deallocate(old, old_count * sizeof(Slot));
    return {};
}

Result<void> TarFs::link(TarInode& dir, StringView name, TarInode& inode)
{
    u64 index = slot_of(dir, name);
    if (m_slots[index].dir) {
        // A later member of the same name replaces the earlier one, as extraction does.
        TarDirent& existing = dir.m_entries[m_slots[index].entry];
        TarInode* old = existing.inode;
        if (old == &inode)
            return {};
        if (old->is_directory())
            --dir.m_subdirectories, --dir.m_nlink;
        --old->m_nlink;
        existing.inode = &inode;
        inode.ref();
        old->unref();
    } else {
        if (dir.m_entry_count == dir.m_entry_capacity) {
            u32 capacity = dir.m_entry_capacity ? dir.m_entry_capacity * 2 : 8;
            auto* entries = static_cast<TarDirent*>(arena().allocate(capacity * sizeof(TarDirent)));
            if (!entries)
                return Errno::ENOMEM;
            if (dir.m_entries) {
                mem_copy(entries, dir.m_entries, dir.m_entry_count * sizeof(TarDirent));
                arena().deallocate(dir.m_entries, dir.m_entry_capacity * sizeof(TarDirent));
            }
            dir.m_entries = entries;
            dir.m_entry_capacity = capacity;
        }
        char* copy = arena().copy_string(name);
        if (!copy)
            return Errno::ENOMEM;
        u32 entry = dir.m_entry_count++;
        dir.m_entries[entry] = { copy, u32(name.size()), &inode };
        inode.ref();
        m_slots[index] = { &dir, entry, u32(hash_name(dir, name) >> 32) };
        if (++m_used_slots * 2 > m_slot_count)
            TRY(grow_table());
    }
    ++inode.m_nlink;
    if (inode.is_directory())
        ++dir.m_subdirectories, ++dir.m_nlink;
    return {};
}

Result<TarInode*> TarFs::walk_to_parent(StringView path, StringView& leaf, bool create, TarError& error, u64 offset)
{
    TarInode* dir = m_root;
    usize pos = 0;
    StringView component;
    leaf = {};
    bool have = next_component(path, pos, component);
    while (have) {
        if (component == "..") {
            error = { "a member name contains \"..\"", offset };
            return Errno::EINVAL;
        }
        if (component.size() > NAME_MAX) {
            error = { "a member name has a component longer than 255 bytes", offset };
            return Errno::EINVAL;
        }
        StringView next;
        bool more = next_component(path, pos, next);
        if (!more) {
            leaf = component;
            return dir;
        }
        TarInode* child = find(*dir, component);
        if (!child || !child->is_directory()) {
            if (!create)
                return Errno::ENOENT;
            // Directories the paths imply get the mode extraction would give them.
            child = TRY(make_inode(S_IFDIR | 0755));
            child->m_nlink = 1; // "." inside it; link() adds the parent's entry
            child->m_mtime = m_mount_time;
            auto linked = link(*dir, component, *child);
            child->unref();
            TRY(linked);
        }
        dir = child;
        component = next;
        have = more;
    }
    return dir;
}

Result<void> TarFs::add_member(const TarMember& member, TarError& error)
{
    if (member.kind == TarKind::Unsupported) {
        klog("tarfs: skipping %.*s: GNU sparse files and volume headers are not supported", int(member.path.size()),
            member.path.data());
        return {};
    }
    StringView leaf;
    TarInode* parent = TRY(walk_to_parent(member.path, leaf, true, error, member.header_offset));
    if (leaf.empty()) {
        // The archive's "./": the root directory's own attributes.
        if (member.kind == TarKind::Directory)
            m_root->set_attributes(member);
        return {};
    }
    if (member.kind == TarKind::HardLink) {
        StringView target_leaf;
        auto target_parent = walk_to_parent(member.link_target, target_leaf, false, error, member.header_offset);
        TarInode* target = target_parent.is_ok() && !target_leaf.empty() ? find(*target_parent.value(), target_leaf) : nullptr;
        if (!target || target->is_directory()) {
            error = { "a hard link names a file that is not earlier in the archive", member.header_offset };
            return Errno::EINVAL;
        }
        return link(*parent, leaf, *target);
    }
    TarInode* existing = find(*parent, leaf);
    if (member.kind == TarKind::Directory && existing && existing->is_directory()) {
        existing->set_attributes(member);
        return {};
    }
    TarInode* inode = TRY(make_inode(type_of(member.kind) | member.mode));
    inode->set_attributes(member);
    if (member.kind == TarKind::Directory)
        inode->m_nlink = 1;
    if (member.kind == TarKind::Symlink) {
        char* target = arena().copy_string(member.link_target);
        if (!target) {
            inode->unref();
            return Errno::ENOMEM;
        }
        inode->m_target = target;
        inode->m_target_length = u32(member.link_target.size());
    }
    auto linked = link(*parent, leaf, *inode);
    inode->unref();
    return linked;
}

Result<TarFs*> tarfs_mount_boot_image(int host_fd)
{
    TarError error;
    u64 start = platform::monotonic_ns();
    auto fs = TarFs::create(host_fd, error);
    if (fs.is_error()) {
        if (fs.error() == Errno::EINVAL && error.reason)
            sandbox_fail(125, "cell: the image is not a valid tar archive: %s (header at byte %llu)", error.reason,
                (unsigned long long)error.offset);
        const char* message = errno_message(i32(fs.error()));
        sandbox_fail(125, "cell: cannot mount the image: %s", message ? message : "unknown error");
    }
    klog("tarfs: indexed %llu members in %llu us", (unsigned long long)fs.value()->member_count(),
        (unsigned long long)((platform::monotonic_ns() - start) / 1000));
    return fs.value();
}
