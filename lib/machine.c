/*
 * The five machines of RULES.md section 2 as const transition tables, and the
 * pure step function that reads them. A rule lives in exactly one row: the
 * engine, `refund graph` and `refund rules` all read these same rows.
 */
#include "internal.h"

#include <string.h>

#define B  (1u << RF_ACTOR_BUYER)
#define S  (1u << RF_ACTOR_SELLER)
#define P  (1u << RF_ACTOR_PLATFORM)
#define C  (1u << RF_ACTOR_CARRIER)
#define Y  (1u << RF_ACTOR_SYSTEM)

/* ---- trade (交易), RULES.md 2.1 ------------------------------------------- */

#define RF_NAME4_(e, n, z, s) n,
#define RF_LABEL4_(e, n, z, s) z,
#define RF_SEED4_(e, n, z, s) s,

static const char *const trade_names[] = {RF_TRADE_STATE_LIST(RF_NAME4_)};
static const char *const trade_labels[] = {RF_TRADE_STATE_LIST(RF_LABEL4_)};
static const char *const trade_seeds[] = {RF_TRADE_STATE_LIST(RF_SEED4_)};

static const rf_transition trade_rows[] = {
    /* An order exists once created; unpaid orders are kept 3 days (000:26). */
    {RF_TRADE_NO_CREATE_PAY, RF_EV_ORDER_CREATED, B, RF_GUARD_NONE, RF_TRADE_WAIT_BUYER_PAY, "000:26"},
    {RF_TRADE_WAIT_BUYER_PAY, RF_EV_PAID, B, RF_GUARD_NONE, RF_TRADE_WAIT_SELLER_SEND_GOODS, "000:26"},
    /* Closed by either party, or by the system when the unpaid time runs out. */
    {RF_TRADE_WAIT_BUYER_PAY, RF_EV_TRADE_CLOSED, B | S | Y, RF_GUARD_NONE, RF_TRADE_CLOSED_BY_TAOBAO, "000:26"},
    /* Shipment time is the carrier's record (000:710). */
    {RF_TRADE_WAIT_SELLER_SEND_GOODS, RF_EV_SHIPPED, S, RF_GUARD_NONE, RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, "000:710"},
    /* A refund of the whole paid amount before shipment closes the trade. */
    {RF_TRADE_WAIT_SELLER_SEND_GOODS, RF_EV_REFUND_SUCCEEDED, Y, RF_GUARD_NONE, RF_TRADE_CLOSED, "TOP"},
    {RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, RF_EV_DELIVERED, C, RF_GUARD_NONE, RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, "000:628"},
    /* The buyer confirms, or the system auto-confirms when the receipt period ends. */
    {RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, RF_EV_RECEIPT_CONFIRMED, B | Y, RF_GUARD_NONE, RF_TRADE_FINISHED, "000:644"},
    /* Staff extend the receipt period while a return is under way (000:644). */
    {RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, RF_EV_RECEIPT_EXTENDED, B | S, RF_GUARD_NONE, RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, "000:644"},
    {RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, RF_EV_REFUND_SUCCEEDED, Y, RF_GUARD_NONE, RF_TRADE_CLOSED, "TOP"},
    /* The carrier's delivery record may arrive after the buyer confirmed. */
    {RF_TRADE_FINISHED, RF_EV_DELIVERED, C, RF_GUARD_NONE, RF_TRADE_FINISHED, "000:628"},
    /* Reviews follow a finished trade; a neutral or negative one that took
     * effect opens the malicious-review complaint (000:702). */
    {RF_TRADE_FINISHED, RF_EV_REVIEW_POSTED, B | S, RF_GUARD_NONE, RF_TRADE_FINISHED, "000:702"},
    {RF_TRADE_FINISHED, RF_EV_REVIEW_EFFECTIVE, P | Y, RF_GUARD_NONE, RF_TRADE_FINISHED, "000:702"},
};

