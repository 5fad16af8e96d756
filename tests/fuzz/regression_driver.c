/*
 * A plain main() for the fuzz targets (after zstd's tests/fuzz/
 * regression_driver.c): runs a target's LLVMFuzzerTestOneInput over every
 * file named on the command line, and every file of every directory named
 * (not recursing; names starting with '.' are skipped), in sorted order. Built
 * with the ordinary compiler and flags by tests/fuzz/fuzz.mk, so `make check`
 * replays the corpus and every regression input on each build, sanitizers
 * included when SANITIZE is set.
 *
 *   fuzz_json [--known-bugs FILE] DIR|FILE...
 *
 * FILE of --known-bugs lists inputs that still crash because of a bug not
 * yet fixed, one per line: "TARGET/NAME  why". Those are skipped with a
 * message naming them, so the suite stays green while the input waits in
 * tests/fuzz/regressions/ for its fix. Lines starting with '#' are comments.
 */
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FUZZ_TARGET
#define FUZZ_TARGET "fuzz"
#endif

typedef struct known {
    char name[256];    /* "fuzz_replay/crash-..." */
    char why[512];
} known;

static known *known_bugs;
static size_t known_count;

static void load_known(const char *path) {
    FILE *f = fopen(path, "r");
    char line[1024];
    if (!f) return; /* no list: nothing is skipped */
    while (fgets(line, sizeof line, f)) {
        char *p = line + strspn(line, " \t");
        if (*p == '#' || *p == '\n' || *p == '\0') continue;
        known *grown = realloc(known_bugs, (known_count + 1) * sizeof *grown);
        if (!grown) break;
        known_bugs = grown;
        known *k = &known_bugs[known_count++];
        size_t n = strcspn(p, " \t\n");
        snprintf(k->name, sizeof k->name, "%.*s", (int)n, p);
        p += n;
        p += strspn(p, " \t");
        snprintf(k->why, sizeof k->why, "%.*s", (int)strcspn(p, "\n"), p);
    }
    fclose(f);
}

/* The known bug for path, matched on its last two components. */
static const known *known_for(const char *path) {
    const char *base = strrchr(path, '/');
    if (!base) return NULL;
    const char *dir = base;
    while (dir > path && dir[-1] != '/') dir--;
    for (size_t i = 0; i < known_count; i++)
        if (!strcmp(known_bugs[i].name, dir)) return &known_bugs[i];
    return NULL;
}

static size_t replayed, skipped;

static int run_file(const char *path) {
    const known *k = known_for(path);
    if (k) {
        printf("%s: SKIPPED %s: known bug, not yet fixed: %s\n", FUZZ_TARGET, path, k->why);
        skipped++;
        return 0;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open %s\n", FUZZ_TARGET, path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    uint8_t *data = malloc(cap);
    while (data) {
        n += fread(data + n, 1, cap - n, f);
        if (n < cap) break;
        uint8_t *bigger = realloc(data, cap * 2);
        if (!bigger) {
            free(data);
            data = NULL;
            break;
        }
        data = bigger;
        cap *= 2;
    }
    int bad = !data || ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        fprintf(stderr, "%s: cannot read %s\n", FUZZ_TARGET, path);
        return 1;
    }
    /* An exact-size copy, so that reading past the input is caught by
     * AddressSanitizer as it would be under libFuzzer. */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact) {
        free(data);
        return 1;
    }
    memcpy(exact, data, n);
    free(data);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    replayed++;
    return 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *path) {
    DIR *d = opendir(path);
    if (!d) return 0; /* an absent directory holds no inputs (regressions/ may be empty) */
    char **names = NULL;
    size_t count = 0;
    int rc = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        char **grown = realloc(names, (count + 1) * sizeof *names);
        if (!grown) break;
        names = grown;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        if (!(names[count] = malloc(len))) break;
        snprintf(names[count], len, "%s/%s", path, e->d_name);
        count++;
    }
    closedir(d);
    if (count) qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) rc |= run_file(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv) {
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (!strcmp(argv[i], "--known-bugs") && i + 1 < argc) {
            load_known(argv[++i]);
            continue;
        }
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) rc |= run_dir(argv[i]);
        else if (stat(argv[i], &st) == 0) rc |= run_file(argv[i]);
    }
    if (skipped)
        printf("%s: %zu inputs replayed, %zu skipped (known bugs)\n", FUZZ_TARGET, replayed, skipped);
    else
        printf("%s: %zu inputs replayed\n", FUZZ_TARGET, replayed);
    free(known_bugs);
    return rc;
}
