/* Helpers for the filesystem guest tests: a fresh scratch directory on the filesystem
 * under test (see enter_scratch_dir) and errno names beyond guest.h's. */
#ifndef CELL_FSGUEST_H
#define CELL_FSGUEST_H

#include "../guest.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

/* fallocate modes, for C libraries whose headers lack them. */
#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#endif
#ifndef FALLOC_FL_PUNCH_HOLE
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif
#ifndef FALLOC_FL_ZERO_RANGE
#define FALLOC_FL_ZERO_RANGE 0x10
#endif

static inline const char* fs_errno_name(int e)
{
    switch (e) {
    case ENOTEMPTY: return "ENOTEMPTY";
    case EXDEV: return "EXDEV";
    case EBUSY: return "EBUSY";
    case ENODATA: return "ENODATA";
    case EROFS: return "EROFS";
    case ELOOP: return "ELOOP";
    case ENXIO: return "ENXIO";
    case ENOTBLK: return "ENOTBLK";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case EFBIG: return "EFBIG";
    case E2BIG: return "E2BIG";
    case EMLINK: return "EMLINK";
    case ENOTTY: return "ENOTTY";
    default: return errno_name(e);
    }
}

/* Prints "LABEL = RESULT" with the wider errno names. */
#define CHECK(label, expr)                                                                  \
    do {                                                                                    \
        errno = 0;                                                                          \
        long check_r_ = (long)(expr);                                                       \
        if (check_r_ == -1)                                                                 \
            printf("%s = -1 %s\n", (label), fs_errno_name(errno));                         \
        else                                                                                \
            printf("%s = %ld\n", (label), check_r_);                                       \
    } while (0)

/* Prints "LABEL: CONTENT" with up to 63 bytes of the file at `path`, or its open error. */
static inline void show_read(const char* label, const char* path)
{
    char buf[64];
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        printf("%s: -1 %s\n", label, fs_errno_name(errno));
        return;
    }
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = '\0';
    printf("%s: %s\n", label, buf);
    close(fd);
}

/* Creates (or empties) the file at `path` with `text` in it; says so when that fails. */
static inline void write_text_file(const char* path, const char* text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) < 0)
        printf("writing %s failed\n", path);
    close(fd);
}

/* Makes a fresh directory and changes into it. The directory is made under
 * $CELL_TEST_SCRATCH, which compare.py points at the filesystem a test variant exercises
 * (memfs, a read-write hostfs bind or the overlay root), else under /tmp. */
static inline void enter_scratch_dir(void)
{
    static char dir[4096];
    const char* base = getenv("CELL_TEST_SCRATCH");
    if (!base || !*base)
        base = "/tmp";
    if (snprintf(dir, sizeof(dir), "%s/cellfsXXXXXX", base) >= (int)sizeof(dir)) {
        fprintf(stderr, "CELL_TEST_SCRATCH is too long\n");
        exit(1);
    }
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    if (chdir(dir) != 0) {
        perror("chdir");
        exit(1);
    }
}

/* Removes everything under the directory `fd` names, then closes it. */
static inline void remove_tree_at(int fd)
{
    DIR* dir = fdopendir(fd);
    struct dirent* e;
    if (!dir)
        return;
    while ((e = readdir(dir))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (unlinkat(fd, e->d_name, 0) == 0)
            continue;
        int sub = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
        if (sub >= 0)
            remove_tree_at(sub);
        unlinkat(fd, e->d_name, AT_REMOVEDIR);
        rewinddir(dir);
    }
    closedir(dir);
}

/* Removes the scratch directory and everything in it. */
static inline void leave_scratch_dir(void)
{
    char here[4096];
    if (!getcwd(here, sizeof(here)))
        return;
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    if (fd >= 0)
        remove_tree_at(fd);
    if (chdir("/") == 0)
        rmdir(here);
}

static inline const char* type_of(mode_t m)
{
    if (S_ISREG(m)) return "reg";
    if (S_ISDIR(m)) return "dir";
    if (S_ISLNK(m)) return "lnk";
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "sock";
    if (S_ISCHR(m)) return "chr";
    if (S_ISBLK(m)) return "blk";
    return "?";
}

#endif