/* ---- refund / return-and-refund (退款, 退货退款), RULES.md 2.2 ------------ */

static const char *const refund_names[] = {RF_REFUND_STATE_LIST(RF_NAME4_)};
static const char *const refund_labels[] = {RF_REFUND_STATE_LIST(RF_LABEL4_)};
static const char *const refund_seeds[] = {RF_REFUND_STATE_LIST(RF_SEED4_)};

static const rf_transition refund_rows[] = {
    {RF_REFUND_NONE, RF_EV_REFUND_REQUESTED, B, RF_GUARD_TRADE_PAID, RF_REFUND_WAIT_SELLER_AGREE, "000:614"},
    /* The seller checks the amount and agrees (or the answer time runs out). */
    {RF_REFUND_WAIT_SELLER_AGREE, RF_EV_REFUND_AGREED, S | Y, RF_GUARD_REFUND_ONLY, RF_REFUND_SUCCESS, "000:614"},
    /* Agreeing once the goods of this request are already back (the seller
     * rejected them, the buyer modified the amount: 000:614, 752) waits for
     * the seller to confirm them, not for a second return. Rows are read in
     * order: this one comes before the plain return. */
    {RF_REFUND_WAIT_SELLER_AGREE, RF_EV_REFUND_AGREED, S | Y, RF_GUARD_GOODS_BACK, RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, "000:614,752"},
    {RF_REFUND_WAIT_SELLER_AGREE, RF_EV_REFUND_AGREED, S | Y, RF_GUARD_RETURN_REFUND, RF_REFUND_WAIT_BUYER_RETURN_GOODS, "000:756"},
    /* A wrong amount is refused so the buyer can modify it; an eligible 7-day
     * request cannot be refused before the goods come back (000:614, 752). */
    {RF_REFUND_WAIT_SELLER_AGREE, RF_EV_REFUND_REFUSED, S, RF_GUARD_MAY_REFUSE, RF_REFUND_SELLER_REFUSE_BUYER, "000:614,752"},
    /* The buyer modifies the request once the seller refused it (000:616), or
     * before the seller answered (a platform default: the seeds are silent);
     * either way the seller's answer time starts again. */
    {RF_REFUND_WAIT_SELLER_AGREE, RF_EV_REFUND_MODIFIED, B, RF_GUARD_NONE, RF_REFUND_WAIT_SELLER_AGREE, "TOP"},
    {RF_REFUND_SELLER_REFUSE_BUYER, RF_EV_REFUND_MODIFIED, B, RF_GUARD_NONE, RF_REFUND_WAIT_SELLER_AGREE, "000:616"},
    /* The buyer enters the return's tracking number (000:756). */
    {RF_REFUND_WAIT_BUYER_RETURN_GOODS, RF_EV_RETURN_SHIPPED, B, RF_GUARD_NONE, RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, "000:756"},
    /* Received: sent to finance to pay the refund (000:618). */
    {RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, RF_EV_RETURN_RECEIVED, S | Y, RF_GUARD_NONE, RF_REFUND_SUCCESS, "000:618"},
    /* Inspected and refused (not new, parts missing): back to the buyer (000:614, 752). */
    {RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, RF_EV_RETURN_REJECTED, S, RF_GUARD_NONE, RF_REFUND_SELLER_REFUSE_BUYER, "000:614,752"},
    /* The buyer may cancel any open refund; the system closes it when the
     * buyer lets a modify or return period run out. */
    {RF_REFUND_WAIT_SELLER_AGREE, RF_EV_REFUND_CANCELLED, B, RF_GUARD_NONE, RF_REFUND_CLOSED, "TOP"},
    {RF_REFUND_SELLER_REFUSE_BUYER, RF_EV_REFUND_CANCELLED, B | Y, RF_GUARD_NONE, RF_REFUND_CLOSED, "TOP"},
    {RF_REFUND_WAIT_BUYER_RETURN_GOODS, RF_EV_REFUND_CANCELLED, B | Y, RF_GUARD_NONE, RF_REFUND_CLOSED, "TOP"},
    {RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, RF_EV_REFUND_CANCELLED, B, RF_GUARD_NONE, RF_REFUND_CLOSED, "TOP"},
    /* A platform ruling ends the refund (000:694). */
    {RF_REFUND_WAIT_SELLER_AGREE, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_REFUND_SUCCESS, "000:694"},
    {RF_REFUND_WAIT_SELLER_AGREE, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_REFUND_CLOSED, "000:694"},
    {RF_REFUND_SELLER_REFUSE_BUYER, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_REFUND_SUCCESS, "000:694"},
    {RF_REFUND_SELLER_REFUSE_BUYER, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_REFUND_CLOSED, "000:694"},
    {RF_REFUND_WAIT_BUYER_RETURN_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_REFUND_SUCCESS, "000:694"},
    {RF_REFUND_WAIT_BUYER_RETURN_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_REFUND_CLOSED, "000:694"},
    {RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_REFUND_SUCCESS, "000:694"},
    {RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_REFUND_CLOSED, "000:694"},
};

