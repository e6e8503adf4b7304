#pragma once

// An overlay inode: the upper object (memfs) and/or the lower object it shows. Each
// directory keeps its looked-up children so that every name maps to one overlay inode,
// the identity that dentries and file locks key on, and a change through any name is
// seen through all of them.

#include "kernel/base/NameTable.h"
#include "kernel/fs/overlay/OverlayFs.h"
#include "kernel/fs/overlay/OverlayListing.h"
#include "kernel/vfs/Inode.h"

// Inode numbers of objects that exist only in the upper, above any lower number.
constexpr u64 OVERLAY_UPPER_INO_BASE = u64(1) << 56;

class OverlayInode final : public Inode {
public:
    // Takes references to `upper`, `lower` and `parent` (each may be null).
    OverlayInode(OverlayFs& fs, u64 ino, u32 mode, Inode* upper, Inode* lower, OverlayInode* parent, StringView name,
        bool opaque);
    ~OverlayInode() override;

    OverlayFs& overlay() const { return static_cast<OverlayFs&>(fs()); }
    // The name this inode is cached under in its parent (empty for the root and for an
    // unnamed O_TMPFILE).
    StringView name() const { return { m_name, m_name_length }; }

    Result<Inode*> lookup(StringView name) override;
    Result<Inode*> lookup_stat(StringView name, LookupStat& learned) override;
    Result<usize> readlink(char* buffer, usize capacity) override;
    Result<void> stat(linux_stat& st) override;
    Result<void> statfs(linux_statfs& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    Result<bool> list_entry(u64 index, DirEntryInfo& entry) override;

    // Changes, in OverlayChange.cpp.
    Result<Inode*> create(StringView name, const InodeCreation& creation) override;
    Result<Inode*> mkdir(StringView name, const InodeCreation& creation) override;
    Result<Inode*> symlink(StringView name, StringView target, const InodeCreation& creation) override;
    Result<void> link(StringView name, Inode& target) override;
    Result<void> unlink(StringView name) override;
    Result<void> rmdir(StringView name) override;
    Result<void> rename(StringView old_name, Inode& new_dir, StringView new_name, u32 flags) override;
    Result<void> setattr(const InodeAttr& attr) override;
    Result<u32> fileattr_get() override;
    Result<void> fileattr_set(u32 flags) override;
    Result<Inode*> create_tmpfile(const InodeCreation& creation) override;
    bool birth_time(linux_timespec& ts) const override;
    // As Linux's overlayfs keys its inodes: every name of an upper object is one file,
    // while names of a lower object not copied up are each their own (lower hard links
    // are broken by copy-up).
    LockKey lock_key() const override;

    Result<usize> getxattr(StringView name, void* buffer, usize capacity) override;
    Result<void> setxattr(StringView name, const void* value, usize size, int flags) override;
    Result<usize> listxattr(char* buffer, usize capacity, bool include_trusted) override;
    Result<void> removexattr(StringView name) override;

    // A new reference to the object reads go to: the upper when there is one.
    Inode* real();
    // Copies this object and its parents up; afterwards upper() is set.
    // Preconditions: the overlay's lock is held.
    Result<void> copy_up();
    Inode* upper() const { return m_upper; }
    Inode* lower() const { return m_lower; }

private:
    // Preconditions for all below: the overlay's lock is held.
    // With `learned`, a child made from the lower alone passes on what the lower's
    // lookup learned, as this overlay shows it.
    Result<OverlayInode*> lookup_locked(StringView name, LookupStat* learned = nullptr);
    OverlayInode* cached_child(StringView name) const { return m_children.find(name); }
    void forget_child(OverlayInode& child);
    void adopt_child(OverlayInode& child);
    Result<OverlayInode*> make_child(StringView name, Inode* upper, Inode* lower);
    // Whether the upper directory holds a whiteout for `name`.
    bool upper_has_whiteout(StringView name);
    Result<void> remove_upper_whiteout(StringView name);
    Result<void> add_whiteout(StringView name);
    // Prepares this directory for a new upper entry `name` (ENOTDIR when this is not a
    // directory, EEXIST when the name is taken); returns whether a whiteout was there (a
    // new directory then must be opaque).
    Result<bool> prepare_new_name(StringView name);
    // Names `made`, an object just made in the upper directory, as the child `name`:
    // takes over the caller's reference and returns a new reference to the child.
    Result<Inode*> adopt_new_upper(StringView name, Inode* made);
    // Whether this directory shows no entries (rmdir and rename over it).
    Result<bool> merged_empty();
    // Removes the whiteouts left in this directory's upper before it is removed.
    Result<void> clear_upper_whiteouts();
    Result<void> copy_up_data(Inode& upper);
    Result<void> copy_up_xattrs(Inode& upper);
    Result<void> rebuild_listing();
    Result<void> list_layer(Inode& layer, bool is_upper);
    void invalidate_listing() { m_listing_valid = false; }
    // Moves this inode's cached name after a rename, taking over `new_name` (an arena
    // string of `length` bytes). Preconditions: not cached anywhere.
    void move_to(OverlayInode& new_parent, char* new_name, usize length);

    Inode* m_upper;
    Inode* m_lower;
    OverlayInode* m_parent;
    bool m_opaque;
    bool m_listing_valid { false };
    OverlayListing m_listing;
    char* m_name { nullptr };
    usize m_name_length { 0 };
    // Links this inode into its parent's m_children.
    OverlayInode* m_next_sibling { nullptr };
    // Looked-up children, each with a reference held by this cache.
    NameTable<OverlayInode, &OverlayInode::m_next_sibling> m_children;
};

// Whether an upper object is a whiteout.
bool overlay_is_whiteout(Inode& inode);
// Whether an upper directory is opaque.
bool overlay_is_opaque(Inode& inode);
// The xattrs the overlay keeps for itself in the upper.
bool overlay_private_xattr(StringView name);

// A path naming `inode` beneath the parent of `like`, for opening a layer's object
// through the filesystem that owns it.
Result<Path> overlay_layer_path(const Path& like, Inode& inode);
