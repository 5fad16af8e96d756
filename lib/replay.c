/*
 * The replay engine: reads a case's events in order, drives the five machines
 * together, inserts the timeouts the history should have had and judges every
 * step (RULES.md section 4). The machines decide legality; this file only
 * routes events, keeps the facts the guards need and writes findings.
 */
#include "case.h"
#include "error_text.h"
#include "engine.h"
#include "rules.h"

#include <stdio.h>
#include <stddef.h>
#include <string.h>

/* ---- growable arrays in the verdict --------------------------------------------- */

static bool grow(const rf_allocator *a, void **arr, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return true;
    size_t cap2 = *cap ? *cap * 2 : 8;
    while (cap2 < need) cap2 *= 2;
    void *p = rf__realloc(a, *arr, *cap * size, cap2 * size);
    if (!p) return false;
    *arr = p;
    *cap = cap2;
    return true;
}

/* At most this many timeouts fire between two recorded events. */
#define RF_TIMEOUT_CHAIN 16

/* A timeout that moved a machine: the state it left, and the deadline. */
typedef struct timed_out {
    int left;
    const char *deadline;        /* static id, "buyer_return" */
    rf_time due;
    const char *seed;
    rf_actor actor;              /* who had to act by then */
} timed_out;

/* What the trade, request and intervention machines allow next is a
 * function of their states and a few facts (next_key), and histories repeat
 * a handful of them: the box remembers the actions of the last states seen,
 * in a direct-mapped table. */
#define NEXT_MEMO_SLOTS 64
#define NEXT_MEMO_ACTIONS 14
typedef struct next_memo {
    uint32_t key;                         /* next_key; 0: empty */
    uint8_t count;
    uint8_t actions[NEXT_MEMO_ACTIONS][2]; /* actor, event type */
} next_memo;

/* A verdict together with the capacities of its arrays and the engine's
 * scratch space, so that a verdict can be replayed into again without
 * allocating (rf__replay_into, behind rf_auditor). The public rf_verdict is
 * the first member: a verdict pointer is a box pointer. */
typedef struct verdict_box {
    rf_verdict v;
    rf_allocator alloc;                   /* frees the arrays */
    size_t complaint_cap, next_cap, deadline_cap, finding_cap, inserted_cap, request_cap;
    rf__complaint_run *engine_complaints; /* the engine's running complaints */
    size_t engine_complaint_cap;
    struct id_slot *id_slots;             /* the duplicate-id set */
    size_t id_cap;
    uint32_t id_gen;                      /* the slots of this replay's set */
    bool indexed;                         /* deadline_rows, machine_rows and guarded filled */
    rf__deadline_index deadline_rows;
    rf__machine_index machine_rows;
    /* The rows of each machine with a guard: a step over rows without one
     * reads no facts, so judging most events needs none. */
    uint64_t guarded[RF_MACHINE_COUNT];
    const rf_transition *table[RF_MACHINE_COUNT]; /* each machine's rows */
    const bool *terminal[RF_MACHINE_COUNT];       /* and its absorbing states */
    /* The events of each machine whose step drives the current request
     * (rf__cascades), as bits. */
    uint32_t drives_request[RF_MACHINE_COUNT];
    next_memo next_memo[NEXT_MEMO_SLOTS];
} verdict_box;

_Static_assert(RF_EV_COUNT <= 32, "an actor's next actions fit run.next_listed");

typedef struct run {
    rf__engine e;
    rf_verdict *v;
    verdict_box *box;
    rf_status status;          /* first error; the run stops at it */
    /* Timeouts fired just before the event being judged: a `system` event
     * recording one of them late is told apart from a plainly illegal one. */
    bool fired;
    rf_event_type last_fired;
    const char *last_fired_deadline; /* its deadline id and due time, for the finding */
    rf_time last_fired_due;
    /* The event types listed in the verdict's next actions, by actor. */
    uint32_t next_listed[RF_ACTOR_COUNT];
    /* The states timeouts moved each machine out of since a recorded event
     * last changed its state. An event legal in one of them came too late
     * (MISSED_TIMEOUT), even when events of other machines came in between:
     * the buyer who extends the receipt time and then ships an expired
     * return is late, not illegal (RULES.md 4). */
    timed_out timed_out_from[RF_MACHINE_COUNT][RF_TIMEOUT_CHAIN];
    size_t timed_out_count[RF_MACHINE_COUNT];
} run;

