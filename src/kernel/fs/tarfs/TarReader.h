#pragma once

// Reads the member headers of a tar archive without unpacking it: ustar (and the older
// v7 and GNU layouts), pax extended headers ('x': path, linkpath, size, mtime, uid, gid;
// 'g' is skipped), GNU long names and long link targets ('L'/'K'). Each call to next()
// yields one member with the offset of its data in the archive, so a filesystem can
// serve reads straight from the archive file.
//
// The archive is untrusted: every field is checked (header checksum, octal and base-256
// numbers, lengths, data inside the archive) and a bad one ends the walk with an error
// that names the reason and the byte offset, never with a crash.

#include "kernel/abi/Fcntl.h"
#include "kernel/base/Result.h"
#include "kernel/base/StringView.h"

constexpr u64 TAR_BLOCK = 512;

// The member kinds a filesystem sees. Pax and GNU bookkeeping headers never appear here.
enum class TarKind : u8 {
    Regular,
    HardLink,
    Symlink,
    CharDevice,
    BlockDevice,
    Directory,
    Fifo,
    // A member this reader cannot represent (GNU sparse files, volume labels): the
    // caller skips it.
    Unsupported,
};

struct TarMember {
    // Both point into the reader and stay valid until the next call to next().
    StringView path;
    StringView link_target;
    TarKind kind { TarKind::Regular };
    u32 mode { 0 }; // permission bits only (07777)
    u32 uid { 0 };
    u32 gid { 0 };
    i64 mtime { 0 };
    u64 size { 0 };
    u64 data_offset { 0 };
    u32 dev_major { 0 };
    u32 dev_minor { 0 };
    u64 header_offset { 0 };
};

// Why the walk stopped early: a static reason and the offset of the offending header.
struct TarError {
    const char* reason { nullptr };
    u64 offset { 0 };
};

class TarReader {
public:
    // Reads `len` bytes at `offset` of the archive; returns how many were read.
    using ReadFn = Result<u64> (*)(void* context, void* buffer, u64 len, u64 offset);

    TarReader(ReadFn read, void* context, u64 archive_size)
        : m_read(read)
        , m_context(context)
        , m_archive_size(archive_size)
    {
    }

    // Reads the next member into `member`. Returns false at the end of the archive (a
    // zero block, or the end of the file on a block boundary). On EINVAL, error() says
    // what was wrong; other errnos come from the read function.
    Result<bool> next(TarMember& member);
    const TarError& error() const { return m_error; }

private:
    // Reads `size` bytes at `offset`; false when the archive ends first.
    Result<bool> read_fully(u64 offset, void* buffer, u64 size);
    Result<void> read_block(u64 offset, u8* block);
    Result<bool> fail(const char* reason, u64 offset);
    // Reads a 'L'/'K' member's data (a NUL-terminated name) into `buffer`.
    Result<bool> read_long_name(u64 offset, u64 size, char* buffer, usize& length);
    // Reads and applies a pax 'x' member's records.
    Result<bool> read_pax(u64 offset, u64 size);
    Result<bool> apply_pax_record(StringView key, StringView value, u64 offset);

    ReadFn m_read;
    void* m_context;
    u64 m_archive_size;
    u64 m_position { 0 };
    TarError m_error;

    // Overrides collected from pax and GNU headers for the next real member.
    char m_path[PATH_MAX + 1] {};
    usize m_path_length { 0 };
    bool m_has_path { false };
    char m_link[PATH_MAX + 1] {};
    usize m_link_length { 0 };
    bool m_has_link { false };
    u64 m_pax_size { 0 };
    bool m_has_size { false };
    i64 m_pax_mtime { 0 };
    bool m_has_mtime { false };
    u32 m_pax_uid { 0 };
    bool m_has_uid { false };
    u32 m_pax_gid { 0 };
    bool m_has_gid { false };
    bool m_pax_sparse { false };
};

// Parses a numeric header field: octal digits (leading spaces allowed, ended by a space
// or NUL) or GNU base-256 (high bit of the first byte set, positive values only).
// Returns false for anything else or a value above `max`.
bool tar_parse_number(const u8* field, usize width, u64 max, u64& value);

// Whether the header's checksum field matches its bytes (the unsigned sum, or the
// signed one some old archivers wrote).
bool tar_checksum_ok(const u8* header);
