/* Locks through two names of one file: a hard link is the same inode, so an OFD record
 * lock or a flock taken through one name conflicts with one through the other, and both
 * names show one inode number, on every filesystem (the overlay's upper included). */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sys/file.h>

static void ofd_lock(const char* label, int fd, short type)
{
    struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10, .l_pid = 0 };
    CHECK(label, fcntl(fd, F_OFD_SETLK, &fl));
}

int main(void)
{
    enter_scratch_dir();
    int a = open("first", O_RDWR | O_CREAT, 0600);
    CHECK("write", write(a, "0123456789", 10));
    CHECK("link", link("first", "second"));
    int b = open("second", O_RDWR);
    struct stat sa, sb;
    fstat(a, &sa);
    fstat(b, &sb);
    FACT("one inode number", sa.st_ino == sb.st_ino);
    FACT("two links", sa.st_nlink == 2 && sb.st_nlink == 2);

    ofd_lock("OFD write lock via first", a, F_WRLCK);
    ofd_lock("OFD write lock via second", b, F_WRLCK);
    ofd_lock("OFD read lock via second", b, F_RDLCK);
    ofd_lock("OFD unlock via first", a, F_UNLCK);
    ofd_lock("OFD write lock via second after unlock", b, F_WRLCK);

    CHECK("flock first LOCK_EX", flock(a, LOCK_EX | LOCK_NB));
    CHECK("rename second to third", rename("second", "third"));
    int c = open("third", O_RDONLY);
    CHECK("flock third LOCK_SH while first holds LOCK_EX", flock(c, LOCK_SH | LOCK_NB));
    CHECK("flock first LOCK_UN", flock(a, LOCK_UN));
    CHECK("flock third LOCK_SH after unlock", flock(c, LOCK_SH | LOCK_NB));

    close(a);
    close(b);
    close(c);
    unlink("first");
    unlink("third");
    leave_scratch_dir();
    return 0;
}
