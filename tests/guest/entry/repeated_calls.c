/* The same call sites, called many times, keep giving Linux's results and errnos: after
   the first calls the kernel may rewrite a site for its fast entry, and nothing about the
   results may change when it does. */
#include "../guest.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

int main(void)
{
    int bad_close = 0, bad_read = 0, bad_pid = 0, bad_stat = 0, bad_clock = 0;
    pid_t pid = getpid();
    int fd = open("/dev/zero", O_RDONLY);
    for (int i = 0; i < 2000; ++i) {
        errno = 0;
        if (close(-1) != -1 || errno != EBADF)
            ++bad_close;
        char byte = 1;
        if (read(fd, &byte, 1) != 1 || byte != 0)
            ++bad_read;
        errno = 0;
        if (read(-5, &byte, 1) != -1 || errno != EBADF)
            ++bad_read;
        if (getpid() != pid || syscall(SYS_getpid) != pid)
            ++bad_pid;
        struct stat st;
        if (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode))
            ++bad_stat;
        errno = 0;
        if (stat("/nonexistent/file", &st) != -1 || errno != ENOENT)
            ++bad_stat;
        struct timespec ts;
        if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts) != 0)
            ++bad_clock;
    }
    close(fd);
    printf("close(-1): %d wrong\n", bad_close);
    printf("read: %d wrong\n", bad_read);
    printf("getpid: %d wrong\n", bad_pid);
    printf("stat: %d wrong\n", bad_stat);
    printf("clock_gettime: %d wrong\n", bad_clock);
    return bad_close + bad_read + bad_pid + bad_stat + bad_clock != 0;
}
