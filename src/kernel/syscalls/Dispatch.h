#pragma once

// Syscall dispatch: the table built from abi/syscalls.def, and the adapter that turns
// six raw argument registers into a handler's typed parameters.

#include "kernel/base/Result.h"
#include "kernel/mm/UserPtr.h"

#include <type_traits>
#include <utility>

class Thread;

struct SyscallArgs {
    u64 a[6];
};

enum class SupportLevel : u8 {
    NONE,
    PARTIAL,
    FULL,
};

using SyscallThunk = u64 (*)(Thread&, const SyscallArgs&);

struct SyscallEntry {
    const char* name { nullptr };
    SyscallThunk thunk { nullptr };
    SupportLevel level { SupportLevel::NONE };
    i32 error { 38 }; // ENOSYS
    const char* args { "" };
    const char* note { "" };
};

constexpr u32 SYSCALL_TABLE_SIZE = 512;

// Returns the row for `nr`, or nullptr when no syscall has that number.
const SyscallEntry* syscall_entry(u64 nr);

// Runs syscall `nr` for `thread` and returns the raw value for rax (negative errno).
u64 syscall_dispatch(Thread& thread, u64 nr, const SyscallArgs& args);

namespace dispatch_detail {

template<typename T>
T cast_arg(u64 raw)
{
    if constexpr (std::is_pointer_v<T>)
        static_assert(!std::is_pointer_v<T>, "handlers take UserPtr<T>, not raw pointers");
    else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
        return static_cast<T>(raw);
    else
        return T(raw);
}

inline u64 to_raw(Result<u64>&& r) { return r.is_ok() ? r.value() : u64(-i64(r.error())); }

template<typename... P, usize... I>
u64 call(Result<u64> (*fn)(Thread&, P...), Thread& t, const SyscallArgs& a, std::index_sequence<I...>)
{
    return to_raw(fn(t, cast_arg<P>(a.a[I])...));
}

template<typename... P>
u64 call(Result<u64> (*fn)(Thread&, P...), Thread& t, const SyscallArgs& a)
{
    static_assert(sizeof...(P) <= 6);
    return call(fn, t, a, std::index_sequence_for<P...> {});
}

}

template<auto Handler>
u64 syscall_thunk(Thread& t, const SyscallArgs& a)
{
    return dispatch_detail::call(Handler, t, a);
}
