/*
 * The inside of an rf_case and its storage (lib/case_store.c): the order,
 * the events array, and the chunks that hold every string of the case.
 *
 * Who fills a case: the two readers of lib/case_read.h (the tree loader and
 * the schema-directed fast reader) and the public API of lib/case.c
 * (rf_case_new, rf_case_append). What a field may hold is the schema's
 * business (lib/schema.h); this file knows only bytes, events and chunks,
 * and calls nothing of the case module above it.
 */
#ifndef RF_CASE_H
#define RF_CASE_H

#include "internal.h"

#include <string.h>

/* ---- the case ------------------------------------------------------------------ */

/* Strings of a case live in chunks that are freed together. */
typedef struct rf__chunk {
    struct rf__chunk *next;
    size_t used, cap;
    char data[];
} rf__chunk;

struct rf_case {
    rf_allocator alloc;
    rf_order order;
    rf_event *events;
    size_t count, cap;
    rf__chunk *strings;       /* the chunk being filled first */
    /* The size of the next chunk, at least: set by rf__case_reset from the
     * chunks it frees, so that a case reused for documents of one size
     * settles on a single chunk and stops allocating. */
    size_t chunk_hint;
    /* An allocation failed since the last reset. rf__case_read_fast declines
     * then; its caller reports RF_E_NOMEM rather than trying the tree path,
     * which would hide the failure from an allocator that meant it. */
    bool out_of_memory;
    /* The optional "import" object (TOP.md section 3): has_import says
     * whether the case has one; its refunds live in import_refunds (cap
     * elements allocated), and import.refunds points there. */
    bool has_import;
    rf_case_import import;
    rf_import_refund *import_refunds;
    size_t import_refund_cap;
};

/* ---- storage --------------------------------------------------------------------- */

/* An empty case using allocator a (copied); NULL when out of memory. */
rf_case *rf__case_alloc(const rf_allocator *a);

/* Starts a chunk that holds at least need bytes; NULL when out of memory. */
rf__chunk *rf__case_new_chunk(rf_case *c, size_t need);

/* A NUL-terminated copy of s[0..len) owned by c; NULL when out of memory. */
static inline const char *rf__case_store(rf_case *c, const char *s, size_t len) {
    rf__chunk *k = c->strings;
    if (!k || k->cap - k->used < len + 1) {
        k = rf__case_new_chunk(c, len + 1);
        if (!k) return NULL;
    }
    char *dst = k->data + k->used;
    memcpy(dst, s, len);
    dst[len] = '\0';
    k->used += len + 1;
    return dst;
}

/* Room for one more event in c->events; false when out of memory. */
bool rf__case_grow(rf_case *c);

/* A new refund at the end of c's import object (its defaults, size set),
 * or NULL when out of memory (out_of_memory set) or at RF_MAX_REQUESTS. */
rf_import_refund *rf__case_push_import_refund(rf_case *c);

/* Makes c's import object a copy of from's (strings and refunds copied
 * into c); false when out of memory. */
bool rf__case_copy_import(rf_case *c, const rf_case *from);

/* Empties c for reuse: the order zeroed, no events, no error state. Keeps
 * the events array with its capacity and one string chunk (the largest, the
 * others are freed), so reading a document of the same size again does not
 * allocate. Every string of the previous content is gone. */
void rf__case_reset(rf_case *c);

#endif
