#pragma once

// The symbolic half of --trace decoding: flags and enumerations by their Linux names,
// for the argument letters of abi/syscalls.def that need no guest memory. Each function
// appends the strace spelling of `value`.

#include "kernel/base/Format.h"

void trace_open_flags(StringBuilder& sb, u64 value);  // O_RDONLY|O_CLOEXEC
void trace_mmap_prot(StringBuilder& sb, u64 value);   // PROT_READ|PROT_WRITE
void trace_mmap_flags(StringBuilder& sb, u64 value);  // MAP_PRIVATE|MAP_ANONYMOUS
void trace_at_flags(StringBuilder& sb, u64 value);    // AT_SYMLINK_NOFOLLOW
void trace_access_mode(StringBuilder& sb, u64 value); // R_OK|X_OK
void trace_clock_id(StringBuilder& sb, u64 value);    // CLOCK_MONOTONIC
void trace_signal(StringBuilder& sb, u64 value);      // SIGSEGV, SIGRT_2
void trace_ioctl_request(StringBuilder& sb, u64 value); // TCGETS
void trace_futex_op(StringBuilder& sb, u64 value);    // FUTEX_WAIT_PRIVATE
void trace_clone_flags(StringBuilder& sb, u64 value); // CLONE_VM|CLONE_FS|SIGCHLD
// A signal set as strace prints it: [INT TERM], or ~[...] when most signals are in it.
void trace_sigset(StringBuilder& sb, u64 set);
void trace_sa_flags(StringBuilder& sb, u64 value);    // SA_RESTORER|SA_RESTART
void trace_fd_flags(StringBuilder& sb, u64 value);    // FD_CLOEXEC
void trace_stat_mode(StringBuilder& sb, u64 mode);     // S_IFREG|0644
void trace_socket_type(StringBuilder& sb, u64 value); // SOCK_STREAM|SOCK_CLOEXEC
// fcntl's third argument, which depends on the command: omitted for the getters,
// FD_CLOEXEC for F_SETFD, open flags for F_SETFL. Appends ", ARG" when shown.
void trace_fcntl_arg(StringBuilder& sb, u64 cmd, u64 arg);

// Appends `value` decoded for the symbolic letter `kind`; returns false for letters that
// are not symbolic (the caller decodes those).
bool trace_symbolic(StringBuilder& sb, char kind, u64 value);
