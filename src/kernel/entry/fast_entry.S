# The fast syscall entry: patched call sites reach it through their trampoline (see
# SitePatch.cpp) with an ordinary call, so no signal and no host transition is involved.
#
# On entry: the guest's registers are live with rax = syscall number, rcx = the address
# after the original syscall instruction and r11 = rflags (as `syscall` leaves them), and
# the return address into the trampoline is on the guest's stack below its red zone.
# GS base points at the thread's EntryState. The kernel never touches the FPU/SSE state
# (it is built with -mgeneral-regs-only), so only general registers and flags are saved.

#include "kernel/entry/FastEntryLayout.h"

    .text
    .globl cell_fast_entry
cell_fast_entry:
    mov %rsp, %gs:ENTRY_GUEST_RSP
    mov %gs:ENTRY_KSTACK_TOP, %rsp
    # The way back must not read GS again: the syscall may change it (ARCH_SET_GS).
    # Two copies of the guest's stack pointer keep the call below 16-byte aligned.
    pushq %gs:ENTRY_GUEST_RSP
    pushq %gs:ENTRY_GUEST_RSP
    pushfq
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    mov %rsp, %rdi
    call cell_fast_syscall
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    popfq
    lea 8(%rsp), %rsp
    pop %rsp
    ret

# Used instead of cell_fast_entry when the fast entry is off for the process (the guest
# owns GS): sends the trampoline down its slow path, a plain trapped syscall. Touches no
# flags and no register but the stack slot.
    .globl cell_fast_entry_disabled
cell_fast_entry_disabled:
    push %rax
    mov 8(%rsp), %rax
    lea TRAMPOLINE_SLOW_DELTA(%rax), %rax
    mov %rax, 8(%rsp)
    pop %rax
    ret

    .section .note.GNU-stack,"",@progbits
