/*
 * A growable output buffer: what every writer of the library (the JSON
 * pieces of json_write.h, the renderers of render.c) puts its bytes in.
 */
#ifndef RF_BUF_H
#define RF_BUF_H

#include "refund.h"

#include <string.h>

/* A growable byte buffer. On allocation failure it sets failed and drops
 * further writes; check failed once at the end. Once anything was written
 * there is room for one byte after the data, but no NUL is kept there (the
 * writers would pay a store per write for it): rf__buf_cstr writes one for
 * the few readers that want a C string. */
typedef struct rf__buf {
    char *data;
    size_t len, cap;
    size_t allocated;        /* bytes of data as allocated (cap may be lowered by rf__buf_fail) */
    const rf_allocator *alloc;
    bool failed;
    bool borrowed;           /* data is the caller's (rf__buf_borrow): never grown nor freed */
} rf__buf;

void rf__buf_init(rf__buf *b, const rf_allocator *a);
/* A buffer writing into the caller's size bytes at mem (the byte after the
 * data included), for rf_auditor_judge_into. It never grows: a write past
 * them fails the buffer (failed set, as when out of memory, borrowed still
 * true), and the caller tells the two apart by borrowed. Nothing to free. */
void rf__buf_borrow(rf__buf *b, const rf_allocator *a, char *mem, size_t size);
void rf__buf_free(rf__buf *b);
/* Makes room for extra more bytes (plus the one after them). Returns false,
 * with failed set, when that is impossible. Writers call it through
 * rf__buf_reserve, which grows only when the room is not already there. */
bool rf__buf_grow(rf__buf *b, size_t extra);
/* Marks the buffer failed: later writes are dropped. */
void rf__buf_fail(rf__buf *b);
/* Gives back the room past the data, keeping the byte after it. The
 * allocator refusing even that counts as a failure like any other (failed
 * is set), so that no failed allocation goes unreported. */
void rf__buf_shrink(rf__buf *b);

/* The capacity check is inline and the growth out of line, so that the
 * writers, which put a few bytes at a time, pay one comparison per write. A
 * failed buffer has cap == len, which sends every write to rf__buf_grow,
 * which refuses it. */
static inline bool rf__buf_reserve(rf__buf *b, size_t extra) {
    return extra < b->cap - b->len || rf__buf_grow(b, extra);
}

static inline void rf__buf_put(rf__buf *b, const char *s, size_t n) {
    if (!rf__buf_reserve(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

static inline void rf__buf_putc(rf__buf *b, char c) {
    if (!rf__buf_reserve(b, 1)) return;
    b->data[b->len++] = c;
}

static inline void rf__buf_puts(rf__buf *b, const char *s) { rf__buf_put(b, s, strlen(s)); }

/* A string literal: its length is known when compiling, so the copy is a few
 * moves. The "" refuses anything but a literal (sizeof a pointer would be
 * wrong silently). */
#define RF__PUT_LIT(b, lit) rf__buf_put((b), "" lit, sizeof("" lit) - 1)

void rf__buf_printf(rf__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The data as a C string: writes a NUL after it (not counted in len).
 * NULL when the buffer failed. */
const char *rf__buf_cstr(rf__buf *b);

/* Hands the text over to a caller as an allocated C string: *out (NUL
 * ended, freed with the buffer's allocator), *len (may be NULL) its length
 * without the NUL. RF_E_NOMEM, with the buffer freed and *out NULL, when
 * any write failed. What every rf_render_* and the other text writers end
 * with. */
rf_status rf__buf_give(rf__buf *b, char **out, size_t *len);

#endif
