/* The links and listings of /proc/self: exe, cwd, root, self, thread-self, fd/ and
 * fdinfo/, and cmdline, environ and auxv against what the process knows itself. */
#include "../guest.h"

#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/auxv.h>

extern char** environ;

static char buffer[1 << 16];

static long read_all(const char* path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    long total = 0, n;
    while ((n = read(fd, buffer + total, sizeof(buffer) - 1 - total)) > 0)
        total += n;
    close(fd);
    buffer[total] = '\0';
    return total;
}

static void check_link(const char* label, const char* path, const char* expected)
{
    char target[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof(target) - 1);
    if (n < 0) {
        printf("%s: %s\n", label, errno_name(errno));
        return;
    }
    target[n] = '\0';
    FACT(label, strcmp(target, expected) == 0);
}

static int compare_ints(const void* a, const void* b) { return *(const int*)a - *(const int*)b; }

int main(int argc, char** argv)
{
    char expected[PATH_MAX];
    check_link("exe is the program", "/proc/self/exe", realpath(argv[0], expected) ? expected : "?");
    check_link("cwd is getcwd", "/proc/self/cwd", getcwd(expected, sizeof(expected)) ? expected : "?");
    check_link("root is /", "/proc/self/root", "/");
    snprintf(expected, sizeof(expected), "%d", getpid());
    check_link("self is the pid", "/proc/self", expected);
    snprintf(expected, sizeof(expected), "%d/task/%ld", getpid(), (long)syscall(SYS_gettid));
    check_link("thread-self is pid/task/tid", "/proc/thread-self", expected);
    check_link("mounts is self/mounts", "/proc/mounts", "self/mounts");

    /* An fd opened on the program itself names it in fd/ and describes it in fdinfo/. */
    int fd = open(argv[0], O_RDONLY | O_CLOEXEC);
    lseek(fd, 100, SEEK_SET);
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    check_link("fd link is the file", path, realpath(argv[0], expected) ? expected : "?");
    snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
    if (read_all(path) < 0) {
        printf("fdinfo: %s\n", errno_name(errno));
    } else {
        long pos = -1;
        unsigned flags = 0;
        sscanf(buffer, "pos:\t%ld\nflags:\t%o", &pos, &flags);
        FACT("fdinfo pos", pos == 100);
        FACT("fdinfo flags have O_CLOEXEC", (flags & O_CLOEXEC) != 0);
        FACT("fdinfo flags read-only", (flags & O_ACCMODE) == O_RDONLY);
        FACT("fdinfo mnt_id", strstr(buffer, "\nmnt_id:\t") != NULL);
        FACT("fdinfo ino", strstr(buffer, "\nino:\t") != NULL);
    }

    /* fd/ lists exactly the open fds. */
    DIR* dir = opendir("/proc/self/fd");
    int listed[64], count = 0;
    struct dirent* e;
    while (dir && (e = readdir(dir)) && count < 64) {
        if (e->d_name[0] != '.')
            listed[count++] = atoi(e->d_name);
    }
    qsort(listed, count, sizeof(int), compare_ints);
    int all_open = 1;
    for (int i = 0; i < count; ++i)
        all_open &= fcntl(listed[i], F_GETFD) >= 0;
    FACT("fd/ entries are open fds", all_open && count >= 2);
    FACT("fd/ lists the new fd", count > 0 && listed[count - 1] >= fd);
    if (dir)
        closedir(dir);

    /* cmdline is argv, NUL-separated; environ is the initial environment. */
    long n = read_all("/proc/self/cmdline");
    long offset = 0;
    int same = n > 0;
    for (int i = 0; i < argc && same; ++i) {
        same = strcmp(buffer + offset, argv[i]) == 0;
        offset += (long)strlen(argv[i]) + 1;
    }
    FACT("cmdline is argv", same && offset == n);
    n = read_all("/proc/self/environ");
    offset = 0;
    same = n >= 0;
    for (char** env = environ; *env && same; ++env) {
        same = strcmp(buffer + offset, *env) == 0;
        offset += (long)strlen(*env) + 1;
    }
    FACT("environ is the environment", same && offset == n);

    n = read_all("/proc/self/auxv");
    int pagesz = 0, entry = 0, terminated = 0;
    for (Elf64_auxv_t* a = (Elf64_auxv_t*)buffer; (char*)(a + 1) <= buffer + n; ++a) {
        if (a->a_type == AT_PAGESZ)
            pagesz = a->a_un.a_val == 4096;
        if (a->a_type == AT_ENTRY)
            entry = a->a_un.a_val == getauxval(AT_ENTRY);
        if (a->a_type == AT_NULL)
            terminated = (char*)(a + 1) == buffer + n;
    }
    FACT("auxv AT_PAGESZ", pagesz);
    FACT("auxv AT_ENTRY", entry);
    FACT("auxv ends at AT_NULL", terminated);

    /* comm is the program's name, task/ holds the one thread. */
    read_all("/proc/self/comm");
    printf("comm ends in newline: %s\n", buffer[0] && buffer[strlen(buffer) - 1] == '\n' ? "yes" : "no");
    snprintf(path, sizeof(path), "/proc/self/task/%ld/stat", (long)syscall(SYS_gettid));
    FACT("task/tid/stat", read_all(path) > 0 && atol(buffer) == syscall(SYS_gettid));
    FACT("pid dir of getpid", snprintf(path, sizeof(path), "/proc/%d/status", getpid()) > 0 && access(path, R_OK) == 0);
    FACT("no pid dir for pid 0", access("/proc/0", F_OK) == -1 && errno == ENOENT);
    return 0;
}
