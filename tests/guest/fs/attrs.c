/* chmod, chown, timestamps, umask and truncate on a fresh directory under /tmp, then the
 * same calls after setuid to an unprivileged user: EACCES/EPERM where Linux gives them. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sys/time.h>
#include <utime.h>
#include <sys/syscall.h>
#include <unistd.h>

static void show_mode(const char* label, const char* path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        printf("%s: -1 %s\n", label, fs_errno_name(errno));
        return;
    }
    /* Directory sizes differ between filesystems; the others are exact. */
    printf("%s: %s %o uid %u gid %u size %lld\n", label, type_of(st.st_mode), st.st_mode & 07777, st.st_uid, st.st_gid,
        S_ISDIR(st.st_mode) ? 0ll : (long long)st.st_size);
}

static void show_times(const char* label, const char* path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("%s: -1 %s\n", label, fs_errno_name(errno));
        return;
    }
    printf("%s: atime %lld.%09ld mtime %lld.%09ld\n", label, (long long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
        (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static int make_file(const char* path, mode_t mode)
{
    int fd = open(path, O_CREAT | O_WRONLY, mode);
    if (fd < 0)
        return -1;
    (void)!write(fd, "0123456789", 10);
    return close(fd);
}

int main(void)
{
    enter_scratch_dir();
    umask(027);
    CHECK("create with umask 027", make_file("f", 0666));
    show_mode("f", "f");
    CHECK("mkdir with umask 027", mkdir("d", 0777));
    show_mode("d", "d");
    umask(0);
    CHECK("mkdir with umask 0", mkdir("d0", 01777));
    show_mode("d0", "d0");
    CHECK("umask", umask(022));

    CHECK("chmod 4755", chmod("f", 04755));
    show_mode("f", "f");
    CHECK("chown root:root", chown("f", 0, 0));
    show_mode("f after chown (suid cleared)", "f");
    CHECK("chmod 2755", chmod("f", 02755));
    CHECK("chown 1000:1000", chown("f", 1000, 1000));
    show_mode("f after chown 1000", "f");
    CHECK("chown -1:2000", chown("f", -1, 2000));
    show_mode("f gid 2000", "f");
    CHECK("symlink", symlink("f", "s"));
    CHECK("lchown", lchown("s", 3000, 3000));
    show_mode("s", "s");
    show_mode("f via lchown", "f");
    CHECK("fchownat nofollow", fchownat(AT_FDCWD, "s", 4000, -1, AT_SYMLINK_NOFOLLOW));
    show_mode("s", "s");
    CHECK("fchownat bad flag", fchownat(AT_FDCWD, "s", 0, 0, 0x2));
    int fd = open("f", O_RDWR);
    CHECK("fchmod", fchmod(fd, 0600));
    CHECK("fchown", fchown(fd, 0, 0));
    show_mode("f after fchmod/fchown", "f");
    CHECK("fchmodat", fchmodat(AT_FDCWD, "f", 0640, 0));
    show_mode("f after fchmodat", "f");
    /* fchmodat2 (452): no libc wrapper in every libc yet, so it is called directly. */
    CHECK("fchmodat2", syscall(452, AT_FDCWD, "f", 0604, 0));
    show_mode("f after fchmodat2", "f");
    CHECK("fchmodat2 empty path", syscall(452, fd, "", 0644, AT_EMPTY_PATH));
    show_mode("f after fchmodat2 empty path", "f");
    CHECK("fchmodat2 symlink nofollow", syscall(452, AT_FDCWD, "s", 0600, AT_SYMLINK_NOFOLLOW));
    CHECK("fchmodat2 bad flag", syscall(452, AT_FDCWD, "f", 0600, 0x2));
    CHECK("chmod missing", chmod("missing", 0644));

    struct timespec ts[2] = { { 1000000000, 123456789 }, { 1200000000, 987654321 } };
    CHECK("utimensat", utimensat(AT_FDCWD, "f", ts, 0));
    show_times("f", "f");
    ts[0].tv_nsec = UTIME_OMIT;
    ts[1].tv_sec = 1300000000;
    ts[1].tv_nsec = 5;
    CHECK("utimensat OMIT atime", utimensat(AT_FDCWD, "f", ts, 0));
    show_times("f", "f");
    ts[1].tv_nsec = 1000000000;
    CHECK("utimensat bad nsec", utimensat(AT_FDCWD, "f", ts, 0));
    CHECK("utimensat bad flags", utimensat(AT_FDCWD, "f", NULL, 0x4));
    struct timespec both_omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    CHECK("utimensat both OMIT missing file", utimensat(AT_FDCWD, "missing", both_omit, 0));
    struct timespec ts2[2] = { { 5, 0 }, { 6, 0 } };
    CHECK("utimensat nofollow", utimensat(AT_FDCWD, "s", ts2, AT_SYMLINK_NOFOLLOW));
    show_times("f not changed", "f");
    struct stat lst;
    lstat("s", &lst);
    printf("s mtime %lld\n", (long long)lst.st_mtim.tv_sec);
    struct timespec ts3[2] = { { 7, 0 }, { 8, 0 } };
    CHECK("futimens", futimens(fd, ts3));
    show_times("f", "f");
    struct timeval tv[2] = { { 100, 5 }, { 200, 7 } };
    CHECK("utimes", utimes("f", tv));
    show_times("f", "f");
    tv[0].tv_usec = 1000000;
    CHECK("utimes bad usec", utimes("f", tv));
    struct utimbuf ub = { 300, 400 };
    CHECK("utime", utime("f", &ub));
    show_times("f", "f");
    struct timeval tv2[2] = { { 500, 0 }, { 600, 0 } };
    CHECK("futimesat", futimesat(AT_FDCWD, "f", tv2));
    show_times("f", "f");
    struct stat before, after;
    fstat(fd, &before);
    CHECK("utimensat now", utimensat(AT_FDCWD, "f", NULL, 0));
    fstat(fd, &after);
    FACT("now moved mtime forward", after.st_mtim.tv_sec > before.st_mtim.tv_sec);

    CHECK("ftruncate 3", ftruncate(fd, 3));
    show_mode("f", "f");
    CHECK("truncate 8000", truncate("f", 8000));
    show_mode("f", "f");
    char buf[16] = { 0 };
    CHECK("pread past old end", pread(fd, buf, 4, 4000));
    FACT("hole reads as zeros", buf[0] == 0 && buf[3] == 0);
    CHECK("truncate dir", truncate("d", 0));
    CHECK("truncate negative", truncate("f", -1));
    CHECK("ftruncate O_RDONLY", ({ int r = open("f", O_RDONLY); int x = ftruncate(r, 0); close(r); x; }));
    close(fd);
    CHECK("O_TRUNC", ({ int t = open("f", O_WRONLY | O_TRUNC); close(t); t; }));
    show_mode("f after O_TRUNC", "f");

    /* Permission checks as an unprivileged user. */
    CHECK("make root file", make_file("rootfile", 0644));
    CHECK("chmod d0 1777", chmod("d0", 01777));
    CHECK("make d0/rootfile", make_file("d0/rootfile", 0666));
    CHECK("mkdir private", mkdir("private", 0700));
    CHECK("chmod scratch 0755", chmod(".", 0755));
    /* The saved ids stay 0 so that the test can clean up afterwards. */
    CHECK("setresgid", setresgid(1000, 1000, 0));
    CHECK("setresuid", setresuid(1000, 1000, 0));
    CHECK("open rootfile O_RDWR", open("rootfile", O_RDWR));
    CHECK("open rootfile O_RDONLY", ({ int r = open("rootfile", O_RDONLY); if (r >= 0) close(r); r >= 0 ? 0 : -1; }));
    CHECK("create in scratch", open("mine", O_CREAT | O_WRONLY, 0644));
    CHECK("unlink rootfile", unlink("rootfile"));
    CHECK("chmod rootfile", chmod("rootfile", 0777));
    CHECK("chown rootfile", chown("rootfile", 1000, 1000));
    CHECK("utimensat rootfile", utimensat(AT_FDCWD, "rootfile", ts2, 0));
    CHECK("utimensat rootfile now", utimensat(AT_FDCWD, "rootfile", NULL, 0));
    CHECK("mkdir private/x", mkdir("private/x", 0755));
    CHECK("create in sticky d0", open("d0/mine", O_CREAT | O_WRONLY, 0644));
    CHECK("chown own file away", chown("d0/mine", 0, -1));
    CHECK("chown own file to own group", chown("d0/mine", -1, 1000));
    CHECK("chmod own file", chmod("d0/mine", 0600));
    show_mode("d0/mine", "d0/mine");
    CHECK("unlink root's file in sticky d0", unlink("d0/rootfile"));
    CHECK("rename root's file in sticky d0", rename("d0/rootfile", "d0/x"));
    CHECK("unlink own file in sticky d0", unlink("d0/mine"));
    CHECK("mknod chr", mknod("d0/chr", S_IFCHR | 0600, 0x0103));
    CHECK("back to root", setresuid(0, 0, 0));
    CHECK("group back to root", setresgid(0, 0, 0));
    leave_scratch_dir();
    printf("done\n");
    return 0;
}
