/*
 * The rules of a JSON string's bytes shared by the strict JSON reader
 * (lib/json_read.c) and the schema-directed case reader (lib/case_fast.c):
 * UTF-8 validation and the decoding of backslash escapes. Both readers must
 * accept exactly the same bytes and decode them alike, so there is one
 * definition of each, here.
 */
#ifndef RF_UTF8_H
#define RF_UTF8_H

#include <stddef.h>

/* What is wrong with a sequence, in the order the checks find it: the JSON
 * reader turns each into its own message. */
typedef enum rf__utf8_fault {
    RF_UTF8_OK,
    RF_UTF8_LONE_CONTINUATION, /* 80..BF without a lead byte */
    RF_UTF8_BAD_LEAD,          /* C0, C1 (overlong only) or F5..FF (above U+10FFFF) */
    RF_UTF8_TRUNCATED,         /* fewer continuation bytes than the lead announces */
    RF_UTF8_OVERLONG,          /* E0 80..9F, F0 80..8F */
    RF_UTF8_SURROGATE,         /* ED A0..BF: U+D800..U+DFFF */
    RF_UTF8_ABOVE_MAX          /* F4 90..BF: above U+10FFFF */
} rf__utf8_fault;

/* Checks the sequence at s, whose first byte is >= 0x80 and of which avail
 * bytes (at least 1) may be read. On RF_UTF8_OK *seq_len is its length (2 to
 * 4). The ranges are those of Unicode table 3-7: they exclude overlong forms,
 * surrogates and anything above U+10FFFF. */
static inline rf__utf8_fault rf__utf8_check(const unsigned char *s, size_t avail, size_t *seq_len) {
    unsigned char lead = s[0], lo = 0x80, hi = 0xBF;
    size_t extra;
    if (lead >= 0xC2 && lead <= 0xDF) {
        extra = 1;
    } else if (lead == 0xE0) {
        extra = 2, lo = 0xA0; /* below A0: overlong */
    } else if (lead == 0xED) {
        extra = 2, hi = 0x9F; /* above 9F: surrogates */
    } else if (lead >= 0xE1 && lead <= 0xEF) {
        extra = 2;
    } else if (lead == 0xF0) {
        extra = 3, lo = 0x90; /* below 90: overlong */
    } else if (lead == 0xF4) {
        extra = 3, hi = 0x8F; /* above 8F: beyond U+10FFFF */
    } else if (lead >= 0xF1 && lead <= 0xF3) {
        extra = 3;
    } else if (lead <= 0xBF) {
        return RF_UTF8_LONE_CONTINUATION;
    } else {
        return RF_UTF8_BAD_LEAD;
    }
    for (size_t k = 1; k <= extra; k++)
        if (k >= avail || (s[k] & 0xC0) != 0x80) return RF_UTF8_TRUNCATED;
    if (s[1] < lo) return RF_UTF8_OVERLONG;
    if (s[1] > hi) return lead == 0xED ? RF_UTF8_SURROGATE : RF_UTF8_ABOVE_MAX;
    *seq_len = extra + 1;
    return RF_UTF8_OK;
}

/* ---- escapes ------------------------------------------------------------------ */

/* What is wrong with an escape, in the order the checks find it: the JSON
 * reader turns each into its own message. */
typedef enum rf__escape_fault {
    RF_ESCAPE_OK,
    RF_ESCAPE_EOF,            /* the text ends inside the escape */
    RF_ESCAPE_UNKNOWN,        /* a backslash and a byte that starts no escape */
    RF_ESCAPE_HEX,            /* a byte of \uXXXX that is no hex digit (at: its offset) */
    RF_ESCAPE_LOW_SURROGATE,  /* \uDC00..\uDFFF with no high surrogate before it */
    RF_ESCAPE_HIGH_SURROGATE, /* \uD800..\uDBFF not followed by \u */
    RF_ESCAPE_UNPAIRED        /* \uD800..\uDBFF followed by a \u that is no low surrogate (low) */
} rf__escape_fault;

/* One escape decoded: used source bytes became written bytes of UTF-8.
 * On a fault: the code point of the \u escape (cp), the \u after a high
 * surrogate (low), the offset from the backslash of a bad hex digit (at). */
typedef struct rf__escape {
    size_t used, written, at;
    unsigned cp, low;
} rf__escape;

/* Writes code point cp (below 0x110000, no surrogate) as UTF-8 into dst;
 * returns its length, 1 to 4. */
static inline size_t rf__utf8_put(unsigned char *dst, unsigned cp) {
    if (cp < 0x80) {
        dst[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        dst[0] = (unsigned char)(0xC0 | (cp >> 6));
        dst[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        dst[0] = (unsigned char)(0xE0 | (cp >> 12));
        dst[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        dst[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    dst[0] = (unsigned char)(0xF0 | (cp >> 18));
    dst[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    dst[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    dst[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The four hex digits after the "\u" at s[0..2), of which avail bytes may
 * be read, into *cp. */
static inline rf__escape_fault rf__escape_hex(const unsigned char *s, size_t avail, unsigned *cp, size_t *at) {
    unsigned value = 0;
    for (size_t i = 2; i < 6; i++) {
        if (i >= avail) return RF_ESCAPE_EOF;
        unsigned char c = s[i];
        unsigned digit;
        if (c >= '0' && c <= '9') digit = (unsigned)(c - '0');
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') digit = (unsigned)((c | 0x20) - 'a' + 10);
        else {
            *at = i;
            return RF_ESCAPE_HEX;
        }
        value = value << 4 | digit;
    }
    *cp = value;
    return RF_ESCAPE_OK;
}

/* Decodes the escape whose backslash is at s, of which avail bytes (at
 * least 1) may be read, into dst (room for 4 bytes). A high surrogate must
 * be followed at once by a \u low surrogate; the pair becomes one 4-byte
 * character. \u0000 becomes a NUL byte: what may hold one is the caller's
 * business. */
static inline rf__escape_fault rf__escape_decode(const unsigned char *s, size_t avail, unsigned char *dst,
                                                 rf__escape *e) {
    if (avail < 2) return RF_ESCAPE_EOF;
    unsigned char c = s[1];
    unsigned char simple;
    switch (c) {
    case '"': simple = '"'; break;
    case '\\': simple = '\\'; break;
    case '/': simple = '/'; break;
    case 'b': simple = '\b'; break;
    case 'f': simple = '\f'; break;
    case 'n': simple = '\n'; break;
    case 'r': simple = '\r'; break;
    case 't': simple = '\t'; break;
    case 'u': simple = 0; break;
    default: return RF_ESCAPE_UNKNOWN;
    }
    if (c != 'u') {
        dst[0] = simple;
        e->used = 2;
        e->written = 1;
        return RF_ESCAPE_OK;
    }
    unsigned cp;
    rf__escape_fault fault = rf__escape_hex(s, avail, &cp, &e->at);
    if (fault) return fault;
    e->cp = cp;
    e->used = 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return RF_ESCAPE_LOW_SURROGATE;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (avail < 8 || s[6] != '\\' || s[7] != 'u') return RF_ESCAPE_HIGH_SURROGATE;
        unsigned low;
        if ((fault = rf__escape_hex(s + 6, avail - 6, &low, &e->at))) {
            e->at += 6;
            return fault;
        }
        if (low < 0xDC00 || low > 0xDFFF) {
            e->low = low;
            return RF_ESCAPE_UNPAIRED;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        e->used = 12;
    }
    e->written = rf__utf8_put(dst, cp);
    return RF_ESCAPE_OK;
}

#endif
