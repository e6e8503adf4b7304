/* A guest may take the GS base for itself: ARCH_GET_GS reads 0 until it does, GS-relative
   loads then see the guest's memory, and syscalls keep working before and after. */
#include "../guest.h"

#include <stdint.h>

/* From <asm/prctl.h>, which musl's headers lack. */
#define ARCH_SET_GS 0x1001
#define ARCH_GET_GS 0x1004

static long calls(int n)
{
    long sum = 0;
    for (int i = 0; i < n; ++i)
        sum += syscall(SYS_getppid) >= 0;
    return sum;
}

int main(void)
{
    uint64_t gs = 1;
    SHOW("ARCH_GET_GS before", syscall(SYS_arch_prctl, ARCH_GET_GS, &gs));
    printf("GS base before: %s\n", gs == 0 ? "0" : "not 0");
    printf("syscalls before: %ld\n", calls(1000));

    static uint64_t block[4] = { 0x1111, 0x2222, 0x3333, 0x4444 };
    SHOW("ARCH_SET_GS", syscall(SYS_arch_prctl, ARCH_SET_GS, block));
    uint64_t loaded;
    __asm__ volatile("mov %%gs:16, %0" : "=r"(loaded));
    printf("gs:16 = %#llx\n", (unsigned long long)loaded);
    SHOW("ARCH_GET_GS after", syscall(SYS_arch_prctl, ARCH_GET_GS, &gs));
    printf("GS base after: %s\n", gs == (uint64_t)block ? "the block" : "elsewhere");
    printf("syscalls after: %ld\n", calls(1000));
    SHOW("ARCH_SET_GS kernel address", syscall(SYS_arch_prctl, ARCH_SET_GS, 0xffff800000000000ull));
    return 0;
}
