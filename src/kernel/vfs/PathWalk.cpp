#include "kernel/vfs/PathWalk.h"
#include "kernel/base/Memory.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/VfsChange.h"

namespace {

// Moves `at` onto whatever is mounted there, repeatedly (mounts stack).
void cross_mounts_down(Path& at)
{
    while (at.dentry->is_mountpoint()) {
        Mount* m = mount_table().mount_on(at.mount, at.dentry);
        if (!m)
            return;
        at = Path(m, m->root());
    }
}

// Moves `at` to its parent, stopping at `root`.
void step_up(const Path& root, Path& at)
{
    if (at == root)
        return;
    while (at.dentry == at.mount->root() && at.mount->parent()) {
        at = Path(at.mount->parent(), at.mount->mountpoint());
        if (at == root)
            return;
    }
    if (at.dentry->parent())
        at = Path(at.mount, at.dentry->parent());
}

// The remaining path lives in `buffer` from `pos`. Splicing a symlink target in front of
// the rest keeps the walk iterative, so nested links cost no kernel stack. It never holds
// more than PATH_MAX bytes (splice refuses more).
struct Cursor {
    char buffer[PATH_MAX];
    usize pos { 0 };
    usize end { 0 };

    Result<void> splice(const char* target, usize target_len)
    {
        usize rest = end - pos;
        if (target_len + 1 + rest > PATH_MAX)
            return Errno::ENAMETOOLONG;
        char tmp[PATH_MAX];
        mem_copy(tmp, buffer + pos, rest);
        mem_copy(buffer, target, target_len);
        usize n = target_len;
        if (rest) {
            buffer[n++] = '/';
            mem_copy(buffer + n, tmp, rest);
            n += rest;
        }
        pos = 0;
        end = n;
        return {};
    }
};

}

Result<WalkResult> path_walk(const Path& root, const Path& start, StringView path, u32 flags, WalkParent* missing,
    const Credentials* cred)
{
    // Either capability lets the caller search any directory, so root inside (the usual
    // case) pays for one test here rather than a stat per component.
    bool check_search = cred && !cred->capable(CAP_DAC_OVERRIDE) && !cred->capable(CAP_DAC_READ_SEARCH);
    if (path.empty())
        return Errno::ENOENT;
    if (path.size() >= PATH_MAX)
        return Errno::ENAMETOOLONG;
    // On the kernel stack (256 KiB): an arena allocation would zero and free 12 KiB per walk.
    Cursor walk_cursor;
    Cursor* cursor = &walk_cursor;
    mem_copy(cursor->buffer, path.data(), path.size());
    cursor->end = path.size();

    WalkResult result;
    if ((flags & WALK_BENEATH) && path[0] == '/')
        return Errno::EXDEV;
    Path at = path[0] == '/' ? root : start;
    u32 links = 0;
    char* b = cursor->buffer;
    for (;;) {
        while (cursor->pos < cursor->end && b[cursor->pos] == '/')
            ++cursor->pos;
        if (cursor->pos == cursor->end)
            break;
        usize name_start = cursor->pos;
        while (cursor->pos < cursor->end && b[cursor->pos] != '/')
            ++cursor->pos;
        StringView name(b + name_start, cursor->pos - name_start);
        bool trailing_slash = cursor->pos < cursor->end;
        usize after = cursor->pos;
        while (after < cursor->end && b[after] == '/')
            ++after;
        bool last = after == cursor->end;

        if (!at.inode().is_directory())
            return Errno::ENOTDIR;
        if (check_search)
            TRY(vfs_permission(*cred, at.inode(), MAY_EXEC));
        if (name.size() > NAME_MAX)
            return Errno::ENAMETOOLONG;
        if (name == ".")
            continue;
        if (name == "..") {
            if ((flags & WALK_BENEATH) && at == root)
                return Errno::EXDEV;
            Mount* before = at.mount;
            step_up(root, at);
            if ((flags & WALK_NO_XDEV) && at.mount != before)
                return Errno::EXDEV;
            continue;
        }
        // Only the final component's own lookup may describe the result.
        result.learned.valid = false;
        auto child = Dentry::lookup_child(*at.dentry, name, last && (flags & WALK_STAT) ? &result.learned : nullptr);
        if (child.is_error()) {
            if (child.error() == Errno::ENOENT && last && missing) {
                missing->parent = at;
                mem_copy(missing->last, name.data(), name.size());
                missing->last[name.size()] = '\0';
                missing->trailing_slash = trailing_slash;
            }
            return child.error();
        }
        Path next = Path::adopt(at.mount, child.value());
        cross_mounts_down(next);
        if (next.dentry != child.value())
            result.learned.valid = false;
        if ((flags & WALK_NO_XDEV) && next.mount != at.mount)
            return Errno::EXDEV;

        Inode& inode = next.inode();
        bool follow = !last || trailing_slash || (flags & WALK_FOLLOW);
        if (inode.is_symlink() && follow) {
            result.learned.valid = false;
            // A mount with MS_NOSYMFOLLOW keeps its links readable but not followable.
            if (++links > MAXSYMLINKS || (flags & WALK_NO_SYMLINKS) || (next.mount->flags() & MNT_NOSYMFOLLOW))
                return Errno::ELOOP;
            if ((flags & WALK_NO_MAGICLINKS) && inode.counts_as_magic_link())
                return Errno::ELOOP;
            if (inode.is_magic_link()) {
                if (flags & (WALK_BENEATH | WALK_NO_XDEV))
                    return Errno::EXDEV;
                OpenFile* target = TRY(inode.magic_target());
                if (!target->path().is_null()) {
                    at = target->path();
                    target->unref();
                    continue;
                }
                if (!last) {
                    target->unref();
                    return Errno::ENOTDIR;
                }
                result.magic_file = target;
                return result;
            }
            char link[PATH_MAX];
            usize n = TRY(inode.readlink(link, sizeof(link)));
            if (n == 0)
                return Errno::ENOENT;
            TRY(cursor->splice(link, n));
            if (link[0] == '/') {
                if (flags & WALK_BENEATH)
                    return Errno::EXDEV;
                if ((flags & WALK_NO_XDEV) && root.mount != at.mount)
                    return Errno::EXDEV;
                at = root;
            }
            continue;
        }
        at = static_cast<Path&&>(next);
    }
    // A trailing slash or O_DIRECTORY requires a directory.
    if ((flags & WALK_DIRECTORY) || (path.size() > 0 && path[path.size() - 1] == '/')) {
        if (!at.inode().is_directory())
            return Errno::ENOTDIR;
    }
    result.path = static_cast<Path&&>(at);
    return result;
}

Result<void> WalkResult::stat(linux_stat& st)
{
    if (magic_file)
        return magic_file->stat(st);
    if (learned.valid) {
        st = learned.st;
        return {};
    }
    return path.inode().stat(st);
}

bool path_is_beneath(const Path& root, const Path& path)
{
    Mount* mount = path.mount;
    Dentry* dentry = path.dentry;
    for (;;) {
        if (mount == root.mount && dentry == root.dentry)
            return true;
        if (dentry == mount->root()) {
            if (!mount->parent())
                return false;
            dentry = mount->mountpoint();
            mount = mount->parent();
            continue;
        }
        if (!dentry->parent())
            return false;
        dentry = dentry->parent();
    }
}
