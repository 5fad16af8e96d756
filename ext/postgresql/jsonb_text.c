/*
 * jsonb and JSON text, both ways, without PostgreSQL's general machinery:
 * the conversions around each case took most of a call's time (JsonbToCString
 * prints through an iterator and a palloc'd copy of every string; jsonb_in
 * lexes a character at a time and copies every string).
 *
 * Each gives the result of the function it stands in for, byte for byte,
 * and hands anything it is not sure of to that function: rf_pg_jsonb_text
 * writes what JsonbToCString writes (so the line and column of an error
 * are those of doc::text), or the same without the blanks after commas and
 * colons, and rf_pg_jsonb_in makes the jsonb that jsonb_in makes of the
 * text.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "port/pg_bitutils.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "jsonb_text.h"

/* ---- jsonb to text ---------------------------------------------------------- */

/* Flags (the high bit of a byte) for the bytes of x that are '"', '\\' or
 * below 0x20: the "some byte is zero" (or "below n") of Hacker's Delight
 * 6-1. A byte may be flagged wrongly only above one flagged rightly (a
 * borrow runs upward), so the lowest flag is exact. */
static inline uint64 escape_flags(uint64 x) {
    const uint64 ones = UINT64CONST(0x0101010101010101), highs = UINT64CONST(0x8080808080808080);
    uint64 quote = x ^ (ones * '"');
    uint64 backslash = x ^ (ones * '\\');
    return (((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | ((x - ones * 0x20) & ~x)) & highs;
}

static inline bool byte_needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

#ifdef __SSE2__
/* The bytes of x that need an escape in a JSON string, one bit each. */
static inline int escape_mask16(__m128i x) {
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1f);
    return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)),
                                          _mm_cmpeq_epi8(_mm_min_epu8(x, control), x))); /* x <= 0x1f, unsigned */
}
#endif

/* How many bytes of s[0..n) come before the first that needs an escape in
 * a JSON string: sixteen at a time with SSE2 (every x86-64 has it), then
 * eight, the first flagged one found from the word's flags (little-endian:
 * the lowest byte is the first). */
static inline size_t plain_run(const char *s, size_t n) {
    size_t i = 0;
#ifdef __SSE2__
    for (; i + 16 <= n; i += 16) {
        int mask = escape_mask16(_mm_loadu_si128((const __m128i *)(s + i)));
        if (mask) return i + (size_t)pg_rightmost_one_pos32((uint32)mask);
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64 x;
        memcpy(&x, s + i, 8);
        uint64 f = escape_flags(x);
        if (f) {
#ifdef WORDS_BIGENDIAN
            break;
#else
            return i + pg_rightmost_one_pos64(f) / 8;
#endif
        }
    }
    while (i < n && !byte_needs_escape((unsigned char)s[i])) i++;
    return i;
}

/* Room for n more bytes at out->data + out->len (the NUL is written last,
 * by rf_pg_jsonb_text). */
static inline char *room(StringInfo out, int n) {
    if (out->maxlen - out->len <= n) enlargeStringInfo(out, n);
    return out->data + out->len;
}

/* Copies s[0..n), w <= n <= 2w, as its first and its last w bytes (w a
 * constant once inlined: no call to memcpy). */
static pg_attribute_always_inline void copy_ends(char *d, const char *s, size_t n, size_t w) {
    uint64 a, b;
    memcpy(&a, s, w);
    memcpy(&b, s + n - w, w);
    memcpy(d, &a, w);
    memcpy(d + n - w, &b, w);
}

/* Copies n bytes: a short run (keys, names, times) in two overlapping
 * 16-byte blocks, words or halves. */
static inline void copy(char *d, const char *s, size_t n) {
    if (n > 32) memcpy(d, s, n);
#ifdef __SSE2__
    else if (n >= 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)s), b = _mm_loadu_si128((const __m128i *)(s + n - 16));
        _mm_storeu_si128((__m128i *)d, a);
        _mm_storeu_si128((__m128i *)(d + n - 16), b);
    }
#else
    else if (n > 16) memcpy(d, s, n);
#endif
    else if (n >= 8) copy_ends(d, s, n, 8);
    else if (n >= 4) copy_ends(d, s, n, 4);
    else
        for (size_t i = 0; i < n; i++) d[i] = s[i];
}

/* Bytes past a string of the text (or of scratch) that may be read, and
 * past the arena's end that may be written, so that a string of up to
 * STRING_SLACK bytes is copied as a whole block. */
#define STRING_SLACK 32

/* Copies n bytes, when s may be read and d written STRING_SLACK bytes
 * past them: up to 32 in two blocks, whatever n. */
static inline void copy_slack(char *d, const char *s, size_t n) {
#ifdef __SSE2__
    if (likely(n <= 32)) {
        __m128i a = _mm_loadu_si128((const __m128i *)s), b = _mm_loadu_si128((const __m128i *)(s + 16));
        _mm_storeu_si128((__m128i *)d, a);
        _mm_storeu_si128((__m128i *)(d + 16), b);
        return;
    }
#endif
    copy(d, s, n);
}

