// confined PROG [ARGS...]: runs PROG natively under the host confinement a sandbox gets,
// and nothing else, so that bench/run can tell what that confinement costs from what
// Cell's kernel adds. PROG runs as pid 1 of new user (root mapped to the caller), mount,
// pid, ipc, uts and network namespaces, with no_new_privs, a Landlock ruleset like the
// launcher's (every access right of the host's ABI handled, "/" readable and executable),
// and two stacked seccomp filters that allow every x86-64 call. Exits with PROG's status,
// or 125 when the host refuses a step.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fail(const char* what)
{
    fprintf(stderr, "confined: %s: %s\n", what, strerror(errno));
    return 125;
}

static int write_file(const char* path, const char* text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int enter_namespaces(void)
{
    uid_t uid = geteuid();
    gid_t gid = getegid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNET) != 0)
        return -1;
    char map[64];
    snprintf(map, sizeof(map), "0 %u 1\n", uid);
    if (write_file("/proc/self/uid_map", map) != 0 || write_file("/proc/self/setgroups", "deny\n") != 0)
        return -1;
    snprintf(map, sizeof(map), "0 %u 1\n", gid);
    return write_file("/proc/self/gid_map", map);
}

// As the uapi header of Linux 6.12 has it; a build host's header may be older.
struct ruleset_attr {
    __u64 handled_access_fs;
    __u64 handled_access_net;
    __u64 scoped;
};

static int apply_landlock(void)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi < 1)
        return -1;
    struct ruleset_attr attr = { 0 };
    attr.handled_access_fs = (1ull << 13) - 1;
    if (abi >= 2)
        attr.handled_access_fs |= 1ull << 13; // REFER
    if (abi >= 3)
        attr.handled_access_fs |= 1ull << 14; // TRUNCATE
    if (abi >= 5)
        attr.handled_access_fs |= 1ull << 15; // IOCTL_DEV
    size_t size = offsetof(struct ruleset_attr, handled_access_net);
    if (abi >= 6) {
        attr.scoped = 1ull << 0 | 1ull << 1; // abstract unix sockets, signals
        size = sizeof(attr);
    }
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0)
        return -1;
    struct landlock_path_beneath_attr root = {
        .allowed_access = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR,
        .parent_fd = open("/", O_PATH | O_CLOEXEC),
    };
    int ok = root.parent_fd >= 0 && syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &root, 0) == 0
        && syscall(SYS_landlock_restrict_self, ruleset, 0) == 0;
    close(root.parent_fd);
    close(ruleset);
    return ok ? 0 : -1;
}

static int apply_seccomp(void)
{
    struct sock_filter allow_native[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = { sizeof(allow_native) / sizeof(allow_native[0]), allow_native };
    for (int i = 0; i < 2; ++i) {
        if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &program) != 0)
            return -1;
    }
    return 0;
}

int main(int argc, char** argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: confined PROG [ARGS...]\n");
        return 2;
    }
    if (enter_namespaces() != 0)
        return fail("namespaces");
    pid_t child = fork();
    if (child < 0)
        return fail("fork");
    if (child == 0) {
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
            _exit(fail("no_new_privs"));
        if (apply_landlock() != 0)
            _exit(fail("landlock"));
        if (apply_seccomp() != 0)
            _exit(fail("seccomp"));
        execvp(argv[1], argv + 1);
        _exit(errno == ENOENT ? 127 : 126);
    }
    int status;
    if (waitpid(child, &status, 0) < 0)
        return fail("waitpid");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
