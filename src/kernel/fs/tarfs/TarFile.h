#pragma once

// An open tarfs regular file: reads go to the archive at the member's data offset.

#include "kernel/fs/tarfs/TarInode.h"
#include "kernel/vfs/OpenFile.h"

class TarFile final : public OpenFile {
public:
    TarFile(const Path& path, int flags, TarInode& inode)
        : OpenFile(path, flags)
        , m_inode(inode)
    {
    }

    Result<u64> pread(void* buffer, u64 len, i64 offset) override;
    // Mappings need a host fd whose offsets are the file's, but a member's data sits at
    // an arbitrary 512-byte boundary of the archive. So the first mapping of a member in
    // a host process copies it into a memfd, which that process (and the children it
    // forks later) reuse for every further mapping of the member.
    Result<int> mmap_host_fd() override;

private:
    TarInode& m_inode;
};
