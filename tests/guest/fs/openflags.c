/* Open and write flags at their edges: O_CREAT|O_EXCL never follows a final symlink,
 * O_CREAT|O_DIRECTORY and malformed O_TMPFILE are refused, O_RDONLY|O_TRUNC still truncates, readlinkat of an empty path on something that is no
 * symlink, and pwritev2's per-call flags (RWF_APPEND, RWF_NOAPPEND, the hints, and the
 * ones Linux refuses on buffered files). */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/uio.h>

/* glibc's <sys/uio.h> names some of these; musl's names none. */
#ifndef RWF_HIPRI
#define RWF_HIPRI 0x1
#define RWF_DSYNC 0x2
#define RWF_SYNC 0x4
#endif
#ifndef RWF_APPEND
#define RWF_APPEND 0x10
#endif
#ifndef RWF_NOAPPEND
#define RWF_NOAPPEND 0x20
#endif
#ifndef RWF_ATOMIC
#define RWF_ATOMIC 0x40
#endif
#ifndef RWF_NOSIGNAL
#define RWF_NOSIGNAL 0x100
#endif

static long pwritev2_at(int fd, const char* text, long offset, int flags)
{
    struct iovec v = { (void*)text, strlen(text) };
    return syscall(SYS_pwritev2, fd, &v, 1, offset, 0L, flags);
}

int main(void)
{
    umask(022);
    enter_scratch_dir();

    /* O_CREAT|O_EXCL: a symlink at the name is an existing name, wherever it points. */
    write_text_file("target", "data");
    CHECK("symlink live -> target", symlink("target", "live"));
    CHECK("symlink dangling -> nowhere", symlink("nowhere", "dangling"));
    CHECK("open live O_CREAT|O_EXCL", open("live", O_CREAT | O_EXCL | O_WRONLY, 0644));
    CHECK("open dangling O_CREAT|O_EXCL", open("dangling", O_CREAT | O_EXCL | O_WRONLY, 0644));
    CHECK("nowhere still missing", access("nowhere", F_OK));
    CHECK("chmod dangling (follows)", chmod("dangling", 0600));
    /* Without O_EXCL, O_CREAT follows the dangling link and creates its target. */
    int fd = open("dangling", O_CREAT | O_WRONLY, 0600);
    FACT("open dangling O_CREAT succeeds", fd >= 0);
    close(fd);
    CHECK("nowhere now exists", access("nowhere", F_OK));
    CHECK("open dangling O_CREAT|O_EXCL|O_NOFOLLOW", open("dangling", O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY, 0644));

    /* Combinations open refuses before it looks at the path. */
    CHECK("open new O_CREAT|O_DIRECTORY", open("newdir", O_CREAT | O_DIRECTORY | O_RDONLY, 0755));
    CHECK("newdir was not made", access("newdir", F_OK));
    CHECK("open . O_CREAT|O_DIRECTORY", open(".", O_CREAT | O_DIRECTORY | O_RDONLY, 0755));
    CHECK("open . O_TMPFILE|O_CREAT", open(".", O_TMPFILE | O_CREAT | O_RDWR, 0600));
    CHECK("open . O_TMPFILE bit without O_DIRECTORY", open(".", (O_TMPFILE & ~O_DIRECTORY) | O_RDWR, 0600));
    CHECK("open . O_TMPFILE|O_RDONLY", open(".", O_TMPFILE | O_RDONLY, 0600));

    /* O_RDONLY|O_TRUNC truncates, and the description still reads. */
    fd = open("target", O_RDONLY | O_TRUNC);
    FACT("open target O_RDONLY|O_TRUNC succeeds", fd >= 0);
    char byte;
    CHECK("read after O_RDONLY|O_TRUNC", read(fd, &byte, 1));
    CHECK("write on that O_RDONLY description", write(fd, "x", 1));
    close(fd);
    show_read("target after O_RDONLY|O_TRUNC", "target");

    /* O_NOATIME: a read leaves the atime alone. */
    write_text_file("quiet", "data");
    struct timespec old_times[2] = { { 100, 0 }, { 200, 0 } };
    utimensat(AT_FDCWD, "quiet", old_times, 0);
    fd = open("quiet", O_RDONLY | O_NOATIME);
    CHECK("read through O_NOATIME", read(fd, &byte, 1));
    close(fd);
    struct stat quiet;
    stat("quiet", &quiet);
    printf("atime after an O_NOATIME read: %ld\n", (long)quiet.st_atime);

    /* readlinkat with an empty path names dirfd itself. */
    fd = open("target", O_RDONLY);
    char buf[64];
    CHECK("readlinkat(file fd, \"\")", readlinkat(fd, "", buf, sizeof(buf)));
    CHECK("readlinkat(AT_FDCWD, target)", readlinkat(AT_FDCWD, "target", buf, sizeof(buf)));
    close(fd);
    fd = open("live", O_PATH | O_NOFOLLOW);
    CHECK("readlinkat(O_PATH symlink fd, \"\")", readlinkat(fd, "", buf, sizeof(buf)));
    close(fd);
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("readlinkat(dir fd, \"\")", readlinkat(dir, "", buf, sizeof(buf)));
    close(dir);

    /* pwritev2's flags. */
    write_text_file("w", "0123456789");
    fd = open("w", O_RDWR);
    CHECK("pwritev2 RWF_APPEND at 2", pwritev2_at(fd, "AB", 2, RWF_APPEND));
    CHECK("offset after", lseek(fd, 0, SEEK_CUR));
    show_read("w after RWF_APPEND", "w");
    CHECK("lseek 3", lseek(fd, 3, SEEK_SET));
    CHECK("pwritev2 RWF_APPEND at -1", pwritev2_at(fd, "CD", -1, RWF_APPEND));
    CHECK("offset after (end)", lseek(fd, 0, SEEK_CUR));
    show_read("w after RWF_APPEND at -1", "w");
    CHECK("pwritev2 RWF_NOAPPEND at 0", pwritev2_at(fd, "n", 0, RWF_NOAPPEND));
    CHECK("pwritev2 hints at 1", pwritev2_at(fd, "h", 1, RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOSIGNAL));
    show_read("w after NOAPPEND and hints", "w");
    CHECK("pwritev2 RWF_ATOMIC", pwritev2_at(fd, "a", 0, RWF_ATOMIC));
    CHECK("pwritev2 unknown flag 0x200", pwritev2_at(fd, "u", 0, 0x200));
    CHECK("pwritev2 unknown flag 0x80000000", pwritev2_at(fd, "u", 0, (int)0x80000000));
    struct iovec v = { buf, 4 };
    CHECK("preadv2 RWF_APPEND (ignored) at 0", syscall(SYS_preadv2, fd, &v, 1, 0L, 0L, RWF_APPEND));
    CHECK("preadv2 unknown flag", syscall(SYS_preadv2, fd, &v, 1, 0L, 0L, 0x200));
    close(fd);
    fd = open("w", O_WRONLY | O_APPEND);
    CHECK("O_APPEND: pwritev2 no flags at 0 (appends)", pwritev2_at(fd, "Z", 0, 0));
    close(fd);
    show_read("w after O_APPEND pwritev2", "w");
    printf("done\n");
    return 0;
}
