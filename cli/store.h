/*
 * Writing a case file back, for `refund apply`: under the case's lock, with
 * the file's identity kept. docs/apply.md describes the protocol for shop
 * software that writes the same files.
 *
 * A case path is followed through its symlinks to the file they end at, the
 * TARGET; everything happens in the TARGET's directory, by names relative
 * to it (so a path near PATH_MAX works as long as the system can open its
 * directory):
 *   NAME.lock         the lock: a POSIX write lock (fcntl F_SETLKW) on the
 *                     whole file, held from before the read to after the
 *                     rename. Created when missing, never removed.
 *   .NAME.refund-tmp  the new text, written, given the owner, group and
 *                     mode of NAME (less setuid and setgid), fsynced and
 *                     renamed over NAME. One name per case: a run killed
 *                     on the way leaves at most this one file, and the
 *                     next run, holding the lock, removes it.
 * Not thread-safe: one store per thread, and POSIX locks belong to the
 * process, so two stores of one process do not exclude each other.
 */
#ifndef RF_CLI_STORE_H
#define RF_CLI_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

typedef struct cli_store {
    const char *path;  /* the case as given, for messages; not owned */
    char *name;        /* the TARGET's name in its directory */
    char *lock_name;   /* NAME.lock */
    char *tmp_name;    /* .NAME.refund-tmp */
    int dir_fd;        /* the TARGET's directory, or -1 */
    int lock_fd;       /* the lock file, locked, or -1 */
    bool force;        /* --force: write what the checks would refuse */
    struct stat st;    /* the TARGET as it was read */
} cli_store;

/* A store that holds nothing; cli_store_close() accepts it. */
#define CLI_STORE_CLOSED {.dir_fd = -1, .lock_fd = -1}

/* Follows path to its TARGET, takes the TARGET's lock (waiting for it),
 * removes a temporary file a killed run left, checks that the TARGET may be
 * rewritten and reads it into *text (malloc'd, NUL-terminated, the caller
 * frees it) and *len. The checks: a regular file, with its owner's write
 * bit and no other hard link; unless force, a file failing the last two is
 * refused. Returns 0, or an exit code (5 for a file, 3 for one over the
 * size limit) after printing the message; the store then holds nothing
 * but must still be closed. */
int cli_store_open(cli_store *s, const char *path, bool force, char **text, size_t *len);

/* Replaces the TARGET by data, atomically: the temporary file is written,
 * given the TARGET's owner, group and mode without setuid and setgid,
 * fsynced, renamed over the TARGET, and the directory fsynced. A TARGET
 * whose owner or group this user cannot give a new file is refused (exit
 * 5) unless force. Needs a store that cli_store_open() opened. Returns 0 or
 * 5 after printing the message; on failure the TARGET is as it was and no
 * temporary file is left. */
int cli_store_replace(cli_store *s, const char *data, size_t len);

/* Releases the lock and frees what the store holds. NULL or a closed store
 * is a no-op. */
void cli_store_close(cli_store *s);

#endif
