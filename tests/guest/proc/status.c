/* /proc/self/status: the field names in Linux's order, and the values that are facts
 * about this process (pid, name, ids, state, thread count). Fields that only some 6.x
 * kernels print are left out, so that the native reference does not depend on the
 * host's kernel version. */
#include "../guest.h"

#include <libgen.h>

static const char* const VERSION_DEPENDENT[] = {
    "Kthread", "untag_mask", "THP_enabled", "x86_Thread_features", "x86_Thread_features_locked", "Seccomp_filters",
    "SpeculationIndirectBranch", "Speculation_Store_Bypass", NULL,
};

static int version_dependent(const char* name)
{
    for (int i = 0; VERSION_DEPENDENT[i]; ++i) {
        if (strcmp(name, VERSION_DEPENDENT[i]) == 0)
            return 1;
    }
    return 0;
}

static char text[65536];

static const char* field(const char* name)
{
    static char value[4096];
    char key[64];
    snprintf(key, sizeof(key), "\n%s:\t", name);
    const char* at = strstr(text, key);
    if (!at)
        return NULL;
    at += strlen(key);
    size_t n = strcspn(at, "\n");
    if (n >= sizeof(value))
        n = sizeof(value) - 1;
    memcpy(value, at, n);
    value[n] = '\0';
    return value;
}

int main(int argc, char** argv)
{
    FILE* f = fopen("/proc/self/status", "r");
    if (!f) {
        printf("open: %s\n", errno_name(errno));
        return 1;
    }
    size_t n = fread(text + 1, 1, sizeof(text) - 2, f);
    fclose(f);
    text[0] = '\n';
    text[n + 1] = '\0';

    printf("fields:");
    for (char* line = text + 1; *line; line = strchr(line, '\n') + 1) {
        char* colon = strchr(line, ':');
        char* end = strchr(line, '\n');
        if (!colon || !end || colon > end) {
            printf(" <malformed>");
            break;
        }
        *colon = '\0';
        if (!version_dependent(line))
            printf(" %s", line);
        *colon = ':';
    }
    printf("\n");

    char pid[32];
    snprintf(pid, sizeof(pid), "%d", getpid());
    char ppid[32];
    snprintf(ppid, sizeof(ppid), "%d", getppid());
    char name[16];
    snprintf(name, sizeof(name), "%s", basename(argv[0]));
    char uids[64];
    snprintf(uids, sizeof(uids), "%d\t%d\t%d\t%d", getuid(), geteuid(), getuid(), geteuid());
    FACT("Name is the program", field("Name") && strcmp(field("Name"), name) == 0);
    FACT("Pid is getpid", field("Pid") && strcmp(field("Pid"), pid) == 0);
    FACT("Tgid is getpid", field("Tgid") && strcmp(field("Tgid"), pid) == 0);
    FACT("PPid is getppid", field("PPid") && strcmp(field("PPid"), ppid) == 0);
    FACT("Uid is getuid", field("Uid") && strcmp(field("Uid"), uids) == 0);
    printf("State: %s\n", field("State") ? field("State") : "(none)");
    printf("Threads: %s\n", field("Threads") ? field("Threads") : "(none)");
    printf("Umask: %s\n", field("Umask") ? field("Umask") : "(none)");
    printf("TracerPid: %s\n", field("TracerPid") ? field("TracerPid") : "(none)");
    const char* size = field("VmSize");
    FACT("VmSize in kB", size && strstr(size, " kB") && atol(size) > 0);
    const char* rss = field("VmRSS");
    FACT("VmRSS in kB", rss && strstr(rss, " kB") && atol(rss) <= atol(size));
    const char* sigq = field("SigQ");
    FACT("SigQ is n/limit", sigq && strchr(sigq, '/'));
    const char* caps = field("CapEff");
    FACT("CapEff is 16 hex digits", caps && strlen(caps) == 16);
    return 0;
}
