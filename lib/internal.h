/*
 * Internals shared between the files of lib/. Nothing here is installed.
 * Names are rf__ (two underscores): exported from objects, never from the API.
 */
#ifndef RF_INTERNAL_H
#define RF_INTERNAL_H

#include "refund.h"
#include "policy.h"

#include <stdarg.h>

/* ---- allocation through the context's allocator ------------------------ */

/* The C library's allocator behind an rf_allocator. */
extern const rf_allocator rf__default_allocator;

void *rf__malloc(const rf_allocator *a, size_t size);
void *rf__realloc(const rf_allocator *a, void *ptr, size_t size);
void rf__free(const rf_allocator *a, void *ptr);
/* A NUL-terminated copy of len bytes; NULL when out of memory. */
char *rf__strndup(const rf_allocator *a, const char *s, size_t len);

/* ---- errors ------------------------------------------------------------ */

/* Fills err (if non-NULL and still RF_OK: first error wins) and returns code.
 * field may be NULL. */
rf_status rf__fail(rf_error *err, rf_status code, size_t offset, unsigned line,
                   unsigned column, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* Resets err to RF_OK with no position. */
void rf__error_clear(rf_error *err);

/* ---- checked arithmetic -------------------------------------------------- */

/* Each returns false (and leaves *out unspecified) on overflow. */
static inline bool rf__add(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_add_overflow(a, b, out);
}
static inline bool rf__sub(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_sub_overflow(a, b, out);
}
static inline bool rf__mul(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_mul_overflow(a, b, out);
}

/* amount * bp / 10000 rounded half up (amount >= 0, 0 <= bp <= 10000). The
 * one rounding rule of the library: RULES.md section 3. */
rf_fen rf__apply_bp_half_up(rf_fen amount, int64_t bp);

/* ---- the context --------------------------------------------------------- */

typedef struct rf__calendar rf__calendar; /* calendar.h */

struct rf_ctx {
    rf_allocator alloc;
    rf_policy policy;
    rf__calendar *calendar; /* NULL: the built-in calendar */
};

/* ---- replaying into a reused verdict ----------------------------------- */

/* rf_replay into *verdict: a verdict from an earlier call is emptied and
 * reused, arrays and scratch included, so a warmed-up call allocates
 * nothing; NULL makes a new one. On error *verdict stays allocated (free it
 * with rf_verdict_free) but its contents are unspecified. */
rf_status rf__replay_into(const rf_ctx *ctx, const rf_case *c, const rf_replay_options *options,
                          rf_verdict **verdict, rf_error *err);

/* TEMPORARY: this moves to render.h. */
struct rf__buf;
void rf__render_verdict_to(struct rf__buf *b, const rf_verdict *v, rf_format format, rf_lang lang);

#endif