static rf_status nomem(run *r) {
    if (r->status == RF_OK) r->status = rf__fail_detail(r->e.err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    return r->status;
}

/* A finding about ev (NULL: an inserted timeout), applied unless the caller
 * says otherwise; the caller fills the typed parameters of its detail.
 * Returns NULL (and leaves r->status set) when out of memory. */
static rf_finding *add_finding(run *r, rf_finding_code code, rf_finding_detail detail, const rf_event *ev,
                               size_t index, const char *seed) {
    rf_verdict *v = r->v;
    if (r->status != RF_OK) return NULL;
    if (!grow(&r->box->alloc, (void **)&v->findings, &r->box->finding_cap, v->finding_count + 1, sizeof *v->findings)) {
        nomem(r);
        return NULL;
    }
    rf_finding *f = &v->findings[v->finding_count++];
    rf__zero(f, sizeof *f);
    f->code = code;
    f->detail = detail;
    f->event_id = ev ? ev->id : NULL;
    f->event_index = ev ? index : SIZE_MAX;
    f->at = ev ? ev->at : 0;
    f->actor = ev ? ev->actor : RF_ACTOR_SYSTEM;
    f->type = ev ? ev->type : RF_EV_COUNT;
    f->seed = seed ? seed : "RULES.md 4";
    f->applied = true;
    f->since = RF_NO_TIME;
    f->request = SIZE_MAX;
    return f;
}

/* A finding about an event the engine did not apply (it stays out of the
 * states): what `refund apply` must refuse. */
static rf_finding *add_refusal(run *r, rf_finding_code code, rf_finding_detail detail, const rf_event *ev,
                               size_t index, const char *seed) {
    rf_finding *f = add_finding(r, code, detail, ev, index, seed);
    if (f) f->applied = false;
    return f;
}

static void set_money(rf_finding *f, rf_fen expected, rf_fen actual) {
    f->has_money = true;
    f->expected = expected;
    f->actual = actual;
}

static void set_due(rf_finding *f, rf_time due) {
    f->has_due = true;
    f->due = due;
}

/* ---- routing: which machine judges an event, and its current state ------------ */

/* The step of machine id, reading only the table rows of its state and event. */
static inline void step(const rf__engine *e, rf_machine_id id, int state, rf_event_type type, rf_actor actor,
                        const rf_facts *f, rf_step *out) {
    rf__machine_step_in(e->machine_rows, id, state, type, actor, f, out);
}

typedef struct target {
    rf_machine_id machine;
    int *state;                /* NULL: a new complaint (state NONE) */
    rf__complaint_run *complaint;
} target;

static rf__complaint_run *find_complaint(rf__engine *e, const rf_event *ev) {
    for (size_t i = e->complaint_count; i-- > 0;) {
        rf__complaint_run *k = &e->complaints[i];
        bool open = k->pub.state == RF_COMPLAINT_FILED || k->pub.state == RF_COMPLAINT_APPEALED;
        if (open && (!(ev->has & RF_HAS_COMPLAINT) || ev->complaint == k->pub.type)) return k;
    }
    return NULL;
}

static target route(rf__engine *e, const rf_event *ev) {
    target t = {RF_MACHINE_TRADE, (int *)&e->trade, NULL};
    e->none_state = 0;
    switch (rf__event_machine(ev->type)) {
    case RF_MACHINE_TRADE:
        return t;
    case RF_MACHINE_REFUND:
        /* A new request once the last one ended (RULES.md 2.2: several
         * requests per order) starts a machine of its kind afresh. */
        if (e->has_refund && !(ev->type == RF_EV_REFUND_REQUESTED && !rf__request_open(e))) {
            t.machine = e->refund_machine;
            t.state = &e->refund_state;
        } else {
            t.machine = ev->type == RF_EV_REFUND_REQUESTED && ev->kind == RF_KIND_EXCHANGE
                            ? RF_MACHINE_EXCHANGE : RF_MACHINE_REFUND;
            t.state = &e->none_state;
        }
        return t;
    case RF_MACHINE_EXCHANGE:
        t.machine = RF_MACHINE_EXCHANGE;
        t.state = e->has_refund && e->refund_machine == RF_MACHINE_EXCHANGE ? &e->refund_state : &e->none_state;
        return t;
    case RF_MACHINE_INTERVENTION:
        t.machine = RF_MACHINE_INTERVENTION;
        t.state = (int *)&e->intervention;
        return t;
    case RF_MACHINE_COMPLAINT:
        t.machine = RF_MACHINE_COMPLAINT;
        t.complaint = ev->type == RF_EV_COMPLAINT_FILED ? NULL : find_complaint(e, ev);
        t.state = t.complaint ? (int *)&t.complaint->pub.state : &e->none_state;
        return t;
    case RF_MACHINE_COUNT:
        break;
    }
    return t;
}

/* ---- money over the order ---------------------------------------------------------- */

/* What the buyer paid: the goods and postage to the seller and the return
 * postage advanced to the carrier in every request so far. Rule Q gives that
 * back inside the refund (000:638, 740), so a refund of all three is not
 * above what the buyer paid. Each part is <= RF_FEN_MAX and requests are
 * bounded (RF_MAX_EVENTS): no overflow. */
static rf_fen paid_total(const rf__engine *e) {
    rf_fen current = e->has_refund && !e->request_ended ? e->request.return_postage : 0;
    return e->order->item_amount + e->order->shipping_fee + e->return_postage_before + current;
}

/* What is left to refund on the order (RULES.md 2.2). */
static rf_fen left_to_refund(const rf__engine *e) {
    rf_fen left = paid_total(e) - e->refunded_before;
    return left > 0 ? left : 0;
}

/* ---- facts for the guards ------------------------------------------------------- */

static bool trade_paid(const rf__engine *e) {
    return e->trade == RF_TRADE_WAIT_SELLER_SEND_GOODS || e->trade == RF_TRADE_WAIT_BUYER_CONFIRM_GOODS ||
           e->trade == RF_TRADE_FINISHED;
}

/* The settlement of the current request (see rf__engine.settled), its refund
 * never above what is left to refund on the order; err as for rf_settle. */
/* Makes e->settlement the settlement of the current request (uncapped). */
static rf_status settle_ensure(rf__engine *e, rf_error *err) {
    if (e->settled && memcmp(&e->settled_for, &e->request, sizeof e->request) == 0) return RF_OK;
    rf_status st = rf__settle(e->policy, e->order, &e->request, &e->settlement, err);
    if (st != RF_OK) return st;
    /* memcpy, not assignment, so the padding compares equal too. */
    memcpy(&e->settled_for, &e->request, sizeof e->request);
    e->settled = true;
    return RF_OK;
}

/* What the settlement refunds, never above what is left to refund. */
static rf_fen capped_refund(const rf__engine *e) {
    rf_fen left = left_to_refund(e);
    return e->settlement.refund > left ? left : e->settlement.refund;
}

static rf_status settle_with(rf__engine *e, rf_settlement *s, rf_error *err) {
    rf_status st = settle_ensure(e, err);
    if (st != RF_OK) return st;
    *s = e->settlement;
    s->refund = capped_refund(e);
    return RF_OK;
}

static rf_status settle_now(rf__engine *e, rf_settlement *s) { return settle_with(e, s, e->err); }

/* Whether the current request is, at `at`, an eligible 7-day no-reason one:
 * judged at each seller decision from the request as it stands (RULES.md
 * 2.2). It became one when requested or modified to no_reason inside the
 * window; it stops being one once its goods went back (000:614, 752). */
static bool seven_day_now(const rf__engine *e) {
    rf_time open, due;
    if (!e->has_refund || e->request.reason != RF_REASON_NO_REASON || e->request.kind == RF_KIND_REFUND_ONLY)
        return false;
    if (e->goods_returned || e->request.goods == RF_GOODS_NOT_RESELLABLE) return false;
    if (e->no_reason_since == RF_NO_TIME) return false;
    if (!rf__seven_day_window(e, &open, &due)) {
        /* TOP.md section 3 (a reading): a case whose source cannot record
         * the delivery time (import.missing holds `delivered`) takes a 7-day
         * request for shipped goods as inside the window, the platform
         * having let the buyer file it; what rests on that is inferred. */
        return (e->missing >> RF_EV_DELIVERED & 1u) && e->delivered_at == RF_NO_TIME &&
               e->shipped_at != RF_NO_TIME && e->order->seven_day_return;
    }
    return e->no_reason_since <= due;
}

/* Whether ev lists key as inferred. */
static bool inferred_key(const rf_event *ev, rf_event_key key) {
    return ev && (ev->has & RF_HAS_INFERRED) && (ev->inferred >> key & 1u);
}

/* What the current request's settlement rests on (TOP.md section 3). */
static rf_basis settlement_basis(const rf__engine *e) {
    if (e->assumed & RF__SETTLEMENT_FACTS) return RF_BASIS_ASSUMED;
    if (e->terms_inferred[0] || e->terms_inferred[1] || e->terms_inferred[2]) return RF_BASIS_INFERRED;
    return RF_BASIS_RECORDED;
}

static rf_facts facts_of(rf__engine *e, const rf_event *ev) {
    rf_facts f = RF_FACTS_INIT;
    bool open = rf__request_open(e);
    f.kind = open ? e->request.kind : (ev ? ev->kind : RF_KIND_REFUND_ONLY);
    f.seven_day_eligible = open && seven_day_now(e);
    f.goods_shipped = e->shipped_at != RF_NO_TIME;
    f.postage_owed = open && e->postage_owed;
    f.postage_paid = e->exchange_postage_paid;
    f.refund_open = open;
    f.trade_paid = trade_paid(e);
    f.ruling_for = ev && (ev->has & RF_HAS_FOR) ? ev->ruling_for : RF_PARTY_BUYER;
    f.goods_back = open && e->goods_returned;
    return f;
}

/* The request's terms changed: whether the buyer owes exchange postage. An
 * error is reported where an amount is used. */
static void request_changed(rf__engine *e) {
    e->postage_owed = e->refund_machine == RF_MACHINE_EXCHANGE && settle_ensure(e, NULL) == RF_OK &&
                      e->settlement.exchange_postage_payer == RF_PARTY_BUYER;
}

/* ---- 7-day eligibility and amounts ------------------------------------------------ */

/* A request made (or modified to) no_reason for delivered goods is a 7-day
 * request (000:628); report what keeps it from being an eligible one. */
static void judge_seven_day(run *r, const rf_event *ev, size_t index) {
    rf__engine *e = &r->e;
    rf_time open, due;
    if (e->request.reason != RF_REASON_NO_REASON || e->delivered_at == RF_NO_TIME) return;
    if (e->request.kind == RF_KIND_REFUND_ONLY) return;
    if (!rf__seven_day_window(e, &open, &due)) {
        add_finding(r, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_GOODS_EXCLUDED, ev, index, "000:628");
        return;
    }
    if (e->request.goods == RF_GOODS_NOT_RESELLABLE) {
        add_finding(r, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_NOT_RESELLABLE, ev, index, "000:628,656");
        return;
    }
    /* The 168 hours are counted from 00:00 of the day after delivery
     * (自签收次日零时起); a request on the delivery day itself is inside the
     * 7 days, not before them. Only a request after `due` is late. */
    if (e->no_reason_since > due) {
        rf_finding *f = add_finding(r, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_WINDOW_ENDED, ev, index, "000:628");
        if (f) {
            f->since = open;
            set_due(f, due);
            f->limit = e->policy->seven_day_hours;
        }
    }
}

static void exceeds_left(run *r, rf_finding_detail detail, const rf_event *ev, size_t index) {
    rf__engine *e = &r->e;
    rf_finding *f = add_finding(r, RF_FINDING_AMOUNT_EXCEEDS_PAID, detail, ev, index, "000:614");
    if (!f) return;
    set_money(f, left_to_refund(e), ev->amount);
    f->paid = paid_total(e);
    f->refunded_before = e->refunded_before;
}

/* A request may not ask for more than is left to refund (RULES.md 2.2). */
static void check_requested(run *r, const rf_event *ev, size_t index) {
    if ((ev->has & RF_HAS_AMOUNT) && ev->amount > left_to_refund(&r->e))
        exceeds_left(r, RF_DETAIL_REQUESTED_ABOVE_LEFT, ev, index);
}

/* The amount actually refunded on agreement, receipt of the return or
 * ruling. A ruling is paid as ruled: the platform decides it, so only what
 * was paid bounds it (RULES.md 2.4). */
static void check_paid(run *r, const rf_event *ev, size_t index) {
    rf__engine *e = &r->e;
    rf_settlement s;
    if (!(ev->has & RF_HAS_AMOUNT) || !e->has_refund) return;
    if (ev->amount > left_to_refund(e)) {
        exceeds_left(r, RF_DETAIL_REFUNDED_ABOVE_LEFT, ev, index);
        return;
    }
    if (ev->type == RF_EV_RULING) return;
    rf_status st = settle_now(e, &s);
    if (st != RF_OK) {
        r->status = st; /* the settlement's own status, whatever err held before */
        return;
    }
    if (ev->amount != s.refund) {
        rf_finding *f = add_finding(r, RF_FINDING_AMOUNT_MISMATCH, RF_DETAIL_SETTLEMENT_DIFFERS, ev, index,
                                    rf_rule_seed(s.rule));
        if (f) {
            set_money(f, s.refund, ev->amount);
            f->rule = s.rule;
        }
    }
}

/* ---- the requests of the order ------------------------------------------------------ */

static rf_request *current_request(run *r) {
    return r->e.has_refund ? &r->v->requests[r->e.request_index] : NULL;
}

/* A new request: its own terms, machine, intervention and settlement. */
static void open_request(run *r, const target *t, const rf_event *ev, size_t index, rf_time at) {
    rf__engine *e = &r->e;
    rf_verdict *v = r->v;
    if (v->request_count >= RF_MAX_REQUESTS) {
        /* A bound on the requests of one order (docs/limits.md): real
         * histories have a handful; thousands would be a generated file. */
        char field[32] = "events[";
        char *end = rf__put_uint(field + 7, (uint64_t)index, 1);
        memcpy(end, "]", 2);
        char limit[16];
        int n = snprintf(limit, sizeof limit, "%u", RF_MAX_REQUESTS);
        r->status = rf__fail_detail(e->err, RF_E_INVALID, 0, ev->line, ev->column, field,
                                    &(rf__detail){.detail = RF_ERR_MAX_REQUESTS, .fix = limit, .fix_len = (size_t)n});
        return;
    }
    if (!grow(&r->box->alloc, (void **)&v->requests, &r->box->request_cap, v->request_count + 1,
              sizeof *v->requests)) {
        nomem(r);
        return;
    }
    e->has_refund = true;
    e->refund_machine = t->machine;
    e->request_index = v->request_count++;
    rf_settle_request_init(&e->request);
    e->request.kind = ev->kind;
    e->request.reason = ev->reason;
    e->request.has_amount = (ev->has & RF_HAS_AMOUNT) != 0;
    e->request.amount = ev->amount;
    e->request.goods = (ev->has & RF_HAS_GOODS) ? ev->goods : RF_GOODS_RESELLABLE;
    e->request.invoice_returned = ev->invoice_returned;
    e->request.after_success = e->trade == RF_TRADE_FINISHED;
    e->requested_at = at;
    e->no_reason_since = ev->reason == RF_REASON_NO_REASON ? at : RF_NO_TIME;
    e->terms_inferred[0] = inferred_key(ev, RF_KEY_KIND);
    e->terms_inferred[1] = inferred_key(ev, RF_KEY_REASON);
    e->terms_inferred[2] = (ev->has & RF_HAS_AMOUNT) && inferred_key(ev, RF_KEY_AMOUNT);
    e->goods_returned = false;
    e->request_ended = false;
    e->exchange_postage_paid = false;
    e->postage_paid_at = e->return_received_at = e->exchange_shipped_at = RF_NO_TIME;
    e->intervention = RF_INTV_NONE;
    /* What timeouts did to the previous request is no part of this one. */
    r->timed_out_count[RF_MACHINE_REFUND] = r->timed_out_count[RF_MACHINE_EXCHANGE] = 0;
    r->timed_out_count[RF_MACHINE_INTERVENTION] = 0;
    rf_request *q = &v->requests[e->request_index];
    rf__zero(q, sizeof *q);
    q->event_id = ev->id;
    q->event_index = index;
    q->machine = t->machine;
    q->kind = ev->kind;
    q->opened = at;
    request_changed(e);
}

/* What the request that just ended in SUCCESS paid back: the amount the
 * deciding event names, a ruling's as ruled (without one, what was asked),
 * otherwise the settlement; an exchange pays none. */
static rf_fen refunded_on_success(rf__engine *e, const rf_event *ev) {
    if (e->refund_machine == RF_MACHINE_EXCHANGE) return 0;
    if (ev && (ev->has & RF_HAS_AMOUNT)) return ev->amount;
    if (ev && ev->type == RF_EV_RULING && e->request.has_amount) {
        rf_fen left = left_to_refund(e);
        return e->request.amount < left ? e->request.amount : left;
    }
    return settle_ensure(e, e->err) == RF_OK ? capped_refund(e) : 0;
}

/* The current request ended (SUCCESS or CLOSED) at `at`, from state `from`. */
static void end_request(run *r, int from, rf_time at, const rf_event *ev) {
    rf__engine *e = &r->e;
    rf_request *q = current_request(r);
    bool success = e->refund_machine == RF_MACHINE_REFUND ? e->refund_state == RF_REFUND_SUCCESS
                                                          : e->refund_state == RF_EXCH_SUCCESS;
    rf_fen refunded = success ? refunded_on_success(e, ev) : 0;
    if (q) {
        q->state = e->refund_state;
        q->reason = e->request.reason;
        q->intervention = e->intervention;
        q->ended = true;
        q->ended_at = at;
        q->refunded = refunded;
        q->has_settlement = settle_now(e, &q->settlement) == RF_OK;
        q->settlement_basis = settlement_basis(e);
    }
    /* The trade closes when a return succeeds with the goods back with the
     * seller, whatever its rule deducted, or when the refunds paid reach what
     * was paid for the item; an exchange never closes it (RULES.md 2.1). */
    bool goods_back = e->request.kind == RF_KIND_RETURN_REFUND && from == RF_REFUND_WAIT_SELLER_CONFIRM_GOODS;
    e->refunded_before += refunded;
    e->return_postage_before += e->request.return_postage;
    e->request_ended = true;
    if (success && e->refund_machine == RF_MACHINE_REFUND &&
        (goods_back || e->refunded_before >= e->order->item_amount)) {
        for (size_t i = 0; i < rf__cascade_count; i++) {
            const rf__cascade *c = &rf__cascades[i];
            if (c->to != RF__TARGET_TRADE) continue;
            rf_step st;
            rf_facts none = RF_FACTS_INIT;
            step(e, RF_MACHINE_TRADE, (int)e->trade, c->fires, RF_ACTOR_SYSTEM, &none, &st);
            if (st.allowed) e->trade = (rf_trade_state)st.to;
        }
    }
}

/* The auto-confirm timer stands still while a request is open (RULES.md
 * 2.1, policy pause_receipt_timer_during_refund): start or end a pause at `at`. */
static void update_pause(rf__engine *e, rf_time at) {
    bool paused = rf__receipt_paused(e);
    if (paused && e->receipt_paused_at == RF_NO_TIME) {
        e->receipt_paused_at = at;
    } else if (!paused && e->receipt_paused_at != RF_NO_TIME) {
        if (at > e->receipt_paused_at) e->receipt_paused_s += at - e->receipt_paused_at;
        e->receipt_paused_at = RF_NO_TIME;
    }
}

/* ---- applying an allowed step ------------------------------------------------------- */

static void apply(run *r, const target *t, const rf_step *st, rf_event_type type, rf_time at,
                  const rf_event *ev, size_t index) {
    rf__engine *e = &r->e;
    int from = *t->state;

    switch (t->machine) {
    case RF_MACHINE_TRADE:
        e->trade = (rf_trade_state)st->to;
        switch (type) {
        case RF_EV_ORDER_CREATED: e->created_at = at; break;
        case RF_EV_PAID: e->paid_at = at; break;
        case RF_EV_SHIPPED: e->shipped_at = e->receipt_started_at = at; break;
        case RF_EV_DELIVERED:
            if (e->delivered_at == RF_NO_TIME) {
                e->delivered_at = at;
                /* The calendar arithmetic once: guards ask on every step. */
                e->seven_day_open = rf__local_midnight(rf__local_day(at) + 1);
            }
            break;
        case RF_EV_RECEIPT_EXTENDED:
            if (ev) e->receipt_extra_days += ev->days;
            break;
        case RF_EV_RECEIPT_CONFIRMED: e->finished_at = at; break;
        case RF_EV_REVIEW_POSTED:
            if (ev) e->pending_review_by = ev->rating == RF_RATING_POSITIVE ? -1 : (int)ev->actor;
            break;
        case RF_EV_REVIEW_EFFECTIVE:
            if (e->pending_review_by >= 0) {
                /* A review by the buyer is against the seller, and the reverse. */
                e->review_against[e->pending_review_by == RF_ACTOR_BUYER ? RF_PARTY_SELLER : RF_PARTY_BUYER] = true;
                e->pending_review_by = -1;
            }
            break;
        default: break;
        }
        break;
    case RF_MACHINE_REFUND:
    case RF_MACHINE_EXCHANGE:
        switch (type) {
        case RF_EV_REFUND_REQUESTED:
            open_request(r, t, ev, index, at);
            if (r->status != RF_OK) return;
            break;
        case RF_EV_REFUND_MODIFIED:
            if (!ev) break;
            if (ev->has & RF_HAS_AMOUNT) {
                e->request.has_amount = true;
                e->request.amount = ev->amount;
                e->terms_inferred[2] = inferred_key(ev, RF_KEY_AMOUNT);
            }
            if (ev->has & RF_HAS_REASON) e->terms_inferred[1] = inferred_key(ev, RF_KEY_REASON);
            if ((ev->has & RF_HAS_REASON) && ev->reason != e->request.reason) {
                /* A reason modified to no_reason makes it a 7-day request
                 * from the modification on (RULES.md 2.2). */
                e->request.reason = ev->reason;
                e->no_reason_since = ev->reason == RF_REASON_NO_REASON ? at : RF_NO_TIME;
            }
            if (ev->has & RF_HAS_GOODS) e->request.goods = ev->goods;
            if (ev->has & RF_HAS_INVOICE_RETURNED) e->request.invoice_returned = ev->invoice_returned;
            request_changed(e);
            break;
        case RF_EV_RETURN_SHIPPED:
            e->goods_returned = true;
            if (ev && (ev->has & RF_HAS_POSTAGE)) {
                e->request.return_postage = ev->postage;
                request_changed(e);
            }
            break;
        case RF_EV_RETURN_RECEIVED: e->return_received_at = at; break;
        case RF_EV_EXCHANGE_POSTAGE_PAID:
            e->exchange_postage_paid = true;
            e->postage_paid_at = at;
            break;
        case RF_EV_EXCHANGE_SHIPPED: e->exchange_shipped_at = at; break;
        default: break;
        }
        e->refund_state = st->to;
        const bool *terminal = r->box->terminal[t->machine];
        e->request_is_open = !terminal[st->to];
        /* A timer restarts when its state is entered, or re-entered by a modification. */
        if (st->to != from || type == RF_EV_REFUND_MODIFIED || type == RF_EV_REFUND_REQUESTED)
            e->refund_entered_at = at;
        if (terminal[st->to] && !terminal[from]) end_request(r, from, at, ev);
        break;
    case RF_MACHINE_INTERVENTION:
        e->intervention = (rf_intervention_state)st->to;
        break;
    case RF_MACHINE_COMPLAINT:
        if (t->complaint) t->complaint->pub.state = (rf_complaint_state)st->to;
        break;
    case RF_MACHINE_COUNT:
        break;
    }
    update_pause(e, at);
}

static rf_status open_complaint(run *r, const rf_event *ev) {
    rf__engine *e = &r->e;
    if (!grow(&r->box->alloc, (void **)&e->complaints, &e->complaint_cap, e->complaint_count + 1,
              sizeof *e->complaints))
        return nomem(r);
    rf__complaint_run *k = &e->complaints[e->complaint_count++];
    memset(k, 0, sizeof *k);
    k->pub.type = ev->complaint;
    k->pub.state = RF_COMPLAINT_FILED;
    k->pub.complainant = ev->actor;
    k->pub.filed_at = ev->at;
    k->pub.event_id = ev->id;
    e->current = ev;
    rf_status st = rf__complaint_due(e, ev->complaint, ev->at, &k->due);
    if (st != RF_OK) {
        rf__detail d = {.detail = st == RF_E_CALENDAR ? RF_ERR_WORKDAY_OUTSIDE : RF_ERR_WORKDAY_FAILED,
                        .found = ev->id, .found_len = ev->id ? strlen(ev->id) : 0};
        r->status = rf__fail_detail(e->err, st, 0, ev->line, ev->column, ev->id, &d);
        return r->status;
    }
    return RF_OK;
}

/* ---- timeouts -------------------------------------------------------------------------- */

#define RF_DEADLINE_CAP 32

/* Fires, in due order, every timeout that expired before `before`, d the
 * first (due at `due`). */
static void fire_due(run *r, const rf__deadline_rule *d, rf_time due, rf_time before, size_t before_index) {
    uint64_t rows;
    for (int guard = 0; guard < RF_TIMEOUT_CHAIN && r->status == RF_OK &&
                        (guard == 0 || ((rows = rf__expiring_rows(&r->e)) &&
                                        (d = rf__first_expiry(&r->e, rows, before, &due))));
         guard++) {
        rf_event timeout;
        memset(&timeout, 0, sizeof timeout);
        timeout.type = (rf_event_type)d->on_expiry; /* >= 0: an expiring row */
        timeout.actor = RF_ACTOR_SYSTEM;
        timeout.at = due;
        target t = route(&r->e, &timeout);
        rf_facts f = facts_of(&r->e, &timeout);
        rf_step st;
        step(&r->e, t.machine, *t.state, timeout.type, RF_ACTOR_SYSTEM, &f, &st);
        if (!st.allowed) break; /* a deadline without a legal expiry: nothing to fire */
        rf_verdict *v = r->v;
        if (!grow(&r->box->alloc, (void **)&v->inserted, &r->box->inserted_cap, v->inserted_count + 1, sizeof *v->inserted)) {
            nomem(r);
            return;
        }
        v->inserted[v->inserted_count++] = (rf_inserted){due, timeout.type, d->id, before_index};
        r->fired = true;
        r->last_fired = timeout.type;
        r->last_fired_deadline = d->id;
        r->last_fired_due = due;
        if (r->timed_out_count[t.machine] < RF_TIMEOUT_CHAIN)
            r->timed_out_from[t.machine][r->timed_out_count[t.machine]++] =
                (timed_out){*t.state, d->id, due, d->seed, d->actor};
        apply(r, &t, &st, timeout.type, timeout.at, NULL, SIZE_MAX);
    }
}

/* fire_due, once a timeout is due: the states that run no expiring clock
 * (about a third of the calls) are answered inline, and most of the others
 * have nothing due yet. */
static inline void fire_timeouts(run *r, rf_time before, size_t before_index) {
    uint64_t rows = rf__expiring_rows(&r->e);
    const rf__deadline_rule *d;
    rf_time due;
    r->fired = false;
    if (rows && (d = rf__first_expiry(&r->e, rows, before, &due))) fire_due(r, d, due, before, before_index);
}

/* A `system` event in the history is a timeout the platform recorded: it must
 * stand where a deadline expired. Returns true when it was judged here. */
static bool judge_recorded_timeout(run *r, const rf_event *ev, size_t index) {
    rf_deadline buf[RF_DEADLINE_CAP];
    size_t n = rf__state_deadlines(&r->e, buf, RF_DEADLINE_CAP);
    if (n > RF_DEADLINE_CAP) n = RF_DEADLINE_CAP;
    for (size_t i = 0; i < n; i++) {
        if (!buf[i].has_expiry || buf[i].paused || buf[i].on_expiry != ev->type) continue;
        if (ev->at >= buf[i].due) return false; /* on time: the table judges it */
        rf_finding *f = add_refusal(r, RF_FINDING_ILLEGAL_TRANSITION, RF_DETAIL_TIMEOUT_EARLY, ev, index, buf[i].seed);
        if (f) {
            f->deadline = buf[i].id;
            set_due(f, buf[i].due);
        }
        return true;
    }
    if (r->fired && r->last_fired == ev->type) {
        /* The deadline it records, and when the engine fired it. */
        rf_finding *f = add_refusal(r, RF_FINDING_MISSED_TIMEOUT, RF_DETAIL_TIMEOUT_LATE, ev, index, "RULES.md 4");
        if (f) {
            f->deadline = r->last_fired_deadline;
            set_due(f, r->last_fired_due);
        }
        return true;
    }
    return false;
}

/* ---- judging one recorded event ------------------------------------------------------- */

/* An event refused in its state: was it legal in a state a timeout moved
 * its machine out of? Then it came too late (MISSED_TIMEOUT). */
static bool judge_too_late(run *r, const target *t, const rf_event *ev, size_t index, rf_facts *f) {
    for (size_t i = 0; i < r->timed_out_count[t->machine]; i++) {
        const timed_out *to = &r->timed_out_from[t->machine][i];
        rf_step before;
        step(&r->e, t->machine, to->left, ev->type, ev->actor, f, &before);
        if (before.allowed && to->left != *t->state) {
            rf_finding *fd = add_refusal(r, RF_FINDING_MISSED_TIMEOUT, RF_DETAIL_TIMEOUT_MOVED, ev, index, to->seed);
            if (fd) {
                fd->deadline = to->deadline;
                set_due(fd, to->due);
                fd->machine = t->machine;
                fd->state = *t->state;
            }
            return true;
        }
    }
    /* Calling the platform in needs an open request: one a timeout closed
     * (the buyer let the modify-or-escalate period run out) makes the
     * escalation of the party who had to act late, not illegal (RULES.md
     * 2.2). */
    if (ev->type == RF_EV_INTERVENTION_REQUESTED && r->e.has_refund && !f->refund_open) {
        rf_machine_id rm = r->e.refund_machine;
        const rf_machine *req = rf_machine_get(rm);
        for (size_t i = 0; i < r->timed_out_count[rm]; i++) {
            const timed_out *to = &r->timed_out_from[rm][i];
            if (req->terminal[to->left] || to->actor != ev->actor) continue;
            rf_finding *fd = add_refusal(r, RF_FINDING_MISSED_TIMEOUT, RF_DETAIL_REQUEST_CLOSED, ev, index, to->seed);
            if (fd) {
                fd->deadline = to->deadline;
                set_due(fd, to->due);
                fd->machine = rm;
                fd->state = r->e.refund_state;
            }
            return true;
        }
    }
    return false;
}

/* The replacement of an exchange ships within its limit of the return's
 * receipt (RULES.md 2.3): judged before the step leaves the state. */
static void judge_replacement_shipping(run *r, const rf_event *ev, size_t index) {
    rf_deadline buf[RF_DEADLINE_CAP];
    size_t n = rf__state_deadlines(&r->e, buf, RF_DEADLINE_CAP);
    if (n > RF_DEADLINE_CAP) n = RF_DEADLINE_CAP;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(buf[i].id, "exchange_ship") != 0 || ev->at <= buf[i].due) continue;
        rf_finding *f = add_finding(r, RF_FINDING_LATE_SHIPMENT, RF_DETAIL_REPLACEMENT_SHIP_BY, ev, index, buf[i].seed);
        if (f) {
            set_due(f, buf[i].due);
            f->since = buf[i].since;
            f->limit = r->e.policy->exchange_ship_hours;
            f->deadline = buf[i].id;
        }
    }
}

