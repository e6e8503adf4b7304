/* A directory tree deeper than PATH_MAX, reached through relative names as Linux allows:
 * mkdir, create, stat and fchdir work at any depth, while getcwd and an absolute path
 * longer than PATH_MAX give ENAMETOOLONG. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdlib.h>
#include <sys/syscall.h>

#define LEVELS 30

int main(void)
{
    enter_scratch_dir();
    char base[4096];
    if (!getcwd(base, sizeof(base)))
        return 1;
    char name[201];
    memset(name, 'n', 200);
    name[200] = '\0';
    int top = open(".", O_RDONLY | O_DIRECTORY);
    int depth = 0;
    for (; depth < LEVELS; ++depth) {
        if (mkdir(name, 0755) != 0 || chdir(name) != 0) {
            printf("stopped at depth %d: %s\n", depth, fs_errno_name(errno));
            break;
        }
    }
    printf("depth %d (about %d bytes below the scratch directory)\n", depth, depth * 201);
    int fd = open("file", O_CREAT | O_WRONLY, 0644);
    FACT("create a file at the bottom", fd >= 0);
    CHECK("write it", write(fd, "deep", 4));
    close(fd);
    struct stat st;
    CHECK("stat it", stat("file", &st));
    CHECK("stat ../..", stat("../..", &st));
    char cwd[8192];
    CHECK("getcwd (raw)", syscall(SYS_getcwd, cwd, sizeof(cwd)));
    int bottom = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("fchdir to the top", fchdir(top));
    CHECK("fchdir back down", fchdir(bottom));
    CHECK("read the file again", ({
        char data[8] = { 0 };
        int again = open("file", O_RDONLY);
        long got = read(again, data, sizeof(data));
        close(again);
        got == 4 && !memcmp(data, "deep", 4) ? 0 : -1;
    }));
    CHECK("unlink it", unlink("file"));
    /* Back up, removing each level. */
    int removed = 0;
    for (int i = 0; i < depth; ++i) {
        if (chdir("..") == 0 && rmdir(name) == 0)
            ++removed;
    }
    printf("removed %d levels\n", removed);
    close(top);
    close(bottom);
    leave_scratch_dir();
    return 0;
}
