/* How /proc/self/maps splits and joins one anonymous mapping as parts of it change and
 * change back: mprotect, mlock, madvise(MADV_DONTFORK), mremap growing in place, and a
 * madvise that fails on a locked page. Each step prints how many lines of maps cover the
 * mapping and their permissions; Linux joins neighbours that became alike again. */
#define _GNU_SOURCE
#include "../guest.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

static long page;
static char* base;
static long span;

/* Prints the maps lines that overlap [base, base + span), by their permissions and the
 * pages of each inside the range (a line may reach beyond it: Linux joins the range with
 * an alike neighbour the C library mapped). */
static void show(const char* label)
{
    static char text[1 << 16];
    if (read_text("/proc/self/maps", text, sizeof(text)) < 0) {
        printf("%s: maps unreadable\n", label);
        return;
    }
    int lines = 0;
    char perms[256] = "";
    for (char* line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long start, end;
        char p[5];
        if (sscanf(line, "%lx-%lx %4s", &start, &end, p) != 3)
            continue;
        uintptr_t low = (uintptr_t)base, high = (uintptr_t)base + span;
        if (end <= low || start >= high)
            continue;
        if (start < low)
            start = low;
        if (end > high)
            end = high;
        ++lines;
        char piece[32];
        snprintf(piece, sizeof(piece), " %s:%ld", p, (long)((end - start) / page));
        strncat(perms, piece, sizeof(perms) - strlen(perms) - 1);
    }
    printf("%s: %d line(s)%s\n", label, lines, perms);
}

int main(void)
{
    page = sysconf(_SC_PAGESIZE);
    /* Reserve 8 pages and use the lower 4; the upper half keeps the C library's own
     * mappings away until mremap grows into it. */
    base = mmap(NULL, 8 * page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return 1;
    span = 4 * page;
    SHOW("mprotect the lower half rw", mprotect(base, 4 * page, PROT_READ | PROT_WRITE));
    memset(base, 1, 4 * page);
    show("rw mapping");

    SHOW("mprotect pages 1-2 read-only", mprotect(base + page, 2 * page, PROT_READ));
    show("after mprotect");
    SHOW("mprotect them back", mprotect(base + page, 2 * page, PROT_READ | PROT_WRITE));
    show("after mprotect back");

    SHOW("mlock page 2", mlock(base + 2 * page, page));
    show("after mlock");
    /* From the middle of the first part: the range ends inside mappings on both sides. */
    SHOW("madvise(MADV_DONTNEED) over pages 1-2, 2 locked", madvise(base + page, 2 * page, MADV_DONTNEED));
    show("after the failed madvise");
    SHOW("munlock page 2", munlock(base + 2 * page, page));
    show("after munlock");

    SHOW("madvise(MADV_DONTFORK) page 1", madvise(base + page, page, MADV_DONTFORK));
    show("after MADV_DONTFORK");
    SHOW("madvise(MADV_DOFORK) page 1", madvise(base + page, page, MADV_DOFORK));
    show("after MADV_DOFORK");

    /* Nothing runs between the munmap and the mremap that could map into the hole. */
    int unmapped = munmap(base + 4 * page, 4 * page);
    char* grown = mremap(base, 4 * page, 6 * page, 0);
    FACT("mremap grows in place", unmapped == 0 && grown == base);
    span = 6 * page;
    show("after mremap");
    SHOW("mprotect the grown part read-only", mprotect(base + 4 * page, 2 * page, PROT_READ));
    SHOW("and back", mprotect(base + 4 * page, 2 * page, PROT_READ | PROT_WRITE));
    show("after the grown part changed back");
    /* The failed madvise zeroed page 1, before the locked one, as Linux advises the
     * mappings in order until one refuses. */
    printf("bytes at pages 0, 1, 3 and 5: %d %d %d %d\n", base[0], base[page], base[3 * page], base[5 * page]);
    return 0;
}
