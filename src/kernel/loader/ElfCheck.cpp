#include "kernel/loader/ElfCheck.h"
#include "kernel/abi/Fcntl.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Memory.h"

Result<void> elf_check_header(const Elf64_Ehdr& h, u64 available)
{
    if (available < sizeof(Elf64_Ehdr) || mem_compare(h.e_ident, "\177ELF", 4) != 0)
        return Errno::ENOEXEC;
    if (h.e_ident[4] != ELFCLASS64 || h.e_ident[5] != ELFDATA2LSB || h.e_machine != EM_X86_64)
        return Errno::ENOEXEC;
    if (h.e_type != ET_EXEC && h.e_type != ET_DYN)
        return Errno::ENOEXEC;
    if (h.e_phentsize != sizeof(Elf64_Phdr) || h.e_phnum == 0 || h.e_phnum > ELF_MAX_PHNUM)
        return Errno::ENOEXEC;
    if (h.e_phoff > ~u64(0) - u64(h.e_phnum) * sizeof(Elf64_Phdr))
        return Errno::ENOEXEC;
    return {};
}

Result<ElfLayout> elf_check_program_headers(const Elf64_Ehdr& header, const Elf64_Phdr* phdrs, u32 count, u64 file_size)
{
    ElfLayout layout;
    u64 previous_end = 0;
    bool any_load = false;
    bool stack_seen = false;
    for (u32 i = 0; i < count; ++i) {
        const Elf64_Phdr& ph = phdrs[i];
        if (ph.p_type == PT_INTERP && layout.interp_index < 0) {
            if (ph.p_filesz < 2 || ph.p_filesz > u64(PATH_MAX) || ph.p_offset > file_size || ph.p_filesz > file_size - ph.p_offset)
                return Errno::ENOEXEC;
            layout.interp_index = i32(i);
        }
        if (ph.p_type == PT_GNU_STACK && !stack_seen) {
            layout.executable_stack = ph.p_flags & PF_X;
            stack_seen = true;
        }
        if (ph.p_type != PT_LOAD)
            continue;
        if (ph.p_filesz > ph.p_memsz || ph.p_memsz > layout::TASK_SIZE || ph.p_vaddr > layout::TASK_SIZE - ph.p_memsz)
            return Errno::EINVAL;
        if (((ph.p_vaddr - ph.p_offset) & (PAGE_SIZE - 1)) != 0 || ph.p_offset > ~u64(0) - ph.p_filesz)
            return Errno::EINVAL;
        if (ph.p_offset > file_size || ph.p_filesz > file_size - ph.p_offset)
            return Errno::ENOEXEC;
        u64 start = page_round_down(ph.p_vaddr);
        u64 end = page_round_up(ph.p_vaddr + ph.p_memsz);
        if (any_load && start < previous_end)
            return Errno::ENOEXEC;
        if (!any_load)
            layout.low = start;
        any_load = true;
        previous_end = end;
        layout.high = end;
        layout.brk = ph.p_vaddr + ph.p_memsz;
        if (ph.p_align > layout.alignment && (ph.p_align & (ph.p_align - 1)) == 0 && ph.p_align <= (u64(1) << 30))
            layout.alignment = ph.p_align;
        if (!layout.phdr_vaddr && ph.p_offset <= header.e_phoff && header.e_phoff < ph.p_offset + ph.p_filesz)
            layout.phdr_vaddr = header.e_phoff - ph.p_offset + ph.p_vaddr;
    }
    if (!any_load || layout.high <= layout.low)
        return Errno::ENOEXEC;
    return layout;
}
