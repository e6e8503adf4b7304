/* Very sparse files: data written far past the start (a terabyte in) costs only the pages
 * written, and every call that walks a file (SEEK_DATA, SEEK_HOLE, truncation, hole
 * punching) answers at once. Also hole punches that end or start inside a page, which
 * zero exactly the bytes asked for. */
#define _GNU_SOURCE
#include "fsguest.h"

static int all(const char* p, long n, char c)
{
    for (long i = 0; i < n; ++i)
        if (p[i] != c)
            return 0;
    return 1;
}

int main(void)
{
    enter_scratch_dir();
    const long tib = 1L << 40;
    int fd = open("sparse", O_CREAT | O_RDWR | O_TRUNC, 0644);
    CHECK("pwrite 1 byte at 1 TiB", pwrite(fd, "x", 1, tib));
    struct stat st;
    fstat(fd, &st);
    printf("size %lld, under a megabyte allocated: %s\n", (long long)st.st_size, st.st_blocks * 512 < (1 << 20) ? "yes" : "no");
    CHECK("SEEK_DATA from 0", lseek(fd, 0, SEEK_DATA));
    CHECK("SEEK_HOLE from 0", lseek(fd, 0, SEEK_HOLE));
    CHECK("SEEK_HOLE from 1 TiB", lseek(fd, tib, SEEK_HOLE));
    char buf[16] = "unchanged";
    CHECK("pread 8 bytes at 512 GiB", pread(fd, buf, 8, tib / 2));
    FACT("a hole reads as zeros", all(buf, 8, 0));
    CHECK("pwrite 1 byte at 4 TiB - 1", pwrite(fd, "y", 1, 4 * tib - 1));
    CHECK("SEEK_DATA from 1 TiB + 4 KiB", lseek(fd, tib + 4096, SEEK_DATA));
    CHECK("punch the first 3 TiB", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 3 * tib));
    CHECK("SEEK_DATA from 0 after the punch", lseek(fd, 0, SEEK_DATA));
    CHECK("ftruncate to 2 TiB", ftruncate(fd, 2 * tib));
    CHECK("SEEK_DATA from 0 after truncation", lseek(fd, 0, SEEK_DATA));
    CHECK("ftruncate to 0", ftruncate(fd, 0));
    fstat(fd, &st);
    printf("after truncation: size %lld, blocks %lld\n", (long long)st.st_size, (long long)st.st_blocks);
    close(fd);

    /* Punches that start or end inside a page. */
    static char page[8192];
    memset(page, 'a', sizeof(page));
    fd = open("partial", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(fd, page, sizeof(page));
    CHECK("punch [0, 50)", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 50));
    CHECK("punch [4000, 4200)", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4000, 200));
    CHECK("punch [8000, 9000)", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 8000, 1000));
    static char back[8192];
    CHECK("read it back", pread(fd, back, sizeof(back), 0));
    FACT("[0, 50) zeroed", all(back, 50, 0));
    FACT("[50, 4000) kept", all(back + 50, 3950, 'a'));
    FACT("[4000, 4200) zeroed", all(back + 4000, 200, 0));
    FACT("[4200, 8000) kept", all(back + 4200, 3800, 'a'));
    FACT("[8000, 8192) zeroed", all(back + 8000, 192, 0));
    fstat(fd, &st);
    printf("size after punches %lld\n", (long long)st.st_size);
    close(fd);
    return 0;
}
