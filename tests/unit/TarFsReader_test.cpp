// Unit tests for tarfs's header parser (src/kernel/fs/tarfs/TarReader.cpp): archives are
// crafted in memory, including hostile ones, which must give a clean error.

#include "TestArena.h"
#include "kernel/fs/tarfs/TarReader.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

// The standard headers define errno macros that hide Errno's names.
#include "kernel/abi/errno_undef.h"

namespace {

constexpr u64 TEST_ARENA_BASE = 0x6dc000000000;

using Bytes = std::vector<u8>;

void put(Bytes& block, size_t at, const std::string& text) { memcpy(block.data() + at, text.data(), text.size()); }

void put_octal(Bytes& block, size_t at, size_t width, unsigned long long value)
{
    char buffer[32];
    snprintf(buffer, sizeof(buffer), "%0*llo", int(width - 1), value);
    put(block, at, buffer);
}

// Writes the checksum of the header at `at`.
void seal(Bytes& bytes, size_t at = 0)
{
    u8* header = bytes.data() + at;
    memset(header + 148, ' ', 8);
    unsigned sum = 0;
    for (size_t i = 0; i < 512; ++i)
        sum += header[i];
    char buffer[8];
    snprintf(buffer, sizeof(buffer), "%06o", sum);
    memcpy(header + 148, buffer, 7);
}

struct Spec {
    std::string name;
    char type { '0' };
    std::string data;
    std::string link;
    unsigned mode { 0644 };
    unsigned uid { 0 };
    unsigned gid { 0 };
    unsigned long long mtime { 1700000000 };
    std::string prefix;
    bool gnu_magic { false };
};

Bytes header_of(const Spec& s)
{
    Bytes h(512, 0);
    put(h, 0, s.name.substr(0, 100));
    put_octal(h, 100, 8, s.mode);
    put_octal(h, 108, 8, s.uid);
    put_octal(h, 116, 8, s.gid);
    put_octal(h, 124, 12, s.data.size());
    put_octal(h, 136, 12, s.mtime);
    h[156] = u8(s.type);
    put(h, 157, s.link.substr(0, 100));
    put(h, 257, s.gnu_magic ? std::string("ustar  ", 8) : std::string("ustar\0" "00", 8));
    put(h, 345, s.prefix);
    seal(h);
    return h;
}

void append(Bytes& archive, const Bytes& header, const std::string& data)
{
    archive.insert(archive.end(), header.begin(), header.end());
    archive.insert(archive.end(), data.begin(), data.end());
    archive.resize(archive.size() + (-data.size() & 511), 0);
}

void add(Bytes& archive, const Spec& s) { append(archive, header_of(s), s.data); }

std::string pax_record(const std::string& key, const std::string& value)
{
    std::string body = " " + key + "=" + value + "\n";
    size_t length = body.size() + 1;
    while (std::to_string(length).size() + body.size() != length)
        ++length;
    return std::to_string(length) + body;
}

void end(Bytes& archive) { archive.resize(archive.size() + 1024, 0); }

Result<u64> read_memory(void* context, void* buffer, u64 len, u64 offset)
{
    auto* archive = static_cast<Bytes*>(context);
    if (offset >= archive->size())
        return u64(0);
    u64 n = std::min<u64>(len, archive->size() - offset);
    memcpy(buffer, archive->data() + offset, n);
    return n;
}

class TarReaderTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_NE(use_test_arena(TEST_ARENA_BASE), nullptr); }

    // Reads every member; returns the paths, or stops at the first error.
    Result<std::vector<TarMember>> read_all(Bytes& archive, std::vector<std::string>* paths = nullptr,
        std::vector<std::string>* links = nullptr)
    {
        m_reader = std::make_unique<TarReader>(read_memory, &archive, archive.size());
        std::vector<TarMember> members;
        for (;;) {
            TarMember member;
            bool more = TRY(m_reader->next(member));
            if (!more)
                return members;
            if (paths)
                paths->emplace_back(member.path.data(), member.path.size());
            if (links)
                links->emplace_back(member.link_target.data(), member.link_target.size());
            members.push_back(member);
        }
    }
    std::unique_ptr<TarReader> m_reader;
};

