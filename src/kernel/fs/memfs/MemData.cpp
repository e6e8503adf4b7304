// memfs file data: the file's arena pages by index (PageIndex), holes having none. Pages
// are allocated on first write and charged against the size limit; walks over a file
// visit the pages it has, not every index of its length.

#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemInode.h"
#include "kernel/mm/UserCopy.h"

namespace {
// The largest file size memfs accepts (Linux's MAX_LFS_FILESIZE).
constexpr u64 MAX_FILE_SIZE = 0x7fffffffffffffffull;
// Past every page index a file can have.
constexpr u64 NO_PAGE = MAX_FILE_SIZE / PAGE_SIZE + 1;
// What a hole reads as.
alignas(PAGE_SIZE) const u8 s_zero_page[PAGE_SIZE] {};

u64 copy_from_kernel(u8* page, u64 done, u64 n, const void* source)
{
    mem_copy(page, static_cast<const u8*>(source) + done, n);
    return n;
}

u64 copy_from_guest(u8* page, u64 done, u64 n, const void* source)
{
    auto copied = copy_from_user_partial(page, *static_cast<const u64*>(source) + done, n);
    return copied.is_ok() ? copied.value() : 0;
}

u64 copy_to_kernel(const u8* page, u64 done, u64 n, void* target)
{
    mem_copy(static_cast<u8*>(target) + done, page, n);
    return n;
}

u64 copy_to_guest(const u8* page, u64 done, u64 n, void* target)
{
    auto copied = copy_to_user_partial(*static_cast<const u64*>(target) + done, page, n);
    return copied.is_ok() ? copied.value() : 0;
}

// The part of the byte range [at, end) that lies in at's page.
struct PageSpan {
    u64 index;  // the page's slot
    u64 within; // where the part starts in the page
    u64 length;
};

PageSpan page_span(u64 at, u64 end)
{
    u64 within = at % PAGE_SIZE;
    u64 length = PAGE_SIZE - within;
    return { at / PAGE_SIZE, within, length < end - at ? length : end - at };
}
}

void MemInode::free_page(u64 index)
{
    u8* page = m_pages.get(index);
    if (!page)
        return;
    arena().deallocate(page, PAGE_SIZE);
    m_pages.clear(index);
    --m_page_count;
    mem_fs().uncharge_pages(1);
}

void MemInode::release_page(u64 index)
{
    if (!m_mapped) {
        free_page(index);
        return;
    }
    if (u8* page = m_pages.get(index))
        mem_zero(page, PAGE_SIZE);
}

void MemInode::free_pages_from(u64 first)
{
    m_pages.for_each_present(first, NO_PAGE, [&](u64 index) { free_page(index); });
}

void MemInode::zero_existing(u64 from, u64 to)
{
    if (!m_mapped)
        return;
    if (from >= to)
        return;
    u64 last = (to - 1) / PAGE_SIZE + 1;
    m_pages.for_each_present(from / PAGE_SIZE, last, [&](u64 index) {
        u64 start = index * PAGE_SIZE > from ? index * PAGE_SIZE : from;
        auto span = page_span(start, to);
        mem_zero(m_pages.get(index) + span.within, span.length);
    });
}

Result<u64> MemInode::read_data(void* buffer, u64 len, u64 offset)
{
    return read_pages(len, offset, copy_to_kernel, buffer);
}

Result<u64> MemInode::read_user(u64 user, u64 len, u64 offset)
{
    auto n = TRY(read_pages(len, offset, copy_to_guest, &user));
    if (n == 0 && len != 0 && offset < m_size)
        return Errno::EFAULT;
    return n;
}

Result<u64> MemInode::read_pages(u64 len, u64 offset, PageCopyOut copy, void* target)
{
    if (offset >= m_size)
        return u64(0);
    if (len > m_size - offset)
        len = m_size - offset;
    u64 done = 0;
    while (done < len) {
        auto span = page_span(offset + done, offset + len);
        const u8* page = m_pages.get(span.index);
        const u8* from = page ? page + span.within : s_zero_page;
        u64 copied = copy(from, done, span.length, target);
        done += copied;
        if (copied < span.length)
            break;
    }
    return done;
}

Result<u64> MemInode::write_data(const void* buffer, u64 len, u64 offset)
{
    return write_pages(len, offset, copy_from_kernel, buffer);
}

Result<u64> MemInode::write_user(u64 user, u64 len, u64 offset)
{
    auto n = TRY(write_pages(len, offset, copy_from_guest, &user));
    if (n == 0 && len != 0)
        return Errno::EFAULT;
    return n;
}

