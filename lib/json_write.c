/*
 * The compact JSON pieces written on an output buffer, and the pass that
 * re-indents compact JSON into the pretty form.
 */
#include "json_write.h"
#include "internal.h"

#include <string.h>

/* ---- compact writing ------------------------------------------------------------ */

/* What each byte becomes inside a JSON string: 0 itself, 'u' \u00XX, any
 * other the letter after the backslash. */
static const char escape_of[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u', /* 0x00 */
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', /* 0x10 */
    ['"'] = '"', ['\\'] = '\\',
};

/* Whether any of the 8 bytes in x is '"', '\\' or below 0x20. Each test is
 * the exact "some byte is zero" (or "below n") of Hacker's Delight 6-1: a
 * byte can only borrow from its neighbour after a byte that already set its
 * own flag, so the answer for the word is exact. */
static inline bool word_needs_escape(uint64_t x) {
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    uint64_t quote = x ^ (ones * '"');
    uint64_t backslash = x ^ (ones * '\\');
    uint64_t flags = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((x - ones * 0x20) & ~x);
    return (flags & highs) != 0;
}

/* Writes the escaped form of s[0..n) at p (6 bytes per input byte at most)
 * and returns the end. */
static char *escape_run(char *p, const unsigned char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    size_t i = 0;
    /* Eight bytes at a time while none of them needs an escape: strings from
     * case files are mostly plain ASCII or UTF-8. */
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (word_needs_escape(x)) break;
        memcpy(p, &x, 8);
        p += 8;
    }
    /* A tail of fewer than 8 bytes after clean words: the string's last 8
     * bytes as one word (overlapping what is written), when they are clean
     * too. An order id of 10 bytes is then two words and no byte loop. */
    if (i < n && n >= 8 && i + 8 > n) {
        uint64_t x;
        memcpy(&x, s + n - 8, 8);
        if (!word_needs_escape(x)) {
            memcpy(p - (i + 8 - n), &x, 8);
            return p + (n - i);
        }
    }
    for (; i < n; i++) {
        unsigned char c = s[i];
        char e = escape_of[c];
        if (!e) {
            *p++ = (char)c;
            continue;
        }
        if (e == 'u') {
            memcpy(p, "\\u00", 4);
            p[4] = hex[c >> 4];
            p[5] = hex[c & 0xF];
            p += 6;
        } else {
            p[0] = '\\';
            p[1] = e;
            p += 2;
        }
        /* After an escape, go back to whole words when enough is left. */
        while (i + 9 <= n) {
            uint64_t x;
            memcpy(&x, s + i + 1, 8);
            if (word_needs_escape(x)) break;
            memcpy(p, &x, 8);
            p += 8;
            i += 8;
        }
    }
    return p;
}

char *rf__json_string_to(char *p, const char *s, size_t n) {
    *p++ = '"';
    p = escape_run(p, (const unsigned char *)s, n);
    *p++ = '"';
    return p;
}

void rf__json_put_string(rf__buf *b, const char *s, size_t n) {
    /* Room is reserved for the worst case (every byte a \u00XX) a slice at a
     * time, so that the copy needs no check per byte and a long string never
     * reserves six times its size at once. */
    enum { SLICE = 4096 };
    const unsigned char *u = (const unsigned char *)s;
    if (n <= SLICE) {
        if (!rf__buf_reserve(b, RF__JSON_STRING_MAX(n))) return;
        b->len = (size_t)(rf__json_string_to(b->data + b->len, s, n) - b->data);
        return;
    }
    rf__buf_putc(b, '"');
    while (n) {
        size_t m = n < SLICE ? n : SLICE;
        if (!rf__buf_reserve(b, 6 * m)) return;
        b->len = (size_t)(escape_run(b->data + b->len, u, m) - b->data);
        u += m;
        n -= m;
    }
    rf__buf_putc(b, '"');
}

void rf__json_put_int(rf__buf *b, int64_t v) {
    if (!rf__buf_reserve(b, 21)) return;
    char *p = b->data + b->len;
    if (v < 0) *p++ = '-';
    p = rf__put_uint(p, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, 1);
    b->len = (size_t)(p - b->data);
}

/* ---- pretty printing ------------------------------------------------------------ */

/* A line break and the indentation of depth levels; nothing at all when
 * writing compact (step 0). */
static void newline_and_indent(rf__buf *b, size_t step, size_t depth) {
    static const char blanks[] = "                                                                ";
    if (!step) return;
    rf__buf_putc(b, '\n');
    for (size_t spaces = step * depth; spaces;) {
        size_t n = spaces < sizeof blanks - 1 ? spaces : sizeof blanks - 1;
        rf__buf_put(b, blanks, n);
        spaces -= n;
    }
}

/* Just past the string that opens at text[start]: after the first quote no
 * backslash escapes. Inside a string a backslash always takes the next
 * byte, so a quote is escaped exactly when an odd run of backslashes comes
 * right before it. Searching for the quotes alone (memchr) is what makes
 * this pass fast: strings are most of a verdict. */
static size_t string_end(const char *text, size_t start, size_t len) {
    size_t from = start + 1;
    for (;;) {
        const char *q = from < len ? memchr(text + from, '"', len - from) : NULL;
        if (!q) return len; /* unterminated: the rest is the string */
        size_t at = (size_t)(q - text), run = 0;
        while (at - run > start + 1 && text[at - run - 1] == '\\') run++;
        if (run % 2 == 0) return at + 1;
        from = at + 1;
    }
}

/* Whether c ends a number or a literal: structure, whitespace or a quote. */
static bool ends_scalar(char c) {
    switch (c) {
    case ',': case ':': case ']': case '}': case '[': case '{': case '"':
    case ' ': case '\t': case '\n': case '\r':
        return true;
    default:
        return false;
    }
}

void rf__json_pretty(rf__buf *out, const char *compact, size_t len, int indent) {
    size_t step = indent > 0 ? (size_t)indent : 0;
    size_t depth = 0;
    /* Just after an opening bracket: the line break before the first item is
     * held back until an item comes, so that an empty container stays {}. */
    bool opened = false;
    size_t i = 0;
    while (i < len) {
        char c = compact[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        if (c == '}' || c == ']') {
            if (depth) depth--;
            if (!opened) newline_and_indent(out, step, depth);
            opened = false;
            rf__buf_putc(out, c);
            i++;
            continue;
        }
        if (opened) {
            newline_and_indent(out, step, depth);
            opened = false;
        }
        if (c == '{' || c == '[') {
            rf__buf_putc(out, c);
            depth++;
            opened = true;
            i++;
        } else if (c == ',') {
            rf__buf_putc(out, ',');
            newline_and_indent(out, step, depth);
            i++;
        } else if (c == ':') {
            if (step) RF__PUT_LIT(out, ": ");
            else rf__buf_putc(out, ':');
            i++;
        } else if (c == '"') {
            size_t j = string_end(compact, i, len);
            rf__buf_put(out, compact + i, j - i);
            i = j;
        } else {
            /* A number, true, false or null: up to the next structural byte. */
            size_t j = i + 1;
            while (j < len && !ends_scalar(compact[j])) j++;
            rf__buf_put(out, compact + i, j - i);
            i = j;
        }
    }
}
