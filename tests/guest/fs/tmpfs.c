/* What tmpfs answers that other filesystems answer differently, in a directory under
 * /dev/shm (tmpfs natively, memfs under Cell): a regular file takes no seals, a
 * directory has no end to seek from, the read/write flags that need support tmpfs lacks
 * fail with EOPNOTSUPP, and statx reports tmpfs's attributes. statfs's flags agree
 * with the mount's options in mountinfo, and reads and listings move the atime as the
 * mount's atime mode says. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <sys/xattr.h>

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

    /* statx: tmpfs's attribute mask, and nodump once chattr +d set it. */
    fd = open("f", O_RDONLY);
    int flags = 0x40; /* FS_NODUMP_FL */
    CHECK("FS_IOC_SETFLAGS nodump", ioctl(fd, 0x40086602, &flags));
    close(fd);
    unsigned char stx[256];
    CHECK("statx f", syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ff, stx));
    unsigned long long attributes, mask;
    memcpy(&attributes, stx + 8, 8);
    memcpy(&mask, stx + 56, 8);
    printf("statx attributes %#llx mask %#llx\n", attributes & 0x70, mask & 0x70);

    /* statfs's flags against the options mountinfo shows for /dev/shm. */
    struct statvfs vfs;
    CHECK("statvfs .", statvfs(".", &vfs));
    FILE* info = fopen("/proc/self/mountinfo", "r");
    char line[512], options[300] = "";
    while (info && fgets(line, sizeof(line), info)) {
        char point[256], opts[256];
        if (sscanf(line, "%*s %*s %*s %*s %255s %255s", point, opts) == 2 && !strcmp(point, "/dev/shm"))
            snprintf(options, sizeof(options), ",%s,", opts);
    }
    if (info)
        fclose(info);
    static const struct { const char* option; unsigned long flag; } pairs[] = {
        { ",ro,", ST_RDONLY }, { ",nosuid,", ST_NOSUID }, { ",nodev,", ST_NODEV }, { ",noexec,", ST_NOEXEC },
        { ",noatime,", ST_NOATIME }, { ",relatime,", 0x1000 /* ST_RELATIME */ },
    };
    int agree = options[0] != 0;
    for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); ++i)
        agree &= !!strstr(options, pairs[i].option) == !!(vfs.f_flag & pairs[i].flag);
    FACT("statfs flags agree with mountinfo", agree);

    /* The atime follows the mount's mode: relatime moves it on a read when it is not
     * after the mtime, noatime never, and O_NOATIME never. */
    int noatime = (vfs.f_flag & ST_NOATIME) != 0;
    struct timespec old_times[2] = { { 100, 0 }, { 200, 0 } };
    struct stat st;
    char byte;
    utimensat(AT_FDCWD, "f", old_times, 0);
    fd = open("f", O_RDONLY);
    (void)!read(fd, &byte, 1);
    close(fd);
    stat("f", &st);
    FACT("a read moves an atime older than the mtime (unless noatime)", (st.st_atime > 200) == !noatime);
    utimensat(AT_FDCWD, "f", old_times, 0);
    fd = open("f", O_RDONLY | O_NOATIME);
    (void)!read(fd, &byte, 1);
    close(fd);
    stat("f", &st);
    FACT("O_NOATIME keeps it", st.st_atime == 100);
    mkdir("sub", 0755);
    utimensat(AT_FDCWD, "sub", old_times, 0);
    DIR* listing = opendir("sub");
    while (listing && readdir(listing)) {
    }
    if (listing)
        closedir(listing);
    stat("sub", &st);
    FACT("a listing moves the directory's atime (unless noatime)", (st.st_atime > 200) == !noatime);
    rmdir("sub");

    unlink("f");
    (void)!chdir("/");
    CHECK("rmdir", rmdir(dir));
    printf("done\n");
    return 0;
}
