/* POSIX shared memory: shm_open(3) creates a file in /dev/shm (a tmpfs, sticky and
 * world-writable), a MAP_SHARED mapping of it and read(2) see one copy of the data, a
 * second shm_open of the name maps the same data, and shm_unlink(3) removes the name. */
#define _GNU_SOURCE
#include "../guest.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>

int main(void)
{
    struct stat st;
    FACT("/dev/shm is a directory", stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode));
    printf("/dev/shm mode = %o\n", (unsigned)(st.st_mode & 07777));
    struct statfs sfs;
    FACT("/dev/shm is a tmpfs", statfs("/dev/shm", &sfs) == 0 && sfs.f_type == 0x01021994);

    char name[64];
    snprintf(name, sizeof(name), "/cell-shm-test-%d", (int)getpid());
    int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
    FACT("shm_open creates the object", fd >= 0);
    SHOW("ftruncate to two pages", ftruncate(fd, 8192));
    char* map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("mmap MAP_SHARED", map != MAP_FAILED);
    strcpy(map + 4096, "hello shm");
    char buffer[16] = { 0 };
    SHOW("pread what the mapping stored", pread(fd, buffer, 9, 4096));
    FACT("read(2) sees the mapping's store", strcmp(buffer, "hello shm") == 0);

    int again = shm_open(name, O_RDWR, 0);
    FACT("shm_open of the existing name", again >= 0);
    char* other = mmap(NULL, 8192, PROT_READ, MAP_SHARED, again, 0);
    FACT("a mapping through the second open sees the data", other != MAP_FAILED && strcmp(other + 4096, "hello shm") == 0);
    map[0] = 'x';
    FACT("and later stores", other[0] == 'x');
    SHOW("msync MS_SYNC", msync(map, 8192, MS_SYNC));
    SHOW("shm_open O_EXCL of an existing name", shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600));
    SHOW("shm_unlink", shm_unlink(name));
    FACT("the mappings outlive the name", map[0] == 'x' && other[4096] == 'h');
    SHOW("shm_open after unlink", shm_open(name, O_RDWR, 0));
    SHOW("shm_unlink again", shm_unlink(name));
    printf("done\n");
    return 0;
}
