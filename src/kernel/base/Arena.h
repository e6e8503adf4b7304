#pragma once

// The shared arena: every kernel object of a sandbox lives here.
//
// One memfd is mapped MAP_SHARED at layout::ARENA_BASE over the whole reservation in
// every sandbox process (a host fork inherits the mapping). Growing the arena is an
// ftruncate of that memfd, so all processes see new pages without remapping.
// Allocation uses size classes up to one page, each a power of two or one and a half
// times one (so no object wastes more than a third of its block), and page runs above
// that, each with a free list; nothing is returned to the host.

#include "kernel/base/Mutex.h"
#include "kernel/base/Result.h"
#include "kernel/base/StringView.h"

#include <new>
#include <utility>

class Arena {
public:
    // Creates the memfd and maps it at `base` with `reserve` bytes. Called once by the
    // first sandbox process; `base` is layout::ARENA_BASE except in unit tests.
    static Result<Arena*> create(u64 base, u64 reserve);

    // Returns `size` bytes of zeroed memory, or null when the arena cannot grow.
    void* allocate(usize size);
    void deallocate(void* ptr, usize size);

    // A NUL-terminated copy of `text` (null without memory), and its release.
    char* copy_string(StringView text);
    void free_string(char* text, usize length) { deallocate(text, length + 1); }

    template<typename T, typename... Args>
    T* make(Args&&... args)
    {
        void* p = allocate(sizeof(T));
        return p ? new (p) T(std::forward<Args>(args)...) : nullptr;
    }
    template<typename T>
    void destroy(T* object)
    {
        if (!object)
            return;
        object->~T();
        deallocate(object, sizeof(T));
    }

    u64 base() const { return m_base; }
    u64 committed() const { return m_committed; }
    // Bytes ever handed out from the start of the arena (freed blocks included).
    u64 used() const { return m_bump - m_base; }
    bool contains(const void* p) const { return u64(p) >= m_base && u64(p) < m_base + m_committed; }
    // Where `p` lies in the arena's memfd, and that memfd's number in this host process:
    // memfs maps its file pages into the guest from there.
    u64 offset_of(const void* p) const { return u64(p) - m_base; }
    static int host_fd();

    // A well-known slot where the kernel keeps its root object (the sandbox's global state).
    void* root() const { return m_root; }
    void set_root(void* root) { m_root = root; }

private:
    // Multiples of 16, so every block keeps the 16-byte alignment of the first class.
    static constexpr usize CLASS_SIZES[] = { 16, 32, 48, 64, 96, 112, 128, 192, 256, 320, 384, 512, 768, 1024, 1536, 2048, 3072, 4096 };
    static constexpr int CLASS_COUNT = sizeof(CLASS_SIZES) / sizeof(CLASS_SIZES[0]);
    static constexpr u64 GROW_STEP = 4 * 1024 * 1024;
    struct FreeNode {
        FreeNode* next;
        usize pages;
    };

    static int class_of(usize size);
    void* take_pages(usize pages, bool& fresh);
    bool grow_to(u64 end);

    Mutex m_lock;
    u64 m_base { 0 };
    u64 m_reserve { 0 };
    u64 m_committed { 0 };
    u64 m_bump { 0 };
    FreeNode* m_free[CLASS_COUNT] {};
    FreeNode* m_free_runs { nullptr };
    void* m_root { nullptr };
};

// The arena of this sandbox, mapped at the same address in every process.
Arena& arena();
void set_arena(Arena*);
