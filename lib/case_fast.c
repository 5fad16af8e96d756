/*
 * The schema-directed reader: a case document (FORMAT.md section 1) read
 * straight from its bytes into the rf_case, with no JSON tree and no
 * allocation per value.
 *
 * It reads only what it can be sure of, and declines everything else: then
 * rf_case_parse runs the tree loader of lib/case_tree.c, which produces
 * every error exactly as it always did. The contract is one-sided and strict:
 * whatever this reader accepts, the tree loader accepts too, producing the
 * same case field for field (event positions included). Declining is always
 * safe; accepting too much never is. It decodes the backslash escapes of
 * free text (ids, tracking numbers, notes: the strings writers escape) with
 * the JSON reader's own decoder (lib/utf8.h), and declines on a bad one, so
 * that the tree loader reports it. It declines on an escape anywhere else
 * (a key, a name, an amount, a time), on any key that is unknown, repeated
 * or out of place, on a value of the wrong type or out of range, on a
 * missing field, on an event whose fields do not fit its type, on a number
 * other than the `days` values, on a byte order mark, NUL and control
 * bytes, malformed UTF-8, trailing bytes, and on documents above the JSON
 * reader's size limit.
 *
 * It knows no field by name: the code that reads the keys of an order and
 * of an event is generated from the rows of lib/schema.h, one test of the
 * key's first byte and one comparison of constants per row, in the rows'
 * order (the keys every event has first). A row added to the schema is
 * read here with no other edit.
 *
 * What it accepts is the common shape, fast: whitespace wherever JSON
 * allows it (line and column are counted the way lib/json.c counts them),
 * keys in any order, strings of plain ASCII scanned eight bytes at a time,
 * UTF-8 validated by the same rules as lib/json.c (lib/utf8.h), money and
 * times parsed by the same functions the tree loader uses, on the raw bytes
 * (which are the decoded text: they hold no escape).
 */
#include "case_read.h"
#include "json_read.h"
#include "schema.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* ---- the reader ------------------------------------------------------------------ */

#if defined(__GNUC__)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LIKELY(x) __builtin_expect(!!(x), 1)
/* The reader's steps are inlined into the one function that reads a
 * document, so that its reader (a local there whose address never leaves
 * it) lives in registers: passed to functions, the position went through
 * memory at every step, a store and a load on the path of each byte. What
 * stays out of line takes the reader by value. */
#define STEP static inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#define HOT __attribute__((hot))
#else
#define UNLIKELY(x) (x)
#define LIKELY(x) (x)
#define STEP static inline
#define NOINLINE
#define HOT
#endif

typedef struct reader {
    const unsigned char *p;          /* the next byte */
    const unsigned char *end;
    const unsigned char *line_start; /* the first byte of the current line */
    size_t line;                     /* 1-based */
    rf_case *c;
    /* Which instance of the reader this is (see rf__case_read_fast): a
     * constant in each, so that the tests on it are compiled away. True
     * where separators are expected with one space after them. */
    bool spaced;
} reader;

/* Whitespace as RFC 8259 and lib/json.c skip_whitespace have it: space, tab,
 * LF, CR; CRLF and a lone CR each end one line, like LF. */
NOINLINE static reader skip_ws_slow(reader r) {
    const unsigned char *p = r.p, *end = r.end;
    while (p < end) {
        unsigned char b = *p;
        if (b == ' ' || b == '\t') {
            p++;
        } else if (b == '\n' || b == '\r') {
            p++;
            if (b == '\r' && p < end && *p == '\n') p++;
            r.line++;
            r.line_start = p;
        } else {
            break;
        }
    }
    r.p = p;
    return r;
}

/* skip_ws_slow on the reader, its instance kept as the constant it is:
 * what comes back from out of line the compiler cannot know. */
STEP void skip_ws_out(reader *r) {
    bool spaced = r->spaced;
    *r = skip_ws_slow(*r);
    r->spaced = spaced;
}

/* NDJSON lines mostly carry no whitespace at all: one comparison decides,
 * and the compiler keeps what follows it off the straight path. */
STEP void skip_ws(reader *r) {
    if (UNLIKELY(r->p < r->end && *r->p <= ' ')) skip_ws_out(r);
}

/* Consumes byte b after optional whitespace. The byte is looked at first:
 * compact text has no whitespace, and exports that write one space after
 * ':' and ',' (Python's json.dumps) have it taken by eat_sep, so the
 * whitespace test is made only when the byte is not there. */
STEP bool eat(reader *r, unsigned char b) {
    if (r->p < r->end && *r->p == b) {
        r->p++;
        return true;
    }
    if (UNLIKELY(r->p < r->end && *r->p <= ' ')) {
        skip_ws_out(r);
        if (r->p < r->end && *r->p == b) {
            r->p++;
            return true;
        }
    }
    return false;
}

/* After a colon or a comma: the one space exports put there, if any.
 * Compact text rarely comes here (a string's key is compared with its
 * colon and quote, a member's comma with the next key's quote), so the
 * space is the straight path: out of line, where the compiler puts it
 * unasked, its jump there and back cost the spaced data 9 % of the
 * reader's time. Branch-free (the test added to the position) it was
 * slower still: the next byte's load waited on it. */
