#pragma once

// A non-owning view of characters; the kernel has no std::string_view in freestanding mode.

#include "kernel/base/Types.h"

class StringView {
public:
    constexpr StringView() = default;
    constexpr StringView(const char* s, usize n)
        : m_data(s)
        , m_size(n)
    {
    }
    constexpr StringView(const char* s)
        : m_data(s)
        , m_size(cstr_length(s))
    {
    }

    constexpr const char* data() const { return m_data; }
    constexpr usize size() const { return m_size; }
    constexpr bool empty() const { return m_size == 0; }
    constexpr char operator[](usize i) const { return m_data[i]; }

    constexpr StringView substr(usize from, usize n = ~usize(0)) const
    {
        if (from > m_size)
            from = m_size;
        if (n > m_size - from)
            n = m_size - from;
        return { m_data + from, n };
    }

    constexpr bool operator==(StringView other) const
    {
        if (m_size != other.m_size)
            return false;
        for (usize i = 0; i < m_size; ++i) {
            if (m_data[i] != other.m_data[i])
                return false;
        }
        return true;
    }

    constexpr bool starts_with(StringView prefix) const { return prefix.m_size <= m_size && substr(0, prefix.m_size) == prefix; }
    constexpr bool ends_with(StringView suffix) const
    {
        return suffix.m_size <= m_size && substr(m_size - suffix.m_size) == suffix;
    }

    // Returns the index of the first `c`, or size() when absent.
    constexpr usize find(char c, usize from = 0) const
    {
        for (usize i = from; i < m_size; ++i) {
            if (m_data[i] == c)
                return i;
        }
        return m_size;
    }

    constexpr static usize cstr_length(const char* s)
    {
        usize n = 0;
        while (s && s[n])
            ++n;
        return n;
    }

private:
    const char* m_data { "" };
    usize m_size { 0 };
};

// Parses lowercase hexadecimal digits of `s` from `pos`, advancing `pos` past them.
constexpr u64 parse_hex(StringView s, usize& pos)
{
    u64 value = 0;
    for (; pos < s.size(); ++pos) {
        char c = s[pos];
        if (c >= '0' && c <= '9')
            value = value * 16 + u64(c - '0');
        else if (c >= 'a' && c <= 'f')
            value = value * 16 + u64(c - 'a' + 10);
        else
            break;
    }
    return value;
}
