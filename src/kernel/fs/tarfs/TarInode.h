#pragma once

// A tarfs inode: one archive member (or a directory the archive's paths imply). Hard
// links share one inode. The fields are written while the archive is indexed and never
// after, so readers need no lock.

#include "kernel/fs/tarfs/TarFs.h"
#include "kernel/vfs/Inode.h"

class TarInode final : public Inode {
public:
    TarInode(TarFs& fs, u64 ino, u32 mode)
        : Inode(fs, ino, mode)
        , m_permissions(mode & 07777)
    {
    }
    ~TarInode() override;

    Result<Inode*> lookup(StringView name) override;
    Result<usize> readlink(char* buffer, usize capacity) override;
    Result<void> stat(linux_stat& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    Result<bool> list_entry(u64 index, DirEntryInfo& entry) override;

    TarFs& tar_fs() const { return static_cast<TarFs&>(fs()); }
    u64 size() const { return m_size; }
    u64 data_offset() const { return m_data_offset; }
    const TarDirent& entry(u32 index) const { return m_entries[index]; }
    u32 entry_count() const { return m_entry_count; }

private:
    friend class TarFs;

    // Sets the attributes a member header gives.
    void set_attributes(const TarMember& member);

    u32 m_permissions;
    u32 m_uid { 0 };
    u32 m_gid { 0 };
    i64 m_mtime { 0 };
    u64 m_size { 0 };
    u64 m_data_offset { 0 };
    u64 m_rdev { 0 };
    u32 m_nlink { 0 };
    // Symbolic links: the target, an arena string.
    char* m_target { nullptr };
    u32 m_target_length { 0 };
    // Directories: the entries in archive order, and how many are directories.
    TarDirent* m_entries { nullptr };
    u32 m_entry_count { 0 };
    u32 m_entry_capacity { 0 };
    u32 m_subdirectories { 0 };
};
