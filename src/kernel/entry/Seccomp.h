#pragma once

// The host seccomp filters that confine a sandbox to the host calls listed in
// entry/Seccomp.def, built by hand as classic BPF at compile time.
//
// Two filters are stacked, and the host allows a call only when both do:
// - the launcher's, installed before it execs the kernel image, allows the KERNEL and
//   BOOT rows and kills on any other host call;
// - the kernel's, installed at the end of boot, kills on the BOOT rows. From then on the
//   pair allows exactly the KERNEL rows. The kernel's filter need not repeat the
//   launcher's list: a seccomp filter stays in force for the life of the process and its
//   descendants, and the launcher never execs the image without one.
//
// The builder is header-only and depends on nothing but fixed-width integers, so that the
// launcher and the kernel build their filters from the same list and the same code.

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
constexpr u32 DATA_ARG0_LOW = 16;
constexpr u32 DATA_ARG1_LOW = 24;

enum class Scope : u8 {
    BOOT,   // allowed until the kernel's filter is installed
    KERNEL, // allowed for the running kernel
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

// Where a number goes once the filter has found it.
enum class Target : u8 { KILL, ALLOW, PRCTL, IOCTL };

// The syscall numbers cut into intervals, each with one target: interval i is
// [start[i], start[i + 1]), the last one reaching 2^32. Interval 0 starts at 0.
struct Intervals {
    u32 start[2 * HOST_CALL_COUNT + 2] {};
    Target target[2 * HOST_CALL_COUNT + 2] {};
    usize count { 0 };
};

// Every row, KERNEL and BOOT: the numbers the launcher's filter allows.
constexpr Intervals launcher_intervals()
{
    bool allowed[1024] {};
    for (const auto& call : HOST_CALLS)
        allowed[call.nr] = true;
    Intervals out;
    out.start[0] = 0;
    out.target[0] = Target::KILL;
    out.count = 1;
    for (u32 nr = 0; nr < 1024; ++nr) {
        Target target = !allowed[nr] ? Target::KILL : nr == PRCTL_NR ? Target::PRCTL : nr == IOCTL_NR ? Target::IOCTL : Target::ALLOW;
        if (target == out.target[out.count - 1])
            continue;
        out.start[out.count] = nr;
        out.target[out.count] = target;
        ++out.count;
    }
    return out;
}

constexpr usize BOOT_ONLY_COUNT = [] {
    usize count = 0;
    for (const auto& call : HOST_CALLS)
        count += call.scope == Scope::BOOT ? 1 : 0;
    return count;
}();

// Enough room for either filter: the launcher's has the header, one JGE per interval
// boundary, the kill, the two argument sections and the allow.
constexpr usize FILTER_CAPACITY = 3 + launcher_intervals().count + 1 + (HOST_PRCTL_COUNT + 2) + (HOST_IOCTL_COUNT + 2) + 1;
static_assert(FILTER_CAPACITY < 256, "conditional jumps reach 255 instructions; split the filter before the list grows this long");
static_assert(3 + BOOT_ONLY_COUNT + 2 <= FILTER_CAPACITY);

constexpr linux_sock_filter statement(u16 code, u32 k) { return { code, 0, 0, k }; }
constexpr linux_sock_filter jump(u16 code, u32 k, usize jt, usize jf) { return { code, u8(jt), u8(jf), k }; }

// Emits the search among intervals [first, last] at `out[n]` and returns where a jump to
// it lands: a balanced tree of JGE tests on interval starts, so that finding any number
// takes about log2(intervals) comparisons. A subtree of one interval is no instruction
// but its target's index, in `where`. The host runs this search once per syscall number
// when the filter is installed (seccomp's action cache), and a linear list made that
// cost one comparison per listed call for every unlisted number.
constexpr usize emit_search(linux_sock_filter* out, usize& n, const Intervals& in, usize first, usize last, const usize* where)
{
    if (first == last)
        return where[static_cast<usize>(in.target[first])];
    usize split = (first + last + 1) / 2;
    usize node = n++;
    usize below = emit_search(out, n, in, first, split - 1, where);
    usize above = emit_search(out, n, in, split, last, where);
    out[node] = jump(BPF_JMP_JGE_K, in.start[split], above - node - 1, below - node - 1);
    return node;
}

// A filter built at compile time.
struct Filter {
    linux_sock_filter insns[FILTER_CAPACITY] {};
    usize length { 0 };
};

// The launcher's filter. It looks at the architecture, the number and (for prctl and
// ioctl) one argument, never at the instruction pointer: the host caches a verdict that
// depends on the number alone (seccomp's action cache), so the common host calls skip
// both filters. Restricting calls to the kernel image's text would add nothing the host
// does not already enforce, since Syscall User Dispatch, armed without a selector, turns
// every `syscall` outside that text into SIGSYS.
constexpr Filter launcher_filter()
{
    Filter filter;
    linux_sock_filter* out = filter.insns;
    Intervals in = launcher_intervals();
    // Layout: [header][search][kill], then one section per argument-checked call:
    // [load the argument][one jump per allowed value][kill], and last the one [allow]
    // that every accepted call jumps to.
    usize n = 0;
    out[n++] = statement(BPF_LD_W_ABS, DATA_ARCH);
    usize arch_check = n;
    out[n++] = jump(BPF_JMP_JEQ_K, AUDIT_ARCH_X86_64, 0, 0);
    out[n++] = statement(BPF_LD_W_ABS, DATA_NR);
    usize kill = n + (in.count - 1);
    usize prctl_section = kill + 1;
    usize ioctl_section = prctl_section + HOST_PRCTL_COUNT + 2;
    usize allow = ioctl_section + HOST_IOCTL_COUNT + 2;
    // Indexed by Target.
    const usize where[] = { kill, allow, prctl_section, ioctl_section };
    emit_search(out, n, in, 0, in.count - 1, where);
    out[n++] = statement(BPF_RET_K, SECCOMP_RET_KILL_PROCESS);
    auto section = [&](u32 offset, const u32* values, usize values_count) {
        out[n++] = statement(BPF_LD_W_ABS, offset);
        for (usize i = 0; i < values_count; ++i) {
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
    filter.length = n;
    return filter;
}

// The kernel's filter: a foreign architecture or a BOOT row kills, anything else is left
// to the launcher's filter beneath. A short filter is quick for the host to compile.
constexpr Filter kernel_filter()
{
    Filter filter;
    linux_sock_filter* out = filter.insns;
    usize n = 0;
    out[n++] = statement(BPF_LD_W_ABS, DATA_ARCH);
    out[n] = jump(BPF_JMP_JEQ_K, AUDIT_ARCH_X86_64, 0, BOOT_ONLY_COUNT + 2);
    ++n;
    out[n++] = statement(BPF_LD_W_ABS, DATA_NR);
    usize kill = n + BOOT_ONLY_COUNT + 1;
    for (const auto& call : HOST_CALLS) {
        if (call.scope != Scope::BOOT)
            continue;
        out[n] = jump(BPF_JMP_JEQ_K, call.nr, kill - n - 1, 0);
        ++n;
    }
    out[n++] = statement(BPF_RET_K, SECCOMP_RET_ALLOW);
    out[n++] = statement(BPF_RET_K, SECCOMP_RET_KILL_PROCESS);
    filter.length = n;
    return filter;
}

}

template<typename T>
class Result;

// Installs the kernel's own filter, after which the host allows only the KERNEL rows.
// Preconditions: no_new_privs is set (the launcher sets it), and this is the only thread.
Result<void> install_kernel_seccomp_filter();
