#include "kernel/fs/sysfs/SysFs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Format.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/procfs/ProcSnapshot.h"
#include "kernel/fs/sysfs/CpuSet.h"
#include "kernel/vfs/OpenFile.h"
#include "platform/Platform.h"

namespace {

struct SysEntry {
    SysKind parent;
    const char* name;
    SysKind kind;
    u32 mode;
};

constexpr SysEntry ENTRIES[] = {
    { SysKind::Root, "devices", SysKind::Devices, S_IFDIR | 0755 },
    { SysKind::Devices, "system", SysKind::System, S_IFDIR | 0755 },
    { SysKind::System, "cpu", SysKind::Cpu, S_IFDIR | 0755 },
    { SysKind::Cpu, "kernel_max", SysKind::CpuKernelMax, S_IFREG | 0444 },
    { SysKind::Cpu, "offline", SysKind::CpuOffline, S_IFREG | 0444 },
    { SysKind::Cpu, "online", SysKind::CpuOnline, S_IFREG | 0444 },
    { SysKind::Cpu, "possible", SysKind::CpuPossible, S_IFREG | 0444 },
    { SysKind::Cpu, "present", SysKind::CpuPresent, S_IFREG | 0444 },
};

// Linux's NR_CPUS on the usual distribution kernels; kernel_max is one less.
constexpr u32 KERNEL_NR_CPUS = 8192;

Result<Inode*> make_inode(FileSystem& fs, SysKind kind, u32 cpu, u32 mode)
{
    auto* inode = make_ref_counted<SysInode>(fs, kind, cpu, mode);
    if (!inode)
        return Errno::ENOMEM;
    return static_cast<Inode*>(inode);
}

// Parses "cpuN" (N without leading zeros); false for anything else.
bool parse_cpu_name(StringView name, u32& cpu)
{
    if (!name.starts_with("cpu") || name.size() == 3 || name.size() > 7 || (name[3] == '0' && name.size() > 4))
        return false;
    u32 v = 0;
    for (usize i = 3; i < name.size(); ++i) {
        if (name[i] < '0' || name[i] > '9')
            return false;
        v = v * 10 + u32(name[i] - '0');
    }
    cpu = v;
    return true;
}

// The set every sysfs list describes: possible and present are all CPUs below the highest
// online one, so that a CPU outside the affinity mask shows as offline, as on a host
// where it is.
CpuSet possible_cpus(const CpuSet& online)
{
    CpuSet all;
    for (u32 cpu = 0; cpu < online.limit(); ++cpu)
        all.bits[cpu / 64] |= u64(1) << (cpu % 64);
    return all;
}

}

Result<SysFs*> SysFs::create()
{
    auto* fs = arena().make<SysFs>(allocate_anonymous_dev());
    if (!fs)
        return Errno::ENOMEM;
    linux_timespec now {};
    (void)platform::clock_gettime(CLOCK_REALTIME, &now);
    fs->m_created_sec = now.tv_sec;
    fs->m_root = make_ref_counted<SysInode>(*fs, SysKind::Root, 0, S_IFDIR | 0555);
    if (!fs->m_root)
        return Errno::ENOMEM;
    return fs;
}

Inode* SysFs::root_inode()
{
    m_root->ref();
    return m_root;
}

SysInode::SysInode(FileSystem& fs, SysKind kind, u32 cpu, u32 mode)
    : Inode(fs, kind == SysKind::Root ? 1 : (u64(cpu) << 8) | (u64(kind) + 2), mode)
    , m_kind(kind)
    , m_cpu(cpu)
{
}

Result<Inode*> SysInode::lookup(StringView name)
{
    for (const auto& e : ENTRIES) {
        if (e.parent == m_kind && name == e.name)
            return make_inode(fs(), e.kind, 0, e.mode);
    }
    u32 cpu = 0;
    if (m_kind == SysKind::Cpu && parse_cpu_name(name, cpu) && cpu < online_cpus().limit())
        return make_inode(fs(), SysKind::CpuN, cpu, S_IFDIR | 0755);
    // As on x86 Linux, CPU 0 cannot be taken offline and so has no online file.
    if (m_kind == SysKind::CpuN && m_cpu != 0 && name == "online")
        return make_inode(fs(), SysKind::CpuNOnline, m_cpu, S_IFREG | 0644);
    return Errno::ENOENT;
}

