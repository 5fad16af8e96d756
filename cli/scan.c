/*
 * The order id of a line that is not a valid case, for its error verdict
 * (FORMAT.md: "an error verdict carries order when the id could be read").
 *
 * A bad line may be anything: cut short, not JSON at all, JSON of the wrong
 * shape. So this is no parser, only a scan that follows the document as far
 * as it is well formed, looking for the member "id" of the member "order" of
 * the top-level object, and gives up at the first thing it does not expect.
 * It reads each byte at most once and never past len, keeps no state
 * between calls and allocates nothing.
 */
#include "scan.h"

#include <stdbool.h>
#include <string.h>

typedef struct scan {
    const unsigned char *p, *end;
} scan;

static void skip_space(scan *s) {
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')) s->p++;
}

static int hex4(const unsigned char *p) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Appends the UTF-8 of code point c to out[*n..cap) when it fits; *n
 * counts every byte, kept or not. */
static void put_utf8(unsigned char *out, size_t cap, size_t *n, unsigned long c) {
    unsigned char b[4];
    size_t k;
    if (c < 0x80) { b[0] = (unsigned char)c; k = 1; }
    else if (c < 0x800) { b[0] = (unsigned char)(0xC0 | (c >> 6)); b[1] = (unsigned char)(0x80 | (c & 0x3F)); k = 2; }
    else if (c < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (c >> 12));
        b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (c & 0x3F));
        k = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (c >> 18));
        b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (c & 0x3F));
        k = 4;
    }
    for (size_t i = 0; i < k; i++, (*n)++)
        if (*n < cap) out[*n] = b[i];
}

/* Reads the JSON string at s->p (its opening quote), decoding it into
 * out[0..cap) (out NULL: cap 0); *n is its decoded length, which may be
 * more than cap. false when it is not a well-formed string. */
static bool read_string(scan *s, unsigned char *out, size_t cap, size_t *n) {
    *n = 0;
    if (s->p >= s->end || *s->p != '"') return false;
    s->p++;
    while (s->p < s->end) {
        unsigned char c = *s->p++;
        if (c == '"') return true;
        if (c < 0x20) return false;
        if (c != '\\') {
            if (*n < cap) out[*n] = c;
            (*n)++;
            continue;
        }
        if (s->p >= s->end) return false;
        c = *s->p++;
        static const char escapes[] = "\"\\/bfnrt", decoded[] = "\"\\/\b\f\n\r\t";
        const char *simple = c ? strchr(escapes, c) : NULL;
        if (simple) {
            if (*n < cap) out[*n] = (unsigned char)decoded[simple - escapes];
            (*n)++;
            continue;
        }
        if (c != 'u' || s->end - s->p < 4) return false;
        int u = hex4(s->p);
        s->p += 4;
        if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF)) return false;
        unsigned long cp = (unsigned long)u;
        if (u >= 0xD800 && u <= 0xDBFF) {
            /* A high surrogate needs its low one. */
            if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u') return false;
            int lo = hex4(s->p + 2);
            if (lo < 0xDC00 || lo > 0xDFFF) return false;
            s->p += 6;
            cp = 0x10000 + (((unsigned long)u - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
        }
        put_utf8(out, cap, n, cp);
    }
    return false;
}

/* Skips one value: a string, an object or array (counting their nesting),
 * or a bare literal or number up to the next delimiter. false when the text
 * ends first or a string in it is malformed. */
static bool skip_value(scan *s) {
    size_t depth = 0;
    do {
        skip_space(s);
        if (s->p >= s->end) return false;
        unsigned char c = *s->p;
        size_t n;
        if (c == '"') {
            if (!read_string(s, NULL, 0, &n)) return false;
        } else if (c == '{' || c == '[') {
            depth++;
            s->p++;
        } else if (c == '}' || c == ']') {
            if (!depth) return false;
            depth--;
            s->p++;
        } else if (c == ',' || c == ':') {
            if (!depth) return false;
            s->p++;
        } else {
            /* A literal or a number (a NUL byte is neither: it stops here). */
            const unsigned char *start = s->p;
            while (s->p < s->end && !strchr(",:{}[]\" \t\r\n", *s->p)) s->p++;
            if (s->p == start) return false;
        }
    } while (depth);
    return true;
}

/* Moves past `"key":` of the next member of an object; key gets at most
 * cap bytes of it and *n its length. false at the object's end or on
 * anything else. */
static bool next_key(scan *s, bool first, unsigned char *key, size_t cap, size_t *n) {
    skip_space(s);
    if (!first) {
        if (s->p >= s->end || *s->p != ',') return false;
        s->p++;
        skip_space(s);
    }
    if (!read_string(s, key, cap, n)) return false;
    skip_space(s);
    if (s->p >= s->end || *s->p != ':') return false;
    s->p++;
    skip_space(s);
    return true;
}

/* Whether b[0..n) is UTF-8 as RFC 3629 has it: no overlong forms, no
 * surrogates, nothing above U+10FFFF. */
static bool valid_utf8(const unsigned char *b, size_t n) {
    for (size_t i = 0; i < n;) {
        unsigned char c = b[i];
        size_t k;
        unsigned long cp, min;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1Fu; min = 0x80; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0Fu; min = 0x800; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07u; min = 0x10000; }
        else return false;
        if (n - i <= k) return false;
        for (size_t j = 1; j <= k; j++) {
            if ((b[i + j] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b[i + j] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += k + 1;
    }
    return true;
}

size_t cli_scan_order(const char *json, size_t len, char *out, size_t size) {
    scan s = {(const unsigned char *)json, (const unsigned char *)json + len};
    unsigned char key[8];
    size_t n;
    if (!json || size < 2) return 0;
    skip_space(&s);
    if (s.p >= s.end || *s.p != '{') return 0;
    s.p++;
    for (bool first = true;; first = false) {
        if (!next_key(&s, first, key, sizeof key, &n)) return 0;
        if (n == 5 && !memcmp(key, "order", 5)) break;
        if (!skip_value(&s)) return 0;
    }
    if (s.p >= s.end || *s.p != '{') return 0;
    s.p++;
    for (bool first = true;; first = false) {
        if (!next_key(&s, first, key, sizeof key, &n)) return 0;
        if (n == 2 && !memcmp(key, "id", 2)) break;
        if (!skip_value(&s)) return 0;
    }
    /* The id, whole and printable as JSON: valid UTF-8, no NUL. */
    unsigned char *id = (unsigned char *)out;
    if (!read_string(&s, id, size - 1, &n) || n > size - 1 || !n || memchr(id, 0, n) || !valid_utf8(id, n))
        return 0;
    out[n] = '\0';
    return n;
}
