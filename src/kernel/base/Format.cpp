#include "kernel/base/Format.h"

void StringBuilder::append(char c)
{
    if (m_length < m_capacity)
        m_buffer[m_length++] = c;
    else
        m_overflowed = true;
}

void StringBuilder::append(StringView s)
{
    for (usize i = 0; i < s.size(); ++i)
        append(s[i]);
}

void StringBuilder::append_unsigned(u64 value, unsigned base, unsigned width, char pad)
{
    char digits[64];
    unsigned n = 0;
    do {
        unsigned d = unsigned(value % base);
        digits[n++] = char(d < 10 ? '0' + d : 'a' + d - 10);
        value /= base;
    } while (value != 0);
    while (width > n) {
        append(pad);
        --width;
    }
    while (n > 0)
        append(digits[--n]);
}

void StringBuilder::append_signed(i64 value)
{
    if (value < 0) {
        append('-');
        append_unsigned(u64(0) - u64(value));
    } else {
        append_unsigned(u64(value));
    }
}

void StringBuilder::append_escaped(const u8* data, usize len, usize limit)
{
    usize n = len < limit ? len : limit;
    for (usize i = 0; i < n; ++i) {
        u8 c = data[i];
        switch (c) {
        case '\n':
            append("\\n");
            break;
        case '\t':
            append("\\t");
            break;
        case '\r':
            append("\\r");
            break;
        case '\v':
            append("\\v");
            break;
        case '\f':
            append("\\f");
            break;
        case '"':
            append("\\\"");
            break;
        case '\\':
            append("\\\\");
            break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                append(char(c));
            } else {
                append('\\');
                // strace prints octal escapes without leading zeros unless a digit follows.
                bool digit_next = i + 1 < n && data[i + 1] >= '0' && data[i + 1] <= '7';
                append_unsigned(c, 8, digit_next ? 3 : 0, '0');
            }
        }
    }
}

void StringBuilder::vappendf(const char* fmt, va_list args)
{
    for (const char* p = fmt; *p; ++p) {
        if (*p != '%') {
            append(*p);
            continue;
        }
        ++p;
        char pad = ' ';
        unsigned width = 0;
        bool star_precision = false;
        bool alternate = false;
        if (*p == '#') {
            alternate = true;
            ++p;
        }
        if (*p == '0') {
            pad = '0';
            ++p;
        }
        while (*p >= '0' && *p <= '9')
            width = width * 10 + unsigned(*p++ - '0');
        if (p[0] == '.' && p[1] == '*') {
            star_precision = true;
            p += 2;
        }
        int longs = 0;
        while (*p == 'l' || *p == 'z') {
            ++longs;
            ++p;
        }
        switch (*p) {
        case 'd':
        case 'i': {
            i64 v = longs ? va_arg(args, i64) : va_arg(args, int);
            if (v < 0) {
                append('-');
                append_unsigned(u64(0) - u64(v), 10, width ? width - 1 : 0, pad);
            } else {
                append_unsigned(u64(v), 10, width, pad);
            }
            break;
        }
        case 'u':
            append_unsigned(longs ? va_arg(args, u64) : va_arg(args, unsigned), 10, width, pad);
            break;
        case 'x':
            if (alternate)
                append("0x");
            append_unsigned(longs ? va_arg(args, u64) : va_arg(args, unsigned), 16, width, pad);
            break;
        case 'o':
            if (alternate)
                append('0');
            append_unsigned(longs ? va_arg(args, u64) : va_arg(args, unsigned), 8, width, pad);
            break;
        case 'p':
            append_hex(u64(va_arg(args, void*)));
            break;
        case 'c':
            append(char(va_arg(args, int)));
            break;
        case 's': {
            if (star_precision) {
                int n = va_arg(args, int);
                const char* s = va_arg(args, const char*);
                append(StringView(s ? s : "(null)", s ? usize(n) : 6));
            } else {
                const char* s = va_arg(args, const char*);
                append(StringView(s ? s : "(null)"));
            }
            break;
        }
        case '%':
            append('%');
            break;
        case '\0':
            return;
        default:
            append('%');
            append(*p);
        }
    }
}

void StringBuilder::appendf(const char* fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vappendf(fmt, args);
    va_end(args);
}

const char* StringBuilder::c_str()
{
    if (m_capacity == 0)
        return "";
    if (m_length >= m_capacity)
        m_length = m_capacity - 1;
    m_buffer[m_length] = '\0';
    return m_buffer;
}

usize format(char* buffer, usize capacity, const char* fmt, ...)
{
    StringBuilder sb(buffer, capacity);
    va_list args;
    va_start(args, fmt);
    sb.vappendf(fmt, args);
    va_end(args);
    sb.c_str();
    return sb.length();
}
