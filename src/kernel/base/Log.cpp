#include "kernel/base/Log.h"
#include "kernel/base/Format.h"
#include "platform/Platform.h"

namespace {
int s_log_fd = -1;
}

void log_set_fd(int fd) { s_log_fd = fd; }
bool log_enabled() { return s_log_fd >= 0; }

void write_all(int fd, const char* data, usize len)
{
    while (len > 0) {
        auto r = platform::write(fd, data, len);
        if (r.is_error()) {
            if (r.error() == Errno::EINTR)
                continue;
            return;
        }
        data += r.value();
        len -= r.value();
    }
}

void klog(const char* fmt, ...)
{
    if (s_log_fd < 0)
        return;
    char buffer[1024];
    StringBuilder sb(buffer, sizeof(buffer) - 1);
    u64 ns = platform::monotonic_ns();
    sb.appendf("[%lu.%06lu] ", ns / 1000000000, (ns / 1000) % 1000000);
    va_list args;
    va_start(args, fmt);
    sb.vappendf(fmt, args);
    va_end(args);
    sb.append('\n');
    write_all(s_log_fd, buffer, sb.length());
}
