/* Extended attributes and memfd_create with seals, on a fresh directory under /tmp. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <sys/mman.h>
#include <sys/xattr.h>

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x1
#define F_SEAL_SHRINK 0x2
#define F_SEAL_GROW 0x4
#define F_SEAL_WRITE 0x8
#endif

static void show_list(const char* label, const char* path)
{
    char list[256];
    ssize_t n = listxattr(path, list, sizeof(list));
    printf("%s:", label);
    if (n < 0) {
        printf(" -1 %s\n", fs_errno_name(errno));
        return;
    }
    /* The order of names is the filesystem's; print them sorted. */
    const char* names[16];
    int count = 0;
    for (ssize_t at = 0; at < n && count < 16; at += strlen(list + at) + 1)
        names[count++] = list + at;
    for (int i = 0; i < count; ++i)
        for (int j = i + 1; j < count; ++j)
            if (strcmp(names[j], names[i]) < 0) {
                const char* t = names[i];
                names[i] = names[j];
                names[j] = t;
            }
    for (int i = 0; i < count; ++i)
        printf(" %s", names[i]);
    printf("\n");
}

int main(void)
{
    enter_scratch_dir();
    int fd = open("f", O_CREAT | O_RDWR, 0644);
    char value[64] = { 0 };
    CHECK("get missing", getxattr("f", "user.a", value, sizeof(value)));
    CHECK("set user. (a prefix alone)", setxattr("f", "user.", "x", 1, 0));
    CHECK("get user.", getxattr("f", "user.", value, sizeof(value)));
    CHECK("remove user.", removexattr("f", "user."));
    CHECK("set user.a", setxattr("f", "user.a", "hello", 5, 0));
    CHECK("get size", getxattr("f", "user.a", NULL, 0));
    CHECK("get", getxattr("f", "user.a", value, sizeof(value)));
    printf("value %s\n", value);
    CHECK("get too small", getxattr("f", "user.a", value, 2));
    CHECK("set CREATE existing", setxattr("f", "user.a", "x", 1, XATTR_CREATE));
    CHECK("set REPLACE missing", setxattr("f", "user.b", "x", 1, XATTR_REPLACE));
    CHECK("set REPLACE", setxattr("f", "user.a", "bye", 3, XATTR_REPLACE));
    memset(value, 0, sizeof(value));
    CHECK("fget", fgetxattr(fd, "user.a", value, sizeof(value)));
    printf("value %s\n", value);
    CHECK("set empty value", setxattr("f", "user.empty", "", 0, 0));
    CHECK("get empty value", getxattr("f", "user.empty", value, sizeof(value)));
    CHECK("fset trusted", fsetxattr(fd, "trusted.t", "t", 1, 0));
    CHECK("bad flags", setxattr("f", "user.c", "x", 1, 4));
    CHECK("bad namespace", setxattr("f", "bogus.c", "x", 1, 0));
    CHECK("empty name", setxattr("f", "", "x", 1, 0));
    show_list("list", "f");
    CHECK("list size", listxattr("f", NULL, 0));
    char small[4];
    CHECK("list too small", listxattr("f", small, sizeof(small)));
    CHECK("remove", removexattr("f", "user.a"));
    CHECK("remove again", removexattr("f", "user.a"));
    CHECK("fremove", fremovexattr(fd, "user.empty"));
    show_list("list after remove", "f");
    CHECK("symlink", symlink("f", "s"));
    CHECK("lset user on symlink", lsetxattr("s", "user.x", "1", 1, 0));
    CHECK("lget user on symlink", lgetxattr("s", "user.x", value, sizeof(value)));
    CHECK("set through symlink", setxattr("s", "user.via", "1", 1, 0));
    show_list("f via symlink", "f");
    CHECK("mkdir", mkdir("d", 0755));
    CHECK("set on dir", setxattr("d", "user.d", "dir", 3, 0));
    CHECK("get missing file", getxattr("missing", "user.a", value, sizeof(value)));
    close(fd);

    int m = memfd_create("test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    CHECK("memfd_create", m >= 0 ? 0 : -1);
    CHECK("memfd cloexec", fcntl(m, F_GETFD));
    struct stat st;
    fstat(m, &st);
    printf("memfd: %s nlink %lu size %lld\n", type_of(st.st_mode), (unsigned long)st.st_nlink, (long long)st.st_size);
    char link[64] = { 0 }, proc_path[64];
    snprintf(proc_path, sizeof(proc_path), "/proc/self/fd/%d", m);
    CHECK("readlink memfd", readlink(proc_path, link, sizeof(link)));
    printf("link %s\n", link);
    CHECK("write", write(m, "abcdef", 6));
    CHECK("get seals", fcntl(m, F_GET_SEALS));
    CHECK("seal shrink+grow", fcntl(m, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW));
    CHECK("get seals", fcntl(m, F_GET_SEALS));
    CHECK("shrink", ftruncate(m, 2));
    CHECK("grow", ftruncate(m, 100));
    CHECK("write within", pwrite(m, "XY", 2, 0));
    CHECK("write past end", pwrite(m, "XY", 2, 6));
    CHECK("write across end", pwrite(m, "1234", 4, 4));
    CHECK("seal write", fcntl(m, F_ADD_SEALS, F_SEAL_WRITE));
    CHECK("write sealed", pwrite(m, "Z", 1, 0));
    CHECK("seal seal", fcntl(m, F_ADD_SEALS, F_SEAL_SEAL));
    CHECK("add after seal", fcntl(m, F_ADD_SEALS, F_SEAL_GROW));
    CHECK("bad seal", fcntl(m, F_ADD_SEALS, 0x100));
    char buf[8] = { 0 };
    CHECK("read", pread(m, buf, sizeof(buf), 0));
    printf("data %s\n", buf);
    close(m);
    int plain = memfd_create("plain", 0);
    CHECK("no sealing: get seals", fcntl(plain, F_GET_SEALS));
    CHECK("no sealing: add", fcntl(plain, F_ADD_SEALS, F_SEAL_WRITE));
    CHECK("plain cloexec", fcntl(plain, F_GETFD));
    close(plain);
    CHECK("memfd bad flags", memfd_create("x", 0x100));
    CHECK("seals on a regular file", fcntl(open("d", O_RDONLY), F_GET_SEALS));

    leave_scratch_dir();
    printf("done\n");
    return 0;
}
