/*
 * The strict JSON reader (RFC 8259).
 *
 * The parser is iterative: open arrays and objects live on an explicit stack
 * bounded by limits->max_depth, so hostile nesting ("[[[[...") costs a
 * limit error, never the C stack. Every node and every decoded string comes
 * from an arena owned by the document, so freeing a document is a walk over
 * a few blocks. Numbers are validated against the RFC grammar and kept as the
 * text written; deciding what a number means is the caller's business.
 *
 * Positions: line and column are 1-based, the column counts bytes from the
 * start of the line. A line ends at LF, CRLF or a lone CR; raw line breaks
 * can only occur in whitespace, so tracking them there is enough.
 */
#include "json_read.h"
#include "error_text.h"
#include "internal.h"
#include "utf8.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- arena ---------------------------------------------------------------- */

/* The first block is small so that tiny documents stay cheap; later blocks
 * double up to a ceiling, which keeps the waste of the last block bounded. */
#define ARENA_FIRST_BLOCK ((size_t)4096)
#define ARENA_MAX_BLOCK ((size_t)1 << 20)

typedef struct arena_block arena_block;
struct arena_block {
    arena_block *next;
    size_t cap, used;
    max_align_t data[]; /* max_align_t keeps the payload aligned for nodes */
};

struct rf__json_doc {
    rf_allocator alloc; /* a copy: the caller's struct need not outlive us */
    arena_block *blocks; /* the block being filled first */
    size_t next_block_size;
    rf__json *root;
    size_t duplicates;                /* members repeating a key of their object */
    const rf__json *first_duplicate;  /* the first of them in the document */
};

static arena_block *arena_new_block(rf__json_doc *doc, size_t cap) {
    if (cap > SIZE_MAX - sizeof(arena_block)) return NULL;
    arena_block *b = rf__malloc(&doc->alloc, sizeof(arena_block) + cap);
    if (!b) return NULL;
    b->next = NULL;
    b->cap = cap;
    b->used = 0;
    return b;
}

/* size bytes aligned to align (a power of two), or NULL when out of memory. */
static void *arena_alloc(rf__json_doc *doc, size_t size, size_t align) {
    arena_block *head = doc->blocks;
    if (head) {
        size_t start = (head->used + align - 1) & ~(align - 1);
        if (start <= head->cap && size <= head->cap - start) {
            head->used = start + size;
            return (unsigned char *)head->data + start;
        }
    }
    if (size > doc->next_block_size / 4) {
        /* A big string gets a block of its own, linked behind the head so the
         * head's free space stays usable. */
        arena_block *own = arena_new_block(doc, size);
        if (!own) return NULL;
        own->used = size;
        if (head) {
            own->next = head->next;
            head->next = own;
        } else {
            doc->blocks = own;
        }
        return own->data;
    }
    arena_block *fresh = arena_new_block(doc, doc->next_block_size);
    if (!fresh) return NULL;
    fresh->next = head;
    doc->blocks = fresh;
    if (doc->next_block_size < ARENA_MAX_BLOCK) doc->next_block_size *= 2;
    fresh->used = size; /* offset 0 is aligned for anything */
    return fresh->data;
}

void rf__json_free(rf__json_doc *doc) {
    if (!doc) return;
    arena_block *b = doc->blocks;
    while (b) {
        arena_block *next = b->next;
        rf__free(&doc->alloc, b);
        b = next;
    }
    rf_allocator alloc = doc->alloc;
    rf__free(&alloc, doc);
}

const rf__json *rf__json_root(const rf__json_doc *doc) {
    return doc ? doc->root : NULL;
}

size_t rf__json_duplicate_count(const rf__json_doc *doc) { return doc ? doc->duplicates : 0; }

const rf__json *rf__json_first_duplicate(const rf__json_doc *doc) {
    return doc ? doc->first_duplicate : NULL;
}

const rf__json *rf__json_get(const rf__json *obj, const char *key) {
    if (!obj || !key || obj->type != RF_JSON_OBJECT) return NULL;
    size_t key_len = strlen(key);
    for (const rf__json *m = obj->child; m; m = m->next)
        if (m->key_len == key_len && memcmp(m->key, key, key_len) == 0) return m;
    return NULL;
}

/* ---- parser state ----------------------------------------------------------- */

/* An array or object still open. */
typedef struct frame {
    rf__json *container;
    rf__json *last; /* the last element appended, to link the next one */
} frame;

/* One member of one large object, in a hash set over the whole document: a
 * key repeated in the same object is a duplicate, the same key in another
 * object is not. */
typedef struct key_entry {
    const rf__json *object; /* NULL: empty slot */
    const rf__json *member; /* its key is the entry's */
    size_t hash;
} key_entry;

