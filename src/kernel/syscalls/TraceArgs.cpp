#include "kernel/syscalls/TraceArgs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Time.h"
#include "kernel/abi/Uio.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/syscalls/TraceNames.h"

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

// A sigset_t in guest memory; `readable` is false for a set the call fills in and that
// is not filled yet (the call failed), which prints as a pointer.
void format_sigset(StringBuilder& sb, u64 address, bool readable)
{
    u64 set = 0;
    if (address == 0 || !readable || copy_from_user(&set, address, sizeof(set)).is_error())
        format_pointer(sb, address);
    else
        trace_sigset(sb, set);
}

void format_fd(StringBuilder& sb, u64 raw)
{
    if (i32(raw) == AT_FDCWD)
        sb.append("AT_FDCWD");
    else
        sb.append_signed(i32(raw));
}

void format_mode(StringBuilder& sb, u64 mode) { sb.appendf("%#03lo", mode & 07777); }

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
