/*
 * The rule tables of rules.h: deadlines by state, complaint eligibility, who
 * answers a complaint, and the steps that drive another machine. Every row
 * names the seed line it encodes (RULES.md cites the same lines); numbers
 * are policy keys, never literals.
 */
#include "rules.h"

#include <string.h>

#include <stddef.h>

#define POLICY(key, unit) #key, offsetof(rf_policy, key), unit
#define NO_POLICY NULL, 0, RF__UNIT_NONE
#define NO_EXPIRY (-1)

#define TRADE RF_MACHINE_TRADE
#define REFUND RF_MACHINE_REFUND
#define EXCH RF_MACHINE_EXCHANGE
#define INTV RF_MACHINE_INTERVENTION
#define COMPL RF_MACHINE_COMPLAINT
#define DAYS RF__UNIT_DAYS
#define HOURS RF__UNIT_HOURS

/* A clock-less row: the state waits, and why no timer runs. */
#define WAITS(m, state, when, actor, seed, why, why_zh) \
    {"-", m, state, when, actor, RF__FROM_NONE, NO_POLICY, NO_EXPIRY, seed, why, why_zh}

/* Rows of one state stand together, so the table reads state by state
 * (tests/test_machine.c checks it); the engine finds them through
 * rf__deadline_index (engine.h). */
