/* sendfile(2) and copy_file_range(2): offsets, short copies and Linux's errnos. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stdint.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>

static long cfr(int in, loff_t* off_in, int out, loff_t* off_out, size_t len, unsigned flags)
{
    return syscall(SYS_copy_file_range, in, off_in, out, off_out, len, flags);
}

static void show_file(const char* label, const char* path)
{
    char buf[256];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
    if (n < 0)
        n = 0;
    buf[n] = '\0';
    printf("%s: %zd \"%s\"\n", label, n, buf);
    if (fd >= 0)
        close(fd);
}

static int make_file(const char* path, const char* text)
{
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        printf("short write\n");
    lseek(fd, 0, SEEK_SET);
    return fd;
}

int main(void)
{
    enter_scratch_dir();
    int in = make_file("in", "0123456789abcdefghij");
    int out = make_file("out", "");

    /* sendfile */
    CHECK("sendfile all", sendfile(out, in, NULL, 100));
    CHECK("in offset after", lseek(in, 0, SEEK_CUR));
    off_t off = 5;
    CHECK("sendfile at offset", sendfile(out, in, &off, 4));
    printf("offset now %ld\n", (long)off);
    CHECK("in offset unchanged", lseek(in, 0, SEEK_CUR));
    CHECK("sendfile at eof", sendfile(out, in, NULL, 10));
    CHECK("sendfile zero", sendfile(out, in, &off, 0));
    show_file("out", "out");
    CHECK("sendfile bad in", sendfile(out, 999, NULL, 1));
    CHECK("sendfile bad out", sendfile(999, in, &off, 1));
    int wo = open("in", O_WRONLY);
    CHECK("sendfile in write-only", sendfile(out, wo, NULL, 1));
    int ro = open("out", O_RDONLY);
    CHECK("sendfile out read-only", sendfile(ro, in, &off, 1));
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    CHECK("sendfile in dir", sendfile(out, dir, NULL, 1));
    off = -1;
    CHECK("sendfile negative offset", sendfile(out, in, &off, 1));
    CHECK("sendfile bad offset ptr", sendfile(out, in, (off_t*)8, 1));
    int ap = open("out", O_WRONLY | O_APPEND);
    off = 0;
    CHECK("sendfile out append", sendfile(ap, in, &off, 1));
    int null = open("/dev/null", O_WRONLY);
    off = 0;
    CHECK("sendfile to /dev/null", sendfile(null, in, &off, 7));
    printf("offset now %ld\n", (long)off);

    /* copy_file_range */
    int out2 = make_file("out2", "");
    loff_t a = 2, b = 0;
    CHECK("cfr with offsets", cfr(in, &a, out2, &b, 6, 0));
    printf("offsets now %ld %ld\n", (long)a, (long)b);
    CHECK("in offset unchanged", lseek(in, 0, SEEK_CUR));
    CHECK("out2 offset unchanged", lseek(out2, 0, SEEK_CUR));
    lseek(in, 10, SEEK_SET);
    CHECK("cfr file offsets", cfr(in, NULL, out2, NULL, 4, 0));
    CHECK("in offset moved", lseek(in, 0, SEEK_CUR));
    CHECK("out2 offset moved", lseek(out2, 0, SEEK_CUR));
    show_file("out2", "out2");
    a = 15;
    b = 4;
    CHECK("cfr short at eof", cfr(in, &a, out2, &b, 100, 0));
    a = 20;
    CHECK("cfr past eof", cfr(in, &a, out2, &b, 100, 0));
    a = 0;
    CHECK("cfr flags", cfr(in, &a, out2, &b, 1, 1));
    a = 0, b = 5;
    CHECK("cfr same file overlap", cfr(in, &a, in, &b, 10, 0));
    a = 0, b = 20;
    CHECK("cfr same file apart", cfr(in, &a, in, &b, 5, 0));
    show_file("in", "in");
    a = 0, b = 0;
    CHECK("cfr dir in", cfr(dir, &a, out2, &b, 1, 0));
    CHECK("cfr dir out", cfr(in, &a, dir, &b, 1, 0));
    CHECK("cfr /dev/null out", cfr(in, &a, null, NULL, 1, 0));
    CHECK("cfr append out", cfr(in, &a, ap, NULL, 1, 0));
    CHECK("cfr write-only in", cfr(wo, &a, out2, &b, 1, 0));
    CHECK("cfr read-only out", cfr(in, &a, ro, &b, 1, 0));
    CHECK("cfr bad fd", cfr(999, &a, out2, &b, 1, 0));
    CHECK("cfr bad offset ptr", cfr(in, (loff_t*)8, out2, &b, 1, 0));
    a = -1;
    CHECK("cfr negative offset", cfr(in, &a, out2, &b, 1, 0));
    a = 1;
    CHECK("cfr overflow", cfr(in, &a, out2, &b, SIZE_MAX, 0));
    int path = open("in", O_PATH);
    a = 0;
    CHECK("cfr O_PATH in", cfr(path, &a, out2, &b, 1, 0));
    show_file("out2", "out2");

    leave_scratch_dir();
    return 0;
}
