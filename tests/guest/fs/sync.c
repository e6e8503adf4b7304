/* sync(2), syncfs(2) and sync_file_range(2): success on files and Linux's errnos. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <limits.h>
#include <sys/syscall.h>

static long sfr(int fd, long offset, long nbytes, unsigned flags)
{
    return syscall(SYS_sync_file_range, fd, offset, nbytes, flags);
}

int main(void)
{
    enter_scratch_dir();
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK("write", write(fd, "hello", 5));
    sync();
    printf("sync: done\n");
    CHECK("syncfs file", syncfs(fd));
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("syncfs dir", syncfs(dir));
    CHECK("syncfs bad fd", syncfs(999));
    int path = open("f", O_PATH);
    CHECK("syncfs O_PATH", syncfs(path));
    int null = open("/dev/null", O_RDWR);
    CHECK("syncfs /dev/null", syncfs(null));

    CHECK("sfr write", sfr(fd, 0, 0, 2));
    CHECK("sfr all flags", sfr(fd, 0, 5, 1 | 2 | 4));
    CHECK("sfr no flags", sfr(fd, 0, 5, 0));
    CHECK("sfr dir", sfr(dir, 0, 0, 2));
    CHECK("sfr bad flags", sfr(fd, 0, 0, 8));
    CHECK("sfr negative offset", sfr(fd, -1, 0, 2));
    CHECK("sfr negative length", sfr(fd, 0, -1, 2));
    CHECK("sfr wraps", sfr(fd, LONG_MAX, 1, 2));
    CHECK("sfr bad fd", sfr(999, 0, 0, 2));
    CHECK("sfr bad fd and flags", sfr(999, 0, 0, 8));
    CHECK("sfr O_PATH", sfr(path, 0, 0, 2));
    CHECK("sfr /dev/null", sfr(null, 0, 0, 2));
    CHECK("fsync", fsync(fd));
    CHECK("fdatasync", fdatasync(fd));

    leave_scratch_dir();
    return 0;
}
