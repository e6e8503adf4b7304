#include "launcher/Image.h"

#include <fmt/core.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cell {

namespace {

void image_error(const std::string& path, const std::string& why) { fmt::print(stderr, "cell: --image {}: {}\n", path, why); }

bool write_all(int fd, const char* data, size_t size)
{
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= size_t(n);
    }
    return true;
}

// Inflates the gzip stream on `fd` into a new memfd. The launcher does this, once, rather
// than the kernel: zlib is an ordinary library here but would have to be rebuilt
// freestanding for the kernel, a gzip stream cannot be read at random offsets (tarfs
// serves every read with a pread at the member's offset), and a corrupt stream is
// reported before the sandbox exists. The memfd is anonymous memory, so no host path
// needs a Landlock grant, and the kernel indexes it exactly like a plain archive.
int inflate_to_memfd(const std::string& path, int fd)
{
    int out = memfd_create("cell-image", 0);
    if (out < 0) {
        image_error(path, std::string("cannot create a memfd: ") + strerror(errno));
        return -1;
    }
    int in = dup(fd);
    gzFile gz = in >= 0 ? gzdopen(in, "rb") : nullptr;
    if (!gz) {
        if (in >= 0)
            close(in);
        close(out);
        image_error(path, "cannot read the gzip stream");
        return -1;
    }
    gzbuffer(gz, 256 * 1024);
    std::string buffer(1 << 20, '\0');
    for (;;) {
        int n = gzread(gz, buffer.data(), unsigned(buffer.size()));
        if (n < 0) {
            int code = 0;
            std::string message = gzerror(gz, &code) ?: "read error";
            // zlib names the stream "<fd:N>: "; the path is already in the message.
            if (message.starts_with("<fd:") && message.find(": ") != std::string::npos)
                message = message.substr(message.find(": ") + 2);
            image_error(path, "not a valid gzip file: " + message);
            gzclose(gz);
            close(out);
            return -1;
        }
        if (n == 0)
            break;
        if (!write_all(out, buffer.data(), size_t(n))) {
            image_error(path, std::string("cannot inflate into memory: ") + strerror(errno));
            gzclose(gz);
            close(out);
            return -1;
        }
    }
    gzclose(gz);
    return out;
}

}

int open_image(const std::string& path)
{
    // Not close-on-exec: the kernel image inherits the fd.
    int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0) {
        image_error(path, strerror(errno));
        return -1;
    }
    struct stat st {};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        image_error(path, "not a regular file");
        close(fd);
        return -1;
    }
    unsigned char magic[2] {};
    if (pread(fd, magic, sizeof(magic), 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        int inflated = inflate_to_memfd(path, fd);
        close(fd);
        return inflated;
    }
    return fd;
}

}
