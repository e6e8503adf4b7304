#include "kernel/entry/SiteDecoder.h"
#include "kernel/base/Memory.h"

namespace {

bool is_prefix_or_rex(u8 b)
{
    if (b >= 0x40 && b <= 0x4f)
        return true;
    switch (b) {
    case 0x26:
    case 0x2e:
    case 0x36:
    case 0x3e:
    case 0x64:
    case 0x65:
    case 0x66:
    case 0x67:
    case 0xf0:
    case 0xf2:
    case 0xf3:
        return true;
    default:
        return false;
    }
}

// The length of a ModRM operand (ModRM byte, optional SIB, displacement), or 0 for the
// RIP-relative form, which would change meaning once moved.
usize modrm_length(const u8* code, usize available)
{
    if (available < 1)
        return 0;
    u8 modrm = code[0];
    u8 mod = modrm >> 6;
    u8 rm = modrm & 7;
    if (mod == 3)
        return 1;
    usize n = 1;
    if (rm == 4) {
        if (available < 2)
            return 0;
        u8 base = code[1] & 7;
        n = 2;
        if (mod == 0 && base == 5)
            n += 4;
    } else if (mod == 0 && rm == 5) {
        return 0;
    }
    if (mod == 1)
        n += 1;
    else if (mod == 2)
        n += 4;
    return n <= available ? n : 0;
}

}

usize simple_instruction_length(const u8* code, usize available)
{
    usize n = 0;
    bool rex_w = false;
    if (available > 0 && code[0] >= 0x40 && code[0] <= 0x4f) {
        rex_w = code[0] & 8;
        n = 1;
    }
    if (n >= available)
        return 0;
    u8 op = code[n++];
    usize rest = available - n;
    switch (op) {
    case 0x05: // add/and/sub/xor/cmp with eax/rax and imm32
    case 0x25:
    case 0x2d:
    case 0x35:
    case 0x3d:
        return rest >= 4 ? n + 4 : 0;
    case 0x01: // add, or, and, sub, xor, cmp, test, mov, movsxd with a ModRM operand
    case 0x03:
    case 0x09:
    case 0x0b:
    case 0x21:
    case 0x23:
    case 0x29:
    case 0x2b:
    case 0x31:
    case 0x33:
    case 0x39:
    case 0x3b:
    case 0x63:
    case 0x85:
    case 0x89:
    case 0x8b: {
        usize m = modrm_length(code + n, rest);
        return m ? n + m : 0;
    }
    case 0x83: { // group 1 with imm8
        usize m = modrm_length(code + n, rest);
        return m && rest >= m + 1 ? n + m + 1 : 0;
    }
    case 0x81: { // group 1 with imm32
        usize m = modrm_length(code + n, rest);
        return m && rest >= m + 4 ? n + m + 4 : 0;
    }
    default:
        if (op >= 0xb8 && op <= 0xbf) { // mov imm32 (imm64 with REX.W) to a register
            usize imm = rex_w ? 8 : 4;
            return rest >= imm ? n + imm : 0;
        }
        return 0;
    }
}

usize padding_length(const u8* code, usize available)
{
    usize n = 0;
    while (n < available) {
        usize i = n;
        if (code[i] == 0xcc || code[i] == 0x90) {
            n = i + 1;
            continue;
        }
        // Multi-byte NOPs: 66* 2e? 0f 1f /0.
        while (i < available && code[i] == 0x66)
            ++i;
        if (i < available && code[i] == 0x2e)
            ++i;
        if (i + 2 > available || code[i] != 0x0f || code[i + 1] != 0x1f)
            break;
        i += 2;
        if (i >= available || ((code[i] >> 3) & 7) != 0)
            break;
        usize m = modrm_length(code + i, available - i);
        if (m == 0)
            break;
        n = i + m;
    }
    return n;
}

bool decode_site(const u8* window, u64 site, u64 nr, SiteShape& shape)
{
    const u8* syscall = window + SITE_BEFORE;
    if (syscall[0] != 0x0f || syscall[1] != 0x05)
        return false;
    shape = {};
    shape.after_syscall = site + 2;

    // Shape B: the instruction after the syscall starts at a known boundary, so decoding
    // forwards is exact. One instruction must bring the patch to the 5 bytes of a jump.
    usize length = simple_instruction_length(syscall + 2, SITE_AFTER - 2);
    if (length > 0 && 2 + length >= 5 && length <= sizeof(shape.moved)) {
        shape.kind = SiteShape::SyscallThenMoved;
        shape.patch_start = site;
        shape.patch_length = 2 + length;
        mem_copy(shape.moved, syscall + 2, length);
        shape.moved_length = length;
        shape.continuation = site + 2 + length;
        return true;
    }

    // Shape C: `syscall; ret` and then padding (musl's syscall functions). The jump
    // covers the ret and two padding bytes; its displacement is chosen so that the ret
    // byte stays in place, and the trampoline returns to it.
    if (syscall[2] == 0xc3 && padding_length(syscall + 3, SITE_AFTER - 3) >= 2) {
        shape.kind = SiteShape::SyscallThenRet;
        shape.patch_start = site;
        shape.patch_length = 5;
        shape.continuation = site + 2;
        shape.keep_byte = 0xc3;
        return true;
    }

    // Shape A: `mov $nr, %eax` right before. Decoding backwards is ambiguous, so require
    // that the immediate is the number just trapped and that no prefix or REX byte could
    // make the b8 part of a longer instruction (41 b8 is a mov to r8d).
    const u8* mov = syscall - 5;
    if (mov[0] != 0xb8 || is_prefix_or_rex(syscall[-6]))
        return false;
    u32 imm;
    mem_copy(&imm, mov + 1, 4);
    if (imm != nr)
        return false;
    shape.kind = SiteShape::MovThenSyscall;
    shape.patch_start = site - 5;
    shape.patch_length = 5;
    mem_copy(shape.prefix, mov, 5);
    shape.prefix_length = 5;
    shape.continuation = site + 2;
    return true;
}
