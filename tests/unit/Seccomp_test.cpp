// The host seccomp filters (entry/Seccomp.h), run through a small classic-BPF interpreter
// for every syscall number. The launcher's allows exactly the rows of Seccomp.def, checks
// prctl's and ioctl's argument, and decides every other number on the number alone, so
// that the host can cache its verdicts; stacked with the kernel's, exactly the KERNEL rows
// remain.

#include <gtest/gtest.h>

#include "kernel/entry/Seccomp.h"

#include <set>

namespace {

constexpr u32 AUDIT_ARCH_I386 = 0x40000003U;
constexpr u32 X32_SYSCALL_BIT = 0x40000000U;

struct Data {
    u32 nr;
    u32 arch;
    u64 args[6];
};

struct Verdict {
    u32 action;
    bool read_argument;
    usize steps;
};

Verdict run(const seccomp::Filter& filter, const Data& data)
{
    Verdict verdict { 0, false, 0 };
    u32 a = 0;
    for (usize pc = 0; pc < filter.length; ++pc) {
        const linux_sock_filter& insn = filter.insns[pc];
        ++verdict.steps;
        switch (insn.code) {
        case seccomp::BPF_LD_W_ABS:
            if (insn.k == seccomp::DATA_NR) {
                a = data.nr;
            } else if (insn.k == seccomp::DATA_ARCH) {
                a = data.arch;
            } else {
                verdict.read_argument = true;
                a = u32(data.args[(insn.k - 16) / 8]);
            }
            break;
        case seccomp::BPF_JMP_JEQ_K:
            pc += a == insn.k ? insn.jt : insn.jf;
            break;
        case seccomp::BPF_JMP_JGE_K:
            pc += a >= insn.k ? insn.jt : insn.jf;
            break;
        case seccomp::BPF_RET_K:
            verdict.action = insn.k;
            return verdict;
        default:
            ADD_FAILURE() << "unexpected opcode " << insn.code << " at " << pc;
            return verdict;
        }
    }
    ADD_FAILURE() << "the filter ran off its end";
    return verdict;
}

// What the host does with a call under both filters: the stricter verdict wins.
u32 stacked(const Data& data)
{
    u32 launcher = run(seccomp::launcher_filter(), data).action;
    u32 kernel = run(seccomp::kernel_filter(), data).action;
    return launcher == seccomp::SECCOMP_RET_ALLOW && kernel == seccomp::SECCOMP_RET_ALLOW ? seccomp::SECCOMP_RET_ALLOW : seccomp::SECCOMP_RET_KILL_PROCESS;
}

std::set<u32> numbers(bool boot_rows_too)
{
    std::set<u32> out;
    for (const auto& call : seccomp::HOST_CALLS) {
        if (boot_rows_too || call.scope == seccomp::Scope::KERNEL)
            out.insert(call.nr);
    }
    return out;
}

bool checks_argument(u32 nr) { return nr == seccomp::PRCTL_NR || nr == seccomp::IOCTL_NR; }

u32 allow_if(bool allowed) { return allowed ? seccomp::SECCOMP_RET_ALLOW : seccomp::SECCOMP_RET_KILL_PROCESS; }

}

TEST(Seccomp, LauncherFilterAllowsEveryRowAndNothingElse)
{
    const seccomp::Filter filter = seccomp::launcher_filter();
    std::set<u32> allowed = numbers(true);
    usize most_steps = 0;
    for (u32 nr = 0; nr < 1024; ++nr) {
        Verdict verdict = run(filter, { nr, seccomp::AUDIT_ARCH_X86_64, {} });
        // Only prctl and ioctl depend on more than the number (the host caches the rest).
        EXPECT_EQ(verdict.read_argument, checks_argument(nr)) << nr;
        if (!checks_argument(nr)) {
            EXPECT_EQ(verdict.action, allow_if(allowed.count(nr))) << nr;
            most_steps = std::max(most_steps, verdict.steps);
        }
        EXPECT_EQ(run(filter, { nr, AUDIT_ARCH_I386, {} }).action, seccomp::SECCOMP_RET_KILL_PROCESS) << nr;
        EXPECT_EQ(run(filter, { nr | X32_SYSCALL_BIT, seccomp::AUDIT_ARCH_X86_64, {} }).action, seccomp::SECCOMP_RET_KILL_PROCESS) << nr;
    }
    // A search, not a list: the header, about log2 of the intervals, and the verdict.
    EXPECT_LE(most_steps, 12u);
}

TEST(Seccomp, LauncherFilterChecksPrctlAndIoctlArguments)
{
    const seccomp::Filter filter = seccomp::launcher_filter();
    for (u32 option : seccomp::HOST_PRCTLS)
        EXPECT_EQ(run(filter, { seccomp::PRCTL_NR, seccomp::AUDIT_ARCH_X86_64, { option } }).action, seccomp::SECCOMP_RET_ALLOW) << option;
    EXPECT_EQ(run(filter, { seccomp::PRCTL_NR, seccomp::AUDIT_ARCH_X86_64, { 22 /* PR_SET_SECCOMP */ } }).action,
        seccomp::SECCOMP_RET_KILL_PROCESS);
    for (u32 request : seccomp::HOST_IOCTLS)
        EXPECT_EQ(run(filter, { seccomp::IOCTL_NR, seccomp::AUDIT_ARCH_X86_64, { 1, request } }).action, seccomp::SECCOMP_RET_ALLOW) << request;
    EXPECT_EQ(run(filter, { seccomp::IOCTL_NR, seccomp::AUDIT_ARCH_X86_64, { 1, 0x5412 /* TIOCSTI */ } }).action,
        seccomp::SECCOMP_RET_KILL_PROCESS);
}

TEST(Seccomp, StackedFiltersAllowExactlyTheKernelRows)
{
    std::set<u32> allowed = numbers(false);
    for (u32 nr = 0; nr < 1024; ++nr) {
        if (!checks_argument(nr))
            EXPECT_EQ(stacked({ nr, seccomp::AUDIT_ARCH_X86_64, {} }), allow_if(allowed.count(nr))) << nr;
        EXPECT_EQ(stacked({ nr, AUDIT_ARCH_I386, {} }), seccomp::SECCOMP_RET_KILL_PROCESS) << nr;
    }
    for (u32 nr : { 59u, 322u, 317u, 308u, 126u }) // execve, execveat, seccomp, setns, capset
        EXPECT_EQ(run(seccomp::kernel_filter(), { nr, seccomp::AUDIT_ARCH_X86_64, {} }).action, seccomp::SECCOMP_RET_KILL_PROCESS) << nr;
    EXPECT_EQ(stacked({ seccomp::PRCTL_NR, seccomp::AUDIT_ARCH_X86_64, { seccomp::HOST_PRCTLS[0] } }), seccomp::SECCOMP_RET_ALLOW);
    EXPECT_EQ(stacked({ seccomp::PRCTL_NR, seccomp::AUDIT_ARCH_X86_64, { 22 } }), seccomp::SECCOMP_RET_KILL_PROCESS);
}

TEST(Seccomp, FiltersAreBuiltAtCompileTime)
{
    static constexpr seccomp::Filter launcher = seccomp::launcher_filter();
    static constexpr seccomp::Filter kernel = seccomp::kernel_filter();
    static_assert(launcher.length <= seccomp::FILTER_CAPACITY && kernel.length < 16);
    EXPECT_EQ(kernel.insns[0].code, seccomp::BPF_LD_W_ABS);
}
