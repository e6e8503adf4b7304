// memfs extended attributes: a list of name/value pairs per inode. The VFS has checked
// the namespace and the caller's right to it.

#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemInode.h"

namespace {
// Linux's XATTR_SIZE_MAX.
constexpr usize XATTR_SIZE_MAX = 65536;

MemXattr* find_xattr(MemXattr* first, StringView name)
{
    for (MemXattr* x = first; x; x = x->next) {
        if (StringView(x->name, x->name_length) == name)
            return x;
    }
    return nullptr;
}
}

Result<usize> MemInode::getxattr(StringView name, void* buffer, usize capacity)
{
    MutexLocker locker(mem_fs().lock());
    MemXattr* x = find_xattr(m_xattrs, name);
    if (!x)
        return Errno::ENODATA;
    if (capacity == 0)
        return usize(x->size);
    if (capacity < x->size)
        return Errno::ERANGE;
    mem_copy(buffer, x->value, x->size);
    return usize(x->size);
}

Result<void> MemInode::setxattr(StringView name, const void* value, usize size, int flags)
{
    if (size > XATTR_SIZE_MAX)
        return Errno::E2BIG;
    if (name.size() > 255)
        return Errno::ERANGE;
    char* copy = nullptr;
    if (size) {
        copy = static_cast<char*>(arena().allocate(size));
        if (!copy)
            return Errno::ENOSPC;
        mem_copy(copy, value, size);
    }
    MutexLocker locker(mem_fs().lock());
    MemXattr* x = find_xattr(m_xattrs, name);
    Errno refused {};
    if (x && (flags & XATTR_CREATE))
        refused = Errno::EEXIST;
    else if (!x && (flags & XATTR_REPLACE))
        refused = Errno::ENODATA;
    else if (!x && !(x = arena().make<MemXattr>()))
        refused = Errno::ENOSPC;
    if (refused != Errno {}) {
        if (copy)
            arena().deallocate(copy, size);
        return refused;
    }
    if (x->name_length == 0) {
        x->name_length = u32(name.size());
        mem_copy(x->name, name.data(), name.size());
        x->next = m_xattrs;
        m_xattrs = x;
    } else if (x->value) {
        arena().deallocate(x->value, x->size);
    }
    x->value = copy;
    x->size = u32(size);
    touch(false);
    return {};
}

Result<usize> MemInode::listxattr(char* buffer, usize capacity, bool include_trusted)
{
    MutexLocker locker(mem_fs().lock());
    usize total = 0;
    for (MemXattr* x = m_xattrs; x; x = x->next) {
        StringView name(x->name, x->name_length);
        if (!include_trusted && name.starts_with("trusted."))
            continue;
        if (capacity) {
            if (total + name.size() + 1 > capacity)
                return Errno::ERANGE;
            mem_copy(buffer + total, name.data(), name.size());
            buffer[total + name.size()] = '\0';
        }
        total += name.size() + 1;
    }
    return total;
}

Result<void> MemInode::removexattr(StringView name)
{
    MutexLocker locker(mem_fs().lock());
    for (MemXattr** link = &m_xattrs; *link; link = &(*link)->next) {
        MemXattr* x = *link;
        if (StringView(x->name, x->name_length) == name) {
            *link = x->next;
            if (x->value)
                arena().deallocate(x->value, x->size);
            arena().destroy(x);
            touch(false);
            return {};
        }
    }
    return Errno::ENODATA;
}