typedef struct parser {
    const unsigned char *text;
    size_t len;
    size_t pos;
    size_t line;       /* 1-based */
    size_t line_start; /* offset of the first byte of the current line */
    unsigned max_depth;
    bool allow_duplicate_keys;
    bool first_value_only;
    const rf_allocator *alloc; /* never NULL */
    rf__json_doc *doc;
    frame *stack;
    size_t depth, stack_cap;
    key_entry *keys;
    size_t key_count, key_cap;
    /* The key read for the member whose value comes next, where its source
     * ends, and the earlier member of the object with the same key (NULL if
     * none). */
    const char *key;
    size_t key_len, key_offset, key_end;
    unsigned key_line, key_column;
    const rf__json *key_dup_of;
    rf_error *err;
} parser;

static unsigned clamp_unsigned(size_t n) {
    return n > UINT_MAX ? UINT_MAX : (unsigned)n;
}

/* Valid for any offset on the current line, which is where every error is
 * found: raw line breaks cannot occur inside a token. */
static unsigned column_of(const parser *p, size_t offset) {
    return clamp_unsigned(offset - p->line_start + 1);
}

/* An error with a detail (lib/error_text.h) at offset on the current line. */
static rf_status fail_detail(parser *p, rf_status code, size_t offset, const rf__detail *d) {
    return rf__fail_detail(p->err, code, offset, clamp_unsigned(p->line), column_of(p, offset), NULL, d);
}

/* fail_detail with the parameters the syntax errors use: the byte or code
 * point, a text found and the id of what was expected (NULL: none). */
static rf_status fail_syntax(parser *p, rf_status code, size_t offset, rf_error_detail detail, uint32_t cp,
                             const char *found, const char *fix) {
    rf__detail d = {.detail = detail, .codepoint = cp, .found = found, .found_len = found ? strlen(found) : 0,
                    .fix = fix, .fix_len = fix ? strlen(fix) : 0};
    return fail_detail(p, code, offset, &d);
}

static rf_status fail_nomem(parser *p) {
    return fail_syntax(p, RF_E_NOMEM, p->pos, RF_ERR_NOMEM, 0, NULL, NULL);
}

/* ---- the mistakes of hand-typed JSON --------------------------------------------- */

/* Bytes that are not UTF-8 at offset: when the whole input reads as GBK (a
 * file Notepad saved as "ANSI" on Chinese Windows), says so with the iconv
 * line that converts it. false when it does not read as GBK. */
static bool explain_gbk(parser *p, size_t offset, rf_status *st) {
    bool four = false;
    /* A value read from a stream (the importer) has no whole input to judge
     * by: what follows in the buffer depends on how the stream was cut, and
     * the message must not. */
    if (p->first_value_only) return false;
    if (!rf__looks_gbk(p->text, p->len, &four)) return false;
    size_t n = offset + 1 < p->len && p->text[offset + 1] >= 0x30 && p->text[offset + 1] <= 0x39 ? 4 : 2;
    if (n > p->len - offset) n = p->len - offset;
    char bytes[24];
    size_t used = 0;
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(bytes + used, sizeof bytes - used, "%s0x%02X", i ? " " : "",
                                 (unsigned)p->text[offset + i]);
    const char *name = four ? "GB18030" : "GBK";
    rf__detail d = {.detail = RF_ERR_GBK, .found = bytes, .found_len = used, .fix = name, .fix_len = strlen(name)};
    *st = fail_detail(p, RF_E_JSON, offset, &d);
    return true;
}

/* The code point of a quote an input method types for '"' (curly quotes,
 * U+FF02) at offset, and its length; -1 when there is none. */
static long quote_like(const parser *p, size_t offset, size_t *len) {
    long cp = rf__utf8_decode(p->text + offset, p->len - offset, len);
    return cp >= 0x80 && rf__fullwidth_ascii((uint32_t)cp) == '"' ? cp : -1;
}

/* A straight-quoted string whose raw text is [start, end) and which did
 * not end where it should: was its closing quote typed as a curly one? That
 * is, a curly quote followed, up to end, only by spaces and what comes after
 * a string (',', ':', '}', ']'). If so, fails there (line and column from
 * the string's: raw strings never span lines) and returns true. */
static bool explain_curly_close(parser *p, size_t start, size_t end, unsigned line, unsigned column,
                                rf_status *st) {
    /* At the end of a stream's buffer the string may go on in the next
     * piece (see explain_gbk). */
    if (p->first_value_only) return false;
    for (size_t i = start; i < end;) {
        size_t n = 1;
        long cp = p->text[i] >= 0x80 ? quote_like(p, i, &n) : -1;
        if (cp >= 0) {
            size_t j = i + n;
            while (j < end && strchr(" \t,:}]", p->text[j]) && p->text[j]) j++;
            if (j == end) {
                rf__detail d = {.detail = RF_ERR_CURLY_CLOSE, .codepoint = (uint32_t)cp,
                                .found = (const char *)p->text + i, .found_len = n};
                *st = rf__fail_detail(p->err, RF_E_JSON, i, line, column + clamp_unsigned(i - start + 1), NULL, &d);
                return true;
            }
        }
        i += n;
    }
    return false;
}

