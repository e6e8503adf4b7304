/* What tmpfs answers that other filesystems answer differently, in a directory under
 * /dev/shm (tmpfs natively, memfs under Cell): a regular file takes no seals, a
 * directory has no end to seek from, and the read/write flags that need support tmpfs
 * lacks fail with EOPNOTSUPP. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x1
#define F_SEAL_WRITE 0x8
#endif
#define RWF_NOWAIT_FLAG 0x8
#define RWF_DONTCACHE_FLAG 0x80

int main(void)
{
    char dir[] = "/dev/shm/cell-tmpfs-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) != 0) {
        printf("cannot make a directory under /dev/shm\n");
        return 1;
    }
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    (void)!write(fd, "hello", 5);
    CHECK("F_GET_SEALS on a regular file", fcntl(fd, F_GET_SEALS));
    CHECK("F_ADD_SEALS F_SEAL_WRITE", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    CHECK("F_ADD_SEALS F_SEAL_SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
    CHECK("write still works", write(fd, "!", 1));

    char buf[8];
    struct iovec v = { buf, 4 };
    CHECK("preadv2 RWF_NOWAIT", syscall(SYS_preadv2, fd, &v, 1, 0L, 0L, RWF_NOWAIT_FLAG));
    CHECK("pwritev2 RWF_NOWAIT", syscall(SYS_pwritev2, fd, &v, 1, 0L, 0L, RWF_NOWAIT_FLAG));
    CHECK("preadv2 RWF_DONTCACHE", syscall(SYS_preadv2, fd, &v, 1, 0L, 0L, RWF_DONTCACHE_FLAG));
    close(fd);

    /* O_TMPFILE files are no memfds either. */
    fd = open(".", O_TMPFILE | O_RDWR, 0600);
    CHECK("O_TMPFILE: F_GET_SEALS", fcntl(fd, F_GET_SEALS));
    CHECK("O_TMPFILE: F_ADD_SEALS", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    close(fd);

    int d = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("lseek(dir, 0, SEEK_END)", lseek(d, 0, SEEK_END));
    CHECK("lseek(dir, 0, SEEK_DATA)", lseek(d, 0, SEEK_DATA));
    CHECK("lseek(dir, 0, SEEK_HOLE)", lseek(d, 0, SEEK_HOLE));
    CHECK("lseek(dir, 1, SEEK_SET)", lseek(d, 1, SEEK_SET));
    CHECK("lseek(dir, 0, SEEK_CUR)", lseek(d, 0, SEEK_CUR));
    CHECK("lseek(dir, -5, SEEK_CUR)", lseek(d, -5, SEEK_CUR));
    close(d);

    unlink("f");
    (void)!chdir("/");
    CHECK("rmdir", rmdir(dir));
    printf("done\n");
    return 0;
}
