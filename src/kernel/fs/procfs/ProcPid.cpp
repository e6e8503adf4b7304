// The per-process files of procfs that copy or list state: cmdline, environ, auxv, comm,
// maps, mounts, mountinfo, limits and fdinfo/N. The status files are in ProcPidStatus.cpp.

#include "kernel/abi/Fcntl.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/procfs/ProcFs.h"
#include "kernel/fs/procfs/ProcPidFiles.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/FdTable.h"
#include "kernel/task/FsContext.h"
#include "kernel/task/Process.h"
#include "kernel/vfs/Mount.h"
#include "kernel/vfs/OpenFile.h"

namespace {

// Copies [start, end) of the process's memory, as Linux's cmdline, environ and auxv do.
// Preconditions: `process` is the calling process, whose memory is mapped here.
usize copy_guest_range(u64 start, u64 end, char* buffer, usize capacity)
{
    u64 len = end > start ? end - start : 0;
    if (len > capacity)
        len = capacity;
    if (copy_from_user(buffer, start, len).is_error())
        return 0;
    return usize(len);
}

// The mount flags as Linux's show_mnt_opts() lists them after "rw" or "ro".
usize format_mount_flags(const Mount& m, char* out, usize capacity)
{
    u32 flags = m.flags();
    usize n = format(out, capacity, "%s%s%s%s%s%s%s%s", (flags & MNT_READONLY) ? "ro" : "rw",
        (flags & MNT_NOSUID) ? ",nosuid" : "", (flags & MNT_NODEV) ? ",nodev" : "", (flags & MNT_NOEXEC) ? ",noexec" : "",
        (flags & MNT_NOATIME) ? ",noatime" : "", (flags & MNT_NODIRATIME) ? ",nodiratime" : "",
        (flags & (MNT_NOATIME | MNT_STRICTATIME)) ? "" : ",relatime", (flags & MNT_NOSYMFOLLOW) ? ",nosymfollow" : "");
    return n < capacity ? n : capacity - 1;
}

// The mount's root within its filesystem: "/" except for a bind of a subtree.
usize format_mount_root(const Mount& m, char* out, usize capacity)
{
    usize pos = capacity;
    for (Dentry* d = m.root(); d && d->parent(); d = d->parent()) {
        StringView name = d->name();
        if (name.size() + 1 > pos)
            break;
        pos -= name.size();
        mem_copy(out + pos, name.data(), name.size());
        out[--pos] = '/';
    }
    if (pos == capacity)
        out[--pos] = '/';
    usize length = capacity - pos;
    mem_move(out, out + pos, length);
    return length;
}

// Renders the mount table as /proc/PID/mounts or, with `info`, as mountinfo. Mount points
// are shown relative to the reader's root.
void format_mounts(StringBuilder& sb, const Path& root, bool info)
{
    mount_table().for_each([&](Mount& m) {
        char point[PATH_MAX];
        Path where = m.parent() ? Path(m.parent(), m.mountpoint()) : Path(&m, m.root());
        auto n = path_to_string(root, where, point, sizeof(point));
        if (n.is_error())
            return;
        char flags[96];
        format_mount_flags(m, flags, sizeof(flags));
        const char* mode = m.read_only() ? "ro" : "rw";
        const char* name = m.fs().name();
        const char* options = m.options();
        const char* comma = options[0] ? "," : "";
        if (info) {
            char fs_root[PATH_MAX];
            usize r = format_mount_root(m, fs_root, sizeof(fs_root));
            sb.appendf("%lu %lu %u:%u %.*s %.*s %s - %s %s %s%s%s\n", m.id(), m.parent() ? m.parent()->id() : m.id(),
                dev_major(m.fs().dev()), dev_minor(m.fs().dev()), int(r), fs_root, int(n.value()), point, flags, name,
                name, mode, comma, options);
        } else {
            sb.appendf("%s %.*s %s %s%s%s 0 0\n", name, int(n.value()), point, name, flags, comma, options);
        }
    });
}

// Appends `text` left-justified in `width` columns and one space, as "%-Ns " does.
void append_padded(StringBuilder& sb, const char* text, usize width)
{
    usize n = cstr_length(text);
    sb.append(text);
    for (; n < width; ++n)
        sb.append(' ');
    sb.append(' ');
}

void append_limit(StringBuilder& sb, u64 value)
{
    char number[24];
    if (value == RLIM_INFINITY)
        format(number, sizeof(number), "unlimited");
    else
        format(number, sizeof(number), "%lu", value);
    append_padded(sb, number, 20);
}

struct LimitName {
    const char* name;
    const char* unit;
};

// Linux's lnames[] in fs/proc/base.c, in resource order.
constexpr LimitName LIMIT_NAMES[RLIM_NLIMITS] = {
    { "Max cpu time", "seconds" },
    { "Max file size", "bytes" },
    { "Max data size", "bytes" },
    { "Max stack size", "bytes" },
    { "Max core file size", "bytes" },
    { "Max resident set", "bytes" },
    { "Max processes", "processes" },
    { "Max open files", "files" },
    { "Max locked memory", "bytes" },
    { "Max address space", "bytes" },
    { "Max file locks", "locks" },
    { "Max pending signals", "signals" },
    { "Max msgqueue size", "bytes" },
    { "Max nice priority", nullptr },
    { "Max realtime priority", nullptr },
    { "Max realtime timeout", "us" },
};

void format_limits(StringBuilder& sb, Process& process)
{
    Rlimits limits;
    {
        MutexLocker locker(process.lock());
        limits = process.rlimits();
    }
    append_padded(sb, "Limit", 25);
    append_padded(sb, "Soft Limit", 20);
    append_padded(sb, "Hard Limit", 20);
    append_padded(sb, "Units", 9);
    sb.append('\n');
    for (int i = 0; i < RLIM_NLIMITS; ++i) {
        append_padded(sb, LIMIT_NAMES[i].name, 25);
        append_limit(sb, limits.limits[i].rlim_cur);
        append_limit(sb, limits.limits[i].rlim_max);
        if (LIMIT_NAMES[i].unit)
            append_padded(sb, LIMIT_NAMES[i].unit, 9);
        sb.append('\n');
    }
}

Result<void> format_fdinfo(StringBuilder& sb, Process& process, int fd)
{
    auto found = process.fds().get(fd);
    if (found.is_error())
        return Errno::ENOENT;
    FileRef file(found.value());
    auto cloexec_flag = process.fds().cloexec(fd);
    bool cloexec = cloexec_flag.is_ok() && cloexec_flag.value();
    auto position = file->lseek(0, SEEK_CUR);
    linux_stat st {};
    (void)file->stat(st);
    Mount* mount = file->path().mount;
    sb.appendf("pos:\t%ld\nflags:\t0%o\nmnt_id:\t%lu\nino:\t%lu\n", position.is_ok() ? position.value() : 0,
        u32(file->flags() | (cloexec ? O_CLOEXEC : 0)), mount ? mount->id() : 0, u64(st.st_ino));
    return {};
}

}

