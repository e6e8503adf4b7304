/* Search (x) permission on the directories of a path: EACCES for a user without it,
 * and the order Linux checks it in. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sys/syscall.h>

int main(void)
{
    struct stat st;
    enter_scratch_dir();
    chmod(".", 0755);
    mkdir("d", 0755);
    write_text_file("d/f", "data");
    write_text_file("d/secret", "secret");
    chmod("d/secret", 0600);
    mkdir("nox", 0755);
    write_text_file("nox/f", "hidden");
    mkdir("nox/sub", 0755);
    /* The owner (root) may search nox, others only list it. Root's own bypass of a
     * missing x bit (CAP_DAC_READ_SEARCH) is not tested here: on a hostfs bind the
     * host decides it for the sandbox's host identity. tests/unit/PathWalk_test.cpp
     * covers it. */
    chmod("nox", 0744);
    mkdir("xonly", 0711);
    write_text_file("xonly/f", "seen");
    symlink("nox/f", "link");
    symlink("nox", "dirlink");

    CHECK("root stat nox/f", stat("nox/f", &st));
    CHECK("root open nox/f", close(open("nox/f", O_RDONLY)));

    /* The effective ids decide (through the fs ids); the saved root ids let the test
     * come back to clean up. */
    {
        CHECK("setegid", setegid(65534));
        CHECK("seteuid", seteuid(65534));
        CHECK("stat d/f", stat("d/f", &st));
        CHECK("stat nox", stat("nox", &st));
        CHECK("stat nox/f", stat("nox/f", &st));
        CHECK("stat nox/missing", stat("nox/missing", &st));
        CHECK("stat nox/.", stat("nox/.", &st));
        CHECK("stat nox/..", stat("nox/..", &st));
        CHECK("stat nox/sub/..", stat("nox/sub/..", &st));
        CHECK("open nox/f", open("nox/f", O_RDONLY));
        CHECK("open nox/new O_CREAT", open("nox/new", O_WRONLY | O_CREAT, 0644));
        CHECK("open nox as dir", close(open("nox", O_RDONLY | O_DIRECTORY)));
        /* access() checks with the real ids (still root here), AT_EACCESS with the
         * effective ones. */
        CHECK("access nox/f", access("nox/f", F_OK));
        CHECK("faccessat2 AT_EACCESS nox/f", syscall(SYS_faccessat2, AT_FDCWD, "nox/f", F_OK, AT_EACCESS));
        CHECK("access d/secret R_OK", access("d/secret", R_OK));
        CHECK("faccessat2 AT_EACCESS d/secret R_OK", syscall(SYS_faccessat2, AT_FDCWD, "d/secret", R_OK, AT_EACCESS));
        CHECK("faccessat2 AT_EACCESS d/f R_OK", syscall(SYS_faccessat2, AT_FDCWD, "d/f", R_OK, AT_EACCESS));
        CHECK("faccessat2 AT_EACCESS d/f W_OK", syscall(SYS_faccessat2, AT_FDCWD, "d/f", W_OK, AT_EACCESS));
        CHECK("chdir nox", chdir("nox"));
        CHECK("mkdir nox/new", mkdir("nox/new", 0755));
        CHECK("unlink nox/f", unlink("nox/f"));
        CHECK("stat link", stat("link", &st));
        CHECK("lstat link", lstat("link", &st));
        CHECK("stat dirlink/f", stat("dirlink/f", &st));
        CHECK("stat xonly/f", stat("xonly/f", &st));
        CHECK("open xonly/f", close(open("xonly/f", O_RDONLY)));
        CHECK("open xonly as dir", open("xonly", O_RDONLY | O_DIRECTORY));
        CHECK("chdir xonly", chdir("xonly"));
        CHECK("stat f from xonly", stat("f", &st));
        CHECK("stat ../nox/f", stat("../nox/f", &st));
        CHECK("stat through file", stat("../d/f/x", &st));
        CHECK("chdir ..", chdir(".."));
        CHECK("seteuid root", seteuid(0));
        CHECK("setegid root", setegid(0));
    }
    CHECK("root stat nox/f again", stat("nox/f", &st));
    chmod("nox", 0755);
    leave_scratch_dir();
    return 0;
}
