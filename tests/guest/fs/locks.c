/* Advisory locks: fcntl record locks (POSIX and OFD) and flock, within one process, with
   Linux's conflicts, ranges, GETLK answers and errnos. */
#define _GNU_SOURCE
#include "../guest.h"
#include <fcntl.h>
#include <sys/file.h>
#include <stdlib.h>

static void show_lock(const char* label, int fd, int cmd, short type, off_t start, off_t len)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len, .l_pid = 0 };
    errno = 0;
    int r = fcntl(fd, cmd, &fl);
    if (r == -1)
        printf("%s = -1 %s\n", label, errno_name(errno));
    else
        printf("%s = %d type=%s start=%lld len=%lld pid=%s\n", label, r,
            fl.l_type == F_UNLCK ? "UNLCK" : fl.l_type == F_RDLCK ? "RDLCK" : "WRLCK", (long long)fl.l_start,
            (long long)fl.l_len, fl.l_pid == getpid() ? "self" : fl.l_pid == -1 ? "-1" : fl.l_pid == 0 ? "0" : "other");
}

int main(void)
{
    char dir[] = "/tmp/cell-locks-XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char path[64];
    snprintf(path, sizeof(path), "%s/f", dir);
    int a = open(path, O_RDWR | O_CREAT, 0600);
    int b = open(path, O_RDWR);
    int ro = open(path, O_RDONLY);
    SHOW("ftruncate", ftruncate(a, 100));
    show_lock("POSIX write lock 10..19", a, F_SETLK, F_WRLCK, 10, 10);
    show_lock("POSIX same owner via other fd", b, F_SETLK, F_WRLCK, 0, 0);
    show_lock("OFD getlk over 15", a, F_OFD_GETLK, F_WRLCK, 15, 1);
    show_lock("OFD setlk on a conflicting range", b, F_OFD_SETLK, F_WRLCK, 0, 50);
    show_lock("OFD read lock 60..", b, F_OFD_SETLK, F_RDLCK, 60, 0);
    show_lock("POSIX getlk 70", a, F_GETLK, F_WRLCK, 70, 5);
    show_lock("OFD with l_pid set", b, F_OFD_SETLK, F_WRLCK, 0, 1);
    show_lock("write lock on read-only fd", ro, F_SETLK, F_WRLCK, 0, 1);
    show_lock("bad type", a, F_SETLK, 7, 0, 1);
    show_lock("negative start", a, F_SETLK, F_RDLCK, -5, 1);
    show_lock("negative length", a, F_SETLK, F_RDLCK, 5, -3);
    show_lock("OFD unlock", b, F_OFD_SETLK, F_UNLCK, 0, 0);
    show_lock("OFD getlk after unlock", b, F_OFD_GETLK, F_WRLCK, 0, 0);
    SHOW("close(b)", close(b));
    SHOW("flock a LOCK_EX", flock(a, LOCK_EX | LOCK_NB));
    int c = open(path, O_RDONLY);
    SHOW("flock c LOCK_SH|LOCK_NB", flock(c, LOCK_SH | LOCK_NB));
    SHOW("flock a LOCK_UN", flock(a, LOCK_UN));
    SHOW("flock c LOCK_SH|LOCK_NB again", flock(c, LOCK_SH | LOCK_NB));
    SHOW("flock bad op", flock(c, 0));
    SHOW("flock bad fd", flock(99, LOCK_SH));
    close(a);
    close(c);
    close(ro);
    unlink(path);
    rmdir(dir);
    return 0;
}