/* A character >= U+0080 at offset where JSON syntax was wanted (allowed:
 * the ASCII characters that would be right there): a full-width character
 * or a curly quote typed by an input method, a string in curly quotes, or
 * a GBK file. false when it is none of them. */
static bool explain_non_ascii(parser *p, size_t offset, const char *allowed, rf_status *st) {
    size_t n;
    long cp = rf__utf8_decode(p->text + offset, p->len - offset, &n);
    if (cp < 0) return explain_gbk(p, offset, st);
    int ascii = rf__fullwidth_ascii((uint32_t)cp);
    if (ascii < 0) return false;
    rf__detail d = {.codepoint = (uint32_t)cp, .found = (const char *)p->text + offset, .found_len = n};
    if (ascii == '"' && strchr(allowed, '"')) {
        /* “kind”: the closing quote on the same line, not far. */
        for (size_t i = offset + n; i < p->len && i - offset < 80 && p->text[i] != '\n' && p->text[i] != '\r';) {
            size_t m = 1;
            if (p->text[i] == '"' || quote_like(p, i, &m) >= 0) {
                char fix[96];
                size_t inner = i - offset - n;
                if (inner > sizeof fix - 3) break;
                fix[0] = '"';
                memcpy(fix + 1, p->text + offset + n, inner);
                fix[inner + 1] = '"';
                d.detail = RF_ERR_CURLY_STRING;
                d.found_len = i + m - offset;
                d.fix = fix;
                d.fix_len = inner + 2;
                *st = fail_detail(p, RF_E_JSON, offset, &d);
                return true;
            }
            if (p->text[i] >= 0x80 && rf__utf8_decode(p->text + i, p->len - i, &m) < 0) break;
            i += m;
        }
    }
    /* What to type instead: the character itself, when JSON takes it here;
     * for punctuation typed as a separator, the separator wanted. */
    char fix = 0;
    if (ascii == ' ' || strchr(allowed, ascii)) fix = (char)ascii;
    else if (strchr(",;:.", ascii) && strchr(allowed, ',')) fix = ',';
    else if (strchr(",;:.", ascii) && strchr(allowed, ':')) fix = ':';
    if (fix) {
        d.detail = RF_ERR_FULLWIDTH;
        d.fix = &fix;
        d.fix_len = 1;
    } else {
        d.detail = RF_ERR_FULLWIDTH_STRAY;
    }
    *st = fail_detail(p, RF_E_JSON, offset, &d);
    return true;
}

/* What may start a value, for explain_non_ascii. */
#define VALUE_START "\"{[-0123456789tfn"

/* The error for the byte at offset, where `expected` was wanted (allowed:
 * the ASCII characters that would do); at the end of input it says so,
 * naming the construct that is left open. */
static rf_status fail_unexpected(parser *p, size_t offset, const char *inside, const char *expected,
                                 const char *allowed) {
    if (offset >= p->len) return fail_syntax(p, RF_E_JSON, p->len, RF_ERR_JSON_EOF, 0, inside, expected);
    unsigned char c = p->text[offset];
    if (c == 0) return fail_syntax(p, RF_E_JSON, offset, RF_ERR_JSON_NUL, 0, NULL, expected);
    rf_status st;
    if (c >= 0x80 && explain_non_ascii(p, offset, allowed, &st)) return st;
    return fail_syntax(p, RF_E_JSON, offset, RF_ERR_JSON_UNEXPECTED, c, NULL, expected);
}

static void skip_whitespace(parser *p) {
    while (p->pos < p->len) {
        unsigned char c = p->text[p->pos];
        if (c == ' ' || c == '\t') {
            p->pos++;
        } else if (c == '\n' || c == '\r') {
            p->pos++;
            if (c == '\r' && p->pos < p->len && p->text[p->pos] == '\n') p->pos++;
            p->line++;
            p->line_start = p->pos;
        } else {
            break;
        }
    }
}

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* ---- strings ---------------------------------------------------------------- */

/* Decodes the escape whose backslash is at *at into dst, advancing *at past
 * it, by the rules of lib/utf8.h (the case reader decodes with the same);
 * each fault becomes its error. */
static rf_status decode_escape(parser *p, size_t *at, unsigned char *dst, size_t *written) {
    size_t start = *at;
    rf__escape e;
    switch (rf__escape_decode(p->text + start, p->len - start, dst, &e)) {
    case RF_ESCAPE_OK:
        *written = e.written;
        *at = start + e.used;
        return RF_OK;
    case RF_ESCAPE_EOF:
        return fail_syntax(p, RF_E_JSON, p->len, RF_ERR_JSON_EOF_STRING, 0, NULL, NULL);
    case RF_ESCAPE_UNKNOWN:
        return fail_syntax(p, RF_E_JSON, start, RF_ERR_JSON_ESCAPE, p->text[start + 1], NULL, NULL);
    case RF_ESCAPE_HEX:
        return fail_syntax(p, RF_E_JSON, start + e.at, RF_ERR_JSON_HEX, p->text[start + e.at], NULL, NULL);
    case RF_ESCAPE_LOW_SURROGATE:
        return fail_syntax(p, RF_E_JSON, start, RF_ERR_JSON_LOW_SURROGATE, e.cp, NULL, NULL);
    case RF_ESCAPE_HIGH_SURROGATE:
        return fail_syntax(p, RF_E_JSON, start, RF_ERR_JSON_HIGH_SURROGATE, e.cp, NULL, NULL);
    case RF_ESCAPE_UNPAIRED:
        break;
    }
    char after[8];
    snprintf(after, sizeof after, "\\u%04X", e.low);
    return fail_syntax(p, RF_E_JSON, start, RF_ERR_JSON_HIGH_SURROGATE_PAIR, e.cp, after, NULL);
}

