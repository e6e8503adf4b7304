/* The system-wide files of /proc: their formats, and their agreement with sysinfo(2)
 * and uname(2). Values that differ between machines are checked, not printed. */
#include "../guest.h"

#include <sys/sysinfo.h>
#include <sys/utsname.h>

static char text[1 << 16];

static long read_file(const char* path) { return (long)read_text(path, text, sizeof(text)); }

static void show(const char* path)
{
    if (read_file(path) < 0)
        printf("%s: %s\n", path, errno_name(errno));
    else
        printf("%s: %s", path, text);
}

int main(void)
{
    struct sysinfo info;
    sysinfo(&info);
    struct utsname name;
    uname(&name);

    FACT("uptime", read_file("/proc/uptime") > 0);
    double up = 0, idle = 0;
    FACT("uptime has two figures", sscanf(text, "%lf %lf", &up, &idle) == 2);
    FACT("uptime agrees with sysinfo", up >= info.uptime - 2 && up <= info.uptime + 2);

    read_file("/proc/meminfo");
    unsigned long total = 0, free_kb = 0, available = 0;
    sscanf(text, "MemTotal: %lu kB\nMemFree: %lu kB\nMemAvailable: %lu kB", &total, &free_kb, &available);
    FACT("MemTotal agrees with sysinfo", total == info.totalram * info.mem_unit / 1024);
    FACT("MemFree at most MemTotal", free_kb > 0 && free_kb <= total);
    FACT("meminfo SwapTotal", strstr(text, "\nSwapTotal:") != NULL);
    FACT("meminfo column", strncmp(text, "MemTotal:       ", 16) == 0);

    read_file("/proc/loadavg");
    double l1, l5, l15;
    int running, threads, last;
    FACT("loadavg format", sscanf(text, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &running, &threads, &last) == 6);

    read_file("/proc/version");
    char prefix[256];
    snprintf(prefix, sizeof(prefix), "Linux version %s ", name.release);
    FACT("version names the release", strncmp(text, prefix, strlen(prefix)) == 0);

    read_file("/proc/filesystems");
    FACT("filesystems has proc", strstr(text, "nodev\tproc\n") != NULL);
    FACT("filesystems has sysfs", strstr(text, "nodev\tsysfs\n") != NULL);
    FACT("filesystems has tmpfs", strstr(text, "nodev\ttmpfs\n") != NULL);

    read_file("/proc/self/mounts");
    FACT("mounts has /proc", strstr(text, " /proc proc ") != NULL);
    FACT("mounts has /sys", strstr(text, " /sys sysfs ") != NULL);
    int mounts = 0;
    for (char* p = text; (p = strchr(p, '\n')); ++p)
        ++mounts;
    read_file("/proc/self/mountinfo");
    int infos = 0;
    for (char* p = text; (p = strchr(p, '\n')); ++p)
        ++infos;
    FACT("mountinfo has a line per mount", infos == mounts && mounts > 0);
    FACT("mountinfo separator", strstr(text, " - ") != NULL);

    read_file("/proc/sys/kernel/hostname");
    char host[80];
    snprintf(host, sizeof(host), "%s\n", name.nodename);
    FACT("hostname is the node name", strcmp(text, host) == 0);
    read_file("/proc/sys/kernel/osrelease");
    snprintf(host, sizeof(host), "%s\n", name.release);
    FACT("osrelease is the release", strcmp(text, host) == 0);
    show("/proc/sys/kernel/ostype");
    show("/proc/sys/kernel/cap_last_cap");
    show("/proc/sys/kernel/ngroups_max");
    show("/proc/sys/fs/nr_open");
    FACT("pid_max", read_file("/proc/sys/kernel/pid_max") > 0 && atol(text) >= 32768);
    FACT("overcommit_memory", read_file("/proc/sys/vm/overcommit_memory") == 2 && text[0] >= '0' && text[0] <= '2');
    FACT("file-max", read_file("/proc/sys/fs/file-max") > 0 && atol(text) > 0);
    FACT("pipe-max-size", read_file("/proc/sys/fs/pipe-max-size") > 0 && atol(text) >= 4096);
    FACT("max_map_count", read_file("/proc/sys/vm/max_map_count") > 0 && atol(text) >= 65530);
    FACT("threads-max", read_file("/proc/sys/kernel/threads-max") > 0 && atol(text) >= 20);
    show("/proc/sys/kernel/random/entropy_avail");

    char first[64], second[64];
    read_file("/proc/sys/kernel/random/boot_id");
    snprintf(first, sizeof(first), "%.40s", text);
    read_file("/proc/sys/kernel/random/boot_id");
    snprintf(second, sizeof(second), "%.40s", text);
    FACT("boot_id is a uuid", strlen(first) == 37 && first[8] == '-' && first[14] == '4');
    FACT("boot_id is stable", strcmp(first, second) == 0);
    read_file("/proc/sys/kernel/random/uuid");
    snprintf(first, sizeof(first), "%.40s", text);
    read_file("/proc/sys/kernel/random/uuid");
    snprintf(second, sizeof(second), "%.40s", text);
    FACT("uuid is a uuid", strlen(first) == 37 && first[23] == '-' && first[14] == '4');
    FACT("uuid is fresh", strcmp(first, second) != 0);

    /* limits: the header and the names and units of every row, not the values. */
    read_file("/proc/self/limits");
    for (char* line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        size_t len = strlen(line);
        printf("limits: [%.25s] [%s]\n", line, len > 68 ? line + 68 : "");
    }
    return 0;
}
