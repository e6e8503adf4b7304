// The --trace decoders (src/kernel/syscalls/TraceArgs.cpp, TraceNames.cpp). Guest memory
// is this process's memory here: the user-copy routines read it directly.

#include <gtest/gtest.h>

#include "kernel/abi/Uio.h"
#include "kernel/syscalls/TraceArgs.h"
#include "kernel/syscalls/TraceNames.h"

#include <cstdio>
#include <string>

namespace {

std::string decode(void (*decoder)(StringBuilder&, u64), u64 value)
{
    char buffer[512];
    StringBuilder sb(buffer, sizeof(buffer) - 1);
    decoder(sb, value);
    return std::string(sb.c_str());
}

std::string args(const char* kinds, SyscallArgs a, u64 result = 0, bool returned = true)
{
    char buffer[2048];
    StringBuilder sb(buffer, sizeof(buffer) - 1);
    trace_format_args(sb, kinds, a, result, returned);
    return std::string(sb.c_str());
}

u64 addr(const void* p) { return reinterpret_cast<u64>(p); }

std::string hex(u64 v)
{
    char buffer[32];
    snprintf(buffer, sizeof(buffer), "%#lx", static_cast<unsigned long>(v));
    return buffer;
}

}

TEST(TraceNames, OpenFlags)
{
    EXPECT_EQ(decode(trace_open_flags, 02000000), "O_RDONLY|O_CLOEXEC");
    EXPECT_EQ(decode(trace_open_flags, 01 | 0100 | 01000), "O_WRONLY|O_CREAT|O_TRUNC");
    EXPECT_EQ(decode(trace_open_flags, 02 | 04010000), "O_RDWR|O_SYNC");
    EXPECT_EQ(decode(trace_open_flags, 020200000 | 02), "O_RDWR|O_TMPFILE");
    EXPECT_EQ(decode(trace_open_flags, 0200000 | 040000000000), "O_RDONLY|O_DIRECTORY|0x100000000");
}

TEST(TraceNames, MmapProtAndFlags)
{
    EXPECT_EQ(decode(trace_mmap_prot, 0), "PROT_NONE");
    EXPECT_EQ(decode(trace_mmap_prot, 3), "PROT_READ|PROT_WRITE");
    EXPECT_EQ(decode(trace_mmap_flags, 0x22), "MAP_PRIVATE|MAP_ANONYMOUS");
    EXPECT_EQ(decode(trace_mmap_flags, 0x812), "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE");
    EXPECT_EQ(decode(trace_mmap_flags, 0x100001), "MAP_SHARED|MAP_FIXED_NOREPLACE");
}

TEST(TraceNames, AtFlagsAndAccessModes)
{
    EXPECT_EQ(decode(trace_at_flags, 0), "0");
    EXPECT_EQ(decode(trace_at_flags, 0x1000), "AT_EMPTY_PATH");
    EXPECT_EQ(decode(trace_at_flags, 0x1100), "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH");
    EXPECT_EQ(decode(trace_access_mode, 0), "F_OK");
    EXPECT_EQ(decode(trace_access_mode, 5), "R_OK|X_OK");
}

