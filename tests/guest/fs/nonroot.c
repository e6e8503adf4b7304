/* What a guest that left root may and may not do to files it does not own, where Linux
 * has rules beyond the mode bits: a write, truncation or fallocate drops the set-id bits
 * of a caller without CAP_FSETID; only the owner sets explicit times (write permission
 * allows "now" for both); fs.protected_hardlinks keeps others from linking files they
 * cannot read and write; and anyone may make a whiteout (a 0:0 character device). */
#define _GNU_SOURCE
#include "fsguest.h"
#include <grp.h>
#include <stdio.h>
#include <sys/sysmacros.h>
#include <sys/time.h>

static void make(const char* path, int mode, int uid, int gid)
{
    close(open(path, O_CREAT | O_WRONLY, 0600));
    (void)!chown(path, uid, gid);
    (void)!chmod(path, mode);
}

static void show_mode(const char* label, const char* path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        printf("%s: -1 %s\n", label, fs_errno_name(errno));
    else
        printf("%s: %o\n", label, st.st_mode & 07777);
}

int main(void)
{
    enter_scratch_dir();
    chmod(".", 0777);
    make("suid", 04755, 1000, 1000);
    make("sgid_x", 02755, 1000, 1000);
    make("sgid_nox", 02644, 1000, 1000);
    make("suid_trunc", 04755, 1000, 1000);
    make("suid_falloc", 04755, 1000, 1000);
    make("suid_otrunc", 04766, 1000, 1000);
    make("grp660", 0660, 0, 1000);
    make("root600", 0600, 0, 0);
    make("root644", 0644, 0, 0);
    make("mine", 0644, 1000, 1000);
    make("rootsuid", 04777, 0, 0);
    if (setgroups(0, NULL) != 0 || setresgid(1000, 1000, 1000) != 0 || setresuid(1000, 1000, 1000) != 0) {
        printf("cannot become uid 1000\n");
        return 1;
    }

    int fd = open("suid", O_WRONLY);
    CHECK("write suid", write(fd, "x", 1));
    close(fd);
    show_mode("suid after write", "suid");
    fd = open("sgid_x", O_WRONLY);
    CHECK("pwrite sgid_x", pwrite(fd, "x", 1, 0));
    close(fd);
    show_mode("sgid_x after write", "sgid_x");
    fd = open("sgid_nox", O_WRONLY);
    CHECK("write sgid_nox", write(fd, "x", 1));
    CHECK("write 0 bytes", write(fd, "x", 0));
    close(fd);
    show_mode("sgid_nox after write (no group x: kept)", "sgid_nox");
    CHECK("truncate suid_trunc", truncate("suid_trunc", 10));
    show_mode("suid_trunc after truncate", "suid_trunc");
    fd = open("suid_falloc", O_WRONLY);
    CHECK("fallocate suid_falloc", fallocate(fd, 0, 0, 100));
    close(fd);
    show_mode("suid_falloc after fallocate", "suid_falloc");
    CHECK("open suid_otrunc O_TRUNC", close(open("suid_otrunc", O_WRONLY | O_TRUNC)));
    show_mode("suid_otrunc after O_TRUNC", "suid_otrunc");
    fd = open("rootsuid", O_WRONLY);
    CHECK("write rootsuid (not owner)", write(fd, "x", 1));
    close(fd);
    show_mode("rootsuid after write", "rootsuid");

    struct timespec now_now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    struct timespec omit_now[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
    struct timespec now_omit[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
    struct timespec omit_omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
    struct timespec explicit_times[2] = { { 1, 0 }, { 2, 0 } };
    CHECK("utimensat grp660 NULL (writable)", utimensat(AT_FDCWD, "grp660", NULL, 0));
    CHECK("utimensat grp660 NOW,NOW", utimensat(AT_FDCWD, "grp660", now_now, 0));
    CHECK("utimensat grp660 OMIT,NOW", utimensat(AT_FDCWD, "grp660", omit_now, 0));
    CHECK("utimensat grp660 NOW,OMIT", utimensat(AT_FDCWD, "grp660", now_omit, 0));
    CHECK("utimensat grp660 OMIT,OMIT", utimensat(AT_FDCWD, "grp660", omit_omit, 0));
    CHECK("utimensat grp660 explicit", utimensat(AT_FDCWD, "grp660", explicit_times, 0));
    CHECK("utimensat root644 NULL", utimensat(AT_FDCWD, "root644", NULL, 0));
    CHECK("utimensat mine explicit", utimensat(AT_FDCWD, "mine", explicit_times, 0));

    CHECK("link root600 (unreadable)", link("root600", "l1"));
    CHECK("link root644 (not writable)", link("root644", "l2"));
    CHECK("link grp660 (read and write)", link("grp660", "l3"));
    CHECK("link rootsuid (set-uid)", link("rootsuid", "l4"));
    CHECK("link mine (owner)", link("mine", "l5"));

    CHECK("mknod 0:0 char device (whiteout)", mknod("wo", S_IFCHR, 0));
    CHECK("mknod 1:3 char device", mknod("null", S_IFCHR | 0644, makedev(1, 3)));
    printf("done\n");
    return 0;
}
