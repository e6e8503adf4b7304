/* Mappings of a memfd: MAP_SHARED mappings and read(2)/write(2) see one copy of the data
 * both ways, two mappings of one file agree, MAP_PRIVATE copies on write, truncation and
 * regrowth keep a mapping coherent, F_SEAL_WRITE and mappings exclude each other, and /proc/self/maps names the mapping "/memfd:NAME (deleted)". */
#define _GNU_SOURCE
#include "../guest.h"

#include <fcntl.h>
#include <sys/mman.h>

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

enum { PAGE = 4096, PAGES = 3, SIZE = PAGE * PAGES };

static char byte_at(int fd, off_t at)
{
    char c = '?';
    if (pread(fd, &c, 1, at) != 1)
        return '!';
    return c;
}

/* Prints the path column of the /proc/self/maps line that contains `address`. */
static void show_maps_path(const char* label, void* address)
{
    FILE* maps = fopen("/proc/self/maps", "r");
    char line[512];
    while (maps && fgets(line, sizeof(line), maps)) {
        unsigned long start, end;
        int column = 0;
        if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %n", &start, &end, &column) < 2 || !column)
            continue;
        if ((unsigned long)address < start || (unsigned long)address >= end)
            continue;
        line[strcspn(line, "\n")] = '\0';
        printf("%s: %s\n", label, line + column);
        fclose(maps);
        return;
    }
    printf("%s: not found\n", label);
    if (maps)
        fclose(maps);
}

