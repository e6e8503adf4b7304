#pragma once

// Recognises the syscall sites that SitePatch may rewrite. Pure logic over a window of
// code bytes, so that it is unit-tested without a guest.

#include "kernel/base/Types.h"

// The window handed to decode_site: SITE_BEFORE bytes before the syscall instruction,
// the instruction itself, and what follows it.
constexpr usize SITE_BEFORE = 6;
constexpr usize SITE_AFTER = 16;

struct SiteShape {
    enum Kind : u8 {
        MovThenSyscall,   // shape A in SitePatch.h
        SyscallThenMoved, // shape B
        SyscallThenRet,   // shape C: `syscall; ret` followed by padding
    };
    Kind kind { MovThenSyscall };
    u64 patch_start { 0 };    // first byte replaced by the jump to the trampoline
    usize patch_length { 0 }; // bytes replaced: the jump, then int3 padding
    u8 prefix[8] {};          // re-executed before the kernel call (A's mov)
    usize prefix_length { 0 };
    u8 moved[12] {};          // re-executed after the kernel call (B's instruction)
    usize moved_length { 0 };
    u64 after_syscall { 0 };  // the address after the syscall instruction (rcx)
    u64 continuation { 0 };   // where the trampoline jumps back to
    // Shape C only: the jump's displacement must put this byte at patch_start + 2, so
    // that the `ret` there survives for anything that jumps to it.
    u8 keep_byte { 0 };
};

// `window` holds the code around the syscall instruction at guest address `site`, which
// was just trapped with number `nr`. Returns true and fills `shape` when the site can be
// patched safely.
bool decode_site(const u8* window, u64 site, u64 nr, SiteShape& shape);

// The length of the padding (NOPs or int3) at `code`, or 0 when it is not padding.
usize padding_length(const u8* code, usize available);

// The length of the position-independent, non-branching instruction at `code`, or 0 when
// it is not one the decoder knows. Only a small, common subset is recognised.
usize simple_instruction_length(const u8* code, usize available);
