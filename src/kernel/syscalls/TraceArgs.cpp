#include "kernel/syscalls/TraceArgs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Signal.h"
#include "kernel/abi/Stat.h"
#include "kernel/abi/Time.h"
#include "kernel/abi/Uio.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/TraceNames.h"
#include "kernel/task/Rlimits.h"

// The decoders that read guest memory (strings, buffers, arrays, structures) and the
// loop over a row's argument letters. Symbolic values are TraceNames.cpp's.

namespace {

constexpr usize STRING_LIMIT = 32;
constexpr usize ARRAY_LIMIT = 32;

void format_pointer(StringBuilder& sb, u64 address)
{
    if (address == 0)
        sb.append("NULL");
    else
        sb.appendf("%#lx", address);
}

void format_string(StringBuilder& sb, u64 address, usize limit)
{
    if (address == 0) {
        sb.append("NULL");
        return;
    }
    char buffer[4096];
    auto r = copy_string_from_user(UserPtr<const char>(address), buffer, sizeof(buffer));
    if (r.is_error()) {
        sb.appendf("%#lx", address);
        return;
    }
    sb.append('"');
    sb.append_escaped(reinterpret_cast<const u8*>(buffer), r.value(), limit);
    sb.append('"');
    if (r.value() > limit)
        sb.append("...");
}

void format_buffer(StringBuilder& sb, u64 address, u64 len)
{
    u8 data[STRING_LIMIT];
    usize n = len < STRING_LIMIT ? len : STRING_LIMIT;
    if (copy_from_user(data, address, n).is_error()) {
        sb.appendf("%#lx", address);
        return;
    }
    sb.append('"');
    sb.append_escaped(data, n, STRING_LIMIT);
    sb.append('"');
    if (len > STRING_LIMIT)
        sb.append("...");
}

// A NULL-terminated array of strings (execve's argv), or only its length (`count_only`,
// for envp, as strace prints it).
void format_string_array(StringBuilder& sb, u64 address, bool count_only)
{
    if (address == 0) {
        sb.append("NULL");
        return;
    }
    usize count = 0;
    for (;; ++count) {
        u64 element = 0;
        if (copy_from_user(&element, address + count * sizeof(u64), sizeof(u64)).is_error()) {
            sb.appendf("%#lx", address);
            return;
        }
        if (element == 0)
            break;
        if (count_only)
            continue;
        if (count == ARRAY_LIMIT) {
            sb.append(", ...");
            break;
        }
        sb.append(count ? ", " : "[");
        format_string(sb, element, STRING_LIMIT);
    }
    if (count_only)
        sb.appendf("%#lx /* %lu vars */", address, count);
    else
        sb.append(count ? "]" : "[]");
}

// An iovec array; `total` bytes of content are shown across its elements (all of them
// for a write, the result for a read).
void format_iovec(StringBuilder& sb, u64 address, u64 count, u64 total, bool show_data)
{
    sb.append('[');
    for (u64 i = 0; i < count; ++i) {
        linux_iovec iov {};
        if (copy_from_user(&iov, address + i * sizeof(iov), sizeof(iov)).is_error()) {
            sb.appendf("%s%#lx", i ? ", " : "", address + i * sizeof(iov));
            break;
        }
        if (i == ARRAY_LIMIT) {
            sb.append(", ...");
            break;
        }
        sb.append(i ? ", {iov_base=" : "{iov_base=");
        u64 shown = iov.iov_len < total ? iov.iov_len : total;
        if (show_data)
            format_buffer(sb, iov.iov_base, shown);
        else
            format_pointer(sb, iov.iov_base);
        total -= shown;
        sb.appendf(", iov_len=%lu}", iov.iov_len);
    }
    sb.append(']');
}

void format_timespec(StringBuilder& sb, u64 address)
{
    linux_timespec ts {};
    if (address == 0 || copy_from_user(&ts, address, sizeof(ts)).is_error())
        format_pointer(sb, address);
    else
        sb.appendf("{tv_sec=%ld, tv_nsec=%ld}", i64(ts.tv_sec), i64(ts.tv_nsec));
}

// Reads a structure the guest passed, or that the call filled in (`readable` is false when
// the call failed and left it unfilled); prints the address when it cannot be read.
template<typename T>
bool read_struct(StringBuilder& sb, u64 address, bool readable, T& out)
{
    if (address == 0 || !readable || copy_from_user(&out, address, sizeof(T)).is_error()) {
        format_pointer(sb, address);
        return false;
    }
    return true;
}

void format_stat(StringBuilder& sb, u64 address, bool readable)
{
    linux_stat st {};
    if (!read_struct(sb, address, readable, st))
        return;
    sb.append("{st_mode=");
    trace_stat_mode(sb, st.st_mode);
    u32 type = st.st_mode & 0170000;
    if (type == 020000 || type == 060000) {
        // The device number's major and minor, as glibc's makedev splits them.
        u64 major = ((st.st_rdev >> 8) & 0xfff) | ((st.st_rdev >> 32) & ~u64(0xfff));
        u64 minor = (st.st_rdev & 0xff) | ((st.st_rdev >> 12) & ~u64(0xff));
        sb.appendf(", st_rdev=makedev(%#lx, %#lx), ...}", major, minor);
    } else {
        sb.appendf(", st_size=%ld, ...}", st.st_size);
    }
}

void format_sigaction(StringBuilder& sb, u64 address, bool readable)
{
    k_sigaction act {};
    if (!read_struct(sb, address, readable, act))
        return;
    sb.append("{sa_handler=");
    if (act.handler == SIG_DFL)
        sb.append("SIG_DFL");
    else if (act.handler == SIG_IGN)
        sb.append("SIG_IGN");
    else
        sb.appendf("%#lx", act.handler);
    sb.append(", sa_mask=");
    trace_sigset(sb, act.mask);
    sb.append(", sa_flags=");
    trace_sa_flags(sb, act.flags);
    if (act.flags & SA_RESTORER)
        sb.appendf(", sa_restorer=%#lx", act.restorer);
    sb.append('}');
}

void format_rlimit_value(StringBuilder& sb, u64 value)
{
    if (value == RLIM_INFINITY)
        sb.append("RLIM64_INFINITY");
    else if (value && value % 1024 == 0)
        sb.appendf("%lu*1024", value / 1024);
    else
        sb.append_unsigned(value);
}

void format_rlimit(StringBuilder& sb, u64 address, bool readable)
{
    linux_rlimit limit {};
    if (!read_struct(sb, address, readable, limit))
        return;
    sb.append("{rlim_cur=");
    format_rlimit_value(sb, limit.rlim_cur);
    sb.append(", rlim_max=");
    format_rlimit_value(sb, limit.rlim_max);
    sb.append('}');
}

void format_utsname(StringBuilder& sb, u64 address, bool readable)
{
    struct {
        char sysname[65];
        char nodename[65];
        char rest[4][65];
    } uts {};
    if (!read_struct(sb, address, readable, uts))
        return;
    uts.sysname[64] = uts.nodename[64] = '\0';
    sb.appendf("{sysname=\"%s\", nodename=\"%s\", ...}", uts.sysname, uts.nodename);
}

// futex's arguments after the operation depend on it, as in strace.
void format_futex_rest(StringBuilder& sb, const SyscallArgs& args)
{
    constexpr u32 FUTEX_BITSET_MATCH_ANY = 0xffffffff;
    u64 cmd = args.a[1] & 127;
    i32 val = i32(args.a[2]);
    auto bitset = [&] {
        if (u32(args.a[5]) == FUTEX_BITSET_MATCH_ANY)
            sb.append(", FUTEX_BITSET_MATCH_ANY");
        else
            sb.appendf(", %#x", u32(args.a[5]));
    };
    switch (cmd) {
    case 0:  // FUTEX_WAIT
    case 11: // FUTEX_WAIT_REQUEUE_PI
        sb.appendf(", %d, ", val);
        format_timespec(sb, args.a[3]);
        if (cmd == 11)
            sb.appendf(", %#lx", args.a[4]);
        return;
    case 1: // FUTEX_WAKE
    case 2: // FUTEX_FD
        sb.appendf(", %d", val);
        return;
    case 3: // FUTEX_REQUEUE
        sb.appendf(", %d, %u, %#lx", val, u32(args.a[3]), args.a[4]);
        return;
    case 4:  // FUTEX_CMP_REQUEUE
    case 12: // FUTEX_CMP_REQUEUE_PI
        sb.appendf(", %d, %u, %#lx, %d", val, u32(args.a[3]), args.a[4], i32(args.a[5]));
        return;
    case 5: // FUTEX_WAKE_OP
        sb.appendf(", %d, %u, %#lx, %#x", val, u32(args.a[3]), args.a[4], u32(args.a[5]));
        return;
    case 6:  // FUTEX_LOCK_PI
    case 13: // FUTEX_LOCK_PI2
        sb.append(", ");
        format_timespec(sb, args.a[3]);
        return;
    case 7: // FUTEX_UNLOCK_PI
    case 8: // FUTEX_TRYLOCK_PI
        return;
    case 9: // FUTEX_WAIT_BITSET
        sb.appendf(", %d, ", val);
        format_timespec(sb, args.a[3]);
        sb.append(", NULL");
        bitset();
        return;
    case 10: // FUTEX_WAKE_BITSET
        sb.appendf(", %d, NULL, NULL", val);
        bitset();
        return;
    default:
        for (int i = 2; i < 6; ++i)
            sb.appendf(", %#lx", args.a[i]);
    }
}

void format_sigset(StringBuilder& sb, u64 address, bool readable)
{
    u64 set = 0;
    if (read_struct(sb, address, readable, set))
        trace_sigset(sb, set);
}

void format_fd(StringBuilder& sb, u64 raw)
{
    if (i32(raw) == AT_FDCWD)
        sb.append("AT_FDCWD");
    else
        sb.append_signed(i32(raw));
}

// Octal with a leading zero and at least three digits, as strace prints modes: 000, 022, 0644.
void format_octal(StringBuilder& sb, u64 value)
{
    sb.append('0');
    sb.append_unsigned(value, 8, 2, '0');
}

void format_mode(StringBuilder& sb, u64 mode) { format_octal(sb, mode & 07777); }

}

