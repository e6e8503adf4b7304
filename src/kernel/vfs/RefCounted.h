#pragma once

// A reference count for polymorphic arena objects (inodes, dentries, open file
// descriptions). The count is atomic because the objects are shared by every thread of
// every sandbox process. The last unref() runs the virtual destructor and returns the
// object's memory to the arena with the size recorded when it was made.

#include "kernel/base/Arena.h"
#include "kernel/base/Atomic.h"

class RefCounted {
public:
    RefCounted() = default;
    RefCounted(const RefCounted&) = delete;
    RefCounted& operator=(const RefCounted&) = delete;
    virtual ~RefCounted() = default;

    void ref() { m_refs.fetch_add(1, MemoryOrder::Relaxed); }
    void unref()
    {
        if (m_refs.fetch_sub(1, MemoryOrder::AcqRel) != 1)
            return;
        usize size = m_alloc_size;
        this->~RefCounted();
        arena().deallocate(this, size);
    }
    u32 ref_count() const { return m_refs.load(MemoryOrder::Relaxed); }

    template<typename T, typename... Args>
    friend T* make_ref_counted(Args&&... args);

private:
    Atomic<u32> m_refs { 1 };
    usize m_alloc_size { 0 };
};

// Makes a T in the arena with one reference held by the caller, or returns null.
template<typename T, typename... Args>
T* make_ref_counted(Args&&... args)
{
    T* object = arena().make<T>(std::forward<Args>(args)...);
    if (object)
        static_cast<RefCounted*>(object)->m_alloc_size = sizeof(T);
    return object;
}

// Drops the reference a pointer holds, if any.
template<typename T>
void unref_if(T* object)
{
    if (object)
        object->unref();
}
