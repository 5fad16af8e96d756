/*
 * The schema-directed reader: a case document (FORMAT.md section 1) read
 * straight from its bytes into the rf_case, with no JSON tree and no
 * allocation per value.
 *
 * It reads only what it can be sure of, and declines everything else: then
 * rf_case_parse runs the tree loader of lib/case.c, which produces every
 * error exactly as it always did. The contract is one-sided and strict:
 * whatever this reader accepts, the tree loader accepts too, producing the
 * same case field for field (event positions included). Declining is always
 * safe; accepting too much never is. It declines on any backslash escape
 * (strings with one are read by the tree loader, which decodes them), on
 * any key that is unknown, repeated or out of place, on a value of the
 * wrong type or out of range, on a missing field, on an event whose fields
 * do not fit its type, on a number other than the `days` values, on a byte
 * order mark, NUL and control bytes, malformed UTF-8, trailing bytes, and
 * on documents above the JSON reader's size limit.
 *
 * What it accepts is the common shape, fast: whitespace wherever JSON
 * allows it (line and column are counted the way lib/json.c counts them),
 * keys in any order, strings of plain ASCII scanned eight bytes at a time,
 * UTF-8 validated by the same rules as lib/json.c (lib/utf8.h), money and
 * times parsed by the same functions the tree loader uses, on the raw bytes
 * (which are the decoded text when there is no escape).
 */
#include "case_read.h"
#include "json.h"
#include "schema.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

/* ---- the reader ------------------------------------------------------------------ */

typedef struct reader {
    const unsigned char *p;          /* the next byte */
    const unsigned char *end;
    const unsigned char *line_start; /* the first byte of the current line */
    size_t line;                     /* 1-based */
    rf_case *c;
} reader;

/* Whitespace as RFC 8259 and lib/json.c skip_whitespace have it: space, tab,
 * LF, CR; CRLF and a lone CR each end one line, like LF. */
static void skip_ws_slow(reader *r) {
    const unsigned char *p = r->p, *end = r->end;
    while (p < end) {
        unsigned char b = *p;
        if (b == ' ' || b == '\t') {
            p++;
        } else if (b == '\n' || b == '\r') {
            p++;
            if (b == '\r' && p < end && *p == '\n') p++;
            r->line++;
            r->line_start = p;
        } else {
            break;
        }
    }
    r->p = p;
}

/* NDJSON lines carry no whitespace at all: one comparison decides. */
static inline void skip_ws(reader *r) {
    if (r->p < r->end && *r->p <= ' ') skip_ws_slow(r);
}

/* Consumes byte b after optional whitespace. */
static inline bool eat(reader *r, unsigned char b) {
    skip_ws(r);
    if (r->p < r->end && *r->p == b) {
        r->p++;
        return true;
    }
    return false;
}

/* Whether a[0..n) equals b[0..n), for the short literals of the format.
 * Written out (rather than memcmp) so that, n being a constant, it becomes
 * a few word comparisons inline instead of a call. */