/* Whether the string s[0..len) of a jsonb container has a byte to escape.
 * Eight bytes at a time, and the last (or only) word is the one ending at
 * s + len: a string's data are preceded in its container by at least the
 * header and one JEntry, eight bytes, so that word is inside the datum; on
 * a little-endian machine the bytes before s are shifted out of it. */
static inline bool has_escape(const char *s, size_t len) {
#ifdef WORDS_BIGENDIAN
    return plain_run(s, len) < len;
#else
    size_t i = 0;
    for (; i + 8 < len; i += 8) {
        uint64 x;
        memcpy(&x, s + i, 8);
        if (escape_flags(x)) return true;
    }
    if (len == 0) return false;
    uint64 x;
    memcpy(&x, s + len - 8, 8);
    size_t left = len - i; /* 1..8 bytes not yet looked at, the last of the word */
    uint64 f = escape_flags(x >> (8 * (8 - left)));
    return (left == 8 ? f : f & ((UINT64CONST(1) << (8 * left)) - 1)) != 0;
#endif
}

/* A string with a byte to escape, as escape_json writes it. */
static pg_noinline void put_escaped(StringInfo out, const char *s, int len) {
    escape_json(out, pnstrdup(s, len)); /* jsonb strings hold no NUL */
}

/* Copies s[0..len) to d, whose room goes 16 bytes past len, and says true
 * when no byte of it needs an escape (else what d holds is to be
 * dropped). limit: the end of the datum, before which bytes past the
 * string may be read: with SSE2, sixteen bytes at a time, each looked at
 * and copied in one load. */
static pg_attribute_always_inline bool copy_plain(char *d, const char *s, size_t len, const char *limit) {
#ifdef __SSE2__
    if (likely(len <= 16 && limit - s >= 16)) { /* most strings: one load */
        __m128i x = _mm_loadu_si128((const __m128i *)s);
        if (escape_mask16(x) & ((1 << len) - 1)) return false; /* not the bytes past the string */
        _mm_storeu_si128((__m128i *)d, x);
        return true;
    }
    if ((size_t)(limit - s) >= ((len + 15) & ~(size_t)15)) {
        for (size_t i = 0; i < len; i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
            int mask = escape_mask16(x);
            if (len - i < 16) mask &= (1 << (len - i)) - 1;
            if (mask) return false;
            _mm_storeu_si128((__m128i *)(d + i), x);
        }
        return true;
    }
#endif
    if (has_escape(s, len)) return false;
    copy(d, s, len);
    return true;
}

/* The printer writes through a cursor w kept in a register, with cap the
 * end of out's room: out->len is brought up to date only around calls
 * that append to out themselves (grow, numbers, escaped strings, which
 * hand back the new cursor). */
static pg_noinline char *grow(StringInfo out, char *w, int n) {
    out->len = (int)(w - out->data);
    enlargeStringInfo(out, n);
    return out->data + out->len;
}

#define ROOM(n)                                                                                                        \
    do {                                                                                                               \
        if (unlikely(cap - w <= (ptrdiff_t)(n))) {                                                                     \
            w = grow(out, w, (n));                                                                                     \
            cap = out->data + out->maxlen;                                                                             \
        }                                                                                                              \
    } while (0)

/* The end offset of the index-th child's data before it (getJsonbOffset,
 * inline): every JB_OFFSET_STRIDE-th JEntry holds an offset. */
static inline uint32 offset_before(const JsonbContainer *jc, int index) {
    uint32 off = 0;
    for (int i = index - 1; i >= 0; i--) {
        off += JBE_OFFLENFLD(jc->children[i]);
        if (JBE_HAS_OFF(jc->children[i])) break;
    }
    return off;
}

/* A string as escape_json writes it at w, after head_len bytes of ", "
 * and before tail_len of ": " (each 0 to 2: both copied whole, as room is
 * made for them). Most strings need no escape: copied whole. The new
 * cursor; *cap kept. */
static pg_attribute_always_inline char *put_string(StringInfo out, char *w, char **capp, int head_len, const char *s,
                                                   int len, int tail_len, const char *limit) {
    char *cap = *capp;
    ROOM(len + 2 + 4 + 16);
    memcpy(w, ", ", 2);
    w += head_len;
    if (unlikely(!copy_plain(w + 1, s, (size_t)len, limit))) {
        out->len = (int)(w - out->data);
        put_escaped(out, s, len);
        w = out->data + out->len;
        cap = out->data + out->maxlen;
        ROOM(2);
    } else {
        w[0] = '"';
        w[len + 1] = '"';
        w += len + 2;
    }
    memcpy(w, ": ", 2);
    *capp = cap;
    return w + tail_len;
}

static char *put_container(StringInfo out, char *w, const JsonbContainer *jc, int gap, const char *limit, int depth);

/* A child other than a string, whose data are at base + off: the new
 * cursor; *cap kept. */
