#include "kernel/fs/tarfs/TarReader.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"

namespace {

// Field offsets and widths of the ustar header.
constexpr usize NAME = 0, NAME_LEN = 100;
constexpr usize MODE = 100, UID = 108, GID = 116, ID_LEN = 8;
constexpr usize SIZE = 124, MTIME = 136, NUM12_LEN = 12;
constexpr usize CHKSUM = 148, CHKSUM_LEN = 8;
constexpr usize TYPEFLAG = 156;
constexpr usize LINKNAME = 157;
constexpr usize MAGIC = 257;
constexpr usize DEVMAJOR = 329, DEVMINOR = 337;
constexpr usize PREFIX = 345, PREFIX_LEN = 155;

// Pax headers and GNU long names larger than this are refused rather than buffered: no
// real archive needs more, and a hostile one must not make the kernel allocate gigabytes.
constexpr u64 MAX_PAX_SIZE = 1024 * 1024;

constexpr u64 MAX_ID = 0xffffffffu;

usize field_length(const u8* field, usize width)
{
    usize n = 0;
    while (n < width && field[n])
        ++n;
    return n;
}

bool all_zero(const u8* block)
{
    for (usize i = 0; i < TAR_BLOCK; ++i) {
        if (block[i])
            return false;
    }
    return true;
}

u64 round_up_block(u64 n) { return (n + TAR_BLOCK - 1) & ~(TAR_BLOCK - 1); }

bool parse_decimal(StringView text, u64 max, u64& value)
{
    if (text.empty())
        return false;
    u64 v = 0;
    for (usize i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c < '0' || c > '9')
            return false;
        if (__builtin_mul_overflow(v, 10u, &v) || __builtin_add_overflow(v, u64(c - '0'), &v) || v > max)
            return false;
    }
    value = v;
    return true;
}

// A pax time is decimal seconds with an optional sign and fraction; the fraction is
// dropped because this filesystem keeps whole seconds.
bool parse_pax_time(StringView text, i64& value)
{
    bool negative = !text.empty() && text[0] == '-';
    if (negative)
        text = text.substr(1);
    usize dot = text.find('.');
    u64 seconds = 0;
    if (!parse_decimal(text.substr(0, dot), u64(1) << 62, seconds))
        return false;
    value = negative ? -i64(seconds) : i64(seconds);
    return true;
}

TarKind kind_of(u8 typeflag)
{
    switch (typeflag) {
    case '0':
    case '\0':
    case '7': // contiguous files are ordinary files everywhere but on one old system
        return TarKind::Regular;
    case '1':
        return TarKind::HardLink;
    case '2':
        return TarKind::Symlink;
    case '3':
        return TarKind::CharDevice;
    case '4':
        return TarKind::BlockDevice;
    case '5':
    case 'D': // a GNU incremental dump directory: its data lists names, not content
        return TarKind::Directory;
    case '6':
        return TarKind::Fifo;
    case 'S': // GNU sparse
    case 'V': // volume label
    case 'M': // continuation of a multi-volume member
        return TarKind::Unsupported;
    default:
        // POSIX: an unknown type is read as a regular file.
        return TarKind::Regular;
    }
}

// Whether data blocks follow a member of this kind. Links, directories and device nodes
// carry none, whatever their size field says.
bool has_data(TarKind kind) { return kind == TarKind::Regular || kind == TarKind::Unsupported; }

}

bool tar_parse_number(const u8* field, usize width, u64 max, u64& value)
{
    if (width == 0)
        return false;
    if (field[0] & 0x80) {
        // GNU base-256: big-endian, the first byte's top bit is the marker and the next
        // one the sign. Negative values are refused.
        if (field[0] & 0x40)
            return false;
        u64 v = field[0] & 0x3f;
        for (usize i = 1; i < width; ++i) {
            if (v > (~u64(0) >> 8))
                return false;
            v = (v << 8) | field[i];
        }
        if (v > max)
            return false;
        value = v;
        return true;
    }
    usize i = 0;
    while (i < width && field[i] == ' ')
        ++i;
    u64 v = 0;
    usize digits = 0;
    for (; i < width && field[i] >= '0' && field[i] <= '7'; ++i, ++digits) {
        if (v > (~u64(0) >> 3))
            return false;
        v = (v << 3) | u64(field[i] - '0');
    }
    // The digits end with a space or NUL, or run to the end of the field; an empty field
    // is zero (some archivers leave unused fields blank).
    for (; i < width; ++i) {
        if (field[i] != ' ' && field[i] != '\0')
            return false;
    }
    if (v > max)
        return false;
    value = v;
    return true;
}