/* ---- exchange (换货), RULES.md 2.3 ----------------------------------------- */

static const char *const exch_names[] = {RF_EXCHANGE_STATE_LIST(RF_NAME4_)};
static const char *const exch_labels[] = {RF_EXCHANGE_STATE_LIST(RF_LABEL4_)};
static const char *const exch_seeds[] = {RF_EXCHANGE_STATE_LIST(RF_SEED4_)};

static const rf_transition exch_rows[] = {
    {RF_EXCH_NONE, RF_EV_REFUND_REQUESTED, B, RF_GUARD_TRADE_PAID, RF_EXCH_WAIT_SELLER_AGREE, "000:608"},
    {RF_EXCH_WAIT_SELLER_AGREE, RF_EV_REFUND_AGREED, S | Y, RF_GUARD_GOODS_BACK, RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, "000:614,752"},
    {RF_EXCH_WAIT_SELLER_AGREE, RF_EV_REFUND_AGREED, S | Y, RF_GUARD_NONE, RF_EXCH_WAIT_BUYER_RETURN_GOODS, "000:608"},
    {RF_EXCH_WAIT_SELLER_AGREE, RF_EV_REFUND_REFUSED, S, RF_GUARD_MAY_REFUSE, RF_EXCH_SELLER_REFUSE_BUYER, "000:614,752"},
    {RF_EXCH_WAIT_SELLER_AGREE, RF_EV_REFUND_MODIFIED, B, RF_GUARD_NONE, RF_EXCH_WAIT_SELLER_AGREE, "TOP"},
    {RF_EXCH_SELLER_REFUSE_BUYER, RF_EV_REFUND_MODIFIED, B, RF_GUARD_NONE, RF_EXCH_WAIT_SELLER_AGREE, "000:616"},
    {RF_EXCH_WAIT_BUYER_RETURN_GOODS, RF_EV_RETURN_SHIPPED, B, RF_GUARD_NONE, RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, "000:606"},
    /* The warehouse unpacks, checks and logs the returned goods (000:606). */
    {RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, RF_EV_RETURN_RECEIVED, S | Y, RF_GUARD_NONE, RF_EXCH_WAIT_SELLER_SEND_GOODS, "000:606"},
    {RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, RF_EV_RETURN_REJECTED, S, RF_GUARD_NONE, RF_EXCH_SELLER_REFUSE_BUYER, "000:614,752"},
    /* Without the postage the shop asks the buyer to pay it (000:610). */
    {RF_EXCH_WAIT_SELLER_AGREE, RF_EV_EXCHANGE_POSTAGE_PAID, B, RF_GUARD_NONE, RF_EXCH_WAIT_SELLER_AGREE, "000:610"},
    {RF_EXCH_WAIT_BUYER_RETURN_GOODS, RF_EV_EXCHANGE_POSTAGE_PAID, B, RF_GUARD_NONE, RF_EXCH_WAIT_BUYER_RETURN_GOODS, "000:610"},
    {RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, RF_EV_EXCHANGE_POSTAGE_PAID, B, RF_GUARD_NONE, RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, "000:610"},
    {RF_EXCH_WAIT_SELLER_SEND_GOODS, RF_EV_EXCHANGE_POSTAGE_PAID, B, RF_GUARD_NONE, RF_EXCH_WAIT_SELLER_SEND_GOODS, "000:610"},
    /* The replacement ships once postage owed is paid; quality problems ship free (000:610). */
    {RF_EXCH_WAIT_SELLER_SEND_GOODS, RF_EV_EXCHANGE_SHIPPED, S, RF_GUARD_POSTAGE_SETTLED, RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, "000:610"},
    {RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, RF_EV_EXCHANGE_RECEIVED, B | Y, RF_GUARD_NONE, RF_EXCH_SUCCESS, "000:610"},
    /* Closing as in 2.2: the buyer may cancel from any open state, the
     * exchange's own reshipment states included; the system closes it when
     * the buyer lets a modify or return period run out. */
    {RF_EXCH_WAIT_SELLER_AGREE, RF_EV_REFUND_CANCELLED, B, RF_GUARD_NONE, RF_EXCH_CLOSED, "TOP"},
    {RF_EXCH_SELLER_REFUSE_BUYER, RF_EV_REFUND_CANCELLED, B | Y, RF_GUARD_NONE, RF_EXCH_CLOSED, "TOP"},
    {RF_EXCH_WAIT_BUYER_RETURN_GOODS, RF_EV_REFUND_CANCELLED, B | Y, RF_GUARD_NONE, RF_EXCH_CLOSED, "TOP"},
    {RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, RF_EV_REFUND_CANCELLED, B, RF_GUARD_NONE, RF_EXCH_CLOSED, "TOP"},
    {RF_EXCH_WAIT_SELLER_SEND_GOODS, RF_EV_REFUND_CANCELLED, B, RF_GUARD_NONE, RF_EXCH_CLOSED, "TOP"},
    {RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, RF_EV_REFUND_CANCELLED, B, RF_GUARD_NONE, RF_EXCH_CLOSED, "TOP"},
    /* A platform ruling ends the exchange it was called into, in any open
     * state (000:694): the reshipment leg too, where no timeout would ever
     * end a seller's failure to ship. */
    {RF_EXCH_WAIT_SELLER_AGREE, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_EXCH_SUCCESS, "000:694"},
    {RF_EXCH_WAIT_SELLER_AGREE, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_EXCH_CLOSED, "000:694"},
    {RF_EXCH_SELLER_REFUSE_BUYER, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_EXCH_SUCCESS, "000:694"},
    {RF_EXCH_SELLER_REFUSE_BUYER, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_EXCH_CLOSED, "000:694"},
    {RF_EXCH_WAIT_BUYER_RETURN_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_EXCH_SUCCESS, "000:694"},
    {RF_EXCH_WAIT_BUYER_RETURN_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_EXCH_CLOSED, "000:694"},
    {RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_EXCH_SUCCESS, "000:694"},
    {RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_EXCH_CLOSED, "000:694"},
    {RF_EXCH_WAIT_SELLER_SEND_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_EXCH_SUCCESS, "000:694"},
    {RF_EXCH_WAIT_SELLER_SEND_GOODS, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_EXCH_CLOSED, "000:694"},
    {RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, RF_EV_RULING, P, RF_GUARD_FOR_BUYER, RF_EXCH_SUCCESS, "000:694"},
    {RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, RF_EV_RULING, P, RF_GUARD_FOR_SELLER, RF_EXCH_CLOSED, "000:694"},
};

