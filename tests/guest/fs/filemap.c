/* mmap(2) of files on the filesystem under test: shared mappings coherent with read and
 * write both ways, private copies, the tail past EOF, growth by ftruncate, and the
 * errors for access modes, offsets and directories. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sys/mman.h>

#define PAGE 4096

static void* map(size_t length, int prot, int flags, int fd, off_t offset)
{
    void* p = mmap(NULL, length, prot, flags, fd, offset);
    return p == MAP_FAILED ? NULL : p;
}

static void show_map(const char* label, size_t length, int prot, int flags, int fd, off_t offset)
{
    void* p = mmap(NULL, length, prot, flags, fd, offset);
    if (p == MAP_FAILED) {
        printf("%s = -1 %s\n", label, fs_errno_name(errno));
        return;
    }
    printf("%s = mapped\n", label);
    munmap(p, length);
}

int main(void)
{
    enter_scratch_dir();
    int fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
    char block[2 * PAGE];
    for (int i = 0; i < (int)sizeof(block); ++i)
        block[i] = (char)('a' + i % 26);
    CHECK("write", write(fd, block, sizeof(block)));

    char* shared = map(2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    FACT("shared mapping", shared != NULL);
    FACT("it shows the file", shared && !memcmp(shared, block, sizeof(block)));
    memcpy(shared + 100, "THROUGH-MAP", 11);
    char got[16] = { 0 };
    CHECK("pread after a store", pread(fd, got, 11, 100));
    printf("file has: %s\n", got);
    CHECK("pwrite", pwrite(fd, "BY-WRITE", 8, PAGE + 5));
    printf("mapping has: %.8s\n", shared + PAGE + 5);
    CHECK("msync", msync(shared, 2 * PAGE, MS_SYNC));

    /* A second shared mapping of the same pages sees the first one's stores. */
    char* again = map(PAGE, PROT_READ, MAP_SHARED, fd, PAGE);
    shared[PAGE] = '#';
    FACT("two shared mappings agree", again && again[0] == '#');

    /* A private mapping copies on write; the file and the shared mapping keep theirs. */
    char* private = map(PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    FACT("private mapping starts as the file", private && !memcmp(private, shared, PAGE));
    private[0] = '!';
    FACT("a private store stays private", shared[0] == 'a');
    CHECK("pread of byte 0", pread(fd, got, 1, 0));
    printf("byte 0 is %c\n", got[0]);

    /* The rest of the last page past EOF reads as zeros; growing the file keeps them. */
    CHECK("ftruncate down", ftruncate(fd, PAGE + 10));
    char* tail = map(PAGE, PROT_READ, MAP_SHARED, fd, PAGE);
    FACT("the tail page past EOF is zero", tail && tail[10] == 0 && tail[PAGE - 1] == 0 && !memcmp(tail + 5, "BY-WR", 5));
    CHECK("ftruncate up", ftruncate(fd, 3 * PAGE));
    char* grown = map(3 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
    FACT("grown pages are zero", grown && grown[2 * PAGE] == 0 && grown[3 * PAGE - 1] == 0);
    struct stat st;
    fstat(fd, &st);
    printf("size %lld\n", (long long)st.st_size);

    /* Access modes, offsets, directories. */
    int rdonly = open("data", O_RDONLY);
    int wronly = open("data", O_WRONLY);
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    show_map("shared writable of O_RDONLY", PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, rdonly, 0);
    show_map("private writable of O_RDONLY", PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, rdonly, 0);
    show_map("shared read-only of O_RDONLY", PAGE, PROT_READ, MAP_SHARED, rdonly, 0);
    show_map("any mapping of O_WRONLY", PAGE, PROT_READ, MAP_SHARED, wronly, 0);
    show_map("unaligned offset", PAGE, PROT_READ, MAP_SHARED, fd, 100);
    show_map("a directory", PAGE, PROT_READ, MAP_PRIVATE, dir, 0);
    show_map("no length", 0, PROT_READ, MAP_SHARED, fd, 0);

    /* After munmap and close the data stay in the file. */
    munmap(shared, 2 * PAGE);
    munmap(again, PAGE);
    munmap(private, PAGE);
    munmap(tail, PAGE);
    munmap(grown, 3 * PAGE);
    close(fd);
    fd = open("data", O_RDONLY);
    CHECK("pread after close", pread(fd, got, 11, 100));
    printf("file still has: %.11s\n", got);

    close(fd);
    close(rdonly);
    close(wronly);
    close(dir);
    leave_scratch_dir();
    return 0;
}
