/* mount(2) and umount2(2) inside one scratch directory: tmpfs with options and flags, bind
 * mounts of directories and files, remounts, MS_MOVE, propagation types, unmounting and
 * the errnos. Natively the test first moves to a private mount namespace of its own, so
 * nothing can leak onto the host; under Cell the sandbox is its own namespace. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sched.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

static char here[256];

static int has_option(const char* options, const char* option)
{
    size_t n = strlen(option);
    for (const char* p = options; (p = strstr(p, option)); p += n) {
        if ((p == options || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    }
    return 0;
}

/* Prints what /proc/self/mounts says about the mount at `rel` (the topmost one). A bind
 * of the scratch directory shows the host's type natively, so `with_type` leaves it out. */
static void show_mount(const char* rel, int with_type)
{
    char want[512], line[1024], found[1024] = "";
    snprintf(want, sizeof(want), "%s/%s", here, rel);
    FILE* f = fopen("/proc/self/mounts", "r");
    while (f && fgets(line, sizeof(line), f)) {
        char dev[256], point[512], type[64], options[512];
        if (sscanf(line, "%255s %511s %63s %511s", dev, point, type, options) == 4 && !strcmp(point, want))
        {
            char size[64] = "";
            const char* at = strstr(options, ",size=");
            if (at)
                snprintf(size, sizeof(size), " %.*s", (int)strcspn(at + 1, ","), at + 1);
            snprintf(found, sizeof(found), "%s %s%s%s%s%s%s", with_type ? type : "-", has_option(options, "ro") ? "ro" : "rw",
                has_option(options, "nosuid") ? " nosuid" : "", has_option(options, "nodev") ? " nodev" : "",
                has_option(options, "noexec") ? " noexec" : "", size, has_option(options, "mode=750") ? " mode=750" : "");
        }
    }
    if (f)
        fclose(f);
    printf("mounts %s: %s\n", rel, found[0] ? found : "(none)");
}

/* The root field mountinfo gives the mount at `rel`, with the scratch path cut off. */
static void show_mountinfo_root(const char* rel)
{
    char want[512], line[1024], result[600] = "(none)";
    snprintf(want, sizeof(want), "%s/%s", here, rel);
    FILE* f = fopen("/proc/self/mountinfo", "r");
    while (f && fgets(line, sizeof(line), f)) {
        char root[512], point[512];
        if (sscanf(line, "%*d %*d %*s %511s %511s", root, point) == 2 && !strcmp(point, want)) {
            const char* slash = strrchr(root, '/');
            snprintf(result, sizeof(result), "...%s", slash ? slash : root);
        }
    }
    if (f)
        fclose(f);
    printf("mountinfo root %s: %s\n", rel, result);
}

static int create(const char* path)
{
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    if (fd >= 0)
        close(fd);
    return fd < 0 ? -1 : 0;
}

