/* The exit status reaches the shell: exit(42) after flushing buffered output, with
 * atexit handlers run in reverse order of registration. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second, runs first\n"); }

int main(void)
{
    atexit(first);
    atexit(second);
    printf("exiting with 42\n");
    exit(42);
}
