#pragma once

// Result<T>: a value or an Errno, the kernel's only error channel (no exceptions).
// TRY(expr) evaluates expr and returns its error from the enclosing function.

#include "kernel/base/Errno.h"

#include <new>
#include <type_traits>
#include <utility>

template<typename T>
class [[nodiscard]] Result {
public:
    Result(Errno e)
        : m_error(e)
    {
    }
    template<typename U>
        requires std::is_constructible_v<T, U&&>
    Result(U&& value)
        : m_error(Errno {})
    {
        new (&m_storage) T(std::forward<U>(value));
    }
    Result(Result&& other)
        : m_error(other.m_error)
    {
        if (other.is_ok())
            new (&m_storage) T(std::move(other.value()));
    }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result()
    {
        if (is_ok())
            value().~T();
    }

    bool is_ok() const { return m_error == Errno {}; }
    bool is_error() const { return !is_ok(); }
    Errno error() const { return m_error; }

    T& value() { return *std::launder(reinterpret_cast<T*>(&m_storage)); }
    const T& value() const { return *std::launder(reinterpret_cast<const T*>(&m_storage)); }
    T release_value() { return std::move(value()); }

private:
    alignas(T) unsigned char m_storage[sizeof(T)];
    Errno m_error;
};

template<>
class [[nodiscard]] Result<void> {
public:
    Result()
        : m_error(Errno {})
    {
    }
    Result(Errno e)
        : m_error(e)
    {
    }
    bool is_ok() const { return m_error == Errno {}; }
    bool is_error() const { return !is_ok(); }
    Errno error() const { return m_error; }
    void release_value() { }

private:
    Errno m_error;
};

#define TRY(expr)                             \
    ({                                        \
        auto _try_result = (expr);            \
        if (_try_result.is_error())           \
            return _try_result.error();       \
        _try_result.release_value();          \
    })
