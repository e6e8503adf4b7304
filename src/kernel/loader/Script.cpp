#include "kernel/loader/Script.h"

namespace {
bool is_blank(char c) { return c == ' ' || c == '\t'; }
}

bool is_shebang(const char* buffer, usize length) { return length >= 2 && buffer[0] == '#' && buffer[1] == '!'; }

Result<ShebangLine> parse_shebang(const char* buffer, usize length)
{
    if (!is_shebang(buffer, length))
        return Errno::ENOEXEC;
    if (length > BINPRM_BUF_SIZE)
        length = BINPRM_BUF_SIZE;
    // The line ends at a newline or a NUL. A file shorter than the buffer ends in an
    // implied NUL; in a full buffer without either, the line is cut one byte short of
    // the end, where Linux keeps room for its terminator.
    usize end = 2;
    while (end < length && buffer[end] != '\n' && buffer[end] != '\0')
        ++end;
    bool truncated = end == length && length == BINPRM_BUF_SIZE;
    if (truncated)
        end = BINPRM_BUF_SIZE - 1;
    usize pos = 2;
    while (pos < end && is_blank(buffer[pos]))
        ++pos;
    usize name_start = pos;
    while (pos < end && !is_blank(buffer[pos]))
        ++pos;
    if (pos == name_start)
        return Errno::ENOEXEC;
    // Linux refuses an interpreter name that may continue past what it read.
    if (truncated && pos == end)
        return Errno::ENOEXEC;
    ShebangLine line;
    line.interpreter = StringView(buffer + name_start, pos - name_start);
    while (pos < end && is_blank(buffer[pos]))
        ++pos;
    usize arg_end = end;
    while (arg_end > pos && is_blank(buffer[arg_end - 1]))
        --arg_end;
    line.argument = StringView(buffer + pos, arg_end - pos);
    return line;
}