/* ---- platform intervention (客服介入), RULES.md 2.4 ----------------------- */

static const char *const intv_names[] = {RF_INTERVENTION_STATE_LIST(RF_NAME4_)};
static const char *const intv_labels[] = {RF_INTERVENTION_STATE_LIST(RF_LABEL4_)};
static const char *const intv_seeds[] = {RF_INTERVENTION_STATE_LIST(RF_SEED4_)};

static const rf_transition intv_rows[] = {
    /* Either party may call the platform in while a refund is open and they
     * cannot agree (000:694). */
    {RF_INTV_NONE, RF_EV_INTERVENTION_REQUESTED, B | S, RF_GUARD_REFUND_OPEN, RF_INTV_REQUESTED, "000:694"},
    {RF_INTV_REQUESTED, RF_EV_INTERVENTION_STARTED, P, RF_GUARD_NONE, RF_INTV_INTERVENING, "000:694"},
    /* Chat logs, 旺旺 evidence numbers, site mail, SMS photos, call lists (000:714-722). */
    {RF_INTV_INTERVENING, RF_EV_EVIDENCE_SUBMITTED, B | S, RF_GUARD_NONE, RF_INTV_INTERVENING, "000:714-722"},
    {RF_INTV_INTERVENING, RF_EV_RULING, P, RF_GUARD_NONE, RF_INTV_RULED, "000:694"},
};