static void judge(run *r, const rf_event *ev, size_t index) {
    rf__engine *e = &r->e;
    e->current = ev;
    if (ev->actor == RF_ACTOR_SYSTEM && judge_recorded_timeout(r, ev, index)) return;

    target t = route(e, ev);
    /* The facts only where a guard may read them: a row of this state and
     * event with a guard, a refusal (judge_too_late) or a step driving the
     * request after this one, which reads them as they are now. */
    const verdict_box *box = r->box;
    uint64_t rows = rf__machine_rows(e->machine_rows, t.machine, *t.state, ev->type);
    bool drives = (unsigned)ev->type < RF_EV_COUNT && (box->drives_request[t.machine] >> ev->type & 1u);
    bool has_facts = (rows & box->guarded[t.machine]) || drives;
    rf_facts f = RF_FACTS_INIT;
    if (has_facts) f = facts_of(e, ev);
    rf_finding why; /* filled only for complaint_filed: set before it is read */
    rf_finding_code complaint_refusal = RF_FINDING_NONE;
    if (ev->type == RF_EV_COMPLAINT_FILED) {
        memset(&why, 0, sizeof why);
        complaint_refusal = rf__complaint_check(e, ev->complaint, ev->actor, ev->at, &why);
        f.complaint_eligible = complaint_refusal == RF_FINDING_NONE;
    }
    rf_step st;
    if (rows && !(rows & (rows - 1)) && !(rows & box->guarded[t.machine])) {
        /* One row of this state and event (rf__machine_rows is exact for
         * them), without a guard, as most steps are: it takes its actors
         * and no other (rf__machine_step_over's answer). */
        const rf_transition *row = &box->table[t.machine][__builtin_ctzll(rows)];
        if ((unsigned)ev->actor < RF_ACTOR_COUNT && (row->actors >> ev->actor & 1u))
            st = (rf_step){true, row->to, RF_FINDING_NONE, RF_FINDING_NONE, row};
        else
            st = (rf_step){false, *t.state, RF_FINDING_WRONG_ACTOR, RF_FINDING_NONE, NULL};
    } else {
        rf__machine_step_over(t.machine, rows, *t.state, ev->type, ev->actor, &f, &st);
    }

    /* Who answers a complaint: the respondent appeals, the complainant
     * withdraws (rf__party_rules). */
    const rf__party_rule *pr = t.complaint ? rf__party_rule_of(ev->type) : NULL;
    if (st.allowed && pr && (ev->actor == t.complaint->pub.complainant) != pr->by_complainant) {
        rf_finding *fd = add_refusal(r, RF_FINDING_WRONG_ACTOR, RF_DETAIL_COMPLAINT_PARTY, ev, index, pr->seed);
        if (fd) fd->complaint = t.complaint->pub.type;
        return;
    }
    if (!st.allowed) {
        if (ev->type == RF_EV_COMPLAINT_FILED && complaint_refusal != RF_FINDING_NONE &&
            (complaint_refusal == RF_FINDING_WRONG_ACTOR || st.refusal == RF_FINDING_NOT_ELIGIBLE)) {
            rf_finding *fd = add_refusal(r, complaint_refusal, why.detail, ev, index, why.seed);
            if (fd) {
                fd->complaint = why.complaint;
                fd->limit = why.limit;
                fd->since = why.since;
            }
            return;
        }
        if (!has_facts) f = facts_of(e, ev); /* nothing changed since the step */
        if (st.refusal == RF_FINDING_ILLEGAL_TRANSITION && judge_too_late(r, &t, ev, index, &f)) return;
        rf_finding *fd = add_refusal(r, st.refusal, RF_DETAIL_STATE, ev, index, st.row ? st.row->seed : "RULES.md 2");
        if (fd) {
            fd->machine = t.machine;
            fd->state = *t.state;
        }
        return;
    }

    /* Allowed: report what the step itself reveals, then apply it. Money is
     * judged against the order as it stood before this step. */
    if (st.flag != RF_FINDING_NONE) add_finding(r, st.flag, RF_DETAIL_POSTAGE_OWED, ev, index, st.row->seed);
    switch (ev->type) {
    case RF_EV_SHIPPED:
        if (e->order->ship_exempt == RF_EXEMPT_NONE && e->paid_at != RF_NO_TIME &&
            ev->at > e->paid_at + e->policy->ship_hours * RF_HOUR) {
            rf_finding *fd = add_finding(r, RF_FINDING_LATE_SHIPMENT, RF_DETAIL_SHIP_BY, ev, index, "000:710");
            if (fd) {
                set_due(fd, e->paid_at + e->policy->ship_hours * RF_HOUR);
                fd->since = e->paid_at;
                fd->limit = e->policy->ship_hours;
                fd->deadline = "ship";
            }
        }
        break;
    case RF_EV_EXCHANGE_SHIPPED:
        judge_replacement_shipping(r, ev, index);
        break;
    case RF_EV_COMPLAINT_RESOLVED:
        if (t.complaint && t.complaint->due != RF_NO_TIME && ev->at > t.complaint->due) {
            rf_finding *fd = add_finding(r, RF_FINDING_PLATFORM_LATE, RF_DETAIL_PLATFORM_BY, ev, index, "000:700,710");
            if (fd) {
                set_due(fd, t.complaint->due);
                fd->complaint = t.complaint->pub.type;
                fd->deadline = "platform_handle";
            }
        }
        break;
    case RF_EV_COMPLAINT_FILED:
        open_complaint(r, ev); /* an error is kept in r->status */
        return;
    case RF_EV_REFUND_REQUESTED:
    case RF_EV_REFUND_MODIFIED:
        check_requested(r, ev, index);
        break;
    case RF_EV_REFUND_AGREED:
    case RF_EV_RETURN_RECEIVED:
        check_paid(r, ev, index);
        break;
    case RF_EV_RULING:
        if (ev->ruling_for == RF_PARTY_BUYER) check_paid(r, ev, index);
        break;
    default:
        break;
    }
    /* A recorded event that moves a machine ends what its timeouts left. */
    if (st.to != *t.state) r->timed_out_count[t.machine] = 0;
    apply(r, &t, &st, ev->type, ev->at, ev, index);
    if (r->status != RF_OK) return;
    if (ev->type == RF_EV_REFUND_REQUESTED ||
        (ev->type == RF_EV_REFUND_MODIFIED && (ev->has & RF_HAS_REASON) && e->no_reason_since == ev->at))
        judge_seven_day(r, ev, index);
    /* A step of one machine that drives another (rf__cascades): a ruling
     * ends the request it was about (000:694). */
    for (size_t i = 0; drives && i < rf__cascade_count && e->has_refund; i++) {
        const rf__cascade *c = &rf__cascades[i];
        if (c->from != t.machine || c->event != ev->type || c->to != RF__TARGET_REQUEST) continue;
        target rt = {e->refund_machine, &e->refund_state, NULL};
        rf_step rs;
        step(e, rt.machine, e->refund_state, c->fires, ev->actor, &f, &rs);
        if (rs.allowed) {
            if (rs.to != e->refund_state) r->timed_out_count[rt.machine] = 0;
            apply(r, &rt, &rs, c->fires, ev->at, ev, index);
        }
    }
}