static char *put_other(StringInfo out, char *w, char **capp, JEntry e, const char *base, uint32 off, int gap,
                       const char *limit, int depth) {
    char *cap = *capp;
    if (JBE_ISCONTAINER(e)) {
        w = put_container(out, w, (const JsonbContainer *)(base + INTALIGN(off)), gap, limit, depth + 1);
    } else if (JBE_ISNUMERIC(e)) {
        out->len = (int)(w - out->data);
        appendStringInfoString(out, DatumGetCString(DirectFunctionCall1(numeric_out, PointerGetDatum(base + INTALIGN(off)))));
        w = out->data + out->len;
    } else {
        ROOM(5);
        if (JBE_ISBOOL_TRUE(e)) memcpy(w, "true", 4), w += 4;
        else if (JBE_ISBOOL_FALSE(e)) memcpy(w, "false", 5), w += 5;
        else memcpy(w, "null", 4), w += 4;
        return w;
    }
    *capp = out->data + out->maxlen;
    return w;
}

/* gap: 1 to write ", " and ": " as JsonbToCString does, 0 for "," and ":".
 * limit: the end of the datum. depth: the container's, its stack looked
 * at every 16 levels (a frame is small). The new cursor. */
static char *put_container(StringInfo out, char *w, const JsonbContainer *jc, int gap, const char *limit, int depth) {
    if (depth % 16 == 0) check_stack_depth();
    int count = (int)JsonContainerSize(jc);
    bool object = JsonContainerIsObject(jc);
    int children = object ? 2 * count : count;
    const char *base = (const char *)&jc->children[children];
    char *cap = out->data + out->maxlen;
    if (JsonContainerIsScalar(jc)) { /* a raw scalar: its one element, no brackets */
        JEntry e = jc->children[0];
        if (JBE_ISSTRING(e)) return put_string(out, w, &cap, 0, base, (int)getJsonbLength(jc, 0), 0, limit);
        return put_other(out, w, &cap, e, base, 0, gap, limit, depth);
    }
    ROOM(1);
    *w++ = object ? '{' : '[';
    /* An object's keys come first, then its values in the same order: two
     * offsets advance together. A value (an element) is written after its
     * separator from the one before; a key with its colon. */
    uint32 off = 0, voff = object ? offset_before(jc, count) : 0;
    for (int i = 0; i < count; i++) {
        int sep = i ? 1 + gap : 0; /* ", " before all but the first */
        uint32 next = off;
        JBE_ADVANCE_OFFSET(next, jc->children[i]);
        JEntry e = jc->children[i];
        uint32 at = off;
        off = next;
        if (object) {
            w = put_string(out, w, &cap, sep, base + at, (int)(next - at), 1 + gap, limit); /* keys are strings */
            sep = 0;
            next = voff;
            JBE_ADVANCE_OFFSET(next, jc->children[count + i]);
            e = jc->children[count + i];
            at = voff;
            voff = next;
        }
        if (JBE_ISSTRING(e)) {
            w = put_string(out, w, &cap, sep, base + at, (int)(next - at), 0, limit);
        } else {
            ROOM(2);
            memcpy(w, ", ", 2); /* sep of them */
            w += sep;
            w = put_other(out, w, &cap, e, base, at, gap, limit, depth);
        }
    }
    ROOM(1);
    *w++ = object ? '}' : ']';
    return w;
}

void rf_pg_jsonb_text(StringInfo out, const Jsonb *jb, bool spaced) {
    char *w = put_container(out, out->data + out->len, &jb->root, spaced ? 1 : 0, (const char *)jb + VARSIZE(jb), 0);
    out->len = (int)(w - out->data);
    *room(out, 1) = '\0';
}

/* ---- text to jsonb ---------------------------------------------------------- */

/* The library's verdicts are read straight into jsonb's binary form, laid
 * out as jsonb_util.c's convertToJsonb lays out what pushJsonbValue built:
 * each container, once its children are read, is written at the end of an
 * arena (header, JEntries, then the data: an object's keys sorted as jsonb
 * sorts them, then its values in that order; numerics and containers
 * padded to 4 bytes, the padding counted in their length; every
 * JB_OFFSET_STRIDE-th JEntry an offset), and copied into its parent when
 * that is written; the root is written straight into the datum returned.
 * Whatever the reader does not take exactly as jsonb_in would (a repeated
 * key, an escape other than the one-letter ones and \u0001..\u007f, a
 * scalar document, too deep, too long) it declines: jsonb_in then reads
 * the text. The text is the library's, but nothing in it is trusted: any
 * byte the reader does not expect makes it decline, never read or write
 * out of bounds (what it reads past a string, for speed, is inside the
 * text, 32 bytes before its end). */

/* A child of a container being read: for an object its key, and the value. */
typedef struct item {
    const char *key;
    int key_len;
    uint32 type;      /* JENTRY_ISSTRING, _ISNUMERIC, _ISBOOL_TRUE, _ISBOOL_FALSE, _ISNULL, _ISCONTAINER */
    const char *data; /* a string's bytes, a numeric's varlena */
    int len;          /* their length; a container's bytes in the arena */
    int at;           /* where a container starts in the arena */
} item;

typedef struct reader {
    const char *p, *end;
    int depth;
} reader;

