/* /proc/self/stat and statm: the field counts of Linux 6.x and the fields that are facts
 * about this process. */
#include "../guest.h"

#include <libgen.h>

static char text[4096];

static int read_file(const char* path) { return (int)read_text(path, text, sizeof(text)); }

int main(int argc, char** argv)
{
    if (read_file("/proc/self/stat") <= 0) {
        printf("stat: %s\n", errno_name(errno));
        return 1;
    }
    char comm[16];
    snprintf(comm, sizeof(comm), "%s", basename(argv[0]));
    char* open_paren = strchr(text, '(');
    char* close_paren = strrchr(text, ')');
    FACT("pid first", atoi(text) == getpid());
    FACT("comm in parentheses", open_paren && close_paren && close_paren - open_paren - 1 == (long)strlen(comm)
                                    && strncmp(open_paren + 1, comm, strlen(comm)) == 0);
    FACT("ends in newline", text[strlen(text) - 1] == '\n');
    /* The fields after the command, from field 3 (state) on. */
    long fields[64];
    char state = 0;
    int count = 2;
    if (close_paren) {
        char* p = close_paren + 2;
        state = *p;
        p += 1;
        count = 3;
        while (*p == ' ') {
            fields[count + 1] = strtol(p + 1, &p, 10);
            ++count;
        }
    }
    printf("fields: %d\n", count);
    printf("state: %c\n", state);
    FACT("ppid", fields[4] == getppid());
    FACT("pgrp", fields[5] == getpgrp());
    FACT("session", fields[6] == getsid(0));
    printf("num_threads: %ld\n", fields[20]);
    printf("itrealvalue: %ld\n", fields[21]);
    FACT("vsize positive", fields[23] > 0);
    FACT("rss at most vsize", fields[24] >= 0 && fields[24] <= fields[23] / 4096);
    FACT("exit_signal", fields[38] == 17);

    if (read_file("/proc/self/statm") <= 0) {
        printf("statm: %s\n", errno_name(errno));
        return 1;
    }
    long size = 0, resident = 0, shared = 0, textpages = 0, lib = 0, data = 0, dt = 0;
    int got = sscanf(text, "%ld %ld %ld %ld %ld %ld %ld", &size, &resident, &shared, &textpages, &lib, &data, &dt);
    printf("statm fields: %d\n", got);
    FACT("statm size >= resident", size > 0 && size >= resident && resident >= 0);
    printf("statm lib: %ld dt: %ld\n", lib, dt);
    return 0;
}
