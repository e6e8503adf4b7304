#include "kernel/base/Arena.h"
#include "kernel/abi/Mman.h"
#include "platform/Platform.h"

#include "kernel/base/Memory.h"

namespace {
Arena* s_arena;
// The arena's memfd. Private to each host process: every sandbox process inherits it
// from the first one through host fork, at the same number, and uses it to grow.
int s_memfd = -1;
}

Arena& arena() { return *s_arena; }
int Arena::host_fd() { return s_memfd; }
void set_arena(Arena* a) { s_arena = a; }

Result<Arena*> Arena::create(u64 base, u64 reserve)
{
    int fd = TRY(platform::memfd_create("cell-arena", 0));
    if (auto r = platform::ftruncate(fd, GROW_STEP); r.is_error()) {
        (void)platform::close(fd);
        return r.error();
    }
    auto mapped = platform::mmap(base, reserve, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE | MAP_NORESERVE, fd, 0);
    if (mapped.is_error() || mapped.value() != base) {
        (void)platform::close(fd);
        return mapped.is_error() ? mapped.error() : Errno::EEXIST;
    }
    s_memfd = fd;
    auto* a = new (reinterpret_cast<void*>(base)) Arena();
    a->m_base = base;
    a->m_reserve = reserve;
    a->m_committed = GROW_STEP;
    a->m_bump = page_round_up(base + sizeof(Arena));
    return a;
}

int Arena::class_of(usize size)
{
    for (int i = 0; i < CLASS_COUNT; ++i) {
        if (size <= CLASS_SIZES[i])
            return i;
    }
    return -1;
}

bool Arena::grow_to(u64 end)
{
    if (end <= m_base + m_committed)
        return true;
    u64 want = end - m_base;
    want = (want + GROW_STEP - 1) / GROW_STEP * GROW_STEP;
    if (want > m_reserve)
        return false;
    if (platform::ftruncate(s_memfd, want).is_error())
        return false;
    m_committed = want;
    return true;
}

// Preconditions: m_lock is held. Sets `fresh` when the pages were never handed out
// before, and so are still the memfd's zero pages.
void* Arena::take_pages(usize pages, bool& fresh)
{
    fresh = false;
    FreeNode** link = &m_free_runs;
    for (FreeNode* run = m_free_runs; run; link = &run->next, run = run->next) {
        if (run->pages < pages)
            continue;
        if (run->pages == pages) {
            *link = run->next;
        } else {
            auto* rest = reinterpret_cast<FreeNode*>(u64(run) + pages * PAGE_SIZE);
            rest->next = run->next;
            rest->pages = run->pages - pages;
            *link = rest;
        }
        return run;
    }
    u64 start = m_bump;
    u64 end = start + pages * PAGE_SIZE;
    if (!grow_to(end))
        return nullptr;
    m_bump = end;
    fresh = true;
    return reinterpret_cast<void*>(start);
}

void* Arena::allocate(usize size)
{
    if (size == 0)
        size = 1;
    MutexLocker locker(m_lock);
    int cls = class_of(size);
    void* result;
    bool fresh = false;
    if (cls < 0) {
        result = take_pages(page_round_up(size) / PAGE_SIZE, fresh);
    } else if (m_free[cls]) {
        result = m_free[cls];
        m_free[cls] = m_free[cls]->next;
    } else {
        // Carve a fresh page into objects of this class.
        usize object = CLASS_SIZES[cls];
        auto* page = static_cast<u8*>(take_pages(1, fresh));
        if (!page)
            return nullptr;
        for (usize off = object; off + object <= PAGE_SIZE; off += object) {
            auto* node = reinterpret_cast<FreeNode*>(page + off);
            node->next = m_free[cls];
            m_free[cls] = node;
        }
        result = page;
    }
    // Memory never handed out is zero already: only reused memory is cleared.
    if (result && !fresh)
        mem_zero(result, cls < 0 ? page_round_up(size) : CLASS_SIZES[cls]);
    return result;
}

char* Arena::copy_string(StringView text)
{
    auto* copy = static_cast<char*>(allocate(text.size() + 1));
    if (!copy)
        return nullptr;
    mem_copy(copy, text.data(), text.size());
    copy[text.size()] = '\0';
    return copy;
}

void Arena::deallocate(void* ptr, usize size)
{
    if (!ptr)
        return;
    MutexLocker locker(m_lock);
    int cls = class_of(size == 0 ? 1 : size);
    auto* node = static_cast<FreeNode*>(ptr);
    if (cls < 0) {
        node->pages = page_round_up(size) / PAGE_SIZE;
        node->next = m_free_runs;
        m_free_runs = node;
    } else {
        node->next = m_free[cls];
        m_free[cls] = node;
    }
}
