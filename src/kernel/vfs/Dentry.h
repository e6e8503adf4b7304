#pragma once

// Dentries name inodes within a filesystem: a name, the parent directory's dentry and
// the inode. A filesystem that caches dentries keeps each looked-up child in its
// parent's child list for the life of the sandbox (FIXME: no eviction yet); other
// filesystems make a fresh dentry per walk, freed with its last reference.
//
// A dentry's cached children are hashed by name once there are more than a few, so a
// lookup in a large directory costs the same as in a small one. Each dentry's children
// are guarded by its own lock, in the arena like the dentry, so that every process of
// the sandbox excludes the others.
//
// Lock order: a dentry's child lock is taken after any OpenFile or FdTable lock and
// before the arena's lock; rename takes two parents' locks in address order.

#include "kernel/base/Mutex.h"
#include "kernel/base/NameTable.h"
#include "kernel/vfs/Inode.h"

class Mount;

class Dentry : public RefCounted {
public:
    // Takes new references to `parent` (may be null for a filesystem root) and `inode`.
    static Dentry* create(Dentry* parent, StringView name, Inode& inode);
    ~Dentry() override;

    Dentry* parent() const { return m_parent; }
    Inode& inode() const { return *m_inode; }
    StringView name() const { return { m_name, m_name_length }; }

    // Mounts on this dentry, counted so that a walk looks in the mount table only where
    // something is mounted.
    bool is_mountpoint() const { return m_mount_count.load(MemoryOrder::Acquire) != 0; }
    void add_mount() { m_mount_count.fetch_add(1); }
    void remove_mount() { m_mount_count.fetch_sub(1); }

    // Returns a new reference to the child `name`, from the cache or from the inode.
    // With `learned`, a child looked up afresh passes on the attributes the filesystem
    // learned meanwhile (Inode::lookup_stat).
    static Result<Dentry*> lookup_child(Dentry& parent, StringView name, LookupStat* learned = nullptr);
    // Forgets the cached child `name` after unlink or rmdir removed it; a dentry still
    // referenced (a cwd, an open file) lives on, unreachable by name.
    static void drop_child(Dentry& parent, StringView name);
    // Follows a rename: the cached child `old_name` of `old_parent` becomes `new_name`
    // of `new_parent`, and whatever was cached there is dropped. With `exchange` the
    // two cached children swap places instead (RENAME_EXCHANGE).
    static Result<void> move_child(Dentry& old_parent, StringView old_name, Dentry& new_parent, StringView new_name,
        bool exchange);
    // Whether unlink, rmdir or a rename over it removed this name (Linux's d_unlinked):
    // a cwd here makes getcwd fail with ENOENT, and /proc links show " (deleted)".
    bool is_unlinked() const { return m_unlinked.load(MemoryOrder::Acquire) != 0; }
    void set_unlinked() { m_unlinked.store(1, MemoryOrder::Release); }
    // Whether `ancestor` is this dentry or one of its parents (rename's EINVAL check).
    bool is_descendant_of(const Dentry& ancestor) const;

private:
    Dentry() = default;
    friend class Arena;

    Dentry* m_parent { nullptr };
    Inode* m_inode { nullptr };
    char* m_name { nullptr };
    usize m_name_length { 0 };
    Atomic<u32> m_mount_count { 0 };
    Atomic<u32> m_unlinked { 0 };
    // Links this dentry into its parent's m_children.
    Dentry* m_next_sibling { nullptr };
    // Cached children, guarded by m_children_lock.
    Mutex m_children_lock;
    NameTable<Dentry, &Dentry::m_next_sibling> m_children;
};

// A position in the mounted tree: which mount, and which dentry within it. Holds a
// reference to the dentry; mounts live as long as the sandbox.
struct Path {
    Mount* mount { nullptr };
    Dentry* dentry { nullptr };

    Path() = default;
    Path(Mount* m, Dentry* d)
        : mount(m)
        , dentry(d)
    {
        if (dentry)
            dentry->ref();
    }
    Path(const Path& other)
        : Path(other.mount, other.dentry)
    {
    }
    // A path that takes over the caller's reference to `d` instead of taking its own.
    static Path adopt(Mount* m, Dentry* d)
    {
        Path p;
        p.mount = m;
        p.dentry = d;
        return p;
    }
    Path(Path&& other)
        : mount(other.mount)
        , dentry(other.dentry)
    {
        other.mount = nullptr;
        other.dentry = nullptr;
    }
    Path& operator=(const Path& other)
    {
        if (this != &other) {
            Path copy(other);
            swap(copy);
        }
        return *this;
    }
    Path& operator=(Path&& other)
    {
        swap(other);
        return *this;
    }
    ~Path() { unref_if(dentry); }

    void swap(Path& other)
    {
        auto* m = mount;
        auto* d = dentry;
        mount = other.mount, dentry = other.dentry;
        other.mount = m, other.dentry = d;
    }
    bool is_null() const { return !dentry; }
    Inode& inode() const { return dentry->inode(); }
    bool operator==(const Path& other) const { return mount == other.mount && dentry == other.dentry; }
};
