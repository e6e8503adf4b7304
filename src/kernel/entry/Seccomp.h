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
constexpr u16 BPF_JMP_JGE_K = 0x05 | 0x30 | 0x00;
constexpr u16 BPF_RET_K = 0x06 | 0x00;
constexpr u32 SECCOMP_SET_MODE_FILTER = 1;
constexpr u32 SECCOMP_RET_KILL_PROCESS = 0x80000000U;
constexpr u32 SECCOMP_RET_ALLOW = 0x7fff0000U;
constexpr u32 AUDIT_ARCH_X86_64 = 0xc000003eU;

// Offsets into struct seccomp_data.
constexpr u32 DATA_NR = 0;
constexpr u32 DATA_ARCH = 4;
constexpr u32 DATA_IP_LOW = 8;
constexpr u32 DATA_IP_HIGH = 12;
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
// When `ip_end` is non-zero, host calls are allowed only from instructions in
// [ip_start, ip_end), the kernel image's text; the range must not cross a 4 GiB boundary.
// Every failed check jumps to the kill after the per-number comparisons.
constexpr usize build_filter(linux_sock_filter* out, Scope scope, u64 ip_start, u64 ip_end)
{
    usize n = 0;
    usize calls = 0;
    for (const auto& call : HOST_CALLS)
        calls += allowed_in(call.scope, scope) ? 1 : 0;
    bool check_ip = ip_end != 0;
    // The header's jumps to the kill are patched once its position is known.
    usize header_kill_jumps[4] = {};
    usize header_jumps = 0;

    out[n++] = statement(BPF_LD_W_ABS, DATA_ARCH);
    header_kill_jumps[header_jumps++] = n;
    out[n++] = jump(BPF_JMP_JEQ_K, AUDIT_ARCH_X86_64, 0, 0);
    if (check_ip) {
        out[n++] = statement(BPF_LD_W_ABS, DATA_IP_HIGH);
        header_kill_jumps[header_jumps++] = n;
        out[n++] = jump(BPF_JMP_JEQ_K, u32(ip_start >> 32), 0, 0);
        out[n++] = statement(BPF_LD_W_ABS, DATA_IP_LOW);
        header_kill_jumps[header_jumps++] = n;
        out[n++] = jump(BPF_JMP_JGE_K, u32(ip_start), 0, 0);
        header_kill_jumps[header_jumps++] = n;
        out[n++] = jump(BPF_JMP_JGE_K, u32(ip_end), 0, 0);
    }
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

    // Patch the header: a failed check jumps to the kill. The first two are "equal or
    // kill"; the IP range checks are "at least start or kill" and "below end or kill".
    for (usize i = 0; i < header_jumps; ++i) {
        usize at = header_kill_jumps[i];
        usize distance = kill - at - 1;
        bool is_end_check = check_ip && i == header_jumps - 1;
        if (is_end_check)
            out[at].jt = u8(distance);
        else
            out[at].jf = u8(distance);
    }
    return n;
}

}

template<typename T>
class Result;

// Installs the kernel's own filter: KERNEL rows only, from the kernel image's text only.
// Preconditions: no_new_privs is set (the launcher sets it), and this is the only thread.
Result<void> install_kernel_seccomp_filter();
