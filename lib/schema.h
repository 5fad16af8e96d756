/*
 * The case format, refund-case/1 (FORMAT.md section 1), as one table.
 *
 * Every key of an order and of an event is one row below: its member of
 * rf_order or rf_event, its JSON key, its type, its enumeration, its range,
 * and for the order whether it is required and its default, for an event
 * its rf_event.has bit and the event types that take it and require it.
 * Everything that reads or writes the format consults these rows and keeps
 * no list of its own:
 *
 *   lib/case_tree.c   the tree loader (every error of the format)
 *   lib/case_fast.c   the schema-directed fast reader (code generated from
 *                     the rows, so that each key is still compared as
 *                     constants the compiler inlines)
 *   lib/case.c        rf_case_new and rf_case_append's checks (through
 *                     rf__order_problem and rf__event_problem below)
 *   lib/case_store.c  rf_case_clone (which members hold strings)
 *   lib/case_write.c  rf_render_case
 *
 * So a new field is one row here, its member at the end of the struct in
 * include/refund.h (and its RF_HAS_ bit and its place in RF_ORDER_INIT /
 * RF_EVENT_INIT), and its tests: docs/schema.md has the recipe, and
 * tests/test_schema_extra.c proves that nothing else needs an edit.
 */
#ifndef RF_SCHEMA_H
#define RF_SCHEMA_H

#include "internal.h"

#include <stdint.h>
#include <string.h>

/* The value of a case document's "schema" key. */
#define RF_SCHEMA_NAME "refund-case/1"

/* ---- limits (docs/limits.md) ------------------------------------------------ */

#define RF_MAX_EVENTS 10000u     /* events in one case */
#define RF_MAX_STRING 4096u      /* bytes of one string field */

/* The instants rf_time_parse can produce: the years 1970..9999 as written,
 * with any offset of -23:59..+23:59. Values built in code are held to the
 * same range, so that every case can be written back to a file. */
#define RF_TIME_MIN INT64_C(-86340)       /* 1970-01-01T00:00:00+23:59 */
#define RF_TIME_MAX INT64_C(253402387139) /* 9999-12-31T23:59:59-23:59 */

/* ---- the types of a field ---------------------------------------------------- */

/* The TYPE column. Each names how the value is written in JSON and which C
 * type holds it in the struct (checked for every row in lib/schema.c). */
typedef enum rf__field_type {
    RF__FT_TEXT,         /* const char *: a string of 1..RF_MAX_STRING bytes, no \u0000 */
    RF__FT_MONEY,        /* rf_fen: a string of yuan, "88.00"; 0..RF_FEN_MAX */
    RF__FT_TIME,         /* rf_time: an RFC 3339 string with an offset */
    RF__FT_BOOL,         /* bool: true or false */
    RF__FT_ENUM,         /* an enumeration of refund.h (int-sized): its JSON name; values below RANGE */
    RF__FT_ENUM_OR_NULL, /* the same, but value 0 is written as JSON null (and its name is refused) */
    RF__FT_CHOICE,       /* int: a JSON number written plainly, one of the values of the set RANGE */
    /* Added for imported cases (TOP.md section 3): */
    RF__FT_TEXT_OR_NULL, /* const char *: as TEXT, or JSON null for NULL */
    RF__FT_CHOICE_OR_NULL, /* int: as CHOICE, or JSON null for 0 (the set must not hold 0) */
    RF__FT_SET,          /* uint64_t: a JSON array of names, each once, written in the order of
                          * their values; bit v for value v of the ENUM column (below RANGE) */
    RF__FT_LIST          /* rf_import_refunds: a JSON array of objects, each read by the rows the
                          * ENUM column names (at most RF_MAX_REQUESTS) */
} rf__field_type;

/* The names a SET may hold, beside the enumerations of refund.h (its ENUM
 * column): the keys of an event ("at"), the keys of the order, written
 * "order.KEY". */
