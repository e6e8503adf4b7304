#include "launcher/Landlock.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cell {

namespace {

// The uapi constants (linux/landlock.h), spelled out because the build host's header may
// predate the ABI versions the running kernel offers.
constexpr uint32_t LANDLOCK_CREATE_RULESET_VERSION = 1u << 0;
constexpr int LANDLOCK_RULE_PATH_BENEATH = 1;

constexpr uint64_t LANDLOCK_ACCESS_FS_EXECUTE = 1ull << 0;
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

}

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
    bool ok = false;
    int root = open("/", O_PATH | O_CLOEXEC | O_DIRECTORY);
    if (root < 0) {
        fmt::print(stderr, "cell: cannot open / for the Landlock ruleset: {}\n", strerror(errno));
    } else {
        landlock_path_beneath_attr rule {};
        rule.allowed_access = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
        rule.parent_fd = root;
        if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) != 0)
            fmt::print(stderr, "cell: cannot add the Landlock rule for /: {}\n", strerror(errno));
        else if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0)
            fmt::print(stderr, "cell: cannot apply the Landlock ruleset: {}\n", strerror(errno));
        else
            ok = true;
        close(root);
    }
    close(ruleset);
    return ok;
}

}
