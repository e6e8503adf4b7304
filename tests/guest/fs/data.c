/* File data on a fresh file under /tmp: sparse files, SEEK_DATA/SEEK_HOLE, fallocate,
 * O_APPEND, O_TRUNC, O_TMPFILE and linkat of an O_TMPFILE file. */
#define _GNU_SOURCE
#include "fsguest.h"

static void show_size(const char* label, int fd)
{
    struct stat st;
    fstat(fd, &st);
    printf("%s: size %lld nlink %lu\n", label, (long long)st.st_size, (unsigned long)st.st_nlink);
}

int main(void)
{
    enter_scratch_dir();
    char page[4096];
    memset(page, 'x', sizeof(page));

    int fd = open("sparse", O_CREAT | O_RDWR, 0644);
    CHECK("write at 1M", pwrite(fd, page, sizeof(page), 1 << 20));
    show_size("sparse", fd);
    CHECK("SEEK_DATA 0", lseek(fd, 0, SEEK_DATA));
    CHECK("SEEK_HOLE 0", lseek(fd, 0, SEEK_HOLE));
    CHECK("SEEK_HOLE 1M", lseek(fd, 1 << 20, SEEK_HOLE));
    CHECK("SEEK_DATA past end", lseek(fd, (1 << 20) + 4096, SEEK_DATA));
    CHECK("SEEK_HOLE past end", lseek(fd, (1 << 20) + 5000, SEEK_HOLE));
    CHECK("SEEK_DATA negative", lseek(fd, -1, SEEK_DATA));
    char buf[4096];
    CHECK("read hole", pread(fd, buf, 100, 4096));
    FACT("hole is zeros", buf[0] == 0 && buf[99] == 0);
    CHECK("read data", pread(fd, buf, 4096, 1 << 20));
    FACT("data is x", buf[0] == 'x' && buf[4095] == 'x');
    CHECK("read at end", pread(fd, buf, 10, (1 << 20) + 4096));

    CHECK("fallocate KEEP_SIZE past end", fallocate(fd, FALLOC_FL_KEEP_SIZE, (1 << 20) + 4096, 8192));
    show_size("after KEEP_SIZE", fd);
    CHECK("fallocate grow", fallocate(fd, 0, 0, (1 << 20) + 16384));
    show_size("after grow", fd);
    CHECK("PUNCH_HOLE", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 1 << 20, 4096));
    CHECK("read punched", pread(fd, buf, 4096, 1 << 20));
    FACT("punched is zeros", buf[0] == 0 && buf[4095] == 0);
    show_size("after punch", fd);
    CHECK("PUNCH_HOLE without KEEP_SIZE", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 4096));
    CHECK("fallocate len 0", fallocate(fd, 0, 0, 0));
    CHECK("fallocate negative offset", fallocate(fd, 0, -1, 10));
    CHECK("pwrite partial", pwrite(fd, "abc", 3, 10));
    CHECK("PUNCH_HOLE partial page", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 11, 1));
    CHECK("read after partial punch", pread(fd, buf, 3, 10));
    printf("bytes %d %d %d\n", buf[0], buf[1], buf[2]);
    CHECK("ZERO_RANGE", fallocate(fd, FALLOC_FL_ZERO_RANGE, 8, 4));
    CHECK("read after zero range", pread(fd, buf, 3, 10));
    printf("bytes %d %d %d\n", buf[0], buf[1], buf[2]);
    int ro = open("sparse", O_RDONLY);
    CHECK("fallocate O_RDONLY", fallocate(ro, 0, 0, 10));
    close(ro);
    int dfd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("fallocate dir", fallocate(dfd, 0, 0, 10));
    close(dfd);
    close(fd);

    fd = open("append", O_CREAT | O_WRONLY | O_APPEND, 0644);
    CHECK("append 1", write(fd, "one", 3));
    CHECK("lseek 0", lseek(fd, 0, SEEK_SET));
    CHECK("append 2", write(fd, "two", 3));
    CHECK("offset after append", lseek(fd, 0, SEEK_CUR));
    CHECK("pwrite on O_APPEND", pwrite(fd, "Z", 1, 0));
    close(fd);
    fd = open("append", O_RDONLY);
    memset(buf, 0, sizeof(buf));
    CHECK("read append", read(fd, buf, sizeof(buf)));
    printf("content %s\n", buf);
    close(fd);
    fd = open("append", O_RDWR | O_TRUNC);
    show_size("after O_TRUNC", fd);
    CHECK("write after trunc", write(fd, "hi", 2));
    CHECK("lseek SEEK_END", lseek(fd, 0, SEEK_END));
    CHECK("lseek past end", lseek(fd, 100, SEEK_END));
    CHECK("write past end", write(fd, "!", 1));
    show_size("extended", fd);
    close(fd);
    fd = creat("creat", 0600);
    CHECK("creat write", write(fd, "c", 1));
    CHECK("creat read", read(fd, buf, 1));
    close(fd);

    fd = open(".", O_TMPFILE | O_RDWR, 0600);
    CHECK("O_TMPFILE", fd >= 0 ? 0 : -1);
    show_size("tmpfile", fd);
    CHECK("tmpfile write", write(fd, "tmp", 3));
    CHECK("O_TMPFILE O_RDONLY", open(".", O_TMPFILE | O_RDONLY, 0600));
    CHECK("O_TMPFILE on file", open("creat", O_TMPFILE | O_RDWR, 0600));
    char proc_path[64];
    snprintf(proc_path, sizeof(proc_path), "/proc/self/fd/%d", fd);
    CHECK("linkat AT_EMPTY_PATH", linkat(fd, "", AT_FDCWD, "named", AT_EMPTY_PATH));
    show_size("tmpfile after link", fd);
    int named = open("named", O_RDONLY);
    memset(buf, 0, sizeof(buf));
    CHECK("read named", read(named, buf, sizeof(buf)));
    printf("named %s\n", buf);
    close(named);
    close(fd);
    CHECK("linkat AT_EMPTY_PATH missing fd", linkat(99, "", AT_FDCWD, "x", AT_EMPTY_PATH));

    leave_scratch_dir();
    printf("done\n");
    return 0;
}