/* Validates the UTF-8 sequence at offset (its first byte is >= 0x80) and
 * sets *seq_len to its length, with the rules of lib/utf8.h (the case reader
 * applies the same ones). Errors point at the first byte of the sequence. */
static rf_status check_utf8(parser *p, size_t offset, size_t *seq_len) {
    const unsigned char *s = p->text + offset;
    unsigned lead = s[0];
    rf__utf8_fault fault = rf__utf8_check(s, p->len - offset, seq_len);
    rf_status gbk;
    if (fault != RF_UTF8_OK && explain_gbk(p, offset, &gbk)) return gbk;
    switch (fault) {
    case RF_UTF8_OK:
        return RF_OK;
    case RF_UTF8_LONE_CONTINUATION:
        return fail_syntax(p, RF_E_JSON, offset, RF_ERR_UTF8_CONTINUATION, lead, NULL, NULL);
    case RF_UTF8_BAD_LEAD:
        /* C0 and C1 could only start overlong forms; F5..FF lie above U+10FFFF. */
        return fail_syntax(p, RF_E_JSON, offset, RF_ERR_UTF8_LEAD, lead, NULL, NULL);
    case RF_UTF8_TRUNCATED:
        return fail_syntax(p, RF_E_JSON, offset, RF_ERR_UTF8_TRUNCATED, lead, NULL, NULL);
    case RF_UTF8_OVERLONG:
        return fail_syntax(p, RF_E_JSON, offset, RF_ERR_UTF8_OVERLONG, lead, NULL, NULL);
    case RF_UTF8_SURROGATE:
        return fail_syntax(p, RF_E_JSON, offset, RF_ERR_UTF8_SURROGATE, s[1], NULL, NULL);
    case RF_UTF8_ABOVE_MAX:
        break;
    }
    return fail_syntax(p, RF_E_JSON, offset, RF_ERR_UTF8_ABOVE_MAX, 0, NULL, NULL);
}

/* Eight bytes at a time (SWAR), as lib/case_fast.c scans: a word with no
 * byte flagged holds none of the bytes asked about. */
#define SWAR_ONES UINT64_C(0x0101010101010101)
#define SWAR_HIGH UINT64_C(0x8080808080808080)
static inline uint64_t swar_zero_bytes(uint64_t v) { return (v - SWAR_ONES) & ~v & SWAR_HIGH; }
/* A quote or a backslash. */
static inline uint64_t swar_quote_or_escape(uint64_t w) {
    return swar_zero_bytes(w ^ (SWAR_ONES * '"')) | swar_zero_bytes(w ^ (SWAR_ONES * '\\'));
}
/* Anything but plain printable ASCII: a quote, a backslash, a control byte, a byte of UTF-8. */
static inline uint64_t swar_special(uint64_t w) {
    return (swar_quote_or_escape(w) | ((w - SWAR_ONES * 0x20) & ~w) | w) & SWAR_HIGH;
}

/* Reads the string whose opening quote is at p->pos, decoded into the arena
 * and NUL-terminated; p->pos ends past the closing quote. */
