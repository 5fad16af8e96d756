/*
 * A strict RFC 8259 reader producing a small read-only tree, and a writer.
 *
 * The reader validates UTF-8, rejects duplicate keys, bounds depth and size,
 * and keeps numbers as the text written (never a double): the case loader
 * decides what a number may mean. Every value records where it starts.
 *
 * Output is written compact, straight into a buffer, and re-indented by
 * rf__json_pretty when a pretty document is asked for.
 */
#ifndef RF_JSON_H
#define RF_JSON_H

#include "internal.h"

#include <string.h>

typedef enum rf__json_type {
    RF_JSON_NULL,
    RF_JSON_FALSE,
    RF_JSON_TRUE,
    RF_JSON_NUMBER,
    RF_JSON_STRING,
    RF_JSON_ARRAY,
    RF_JSON_OBJECT
} rf__json_type;

typedef struct rf__json rf__json;
struct rf__json {
    rf__json_type type;
    size_t offset;            /* byte offset of the value's first byte */
    size_t end;               /* byte offset just past the value's last byte */
    unsigned line, column;    /* 1-based; column counts bytes */
    /* STRING: the decoded UTF-8 text, NUL-terminated (may hold \u0000, so use
     * len). NUMBER: the literal exactly as written. */
    const char *str;
    size_t len;
    /* ARRAY/OBJECT: first element (object: first member's value) and count. */
    rf__json *child;
    size_t count;
    /* The next element of the enclosing array/object, or NULL. */
    rf__json *next;
    /* For an object member: its decoded key and where the key starts. */
    const char *key;
    size_t key_len;
    size_t key_offset;
    unsigned key_line, key_column;
};

typedef struct rf__json_limits {
    size_t max_size;  /* bytes of input; 0 = RF_JSON_DEFAULT_MAX_SIZE */
    unsigned max_depth; /* nesting of arrays/objects; 0 = default */
    /* RFC 8259 lets names repeat ("SHOULD be unique"); the product never
     * does (a repeated key would silently hide a value). Only the conformance
     * test turns this on, to run the suite as the RFC reads. */
    bool allow_duplicate_keys;
} rf__json_limits;

#define RF_JSON_DEFAULT_MAX_SIZE ((size_t)16 << 20) /* 16 MiB */
#define RF_JSON_DEFAULT_MAX_DEPTH 64u

typedef struct rf__json_doc rf__json_doc;

/* Parses text[0..len). limits may be NULL for defaults. On error returns
 * RF_E_JSON (syntax, UTF-8, duplicate key), RF_E_LIMIT (size, depth) or
 * RF_E_NOMEM, with err's offset/line/column at the offending byte and a
 * message such as "expected ',' or '}' after object member". A leading UTF-8
 * BOM is refused (RFC 8259 section 8.1 lets a parser ignore it; we keep the
 * input strict). */
rf_status rf__json_parse(const rf_allocator *a, const char *text, size_t len,
                         const rf__json_limits *limits, rf__json_doc **out,
                         rf_error *err);
const rf__json *rf__json_root(const rf__json_doc *doc);
void rf__json_free(rf__json_doc *doc); /* accepts NULL */

/* Whether member m's key is exactly name. Compares lengths too: a key may
 * hold \u0000, and "item_amount\u0000" must not pass for "item_amount". */
static inline bool rf__json_key_is(const rf__json *m, const char *name) {
    size_t n = 0;
    while (name[n]) n++;
    if (m->key_len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (m->key[i] != name[i]) return false;
    return true;
}

/* The member of obj named key, or NULL (also when obj is not an object). */
const rf__json *rf__json_get(const rf__json *obj, const char *key);

/* ---- output buffer ---------------------------------------------------------- */

/* A growable byte buffer. On allocation failure it sets failed and drops
 * further writes; check failed once at the end. Once anything was written
 * there is room for one byte after the data, but no NUL is kept there (the
 * writers would pay a store per write for it): rf__buf_cstr writes one for
 * the few readers that want a C string. */
typedef struct rf__buf {
    char *data;
    size_t len, cap;
    const rf_allocator *alloc;
    bool failed;
} rf__buf;

void rf__buf_init(rf__buf *b, const rf_allocator *a);
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

/* ---- compact JSON writing ------------------------------------------------------ */

/* The writers of lib/render.c write compact JSON directly: the separators
 * live in their key fragments ({"order": ,"as_of": ...), so no writer state
 * is needed. These are the pieces that are not literals. */

/* s[0..n) as a quoted JSON string, escaped per RFC 8259: \" \\ and \b \f
 * \n \r \t, other control characters as \u00XX (lower-case hex), every
 * other byte (DEL, non-ASCII UTF-8) as is. */
void rf__json_put_string(rf__buf *b, const char *s, size_t n);

/* A NUL-terminated string quoted and escaped; NULL writes null. */
static inline void rf__json_put_cstr(rf__buf *b, const char *s) {
    if (s) rf__json_put_string(b, s, strlen(s));
    else RF__PUT_LIT(b, "null");
}

/* v in decimal. */
void rf__json_put_int(rf__buf *b, int64_t v);

/* Appends the JSON text compact[0..len) re-indented, as FORMAT.md's pretty
 * documents are: each member or element on its own line, indented by indent
 * spaces per level, "key": value with one space after the colon, a closing
 * bracket on its own line at its parent's indentation, and an empty {} or []
 * kept on one line. Strings (with the quotes and backslashes escaped inside
 * them) are copied unchanged; whitespace outside strings is dropped, so a
 * pretty text re-indents to itself, and indent <= 0 gives the compact form.
 * The input is trusted to be JSON (the writers' own output): anything else
 * is re-indented without complaint, never read out of bounds. */
void rf__json_pretty(rf__buf *out, const char *compact, size_t len, int indent);

#endif