enum { MAX_DEPTH = 64 };

/* Kept from one call to the next (in mcxt): the arena and the stack of
 * the children of the containers being read. Numbers and decoded strings
 * go to scratch, reset each call. */
static MemoryContext mcxt, scratch;
static StringInfoData arena;
static Jsonb *result; /* the root's datum */
static uintptr_t text_at, text_blocks; /* where the text starts; the offsets in it from which 32 bytes may be read */
static item *items;
static int item_count, item_cap;
static int *order; /* an object's items in key order, while it is written */
static int order_cap;

static bool read_container(reader *r, bool object, int *at, int *len);

static inline void skip_ws(reader *r) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) r->p++;
}

/* The byte c, after whitespace. The library writes none: it is skipped
 * only when c is not there at once. */
static inline bool eat(reader *r, char c) {
    if (likely(r->p < r->end && *r->p == c)) {
        r->p++;
        return true;
    }
    skip_ws(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return true;
    }
    return false;
}

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes the escapes of the string body s[0..n) into scratch: the
 * one-letter ones and \u0001..\u007f (ASCII, the same bytes in every
 * database encoding); anything else is declined. */
static pg_noinline bool unescape(const char *s, int n, const char **out, int *out_len) {
    char *d = MemoryContextAlloc(scratch, n + STRING_SLACK), *q = d; /* copy may read past it */
    for (int i = 0; i < n; i++) {
        if (s[i] != '\\') {
            *q++ = s[i];
            continue;
        }
        if (++i == n) return false;
        switch (s[i]) {
        case '"': *q++ = '"'; break;
        case '\\': *q++ = '\\'; break;
        case '/': *q++ = '/'; break;
        case 'b': *q++ = '\b'; break;
        case 'f': *q++ = '\f'; break;
        case 'n': *q++ = '\n'; break;
        case 'r': *q++ = '\r'; break;
        case 't': *q++ = '\t'; break;
        case 'u': {
            if (n - i < 5) return false;
            int c = 0;
            for (int k = 1; k <= 4; k++) {
                int h = hex_digit(s[i + k]);
                if (h < 0) return false;
                c = c * 16 + h;
            }
            if (c < 0x01 || c > 0x7f) return false;
            *q++ = (char)c;
            i += 4;
            break;
        }
        default: return false;
        }
    }
    *out = d;
    *out_len = (int)(q - d);
    return true;
}

/* The string whose opening quote was just read. */
static pg_attribute_always_inline bool read_string(reader *r, const char **out, int *out_len) {
    const char *s = r->p;
    bool escaped = false;
#ifdef __SSE2__
    if (likely(r->end - s >= 32)) { /* most strings end within 32 bytes: no loop, no branch on their length */
        uint32 mask = (uint32)escape_mask16(_mm_loadu_si128((const __m128i *)s)) |
                      (uint32)escape_mask16(_mm_loadu_si128((const __m128i *)(s + 16))) << 16;
        if (mask) {
            int n = pg_rightmost_one_pos32(mask);
            if (s[n] == '"') {
                r->p = s + n + 1;
                *out = s;
                *out_len = n;
                return true;
            }
        }
    }
#endif
    for (;;) {
        r->p += plain_run(r->p, (size_t)(r->end - r->p));
        if (r->p >= r->end) return false;
        unsigned char c = (unsigned char)*r->p;
        if (c == '"') break;
        if (c != '\\' || r->end - r->p < 2) return false; /* a control byte, or the text ends */
        escaped = true;
        r->p += 2;
    }
    ptrdiff_t n = r->p - s;
    r->p++;
    if (n > (ptrdiff_t)JENTRY_OFFLENMASK) return false;
    if (escaped) return unescape(s, (int)n, out, out_len);
    *out = s;
    *out_len = (int)n;
    return true;
}

/* A number in JSON's grammar at s (the end of what follows, NULL if
 * none): a whole one of up to 18 digits straight to a
 * numeric, any other through numeric_in (as jsonb_in reads them all). */
static pg_noinline const char *read_number(const char *s, const char *end, item *it) {
    const char *p = s;
    bool negative = p < end && *p == '-';
    if (negative) p++;
    const char *digits = p;
    if (p < end && *p == '0') p++;
    else if (p < end && *p >= '1' && *p <= '9')
        while (p < end && *p >= '0' && *p <= '9') p++;
    else
        return NULL;
    size_t whole = (size_t)(p - digits);
    bool plain = true;
    if (p < end && *p == '.') {
        plain = false;
        if (++p == end || *p < '0' || *p > '9') return NULL;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        plain = false;
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p == end || *p < '0' || *p > '9') return NULL;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    MemoryContext caller = MemoryContextSwitchTo(scratch);
    Numeric n;
    if (plain && whole <= 18) {
        int64 v = 0;
        for (const char *d = digits; d < p; d++) v = v * 10 + (*d - '0');
        n = int64_to_numeric(negative ? -v : v);
    } else {
        n = DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(pnstrdup(s, (Size)(p - s))),
                                                ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
    }
    MemoryContextSwitchTo(caller);
    it->type = JENTRY_ISNUMERIC;
    it->data = (const char *)n;
    it->len = (int)VARSIZE(n);
    return p;
}