/* ---- what each party may do next ------------------------------------------------------ */

/* Appends (actor, type) to the verdict's next actions unless it is there
 * already (r->next_listed: every append passes here). */
static void add_action(run *r, rf_actor actor, rf_event_type type) {
    rf_verdict *v = r->v;
    if (r->next_listed[actor] & (UINT32_C(1) << type)) return;
    if (!grow(&r->box->alloc, (void **)&v->next, &r->box->next_cap, v->next_count + 1, sizeof *v->next)) {
        nomem(r);
        return;
    }
    v->next[v->next_count++] = (rf_action){actor, type};
    r->next_listed[actor] |= UINT32_C(1) << type;
}

/* The rows of machine id's table that leave `state`, as bits in table order. */
static uint64_t rows_from(const rf__engine *e, const rf_machine *m, rf_machine_id id, int state) {
    uint64_t rows = state >= 0 && state < RF__STATES_MAX ? e->machine_rows->from[id][state] : UINT64_MAX;
    return m->row_count < 64 ? rows & ((UINT64_C(1) << m->row_count) - 1) : rows;
}

static void machine_actions(run *r, rf_machine_id id, int state, rf_facts *f) {
    const rf_machine *m = rf_machine_get(id);
    for (uint64_t rows = rows_from(&r->e, m, id, state); rows; rows &= rows - 1) {
        const rf_transition *row = &m->rows[__builtin_ctzll(rows)];
        if (row->from != state || row->event == RF_EV_REFUND_SUCCEEDED) continue;
        /* A ruling comes through the intervention machine, not on its own. */
        if (row->event == RF_EV_RULING && id != RF_MACHINE_INTERVENTION) continue;
        /* The carrier records delivery once. */
        if (row->event == RF_EV_DELIVERED && r->e.delivered_at != RF_NO_TIME) continue;
        /* Its actors but the system, in order. */
        for (unsigned actors = row->actors & ((1u << RF_ACTOR_COUNT) - 1) & ~(1u << RF_ACTOR_SYSTEM); actors;
             actors &= actors - 1) {
            int a = __builtin_ctz(actors);
            /* A row without a guard allows its actors: the step would take
             * it, or an earlier row of the same event, without asking. */
            if (row->guard != RF_GUARD_NONE) {
                rf_step st;
                f->ruling_for = row->guard == RF_GUARD_FOR_SELLER ? RF_PARTY_SELLER : RF_PARTY_BUYER;
                step(&r->e, id, state, row->event, (rf_actor)a, f, &st);
                if (!st.allowed) continue;
            }
            add_action(r, (rf_actor)a, row->event);
        }
    }
}

