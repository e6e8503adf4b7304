#include "kernel/fs/memfs/MemFs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/abi/System.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemInode.h"
#include "platform/Platform.h"

namespace {
// Linux's tmpfs stamps files with the coarse clock (current_time(), a jiffy's
// granularity). Here a host reading is reused while the TSC says less than about a
// third of a millisecond has passed, so a stream of small writes makes no host call
// each. Private to the host process, like the TSC reading it pairs with; a TSC that
// went backwards (another CPU) reads as a large difference and refreshes.
constexpr u64 COARSE_CYCLES = 1000000;
Atomic<u64> s_coarse_tsc { 0 };
Atomic<u64> s_coarse_ns { 0 };
}

linux_timespec memfs_now()
{
    u64 tsc = __builtin_ia32_rdtsc();
    u64 cached = s_coarse_ns.load(MemoryOrder::Acquire);
    if (cached && tsc - s_coarse_tsc.load(MemoryOrder::Relaxed) < COARSE_CYCLES)
        return { i64(cached / NSEC_PER_SEC), i64(cached % NSEC_PER_SEC) };
    linux_timespec now {};
    (void)platform::clock_gettime(CLOCK_REALTIME, &now);
    // A clock before 1970 is not cached (the encoding below is unsigned).
    if (now.tv_sec >= 0) {
        s_coarse_tsc.store(tsc, MemoryOrder::Relaxed);
        s_coarse_ns.store(u64(now.tv_sec) * NSEC_PER_SEC + u64(now.tv_nsec), MemoryOrder::Release);
    }
    return now;
}

Result<MemFs*> MemFs::create(u64 size_limit, u32 root_mode)
{
    if (size_limit == 0) {
        // Linux's tmpfs defaults to half of physical memory.
        linux_sysinfo info {};
        if (platform::sysinfo(&info).is_error() || info.totalram == 0)
            size_limit = u64(4) << 30;
        else
            size_limit = info.totalram * (info.mem_unit ? info.mem_unit : 1) / 2;
    }
    u64 pages = page_round_up(size_limit) / PAGE_SIZE;
    auto* fs = arena().make<MemFs>(allocate_anonymous_dev(), pages);
    if (!fs)
        return Errno::ENOMEM;
    // Linux's default nr_inodes: half the number of physical pages, here of the limit.
    fs->m_limit_inodes = pages / 2 > 1024 ? pages / 2 : 1024;
    InodeCreation creation;
    creation.mode = S_IFDIR | (root_mode & 07777);
    fs->m_root = TRY(fs->make_inode(creation));
    return fs;
}

Inode* MemFs::root_inode()
{
    m_root->ref();
    return m_root;
}

Result<MemInode*> MemFs::make_inode(const InodeCreation& creation)
{
    if (m_inodes.fetch_add(1) >= m_limit_inodes) {
        m_inodes.fetch_sub(1);
        return Errno::ENOSPC;
    }
    auto* inode = make_ref_counted<MemInode>(*this, allocate_ino(), creation);
    if (!inode) {
        m_inodes.fetch_sub(1);
        return Errno::ENOMEM;
    }
    return inode;
}

Result<void> MemFs::resize(u64 size_limit)
{
    u64 pages = size_limit ? page_round_up(size_limit) / PAGE_SIZE : ~u64(0) / PAGE_SIZE;
    if (pages < m_used_pages.load())
        return Errno::EINVAL;
    __atomic_store_n(&m_limit_pages, pages, __ATOMIC_RELAXED);
    return {};
}

Result<void> MemFs::charge_pages(u64 count)
{
    u64 used = m_used_pages.fetch_add(count);
    if (used + count > m_limit_pages) {
        m_used_pages.fetch_sub(count);
        return Errno::ENOSPC;
    }
    return {};
}

void MemFs::fill_statfs(linux_statfs& st) const
{
    mem_zero(&st, sizeof(st));
    u64 inodes = m_inodes.load();
    st.f_type = TMPFS_MAGIC;
    st.f_bsize = i64(PAGE_SIZE);
    st.f_frsize = i64(PAGE_SIZE);
    st.f_blocks = m_limit_pages;
    st.f_bfree = free_pages();
    st.f_bavail = st.f_bfree;
    st.f_files = m_limit_inodes;
    st.f_ffree = inodes < m_limit_inodes ? m_limit_inodes - inodes : 0;
    st.f_namelen = NAME_MAX;
    st.f_fsid[0] = i32(dev_minor(dev()));
    st.f_fsid[1] = i32(dev_major(dev()));
    st.f_flags = ST_VALID;
}