static inline bool same_bytes(const unsigned char *a, const char *b, size_t n) {
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
static inline bool take(reader *r, const char *lit, size_t n) {
    if ((size_t)(r->end - r->p) < n || !same_bytes(r->p, lit, n)) return false;
    r->p += n;
    return true;
}

#define TAKE(r, lit) take((r), (lit), sizeof(lit) - 1)

/* ---- scanning strings ---------------------------------------------------------------- */

/* Eight bytes at a time (SWAR). A byte of the word is flagged when it is a
 * quote, a backslash, below 0x20 or 0x80 and above. The subtraction tricks
 * may also flag a byte above (more significant than) a flagged one, never
 * miss one, so the least significant flag is always a real one. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGH UINT64_C(0x8080808080808080)

static inline uint64_t zero_bytes(uint64_t v) { return (v - ONES) & ~v & HIGH; }

static inline uint64_t special_bytes(uint64_t w) {
    return (zero_bytes(w ^ (ONES * '"')) | zero_bytes(w ^ (ONES * '\\')) |
            ((w - ONES * 0x20) & ~w) | w) & HIGH;
}

/* Whether the least significant flagged byte can be found from the mask
 * directly; otherwise the word is walked byte by byte. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_LITTLE_ENDIAN 1
#else
#define SWAR_LITTLE_ENDIAN 0
#endif

/* Reads a free-text string (an id, a tracking number, a note) whose opening
 * quote is consumed: the bytes up to the closing quote, which must be plain
 * text and valid UTF-8 with no escape. Leaves r->p past the closing quote. */
static bool scan_text(reader *r, const unsigned char **text, size_t *len) {
    const unsigned char *start = r->p, *p = start, *end = r->end;
    for (;;) {
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            uint64_t flags = special_bytes(w);
            if (!flags) {
                p += 8;
                continue;
            }
#if SWAR_LITTLE_ENDIAN
            p += (unsigned)__builtin_ctzll(flags) >> 3;
#else
            while (*p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80) p++;
#endif
            break;
        }
        if (p >= end) return false;
        unsigned char b = *p;
        if (b == '"') break;
        if (b == '\\' || b < 0x20) return false; /* an escape (the tree decodes it), or a control byte */
        if (b < 0x80) {
            p++; /* the last few bytes, one at a time */
            continue;
        }
        size_t seq = 0;
        if (rf__utf8_check(p, (size_t)(end - p), &seq) != RF_UTF8_OK) return false;
        p += seq;
    }
    *text = start;
    *len = (size_t)(p - start);
    r->p = p + 1;
    return true;
}

/* Reads the string of an amount whose opening quote is consumed: the bytes
 * up to the next quote, unchecked. rf_money_parse takes only digits and a
 * point, so whatever it accepts was the whole string and had no escape. */