#define RF__ENUM_EVENT_KEY ((rf_enum_id)(RF_ENUM_COUNT + 1))
#define RF__ENUM_ORDER_KEY ((rf_enum_id)(RF_ENUM_COUNT + 2))

/* For the columns below. */
#define RF__EV(t) (UINT64_C(1) << RF_EV_##t)              /* an event type, in ALLOWED / REQUIRED */
#define RF__EVERY_EVENT ((UINT64_C(1) << RF_EV_REFUND_SUCCEEDED) - 1) /* every type a file may hold */
#define RF__VALUE(v) (UINT64_C(1) << (v))                 /* a value of a CHOICE's RANGE set */

/* ---- the order ------------------------------------------------------------------ */

/* X(MEMBER, "key", TYPE, ENUM, RANGE, REQUIRED, DEFAULT)
 *
 * MEMBER   the member of rf_order
 * TYPE     RF__FT_<TYPE>
 * ENUM     for ENUM and ENUM_OR_NULL, the enumeration: RF_ENUM_<ENUM> and
 *          RF_<ENUM>_LIST; NONE otherwise
 * RANGE    ENUM: the values below it are allowed. CHOICE: the set of the
 *          allowed values (RF__VALUE(3) | ...). 0 otherwise
 * REQUIRED 1 when a file must give it
 * DEFAULT  its value when a file leaves it out; RF_ORDER_INIT in refund.h
 *          must say the same (tests/test_schema.c compares them)
 *
 * The rows are in the order the writer writes them and the tree loader
 * reports missing required fields. */
#define RF_SCHEMA_ORDER(X)                                                                                 \
    X(id,                   "id",                   TEXT,         NONE,      0,                  1, NULL)  \
    X(channel,              "channel",              ENUM,         CHANNEL,   RF_CHANNEL_COUNT,   1, RF_CHANNEL_C_STORE) \
    X(item_amount,          "item_amount",          MONEY,        NONE,      0,                  1, 0)     \
    X(shipping_fee,         "shipping_fee",         MONEY,        NONE,      0,                  0, 0)     \
    X(free_shipping,        "free_shipping",        BOOL,         NONE,      0,                  0, false) \
    X(seller_shipping_cost, "seller_shipping_cost", MONEY,        NONE,      0,                  0, 0)     \
    X(insurance,            "shipping_insurance",   ENUM,         INSURANCE, RF_INSURANCE_COUNT, 0, RF_INSURANCE_NONE) \
    X(invoice_issued,       "invoice_issued",       BOOL,         NONE,      0,                  0, false) \
    X(seven_day_return,     "seven_day_return",     BOOL,         NONE,      0,                  0, true)  \
    X(ship_exempt,          "ship_exempt",          ENUM_OR_NULL, EXEMPT,    RF_EXEMPT_COUNT,    0, RF_EXEMPT_NONE) \
    X(delivery,             "delivery",             ENUM,         DELIVERY,  RF_DELIVERY_COUNT,  0, RF_DELIVERY_EXPRESS) \
    RF__SCHEMA_ORDER_EXTRA(X)

/* ---- events ----------------------------------------------------------------------- */

/* X(_, MEMBER, "key", TYPE, ENUM, RANGE, BIT, ALLOWED, REQUIRED)
 *
 * _        passed through from the list's second argument, for expansions
 *          that need a context (the shapes of lib/schema.c: one expansion
 *          of the list per event type)
 * MEMBER, TYPE, ENUM, RANGE as for the order
 * BIT      the rf_event.has bit that says the event carries it; 0 for the
 *          four keys every event has
 * ALLOWED  the event types that may carry it (RF__EV(SHIPPED) | ...)
 * REQUIRED the event types that must
 *
 * The four keys every event has come first; the others follow in the order
 * of their bits (a missing required field is reported lowest bit first),
 * which is also the order the writer writes them. `type` is the key that
 * decides which others are allowed: the tree loader reads it first. */
