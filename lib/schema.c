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
#define TYPE_OK_TEXT_OR_NULL(x) TYPE_OK_TEXT(x)
#define TYPE_OK_CHOICE_OR_NULL(x) TYPE_OK_CHOICE(x)
#define TYPE_OK_SET(x) _Generic((x), uint64_t: 1, default: 0)
#define TYPE_OK_LIST(x) _Generic((x), rf_import_refunds: 1, default: 0)

/* An order has no has-bits: the writer writes every order field, so a text
 * one must always hold a string, and be required. */
#define TEXT_REQUIRED_TEXT(req) (req)
#define TEXT_REQUIRED_MONEY(req) 1
#define TEXT_REQUIRED_TIME(req) 1
#define TEXT_REQUIRED_BOOL(req) 1
#define TEXT_REQUIRED_ENUM(req) 1
#define TEXT_REQUIRED_ENUM_OR_NULL(req) 1
#define TEXT_REQUIRED_CHOICE(req) 1
#define TEXT_REQUIRED_TEXT_OR_NULL(req) 1
#define TEXT_REQUIRED_CHOICE_OR_NULL(req) 1
#define TEXT_REQUIRED_SET(req) 1
#define TEXT_REQUIRED_LIST(req) 1

#define ORDER_CHECK_(m, k, T, E, R, REQ, DEF)                                                 \
    _Static_assert(TYPE_OK_##T(((rf_order *)0)->m), "rf_order." #m " is not stored as a " #T); \
    _Static_assert(TEXT_REQUIRED_##T(REQ), "rf_order." #m ": an order's TEXT field must be REQUIRED"); \
    _Static_assert(sizeof(k) > 1, "an empty key");
RF_SCHEMA_ORDER(ORDER_CHECK_)
#undef ORDER_CHECK_

#define IMPORT_CHECK_(m, k, T, E, R, REQ, DEF)                                                        \
    _Static_assert(TYPE_OK_##T(((rf_case_import *)0)->m), "rf_case_import." #m " is not stored as a " #T); \
    _Static_assert(TEXT_REQUIRED_##T(REQ), "rf_case_import." #m ": a TEXT field must be REQUIRED");
RF_SCHEMA_IMPORT(IMPORT_CHECK_)
#undef IMPORT_CHECK_
#define REFUND_CHECK_(m, k, T, E, R, REQ, DEF)                                                        \
    _Static_assert(TYPE_OK_##T(((rf_import_refund *)0)->m), "rf_import_refund." #m " is not stored as a " #T); \
    _Static_assert(TEXT_REQUIRED_##T(REQ), "rf_import_refund." #m ": a TEXT field must be REQUIRED");
RF_SCHEMA_IMPORT_REFUND(REFUND_CHECK_)
#undef REFUND_CHECK_

/* The one LIST of the format is the import object's refunds: a case keeps
 * its elements in an array of its own (lib/case_store.c). */
#define IS_LIST_(m, k, T, E, R, REQ, DEF) +(RF__FT_##T == RF__FT_LIST)
#define IS_LIST_EV_(_, m, k, T, E, R, BIT, A, Q) +(RF__FT_##T == RF__FT_LIST)
_Static_assert((0 RF_SCHEMA_ORDER(IS_LIST_) RF_SCHEMA_EVENT(IS_LIST_EV_, _) RF_SCHEMA_IMPORT_REFUND(IS_LIST_)) == 0 &&
                   (0 RF_SCHEMA_IMPORT(IS_LIST_)) == 1,
               "the only LIST row is import.refunds");
#undef IS_LIST_
#undef IS_LIST_EV_

/* The public numbering of the keys (rf_event_key, rf_order_key) is the rows'. */
_Static_assert((int)RF_KEY_ID == (int)RF__EVENT_id && (int)RF_KEY_AT == (int)RF__EVENT_at && (int)RF_KEY_ACTOR == (int)RF__EVENT_actor &&
                   (int)RF_KEY_TYPE == (int)RF__EVENT_type && (int)RF_KEY_KIND == (int)RF__EVENT_kind &&
                   (int)RF_KEY_REASON == (int)RF__EVENT_reason && (int)RF_KEY_AMOUNT == (int)RF__EVENT_amount &&
                   (int)RF_KEY_GOODS == (int)RF__EVENT_goods && (int)RF_KEY_INVOICE_RETURNED == (int)RF__EVENT_invoice_returned &&
                   (int)RF_KEY_TRACKING == (int)RF__EVENT_tracking && (int)RF_KEY_NOTE == (int)RF__EVENT_note &&
                   (int)RF_KEY_POSTAGE == (int)RF__EVENT_postage && (int)RF_KEY_DAYS == (int)RF__EVENT_days &&
                   (int)RF_KEY_EVIDENCE == (int)RF__EVENT_evidence && (int)RF_KEY_FOR == (int)RF__EVENT_ruling_for &&
                   (int)RF_KEY_RATING == (int)RF__EVENT_rating && (int)RF_KEY_COMPLAINT == (int)RF__EVENT_complaint &&
                   (int)RF_KEY_SOURCE == (int)RF__EVENT_source && (int)RF_KEY_REF == (int)RF__EVENT_ref &&
                   (int)RF_KEY_INFERRED == (int)RF__EVENT_inferred,
               "rf_event_key numbers the event rows");
_Static_assert((int)RF_ORDER_KEY_ID == (int)RF__ORDER_id && (int)RF_ORDER_KEY_CHANNEL == (int)RF__ORDER_channel &&
                   (int)RF_ORDER_KEY_ITEM_AMOUNT == (int)RF__ORDER_item_amount &&
                   (int)RF_ORDER_KEY_SHIPPING_FEE == (int)RF__ORDER_shipping_fee &&
                   (int)RF_ORDER_KEY_FREE_SHIPPING == (int)RF__ORDER_free_shipping &&
                   (int)RF_ORDER_KEY_SELLER_SHIPPING_COST == (int)RF__ORDER_seller_shipping_cost &&
                   (int)RF_ORDER_KEY_SHIPPING_INSURANCE == (int)RF__ORDER_insurance &&
                   (int)RF_ORDER_KEY_INVOICE_ISSUED == (int)RF__ORDER_invoice_issued &&
                   (int)RF_ORDER_KEY_SEVEN_DAY_RETURN == (int)RF__ORDER_seven_day_return &&
                   (int)RF_ORDER_KEY_SHIP_EXEMPT == (int)RF__ORDER_ship_exempt && (int)RF_ORDER_KEY_DELIVERY == (int)RF__ORDER_delivery,
               "rf_order_key numbers the order rows");

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
#define ENUM_OF_TEXT_OR_NULL(E) RF_ENUM_COUNT
#define ENUM_OF_CHOICE_OR_NULL(E) RF_ENUM_COUNT
#define ENUM_OF_LIST(E) RF_ENUM_COUNT
#define ENUM_OF_SET(E) SET_OF_##E
#define SET_OF_EVENT RF_ENUM_EVENT
#define SET_OF_EVENT_KEY RF__ENUM_EVENT_KEY
#define SET_OF_ORDER_KEY RF__ENUM_ORDER_KEY

/* The element rows of a LIST row: its ENUM column names them. */
#define ITEMS_OF_TEXT(E) NULL, 0, 0
#define ITEMS_OF_MONEY(E) NULL, 0, 0
#define ITEMS_OF_TIME(E) NULL, 0, 0
#define ITEMS_OF_BOOL(E) NULL, 0, 0
#define ITEMS_OF_ENUM(E) NULL, 0, 0
#define ITEMS_OF_ENUM_OR_NULL(E) NULL, 0, 0
#define ITEMS_OF_CHOICE(E) NULL, 0, 0
#define ITEMS_OF_TEXT_OR_NULL(E) NULL, 0, 0
#define ITEMS_OF_CHOICE_OR_NULL(E) NULL, 0, 0
#define ITEMS_OF_SET(E) NULL, 0, 0
#define ITEMS_OF_LIST(E) LIST_OF_##E
#define LIST_OF_IMPORT_REFUND rf__import_refund_fields, RF__IMPORT_REFUND_FIELD_COUNT, sizeof(rf_import_refund)

#define ORDER_ROW_(m, k, T, E, R, REQ, DEF)                                                     \
    [RF__ORDER_##m] = {k, sizeof(k) - 1, RF__FT_##T, ENUM_OF_##T(E), (uint64_t)(R),            \
                       offsetof(rf_order, m), 0u, 0u, (uint64_t)(REQ), ITEMS_OF_##T(E)},
const rf__field rf__order_fields[RF__ORDER_FIELD_COUNT] = {RF_SCHEMA_ORDER(ORDER_ROW_)};
#undef ORDER_ROW_

#define EVENT_ROW_(_, m, k, T, E, R, BIT, A, Q)                                                 \
    [RF__EVENT_##m] = {k, sizeof(k) - 1, RF__FT_##T, ENUM_OF_##T(E), (uint64_t)(R),            \
                       offsetof(rf_event, m), (unsigned)(BIT), (uint64_t)(A), (uint64_t)(Q), ITEMS_OF_##T(E)},
const rf__field rf__event_fields[RF__EVENT_FIELD_COUNT] = {RF_SCHEMA_EVENT(EVENT_ROW_, _)};
#undef EVENT_ROW_

#define REFUND_ROW_(m, k, T, E, R, REQ, DEF)                                                    \
    [RF__IMPORT_REFUND_##m] = {k, sizeof(k) - 1, RF__FT_##T, ENUM_OF_##T(E), (uint64_t)(R),    \
                               offsetof(rf_import_refund, m), 0u, 0u, (uint64_t)(REQ), ITEMS_OF_##T(E)},
const rf__field rf__import_refund_fields[RF__IMPORT_REFUND_FIELD_COUNT] = {RF_SCHEMA_IMPORT_REFUND(REFUND_ROW_)};
#undef REFUND_ROW_

#define IMPORT_ROW_(m, k, T, E, R, REQ, DEF)                                                    \
    [RF__IMPORT_##m] = {k, sizeof(k) - 1, RF__FT_##T, ENUM_OF_##T(E), (uint64_t)(R),           \
                        offsetof(rf_case_import, m), 0u, 0u, (uint64_t)(REQ), ITEMS_OF_##T(E)},
const rf__field rf__import_fields[RF__IMPORT_FIELD_COUNT] = {RF_SCHEMA_IMPORT(IMPORT_ROW_)};
#undef IMPORT_ROW_

#define ORDER_DEFAULT_(m, k, T, E, R, REQ, DEF) .m = DEF,
const rf_order rf__order_defaults = {.size = sizeof(rf_order), RF_SCHEMA_ORDER(ORDER_DEFAULT_)};
const rf_case_import rf__import_defaults = {.size = sizeof(rf_case_import), RF_SCHEMA_IMPORT(ORDER_DEFAULT_)};
const rf_import_refund rf__import_refund_defaults = {.size = sizeof(rf_import_refund),
                                                     RF_SCHEMA_IMPORT_REFUND(ORDER_DEFAULT_)};
#undef ORDER_DEFAULT_

/* ---- the names of a SET ------------------------------------------------------------------ */

#define EVENT_KEY_NAME_(_, m, k, ...) k,
static const char *const event_key_names[RF__EVENT_FIELD_COUNT] = {RF_SCHEMA_EVENT(EVENT_KEY_NAME_, _)};
#undef EVENT_KEY_NAME_
#define ORDER_KEY_NAME_(m, k, ...) "order." k,
static const char *const order_key_names[RF__ORDER_FIELD_COUNT] = {RF_SCHEMA_ORDER(ORDER_KEY_NAME_)};
#undef ORDER_KEY_NAME_

const char *rf__enum_value_name(rf_enum_id which, int v) {
    if (v < 0) return NULL;
    if (which == RF__ENUM_EVENT_KEY) return (size_t)v < RF__EVENT_FIELD_COUNT ? event_key_names[v] : NULL;
    if (which == RF__ENUM_ORDER_KEY) return (size_t)v < RF__ORDER_FIELD_COUNT ? order_key_names[v] : NULL;
    return rf_enum_name(which, v);
}

const char *rf__set_name(const rf__field *f, int v) {
    if (v < 0 || (uint64_t)v >= f->range) return NULL;
    return rf__enum_value_name(f->enumeration, v);
}

int rf__set_lookup(const rf__field *f, const char *s, size_t len) {
    for (int v = 0; (uint64_t)v < f->range && v < 64; v++) {
        const char *name = rf__set_name(f, v);
        if (name && strlen(name) == len && memcmp(name, s, len) == 0) return v;
    }
    return -1;
}

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
    case RF__FT_TEXT_OR_NULL: {
        const char *s = rf__field_text(base, f);
        return !s || (s[0] && strlen(s) <= RF_MAX_STRING);
    }
    case RF__FT_SET: return (rf__field_u64(base, f) & ~rf__set_mask(f)) == 0;
    case RF__FT_LIST: return rf__field_list(base, f).count <= RF_MAX_REQUESTS;
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
    case RF__FT_CHOICE_OR_NULL:
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

/* The first row of fields[0..n) whose value in base a file could not give. */
static const char *first_problem(const void *base, const rf__field *fields, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!value_ok(base, &fields[i])) return fields[i].key;
    return NULL;
}

const char *rf__import_problem(const rf_case_import *imp) {
    return first_problem(imp, rf__import_fields, RF__IMPORT_FIELD_COUNT);
}

const char *rf__import_refund_problem(const rf_import_refund *r) {
    return first_problem(r, rf__import_refund_fields, RF__IMPORT_REFUND_FIELD_COUNT);
}
