/* Helpers shared by the cmocka tests (header-only: each test is one file). */
#ifndef RF_TEST_UTIL_H
#define RF_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>

/* The whole file at path, malloc'd (the caller frees it), its size in *len.
 * NULL when the file cannot be opened or memory runs out. */
static inline char *test_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    while (data) {
        n += fread(data + n, 1, cap - n, f);
        if (n < cap) break;
        char *bigger = realloc(data, cap * 2);
        if (!bigger) {
            free(data);
            data = NULL;
            break;
        }
        data = bigger;
        cap *= 2;
    }
    fclose(f);
    *len = n;
    return data;
}

#endif
