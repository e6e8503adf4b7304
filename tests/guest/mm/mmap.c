/* mmap, mprotect, munmap and madvise semantics on anonymous memory: zero fill, MAP_FIXED
 * replacing a mapping, MAP_FIXED_NOREPLACE refusing to, protections that allow what they
 * say, holes punched by munmap, MAP_GROWSDOWN, MADV_DONTNEED zeroing, and the argument
 * checks Linux makes. */
#include "../guest.h"

#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static long page;

static int all_bytes(const char* p, long n, char value)
{
    for (long i = 0; i < n; ++i)
        if (p[i] != value)
            return 0;
    return 1;
}

/* Whether [p, p + n) is mapped at all: msync fails with ENOMEM on unmapped pages. */
static int mapped(void* p, long n)
{
    return msync(p, n, MS_ASYNC) == 0;
}

static void* map(void* addr, long len, int prot, int flags)
{
    return mmap(addr, len, prot, flags, -1, 0);
}

int main(void)
{
    page = sysconf(_SC_PAGESIZE);
    const int rw = PROT_READ | PROT_WRITE;
    const int anon = MAP_PRIVATE | MAP_ANONYMOUS;

    char* a = map(NULL, 4 * page, rw, anon);
    FACT("mmap anonymous 4 pages", a != MAP_FAILED);
    FACT("result is page-aligned", ((uintptr_t)a & (page - 1)) == 0);
    FACT("anonymous memory is zero-filled", all_bytes(a, 4 * page, 0));
    memset(a, 'a', 4 * page);
    FACT("anonymous memory is writable", all_bytes(a, 4 * page, 'a'));

    /* MAP_FIXED replaces the second page with fresh zeroed memory. */
    char* b = map(a + page, page, rw, anon | MAP_FIXED);
    FACT("MAP_FIXED over an existing mapping returns the address", b == a + page);
    FACT("the replaced page is zero", all_bytes(a + page, page, 0));
    FACT("the neighbours are untouched", all_bytes(a, page, 'a') && all_bytes(a + 2 * page, 2 * page, 'a'));

    SHOW("MAP_FIXED_NOREPLACE over a mapping", (long)map(a + 2 * page, page, rw, anon | MAP_FIXED_NOREPLACE));
    FACT("the mapping survived the refused MAP_FIXED_NOREPLACE", all_bytes(a + 2 * page, page, 'a'));

    /* munmap of a hole in the middle. */
    SHOW("munmap(page 3 of 4)", munmap(a + 2 * page, page));
    FACT("the hole is unmapped", !mapped(a + 2 * page, page));
    FACT("the pages around the hole are still mapped", mapped(a, 2 * page) && mapped(a + 3 * page, page));
    FACT("the page after the hole keeps its contents", all_bytes(a + 3 * page, page, 'a'));
    char* c = map(a + 2 * page, page, rw, anon | MAP_FIXED_NOREPLACE);
    FACT("MAP_FIXED_NOREPLACE into the hole succeeds", c == a + 2 * page);
    FACT("the refilled hole is zero", all_bytes(c, page, 0));

    /* Protections. */
    SHOW("mprotect(page 1, PROT_READ)", mprotect(a, page, PROT_READ));
    FACT("a read-only page is readable", all_bytes(a, page, 'a'));
    SHOW("mprotect(page 1, PROT_NONE)", mprotect(a, page, PROT_NONE));
    SHOW("mprotect(page 1, PROT_READ|PROT_WRITE)", mprotect(a, page, rw));
    a[0] = 'b';
    FACT("writable again after PROT_NONE and back", a[0] == 'b' && all_bytes(a + 1, page - 1, 'a'));
    /* Raw syscall: musl's mprotect() wrapper rounds the address down itself. */
    SHOW("mprotect(unaligned address)", syscall(SYS_mprotect, a + 1, page, PROT_READ));
    SHOW("mprotect(bad prot bits)", mprotect(a, page, 0x100));
    SHOW("mprotect(length 0)", mprotect(a, 0, PROT_READ));
    SHOW("munmap(whole range)", munmap(a, 4 * page));
    SHOW("mprotect(unmapped range)", mprotect(a, page, PROT_READ));
    SHOW("munmap(already unmapped range)", munmap(a, page));

    /* Argument checks. */
    SHOW("mmap(length 0)", (long)map(NULL, 0, rw, anon));
    SHOW("mmap(neither private nor shared)", (long)map(NULL, page, rw, MAP_ANONYMOUS));
    SHOW("mmap(MAP_FIXED, unaligned address)", (long)map((char*)a + 1, page, rw, anon | MAP_FIXED));
    SHOW("mmap(bad fd, file mapping)", (long)mmap(NULL, page, PROT_READ, MAP_PRIVATE, 12345, 0));
    SHOW("mmap(unaligned offset)", (long)mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1));
    SHOW("munmap(unaligned address)", munmap((char*)a + 1, page));
    SHOW("munmap(length 0)", munmap(a, 0));
    SHOW("mmap(length near 2^64)", (long)map(NULL, -page, rw, anon));

    /* A hint is only a hint: a busy address gives some other address, never an error. */
    char* d = map(NULL, page, rw, anon);
    char* e = map(d, page, rw, anon);
    FACT("a hint at a busy address yields a different address", e != MAP_FAILED && e != d);
    munmap(d, page);
    munmap(e, page);

    /* A large mapping is lazily backed: touching a few pages of 1 GiB works. */
    char* big = map(NULL, 1l << 30, rw, anon | MAP_NORESERVE);
    FACT("1 GiB MAP_NORESERVE mapping", big != MAP_FAILED);
    big[0] = 1;
    big[(1l << 30) - 1] = 2;
    FACT("first and last byte of 1 GiB writable", big[0] == 1 && big[(1l << 30) - 1] == 2);
    munmap(big, 1l << 30);

    /* MAP_GROWSDOWN. */
    char* g = map(NULL, 4 * page, rw, anon | MAP_GROWSDOWN);
    FACT("MAP_GROWSDOWN mapping", g != MAP_FAILED);
    g[4 * page - 1] = 'g';
    g[0] = 'h';
    FACT("MAP_GROWSDOWN memory readable and writable", g[4 * page - 1] == 'g' && g[0] == 'h');
    munmap(g, 4 * page);

    /* madvise. */
    char* m = map(NULL, 2 * page, rw, anon);
    memset(m, 'm', 2 * page);
    SHOW("madvise(MADV_DONTNEED)", madvise(m, page, MADV_DONTNEED));
    FACT("MADV_DONTNEED zeroes private anonymous memory", all_bytes(m, page, 0));
    FACT("MADV_DONTNEED leaves the next page alone", all_bytes(m + page, page, 'm'));
    SHOW("madvise(MADV_WILLNEED)", madvise(m, 2 * page, MADV_WILLNEED));
    SHOW("madvise(MADV_NORMAL)", madvise(m, 2 * page, MADV_NORMAL));
    SHOW("madvise(unaligned)", madvise(m + 1, page, MADV_DONTNEED));
    SHOW("madvise(bad advice)", madvise(m, page, 12345));
    munmap(m, 2 * page);
    SHOW("madvise(unmapped range)", madvise(m, page, MADV_NORMAL));

    /* PROT_EXEC on anonymous memory: a page with a `ret` instruction can be called. */
    unsigned char* x = map(NULL, page, rw, anon);
    x[0] = 0xc3;
    SHOW("mprotect(PROT_READ|PROT_EXEC)", mprotect(x, page, PROT_READ | PROT_EXEC));
    ((void (*)(void))x)();
    printf("called a ret in a PROT_EXEC page\n");
    munmap(x, page);

    printf("done\n");
    return 0;
}
