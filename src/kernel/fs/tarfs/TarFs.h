#pragma once

// tarfs: a tar archive as a read-only filesystem, the sandbox root of `cell run --image`.
//
// Mounting indexes the archive's headers (TarReader) into arena inodes and a name hash
// table; nothing is unpacked. File data stays in the archive and is read with host
// pread at each member's data offset, so an image of hundreds of megabytes mounts in
// the time it takes to read its headers. The index is immutable once built, so lookups
// and listings need no lock.
//
// The archive's host fd is reached through a host handle (hostfs/HostHandles.h), never
// stored in the arena: every sandbox process descends from the one that mounted the
// image and inherits the fd together with its handle table.

#include "kernel/fs/tarfs/TarReader.h"
#include "kernel/vfs/FileSystem.h"

class TarInode;

// One name in a directory.
struct TarDirent {
    char* name { nullptr };
    u32 length { 0 };
    TarInode* inode { nullptr };
};

class TarFs final : public FileSystem {
public:
    // Indexes the archive open on `host_fd` and takes ownership of the fd (it is closed
    // if indexing fails). A malformed archive gives EINVAL with `error` saying why.
    static Result<TarFs*> create(int host_fd, TarError& error);

    Inode* root_inode() override;

    // Reads raw archive bytes; returns how many were read (short at the end).
    Result<u64> read_archive(void* buffer, u64 len, u64 offset);
    // The child `name` of directory `dir`, without a new reference; null if absent.
    TarInode* find(const TarInode& dir, StringView name) const;
    u64 member_count() const { return m_member_count; }

private:
    TarFs(u64 dev, int handle, u64 archive_size)
        : FileSystem("tarfs", dev, true, true)
        , m_handle(handle)
        , m_archive_size(archive_size)
    {
    }
    friend class Arena;

    Result<void> index(TarError& error);
    Result<void> add_member(const TarMember& member, TarError& error);
    // Walks the directories of `path` below the root, making the missing ones; returns
    // the last directory and leaves the final component in `leaf` (empty for the root).
    Result<TarInode*> walk_to_parent(StringView path, StringView& leaf, bool create, TarError& error, u64 offset);
    Result<TarInode*> make_inode(u32 mode);
    // Adds (or replaces) `name` in `dir`, taking a new reference to `inode`.
    Result<void> link(TarInode& dir, StringView name, TarInode& inode);
    Result<void> grow_table();
    u64 slot_of(const TarInode& dir, StringView name) const;

    // A name in the table. `tag` holds high bits of the name's hash, so that most
    // mismatches are seen without touching the directory's entries.
    struct Slot {
        TarInode* dir;
        u32 entry;
        u32 tag;
    };

    int m_handle;
    u64 m_archive_size;
    TarInode* m_root { nullptr };
    u64 m_next_ino { 2 };
    u64 m_member_count { 0 };
    // When the image was mounted: the times of directories that only paths imply, as
    // extraction would give them.
    i64 m_mount_time { 0 };
    Slot* m_slots { nullptr };
    u64 m_slot_count { 0 };
    u64 m_used_slots { 0 };
};

// Mounts the boot image given by the launcher (`cell run --image`) and returns its
// filesystem. A malformed archive ends the sandbox with a one-line message.
Result<TarFs*> tarfs_mount_boot_image(int host_fd);