STEP void sep_space(reader *r) {
    if (LIKELY(r->p < r->end && *r->p == ' ')) r->p++;
}

/* Consumes the separator b (':' or ','), after optional whitespace, and the
 * one space that may follow it; in the spaced instance, b and its space
 * are compared as one first. */
STEP bool eat_sep(reader *r, unsigned char b) {
    if (r->spaced && r->end - r->p >= 2 && r->p[0] == b && r->p[1] == ' ') {
        r->p += 2;
        return true;
    }
    if (!eat(r, b)) return false;
    sep_space(r);
    return true;
}

/* Whether a[0..n) equals b[0..n), for the short literals of the format.
 * Written out (rather than memcmp) so that, n being a constant, it becomes
 * a few word comparisons inline instead of a call. */
STEP bool same_bytes(const unsigned char *a, const char *b, size_t n) {
    for (; n >= 8; a += 8, b += 8, n -= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y) return false;
    }
    if (n >= 4) {
        /* Two 4-byte words, overlapping when n < 8. */
        uint32_t x0, y0, x1, y1;
        memcpy(&x0, a, 4);
        memcpy(&y0, b, 4);
        memcpy(&x1, a + n - 4, 4);
        memcpy(&y1, b + n - 4, 4);
        return x0 == y0 && x1 == y1;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != (unsigned char)b[i]) return false;
    return true;
}

/* Consumes the n bytes of lit if they come next. */
STEP bool take(reader *r, const char *lit, size_t n) {
    if ((size_t)(r->end - r->p) < n || !same_bytes(r->p, lit, n)) return false;
    r->p += n;
    return true;
}

#define TAKE(r, lit) take((r), (lit), sizeof(lit) - 1)

/* s[0..n), a string of the document, copied into the case. One shorter
 * than 32 bytes (an id, a tracking number; exports' ids run to 21 bytes) is
 * copied as 32 bytes at once, with no call and no test of its length, when
 * the input and the case's chunk both have them: what follows its NUL in
 * the chunk is room the next string overwrites. */
STEP const char *store_text(reader *r, const unsigned char *s, size_t n) {
    rf__chunk *k = r->c->strings;
    if (n < 32 && k && k->cap - k->used >= 32 && r->end - s >= 32) {
        char *dst = k->data + k->used;
        memcpy(dst, s, 32);
        dst[n] = '\0';
        k->used += n + 1;
        return dst;
    }
    return rf__case_store(r->c, (const char *)s, n);
}

/* ---- scanning strings ---------------------------------------------------------------- */

/* Eight bytes at a time (SWAR). A byte of the word is flagged when it is a
 * quote, a backslash, below 0x20 or 0x80 and above. The subtraction tricks
 * may also flag a byte above (more significant than) a flagged one, never
 * miss one, so the least significant flag is always a real one. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

STEP uint64_t zero_bytes(uint64_t v) { return (v - ONES) & ~v & HIGH; }

/* The flags of special_bytes, given those of the quotes alone. */
STEP uint64_t special_bytes_with(uint64_t w, uint64_t quotes) {
    return (quotes | zero_bytes(w ^ (ONES * '\\')) | ((w - ONES * 0x20) & ~w) | w) & HIGH;
}

STEP uint64_t special_bytes(uint64_t w) { return special_bytes_with(w, zero_bytes(w ^ (ONES * '"'))); }

/* Whether the least significant flagged byte can be found from the mask
 * directly; otherwise the word is walked byte by byte. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_LITTLE_ENDIAN 1
#else
#define SWAR_LITTLE_ENDIAN 0
#endif

/* The number of bytes before the first flagged one of the word at p, whose
 * flags are not all clear. */
STEP size_t plain_prefix(const unsigned char *p, uint64_t flags) {
#if SWAR_LITTLE_ENDIAN
    (void)p;
    return (unsigned)__builtin_ctzll(flags) >> 3;
#else
    (void)flags;
    size_t k = 0;
    while (p[k] != '"' && p[k] != '\\' && p[k] >= 0x20 && p[k] < 0x80) k++;
    return k;
#endif
}

/* What scan_text found. */
typedef enum { TEXT_BAD, TEXT_PLAIN, TEXT_ESCAPED } text_scan;

/* Scans a free-text string (an id, a tracking number, a note) whose opening
 * quote is consumed, up to its closing quote or its first escape, checking
 * that it is plain text and valid UTF-8. TEXT_PLAIN: no escape, the string
 * is text[0..len) as written, r->p is past the closing quote. TEXT_ESCAPED:
 * text[0..len) is the part before the first backslash, at r->p. */
