#include "kernel/syscalls/TraceNames.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Mman.h"
#include "kernel/abi/Signal.h"
#include "kernel/abi/Time.h"

// The symbol tables behind --trace's flag and enumeration letters. Values the kernel's
// abi headers name come from there; the rest (ioctl requests, clone flags and other
// constants no handler uses yet) are written out with their Linux names.

namespace {

struct Name {
    u64 value;
    const char* name;
};

#define NAME(x) { u64(x), #x }

template<usize N>
const char* lookup(const Name (&table)[N], u64 value)
{
    for (const auto& entry : table) {
        if (entry.value == value)
            return entry.name;
    }
    return nullptr;
}

// Appends a value's name, or the number when it has none.
template<usize N>
void format_enum(StringBuilder& sb, const Name (&table)[N], u64 value, bool hex = false)
{
    if (const char* name = lookup(table, value))
        sb.append(name);
    else if (hex)
        sb.appendf("%#lx", value);
    else
        sb.append_signed(i32(value));
}

// Appends set bits as A|B|C, composite flags first as ordered in `table`, then any
// unknown bits in hex. `zero` is printed for no bits at all; `sep_first` continues an
// expression that is already started.
template<usize N>
void format_flags(StringBuilder& sb, const Name (&table)[N], u64 value, const char* zero = "0", bool sep_first = false)
{
    bool first = !sep_first;
    if (value == 0 && first) {
        sb.append(zero);
        return;
    }
    for (const auto& entry : table) {
        if (entry.value && (value & entry.value) == entry.value) {
            sb.append(first ? "" : "|");
            sb.append(entry.name);
            value &= ~entry.value;
            first = false;
        }
    }
    if (value)
        sb.appendf(first ? "%#lx" : "|%#lx", value);
}

constexpr Name OPEN_FLAGS[] = { NAME(O_SYNC), NAME(O_TMPFILE), NAME(O_CREAT), NAME(O_EXCL), NAME(O_NOCTTY), NAME(O_TRUNC),
    NAME(O_APPEND), NAME(O_NONBLOCK), NAME(O_DSYNC), NAME(O_ASYNC), NAME(O_DIRECT), NAME(O_LARGEFILE), NAME(O_DIRECTORY),
    NAME(O_NOFOLLOW), NAME(O_NOATIME), NAME(O_CLOEXEC), NAME(O_PATH) };
constexpr Name PROTS[] = { NAME(PROT_READ), NAME(PROT_WRITE), NAME(PROT_EXEC), NAME(PROT_GROWSDOWN), NAME(PROT_GROWSUP) };
constexpr Name MAP_TYPES[] = { NAME(MAP_SHARED), NAME(MAP_PRIVATE), NAME(MAP_SHARED_VALIDATE) };
constexpr Name MAP_FLAGS[] = { NAME(MAP_FIXED), NAME(MAP_ANONYMOUS), NAME(MAP_32BIT), NAME(MAP_GROWSDOWN), NAME(MAP_DENYWRITE),
    NAME(MAP_EXECUTABLE), NAME(MAP_LOCKED), NAME(MAP_NORESERVE), NAME(MAP_POPULATE), NAME(MAP_NONBLOCK), NAME(MAP_STACK),
    NAME(MAP_HUGETLB), NAME(MAP_SYNC), NAME(MAP_FIXED_NOREPLACE), NAME(MAP_UNINITIALIZED) };
// AT_REMOVEDIR and AT_EACCESS share 0x200; unlinkat's meaning is the common one, and
// faccessat2 has its own letter.
constexpr Name AT_FLAGS[] = { NAME(AT_SYMLINK_NOFOLLOW), NAME(AT_REMOVEDIR), NAME(AT_SYMLINK_FOLLOW), NAME(AT_NO_AUTOMOUNT),
    NAME(AT_EMPTY_PATH), { 0x2000, "AT_STATX_FORCE_SYNC" }, { 0x4000, "AT_STATX_DONT_SYNC" }, { 0x8000, "AT_RECURSIVE" } };
constexpr Name ACCESS_AT_FLAGS[] = { NAME(AT_SYMLINK_NOFOLLOW), NAME(AT_EACCESS), NAME(AT_EMPTY_PATH) };
constexpr Name ACCESS_MODES[] = { NAME(R_OK), NAME(W_OK), NAME(X_OK) };
constexpr Name FCNTL_CMDS[] = { NAME(F_DUPFD), NAME(F_GETFD), NAME(F_SETFD), NAME(F_GETFL), NAME(F_SETFL), NAME(F_GETLK),
    NAME(F_SETLK), NAME(F_SETLKW), { 8, "F_SETOWN" }, { 9, "F_GETOWN" }, { 10, "F_SETSIG" }, { 11, "F_GETSIG" },
    { 15, "F_SETOWN_EX" }, { 16, "F_GETOWN_EX" }, { 36, "F_OFD_GETLK" }, { 37, "F_OFD_SETLK" }, { 38, "F_OFD_SETLKW" },
    { 1024, "F_SETLEASE" }, { 1025, "F_GETLEASE" }, { 1026, "F_NOTIFY" }, NAME(F_DUPFD_CLOEXEC), { 1031, "F_SETPIPE_SZ" },
    { 1032, "F_GETPIPE_SZ" }, { 1033, "F_ADD_SEALS" }, { 1034, "F_GET_SEALS" }, { 1035, "F_GET_RW_HINT" },
    { 1036, "F_SET_RW_HINT" } };
constexpr Name ARCH_PRCTL_CODES[] = { { 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" }, { 0x1003, "ARCH_GET_FS" },
    { 0x1004, "ARCH_GET_GS" }, { 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" }, { 0x1021, "ARCH_GET_XCOMP_SUPP" },
    { 0x1022, "ARCH_GET_XCOMP_PERM" }, { 0x1023, "ARCH_REQ_XCOMP_PERM" }, { 0x2001, "ARCH_MAP_VDSO_X32" },
    { 0x2002, "ARCH_MAP_VDSO_32" }, { 0x2003, "ARCH_MAP_VDSO_64" }, { 0x5001, "ARCH_SHSTK_ENABLE" },
    { 0x5002, "ARCH_SHSTK_DISABLE" }, { 0x5005, "ARCH_SHSTK_STATUS" } };
constexpr Name CLOCKS[] = { NAME(CLOCK_REALTIME), NAME(CLOCK_MONOTONIC), NAME(CLOCK_PROCESS_CPUTIME_ID),
    NAME(CLOCK_THREAD_CPUTIME_ID), NAME(CLOCK_MONOTONIC_RAW), NAME(CLOCK_REALTIME_COARSE), NAME(CLOCK_MONOTONIC_COARSE),
    NAME(CLOCK_BOOTTIME), NAME(CLOCK_REALTIME_ALARM), NAME(CLOCK_BOOTTIME_ALARM), NAME(CLOCK_TAI) };
constexpr Name SIGNALS[] = { NAME(SIGHUP), NAME(SIGINT), NAME(SIGQUIT), NAME(SIGILL), NAME(SIGTRAP), NAME(SIGABRT),
    NAME(SIGBUS), NAME(SIGFPE), NAME(SIGKILL), NAME(SIGUSR1), NAME(SIGSEGV), NAME(SIGUSR2), NAME(SIGPIPE), NAME(SIGALRM),
    NAME(SIGTERM), NAME(SIGSTKFLT), NAME(SIGCHLD), NAME(SIGCONT), NAME(SIGSTOP), NAME(SIGTSTP), NAME(SIGTTIN),
    NAME(SIGTTOU), NAME(SIGURG), NAME(SIGXCPU), NAME(SIGXFSZ), NAME(SIGVTALRM), NAME(SIGPROF), NAME(SIGWINCH),
    NAME(SIGIO), NAME(SIGPWR), NAME(SIGSYS) };
constexpr Name SIGPROCMASK_HOWS[] = { NAME(SIG_BLOCK), NAME(SIG_UNBLOCK), NAME(SIG_SETMASK) };
constexpr Name WHENCES[] = { NAME(SEEK_SET), NAME(SEEK_CUR), NAME(SEEK_END), NAME(SEEK_DATA), NAME(SEEK_HOLE) };
constexpr Name IOCTLS[] = { { 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x5403, "TCSETSW" }, { 0x5404, "TCSETSF" },
    { 0x5405, "TCGETA" }, { 0x5406, "TCSETA" }, { 0x5407, "TCSETAW" }, { 0x5408, "TCSETAF" }, { 0x5409, "TCSBRK" },
    { 0x540A, "TCXONC" }, { 0x540B, "TCFLSH" }, { 0x540C, "TIOCEXCL" }, { 0x540D, "TIOCNXCL" }, { 0x540E, "TIOCSCTTY" },
    { 0x540F, "TIOCGPGRP" }, { 0x5410, "TIOCSPGRP" }, { 0x5411, "TIOCOUTQ" }, { 0x5412, "TIOCSTI" }, { 0x5413, "TIOCGWINSZ" },
    { 0x5414, "TIOCSWINSZ" }, { 0x5415, "TIOCMGET" }, { 0x541B, "FIONREAD" }, { 0x5421, "FIONBIO" }, { 0x5422, "TIOCNOTTY" },
    { 0x5423, "TIOCSETD" }, { 0x5424, "TIOCGETD" }, { 0x5429, "TIOCGSID" }, { 0x802C542A, "TCGETS2" },
    { 0x402C542B, "TCSETS2" }, { 0x80045430, "TIOCGPTN" }, { 0x40045431, "TIOCSPTLCK" }, { 0x5441, "TIOCGPTPEER" },
    { 0x5450, "FIONCLEX" }, { 0x5451, "FIOCLEX" }, { 0x5452, "FIOASYNC" }, { 0x5460, "FIOQSIZE" }, { 2, "FIGETBSZ" },
    { 0x80086601, "FS_IOC_GETFLAGS" }, { 0x40086602, "FS_IOC_SETFLAGS" }, { 0x80046601, "FS_IOC32_GETFLAGS" },
    { 0x40046602, "FS_IOC32_SETFLAGS" }, { 0x40049409, "FICLONE" }, { 0x4020940d, "FICLONERANGE" },
    { 0x801c581f, "FS_IOC_FSGETXATTR" }, { 0x401c5820, "FS_IOC_FSSETXATTR" } };
constexpr Name FUTEX_OPS[] = { { 0, "FUTEX_WAIT" }, { 1, "FUTEX_WAKE" }, { 2, "FUTEX_FD" }, { 3, "FUTEX_REQUEUE" },
    { 4, "FUTEX_CMP_REQUEUE" }, { 5, "FUTEX_WAKE_OP" }, { 6, "FUTEX_LOCK_PI" }, { 7, "FUTEX_UNLOCK_PI" },
    { 8, "FUTEX_TRYLOCK_PI" }, { 9, "FUTEX_WAIT_BITSET" }, { 10, "FUTEX_WAKE_BITSET" }, { 11, "FUTEX_WAIT_REQUEUE_PI" },
    { 12, "FUTEX_CMP_REQUEUE_PI" }, { 13, "FUTEX_LOCK_PI2" } };
constexpr Name MADVICES[] = { NAME(MADV_NORMAL), NAME(MADV_RANDOM), NAME(MADV_SEQUENTIAL), NAME(MADV_WILLNEED),
    NAME(MADV_DONTNEED), NAME(MADV_FREE), NAME(MADV_REMOVE), NAME(MADV_DONTFORK), NAME(MADV_DOFORK), NAME(MADV_MERGEABLE),
    NAME(MADV_UNMERGEABLE), NAME(MADV_HUGEPAGE), NAME(MADV_NOHUGEPAGE), NAME(MADV_DONTDUMP), NAME(MADV_DODUMP),
    NAME(MADV_WIPEONFORK), NAME(MADV_KEEPONFORK), NAME(MADV_COLD), NAME(MADV_PAGEOUT), NAME(MADV_POPULATE_READ),
    NAME(MADV_POPULATE_WRITE), NAME(MADV_DONTNEED_LOCKED), NAME(MADV_COLLAPSE) };
constexpr Name MREMAP_FLAGS[] = { NAME(MREMAP_MAYMOVE), NAME(MREMAP_FIXED), NAME(MREMAP_DONTUNMAP) };
constexpr Name MSYNC_FLAGS[] = { NAME(MS_ASYNC), NAME(MS_INVALIDATE), NAME(MS_SYNC) };
constexpr Name GETRANDOM_FLAGS[] = { { 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" } };
constexpr Name MEMFD_FLAGS[] = { { 1, "MFD_CLOEXEC" }, { 2, "MFD_ALLOW_SEALING" }, { 4, "MFD_HUGETLB" },
    { 8, "MFD_NOEXEC_SEAL" }, { 16, "MFD_EXEC" } };
constexpr Name CLONE_FLAGS[] = { { 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
    { 0x800, "CLONE_SIGHAND" }, { 0x1000, "CLONE_PIDFD" }, { 0x2000, "CLONE_PTRACE" }, { 0x4000, "CLONE_VFORK" },
    { 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" }, { 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" },
    { 0x80000, "CLONE_SETTLS" }, { 0x100000, "CLONE_PARENT_SETTID" }, { 0x200000, "CLONE_CHILD_CLEARTID" },
    { 0x400000, "CLONE_DETACHED" }, { 0x800000, "CLONE_UNTRACED" }, { 0x1000000, "CLONE_CHILD_SETTID" },
    { 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" }, { 0x8000000, "CLONE_NEWIPC" },
    { 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" }, { 0x40000000, "CLONE_NEWNET" },
    { 0x80000000, "CLONE_IO" } };
constexpr Name RLIMITS[] = { { 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" }, { 3, "RLIMIT_STACK" },
    { 4, "RLIMIT_CORE" }, { 5, "RLIMIT_RSS" }, { 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" },
    { 9, "RLIMIT_AS" }, { 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" }, { 12, "RLIMIT_MSGQUEUE" },
    { 13, "RLIMIT_NICE" }, { 14, "RLIMIT_RTPRIO" }, { 15, "RLIMIT_RTTIME" } };

constexpr Name FD_FLAGS[] = { NAME(FD_CLOEXEC) };
constexpr Name ADDRESS_FAMILIES[] = { { 0, "AF_UNSPEC" }, { 1, "AF_UNIX" }, { 2, "AF_INET" }, { 10, "AF_INET6" },
    { 16, "AF_NETLINK" }, { 17, "AF_PACKET" } };
constexpr Name SOCKET_TYPES[] = { { 1, "SOCK_STREAM" }, { 2, "SOCK_DGRAM" }, { 3, "SOCK_RAW" }, { 4, "SOCK_RDM" },
    { 5, "SOCK_SEQPACKET" }, { 6, "SOCK_DCCP" }, { 10, "SOCK_PACKET" } };
constexpr Name SOCKET_FLAGS[] = { { 04000, "SOCK_NONBLOCK" }, { 02000000, "SOCK_CLOEXEC" } };
// STATX_BASIC_STATS first, so that the usual mask prints as one name.
constexpr Name STATX_MASK[] = { { 0x7ff, "STATX_BASIC_STATS" }, { 0x1, "STATX_TYPE" }, { 0x2, "STATX_MODE" },
    { 0x4, "STATX_NLINK" }, { 0x8, "STATX_UID" }, { 0x10, "STATX_GID" }, { 0x20, "STATX_ATIME" }, { 0x40, "STATX_MTIME" },
    { 0x80, "STATX_CTIME" }, { 0x100, "STATX_INO" }, { 0x200, "STATX_SIZE" }, { 0x400, "STATX_BLOCKS" },
    { 0x800, "STATX_BTIME" }, { 0x1000, "STATX_MNT_ID" }, { 0x2000, "STATX_DIOALIGN" } };
constexpr Name SA_FLAGS[] = { NAME(SA_NOCLDSTOP), NAME(SA_NOCLDWAIT), NAME(SA_SIGINFO), NAME(SA_RESTORER), NAME(SA_ONSTACK),
    NAME(SA_RESTART), NAME(SA_NODEFER), NAME(SA_RESETHAND) };
constexpr Name FILE_TYPES[] = { { 0140000, "S_IFSOCK" }, { 0120000, "S_IFLNK" }, { 0100000, "S_IFREG" }, { 060000, "S_IFBLK" },
    { 040000, "S_IFDIR" }, { 020000, "S_IFCHR" }, { 010000, "S_IFIFO" } };

#undef NAME

}

void trace_open_flags(StringBuilder& sb, u64 value)
{
    // O_RDONLY is zero, so the access mode is always printed first.
    u64 mode = value & O_ACCMODE;
    sb.append(mode == O_RDONLY ? "O_RDONLY" : mode == O_WRONLY ? "O_WRONLY" : mode == O_RDWR ? "O_RDWR" : "O_ACCMODE");
    format_flags(sb, OPEN_FLAGS, value & ~u64(O_ACCMODE), "", true);
}

void trace_mmap_prot(StringBuilder& sb, u64 value) { format_flags(sb, PROTS, value, "PROT_NONE"); }

void trace_mmap_flags(StringBuilder& sb, u64 value)
{
    u64 type = value & MAP_TYPE;
    if (const char* name = lookup(MAP_TYPES, type))
        sb.append(name);
    else
        sb.appendf("%#lx", type);
    format_flags(sb, MAP_FLAGS, value & ~u64(MAP_TYPE), "", true);
}

void trace_at_flags(StringBuilder& sb, u64 value) { format_flags(sb, AT_FLAGS, value); }
void trace_access_mode(StringBuilder& sb, u64 value) { format_flags(sb, ACCESS_MODES, value, "F_OK"); }
void trace_clock_id(StringBuilder& sb, u64 value) { format_enum(sb, CLOCKS, value); }

void trace_signal(StringBuilder& sb, u64 value)
{
    i32 sig = i32(value);
    if (const char* name = lookup(SIGNALS, u64(sig)))
        sb.append(name);
    else if (sig == 32)
        sb.append("SIGRTMIN");
    else if (sig > 32 && sig <= NSIG)
        sb.appendf("SIGRT_%d", sig - 32);
    else
        sb.append_signed(sig);
}

void trace_ioctl_request(StringBuilder& sb, u64 value) { format_enum(sb, IOCTLS, u32(value), true); }

void trace_futex_op(StringBuilder& sb, u64 value)
{
    constexpr u64 FUTEX_PRIVATE_FLAG = 128;
    constexpr u64 FUTEX_CLOCK_REALTIME = 256;
    u64 cmd = value & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
    if (const char* name = lookup(FUTEX_OPS, cmd))
        sb.appendf("%s%s", name, (value & FUTEX_PRIVATE_FLAG) ? "_PRIVATE" : "");
    else
        sb.appendf("%#lx", value & ~FUTEX_CLOCK_REALTIME);
    if (value & FUTEX_CLOCK_REALTIME)
        sb.append("|FUTEX_CLOCK_REALTIME");
}

void trace_clone_flags(StringBuilder& sb, u64 value)
{
    // The low byte is the signal sent to the parent when the child exits.
    u64 exit_signal = value & 0xff;
    format_flags(sb, CLONE_FLAGS, value & ~u64(0xff), "");
    if (exit_signal) {
        if (value & ~u64(0xff))
            sb.append('|');
        trace_signal(sb, exit_signal);
    } else if (!(value & ~u64(0xff))) {
        sb.append('0');
    }
}

void trace_sigset(StringBuilder& sb, u64 set)
{
    // strace prints the complement when more than half of the signals are in the set.
    bool inverted = __builtin_popcountll(set) > 32;
    if (inverted)
        set = ~set;
    sb.append(inverted ? "~[" : "[");
    bool first = true;
    for (int sig = 1; sig <= NSIG; ++sig) {
        if (!(set & (u64(1) << (sig - 1))))
            continue;
        char name[16];
        StringBuilder nb(name, sizeof(name));
        trace_signal(nb, u64(sig));
        StringView view = nb.view();
        // Inside sets strace drops the SIG prefix: [INT TERM RTMIN RT_1].
        sb.append(first ? "" : " ");
        sb.append(view.starts_with("SIG") ? view.substr(3) : view);
        first = false;
    }
    sb.append(']');
}

void trace_fcntl_arg(StringBuilder& sb, u64 cmd, u64 arg)
{
    switch (cmd) {
    case F_GETFD:
    case F_GETFL:
    case 9:    // F_GETOWN
    case 11:   // F_GETSIG
    case 1025: // F_GETLEASE
    case 1032: // F_GETPIPE_SZ
    case 1034: // F_GET_SEALS
        return;
    case F_SETFD:
        sb.append(", ");
        format_flags(sb, FD_FLAGS, arg);
        return;
    case F_SETFL:
        sb.append(", ");
        trace_open_flags(sb, arg);
        return;
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case 8: // F_SETOWN
        sb.appendf(", %d", i32(arg));
        return;
    default:
        sb.appendf(", %#lx", arg);
    }
}

void trace_fd_flags(StringBuilder& sb, u64 value) { format_flags(sb, FD_FLAGS, value); }

void trace_sa_flags(StringBuilder& sb, u64 value) { format_flags(sb, SA_FLAGS, value); }

void trace_stat_mode(StringBuilder& sb, u64 mode)
{
    if (const char* type = lookup(FILE_TYPES, mode & 0170000))
        sb.appendf("%s|%#o", type, unsigned(mode & 07777));
    else
        sb.appendf("%#o", unsigned(mode));
}

void trace_socket_type(StringBuilder& sb, u64 value)
{
    // The low bits are the type; SOCK_NONBLOCK and SOCK_CLOEXEC ride above them.
    format_enum(sb, SOCKET_TYPES, value & 0xf);
    format_flags(sb, SOCKET_FLAGS, value & ~u64(0xf), "", true);
}

bool trace_symbolic(StringBuilder& sb, char kind, u64 v)
{
    switch (kind) {
    case 'o': trace_open_flags(sb, v); break;
    case 'O': format_flags(sb, OPEN_FLAGS, v); break;
    case 'P': trace_mmap_prot(sb, v); break;
    case 'M': trace_mmap_flags(sb, v); break;
    case 'a': trace_at_flags(sb, v); break;
    case 'E': format_flags(sb, ACCESS_AT_FLAGS, v); break;
    case 'A': trace_access_mode(sb, v); break;
    case 'c': trace_clock_id(sb, v); break;
    case 'S': trace_signal(sb, v); break;
    case 'H': format_enum(sb, SIGPROCMASK_HOWS, v); break;
    case 'W': format_enum(sb, WHENCES, v); break;
    case 'F': format_enum(sb, FCNTL_CMDS, v); break;
    case 'I': trace_ioctl_request(sb, v); break;
    case 'T': trace_futex_op(sb, v); break;
    case 'X': format_enum(sb, ARCH_PRCTL_CODES, v, true); break;
    case 'R': format_flags(sb, MREMAP_FLAGS, v); break;
    case 'V': format_enum(sb, MADVICES, v); break;
    case 'Y': format_flags(sb, MSYNC_FLAGS, v); break;
    case 'G': format_flags(sb, GETRANDOM_FLAGS, v); break;
    case 'b': format_flags(sb, MEMFD_FLAGS, v); break;
    case 'C': trace_clone_flags(sb, v); break;
    case 'L': format_enum(sb, RLIMITS, v); break;
    case 'D': format_enum(sb, ADDRESS_FAMILIES, v); break;
    case 'y': trace_socket_type(sb, v); break;
    case 'N': format_flags(sb, STATX_MASK, v); break;
    default: return false;
    }
    return true;
}