TEST_F(TarReaderTest, UstarMembers)
{
    Bytes archive;
    add(archive, { .name = "./dir/", .type = '5', .mode = 0755 });
    add(archive, { .name = "./dir/file", .data = "hello", .mode = 04755, .uid = 1000, .gid = 100 });
    add(archive, { .name = "./dir/link", .type = '2', .link = "file" });
    add(archive, { .name = "./dir/hard", .type = '1', .link = "./dir/file" });
    add(archive, { .name = "file", .type = '0', .data = "x", .prefix = "a/very/long/prefix" });
    end(archive);
    std::vector<std::string> paths, links;
    auto members = read_all(archive, &paths, &links);
    ASSERT_TRUE(members.is_ok());
    ASSERT_EQ(members.value().size(), 5u);
    EXPECT_EQ(paths, (std::vector<std::string> { "./dir/", "./dir/file", "./dir/link", "./dir/hard", "a/very/long/prefix/file" }));
    const auto& file = members.value()[1];
    EXPECT_EQ(file.kind, TarKind::Regular);
    EXPECT_EQ(file.mode, 04755u);
    EXPECT_EQ(file.uid, 1000u);
    EXPECT_EQ(file.gid, 100u);
    EXPECT_EQ(file.size, 5u);
    EXPECT_EQ(file.mtime, 1700000000);
    EXPECT_EQ(file.data_offset, 1024u);
    EXPECT_EQ(memcmp(archive.data() + file.data_offset, "hello", 5), 0);
    EXPECT_EQ(members.value()[0].kind, TarKind::Directory);
    EXPECT_EQ(members.value()[2].kind, TarKind::Symlink);
    EXPECT_EQ(links[2], "file");
    EXPECT_EQ(members.value()[3].kind, TarKind::HardLink);
    EXPECT_EQ(members.value()[3].size, 0u);
}

TEST_F(TarReaderTest, GnuArchivesIgnoreThePrefixArea)
{
    Bytes archive;
    add(archive, { .name = "plain", .data = "abc", .prefix = "not-a-prefix", .gnu_magic = true });
    std::vector<std::string> paths;
    ASSERT_TRUE(read_all(archive, &paths).is_ok());
    EXPECT_EQ(paths, (std::vector<std::string> { "plain" }));
}

TEST_F(TarReaderTest, EndOfArchive)
{
    Bytes empty;
    auto none = read_all(empty);
    ASSERT_TRUE(none.is_ok());
    EXPECT_TRUE(none.value().empty());

    // A missing end-of-archive marker on a block boundary is accepted, as GNU tar does.
    Bytes unterminated;
    add(unterminated, { .name = "a", .data = "1" });
    auto one = read_all(unterminated);
    ASSERT_TRUE(one.is_ok());
    EXPECT_EQ(one.value().size(), 1u);
}

TEST_F(TarReaderTest, ChecksumMismatchIsAnError)
{
    Bytes archive;
    add(archive, { .name = "good", .data = "1" });
    Bytes bad = header_of({ .name = "bad", .data = "2" });
    bad[0] = 'B'; // after sealing
    append(archive, bad, "2");
    end(archive);
    auto result = read_all(archive);
    ASSERT_TRUE(result.is_error());
    EXPECT_EQ(result.error(), Errno::EINVAL);
    EXPECT_NE(strstr(m_reader->error().reason, "checksum"), nullptr);
    EXPECT_EQ(m_reader->error().offset, 1024u);
}

TEST_F(TarReaderTest, TruncatedArchives)
{
    Bytes archive;
    add(archive, { .name = "big", .data = std::string(5000, 'z') });
    end(archive);
    for (size_t cut : { size_t(100), size_t(512 + 4000), size_t(512 + 4999) }) {
        Bytes truncated(archive.begin(), archive.begin() + cut);
        auto result = read_all(truncated);
        ASSERT_TRUE(result.is_error()) << cut;
        EXPECT_EQ(result.error(), Errno::EINVAL);
        EXPECT_EQ(m_reader->error().offset, 0u);
    }
    // All the data but its padding to the block: nothing is missing, so it is read.
    Bytes unpadded(archive.begin(), archive.begin() + 512 + 5000);
    auto result = read_all(unpadded);
    ASSERT_TRUE(result.is_ok());
    EXPECT_EQ(result.value().size(), 1u);
}

