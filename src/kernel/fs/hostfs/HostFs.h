#pragma once

// hostfs: a host directory (or a single host file) as a filesystem: the root's lower
// layer (the host's "/" read-only, or --root) and the launcher's --bind / --ro-bind.
//
// Every host access is by one name relative to the parent directory's host fd, with
// host calls that never follow a symlink in that final component; the directory fds are
// cached per host process (HostDirFds.h) and opened, on a miss, from the mount's root
// dirfd through openat2 with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS |
// RESOLVE_NO_SYMLINKS. The VFS walk resolves symlinks and ".." itself, so a host symlink
// (or one swapped in by a racing host process) can never lead outside the granted
// directory. A stat, a lookup or an open is thus one host call, as natively.

#include "kernel/abi/Fcntl.h"
#include "kernel/base/Mutex.h"
#include "kernel/fs/hostfs/HostDirFds.h"
#include "kernel/fs/hostfs/HostLookupCache.h"
#include "kernel/fs/hostfs/HostOwners.h"
#include "kernel/vfs/FileSystem.h"
#include "kernel/vfs/Inode.h"

class HostInode;

// How a hostfs mount shares its tree with the host (see above).
enum class HostSharing {
    // Writable, with attributes asked of the host at every stat.
    Shared,
    // Read-only, with attributes asked of the host at every stat.
    SharedReadOnly,
    // Read-only and the sandbox's own: attributes kept from the lookup.
    Exclusive,
};

class HostFs final : public FileSystem {
public:
    // Opens `host_path` and makes a filesystem of it. For a file, the filesystem is that
    // one file, reached beneath its parent directory.
    static Result<HostFs*> create(const char* host_path, HostSharing sharing);
    // Makes a filesystem beneath the host directory `dir_fd` (taking ownership of the fd):
    // that directory itself when `file_name` is empty, else the one file of that name in it.
    static Result<HostFs*> create_at(int dir_fd, StringView file_name, HostSharing sharing);

    Inode* root_inode() override;
    int root_handle() const { return m_root_handle; }

    // Opens `relative` (a path below the root dirfd, "." for it) on the host. Returns a
    // host fd private to this process.
    Result<int> open_beneath(const char* relative, int flags, u32 mode = 0);

    // Guards every HostInode's place in the tree (parent, name, children).
    Mutex& tree_lock() { return m_tree_lock; }
    // A number no other inode of this filesystem has had, for host_dir_fds.
    u64 next_serial() { return m_next_serial.fetch_add(1); }
    HostOwners& owners() { return m_owners; }
    // Presents a host stat as the guest sees it: hostfs_present_owner, then what the
    // kernel keeps for the file.
    void present(linux_stat& st);
    // HostSharing::Exclusive: each inode keeps the attributes its lookup learned, a
    // directory the names found absent and a symlink its target.
    bool is_exclusive() const { return m_exclusive; }
    // How many more absent names may be kept. Preconditions: tree_lock is held.
    u32& absent_budget() { return m_absent_budget; }

private:
    HostFs(u64 dev, HostSharing sharing, int root_handle)
        : FileSystem("hostfs", dev, sharing != HostSharing::Shared, true)
        , m_root_handle(root_handle)
        , m_exclusive(sharing == HostSharing::Exclusive)
    {
    }
    friend class Arena;

    int m_root_handle;
    bool m_exclusive;
    u32 m_absent_budget { 16384 };
    HostInode* m_root { nullptr };
    Mutex m_tree_lock;
    HostOwners m_owners;
    Atomic<u64> m_next_serial { 1 };
};

// Owners the sandbox's user namespace cannot map appear as the overflow id (65534); they
// are reported as root, who owns the granted tree inside.
void hostfs_present_owner(linux_stat& st);

// Changes the mode of the host file `fd` (an O_PATH fd) names, with fchmodat2 or, on
// hosts without it, through /proc/self/fd.
Result<void> set_host_mode(int fd, u32 mode);

// A host file by its place in the tree: a parent and a name, so that a rename moves the
// whole subtree below it and holders of the inode (a cwd, an O_PATH fd) follow.
class HostInode final : public Inode {
public:
    // `host_dev` and `ino` are the host's st_dev and st_ino of the file.
    HostInode(HostFs& fs, u64 host_dev, u64 ino, u32 mode, HostInode* parent, char* name, usize length);
    ~HostInode() override;

    // Lookups and symlinks, in HostInodeLookup.cpp.
    Result<Inode*> lookup(StringView name) override;
    Result<Inode*> lookup_stat(StringView name, LookupStat& learned) override;
    Result<usize> readlink(char* buffer, usize capacity) override;
    // The rest, in HostFs.cpp.
    Result<void> stat(linux_stat& st) override;
    Result<void> statfs(linux_statfs& st) override;
    Result<OpenFile*> open(const Path& path, int flags) override;
    // The host file itself: every name of it, through any bind, is one file to locks.
    LockKey lock_key() const override;

