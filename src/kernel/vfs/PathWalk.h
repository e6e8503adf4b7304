#pragma once

// Path resolution (Linux's path_lookupat): from a start directory, component by
// component, through mounts, "." and "..", and symbolic links. A walk never leaves the
// sandbox root: ".." at the root stays there and absolute symlink targets restart at it.

#include "kernel/vfs/OpenFile.h"

struct Credentials;

constexpr u32 WALK_FOLLOW = 1u << 0;    // follow a symlink in the final component
constexpr u32 WALK_DIRECTORY = 1u << 1; // the result must be a directory
// openat2(2)'s RESOLVE_* restrictions, checked during the walk.
constexpr u32 WALK_NO_SYMLINKS = 1u << 2;   // ELOOP on any symlink the walk would follow
constexpr u32 WALK_NO_MAGICLINKS = 1u << 3; // ELOOP on magic links (/proc/PID/fd/N)
constexpr u32 WALK_NO_XDEV = 1u << 4;       // EXDEV on crossing a mount
constexpr u32 WALK_BENEATH = 1u << 5;       // EXDEV on leaving `root` (absolute paths, "..")
// Keep what the final component's lookup learned of its attributes (WalkResult::learned).
constexpr u32 WALK_STAT = 1u << 6;
constexpr u32 MAXSYMLINKS = 40;

struct WalkResult {
    Path path;
    // Set (a new reference) when the final component was a magic link to an object that
    // has no path; `path` is then null.
    OpenFile* magic_file { nullptr };
    // With WALK_STAT: the attributes of `path` when the walk had to look its final
    // component up (not found in the dentry cache) and the filesystem learned them then.
    LookupStat learned;
    WalkResult() = default;
    WalkResult(WalkResult&& other)
        : path(static_cast<Path&&>(other.path))
        , magic_file(other.magic_file)
    {
        learned.take(other.learned);
        other.magic_file = nullptr;
    }
    WalkResult& operator=(WalkResult&& other)
    {
        path = static_cast<Path&&>(other.path);
        OpenFile* old = magic_file;
        magic_file = other.magic_file;
        other.magic_file = old;
        learned.take(other.learned);
        return *this;
    }
    ~WalkResult() { unref_if(magic_file); }

    // The attributes of what the walk found: what the lookup learned when there is that,
    // else a stat of the object.
    Result<void> stat(linux_stat& st);
};

// When the walk fails only because the final component does not exist, `parent` says
// where it would be created and `last` names it.
struct WalkParent {
    Path parent;
    char last[256] {};
    bool trailing_slash { false };
};

// With `cred`, each directory the walk looks a name up in must grant `cred` search (x)
// permission (Linux's may_lookup), else EACCES; null is the kernel's own walk.
Result<WalkResult> path_walk(const Path& root, const Path& start, StringView path, u32 flags, WalkParent* missing = nullptr,
    const Credentials* cred = nullptr);

// Whether `path` is `root` or lies beneath it in the mounted tree (a cwd left outside a
// chroot does not).
bool path_is_beneath(const Path& root, const Path& path);