const rf__deadline_rule rf__deadline_rules[] = {
    /* ---- trade (RULES.md 2.1) ---- */
    /* Unpaid orders are kept 3 days, then closed (000:26). */
    {"pay", TRADE, RF_TRADE_WAIT_BUYER_PAY, RF__WHEN_ALWAYS, RF_ACTOR_BUYER, RF__FROM_CREATED,
     POLICY(unpaid_close_days, DAYS), RF_EV_TRADE_CLOSED, "000:26", NULL, NULL},
    /* The seller ships within 72 hours of payment; nothing fires, a late
     * shipment is LATE_SHIPMENT and opens the delayed-shipment complaint (000:710). */
    {"ship", TRADE, RF_TRADE_WAIT_SELLER_SEND_GOODS, RF__WHEN_NOT_EXEMPT, RF_ACTOR_SELLER, RF__FROM_PAID,
     POLICY(ship_hours, HOURS), NO_EXPIRY, "000:710", NULL, NULL},
    WAITS(TRADE, RF_TRADE_WAIT_SELLER_SEND_GOODS, RF__WHEN_EXEMPT, RF_ACTOR_SELLER, "000:710",
          "custom-made, presale and special-delivery goods have no shipping limit",
          "定制、预售及特殊运送商品没有发货时限"),
    /* Auto-confirm receipt after shipment, by the delivery mode (TOP); the
     * timer pauses while a request is open (RULES.md 2.1). */
    {"confirm_receipt", TRADE, RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, RF__WHEN_EXPRESS, RF_ACTOR_BUYER,
     RF__FROM_SHIPPED, POLICY(receipt_express_days, DAYS), RF_EV_RECEIPT_CONFIRMED, "000:644", NULL, NULL},
    {"confirm_receipt", TRADE, RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, RF__WHEN_SURFACE_MAIL, RF_ACTOR_BUYER,
     RF__FROM_SHIPPED, POLICY(receipt_surface_mail_days, DAYS), RF_EV_RECEIPT_CONFIRMED, "000:644", NULL, NULL},
    {"confirm_receipt", TRADE, RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, RF__WHEN_VIRTUAL, RF_ACTOR_BUYER,
     RF__FROM_SHIPPED, POLICY(receipt_virtual_days, DAYS), RF_EV_RECEIPT_CONFIRMED, "000:644", NULL, NULL},
    /* The 7-day no-reason window: 168 hours from 00:00 the day after
     * delivery (000:628). It only opens a right: nothing fires. */
    {"seven_day_return", TRADE, RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, RF__WHEN_SEVEN_DAY_OPEN, RF_ACTOR_BUYER,
     RF__FROM_DELIVERY, POLICY(seven_day_hours, HOURS), NO_EXPIRY, "000:628", NULL, NULL},
    {"seven_day_return", TRADE, RF_TRADE_FINISHED, RF__WHEN_SEVEN_DAY_OPEN, RF_ACTOR_BUYER,
     RF__FROM_DELIVERY, POLICY(seven_day_hours, HOURS), NO_EXPIRY, "000:628", NULL, NULL},
    /* The buyer's window to complain after success (000:698). */
    {"complaint_window", TRADE, RF_TRADE_FINISHED, RF__WHEN_NO_OPEN_COMPLAINT, RF_ACTOR_BUYER,
     RF__FROM_FINISHED, POLICY(complaint_window_days, DAYS), NO_EXPIRY, "000:698", NULL, NULL},

    /* ---- refund (RULES.md 2.2, platform defaults from TOP) ---- */
    {"seller_response", REFUND, RF_REFUND_WAIT_SELLER_AGREE, RF__WHEN_UNSHIPPED, RF_ACTOR_SELLER,
     RF__FROM_STATE, POLICY(seller_agree_unshipped_days, DAYS), RF_EV_REFUND_AGREED, "TOP", NULL, NULL},
    {"seller_response", REFUND, RF_REFUND_WAIT_SELLER_AGREE, RF__WHEN_SHIPPED, RF_ACTOR_SELLER,
     RF__FROM_STATE, POLICY(seller_agree_shipped_days, DAYS), RF_EV_REFUND_AGREED, "TOP", NULL, NULL},
    /* The buyer answers a refusal by modifying or by escalating; once the
     * platform is called in (000:694) the dispute waits for its ruling. */
    {"buyer_modify", REFUND, RF_REFUND_SELLER_REFUSE_BUYER, RF__WHEN_NOT_ESCALATED, RF_ACTOR_BUYER,
     RF__FROM_STATE, POLICY(buyer_modify_days, DAYS), RF_EV_REFUND_CANCELLED, "TOP", NULL, NULL},
    WAITS(REFUND, RF_REFUND_SELLER_REFUSE_BUYER, RF__WHEN_ESCALATED, RF_ACTOR_PLATFORM, "000:694",
          "the platform was called in: the request waits for its ruling, which the seeds do not time",
          "已申请客服介入:申请等待客服判定,规则未规定判定时限"),
    {"buyer_return", REFUND, RF_REFUND_WAIT_BUYER_RETURN_GOODS, RF__WHEN_ALWAYS, RF_ACTOR_BUYER,
     RF__FROM_STATE, POLICY(buyer_return_days, DAYS), RF_EV_REFUND_CANCELLED, "TOP", NULL, NULL},
    {"seller_confirm_return", REFUND, RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, RF__WHEN_NOT_SURFACE_MAIL,
     RF_ACTOR_SELLER, RF__FROM_STATE, POLICY(seller_confirm_express_days, DAYS), RF_EV_RETURN_RECEIVED, "TOP", NULL, NULL},
    {"seller_confirm_return", REFUND, RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, RF__WHEN_SURFACE_MAIL,
     RF_ACTOR_SELLER, RF__FROM_STATE, POLICY(seller_confirm_surface_mail_days, DAYS), RF_EV_RETURN_RECEIVED, "TOP", NULL, NULL},

    /* ---- exchange (RULES.md 2.3): the refund's four timers, then the replacement ---- */
    {"seller_response", EXCH, RF_EXCH_WAIT_SELLER_AGREE, RF__WHEN_UNSHIPPED, RF_ACTOR_SELLER,
     RF__FROM_STATE, POLICY(seller_agree_unshipped_days, DAYS), RF_EV_REFUND_AGREED, "TOP", NULL, NULL},
    {"seller_response", EXCH, RF_EXCH_WAIT_SELLER_AGREE, RF__WHEN_SHIPPED, RF_ACTOR_SELLER,
     RF__FROM_STATE, POLICY(seller_agree_shipped_days, DAYS), RF_EV_REFUND_AGREED, "TOP", NULL, NULL},
    {"buyer_modify", EXCH, RF_EXCH_SELLER_REFUSE_BUYER, RF__WHEN_NOT_ESCALATED, RF_ACTOR_BUYER,
     RF__FROM_STATE, POLICY(buyer_modify_days, DAYS), RF_EV_REFUND_CANCELLED, "TOP", NULL, NULL},
    WAITS(EXCH, RF_EXCH_SELLER_REFUSE_BUYER, RF__WHEN_ESCALATED, RF_ACTOR_PLATFORM, "000:694",
          "the platform was called in: the request waits for its ruling, which the seeds do not time",
          "已申请客服介入:申请等待客服判定,规则未规定判定时限"),
    {"buyer_return", EXCH, RF_EXCH_WAIT_BUYER_RETURN_GOODS, RF__WHEN_ALWAYS, RF_ACTOR_BUYER,
     RF__FROM_STATE, POLICY(buyer_return_days, DAYS), RF_EV_REFUND_CANCELLED, "TOP", NULL, NULL},
    {"seller_confirm_return", EXCH, RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, RF__WHEN_NOT_SURFACE_MAIL,
     RF_ACTOR_SELLER, RF__FROM_STATE, POLICY(seller_confirm_express_days, DAYS), RF_EV_RETURN_RECEIVED, "TOP", NULL, NULL},
    {"seller_confirm_return", EXCH, RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, RF__WHEN_SURFACE_MAIL,
     RF_ACTOR_SELLER, RF__FROM_STATE, POLICY(seller_confirm_surface_mail_days, DAYS), RF_EV_RETURN_RECEIVED, "TOP", NULL, NULL},
    /* The replacement ships within 72 hours of the return's receipt, or of
     * the postage the buyer owed (the shipping rule of 000:710 applied to
     * the replacement, 000:610). Nothing fires: a later shipment is
     * LATE_SHIPMENT. No clock runs while owed postage is unpaid. */
    {"exchange_ship", EXCH, RF_EXCH_WAIT_SELLER_SEND_GOODS, RF__WHEN_POSTAGE_SETTLED, RF_ACTOR_SELLER,
     RF__FROM_REPLACEMENT, POLICY(exchange_ship_hours, HOURS), NO_EXPIRY, "000:610,710", NULL, NULL},
    WAITS(EXCH, RF_EXCH_WAIT_SELLER_SEND_GOODS, RF__WHEN_POSTAGE_OWED, RF_ACTOR_BUYER, "000:610",
          "the buyer owes the exchange postage: the replacement ships once it is paid, and no clock runs before",
          "买家应付换货邮费:付清后卖家才换出,付清前不计时"),
    /* The trade's receipt period, counted from the reshipment (000:610). */
    {"confirm_exchange", EXCH, RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, RF__WHEN_EXPRESS, RF_ACTOR_BUYER,
     RF__FROM_EXCHANGE_SHIPPED, POLICY(receipt_express_days, DAYS), RF_EV_EXCHANGE_RECEIVED, "000:610", NULL, NULL},
    {"confirm_exchange", EXCH, RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, RF__WHEN_SURFACE_MAIL, RF_ACTOR_BUYER,
     RF__FROM_EXCHANGE_SHIPPED, POLICY(receipt_surface_mail_days, DAYS), RF_EV_EXCHANGE_RECEIVED, "000:610", NULL, NULL},
    {"confirm_exchange", EXCH, RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, RF__WHEN_VIRTUAL, RF_ACTOR_BUYER,
     RF__FROM_EXCHANGE_SHIPPED, POLICY(receipt_virtual_days, DAYS), RF_EV_EXCHANGE_RECEIVED, "000:610", NULL, NULL},

    /* ---- intervention (RULES.md 2.4) ---- */
    WAITS(INTV, RF_INTV_REQUESTED, RF__WHEN_ALWAYS, RF_ACTOR_PLATFORM, "000:694",
          "the seeds set no time for the platform to take up a dispute",
          "规则未规定平台受理纠纷的时限"),
    WAITS(INTV, RF_INTV_INTERVENING, RF__WHEN_ALWAYS, RF_ACTOR_PLATFORM, "000:694",
          "the seeds set no time for the platform's ruling",
          "规则未规定平台判定的时限"),

    /* ---- complaint (RULES.md 2.5): the platform's working-day limit, by type ---- */
    {"platform_handle", COMPL, RF_COMPLAINT_FILED, RF__WHEN_PLATFORM_LIMIT, RF_ACTOR_PLATFORM,
     RF__FROM_FILED, NO_POLICY, NO_EXPIRY, "000:700,710", NULL, NULL},
    WAITS(COMPL, RF_COMPLAINT_FILED, RF__WHEN_NO_PLATFORM_LIMIT, RF_ACTOR_PLATFORM, "000:698-708",
          "the seeds set no time for the platform to handle this complaint type",
          "规则未规定平台处理该类维权的时限"),
    {"platform_handle", COMPL, RF_COMPLAINT_APPEALED, RF__WHEN_PLATFORM_LIMIT, RF_ACTOR_PLATFORM,
     RF__FROM_FILED, NO_POLICY, NO_EXPIRY, "000:700,710", NULL, NULL},
    WAITS(COMPL, RF_COMPLAINT_APPEALED, RF__WHEN_NO_PLATFORM_LIMIT, RF_ACTOR_PLATFORM, "000:698-708",
          "the seeds set no time for the platform to handle this complaint type",
          "规则未规定平台处理该类维权的时限"),
};
const size_t rf__deadline_rule_count = sizeof rf__deadline_rules / sizeof rf__deadline_rules[0];
_Static_assert(sizeof rf__deadline_rules / sizeof rf__deadline_rules[0] <= 64,
               "the deadline rows fit the 64 bits of rf__deadline_index (engine.h)");

