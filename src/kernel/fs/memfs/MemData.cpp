// memfs file data: a table of arena pages, one slot per page of the file, null for a
// hole. Pages are allocated on first write and charged against the size limit.

#include "kernel/base/Memory.h"
#include "kernel/fs/memfs/MemInode.h"
#include "kernel/mm/UserCopy.h"

namespace {
// The largest file size memfs accepts (Linux's MAX_LFS_FILESIZE).
constexpr u64 MAX_FILE_SIZE = 0x7fffffffffffffffull;
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

Result<void> MemInode::ensure_slots(u64 pages)
{
    if (pages <= m_slots)
        return {};
    u64 slots = m_slots ? m_slots : 16;
    while (slots < pages)
        slots *= 2;
    auto** table = static_cast<u8**>(arena().allocate(slots * sizeof(u8*)));
    if (!table)
        return Errno::ENOSPC;
    if (m_pages) {
        mem_copy(table, m_pages, m_slots * sizeof(u8*));
        arena().deallocate(m_pages, m_slots * sizeof(u8*));
    }
    m_pages = table;
    m_slots = slots;
    return {};
}

void MemInode::free_page(u64 index)
{
    if (index >= m_slots || !m_pages[index])
        return;
    arena().deallocate(m_pages[index], PAGE_SIZE);
    m_pages[index] = nullptr;
    --m_page_count;
    mem_fs().uncharge_pages(1);
}

void MemInode::release_page(u64 index)
{
    if (!m_mapped) {
        free_page(index);
        return;
    }
    if (index < m_slots && m_pages[index])
        mem_zero(m_pages[index], PAGE_SIZE);
}

void MemInode::free_pages_from(u64 first)
{
    for (u64 i = first; i < m_slots; ++i)
        free_page(i);
}

void MemInode::zero_existing(u64 from, u64 to)
{
    if (!m_mapped)
        return;
    for (u64 at = from; at < to && at / PAGE_SIZE < m_slots;) {
        auto span = page_span(at, to);
        if (m_pages[span.index])
            mem_zero(m_pages[span.index] + span.within, span.length);
        at += span.length;
    }
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
        const u8* from = span.index < m_slots && m_pages[span.index] ? m_pages[span.index] + span.within : s_zero_page;
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
    TRY(ensure_slots((offset + len + PAGE_SIZE - 1) / PAGE_SIZE));
    if (offset > m_size)
        zero_existing(m_size, offset);
    u64 done = 0;
    while (done < len) {
        auto span = page_span(offset + done, offset + len);
        if (!m_pages[span.index]) {
            auto charged = mem_fs().charge_pages(1);
            auto* page = charged.is_error() ? nullptr : static_cast<u8*>(arena().allocate(PAGE_SIZE));
            if (!page) {
                if (!charged.is_error())
                    mem_fs().uncharge_pages(1);
                if (done)
                    break;
                return Errno::ENOSPC;
            }
            m_pages[span.index] = page;
            ++m_page_count;
        }
        u64 copied = copy(m_pages[span.index] + span.within, done, span.length, source);
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
        for (u64 i = page_round_up(size) / PAGE_SIZE; i < m_slots; ++i)
            release_page(i);
        // The tail of the last page must read as zeros if the file grows again.
        u64 within = size % PAGE_SIZE;
        u64 index = size / PAGE_SIZE;
        if (within && index < m_slots && m_pages[index])
            mem_zero(m_pages[index] + within, PAGE_SIZE - within);
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
    TRY(ensure_slots(last));
    u64 missing = 0;
    for (u64 i = first; i < last; ++i)
        missing += m_pages[i] ? 0 : 1;
    // Charge the whole range first so that a failure leaves the file as it was.
    TRY(mem_fs().charge_pages(missing));
    for (u64 i = first; i < last; ++i) {
        if (m_pages[i])
            continue;
        auto* page = static_cast<u8*>(arena().allocate(PAGE_SIZE));
        if (!page) {
            mem_fs().uncharge_pages(missing);
            return Errno::ENOSPC;
        }
        m_pages[i] = page;
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
    for (u64 at = offset; at < end && at / PAGE_SIZE < m_slots;) {
        auto span = page_span(at, end);
        if (span.length == PAGE_SIZE)
            release_page(span.index);
        else if (m_pages[span.index])
            mem_zero(m_pages[span.index] + span.within, span.length);
        at += span.length;
    }
    touch(true);
}

u64 MemInode::seek_data(u64 offset, bool want_data) const
{
    u64 at = offset;
    while (at < m_size) {
        u64 index = at / PAGE_SIZE;
        bool data = index < m_slots && m_pages[index];
        if (data == want_data)
            return at;
        at = (index + 1) * PAGE_SIZE;
    }
    // Past the last data there is the implicit hole at the end of the file.
    return want_data ? ~u64(0) : m_size;
}
