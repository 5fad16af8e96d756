/*
 * The compact JSON pieces written on an output buffer, and the pass that
 * re-indents compact JSON into the pretty form.
 */
#include "json_write.h"
#include "internal.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ---- compact writing ------------------------------------------------------------ */

/* What each byte becomes inside a JSON string: 0 itself, 'u' \u00XX, any
 * other the letter after the backslash. */
static const char escape_of[256] = {
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'b', 't', 'n', 'u', 'f', 'r', 'u', 'u', /* 0x00 */
    'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u', /* 0x10 */
    ['"'] = '"', ['\\'] = '\\',
};

#if defined(__SSE2__)
/* The bytes of x that are '"', '\\' or below 0x20, one bit each (the
 * unsigned maximum of a byte and 0x1F is 0x1F only below 0x20). */
static inline unsigned escape_bits(__m128i x) {
    const __m128i low = _mm_set1_epi8(0x1F);
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                                   _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                                      _mm_cmpeq_epi8(_mm_max_epu8(x, low), low));
    return (unsigned)_mm_movemask_epi8(hits);
}

/* Whether any of the 16 bytes at s needs an escape. */
static inline bool block_needs_escape(const unsigned char *s) {
    return escape_bits(_mm_loadu_si128((const __m128i *)(const void *)s)) != 0;
}

/* Whether any of the 8 bytes at s needs an escape (the zeros loaded above
 * them would, so only the low 8 bits count). */
static inline bool word_needs_escape(const unsigned char *s) {
    return (escape_bits(_mm_loadl_epi64((const __m128i *)(const void *)s)) & 0xFF) != 0;
}
#else
/* Whether any of the 8 bytes at s is '"', '\\' or below 0x20. Each test is
 * the exact "some byte is zero" (or "below n") of Hacker's Delight 6-1: a
 * byte can only borrow from its neighbour after a byte that already set its
 * own flag, so the answer for the word is exact. */
static inline bool word_needs_escape(const unsigned char *s) {
    const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
    uint64_t x;
    memcpy(&x, s, 8);
    uint64_t quote = x ^ (ones * '"');
    uint64_t backslash = x ^ (ones * '\\');
    uint64_t flags = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((x - ones * 0x20) & ~x);
    return (flags & highs) != 0;
}
#endif

/* Copies the longest prefix of s[0..n) that needs no escape to p and returns
 * its length: n for nearly every string (ids, notes, messages are plain
 * ASCII or UTF-8). Sixteen bytes at a time, then eight, then one; a tail
 * shorter than a block is checked as the string's last block (overlapping
 * what was copied), so that a string of 10 bytes takes two words and no
 * byte loop. Every load is inside s[0..n). Inlined into its callers (GCC):
 * a call costs as much as copying an id of a few bytes. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline size_t copy_plain(char *p, const unsigned char *s, size_t n) {
    size_t i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= n; i += 16) {
        if (block_needs_escape(s + i)) break;
        memcpy(p + i, s + i, 16);
    }
    if (n >= 16 && i + 16 > n) {
        if (i == n) return n;
        if (!block_needs_escape(s + n - 16)) {
            memcpy(p + n - 16, s + n - 16, 16);
            return n;
        }
    }
#endif
    for (; i + 8 <= n; i += 8) {
        if (word_needs_escape(s + i)) break;
        memcpy(p + i, s + i, 8);
    }
    if (n >= 8 && i + 8 > n) {
        if (i == n) return n;
        if (!word_needs_escape(s + n - 8)) {
            memcpy(p + n - 8, s + n - 8, 8);
            return n;
        }
    }
    for (; i < n && !escape_of[s[i]]; i++) p[i] = (char)s[i];
    return i;
}

/* Writes the escaped form of s[0..n) at p (6 bytes per input byte at most)
 * and returns the end: the rare strings with something to escape, from
 * their first such byte on. Out of line (GCC), so that the plain path saves
 * no registers for it. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *escape_run(char *p, const unsigned char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
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
        /* After an escape, the plain run that follows is copied whole. */
        size_t m = copy_plain(p, s + i + 1, n - i - 1);
        p += m;
        i += m;
    }
    return p;
}

/* s[0..n) escaped at p: the plain prefix copied, the rest through
 * escape_run. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline char *escape_to(char *p, const unsigned char *s, size_t n) {
    size_t m = copy_plain(p, s, n);
    return m == n ? p + n : escape_run(p + m, s + m, n - m);
}

char *rf__json_string_to(char *p, const char *s, size_t n) {
    *p++ = '"';
    p = escape_to(p, (const unsigned char *)s, n);
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
        b->len = (size_t)(escape_to(b->data + b->len, u, m) - b->data);
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

void rf__json_pretty_of(rf__buf *out, const rf__buf *compact) {
    if (compact->failed) rf__buf_fail(out);
    else rf__json_pretty(out, compact->data, compact->len, 2);
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
