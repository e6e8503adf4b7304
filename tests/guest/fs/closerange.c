/* close_range(2): closing and CLOSE_RANGE_CLOEXEC over ranges, and its errnos. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sys/syscall.h>

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE 2
#define CLOSE_RANGE_CLOEXEC 4
#endif

static long close_range_(unsigned first, unsigned last, unsigned flags)
{
    return syscall(SYS_close_range, first, last, flags);
}

static void show_open(int from, int to)
{
    printf("open:");
    for (int fd = from; fd <= to; ++fd) {
        int flags = fcntl(fd, F_GETFD);
        if (flags >= 0)
            printf(" %d%s", fd, (flags & FD_CLOEXEC) ? "c" : "");
    }
    printf("\n");
}

int main(void)
{
    for (int fd = 10; fd <= 20; ++fd)
        dup2(0, fd);
    show_open(10, 20);
    CHECK("close 12..14", close_range_(12, 14, 0));
    show_open(10, 20);
    CHECK("cloexec 15..17", close_range_(15, 17, CLOSE_RANGE_CLOEXEC));
    show_open(10, 20);
    CHECK("unshare 18..18", close_range_(18, 18, CLOSE_RANGE_UNSHARE));
    show_open(10, 20);
    CHECK("first > last", close_range_(20, 19, 0));
    CHECK("unknown flag", close_range_(10, 20, 1));
    CHECK("unknown high flag", close_range_(10, 20, 0x100));
    CHECK("empty range beyond", close_range_(5000, 6000, 0));
    CHECK("cloexec to the end", close_range_(19, ~0u, CLOSE_RANGE_CLOEXEC));
    show_open(10, 20);
    CHECK("close to the end", close_range_(16, ~0u, 0));
    show_open(10, 20);
    CHECK("close 11", close_range_(11, 11, 0));
    CHECK("fcntl 11", fcntl(11, F_GETFD));
    return 0;
}
