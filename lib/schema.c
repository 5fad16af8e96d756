/*
 * The rows of lib/schema.h as data: the field tables the tree loader, the
 * checks of values built in code and the writer walk, the order's defaults,
 * and the shape of each event type. All of it is generated from the two
 * X-macro lists; nothing here names a field.
 */
#include "schema.h"

#include <stddef.h>

/* ---- every row checked against its struct member ------------------------------------ */

/* The C type each TYPE is stored as. An enumeration is an int-sized enum
 * (no _Generic can name every enum type, so its size is checked). */
#define TYPE_OK_TEXT(x) _Generic((x), const char *: 1, default: 0)
#define TYPE_OK_MONEY(x) _Generic((x), int64_t: 1, default: 0)
#define TYPE_OK_TIME(x) _Generic((x), int64_t: 1, default: 0)
#define TYPE_OK_BOOL(x) _Generic((x), bool: 1, default: 0)
#define TYPE_OK_ENUM(x) (sizeof(x) == sizeof(int) && _Generic((x), const char *: 0, int64_t: 0, bool: 0, int: 0, default: 1))
#define TYPE_OK_ENUM_OR_NULL(x) TYPE_OK_ENUM(x)
#define TYPE_OK_CHOICE(x) _Generic((x), int: 1, default: 0)

/* An order has no has-bits: the writer writes every order field, so a text
 * one must always hold a string, and be required. */
#define TEXT_REQUIRED_TEXT(req) (req)
#define TEXT_REQUIRED_MONEY(req) 1
#define TEXT_REQUIRED_TIME(req) 1
#define TEXT_REQUIRED_BOOL(req) 1
#define TEXT_REQUIRED_ENUM(req) 1
#define TEXT_REQUIRED_ENUM_OR_NULL(req) 1
#define TEXT_REQUIRED_CHOICE(req) 1

