#pragma once

// The host seccomp filter that confines a sandbox to the host calls listed in
// entry/Seccomp.def, built by hand as classic BPF.
//
// The builder is header-only and depends on nothing but fixed-width integers, so that the
// launcher builds its own (first) filter from the same list and the same code as the
// kernel's (second, tighter) one. Both kill the whole sandbox on any other host call.

#include "kernel/base/Types.h"

struct linux_sock_filter {
    u16 code;
    u8 jt;
    u8 jf;
    u32 k;
};
static_assert(sizeof(linux_sock_filter) == 8);

struct linux_sock_fprog {
    u16 len;
    const linux_sock_filter* filter;
};
static_assert(sizeof(linux_sock_fprog) == 16);

namespace seccomp {

// Classic BPF opcodes (linux/bpf_common.h) and seccomp constants (linux/seccomp.h, audit.h).
constexpr u16 BPF_LD_W_ABS = 0x00 | 0x00 | 0x20;
constexpr u16 BPF_JMP_JEQ_K = 0x05 | 0x10 | 0x00;
constexpr u16 BPF_RET_K = 0x06 | 0x00;
constexpr u32 SECCOMP_SET_MODE_FILTER = 1;
constexpr u32 SECCOMP_RET_KILL_PROCESS = 0x80000000U;
constexpr u32 SECCOMP_RET_ALLOW = 0x7fff0000U;
constexpr u32 AUDIT_ARCH_X86_64 = 0xc000003eU;

// Offsets into struct seccomp_data.
constexpr u32 DATA_NR = 0;
constexpr u32 DATA_ARCH = 4;
constexpr u32 DATA_ARG0_LOW = 16;
constexpr u32 DATA_ARG1_LOW = 24;

enum class Scope : u8 {
    BOOT,   // the launcher's filter: KERNEL and BOOT rows
    KERNEL, // the kernel's filter: KERNEL rows only
};

constexpr u32 PRCTL_NR = 157;
constexpr u32 IOCTL_NR = 16;

struct HostCall {
    u32 nr;
    Scope scope;
};

constexpr HostCall HOST_CALLS[] = {
#define HOST_SYSCALL(nr, name, scope) { nr, Scope::scope },
#include "kernel/entry/Seccomp.def"
#undef HOST_SYSCALL
};

constexpr u32 HOST_PRCTLS[] = {
#define HOST_SYSCALL(nr, name, scope)
#define HOST_PRCTL(option, name) option,
#include "kernel/entry/Seccomp.def"
#undef HOST_PRCTL
#undef HOST_SYSCALL
};

constexpr u32 HOST_IOCTLS[] = {
#define HOST_SYSCALL(nr, name, scope)
#define HOST_IOCTL(request, name) request,
#include "kernel/entry/Seccomp.def"
#undef HOST_IOCTL
#undef HOST_SYSCALL
};

constexpr usize HOST_CALL_COUNT = sizeof(HOST_CALLS) / sizeof(HOST_CALLS[0]);
constexpr usize HOST_PRCTL_COUNT = sizeof(HOST_PRCTLS) / sizeof(HOST_PRCTLS[0]);
constexpr usize HOST_IOCTL_COUNT = sizeof(HOST_IOCTLS) / sizeof(HOST_IOCTLS[0]);
// Enough room for any filter build_filter() makes.
constexpr usize FILTER_CAPACITY = HOST_CALL_COUNT + HOST_PRCTL_COUNT + HOST_IOCTL_COUNT + 16;
static_assert(FILTER_CAPACITY < 250, "jump offsets are 8 bits; split the filter before the list grows this long");

constexpr linux_sock_filter statement(u16 code, u32 k) { return { code, 0, 0, k }; }
constexpr linux_sock_filter jump(u16 code, u32 k, usize jt, usize jf) { return { code, u8(jt), u8(jf), k }; }

constexpr bool allowed_in(Scope row, Scope filter) { return filter == Scope::BOOT || row == Scope::KERNEL; }

// Builds the filter into `out` (at least FILTER_CAPACITY entries) and returns its length.
// Every failed check jumps to the kill after the per-number comparisons.
//
// The filter looks at the architecture, the number and (for prctl and ioctl) one
// argument, never at the instruction pointer: the host caches a verdict that depends on
// the number alone (seccomp's action cache), so the common host calls skip both filters.
// Restricting calls to the kernel image's text would add nothing the host does not already
// enforce, since Syscall User Dispatch, armed without a selector, turns every `syscall`
// outside that text into SIGSYS.
constexpr usize build_filter(linux_sock_filter* out, Scope scope)
{
    usize n = 0;
    usize calls = 0;
    for (const auto& call : HOST_CALLS)
        calls += allowed_in(call.scope, scope) ? 1 : 0;

    out[n++] = statement(BPF_LD_W_ABS, DATA_ARCH);
    usize arch_check = n;
    out[n++] = jump(BPF_JMP_JEQ_K, AUDIT_ARCH_X86_64, 0, 0);
    out[n++] = statement(BPF_LD_W_ABS, DATA_NR);

    // Layout after the header: [one jump per allowed number][kill], then one section per
    // argument-checked call: [load the argument][one jump per allowed value][kill], and
    // last the one [allow] that every accepted call jumps to.
    usize kill = n + calls;
    usize prctl_section = kill + 1;
    usize ioctl_section = prctl_section + HOST_PRCTL_COUNT + 2;
    usize allow = ioctl_section + HOST_IOCTL_COUNT + 2;
    for (const auto& call : HOST_CALLS) {
        if (!allowed_in(call.scope, scope))
            continue;
        usize target = call.nr == PRCTL_NR ? prctl_section : call.nr == IOCTL_NR ? ioctl_section : allow;
        out[n] = jump(BPF_JMP_JEQ_K, call.nr, target - n - 1, 0);
        ++n;
    }
    out[n++] = statement(BPF_RET_K, SECCOMP_RET_KILL_PROCESS);
    auto section = [&](u32 offset, const u32* values, usize count) {
        out[n++] = statement(BPF_LD_W_ABS, offset);
        for (usize i = 0; i < count; ++i) {
            out[n] = jump(BPF_JMP_JEQ_K, values[i], allow - n - 1, 0);
            ++n;
        }
        out[n++] = statement(BPF_RET_K, SECCOMP_RET_KILL_PROCESS);
    };
    section(DATA_ARG0_LOW, HOST_PRCTLS, HOST_PRCTL_COUNT);
    section(DATA_ARG1_LOW, HOST_IOCTLS, HOST_IOCTL_COUNT);
    out[n++] = statement(BPF_RET_K, SECCOMP_RET_ALLOW);

    // A foreign architecture jumps to the kill.
    out[arch_check].jf = u8(kill - arch_check - 1);
    return n;
}

}

template<typename T>
class Result;

// Installs the kernel's own filter: KERNEL rows only.
// Preconditions: no_new_privs is set (the launcher sets it), and this is the only thread.
Result<void> install_kernel_seccomp_filter();