STEP text_scan scan_text(reader *r, const unsigned char **text, size_t *len) {
    const unsigned char *start = r->p, *p = start, *end = r->end;
    *text = start;
    for (;;) {
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            const uint64_t quotes = zero_bytes(w ^ (ONES * '"'));
            const uint64_t flags = special_bytes_with(w, quotes);
            if (!flags) {
                p += 8;
                continue;
            }
#if SWAR_LITTLE_ENDIAN
            /* The first flagged byte is the closing quote: the string ends
             * there, told from the flags, with no load of the byte. */
            if (quotes & flags & (0 - flags)) {
                p += plain_prefix(p, flags);
                *len = (size_t)(p - start);
                r->p = p + 1;
                return TEXT_PLAIN;
            }
#endif
            p += plain_prefix(p, flags);
            break;
        }
        if (p >= end) return TEXT_BAD;
        unsigned char b = *p;
        if (b == '"') break;
        if (b == '\\') {
            *len = (size_t)(p - start);
            r->p = p;
            return TEXT_ESCAPED;
        }
        if (b < 0x20) return TEXT_BAD; /* a control byte */
        if (b < 0x80) {
            p++; /* the last few bytes, one at a time */
            continue;
        }
        /* A run of three-byte sequences (Chinese text) whose lead, E1..EC,
         * EE or EF, allows any two continuation bytes (lib/utf8.h), passed
         * without the general check. */
        if (end - p >= 3 && ((unsigned)(b - 0xE1) < 12u || (b & 0xFE) == 0xEE) && (p[1] & 0xC0) == 0x80 &&
            (p[2] & 0xC0) == 0x80) {
            do {
                p += 3;
            } while (end - p >= 3 && ((unsigned)(*p - 0xE1) < 12u || (*p & 0xFE) == 0xEE) && (p[1] & 0xC0) == 0x80 &&
                     (p[2] & 0xC0) == 0x80);
            continue;
        }
        size_t seq = 0;
        if (rf__utf8_check(p, (size_t)(end - p), &seq) != RF_UTF8_OK) return TEXT_BAD;
        p += seq;
    }
    *len = (size_t)(p - start);
    r->p = p + 1;
    return TEXT_PLAIN;
}

/* The rest of a string scan_text found an escape in, from the backslash at
 * r->p on, decoded by the JSON reader's rules (lib/utf8.h) after the
 * prefix[0..n) before it, and stored in the case. Declines on anything the
 * tree loader refuses in a TEXT (a fault, a control byte, bad UTF-8, \u0000,
 * more than RF_MAX_STRING bytes decoded), so that it reports the error. Out
 * of line, so that its buffer costs the strings without an escape nothing. */
NOINLINE static const unsigned char *read_escaped_text(const unsigned char *p, const unsigned char *end, rf_case *c,
                                                       const unsigned char *prefix, size_t n, const char **out) {
    /* Room for RF_MAX_STRING bytes and one step more: a word (8 bytes), an
     * escape (4) or a UTF-8 sequence (4) is written only while n is within
     * the limit, which is checked again after a word's plain bytes. */
    unsigned char buf[RF_MAX_STRING + 8];
    if (n > RF_MAX_STRING) return NULL;
    memcpy(buf, prefix, n);
    for (;;) {
        if (n > RF_MAX_STRING) return NULL;
        if (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            memcpy(buf + n, &w, 8); /* the whole word; only its plain bytes count */
            uint64_t flags = special_bytes(w);
            if (!flags) {
                n += 8;
                p += 8;
                continue;
            }
            size_t k = plain_prefix(p, flags);
            n += k;
            p += k;
            /* Up to 7 plain bytes past the limit, and an escape or a UTF-8
             * sequence to come: 4 bytes more would not fit (found by
             * fuzz_apply). The decoded string is too long anyway. */
            if (n > RF_MAX_STRING) return NULL;
        } else if (p >= end) {
            return NULL;
        }
        unsigned char b = *p;
        if (b == '"') break;
        if (b == '\\') {
            rf__escape e;
            if (rf__escape_decode(p, (size_t)(end - p), buf + n, &e) != RF_ESCAPE_OK) return NULL;
            if (e.written == 1 && buf[n] == 0) return NULL; /* \u0000: the tree loader refuses a NUL */
            n += e.written;
            p += e.used;
        } else if (b < 0x20) {
            return NULL;
        } else if (b < 0x80) {
            buf[n++] = b;
            p++;
        } else {
            size_t seq = 0;
            if (rf__utf8_check(p, (size_t)(end - p), &seq) != RF_UTF8_OK) return NULL;
            memcpy(buf + n, p, seq);
            n += seq;
            p += seq;
        }
    }
    if (n > RF_MAX_STRING) return NULL; /* never empty: an escape writes a byte */
    *out = rf__case_store(c, (const char *)buf, n);
    return *out ? p + 1 : NULL;
}

/* Reads the string of an amount whose opening quote is consumed: the bytes
 * up to the next quote, unchecked. rf_money_parse takes only digits and a
 * point, so whatever it accepts was the whole string and had no escape. */
STEP bool scan_amount(reader *r, const unsigned char **text, size_t *len) {
    const unsigned char *start = r->p, *p = start, *end = r->end;
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t quotes = zero_bytes(w ^ (ONES * '"'));
        if (quotes) {
#if SWAR_LITTLE_ENDIAN
            p += (unsigned)__builtin_ctzll(quotes) >> 3;
#else
            while (*p != '"') p++;
#endif
            goto found;
        }
        p += 8;
    }
    while (p < end && *p != '"') p++;
    if (p >= end) return false;