/* Everything machine_actions reads for the trade, request and
 * intervention machines (their states, the delivery, the facts before the
 * guards' ruling_for), packed with bit 31 set; 0 when a value is out of the
 * packing's range. */
static uint32_t next_key(const rf__engine *e, const rf_facts *f) {
    bool open = rf__request_open(e);
    unsigned machine = open ? (unsigned)e->refund_machine : 0, state = open ? (unsigned)e->refund_state : 0;
    if ((unsigned)e->trade >= 16 || machine >= 8 || state >= 16 || (unsigned)e->intervention >= 16 ||
        (unsigned)f->kind >= 4 || f->ruling_for != RF_PARTY_BUYER || f->complaint_eligible)
        return 0;
    return UINT32_C(1) << 31 | (uint32_t)e->trade | machine << 4 | state << 7 | (unsigned)e->intervention << 11 |
           (unsigned)open << 15 | (unsigned)(e->delivered_at != RF_NO_TIME) << 16 | (unsigned)f->kind << 17 |
           (unsigned)f->seven_day_eligible << 19 | (unsigned)f->goods_shipped << 20 |
           (unsigned)f->postage_owed << 21 | (unsigned)f->postage_paid << 22 | (unsigned)f->refund_open << 23 |
           (unsigned)f->trade_paid << 24 | (unsigned)f->goods_back << 25;
}

