/*
 * The growable output buffer and the JSON writer on top of it.
 *
 * The buffer remembers an allocation failure instead of reporting it on every
 * call, so writers can emit a whole document and check once at the end.
 */
#include "json.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- buffer ------------------------------------------------------------------- */

void rf__buf_init(rf__buf *b, const rf_allocator *a) {
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->alloc = a;
    b->failed = false;
}

void rf__buf_free(rf__buf *b) {
    if (!b) return;
    rf__free(b->alloc, b->data);
    rf__buf_init(b, b->alloc);
}

/* Makes room for extra more bytes plus the NUL kept after the data. */
static bool buf_reserve(rf__buf *b, size_t extra) {
    if (b->failed) return false;
    if (extra >= SIZE_MAX - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *grown = rf__realloc(b->alloc, b->data, cap);
    if (!grown) {
        b->failed = true; /* the old data stays valid until rf__buf_free */
        return false;
    }
    b->data = grown;
    b->cap = cap;
    return true;
}

void rf__buf_put(rf__buf *b, const char *s, size_t n) {
    if (!buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rf__buf_puts(rf__buf *b, const char *s) { rf__buf_put(b, s, strlen(s)); }

void rf__buf_putc(rf__buf *b, char c) { rf__buf_put(b, &c, 1); }

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
        b->failed = true;
        return;
    }
    size_t need = (size_t)n;
    if (need < sizeof small) {
        rf__buf_put(b, small, need);
        return;
    }
    if (!buf_reserve(b, need)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, need + 1, fmt, ap);
    va_end(ap);
    b->len += need;
}

/* ---- writer ------------------------------------------------------------------- */

void rf__jw_init(rf__jw *w, rf__buf *b, int indent) {
    memset(w, 0, sizeof *w);
    w->b = b;
    w->indent = indent > 0 ? indent : 0;
}

static void newline_and_indent(rf__jw *w) {
    rf__buf_putc(w->b, '\n');
    for (int i = 0; i < w->depth * w->indent; i++) rf__buf_putc(w->b, ' ');
}

/* What goes before any value or key: nothing right after a key (the colon is
 * already out), otherwise a comma between items and, when pretty, a line
 * break. Top-level values get nothing, so several documents can follow one
 * another on a buffer. */
static void before_item(rf__jw *w) {
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth <= 0 || w->depth > RF_JW_MAX_DEPTH) return;
    bool *has_items = &w->has_items[w->depth - 1];
    if (*has_items) rf__buf_putc(w->b, ',');
    *has_items = true;
    if (w->indent) newline_and_indent(w);
}

static void begin(rf__jw *w, char open) {
    before_item(w);
    if (w->depth >= RF_JW_MAX_DEPTH) {
        /* Deeper than the writer can track: a caller bug, reported through
         * the buffer's failure flag rather than by writing bad JSON. */
        w->b->failed = true;
        return;
    }
    rf__buf_putc(w->b, open);
    w->has_items[w->depth] = false;
    w->depth++;
}

static void end(rf__jw *w, char close) {
    if (w->depth <= 0) {
        w->b->failed = true; /* an end without a begin */
        return;
    }
    w->depth--;
    w->after_key = false;
    /* An empty container stays on one line: {} and []. */
    if (w->indent && w->has_items[w->depth]) newline_and_indent(w);
    rf__buf_putc(w->b, close);
}

void rf__jw_object_begin(rf__jw *w) { begin(w, '{'); }
void rf__jw_object_end(rf__jw *w) { end(w, '}'); }
void rf__jw_array_begin(rf__jw *w) { begin(w, '['); }
void rf__jw_array_end(rf__jw *w) { end(w, ']'); }

/* Writes s[0..n) as a quoted JSON string. Runs of bytes that need no escape
 * go out in one piece. */
static void put_quoted(rf__buf *b, const char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    rf__buf_putc(b, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *escape = NULL;
        char unicode[7];
        switch (c) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
            if (c < 0x20) {
                memcpy(unicode, "\\u00", 4);
                unicode[4] = hex[c >> 4];
                unicode[5] = hex[c & 0xF];
                unicode[6] = '\0';
                escape = unicode;
            }
        }
        if (!escape) continue;
        rf__buf_put(b, s + run, i - run);
        rf__buf_puts(b, escape);
        run = i + 1;
    }
    rf__buf_put(b, s + run, n - run);
    rf__buf_putc(b, '"');
}

void rf__jw_key(rf__jw *w, const char *key) {
    before_item(w);
    put_quoted(w->b, key, strlen(key));
    rf__buf_puts(w->b, w->indent ? ": " : ":");
    w->after_key = true;
}

void rf__jw_string_n(rf__jw *w, const char *s, size_t n) {
    if (!s) {
        rf__jw_null(w);
        return;
    }
    before_item(w);
    put_quoted(w->b, s, n);
}

void rf__jw_string(rf__jw *w, const char *s) { rf__jw_string_n(w, s, s ? strlen(s) : 0); }

void rf__jw_int(rf__jw *w, int64_t v) {
    before_item(w);
    rf__buf_printf(w->b, "%" PRId64, v);
}

void rf__jw_bool(rf__jw *w, bool v) {
    before_item(w);
    rf__buf_puts(w->b, v ? "true" : "false");
}

void rf__jw_null(rf__jw *w) {
    before_item(w);
    rf__buf_puts(w->b, "null");
}

void rf__jw_money(rf__jw *w, rf_fen fen) {
    char text[24];
    rf__jw_string(w, rf_money_format(fen, text));
}

void rf__jw_time(rf__jw *w, rf_time t) {
    char text[32];
    /* A NULL from the formatter (time out of range) is written as null. */
    rf__jw_string(w, rf_time_format(t, text));
}