#define RF_SCHEMA_EVENT(X, _)                                                                                      \
    X(_, id,               "id",               TEXT,   NONE,      0, 0, RF__EVERY_EVENT, RF__EVERY_EVENT)          \
    X(_, at,               "at",               TIME,   NONE,      0, 0, RF__EVERY_EVENT, RF__EVERY_EVENT)          \
    X(_, actor,            "actor",            ENUM,   ACTOR,     RF_ACTOR_COUNT, 0, RF__EVERY_EVENT, RF__EVERY_EVENT) \
    /* refund_succeeded, the last type, is the engine's own: refused in a file */                                 \
    X(_, type,             "type",             ENUM,   EVENT,     RF_EV_REFUND_SUCCEEDED, 0, RF__EVERY_EVENT, RF__EVERY_EVENT) \
    X(_, kind,             "kind",             ENUM,   KIND,      RF_KIND_COUNT, RF_HAS_KIND,                      \
      RF__EV(REFUND_REQUESTED),                                                                                    \
      RF__EV(REFUND_REQUESTED))                                                                                    \
    X(_, reason,           "reason",           ENUM,   REASON,    RF_REASON_COUNT, RF_HAS_REASON,                  \
      RF__EV(REFUND_REQUESTED) | RF__EV(REFUND_MODIFIED),                                                          \
      RF__EV(REFUND_REQUESTED))                                                                                    \
    X(_, amount,           "amount",           MONEY,  NONE,      0, RF_HAS_AMOUNT,                                \
      RF__EV(REFUND_REQUESTED) | RF__EV(REFUND_AGREED) | RF__EV(REFUND_MODIFIED) | RF__EV(RETURN_RECEIVED) |       \
      RF__EV(EXCHANGE_POSTAGE_PAID) | RF__EV(RULING),                                                              \
      RF__EV(EXCHANGE_POSTAGE_PAID))                                                                               \
    X(_, goods,            "goods",            ENUM,   GOODS,     RF_GOODS_COUNT, RF_HAS_GOODS,                    \
      RF__EV(REFUND_REQUESTED) | RF__EV(REFUND_MODIFIED),                                                          \
      0)                                                                                                           \
    X(_, invoice_returned, "invoice_returned", BOOL,   NONE,      0, RF_HAS_INVOICE_RETURNED,                      \
      RF__EV(REFUND_REQUESTED) | RF__EV(REFUND_MODIFIED),                                                          \
      0)                                                                                                           \
    X(_, tracking,         "tracking",         TEXT,   NONE,      0, RF_HAS_TRACKING,                              \
      RF__EV(SHIPPED) | RF__EV(RETURN_SHIPPED) | RF__EV(EXCHANGE_SHIPPED),                                         \
      RF__EV(RETURN_SHIPPED))                                                                                      \
    X(_, note,             "note",             TEXT,   NONE,      0, RF_HAS_NOTE,                                  \
      RF__EV(REFUND_REQUESTED) | RF__EV(REFUND_AGREED) | RF__EV(REFUND_REFUSED) | RF__EV(REFUND_MODIFIED) |        \
      RF__EV(REFUND_CANCELLED) | RF__EV(RETURN_RECEIVED) | RF__EV(RETURN_REJECTED) | RF__EV(EVIDENCE_SUBMITTED) |  \
      RF__EV(RULING) | RF__EV(REVIEW_POSTED) | RF__EV(COMPLAINT_FILED) | RF__EV(COMPLAINT_APPEALED) |              \
      RF__EV(COMPLAINT_RESOLVED) | RF__EV(COMPLAINT_WITHDRAWN),                                                    \
      0)                                                                                                           \
    X(_, postage,          "postage",          MONEY,  NONE,      0, RF_HAS_POSTAGE,                               \
      RF__EV(RETURN_SHIPPED),                                                                                      \
      0)                                                                                                           \
    /* TOP taobao.trade.receivetime.delay takes 3, 5, 7 or 10 days. */                                             \
    X(_, days,             "days",             CHOICE, NONE,                                                       \
      RF__VALUE(3) | RF__VALUE(5) | RF__VALUE(7) | RF__VALUE(10), RF_HAS_DAYS,                                     \
      RF__EV(RECEIPT_EXTENDED),                                                                                    \
      RF__EV(RECEIPT_EXTENDED))                                                                                    \
    X(_, evidence,         "evidence",         ENUM,   EVIDENCE,  RF_EVIDENCE_COUNT, RF_HAS_EVIDENCE,              \
      RF__EV(EVIDENCE_SUBMITTED) | RF__EV(COMPLAINT_APPEALED),                                                     \
      RF__EV(EVIDENCE_SUBMITTED))                                                                                  \
    X(_, ruling_for,       "for",              ENUM,   PARTY,     RF_PARTY_COUNT, RF_HAS_FOR,                      \
      RF__EV(RULING) | RF__EV(COMPLAINT_RESOLVED),                                                                 \
      RF__EV(RULING))                                                                                              \
    X(_, rating,           "rating",           ENUM,   RATING,    RF_RATING_COUNT, RF_HAS_RATING,                  \
      RF__EV(REVIEW_POSTED),                                                                                       \
      RF__EV(REVIEW_POSTED))                                                                                       \
    X(_, complaint,        "complaint",        ENUM,   COMPLAINT, RF_COMPLAINT_COUNT, RF_HAS_COMPLAINT,            \
      RF__EV(COMPLAINT_FILED) | RF__EV(COMPLAINT_APPEALED) | RF__EV(COMPLAINT_RESOLVED) |                          \
      RF__EV(COMPLAINT_WITHDRAWN),                                                                                 \
      RF__EV(COMPLAINT_FILED))                                                                                     \
    /* Imported events (TOP.md section 3): where each came from, and what the importer deduced. */                \
    X(_, source,           "source",           ENUM,   SOURCE,    RF_SOURCE_COUNT, RF_HAS_SOURCE,                  \
      RF__EVERY_EVENT,                                                                                             \
      0)                                                                                                           \
    X(_, ref,              "ref",              TEXT,   NONE,      0, RF_HAS_REF,                                   \
      RF__EVERY_EVENT,                                                                                             \
      0)                                                                                                           \
    X(_, inferred,         "inferred",         SET,    EVENT_KEY, RF__EVENT_FIELD_COUNT, RF_HAS_INFERRED,          \
      RF__EVERY_EVENT,                                                                                             \
      0)                                                                                                           \
    RF__SCHEMA_EVENT_EXTRA(X, _)

