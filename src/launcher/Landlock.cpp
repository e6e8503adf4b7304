#include "launcher/Landlock.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cell {

namespace {

// The uapi constants (linux/landlock.h), spelled out because the build host's header may
// predate the ABI versions the running kernel offers.
constexpr uint32_t LANDLOCK_CREATE_RULESET_VERSION = 1u << 0;
constexpr int LANDLOCK_RULE_PATH_BENEATH = 1;

constexpr uint64_t LANDLOCK_ACCESS_FS_EXECUTE = 1ull << 0;
constexpr uint64_t LANDLOCK_ACCESS_FS_WRITE_FILE = 1ull << 1;
constexpr uint64_t LANDLOCK_ACCESS_FS_READ_FILE = 1ull << 2;
constexpr uint64_t LANDLOCK_ACCESS_FS_READ_DIR = 1ull << 3;
// ABI 1 handles bits 0-12 (execute through make_sym); ABI 2 adds refer, 3 truncate,
// 5 ioctl_dev.
constexpr uint64_t ACCESS_FS_ABI1 = (1ull << 13) - 1;
constexpr uint64_t LANDLOCK_ACCESS_FS_REFER = 1ull << 13;
constexpr uint64_t LANDLOCK_ACCESS_FS_TRUNCATE = 1ull << 14;
constexpr uint64_t LANDLOCK_ACCESS_FS_IOCTL_DEV = 1ull << 15;
constexpr uint64_t LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET = 1ull << 0;
constexpr uint64_t LANDLOCK_SCOPE_SIGNAL = 1ull << 1;

struct landlock_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

struct __attribute__((packed)) landlock_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
};

std::vector<LandlockGrant> s_grants;

constexpr uint64_t READ_RIGHTS = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;

uint64_t handled_fs_rights(int abi)
{
    uint64_t rights = ACCESS_FS_ABI1;
    if (abi >= 2)
        rights |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3)
        rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5)
        rights |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    return rights;
}

// Adds a rule for `path` with `rights`; Landlock accepts only file rights on a file.
// `fd` names the path when it was opened earlier; otherwise the path is opened here.
bool add_rule(int ruleset, const std::string& path, uint64_t rights, int given_fd = -1)
{
    int fd = given_fd >= 0 ? given_fd : open(path.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) {
        fmt::print(stderr, "cell: cannot open {} for the Landlock ruleset: {}\n", path, strerror(errno));
        return false;
    }
    struct stat st {};
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
        rights &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE
            | LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV;
    landlock_path_beneath_attr rule {};
    rule.allowed_access = rights;
    rule.parent_fd = fd;
    bool ok = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == 0;
    if (!ok)
        fmt::print(stderr, "cell: cannot add the Landlock rule for {}: {}\n", path, strerror(errno));
    if (fd != given_fd)
        close(fd);
    return ok;
}

}

void set_landlock_grants(std::vector<LandlockGrant> grants) { s_grants = std::move(grants); }

int landlock_abi(const char** why)
{
    long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi > 0)
        return static_cast<int>(abi);
    if (errno == ENOSYS)
        *why = "the host kernel was built without Landlock";
    else if (errno == EOPNOTSUPP)
        *why = "Landlock is disabled on the host (it is not in the lsm= boot parameter)";
    else
        *why = strerror(errno);
    return 0;
}

bool apply_landlock(int abi)
{
    landlock_ruleset_attr attr {};
    attr.handled_access_fs = handled_fs_rights(abi);
    // The net namespace already isolates networking; Landlock's network rights are left
    // unhandled here. Scoping (ABI 6) keeps signals and abstract unix sockets inside.
    size_t attr_size = offsetof(landlock_ruleset_attr, handled_access_net);
    if (abi >= 6) {
        attr.scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL;
        attr_size = sizeof(attr);
    }
    int ruleset = static_cast<int>(syscall(SYS_landlock_create_ruleset, &attr, attr_size, 0));
    if (ruleset < 0) {
        fmt::print(stderr, "cell: cannot create the Landlock ruleset: {}\n", strerror(errno));
        return false;
    }
    bool ok = add_rule(ruleset, "/", READ_RIGHTS);
    // A read-write grant gets every right the ruleset handles beneath it; a read-only one
    // adds nothing to what "/" already gives, but is listed for clarity.
    for (const auto& grant : s_grants)
        ok = ok && add_rule(ruleset, grant.path, grant.writable ? attr.handled_access_fs : READ_RIGHTS, grant.fd);
    if (ok && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
        fmt::print(stderr, "cell: cannot apply the Landlock ruleset: {}\n", strerror(errno));
        ok = false;
    }
    close(ruleset);
    return ok;
}

}
