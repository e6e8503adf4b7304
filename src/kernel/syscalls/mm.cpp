// Guest memory: mmap, munmap, mprotect, mremap, madvise, brk, msync, mincore, the
// mlock family and membarrier. The handlers check arguments as Linux does and leave
// the map and the host calls to the process's AddressSpace.

#include "kernel/abi/Mman.h"
#include "kernel/base/Layout.h"
#include "kernel/mm/AddressSpace.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/Syscalls.h"
#include "kernel/vfs/OpenFile.h"
#include "kernel/task/FdTable.h"
#include "kernel/task/FsContext.h"
#include "kernel/task/Process.h"
#include "kernel/task/Thread.h"
#include "platform/Platform.h"

namespace {

constexpr int MAP_HUGE_MASK = 0x3f << 26;
// Linux's LEGACY_MAP_MASK: the flags MAP_SHARED_VALIDATE accepts for a file.
constexpr int LEGACY_MAP_MASK = MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE
    | MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB
    | MAP_32BIT | MAP_HUGE_MASK;
// Every flag the handler understands; any other bit is ignored, as Linux ignores
// unknown flags for MAP_SHARED and MAP_PRIVATE.
constexpr int KNOWN_MAP_FLAGS = LEGACY_MAP_MASK | MAP_SYNC | MAP_FIXED_NOREPLACE;

constexpr int MLOCK_ONFAULT = 1;

constexpr int MEMBARRIER_CMD_QUERY = 0;
constexpr int MEMBARRIER_CMD_GLOBAL = 1 << 0;
constexpr int MEMBARRIER_CMD_GLOBAL_EXPEDITED = 1 << 1;
constexpr int MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED = 1 << 2;
constexpr int MEMBARRIER_CMD_PRIVATE_EXPEDITED = 1 << 3;
constexpr int MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED = 1 << 4;
constexpr int MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE = 1 << 5;
constexpr int MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE = 1 << 6;
constexpr int MEMBARRIER_CMD_GET_REGISTRATIONS = 1 << 9;
constexpr int MEMBARRIER_SUPPORTED = MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED
    | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED
    | MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE
    | MEMBARRIER_CMD_GET_REGISTRATIONS;

AddressSpace& address_space(Thread& thread) { return thread.process().address_space(); }

// What a file mapping needs from the open file behind an fd.
struct MappableFile {
    int host_fd { -1 };
    MapBacking* backing { nullptr }; // memfs: the file maps its own arena pages
    OpenFile* file { nullptr };      // a reference that keeps the backing alive (memfs)
    bool readable { false };
    bool writable { false };
    bool anonymous { false }; // /dev/zero
    u64 dev { 0 };
    u64 inode { 0 };
    char path[PATH_MAX] {};
    usize path_length { 0 };
};

// Looks up `fd` for mmap: the file's host fd for mapping (ENODEV when the file cannot
// be mapped), its identity for /proc/PID/maps and its access mode. The host mapping
// keeps the host file alive after the guest closes the fd, as Linux's does.
Result<void> file_for_mmap(Thread& thread, int fd, MappableFile& out)
{
    Process& process = thread.process();
    FileRef file(TRY(process.fds().get(fd)));
    if (file->is_path_only())
        return Errno::EBADF;
    out.readable = file->readable();
    out.writable = file->writable();
    if (file->maps_as_anonymous()) {
        out.anonymous = true;
        return {};
    }
    linux_stat st {};
    TRY(file->stat(st));
    out.backing = file->mmap_backing();
    if (!out.backing)
        out.host_fd = TRY(file->mmap_host_fd());
    out.dev = st.st_dev;
    out.inode = st.st_ino;
    auto length = path_to_string(process.fs().root(), file->path(), out.path, sizeof(out.path));
    out.path_length = length.is_ok() ? length.value() : 0;
    // An unnamed memfs file (memfd, O_TMPFILE) shows as its name with " (deleted)".
    if (out.backing && st.st_nlink == 0) {
        auto described = file->describe(out.path, sizeof(out.path));
        out.path_length = described.is_ok() ? described.value() : out.path_length;
    }
    if (out.backing) {
        file->ref();
        out.file = file.get();
    }
    return {};
}

}

// Implements mmap(2). MAP_HUGETLB fails with ENOMEM, as on a Linux host with no huge
// pages reserved; MAP_SYNC is refused as for a file that is not DAX; MAP_LOCKED and
// mlockall(MCL_FUTURE) only mark the mapping locked.
Result<u64> sys_mmap(Thread& thread, u64 address, u64 length, int prot, int flags, int fd, u64 offset)
{
    if (!page_aligned(offset))
        return Errno::EINVAL;
    MappableFile file;
    bool anonymous = flags & MAP_ANONYMOUS;
    if (!anonymous)
        TRY(file_for_mmap(thread, fd, file));
    FileRef keep(file.file);
    if (length == 0)
        return Errno::EINVAL;
    if (page_round_up(length) == 0)
        return Errno::ENOMEM;
    if (offset + page_round_up(length) < offset)
        return Errno::EOVERFLOW;
    int type = flags & MAP_TYPE;
    if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
        return Errno::EINVAL;
    if (type == MAP_SHARED_VALIDATE && !anonymous && (flags & ~LEGACY_MAP_MASK))
        return Errno::EOPNOTSUPP;
    flags &= KNOWN_MAP_FLAGS;
    if (flags & MAP_HUGETLB)
        return Errno::ENOMEM;
    if (type != MAP_PRIVATE && (flags & MAP_GROWSDOWN))
        return Errno::EINVAL;
    if (!anonymous) {
        if (!file.readable)
            return Errno::EACCES;
        if (type != MAP_PRIVATE && (prot & PROT_WRITE) && !file.writable)
            return Errno::EACCES;
        if (file.backing && !TRY(file.backing->check_map(prot, type != MAP_PRIVATE)))
            file.writable = false;
        // /dev/zero maps fresh anonymous memory once its access mode allowed the mapping.
        if (file.anonymous) {
            anonymous = true;
            flags |= MAP_ANONYMOUS;
        }
    }
    MapRequest request;
    request.address = address;
    request.length = length;
    request.prot = prot;
    request.flags = flags;
    if (!anonymous) {
        request.host_fd = file.host_fd;
        request.offset = offset;
        request.dev = file.dev;
        request.inode = file.inode;
        request.path = StringView(file.path, file.path_length);
        request.may_write = file.writable;
        request.backing = file.backing;
    }
    return address_space(thread).map(request);
}

