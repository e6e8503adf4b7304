#include "kernel/mm/UserCopy.h"
#include "kernel/base/Layout.h"

extern "C" {
i64 cell_copy_bytes(void* dst, const void* src, u64 n);
i64 cell_zero_bytes(void* dst, u64 n);
i64 cell_strnlen(const char* s, u64 max);
extern char cell_usercopy_begin[];
extern char cell_usercopy_end[];
extern char cell_usercopy_fixup[];
}

bool user_range_ok(u64 address, u64 len)
{
    u64 end = address + len;
    if (end < address || end > layout::TASK_SIZE)
        return false;
    if (len == 0)
        return true;
    return !layout::overlaps_kernel(address, end);
}

Result<void> copy_from_user(void* dst, u64 src, usize len)
{
    if (!user_range_ok(src, len))
        return Errno::EFAULT;
    if (len == 0)
        return {};
    if (cell_copy_bytes(dst, reinterpret_cast<const void*>(src), len) != 0)
        return Errno::EFAULT;
    return {};
}

Result<void> copy_to_user(u64 dst, const void* src, usize len)
{
    if (!user_range_ok(dst, len))
        return Errno::EFAULT;
    if (len == 0)
        return {};
    if (cell_copy_bytes(reinterpret_cast<void*>(dst), src, len) != 0)
        return Errno::EFAULT;
    return {};
}

namespace {

// The usable length of a guest range: up to TASK_SIZE and never into the kernel's
// regions, so that a partial copy stops where the guest's memory does.
Result<usize> usable_length(u64 address, usize len)
{
    if (address >= layout::TASK_SIZE || !user_range_ok(address, 1))
        return Errno::EFAULT;
    u64 limit = len;
    if (limit > layout::TASK_SIZE - address)
        limit = layout::TASK_SIZE - address;
    if (address < layout::KERNEL_REGION_START && address + limit > layout::KERNEL_REGION_START)
        limit = layout::KERNEL_REGION_START - address;
    return usize(limit);
}

Result<usize> partial_result(i64 status, usize len)
{
    if (status == 0)
        return len;
    usize left = usize(-(status + 1));
    usize done = left <= len ? len - left : 0;
    if (done == 0)
        return Errno::EFAULT;
    return done;
}

}

Result<usize> copy_to_user_partial(u64 dst, const void* src, usize len)
{
    if (len == 0)
        return usize(0);
    usize n = TRY(usable_length(dst, len));
    return partial_result(cell_copy_bytes(reinterpret_cast<void*>(dst), src, n), n);
}

Result<usize> copy_from_user_partial(void* dst, u64 src, usize len)
{
    if (len == 0)
        return usize(0);
    usize n = TRY(usable_length(src, len));
    return partial_result(cell_copy_bytes(dst, reinterpret_cast<const void*>(src), n), n);
}

Result<void> clear_user(u64 dst, usize len)
{
    if (!user_range_ok(dst, len))
        return Errno::EFAULT;
    if (len == 0)
        return {};
    if (cell_zero_bytes(reinterpret_cast<void*>(dst), len) != 0)
        return Errno::EFAULT;
    return {};
}

Result<usize> copy_string_from_user(UserPtr<const char> src, char* buffer, usize capacity)
{
    u64 address = src.address();
    if (address == 0 || address >= layout::TASK_SIZE)
        return Errno::EFAULT;
    // Never scan past the end of the guest's range or into the kernel's regions.
    u64 limit = capacity;
    if (limit > layout::TASK_SIZE - address)
        limit = layout::TASK_SIZE - address;
    if (address < layout::KERNEL_REGION_START && address + limit > layout::KERNEL_REGION_START)
        limit = layout::KERNEL_REGION_START - address;
    if (!user_range_ok(address, 1))
        return Errno::EFAULT;
    i64 len = cell_strnlen(reinterpret_cast<const char*>(address), limit);
    if (len < 0)
        return Errno::EFAULT;
    if (u64(len) >= capacity)
        return Errno::ENAMETOOLONG;
    if (u64(len) == limit)
        return Errno::EFAULT;
    if (cell_copy_bytes(buffer, reinterpret_cast<const void*>(address), u64(len)) != 0)
        return Errno::EFAULT;
    buffer[len] = '\0';
    return usize(len);
}

bool usercopy_owns(u64 rip) { return rip >= u64(cell_usercopy_begin) && rip < u64(cell_usercopy_end); }
u64 usercopy_fixup_address() { return u64(cell_usercopy_fixup); }
