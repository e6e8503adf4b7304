/* Ways out of the root that a path can try: ".." past "/", absolute and relative
 * symlinks, /proc/self/root, O_PATH directory fds with "..", *at calls with absolute
 * paths, and openat2's RESOLVE_BENEATH / RESOLVE_IN_ROOT. Natively there is no sandbox,
 * so each check is phrased so that Linux's own answer is the confined one: ".." of "/"
 * is "/", a symlink to "/etc/os-release" reads the same file as the plain path, and so
 * on. Under Cell the same answers mean the walk stayed inside the sandbox's root.
 * Inode numbers and paths of the scratch directory differ between runs, so they are
 * only ever compared, never printed. */
#define _GNU_SOURCE
#include "../guest.h"
#include <fcntl.h>
#include <sys/stat.h>

/* linux/openat2.h, which musl's headers lack. */
struct open_how {
    unsigned long long flags, mode, resolve;
};
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#ifndef SYS_openat2
#define SYS_openat2 437
#endif

static const char* const target = "/etc/os-release";

static char scratch[] = "/tmp/cellconfineXXXXXX";

static const char* errname(int e)
{
    switch (e) {
    case EXDEV: return "EXDEV";
    case ELOOP: return "ELOOP";
    default: return errno_name(e);
    }
}

/* Reads the first 4 KiB of fd (then closes it); "" on failure. */
static void read_fd(int fd, char* buf, size_t size)
{
    buf[0] = 0;
    if (fd < 0)
        return;
    ssize_t n = read(fd, buf, size - 1);
    buf[n > 0 ? n : 0] = 0;
    close(fd);
}

static char reference[4096];

/* Prints whether opening `path` (relative to dirfd) reads the reference file. */
static void reads_reference_at(const char* label, int dirfd, const char* path)
{
    char buf[4096];
    errno = 0;
    int fd = openat(dirfd, path, O_RDONLY);
    if (fd < 0) {
        printf("%s: open -1 %s\n", label, errname(errno));
        return;
    }
    read_fd(fd, buf, sizeof(buf));
    printf("%s: %s\n", label, strcmp(buf, reference) == 0 ? "reads the same file" : "reads another file");
}

static void reads_reference(const char* label, const char* path)
{
    reads_reference_at(label, AT_FDCWD, path);
}

/* Prints whether `path` names the same inode as "/". */
static void is_root(const char* label, int dirfd, const char* path, int flags)
{
    struct stat root, st;
    if (stat("/", &root) != 0 || fstatat(dirfd, path, &st, flags) != 0) {
        printf("%s: stat -1 %s\n", label, errname(errno));
        return;
    }
    printf("%s: %s\n", label, st.st_dev == root.st_dev && st.st_ino == root.st_ino ? "is /" : "is not /");
}

