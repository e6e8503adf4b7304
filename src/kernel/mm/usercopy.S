# Fault-recovering primitives for guest memory. A fault at an instruction between
# cell_usercopy_begin and cell_usercopy_end is redirected by the kernel's fault handler
# to cell_usercopy_fixup, which returns -(rcx + 1) to the caller of the faulting routine:
# always negative, and for the `rep` routines it tells how many bytes were left, so a
# caller can report a partial copy as Linux does. Routines that do not count in rcx
# keep it zero, so a fault there returns -1. None of these routines pushes anything on
# the stack, so the fixup can simply return.

    .text
    .globl cell_usercopy_begin
cell_usercopy_begin:

# i64 cell_copy_bytes(void* dst, const void* src, u64 n): 0 on success, -(left + 1) on a fault.
    .globl cell_copy_bytes
cell_copy_bytes:
    mov %rdx, %rcx
    rep movsb
    xor %eax, %eax
    ret

# i64 cell_zero_bytes(void* dst, u64 n): 0 on success, -(left + 1) on a fault.
    .globl cell_zero_bytes
cell_zero_bytes:
    mov %rsi, %rcx
    xor %eax, %eax
    rep stosb
    ret

# i64 cell_strnlen(const char* s, u64 max): the length, max when no NUL within max,
# -1 on a fault.
    .globl cell_strnlen
cell_strnlen:
    xor %ecx, %ecx
    xor %eax, %eax
1:
    cmp %rsi, %rax
    jae 2f
    cmpb $0, (%rdi,%rax)
    je 2f
    inc %rax
    jmp 1b
2:
    ret

    .globl cell_usercopy_end
cell_usercopy_end:

    .globl cell_usercopy_fixup
cell_usercopy_fixup:
    mov %rcx, %rax
    not %rax
    ret

    .section .note.GNU-stack,"",@progbits
