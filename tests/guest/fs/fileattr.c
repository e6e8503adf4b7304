/* Attribute flags (FS_IOC_GETFLAGS/SETFLAGS, as lsattr and chattr use them, and their
 * FS_IOC_FSGETXATTR form), FIGETBSZ, FIOQSIZE, statx's attributes,
 * the fcntl commands around leases, pipe sizes and write hints, and how a removed name
 * shows: getcwd in a removed directory and /proc links to removed files. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

/* From <linux/fs.h>, which musl's toolchain lacks. */
#define FS_IOC_GETFLAGS 0x80086601
#define FS_IOC_SETFLAGS 0x40086602
#define FIGETBSZ 2
#define FIOQSIZE 0x5460
#define FS_IOC_FSGETXATTR 0x801c581f
#define FS_XFLAG_NODUMP 0x80
#define ATTR_MOUNT_ROOT 0x2000 /* STATX_ATTR_MOUNT_ROOT */

struct fsxattr_view {
    uint32_t xflags, extsize, nextents, projid, cowextsize;
    unsigned char pad[8];
};

/* statx's attributes and mask for `path`, restricted to `bits`. */
static void show_statx_attributes(const char* label, const char* path, uint64_t bits)
{
    struct statx_view {
        uint32_t mask, blksize;
        uint64_t attributes;
        uint8_t rest[240];
    } stx;
    uint64_t attributes_mask;
    if (syscall(SYS_statx, AT_FDCWD, path, 0, 0x7ff, &stx) != 0) {
        printf("%s: statx -1 %s\n", label, fs_errno_name(errno));
        return;
    }
    memcpy(&attributes_mask, stx.rest + 40, 8); /* stx_attributes_mask, at offset 56 */
    printf("%s: attributes %#llx of mask %#llx\n", label, (unsigned long long)(stx.attributes & bits),
        (unsigned long long)(attributes_mask & bits));
}
#define FS_IMMUTABLE_FL 0x10
#define FS_APPEND_FL 0x20
#define FS_NODUMP_FL 0x40
#define FS_NOATIME_FL 0x80

/* The flags chattr changes on both tmpfs and ext4; ext4 also shows its own (extents). */
#define COMMON_FLAGS (FS_APPEND_FL | FS_IMMUTABLE_FL | FS_NODUMP_FL | FS_NOATIME_FL)

#ifndef F_GET_RW_HINT
#define F_GET_RW_HINT 1035
#define F_SET_RW_HINT 1036
#endif
#ifndef F_GETLEASE
#define F_GETLEASE 1025
#endif
#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#endif

static void show_flags(const char* label, int fd)
{
    int flags = -1;
    errno = 0;
    if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0)
        printf("%s = -1 %s\n", label, fs_errno_name(errno));
    else
        printf("%s = %#x\n", label, flags & COMMON_FLAGS);
}

static int ends_with(const char* text, const char* suffix)
{
    size_t n = strlen(text), m = strlen(suffix);
    return n >= m && !strcmp(text + n - m, suffix);
}