static rf_status parse_string(parser *p, const char **out, size_t *out_len) {
    size_t start = p->pos + 1;
    /* Decoding never makes a string longer (an escape is at least as long as
     * what it stands for), so the raw span up to the closing quote bounds the
     * space needed. When the quote is missing the decoder below reports the
     * first problem in order, so the whole rest is taken. */
    size_t end = start;
    for (;;) {
        while (end + 8 <= p->len) {
            uint64_t w;
            memcpy(&w, p->text + end, 8);
            if (swar_quote_or_escape(w)) break;
            end += 8;
        }
        if (end >= p->len || p->text[end] == '"') break;
        end += p->text[end] == '\\' ? 2 : 1;
    }
    if (end > p->len) end = p->len;
    unsigned char *dst = arena_alloc(p->doc, end - start + 1, 1);
    if (!dst) return fail_nomem(p);

    size_t n = 0, i = start;
    rf_status curly;
    for (;;) {
        /* Runs of plain ASCII, eight bytes at a time: none of them is the
         * closing quote, so they stay inside the span measured above. */
        while (i + 8 <= p->len) {
            uint64_t w;
            memcpy(&w, p->text + i, 8);
            if (swar_special(w)) break;
            memcpy(dst + n, &w, 8);
            n += 8;
            i += 8;
        }
        if (i >= p->len) {
            if (explain_curly_close(p, start, i, clamp_unsigned(p->line), column_of(p, start - 1), &curly))
                return curly;
            return fail_syntax(p, RF_E_JSON, p->len, RF_ERR_JSON_EOF_STRING, 0, NULL, NULL);
        }
        unsigned char c = p->text[i];
        if (c == '"') break;
        if (c == '\\' && i + 1 < p->len && (p->text[i + 1] == '"' || p->text[i + 1] == '\\')) {
            /* The escapes of JSON inside a JSON string (a TMC content): \" and \\. */
            dst[n++] = (unsigned char)p->text[i + 1];
            i += 2;
        } else if (c == '\\') {
            size_t written = 0;
            rf_status st = decode_escape(p, &i, dst + n, &written);
            if (st) return st;
            n += written;
        } else if (c < 0x20) {
            if ((c == '\n' || c == '\r') &&
                explain_curly_close(p, start, i, clamp_unsigned(p->line), column_of(p, start - 1), &curly))
                return curly;
            if (c == 0) return fail_syntax(p, RF_E_JSON, i, RF_ERR_JSON_NUL_STRING, 0, NULL, NULL);
            return fail_syntax(p, RF_E_JSON, i, RF_ERR_JSON_CONTROL, c, NULL, NULL);
        } else if (c < 0x80) {
            dst[n++] = c;
            i++;
        } else {
            size_t seq = 0;
            rf_status st = check_utf8(p, i, &seq);
            if (st) return st;
            memcpy(dst + n, p->text + i, seq);
            n += seq;
            i += seq;
        }
    }
    dst[n] = '\0';
    p->pos = i + 1;
    *out = (const char *)dst;
    *out_len = n;
    return RF_OK;
}

/* ---- numbers and literals -------------------------------------------------- */

/* Digits as the grammar requires at least one at p->pos; what names them. */
static rf_status expect_digit(parser *p, size_t at, const char *what) {
    if (at < p->len && is_digit(p->text[at])) return RF_OK;
    if (at >= p->len) return fail_syntax(p, RF_E_JSON, p->len, RF_ERR_JSON_EOF, 0, "number", what);
    return fail_syntax(p, RF_E_JSON, at, RF_ERR_JSON_NUMBER, p->text[at], NULL, what);
}

/* number = [ "-" ] ( "0" / [1-9] *DIGIT ) [ "." 1*DIGIT ] [ ("e"/"E") ["+"/"-"] 1*DIGIT ] */
static rf_status parse_number(parser *p, rf__json *v) {
    size_t i = p->pos;
    rf_status st;
    if (p->text[i] == '-') i++;
    if ((st = expect_digit(p, i, "digit"))) return st;
    if (p->text[i] == '0') {
        i++;
        if (i < p->len && is_digit(p->text[i]))
            return fail_syntax(p, RF_E_JSON, i - 1, RF_ERR_JSON_LEADING_ZERO, 0, NULL, NULL);
    } else {
        while (i < p->len && is_digit(p->text[i])) i++;
    }
    if (i < p->len && p->text[i] == '.') {
        i++;
        if ((st = expect_digit(p, i, "digit_after_point"))) return st;
        while (i < p->len && is_digit(p->text[i])) i++;
    }
    if (i < p->len && (p->text[i] == 'e' || p->text[i] == 'E')) {
        i++;
        if (i < p->len && (p->text[i] == '+' || p->text[i] == '-')) i++;
        if ((st = expect_digit(p, i, "digit_exponent"))) return st;
        while (i < p->len && is_digit(p->text[i])) i++;
    }
    size_t n = i - p->pos;
    char *copy = arena_alloc(p->doc, n + 1, 1);
    if (!copy) return fail_nomem(p);
    memcpy(copy, p->text + p->pos, n);
    copy[n] = '\0';
    v->type = RF_JSON_NUMBER;
    v->str = copy;
    v->len = n;
    p->pos = i;
    return RF_OK;
}

static rf_status parse_literal(parser *p, rf__json *v, const char *word, rf__json_type type) {
    for (size_t k = 0; word[k]; k++) {
        size_t at = p->pos + k;
        if (at >= p->len)
            return fail_syntax(p, RF_E_JSON, p->len, RF_ERR_JSON_EOF_LITERAL, 0, word, NULL);
        if (p->text[at] != (unsigned char)word[k])
            return fail_syntax(p, RF_E_JSON, at, RF_ERR_JSON_LITERAL, p->text[at], word, NULL);
    }
    p->pos += strlen(word);
    v->type = type;
    return RF_OK;
}

/* ---- structure ---------------------------------------------------------------- */

static size_t hash_key(const rf__json *object, const char *key, size_t len) {
    /* The key's hash, then the object's address mixed in so that equal keys
     * of different objects land apart. */
    uint64_t h = rf__hash_bytes(key, len);
    h ^= (uint64_t)(uintptr_t)object * 0x9E3779B97F4A7C15u;
    return (size_t)(h ^ (h >> 29));
}