bool tar_checksum_ok(const u8* header)
{
    u64 recorded = 0;
    if (!tar_parse_number(header + CHKSUM, CHKSUM_LEN, ~u64(0), recorded))
        return false;
    // The checksum field itself counts as eight spaces. Summing every byte and then
    // correcting for the field keeps the loop simple: it runs once per member.
    u64 unsigned_sum = 8 * u64(' ');
    for (usize i = 0; i < TAR_BLOCK; ++i)
        unsigned_sum += header[i];
    for (usize i = CHKSUM; i < CHKSUM + CHKSUM_LEN; ++i)
        unsigned_sum -= header[i];
    if (recorded == unsigned_sum)
        return true;
    i64 signed_sum = 8 * i64(' ');
    for (usize i = 0; i < TAR_BLOCK; ++i) {
        if (i < CHKSUM || i >= CHKSUM + CHKSUM_LEN)
            signed_sum += i8(header[i]);
    }
    return i64(recorded) == signed_sum;
}

Result<bool> TarReader::fail(const char* reason, u64 offset)
{
    m_error = { reason, offset };
    return Errno::EINVAL;
}

Result<bool> TarReader::read_fully(u64 offset, void* buffer, u64 size)
{
    u64 done = 0;
    while (done < size) {
        u64 n = TRY(m_read(m_context, static_cast<u8*>(buffer) + done, size - done, offset + done));
        if (n == 0)
            return false;
        done += n;
    }
    return true;
}

Result<void> TarReader::read_block(u64 offset, u8* block)
{
    if (!TRY(read_fully(offset, block, TAR_BLOCK)))
        return Errno::EIO;
    return {};
}

Result<bool> TarReader::read_long_name(u64 offset, u64 size, char* buffer, usize& length)
{
    if (size == 0 || size > PATH_MAX + 1)
        return fail("a GNU long name is empty or longer than PATH_MAX", offset);
    if (!TRY(read_fully(offset + TAR_BLOCK, buffer, size)))
        return fail("the archive ends inside a GNU long name", offset);
    // The name is NUL-terminated inside its data, or runs to the end of it.
    length = 0;
    while (length < size && buffer[length])
        ++length;
    if (length > PATH_MAX)
        return fail("a GNU long name is longer than PATH_MAX", offset);
    buffer[length] = '\0';
    return true;
}

Result<bool> TarReader::apply_pax_record(StringView key, StringView value, u64 offset)
{
    auto copy = [&](char* buffer, usize& length, bool& has) -> Result<bool> {
        if (value.size() > PATH_MAX)
            return fail("a pax path is longer than PATH_MAX", offset);
        mem_copy(buffer, value.data(), value.size());
        buffer[value.size()] = '\0';
        length = value.size();
        has = true;
        return true;
    };
    u64 number = 0;
    if (key == "path")
        return copy(m_path, m_path_length, m_has_path);
    if (key == "linkpath")
        return copy(m_link, m_link_length, m_has_link);
    if (key == "size") {
        if (!parse_decimal(value, u64(1) << 62, number))
            return fail("a pax size record is not a number", offset);
        m_pax_size = number;
        m_has_size = true;
    } else if (key == "mtime") {
        if (!parse_pax_time(value, m_pax_mtime))
            return fail("a pax mtime record is not a time", offset);
        m_has_mtime = true;
    } else if (key == "uid" || key == "gid") {
        if (!parse_decimal(value, MAX_ID, number))
            return fail("a pax uid or gid record is not a number", offset);
        (key == "uid" ? m_pax_uid : m_pax_gid) = u32(number);
        (key == "uid" ? m_has_uid : m_has_gid) = true;
    } else if (key.starts_with("GNU.sparse.")) {
        m_pax_sparse = true;
    }
    // Other keys (atime, ctime, uname, gname, charsets, xattrs) are not kept.
    return true;
}

Result<bool> TarReader::read_pax(u64 offset, u64 size)
{
    if (size > MAX_PAX_SIZE)
        return fail("a pax header is larger than 1 MiB", offset);
    if (size == 0)
        return true;
    auto* data = static_cast<char*>(arena().allocate(size));
    if (!data)
        return Errno::ENOMEM;
    struct Free {
        char* p;
        u64 n;
        ~Free() { arena().deallocate(p, n); }
    } release { data, size };
    if (!TRY(read_fully(offset + TAR_BLOCK, data, size)))
        return fail("the archive ends inside a pax header", offset);
    // Each record is "LENGTH KEY=VALUE\n", LENGTH counting the whole record.
    StringView text(data, size);
    usize pos = 0;
    while (pos < size) {
        StringView rest = text.substr(pos);
        usize space = rest.find(' ');
        u64 length = 0;
        if (space == rest.size() || !parse_decimal(rest.substr(0, space), rest.size(), length) || length <= space + 1)
            return fail("a pax record has a bad length", offset);
        StringView record = rest.substr(space + 1, length - space - 1);
        if (record.empty() || record[record.size() - 1] != '\n')
            return fail("a pax record does not end with a newline", offset);
        record = record.substr(0, record.size() - 1);
        usize eq = record.find('=');
        if (eq == record.size() || eq == 0)
            return fail("a pax record has no key", offset);
        TRY(apply_pax_record(record.substr(0, eq), record.substr(eq + 1), offset));
        pos += length;
    }
    return true;
}

