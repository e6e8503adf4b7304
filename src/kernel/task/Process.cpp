#include "kernel/task/Process.h"

namespace {
void copy_bounded(char* dst, usize capacity, const char* src)
{
    usize i = 0;
    for (; src[i] && i + 1 < capacity; ++i)
        dst[i] = src[i];
    dst[i] = '\0';
}
}

void Process::set_exe_path(const char* path) { copy_bounded(m_exe_path, sizeof(m_exe_path), path); }

void Process::set_comm(const char* name) { copy_bounded(m_comm, sizeof(m_comm), name); }
