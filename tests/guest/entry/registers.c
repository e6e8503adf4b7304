/* Every register except rax, rcx and r11 survives a syscall unchanged, and rcx/r11 hold
   the return address and rflags afterwards, as on Linux. */
#include <stdio.h>
#include <stdint.h>

int main(void)
{
    uint64_t in[13] = { 0x1111111111111111, 0x2222222222222222, 0x3333333333333333, 0x4444444444444444,
        0x5555555555555555, 0x6666666666666666, 0x7777777777777777, 0x8888888888888888, 0x9999999999999999,
        0xaaaaaaaaaaaaaaaa, 0xbbbbbbbbbbbbbbbb, 0xcccccccccccccccc, 0xdddddddddddddddd };
    uint64_t out[13];
    static uint64_t after[3]; /* rcx, r11, the address after the syscall */
    __asm__ volatile(
        "push %%rbp\n"
        "push %%rbx\n"
        "push %%r12\n"
        "push %%r13\n"
        "push %%r14\n"
        "push %%r15\n"
        "push %%rsi\n" /* out */
        "push %%rdx\n" /* &rcx_after etc */
        "mov 0(%%rdi), %%rbx\n"
        "mov 8(%%rdi), %%rbp\n"
        "mov 16(%%rdi), %%r12\n"
        "mov 24(%%rdi), %%r13\n"
        "mov 32(%%rdi), %%r14\n"
        "mov 40(%%rdi), %%r15\n"
        "mov 48(%%rdi), %%r8\n"
        "mov 56(%%rdi), %%r9\n"
        "mov 64(%%rdi), %%r10\n"
        "mov 72(%%rdi), %%rdx\n"
        "mov 80(%%rdi), %%rsi\n"
        "mov 96(%%rdi), %%rax\n"
        "movq %%rax, %%xmm0\n"
        "mov 88(%%rdi), %%rdi\n"
        "mov $110, %%eax\n" /* getppid: ignores every argument */
        "syscall\n"
        "1:\n"
        "xchg %%rdi, 8(%%rsp)\n" /* rdi = out, saved slot = guest rdi */
        "mov %%rbx, 0(%%rdi)\n"
        "mov %%rbp, 8(%%rdi)\n"
        "mov %%r12, 16(%%rdi)\n"
        "mov %%r13, 24(%%rdi)\n"
        "mov %%r14, 32(%%rdi)\n"
        "mov %%r15, 40(%%rdi)\n"
        "mov %%r8, 48(%%rdi)\n"
        "mov %%r9, 56(%%rdi)\n"
        "mov %%r10, 64(%%rdi)\n"
        "mov %%rdx, 72(%%rdi)\n"
        "mov %%rsi, 80(%%rdi)\n"
        "mov 8(%%rsp), %%rax\n"
        "mov %%rax, 88(%%rdi)\n"
        "movq %%xmm0, %%rax\n"
        "mov %%rax, 96(%%rdi)\n"
        "mov 0(%%rsp), %%rax\n" /* results pointer */
        "mov %%rcx, 0(%%rax)\n"
        "mov %%r11, 8(%%rax)\n"
        "lea 1b(%%rip), %%rcx\n"
        "mov %%rcx, 16(%%rax)\n"
        "add $16, %%rsp\n"
        "pop %%r15\n"
        "pop %%r14\n"
        "pop %%r13\n"
        "pop %%r12\n"
        "pop %%rbx\n"
        "pop %%rbp\n"
        :
        : "D"(in), "S"(out), "d"(after)
        : "rax", "rcx", "r8", "r9", "r10", "r11", "xmm0", "memory");
    int bad = 0;
    for (int i = 0; i < 13; ++i) {
        if (in[i] != out[i]) {
            printf("register %d changed: %#llx -> %#llx\n", i, (unsigned long long)in[i], (unsigned long long)out[i]);
            bad = 1;
        }
    }
    if (after[0] != after[2]) {
        printf("rcx is not the return address\n");
        bad = 1;
    }
    if ((after[1] & 0x202) != 0x202) {
        printf("r11 does not hold rflags\n");
        bad = 1;
    }
    printf(bad ? "registers: changed\n" : "registers: preserved, rcx=rip, r11=rflags\n");
    return bad;
}
