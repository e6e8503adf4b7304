/* mmap of /dev/zero: a private mapping is fresh anonymous memory, a shared one is shared
 * anonymous memory that /proc/self/maps names "/dev/zero (deleted)"; a shared writable
 * mapping needs a description open for writing. */
#include "../guest.h"

#include <fcntl.h>
#include <sys/mman.h>

int main(void)
{
    int fd = open("/dev/zero", O_RDWR);
    char* private_map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    char* shared_map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("private mapping", private_map != MAP_FAILED);
    FACT("shared mapping", shared_map != MAP_FAILED);
    if (private_map == MAP_FAILED || shared_map == MAP_FAILED)
        return 1;
    FACT("private mapping reads zero", private_map[0] == 0 && private_map[8191] == 0);
    private_map[1] = 7;
    shared_map[0] = 9;
    FACT("writes stick", private_map[1] == 7 && shared_map[0] == 9);
    char data[2];
    FACT("the device still reads zero", read(fd, data, 2) == 2 && data[0] == 0 && data[1] == 0);

    char line[512];
    char wanted[64];
    snprintf(wanted, sizeof(wanted), "%lx-", (unsigned long)shared_map);
    FILE* maps = fopen("/proc/self/maps", "r");
    int named = 0;
    while (maps && fgets(line, sizeof(line), maps)) {
        if (!strncmp(line, wanted, strlen(wanted)))
            named = strstr(line, " rw-s ") && strstr(line, "/dev/zero (deleted)");
    }
    if (maps)
        fclose(maps);
    FACT("shared mapping shows as /dev/zero (deleted)", named);

    int ro = open("/dev/zero", O_RDONLY);
    void* refused = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
    printf("shared writable mapping of an O_RDONLY fd: %s\n", refused == MAP_FAILED ? errno_name(errno) : "mapped");
    void* readable = mmap(NULL, 4096, PROT_READ, MAP_SHARED, ro, 0);
    FACT("shared read-only mapping of an O_RDONLY fd", readable != MAP_FAILED);
    int wo = open("/dev/zero", O_WRONLY);
    void* write_only = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wo, 0);
    printf("mapping of an O_WRONLY fd: %s\n", write_only == MAP_FAILED ? errno_name(errno) : "mapped");
    printf("done\n");
    return 0;
}
