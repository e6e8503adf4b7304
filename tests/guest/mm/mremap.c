/* mremap semantics: growing in place, growing by moving when the neighbour is taken,
 * refusing to move without MREMAP_MAYMOVE, shrinking, moving to a fixed address, and
 * keeping the contents through every one of them. Raw syscalls are used throughout, so
 * that both C libraries pass exactly the same arguments. */
#define _GNU_SOURCE
#include "../guest.h"

#include <stdint.h>
#include <sys/mman.h>

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

static long page;

static void fill(char* p, long n)
{
    for (long i = 0; i < n; ++i)
        p[i] = (char)(i * 7 + i / 4096);
}

static int intact(const char* p, long n)
{
    for (long i = 0; i < n; ++i)
        if (p[i] != (char)(i * 7 + i / 4096))
            return 0;
    return 1;
}

static int zero(const char* p, long n)
{
    for (long i = 0; i < n; ++i)
        if (p[i])
            return 0;
    return 1;
}

static long remap(void* old, long old_len, long new_len, long flags, void* new_addr)
{
    return syscall(SYS_mremap, old, old_len, new_len, flags, new_addr);
}

static int mapped(void* p, long n)
{
    return msync(p, n, MS_ASYNC) == 0;
}

int main(void)
{
    page = sysconf(_SC_PAGESIZE);
    const int rw = PROT_READ | PROT_WRITE;
    const int anon = MAP_PRIVATE | MAP_ANONYMOUS;

    /* Reserve 16 pages, keep the first 2 and free the rest, so growing in place has room. */
    char* a = mmap(NULL, 16 * page, rw, anon, -1, 0);
    munmap(a + 2 * page, 14 * page);
    fill(a, 2 * page);
    long r = remap(a, 2 * page, 8 * page, 0, NULL);
    FACT("grow in place without MREMAP_MAYMOVE", r == (long)a);
    FACT("contents kept after growing in place", intact(a, 2 * page));
    FACT("the grown part is zero", zero(a + 2 * page, 6 * page));

    /* Shrink: the tail is unmapped. */
    r = remap(a, 8 * page, 3 * page, 0, NULL);
    FACT("shrink returns the same address", r == (long)a);
    FACT("the shrunk tail is unmapped", !mapped(a + 3 * page, 5 * page));
    FACT("contents kept after shrinking", intact(a, 2 * page));

    /* Block the neighbour, then try to grow. */
    char* wall = mmap(a + 3 * page, page, PROT_READ, anon | MAP_FIXED, -1, 0);
    FACT("a neighbour mapping placed", wall == a + 3 * page);
    SHOW("grow into a taken neighbour without MREMAP_MAYMOVE", remap(a, 3 * page, 6 * page, 0, NULL));
    fill(a, 3 * page);
    r = remap(a, 3 * page, 6 * page, MREMAP_MAYMOVE, NULL);
    char* moved = (char*)r;
    FACT("grow with MREMAP_MAYMOVE moves", r != -1 && moved != a);
    FACT("contents kept after the move", intact(moved, 3 * page));
    FACT("the moved-to tail is zero", zero(moved + 3 * page, 3 * page));
    FACT("the old range is unmapped", !mapped(a, 3 * page));
    FACT("the neighbour is untouched", mapped(wall, page));
    munmap(wall, page);

    /* Move to a fixed address. */
    char* target = mmap(NULL, 6 * page, PROT_READ, anon, -1, 0);
    r = remap(moved, 6 * page, 6 * page, MREMAP_MAYMOVE | MREMAP_FIXED, target);
    FACT("MREMAP_FIXED moves to the requested address", r == (long)target);
    FACT("contents kept after MREMAP_FIXED", intact(target, 3 * page));
    target[0] = 'x';
    FACT("the moved range keeps its protection (writable)", target[0] == 'x');
    FACT("the source of MREMAP_FIXED is unmapped", !mapped(moved, 6 * page));

    /* MREMAP_DONTUNMAP leaves the source mapped but empty. */
    fill(target, 6 * page);
    r = remap(target, 6 * page, 6 * page, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
    if (r == -1) {
        printf("MREMAP_DONTUNMAP failed: %s\n", errno_name(errno));
    } else {
        FACT("MREMAP_DONTUNMAP: contents at the new address", intact((char*)r, 6 * page));
        FACT("MREMAP_DONTUNMAP: the source is still mapped", mapped(target, 6 * page));
        FACT("MREMAP_DONTUNMAP: the source reads as zero", zero(target, 6 * page));
        munmap((char*)r, 6 * page);
    }
    munmap(target, 6 * page);

    /* Argument checks. */
    char* p = mmap(NULL, 2 * page, rw, anon, -1, 0);
    SHOW("mremap(unaligned old address)", remap(p + 1, page, 2 * page, MREMAP_MAYMOVE, NULL));
    SHOW("mremap(new length 0)", remap(p, page, 0, MREMAP_MAYMOVE, NULL));
    SHOW("mremap(bad flags)", remap(p, page, 2 * page, 0x80, NULL));
    SHOW("mremap(MREMAP_FIXED without MREMAP_MAYMOVE)", remap(p, page, page, MREMAP_FIXED, p + page));
    SHOW("mremap(MREMAP_FIXED onto itself)", remap(p, page, page, MREMAP_MAYMOVE | MREMAP_FIXED, p));
    munmap(p, 2 * page);
    SHOW("mremap(unmapped old range)", remap(p, page, 2 * page, MREMAP_MAYMOVE, NULL));

    printf("done\n");
    return 0;
}