/* ---- complaint (维权), RULES.md 2.5 ---------------------------------------- */

static const char *const compl_names[] = {RF_COMPLAINT_STATE_LIST(RF_NAME4_)};
static const char *const compl_labels[] = {RF_COMPLAINT_STATE_LIST(RF_LABEL4_)};
static const char *const compl_seeds[] = {RF_COMPLAINT_STATE_LIST(RF_SEED4_)};

static const rf_transition compl_rows[] = {
    /* Who may file what, and when, is the eligibility guard (000:698-710). */
    {RF_COMPLAINT_NONE, RF_EV_COMPLAINT_FILED, B | S, RF_GUARD_COMPLAINT_ELIGIBLE, RF_COMPLAINT_FILED, "000:698-710"},
    /* The respondent answers with evidence (000:712-722). */
    {RF_COMPLAINT_FILED, RF_EV_COMPLAINT_APPEALED, B | S, RF_GUARD_NONE, RF_COMPLAINT_APPEALED, "000:712"},
    {RF_COMPLAINT_FILED, RF_EV_COMPLAINT_RESOLVED, P, RF_GUARD_NONE, RF_COMPLAINT_RESOLVED, "000:700"},
    {RF_COMPLAINT_APPEALED, RF_EV_COMPLAINT_RESOLVED, P, RF_GUARD_NONE, RF_COMPLAINT_RESOLVED, "000:700"},
    {RF_COMPLAINT_FILED, RF_EV_COMPLAINT_WITHDRAWN, B | S, RF_GUARD_NONE, RF_COMPLAINT_WITHDRAWN, "000:698"},
    {RF_COMPLAINT_APPEALED, RF_EV_COMPLAINT_WITHDRAWN, B | S, RF_GUARD_NONE, RF_COMPLAINT_WITHDRAWN, "000:698"},
};

