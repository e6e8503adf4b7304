#pragma once

// A mounted filesystem instance: the properties every inode of it shares.

#include "kernel/abi/Statfs.h"
#include "kernel/base/Types.h"

class Inode;

class FileSystem {
public:
    FileSystem(const char* name, u64 dev, bool read_only, bool caches_dentries)
        : m_name(name)
        , m_dev(dev)
        , m_read_only(read_only)
        , m_caches_dentries(caches_dentries)
    {
    }
    virtual ~FileSystem() = default;

    const char* name() const { return m_name; }
    u64 dev() const { return m_dev; }
    bool read_only() const { return m_read_only; }
    // Whether looked-up dentries stay in the dentry cache. Filesystems whose names come
    // and go behind the VFS's back (procfs) answer false and are looked up every walk.
    bool caches_dentries() const { return m_caches_dentries; }

    // Returns a new reference to the root inode.
    virtual Inode* root_inode() = 0;
    // The f_type statfs(2) reports.
    virtual i64 magic() const { return TMPFS_MAGIC; }

private:
    const char* m_name;
    u64 m_dev;
    bool m_read_only;
    bool m_caches_dentries;
};

// Allocates a device number for a filesystem with no backing device (Linux's
// anonymous block devices, major 0).
u64 allocate_anonymous_dev();
