#pragma once

// Arenas for unit tests. Each test suite names its own base address, so suites do not see
// each other's objects; the arena at a base is created on first use and made current.

#include "kernel/base/Arena.h"

#include <map>

inline Arena* use_test_arena(u64 base, u64 reserve = 1ull << 30)
{
    static std::map<u64, Arena*> arenas;
    auto it = arenas.find(base);
    if (it == arenas.end()) {
        auto created = Arena::create(base, reserve);
        it = arenas.emplace(base, created.is_ok() ? created.value() : nullptr).first;
    }
    if (it->second)
        set_arena(it->second);
    return it->second;
}