static bool scan_amount(reader *r, const unsigned char **text, size_t *len) {
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

/* Object keys are matched with their closing quote right where they start
 * (every key of the format is short plain ASCII), after a switch on their
 * first byte; a key that matches none of them, or that holds an escape or
 * any other byte, leaves the reader declining. KEY(r, "name") consumes
 * `name"` or nothing: no key is a prefix of another with its quote, so one
 * match is final, and the colon is checked after it. */
#define KEY(r, lit) TAKE(r, lit "\"")

/* Consumes the opening quote of a key, after optional whitespace; then
 * whether a byte follows to switch on. */
static inline bool key_start(reader *r) {
    return eat(r, '"') && r->p < r->end;
}

/* ---- typed values ------------------------------------------------------------------------- */

/* A string field: 1 to RF_MAX_STRING bytes (the tree loader refuses an
 * empty or longer one), copied into the case. */
static bool read_text(reader *r, const char **out) {
    const unsigned char *s;
    size_t n;
    if (!eat(r, '"') || !scan_text(r, &s, &n) || n == 0 || n > RF_MAX_STRING) return false;
    *out = rf__case_store(r->c, (const char *)s, n);
    return *out != NULL;
}

static bool read_money(reader *r, rf_fen *out) {
    const unsigned char *s;
    size_t n;
    return eat(r, '"') && scan_amount(r, &s, &n) && rf_money_parse((const char *)s, n, out) == RF_OK;
}

/* rf_time_parse takes 20 bytes ("...Z") or 25 ("...+08:00"), each a digit
 * or a separator, so the closing quote is looked for at those two places
 * only: a span it accepts holds no quote or backslash, and is the whole
 * string. A quote at 20 ends the string there (or follows a backslash, and
 * the parse fails), so it is looked at first. */
static bool read_time(reader *r, rf_time *out) {
    if (!eat(r, '"')) return false;
    const unsigned char *s = r->p;
    size_t left = (size_t)(r->end - s), n;
    if (left > 20 && s[20] == '"') n = 20;
    else if (left > 25 && s[25] == '"') n = 25;
    else return false;
    if (rf_time_parse((const char *)s, n, out) != RF_OK) return false;
    r->p = s + n + 1;
    return true;
}

static bool read_bool(reader *r, bool *out) {
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

static bool read_null(reader *r) {
    skip_ws(r);
    return TAKE(r, "null");
}

/* `days`: the JSON numbers 3, 5, 7 and 10 written just so (the tree loader
 * compares the number's text: 3.0, 1e1 or 05 are refused). */
static bool read_days(reader *r, int *out) {
    skip_ws(r);
    const unsigned char *p = r->p, *start = p;
    while (p < r->end && *p >= '0' && *p <= '9') p++;
    size_t n = (size_t)(p - start);
    if (n == 1 && (*start == '3' || *start == '5' || *start == '7')) *out = *start - '0';
    else if (n == 2 && start[0] == '1' && start[1] == '0') *out = 10;
    else return false;
    r->p = p;
    return true;
}

/* ---- enumerations ------------------------------------------------------------------------- */

/* A lookup per enumeration, generated from include/refund.h's lists: each
 * name with its closing quote is compared with the bytes that come next, as
 * constants the compiler inlines (no scan for the end of the string first;
 * a name holds no quote, so the first match is the whole string). Each
 * consumes the name and its quote and returns the enum value, or returns
 * -1 and consumes nothing. */
#define TRY_(e, n, z) if (TAKE(r, n "\"")) return (int)(e);
#define LOOKUP_FN(fn, list)                                              \
    static int fn(reader *r) {                                           \
        list(TRY_)                                                       \
        return -1;                                                       \
    }
LOOKUP_FN(channel_of, RF_CHANNEL_LIST)
LOOKUP_FN(insurance_of, RF_INSURANCE_LIST)
LOOKUP_FN(exempt_of, RF_EXEMPT_LIST)
LOOKUP_FN(delivery_of, RF_DELIVERY_LIST)
LOOKUP_FN(actor_of, RF_ACTOR_LIST)
LOOKUP_FN(kind_of, RF_KIND_LIST)
LOOKUP_FN(reason_of, RF_REASON_LIST)
LOOKUP_FN(goods_of, RF_GOODS_LIST)
LOOKUP_FN(party_of, RF_PARTY_LIST)
LOOKUP_FN(rating_of, RF_RATING_LIST)
LOOKUP_FN(evidence_of, RF_EVIDENCE_LIST)
LOOKUP_FN(complaint_of, RF_COMPLAINT_LIST)
LOOKUP_FN(event_of, RF_EVENT_LIST)
#undef LOOKUP_FN
#undef TRY_

/* Reads an enumeration string with lookup fn into *out, or declines. */
static inline bool read_enum(reader *r, int (*fn)(reader *), int *out) {
    return eat(r, '"') && (*out = fn(r)) >= 0;
}

/* One member of an object: when the key lit comes next, its bit is noted
 * and the value read with expr (after the colon). Used inside the switch on
 * a key's first byte; a key that matches no FIELD leaves bit at 0. */
#define FIELD(lit, bit_, expr)                                                \
    if (KEY(r, lit)) {                                                        \
        bit = (bit_);                                                         \
        ok = eat(r, ':') && (expr);                                           \
        break;                                                                \
    }

/* An enumeration member: the lookup into the int v, then into its field of
 * enum type T. */
#define ENUM(fn, T, dst) (read_enum(r, fn, &v) && ((dst) = (T)v, true))

/* ---- the order ------------------------------------------------------------------------------ */

enum {
    O_ID = 1u << 0, O_CHANNEL = 1u << 1, O_ITEM_AMOUNT = 1u << 2, O_SHIPPING_FEE = 1u << 3,
    O_FREE_SHIPPING = 1u << 4, O_SELLER_SHIPPING_COST = 1u << 5, O_INSURANCE = 1u << 6,
    O_INVOICE_ISSUED = 1u << 7, O_SEVEN_DAY_RETURN = 1u << 8, O_SHIP_EXEMPT = 1u << 9,
    O_DELIVERY = 1u << 10
};

/* ship_exempt: null, or a name other than "null" (the tree loader refuses
 * the string "null": null is written as JSON null). */
static bool read_exempt(reader *r, rf_exempt *out) {
    int v;
    skip_ws(r);
    if (r->p < r->end && *r->p == 'n') {
        *out = RF_EXEMPT_NONE;
        return read_null(r);
    }
    if (!read_enum(r, exempt_of, &v) || v == RF_EXEMPT_NONE) return false;
    *out = (rf_exempt)v;
    return true;
}

static bool read_order(reader *r) {
    rf_order *o = &r->c->order;
    unsigned seen = 0;
    if (!eat(r, '{')) return false;
    /* The defaults of the schema (docs/file-format.md). */
    o->size = sizeof *o;
    o->insurance = RF_INSURANCE_NONE;
    o->ship_exempt = RF_EXEMPT_NONE;
    o->delivery = RF_DELIVERY_EXPRESS;
    o->seven_day_return = true;
    do {
        unsigned bit = 0;
        bool ok = false;
        int v;
        if (!key_start(r)) return false;
        switch (*r->p) {
        case 'i':
            FIELD("id", O_ID, read_text(r, &o->id))
            FIELD("item_amount", O_ITEM_AMOUNT, read_money(r, &o->item_amount))
            FIELD("invoice_issued", O_INVOICE_ISSUED, read_bool(r, &o->invoice_issued))
            break;
        case 'c':
            FIELD("channel", O_CHANNEL, ENUM(channel_of, rf_channel, o->channel))
            break;
        case 's':
            FIELD("shipping_fee", O_SHIPPING_FEE, read_money(r, &o->shipping_fee))
            FIELD("seller_shipping_cost", O_SELLER_SHIPPING_COST, read_money(r, &o->seller_shipping_cost))
            FIELD("shipping_insurance", O_INSURANCE, ENUM(insurance_of, rf_insurance, o->insurance))
            FIELD("seven_day_return", O_SEVEN_DAY_RETURN, read_bool(r, &o->seven_day_return))
            FIELD("ship_exempt", O_SHIP_EXEMPT, read_exempt(r, &o->ship_exempt))
            break;
        case 'f':
            FIELD("free_shipping", O_FREE_SHIPPING, read_bool(r, &o->free_shipping))
            break;
        case 'd':
            FIELD("delivery", O_DELIVERY, ENUM(delivery_of, rf_delivery, o->delivery))
            break;
        }
        /* An unknown key (bit 0), a bad value, or a key seen before. */
        if (!ok || (seen & bit)) return false;
        seen |= bit;
    } while (eat(r, ','));
    if (!eat(r, '}')) return false;
    return (seen & (O_ID | O_CHANNEL | O_ITEM_AMOUNT)) == (O_ID | O_CHANNEL | O_ITEM_AMOUNT);
}

/* ---- events -------------------------------------------------------------------------------- */

/* The keys every event has, as bits above the RF_HAS_* bits of the optional
 * fields: one mask finds repeated keys and, at the end, what is missing. */
enum {
    E_ID = 1u << 16, E_AT = 1u << 17, E_ACTOR = 1u << 18, E_TYPE = 1u << 19,
    E_OPTIONAL = (RF_HAS_COMPLAINT << 1) - 1 /* RF_HAS_KIND .. RF_HAS_COMPLAINT */
};
_Static_assert(E_OPTIONAL < E_ID, "the optional fields' bits must stay below the keys every event has");

/* The type of an event; refund_succeeded is the engine's own, refused in a
 * file. */
static bool read_type(reader *r, rf_event_type *out) {
    int v;
    if (!read_enum(r, event_of, &v) || v == RF_EV_REFUND_SUCCEEDED) return false;
    *out = (rf_event_type)v;
    return true;
}

/* Zeroes an event, in two halves: GCC's generic tuning compiles a memset of
 * the whole struct (120 bytes on LP64) into `rep stos`, whose start-up cost
 * was a tenth of the reader's time; halves become a few vector stores. */
static inline void zero_event(rf_event *ev) {
    size_t half = sizeof *ev / 2;
    memset(ev, 0, half);
    memset((char *)ev + half, 0, sizeof *ev - half);
}

/* Reads the members of an event object whose '{' is consumed. Every field
 * is read whatever the type; the shape is checked at the end, against the
 * table the tree loader checks (it reads `type` first to refuse a field
 * the moment it sees it, which only matters for its error). */
static bool read_event(reader *r, rf_event *ev) {
    unsigned seen = 0;
    do {
        unsigned bit = 0;
        bool ok = false;
        int v;
        if (!key_start(r)) return false;
        switch (*r->p) {
        case 'i':
            FIELD("id", E_ID, read_text(r, &ev->id))
            FIELD("invoice_returned", RF_HAS_INVOICE_RETURNED, read_bool(r, &ev->invoice_returned))
            break;
        case 'a':
            FIELD("at", E_AT, read_time(r, &ev->at))
            FIELD("actor", E_ACTOR, ENUM(actor_of, rf_actor, ev->actor))
            FIELD("amount", RF_HAS_AMOUNT, read_money(r, &ev->amount))
            break;
        case 't':
            FIELD("type", E_TYPE, read_type(r, &ev->type))
            FIELD("tracking", RF_HAS_TRACKING, read_text(r, &ev->tracking))
            break;
        case 'k':
            FIELD("kind", RF_HAS_KIND, ENUM(kind_of, rf_kind, ev->kind))
            break;
        case 'r':
            FIELD("reason", RF_HAS_REASON, ENUM(reason_of, rf_reason, ev->reason))
            FIELD("rating", RF_HAS_RATING, ENUM(rating_of, rf_rating, ev->rating))
            break;
        case 'g':
            FIELD("goods", RF_HAS_GOODS, ENUM(goods_of, rf_goods, ev->goods))
            break;
        case 'n':
            FIELD("note", RF_HAS_NOTE, read_text(r, &ev->note))
            break;
        case 'p':
            FIELD("postage", RF_HAS_POSTAGE, read_money(r, &ev->postage))
            break;
        case 'd':
            FIELD("days", RF_HAS_DAYS, read_days(r, &ev->days))
            break;
        case 'e':
            FIELD("evidence", RF_HAS_EVIDENCE, ENUM(evidence_of, rf_evidence, ev->evidence))
            break;
        case 'f':
            FIELD("for", RF_HAS_FOR, ENUM(party_of, rf_party, ev->ruling_for))
            break;
        case 'c':
            FIELD("complaint", RF_HAS_COMPLAINT, ENUM(complaint_of, rf_complaint_type, ev->complaint))
            break;
        }
        /* An unknown key (bit 0), a bad value, or a key seen before. */
        if (!ok || (seen & bit)) return false;
        seen |= bit;
    } while (eat(r, ','));
    if (!eat(r, '}')) return false;
    if ((seen & (E_ID | E_AT | E_ACTOR | E_TYPE)) != (E_ID | E_AT | E_ACTOR | E_TYPE)) return false;
    unsigned has = seen & E_OPTIONAL;
    const rf__event_shape *shape = &rf__case_shapes[ev->type];
    if ((has & ~shape->allowed) || (shape->required & ~has)) return false;
    ev->has = has;
    return true;
}

static bool read_events(reader *r) {
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
        if (c->count >= RF_MAX_EVENTS || !rf__case_grow(c)) return false;
        rf_event *ev = &c->events[c->count];
        zero_event(ev);
        ev->size = sizeof *ev;
        ev->line = line;
        ev->column = column;
        if (!read_event(r, ev)) return false;
        c->count++;
    } while (eat(r, ','));
    return eat(r, ']');
}

/* ---- the document ------------------------------------------------------------------------------ */

enum { T_SCHEMA = 1u << 0, T_ORDER = 1u << 1, T_EVENTS = 1u << 2 };

bool rf__case_read_fast(rf_case *c, const char *json, size_t len) {
    /* Past the size limit the JSON reader refuses the document outright. */
    if (!json || len > RF_JSON_DEFAULT_MAX_SIZE) return false;
    reader r = {
        .p = (const unsigned char *)json,
        .end = (const unsigned char *)json + len,
        .line_start = (const unsigned char *)json,
        .line = 1,
        .c = c,
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
        if (!bit || !eat(&r, ':') || (seen & bit)) return false;
        seen |= bit;
        bool ok;
        if (bit == T_SCHEMA) {
            skip_ws(&r);
            ok = TAKE(&r, "\"refund-case/1\"");
        } else if (bit == T_ORDER) {
            ok = read_order(&r);
        } else {
            ok = read_events(&r);
        }
        if (!ok) return false;
    } while (eat(&r, ','));
    if (!eat(&r, '}')) return false;
    skip_ws(&r);
    return r.p == r.end && seen == (T_SCHEMA | T_ORDER | T_EVENTS);
}