static rf_status grow_key_set(parser *p) {
    size_t cap = p->key_cap ? p->key_cap * 2 : 64;
    if (cap > SIZE_MAX / sizeof(key_entry)) return fail_nomem(p);
    key_entry *fresh = rf__malloc(p->alloc, cap * sizeof *fresh);
    if (!fresh) return fail_nomem(p);
    memset(fresh, 0, cap * sizeof *fresh);
    for (size_t i = 0; i < p->key_cap; i++) {
        const key_entry *e = &p->keys[i];
        if (!e->object) continue;
        size_t slot = e->hash & (cap - 1);
        while (fresh[slot].object) slot = (slot + 1) & (cap - 1);
        fresh[slot] = *e;
    }
    rf__free(p->alloc, p->keys);
    p->keys = fresh;
    p->key_cap = cap;
    return RF_OK;
}

static bool same_key(const char *a, size_t a_len, const char *b, size_t b_len) {
    return a_len == b_len && memcmp(a, b, a_len) == 0;
}

/* Adds member of object to the set, unless a member with its key is there
 * already (the first one stays). */
static rf_status key_set_add(parser *p, const rf__json *object, const rf__json *member) {
    if ((p->key_count + 1) * 2 > p->key_cap) {
        rf_status st = grow_key_set(p);
        if (st) return st;
    }
    size_t hash = hash_key(object, member->key, member->key_len);
    size_t slot = hash & (p->key_cap - 1);
    for (; p->keys[slot].object; slot = (slot + 1) & (p->key_cap - 1)) {
        const key_entry *e = &p->keys[slot];
        if (e->hash == hash && e->object == object &&
            same_key(e->member->key, e->member->key_len, member->key, member->key_len))
            return RF_OK;
    }
    p->keys[slot] = (key_entry){object, member, hash};
    p->key_count++;
    return RF_OK;
}

/* The member of object (in the set) whose key is key[0..key_len), or NULL. */
static const rf__json *key_set_find(const parser *p, const rf__json *object, const char *key, size_t key_len) {
    size_t hash = hash_key(object, key, key_len);
    for (size_t slot = hash & (p->key_cap - 1); p->keys[slot].object; slot = (slot + 1) & (p->key_cap - 1)) {
        const key_entry *e = &p->keys[slot];
        if (e->hash == hash && e->object == object && same_key(e->member->key, e->member->key_len, key, key_len))
            return e->member;
    }
    return NULL;
}

/* Objects up to this many members are checked by scanning them, which needs
 * no memory; past it their members go into the hash set, so a huge object
 * stays linear while ordinary documents never build a set at all. */
#define SMALL_OBJECT_MEMBERS 16

/* Sets p->key_dup_of to the member of object that already has p->key (the
 * key just read for its next member), or NULL. */
static rf_status find_duplicate_key(parser *p, const rf__json *object) {
    p->key_dup_of = NULL;
    if (object->count < SMALL_OBJECT_MEMBERS) {
        for (const rf__json *m = object->child; m; m = m->next)
            if (same_key(m->key, m->key_len, p->key, p->key_len)) {
                p->key_dup_of = m;
                break;
            }
        return RF_OK;
    }
    if (object->count == SMALL_OBJECT_MEMBERS) {
        /* The object outgrows scanning: its members so far join the set (and
         * new_value adds the later ones). */
        for (const rf__json *m = object->child; m; m = m->next) {
            rf_status st = key_set_add(p, object, m);
            if (st) return st;
        }
    }
    p->key_dup_of = key_set_find(p, object, p->key, p->key_len);
    return RF_OK;
}

/* The first repeated key of the document, refused once the whole document
 * is known to be JSON: at the repeat, naming the first. The key is quoted
 * as written in the source (valid UTF-8, so the message stays readable). */
static rf_status fail_duplicate(parser *p, const rf__json *m) {
    size_t end = m->key_offset + 1;
    while (p->text[end] != '"') end += p->text[end] == '\\' ? 2 : 1;
    size_t shown = end - m->key_offset - 1, width = shown > 60 ? 60 : shown;
    while (width < shown && width > 0 && (p->text[m->key_offset + 1 + width] & 0xC0) == 0x80) width--;
    char key[72];
    memcpy(key, p->text + m->key_offset + 1, width);
    if (width < shown) memcpy(key + width, "...", 3), width += 3;
    rf__detail d = {.detail = RF_ERR_DUPLICATE_KEY, .found = key, .found_len = width,
                    .first_offset = m->dup_of->key_offset, .first_line = m->dup_of->key_line,
                    .first_column = m->dup_of->key_column};
    return rf__fail_detail(p->err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, NULL, &d);
}

/* Reads `"key" :` of a member of the innermost object, leaving p->pos at its
 * value. expected says what was wanted if no key is there, allowed the
 * ASCII characters that would have done. */
