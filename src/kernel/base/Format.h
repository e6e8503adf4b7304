#pragma once

// The kernel's formatting: a bounded buffer writer with printf-style formatting.
// Supported conversions: %d %i %u %x %o %p %s %c %%, with the l/ll/z length prefixes,
// '#' and '0' flags, a width, and %.*s for counted strings. Output past the buffer is dropped.

#include "kernel/base/StringView.h"

#include <stdarg.h>

class StringBuilder {
public:
    StringBuilder(char* buffer, usize capacity)
        : m_buffer(buffer)
        , m_capacity(capacity)
    {
    }

    void append(StringView s);
    void append(char c);
    void append_unsigned(u64 value, unsigned base = 10, unsigned width = 0, char pad = ' ');
    void append_signed(i64 value);
    void append_hex(u64 value) { append("0x"), append_unsigned(value, 16); }
    // Appends `data` as a C string literal body, escaping like strace: at most `limit` bytes.
    void append_escaped(const u8* data, usize len, usize limit);
    void appendf(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
    void vappendf(const char* fmt, va_list args);

    StringView view() const { return { m_buffer, m_length }; }
    usize length() const { return m_length; }
    bool overflowed() const { return m_overflowed; }
    // NUL-terminates (truncating if needed) and returns the buffer.
    const char* c_str();

private:
    char* m_buffer;
    usize m_capacity;
    usize m_length { 0 };
    bool m_overflowed { false };
};

// snprintf for the kernel; returns the number of characters written (without NUL).
usize format(char* buffer, usize capacity, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
