// The address space against /proc: adopting the host's mappings at boot, and rendering
// the guest's /proc/PID/maps.

#include "kernel/abi/Fcntl.h"
#include "kernel/abi/Mman.h"
#include "kernel/base/Format.h"
#include "kernel/base/Layout.h"
#include "kernel/base/Memory.h"
#include "kernel/mm/AddressSpace.h"
#include "platform/Platform.h"

namespace {

constexpr u64 VSYSCALL_START = 0xffffffffff600000;
constexpr u64 VSYSCALL_END = 0xffffffffff601000;

void skip_field(StringView s, usize& pos)
{
    while (pos < s.size() && s[pos] != ' ')
        ++pos;
    while (pos < s.size() && s[pos] == ' ')
        ++pos;
}

int parse_prot(StringView perms)
{
    int prot = 0;
    if (perms.size() >= 3) {
        prot |= perms[0] == 'r' ? PROT_READ : 0;
        prot |= perms[1] == 'w' ? PROT_WRITE : 0;
        prot |= perms[2] == 'x' ? PROT_EXEC : 0;
    }
    return prot;
}

const char* special_name(VmaKind kind)
{
    switch (kind) {
    case VmaKind::Heap:
        return "[heap]";
    case VmaKind::Stack:
        return "[stack]";
    case VmaKind::Vdso:
        return "[vdso]";
    case VmaKind::Vvar:
        return "[vvar]";
    case VmaKind::VvarVclock:
        return "[vvar_vclock]";
    case VmaKind::SharedAnonymous:
        return "/dev/zero (deleted)";
    default:
        return nullptr;
    }
}

// The width Linux pads the fixed columns to before a name (25 + 6 * sizeof(void*) - 1).
constexpr usize MAPS_NAME_COLUMN = 72;

void format_line(StringBuilder& out, u64 start, u64 end, int prot, bool shared, u64 offset, u64 dev, u64 inode, StringView name)
{
    char line[MAPS_NAME_COLUMN + 8];
    StringBuilder prefix(line, sizeof(line));
    u32 major = u32((dev >> 8) & 0xfff);
    u32 minor = u32((dev & 0xff) | ((dev >> 12) & 0xfff00));
    prefix.appendf("%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", start, end, (prot & PROT_READ) ? 'r' : '-',
        (prot & PROT_WRITE) ? 'w' : '-', (prot & PROT_EXEC) ? 'x' : '-', shared ? 's' : 'p', offset, major, minor, inode);
    out.append(prefix.view());
    if (!name.empty()) {
        for (usize column = prefix.length(); column < MAPS_NAME_COLUMN; ++column)
            out.append(' ');
        out.append(' ');
        out.append(name);
    }
    out.append('\n');
}

}

Result<void> AddressSpace::adopt_host_mappings()
{
    int fd = TRY(platform::openat(AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC, 0));
    char buffer[8192];
    usize held = 0;
    Result<void> result;
    for (;;) {
        auto n = platform::read(fd, buffer + held, sizeof(buffer) - held);
        if (n.is_error()) {
            result = n.error();
            break;
        }
        held += n.value();
        usize consumed = 0;
        for (usize i = 0; i < held; ++i) {
            if (buffer[i] != '\n')
                continue;
            if (auto r = adopt_host_maps_text(StringView(buffer + consumed, i + 1 - consumed)); r.is_error())
                result = r.error();
            consumed = i + 1;
        }
        mem_move(buffer, buffer + consumed, held - consumed);
        held -= consumed;
        if (n.value() == 0 || held == sizeof(buffer))
            break;
    }
    (void)platform::close(fd);
    return result;
}

Result<void> AddressSpace::adopt_host_maps_text(StringView text)
{
    usize start = 0;
    while (start < text.size()) {
        usize end = text.find('\n', start);
        TRY(adopt_line(text.substr(start, end - start)));
        start = end + 1;
    }
    return {};
}

// One line of the host's maps: "start-end perms offset dev inode   name".
Result<void> AddressSpace::adopt_line(StringView line)
{
    usize pos = 0;
    u64 start = parse_hex(line, pos);
    if (pos >= line.size() || line[pos] != '-')
        return {};
    ++pos;
    u64 end = parse_hex(line, pos);
    ++pos;
    StringView perms = line.substr(pos, 4);
    skip_field(line, pos); // perms
    skip_field(line, pos); // offset
    skip_field(line, pos); // dev
    skip_field(line, pos); // inode
    StringView name = line.substr(pos);
    while (!name.empty() && name[name.size() - 1] == ' ')
        name = name.substr(0, name.size() - 1);
    if (start >= layout::TASK_SIZE) {
        if (name == "[vsyscall]")
            m_has_vsyscall = true;
        return {};
    }
    if (end > layout::TASK_SIZE)
        end = layout::TASK_SIZE;
    VmaKind kind = VmaKind::Hidden;
    if (name == "[vdso]")
        kind = VmaKind::Vdso;
    else if (name == "[vvar]")
        kind = VmaKind::Vvar;
    else if (name == "[vvar_vclock]")
        kind = VmaKind::VvarVclock;
    if (kind == VmaKind::Hidden)
        return add_hidden(start, end);
    MutexLocker locker(m_lock);
    TRY(reserve(3));
    drop_range(start, end);
    Vma vma;
    vma.start = start;
    vma.end = end;
    vma.prot = parse_prot(perms);
    vma.kind = kind;
    insert_at(index_after(start), vma);
    merge_range(start, end);
    return {};
}

u64 AddressSpace::visible_stack_start(const Vma& vma) const
{
    if (m_stack_floor <= vma.start || m_stack_floor >= vma.end)
        return vma.start;
    u8 vec[512];
    for (u64 at = vma.start; at < m_stack_floor;) {
        u64 pages = (m_stack_floor - at) / PAGE_SIZE;
        if (pages > sizeof(vec))
            pages = sizeof(vec);
        if (platform::mincore(at, pages * PAGE_SIZE, vec).is_error())
            return vma.start;
        for (u64 i = 0; i < pages; ++i) {
            if (vec[i] & 1)
                return at + i * PAGE_SIZE;
        }
        at += pages * PAGE_SIZE;
    }
    return m_stack_floor;
}

u64 AddressSpace::format_maps(StringBuilder& out, u64 from)
{
    MutexLocker locker(m_lock);
    u64 done = from;
    for (u32 i = index_after(from); i < m_count; ++i) {
        const Vma& vma = m_vmas[i];
        if (vma.is_hidden())
            continue;
        StringView name;
        if (vma.kind == VmaKind::File && vma.name)
            name = vma.name->view();
        else if (const char* special = special_name(vma.kind))
            name = special;
        bool has_file = vma.kind == VmaKind::File || vma.kind == VmaKind::SharedAnonymous;
        u64 start = vma.kind == VmaKind::Stack ? visible_stack_start(vma) : vma.start;
        format_line(out, start, vma.end, vma.prot, vma.flags & VM_SHARED, has_file ? vma.offset : 0, has_file ? vma.dev : 0,
            has_file ? vma.inode : 0, name);
        if (out.overflowed())
            return done;
        done = vma.end;
    }
    if (m_has_vsyscall && from < VSYSCALL_END) {
        format_line(out, VSYSCALL_START, VSYSCALL_END, PROT_EXEC, false, 0, 0, 0, "[vsyscall]");
        if (!out.overflowed())
            done = VSYSCALL_END;
    }
    return done;
}
