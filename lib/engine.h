/*
 * The replay engine's state: the five machines side by side with the facts
 * their guards and deadlines need. Shared by replay.c (driving events) and
 * deadline.c (what is due when).
 */
#ifndef RF_ENGINE_H
#define RF_ENGINE_H

#include "internal.h"
#include "calendar.h"

#define RF_NO_TIME INT64_MIN

typedef struct rf__complaint_run {
    rf_complaint pub;
    rf_time due;                 /* platform's working-day limit; RF_NO_TIME if none */
} rf__complaint_run;

typedef struct rf__engine {
    const rf_ctx *ctx;
    const rf_policy *policy;
    const rf__calendar *calendar;
    const rf_order *order;

    /* trade */
    rf_trade_state trade;
    rf_time created_at, paid_at, shipped_at, delivered_at, finished_at, receipt_started_at;
    rf_time seven_day_open;               /* 00:00 the day after delivery; set with delivered_at */
    int receipt_extra_days;
    bool review_against[RF_PARTY_COUNT];  /* an effective neutral/negative review against this party */
    int pending_review_by;                /* actor of the last posted, not yet effective, bad review; -1 */

    /* The current (latest) refund or exchange request. Several may follow
     * one another (RULES.md 2.2): a new one starts once this one ended. */
    bool has_refund;
    rf_machine_id refund_machine;
    int refund_state;
    rf_time refund_entered_at;            /* when the current refund state was entered */
    rf_time exchange_shipped_at;
    rf_settle_request request;
    rf_time requested_at;
    /* When the request became a no-reason one (requested so, or modified to
     * it); RF_NO_TIME when its reason is another. 7-day eligibility is judged
     * at each seller decision from this and the request as it stands. */
    rf_time no_reason_since;
    bool goods_returned;                  /* return_shipped seen in this request */
    /* The request's terms as the case infers them (TOP.md section 3): its
     * kind, reason or amount as it stands came from an event listing the
     * key as `inferred`. */
    bool terms_inferred[3];               /* kind, reason, amount */
    bool request_ended;                   /* its money moved into refunded_before */
    bool request_is_open;                 /* has_refund and the state is not terminal */
    bool postage_owed;                    /* exchange: the settlement makes the buyer pay postage */
    bool exchange_postage_paid;
    rf_time postage_paid_at, return_received_at;
    size_t request_index;                 /* the current request in the verdict's list */
    /* Money over the whole order: refunds paid by the requests that ended,
     * and the return postage the buyer advanced in them. */
    rf_fen refunded_before, return_postage_before;
    /* The settlement of `request`, kept until the request changes: rf_settle
     * is pure in the order, the request and the policy, and the engine asks
     * for it on most steps of an exchange. */
    bool settled;
    rf_settle_request settled_for;
    rf_settlement settlement;

    /* The auto-confirm timer pauses while a request is open (RULES.md 2.1):
     * when the running pause began (RF_NO_TIME: running), and the seconds of
     * the pauses that ended. */
    rf_time receipt_paused_at;
    int64_t receipt_paused_s;

    /* The case's import object (TOP.md section 3): the order fields it
     * assumed and the facts it misses. A missing delivery time makes a
     * 7-day request count as inside its window. */
    uint64_t assumed, missing;

    /* intervention of the current request */
    rf_intervention_state intervention;

    /* complaints */
    rf__complaint_run *complaints;
    size_t complaint_count, complaint_cap;

    /* Stand-in state of a machine that has not started (a refund before any
     * request, a complaint before filing): per engine, so replays on many
     * threads share nothing writable. */
    int none_state;

    /* The deadline rows of each machine's state (rf__deadline_index),
     * filled once per verdict box, so a reused verdict does not redo it. */
    const struct rf__deadline_index *deadline_rows;
    /* The deadline rows whose condition on the order holds (or that have
     * another condition): rf__deadline_order_rows, once per replay. */
    uint64_t order_rows;
    /* Of those, the rows whose condition holds() must judge as the history
     * goes (rf__deadline_asked_rows): the others hold whenever their state
     * is current. */
    uint64_t asked_rows;
    /* The transition rows of each state and event (rf__machine_index),
     * filled once per verdict box as well. */
    const rf__machine_index *machine_rows;

    rf_error *err;
    const rf_event *current;              /* the event being judged, for error positions */
} rf__engine;

/* The deadlines open in the engine's current state, sorted by due instant
 * (paused ones last). Writes at most cap; returns how many there are (may
 * exceed cap). */
size_t rf__deadlines(const rf__engine *e, rf_deadline *out, size_t cap);

/* rf__deadlines without the sort. */
size_t rf__deadlines_unsorted(const rf__engine *e, rf_deadline *out, size_t cap);
/* rf__deadlines without the complaints' platform limits, which never
 * expire into an event: what judging a recorded timeout or a replacement's
 * shipping needs, at a cost that does not grow with the complaints open. */
