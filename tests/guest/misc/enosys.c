/* Numbers that name no system call give ENOSYS, and the program carries on. 335 and 336
 * are not among them any more: Linux 6.11 made 335 uretprobe (SIGILL when called from
 * anywhere but a uretprobe trampoline) and 6.16 made 336 uprobe (ENXIO). 337 to 423
 * remain a gap in the x86-64 table. */
#include "../guest.h"

int main(void)
{
    SHOW("syscall(350)", syscall(350));
    SHOW("syscall(400)", syscall(400, 1, 2, 3));
    SHOW("syscall(1000)", syscall(1000));
    SHOW("syscall(100000)", syscall(100000));
    SHOW("syscall(-1)", syscall(-1));
    SHOW("getpid() still works", getpid() > 0);
    printf("done\n");
    return 0;
}