static const char *const when_texts[] = {
#define RF_X_(e, text, zh) text,
    RF__WHEN_LIST(RF_X_)
#undef RF_X_
};
static const char *const clock_texts[] = {
#define RF_X_(e, text, zh) text,
    RF__CLOCK_LIST(RF_X_)
#undef RF_X_
};

const char *rf__when_text(rf__when when) { return (unsigned)when < RF__WHEN_COUNT ? when_texts[when] : NULL; }
const char *rf__clock_text(rf__clock clock) { return (unsigned)clock < RF__CLOCK_COUNT ? clock_texts[clock] : NULL; }

static const char *const when_texts_zh[] = {
#define RF_X_(e, text, zh) zh,
    RF__WHEN_LIST(RF_X_)
#undef RF_X_
};
static const char *const clock_texts_zh[] = {
#define RF_X_(e, text, zh) zh,
    RF__CLOCK_LIST(RF_X_)
#undef RF_X_
};

const char *rf__when_text_zh(rf__when when) { return (unsigned)when < RF__WHEN_COUNT ? when_texts_zh[when] : NULL; }
const char *rf__clock_text_zh(rf__clock clock) { return (unsigned)clock < RF__CLOCK_COUNT ? clock_texts_zh[clock] : NULL; }

/* The names of the deadlines above, as text shows them: one row per id the
 * rows use (several rows share an id when the limit depends on the goods or
 * the delivery). JSON keeps the id. */