Result<void> SysInode::stat(linux_stat& st)
{
    mem_zero(&st, sizeof(st));
    st.st_dev = fs().dev();
    st.st_ino = ino();
    st.st_mode = mode();
    st.st_nlink = is_directory() ? 2 : 1;
    st.st_blksize = 4096;
    if (!is_directory())
        st.st_size = 4096;
    u64 created = u64(static_cast<SysFs&>(fs()).created_sec());
    st.st_atime_sec = st.st_mtime_sec = st.st_ctime_sec = created;
    return {};
}

Result<OpenFile*> SysInode::open(const Path& path, int flags)
{
    if ((flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH))
        return is_directory() ? Errno::EISDIR : Errno::EACCES;
    if (is_directory() || (flags & O_PATH)) {
        return open_plain_file(path, flags);
    }
    auto* buffer = static_cast<char*>(arena().allocate(PROC_SNAPSHOT_MAX));
    if (!buffer)
        return Errno::ENOMEM;
    auto n = generate(buffer, PROC_SNAPSHOT_MAX);
    if (n.is_error()) {
        arena().deallocate(buffer, PROC_SNAPSHOT_MAX);
        return n.error();
    }
    auto* file = make_ref_counted<ProcSnapshot>(path, flags, buffer, n.value());
    if (!file) {
        arena().deallocate(buffer, PROC_SNAPSHOT_MAX);
        return Errno::ENOMEM;
    }
    return static_cast<OpenFile*>(file);
}

Result<usize> SysInode::generate(char* buffer, usize capacity)
{
    StringBuilder sb(buffer, capacity);
    CpuSet online = online_cpus();
    CpuSet possible = possible_cpus(online);
    switch (m_kind) {
    case SysKind::CpuOnline:
        format_cpu_list(sb, online);
        break;
    case SysKind::CpuPossible:
    case SysKind::CpuPresent:
        format_cpu_list(sb, possible);
        break;
    case SysKind::CpuOffline: {
        CpuSet offline;
        for (u32 i = 0; i < CpuSet::MAX_CPUS / 64; ++i)
            offline.bits[i] = possible.bits[i] & ~online.bits[i];
        format_cpu_list(sb, offline);
        break;
    }
    case SysKind::CpuKernelMax:
        sb.appendf("%u", KERNEL_NR_CPUS - 1);
        break;
    case SysKind::CpuNOnline:
        sb.appendf("%d", online.contains(m_cpu) ? 1 : 0);
        break;
    default:
        return Errno::EINVAL;
    }
    sb.append('\n');
    return sb.length();
}

Result<bool> SysInode::list_entry(u64 index, DirEntryInfo& entry)
{
    u64 seen = 0;
    for (const auto& e : ENTRIES) {
        if (e.parent != m_kind)
            continue;
        if (seen++ == index) {
            entry.ino = u64(e.kind) + 2;
            entry.type = dirent_type_of(e.mode);
            format(entry.name, sizeof(entry.name), "%s", e.name);
            return true;
        }
    }
    if (m_kind == SysKind::Cpu) {
        u64 cpu = index - seen;
        if (cpu >= online_cpus().limit())
            return false;
        entry.ino = (cpu << 8) | (u64(SysKind::CpuN) + 2);
        entry.type = DT_DIR;
        format(entry.name, sizeof(entry.name), "cpu%lu", cpu);
        return true;
    }
    if (m_kind == SysKind::CpuN && m_cpu != 0 && index == seen) {
        entry.ino = (u64(m_cpu) << 8) | (u64(SysKind::CpuNOnline) + 2);
        entry.type = DT_REG;
        format(entry.name, sizeof(entry.name), "online");
        return true;
    }
    return false;
}