static void dotdot_past_root(void)
{
    char cwd[256];
    if (chdir("/") != 0 || chdir("..") != 0 || chdir("../../..") != 0)
        printf("chdir ..: failed %s\n", errname(errno));
    printf("getcwd after chdir ../..: %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "failed");
    is_root("/..", AT_FDCWD, "/..", 0);
    is_root("/../../..", AT_FDCWD, "/../../..", 0);
    is_root("cwd ..", AT_FDCWD, "..", 0);
    reads_reference("/../../../etc/os-release", "/../../../etc/os-release");
    reads_reference("../../etc/../../etc/os-release from /", "../../etc/../../etc/os-release");
    if (chdir(scratch) != 0)
        printf("chdir scratch: failed\n");
}

static void symlinks(void)
{
    char buf[256];
    SHOW("symlink abs", symlink(target, "abs"));
    SHOW("symlink dotdot", symlink("../../../../../../../../../../etc/os-release", "up"));
    SHOW("symlink root", symlink("/", "rootlink"));
    SHOW("symlink rootdotdot", symlink("/..", "rootup"));
    reads_reference("abs", "abs");
    reads_reference("up", "up");
    reads_reference("rootlink/etc/os-release", "rootlink/etc/os-release");
    reads_reference("rootlink/../etc/os-release", "rootlink/../etc/os-release");
    is_root("rootup", AT_FDCWD, "rootup", 0);
    is_root("rootlink/..", AT_FDCWD, "rootlink/..", 0);
    ssize_t n = readlink("abs", buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("readlink abs: %s\n", buf);
    /* O_NOFOLLOW on the link itself refuses; a path through it follows. */
    errno = 0;
    int fd = open("abs", O_RDONLY | O_NOFOLLOW);
    printf("open abs O_NOFOLLOW: %s\n", fd < 0 ? errname(errno) : "opened");
    if (fd >= 0)
        close(fd);
}

static void proc_self_root(void)
{
    char buf[256];
    ssize_t n = readlink("/proc/self/root", buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("readlink /proc/self/root: %s\n", n > 0 ? buf : errname(errno));
    is_root("/proc/self/root", AT_FDCWD, "/proc/self/root", 0);
    is_root("/proc/self/root/..", AT_FDCWD, "/proc/self/root/..", 0);
    is_root("/proc/self/root/../../..", AT_FDCWD, "/proc/self/root/../../..", 0);
    reads_reference("/proc/self/root/etc/os-release", "/proc/self/root/etc/os-release");
    reads_reference("/proc/self/root/../../etc/os-release", "/proc/self/root/../../etc/os-release");
    reads_reference("/proc/self/root/proc/self/root/etc/os-release", "/proc/self/root/proc/self/root/etc/os-release");
    /* The cwd link of a process whose cwd is the scratch directory leads back there. */
    struct stat a, b;
    int same = stat("/proc/self/cwd", &a) == 0 && stat(".", &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
    printf("/proc/self/cwd is the cwd: %s\n", same ? "yes" : "no");
    is_root("/proc/self/cwd/../../../../../../..", AT_FDCWD, "/proc/self/cwd/../../../../../../..", 0);
}

static void o_path_tricks(void)
{
    char buf[64];
    int root = open("/", O_PATH | O_DIRECTORY);
    printf("open / O_PATH: %s\n", root >= 0 ? "ok" : errname(errno));
    is_root("openat(/ O_PATH, ..)", root, "..", 0);
    is_root("fstatat(/ O_PATH, \"\", AT_EMPTY_PATH)", root, "", AT_EMPTY_PATH);
    reads_reference_at("openat(/ O_PATH, ../../etc/os-release)", root, "../../etc/os-release");
    int up = openat(root, "../..", O_PATH | O_DIRECTORY);
    is_root("openat(openat(/ O_PATH, ../..), \"\")", up, "", AT_EMPTY_PATH);
    errno = 0;
    printf("read O_PATH fd: %s\n", read(root, buf, sizeof(buf)) < 0 ? errname(errno) : "read");
    snprintf(buf, sizeof(buf), "/proc/self/fd/%d", up);
    is_root("/proc/self/fd/N of that O_PATH fd", AT_FDCWD, buf, 0);
    SHOW("fchdir O_PATH /..", fchdir(up));
    is_root("cwd after fchdir", AT_FDCWD, ".", 0);
    is_root("cwd .. after fchdir", AT_FDCWD, "../..", 0);
    if (chdir(scratch) != 0)
        printf("chdir scratch: failed\n");

    /* A dirfd for the scratch directory: "..", absolute paths and symlinks from it. */
    int here = open(".", O_PATH | O_DIRECTORY);
    is_root("openat(scratch, ../../../../../../..)", here, "../../../../../../../..", 0);
    reads_reference_at("openat(scratch, absolute)", here, target);
    reads_reference_at("openat(scratch, abs link)", here, "abs");
    int link = openat(here, "abs", O_PATH | O_NOFOLLOW);
    ssize_t n = readlinkat(link, "", buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("readlinkat(O_PATH link, \"\"): %s\n", n > 0 ? buf : errname(errno));
    struct stat st;
    int r = fstatat(link, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
    printf("O_PATH link fd type: %s\n", r == 0 && S_ISLNK(st.st_mode) ? "symlink" : "other");

    /* openat2: RESOLVE_BENEATH refuses to leave the dirfd, RESOLVE_IN_ROOT treats it as
     * the root, so "..", absolute paths and absolute symlinks stay inside it. */
    SHOW("mkdir jail", mkdir("jail", 0755));
    SHOW("mkdir jail/etc", mkdir("jail/etc", 0755));
    int f = open("jail/etc/os-release", O_CREAT | O_WRONLY, 0644);
    SHOW("write jail file", write(f, "jail\n", 5));
    close(f);
    SHOW("symlink jail/abs", symlink(target, "jail/abs"));
    int jail = open("jail", O_PATH | O_DIRECTORY);
    const char* paths[] = { "etc/os-release", "../abs", "/etc/os-release", "abs", "../../../etc/os-release",
        "etc/../../jail/etc/os-release" };
    unsigned long long modes[] = { RESOLVE_BENEATH, RESOLVE_IN_ROOT };
    const char* mode_names[] = { "BENEATH", "IN_ROOT" };
    for (int m = 0; m < 2; ++m) {
        for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); ++i) {
            struct open_how how = { .flags = O_RDONLY, .resolve = modes[m] };
            errno = 0;
            int fd = (int)syscall(SYS_openat2, jail, paths[i], &how, sizeof(how));
            char content[4096];
            if (fd < 0) {
                printf("openat2 %s %s: -1 %s\n", mode_names[m], paths[i], errname(errno));
                continue;
            }
            read_fd(fd, content, sizeof(content));
            printf("openat2 %s %s: %s\n", mode_names[m], paths[i],
                strcmp(content, "jail\n") == 0 ? "the jail's file" : strcmp(content, reference) == 0 ? "the outside file" : "another file");
        }
    }
    close(jail);
    close(link);
    close(here);
    close(up);
    close(root);
}

static void cleanup(void)
{
    const char* files[] = { "abs", "up", "rootlink", "rootup", "jail/etc/os-release", "jail/abs" };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); ++i)
        unlink(files[i]);
    rmdir("jail/etc");
    rmdir("jail");
    if (chdir("/") == 0)
        rmdir(scratch);
}

int main(void)
{
    if (!mkdtemp(scratch) || chdir(scratch) != 0) {
        perror("scratch");
        return 1;
    }
    int fd = open(target, O_RDONLY);
    read_fd(fd, reference, sizeof(reference));
    printf("reference: %s\n", reference[0] ? "read" : "missing");

    dotdot_past_root();
    symlinks();
    proc_self_root();
    o_path_tricks();
    cleanup();
    return 0;
}