/* ---- the import object (TOP.md section 3) ------------------------------------------ */

/* The optional top-level "import" object of a case and each of its
 * refunds: rows as the order's, X(MEMBER, "key", TYPE, ENUM, RANGE,
 * REQUIRED, DEFAULT), over rf_case_import and rf_import_refund. The key
 * "import" itself sits beside schema, order and events, which each reader
 * reads itself (docs/schema.md); what is inside is read from these rows. */
#define RF_SCHEMA_IMPORT(X)                                                                                \
    X(from,      "from",      TEXT,         NONE,          0,                     1, NULL)                 \
    X(tid,       "tid",       TEXT_OR_NULL, NONE,          0,                     0, NULL)                 \
    X(oid,       "oid",       TEXT_OR_NULL, NONE,          0,                     0, NULL)                 \
    X(refunds,   "refunds",   LIST,         IMPORT_REFUND, 0,                     0, RF__NO_LIST)          \
    X(assumed,   "assumed",   SET,          ORDER_KEY,     RF__ORDER_FIELD_COUNT, 0, 0)                    \
    X(missing,   "missing",   SET,          EVENT,         RF_EV_REFUND_SUCCEEDED, 0, 0)

/* cs_status: TOP's 1 不需客服介入 .. 6 客服处理完成 (TOP.md 1.3). */
#define RF_SCHEMA_IMPORT_REFUND(X)                                                                         \
    X(refund_id,   "refund_id",   TEXT,           NONE, 0,                     1, NULL)                    \
    X(bill_type,   "bill_type",   TEXT_OR_NULL,   NONE, 0,                     0, NULL)                    \
    X(reason_text, "reason_text", TEXT_OR_NULL,   NONE, 0,                     0, NULL)                    \
    X(status,      "status",      TEXT_OR_NULL,   NONE, 0,                     0, NULL)                    \
    X(cs_status,   "cs_status",   CHOICE_OR_NULL, NONE,                                                     \
      RF__VALUE(1) | RF__VALUE(2) | RF__VALUE(3) | RF__VALUE(4) | RF__VALUE(5) | RF__VALUE(6), 0, 0)

