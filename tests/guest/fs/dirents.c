/* getdents64(2) and getdents(2): record layout (d_reclen, d_type, d_ino), listings split
 * over small buffers, seeking to a d_off, and the errors for bad descriptors and
 * buffers. Orders differ between filesystems, so only sorted names are printed. */
#define _GNU_SOURCE
#include "fsguest.h"
#include <stddef.h>
#include <sys/mman.h>

struct dirent64_raw {
    unsigned long long d_ino;
    long long d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* The pre-2.6.4 record: the type is the record's last byte. */
struct dirent_raw {
    unsigned long d_ino;
    unsigned long d_off;
    unsigned short d_reclen;
    char d_name[];
};

#define MAX_ENTRIES 64

struct entry {
    char name[256];
    unsigned char type;
    unsigned short reclen;
    unsigned long long ino;
    long long off;
};

static long raw_getdents64(int fd, void* buffer, size_t size)
{
    return syscall(SYS_getdents64, fd, buffer, size);
}

/* Lists `fd` from its current position with buffers of `size` bytes. */
static int list(int fd, size_t size, struct entry* out)
{
    static char buffer[65536];
    int count = 0;
    long n;
    while ((n = raw_getdents64(fd, buffer, size)) > 0) {
        for (long at = 0; at < n && count < MAX_ENTRIES;) {
            struct dirent64_raw* d = (struct dirent64_raw*)(buffer + at);
            struct entry* e = &out[count++];
            snprintf(e->name, sizeof(e->name), "%s", d->d_name);
            e->type = d->d_type;
            e->reclen = d->d_reclen;
            e->ino = d->d_ino;
            e->off = d->d_off;
            at += d->d_reclen;
        }
    }
    return n < 0 ? -1 : count;
}

static int by_name(const void* a, const void* b)
{
    return strcmp(((const struct entry*)a)->name, ((const struct entry*)b)->name);
}

static int same_names(struct entry* a, int na, struct entry* b, int nb)
{
    if (na != nb)
        return 0;
    qsort(a, na, sizeof(*a), by_name);
    qsort(b, nb, sizeof(*b), by_name);
    for (int i = 0; i < na; ++i) {
        if (strcmp(a[i].name, b[i].name) || a[i].type != b[i].type)
            return 0;
    }
    return 1;
}

static unsigned short linux_reclen(size_t name_length, size_t header)
{
    return (unsigned short)((header + name_length + 1 + 7) & ~(size_t)7);
}

int main(void)
{
    enter_scratch_dir();
    char name[256];
    for (int length = 1; length <= 17; ++length) {
        memset(name, 'a' + length, length);
        name[length] = '\0';
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    memset(name, 'L', 255);
    name[255] = '\0';
    close(open(name, O_CREAT | O_WRONLY, 0644));
    mkdir("sub", 0755);
    symlink("target", "link");
    mkfifo("fifo", 0644);

    static struct entry all[MAX_ENTRIES], part[MAX_ENTRIES];
    int dir = open(".", O_RDONLY | O_DIRECTORY);
    int n = list(dir, 65536, all);
    printf("entries: %d\n", n);
    int reclen_ok = 1, ino_ok = 1;
    for (int i = 0; i < n; ++i) {
        if (all[i].reclen != linux_reclen(strlen(all[i].name), offsetof(struct dirent64_raw, d_name)))
            reclen_ok = 0;
        struct stat st;
        if (fstatat(dir, all[i].name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_ino != all[i].ino)
            ino_ok = 0;
    }
    FACT("getdents64 d_reclen as Linux lays it out", reclen_ok);
    FACT("d_ino is each name's st_ino", ino_ok);
    qsort(all, n, sizeof(all[0]), by_name);
    for (int i = 0; i < n; ++i) {
        size_t length = strlen(all[i].name);
        printf("%.20s%s len %zu type %u reclen %u\n", all[i].name, length > 20 ? "..." : "", length, all[i].type,
            all[i].reclen);
    }
    CHECK("at the end", raw_getdents64(dir, name, sizeof(name)));

    /* A buffer with room for a few records at a time (one of the longest name) yields the
     * same listing. */
    lseek(dir, 0, SEEK_SET);
    int m = list(dir, 300, part);
    FACT("300-byte buffers give the same listing", same_names(all, n, part, m));

    /* Each d_off resumes the listing right after its entry. */
    lseek(dir, 0, SEEK_SET);
    n = list(dir, 65536, all);
    int resume_ok = 1;
    for (int i = 0; i + 1 < n; i += 5) {
        lseek(dir, all[i].off, SEEK_SET);
        m = list(dir, 65536, part);
        if (m != n - i - 1 || strcmp(part[0].name, all[i + 1].name))
            resume_ok = 0;
    }
    FACT("lseek to d_off resumes after that entry", resume_ok);

    /* Too small for the first record, and the legacy layout. */
    lseek(dir, 0, SEEK_SET);
    CHECK("buffer of 8 bytes", raw_getdents64(dir, name, 8));
    CHECK("buffer of 0 bytes", raw_getdents64(dir, name, 0));
    static char buffer[65536];
    lseek(dir, 0, SEEK_SET);
    long got = syscall(SYS_getdents, dir, buffer, sizeof(buffer));
    int legacy_ok = got > 0, legacy_count = 0;
    for (long at = 0; legacy_ok && at < got; ++legacy_count) {
        struct dirent_raw* d = (struct dirent_raw*)(buffer + at);
        unsigned char type = (unsigned char)buffer[at + d->d_reclen - 1];
        if (d->d_reclen != linux_reclen(strlen(d->d_name) + 1, offsetof(struct dirent_raw, d_name)))
            legacy_ok = 0;
        if (!strcmp(d->d_name, "sub") && type != DT_DIR)
            legacy_ok = 0;
        if (!strcmp(d->d_name, "link") && type != DT_LNK)
            legacy_ok = 0;
        at += d->d_reclen;
    }
    FACT("getdents records and types", legacy_ok);
    printf("getdents entries: %d\n", legacy_count);

    /* Errors. */
    int file = open("a", O_RDONLY);
    CHECK("getdents64 on a file", raw_getdents64(file, buffer, sizeof(buffer)));
    CHECK("getdents64 on a bad fd", raw_getdents64(999, buffer, sizeof(buffer)));
    int path = open(".", O_PATH | O_DIRECTORY);
    CHECK("getdents64 on O_PATH", raw_getdents64(path, buffer, sizeof(buffer)));
    lseek(dir, 0, SEEK_SET);
    CHECK("getdents64 into a bad pointer", raw_getdents64(dir, (void*)16, sizeof(buffer)));
    void* none = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    lseek(dir, 0, SEEK_SET);
    CHECK("getdents64 into read-only memory", raw_getdents64(dir, none, 4096));
    int wronly = open(".", O_WRONLY | O_DIRECTORY);
    CHECK("open a directory O_WRONLY", wronly);

    /* A name removed mid-listing does not appear after the removal point twice. */
    lseek(dir, 0, SEEK_SET);
    n = list(dir, 65536, all);
    unlink("b");
    lseek(dir, 0, SEEK_SET);
    m = list(dir, 65536, part);
    printf("after unlink: %d entries (was %d)\n", m, n);

    /* A removed directory lists nothing, not even "." and "..". */
    mkdir("gone", 0755);
    int gone = open("gone", O_RDONLY | O_DIRECTORY);
    CHECK("rmdir gone", rmdir("gone"));
    CHECK("getdents64 on a removed directory", raw_getdents64(gone, buffer, sizeof(buffer)));
    CHECK("create in it", openat(gone, "x", O_CREAT | O_WRONLY, 0644));
    close(gone);

    close(file);
    close(path);
    close(dir);
    leave_scratch_dir();
    return 0;
}