static pg_attribute_always_inline bool literal(reader *r, const char *word, int n, uint32 type, item *it) {
    if (r->end - r->p < n || memcmp(r->p, word, n) != 0) return false;
    r->p += n;
    it->type = type;
    return true;
}

/* jsonb's key order: shorter first, then bytewise (lengthCompareJsonbStringValue). */
static inline int key_cmp(const item *a, const item *b) {
    if (a->key_len != b->key_len) return a->key_len < b->key_len ? -1 : 1;
    for (int i = 0; i < a->key_len; i++) /* keys are short: no call to memcmp */
        if (a->key[i] != b->key[i]) return (unsigned char)a->key[i] < (unsigned char)b->key[i] ? -1 : 1;
    return 0;
}

/* order[0..n): the items v[0..n) in jsonb's order. An insertion sort of
 * their indexes, since the library's objects have a dozen keys or so. A
 * repeated key is declined (jsonb_in keeps the last one; the library never
 * writes one). */
static bool sort_items(const item *v, int n, int *order) {
    for (int i = 0; i < n; i++) {
        int j = i;
        while (j > 0) {
            int c = key_cmp(&v[order[j - 1]], &v[i]);
            if (c == 0) return false;
            if (c < 0) break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    return true;
}

/* Whether a[0..n) and b[0..n) are the same bytes: keys are short, compared
 * in two overlapping blocks, words or halves (as copy copies them). */
static inline bool same_bytes(const char *a, const char *b, size_t n) {
#ifdef __SSE2__
    if (n > 32) return memcmp(a, b, n) == 0;
    if (n >= 16) {
        __m128i x = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)a), _mm_loadu_si128((const __m128i *)b));
        __m128i y = _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(a + n - 16)),
                                   _mm_loadu_si128((const __m128i *)(b + n - 16)));
        return _mm_movemask_epi8(_mm_and_si128(x, y)) == 0xffff;
    }
#else
    if (n > 16) return memcmp(a, b, n) == 0;
#endif
    if (n >= 8) {
        uint64 a0, a1, b0, b1;
        memcpy(&a0, a, 8), memcpy(&a1, a + n - 8, 8), memcpy(&b0, b, 8), memcpy(&b1, b + n - 8, 8);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    if (n >= 4) {
        uint32 a0, a1, b0, b1;
        memcpy(&a0, a, 4), memcpy(&a1, a + n - 4, 4), memcpy(&b0, b, 4), memcpy(&b1, b + n - 4, 4);
        return ((a0 ^ b0) | (a1 ^ b1)) == 0;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i]) return false;
    return true;
}

/* The JEntry e of the k-th child, its length (or end) counted into
 * *total, at je[k]: every JB_OFFSET_STRIDE-th holds the end offset. */
static inline void put_jentry(uint32 *je, int k, uint32 e, uint32 *total) {
    *total += JBE_OFFLENFLD(e);
    if (k % JB_OFFSET_STRIDE == 0) e = (e & JENTRY_TYPEMASK) | *total | JENTRY_HAS_OFF;
    je[k] = e;
}

/* Shapes: the key sequences of objects read before. The library writes
 * each kind of object with its keys in one sequence, so once an object's
 * first key is read, the shapes that begin with it (a few, under a hash of
 * that key) say which key comes next: each later key is taken by comparing
 * the text with it, `"key":` at once, and an object whose keys are all a
 * shape's is written with that shape's keys in jsonb's order, their
 * JEntries and their order, all made once. Any other object is read key by
 * key and sorted, and its keys become a shape (replacing the oldest of the
 * bucket). A shape holds no key with a byte JSON escapes, so its keys'
 * text is their bytes between quotes. */
enum { SHAPE_BUCKETS = 32, SHAPE_WAYS = 4, SHAPE_KEYS = 32, SHAPE_KEY_BYTES = 384 };
typedef struct shape {
    int n; /* 0: none yet */
    uint32 tag; /* the hash of its first key */
    int key_bytes;
    int order[SHAPE_KEYS];        /* the keys' indexes in jsonb's order */
    uint16 key_len[SHAPE_KEYS];   /* in the text's order */
    uint16 key_at[SHAPE_KEYS];    /* where each is in keys */
    uint32 jentry[SHAPE_KEYS];    /* the keys' JEntries, in jsonb's order */
    char keys[SHAPE_KEY_BYTES];   /* the keys in the text's order, one after the other */
#ifdef __SSE2__
    uint32 pat_mask[SHAPE_KEYS];  /* the bytes of pat that are the key's text: 0 for a key too long */
    char pat[SHAPE_KEYS][32];     /* each key's text, "key":, in a block */
#endif
    char sorted[SHAPE_KEY_BYTES]; /* and in jsonb's order */
} shape;
typedef struct shape_bucket {
    int next; /* the way to replace next */
    int last; /* the way an object was last read with */
    uint32 tag[SHAPE_WAYS]; /* each way's tag (0 for none), in one cache line with the above */
    shape way[SHAPE_WAYS];
} shape_bucket;
static shape_bucket *shapes; /* SHAPE_BUCKETS of them */