Result<usize> proc_generate_pid_file(const ProcFs& fs, ProcKind kind, Process& process, int tid, int fd, char* buffer,
    usize capacity)
{
    StringBuilder sb(buffer, capacity);
    switch (kind) {
    case ProcKind::Cmdline:
        return copy_guest_range(process.arg_start, process.arg_end, buffer, capacity);
    case ProcKind::Environ:
        return copy_guest_range(process.env_start, process.env_end, buffer, capacity);
    case ProcKind::Auxv:
        return copy_guest_range(process.auxv_start, process.auxv_end, buffer, capacity);
    case ProcKind::Comm:
        sb.appendf("%s\n", process.comm());
        break;
    case ProcKind::Mounts:
    case ProcKind::MountInfo:
        format_mounts(sb, process.fs().root(), kind == ProcKind::MountInfo);
        break;
    case ProcKind::Maps:
        // FIXME: a map longer than the snapshot is cut at the last whole line; seq_file
        // style chunked reads (format_maps' `from`) would lift the limit.
        process.address_space().format_maps(sb);
        break;
    case ProcKind::Limits:
        format_limits(sb, process);
        break;
    case ProcKind::FdInfo:
        TRY(format_fdinfo(sb, process, fd));
        break;
    case ProcKind::Stat:
        proc_render_stat(fs, process, tid, sb);
        break;
    case ProcKind::Statm:
        proc_render_statm(process, sb);
        break;
    case ProcKind::Status:
        proc_render_status(process, tid, sb);
        break;
    default:
        return Errno::EINVAL;
    }
    return sb.length();
}