found:
    *text = start;
    *len = (size_t)(p - start);
    r->p = p + 1;
    return true;
}

/* The colon after a key whose closing quote matched with no colon right
 * after it (whitespace comes first, or nothing does). A key with no colon
 * is malformed JSON, but its bytes are consumed: were the reader left
 * there, the next row could match what follows as a key of its own
 * (`"seven_day_return"ship_exempt":null` read as ship_exempt, the first
 * key's value and comma lost). So the reader is spent instead: at its end
 * no row matches, and it declines. */
STEP bool key_colon(reader *r) {
    if (eat_sep(r, ':')) return true;
    r->p = r->end;
    return false;
}

/* Object keys are matched with their closing quote right where they start
 * (every key of the format is short plain ASCII), each row's key tried in
 * turn after a test of its first byte; a key that matches none of them, or
 * that holds an escape or any other byte, leaves the reader declining.
 * KEY(r, "name") consumes `name":` (whitespace allowed before the colon)
 * and the one space that may follow it, or returns false: no key is a
 * prefix of another with its quote, so one match is final, and a key that
 * matched with no colon after it spends the reader (key_colon). The colon
 * is compared with the key, in the same few word compares, when it follows
 * the quote at once, as it does in NDJSON and in exports that put their
 * space after it; in the spaced instance, the space too. */
#define KEY(r, lit)                                                               \
    (((r)->spaced ? TAKE(r, lit "\": ") : (TAKE(r, lit "\":") && (sep_space(r), true))) || \
     (TAKE(r, lit "\"") && key_colon(r)))

/* Consumes the opening quote of a key, after optional whitespace; then
 * whether a byte follows to look at. */
STEP bool key_start(reader *r) {
    return eat(r, '"') && r->p < r->end;
}

/* After a member: 1 when a comma and the next key's opening quote were
 * consumed (as key_start), 0 when no comma follows (the object should end),
 * -1 for a comma with no key after it. The comma and the quote side by side,
 * as NDJSON has them, are one comparison; so is a closing brace right
 * after the value. */
STEP int next_key(reader *r) {
    if (r->spaced && r->end - r->p > 3 && memcmp(r->p, ", \"", 3) == 0) {
        r->p += 3;
        return 1;
    }
    if (r->end - r->p > 2 && memcmp(r->p, ",\"", 2) == 0) { /* `, "` in the spaced instance, above */
        r->p += 2;
        return 1;
    }
    if (r->p < r->end && *r->p == '}') return 0; /* the end, with no whitespace test */
    if (!eat_sep(r, ',')) return 0;
    return key_start(r) ? 1 : -1;
}

/* The members of an object whose '{' is consumed, up to its last value:
 * for each key in turn FIELDS, the rows' tests (the row whose key comes
 * next sets bit and ok and breaks out); seen gathers the rows' bits, so a
 * key comes once. Declines, returning false from the reader it stands in,
 * on an unknown key (bit 0), a bad value or a key seen before. One loop for
 * the order, an event, the import object and its refunds. */
#define READ_MEMBERS_OR_DECLINE(r, seen, FIELDS)                               \
    do {                                                                       \
        if (!key_start(r)) return false;                                       \
        for (int more_ = 1; more_ > 0;) {                                      \
            uint64_t bit = 0;                                                  \
            bool ok = false;                                                   \
            const unsigned char first = *(r)->p;                               \
            do {                                                               \
                FIELDS                                                         \
            } while (0);                                                       \
            if (!ok || ((seen) & bit)) return false;                           \
            (seen) |= bit;                                                     \
            if ((more_ = next_key(r)) < 0) return false;                       \
        }                                                                      \
    } while (0)

/* ---- typed values ------------------------------------------------------------------------- */

/* One reader per TYPE of the schema. Each reads the value after the colon
 * into its member of the order or event (dst), or declines. */

/* TEXT: 1 to RF_MAX_STRING bytes (the tree loader refuses an empty or
 * longer one), copied into the case. The readers named _open start after
 * the value's opening quote. */
STEP bool read_text_open(reader *r, const char **out) {
    const unsigned char *s;
    size_t n;
    text_scan found = scan_text(r, &s, &n);
    if (found == TEXT_ESCAPED) {
        const unsigned char *after = read_escaped_text(r->p, r->end, r->c, s, n, out);
        if (!after) return false;
        r->p = after;
        return true;
    }
    if (found == TEXT_BAD || n == 0 || n > RF_MAX_STRING) return false;
    *out = store_text(r, s, n);
    return *out != NULL;
}

STEP bool read_text(reader *r, const char **out) { return eat(r, '"') && read_text_open(r, out); }

STEP bool read_money_open(reader *r, rf_fen *out) {
    const unsigned char *s;
    size_t n;
    return scan_amount(r, &s, &n) && rf_money_parse((const char *)s, n, out) == RF_OK;
}

/* rf_time_parse takes 20 bytes ("...Z") or 25 ("...+08:00"), each a digit
 * or a separator, so the closing quote is looked for at those two places
 * only: a span it accepts holds no quote or backslash, and is the whole
 * string. A quote at 20 ends the string there (or follows a backslash, and
 * the parse fails), so it is looked at first. */
