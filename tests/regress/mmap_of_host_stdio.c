/* Bug: mmap(2) of a standard fd that Cell's launcher handed over from the host (stdin,
 * stdout, stderr) crashed the kernel while it named the mapping for /proc/PID/maps: such
 * a description has no place in the sandbox's tree. Linux maps it or refuses it with the
 * errno of what the fd is (here /dev/null: ENODEV; a write-only file: EACCES). */
#include "../guest/guest.h"

#include <sys/mman.h>

static void try_map(const char* label, int fd, int prot, int flags)
{
    void* p = mmap(NULL, 4096, prot, flags, fd, 0);
    if (p == MAP_FAILED) {
        printf("%s = -1 %s\n", label, errno_name(errno));
        return;
    }
    printf("%s = mapped\n", label);
    munmap(p, 4096);
}

int main(void)
{
    try_map("mmap(stdin, /dev/null, private read)", 0, PROT_READ, MAP_PRIVATE);
    try_map("mmap(stdin, /dev/null, shared read)", 0, PROT_READ, MAP_SHARED);
    try_map("mmap(stderr, write-only, shared read)", 2, PROT_READ, MAP_SHARED);
    try_map("mmap(stderr, write-only, private read)", 2, PROT_READ, MAP_PRIVATE);
    return 0;
}
