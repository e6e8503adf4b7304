/* A guest that calls abort(): a shell sees status 134 (128 + SIGABRT). */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("about to abort\n");
    fflush(stdout);
    abort();
}