int main(void)
{
    enter_scratch_dir();
    int fd = open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
    mkdir("dir", 0755);
    int dir = open("dir", O_RDONLY | O_DIRECTORY);

    show_flags("flags of a new file", fd);
    show_flags("flags of a new directory", dir);
    int flags = 0;
    ioctl(fd, FS_IOC_GETFLAGS, &flags);
    int with_nodump = flags | FS_NODUMP_FL;
    CHECK("set nodump", ioctl(fd, FS_IOC_SETFLAGS, &with_nodump));
    show_flags("flags after nodump", fd);
    struct fsxattr_view fsx;
    memset(&fsx, 0xff, sizeof(fsx));
    CHECK("FS_IOC_FSGETXATTR", ioctl(fd, FS_IOC_FSGETXATTR, &fsx));
    printf("fsx_xflags nodump: %s\n", (fsx.xflags & FS_XFLAG_NODUMP) ? "yes" : "no");
    show_statx_attributes("statx of a nodump file (mount root bit)", "file", ATTR_MOUNT_ROOT);
    CHECK("clear it", ioctl(fd, FS_IOC_SETFLAGS, &flags));
    show_flags("flags after clearing", fd);
    CHECK("flags into a bad pointer", ioctl(fd, FS_IOC_GETFLAGS, (void*)16));
    int ro = open("file", O_RDONLY);
    show_flags("flags through O_RDONLY", ro);
    int devnull = open("/dev/null", O_RDWR);
    int blksize = 0;
    CHECK("FIGETBSZ", ioctl(fd, FIGETBSZ, &blksize));
    printf("block size %d\n", blksize);
    /* FIOQSIZE is the space a file, directory or symlink takes: st_blocks in bytes. */
    (void)!write(fd, "some data", 9);
    fsync(fd);
    long long qsize = -1;
    struct stat st;
    CHECK("FIOQSIZE file", ioctl(fd, FIOQSIZE, &qsize));
    fstat(fd, &st);
    FACT("FIOQSIZE file is st_blocks * 512", qsize == (long long)st.st_blocks * 512);
    CHECK("FIOQSIZE dir", ioctl(dir, FIOQSIZE, &qsize));
    fstat(dir, &st);
    FACT("FIOQSIZE dir is st_blocks * 512", qsize == (long long)st.st_blocks * 512);
    CHECK("FIOQSIZE /dev/null", ioctl(devnull, FIOQSIZE, &qsize));
    show_statx_attributes("statx of /", "/", ATTR_MOUNT_ROOT);
    show_statx_attributes("statx of /proc", "/proc", ATTR_MOUNT_ROOT);
    show_statx_attributes("statx of /proc/self", "/proc/self/", ATTR_MOUNT_ROOT);

    /* O_ASYNC takes a file's fasync method, which regular files lack: F_SETFL leaves it
     * clear and FIOASYNC fails. */
    CHECK("F_SETFL O_ASYNC|O_NONBLOCK", fcntl(fd, F_SETFL, O_ASYNC | O_NONBLOCK));
    printf("F_GETFL O_ASYNC %s, O_NONBLOCK %s\n", (fcntl(fd, F_GETFL) & O_ASYNC) ? "set" : "clear",
        (fcntl(fd, F_GETFL) & O_NONBLOCK) ? "set" : "clear");
    CHECK("F_SETFL 0", fcntl(fd, F_SETFL, 0));
    int async_on = 1, async_off = 0;
    CHECK("FIOASYNC on", ioctl(fd, FIOASYNC, &async_on));
    CHECK("FIOASYNC off", ioctl(fd, FIOASYNC, &async_off));
    CHECK("F_GETLEASE", fcntl(fd, F_GETLEASE));
    CHECK("F_GETPIPE_SZ of a file", fcntl(fd, F_GETPIPE_SZ));
    CHECK("F_SETPIPE_SZ of a file", fcntl(fd, F_SETPIPE_SZ, 65536));
    uint64_t hint = 0;
    CHECK("F_GET_RW_HINT", fcntl(fd, F_GET_RW_HINT, &hint));
    printf("hint %llu\n", (unsigned long long)hint);
    hint = 3;
    CHECK("F_SET_RW_HINT 3", fcntl(fd, F_SET_RW_HINT, &hint));
    hint = 0;
    CHECK("F_GET_RW_HINT again", fcntl(ro, F_GET_RW_HINT, &hint));
    printf("hint %llu\n", (unsigned long long)hint);
    hint = 9;
    CHECK("F_SET_RW_HINT 9", fcntl(fd, F_SET_RW_HINT, &hint));
    CHECK("F_SET_RW_HINT bad pointer", fcntl(fd, F_SET_RW_HINT, (void*)16));

    /* A removed name: the open file's link says so, and so does a cwd. */
    char link[4096];
    CHECK("unlink the open file", unlink("file"));
    char self[64];
    snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(self, link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = '\0';
    FACT("the fd's link ends in (deleted)", ends_with(link, "/file (deleted)"));
    show_flags("flags of the unlinked file", fd);
    CHECK("chdir dir", chdir("dir"));
    CHECK("rmdir it", rmdir("../dir"));
    char cwd[4096];
    errno = 0;
    const char* got = getcwd(cwd, sizeof(cwd));
    printf("getcwd = %s %s\n", got ? "ok" : "NULL", fs_errno_name(errno));
    n = readlink("/proc/self/cwd", link, sizeof(link) - 1);
    link[n > 0 ? n : 0] = '\0';
    FACT("/proc/self/cwd ends in (deleted)", ends_with(link, "/dir (deleted)"));
    CHECK("create in the removed cwd", open("new", O_CREAT | O_RDWR, 0644));
    CHECK("chdir ..", chdir(".."));
    FACT("getcwd works again", getcwd(cwd, sizeof(cwd)) != NULL);

    close(fd);
    close(ro);
    close(dir);
    close(devnull);
    leave_scratch_dir();
    return 0;
}
