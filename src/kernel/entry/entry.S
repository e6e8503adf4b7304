# Assembly entry points of the kernel image.

    .text

# The host execve()s the kernel image; argc/argv/envp/auxv are on the host stack.
    .globl _start
_start:
    xor %ebp, %ebp
    mov %rsp, %rdi
    and $-16, %rsp
    call kernel_main
    ud2

# Return path of every host signal handler the kernel installs.
    .globl cell_sigreturn_restorer
cell_sigreturn_restorer:
    mov $15, %eax
    syscall
    ud2

# void cell_enter_context(linux_ucontext* uc): loads a complete register state by
# rt_sigreturn. The ucontext must sit 8 bytes above the start of an rt_sigframe.
    .globl cell_enter_context
cell_enter_context:
    mov %rdi, %rsp
    mov $15, %eax
    syscall
    ud2

    .section .note.GNU-stack,"",@progbits