Result<u64> MemInode::write_pages(u64 len, u64 offset, PageCopy copy, const void* source)
{
    if (len == 0)
        return u64(0);
    if (offset > MAX_FILE_SIZE || len > MAX_FILE_SIZE - offset)
        return Errno::EFBIG;
    if (m_seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
        return Errno::EPERM;
    if ((m_seals & F_SEAL_GROW) && offset + len > m_size)
        return Errno::EPERM;
    if (offset > m_size)
        zero_existing(m_size, offset);
    u64 done = 0;
    while (done < len) {
        auto span = page_span(offset + done, offset + len);
        u8* page = m_pages.get(span.index);
        if (!page) {
            auto charged = mem_fs().charge_pages(1);
            page = charged.is_error() ? nullptr : static_cast<u8*>(arena().allocate(PAGE_SIZE));
            if (page && !m_pages.set(span.index, page)) {
                arena().deallocate(page, PAGE_SIZE);
                page = nullptr;
            }
            if (!page) {
                if (!charged.is_error())
                    mem_fs().uncharge_pages(1);
                if (done)
                    break;
                return Errno::ENOSPC;
            }
            ++m_page_count;
        }
        u64 copied = copy(page + span.within, done, span.length, source);
        done += copied;
        if (copied < span.length)
            break;
    }
    if (offset + done > m_size)
        m_size = offset + done;
    if (done)
        touch(true);
    return done;
}

Result<void> MemInode::set_size(u64 size)
{
    if (size > MAX_FILE_SIZE)
        return Errno::EFBIG;
    if (size < m_size && (m_seals & F_SEAL_SHRINK))
        return Errno::EPERM;
    if (size > m_size && (m_seals & F_SEAL_GROW))
        return Errno::EPERM;
    if (size > m_size)
        zero_existing(m_size, size);
    if (size < m_size) {
        m_pages.for_each_present(page_round_up(size) / PAGE_SIZE, NO_PAGE, [&](u64 index) { release_page(index); });
        // The tail of the last page must read as zeros if the file grows again.
        u64 within = size % PAGE_SIZE;
        if (u8* page = within ? m_pages.get(size / PAGE_SIZE) : nullptr)
            mem_zero(page + within, PAGE_SIZE - within);
    }
    m_size = size;
    return {};
}

Result<void> MemInode::allocate_range(u64 offset, u64 len, bool keep_size)
{
    if (offset > MAX_FILE_SIZE || len > MAX_FILE_SIZE - offset)
        return Errno::EFBIG;
    u64 end = offset + len;
    if (!keep_size && end > m_size && (m_seals & F_SEAL_GROW))
        return Errno::EPERM;
    u64 first = offset / PAGE_SIZE;
    u64 last = (end + PAGE_SIZE - 1) / PAGE_SIZE;
    // A range past what the filesystem can still hold fails at once, as tmpfs checks its
    // free blocks first, instead of walking (and indexing) pages it could never have.
    if (last - first > m_page_count + mem_fs().free_pages())
        return Errno::ENOSPC;
    u64 missing = last - first - m_pages.count_present(first, last);
    // Charge the whole range first so that a failure leaves the file as it was.
    TRY(mem_fs().charge_pages(missing));
    for (u64 i = first; i < last; ++i) {
        if (m_pages.get(i))
            continue;
        auto* page = static_cast<u8*>(arena().allocate(PAGE_SIZE));
        if (page && !m_pages.set(i, page)) {
            arena().deallocate(page, PAGE_SIZE);
            page = nullptr;
        }
        if (!page) {
            mem_fs().uncharge_pages(missing);
            return Errno::ENOSPC;
        }
        ++m_page_count;
        --missing;
    }
    if (!keep_size && end > m_size) {
        zero_existing(m_size, end);
        m_size = end;
    }
    touch(!keep_size);
    return {};
}

void MemInode::punch_range(u64 offset, u64 len)
{
    u64 end = offset + len < offset ? ~u64(0) : offset + len;
    if (offset >= end)
        return;
    // Whole pages go; the partial pages at either end are zeroed in place.
    u64 whole_first = page_round_up(offset) / PAGE_SIZE;
    u64 whole_last = end / PAGE_SIZE;
    auto zero_part = [&](u64 from, u64 to) {
        auto span = page_span(from, to);
        if (u8* page = m_pages.get(span.index))
            mem_zero(page + span.within, span.length);
    };
    if (whole_first > whole_last) {
        zero_part(offset, end);
    } else {
        if (offset % PAGE_SIZE)
            zero_part(offset, whole_first * PAGE_SIZE);
        m_pages.for_each_present(whole_first, whole_last, [&](u64 index) { release_page(index); });
        if (end % PAGE_SIZE)
            zero_part(whole_last * PAGE_SIZE, end);
    }
    touch(true);
}

u64 MemInode::seek_data(u64 offset, bool want_data) const
{
    u64 at = offset;
    if (want_data && at < m_size) {
        u64 index = m_pages.next_present(at / PAGE_SIZE, page_round_up(m_size) / PAGE_SIZE);
        if (index * PAGE_SIZE < m_size)
            return index * PAGE_SIZE > at ? index * PAGE_SIZE : at;
        at = m_size;
    }
    while (at < m_size) {
        u64 index = at / PAGE_SIZE;
        if (!m_pages.get(index))
            return at;
        at = (index + 1) * PAGE_SIZE;
    }
    // Past the last data there is the implicit hole at the end of the file.
    return want_data ? ~u64(0) : m_size;
}