    // Changes, in HostInodeOps.cpp.
    Result<Inode*> create(StringView name, const InodeCreation& creation) override;
    Result<Inode*> mkdir(StringView name, const InodeCreation& creation) override;
    Result<Inode*> symlink(StringView name, StringView target, const InodeCreation& creation) override;
    Result<void> link(StringView name, Inode& target) override;
    Result<void> unlink(StringView name) override;
    Result<void> rmdir(StringView name) override;
    Result<void> rename(StringView old_name, Inode& new_dir, StringView new_name, u32 flags) override;
    Result<void> setattr(const InodeAttr& attr) override;
    // Extended attributes, in HostInodeXattr.cpp.
    Result<usize> getxattr(StringView name, void* buffer, usize capacity) override;
    Result<void> setxattr(StringView name, const void* value, usize size, int flags) override;
    Result<u32> fileattr_get() override;
    Result<void> fileattr_set(u32 flags) override;
    Result<usize> listxattr(char* buffer, usize capacity, bool include_trusted) override;
    Result<void> removexattr(StringView name) override;
    // O_TMPFILE, in HostTmpfile.cpp.
    Result<Inode*> create_tmpfile(const InodeCreation& creation) override;

    // Makes the inode for `name` in `parent` (null for the root, whose `name` is "." or a
    // file's name beneath the root dirfd). Its attributes go to `learned` when given.
    static Result<HostInode*> make(HostFs& fs, HostInode* parent, StringView name, LookupStat* learned = nullptr);

    // Writes this inode's path below the root dirfd (NUL-terminated) into `buffer`;
    // ENOENT once it was removed.
    Result<usize> host_path(char* buffer, usize capacity);
    // Pins this directory's host fd (cached per host process, see HostDirFds.h).
    // `depth` counts the ancestors pinned one component at a time because their paths
    // are too long for one host call; past MAX_PIN_DEPTH the walk gives ENAMETOOLONG, so
    // that a deep miss cannot run the kernel stack out.
    static constexpr int MAX_PIN_DEPTH = 64;
    Result<void> pin_dir(HostDirPin& dir, int depth = 0);
    // Pins the parent directory's host fd and copies this inode's name, for one host
    // call by name. ENOENT once removed, and for the root.
    Result<void> pin_parent(HostDirPin& dir, char (&name)[NAME_MAX + 1], int depth = 0);
    // Opens this inode on the host with `flags` (O_NOFOLLOW is implied). An unnamed
    // file (O_TMPFILE) has no path: its host fd is duplicated instead, whatever `flags`.
    Result<int> open_host(int flags);
    // open_host() for access the VFS already granted the guest: where the host refuses
    // with EACCES a file the sandbox's host uid owns, its owner bits are widened for the
    // moment of the open; O_NOATIME, which the host takes only from a file's owner, is
    // dropped where the host refuses it.
    Result<int> open_host_as_owner(int flags);

private:
    HostFs& host_fs() const { return static_cast<HostFs&>(fs()); }
    // Tree changes after the host made them. Preconditions: none; they take tree_lock.
    void forget_child(StringView name);
    void move_child(StringView name, HostInode& new_parent, StringView new_name, bool exchange);
    // Preconditions: tree_lock is held.
    void attach(HostInode& parent);
    void detach();
    Result<Inode*> finish_create(int dirfd, StringView name, const InodeCreation& creation);
    Result<linux_stat> host_identity();
    // Opens a device node, in HostDevice.cpp.
    Result<OpenFile*> open_device(const Path& path, int flags);
    Result<OpenFile*> open_shared(const Path& path, int flags);
    Result<int> open_for_attrs();
    // The host's readlink of this symlink, truncated to `capacity` as readlink(2) does.
    Result<usize> read_host_link(char* buffer, usize capacity);
    // The host's value of `name`, or its list of names when `name` is null.
    Result<u64> read_host_xattr(const char* name, void* buffer, usize capacity);
    // An unnamed file: the host O_TMPFILE fd behind it, while it has no name.
    bool is_unnamed() const { return m_unnamed_handle >= 0; }
    Result<int> dup_unnamed();
    // Gives an unnamed file the name `name` in `dir`: host linkat, then its place in the tree.
    Result<void> link_unnamed(HostInode& dir, int dirfd, StringView name);
    void forget_unnamed();

    // The host's st_dev of the file, for lock_key().
    u64 m_host_dev;
    HostInode* m_parent;
    char* m_name;
    usize m_length;
    // Keys this directory's cached host fd.
    u64 m_serial;
    bool m_removed { false };
    HostInode* m_first_child { nullptr };
    HostInode* m_next_sibling { nullptr };
    // A host_handles handle, or host_handles::NO_HANDLE (-1).
    int m_unnamed_handle { -1 };
    // What the lookup learned, as presented, when the filesystem is exclusive; set
    // before the inode is published and never changed (the filesystem is read-only).
    linux_stat m_attributes;
    // When the filesystem is exclusive (HostLookupCache.h), guarded by its tree lock: the
    // names this directory's lookup found absent, and this symlink's target once read (it
    // never changes after, so it may be copied out of the lock).
    HostAbsentNames* m_absent { nullptr };
    char* m_link_target { nullptr };
    usize m_link_length { 0 };
};

// A host fd closed at the end of a scope.
struct HostFd {
    int fd;
    ~HostFd();
};