static inline shape_bucket *bucket_of(const char *key, int len, uint32 *tag) {
    uint32 a = 0, b = 0;
    if (len >= 4) {
        memcpy(&a, key, 4);
        memcpy(&b, key + len - 4, 4);
    } else {
        for (int i = 0; i < len; i++) a = a << 8 | (unsigned char)key[i];
    }
    uint32 h = (uint32)len * 0x9E3779B1u ^ a * 0x85EBCA77u ^ b * 0xC2B2AE3Du;
    *tag = h ^ (h >> 15);
    return &shapes[*tag % SHAPE_BUCKETS];
}

/* Whether the text at p (before end) is the k-th key of s, quoted, and its colon. */
static inline bool key_here(const char *p, const char *end, const shape *s, int k) {
#ifdef __SSE2__
    if (likely(end - p >= 32 && s->pat_mask[k])) { /* one compare, whatever the key's length */
        uint32 same = (uint32)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p),
                                                               _mm_loadu_si128((const __m128i *)s->pat[k]))) |
                      (uint32)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + 16)),
                                                               _mm_loadu_si128((const __m128i *)(s->pat[k] + 16))))
                          << 16;
        return (~same & s->pat_mask[k]) == 0;
    }
#endif
    size_t len = s->key_len[k];
    return (size_t)(end - p) >= len + 3 && p[0] == '"' && same_bytes(p + 1, s->keys + s->key_at[k], len) &&
           p[len + 1] == '"' && p[len + 2] == ':';
}

/* Whether the keys of v[0..n) are the first n of s. */
static bool shape_begins(const shape *s, const item *v, int n) {
    if (s->n < n) return false;
    for (int k = 0; k < n; k++)
        if (s->key_len[k] != v[k].key_len || !same_bytes(s->keys + s->key_at[k], v[k].key, (size_t)v[k].key_len))
            return false;
    return true;
}

/* The shape of b whose first key is v[0]'s (tag its hash), the one an
 * object was last read with looked at first. NULL when none. */
static inline const shape *shape_first(const shape_bucket *b, uint32 tag, const item *v) {
    for (int i = 0, w = b->last; i < SHAPE_WAYS; i++, w = (w + 1) % SHAPE_WAYS) {
        if (b->tag[w] != tag) continue;
        const shape *t = &b->way[w];
        if (t->n && t->key_len[0] == v[0].key_len && same_bytes(t->keys, v[0].key, (size_t)v[0].key_len)) return t;
    }
    return NULL;
}

/* Another shape of b than s (whose first key v[0] has) for an object
 * whose keys so far are v[0..k): with p, one whose k-th key is next at
 * p (before end); without, one of exactly those keys. NULL when none. */
static pg_noinline const shape *shape_other(const shape_bucket *b, const shape *s, const item *v, int k,
                                            const char *p, const char *end) {
    for (int w = 0; w < SHAPE_WAYS; w++) {
        if (b->tag[w] != s->tag) continue;
        const shape *t = &b->way[w];
        if (t == s || (p ? t->n <= k : t->n != k) || (p && !key_here(p, end, t, k)) ||
            !shape_begins(t, v, k))
            continue;
        return t;
    }
    return NULL;
}

/* Makes the keys of v[0..n), in jsonb's order order[0..n), a shape of b,
 * when they fit and need no escape. */
static pg_noinline void shape_make(shape_bucket *b, uint32 tag, const item *v, int n, const int *order) {
    if (n < 2 || n > SHAPE_KEYS) return;
    int bytes = 0;
    for (int k = 0; k < n; k++) {
        bytes += v[k].key_len;
        if (bytes > SHAPE_KEY_BYTES || plain_run(v[k].key, (size_t)v[k].key_len) < (size_t)v[k].key_len) return;
    }
    shape *s = &b->way[b->next];
    b->next = (b->next + 1) % SHAPE_WAYS;
    int at = 0;
    for (int k = 0; k < n; k++) {
        s->key_len[k] = (uint16)v[k].key_len;
        s->key_at[k] = (uint16)at;
#ifdef __SSE2__
        int text = v[k].key_len + 3; /* "key": */
        s->pat_mask[k] = text > 32 ? 0 : text == 32 ? ~(uint32)0 : ((uint32)1 << text) - 1;
        memset(s->pat[k], 0, 32);
        if (text <= 32) {
            s->pat[k][0] = '"';
            memcpy(s->pat[k] + 1, v[k].key, v[k].key_len);
            s->pat[k][text - 2] = '"';
            s->pat[k][text - 1] = ':';
        }
#endif
        memcpy(s->keys + at, v[k].key, v[k].key_len);
        at += v[k].key_len;
    }
    uint32 total = 0;
    at = 0;
    for (int k = 0; k < n; k++) {
        const item *it = &v[order[k]];
        s->order[k] = order[k];
        memcpy(s->sorted + at, it->key, it->key_len);
        at += it->key_len;
        put_jentry(s->jentry, k, JENTRY_ISSTRING | (uint32)it->key_len, &total);
    }
    s->key_bytes = at;
    s->tag = tag;
    b->tag[s - b->way] = tag;
    s->n = n;
}