static void next_actions(run *r) {
    rf__engine *e = &r->e;
    rf_facts f = facts_of(e, NULL);
    uint32_t key = next_key(e, &f);
    next_memo *memo = key ? &r->box->next_memo[(key * UINT32_C(0x9E3779B1)) >> 26] : NULL;
    _Static_assert(NEXT_MEMO_SLOTS == 64, "the slot is the hash's top 6 bits");
    if (memo && memo->key == key) {
        for (size_t i = 0; i < memo->count; i++)
            add_action(r, (rf_actor)memo->actions[i][0], (rf_event_type)memo->actions[i][1]);
    } else {
        machine_actions(r, RF_MACHINE_TRADE, (int)e->trade, &f);
        if (rf__request_open(e)) {
            machine_actions(r, e->refund_machine, e->refund_state, &f);
        } else {
            /* No request open: a new one may be made (RULES.md 2.2). */
            f.kind = RF_KIND_RETURN_REFUND;
            machine_actions(r, RF_MACHINE_REFUND, RF_REFUND_NONE, &f);
        }
        machine_actions(r, RF_MACHINE_INTERVENTION, (int)e->intervention, &f);
        /* The list starts empty (verdict_reset): all of it is these machines'. */
        if (memo && r->status == RF_OK && r->v->next_count <= NEXT_MEMO_ACTIONS) {
            memo->key = key;
            memo->count = (uint8_t)r->v->next_count;
            for (size_t i = 0; i < r->v->next_count; i++) {
                memo->actions[i][0] = (uint8_t)r->v->next[i].actor;
                memo->actions[i][1] = (uint8_t)r->v->next[i].type;
            }
        }
    }
    for (size_t i = 0; i < e->complaint_count; i++) {
        rf__complaint_run *k = &e->complaints[i];
        const rf_machine *m = rf_machine_get(RF_MACHINE_COMPLAINT);
        for (uint64_t rows = rows_from(e, m, RF_MACHINE_COMPLAINT, (int)k->pub.state); rows; rows &= rows - 1) {
            const rf_transition *row = &m->rows[__builtin_ctzll(rows)];
            if (row->from != (int)k->pub.state) continue;
            for (int a = 0; a < RF_ACTOR_COUNT; a++) {
                if (!(row->actors & (1u << a))) continue;
                const rf__party_rule *pr = rf__party_rule_of(row->event);
                if (pr && ((rf_actor)a == k->pub.complainant) != pr->by_complainant) continue;
                add_action(r, (rf_actor)a, row->event);
            }
        }
    }
    /* Filing is one action whatever the type, listed in the order of the
     * first type each party may file, the buyer first on the same type. */
    size_t buyer = rf__first_filing(e, RF_ACTOR_BUYER, r->v->as_of);
    size_t seller = rf__first_filing(e, RF_ACTOR_SELLER, r->v->as_of);
    if (seller < buyer) add_action(r, RF_ACTOR_SELLER, RF_EV_COMPLAINT_FILED);
    if (buyer < RF_COMPLAINT_COUNT) add_action(r, RF_ACTOR_BUYER, RF_EV_COMPLAINT_FILED);
    if (buyer <= seller && seller < RF_COMPLAINT_COUNT) add_action(r, RF_ACTOR_SELLER, RF_EV_COMPLAINT_FILED);
}

