/*
 * The rules the engine reads besides the machines' transition tables
 * (machine.c): what is due when in each state, who may file which complaint
 * and when, who answers a complaint, and which steps of one machine drive
 * another. Each is a const table with a row per rule and the seed line it
 * comes from; the engine (replay.c, deadline.c), `refund rules` (render.c)
 * and the tests read the same rows.
 */
#ifndef RF_RULES_H
#define RF_RULES_H

#include "internal.h"

#include <stddef.h>

/* ---- deadlines (RULES.md 2.1-2.5) ------------------------------------------ */

/* When a deadline row applies, beyond the state it names. X(enum, "text"). */
#define RF__WHEN_LIST(X)                                                                  \
    X(RF__WHEN_ALWAYS,            "always")                                               \
    X(RF__WHEN_NOT_EXEMPT,        "goods not custom-made, presale or special delivery")   \
    X(RF__WHEN_EXEMPT,            "custom-made, presale or special-delivery goods")       \
    X(RF__WHEN_UNSHIPPED,         "goods not shipped")                                    \
    X(RF__WHEN_SHIPPED,           "goods shipped")                                        \
    X(RF__WHEN_EXPRESS,           "delivery by express")                                  \
    X(RF__WHEN_SURFACE_MAIL,      "delivery by surface mail")                             \
    X(RF__WHEN_VIRTUAL,           "virtual delivery")                                     \
    X(RF__WHEN_NOT_SURFACE_MAIL,  "delivery not by surface mail")                         \
    X(RF__WHEN_NOT_ESCALATED,     "the platform is not called in")                        \
    X(RF__WHEN_ESCALATED,         "the platform is called in")                            \
    X(RF__WHEN_POSTAGE_SETTLED,   "no exchange postage owed unpaid")                      \
    X(RF__WHEN_POSTAGE_OWED,      "exchange postage owed and unpaid")                     \
    X(RF__WHEN_SEVEN_DAY_OPEN,    "delivered, goods eligible, no request made yet")           \
    X(RF__WHEN_NO_OPEN_COMPLAINT, "no complaint open")                                    \
    X(RF__WHEN_PLATFORM_LIMIT,    "the complaint type has a platform limit")              \
    X(RF__WHEN_NO_PLATFORM_LIMIT, "the complaint type has no platform limit")

typedef enum rf__when {
#define RF_X_(e, text) e,
    RF__WHEN_LIST(RF_X_)
#undef RF_X_
    RF__WHEN_COUNT
} rf__when;

/* Where a clock starts. X(enum, "text"). */
#define RF__CLOCK_LIST(X)                                                               \
    X(RF__FROM_NONE,             "-")                                                   \
    X(RF__FROM_CREATED,          "order_created")                                       \
    X(RF__FROM_PAID,             "paid")                                                \
    X(RF__FROM_SHIPPED,          "shipped (plus receipt_extended days and pauses)")     \
    X(RF__FROM_STATE,            "entering the state")                                  \
    X(RF__FROM_EXCHANGE_SHIPPED, "exchange_shipped (plus receipt_extended days)")       \
    X(RF__FROM_REPLACEMENT,      "return_received, or exchange_postage_paid when owed") \
    X(RF__FROM_DELIVERY,         "00:00 (+08:00) of the day after delivered")           \
    X(RF__FROM_FINISHED,         "TRADE_FINISHED")                                      \
    X(RF__FROM_FILED,            "complaint_filed")

typedef enum rf__clock {
#define RF_X_(e, text) e,
    RF__CLOCK_LIST(RF_X_)
#undef RF_X_
    RF__CLOCK_COUNT
} rf__clock;

typedef enum rf__unit { RF__UNIT_NONE, RF__UNIT_DAYS, RF__UNIT_HOURS, RF__UNIT_WORKDAYS } rf__unit;

/* A row: in `state` of `machine`, when `when` holds, `actor` must act
 * within the policy value `policy_key` counted from `clock`; on expiry the
 * system fires `on_expiry` (-1: nothing fires, a late act is a finding). A
 * row with `why_not` says why a waiting state runs no clock at all. */
typedef struct rf__deadline_rule {
    const char *id;
    rf_machine_id machine;
    int state;
    rf__when when;
    rf_actor actor;
    rf__clock clock;
    const char *policy_key;      /* NULL: none, or per complaint type (rf__complaint_rules) */
    size_t policy_offset;        /* of the value in rf_policy */
    rf__unit unit;
    int on_expiry;
    const char *seed;
    const char *why_not;         /* non-NULL: no clock runs, and why */
} rf__deadline_rule;