STEP bool read_time_open(reader *r, rf_time *out) {
    const unsigned char *s = r->p;
    size_t left = (size_t)(r->end - s), n;
    if (left > 20 && s[20] == '"') n = 20;
    else if (left > 25 && s[25] == '"') n = 25;
    else return false;
    if (rf_time_parse((const char *)s, n, out) != RF_OK) return false;
    r->p = s + n + 1;
    return true;
}

STEP bool read_bool(reader *r, bool *out) {
    skip_ws(r);
    if (TAKE(r, "true")) {
        *out = true;
        return true;
    }
    if (TAKE(r, "false")) {
        *out = false;
        return true;
    }
    /* What follows the literal is checked by the caller: "truex" fails
     * there, as it does in the JSON reader. */
    return false;
}

/* ENUM: the name, by the enumeration's lookup (below), with a value below
 * range (the event type's range leaves out refund_succeeded, the engine's
 * own). Stored as the int an enumeration is. */
STEP bool read_enum_open(reader *r, int (*lookup)(reader *), uint64_t range, void *dst) {
    int v;
    if ((v = lookup(r)) < 0 || (uint64_t)v >= range) return false;
    memcpy(dst, &v, sizeof v);
    return true;
}

/* ENUM_OR_NULL: null for the value 0, or a name other than the value 0's
 * (the tree loader refuses the string "null": null is written as JSON
 * null). */
STEP bool read_enum_or_null(reader *r, int (*lookup)(reader *), uint64_t range, void *dst) {
    int v = 0;
    skip_ws(r);
    if (r->p < r->end && *r->p == 'n') {
        memcpy(dst, &v, sizeof v);
        return TAKE(r, "null");
    }
    if (!eat(r, '"') || (v = lookup(r)) <= 0 || (uint64_t)v >= range) return false;
    memcpy(dst, &v, sizeof v);
    return true;
}

/* CHOICE: a JSON number of one or two digits written just so, one of the
 * set (the tree loader compares the number's text: 3.0, 1e1 or 05 are
 * refused; what follows the digits is checked by the caller). */
STEP bool read_choice(reader *r, uint64_t set, void *dst) {
    skip_ws(r);
    const unsigned char *p = r->p, *start = p;
    while (p < r->end && p - start < 3 && *p >= '0' && *p <= '9') p++;
    size_t n = (size_t)(p - start);
    int v;
    if (n == 1) v = start[0] - '0';
    else if (n == 2 && start[0] != '0') v = (start[0] - '0') * 10 + (start[1] - '0');
    else return false;
    if (v >= 64 || !(set >> v & 1u)) return false; /* the set holds values below 64 */
    memcpy(dst, &v, sizeof v);
    r->p = p;
    return true;
}

/* TEXT_OR_NULL: null for NULL, or a TEXT. */
STEP bool read_text_or_null(reader *r, const char **out) {
    skip_ws(r);
    if (r->p < r->end && *r->p == 'n') {
        *out = NULL;
        return TAKE(r, "null");
    }
    return read_text(r, out);
}

/* CHOICE_OR_NULL: null for 0, or a CHOICE (whose set never holds 0). */
STEP bool read_choice_or_null(reader *r, uint64_t set, void *dst) {
    skip_ws(r);
    if (r->p < r->end && *r->p == 'n') {
        int v = 0;
        memcpy(dst, &v, sizeof v);
        return TAKE(r, "null");
    }
    return read_choice(r, set & ~UINT64_C(1), dst);
}

/* SET: an array of names, each once, each a value below range. */
STEP bool read_set(reader *r, int (*lookup)(reader *), uint64_t range, uint64_t *dst) {
    uint64_t set = 0;
    if (!eat(r, '[')) return false;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        *dst = 0;
        return true;
    }
    do {
        int v;
        if (!eat(r, '"') || (v = lookup(r)) < 0 || (uint64_t)v >= range || v >= 64 || (set >> v & 1u)) return false;
        set |= UINT64_C(1) << v;
    } while (eat_sep(r, ','));
    *dst = set;
    return eat(r, ']');
}

static bool read_list_IMPORT_REFUND(reader *r);

/* READ_<TYPE>(r, dst, ENUM, RANGE): the reader of a row's TYPE. Those of
 * a string (QUOTED_<TYPE> 1) start after its opening quote, which the
 * key's reader consumes (FIELD_ below). */
