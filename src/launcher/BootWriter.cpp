#include "launcher/BootWriter.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

extern char** environ;

namespace cell {

namespace {

std::vector<std::string> guest_environment(const RunOptions& options)
{
    std::vector<std::string> env;
    if (!options.clear_env) {
        for (char** e = environ; *e; ++e)
            env.emplace_back(*e);
    }
    for (const auto& kv : options.env) {
        // "K=V" sets K; a bare "K" copies K from cell's own environment, if it is set there.
        auto eq = kv.find('=');
        std::string key = kv.substr(0, eq);
        std::string entry = kv;
        if (eq == std::string::npos) {
            const char* host = getenv(key.c_str());
            if (!host)
                continue;
            entry = key + "=" + host;
        }
        std::erase_if(env, [&](const std::string& e) { return e.substr(0, e.find('=')) == key; });
        env.push_back(entry);
    }
    return env;
}

}

std::unique_ptr<BootWriter> BootWriter::create(const RunOptions& options, int trace_fd, int log_fd, int image_fd)
{
    auto writer = std::unique_ptr<BootWriter>(new BootWriter());
    writer->m_fd = memfd_create("cell-boot", 0);
    if (writer->m_fd < 0 || ftruncate(writer->m_fd, sizeof(BootBlock)) < 0) {
        fmt::print(stderr, "cell: cannot create the boot block: {}\n", strerror(errno));
        return nullptr;
    }
    void* p = mmap(nullptr, sizeof(BootBlock), PROT_READ | PROT_WRITE, MAP_SHARED, writer->m_fd, 0);
    if (p == MAP_FAILED) {
        fmt::print(stderr, "cell: cannot map the boot block: {}\n", strerror(errno));
        return nullptr;
    }
    auto* block = static_cast<BootBlock*>(p);
    writer->m_block = block;
    block->magic = BOOT_MAGIC;
    block->version = BOOT_VERSION;
    block->flags = (trace_fd >= 0 ? BOOT_TRACE : 0) | (options.stats ? BOOT_STATS : 0)
        | (options.patch_sites ? 0 : BOOT_NO_PATCH) | (options.allow_weak_confinement ? BOOT_WEAK_CONFINEMENT : 0)
        | (options.cwd ? BOOT_CWD_GIVEN : 0);
    block->trace_fd = trace_fd;
    block->log_fd = log_fd;
    block->image_fd = image_fd;
    block->netns_pidfd = -1;
    block->netns_ready_fd = -1;
    block->netns_hold_fd = -1;

    std::string strings;
    for (const auto& arg : options.command)
        strings.append(arg).push_back('\0');
    auto env = guest_environment(options);
    for (const auto& e : env)
        strings.append(e).push_back('\0');
    std::string cwd;
    if (options.cwd) {
        cwd = *options.cwd;
    } else {
        char buffer[4096];
        cwd = getcwd(buffer, sizeof(buffer)) ? buffer : "/";
    }
    strings.append(cwd).push_back('\0');
    if (strings.size() > BOOT_STRINGS_MAX) {
        fmt::print(stderr, "cell: the argument list and environment are too long ({} bytes, at most {})\n", strings.size(),
            BOOT_STRINGS_MAX);
        return nullptr;
    }
    if (options.binds.size() > BOOT_BINDS_MAX) {
        fmt::print(stderr, "cell: too many --bind and --ro-bind options ({}, at most {})\n", options.binds.size(), BOOT_BINDS_MAX);
        return nullptr;
    }
    auto too_long = [](const std::string& path) {
        if (path.size() < BOOT_PATH_MAX)
            return false;
        fmt::print(stderr, "cell: path too long: {}\n", path);
        return true;
    };
    for (size_t i = 0; i < options.binds.size(); ++i) {
        const auto& bind = options.binds[i];
        if (too_long(bind.source) || too_long(bind.target))
            return nullptr;
        auto& slot = block->binds[i];
        slot.flags = (bind.read_only ? BOOT_BIND_READ_ONLY : 0) | (bind.tmpfs ? BOOT_BIND_TMPFS : 0) | (bind.is_file ? BOOT_BIND_FILE : 0);
        slot.dir_fd = bind.dir_fd;
        slot.size = bind.size;
        memcpy(slot.source, bind.source.c_str(), bind.source.size() + 1);
        memcpy(slot.target, bind.target.c_str(), bind.target.size() + 1);
    }
    block->bind_count = static_cast<uint32_t>(options.binds.size());
    block->root_fd = options.root_fd;
    if (options.root) {
        if (too_long(*options.root))
            return nullptr;
        memcpy(block->root, options.root->c_str(), options.root->size() + 1);
    }
    block->argc = static_cast<uint32_t>(options.command.size());
    block->envc = static_cast<uint32_t>(env.size());
    block->strings_size = static_cast<uint32_t>(strings.size());
    memcpy(block->strings, strings.data(), strings.size());
    return writer;
}

BootWriter::~BootWriter()
{
    if (m_block)
        munmap(m_block, sizeof(BootBlock));
    if (m_fd >= 0)
        close(m_fd);
}

}