static rf_status parse_member_key(parser *p, const char *expected, const char *allowed) {
    if (p->pos >= p->len || p->text[p->pos] != '"')
        return fail_unexpected(p, p->pos, "object", expected, allowed);
    p->key_offset = p->pos;
    p->key_line = clamp_unsigned(p->line);
    p->key_column = column_of(p, p->pos);
    rf_status st = parse_string(p, &p->key, &p->key_len);
    if (st) return st;
    p->key_end = p->pos;
    if ((st = find_duplicate_key(p, p->stack[p->depth - 1].container))) return st;
    skip_whitespace(p);
    if (p->pos >= p->len || p->text[p->pos] != ':') {
        /* "kind”: "x": the key ran on to the next straight quote. */
        if (explain_curly_close(p, p->key_offset + 1, p->key_end - 1, p->key_line, p->key_column, &st)) return st;
        return fail_unexpected(p, p->pos, "object", "colon", ":");
    }
    p->pos++;
    skip_whitespace(p);
    return RF_OK;
}

/* A new node at p->pos, linked into the innermost open container. NULL when
 * out of memory. */
static rf__json *new_value(parser *p) {
    rf__json *v = arena_alloc(p->doc, sizeof *v, _Alignof(rf__json));
    if (!v) return NULL;
    memset(v, 0, sizeof *v);
    v->offset = p->pos;
    v->line = clamp_unsigned(p->line);
    v->column = column_of(p, p->pos);
    if (p->depth == 0) {
        p->doc->root = v;
        return v;
    }
    frame *top = &p->stack[p->depth - 1];
    if (top->last)
        top->last->next = v;
    else
        top->container->child = v;
    top->last = v;
    top->container->count++;
    if (top->container->type == RF_JSON_OBJECT) {
        v->key = p->key;
        v->key_len = p->key_len;
        v->key_offset = p->key_offset;
        v->key_line = p->key_line;
        v->key_column = p->key_column;
        v->dup_of = p->key_dup_of;
        if (v->dup_of && !p->doc->duplicates++) p->doc->first_duplicate = v;
        if (top->container->count > SMALL_OBJECT_MEMBERS && key_set_add(p, top->container, v)) return NULL;
    }
    return v;
}

static rf_status push_container(parser *p, rf__json *v) {
    if (p->depth >= p->max_depth) {
        char limit[24];
        snprintf(limit, sizeof limit, "%u", p->max_depth);
        return fail_syntax(p, RF_E_LIMIT, p->pos, RF_ERR_JSON_DEPTH, 0, NULL, limit);
    }
    if (p->depth == p->stack_cap) {
        size_t cap = p->stack_cap ? p->stack_cap * 2 : 16;
        if (cap > p->max_depth) cap = p->max_depth;
        frame *grown = rf__realloc(p->alloc, p->stack, p->stack_cap * sizeof *grown, cap * sizeof *grown);
        if (!grown) return fail_nomem(p);
        p->stack = grown;
        p->stack_cap = cap;
    }
    p->stack[p->depth++] = (frame){v, NULL};
    return RF_OK;
}

/* Reads a value that is not an array or object. */
static rf_status parse_scalar(parser *p, rf__json *v) {
    unsigned char c = p->text[p->pos];
    if (c == '"') {
        v->type = RF_JSON_STRING;
        return parse_string(p, &v->str, &v->len);
    }
    if (c == '-' || is_digit(c)) return parse_number(p, v);
    if (c == 't') return parse_literal(p, v, "true", RF_JSON_TRUE);
    if (c == 'f') return parse_literal(p, v, "false", RF_JSON_FALSE);
    if (c == 'n') return parse_literal(p, v, "null", RF_JSON_NULL);
    return fail_unexpected(p, p->pos, NULL, "value", VALUE_START);
}

static const char *open_kind(const parser *p) {
    return p->stack[p->depth - 1].container->type == RF_JSON_OBJECT ? "object" : "array";
}