/* ---- duplicate ids: a small open-addressing set ------------------------------------------ */

/* A slot holds an id of the current replay when its generation is the
 * set's: a replay starts with an empty set without zeroing it. The high
 * half of the id's hash tells most other ids apart without strcmp. */
typedef struct id_slot {
    const char *id;
    uint32_t tag;
    uint32_t gen;
} id_slot;

/* A history of at most this many events keeps its ids in a list behind a
 * 64-bit filter of their hashes: a new id (nearly always) is appended
 * without probing, whose hits and misses on occupied slots the branch
 * predictor cannot learn. */
#define ID_LIST_MAX 24

typedef struct id_set {
    id_slot *slots;
    size_t cap;
    uint32_t gen;
    bool list;                 /* slots[0..n) a list, not a hash table */
    size_t n;
    uint64_t filter;           /* bit (hash & 63) of each id in the list */
} id_set;

/* Returns 1 if id was new (and is now in the set), 0 if already there. */
static int id_set_add(id_set *set, const char *id) {
    uint64_t h = rf__hash_bytes(id, strlen(id));
    uint32_t tag = (uint32_t)(h >> 32);
    if (set->list) {
        uint64_t bit = UINT64_C(1) << (h & 63);
        if (set->filter & bit)
            for (size_t k = 0; k < set->n; k++)
                if (set->slots[k].tag == tag && !strcmp(set->slots[k].id, id)) return 0;
        set->filter |= bit;
        set->slots[set->n++] = (id_slot){id, tag, set->gen};
        return 1;
    }
    size_t i = (size_t)(h & (set->cap - 1));
    while (set->slots[i].gen == set->gen) {
        if (set->slots[i].tag == tag && !strcmp(set->slots[i].id, id)) return 0;
        i = (i + 1) & (set->cap - 1);
    }
    set->slots[i] = (id_slot){id, tag, set->gen};
    return 1;
}

/* ---- the public entry ------------------------------------------------------------------ */

void rf_verdict_free(rf_verdict *v) {
    if (!v) return;
    verdict_box *box = (verdict_box *)v;
    rf_allocator a = box->alloc;
    rf__free(&a, v->requests);
    rf__free(&a, v->complaints);
    rf__free(&a, v->next);
    rf__free(&a, v->deadlines);
    rf__free(&a, v->findings);
    rf__free(&a, v->inserted);
    rf__free(&a, box->engine_complaints);
    rf__free(&a, box->id_slots);
    rf__free(&a, box);
}

static void engine_init(rf__engine *e, const rf_ctx *ctx, const rf_case *c, rf_error *err) {
    rf__zero(e, sizeof *e);
    e->ctx = ctx;
    e->policy = &ctx->policy;
    e->calendar = ctx->calendar ? ctx->calendar : rf__calendar_builtin();
    e->order = rf_case_order(c);
    e->trade = RF_TRADE_NO_CREATE_PAY;
    e->created_at = e->paid_at = e->shipped_at = e->delivered_at = RF_NO_TIME;
    e->finished_at = e->receipt_started_at = e->exchange_shipped_at = RF_NO_TIME;
    e->requested_at = e->no_reason_since = e->postage_paid_at = e->return_received_at = RF_NO_TIME;
    e->receipt_paused_at = RF_NO_TIME;
    e->pending_review_by = -1;
    e->refund_machine = RF_MACHINE_REFUND;
    e->err = err;
    const rf_case_import *imp = rf_case_get_import(c);
    if (imp) {
        e->assumed = imp->assumed;
        e->missing = imp->missing;
    }
}

static rf_status finish_verdict(run *r) {
    rf__engine *e = &r->e;
    rf_verdict *v = r->v;
    v->order_id = e->order->id;
    v->channel = e->order->channel;
    v->has_created = e->created_at != RF_NO_TIME;
    v->created = e->created_at;
    v->trade = e->trade;
    v->aftersale = e->finished_at != RF_NO_TIME;
    v->has_refund = e->has_refund;
    v->refund_machine = e->refund_machine;
    v->refund_state = e->refund_state;
    v->kind = e->request.kind;
    v->reason = e->request.reason;
    v->intervention = e->intervention;
    if (e->has_refund) {
        rf_request *q = current_request(r);
        q->state = e->refund_state;
        q->reason = e->request.reason;
        q->intervention = e->intervention;
        if (!q->ended) {
            rf_status st = settle_now(e, &q->settlement);
            if (st != RF_OK) return st;
            q->has_settlement = true;
            q->settlement_basis = settlement_basis(e);
        }
        v->settlement = q->settlement;
        v->has_settlement = q->has_settlement;
        v->settlement_basis = q->settlement_basis;
    }
    if (e->complaint_count) {
        if (!grow(&r->box->alloc, (void **)&v->complaints, &r->box->complaint_cap, e->complaint_count,
                  sizeof *v->complaints))
            return nomem(r);
        for (size_t i = 0; i < e->complaint_count; i++) v->complaints[i] = e->complaints[i].pub;
        v->complaint_count = e->complaint_count;
    }
    size_t n = rf__deadlines(e, v->deadlines, r->box->deadline_cap);
    if (n > r->box->deadline_cap) {
        if (!grow(&r->box->alloc, (void **)&v->deadlines, &r->box->deadline_cap, n, sizeof *v->deadlines))
            return nomem(r);
        n = rf__deadlines(e, v->deadlines, n);
    }
    v->deadline_count = n;
    next_actions(r);
    return r->status;
}

/* Empties a verdict for another replay, keeping its arrays. */
static void verdict_reset(verdict_box *box, const rf_allocator *a) {
    rf_verdict *v = &box->v;
    rf_complaint *complaints = v->complaints;
    rf_action *next = v->next;
    rf_deadline *deadlines = v->deadlines;
    rf_finding *findings = v->findings;
    rf_inserted *inserted = v->inserted;
    rf_request *requests = v->requests;
    rf__zero(v, sizeof *v);
    v->requests = requests;
    v->complaints = complaints;
    v->next = next;
    v->deadlines = deadlines;
    v->findings = findings;
    v->inserted = inserted;
    box->alloc = *a;
}

/* Fills box->guarded and box->drives_request from the tables. */
static void judge_index_fill(verdict_box *box) {
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        box->guarded[id] = 0;
        box->table[id] = m->rows;
        box->terminal[id] = m->terminal;
        box->drives_request[id] = 0;
        for (size_t i = 0; i < m->row_count && i < 64; i++)
            if (m->rows[i].guard != RF_GUARD_NONE) box->guarded[id] |= UINT64_C(1) << i;
        for (size_t i = 0; i < rf__cascade_count; i++) {
            const rf__cascade *c = &rf__cascades[i];
            if ((int)c->from == id && c->to == RF__TARGET_REQUEST && (unsigned)c->event < RF_EV_COUNT)
                box->drives_request[id] |= UINT32_C(1) << c->event;
        }
    }
}

/* The i-th event of the history judged: the case's, then the tried one
 * (read in place: every event passes here twice). */
RF__HOT const rf_event *event_at(const rf_case *c, size_t n, const rf_event *extra, size_t i) {
    return i < n ? &c->events[i] : extra;
}

