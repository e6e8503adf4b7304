/* getrandom(2): every length up to 1 MiB is filled completely, the flags Linux accepts are
 * accepted, unknown flags and bad buffers are refused. Raw syscalls, so both C libraries
 * pass the same arguments. */
#include "../guest.h"

#include <sys/mman.h>

#ifndef GRND_NONBLOCK
#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#endif
#define GRND_INSECURE_FLAG 4

static long get_random(void* buf, unsigned long len, unsigned flags)
{
    return syscall(SYS_getrandom, buf, len, flags);
}

static int all_zero(const unsigned char* p, long n)
{
    for (long i = 0; i < n; ++i)
        if (p[i])
            return 0;
    return 1;
}

int main(void)
{
    static unsigned char buf[1 << 20];
    static const unsigned long lengths[] = { 0, 1, 16, 256, 4096, 65536, 1 << 20 };
    for (unsigned i = 0; i < sizeof(lengths) / sizeof(lengths[0]); ++i) {
        unsigned long n = lengths[i];
        memset(buf, 0, sizeof(buf));
        long r = get_random(buf, n, 0);
        printf("getrandom(%lu bytes) = %ld%s\n", n, r, n >= 16 && all_zero(buf, n) ? ", ALL ZERO" : "");
    }
    /* 64 random bytes are never all zero, and two draws never agree. */
    unsigned char one[64], two[64];
    get_random(one, sizeof(one), 0);
    get_random(two, sizeof(two), 0);
    FACT("two 64-byte draws differ", memcmp(one, two, sizeof(one)) != 0);

    SHOW("getrandom(GRND_NONBLOCK)", get_random(buf, 32, GRND_NONBLOCK));
    SHOW("getrandom(GRND_RANDOM, 32)", get_random(buf, 32, GRND_RANDOM));
    SHOW("getrandom(GRND_RANDOM|GRND_NONBLOCK, 32)", get_random(buf, 32, GRND_RANDOM | GRND_NONBLOCK));
    SHOW("getrandom(GRND_INSECURE, 32)", get_random(buf, 32, GRND_INSECURE_FLAG));
    SHOW("getrandom(GRND_INSECURE|GRND_RANDOM)", get_random(buf, 32, GRND_INSECURE_FLAG | GRND_RANDOM));
    SHOW("getrandom(flags 0x8)", get_random(buf, 32, 0x8));
    SHOW("getrandom(flags 0x80000000)", get_random(buf, 32, 0x80000000u));
    SHOW("getrandom(NULL, 16)", get_random(NULL, 16, 0));
    SHOW("getrandom(NULL, 0)", get_random(NULL, 0, 0));

    /* A buffer that runs into an unmapped page is filled up to the hole. */
    long page = sysconf(_SC_PAGESIZE);
    char* two_pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(two_pages + page, page);
    SHOW("getrandom(32 bytes, 16 before a hole)", get_random(two_pages + page - 16, 32, 0));
    printf("done\n");
    return 0;
}
