/* Microbenchmarks of single system calls, timed on CLOCK_MONOTONIC. The same static binary
 * runs natively and under `cell run` (see bench/run), which compares the two.
 *
 * Usage: micro [ITERATION_SCALE]   prints "name ns_per_op" lines. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

int main(int argc, char** argv)
{
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    long n = (long)(100000 * scale);
    if (n < 10)
        n = 10;

    long long start = now_ns();
    for (long i = 0; i < n; ++i)
        getppid();
    report("getppid", start, n);

    int zero = open("/dev/zero", O_RDONLY);
    if (zero < 0) {
        perror("micro: /dev/zero");
        return 1;
    }
    char byte;
    start = now_ns();
    for (long i = 0; i < n; ++i)
        if (read(zero, &byte, 1) != 1)
            return 1;
    report("read_1_byte_dev_zero", start, n);
    close(zero);

    long files = n / 4;
    start = now_ns();
    for (long i = 0; i < files; ++i) {
        int fd = open("/etc/passwd", O_RDONLY);
        if (fd < 0) {
            perror("micro: /etc/passwd");
            return 1;
        }
        close(fd);
    }
    report("open_close", start, files);

    long maps = n / 4;
    start = now_ns();
    for (long i = 0; i < maps; ++i) {
        void* p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return 1;
        munmap(p, 4096);
    }
    report("mmap_munmap_4k", start, maps);
    return 0;
}
