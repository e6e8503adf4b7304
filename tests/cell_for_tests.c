/* `cell` as the test suite runs it. The sandbox has a /tmp of its own, so when the source
   or build tree lies under the host's /tmp it is bound read-only at the same path, where
   the guest finds the test programs (CELL_TEST_BINDS, set by tests/CMakeLists.txt).
   Elsewhere this adds nothing. It is a program rather than a script so that no
   interpreter touches the environment, which the guest tests compare. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char* const binds[] = { CELL_TEST_BINDS NULL };

int main(int argc, char** argv)
{
    char* args[argc + sizeof(binds) / sizeof(binds[0]) + 1];
    int n = 0;
    args[n++] = (char*)CELL_BINARY;
    int i = 1;
    if (argc > 1 && strcmp(argv[1], "run") == 0) {
        args[n++] = argv[i++];
        for (const char* const* b = binds; *b; ++b)
            args[n++] = (char*)*b;
    }
    while (i < argc)
        args[n++] = argv[i++];
    args[n] = NULL;
    execv(CELL_BINARY, args);
    perror(CELL_BINARY);
    return 125;
}
