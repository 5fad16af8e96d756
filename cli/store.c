/*
 * Writing a case file back under its lock, keeping what the file is: where
 * its symlinks lead, its owner, group and mode, its one name. See store.h
 * for the names involved and docs/apply.md for the protocol.
 *
 * Every step works by names relative to the TARGET's directory (openat and
 * friends), so no step builds a path longer than the one it was given, and
 * a symlink swapped under us after the lock is refused (O_NOFOLLOW), never
 * written through.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Symlinks followed before giving up, as the kernel's own limit. */
#define STORE_MAX_HOPS 40

static int fail(const cli_store *s, const char *what, int err) {
    if (what) fprintf(stderr, "refund: %s: %s: %s\n", s->path, what, cli_strerror(err));
    else fprintf(stderr, "refund: %s: %s\n", s->path, cli_strerror(err));
    return 5;
}

static char *join(const char *a, const char *b, const char *c) {
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *out = malloc(la + lb + lc + 1);
    if (!out) return NULL;
    memcpy(out, a, la);
    memcpy(out + la, b, lb);
    memcpy(out + la + lb, c, lc + 1);
    return out;
}

/* Opens the directory part of path (relative to at, "." or "/" when the
 * path has none or is at the root) and returns its descriptor, or -1 with
 * errno; *base gets the name part, pointing into path. */
