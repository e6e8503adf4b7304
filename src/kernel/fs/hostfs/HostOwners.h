#pragma once

// Ownership, permission bits, device nodes and extended attributes the host cannot store.
// The sandbox runs as one unprivileged host uid, so a chown by the sandbox's root (or a
// chmod of a host file that uid does not own), a mknod of a device, or a trusted.* or
// security.* attribute cannot reach the host; the kernel keeps such changes here, keyed
// by the host's (dev, ino), and reports them for the sandbox's lifetime. Each hostfs
// mount has its own table in the arena, shared by every sandbox process.

#include "kernel/abi/Stat.h"
#include "kernel/base/Mutex.h"
#include "kernel/base/Result.h"
#include "kernel/base/StringView.h"

class HostOwners {
public:
    // Records that (dev, ino) is owned by `uid`:`gid`.
    Result<void> set_owner(u64 dev, u64 ino, u32 uid, u32 gid);
    // Records the permission bits (07777) of (dev, ino); `kept` false forgets them, for
    // when the host holds the right bits again.
    Result<void> set_mode(u64 dev, u64 ino, u32 mode, bool kept);
    // Records that (dev, ino), an empty regular file on the host, is the device node
    // `type` (S_IFCHR or S_IFBLK) with number `rdev`.
    Result<void> set_device(u64 dev, u64 ino, u32 type, u64 rdev);
    // Whether any device node was recorded (getdents then looks its entries up).
    bool has_devices() const { return m_devices.load(MemoryOrder::Relaxed) != 0; }
    // The d_type a directory entry for (dev, ino) shows, or `host_type` if none recorded.
    u8 entry_type(u64 dev, u64 ino, u8 host_type);
    // Forgets (dev, ino), whose last link is gone (the host may reuse the number).
    void forget(u64 dev, u64 ino);

    // Extended attributes kept for (dev, ino), in HostXattrs.cpp; the semantics of
    // Inode::getxattr and friends. list_xattrs writes at most `capacity` bytes of names,
    // or only counts them when `size_only`.
    Result<usize> get_xattr(u64 dev, u64 ino, StringView name, void* buffer, usize capacity);
    Result<void> set_xattr(u64 dev, u64 ino, StringView name, const void* value, usize size, int flags);
    Result<usize> list_xattrs(u64 dev, u64 ino, char* buffer, usize capacity, bool size_only, bool include_trusted);
    Result<void> remove_xattr(u64 dev, u64 ino, StringView name);
    // Replaces what `st` says by what was recorded for its (st_dev, st_ino).
    void apply(linux_stat& st);

private:
    // One name and value, allocated together: the name (NUL-terminated), then the value.
    struct Xattr {
        Xattr* next;
        usize name_length;
        usize size;
        char* name() { return reinterpret_cast<char*>(this + 1); }
        u8* value() { return reinterpret_cast<u8*>(name() + name_length + 1); }
        usize allocation() const { return sizeof(Xattr) + name_length + 1 + size; }
    };
    struct Entry {
        u64 dev;
        u64 ino;
        bool has_owner;
        bool has_mode;
        u32 uid;
        u32 gid;
        u32 mode;
        u32 device_type;
        u64 rdev;
        Xattr* xattrs;
        Entry* next;
    };
    static constexpr usize BUCKETS = 256;
    // Preconditions: m_lock is held.
    Entry** find(u64 dev, u64 ino);
    Result<Entry*> find_or_add(u64 dev, u64 ino);

    Mutex m_lock;
    Atomic<u32> m_count { 0 };
    Atomic<u32> m_devices { 0 };
    Entry* m_buckets[BUCKETS] {};
};
