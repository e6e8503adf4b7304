/* /proc/self/maps shows the program's own mappings and nothing of the kernel that runs
 * it: the code, stack and heap are there, every line has Linux's form, and no mapping
 * is larger or lies where Cell keeps its own regions. */
#include "../guest.h"

#include <stdint.h>

static char text[1 << 17];

int main(int argc, char** argv)
{
    /* Allocated before the map is read, so that the map must show it. */
    void* heap = malloc(100);
    FILE* f = fopen("/proc/self/maps", "r");
    if (!f) {
        printf("open: %s\n", errno_name(errno));
        return 1;
    }
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[n] = '\0';

    uintptr_t code = (uintptr_t)&main, stack = (uintptr_t)&n;
    int code_found = 0, stack_found = 0, heap_found = 0, well_formed = 1, kernel_range = 0, stack_named = 0, sorted = 1;
    unsigned long long total = 0, largest = 0, previous_end = 0;
    for (char* line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long long start, end, offset, inode;
        char perms[8];
        unsigned major, minor;
        int name_at = 0;
        if (sscanf(line, "%llx-%llx %4s %llx %x:%x %llu %n", &start, &end, perms, &offset, &major, &minor, &inode, &name_at) < 7) {
            well_formed = 0;
            continue;
        }
        if (end <= start || (start & 4095) || (end & 4095) || strlen(perms) != 4)
            well_formed = 0;
        if (start < previous_end)
            sorted = 0;
        previous_end = end;
        if (strcmp(line + name_at, "[vsyscall]") != 0) {
            total += end - start;
            if (end - start > largest)
                largest = end - start;
        }
        if (code >= start && code < end)
            code_found = perms[2] == 'x';
        if (stack >= start && stack < end) {
            stack_found = perms[1] == 'w';
            stack_named = strcmp(line + name_at, "[stack]") == 0;
        }
        if ((uintptr_t)heap >= start && (uintptr_t)heap < end)
            heap_found = perms[1] == 'w';
        if (start < 0x6f3000000000ULL && end > 0x6f0000000000ULL)
            kernel_range = 1;
    }
    FACT("lines well formed", well_formed);
    FACT("sorted", sorted);
    FACT("code mapped executable", code_found);
    FACT("stack mapped writable", stack_found);
    FACT("stack named [stack]", stack_named);
    FACT("heap mapped writable", heap_found);
    FACT("nothing in the kernel's range", !kernel_range);
    FACT("no mapping of 4 GiB or more", largest < (4ULL << 30));
    FACT("less than 4 GiB in all", total < (4ULL << 30));
    free(heap);
    return 0;
}
