/* chroot(2): the new root confines paths and "..", the cwd stays (and getcwd marks it
 * unreachable), and the errnos for missing, non-directory, unsearchable and unprivileged. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sys/syscall.h>

static char here[256];

/* Prints getcwd's raw answer with the scratch directory's random name replaced. */
static void show_cwd(const char* label)
{
    char buf[512];
    long n = syscall(SYS_getcwd, buf, sizeof(buf));
    if (n < 0) {
        printf("%s: -1 %s\n", label, fs_errno_name(errno));
        return;
    }
    char* at = strstr(buf, here);
    if (at)
        printf("%s: %.*s<scratch>%s\n", label, (int)(at - buf), buf, at + strlen(here));
    else
        printf("%s: %s\n", label, buf);
}

int main(void)
{
    enter_scratch_dir();
    if (!getcwd(here, sizeof(here)))
        return 1;
    chmod(".", 0755);
    mkdir("root", 0755);
    mkdir("root/sub", 0755);
    mkdir("root/sub/nox", 0700);
    int fd = open("root/sub/f", O_WRONLY | O_CREAT, 0644);
    if (write(fd, "inside", 6) != 6)
        return 1;
    close(fd);
    close(open("plain", O_WRONLY | O_CREAT, 0644));

    CHECK("chroot missing", chroot("missing"));
    CHECK("chroot file", chroot("plain"));
    CHECK("chroot through file", chroot("plain/x"));
    CHECK("chroot bad pointer", chroot((const char*)8));

    /* The way back: the real root and the scratch directory, as fds. */
    int top = open("/", O_RDONLY | O_DIRECTORY);
    int scratch = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("chroot root", chroot("root"));
    show_cwd("cwd after chroot");
    show_read("read /sub/f", "/sub/f");
    show_read("read /../../sub/f", "/../../sub/f");
    CHECK("stat /root", access("/root", F_OK));
    CHECK("chdir /", chdir("/"));
    show_cwd("cwd at new root");
    CHECK("chdir ..", chdir(".."));
    show_cwd("cwd after ..");
    CHECK("chroot sub", chroot("sub"));
    show_cwd("cwd outside the inner root");
    show_read("read /f", "/f");
    CHECK("chdir /", chdir("/"));
    show_cwd("cwd at inner root");
    /* A non-zero effective uid drops the effective capabilities; seteuid(0) brings
     * them back. */
    CHECK("seteuid nobody", seteuid(65534));
    CHECK("chroot unsearchable", chroot("/nox"));
    CHECK("chroot unprivileged", chroot("."));
    CHECK("seteuid root", seteuid(0));
    CHECK("fchdir top", fchdir(top));
    CHECK("chroot back", chroot("."));
    CHECK("fchdir scratch", fchdir(scratch));
    close(top);
    close(scratch);
    show_cwd("parent cwd");
    leave_scratch_dir();
    return 0;
}
