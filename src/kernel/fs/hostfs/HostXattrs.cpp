// The extended attributes the kernel keeps for host files: trusted.* and security.*,
// which root inside may set but the sandbox's unprivileged host uid may not. They last
// for the sandbox's lifetime, like the rest of HostOwners.

#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/hostfs/HostOwners.h"
#include "kernel/vfs/Inode.h"

Result<usize> HostOwners::get_xattr(u64 dev, u64 ino, StringView name, void* buffer, usize capacity)
{
    MutexLocker locker(m_lock);
    Entry* entry = *find(dev, ino);
    for (Xattr* x = entry ? entry->xattrs : nullptr; x; x = x->next) {
        if (StringView(x->name(), x->name_length) != name)
            continue;
        if (capacity == 0)
            return x->size;
        if (capacity < x->size)
            return Errno::ERANGE;
        mem_copy(buffer, x->value(), x->size);
        return x->size;
    }
    return Errno::ENODATA;
}

Result<void> HostOwners::set_xattr(u64 dev, u64 ino, StringView name, const void* value, usize size, int flags)
{
    usize bytes = sizeof(Xattr) + name.size() + 1 + size;
    auto* made = static_cast<Xattr*>(arena().allocate(bytes));
    if (!made)
        return Errno::ENOMEM;
    made->next = nullptr;
    made->name_length = name.size();
    made->size = size;
    mem_copy(made->name(), name.data(), name.size());
    made->name()[name.size()] = '\0';
    if (size)
        mem_copy(made->value(), value, size);
    Xattr* replaced = nullptr;
    Result<void> done;
    {
        MutexLocker locker(m_lock);
        auto entry = find_or_add(dev, ino);
        if (entry.is_error()) {
            done = entry.error();
        } else {
            Xattr** link = &entry.value()->xattrs;
            while (*link && StringView((*link)->name(), (*link)->name_length) != name)
                link = &(*link)->next;
            if (*link && (flags & XATTR_CREATE)) {
                done = Errno::EEXIST;
            } else if (!*link && (flags & XATTR_REPLACE)) {
                done = Errno::ENODATA;
            } else {
                replaced = *link;
                made->next = replaced ? replaced->next : nullptr;
                *link = made;
                made = nullptr;
            }
        }
    }
    if (made)
        arena().deallocate(made, bytes);
    if (replaced)
        arena().deallocate(replaced, replaced->allocation());
    return done;
}

Result<usize> HostOwners::list_xattrs(u64 dev, u64 ino, char* buffer, usize capacity, bool size_only,
    bool include_trusted)
{
    MutexLocker locker(m_lock);
    Entry* entry = *find(dev, ino);
    usize n = 0;
    for (Xattr* x = entry ? entry->xattrs : nullptr; x; x = x->next) {
        StringView name(x->name(), x->name_length);
        if (!include_trusted && name.starts_with("trusted."))
            continue;
        if (!size_only) {
            if (n + name.size() + 1 > capacity)
                return Errno::ERANGE;
            mem_copy(buffer + n, x->name(), name.size() + 1);
        }
        n += name.size() + 1;
    }
    return n;
}

Result<void> HostOwners::remove_xattr(u64 dev, u64 ino, StringView name)
{
    Xattr* gone = nullptr;
    {
        MutexLocker locker(m_lock);
        Entry* entry = *find(dev, ino);
        Xattr** link = entry ? &entry->xattrs : nullptr;
        while (link && *link && StringView((*link)->name(), (*link)->name_length) != name)
            link = &(*link)->next;
        if (!link || !*link)
            return Errno::ENODATA;
        gone = *link;
        *link = gone->next;
    }
    arena().deallocate(gone, gone->allocation());
    return {};
}
