/*
 * The inside of an rf_case, shared by the two readers that fill one: the
 * tree loader (lib/case.c: strict JSON tree, then typed fields, with an
 * error for everything wrong) and the schema-directed reader
 * (lib/case_fast.c: the bytes straight into the case, declining whatever
 * it is not sure of). rf_case_parse tries the second and falls back on the
 * first, so both must produce the same case from the same accepted bytes.
 */
#ifndef RF_CASE_H
#define RF_CASE_H

#include "internal.h"

#include <string.h>

/* ---- limits (docs/limits.md) ------------------------------------------------ */

#define RF_MAX_EVENTS 10000u     /* events in one case */
#define RF_MAX_STRING 4096u      /* bytes of one string field */

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
};

/* Which optional fields each event type takes, and which it requires
 * (rf_event.has bits). One table for both readers and rf_case_append. */
typedef struct rf__event_shape { unsigned allowed, required; } rf__event_shape;
extern const rf__event_shape rf__case_shapes[RF_EV_COUNT];

/* ---- storage --------------------------------------------------------------------- */

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

/* ---- readers ---------------------------------------------------------------------- */

/* An empty case using allocator a (copied); NULL when out of memory. */
rf_case *rf__case_alloc(const rf_allocator *a);

/* Empties c for reuse: the order zeroed, no events, no error state. Keeps
 * the events array with its capacity and one string chunk (the largest, the
 * others are freed), so reading a document of the same size again does not
 * allocate. Every string of the previous content is gone. */
void rf__case_reset(rf_case *c);

/* The schema-directed reader: true when json[0..len) is a case document it
 * reads completely, and c (empty, see rf__case_reset) then holds exactly
 * what rf__case_read_tree would put there. false when it declines: anything
 * it does not handle (escapes, unknown or repeated keys, wrong types,
 * missing fields, bad values...) or an allocation failure (then
 * c->out_of_memory is set). After false c may hold part of the document:
 * reset it before reading into it again. Never touches an rf_error. */
bool rf__case_read_fast(rf_case *c, const char *json, size_t len);

/* The tree loader: the strict JSON reader, then every field typed and
 * checked, with the error of the first problem in err (code, position,
 * field path, message). c must be empty. On error c holds part of the
 * document. */
rf_status rf__case_read_tree(rf_case *c, const char *json, size_t len, rf_error *err);

/* Reads json into c, whatever it held: reset, the schema-directed reader,
 * and when it declines, reset and the tree loader. RF_E_NOMEM when the fast
 * reader ran out of memory. The result, error included, is that of the tree
 * loader alone. */
rf_status rf__case_reparse(rf_case *c, const char *json, size_t len, rf_error *err);

#endif
