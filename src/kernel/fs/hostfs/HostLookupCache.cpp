#include "kernel/fs/hostfs/HostLookupCache.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"

HostAbsentNames::~HostAbsentNames()
{
    while (HostAbsentName* entry = m_newest) {
        m_newest = entry->older;
        m_names.remove(*entry);
        arena().free_string(entry->text, entry->length);
        arena().destroy(entry);
    }
}

void HostAbsentNames::add(StringView name, u32& budget)
{
    if (budget == 0 || contains(name))
        return;
    char* text = arena().copy_string(name);
    if (!text)
        return;
    auto* entry = arena().make<HostAbsentName>(text, name.size(), m_newest);
    if (!entry) {
        arena().free_string(text, name.size());
        return;
    }
    m_names.add(*entry);
    m_newest = entry;
    --budget;
}