#define QUOTED_TEXT 1
#define QUOTED_MONEY 1
#define QUOTED_TIME 1
#define QUOTED_ENUM 1
#define QUOTED_BOOL 0
#define QUOTED_ENUM_OR_NULL 0
#define QUOTED_CHOICE 0
#define QUOTED_TEXT_OR_NULL 0
#define QUOTED_CHOICE_OR_NULL 0
#define QUOTED_SET 0
#define QUOTED_LIST 0
#define READ_TEXT(r, dst, E, R) read_text_open((r), (dst))
#define READ_MONEY(r, dst, E, R) read_money_open((r), (dst))
#define READ_TIME(r, dst, E, R) read_time_open((r), (dst))
#define READ_BOOL(r, dst, E, R) read_bool((r), (dst))
#define READ_ENUM(r, dst, E, R) read_enum_open((r), lookup_##E, (R), (dst))
#define READ_ENUM_OR_NULL(r, dst, E, R) read_enum_or_null((r), lookup_##E, (R), (dst))
#define READ_CHOICE(r, dst, E, R) read_choice((r), (R), (dst))
#define READ_TEXT_OR_NULL(r, dst, E, R) read_text_or_null((r), (dst))
#define READ_CHOICE_OR_NULL(r, dst, E, R) read_choice_or_null((r), (R), (dst))
#define READ_SET(r, dst, E, R) read_set((r), lookup_##E, (R), (dst))
#define READ_LIST(r, dst, E, R) ((void)(dst), read_list_##E(r))

/* A row of an object: when its key k comes next, its bit (BIT) is noted,
 * its value read into dst (ok says whether it was) and the row test ends
 * (break). A string's key is compared with its colon and the value's
 * opening quote, `k":"` (`k": "` in the spaced instance) (2); else as KEY does, the
 * quote then looked for after any whitespace (1). A key that matches is
 * consumed and final: the value decides ok. */
#define QUOTED_KEY(r, k) ((r)->spaced ? TAKE(r, k "\": \"") : TAKE(r, k "\":\""))
#define FIELD_(r, k, T, dst, E, R, BIT)                                                       \
    if (first == (unsigned char)k[0]) {                                                       \
        const int q_ = QUOTED_##T ? (QUOTED_KEY(r, k) ? 2 : KEY(r, k) ? 1 : 0) : KEY(r, k);     \
        if (q_) {                                                                             \
            bit = (BIT);                                                                      \
            ok = (q_ == 2 || !QUOTED_##T || eat(r, '"')) && READ_##T(r, dst, E, R);           \
            break;                                                                            \
        }                                                                                     \
    }

/* ---- enumerations ------------------------------------------------------------------------- */

/* A lookup per enumeration, generated from include/refund.h's lists: each
 * name with its closing quote is compared with the bytes that come next, as
 * constants the compiler inlines (no scan for the end of the string first;
 * a name holds no quote, so the first match is the whole string), after a
 * test of its first byte (a branch on a byte in a register). Each
 * consumes the name and its quote and returns the enum value, or returns
 * -1 and consumes nothing. lookup_<ENUM> is what a row's ENUM column names;
 * one the schema does not use is left out by the compiler (inline). */
#define TRY_(e, n, z) if (first == (unsigned char)n[0] && TAKE(r, n "\"")) return (int)(e);
#define LOOKUP_FN(fn, list)                                              \
    STEP int fn(reader *r) {                                             \
        if (r->p >= r->end) return -1;                                   \
        const unsigned char first = *r->p;                              \
        list(TRY_)                                                       \
        return -1;                                                       \
    }
LOOKUP_FN(lookup_CHANNEL, RF_CHANNEL_LIST)
LOOKUP_FN(lookup_INSURANCE, RF_INSURANCE_LIST)
LOOKUP_FN(lookup_EXEMPT, RF_EXEMPT_LIST)
LOOKUP_FN(lookup_DELIVERY, RF_DELIVERY_LIST)
LOOKUP_FN(lookup_ACTOR, RF_ACTOR_LIST)
LOOKUP_FN(lookup_KIND, RF_KIND_LIST)
LOOKUP_FN(lookup_REASON, RF_REASON_LIST)
LOOKUP_FN(lookup_GOODS, RF_GOODS_LIST)
LOOKUP_FN(lookup_PARTY, RF_PARTY_LIST)
LOOKUP_FN(lookup_RATING, RF_RATING_LIST)
LOOKUP_FN(lookup_EVIDENCE, RF_EVIDENCE_LIST)
LOOKUP_FN(lookup_COMPLAINT, RF_COMPLAINT_LIST)
LOOKUP_FN(lookup_EVENT, RF_EVENT_LIST)
LOOKUP_FN(lookup_SOURCE, RF_SOURCE_LIST)
#undef LOOKUP_FN
#undef TRY_

/* The names of a SET of keys: an event's ("at"), the order's ("order.channel"). */
#define TRY_EVENT_KEY_(_, m, k, ...) if (TAKE(r, k "\"")) return (int)RF__EVENT_##m;
STEP int lookup_EVENT_KEY(reader *r) {
    RF_SCHEMA_EVENT(TRY_EVENT_KEY_, _)
    return -1;
}
#undef TRY_EVENT_KEY_
#define TRY_ORDER_KEY_(m, k, ...) if (TAKE(r, "order." k "\"")) return (int)RF__ORDER_##m;
STEP int lookup_ORDER_KEY(reader *r) {
    RF_SCHEMA_ORDER(TRY_ORDER_KEY_)
    return -1;
}
#undef TRY_ORDER_KEY_

/* ---- the order ------------------------------------------------------------------------------ */

/* A row of the order: when its key comes next, the row's bit (its index)
 * is noted and the value read into its member. */
#define ORDER_FIELD_(m, k, T, E, R, REQ, DEF) FIELD_(r, k, T, &o->m, E, R, UINT32_C(1) << RF__ORDER_##m)

/* The rows a document must give. */
#define ORDER_REQUIRED_(m, k, T, E, R, REQ, DEF) | ((REQ) ? UINT32_C(1) << RF__ORDER_##m : 0u)
static const uint32_t order_required = 0u RF_SCHEMA_ORDER(ORDER_REQUIRED_);
#undef ORDER_REQUIRED_

STEP bool read_order(reader *r) {
    rf_order *o = &r->c->order;
    uint64_t seen = 0;
    if (!eat(r, '{')) return false;
    *o = rf__order_defaults;
    READ_MEMBERS_OR_DECLINE(r, seen, RF_SCHEMA_ORDER(ORDER_FIELD_));
    if (!eat(r, '}')) return false;
    return (seen & order_required) == order_required;
}
#undef ORDER_FIELD_

/* ---- the import object -------------------------------------------------------------------- */

/* The import object and each of its refunds, as the order: generated from
 * their rows, keys in any order, each once, the required ones present. */
#define OBJECT_FIELD_(PREFIX, base, m, k, T, E, R) FIELD_(r, k, T, &(base)->m, E, R, UINT32_C(1) << PREFIX##m)
#define REFUND_FIELD_(m, k, T, E, R, REQ, DEF) OBJECT_FIELD_(RF__IMPORT_REFUND_, item, m, k, T, E, R)
#define IMPORT_FIELD_(m, k, T, E, R, REQ, DEF) OBJECT_FIELD_(RF__IMPORT_, imp, m, k, T, E, R)
#define REQUIRED_IN_(PREFIX, m, REQ) | ((REQ) ? UINT32_C(1) << PREFIX##m : 0u)
#define REFUND_REQUIRED_(m, k, T, E, R, REQ, DEF) REQUIRED_IN_(RF__IMPORT_REFUND_, m, REQ)
#define IMPORT_REQUIRED_(m, k, T, E, R, REQ, DEF) REQUIRED_IN_(RF__IMPORT_, m, REQ)
static const uint32_t refund_required = 0u RF_SCHEMA_IMPORT_REFUND(REFUND_REQUIRED_);
static const uint32_t import_required = 0u RF_SCHEMA_IMPORT(IMPORT_REQUIRED_);

static bool read_import_refund(reader *r, rf_import_refund *item) {
    uint64_t seen = 0;
    if (!eat(r, '{')) return false;
    READ_MEMBERS_OR_DECLINE(r, seen, RF_SCHEMA_IMPORT_REFUND(REFUND_FIELD_));
    return eat(r, '}') && (seen & refund_required) == refund_required;
}

static bool read_list_IMPORT_REFUND(reader *r) {
    if (!eat(r, '[')) return false;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return true;
    }
    do {
        rf_import_refund *item = rf__case_push_import_refund(r->c);
        if (!item || !read_import_refund(r, item)) return false;
    } while (eat_sep(r, ','));
    return eat(r, ']');
}