/* The DEFAULT of a LIST: no element. */
#define RF__NO_LIST {0, NULL}

/* tests/test_schema_extra.c: the library built once more with one row more
 * in each list (its member reserved at the end of the struct in refund.h
 * under the same macro), to prove that a row, a member and its initializer
 * are all a new field needs: the readers, the writer and the checks of
 * values built in code are compiled unchanged. Never defined in the
 * library itself. */
#ifdef RF_SCHEMA_TEST_EXTRA
#define RF__SCHEMA_ORDER_EXTRA(X) \
    X(test_extra_flag, "test_extra_flag", BOOL, NONE, 0, 0, true)
#define RF__SCHEMA_EVENT_EXTRA(X, _) \
    X(_, test_extra_fee, "test_extra_fee", MONEY, NONE, 0, RF_HAS_TEST_EXTRA_FEE, \
      RF__EV(REFUND_AGREED) | RF__EV(RULING), 0)
#else
#define RF__SCHEMA_ORDER_EXTRA(X)
#define RF__SCHEMA_EVENT_EXTRA(X, _)
#endif

/* ---- the rows as data -------------------------------------------------------------- */

/* Each field's index in its table: RF__ORDER_<member>, RF__EVENT_<member>. */
enum rf__order_field_index {
#define RF_X_(m, ...) RF__ORDER_##m,
    RF_SCHEMA_ORDER(RF_X_)
#undef RF_X_
    RF__ORDER_FIELD_COUNT
};

enum rf__event_field_index {
#define RF_X_(_, m, ...) RF__EVENT_##m,
    RF_SCHEMA_EVENT(RF_X_, _)
#undef RF_X_
    RF__EVENT_FIELD_COUNT
};

/* The JSON values a valid case document can hold: the root, "schema", the
 * order with every field, the events array, RF_MAX_EVENTS events with every
 * field (an event's `inferred` names at most every key once), and the
 * import object with every field, RF_MAX_REQUESTS refunds and every name in
 * its sets. Keys are known and never repeated, so a document with more
 * values is not a case whatever else it holds; the tree loader refuses it
 * before building its tree (docs/limits.md). */
#define RF_MAX_CASE_VALUES                                                                                 \
    (5u + (unsigned)RF__ORDER_FIELD_COUNT +                                                                 \
     RF_MAX_EVENTS * (1u + 2u * (unsigned)RF__EVENT_FIELD_COUNT) + (unsigned)RF__IMPORT_FIELD_COUNT +        \
     RF_MAX_REQUESTS * (1u + (unsigned)RF__IMPORT_REFUND_FIELD_COUNT) + (unsigned)RF__ORDER_FIELD_COUNT +    \
     (unsigned)RF_EV_REFUND_SUCCEEDED)
enum rf__import_field_index {
#define RF_X_(m, ...) RF__IMPORT_##m,
    RF_SCHEMA_IMPORT(RF_X_)
#undef RF_X_
    RF__IMPORT_FIELD_COUNT
};

enum rf__import_refund_field_index {
#define RF_X_(m, ...) RF__IMPORT_REFUND_##m,
    RF_SCHEMA_IMPORT_REFUND(RF_X_)
#undef RF_X_
    RF__IMPORT_REFUND_FIELD_COUNT
};