static int open_parent(int at, const char *path, const char **base) {
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *base = path;
        return openat(at, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    *base = slash + 1;
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *dir = malloc(n + 1);
    if (!dir) return -1;
    memcpy(dir, path, n);
    dir[n] = '\0';
    int fd = openat(at, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int saved = errno;
    free(dir);
    errno = saved;
    return fd;
}

/* Follows s->path through its symlinks, each read relative to the directory
 * of the link, to the TARGET: sets s->dir_fd, s->name and s->st (lstat of
 * the TARGET). A dangling link, a loop, a name the system finds too long or
 * a TARGET that is not a regular file is reported and refused. */
static int find_target(cli_store *s) {
    char links[2][4096]; /* the link read, and the one before it, which base may still point into */
    const char *cur = s->path, *base = NULL;
    int dfd = AT_FDCWD;
    for (int hops = 0;; hops++) {
        int next = open_parent(dfd, cur, &base);
        int saved = errno;
        if (dfd >= 0) close(dfd);
        dfd = s->dir_fd = next;
        if (dfd < 0) return fail(s, hops ? CLI_TEXT("following its symlink", "跟随符号链接时") : NULL, saved);
        if (!*base) {
            fprintf(stderr, CLI_TEXT("refund: %s: not a regular file\n", "refund: %s: 不是普通文件\n"), s->path);
            return 5;
        }
        if (fstatat(dfd, base, &s->st, AT_SYMLINK_NOFOLLOW) != 0)
            return fail(s, hops ? CLI_TEXT("following its symlink", "跟随符号链接时") : NULL, errno);
        if (!S_ISLNK(s->st.st_mode)) break;
        if (hops == STORE_MAX_HOPS) return fail(s, NULL, ELOOP);
        char *link = links[hops % 2];
        ssize_t n = readlinkat(dfd, base, link, sizeof links[0]);
        if (n < 0) return fail(s, CLI_TEXT("reading its symlink", "读取符号链接时"), errno);
        if ((size_t)n >= sizeof links[0]) return fail(s, CLI_TEXT("reading its symlink", "读取符号链接时"), ENAMETOOLONG);
        link[n] = '\0';
        cur = link;
    }
    if (!S_ISREG(s->st.st_mode)) {
        fprintf(stderr, CLI_TEXT("refund: %s: not a regular file\n", "refund: %s: 不是普通文件\n"), s->path);
        return 5;
    }
    s->name = strdup(base);
    s->lock_name = s->name ? join(s->name, ".lock", "") : NULL;
    s->tmp_name = s->name ? join(".", s->name, ".refund-tmp") : NULL;
    if (!s->lock_name || !s->tmp_name) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        return 5;
    }
    return 0;
}

/* Opens NAME.lock (creating it with the case's owner, group and read-write
 * bits, and the owner's read and write, when missing) and takes a write
 * lock on it, waiting as long as another holds it. The lock is held on a
 * file that is still NAME.lock once we have it: if someone removed or
 * replaced the file while we waited, we lock the new one. */
static int take_lock(cli_store *s) {
    for (;;) {
        bool created = true;
        int fd = openat(s->dir_fd, s->lock_name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno == EEXIST) {
            created = false;
            fd = openat(s->dir_fd, s->lock_name, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
            if (fd < 0 && errno == ENOENT) continue;
        }
        if (fd < 0) {
            fprintf(stderr, CLI_TEXT("refund: %s: cannot open the lock file %s: %s\n", "refund: %s: 无法打开锁文件 %s: %s\n"), s->path,
                s->lock_name, cli_strerror(errno));
            return 5;
        }
        struct stat held, now;
        if (fstat(fd, &held) != 0 || !S_ISREG(held.st_mode)) {
            fprintf(stderr, CLI_TEXT("refund: %s: the lock file %s is not a regular file\n", "refund: %s: 锁文件 %s 不是普通文件\n"),
                    s->path, s->lock_name);
            close(fd);
            return 5;
        }
        if (created) {
            /* Whoever may write the case may take its lock. Failing to give
             * the lock file away (not root) leaves it ours, which is fine
             * for us; the owner's next run then needs our permission bits. */
            (void)fchmod(fd, (s->st.st_mode & 0666) | 0600);
            (void)fchown(fd, s->st.st_uid, s->st.st_gid);
        }
        struct flock fl;
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET; /* l_start 0, l_len 0: the whole file */
        int r;
        while ((r = fcntl(fd, F_SETLKW, &fl)) != 0 && errno == EINTR) {}
        if (r != 0) {
            fprintf(stderr, CLI_TEXT("refund: %s: cannot lock %s: %s\n", "refund: %s: 无法加锁 %s: %s\n"), s->path, s->lock_name,
                    cli_strerror(errno));
            close(fd);
            return 5;
        }
        if (fstatat(s->dir_fd, s->lock_name, &now, AT_SYMLINK_NOFOLLOW) == 0 && now.st_dev == held.st_dev &&
            now.st_ino == held.st_ino) {
            s->lock_fd = fd;
            return 0;
        }
        close(fd); /* the lock file was replaced while we waited: lock the one there now */
    }
}

/* Reads all of fd into a malloc'd NUL-terminated buffer, as cli_read_file
 * does, with its size limit. */
static int read_all(const cli_store *s, int fd, char **text, size_t *len) {
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int saved = errno;
            free(buf);
            return fail(s, NULL, saved);
        }
        if (got == 0) break;
        n += (size_t)got;
        if (n > CLI_MAX_FILE) {
            fprintf(stderr, CLI_TEXT("refund: %s: larger than the %zu-byte limit\n", "refund: %s: 文件超过 %zu 字节的上限\n"), s->path,
                    CLI_MAX_FILE);
            free(buf);
            return 3;
        }
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (!buf) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        return 5;
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

int cli_store_open(cli_store *s, const char *path, bool force, char **text, size_t *len) {
    int rc;
    s->path = path;
    s->force = force;
    if ((rc = find_target(s)) || (rc = take_lock(s))) return rc;
    /* Holding the lock, a temporary file of this case is a killed run's. */
    if (unlinkat(s->dir_fd, s->tmp_name, 0) != 0 && errno != ENOENT)
        return fail(s, CLI_TEXT("cannot remove the stale temporary file", "无法删除遗留的临时文件"), errno);
    int fd = openat(s->dir_fd, s->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return fail(s, NULL, errno);
    if (fstat(fd, &s->st) != 0) {
        int saved = errno;
        close(fd);
        return fail(s, NULL, saved);
    }
    if (!S_ISREG(s->st.st_mode)) {
        fprintf(stderr, CLI_TEXT("refund: %s: not a regular file\n", "refund: %s: 不是普通文件\n"), s->path);
        close(fd);
        return 5;
    }
    if (!force && !(s->st.st_mode & S_IWUSR)) {
        fprintf(stderr,
                CLI_TEXT("refund: %s: read-only to its owner (mode %04o); --force writes it anyway\n",
                         "refund: %s: 文件对属主只读 (权限 %04o); 加 --force 仍会写入\n"),
                s->path, (unsigned)(s->st.st_mode & 07777));
        close(fd);
        return 5;
    }
    if (!force && s->st.st_nlink > 1) {
        fprintf(stderr,
                CLI_TEXT("refund: %s: has %ju hard links, and replacing it would leave the others with the old text; "
                         "--force replaces this name only\n",
                         "refund: %s: 有 %ju 个硬链接, 替换后其他链接仍是旧内容; 加 --force 只替换这个文件名\n"),
                s->path, (uintmax_t)s->st.st_nlink);
        close(fd);
        return 5;
    }
    rc = read_all(s, fd, text, len);
    close(fd);
    return rc;
}

/* Gives the temporary file the TARGET's owner, group and permission bits,
 * never setuid or setgid (a case file is not a program; a copy of those
 * bits on a file root just wrote would be a gift). */
static int keep_identity(const cli_store *s, int fd) {
    if (fchown(fd, s->st.st_uid, s->st.st_gid) != 0) {
        int saved = errno;
        if (!s->force) {
            fprintf(stderr,
                    CLI_TEXT("refund: %s: cannot give the new file its owner and group %ju:%ju: %s; "
                             "run as its owner or root, or --force to let them change\n",
                             "refund: %s: 无法让新文件保留属主和属组 %ju:%ju: %s; "
                             "请以属主或 root 运行, 或加 --force 允许它们改变\n"),
                    s->path, (uintmax_t)s->st.st_uid, (uintmax_t)s->st.st_gid, cli_strerror(saved));
            return 5;
        }
        (void)fchown(fd, (uid_t)-1, s->st.st_gid); /* the group, at least, if we may */
        struct stat now;
        if (fstat(fd, &now) == 0)
            fprintf(stderr, CLI_TEXT("refund: %s: warning: now owned by %ju:%ju, was %ju:%ju\n",
                                     "refund: %s: 警告: 属主现在是 %ju:%ju, 原来是 %ju:%ju\n"),
                    s->path,
                    (uintmax_t)now.st_uid, (uintmax_t)now.st_gid, (uintmax_t)s->st.st_uid,
                    (uintmax_t)s->st.st_gid);
    }
    if (fchmod(fd, s->st.st_mode & 07777 & ~(mode_t)(S_ISUID | S_ISGID)) != 0) {
        fprintf(stderr, CLI_TEXT("refund: %s: cannot give the new file its mode: %s\n", "refund: %s: 无法设置新文件的权限: %s\n"),
                s->path, cli_strerror(errno));
        return 5;
    }
    return 0;
}

int cli_store_replace(cli_store *s, const char *data, size_t len) {
    int fd = openat(s->dir_fd, s->tmp_name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, CLI_TEXT("refund: %s: cannot create the temporary file %s: %s\n", "refund: %s: 无法创建临时文件 %s: %s\n"),
                s->path, s->tmp_name, cli_strerror(errno));
        return 5;
    }
    int rc = keep_identity(s, fd);
    size_t done = 0;
    while (!rc && done < len) {
        ssize_t w = write(fd, data + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            fprintf(stderr, CLI_TEXT("refund: %s: write failed: %s\n", "refund: %s: 写入失败: %s\n"), s->path,
                    w < 0 ? cli_strerror(errno) : CLI_TEXT("wrote nothing", "未写入任何内容"));
            rc = 5;
        } else {
            done += (size_t)w;
        }
    }
    if (!rc && fsync(fd) != 0) {
        fprintf(stderr, CLI_TEXT("refund: %s: write failed: %s\n", "refund: %s: 写入失败: %s\n"), s->path, cli_strerror(errno));
        rc = 5;
    }
    if (close(fd) != 0 && !rc) {
        fprintf(stderr, CLI_TEXT("refund: %s: write failed: %s\n", "refund: %s: 写入失败: %s\n"), s->path, cli_strerror(errno));
        rc = 5;
    }
    if (!rc && renameat(s->dir_fd, s->tmp_name, s->dir_fd, s->name) != 0) {
        fprintf(stderr, CLI_TEXT("refund: %s: cannot replace the file: %s\n", "refund: %s: 无法替换文件: %s\n"), s->path,
                cli_strerror(errno));
        rc = 5;
    }
    if (rc) {
        (void)unlinkat(s->dir_fd, s->tmp_name, 0);
        return rc;
    }
    /* The rename is durable once the directory is: until then a power cut
     * may bring the old file back. */
    if (fsync(s->dir_fd) != 0) {
        fprintf(stderr,
                CLI_TEXT("refund: %s: the new file is in place, but its directory could not be synced: %s\n",
                         "refund: %s: 新文件已就位, 但其所在目录未能落盘: %s\n"),
                s->path, cli_strerror(errno));
        return 5;
    }
    if (s->st.st_nlink > 1)
        fprintf(stderr,
                CLI_TEXT("refund: %s: warning: this name now has a file of its own; its %ju other hard link%s the old text\n",
                         "refund: %s: 警告: 这个文件名现在是一份独立的文件; 其他 %ju 个硬链接%s旧内容\n"),
                s->path, (uintmax_t)s->st.st_nlink - 1,
                s->st.st_nlink > 2 ? CLI_TEXT("s keep", "仍是") : CLI_TEXT(" keeps", "仍是"));
    return 0;
}

void cli_store_close(cli_store *s) {
    if (!s) return;
    if (s->lock_fd >= 0) close(s->lock_fd); /* releases the lock */
    if (s->dir_fd >= 0) close(s->dir_fd);
    free(s->name);
    free(s->lock_name);
    free(s->tmp_name);
    s->name = s->lock_name = s->tmp_name = NULL;
    s->dir_fd = s->lock_fd = -1;
}
