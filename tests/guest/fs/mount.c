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

static const char* name_of(int e)
{
    switch (e) {
    case ENODEV: return "ENODEV";
    case ENOTBLK: return "ENOTBLK";
    default: return fs_errno_name(e);
    }
}

#define MCHECK(label, expr)                                                                 \
    do {                                                                                    \
        errno = 0;                                                                          \
        long r_ = (long)(expr);                                                             \
        if (r_ == -1)                                                                       \
            printf("%s = -1 %s\n", (label), name_of(errno));                               \
        else                                                                                \
            printf("%s = %ld\n", (label), r_);                                             \
    } while (0)

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

static void make(const char* path, const char* text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) < 0)
        printf("make %s failed\n", path);
    close(fd);
}

static void show_read(const char* label, const char* path)
{
    char buf[64];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: -1 %s\n", label, name_of(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = '\0';
    printf("%s: %s\n", label, buf);
    close(fd);
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
    make("d/f", "data");
    mkdir("e", 0755);
    make("plainf", "plain file");
    make("bindf", "bind target");

    MCHECK("unknown type", mount("none", "m", "nosuchfs", 0, NULL));
    MCHECK("missing target", mount("tmpfs", "missing", "tmpfs", 0, NULL));
    MCHECK("file target", mount("tmpfs", "plainf", "tmpfs", 0, NULL));
    MCHECK("no type", mount("tmpfs", "m", NULL, 0, NULL));
    MCHECK("ext4 without a source", mount(NULL, "m", "ext4", 0, NULL));
    MCHECK("ext4 from a missing device", mount("nosuchdev", "m", "ext4", 0, NULL));
    MCHECK("ext4 from a file", mount("plainf", "m", "ext4", MS_RDONLY, NULL));
    MCHECK("bad option", mount("tmpfs", "m", "tmpfs", 0, "bogus=1"));
    MCHECK("bad size", mount("tmpfs", "m", "tmpfs", 0, "size=abc"));
    MCHECK("bad target pointer", mount("tmpfs", (const char*)8, "tmpfs", 0, NULL));
    MCHECK("tmpfs", mount("tmpfs", "m", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=750"));
    MCHECK("stat m", stat("m", &st));
    printf("m mode %o\n", st.st_mode & 07777);
    show_mount("m", 1);
    show_mountinfo_root("m");
    MCHECK("create m/file", create("m/file"));
    {
        static char chunk[600 * 1024];
        int big = open("m/big", O_WRONLY | O_CREAT, 0644);
        MCHECK("write 600k", write(big, chunk, sizeof(chunk)));
        MCHECK("write past 1m", write(big, chunk, sizeof(chunk)));
        close(big);
        MCHECK("remount smaller than in use", mount(NULL, "m", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, "size=64k"));
        MCHECK("remount larger", mount(NULL, "m", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, "size=2m"));
        show_mount("m", 1);
        MCHECK("stat m after remount", stat("m", &st));
        printf("m mode %o\n", st.st_mode & 07777);
        big = open("m/big", O_WRONLY | O_APPEND);
        MCHECK("write after growing", write(big, chunk, sizeof(chunk)));
        close(big);
        MCHECK("unlink m/big", unlink("m/big"));
        MCHECK("remount 1m", mount(NULL, "m", NULL, MS_REMOUNT | MS_NOSUID | MS_NODEV, "size=1m"));
    }

    /* Bind mounts. */
    MCHECK("bind no source", mount(NULL, "e", NULL, MS_BIND, NULL));
    MCHECK("bind missing source", mount("nosuch", "e", NULL, MS_BIND, NULL));
    MCHECK("bind dir on file", mount("d", "bindf", NULL, MS_BIND, NULL));
    MCHECK("bind file on dir", mount("plainf", "e", NULL, MS_BIND, NULL));
    MCHECK("bind d on e", mount("d", "e", NULL, MS_BIND, NULL));
    show_read("read e/f", "e/f");
    MCHECK("create e/g", create("e/g"));
    MCHECK("stat d/g", stat("d/g", &st));
    show_mountinfo_root("e");
    MCHECK("bind file", mount("plainf", "bindf", NULL, MS_BIND, NULL));
    show_read("read bindf", "bindf");

    /* Remounts. */
    MCHECK("remount bind ro on non-mount", mount(NULL, "d", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
    MCHECK("remount bind ro", mount(NULL, "e", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
    show_mount("e", 0);
    MCHECK("create e/h", create("e/h"));
    MCHECK("open e/f for writing", open("e/f", O_WRONLY));
    MCHECK("mkdir e/dir", mkdir("e/dir", 0755));
    MCHECK("create d/h", create("d/h"));
    MCHECK("remount bind rw", mount(NULL, "e", NULL, MS_REMOUNT | MS_BIND, NULL));
    MCHECK("create e/i", create("e/i"));
    MCHECK("remount tmpfs ro", mount(NULL, "m", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL));
    show_mount("m", 1);
    MCHECK("create m/y", create("m/y"));
    MCHECK("remount tmpfs rw", mount(NULL, "m", NULL, MS_REMOUNT | MS_NOEXEC, NULL));
    show_mount("m", 1);
    MCHECK("create m/z", create("m/z"));
    MCHECK("remount non-mount", mount(NULL, "d", NULL, MS_REMOUNT, NULL));

    /* Propagation types have no peers to change but are checked. */
    MCHECK("private", mount(NULL, "m", NULL, MS_PRIVATE, NULL));
    MCHECK("slave", mount(NULL, "m", NULL, MS_SLAVE, NULL));
    MCHECK("rec private", mount(NULL, "m", NULL, MS_PRIVATE | MS_REC, NULL));
    MCHECK("private non-mount", mount(NULL, "d", NULL, MS_PRIVATE, NULL));
    MCHECK("two types", mount(NULL, "m", NULL, MS_PRIVATE | MS_SLAVE, NULL));

    /* Recursive binds. */
    mkdir("d2", 0755);
    mkdir("d2/inner", 0755);
    MCHECK("tmpfs on d2/inner", mount("tmpfs", "d2/inner", "tmpfs", 0, NULL));
    make("d2/inner/z", "deep");
    mkdir("e2", 0755);
    mkdir("e3", 0755);
    MCHECK("rbind d2", mount("d2", "e2", NULL, MS_BIND | MS_REC, NULL));
    show_read("read e2/inner/z", "e2/inner/z");
    MCHECK("bind d2", mount("d2", "e3", NULL, MS_BIND, NULL));
    show_read("read e3/inner/z", "e3/inner/z");

    /* MS_MOVE. */
    mkdir("mv1", 0755);
    mkdir("mv2", 0755);
    MCHECK("tmpfs on mv1", mount("tmpfs", "mv1", "tmpfs", 0, NULL));
    make("mv1/q", "moved");
    MCHECK("move non-mount", mount("d", "mv2", NULL, MS_MOVE, NULL));
    MCHECK("move into itself", mount("mv1", "mv1", NULL, MS_MOVE, NULL));
    MCHECK("move", mount("mv1", "mv2", NULL, MS_MOVE, NULL));
    show_read("read mv2/q", "mv2/q");
    MCHECK("stat mv1/q", stat("mv1/q", &st));

    /* Across filesystems copy_file_range gives EXDEV. */
    int in = open("d/f", O_RDONLY);
    int out = open("m/file", O_WRONLY);
    MCHECK("copy_file_range across mounts", syscall(SYS_copy_file_range, in, NULL, out, NULL, 4, 0));
    close(in);

    /* nodev and nosymfollow are enforced, not only shown. */
    mkdir("nd", 0755);
    MCHECK("tmpfs nodev nosymfollow", mount("tmpfs", "nd", "tmpfs", MS_NODEV | MS_NOSYMFOLLOW, NULL));
    MCHECK("mknod nd/null", mknod("nd/null", S_IFCHR | 0666, makedev(1, 3)));
    MCHECK("open nd/null", open("nd/null", O_WRONLY));
    MCHECK("open nd/null O_PATH", close(open("nd/null", O_PATH)));
    MCHECK("symlink nd/l", symlink("../d/f", "nd/l"));
    MCHECK("stat nd/l", stat("nd/l", &st));
    MCHECK("lstat nd/l", lstat("nd/l", &st));
    char target[64] = "";
    MCHECK("readlink nd/l", readlink("nd/l", target, sizeof(target) - 1));
    MCHECK("symlink to nd", symlink("nd/null", "tond"));
    MCHECK("stat through a link to nd", stat("tond", &st));
    MCHECK("remount nd dev", mount(NULL, "nd", NULL, MS_REMOUNT, NULL));
    int nullfd = open("nd/null", O_WRONLY);
    MCHECK("open nd/null after remount", nullfd >= 0 ? 0 : -1);
    close(nullfd);
    MCHECK("stat nd/l after remount", stat("nd/l", &st));
    MCHECK("umount nd", umount2("nd", 0));

    /* Unmounting. */
    MCHECK("umount non-mount", umount2("d", 0));
    MCHECK("umount missing", umount2("missing", 0));
    MCHECK("umount bad flags", umount2("m", 0x100));
    MCHECK("umount expire and detach", umount2("m", MNT_EXPIRE | MNT_DETACH));
    MCHECK("umount busy (open file)", umount2("m", 0));
    close(out);
    int cwd = open(".", O_RDONLY | O_DIRECTORY);
    MCHECK("chdir m", chdir("m"));
    MCHECK("umount busy (cwd)", umount2(".", 0));
    MCHECK("fchdir back", fchdir(cwd));
    close(cwd);
    MCHECK("umount m", umount2("m", 0));
    MCHECK("stat m/file", stat("m/file", &st));
    MCHECK("umount m again", umount2("m", 0));
    MCHECK("umount busy (submount)", umount2("e2", 0));
    MCHECK("umount detach", umount2("e2", MNT_DETACH));
    MCHECK("stat e2/inner/z", stat("e2/inner/z", &st));
    MCHECK("umount force", umount2("e", MNT_FORCE));
    MCHECK("stat e/f", stat("e/f", &st));
    symlink("e3", "lnk");
    MCHECK("umount nofollow link", umount2("lnk", UMOUNT_NOFOLLOW));
    MCHECK("umount through link", umount2("lnk", 0));
    MCHECK("umount bindf", umount2("bindf", 0));
    show_read("read bindf", "bindf");
    MCHECK("umount mv2", umount2("mv2", 0));
    MCHECK("umount d2/inner", umount2("d2/inner", 0));
    MCHECK("umount /", umount2("/", 0) == 0 ? 0 : (errno == EBUSY || errno == EINVAL) ? -2 : -1);

    /* proc can be mounted again. */
    mkdir("p", 0755);
    MCHECK("proc", mount("proc", "p", "proc", 0, NULL));
    MCHECK("stat p/self/status", stat("p/self/status", &st));
    MCHECK("umount p", umount2("p", 0));

    /* Without CAP_SYS_ADMIN. */
    MCHECK("tmpfs on m", mount("tmpfs", "m", "tmpfs", 0, NULL));
    /* A non-zero effective uid drops CAP_SYS_ADMIN; seteuid(0) brings it back. */
    MCHECK("seteuid nobody", seteuid(65534));
    MCHECK("unprivileged mount", mount("tmpfs", "e", "tmpfs", 0, NULL));
    MCHECK("unprivileged mount missing", mount("tmpfs", "missing", "tmpfs", 0, NULL));
    MCHECK("unprivileged umount", umount2("m", 0));
    MCHECK("unprivileged umount missing", umount2("missing", 0));
    MCHECK("seteuid root", seteuid(0));
    MCHECK("umount m last", umount2("m", 0));
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
