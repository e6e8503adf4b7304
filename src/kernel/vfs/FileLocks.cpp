#include "kernel/vfs/FileLocks.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Mutex.h"
#include "kernel/vfs/Inode.h"

namespace {

struct FileLock {
    LockRange range;
    FileLock* next;
};

struct FileLockTable {
    Mutex lock;
    WaitQueue changed;
    FileLock* head { nullptr };
};

// Made at boot, before the first host fork, so every sandbox process inherits the same
// pointer to the one table in the arena.
FileLockTable* s_table;

FileLockTable& table() { return *s_table; }

bool same_file(const Inode* a, const Inode* b) { return a == b || (a && b && a->lock_key() == b->lock_key()); }

bool same_namespace(LockKind a, LockKind b) { return (a == LockKind::Flock) == (b == LockKind::Flock); }

bool conflicts(const LockRange& held, const LockRange& wanted)
{
    if (!same_file(held.inode, wanted.inode) || !same_namespace(held.kind, wanted.kind) || held.owner == wanted.owner)
        return false;
    if (held.end < wanted.start || wanted.end < held.start)
        return false;
    return held.type == F_WRLCK || wanted.type == F_WRLCK;
}

// The conflicting lock that starts first, which is the one Linux's sorted lists report.
// Preconditions: the table's lock is held.
FileLock* first_conflict(FileLockTable& t, const LockRange& wanted)
{
    FileLock* first = nullptr;
    for (FileLock* l = t.head; l; l = l->next) {
        if (conflicts(l->range, wanted) && (!first || l->range.start < first->range.start))
            first = l;
    }
    return first;
}

bool owns(const LockRange& held, const LockRange& request)
{
    return same_file(held.inode, request.inode) && held.owner == request.owner && same_namespace(held.kind, request.kind);
}

// Removes the owner's locks over [start, end], splitting those that stick out.
// Preconditions: the table's lock is held. Returns false when out of memory.
bool carve(FileLockTable& t, const LockRange& request)
{
    for (FileLock** link = &t.head; *link;) {
        FileLock* l = *link;
        LockRange& r = l->range;
        if (!owns(r, request) || r.end < request.start || request.end < r.start) {
            link = &l->next;
            continue;
        }
        if (r.start < request.start && r.end > request.end) {
            auto* tail = arena().make<FileLock>(FileLock { r, l->next });
            if (!tail)
                return false;
            tail->range.start = request.end + 1;
            r.end = request.start - 1;
            l->next = tail;
            link = &tail->next;
        } else if (r.start < request.start) {
            r.end = request.start - 1;
            link = &l->next;
        } else if (r.end > request.end) {
            r.start = request.end + 1;
            link = &l->next;
        } else {
            *link = l->next;
            arena().destroy(l);
        }
    }
    return true;
}

}

Result<void> file_locks_init()
{
    s_table = arena().make<FileLockTable>();
    return s_table ? Result<void>() : Errno::ENOMEM;
}

Result<void> file_lock_set(const LockRange& request, bool wait)
{
    if (!s_table)
        return Errno::ENOLCK;
    auto& t = table();
    for (;;) {
        u32 ticket;
        {
            MutexLocker locker(t.lock);
            if (request.type == F_UNLCK || !first_conflict(t, request)) {
                FileLock* added = nullptr;
                if (request.type != F_UNLCK) {
                    added = arena().make<FileLock>(FileLock { request, nullptr });
                    if (!added)
                        return Errno::ENOLCK;
                }
                if (!carve(t, request)) {
                    arena().destroy(added);
                    return Errno::ENOLCK;
                }
                if (added) {
                    added->next = t.head;
                    t.head = added;
                }
                t.changed.wake_all();
                return {};
            }
            if (!wait)
                return Errno::EAGAIN;
            ticket = t.changed.prepare();
        }
        // FIXME: the wait is not interruptible by signals yet, and deadlocks between
        // processes are not detected (EDEADLK).
        t.changed.wait(ticket);
    }
}

Result<void> file_lock_get(LockRange& request)
{
    if (!s_table)
        return Errno::ENOLCK;
    auto& t = table();
    MutexLocker locker(t.lock);
    if (FileLock* l = first_conflict(t, request)) {
        request = l->range;
        return {};
    }
    request.type = F_UNLCK;
    return {};
}

void file_locks_release(const void* owner, LockKind kind, const Inode* inode)
{
    if (!s_table)
        return;
    auto& t = *s_table;
    MutexLocker locker(t.lock);
    bool changed = false;
    for (FileLock** link = &t.head; *link;) {
        FileLock* l = *link;
        if (l->range.owner == owner && l->range.kind == kind && (!inode || same_file(l->range.inode, inode))) {
            *link = l->next;
            arena().destroy(l);
            changed = true;
        } else {
            link = &l->next;
        }
    }
    if (changed)
        t.changed.wake_all();
}
