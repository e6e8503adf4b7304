#include "kernel/syscalls/TraceArgs.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/mm/UserCopy.h"

namespace {

void format_string(StringBuilder& sb, u64 address)
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
    sb.append_escaped(reinterpret_cast<const u8*>(buffer), r.value(), 256);
    sb.append('"');
}

void format_buffer(StringBuilder& sb, u64 address, u64 len)
{
    constexpr usize LIMIT = 32;
    u8 data[LIMIT];
    usize n = len < LIMIT ? len : LIMIT;
    if (copy_from_user(data, address, n).is_error()) {
        sb.appendf("%#lx", address);
        return;
    }
    sb.append('"');
    sb.append_escaped(data, n, LIMIT);
    sb.append('"');
    if (len > LIMIT)
        sb.append("...");
}

void format_fd(StringBuilder& sb, u64 raw)
{
    if (i32(raw) == AT_FDCWD)
        sb.append("AT_FDCWD");
    else
        sb.append_signed(i32(raw));
}

}

void trace_format_args(StringBuilder& sb, const char* kinds, const SyscallArgs& args, u64 result, bool returned)
{
    for (int i = 0; kinds[i] && i < 6; ++i) {
        if (i)
            sb.append(", ");
        u64 v = args.a[i];
        switch (kinds[i]) {
        case 'd':
            sb.append_signed(i32(v));
            break;
        case 'u':
            sb.append_unsigned(v);
            break;
        case 'f':
            format_fd(sb, v);
            break;
        case 's':
            format_string(sb, v);
            break;
        case 'w':
            format_buffer(sb, v, i < 5 ? args.a[i + 1] : 0);
            break;
        case 'r':
            if (returned && i64(result) >= 0)
                format_buffer(sb, v, result);
            else
                sb.appendf("%#lx", v);
            break;
        case 'm':
            sb.appendf("0%lo", v);
            break;
        default:
            if (v == 0 && kinds[i] == 'p')
                sb.append("NULL");
            else
                sb.appendf("%#lx", v);
        }
    }
}

bool trace_result_is_address(const char* kinds, u64 nr)
{
    (void)kinds;
    return nr == 9 || nr == 12 || nr == 25; // mmap, brk, mremap
}
