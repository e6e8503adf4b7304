// Mappings of memfs files: the guest maps the file's arena pages themselves (host
// mmap of the arena memfd at each page's offset), so that shared mappings, read(2) and
// write(2) all see one copy of the data, in every process, across fork.
//
// Once a file has been mapped its pages are pinned: truncation and hole punching zero
// them in place instead of returning them to the arena (MemData.cpp), and every mapping
// holds a reference to the inode, so the pages are freed only when no mapping is left.
// Deviation from Linux: a page past the end of the file (at mmap time, or after a later
// truncation) does not raise SIGBUS. Pages wholly past the end at mmap time are private
// anonymous memory (reads see zeros, writes stay in the process); pages that a
// truncation put past the end keep mapping the zeroed file page.

#include "kernel/abi/Mman.h"
#include "kernel/base/Arena.h"
#include "kernel/fs/memfs/MemInode.h"
#include "platform/Platform.h"

Result<bool> MemInode::check_map(int prot, bool shared)
{
    MutexLocker locker(mem_fs().lock());
    bool sealed = m_seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE);
    if (shared && (prot & PROT_WRITE) && sealed)
        return Errno::EPERM;
    // Linux clears VM_MAYWRITE on a read-only shared mapping of a sealed file, so that
    // mprotect() cannot add PROT_WRITE later.
    return !sealed;
}

// Allocates the missing pages of [first, last), charged to the size limit up front so
// that a failure leaves the file as it was. Runs of missing pages are allocated in one
// piece when the arena can, so that they map with one host mapping.
// Preconditions: the filesystem lock is held.
Result<void> MemInode::fill_holes(u64 first, u64 last)
{
    u64 missing = last - first - m_pages.count_present(first, last);
    if (missing == 0)
        return {};
    if (mem_fs().charge_pages(missing).is_error())
        return Errno::ENOMEM;
    for (u64 i = first; i < last;) {
        if (m_pages.get(i)) {
            ++i;
            continue;
        }
        u64 run = 1;
        while (i + run < last && !m_pages.get(i + run))
            ++run;
        auto* pages = static_cast<u8*>(arena().allocate(run * PAGE_SIZE));
        if (!pages && run > 1) {
            run = 1;
            pages = static_cast<u8*>(arena().allocate(PAGE_SIZE));
        }
        if (!pages) {
            mem_fs().uncharge_pages(missing);
            return Errno::ENOMEM;
        }
        // Arena allocations come zeroed; each page is freed on its own later.
        for (u64 k = 0; k < run; ++k) {
            if (!m_pages.set(i + k, pages + k * PAGE_SIZE)) {
                for (u64 rest = k; rest < run; ++rest)
                    arena().deallocate(pages + rest * PAGE_SIZE, PAGE_SIZE);
                m_page_count += k;
                mem_fs().uncharge_pages(missing - k);
                return Errno::ENOMEM;
            }
        }
        m_page_count += run;
        missing -= run;
        i += run;
    }
    return {};
}

Result<void> MemInode::map_pages(u64 address, u64 length, u64 offset, int prot, bool shared, bool writable)
{
    {
        MutexLocker locker(mem_fs().lock());
        u64 first = offset / PAGE_SIZE;
        u64 end = page_round_up(m_size) / PAGE_SIZE;
        u64 wanted = first + length / PAGE_SIZE;
        if (wanted < end)
            end = wanted;
        if (first < end)
            TRY(fill_holes(first, end));
        // Pinned from here on: the guest may hold these pages from the first host mmap.
        m_mapped = true;
        int fd = Arena::host_fd();
        int flags = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED;
        for (u64 i = first; i < end;) {
            u64 run = 1;
            u8* page = m_pages.get(i);
            while (i + run < end && m_pages.get(i + run) == page + run * PAGE_SIZE)
                ++run;
            u64 at = address + (i - first) * PAGE_SIZE;
            TRY(platform::mmap(at, run * PAGE_SIZE, prot, flags, fd, arena().offset_of(page)));
            i += run;
        }
        if (writable)
            ++m_writable_mappings;
    }
    ref();
    return {};
}

void MemInode::mapping_removed(bool writable)
{
    if (writable) {
        MutexLocker locker(mem_fs().lock());
        --m_writable_mappings;
    }
    unref();
}