static const struct {
    const char *id, *zh, *en;
} deadline_names[] = {
    {"pay", "付款期限", "payment"},
    {"ship", "发货期限", "shipping"},
    {"confirm_receipt", "确认收货期限", "receipt confirmation"},
    {"seven_day_return", "七天无理由退换期", "7-day no-reason return"},
    {"complaint_window", "维权期", "complaint window"},
    {"seller_response", "卖家处理申请期限", "seller's answer to the request"},
    {"buyer_modify", "买家修改申请期限", "buyer's modifying the request"},
    {"buyer_return", "买家退货期限", "buyer's return of the goods"},
    {"seller_confirm_return", "卖家确认收到退货期限", "seller's confirming the return"},
    {"exchange_ship", "卖家换出期限", "shipping the replacement"},
    {"confirm_exchange", "买家确认收到换货期限", "confirming the replacement"},
    {"platform_handle", "平台处理期限", "platform's handling"},
};

const char *rf__deadline_label(const char *id, bool zh) {
    if (!id) return zh ? "期限" : "deadline";
    for (size_t i = 0; i < sizeof deadline_names / sizeof deadline_names[0]; i++)
        if (!strcmp(deadline_names[i].id, id)) return zh ? deadline_names[i].zh : deadline_names[i].en;
    return id;
}

