/* Bug: read(2) cut a count larger than MAX_RW_COUNT down first and checked the buffer
 * against the cut count, so a count running past the top of user space read up to 2 GiB
 * into whatever followed the buffer (a random-syscall run overwrote ld.so's data this
 * way). Linux checks the whole count (access_ok) first and answers EFAULT; write(2),
 * pread(2) and pwrite(2) too. A count that stays in user space still transfers what
 * fits before an unmapped page. */
#define _GNU_SOURCE
#include "../guest/guest.h"

#include <fcntl.h>
#include <sys/mman.h>

int main(int argc, char** argv)
{
    long page = sysconf(_SC_PAGESIZE);
    char* buf = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED || munmap(buf + page, page) != 0)
        return 1;
    int fd = open(argv[0], O_RDONLY);
    SHOW("read, count 2^60", read(fd, buf, 1L << 60));
    SHOW("pread, count 2^47", pread(fd, buf, 1L << 47, 0));
    SHOW("pread, count one page", pread(fd, buf, page, 0));
    SHOW("pread, count a megabyte (runs into the unmapped page)", pread(fd, buf, 1L << 20, 0));
    int null = open("/dev/null", O_WRONLY);
    SHOW("write, count 2^60", write(null, buf, 1L << 60));
    SHOW("pwrite to /dev/null, count 2^47", pwrite(null, buf, 1L << 47, 0));
    SHOW("write, count one page", write(null, buf, page));
    return 0;
}
