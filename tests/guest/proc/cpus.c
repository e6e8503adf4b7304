/* The CPU count agrees everywhere a program may look: sysconf (which glibc answers from
 * /sys/devices/system/cpu), sched_getaffinity, /sys's lists, /proc/cpuinfo and /proc/stat. */
#define _GNU_SOURCE
#include "../guest.h"

#include <dirent.h>
#include <sched.h>

static char text[1 << 18];

static long read_file(const char* path) { return (long)read_text(path, text, sizeof(text)); }

/* Counts the CPUs in a cpu list such as "0-3,6\n"; -1 when malformed. */
static int count_list(const char* s)
{
    int count = 0;
    while (*s && *s != '\n') {
        char* end;
        long first = strtol(s, &end, 10);
        if (end == s)
            return -1;
        long last = first;
        if (*end == '-') {
            s = end + 1;
            last = strtol(s, &end, 10);
        }
        count += (int)(last - first + 1);
        s = *end == ',' ? end + 1 : end;
    }
    return count;
}

static int count_lines_starting(const char* prefix, int digit_next)
{
    int count = 0;
    size_t len = strlen(prefix);
    for (char* line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, prefix, len) == 0 && (!digit_next || (line[len] >= '0' && line[len] <= '9')))
            ++count;
    }
    return count;
}

int main(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    int affinity = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : -1;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    long configured = sysconf(_SC_NPROCESSORS_CONF);
    FACT("nprocs online equals the affinity count", online == affinity);
    FACT("nprocs configured at least online", configured >= online);

    FACT("sys online list", read_file("/sys/devices/system/cpu/online") > 0 && count_list(text) == online);
    FACT("sys possible list", read_file("/sys/devices/system/cpu/possible") > 0 && count_list(text) >= online);
    FACT("sys present list", read_file("/sys/devices/system/cpu/present") > 0 && count_list(text) >= online);

    int dirs = 0;
    DIR* dir = opendir("/sys/devices/system/cpu");
    struct dirent* e;
    while (dir && (e = readdir(dir))) {
        if (strncmp(e->d_name, "cpu", 3) == 0 && e->d_name[3] >= '0' && e->d_name[3] <= '9')
            ++dirs;
    }
    if (dir)
        closedir(dir);
    FACT("sys cpuN directories", dirs >= online);
    FACT("sys cpu0 is a directory", opendir("/sys/devices/system/cpu/cpu0") != NULL);

    FACT("cpuinfo processors", read_file("/proc/cpuinfo") > 0 && count_lines_starting("processor\t: ", 0) == online);
    FACT("cpuinfo model name", strstr(text, "\nmodel name\t: ") != NULL);
    FACT("cpuinfo flags", strstr(text, "\nflags\t\t: ") != NULL);
    FACT("stat cpu lines", read_file("/proc/stat") > 0 && count_lines_starting("cpu", 1) == online);
    FACT("stat total line", strncmp(text, "cpu  ", 5) == 0);
    FACT("stat btime", strstr(text, "\nbtime ") != NULL);
    return 0;
}