/* ---- complaints: who may file what, and when (000:698-710) ------------------------ */

#define BUYER (1u << RF_ACTOR_BUYER)
#define PARTIES ((1u << RF_ACTOR_BUYER) | (1u << RF_ACTOR_SELLER))

const rf__complaint_rule rf__complaint_rules[RF_COMPLAINT_COUNT] = {
    [RF_COMPLAINT_AFTER_SALES] = {RF_COMPLAINT_AFTER_SALES, BUYER, false, RF__WINDOW_AFTER_FINISHED,
                                  "complaint_window_days", offsetof(rf_policy, complaint_window_days),
                                  false, false, NULL, 0, "000:698"},
    [RF_COMPLAINT_NOT_RECEIVED] = {RF_COMPLAINT_NOT_RECEIVED, BUYER, false, RF__WINDOW_AFTER_FINISHED,
                                   "complaint_window_days", offsetof(rf_policy, complaint_window_days),
                                   false, false, "not_received_platform_workdays",
                                   offsetof(rf_policy, not_received_platform_workdays), "000:700"},
    /* 恶意骚扰: not for mall trades (000:700). */
    [RF_COMPLAINT_HARASSMENT] = {RF_COMPLAINT_HARASSMENT, BUYER, false, RF__WINDOW_AFTER_FINISHED,
                                 "complaint_window_days", offsetof(rf_policy, complaint_window_days),
                                 true, false, NULL, 0, "000:700"},
    /* The reviewed party files, once a neutral or negative review took effect (000:702-708). */
    [RF_COMPLAINT_MALICIOUS_REVIEW] = {RF_COMPLAINT_MALICIOUS_REVIEW, PARTIES, true, RF__WINDOW_AFTER_FINISHED,
                                       "complaint_window_days", offsetof(rf_policy, complaint_window_days),
                                       false, false, NULL, 0, "000:702-708"},
    [RF_COMPLAINT_DELAYED_SHIPMENT] = {RF_COMPLAINT_DELAYED_SHIPMENT, BUYER, false, RF__WINDOW_AFTER_SHIP_LIMIT,
                                       "ship_hours", offsetof(rf_policy, ship_hours), false, true,
                                       "delayed_shipment_platform_workdays",
                                       offsetof(rf_policy, delayed_shipment_platform_workdays), "000:710"},
    [RF_COMPLAINT_BREACH_OF_PROMISE] = {RF_COMPLAINT_BREACH_OF_PROMISE, BUYER, false, RF__WINDOW_UNPAID_OR_CLOSED,
                                        "breach_window_days", offsetof(rf_policy, breach_window_days), false, false,
                                        "breach_platform_workdays", offsetof(rf_policy, breach_platform_workdays),
                                        "000:710"},
};

/* ---- who answers a complaint ------------------------------------------------------- */

