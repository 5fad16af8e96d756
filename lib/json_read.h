/*
 * A strict RFC 8259 reader producing a small read-only tree.
 *
 * The reader validates UTF-8, rejects duplicate keys, bounds depth and size,
 * and keeps numbers as the text written (never a double): the loaders decide
 * what a number may mean. Every value records where it starts. Writing JSON
 * is another job, in json_write.h.
 */
#ifndef RF_JSON_READ_H
#define RF_JSON_READ_H

#include "refund.h"

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
    /* For a member whose key an earlier member of the same object has: that
     * member (the first with the key). NULL otherwise. */
    const rf__json *dup_of;
};

typedef struct rf__json_limits {
    size_t max_size;  /* bytes of input; 0 = RF_JSON_DEFAULT_MAX_SIZE */
    unsigned max_depth; /* nesting of arrays/objects; 0 = default */
    /* RFC 8259 lets names repeat ("SHOULD be unique"); the product never
     * does (a repeated key would silently hide a value). A repeat is still
     * well-formed JSON, so it is not a syntax error: by default the document
     * is read to its end (a syntax error anywhere wins) and then refused as
     * RF_E_INVALID, naming the repeat and the first. true: the document is
     * accepted with each repeat linked to its first (dup_of), for a loader
     * that refuses them itself among its other errors (lib/case_tree.c) and
     * for the conformance test, which runs the suite as the RFC reads. */
    bool allow_duplicate_keys;
    /* One value at the start of the text, and whatever follows it left
     * unread: the importer (lib/import_read.c) reads a sequence of values
     * this way. The root's `end` says where the value ended. */
    bool first_value_only;
} rf__json_limits;

#define RF_JSON_DEFAULT_MAX_SIZE ((size_t)16 << 20) /* 16 MiB */
#define RF_JSON_DEFAULT_MAX_DEPTH 64u

typedef struct rf__json_doc rf__json_doc;

/* Parses text[0..len). limits may be NULL for defaults. On error returns
 * RF_E_JSON (syntax, UTF-8), RF_E_LIMIT (size, depth), RF_E_INVALID (a
 * repeated key in a well-formed document, unless allowed) or RF_E_NOMEM,
 * with err's offset/line/column at the offending byte and a message such as
 * "expected ',' or '}' after object member". The mistakes of people typing
 * JSON by hand carry a detail (lib/error_text.h): a full-width or curly
 * character where syntax is expected, a curly-quoted string, a GBK or
 * UTF-16 file. A leading UTF-8 BOM is refused, with its fix (RFC 8259
 * section 8.1 lets a parser ignore it; we keep the input strict, so that
 * every reader and tool agrees on the bytes: docs/errors.md). */
rf_status rf__json_parse(const rf_allocator *a, const char *text, size_t len,
                         const rf__json_limits *limits, rf__json_doc **out,
                         rf_error *err);
const rf__json *rf__json_root(const rf__json_doc *doc);
/* With allow_duplicate_keys: how many members repeat a key of their object,
 * and the first of them in the document (NULL when none). */
size_t rf__json_duplicate_count(const rf__json_doc *doc);
const rf__json *rf__json_first_duplicate(const rf__json_doc *doc);

/* The 1-based line and column (in bytes) of offset in text, counted as the
 * parser counts them (a line ends at LF, CRLF or a lone CR), for errors
 * found in a document without parsing it. */
void rf__json_locate(const char *text, size_t offset, unsigned *line, unsigned *column);
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

#endif
