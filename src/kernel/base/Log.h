#pragma once

// The kernel's own log (--log FILE). Lines go to a host fd only when one was given.

#include "kernel/base/Types.h"

void log_set_fd(int fd);
bool log_enabled();
void klog(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Writes a whole buffer to a host fd, retrying short writes.
void write_all(int fd, const char* data, usize len);