int main(void)
{
    int fd = memfd_create("cellmap", MFD_ALLOW_SEALING);
    FACT("memfd_create", fd >= 0);
    char pattern[SIZE];
    for (int i = 0; i < SIZE; ++i)
        pattern[i] = (char)('a' + i % 26);
    SHOW("pwrite three pages", pwrite(fd, pattern, SIZE, 0));

    char* shared = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("mmap MAP_SHARED", shared != MAP_FAILED);
    FACT("the mapping shows the file's data", memcmp(shared, pattern, SIZE) == 0);
    shared[5] = 'X';
    shared[PAGE + 7] = 'Y';
    FACT("a store through the mapping is read by pread", byte_at(fd, 5) == 'X' && byte_at(fd, PAGE + 7) == 'Y');
    SHOW("pwrite into the second page", pwrite(fd, "Z", 1, PAGE + 9));
    FACT("a pwrite shows in the mapping", shared[PAGE + 9] == 'Z');
    show_maps_path("maps path", shared);

    char* second = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("a second shared mapping", second != MAP_FAILED);
    second[2 * PAGE] = 'Q';
    FACT("the two mappings see each other's stores", shared[2 * PAGE] == 'Q' && second[5] == 'X');

    char* offset_map = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, PAGE);
    FACT("a mapping at a page offset shows that page", offset_map != MAP_FAILED && offset_map[7] == 'Y');
    SHOW("munmap the offset mapping", munmap(offset_map, PAGE));

    char* private_map = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    FACT("mmap MAP_PRIVATE", private_map != MAP_FAILED);
    FACT("the private mapping shows the file", private_map[5] == 'X' && private_map[PAGE + 9] == 'Z');
    private_map[0] = 'P';
    FACT("a private store does not reach the file", byte_at(fd, 0) == 'a' && shared[0] == 'a');
    SHOW("pwrite into a page the private mapping never wrote", pwrite(fd, "R", 1, 2 * PAGE + 1));
    FACT("the private mapping sees it", private_map[2 * PAGE + 1] == 'R');
    SHOW("pwrite into the page the private mapping wrote", pwrite(fd, "S", 1, 1));
    FACT("the private copy keeps its own data", private_map[1] == 'b' && private_map[0] == 'P');
    SHOW("msync the shared mapping", msync(shared, SIZE, MS_SYNC));
    SHOW("munmap the private mapping", munmap(private_map, SIZE));

    SHOW("ftruncate to one page while mapped", ftruncate(fd, PAGE));
    FACT("the first page is still shared", (shared[3] = 'T', byte_at(fd, 3) == 'T'));
    SHOW("ftruncate back to three pages", ftruncate(fd, SIZE));
    FACT("the regrown pages read as zeros", byte_at(fd, PAGE + 7) == 0 && byte_at(fd, 2 * PAGE) == 0);
    SHOW("pwrite into a regrown page", pwrite(fd, "G", 1, 2 * PAGE + 4));
    FACT("the mapping sees the regrown page", shared[2 * PAGE + 4] == 'G' && shared[2 * PAGE] == 0);

    SHOW("F_SEAL_WRITE with shared writable mappings", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    SHOW("munmap the first shared mapping", munmap(shared, SIZE));
    SHOW("munmap the second shared mapping", munmap(second, SIZE));
    SHOW("F_SEAL_WRITE without mappings", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
    errno = 0;
    void* denied = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    printf("mmap PROT_WRITE MAP_SHARED of a sealed file = %s\n", denied == MAP_FAILED ? errno_name(errno) : "mapped");
    char* readonly = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    FACT("a read-only shared mapping of the sealed file", readonly != MAP_FAILED && readonly[3] == 'T');
    SHOW("mprotect it to PROT_WRITE", mprotect(readonly, PAGE, PROT_READ | PROT_WRITE));
    char* cow = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    FACT("a writable private mapping of the sealed file", cow != MAP_FAILED);
    cow[3] = 'W';
    FACT("its store stays private", byte_at(fd, 3) == 'T' && readonly[3] == 'T');

    int future = memfd_create("future", MFD_ALLOW_SEALING);
    SHOW("ftruncate a second memfd", ftruncate(future, PAGE));
    SHOW("F_SEAL_FUTURE_WRITE", fcntl(future, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
    errno = 0;
    denied = mmap(NULL, PAGE, PROT_WRITE, MAP_SHARED, future, 0);
    printf("mmap PROT_WRITE MAP_SHARED after F_SEAL_FUTURE_WRITE = %s\n", denied == MAP_FAILED ? errno_name(errno) : "mapped");

    int plain = memfd_create("plain", 0);
    SHOW("ftruncate a sparse memfd", ftruncate(plain, 4 * PAGE));
    char* sparse = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, plain, 0);
    FACT("a mapping over holes reads zeros", sparse != MAP_FAILED && sparse[0] == 0 && sparse[3 * PAGE + 5] == 0);
    sparse[3 * PAGE + 5] = 'H';
    FACT("a store into a former hole reaches the file", byte_at(plain, 3 * PAGE + 5) == 'H');

    char* two = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SHOW("mprotect the second page PROT_NONE", mprotect(two + PAGE, PAGE, PROT_NONE));
    SHOW("pread into a buffer that runs into a bad page", pread(plain, two + PAGE - 10, 100, 3 * PAGE));
    FACT("the bytes before the fault arrived", two[PAGE - 5] == 'H');
    SHOW("pread into a bad page", pread(plain, two + PAGE, 10, 0));
    memset(two, 'w', PAGE);
    SHOW("pwrite from a buffer that runs into a bad page", pwrite(plain, two + PAGE - 10, 100, 0));
    FACT("the bytes before the fault were written", byte_at(plain, 9) == 'w' && byte_at(plain, 10) == 0);
    SHOW("pwrite from a bad page", pwrite(plain, two + PAGE, 10, 0));
    SHOW("lseek to 3 pages", lseek(plain, 3 * PAGE, SEEK_SET));
    SHOW("read that faults part way", read(plain, two + PAGE - 8, 64));
    SHOW("the offset moved by the bytes read", lseek(plain, 0, SEEK_CUR));

    /* Growing a shared mapping of a memfd with mremap maps the file's further pages. */
    int grow = memfd_create("grow", 0);
    SHOW("ftruncate a memfd to 3 pages", ftruncate(grow, 3 * PAGE));
    SHOW("pwrite into its third page", pwrite(grow, "third", 5, 2 * PAGE));
    char* one = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, grow, 0);
    FACT("a one-page mapping", one != MAP_FAILED);
    one[0] = 'F';
    char* grown = mremap(one, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
    FACT("mremap grows it to 3 pages", grown != MAP_FAILED);
    FACT("the first page kept its data", grown[0] == 'F');
    FACT("the third page shows the file", memcmp(grown + 2 * PAGE, "third", 5) == 0);
    grown[PAGE + 1] = 'S';
    FACT("a store in the grown part reaches the file", byte_at(grow, PAGE + 1) == 'S');
    SHOW("pwrite into the second page", pwrite(grow, "x", 1, PAGE + 2));
    FACT("the grown mapping sees the write", grown[PAGE + 2] == 'x');
    /* In place, when the room after it is free. */
    char* room = mmap(NULL, 4 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SHOW("munmap all but the first page of a 4-page hole", munmap(room + PAGE, 3 * PAGE));
    char* here = mmap(room, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, grow, 0);
    char* stretched = mremap(here, PAGE, 2 * PAGE, 0);
    FACT("mremap grows it in place", stretched == here);
    FACT("the in-place growth shows the file", stretched[PAGE + 1] == 'S' && stretched[PAGE + 2] == 'x');
    SHOW("munmap the grown mappings", munmap(grown, 3 * PAGE) | munmap(stretched, 2 * PAGE));
    printf("done\n");
    return 0;
}
