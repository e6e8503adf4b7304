#pragma once

// memfs inodes: one class for every kind (directory, regular file, symlink, FIFO,
// socket, device node); the fields of other kinds stay empty. All state is guarded by
// the filesystem's lock (MemFs::lock()).

#include "kernel/fs/memfs/MemFs.h"
#include "kernel/fs/memfs/PageIndex.h"
#include "kernel/mm/MapBacking.h"
#include "kernel/vfs/Inode.h"

// One name in a directory. Holds a reference to its inode.
struct MemDirent {
    MemDirent* next { nullptr };
    MemInode* inode { nullptr };
    u32 name_length { 0 };
    char name[256] {};
};

// One extended attribute.
struct MemXattr {
    MemXattr* next { nullptr };
    char* value { nullptr };
    u32 size { 0 };
    u32 name_length { 0 };
    char name[256] {};
};

// The memfd seals (F_ADD_SEALS).
constexpr u32 F_SEAL_SEAL = 0x1;
constexpr u32 F_SEAL_SHRINK = 0x2;
constexpr u32 F_SEAL_GROW = 0x4;
constexpr u32 F_SEAL_WRITE = 0x8;
constexpr u32 F_SEAL_FUTURE_WRITE = 0x10;

// tmpfs reports a directory's size as 20 bytes per entry plus 40 for "." and "..".
constexpr u64 MEMFS_DIRENT_SIZE = 20;