#define RF_COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define MACHINE(idv, nm, pre, initial_state, rows)                                     \
    {idv, nm, RF_COUNT_OF(pre##_names), pre##_names, pre##_labels, pre##_seeds,        \
     pre##_terminal, initial_state, rows, RF_COUNT_OF(rows)}

/* Absorbing states: no row leaves them (checked by tests/test_machine.c). */
static const bool trade_terminal[RF_TRADE_STATE_COUNT] = {
    [RF_TRADE_CLOSED] = true, [RF_TRADE_CLOSED_BY_TAOBAO] = true};
static const bool refund_terminal[RF_REFUND_STATE_COUNT] = {
    [RF_REFUND_SUCCESS] = true, [RF_REFUND_CLOSED] = true};
static const bool exch_terminal[RF_EXCHANGE_STATE_COUNT] = {
    [RF_EXCH_SUCCESS] = true, [RF_EXCH_CLOSED] = true};
static const bool intv_terminal[RF_INTERVENTION_STATE_COUNT] = {[RF_INTV_RULED] = true};
static const bool compl_terminal[RF_COMPLAINT_STATE_COUNT] = {
    [RF_COMPLAINT_RESOLVED] = true, [RF_COMPLAINT_WITHDRAWN] = true};

static const rf_machine machines[RF_MACHINE_COUNT] = {
    MACHINE(RF_MACHINE_TRADE, "trade", trade, RF_TRADE_NO_CREATE_PAY, trade_rows),
    MACHINE(RF_MACHINE_REFUND, "refund", refund, RF_REFUND_NONE, refund_rows),
    MACHINE(RF_MACHINE_EXCHANGE, "exchange", exch, RF_EXCH_NONE, exch_rows),
    MACHINE(RF_MACHINE_INTERVENTION, "intervention", intv, RF_INTV_NONE, intv_rows),
    MACHINE(RF_MACHINE_COMPLAINT, "complaint", compl, RF_COMPLAINT_NONE, compl_rows),
};

/* rf__machine_index holds a table's rows as the bits of a uint64_t and a
 * machine's states as 16 slots. */
_Static_assert(RF_COUNT_OF(trade_rows) <= 64 && RF_COUNT_OF(refund_rows) <= 64 && RF_COUNT_OF(exch_rows) <= 64 &&
                   RF_COUNT_OF(intv_rows) <= 64 && RF_COUNT_OF(compl_rows) <= 64,
               "a machine's rows fit the index's 64 bits");
_Static_assert(RF_TRADE_STATE_COUNT <= RF__STATES_MAX && RF_REFUND_STATE_COUNT <= RF__STATES_MAX &&
                   RF_EXCHANGE_STATE_COUNT <= RF__STATES_MAX && RF_INTERVENTION_STATE_COUNT <= RF__STATES_MAX &&
                   RF_COMPLAINT_STATE_COUNT <= RF__STATES_MAX,
               "a machine's states fit the index");

void rf__machine_index_fill(rf__machine_index *ix) {
    memset(ix, 0, sizeof *ix);
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        for (size_t i = 0; i < machines[id].row_count; i++) {
            const rf_transition *row = &machines[id].rows[i];
            /* A row outside the index is never in a mask: rf__machine_rows
             * answers "all rows" for its state and event. */
            if (row->from >= 0 && row->from < RF__STATES_MAX) ix->from[id][row->from] |= UINT64_C(1) << i;
            if ((unsigned)row->event < RF_EV_COUNT) ix->event[id][row->event] |= UINT64_C(1) << i;
        }
    }
}

const rf_machine *rf_machine_get(rf_machine_id id) {
    return (unsigned)id < RF_MACHINE_COUNT ? &machines[id] : NULL;
}

const rf_machine *rf_machine_lookup(const char *name) {
    for (size_t i = 0; name && i < RF_MACHINE_COUNT; i++)
        if (strcmp(machines[i].name, name) == 0) return &machines[i];
    return NULL;
}

/* What a guard requires, in Chinese, for `refund rules --lang zh`. */
const char *rf__guard_label_zh(rf_guard guard) {
    static const char *const labels[RF_GUARD_COUNT] = {
        [RF_GUARD_NONE] = "",
        [RF_GUARD_REFUND_ONLY] = "仅退款",
        [RF_GUARD_RETURN_REFUND] = "退货退款",
        [RF_GUARD_MAY_REFUSE] = "可拒绝:非七天无理由申请且已发货",
        [RF_GUARD_POSTAGE_SETTLED] = "没有未付的换货邮费",
        [RF_GUARD_FOR_BUYER] = "判买家胜",
        [RF_GUARD_FOR_SELLER] = "判卖家胜",
        [RF_GUARD_REFUND_OPEN] = "有进行中的退款或换货",
        [RF_GUARD_TRADE_PAID] = "交易已付款且未关闭",
        [RF_GUARD_COMPLAINT_ELIGIBLE] = "此时可发起该类维权",
        [RF_GUARD_GOODS_BACK] = "该申请的商品已退回",
    };
    return (unsigned)guard < RF_GUARD_COUNT && labels[guard] ? labels[guard] : "";
}

const char *rf_guard_name(rf_guard guard) {
    static const char *const names[] = {
#define RF_X_(e, n, en) n,
        RF_GUARD_LIST(RF_X_)
#undef RF_X_
    };
    return (unsigned)guard < RF_GUARD_COUNT ? names[guard] : NULL;
}

/* ---- findings -------------------------------------------------------------- */

static const char *const finding_names[] = {
#define RF_X_(e, code, zh, en) code,
    RF_FINDING_LIST(RF_X_)
#undef RF_X_
};
static const char *const finding_zh[] = {
#define RF_X_(e, code, zh, en) zh,
    RF_FINDING_LIST(RF_X_)
#undef RF_X_
};
static const char *const finding_en[] = {
#define RF_X_(e, code, zh, en) en,
    RF_FINDING_LIST(RF_X_)
#undef RF_X_
};

const char *rf_finding_name(rf_finding_code code) {
    return (unsigned)code < RF_FINDING_COUNT ? finding_names[code] : NULL;
}

const char *rf_finding_label(rf_finding_code code, bool zh) {
    if ((unsigned)code >= RF_FINDING_COUNT) return NULL;
    return zh ? finding_zh[code] : finding_en[code];
}

/* ---- the step function ------------------------------------------------------ */

/* A guard either passes, passes with a flag to report, or refuses with a code. */
typedef struct guard_result {
    bool pass;
    rf_finding_code code;
} guard_result;

RF__HOT guard_result check_guard(rf_guard guard, const rf_facts *f) {
    guard_result ok = {true, RF_FINDING_NONE};
    guard_result illegal = {false, RF_FINDING_ILLEGAL_TRANSITION};
    switch (guard) {
    case RF_GUARD_NONE:
        return ok;
    case RF_GUARD_REFUND_ONLY:
        return f->kind == RF_KIND_REFUND_ONLY ? ok : illegal;
    case RF_GUARD_RETURN_REFUND:
        return f->kind == RF_KIND_RETURN_REFUND ? ok : illegal;
    case RF_GUARD_MAY_REFUSE:
        /* The seller must agree to an eligible 7-day request first (000:614,
         * 752); TOP's refuse call also rejects unshipped orders. */
        if (f->seven_day_eligible) return (guard_result){false, RF_FINDING_SEVEN_DAY_REFUSAL};
        return f->goods_shipped ? ok : illegal;
    case RF_GUARD_POSTAGE_SETTLED:
        /* The parcel has physically left: the step applies, the unpaid
         * postage is reported. */
        if (f->postage_owed && !f->postage_paid)
            return (guard_result){true, RF_FINDING_EXCHANGE_POSTAGE_UNPAID};
        return ok;
    case RF_GUARD_FOR_BUYER:
        return f->ruling_for == RF_PARTY_BUYER ? ok : illegal;
    case RF_GUARD_FOR_SELLER:
        return f->ruling_for == RF_PARTY_SELLER ? ok : illegal;
    case RF_GUARD_REFUND_OPEN:
        return f->refund_open ? ok : illegal;
    case RF_GUARD_TRADE_PAID:
        return f->trade_paid ? ok : illegal;
    case RF_GUARD_COMPLAINT_ELIGIBLE:
        return f->complaint_eligible ? ok : (guard_result){false, RF_FINDING_NOT_ELIGIBLE};
    case RF_GUARD_GOODS_BACK:
        return f->goods_back ? ok : illegal;
    case RF_GUARD_COUNT:
        break;
    }
    return illegal;
}

rf_status rf_machine_step(const rf_machine *m, int state, rf_event_type type,
                          rf_actor actor, const rf_facts *facts, rf_step *out) {
    rf_facts f = RF_FACTS_INIT;
    if (out) {
        memset(out, 0, sizeof *out);
        out->to = state;
        out->refusal = RF_FINDING_ILLEGAL_TRANSITION;
    }
    if (!m || !out) return RF_E_INVALID; /* the status says it all: there is no rf_error to fill */
    if (facts && rf__facts_import(facts, &f, NULL) != RF_OK) return RF_E_INVALID;
    rf__machine_step(m, state, type, actor, &f, out);
    return RF_OK;
}

/* The step over the rows whose bits are set in `rows` (a superset of the
 * rows that leave `state` on `type`, none past the table's end). */
RF__HOT void step_rows(const rf_machine *m, uint64_t rows, int state, rf_event_type type, rf_actor actor,
                      const rf_facts *f, rf_step *out) {
    const rf_transition *refusing_row = NULL;
    rf_finding_code refusal = RF_FINDING_ILLEGAL_TRANSITION;
    bool state_handles_event = false;

    memset(out, 0, sizeof *out);
    out->to = state;
    out->refusal = RF_FINDING_ILLEGAL_TRANSITION;
    /* The rows in table order: the lowest bit first. */
    for (; rows; rows &= rows - 1) {
        const rf_transition *row = &m->rows[__builtin_ctzll(rows)];
        if (row->from != state || row->event != type) continue;
        state_handles_event = true;
        if (!((unsigned)actor < RF_ACTOR_COUNT && (row->actors & (1u << actor)))) continue;
        /* Most rows have no guard: a plain test ahead of the switch's jump. */
        guard_result g = row->guard == RF_GUARD_NONE ? (guard_result){true, RF_FINDING_NONE} : check_guard(row->guard, f);
        if (g.pass) {
            out->allowed = true;
            out->to = row->to;
            out->refusal = RF_FINDING_NONE;
            out->flag = g.code;
            out->row = row;
            return;
        }
        /* Remember the most specific refusal a guard gave. */
        if (!refusing_row || refusal == RF_FINDING_ILLEGAL_TRANSITION) {
            refusing_row = row;
            refusal = g.code;
        }
    }
    if (refusing_row) {
        out->refusal = refusal;
        out->row = refusing_row;
    } else if (state_handles_event) {
        out->refusal = RF_FINDING_WRONG_ACTOR;
    }
}

/* Every row of m's table. */
static uint64_t all_rows(const rf_machine *m) {
    return m->row_count < 64 ? (UINT64_C(1) << m->row_count) - 1 : UINT64_MAX;
}

void rf__machine_step(const rf_machine *m, int state, rf_event_type type, rf_actor actor, const rf_facts *f,
                      rf_step *out) {
    step_rows(m, all_rows(m), state, type, actor, f, out);
}

void rf__machine_step_over(rf_machine_id id, uint64_t rows, int state, rf_event_type type, rf_actor actor,
                           const rf_facts *f, rf_step *out) {
    const rf_machine *m = &machines[id];
    step_rows(m, rows & all_rows(m), state, type, actor, f, out);
}

void rf__machine_step_in(const rf__machine_index *ix, rf_machine_id id, int state, rf_event_type type,
                         rf_actor actor, const rf_facts *f, rf_step *out) {
    rf__machine_step_over(id, rf__machine_rows(ix, id, state, type), state, type, actor, f, out);
}

const char *rf_state_name(rf_machine_id machine, int state) {
    const rf_machine *m = rf_machine_get(machine);
    return m && state >= 0 && (size_t)state < m->state_count ? m->state_names[state] : NULL;
}

const char *rf_state_label(rf_machine_id machine, int state) {
    const rf_machine *m = rf_machine_get(machine);
    return m && state >= 0 && (size_t)state < m->state_count ? m->state_labels[state] : NULL;
}
