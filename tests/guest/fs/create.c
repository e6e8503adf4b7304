/* Creating, removing and renaming names: mkdir, rmdir, unlink, link, symlink, rename,
 * renameat2 and mknod, with Linux's errnos, on a fresh directory under /tmp. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdio.h>
#include <sys/sysmacros.h>

static void show_stat(const char* label, const char* path)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        printf("%s: lstat -1 %s\n", label, fs_errno_name(errno));
        return;
    }
    printf("%s: %s mode %o nlink %lu size %s\n", label, type_of(st.st_mode), st.st_mode & 07777,
        (unsigned long)st.st_nlink, S_ISREG(st.st_mode) || S_ISLNK(st.st_mode) ? (st.st_size ? "nonzero" : "0") : "-");
}

static int make_file(const char* path, const char* text)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0)
        return -1;
    if (text)
        (void)!write(fd, text, strlen(text));
    return close(fd);
}

static void show_content(const char* label, const char* path)
{
    char buf[64] = { 0 };
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: open -1 %s\n", label, fs_errno_name(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    printf("%s: \"%.*s\"\n", label, (int)(n > 0 ? n : 0), buf);
}

int main(void)
{
    umask(022);
    enter_scratch_dir();

    CHECK("mkdir d", mkdir("d", 0777));
    show_stat("d", "d");
    CHECK("mkdir d again", mkdir("d", 0777));
    CHECK("mkdir d/", mkdir("d/", 0777));
    CHECK("mkdir missing/x", mkdir("missing/x", 0777));
    CHECK("mkdir .", mkdir(".", 0777));
    CHECK("mkdir d/e/", mkdir("d/e/", 0700));
    show_stat("d/e", "d/e");
    show_stat("d after subdir", "d");
    CHECK("mkdirat", mkdirat(AT_FDCWD, "d/f", 0755));

    CHECK("create f", make_file("f", "hello"));
    show_stat("f", "f");
    CHECK("mkdir f/x", mkdir("f/x", 0777));
    CHECK("open f/ O_CREAT", open("g/", O_CREAT | O_WRONLY, 0644));
    CHECK("open O_EXCL existing", open("f", O_CREAT | O_EXCL | O_WRONLY, 0644));
    CHECK("rmdir f", rmdir("f"));
    CHECK("unlink d", unlink("d"));
    CHECK("rmdir d (not empty)", rmdir("d"));
    CHECK("rmdir .", rmdir("."));
    CHECK("rmdir d/e/.", rmdir("d/e/."));
    CHECK("rmdir d/e/..", rmdir("d/e/.."));
    CHECK("unlink f/", unlink("f/"));
    CHECK("unlink missing", unlink("missing"));

    CHECK("link f h", link("f", "h"));
    show_stat("f after link", "f");
    CHECK("link f h again", link("f", "h"));
    CHECK("link d dl", link("d", "dl"));
    CHECK("link missing", link("missing", "x"));
    show_content("h", "h");
    CHECK("unlink h", unlink("h"));
    show_stat("f after unlink h", "f");

    CHECK("symlink", symlink("f", "s"));
    show_stat("s", "s");
    char target[64] = { 0 };
    CHECK("readlink s", readlink("s", target, sizeof(target)));
    printf("target %s\n", target);
    CHECK("symlink exists", symlink("x", "s"));
    CHECK("symlink empty", symlink("", "t"));
    CHECK("symlink dangling", symlink("nowhere", "dangling"));
    CHECK("open dangling O_CREAT", open("dangling", O_CREAT | O_WRONLY, 0600));
    show_stat("nowhere", "nowhere");
    CHECK("symlinkat loop", symlinkat("loop", AT_FDCWD, "loop"));
    CHECK("open loop", open("loop", O_RDONLY));
    CHECK("unlink loop", unlink("loop"));
    CHECK("linkat follow", linkat(AT_FDCWD, "s", AT_FDCWD, "hs", AT_SYMLINK_FOLLOW));
    show_stat("hs", "hs");
    CHECK("linkat nofollow", linkat(AT_FDCWD, "s", AT_FDCWD, "hs2", 0));
    show_stat("hs2", "hs2");
    CHECK("linkat bad flags", linkat(AT_FDCWD, "s", AT_FDCWD, "hs3", 0x8000));

    CHECK("rename f r", rename("f", "r"));
    show_stat("f after rename", "f");
    show_content("r", "r");
    CHECK("make q", make_file("q", "q"));
    CHECK("rename r q (replace)", rename("r", "q"));
    show_content("q", "q");
    CHECK("rename q d (file over dir)", rename("q", "d"));
    CHECK("rename d q (dir over file)", rename("d", "q"));
    CHECK("rename d d/e/x (into itself)", rename("d", "d/e/x"));
    CHECK("mkdir empty", mkdir("empty", 0755));
    CHECK("rename d empty (over empty dir)", rename("d", "empty"));
    show_stat("empty now", "empty");
    show_stat("empty/e", "empty/e");
    CHECK("mkdir d2", mkdir("d2", 0755));
    CHECK("rename d2 empty (over non-empty)", rename("d2", "empty"));
    CHECK("rename missing", rename("missing", "x"));
    CHECK("rename q q", rename("q", "q"));
    CHECK("rename q/ x", rename("q/", "x"));
    CHECK("rename . x", rename(".", "x"));
    CHECK("rename empty/e d2/e (across dirs)", rename("empty/e", "d2/e"));
    show_stat("empty after move", "empty");
    show_stat("d2 after move", "d2");

    CHECK("make a", make_file("a", "A"));
    CHECK("make b", make_file("b", "B"));
    CHECK("renameat2 NOREPLACE", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", 1));
    CHECK("renameat2 EXCHANGE", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", 2));
    show_content("a", "a");
    show_content("b", "b");
    CHECK("renameat2 EXCHANGE missing", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "nope", 2));
    CHECK("renameat2 both flags", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", 3));
    CHECK("renameat2 EXCHANGE dir/file", syscall(SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "d2", 2));
    show_stat("a is now", "a");
    show_stat("d2 is now", "d2");
    CHECK("renameat2 NOREPLACE new", syscall(SYS_renameat2, AT_FDCWD, "b", AT_FDCWD, "c", 1));

    CHECK("mknod fifo", mknod("fifo", S_IFIFO | 0644, 0));
    show_stat("fifo", "fifo");
    CHECK("mknod sock", mknod("sock", S_IFSOCK | 0600, 0));
    show_stat("sock", "sock");
    CHECK("mknod reg", mknod("reg", 0640, 0));
    show_stat("reg", "reg");
    CHECK("mknodat chr", mknodat(AT_FDCWD, "chr", S_IFCHR | 0600, makedev(1, 3)));
    struct stat st;
    if (lstat("chr", &st) == 0)
        printf("chr: %s rdev %u:%u\n", type_of(st.st_mode), major(st.st_rdev), minor(st.st_rdev));
    CHECK("mknod dir", mknod("dirnode", S_IFDIR | 0755, 0));
    CHECK("mknod bad type", mknod("bad", 0170000 | 0644, 0));
    CHECK("open sock", open("sock", O_RDONLY));

    CHECK("unlinkat AT_REMOVEDIR file", unlinkat(AT_FDCWD, "reg", AT_REMOVEDIR));
    CHECK("unlinkat bad flags", unlinkat(AT_FDCWD, "reg", 1));
    CHECK("unlinkat dir", unlinkat(AT_FDCWD, "empty", 0));

    int dfd = open("a", O_RDONLY | O_DIRECTORY);
    CHECK("mkdirat dirfd", mkdirat(dfd, "sub", 0700));
    CHECK("symlinkat dirfd", symlinkat("../a", dfd, "up"));
    CHECK("renameat dirfds", renameat(dfd, "sub", AT_FDCWD, "sub2"));
    CHECK("unlinkat dirfd", unlinkat(dfd, "up", 0));
    close(dfd);

    /* An open file survives its name. */
    int fd = open("c", O_RDWR);
    CHECK("unlink open file", unlink("c"));
    if (fstat(fd, &st) == 0)
        printf("unlinked: nlink %lu\n", (unsigned long)st.st_nlink);
    char buf[8] = { 0 };
    CHECK("read unlinked", pread(fd, buf, sizeof(buf), 0));
    printf("data %s\n", buf);
    close(fd);

    /* A removed cwd. */
    CHECK("mkdir gone", mkdir("gone", 0755));
    CHECK("chdir gone", chdir("gone"));
    CHECK("rmdir ../gone", rmdir("../gone"));
    CHECK("create in removed cwd", open("x", O_CREAT | O_WRONLY, 0644));
    CHECK("chdir ..", chdir(".."));

    leave_scratch_dir();
    printf("done\n");
    return 0;
}
