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

/* When a deadline row applies, beyond the state it names. X(enum, "text", "中文"). */
#define RF__WHEN_LIST(X)                                                                  \
    X(RF__WHEN_ALWAYS,            "always", "总是")                                               \
    X(RF__WHEN_NOT_EXEMPT,        "goods not custom-made, presale or special delivery", "非定制、预售或特殊运送商品")   \
    X(RF__WHEN_EXEMPT,            "custom-made, presale or special-delivery goods", "定制、预售或特殊运送商品")       \
    X(RF__WHEN_UNSHIPPED,         "goods not shipped", "未发货")                                    \
    X(RF__WHEN_SHIPPED,           "goods shipped", "已发货")                                        \
    X(RF__WHEN_EXPRESS,           "delivery by express", "快递发货")                                  \
    X(RF__WHEN_SURFACE_MAIL,      "delivery by surface mail", "平邮发货")                             \
    X(RF__WHEN_VIRTUAL,           "virtual delivery", "虚拟发货")                                     \
    X(RF__WHEN_NOT_SURFACE_MAIL,  "delivery not by surface mail", "非平邮发货")                         \
    X(RF__WHEN_NOT_ESCALATED,     "the platform is not called in", "未申请客服介入")                        \
    X(RF__WHEN_ESCALATED,         "the platform is called in", "已申请客服介入")                            \
    X(RF__WHEN_POSTAGE_SETTLED,   "no exchange postage owed unpaid", "没有未付的换货邮费")                      \
    X(RF__WHEN_POSTAGE_OWED,      "exchange postage owed and unpaid", "买家应付换货邮费尚未支付")                     \
    X(RF__WHEN_SEVEN_DAY_OPEN,    "delivered, goods eligible, no request made yet", "已签收、商品支持七天无理由、尚未申请")           \
    X(RF__WHEN_NO_OPEN_COMPLAINT, "no complaint open", "没有进行中的维权")                                    \
    X(RF__WHEN_PLATFORM_LIMIT,    "the complaint type has a platform limit", "该维权类型有平台处理时限")              \
    X(RF__WHEN_NO_PLATFORM_LIMIT, "the complaint type has no platform limit", "该维权类型没有平台处理时限")

typedef enum rf__when {
#define RF_X_(e, text, zh) e,
    RF__WHEN_LIST(RF_X_)
#undef RF_X_
    RF__WHEN_COUNT
} rf__when;

/* Where a clock starts. X(enum, "text", "中文"). */
#define RF__CLOCK_LIST(X)                                                               \
    X(RF__FROM_NONE,             "-", "-")                                                   \
    X(RF__FROM_CREATED,          "order_created", "下单时")                                       \
    X(RF__FROM_PAID,             "paid", "付款时")                                                \
    X(RF__FROM_SHIPPED,          "shipped (plus receipt_extended days and pauses)", "发货时(加上延长收货天数和暂停时间)")     \
    X(RF__FROM_STATE,            "entering the state", "进入该状态时")                                  \
    X(RF__FROM_EXCHANGE_SHIPPED, "exchange_shipped (plus receipt_extended days)", "换出新货时(加上延长收货天数)")       \
    X(RF__FROM_REPLACEMENT,      "return_received, or exchange_postage_paid when owed", "确认收到退货时,应付换货邮费的为支付邮费时") \
    X(RF__FROM_DELIVERY,         "00:00 (+08:00) of the day after delivered", "签收次日 00:00 (北京时间)")           \
    X(RF__FROM_FINISHED,         "TRADE_FINISHED", "交易成功时")                                      \
    X(RF__FROM_FILED,            "complaint_filed", "发起维权时")

typedef enum rf__clock {
#define RF_X_(e, text, zh) e,
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
    const char *why_not_zh;      /* the same in Chinese */
} rf__deadline_rule;

extern const rf__deadline_rule rf__deadline_rules[];
extern const size_t rf__deadline_rule_count;
const char *rf__when_text(rf__when when);
const char *rf__clock_text(rf__clock clock);
/* The same in Chinese, for `refund rules --lang zh`. */
const char *rf__when_text_zh(rf__when when);
const char *rf__clock_text_zh(rf__clock clock);
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
    const char *what_zh;
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
