/* A syscall in code generated at run time reaches the same kernel as libc's. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(void)
{
    static const unsigned char code[] = {
        0xb8, 0x27, 0x00, 0x00, 0x00, /* mov $39 (getpid), %eax */
        0x0f, 0x05,                   /* syscall */
        0xc3,                         /* ret */
    };
    void* page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    memcpy(page, code, sizeof(code));
    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    long (*generated)(void) = (long (*)(void))page;
    long jit_pid = generated();
    printf("generated code's getpid %s libc's\n", jit_pid == getpid() ? "matches" : "differs from");
    return jit_pid == getpid() ? 0 : 1;
}