void trace_format_args(StringBuilder& sb, const char* kinds, const SyscallArgs& args, u64 result, bool returned)
{
    bool succeeded = returned && !(i64(result) < 0 && i64(result) > -4096);
    for (int i = 0; kinds[i] && i < 6; ++i) {
        u64 v = args.a[i];
        u64 next = i < 5 ? args.a[i + 1] : 0;
        // As strace does, open's mode is shown only when the flags create a file.
        if (kinds[i] == 'm' && i > 0 && kinds[i - 1] == 'o' && !(args.a[i - 1] & O_CREAT) && (args.a[i - 1] & O_TMPFILE) != u64(O_TMPFILE))
            continue;
        if (i)
            sb.append(", ");
        switch (kinds[i]) {
        case 'd': sb.append_signed(i32(v)); break;
        case 'l': sb.append_signed(i64(v)); break;
        case 'u': sb.append_unsigned(v); break;
        case 'x': sb.appendf(v ? "%#lx" : "0", v); break;
        case 'p': format_pointer(sb, v); break;
        case 'f': format_fd(sb, v); break;
        case 's': format_string(sb, v, PATH_MAX); break;
        case 'w': format_buffer(sb, v, next); break;
        case 'r':
            if (succeeded)
                format_buffer(sb, v, result);
            else
                format_pointer(sb, v);
            break;
        case 'i': format_iovec(sb, v, next, ~u64(0), true); break;
        case 'j': format_iovec(sb, v, next, succeeded ? result : 0, succeeded); break;
        case 'v': format_string_array(sb, v, false); break;
        case 'e': format_string_array(sb, v, true); break;
        case 't': format_timespec(sb, v); break;
        case 'k': format_sigset(sb, v, true); break;
        case 'K': format_sigset(sb, v, succeeded); break;
        case 'm': format_mode(sb, v); break;
        case 'q': format_stat(sb, v, succeeded); break;
        case 'Q': format_sigaction(sb, v, true); break;
        case 'U': format_sigaction(sb, v, succeeded); break;
        case 'B': format_rlimit(sb, v, true); break;
        case 'Z': format_rlimit(sb, v, succeeded); break;
        case 'n': format_utsname(sb, v, succeeded); break;
        case 'T':
            trace_futex_op(sb, v);
            format_futex_rest(sb, args);
            return; // the operation decides which arguments follow
        case 'F':
            trace_symbolic(sb, 'F', v);
            trace_fcntl_arg(sb, v, next);
            return; // the command decides whether a third argument is shown
        default:
            if (!trace_symbolic(sb, kinds[i], v))
                sb.appendf("%#lx", v);
        }
    }
}

bool trace_result_is_address(const char* kinds, u64 nr)
{
    (void)kinds;
    return nr == 9 || nr == 12 || nr == 25; // mmap, brk, mremap
}

void trace_format_result(StringBuilder& sb, u64 nr, const SyscallArgs& args, u64 result)
{
    constexpr u64 NR_FCNTL = 72;
    constexpr u64 NR_UMASK = 95;
    if (trace_result_is_address("", nr)) {
        sb.appendf("%#lx", result);
    } else if (nr == NR_UMASK) {
        format_octal(sb, result);
    } else if (nr == NR_FCNTL && args.a[1] == F_GETFD && result) {
        sb.appendf("%#lx (flags ", result);
        trace_fd_flags(sb, result);
        sb.append(')');
    } else if (nr == NR_FCNTL && args.a[1] == F_GETFL) {
        sb.appendf(result ? "%#lx (flags " : "%lu (flags ", result);
        trace_open_flags(sb, result);
        sb.append(')');
    } else {
        sb.append_signed(i64(result));
    }
}