/* Zeros up to the next multiple of 4 from end (room made for 4 more
 * bytes): the new end. */
static inline int pad4(char *data, int end) {
    memset(data + end, 0, 4);
    return INTALIGN(end);
}

/* Writes the container whose children are items[first..first + n) at the
 * end of the arena (root: as the datum result): *at, *len. An object's in the order of ord[]: its
 * keys (sh's, when its keys are a shape's), then its values. need: the bytes of the children's keys and data,
 * 3 more for each padded one. Room for it all is made first, so that it
 * is written through a local pointer. */
static bool write_container(bool object, const shape *sh, const int *ord, int first, int n, size_t need, int *at,
                            int *len, bool root) {
    int children = object ? 2 * n : n;
    need += 3 + 4 + 4 * (size_t)children;
    if (need > JENTRY_OFFLENMASK) return false; /* jsonb_in says what is too long */
    char *data;
    int start;
    if (root) { /* straight into the jsonb datum, in the caller's context */
        result = palloc(VARHDRSZ + need + 4 + STRING_SLACK);
        data = (char *)result;
        start = VARHDRSZ; /* palloc'd: a multiple of 4 from the start, as in the arena */
    } else {
        room(&arena, (int)need + 4 + STRING_SLACK);
        data = arena.data; /* it moves no more while this container is written */
        start = pad4(data, arena.len);
    }
    int end = start + 4 + 4 * children;
    uint32 header = (uint32)n | (object ? JB_FOBJECT : JB_FARRAY);
    memcpy(data + start, &header, 4);
    uint32 *je = (uint32 *)(data + start + 4); /* start is a multiple of 4 in a palloc'd buffer */
    uint32 total = 0;
    int k = 0;
    const item *v = items + first;
    if (sh) {
        memcpy(data + end, sh->sorted, sh->key_bytes);
        memcpy(je, sh->jentry, n * sizeof *je);
        end += sh->key_bytes;
        total = (uint32)sh->key_bytes;
        k = n;
    } else if (object) {
        for (; k < n; k++) {
            const item *it = &v[ord[k]];
            copy(data + end, it->key, (size_t)it->key_len);
            end += it->key_len;
            put_jentry(je, k, JENTRY_ISSTRING | (uint32)it->key_len, &total);
        }
    }
    for (int j = 0; j < n; j++, k++) {
        const item *it = object ? &v[ord[j]] : &v[j];
        uint32 e = it->type;
        if (e == JENTRY_ISSTRING) {
            if ((uintptr_t)it->data - text_at < text_blocks) copy_slack(data + end, it->data, (size_t)it->len);
            else copy(data + end, it->data, (size_t)it->len); /* near the text's end, or unescaped */
            end += it->len;
            e |= (uint32)it->len;
        } else if (e == JENTRY_ISNUMERIC || e == JENTRY_ISCONTAINER) {
            /* Padded to 4 bytes, the padding counted in the length. */
            int from = end;
            end = pad4(data, end);
            memcpy(data + end, e == JENTRY_ISNUMERIC ? it->data : arena.data + it->at, it->len);
            end += it->len;
            e |= (uint32)(end - from);
        }
        put_jentry(je, k, e, &total);
    }
    if (root) SET_VARSIZE(result, end);
    else arena.len = end;
    *at = start;
    *len = end - start;
    return true;
}

static int push_item(void) {
    if (item_count == item_cap) {
        item_cap *= 2;
        items = repalloc(items, item_cap * sizeof *items);
    }
    return item_count++;
}

/* The value at r->p into items[i] (containers are written to the arena). */
static pg_attribute_always_inline bool read_value(reader *r, int i) {
    if (r->p >= r->end) return false;
    if (unlikely((unsigned char)*r->p <= ' ')) { /* blanks (the library writes none), or a control byte */
        skip_ws(r);
        if (r->p >= r->end) return false;
    }
    switch (*r->p) {
    case '{':
    case '[': {
        int at, len;
        reader sub = *r; /* r stays the caller's own, in registers */
        if (!read_container(&sub, *r->p == '{', &at, &len)) return false;
        r->p = sub.p;
        items[i].type = JENTRY_ISCONTAINER;
        items[i].at = at;
        items[i].len = len;
        return true;
    }
    case '"':
        r->p++;
        items[i].type = JENTRY_ISSTRING;
        return read_string(r, &items[i].data, &items[i].len);
    case 't': return literal(r, "true", 4, JENTRY_ISBOOL_TRUE, &items[i]);
    case 'f': return literal(r, "false", 5, JENTRY_ISBOOL_FALSE, &items[i]);
    case 'n': return literal(r, "null", 4, JENTRY_ISNULL, &items[i]);
    default: return (r->p = read_number(r->p, r->end, &items[i])) != NULL;
    }
}

