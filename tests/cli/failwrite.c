/*
 * An LD_PRELOAD shim for the crash-safety test of `refund apply`: counts the
 * calls that write a file (write, fsync, rename and renameat, fchown and
 * fchmod) and, at the N-th,
 * either fails it with ENOSPC (RF_FAIL_AT=N) or kills the process on the spot
 * (RF_KILL_AT=N), as a full disk or a power cut would.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int calls;

/* Returns 1 when this call must fail; never returns when it must die. */
static int injected(void) {
    const char *fail = getenv("RF_FAIL_AT"), *kill_at = getenv("RF_KILL_AT");
    calls++;
    if (kill_at && atoi(kill_at) == calls) raise(SIGKILL);
    return fail && atoi(fail) == calls;
}

ssize_t write(int fd, const void *buf, size_t n) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    /* Only files: the terminal and pipes (stdout/stderr) are not the case file. */
    if (fd > 2 && injected()) { errno = ENOSPC; return -1; }
    return real(fd, buf, n);
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (injected()) { errno = EIO; return -1; }
    return real(fd);
}

int rename(const char *from, const char *to) {
    static int (*real)(const char *, const char *);
    if (!real) real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
    if (injected()) { errno = EIO; return -1; }
    return real(from, to);
}

int renameat(int fromdir, const char *from, int todir, const char *to) {
    static int (*real)(int, const char *, int, const char *);
    if (!real) real = (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
    if (injected()) { errno = EIO; return -1; }
    return real(fromdir, from, todir, to);
}

int fchown(int fd, uid_t uid, gid_t gid) {
    static int (*real)(int, uid_t, gid_t);
    if (!real) real = (int (*)(int, uid_t, gid_t))dlsym(RTLD_NEXT, "fchown");
    if (injected()) { errno = EIO; return -1; }
    return real(fd, uid, gid);
}

int fchmod(int fd, mode_t mode) {
    static int (*real)(int, mode_t);
    if (!real) real = (int (*)(int, mode_t))dlsym(RTLD_NEXT, "fchmod");
    if (injected()) { errno = EIO; return -1; }
    return real(fd, mode);
}