size_t rf__state_deadlines(const rf__engine *e, rf_deadline *out, size_t cap);

/* The rows of rf__deadline_rules that fire an event on expiry in the
 * machines' current states, but those whose condition on the order fails
 * and the auto-confirm timer while it is paused:
 * rf__first_expiry's candidates, asked before every event (none in about a
 * third of the states a history passes). */
static inline uint64_t rf__expiring_rows(const rf__engine *e);

/* Of `rows` (rf__expiring_rows), the one whose deadline, with an expiry and
 * not paused, falls due first before `before`, in rf__deadlines' order (the
 * first due, then the first id); *due its due instant. NULL if none. */
const struct rf__deadline_rule *rf__first_expiry(const rf__engine *e, uint64_t rows, rf_time before, rf_time *due);

/* The rows of rf__deadline_rules (bit i: row i) that run a clock in each
 * machine's state, and those of them that fire an event on expiry: the
 * engine looks them up before every event. Rows with why_not run no clock;
 * they are for `refund rules` and the tests, never in the index. */
typedef struct rf__deadline_index {
    uint64_t clocks[RF_MACHINE_COUNT][RF__STATES_MAX];
    uint64_t expiring[RF_MACHINE_COUNT][RF__STATES_MAX];
    /* By delivery mode and exemption (0: none, 1: exempt), the rows whose
     * condition on the order holds and those with any other condition:
     * an order never changes during a replay. */
    uint64_t order_holds[RF_DELIVERY_COUNT][2];
    /* The rows with a condition on the history, and those with any
     * condition (for a delivery mode out of range, whose order conditions
     * order_holds cannot answer). */
    uint64_t on_history, conditional;
    /* The rows counted from the shipment: the auto-confirm timer, which
     * fires nothing while it is paused. */
    uint64_t receipt_clock;
} rf__deadline_index;

static inline uint64_t rf__expiring_rows(const rf__engine *e) {
    const rf__deadline_index *ix = e->deadline_rows;
    uint64_t rows = 0;
    if ((unsigned)e->trade < RF__STATES_MAX) rows |= ix->expiring[RF_MACHINE_TRADE][e->trade];
    if ((unsigned)e->intervention < RF__STATES_MAX) rows |= ix->expiring[RF_MACHINE_INTERVENTION][e->intervention];
    if (e->has_refund && (unsigned)e->refund_state < RF__STATES_MAX)
        rows |= ix->expiring[e->refund_machine][e->refund_state];
    if (e->receipt_paused_at != RF_NO_TIME) rows &= ~ix->receipt_clock;
    return rows & e->order_rows;
}

/* Fills ix from rf__deadline_rules. */
void rf__deadline_index_fill(rf__deadline_index *ix);

/* ix's rows for o's delivery mode and exemption (all rows for a mode out of
 * range: the engine then judges each row's condition as it goes). */
uint64_t rf__deadline_order_rows(const rf__deadline_index *ix, const rf_order *o);

/* The rows whose condition must be judged as the history goes, for the
 * rows rf__deadline_order_rows gave. */
uint64_t rf__deadline_asked_rows(const rf__deadline_index *ix, const rf_order *o);

/* Whether the current request is open (not SUCCESS or CLOSED): kept by
 * the engine whenever the request's state changes, since the guards, the
 * routing and the deadlines ask on every step. */
static inline bool rf__request_open(const rf__engine *e) { return e->request_is_open; }

/* Whether the auto-confirm timer should stand still now. */
static inline bool rf__receipt_paused(const rf__engine *e) {
    return e->request_is_open && e->trade == RF_TRADE_WAIT_BUYER_CONFIRM_GOODS &&
           e->policy->pause_receipt_timer_during_refund;
}

/* End of the receipt period (auto-confirm) counted from `from`. */
rf_time rf__receipt_due(const rf__engine *e, rf_time from);

/* The 7-day no-reason window [open, due] for the delivered goods. */
bool rf__seven_day_window(const rf__engine *e, rf_time *open, rf_time *due);

/* Whether `actor` may file complaint `type` at `at`: RF_FINDING_NONE, or
 * the refusal with its detail and parameters filled into *why (code,
 * detail, complaint, limit, since). */
rf_finding_code rf__complaint_check(const rf__engine *e, rf_complaint_type type, rf_actor actor,
                                    rf_time at, rf_finding *why);

/* The first complaint type `actor` may file at `at`, RF_COMPLAINT_COUNT if
 * none: rf__complaint_check without the reasons, for the next actions. */
size_t rf__first_filing(const rf__engine *e, rf_actor actor, rf_time at);

/* The platform's working-day limit for a complaint filed at `at`, or
 * RF_NO_TIME when the type has none. RF_E_CALENDAR outside the calendar. */
rf_status rf__complaint_due(const rf__engine *e, rf_complaint_type type, rf_time at, rf_time *due);

#define RF_DAY (INT64_C(86400))
#define RF_HOUR (INT64_C(3600))

#endif