TEST_F(TarReaderTest, BadNumbers)
{
    const char* bad_sizes[] = { "0000000009\0", "12a4\0      ", "-1         " };
    for (const char* size : bad_sizes) {
        Bytes h = header_of({ .name = "f" });
        memcpy(h.data() + 124, size, 11);
        seal(h);
        Bytes archive;
        append(archive, h, "");
        end(archive);
        auto result = read_all(archive);
        ASSERT_TRUE(result.is_error()) << size;
        EXPECT_NE(strstr(m_reader->error().reason, "size"), nullptr);
    }
    Bytes h = header_of({ .name = "f" });
    memcpy(h.data() + 108, "7z7\0", 4); // uid
    seal(h);
    Bytes archive;
    append(archive, h, "");
    EXPECT_TRUE(read_all(archive).is_error());
}

TEST_F(TarReaderTest, NumberFormats)
{
    u64 v = 0;
    EXPECT_TRUE(tar_parse_number(reinterpret_cast<const u8*>("  755 \0"), 8, ~u64(0), v));
    EXPECT_EQ(v, 0755u);
    EXPECT_TRUE(tar_parse_number(reinterpret_cast<const u8*>("\0\0\0\0\0\0\0\0"), 8, ~u64(0), v));
    EXPECT_EQ(v, 0u);
    EXPECT_FALSE(tar_parse_number(reinterpret_cast<const u8*>("7 7\0"), 4, ~u64(0), v));
    EXPECT_FALSE(tar_parse_number(reinterpret_cast<const u8*>("777\0"), 4, 0100, v));
    // GNU base-256: 0x80 marker, then big-endian bytes.
    const u8 big[12] = { 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0 };
    EXPECT_TRUE(tar_parse_number(big, 12, ~u64(0), v));
    EXPECT_EQ(v, 0x200000000ull);
    const u8 negative[12] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    EXPECT_FALSE(tar_parse_number(negative, 12, ~u64(0), v));
    const u8 overflow[12] = { 0x80, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    EXPECT_FALSE(tar_parse_number(overflow, 12, ~u64(0), v));
}

TEST_F(TarReaderTest, PaxRecordsOverrideTheHeader)
{
    Bytes archive;
    std::string records = pax_record("path", "./a path longer than a hundred bytes/" + std::string(120, 'p'))
        + pax_record("linkpath", "target") + pax_record("mtime", "1600000000.25") + pax_record("uid", "70000")
        + pax_record("gid", "4321") + pax_record("SCHILY.xattr.user.x", "ignored") + pax_record("size", "3");
    add(archive, { .name = "PaxHeaders/x", .type = 'x', .data = records });
    Bytes h = header_of({ .name = "short", .data = "" });
    append(archive, h, "abc"); // the header says 0 bytes; the pax size says 3
    add(archive, { .name = "after", .data = "after" });
    end(archive);
    std::vector<std::string> paths, links;
    auto members = read_all(archive, &paths, &links);
    ASSERT_TRUE(members.is_ok()) << (m_reader->error().reason ? m_reader->error().reason : "");
    ASSERT_EQ(members.value().size(), 2u);
    EXPECT_EQ(paths[0], "./a path longer than a hundred bytes/" + std::string(120, 'p'));
    EXPECT_EQ(links[0], "target");
    EXPECT_EQ(members.value()[0].mtime, 1600000000);
    EXPECT_EQ(members.value()[0].uid, 70000u);
    EXPECT_EQ(members.value()[0].gid, 4321u);
    EXPECT_EQ(members.value()[0].size, 3u);
    // The overrides apply to one member only.
    EXPECT_EQ(paths[1], "after");
    EXPECT_EQ(members.value()[1].uid, 0u);
    EXPECT_EQ(members.value()[1].size, 5u);
}

TEST_F(TarReaderTest, MalformedPaxRecords)
{
    std::string bad[] = { "5 a=b\n", "99 path=x\n", "x path=y\n", "6 path\n", "7 =abc\n", "10 path=xy", "11 size=1x\n",
        "12 mtime=x1\n", "10 uid=-1\n" };
    for (const auto& records : bad) {
        Bytes archive;
        add(archive, { .name = "pax", .type = 'x', .data = records });
        add(archive, { .name = "f", .data = "1" });
        end(archive);
        auto result = read_all(archive);
        ASSERT_TRUE(result.is_error()) << records;
        EXPECT_EQ(result.error(), Errno::EINVAL) << records;
        EXPECT_NE(strstr(m_reader->error().reason, "pax"), nullptr) << records;
    }
    // A pax header larger than the reader buffers is refused without allocating it.
    Bytes huge;
    Bytes h = header_of({ .name = "pax", .type = 'x' });
    put_octal(h, 124, 12, 64ull << 20);
    seal(h);
    append(huge, h, "");
    huge.resize(huge.size() + (64 << 20), 0);
    auto result = read_all(huge);
    ASSERT_TRUE(result.is_error());
    EXPECT_NE(strstr(m_reader->error().reason, "pax"), nullptr);
}

TEST_F(TarReaderTest, GnuLongNamesAndLinks)
{
    std::string long_name = "./" + std::string(150, 'n') + "/" + std::string(200, 'm');
    std::string long_link = std::string(300, 'l');
    Bytes archive;
    add(archive, { .name = "././@LongLink", .type = 'L', .data = long_name + '\0', .gnu_magic = true });
    add(archive, { .name = "././@LongLink", .type = 'K', .data = long_link + '\0', .gnu_magic = true });
    add(archive, { .name = "truncated-name", .type = '2', .link = "truncated-link", .gnu_magic = true });
    end(archive);
    std::vector<std::string> paths, links;
    ASSERT_TRUE(read_all(archive, &paths, &links).is_ok());
    EXPECT_EQ(paths, (std::vector<std::string> { long_name }));
    EXPECT_EQ(links, (std::vector<std::string> { long_link }));

    Bytes too_long;
    add(too_long, { .name = "././@LongLink", .type = 'L', .data = std::string(PATH_MAX + 10, 'x') });
    add(too_long, { .name = "f" });
    auto result = read_all(too_long);
    ASSERT_TRUE(result.is_error());
    EXPECT_NE(strstr(m_reader->error().reason, "long name"), nullptr);
}

TEST_F(TarReaderTest, NodesAndUnsupportedMembers)
{
    Bytes archive;
    Bytes dev = header_of({ .name = "null", .type = '3', .mode = 0666 });
    put_octal(dev, 329, 8, 1);
    put_octal(dev, 337, 8, 3);
    seal(dev);
    append(archive, dev, "");
    add(archive, { .name = "fifo", .type = '6' });
    add(archive, { .name = "sparse", .type = 'S', .data = "sparse data" });
    add(archive, { .name = "future", .type = 'Z', .data = "read as a file" });
    end(archive);
    auto members = read_all(archive);
    ASSERT_TRUE(members.is_ok());
    ASSERT_EQ(members.value().size(), 4u);
    EXPECT_EQ(members.value()[0].kind, TarKind::CharDevice);
    EXPECT_EQ(members.value()[0].dev_major, 1u);
    EXPECT_EQ(members.value()[0].dev_minor, 3u);
    EXPECT_EQ(members.value()[1].kind, TarKind::Fifo);
    EXPECT_EQ(members.value()[2].kind, TarKind::Unsupported);
    EXPECT_EQ(members.value()[3].kind, TarKind::Regular);
    EXPECT_EQ(members.value()[3].size, 14u);
}

TEST_F(TarReaderTest, CorruptedArchivesNeverCrash)
{
    Bytes archive;
    add(archive, { .name = "pax", .type = 'x', .data = pax_record("path", "renamed") + pax_record("size", "4") });
    append(archive, header_of({ .name = "f" }), "data");
    add(archive, { .name = "././@LongLink", .type = 'L', .data = std::string(200, 'q') + '\0' });
    add(archive, { .name = "g", .data = std::string(3000, 'g') });
    end(archive);
    std::mt19937 random(12345);
    for (int round = 0; round < 2000; ++round) {
        Bytes copy = archive;
        for (int flips = 0; flips < 4; ++flips)
            copy[random() % copy.size()] ^= u8(1 + random() % 255);
        // Re-sealing some headers lets corruption past the checksum into the fields.
        if (round % 2) {
            for (size_t at : { 0, 1024, 2048, 3072 })
                seal(copy, at);
        }
        auto result = read_all(copy);
        if (result.is_error() && result.error() == Errno::EINVAL)
            EXPECT_NE(m_reader->error().reason, nullptr);
    }
}

}