_Static_assert(RF__EVENT_FIELD_COUNT <= 32 && RF__ORDER_FIELD_COUNT <= 32,
               "the readers keep the keys they saw in 32-bit sets");
_Static_assert(RF_EV_COUNT <= 64, "ALLOWED and REQUIRED are 64-bit sets of event types");

/* One row. */
typedef struct rf__field {
    const char *key;
    size_t key_len;
    rf__field_type type;
    rf_enum_id enumeration;  /* ENUM, ENUM_OR_NULL, SET; RF_ENUM_COUNT otherwise */
    uint64_t range;          /* ENUM, SET: values below it; CHOICE: the set of values */
    size_t offset;           /* of the member in rf_order / rf_event / rf_case_import ... */
    unsigned bit;            /* rf_event.has; 0 for the order and an event's four keys */
    uint64_t allowed;        /* events: the types that take it (bit t for type t) */
    uint64_t required;       /* events: the types that require it; others: 1 if required */
    /* LIST: the rows of each element, their count and the element's size. */
    const struct rf__field *items;
    size_t item_count, item_size;
} rf__field;

extern const rf__field rf__order_fields[RF__ORDER_FIELD_COUNT];
extern const rf__field rf__event_fields[RF__EVENT_FIELD_COUNT];
extern const rf__field rf__import_fields[RF__IMPORT_FIELD_COUNT];
extern const rf__field rf__import_refund_fields[RF__IMPORT_REFUND_FIELD_COUNT];

/* The import object and refund a file that gives only the required fields
 * describes: every DEFAULT, with size set. */
extern const rf_case_import rf__import_defaults;
extern const rf_import_refund rf__import_refund_defaults;

/* The name of value v of enumeration which: rf_enum_name's, or for
 * RF__ENUM_EVENT_KEY and RF__ENUM_ORDER_KEY the case file's key; NULL out
 * of range. lib/error_text.c names a set's values with it. */
const char *rf__enum_value_name(rf_enum_id which, int v);

/* The name of value v of a SET row (NULL out of range), and the value
 * named s[0..len) (-1 if none, or not below the row's RANGE). */
const char *rf__set_name(const rf__field *f, int v);
int rf__set_lookup(const rf__field *f, const char *s, size_t len);

/* The order a file that gives only the required fields describes: every
 * DEFAULT, with size set. The readers start an order from it; RF_ORDER_INIT
 * and rf_order_init must agree (tests/test_schema.c). */
extern const rf_order rf__order_defaults;

/* Which optional fields each event type takes, and which it requires
 * (rf_event.has bits), gathered from the ALLOWED and REQUIRED columns. */
typedef struct rf__event_shape { unsigned allowed, required; } rf__event_shape;
extern const rf__event_shape rf__case_shapes[RF_EV_COUNT];

/* All has-bits of the table. */
extern const unsigned rf__event_optional_bits;

/* The row of fields[0..n) whose key is key[0..len) (which may hold a NUL:
 * lengths are compared too); NULL if none. */
const rf__field *rf__field_find(const rf__field *fields, size_t n, const char *key, size_t len);

/* The event row with has-bit bit; NULL if none. */
const rf__field *rf__event_field_of_bit(unsigned bit);

/* ---- values, by row -------------------------------------------------------------------- */

/* The member of a row in an rf_order or rf_event, by its C type (which
 * lib/schema.c checks against TYPE for every row). Through memcpy, so that
 * an enumeration is read and written as the int it is. */
