#pragma once

// Inodes: the objects a filesystem names. Each filesystem derives its own kinds and
// implements the operations that apply; the defaults give Linux's answer for an object
// that does not support the operation.

#include "kernel/abi/Stat.h"
#include "kernel/abi/Statfs.h"
#include "kernel/base/Result.h"
#include "kernel/base/StringView.h"
#include "kernel/vfs/RefCounted.h"

class FileSystem;
class OpenFile;
struct Path;

// One directory entry as a filesystem reports it for getdents.
struct DirEntryInfo {
    u64 ino { 0 };
    u8 type { 0 };
    char name[256] {};
};

class Inode : public RefCounted {
public:
    Inode(FileSystem& fs, u64 ino, u32 mode)
        : m_fs(fs)
        , m_ino(ino)
        , m_mode(mode)
    {
    }

    FileSystem& fs() const { return m_fs; }
    u64 ino() const { return m_ino; }
    // The file type and permission bits as they were at lookup; stat() is authoritative.
    u32 mode() const { return m_mode; }
    bool is_directory() const { return (m_mode & S_IFMT) == S_IFDIR; }
    bool is_symlink() const { return (m_mode & S_IFMT) == S_IFLNK; }

    // Returns a new reference to the child `name` of this directory.
    virtual Result<Inode*> lookup(StringView name);
    // Copies the target of this symbolic link into `buffer`; returns its length (no NUL).
    virtual Result<usize> readlink(char* buffer, usize capacity);
    // Magic links (/proc/PID/fd/N) name an open file rather than a path; following one
    // yields a new reference to that file.
    virtual bool is_magic_link() const { return false; }
    // Links Linux treats as magic (/proc/PID/exe, cwd, root) although this kernel
    // follows them by their text; RESOLVE_NO_MAGICLINKS refuses them too.
    virtual bool counts_as_magic_link() const { return is_magic_link(); }
    virtual Result<OpenFile*> magic_target();
    virtual Result<void> stat(linux_stat& st) = 0;
    // statfs(2) of the filesystem holding this inode; the default describes a filesystem
    // with no capacity limits of its own. The caller adds the mount's flags.
    virtual Result<void> statfs(linux_statfs& st);
    // Opens this inode. `path` names it (the file keeps a reference); `flags` are the
    // open(2) flags after validation, without O_CREAT/O_EXCL/O_CLOEXEC.
    virtual Result<OpenFile*> open(const Path& path, int flags) = 0;
    // Directory listing for filesystems without a host directory behind them: entry
    // `index` (from 0, after "." and ".."), or false when there are no more.
    virtual Result<bool> list_entry(u64 index, DirEntryInfo& entry);

private:
    FileSystem& m_fs;
    u64 m_ino;
    u32 m_mode;
};

// Converts a stat mode to the d_type of a directory entry.
u8 dirent_type_of(u32 mode);
