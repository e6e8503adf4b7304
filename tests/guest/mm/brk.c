/* brk semantics through the raw system call (which returns the new break, or the old one
 * on failure, and never -1): the initial break lies above the program's data, growing
 * gives zeroed writable memory, shrinking unmaps it, and impossible requests leave the
 * break where it was. */
#include "../guest.h"

#include <stdint.h>

extern char end[];

static uintptr_t brk_call(uintptr_t addr)
{
    return (uintptr_t)syscall(SYS_brk, addr);
}

static int zero(const char* p, long n)
{
    for (long i = 0; i < n; ++i)
        if (p[i])
            return 0;
    return 1;
}

int main(void)
{
    /* stdio must not allocate from the heap that this test moves under malloc's feet. */
    static char stdout_buffer[8192];
    setvbuf(stdout, stdout_buffer, _IOFBF, sizeof(stdout_buffer));
    const long grow = 64 * 1024;
    uintptr_t start = brk_call(0);
    FACT("brk(0) returns a break at or above the end of the program's data", start >= (uintptr_t)end);
    FACT("brk(0) again returns the same break", brk_call(0) == start);

    uintptr_t top = brk_call(start + grow);
    FACT("growing by 64 KiB returns the new break", top == start + grow);
    char* mem = (char*)start;
    FACT("the new memory is zero", zero(mem, grow));
    memset(mem, 'b', grow);
    FACT("the new memory is writable", mem[0] == 'b' && mem[grow - 1] == 'b');

    uintptr_t odd = brk_call(start + grow + 100);
    FACT("an unaligned break is accepted and returned as given", odd == start + grow + 100);
    mem[grow + 99] = 'c';
    FACT("memory up to the unaligned break is writable", mem[grow + 99] == 'c');

    FACT("shrinking back to the start", brk_call(start) == start);
    FACT("growing again", brk_call(start + grow) == start + grow);
    FACT("memory is zero again after shrink and regrow", zero(mem, grow));

    FACT("a break below the initial one is refused", brk_call(start - 4 * 4096 * 1024ul) == start + grow);
    FACT("a break of 1 is refused", brk_call(1) == start + grow);
    FACT("a break in the kernel half is refused", brk_call(0xffff800000000000ul) == start + grow);
    FACT("a 64 TiB break is refused", brk_call(start + (64ul << 40)) == start + grow);

    FACT("shrink back to the start", brk_call(start) == start);
    printf("done\n");
    return 0;
}