static inline const char *rf__field_text(const void *base, const rf__field *f) {
    const char *v;
    memcpy(&v, (const char *)base + f->offset, sizeof v);
    return v;
}
static inline void rf__field_set_text(void *base, const rf__field *f, const char *v) {
    memcpy((char *)base + f->offset, &v, sizeof v);
}
/* MONEY and TIME. */
static inline int64_t rf__field_i64(const void *base, const rf__field *f) {
    int64_t v;
    memcpy(&v, (const char *)base + f->offset, sizeof v);
    return v;
}
static inline void rf__field_set_i64(void *base, const rf__field *f, int64_t v) {
    memcpy((char *)base + f->offset, &v, sizeof v);
}
static inline bool rf__field_bool(const void *base, const rf__field *f) {
    bool v;
    memcpy(&v, (const char *)base + f->offset, sizeof v);
    return v;
}
static inline void rf__field_set_bool(void *base, const rf__field *f, bool v) {
    memcpy((char *)base + f->offset, &v, sizeof v);
}
/* SET. */
static inline uint64_t rf__field_u64(const void *base, const rf__field *f) {
    uint64_t v;
    memcpy(&v, (const char *)base + f->offset, sizeof v);
    return v;
}
static inline void rf__field_set_u64(void *base, const rf__field *f, uint64_t v) {
    memcpy((char *)base + f->offset, &v, sizeof v);
}
/* LIST. */
static inline rf_import_refunds rf__field_list(const void *base, const rf__field *f) {
    rf_import_refunds v;
    memcpy(&v, (const char *)base + f->offset, sizeof v);
    return v;
}
static inline void rf__field_set_list(void *base, const rf__field *f, rf_import_refunds v) {
    memcpy((char *)base + f->offset, &v, sizeof v);
}
/* ENUM, ENUM_OR_NULL, CHOICE and CHOICE_OR_NULL. */
static inline int rf__field_int(const void *base, const rf__field *f) {
    int v;
    memcpy(&v, (const char *)base + f->offset, sizeof v);
    return v;
}
static inline void rf__field_set_int(void *base, const rf__field *f, int v) {
    memcpy((char *)base + f->offset, &v, sizeof v);
}

/* Sets the member of row f to its zero (a NULL text). */
static inline void rf__field_clear(void *base, const rf__field *f) {
    switch (f->type) {
    case RF__FT_TEXT:
    case RF__FT_TEXT_OR_NULL: rf__field_set_text(base, f, NULL); return;
    case RF__FT_MONEY:
    case RF__FT_TIME: rf__field_set_i64(base, f, 0); return;
    case RF__FT_BOOL: rf__field_set_bool(base, f, false); return;
    case RF__FT_ENUM:
    case RF__FT_ENUM_OR_NULL:
    case RF__FT_CHOICE:
    case RF__FT_CHOICE_OR_NULL: rf__field_set_int(base, f, 0); return;
    case RF__FT_SET: rf__field_set_u64(base, f, 0); return;
    case RF__FT_LIST: {
        rf_import_refunds none = {0, NULL};
        rf__field_set_list(base, f, none);
        return;
    }
    }
}

/* Whether v is a value of the row (ENUM, ENUM_OR_NULL, CHOICE, CHOICE_OR_NULL). */
static inline bool rf__field_int_ok(const rf__field *f, int v) {
    if (v < 0) return false;
    if (f->type == RF__FT_CHOICE_OR_NULL && v == 0) return true;
    if (f->type == RF__FT_CHOICE || f->type == RF__FT_CHOICE_OR_NULL) return v < 64 && (f->range >> v & 1u);
    return (uint64_t)v < f->range;
}

/* The values a SET row allows, as a set of bits. */
static inline uint64_t rf__set_mask(const rf__field *f) {
    return f->range >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << f->range) - 1;
}

/* ---- values built in code ------------------------------------------------------------ */

/* The checks a file gets from the readers, for an order or an event built
 * in code (rf_case_new, rf_case_append), so that no replay arithmetic can
 * overflow (docs/limits.md) and every case can be written back to a file.
 * Each returns the key of the first offending field, or NULL. An order's id
 * may be NULL (rf_case_new stores ""). For an event, type and actor must be
 * checked first (the shape depends on the type). */
const char *rf__order_problem(const rf_order *o);
const char *rf__event_problem(const rf_event *ev);
/* The same for an import object (its refunds aside) and one refund. */
const char *rf__import_problem(const rf_case_import *imp);
const char *rf__import_refund_problem(const rf_import_refund *r);

#endif