// Implements munmap(2).
Result<u64> sys_munmap(Thread& thread, u64 address, u64 length)
{
    TRY(address_space(thread).unmap(address, length));
    return u64(0);
}

// Implements mprotect(2).
Result<u64> sys_mprotect(Thread& thread, u64 address, u64 length, int prot)
{
    TRY(address_space(thread).protect(address, length, prot));
    return u64(0);
}

// Implements mremap(2), including MREMAP_FIXED and MREMAP_DONTUNMAP.
Result<u64> sys_mremap(Thread& thread, u64 old_address, u64 old_length, u64 new_length, int flags, u64 new_address)
{
    return address_space(thread).remap(old_address, old_length, new_length, flags, new_address);
}

// Implements madvise(2); unknown advice is EINVAL.
Result<u64> sys_madvise(Thread& thread, u64 address, u64 length, int advice)
{
    TRY(address_space(thread).advise(address, length, advice));
    return u64(0);
}

// Implements brk(2): emulated, never the host's own break.
Result<u64> sys_brk(Thread& thread, u64 requested) { return address_space(thread).brk(requested); }

// Implements msync(2).
Result<u64> sys_msync(Thread& thread, u64 address, u64 length, int flags)
{
    TRY(address_space(thread).sync(address, length, flags));
    return u64(0);
}

// Implements mincore(2).
Result<u64> sys_mincore(Thread& thread, u64 address, u64 length, UserPtr<u8> vec)
{
    if (!page_aligned(address))
        return Errno::EINVAL;
    if (address > layout::TASK_SIZE || length > layout::TASK_SIZE - address)
        return Errno::ENOMEM;
    u64 pages = page_round_up(length) / PAGE_SIZE;
    if (!user_range_ok(vec.address(), pages))
        return Errno::EFAULT;
    u8 chunk[1024];
    for (u64 done = 0; done < pages;) {
        u64 n = pages - done < sizeof(chunk) ? pages - done : sizeof(chunk);
        TRY(address_space(thread).residency(address + done * PAGE_SIZE, n, chunk));
        TRY(copy_to_user(vec.address() + done, chunk, n));
        done += n;
    }
    return u64(0);
}

// Implements mlock(2). The pages are not pinned on the host; see AddressSpace::lock.
Result<u64> sys_mlock(Thread& thread, u64 address, u64 length)
{
    TRY(address_space(thread).lock(address, length, VM_LOCKED));
    return u64(0);
}

// Implements mlock2(2).
Result<u64> sys_mlock2(Thread& thread, u64 address, u64 length, int flags)
{
    if (flags & ~MLOCK_ONFAULT)
        return Errno::EINVAL;
    TRY(address_space(thread).lock(address, length, VM_LOCKED | ((flags & MLOCK_ONFAULT) ? VM_LOCKONFAULT : 0)));
    return u64(0);
}

// Implements munlock(2).
Result<u64> sys_munlock(Thread& thread, u64 address, u64 length)
{
    TRY(address_space(thread).unlock(address, length));
    return u64(0);
}

// Implements mlockall(2).
Result<u64> sys_mlockall(Thread& thread, int flags)
{
    if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
        return Errno::EINVAL;
    TRY(address_space(thread).lock_all(flags));
    return u64(0);
}

// Implements munlockall(2).
Result<u64> sys_munlockall(Thread& thread)
{
    address_space(thread).unlock_all();
    return u64(0);
}

// Implements membarrier(2) on the host's membarrier: every guest thread is a host
// thread, so the host's barriers reach exactly the guest's threads. Registrations are
// kept per address space, as Linux keeps them per mm, and forwarded to the host. The
// rseq commands are not offered (QUERY does not list them) until rseq exists.
Result<u64> sys_membarrier(Thread& thread, int cmd, u32 flags, int cpu_id)
{
    (void)cpu_id;
    if (flags != 0)
        return Errno::EINVAL;
    u32& state = address_space(thread).membarrier_state();
    switch (cmd) {
    case MEMBARRIER_CMD_QUERY:
        return u64(MEMBARRIER_SUPPORTED);
    case MEMBARRIER_CMD_GET_REGISTRATIONS:
        return u64(__atomic_load_n(&state, __ATOMIC_ACQUIRE));
    case MEMBARRIER_CMD_GLOBAL:
    case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
        TRY(platform::membarrier(cmd, 0, 0));
        return u64(0);
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
    case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
        // The register command is the next bit up from its barrier.
        if (!(__atomic_load_n(&state, __ATOMIC_ACQUIRE) & u32(cmd << 1)))
            return Errno::EPERM;
        TRY(platform::membarrier(cmd, 0, 0));
        return u64(0);
    case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
    case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
        TRY(platform::membarrier(cmd, 0, 0));
        __atomic_fetch_or(&state, u32(cmd), __ATOMIC_ACQ_REL);
        return u64(0);
    default:
        return Errno::EINVAL;
    }
}