/* The key of items[i], the k-th of its object, and the colon after it:
 * taken whole when it is the one the object's shape so far (*sh, NULL:
 * none) or another of its bucket (*b, found from the first key) has next. */
static pg_attribute_always_inline bool read_key(reader *r, int first, int i, int k, const shape **sh,
                                                shape_bucket **b, uint32 *tag) {
    if (*sh && !((*sh)->n > k && key_here(r->p, r->end, *sh, k))) *sh = shape_other(*b, *sh, &items[first], k, r->p, r->end);
    if (*sh) { /* most keys */
        items[i].key = r->p + 1;
        items[i].key_len = (*sh)->key_len[k];
        r->p += (*sh)->key_len[k] + 3;
        return true;
    }
    if (!eat(r, '"') || !read_string(r, &items[i].key, &items[i].key_len) || !eat(r, ':')) return false;
    if (k == 0) {
        *b = bucket_of(items[i].key, items[i].key_len, tag);
        *sh = shape_first(*b, *tag, &items[first]);
    }
    return true;
}

static bool read_container(reader *caller, bool object, int *at, int *len) {
    reader own = *caller, *r = &own; /* whose address no call takes: in registers */
    if (++r->depth > MAX_DEPTH) return false;
    if (r->depth % 16 == 0) check_stack_depth(); /* a frame is small */
    int first = item_count;
    size_t need = 0;
    char close = object ? '}' : ']';
    const shape *sh = NULL;
    shape_bucket *b = NULL;
    uint32 tag = 0;
    r->p++;
    if (!eat(r, close)) {
        int k = 0;
        do {
            int i = push_item();
            items[i].key_len = 0;
            items[i].len = 0;
            if (object && !read_key(r, first, i, k, &sh, &b, &tag)) return false;
            if (!read_value(r, i)) return false;
            const item *it = &items[i];
            need += (size_t)it->key_len + (size_t)it->len +
                    (it->type == JENTRY_ISNUMERIC || it->type == JENTRY_ISCONTAINER ? 3 : 0);
            k++;
            if (likely(r->p < r->end && *r->p == ',')) { /* the next child, or the end, at once: no blanks */
                r->p++;
                continue;
            }
            if (likely(r->p < r->end && *r->p == close)) {
                r->p++;
                break;
            }
            if (eat(r, ',')) continue;
            if (!eat(r, close)) return false;
            break;
        } while (true);
    }
    int n = item_count - first;
    if (object) {
        if (n > order_cap) {
            order_cap = Max(n, 2 * order_cap);
            order = repalloc(order, order_cap * sizeof *order);
        }
        if (sh && sh->n != n) sh = n < 2 ? NULL : shape_other(b, sh, &items[first], n, NULL, NULL); /* one key: no order */
        if (sh) {
            b->last = (int)(sh - b->way);
        } else {
            if (!sort_items(&items[first], n, order)) return false;
            if (b) shape_make(b, tag, &items[first], n, order);
        }
    }
    if (!write_container(object, sh, sh ? sh->order : order, first, n, need, at, len, r->depth == 1)) return false;
    item_count = first;
    caller->p = r->p;
    return true;
}

/* The arena and the stacks, small (again). */
static void buffers_new(void) {
    MemoryContext old = MemoryContextSwitchTo(mcxt);
    initStringInfo(&arena);
    item_cap = 64;
    items = palloc(item_cap * sizeof *items);
    order_cap = 32;
    order = palloc(order_cap * sizeof *order);
    shapes = palloc0(SHAPE_BUCKETS * sizeof *shapes);
    MemoryContextSwitchTo(old);
}

Datum rf_pg_jsonb_in(const char *json, size_t len) {
    if (!mcxt) {
        mcxt = AllocSetContextCreate(TopMemoryContext, "refund jsonb reader", ALLOCSET_DEFAULT_SIZES);
        scratch = AllocSetContextCreate(TopMemoryContext, "refund jsonb reader scratch", ALLOCSET_DEFAULT_SIZES);
        buffers_new();
    }
    MemoryContextReset(scratch);
    resetStringInfo(&arena);
    item_count = 0;
    result = NULL;
    text_at = (uintptr_t)json;
    text_blocks = len >= 32 ? len - 31 : 0;
    reader r = {json, json + len, 0};
    int at = 0, root_len = 0;
    skip_ws(&r);
    /* A scalar document would be a raw scalar in jsonb: jsonb_in's. */
    bool ok = r.p < r.end && (*r.p == '{' || *r.p == '[') && read_container(&r, *r.p == '{', &at, &root_len);
    skip_ws(&r);
    Datum out;
    if (ok && r.p == r.end) {
        out = JsonbPGetDatum(result);
    } else {
        if (ok) pfree(result);
        out = DirectFunctionCall1(jsonb_in, CStringGetDatum(pnstrdup(json, len)));
    }
    /* One huge verdict: its room is not kept for the next. */
    if (arena.maxlen > 1024 * 1024 || item_cap > 16384) {
        MemoryContextReset(mcxt);
        buffers_new();
    }
    return out;
}