class MemInode final : public Inode
    , public MapBacking {
public:
    MemInode(MemFs& fs, u64 ino, const InodeCreation& creation);
    ~MemInode() override;

    MemFs& mem_fs() const { return static_cast<MemFs&>(fs()); }

    Result<Inode*> lookup(StringView name) override;
    Result<usize> readlink(char* buffer, usize capacity) override;
    Result<void> stat(linux_stat& st) override;
    Result<void> statfs(linux_statfs& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    Result<bool> list_entry(u64 index, DirEntryInfo& entry) override;

    Result<Inode*> create(StringView name, const InodeCreation& creation) override;
    Result<Inode*> mkdir(StringView name, const InodeCreation& creation) override;
    Result<Inode*> symlink(StringView name, StringView target, const InodeCreation& creation) override;
    Result<void> link(StringView name, Inode& target) override;
    Result<void> unlink(StringView name) override;
    Result<void> rmdir(StringView name) override;
    Result<void> rename(StringView old_name, Inode& new_dir, StringView new_name, u32 flags) override;
    Result<Inode*> create_tmpfile(const InodeCreation& creation) override;
    Result<void> link_tmpfile(StringView name, Inode& target) override;
    Result<void> setattr(const InodeAttr& attr) override;
    bool birth_time(linux_timespec& ts) const override;
    void statx_attributes(u64& attributes, u64& mask) const override;
    Result<u32> fileattr_get() override { return __atomic_load_n(&m_attr_flags, __ATOMIC_RELAXED); }
    Result<void> fileattr_set(u32 flags) override;

    Result<usize> getxattr(StringView name, void* buffer, usize capacity) override;
    Result<void> setxattr(StringView name, const void* value, usize size, int flags) override;
    Result<usize> listxattr(char* buffer, usize capacity, bool include_trusted) override;
    Result<void> removexattr(StringView name) override;

    // File data, for MemFile. Preconditions: the filesystem lock is held.
    u64 size() const { return m_size; }
    Result<u64> read_data(void* buffer, u64 len, u64 offset);
    Result<u64> write_data(const void* buffer, u64 len, u64 offset);
    // The same between the file and guest memory at `user`: the bytes before a fault
    // count, EFAULT when there are none.
    Result<u64> read_user(u64 user, u64 len, u64 offset);
    Result<u64> write_user(u64 user, u64 len, u64 offset);
    Result<void> set_size(u64 size);
    Result<void> allocate_range(u64 offset, u64 len, bool keep_size);
    void punch_range(u64 offset, u64 len);
    // The next offset at or after `offset` inside (data) or outside (hole) a page.
    u64 seek_data(u64 offset, bool want_data) const;
    u32 seals() const { return m_seals; }
    void add_seals(u32 seals) { m_seals |= seals; }
    void set_seals(u32 seals) { m_seals = seals; }
    void touch(bool modify);
    // A read of the data or a listing: the atime moves as a relatime mount moves it
    // (when it is not after the mtime and ctime, or is a day old), or always with
    // `strict`. Preconditions: the filesystem lock is held.
    void note_access_locked(bool strict);
    void accessed(u32 mount_flags) override;
    // Shared mappings that may write (F_SEAL_WRITE is EBUSY while there are any).
    u64 writable_mappings() const { return m_writable_mappings; }

    // Mappings (MemMap.cpp). They take the filesystem lock themselves.
    Result<bool> check_map(int prot, bool shared) override;
    Result<void> map_pages(u64 address, u64 length, u64 offset, int prot, bool shared, bool writable) override;
    void mapping_removed(bool writable) override;
    // Marks an unnamed file (memfd, O_TMPFILE) so that linkat may give it a name.
    void set_tmpfile(bool tmpfile) { m_tmpfile = tmpfile; }
    bool tmpfile() const { return m_tmpfile; }

private:
    // Whether this directory may take a new entry `name`: ENOTDIR, EEXIST, or ENOENT
    // once the directory itself is removed. Preconditions: the filesystem lock is held.
    Result<void> check_new_name(StringView name);
    Result<MemInode*> add_child(StringView name, const InodeCreation& creation);
    MemDirent* find(StringView name) const;
    Result<void> insert(StringView name, MemInode& inode);
    // Unlinks and frees the entry `name`; drops its inode reference.
    void remove(StringView name);
    bool empty_directory() const { return m_entries == nullptr; }
    void free_page(u64 index);
    // Drops the data of a page: frees it, or zeroes it in place once the file has been
    // mapped (a mapped page must never go back to the arena while the file lives).
    void release_page(u64 index);
    // Zeroes whatever allocated pages hold in [from, to), for a mapped file that grows
    // over bytes its mappings may have written past the old end.
    void zero_existing(u64 from, u64 to);
    Result<void> fill_holes(u64 first, u64 last);
    // Copies `n` bytes into a file page from source byte `done`; returns how many it did.
    using PageCopy = u64 (*)(u8* page, u64 done, u64 n, const void* source);
    Result<u64> write_pages(u64 len, u64 offset, PageCopy copy, const void* source);
    // Copies file bytes out page by page (holes read as zeros); stops at a short copy.
    using PageCopyOut = u64 (*)(const u8* page, u64 done, u64 n, void* target);
    Result<u64> read_pages(u64 len, u64 offset, PageCopyOut copy, void* target);
    void free_pages_from(u64 first);

    u32 m_perm;
    u32 m_uid;
    u32 m_gid;
    u32 m_nlink { 1 };
    u32 m_seals { 0 };
    u32 m_attr_flags { 0 }; // FS_*_FL
    bool m_tmpfile { false };
    bool m_mapped { false };
    u64 m_writable_mappings { 0 };
    u64 m_size { 0 };
    u64 m_rdev { 0 };
    linux_timespec m_atime {};
    linux_timespec m_mtime {};
    linux_timespec m_ctime {};
    linux_timespec m_btime {};
    // Directories: entries, oldest first, and the last one (creations append).
    MemDirent* m_entries { nullptr };
    MemDirent* m_last_entry { nullptr };
    // Where the last listing step stopped: the entry at position m_cursor_index. A
    // listing asks for positions in order, so each step starts here instead of at the
    // head, which keeps a whole listing O(n). Appends leave positions alone; a removal
    // shifts them and forgets the cursor.
    MemDirent* m_cursor_entry { nullptr };
    u64 m_cursor_index { 0 };
    // Regular files: the arena page of each index; holes have none.
    PageIndex m_pages;
    u64 m_page_count { 0 };
    // Symbolic links: the target, NUL-terminated.
    char* m_target { nullptr };
    MemXattr* m_xattrs { nullptr };
};
