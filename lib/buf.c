/*
 * The growable output buffer every writer of the library fills.
 *
 * The buffer remembers an allocation failure instead of reporting it on every
 * call, so writers can emit a whole document and check once at the end.
 */
#include "buf.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rf__buf_init(rf__buf *b, const rf_allocator *a) {
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->allocated = 0;
    b->alloc = a;
    b->failed = false;
    b->borrowed = false;
}

void rf__buf_borrow(rf__buf *b, const rf_allocator *a, char *mem, size_t size) {
    rf__buf_init(b, a);
    b->data = mem;
    b->cap = b->allocated = mem ? size : 0;
    b->borrowed = true;
}

void rf__buf_free(rf__buf *b) {
    if (!b) return;
    if (!b->borrowed) rf__free(b->alloc, b->data);
    rf__buf_init(b, b->alloc);
}

void rf__buf_fail(rf__buf *b) {
    b->failed = true;
    /* The old data stays valid until rf__buf_free; forgetting the room left
     * in it makes the inline check of rf__buf_reserve send every later write
     * here to be refused. */
    b->cap = b->len;
}

bool rf__buf_grow(rf__buf *b, size_t extra) {
    if (b->failed) return false;
    if (extra >= SIZE_MAX - b->len) {
        rf__buf_fail(b);
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return true;
    if (b->borrowed) {
        rf__buf_fail(b);
        return false;
    }
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *grown = rf__realloc(b->alloc, b->data, b->allocated, cap);
    if (!grown) {
        rf__buf_fail(b);
        return false;
    }
    b->data = grown;
    b->cap = b->allocated = cap;
    return true;
}

void rf__buf_shrink(rf__buf *b) {
    if (b->failed || !b->data || b->borrowed) return;
    char *fit = rf__realloc(b->alloc, b->data, b->allocated, b->len + 1);
    if (!fit) {
        rf__buf_fail(b);
        return;
    }
    b->data = fit;
    b->cap = b->allocated = b->len + 1;
}

rf_status rf__buf_give(rf__buf *b, char **out, size_t *len) {
    rf__buf_putc(b, '\0');
    if (b->failed) {
        rf__buf_free(b);
        *out = NULL;
        return RF_E_NOMEM;
    }
    *out = b->data;
    if (len) *len = b->len - 1;
    return RF_OK;
}

const char *rf__buf_cstr(rf__buf *b) {
    if (!rf__buf_reserve(b, 0)) return NULL;
    b->data[b->len] = '\0';
    return b->data;
}

void rf__buf_printf(rf__buf *b, const char *fmt, ...) {
    if (b->failed) return;
    /* Most writes are short: format on the stack first, and only when that
     * is too small reserve the exact size and format again. */
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        rf__buf_fail(b);
        return;
    }
    size_t need = (size_t)n;
    if (need < sizeof small) {
        rf__buf_put(b, small, need);
        return;
    }
    if (!rf__buf_reserve(b, need)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, need + 1, fmt, ap);
    va_end(ap);
    b->len += need;
}