NOINLINE static bool read_import(reader *r) {
    rf_case_import *imp = &r->c->import;
    uint64_t seen = 0;
    if (!eat(r, '{')) return false;
    *imp = rf__import_defaults;
    r->c->has_import = true;
    READ_MEMBERS_OR_DECLINE(r, seen, RF_SCHEMA_IMPORT(IMPORT_FIELD_));
    return eat(r, '}') && (seen & import_required) == import_required;
}
#undef OBJECT_FIELD_
#undef REFUND_FIELD_
#undef IMPORT_FIELD_
#undef REQUIRED_IN_
#undef REFUND_REQUIRED_
#undef IMPORT_REQUIRED_

/* ---- events -------------------------------------------------------------------------------- */

/* A row of an event: when its key comes next, its bits are noted (its
 * index in the upper half, for the keys every event has and to find a
 * repeated key; its has-bit in the lower half) and the value read into its
 * member. */
#define EVENT_FIELD_(_, m, k, T, E, R, BIT, A, Q) \
    FIELD_(r, k, T, &ev->m, E, R, UINT64_C(1) << (32 + RF__EVENT_##m) | (BIT))

/* The rows every event has: those without a has-bit. */
#define EVENT_COMMON_(_, m, k, T, E, R, BIT, A, Q) | ((BIT) ? 0u : UINT32_C(1) << RF__EVENT_##m)
static const uint32_t event_common = 0u RF_SCHEMA_EVENT(EVENT_COMMON_, _);
#undef EVENT_COMMON_

/* Zeroes an event, in two halves: GCC's generic tuning compiles a memset of
 * the whole struct (120 bytes on LP64) into `rep stos`, whose start-up cost
 * was a tenth of the reader's time; halves become a few vector stores. */
STEP void zero_event(rf_event *ev) {
    size_t half = sizeof *ev / 2;
    memset(ev, 0, half);
    memset((char *)ev + half, 0, sizeof *ev - half);
}

/* Reads the members of an event object whose '{' is consumed. Every field
 * is read whatever the type; the shape is checked at the end, against the
 * table the tree loader checks (it reads `type` first to refuse a field
 * the moment it sees it, which only matters for its error). */
STEP bool read_event(reader *r, rf_event *ev) {
    uint64_t seen = 0;
    READ_MEMBERS_OR_DECLINE(r, seen, RF_SCHEMA_EVENT(EVENT_FIELD_, _));
    if (!eat(r, '}')) return false;
    if (((uint32_t)(seen >> 32) & event_common) != event_common) return false;
    unsigned has = (unsigned)seen;
    const rf__event_shape *shape = &rf__case_shapes[ev->type];
    if ((has & ~shape->allowed) || (shape->required & ~has)) return false;
    ev->has = has;
    return true;
}
#undef EVENT_FIELD_

STEP bool read_events(reader *r) {
    rf_case *c = r->c;
    if (!eat(r, '[')) return false;
    skip_ws(r);
    if (r->p < r->end && *r->p == ']') {
        r->p++;
        return true;
    }
    do {
        skip_ws(r);
        if (r->p >= r->end || *r->p != '{') return false; /* an element that is not an object */
        /* The tree loader gives an event the position of its '{'. The
         * document is at most RF_JSON_DEFAULT_MAX_SIZE bytes, so line and
         * column fit an unsigned without the JSON reader's clamping. */
        unsigned line = (unsigned)r->line, column = (unsigned)(r->p - r->line_start + 1);
        r->p++;
        if (c->count >= RF_MAX_EVENTS || (c->count >= c->cap && !rf__case_grow(c))) return false;
        rf_event *ev = &c->events[c->count];
        zero_event(ev);
        ev->size = sizeof *ev;
        ev->line = line;
        ev->column = column;
        if (!read_event(r, ev)) return false;
        c->count++;
    } while (eat_sep(r, ','));
    return eat(r, ']');
}

/* ---- the document ------------------------------------------------------------------------------ */

enum { T_SCHEMA = 1u << 0, T_ORDER = 1u << 1, T_EVENTS = 1u << 2, T_IMPORT = 1u << 3 };

/* The reader of a document, instantiated twice (spaced a constant in
 * each): for compact text and for text with one space after each ':' and
 * ','. Both read any document; the instance only decides which separators
 * are the straight path. */
STEP bool read_document(rf_case *c, const char *json, size_t len, bool spaced) {
    reader r = {
        .p = (const unsigned char *)json,
        .end = (const unsigned char *)json + len,
        .line_start = (const unsigned char *)json,
        .line = 1,
        .c = c,
        .spaced = spaced,
    };
    unsigned seen = 0;
    /* A byte order mark is no whitespace: the document must open with '{'. */
    if (!eat(&r, '{')) return false;
    do {
        unsigned bit = 0;
        if (!key_start(&r)) return false;
        if (KEY(&r, "schema")) bit = T_SCHEMA;
        else if (KEY(&r, "order")) bit = T_ORDER;
        else if (KEY(&r, "events")) bit = T_EVENTS;
        else if (KEY(&r, "import")) bit = T_IMPORT;
        if (!bit || (seen & bit)) return false;
        seen |= bit;
        bool ok;
        if (bit == T_SCHEMA) {
            skip_ws(&r);
            ok = TAKE(&r, "\"" RF_SCHEMA_NAME "\"");
        } else if (bit == T_ORDER) {
            ok = read_order(&r);
        } else if (bit == T_IMPORT) {
            /* Out of line, on a copy: the reader's address is not taken. */
            reader copy = r;
            ok = read_import(&copy);
            r = copy;
            r.spaced = spaced; /* still the constant, for the compiler */
        } else {
            ok = read_events(&r);
        }
        if (!ok) return false;
    } while (eat_sep(&r, ','));
    if (!eat(&r, '}')) return false;
    skip_ws(&r);
    return r.p == r.end && (seen & (T_SCHEMA | T_ORDER | T_EVENTS)) == (T_SCHEMA | T_ORDER | T_EVENTS);
}

/* The spaced instance is out of line, the compact one the body of
 * rf__case_read_fast. Both are marked hot: with two bodies GCC guessed
 * them cold enough to fill an event with `rep stos` (see zero_event). */
HOT NOINLINE static bool read_spaced(rf_case *c, const char *json, size_t len) { return read_document(c, json, len, true); }

/* Whether the document opens in the spaced style: one look at the byte
 * after the first key's colon, where the format's first keys put it
 * (`{"events": `, `{"order": `). Either instance reads any document. */
STEP bool opens_spaced(const char *json, size_t len) {
    if (len < 11) return false;
    size_t colon = json[9] == ':' ? 9 : json[8] == ':' ? 8 : 0;
    return colon && json[colon + 1] == ' ';
}

HOT bool rf__case_read_fast(rf_case *c, const char *json, size_t len) {
    /* Past the size limit the JSON reader refuses the document outright. */
    if (!json || len > RF_JSON_DEFAULT_MAX_SIZE) return false;
    if (opens_spaced(json, len)) return read_spaced(c, json, len);
    return read_document(c, json, len, false);
}
