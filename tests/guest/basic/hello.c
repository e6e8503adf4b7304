/* The smallest guest: one line on stdout through stdio, one on stderr through write(2). */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("Hello, world!\n");
    static const char message[] = "hello on stderr\n";
    write(2, message, sizeof(message) - 1);
    return 0;
}
