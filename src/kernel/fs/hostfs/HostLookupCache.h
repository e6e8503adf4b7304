#pragma once

// What an exclusive hostfs (HostSharing::Exclusive, the root's lower layer) remembers of
// its host tree beyond attributes: the names a directory's lookup found absent, and a
// symbolic link's target. The tree does not change beneath the sandbox, so neither goes
// stale; a shell's PATH search or python's probes for optional files then ask the host
// once per name, as a native dentry cache lets them.

#include "kernel/base/NameTable.h"
#include "kernel/base/StringView.h"

struct HostAbsentName {
    char* text;
    usize length;
    // The name that was added before this one, for the owner's teardown.
    HostAbsentName* older;
    HostAbsentName* chain { nullptr }; // NameTable's

    StringView name() const { return { text, length }; }
};

// One directory's absent names. Not locked: the filesystem's tree lock guards it.
class HostAbsentNames {
public:
    HostAbsentNames() = default;
    HostAbsentNames(const HostAbsentNames&) = delete;
    HostAbsentNames& operator=(const HostAbsentNames&) = delete;
    ~HostAbsentNames();

    bool contains(StringView name) const { return m_names.find(name) != nullptr; }
    // Records `name` unless the filesystem-wide budget (`budget`, decremented) is spent,
    // so that a guest probing random names cannot grow the arena without bound.
    void add(StringView name, u32& budget);

private:
    NameTable<HostAbsentName, &HostAbsentName::chain> m_names;
    HostAbsentName* m_newest { nullptr };
};