extern const rf__deadline_rule rf__deadline_rules[];
extern const size_t rf__deadline_rule_count;
const char *rf__when_text(rf__when when);
const char *rf__clock_text(rf__clock clock);
/* The label of the deadline id a row names ("seller_response" ->
 * "卖家处理申请期限" or "seller's answer to the request"); an unknown id is
 * returned as it is. Static strings; thread-safe. */
const char *rf__deadline_label(const char *id, bool zh);

/* ---- complaints (RULES.md 2.5) --------------------------------------------- */

typedef enum rf__window {
    RF__WINDOW_AFTER_FINISHED,   /* 0..N days after TRADE_FINISHED */
    RF__WINDOW_AFTER_SHIP_LIMIT, /* once the shipping limit after payment passed unshipped */
    RF__WINDOW_UNPAID_OR_CLOSED  /* trade unpaid or closed, 0..N days after order_created */
} rf__window;

typedef struct rf__complaint_rule {
    rf_complaint_type type;
    unsigned filers;             /* actor bits who may file */
    bool reviewed_party;         /* the filer must be the party a bad review took effect against */
    rf__window window;
    const char *window_key;      /* policy value bounding the window */
    size_t window_offset;
    bool not_on_mall;            /* harassment complaints are not for mall trades */
    bool exempt_goods_excluded;  /* custom-made, presale, special-delivery goods cannot be late */
    const char *platform_key;    /* the platform's working-day limit; NULL: none */
    size_t platform_offset;
    const char *seed;
} rf__complaint_rule;

extern const rf__complaint_rule rf__complaint_rules[RF_COMPLAINT_COUNT];

/* ---- who answers a complaint (000:698, 712) --------------------------------- */

typedef struct rf__party_rule {
    rf_event_type event;
    bool by_complainant;         /* true: only the complainant; false: only the respondent */
    const char *seed;
} rf__party_rule;

extern const rf__party_rule rf__party_rules[];
extern const size_t rf__party_rule_count;
/* The row for event, or NULL when any party the table allows may fire it. */
const rf__party_rule *rf__party_rule_of(rf_event_type event);

/* ---- one machine's step driving another --------------------------------------- */

typedef enum rf__target {
    RF__TARGET_REQUEST,          /* the current refund or exchange request */
    RF__TARGET_TRADE
} rf__target;

/* After `event` applies in `from`, the engine fires `fires` in `to`
 * (a ruling ends the request it was about; a request that ends in SUCCESS
 * may close the trade, RULES.md 2.1). */
typedef struct rf__cascade {
    rf_machine_id from;
    rf_event_type event;
    rf__target to;
    rf_event_type fires;
    const char *what;
    const char *seed;
} rf__cascade;

extern const rf__cascade rf__cascades[];
extern const size_t rf__cascade_count;

/* ---- what a finding rests on (TOP.md section 3) ------------------------------- */

/* The facts a finding or a settlement depends on: order fields (bit
 * (1 << rf_order_key)) and the delivery time (RF__RESTS_ON_DELIVERY). A
 * finding whose facts the case's import object lists as assumed or missing
 * gets basis INFERRED; a settlement on an assumed field, ASSUMED. */
#define RF__RESTS_ON_DELIVERY (UINT64_C(1) << 63)
#define RF__OKEY(k) (UINT64_C(1) << RF_ORDER_KEY_##k)
/* What rf_settle reads of the order (lib/settle.c). */
#define RF__SETTLEMENT_FACTS                                                                    \
    (RF__OKEY(CHANNEL) | RF__OKEY(ITEM_AMOUNT) | RF__OKEY(SHIPPING_FEE) | RF__OKEY(FREE_SHIPPING) | \
     RF__OKEY(SELLER_SHIPPING_COST) | RF__OKEY(SHIPPING_INSURANCE) | RF__OKEY(INVOICE_ISSUED))

typedef struct rf__rests_on {
    rf_finding_code code;
    uint64_t facts;
    const char *why;
} rf__rests_on;

/* One row per finding code, in code order. */
extern const rf__rests_on rf__finding_rests_on[RF_FINDING_COUNT];

#endif
