/* Bad user pointers give EFAULT and the program carries on: a write from an unmapped
 * address, a read into one, a struct out-parameter pointing nowhere, and buffers that are
 * valid at the start but run into an unmapped page (Linux then transfers the part before
 * the hole and reports a short count). */
#include "../guest.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>

/* Volatile, so the compiler does not see (and warn about) the deliberately bad pointer. */
static void* volatile bad_address = (void*)1;

int main(int argc, char** argv)
{
    SHOW("write(1, (void*)1, 10)", write(1, bad_address, 10));
    SHOW("write(1, kernel-half address, 10)", write(1, (void*)0xffff800000000000ul, 10));
    printf("still running after a bad write\n");

    int fd = open(argv[0], O_RDONLY);
    if (fd < 0) {
        printf("cannot open the test program itself\n");
        return 1;
    }
    SHOW("read(exe, (void*)1, 10)", read(fd, bad_address, 10));
    SHOW("syscall(clock_gettime, MONOTONIC, (void*)1)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void*)1));
    SHOW("syscall(uname, (void*)16)", syscall(SYS_uname, (void*)16));
    SHOW("syscall(open, (char*)1, O_RDONLY)", syscall(SYS_open, (char*)1, O_RDONLY));

    /* Three pages with the middle one unmapped. */
    long page = sysconf(_SC_PAGESIZE);
    char* buf = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buf == MAP_FAILED || munmap(buf + page, page) != 0) {
        printf("setup failed\n");
        return 1;
    }
    lseek(fd, 0, SEEK_SET);
    SHOW("read(exe, 3 pages with the middle one unmapped)", read(fd, buf, 3 * page));
    FACT("first page holds the ELF magic", memcmp(buf, "\177ELF", 4) == 0);

    lseek(fd, 0, SEEK_SET);
    SHOW("read(exe, 10 bytes starting 4 before the hole)", read(fd, buf + page - 4, 10));
    FACT("the 4 bytes before the hole were filled", memcmp(buf + page - 4, "\177ELF", 4) == 0);
    SHOW("read(exe, starting inside the hole)", read(fd, buf + page + 8, 10));
    SHOW("lseek(exe, 0, SEEK_CUR) after the faulting reads", lseek(fd, 0, SEEK_CUR));

    /* A read-only page is just as bad a destination. */
    char* ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    lseek(fd, 0, SEEK_SET);
    SHOW("read(exe, read-only page, 10)", read(fd, ro, 10));
    FACT("read-only page still zero", ro[0] == 0);
    SHOW("write(1, read-only page, 0)", write(1, ro, 0));

    close(fd);
    printf("done\n");
    return 0;
}