Result<bool> TarReader::next(TarMember& member)
{
    u8 header[TAR_BLOCK];
    for (;;) {
        u64 at = m_position;
        if (at == m_archive_size)
            return false; // no end-of-archive blocks: accepted, as GNU tar does
        if (m_archive_size - at < TAR_BLOCK)
            return fail("the archive ends inside a header", at);
        TRY(read_block(at, header));
        if (all_zero(header))
            return false;
        if (!tar_checksum_ok(header))
            return fail("a header checksum does not match", at);

        u64 size = 0;
        if (!tar_parse_number(header + SIZE, NUM12_LEN, u64(1) << 62, size))
            return fail("a size field is not a number", at);
        u8 typeflag = header[TYPEFLAG];
        bool bookkeeping = typeflag == 'x' || typeflag == 'g' || typeflag == 'L' || typeflag == 'K';
        TarKind kind = kind_of(typeflag);
        if (!bookkeeping && m_has_size)
            size = m_pax_size;
        if (!bookkeeping && !has_data(kind))
            size = 0;
        u64 data_end = 0;
        if (__builtin_add_overflow(at + TAR_BLOCK, round_up_block(size), &data_end) || data_end < at
            || at + TAR_BLOCK + size > m_archive_size)
            return fail("a member's data runs past the end of the archive", at);
        m_position = data_end > m_archive_size ? m_archive_size : data_end;

        if (typeflag == 'x') {
            TRY(read_pax(at, size));
            continue;
        }
        if (typeflag == 'g') // global defaults are rare in root images and not kept
            continue;
        if (typeflag == 'L') {
            TRY(read_long_name(at, size, m_path, m_path_length));
            m_has_path = true;
            continue;
        }
        if (typeflag == 'K') {
            TRY(read_long_name(at, size, m_link, m_link_length));
            m_has_link = true;
            continue;
        }

        u64 mode = 0, uid = 0, gid = 0, mtime = 0, major = 0, minor = 0;
        if (!tar_parse_number(header + MODE, ID_LEN, 07777777, mode) || !tar_parse_number(header + UID, ID_LEN, MAX_ID, uid)
            || !tar_parse_number(header + GID, ID_LEN, MAX_ID, gid)
            || !tar_parse_number(header + MTIME, NUM12_LEN, u64(1) << 62, mtime))
            return fail("a mode, uid, gid or mtime field is not a number", at);
        bool ustar = mem_compare(header + MAGIC, "ustar", 5) == 0;
        if (ustar && (kind == TarKind::CharDevice || kind == TarKind::BlockDevice)
            && (!tar_parse_number(header + DEVMAJOR, ID_LEN, 0xfff, major)
                || !tar_parse_number(header + DEVMINOR, ID_LEN, 0xfffff, minor)))
            return fail("a device number field is not a number", at);

        if (!m_has_path) {
            // POSIX ustar splits long names into prefix "/" name; GNU archives use the
            // prefix area for other things and say so with "ustar  " as their magic.
            usize n = 0;
            bool posix = ustar && header[MAGIC + 5] == '\0';
            usize prefix_length = posix ? field_length(header + PREFIX, PREFIX_LEN) : 0;
            if (prefix_length) {
                mem_copy(m_path, header + PREFIX, prefix_length);
                n = prefix_length;
                m_path[n++] = '/';
            }
            usize name_length = field_length(header + NAME, NAME_LEN);
            mem_copy(m_path + n, header + NAME, name_length);
            m_path_length = n + name_length;
            m_path[m_path_length] = '\0';
        }
        if (!m_has_link) {
            m_link_length = field_length(header + LINKNAME, NAME_LEN);
            mem_copy(m_link, header + LINKNAME, m_link_length);
            m_link[m_link_length] = '\0';
        }

        member.path = StringView(m_path, m_path_length);
        member.link_target = StringView(m_link, m_link_length);
        member.kind = m_pax_sparse ? TarKind::Unsupported : kind;
        member.mode = u32(mode & 07777);
        member.uid = m_has_uid ? m_pax_uid : u32(uid);
        member.gid = m_has_gid ? m_pax_gid : u32(gid);
        member.mtime = m_has_mtime ? m_pax_mtime : i64(mtime);
        member.size = size;
        member.data_offset = at + TAR_BLOCK;
        member.dev_major = u32(major);
        member.dev_minor = u32(minor);
        member.header_offset = at;
        if (member.path.empty())
            return fail("a member has an empty name", at);
        m_has_path = m_has_link = m_has_size = m_has_mtime = m_has_uid = m_has_gid = m_pax_sparse = false;
        return true;
    }
}