/* TOP.md section 3: the verdict lists the case's assumptions, and a finding
 * resting on an event with inferred keys, on an assumed order field or on a
 * missing fact (rf__finding_rests_on) gets basis INFERRED. A deadline finding
 * rests on the times of the events before it too: an inferred time among
 * them makes it inferred. */
static void mark_basis(run *r, const rf_case *c, size_t n, const rf_event *extra) {
    rf__engine *e = &r->e;
    rf_verdict *v = r->v;
    const rf_case_import *imp = rf_case_get_import(c);
    v->has_import = imp != NULL;
    v->assumed = e->assumed;
    v->missing = e->missing;
    if (!imp) return;
    size_t count = n + (extra != NULL), first_inferred_at = SIZE_MAX;
    for (size_t i = 0; i < count && first_inferred_at == SIZE_MAX; i++)
        if (inferred_key(event_at(c, n, extra, i), RF_KEY_AT)) first_inferred_at = i;
    uint64_t missing_facts = (e->missing >> RF_EV_DELIVERED & 1u) && e->delivered_at == RF_NO_TIME
                                 ? RF__RESTS_ON_DELIVERY : 0;
    for (size_t i = 0; i < v->finding_count; i++) {
        rf_finding *f = &v->findings[i];
        const rf_event *ev = f->event_index < count ? event_at(c, n, extra, f->event_index) : NULL;
        uint64_t facts = (unsigned)f->code < RF_FINDING_COUNT ? rf__finding_rests_on[f->code].facts : 0;
        bool inferred = (ev && (ev->has & RF_HAS_INFERRED) && ev->inferred) || (facts & e->assumed) ||
                        (facts & missing_facts) ||
                        ((f->has_due || f->code == RF_FINDING_MISSED_TIMEOUT) && first_inferred_at != SIZE_MAX &&
                         (f->event_index == SIZE_MAX || f->event_index >= first_inferred_at));
        f->basis = inferred ? RF_BASIS_INFERRED : RF_BASIS_RECORDED;
    }
}

rf_status rf__replay_into(const rf_ctx *ctx, const rf_case *c, const rf_replay_options *options,
                          rf_verdict **verdict, rf_error *err) {
    return rf__replay_with(ctx, c, NULL, options, verdict, err);
}

rf_status rf__replay_with(const rf_ctx *ctx, const rf_case *c, const rf_event *extra,
                          const rf_replay_options *options, rf_verdict **verdict, rf_error *err) {
    rf_ctx fallback;
    run r;
    size_t n = rf_case_event_count(c), count = n + (extra != NULL);

    if (!ctx) {
        memset(&fallback, 0, sizeof fallback);
        fallback.alloc = rf__default_allocator;
        rf__policy_defaults(&fallback.policy);
        ctx = &fallback;
    }
    verdict_box *box = (verdict_box *)*verdict;
    if (!box) {
        box = rf__malloc(&ctx->alloc, sizeof *box);
        if (!box) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
        memset(box, 0, sizeof *box);
        *verdict = &box->v;
    }
    verdict_reset(box, &ctx->alloc);
    /* engine_init zeroes the engine; the rest of the run up to the timeout
     * log is zeroed here (the log is read only below its counts). */
    engine_init(&r.e, ctx, c, err);
    memset((char *)&r + offsetof(run, v), 0, offsetof(run, timed_out_from) - offsetof(run, v));
    memset(r.timed_out_count, 0, sizeof r.timed_out_count);
    r.box = box;
    r.v = &box->v;
    if (!box->indexed) {
        rf__deadline_index_fill(&box->deadline_rows);
        rf__machine_index_fill(&box->machine_rows);
        judge_index_fill(box);
        box->indexed = true;
    }
    r.e.deadline_rows = &box->deadline_rows;
    r.e.order_rows = rf__deadline_order_rows(&box->deadline_rows, r.e.order);
    r.e.asked_rows = rf__deadline_asked_rows(&box->deadline_rows, r.e.order);
    r.e.machine_rows = &box->machine_rows;
    r.e.complaints = box->engine_complaints;
    r.e.complaint_cap = box->engine_complaint_cap;

    /* The verdict is as of --now, or else the latest event (never the clock). */
    rf_time as_of = 0;
    for (size_t i = 0; i < count; i++)
        if (i == 0 || event_at(c, n, extra, i)->at > as_of) as_of = event_at(c, n, extra, i)->at;
    if (options && options->has_now) as_of = options->now;
    r.v->as_of = as_of;

    size_t id_cap = 16;
    while (id_cap < count * 2) id_cap *= 2;
    if (id_cap > box->id_cap) {
        rf__free(&ctx->alloc, box->id_slots);
        box->id_cap = 0;
        box->id_slots = rf__malloc(&ctx->alloc, id_cap * sizeof *box->id_slots);
        if (!box->id_slots) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
        rf__zero(box->id_slots, id_cap * sizeof *box->id_slots);
        box->id_cap = id_cap;
    }
    /* A new generation empties the set; generation 0 marks the slots never
     * used, so after 2^32 replays they are zeroed once more. */
    if (++box->id_gen == 0) {
        rf__zero(box->id_slots, box->id_cap * sizeof *box->id_slots);
        box->id_gen = 1;
    }
    id_set ids = {box->id_slots, id_cap, box->id_gen, count <= ID_LIST_MAX, 0, 0};

    /* The clock is the latest time the history has reached; it never runs
     * back. Before an event is judged, every timeout due before the clock has
     * fired, exactly as at the end of the history so far: a later event can
     * then never undo what a shorter history already showed. An event stamped
     * earlier than the clock is judged at the clock; a duplicate is not
     * applied, but its time was reached. A deadline due at the very second of
     * the clock has not expired: acting at the due second is in time. */
    rf_time latest = RF_NO_TIME;
    for (size_t i = 0; i < count && r.status == RF_OK; i++) {
        const rf_event *ev = event_at(c, n, extra, i);
        if (ev->at > as_of) {
            r.v->events_after_as_of++;
            continue;
        }
        bool duplicate = !id_set_add(&ids, ev->id);
        bool early = latest != RF_NO_TIME && ev->at < latest;
        size_t first_finding = r.v->finding_count;
        if (duplicate) {
            add_refusal(&r, RF_FINDING_DUPLICATE_EVENT, RF_DETAIL_DUPLICATE, ev, i, "FORMAT.md 1");
        } else if (early) {
            rf_finding *f = add_finding(&r, RF_FINDING_OUT_OF_ORDER, RF_DETAIL_EARLIER_EVENT, ev, i, "RULES.md 4");
            if (f) f->since = latest;
        }
        if (!early) latest = ev->at;
        fire_timeouts(&r, latest, i);
        if (!duplicate) judge(&r, ev, i);
        /* The findings on this event belong to the request current after it. */
        rf_machine_id mid = rf__event_machine(ev->type);
        if (r.e.has_refund && mid != RF_MACHINE_TRADE && mid != RF_MACHINE_COMPLAINT)
            for (size_t k = first_finding; k < r.v->finding_count; k++) r.v->findings[k].request = r.e.request_index;
    }
    if (r.status == RF_OK) fire_timeouts(&r, as_of, count);
    if (r.status == RF_OK) r.status = finish_verdict(&r);
    if (r.status == RF_OK) mark_basis(&r, c, n, extra);
    /* The engine's complaint array may have grown: the box keeps it. */
    box->engine_complaints = r.e.complaints;
    box->engine_complaint_cap = r.e.complaint_cap;
    return r.status;
}

rf_status rf_replay(const rf_ctx *ctx, const rf_case *c, const rf_replay_options *options,
                    rf_verdict **out, rf_error *err) {
    rf_verdict *v = NULL;
    rf_replay_options opts;
    if (!out) return rf__fail_null(err, RF_E_INVALID, "rf_replay", "out");
    *out = NULL;
    if (!c) return rf__fail_null(err, RF_E_INVALID, "rf_replay", "c");
    if (options) {
        rf_status st = rf__replay_options_import(options, &opts, err);
        if (st != RF_OK) return st;
    }
    rf_status st = rf__replay_into(ctx, c, options ? &opts : NULL, &v, err);
    if (st != RF_OK) {
        rf_verdict_free(v);
        return st;
    }
    *out = v;
    return RF_OK;
}