const rf__party_rule rf__party_rules[] = {
    /* The respondent answers with evidence (000:712-722). */
    {RF_EV_COMPLAINT_APPEALED, false, "000:712"},
    /* The complainant withdraws (000:698). */
    {RF_EV_COMPLAINT_WITHDRAWN, true, "000:698"},
};
const size_t rf__party_rule_count = sizeof rf__party_rules / sizeof rf__party_rules[0];

const rf__party_rule *rf__party_rule_of(rf_event_type event) {
    for (size_t i = 0; i < rf__party_rule_count; i++)
        if (rf__party_rules[i].event == event) return &rf__party_rules[i];
    return NULL;
}

/* ---- steps that drive another machine ------------------------------------------------ */

const rf__cascade rf__cascades[] = {
    /* A ruling ends the refund or exchange it was about: for the buyer in
     * SUCCESS, paying the amount as ruled; for the seller in CLOSED (000:694). */
    {RF_MACHINE_INTERVENTION, RF_EV_RULING, RF__TARGET_REQUEST, RF_EV_RULING,
     "a ruling ends the request it was about", "客服判定即结束所涉申请", "000:694"},
    /* A request that ends in SUCCESS closes the trade when the goods came
     * back in a return, or when the refunds reach what was paid for the
     * item; an exchange never does (RULES.md 2.1). */
    {RF_MACHINE_REFUND, RF_EV_REFUND_SUCCEEDED, RF__TARGET_TRADE, RF_EV_REFUND_SUCCEEDED,
     "a return with the goods back, or refunds reaching the item's price, close the trade",
     "退货退回商品,或累计退款达到商品价格,即关闭交易", "TOP"},
};
const size_t rf__cascade_count = sizeof rf__cascades / sizeof rf__cascades[0];

/* ---- what a finding rests on (TOP.md section 3) ------------------------------------ */

const rf__rests_on rf__finding_rests_on[RF_FINDING_COUNT] = {
    {RF_FINDING_NONE, 0, "-"},
    /* Legality, actors and order come from the events themselves. */
    {RF_FINDING_ILLEGAL_TRANSITION, 0, "the events"},
    {RF_FINDING_WRONG_ACTOR, 0, "the events"},
    {RF_FINDING_OUT_OF_ORDER, 0, "the events"},
    {RF_FINDING_DUPLICATE_EVENT, 0, "the events"},
    /* Receipt and return-confirmation periods depend on the delivery mode. */
    {RF_FINDING_MISSED_TIMEOUT, RF__OKEY(DELIVERY), "deadline lengths (delivery mode)"},
    /* The 7-day window opens at delivery; eligibility is the order's. */
    {RF_FINDING_SEVEN_DAY_REFUSAL, RF__OKEY(SEVEN_DAY_RETURN) | RF__OKEY(SHIP_EXEMPT) | RF__RESTS_ON_DELIVERY,
     "7-day eligibility and window"},
    {RF_FINDING_NOT_ELIGIBLE, RF__OKEY(SEVEN_DAY_RETURN) | RF__OKEY(SHIP_EXEMPT) | RF__RESTS_ON_DELIVERY,
     "7-day eligibility and window"},
    {RF_FINDING_AMOUNT_EXCEEDS_PAID, RF__OKEY(ITEM_AMOUNT) | RF__OKEY(SHIPPING_FEE), "what the buyer paid"},
    {RF_FINDING_AMOUNT_MISMATCH, RF__SETTLEMENT_FACTS, "the settlement"},
    {RF_FINDING_LATE_SHIPMENT, RF__OKEY(SHIP_EXEMPT), "the shipping limit (exempt goods)"},
    {RF_FINDING_PLATFORM_LATE, 0, "the calendar"},
    {RF_FINDING_EXCHANGE_POSTAGE_UNPAID, RF__SETTLEMENT_FACTS, "the settlement"},
};