static void work(void)
{
    struct stat st;
    mkdir("m", 0755);
    mkdir("d", 0755);
    write_text_file("d/f", "data");
    mkdir("e", 0755);
    write_text_file("plainf", "plain file");
    write_text_file("bindf", "bind target");

    CHECK("unknown type", mount("none", "m", "nosuchfs", 0, NULL));
    CHECK("missing target", mount("tmpfs", "missing", "tmpfs", 0, NULL));
    CHECK("file target", mount("tmpfs", "plainf", "tmpfs", 0, NULL));
    CHECK("no type", mount("tmpfs", "m", NULL, 0, NULL));
    CHECK("ext4 without a source", mount(NULL, "m", "ext4", 0, NULL));
    CHECK("ext4 from a missing device", mount("nosuchdev", "m", "ext4", 0, NULL));
    CHECK("ext4 from a file", mount("plainf", "m", "ext4", MS_RDONLY, NULL));
    CHECK("bad option", mount("tmpfs", "m", "tmpfs", 0, "bogus=1"));
    CHECK("bad size", mount("tmpfs", "m", "tmpfs", 0, "size=abc"));
    CHECK("bad target pointer", mount("tmpfs", (const char*)8, "tmpfs", 0, NULL));
    CHECK("tmpfs", mount("tmpfs", "m", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=750"));
    CHECK("stat m", stat("m", &st));
    printf("m mode %o\n", st.st_mode & 07777);
    show_mount("m", 1);
    show_mountinfo_root("m");
    CHECK("create m/file", create("m/file"));
    {
        static char chunk[600 * 1024];
        int big = open("m/big", O_WRONLY | O_CREAT, 0644);
        CHECK("write 600k", write(big, chunk, sizeof(chunk)));
        CHECK("write past 1m", write(big, chunk, sizeof(chunk)));
        close(big);
        CHECK("remount smaller than in use", mount(NULL, "m", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, "size=64k"));
        CHECK("remount larger", mount(NULL, "m", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, "size=2m"));
        show_mount("m", 1);
        CHECK("stat m after remount", stat("m", &st));
        printf("m mode %o\n", st.st_mode & 07777);
        big = open("m/big", O_WRONLY | O_APPEND);
        CHECK("write after growing", write(big, chunk, sizeof(chunk)));
        close(big);
        CHECK("unlink m/big", unlink("m/big"));
        CHECK("remount 1m", mount(NULL, "m", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, "size=1m"));
    }

    /* Bind mounts. */
    CHECK("bind no source", mount(NULL, "e", NULL, MS_BIND, NULL));
    CHECK("bind missing source", mount("nosuch", "e", NULL, MS_BIND, NULL));
    CHECK("bind dir on file", mount("d", "bindf", NULL, MS_BIND, NULL));
    CHECK("bind file on dir", mount("plainf", "e", NULL, MS_BIND, NULL));
    CHECK("bind d on e", mount("d", "e", NULL, MS_BIND, NULL));
    show_read("read e/f", "e/f");
    CHECK("create e/g", create("e/g"));
    CHECK("stat d/g", stat("d/g", &st));
    show_mountinfo_root("e");
    CHECK("bind file", mount("plainf", "bindf", NULL, MS_BIND, NULL));
    show_read("read bindf", "bindf");

    /* Remounts. */
    CHECK("remount bind ro on non-mount", mount(NULL, "d", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
    CHECK("remount bind ro", mount(NULL, "e", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
    show_mount("e", 0);
    CHECK("create e/h", create("e/h"));
    CHECK("open e/f for writing", open("e/f", O_WRONLY));
    CHECK("mkdir e/dir", mkdir("e/dir", 0755));
    CHECK("create d/h", create("d/h"));
    CHECK("remount bind rw", mount(NULL, "e", NULL, MS_REMOUNT | MS_BIND, NULL));
    CHECK("create e/i", create("e/i"));
    CHECK("remount tmpfs ro", mount(NULL, "m", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL));
    show_mount("m", 1);
    CHECK("create m/y", create("m/y"));
    CHECK("remount tmpfs rw", mount(NULL, "m", NULL, MS_REMOUNT | MS_NOEXEC, NULL));
    show_mount("m", 1);
    CHECK("create m/z", create("m/z"));
    CHECK("remount non-mount", mount(NULL, "d", NULL, MS_REMOUNT, NULL));

    /* Propagation types have no peers to change but are checked. */
    CHECK("private", mount(NULL, "m", NULL, MS_PRIVATE, NULL));
    CHECK("slave", mount(NULL, "m", NULL, MS_SLAVE, NULL));
    CHECK("rec private", mount(NULL, "m", NULL, MS_PRIVATE | MS_REC, NULL));
    CHECK("private non-mount", mount(NULL, "d", NULL, MS_PRIVATE, NULL));
    CHECK("two types", mount(NULL, "m", NULL, MS_PRIVATE | MS_SLAVE, NULL));

    /* Recursive binds. */
    mkdir("d2", 0755);
    mkdir("d2/inner", 0755);
    CHECK("tmpfs on d2/inner", mount("tmpfs", "d2/inner", "tmpfs", 0, NULL));
    write_text_file("d2/inner/z", "deep");
    mkdir("e2", 0755);
    mkdir("e3", 0755);
    CHECK("rbind d2", mount("d2", "e2", NULL, MS_BIND | MS_REC, NULL));
    show_read("read e2/inner/z", "e2/inner/z");
    CHECK("bind d2", mount("d2", "e3", NULL, MS_BIND, NULL));
    show_read("read e3/inner/z", "e3/inner/z");

    /* MS_MOVE. */
    mkdir("mv1", 0755);
    mkdir("mv2", 0755);
    CHECK("tmpfs on mv1", mount("tmpfs", "mv1", "tmpfs", 0, NULL));
    write_text_file("mv1/q", "moved");
    CHECK("move non-mount", mount("d", "mv2", NULL, MS_MOVE, NULL));
    CHECK("move into itself", mount("mv1", "mv1", NULL, MS_MOVE, NULL));
    CHECK("move", mount("mv1", "mv2", NULL, MS_MOVE, NULL));
    show_read("read mv2/q", "mv2/q");
    CHECK("stat mv1/q", stat("mv1/q", &st));

    /* Across filesystems copy_file_range gives EXDEV. */
    int in = open("d/f", O_RDONLY);
    int out = open("m/file", O_WRONLY);
    CHECK("copy_file_range across mounts", syscall(SYS_copy_file_range, in, NULL, out, NULL, 4, 0));
    close(in);

    /* nodev and nosymfollow are enforced, not only shown. */
    mkdir("nd", 0755);
    CHECK("tmpfs nodev nosymfollow", mount("tmpfs", "nd", "tmpfs", MS_NODEV | MS_NOSYMFOLLOW, NULL));
    CHECK("mknod nd/null", mknod("nd/null", S_IFCHR | 0666, makedev(1, 3)));
    CHECK("open nd/null", open("nd/null", O_WRONLY));
    CHECK("open nd/null O_PATH", close(open("nd/null", O_PATH)));
    CHECK("symlink nd/l", symlink("../d/f", "nd/l"));
    CHECK("stat nd/l", stat("nd/l", &st));
    CHECK("lstat nd/l", lstat("nd/l", &st));
    char target[64] = "";
    CHECK("readlink nd/l", readlink("nd/l", target, sizeof(target) - 1));
    CHECK("symlink to nd", symlink("nd/null", "tond"));
    CHECK("stat through a link to nd", stat("tond", &st));
    CHECK("remount nd dev", mount(NULL, "nd", NULL, MS_REMOUNT, NULL));
    int nullfd = open("nd/null", O_WRONLY);
    CHECK("open nd/null after remount", nullfd >= 0 ? 0 : -1);
    close(nullfd);
    CHECK("stat nd/l after remount", stat("nd/l", &st));
    CHECK("umount nd", umount2("nd", 0));

    /* Unmounting. */
    CHECK("umount non-mount", umount2("d", 0));
    CHECK("umount missing", umount2("missing", 0));
    CHECK("umount bad flags", umount2("m", 0x100));
    CHECK("umount expire and detach", umount2("m", MNT_EXPIRE | MNT_DETACH));
    CHECK("umount busy (open file)", umount2("m", 0));
    close(out);
    int cwd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("chdir m", chdir("m"));
    CHECK("umount busy (cwd)", umount2(".", 0));
    CHECK("fchdir back", fchdir(cwd));
    close(cwd);
    CHECK("umount m", umount2("m", 0));
    CHECK("stat m/file", stat("m/file", &st));
    CHECK("umount m again", umount2("m", 0));
    CHECK("umount busy (submount)", umount2("e2", 0));
    CHECK("umount detach", umount2("e2", MNT_DETACH));
    CHECK("stat e2/inner/z", stat("e2/inner/z", &st));
    CHECK("umount force", umount2("e", MNT_FORCE));
    CHECK("stat e/f", stat("e/f", &st));
    symlink("e3", "lnk");
    CHECK("umount nofollow link", umount2("lnk", UMOUNT_NOFOLLOW));
    CHECK("umount through link", umount2("lnk", 0));
    CHECK("umount bindf", umount2("bindf", 0));
    show_read("read bindf", "bindf");
    CHECK("umount mv2", umount2("mv2", 0));
    CHECK("umount d2/inner", umount2("d2/inner", 0));
    CHECK("umount /", umount2("/", 0) == 0 ? 0 : (errno == EBUSY || errno == EINVAL) ? -2 : -1);

    /* proc can be mounted again. */
    mkdir("p", 0755);
    CHECK("proc", mount("proc", "p", "proc", 0, NULL));
    CHECK("stat p/self/status", stat("p/self/status", &st));
    CHECK("umount p", umount2("p", 0));

    /* Without CAP_SYS_ADMIN. */
    CHECK("tmpfs on m", mount("tmpfs", "m", "tmpfs", 0, NULL));
    /* A non-zero effective uid drops CAP_SYS_ADMIN; seteuid(0) brings it back. */
    CHECK("seteuid nobody", seteuid(65534));
    CHECK("unprivileged mount", mount("tmpfs", "e", "tmpfs", 0, NULL));
    CHECK("unprivileged mount missing", mount("tmpfs", "missing", "tmpfs", 0, NULL));
    CHECK("unprivileged umount", umount2("m", 0));
    CHECK("unprivileged umount missing", umount2("missing", 0));
    CHECK("seteuid root", seteuid(0));
    CHECK("umount m last", umount2("m", 0));
}

int main(void)
{
    enter_scratch_dir();
    if (!getcwd(here, sizeof(here)))
        return 1;
    chmod(".", 0755);
    /* Natively: a private namespace, so no mount can outlive the test. Under Cell
     * unshare fails and the sandbox's namespace serves. */
    if (unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return 2;
    work();
    leave_scratch_dir();
    return 0;
}
