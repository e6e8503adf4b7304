/* Helpers shared by the guest tests. Each test prints only facts that must be the same
 * natively and under Cell, built against musl and against glibc alike: errno values are
 * printed by name, since strerror() text differs between C libraries. */
#ifndef CELL_GUEST_H
#define CELL_GUEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

static inline const char* errno_name(int e)
{
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EEXIST: return "EEXIST";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case ERANGE: return "ERANGE";
    case ENOSYS: return "ENOSYS";
    case EOVERFLOW: return "EOVERFLOW";
    case ENOTSUP: return "EOPNOTSUPP";
    default: return "E?";
    }
}

/* Prints "LABEL = RESULT" for a raw call that returns -1 and sets errno on failure. */
#define SHOW(label, expr)                                                                   \
    do {                                                                                    \
        errno = 0;                                                                          \
        long show_r_ = (long)(expr);                                                        \
        if (show_r_ == -1)                                                                  \
            printf("%s = -1 %s\n", (label), errno_name(errno));                            \
        else                                                                                \
            printf("%s = %ld\n", (label), show_r_);                                        \
    } while (0)

/* Reads the file at `path` into `buffer` (of `capacity` bytes) as a NUL-terminated
 * string; returns its length, or -1 when it cannot be opened. */
static inline long read_text(const char* path, char* buffer, size_t capacity)
{
    FILE* f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buffer, 1, capacity - 1, f);
    fclose(f);
    buffer[n] = '\0';
    return (long)n;
}

/* Prints "LABEL: ok" or "LABEL: FAILED" for a property. */
#define FACT(label, cond) printf("%s: %s\n", (label), (cond) ? "ok" : "FAILED")

#endif