#define ORDER_CHECK_(m, k, T, E, R, REQ, DEF)                                                 \
    _Static_assert(TYPE_OK_##T(((rf_order *)0)->m), "rf_order." #m " is not stored as a " #T); \
    _Static_assert(TEXT_REQUIRED_##T(REQ), "rf_order." #m ": an order's TEXT field must be REQUIRED"); \
    _Static_assert(sizeof(k) > 1, "an empty key");
RF_SCHEMA_ORDER(ORDER_CHECK_)
#undef ORDER_CHECK_

/* Each has-bit a single bit, and every type that requires a field allows it. */
#define EVENT_CHECK_(_, m, k, T, E, R, BIT, A, Q)                                                 \
    _Static_assert(TYPE_OK_##T(((rf_event *)0)->m), "rf_event." #m " is not stored as a " #T);     \
    _Static_assert(((BIT) & ((BIT) - 1u)) == 0, "rf_event." #m ": BIT must be one bit (or 0)");    \
    _Static_assert(((Q) & ~(A)) == 0, "rf_event." #m ": a type requires it but does not allow it");
RF_SCHEMA_EVENT(EVENT_CHECK_, _)
#undef EVENT_CHECK_

/* No two rows share a has-bit: their sum is their union. */
#define BIT_SUM_(_, m, k, T, E, R, BIT, A, Q) +(uint64_t)(BIT)
#define BIT_OR_(_, m, k, T, E, R, BIT, A, Q) | (unsigned)(BIT)
_Static_assert((0 RF_SCHEMA_EVENT(BIT_SUM_, _)) == (0u RF_SCHEMA_EVENT(BIT_OR_, _)),
               "two event rows share a has-bit");

const unsigned rf__event_optional_bits = 0u RF_SCHEMA_EVENT(BIT_OR_, _);
#undef BIT_SUM_
#undef BIT_OR_

/* ---- the tables ------------------------------------------------------------------------ */

/* The enumeration of a row: only ENUM and ENUM_OR_NULL name one. */
#define ENUM_OF_TEXT(E) RF_ENUM_COUNT
#define ENUM_OF_MONEY(E) RF_ENUM_COUNT
#define ENUM_OF_TIME(E) RF_ENUM_COUNT
#define ENUM_OF_BOOL(E) RF_ENUM_COUNT
#define ENUM_OF_CHOICE(E) RF_ENUM_COUNT
#define ENUM_OF_ENUM(E) RF_ENUM_##E
#define ENUM_OF_ENUM_OR_NULL(E) RF_ENUM_##E

#define ORDER_ROW_(m, k, T, E, R, REQ, DEF)                                                     \
    [RF__ORDER_##m] = {k, sizeof(k) - 1, RF__FT_##T, ENUM_OF_##T(E), (uint64_t)(R),            \
                       offsetof(rf_order, m), 0u, 0u, (uint64_t)(REQ)},
const rf__field rf__order_fields[RF__ORDER_FIELD_COUNT] = {RF_SCHEMA_ORDER(ORDER_ROW_)};
#undef ORDER_ROW_

#define EVENT_ROW_(_, m, k, T, E, R, BIT, A, Q)                                                 \
    [RF__EVENT_##m] = {k, sizeof(k) - 1, RF__FT_##T, ENUM_OF_##T(E), (uint64_t)(R),            \
                       offsetof(rf_event, m), (unsigned)(BIT), (uint64_t)(A), (uint64_t)(Q)},
const rf__field rf__event_fields[RF__EVENT_FIELD_COUNT] = {RF_SCHEMA_EVENT(EVENT_ROW_, _)};
#undef EVENT_ROW_

#define ORDER_DEFAULT_(m, k, T, E, R, REQ, DEF) .m = DEF,
const rf_order rf__order_defaults = {.size = sizeof(rf_order), RF_SCHEMA_ORDER(ORDER_DEFAULT_)};
#undef ORDER_DEFAULT_

/* For each event type, the bits of the rows whose ALLOWED (REQUIRED) set
 * holds it: the list expanded once per type, the type passed as context. */
#define ALLOWED_IN_(t, m, k, T, E, R, BIT, A, Q) | (((A) >> (t) & 1u) ? (unsigned)(BIT) : 0u)
#define REQUIRED_IN_(t, m, k, T, E, R, BIT, A, Q) | (((Q) >> (t) & 1u) ? (unsigned)(BIT) : 0u)
#define SHAPE_(e, n, machine) [e] = {0u RF_SCHEMA_EVENT(ALLOWED_IN_, e), 0u RF_SCHEMA_EVENT(REQUIRED_IN_, e)},
const rf__event_shape rf__case_shapes[RF_EV_COUNT] = {RF_EVENT_LIST(SHAPE_)};
#undef SHAPE_
#undef ALLOWED_IN_
#undef REQUIRED_IN_

/* ---- lookups ------------------------------------------------------------------------------ */

const rf__field *rf__field_find(const rf__field *fields, size_t n, const char *key, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (fields[i].key_len == len && memcmp(fields[i].key, key, len) == 0) return &fields[i];
    return NULL;
}

const rf__field *rf__event_field_of_bit(unsigned bit) {
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++)
        if (bit && rf__event_fields[i].bit == bit) return &rf__event_fields[i];
    return NULL;
}

/* ---- values built in code ------------------------------------------------------------------ */

/* Whether the value of row f in base is one a file could give. */
static bool value_ok(const void *base, const rf__field *f) {
    switch (f->type) {
    case RF__FT_TEXT: {
        const char *s = rf__field_text(base, f);
        return s && s[0] && strlen(s) <= RF_MAX_STRING;
    }
    case RF__FT_MONEY: {
        int64_t v = rf__field_i64(base, f);
        return v >= 0 && v <= RF_FEN_MAX;
    }
    case RF__FT_TIME: {
        int64_t v = rf__field_i64(base, f);
        return v >= RF_TIME_MIN && v <= RF_TIME_MAX;
    }
    case RF__FT_BOOL:
        return true;
    case RF__FT_ENUM:
    case RF__FT_ENUM_OR_NULL:
    case RF__FT_CHOICE:
        return rf__field_int_ok(f, rf__field_int(base, f));
    }
    return false;
}

const char *rf__order_problem(const rf_order *o) {
    for (size_t i = 0; i < RF__ORDER_FIELD_COUNT; i++) {
        const rf__field *f = &rf__order_fields[i];
        /* rf_case_new has always taken a NULL or empty id (and stores ""). */
        if (i == RF__ORDER_id && (!o->id || !o->id[0])) continue;
        if (!value_ok(o, f)) return f->key;
    }
    return NULL;
}

/* The lowest bit of a set. */
static unsigned lowest(unsigned bits) { return bits & (~bits + 1u); }

const char *rf__event_problem(const rf_event *ev) {
    const rf__event_shape *shape = &rf__case_shapes[ev->type];
    unsigned extra = ev->has & ~shape->allowed, missing = shape->required & ~ev->has;
    /* The keys every event has first (id, type and actor are checked by the
     * caller, with messages of their own), then the shape, then each value. */
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++) {
        const rf__field *f = &rf__event_fields[i];
        if (!f->bit && !value_ok(ev, f)) return f->key;
    }
    if (extra) {
        const rf__field *f = rf__event_field_of_bit(lowest(extra));
        return f ? f->key : "has";
    }
    if (missing) return rf__event_field_of_bit(lowest(missing))->key;
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++) {
        const rf__field *f = &rf__event_fields[i];
        if ((ev->has & f->bit) && !value_ok(ev, f)) return f->key;
    }
    return NULL;
}