TEST(TraceNames, Enumerations)
{
    EXPECT_EQ(decode(trace_clock_id, 1), "CLOCK_MONOTONIC");
    EXPECT_EQ(decode(trace_clock_id, 42), "42");
    EXPECT_EQ(decode(trace_signal, 11), "SIGSEGV");
    EXPECT_EQ(decode(trace_signal, 32), "SIGRTMIN");
    EXPECT_EQ(decode(trace_signal, 34), "SIGRT_2");
    EXPECT_EQ(decode(trace_ioctl_request, 0x5401), "TCGETS");
    EXPECT_EQ(decode(trace_ioctl_request, 0x5413), "TIOCGWINSZ");
    EXPECT_EQ(decode(trace_ioctl_request, 0x541B), "FIONREAD");
    EXPECT_EQ(decode(trace_ioctl_request, 0xc0de), "0xc0de");
    EXPECT_EQ(decode(trace_futex_op, 128), "FUTEX_WAIT_PRIVATE");
    EXPECT_EQ(decode(trace_futex_op, 129), "FUTEX_WAKE_PRIVATE");
    EXPECT_EQ(decode(trace_futex_op, 9 | 128 | 256), "FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME");
    EXPECT_EQ(decode(trace_clone_flags, 0x1200011), "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
}

TEST(TraceNames, SignalSets)
{
    EXPECT_EQ(decode(trace_sigset, 0), "[]");
    EXPECT_EQ(decode(trace_sigset, (1ull << 1) | (1ull << 14)), "[INT TERM]");
    EXPECT_EQ(decode(trace_sigset, ~0ull & ~(1ull << 8)), "~[KILL]");
    EXPECT_EQ(decode(trace_sigset, (1ull << 31) | (1ull << 32)), "[RTMIN RT_1]");
}

TEST(TraceArgs, FcntlShowsTheArgumentTheCommandTakes)
{
    EXPECT_EQ(args("fFx", { { 3, 1, 0xdead } }), "3, F_GETFD");
    EXPECT_EQ(args("fFx", { { 3, 2, 1 } }), "3, F_SETFD, FD_CLOEXEC");
    EXPECT_EQ(args("fFx", { { 3, 4, 04000 } }), "3, F_SETFL, O_RDONLY|O_NONBLOCK");
    EXPECT_EQ(args("fFx", { { 3, 1030, 10 } }), "3, F_DUPFD_CLOEXEC, 10");
}

TEST(TraceArgs, OpenatOmitsTheModeUnlessItCreates)
{
    const char* path = "/etc/ld.so.cache";
    EXPECT_EQ(args("fsom", { { u64(-100), addr(path), 02000000, 0 } }), "AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC");
    EXPECT_EQ(args("fsom", { { 5, addr(path), 0101, 0644 } }), "5, \"/etc/ld.so.cache\", O_WRONLY|O_CREAT, 0644");
    EXPECT_EQ(args("fsom", { { 5, addr(path), 0101, 0 } }), "5, \"/etc/ld.so.cache\", O_WRONLY|O_CREAT, 000");
    EXPECT_EQ(args("m", { { 022 } }), "022");
}

TEST(TraceArgs, MmapLine)
{
    EXPECT_EQ(args("puPMfx", { { 0, 8192, 3, 0x22, u64(-1), 0 } }), "NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0");
    EXPECT_EQ(args("puPMfx", { { 0x7f0000, 4096, 5, 0x812, 3, 0x26000 } }),
        "0x7f0000, 4096, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000");
}

TEST(TraceArgs, BuffersAreQuotedAndCut)
{
    const char text[] = "hello\n";
    EXPECT_EQ(args("fwu", { { 1, addr(text), 6 } }, 6), "1, \"hello\\n\", 6");
    char big[64];
    for (int i = 0; i < 64; ++i)
        big[i] = 'a';
    EXPECT_EQ(args("fwu", { { 1, addr(big), 64 } }, 64), "1, \"" + std::string(32, 'a') + "\"..., 64");
    // A buffer the call fills shows what it returned, or only its address after an error.
    EXPECT_EQ(args("fru", { { 3, addr(text), 100 } }, 3), "3, \"hel\", 100");
    EXPECT_EQ(args("fru", { { 3, addr(text), 100 } }, u64(-9)), "3, " + hex(addr(text)) + ", 100");
}

TEST(TraceArgs, IovecArrays)
{
    char a[] = "hello 1";
    char b[] = "\n";
    linux_iovec iov[2] = { { addr(a), 7 }, { addr(b), 1 } };
    EXPECT_EQ(args("fid", { { 1, addr(iov), 2 } }, 8), "1, [{iov_base=\"hello 1\", iov_len=7}, {iov_base=\"\\n\", iov_len=1}], 2");
    // readv shows only the bytes it read.
    EXPECT_EQ(args("fjd", { { 0, addr(iov), 2 } }, 3), "0, [{iov_base=\"hel\", iov_len=7}, {iov_base=\"\", iov_len=1}], 2");
}

TEST(TraceArgs, StringArraysAndEnvironmentCounts)
{
    const char* argv[] = { "ls", "-l", nullptr };
    const char* envp[] = { "A=1", "B=2", "C=3", nullptr };
    const char* path = "/bin/ls";
    EXPECT_EQ(args("sve", { { addr(path), addr(argv), addr(envp) } }),
        "\"/bin/ls\", [\"ls\", \"-l\"], " + hex(addr(envp)) + " /* 3 vars */");
}

TEST(TraceArgs, PointersStructsAndSets)
{
    u64 set = (1ull << 16); // SIGCHLD
    EXPECT_EQ(args("HkKu", { { 0, addr(&set), 0, 8 } }), "SIG_BLOCK, [CHLD], NULL, 8");
    // The old set is shown only when the call succeeded.
    EXPECT_EQ(args("HkKu", { { 2, 0, addr(&set), 8 } }, u64(-22)), "SIG_SETMASK, NULL, " + hex(addr(&set)) + ", 8");
    struct {
        i64 sec;
        i64 nsec;
    } ts { 1, 500 };
    EXPECT_EQ(args("tp", { { addr(&ts), 0 } }), "{tv_sec=1, tv_nsec=500}, NULL");
    EXPECT_EQ(args("Xx", { { 0x1002, 0x407658 } }), "ARCH_SET_FS, 0x407658");
    EXPECT_EQ(args("cp", { { 1, 0 } }), "CLOCK_MONOTONIC, NULL");
    EXPECT_EQ(args("dLpp", { { 0, 3, 0, 0 } }), "0, RLIMIT_STACK, NULL, NULL");
    EXPECT_EQ(args("flW", { { 3, u64(-5), 2 } }), "3, -5, SEEK_END");
    EXPECT_EQ(args("ruG", { { 0, 8, 1 } }, u64(-11)), "NULL, 8, GRND_NONBLOCK");
    EXPECT_EQ(args("xuV", { { 0x1000, 4096, 4 } }), "0x1000, 4096, MADV_DONTNEED");
    EXPECT_EQ(args("xuuRx", { { 0x1000, 4096, 8192, 1, 0 } }), "0x1000, 4096, 8192, MREMAP_MAYMOVE, 0");
}

TEST(TraceArgs, UnreadableGuestMemoryPrintsTheAddress)
{
    // An address inside the kernel's own region is never guest memory.
    u64 kernel = 0x6f0000001000;
    EXPECT_EQ(args("s", { { kernel } }), hex(kernel));
    EXPECT_EQ(args("fwu", { { 1, kernel, 4 } }), "1, " + hex(kernel) + ", 4");
}

TEST(TraceArgs, ResultsInHexForAddressCalls)
{
    EXPECT_TRUE(trace_result_is_address("puPMfx", 9));
    EXPECT_TRUE(trace_result_is_address("p", 12));
    EXPECT_FALSE(trace_result_is_address("fru", 0));
}

TEST(TraceArgs, FutexShowsTheArgumentsOfItsOperation)
{
    EXPECT_EQ(args("pTdppx", { { 0x1000, 129, 2147483647, 0, 3, 0 } }), "0x1000, FUTEX_WAKE_PRIVATE, 2147483647");
    EXPECT_EQ(args("pTdppx", { { 0x1000, 128, 2, 0, 0, 0 } }), "0x1000, FUTEX_WAIT_PRIVATE, 2, NULL");
    EXPECT_EQ(args("pTdppx", { { 0x1000, 9 | 128 | 256, 0, 0, 0, 0xffffffff } }),
        "0x1000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, NULL, FUTEX_BITSET_MATCH_ANY");
}

TEST(TraceArgs, Structures)
{
    // struct stat and struct sigaction as raw x86-64 layouts: the host's <signal.h>, which
    // the test framework includes, defines the names the kernel's abi headers use.
    struct {
        u64 dev, ino, nlink;
        u32 mode, uid, gid, pad;
        u64 rdev;
        i64 size, rest[11];
    } st {};
    static_assert(sizeof(st) == 144);
    st.mode = 0100644;
    st.size = 41491;
    EXPECT_EQ(args("fsqa", { { 3, addr(""), addr(&st), 0x1000 } }), "3, \"\", {st_mode=S_IFREG|0644, st_size=41491, ...}, AT_EMPTY_PATH");
    st.mode = 020620;
    st.rdev = (0x88 << 8) | 3;
    EXPECT_EQ(args("fq", { { 1, addr(&st) } }), "1, {st_mode=S_IFCHR|0620, st_rdev=makedev(0x88, 0x3), ...}");
    // A stat buffer the call failed to fill prints as its address.
    EXPECT_EQ(args("fq", { { 1, addr(&st) } }, u64(-9)), "1, " + hex(addr(&st)));

    u64 act[4] = { 0x401000, 0x04000000 | 0x10000000, 0x402000, 1ull << 1 }; // handler, flags, restorer, mask
    EXPECT_EQ(args("SQUu", { { 2, addr(act), 0, 8 } }),
        "SIGINT, {sa_handler=0x401000, sa_mask=[INT], sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x402000}, NULL, 8");

    u64 limit[2] = { 8192 * 1024, ~0ull };
    EXPECT_EQ(args("dLBZ", { { 0, 3, 0, addr(limit) } }), "0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, rlim_max=RLIM64_INFINITY}");
}

TEST(TraceArgs, SocketsAndStatx)
{
    EXPECT_EQ(args("Dyd", { { 1, 1 | 02000000 | 04000, 0 } }), "AF_UNIX, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC, 0");
    EXPECT_EQ(args("Dyd", { { 10, 2, 17 } }), "AF_INET6, SOCK_DGRAM, 17");
    EXPECT_EQ(args("fsaNp", { { u64(-100), addr("/usr"), 0x900, 0x25e, 0 } }),
        "AT_FDCWD, \"/usr\", AT_SYMLINK_NOFOLLOW|AT_NO_AUTOMOUNT, STATX_MODE|STATX_NLINK|STATX_UID|STATX_GID|STATX_MTIME|STATX_SIZE, NULL");
    EXPECT_EQ(args("fsaNp", { { 3, addr(""), 0x1000, 0xfff, 0 } }), "3, \"\", AT_EMPTY_PATH, STATX_BASIC_STATS|STATX_BTIME, NULL");
}

TEST(TraceArgs, ResultsAsStracePrintsThem)
{
    auto result = [](u64 nr, SyscallArgs a, u64 value) {
        char buffer[256];
        StringBuilder sb(buffer, sizeof(buffer) - 1);
        trace_format_result(sb, nr, a, value);
        return std::string(sb.c_str());
    };
    EXPECT_EQ(result(9, {}, 0x7f0000001000), "0x7f0000001000");
    EXPECT_EQ(result(95, { { 077 } }, 022), "022");
    EXPECT_EQ(result(72, { { 3, 1 } }, 1), "0x1 (flags FD_CLOEXEC)");
    EXPECT_EQ(result(72, { { 3, 1 } }, 0), "0");
    EXPECT_EQ(result(72, { { 3, 3 } }, 0100002), "0x8002 (flags O_RDWR|O_LARGEFILE)");
    EXPECT_EQ(result(0, {}, 832), "832");
}
