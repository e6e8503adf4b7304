/* Filesystem microbenchmarks, timed on CLOCK_MONOTONIC. Like micro.c, the same binary runs
 * natively and under `cell run` (see bench/run), which compares the two.
 *
 * Usage: fs SCALE DIR   prints "name ns_per_op" lines. DIR is where the benchmark makes its
 * scratch directory: a host tmpfs natively, /tmp (memfs) under Cell. The host-file rows
 * read /usr/include/stdio.h, which is on the host's root either way. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "timing.h"

#define HOST_FILE "/usr/include/stdio.h"
#define DIR_ENTRIES 10000
#define BLOCK 4096
#define FILE_BLOCKS 256

static void die(const char* what)
{
    perror(what);
    exit(1);
}

static void bench_stat(const char* name, const char* path, long n)
{
    struct stat st;
    long long start = now_ns();
    for (long i = 0; i < n; ++i)
        if (stat(path, &st) != 0)
            die(path);
    report(name, start, n);
}

/* 4 KiB pwrite then pread at block-aligned offsets cycling through a 1 MiB file, so the
 * data stays in memory (tmpfs natively, memfs under Cell) and no call extends the file. */
static void bench_read_write(const char* scratch, long n)
{
    char path[4096], block[BLOCK];
    snprintf(path, sizeof(path), "%s/data", scratch);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        die(path);
    memset(block, 'x', sizeof(block));
    for (int b = 0; b < FILE_BLOCKS; ++b)
        if (write(fd, block, BLOCK) != BLOCK)
            die("write");

    long long start = now_ns();
    for (long i = 0; i < n; ++i)
        if (pwrite(fd, block, BLOCK, (off_t)(i % FILE_BLOCKS) * BLOCK) != BLOCK)
            die("pwrite");
    report("pwrite_4k_tmp", start, n);

    start = now_ns();
    for (long i = 0; i < n; ++i)
        if (pread(fd, block, BLOCK, (off_t)(i % FILE_BLOCKS) * BLOCK) != BLOCK)
            die("pread");
    report("pread_4k_tmp", start, n);

    bench_stat("stat_tmp_file", path, n);
    close(fd);
    unlink(path);
}

/* Lists a 10,000-file directory with getdents64 and a 32 KiB buffer (glibc's readdir
 * buffer size; musl's is 2 KiB, so raw calls keep the two builds comparable). One op is
 * a whole listing: open, getdents64 until it returns 0, close. */
static void bench_getdents(const char* scratch, long scans)
{
    char dir[4096], path[4200];
    snprintf(dir, sizeof(dir), "%s/dir", scratch);
    if (mkdir(dir, 0700) != 0)
        die(dir);
    for (int i = 0; i < DIR_ENTRIES; ++i) {
        snprintf(path, sizeof(path), "%s/file-%05d", dir, i);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0)
            die(path);
        close(fd);
    }

    static char buffer[32768];
    long long start = now_ns();
    for (long s = 0; s < scans; ++s) {
        int fd = open(dir, O_RDONLY | O_DIRECTORY);
        if (fd < 0)
            die(dir);
        long got, entries = 0;
        while ((got = syscall(SYS_getdents64, fd, buffer, sizeof(buffer))) > 0)
            for (long off = 0; off < got; off += *(unsigned short*)(buffer + off + 16))
                ++entries;
        if (got < 0 || entries != DIR_ENTRIES + 2)
            die("getdents64");
        close(fd);
    }
    report("getdents64_10000_files", start, scans);

    for (int i = 0; i < DIR_ENTRIES; ++i) {
        snprintf(path, sizeof(path), "%s/file-%05d", dir, i);
        unlink(path);
    }
    rmdir(dir);
}

int main(int argc, char** argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fs SCALE DIR\n");
        return 2;
    }
    double scale = atof(argv[1]);
    long n = (long)(100000 * scale);
    if (n < 10)
        n = 10;

    char scratch[2048];
    snprintf(scratch, sizeof(scratch), "%s/cell-bench-XXXXXX", argv[2]);
    if (!mkdtemp(scratch))
        die(scratch);

    bench_stat("stat_host_file", HOST_FILE, n);
    bench_read_write(scratch, n);
    bench_getdents(scratch, n / 50000 < 2 ? 2 : n / 50000);
    rmdir(scratch);
    return 0;
}
