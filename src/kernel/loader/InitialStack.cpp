#include "kernel/loader/InitialStack.h"
#include "kernel/Kernel.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/loader/Elf.h"
#include "kernel/mm/UserCopy.h"
#include "kernel/task/Process.h"
#include "platform/Platform.h"

namespace {

struct StackWriter {
    u64 sp;
    Result<u64> push_bytes(const void* data, usize len)
    {
        sp -= len;
        TRY(copy_to_user(sp, data, len));
        return sp;
    }
    Result<u64> push_string(const char* s) { return push_bytes(s, cstr_length(s) + 1); }
};

// Pushes `count` strings (the last one first) and stores their guest addresses.
Result<void> push_strings(StackWriter& writer, const char* const* strings, u32 count, u64* addresses)
{
    for (u32 i = count; i > 0; --i)
        addresses[i - 1] = TRY(writer.push_string(strings[i - 1]));
    return {};
}

}

Result<u64> build_initial_stack(Process& process, const InitialStack& info)
{
    // One array for the argv and envp pointers, so huge argument lists do not live on
    // the kernel stack.
    u64 slots = u64(info.argc) + 1 + u64(info.envc) + 1;
    auto* pointers = static_cast<u64*>(arena().allocate(slots * sizeof(u64)));
    if (!pointers)
        return Errno::ENOMEM;
    u64* argvp = pointers;
    u64* envp = pointers + info.argc + 1;
    argvp[info.argc] = 0;
    envp[info.envc] = 0;
    auto result = [&]() -> Result<u64> {
        StackWriter writer { info.top - sizeof(u64) };
        u64 execfn = TRY(writer.push_string(info.execfn));
        u64 env_end = writer.sp;
        TRY(push_strings(writer, info.envp, info.envc, envp));
        u64 arg_end = writer.sp;
        TRY(push_strings(writer, info.argv, info.argc, argvp));
        process.arg_start = writer.sp;
        process.arg_end = arg_end;
        process.env_start = arg_end;
        process.env_end = env_end;

        // arch_align_stack(): a random offset below the strings, 16-byte aligned.
        u64 random_pad = 0;
        (void)platform::getrandom(&random_pad, sizeof(random_pad), 0);
        writer.sp -= random_pad % 8192;
        writer.sp &= ~u64(15);
        u64 platform_string = TRY(writer.push_string("x86_64"));
        u8 random_bytes[16];
        (void)platform::getrandom(random_bytes, sizeof(random_bytes), 0);
        u64 random_address = TRY(writer.push_bytes(random_bytes, sizeof(random_bytes)));

        auto& config = kernel_config();
        auto& creds = process.credentials();
        Elf64_auxv auxv[] = {
            { AT_SYSINFO_EHDR, config.vdso_base },
            { AT_MINSIGSTKSZ, config.minsigstksz },
            { AT_HWCAP, config.hwcap },
            { AT_PAGESZ, PAGE_SIZE },
            { AT_CLKTCK, 100 },
            { AT_PHDR, info.phdr },
            { AT_PHENT, sizeof(Elf64_Phdr) },
            { AT_PHNUM, info.phnum },
            { AT_BASE, info.interp_base },
            { AT_FLAGS, 0 },
            { AT_ENTRY, info.entry },
            { AT_UID, creds.uid },
            { AT_EUID, creds.euid },
            { AT_GID, creds.gid },
            { AT_EGID, creds.egid },
            { AT_SECURE, 0 },
            { AT_RANDOM, random_address },
            { AT_HWCAP2, config.hwcap2 },
            { AT_EXECFN, execfn },
            { AT_PLATFORM, platform_string },
            { AT_RSEQ_FEATURE_SIZE, 28 },
            { AT_RSEQ_ALIGN, 32 },
            { AT_NULL, 0 },
        };
        // STACK_ROUND(): argc, argv, envp and auxv end 16-byte aligned.
        u64 total = (1 + slots) * sizeof(u64) + sizeof(auxv);
        u64 sp = (writer.sp - total) & ~u64(15);
        u64 cursor = sp;
        u64 argc = info.argc;
        TRY(copy_to_user(cursor, &argc, sizeof(argc)));
        cursor += sizeof(argc);
        TRY(copy_to_user(cursor, argvp, (info.argc + 1) * sizeof(u64)));
        cursor += (info.argc + 1) * sizeof(u64);
        TRY(copy_to_user(cursor, envp, (info.envc + 1) * sizeof(u64)));
        cursor += (info.envc + 1) * sizeof(u64);
        process.auxv_start = cursor;
        TRY(copy_to_user(cursor, auxv, sizeof(auxv)));
        process.auxv_end = cursor + sizeof(auxv);
        return sp;
    }();
    arena().deallocate(pointers, slots * sizeof(u64));
    return result;
}
