// Copy-up: the first change to a lower object makes an upper copy of it (data, mode,
// owner, timestamps, extended attributes), after its parent directories. The upper
// copy records the lower inode number so that the object keeps its st_ino.

#include "kernel/abi/Fcntl.h"
#include "kernel/base/Arena.h"
#include "kernel/base/Memory.h"
#include "kernel/fs/overlay/OverlayInode.h"
#include "kernel/vfs/OpenFile.h"

namespace {

constexpr usize COPY_CHUNK = 64 * 1024;
constexpr usize XATTR_BUFFER = 64 * 1024;

// Scratch memory from the arena for one operation: kernel stacks are small.
class Scratch {
public:
    explicit Scratch(usize size)
        : m_size(size)
        , m_data(static_cast<char*>(arena().allocate(size)))
    {
    }
    ~Scratch()
    {
        if (m_data)
            arena().deallocate(m_data, m_size);
    }
    char* data() const { return m_data; }

private:
    usize m_size;
    char* m_data;
};

// Opens a layer's object outside of any mount, to read or write its data.
Result<OpenFile*> open_layer(Inode& inode, int flags)
{
    Path path = TRY(overlay_layer_path(Path(), inode));
    return inode.open(path, flags);
}

bool all_zero(const char* data, usize n)
{
    for (usize i = 0; i < n; ++i) {
        if (data[i])
            return false;
    }
    return true;
}

}

Result<void> OverlayInode::copy_up_data(Inode& upper)
{
    Scratch chunk(COPY_CHUNK);
    if (!chunk.data())
        return Errno::ENOMEM;
    OpenFile* from = TRY(open_layer(*m_lower, O_RDONLY | O_LARGEFILE));
    FileRef from_ref(from);
    OpenFile* to = TRY(open_layer(upper, O_WRONLY | O_LARGEFILE));
    FileRef to_ref(to);
    u64 at = 0;
    for (;;) {
        u64 n = TRY(from->pread(chunk.data(), COPY_CHUNK, i64(at)));
        if (n == 0)
            break;
        // Zero chunks stay holes, as in the sparse lower files they often come from.
        if (!all_zero(chunk.data(), n)) {
            for (u64 done = 0; done < n;)
                done += TRY(to->pwrite(chunk.data() + done, n - done, i64(at + done)));
        }
        at += n;
    }
    InodeAttr size;
    size.valid = ATTR_SIZE;
    size.size = at;
    return upper.setattr(size);
}

Result<void> OverlayInode::copy_up_xattrs(Inode& upper)
{
    Scratch names(XATTR_BUFFER);
    Scratch value(XATTR_BUFFER);
    if (!names.data() || !value.data())
        return Errno::ENOMEM;
    auto listed = m_lower->listxattr(names.data(), XATTR_BUFFER, true);
    // A lower filesystem without extended attributes has none to copy.
    if (listed.is_error())
        return {};
    for (usize at = 0; at < listed.value();) {
        StringView name(names.data() + at, cstr_length(names.data() + at));
        at += name.size() + 1;
        if (overlay_private_xattr(name))
            continue;
        auto got = m_lower->getxattr(name, value.data(), XATTR_BUFFER);
        if (got.is_error())
            continue;
        TRY(upper.setxattr(name, value.data(), got.value(), 0));
    }
    return {};
}

Result<void> OverlayInode::copy_up()
{
    if (m_upper)
        return {};
    // The root always has its upper, so every other object has a parent.
    TRY(m_parent->copy_up());
    Inode& dir = *m_parent->m_upper;
    linux_stat st {};
    TRY(m_lower->stat(st));
    InodeCreation creation;
    creation.mode = st.st_mode;
    creation.uid = st.st_uid;
    creation.gid = st.st_gid;
    creation.rdev = st.st_rdev;
    StringView name(m_name, m_name_length);
    Inode* made;
    switch (st.st_mode & S_IFMT) {
    case S_IFDIR:
        made = TRY(dir.mkdir(name, creation));
        break;
    case S_IFLNK: {
        Scratch target(PATH_MAX);
        if (!target.data())
            return Errno::ENOMEM;
        usize n = TRY(m_lower->readlink(target.data(), PATH_MAX));
        made = TRY(dir.symlink(name, StringView(target.data(), n), creation));
        break;
    }
    default:
        made = TRY(dir.create(name, creation));
        break;
    }
    auto filled = [&]() -> Result<void> {
        if ((st.st_mode & S_IFMT) == S_IFREG)
            TRY(copy_up_data(*made));
        TRY(copy_up_xattrs(*made));
        u64 origin = ino();
        TRY(made->setxattr("trusted.overlay.origin", &origin, sizeof(origin), 0));
        InodeAttr times;
        times.valid = ATTR_ATIME | ATTR_MTIME;
        times.atime = { i64(st.st_atime_sec), i64(st.st_atime_nsec) };
        times.mtime = { i64(st.st_mtime_sec), i64(st.st_mtime_nsec) };
        return made->setattr(times);
    }();
    if (filled.is_error()) {
        // A half-made copy must not shadow the lower object.
        if (made->is_directory())
            (void)dir.rmdir(name);
        else
            (void)dir.unlink(name);
        made->unref();
        return filled.error();
    }
    // Published last, for real()'s readers, which take no lock.
    __atomic_store_n(&m_upper, made, __ATOMIC_RELEASE);
    return {};
}