/* The document: one value, whitespace around it, nothing else. */
static rf_status parse_document(parser *p) {
    rf_status st;
    const unsigned char *t = p->text;
    if (p->len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
        /* Notepad's "UTF-8 with BOM". Refused, with the fix: see
         * docs/errors.md for why it is not skipped. */
        rf__detail d = {.detail = RF_ERR_BOM, .codepoint = 0xFEFF};
        return fail_detail(p, RF_E_JSON, 0, &d);
    }
    /* Notepad's "Unicode": a UTF-16 byte order mark, or ASCII with every
     * other byte NUL. */
    if (p->len >= 2 && ((t[0] == 0xFF && t[1] == 0xFE) || (t[0] == 0xFE && t[1] == 0xFF) ||
                        (p->len >= 4 && ((t[0] && !t[1] && t[2] && !t[3]) || (!t[0] && t[1] && !t[2] && t[3]))))) {
        rf__detail d = {.detail = RF_ERR_UTF16};
        return fail_detail(p, RF_E_JSON, 0, &d);
    }
    skip_whitespace(p);
    for (;;) {
        /* A value starts at p->pos (whitespace already skipped). */
        if (p->pos >= p->len)
            return fail_unexpected(p, p->pos, p->depth ? open_kind(p) : NULL, "value", VALUE_START);
        rf__json *v = new_value(p);
        if (!v) return fail_nomem(p);
        unsigned char c = p->text[p->pos];
        if (c == '[' || c == '{') {
            v->type = c == '[' ? RF_JSON_ARRAY : RF_JSON_OBJECT;
            if ((st = push_container(p, v))) return st;
            p->pos++;
            skip_whitespace(p);
            unsigned char close = c == '[' ? ']' : '}';
            if (p->pos < p->len && p->text[p->pos] == close) {
                p->pos++;
                p->depth--;
                v->end = p->pos;
            } else {
                if (c == '{' && (st = parse_member_key(p, "key_or_close", "\"}"))) return st;
                continue;
            }
        } else if ((st = parse_scalar(p, v))) {
            return st;
        } else {
            v->end = p->pos;
        }

        /* After a value: close what ends here, then find the next value.
         * string: the string value just read, until a container closes. */
        const rf__json *string = v->type == RF_JSON_STRING ? v : NULL;
        for (;;) {
            skip_whitespace(p);
            if (p->depth == 0) {
                if (p->first_value_only) return RF_OK;
                if (p->pos < p->len)
                    return fail_unexpected(p, p->pos, NULL, "end", "");
                /* Well-formed: now a repeated key is the first thing wrong. */
                if (p->doc->first_duplicate && !p->allow_duplicate_keys)
                    return fail_duplicate(p, p->doc->first_duplicate);
                return RF_OK;
            }
            bool in_object = p->stack[p->depth - 1].container->type == RF_JSON_OBJECT;
            unsigned char close = in_object ? '}' : ']';
            if (p->pos < p->len && p->text[p->pos] == close) {
                p->pos++;
                p->stack[--p->depth].container->end = p->pos;
                string = NULL;
                continue;
            }
            if (p->pos >= p->len || p->text[p->pos] != ',') {
                /* "refund_only”, "reason": the string ran on to the next quote. */
                if (string && explain_curly_close(p, string->offset + 1, string->end - 1, string->line,
                                                  string->column, &st))
                    return st;
                return fail_unexpected(p, p->pos, open_kind(p),
                                       in_object ? "member_end" : "element_end",
                                       in_object ? ",}" : ",]");
            }
            p->pos++;
            skip_whitespace(p);
            if (in_object && (st = parse_member_key(p, "key_after_comma", "\""))) return st;
            break;
        }
    }
}

/* Line and column of offset, counted the way the parser counts them. */
static void locate(const unsigned char *text, size_t offset, size_t *line, size_t *line_start) {
    *line = 1;
    *line_start = 0;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= offset || text[i + 1] != '\n'))) {
            ++*line;
            *line_start = i + 1;
        }
    }
}

void rf__json_locate(const char *text, size_t offset, unsigned *line, unsigned *column) {
    size_t l, start;
    locate((const unsigned char *)text, offset, &l, &start);
    *line = clamp_unsigned(l);
    *column = clamp_unsigned(offset - start + 1);
}

rf_status rf__json_parse(const rf_allocator *a, const char *text, size_t len,
                         const rf__json_limits *limits, rf__json_doc **out,
                         rf_error *err) {
    if (out) *out = NULL;
    if (!out || (!text && len))
        return rf__fail_null(err, RF_E_USAGE, "rf__json_parse", out ? "text" : "out");
    if (!a) a = &rf__default_allocator;
    size_t max_size = limits && limits->max_size ? limits->max_size : RF_JSON_DEFAULT_MAX_SIZE;
    unsigned max_depth = limits && limits->max_depth ? limits->max_depth : RF_JSON_DEFAULT_MAX_DEPTH;

    parser p = {
        .text = (const unsigned char *)(text ? text : ""),
        .len = len,
        .line = 1,
        .max_depth = max_depth,
        .allow_duplicate_keys = limits && limits->allow_duplicate_keys,
        .first_value_only = limits && limits->first_value_only,
        .alloc = a,
        .err = err,
    };
    if (len > max_size) {
        /* The offending byte is the first one past the limit. */
        locate(p.text, max_size, &p.line, &p.line_start);
        char size[24], limit[24];
        snprintf(size, sizeof size, "%zu", len);
        snprintf(limit, sizeof limit, "%zu", max_size);
        return fail_syntax(&p, RF_E_LIMIT, max_size, RF_ERR_JSON_SIZE, 0, size, limit);
    }

    p.doc = rf__malloc(a, sizeof *p.doc);
    if (!p.doc) return fail_nomem(&p);
    *p.doc = (rf__json_doc){.alloc = *a, .next_block_size = ARENA_FIRST_BLOCK};

    rf_status st = parse_document(&p);
    rf__free(a, p.stack);
    rf__free(a, p.keys);
    if (st != RF_OK) {
        rf__json_free(p.doc);
        return st;
    }
    *out = p.doc;
    return RF_OK;
}
