/* A guest that dies of SIGSEGV: a shell sees status 139 (128 + 11), whether the program
 * ran natively or under Cell. Output written before the fault must survive. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("about to fault\n");
    fflush(stdout);
    volatile int* null_pointer = (volatile int*)0;
    *null_pointer = 1;
    printf("still alive after the fault\n");
    return 0;
}
