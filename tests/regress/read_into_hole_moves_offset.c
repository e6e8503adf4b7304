/* Bug: a read(2) whose buffer runs into an unmapped page failed with EFAULT, yet the file
 * offset moved on by the whole count, so the bytes were lost to the next read. Linux
 * returns the bytes copied before the hole and moves the offset by exactly that many. */
#include "../guest/guest.h"

#include <fcntl.h>
#include <sys/mman.h>

int main(int argc, char** argv)
{
    long page = sysconf(_SC_PAGESIZE);
    char* buf = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED || munmap(buf + page, page) != 0) {
        printf("setup failed\n");
        return 1;
    }
    int fd = open(argv[0], O_RDONLY);
    if (fd < 0) {
        printf("cannot open the test program itself\n");
        return 1;
    }
    SHOW("read(16 bytes, 4 before the hole)", read(fd, buf + page - 4, 16));
    FACT("the 4 bytes before the hole hold the ELF magic", memcmp(buf + page - 4, "\177ELF", 4) == 0);
    SHOW("offset afterwards", lseek(fd, 0, SEEK_CUR));
    char next[4];
    SHOW("read(4 bytes) into a good buffer", read(fd, next, 4));
    FACT("the next read continues right after the magic (ELFCLASS64, little-endian)", next[0] == 2 && next[1] == 1);
    SHOW("pread(16 bytes at 0, 4 before the hole)", pread(fd, buf + page - 4, 16, 0));
    SHOW("offset after pread is unchanged", lseek(fd, 0, SEEK_CUR));
    close(fd);
    return 0;
}
