/*
 * The replay engine: reads a case's events in order, drives the five machines
 * together, inserts the timeouts the history should have had and judges every
 * step (RULES.md section 4). The machines decide legality; this file only
 * routes events, keeps the facts the guards need and writes findings.
 */
#include "engine.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* ---- growable arrays in the verdict --------------------------------------------- */

static bool grow(const rf_allocator *a, void **arr, size_t *cap, size_t need, size_t size) {
    if (need <= *cap) return true;
    size_t cap2 = *cap ? *cap * 2 : 8;
    while (cap2 < need) cap2 *= 2;
    void *p = rf__realloc(a, *arr, cap2 * size);
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
} timed_out;

/* A verdict together with the capacities of its arrays and the engine's
 * scratch space, so that a verdict can be replayed into again without
 * allocating (rf__replay_into, behind rf_auditor). The public rf_verdict is
 * the first member: a verdict pointer is a box pointer. */
typedef struct verdict_box {
    rf_verdict v;
    size_t complaint_cap, next_cap, deadline_cap, finding_cap, inserted_cap;
    rf__complaint_run *engine_complaints; /* the engine's running complaints */
    size_t engine_complaint_cap;
    const char **id_slots;                /* the duplicate-id set */
    size_t id_cap;
} verdict_box;

typedef struct run {
    rf__engine e;
    rf_verdict *v;
    verdict_box *box;
    rf_status status;          /* first error; the run stops at it */
    /* Timeouts fired just before the event being judged: a `system` event
     * recording one of them late is told apart from a plainly illegal one. */
    bool fired;
    rf_event_type last_fired;
    /* The states timeouts moved each machine out of since a recorded event
     * last changed its state. An event legal in one of them came too late
     * (MISSED_TIMEOUT), even when events of other machines came in between:
     * the buyer who extends the receipt time and then ships an expired
     * return is late, not illegal (RULES.md 4). */
    timed_out timed_out_from[RF_MACHINE_COUNT][RF_TIMEOUT_CHAIN];
    size_t timed_out_count[RF_MACHINE_COUNT];
} run;

static rf_status nomem(run *r) {
    if (r->status == RF_OK) r->status = rf__fail(r->e.err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
    return r->status;
}

static const char *actor_name(rf_actor a) { return rf_enum_name(RF_ENUM_ACTOR, (int)a); }
static const char *actor_zh(rf_actor a) { return rf_enum_label_zh(RF_ENUM_ACTOR, (int)a); }
static const char *event_name(rf_event_type t) { return rf_enum_name(RF_ENUM_EVENT, (int)t); }

/* Concatenates parts into dst, cut to size - 1 bytes as snprintf cuts: a
 * finding is made on many steps, and printf's format parsing showed in the
 * profile. */
static void join(char *dst, size_t size, const char *const *parts, size_t n) {
    size_t used = 0;
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        size_t len = strlen(parts[i]);
        if (len > size - 1 - used) len = size - 1 - used;
        memcpy(dst + used, parts[i], len);
        used += len;
    }
    dst[used] = '\0';
}

static void add_finding(run *r, rf_finding_code code, const rf_event *ev, size_t index,
                        const char *seed, const char *detail_en, const char *detail_zh) {
    rf_verdict *v = r->v;
    if (r->status != RF_OK) return;
    if (!grow(&v->alloc_, (void **)&v->findings, &r->box->finding_cap, v->finding_count + 1, sizeof *v->findings)) {
        nomem(r);
        return;
    }
    rf_finding *f = &v->findings[v->finding_count++];
    memset(f, 0, sizeof *f);
    f->code = code;
    f->event_id = ev ? ev->id : NULL;
    f->event_index = ev ? index : SIZE_MAX;
    f->at = ev ? ev->at : 0;
    f->seed = seed ? seed : "RULES.md 4";
    const char *type = ev ? event_name(ev->type) : "timeout";
    bool en = detail_en && *detail_en, zh = detail_zh && *detail_zh;
    /* "refund_agreed by seller: LABEL; DETAIL" and "卖家的refund_agreed:标签;详情". */
    const char *const parts_en[] = {type, " by ", ev ? actor_name(ev->actor) : "system", ": ",
                                    rf_finding_label(code, false), en ? "; " : "", en ? detail_en : ""};
    const char *const parts_zh[] = {ev ? actor_zh(ev->actor) : "系统", "的", type, ":",
                                    rf_finding_label(code, true), zh ? ";" : "", zh ? detail_zh : ""};
    join(f->message_en, sizeof f->message_en, parts_en, sizeof parts_en / sizeof parts_en[0]);
    join(f->message_zh, sizeof f->message_zh, parts_zh, sizeof parts_zh / sizeof parts_zh[0]);
}

/* A finding about an event the engine did not apply (it stays out of the
 * states): what `refund apply` must refuse. */
static void add_refusal(run *r, rf_finding_code code, const rf_event *ev, size_t index,
                        const char *seed, const char *detail_en, const char *detail_zh) {
    size_t before = r->v->finding_count;
    add_finding(r, code, ev, index, seed, detail_en, detail_zh);
    if (r->v->finding_count > before) r->v->findings[before].refused = true;
}

/* ---- routing: which machine judges an event, and its current state ------------ */

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
    switch (rf_event_machine(ev->type)) {
    case RF_MACHINE_TRADE:
        return t;
    case RF_MACHINE_REFUND:
        if (e->has_refund) {
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

/* ---- facts for the guards ------------------------------------------------------- */

static bool refund_terminal(const rf__engine *e) {
    const rf_machine *m = rf_machine_get(e->refund_machine);
    return e->has_refund && m->terminal[e->refund_state];
}

static bool trade_paid(const rf__engine *e) {
    return e->trade == RF_TRADE_WAIT_SELLER_SEND_GOODS || e->trade == RF_TRADE_WAIT_BUYER_CONFIRM_GOODS ||
           e->trade == RF_TRADE_FINISHED;
}

/* The settlement of the current request (see rf__engine.settled); err as
 * for rf_settle. */
static rf_status settle_with(rf__engine *e, rf_settlement *s, rf_error *err) {
    if (e->settled && memcmp(&e->settled_for, &e->request, sizeof e->request) == 0) {
        *s = e->settlement;
        return RF_OK;
    }
    rf_status st = rf_settle(e->ctx, e->order, &e->request, s, err);
    if (st == RF_OK) {
        /* memcpy, not assignment, so the padding compares equal too. */
        memcpy(&e->settled_for, &e->request, sizeof e->request);
        e->settlement = *s;
        e->settled = true;
    }
    return st;
}

static rf_status settle_now(rf__engine *e, rf_settlement *s) { return settle_with(e, s, e->err); }

static rf_facts facts_of(rf__engine *e, const rf_event *ev) {
    rf_facts f;
    memset(&f, 0, sizeof f);
    f.kind = e->has_refund ? e->request.kind : (ev ? ev->kind : RF_KIND_REFUND_ONLY);
    f.seven_day_eligible = e->seven_day_eligible;
    f.goods_shipped = e->shipped_at != RF_NO_TIME;
    f.postage_paid = e->exchange_postage_paid;
    f.refund_open = e->has_refund && !refund_terminal(e);
    f.trade_paid = trade_paid(e);
    f.ruling_for = ev && (ev->has & RF_HAS_FOR) ? ev->ruling_for : RF_PARTY_BUYER;
    if (e->has_refund && e->refund_machine == RF_MACHINE_EXCHANGE) {
        rf_settlement s;
        if (settle_with(e, &s, NULL) == RF_OK) /* an error is reported where the amount is used */
            f.postage_owed = s.exchange_postage_payer == RF_PARTY_BUYER;
    }
    return f;
}

/* ---- 7-day eligibility and amounts ------------------------------------------------ */

static void judge_seven_day(run *r, const rf_event *ev, size_t index) {
    rf__engine *e = &r->e;
    rf_time open, due;
    e->seven_day_eligible = false;
    /* A no-reason request for goods the carrier delivered is a 7-day request
     * (000:628); anything earlier is an ordinary refund. */
    if (e->request.reason != RF_REASON_NO_REASON || e->delivered_at == RF_NO_TIME) return;
    if (e->request.kind == RF_KIND_REFUND_ONLY) return;
    if (!rf__seven_day_window(e, &open, &due)) {
        add_finding(r, RF_FINDING_NOT_ELIGIBLE, ev, index, "000:628",
                    "the goods are marked not eligible for 7-day no-reason returns",
                    "该商品不支持七天无理由退换");
        return;
    }
    if (e->request.goods == RF_GOODS_NOT_RESELLABLE) {
        add_finding(r, RF_FINDING_NOT_ELIGIBLE, ev, index, "000:628,656",
                    "the goods affect resale (worn, washed, parts missing)", "商品影响二次销售");
        return;
    }
    /* The 168 hours are counted from 00:00 of the day after delivery
     * (自签收次日零时起); a request on the delivery day itself is inside the
     * 7 days, not before them. Only a request after `due` is late. */
    if (e->requested_at > due) {
        char en[160], zh[160], a[32], b[32];
        rf_time_format(open, a);
        rf_time_format(due, b);
        snprintf(en, sizeof en, "the 168 hours counted from %s ended %s", a, b);
        snprintf(zh, sizeof zh, "自 %s 起算的168小时已于 %s 届满", a, b);
        add_finding(r, RF_FINDING_NOT_ELIGIBLE, ev, index, "000:628", en, zh);
        return;
    }
    e->seven_day_eligible = true;
}

/* What the buyer paid: the goods and postage to the seller and, once the
 * return has shipped, the return postage advanced to the carrier. Rule Q
 * gives that back inside the refund (000:638, 740), so a refund of all three
 * is not above what the buyer paid. Each part is <= RF_FEN_MAX: no overflow. */
static rf_fen paid_total(const rf__engine *e) {
    return e->order->item_amount + e->order->shipping_fee + e->request.return_postage;
}

/* "the buyer paid 150.00" or "... 150.00 and 10.00 return postage". */
static void describe_paid(const rf__engine *e, char *en, size_t en_size, char *zh, size_t zh_size) {
    char a[24], b[24];
    rf_fen to_seller = e->order->item_amount + e->order->shipping_fee;
    rf_money_format(to_seller, a);
    if (e->request.return_postage == 0) {
        snprintf(en, en_size, "the buyer paid %s", a);
        snprintf(zh, zh_size, "买家实付%s元", a);
        return;
    }
    rf_money_format(e->request.return_postage, b);
    snprintf(en, en_size, "the buyer paid %s and %s return postage", a, b);
    snprintf(zh, zh_size, "买家实付%s元及退货邮费%s元", a, b);
}

static void check_requested(run *r, const rf_event *ev, size_t index) {
    char en[160], zh[160], a[24], pen[96], pzh[96];
    if (!(ev->has & RF_HAS_AMOUNT) || ev->amount <= paid_total(&r->e)) return;
    rf_money_format(ev->amount, a);
    describe_paid(&r->e, pen, sizeof pen, pzh, sizeof pzh);
    snprintf(en, sizeof en, "requested %s, %s", a, pen);
    snprintf(zh, sizeof zh, "申请%s元,%s", a, pzh);
    add_finding(r, RF_FINDING_AMOUNT_EXCEEDS_PAID, ev, index, "000:614", en, zh);
}

/* The amount actually refunded on agreement, receipt of the return or ruling. */
static void check_paid(run *r, const rf_event *ev, size_t index) {
    rf__engine *e = &r->e;
    rf_settlement s;
    char en[160], zh[160], a[24], b[24], pen[96], pzh[96];
    if (!(ev->has & RF_HAS_AMOUNT) || !e->has_refund) return;
    if (ev->amount > paid_total(e)) {
        rf_money_format(ev->amount, a);
        describe_paid(e, pen, sizeof pen, pzh, sizeof pzh);
        snprintf(en, sizeof en, "refunded %s, %s", a, pen);
        snprintf(zh, sizeof zh, "实退%s元,%s", a, pzh);
        add_finding(r, RF_FINDING_AMOUNT_EXCEEDS_PAID, ev, index, "000:614", en, zh);
        return;
    }
    if (settle_now(e, &s) != RF_OK) {
        r->status = e->err ? e->err->code : RF_E_RANGE;
        return;
    }
    if (ev->amount != s.refund) {
        rf_money_format(ev->amount, a);
        rf_money_format(s.refund, b);
        snprintf(en, sizeof en, "refunded %s, the settlement (rule %s) refunds %s", a, rf_rule_id(s.rule), b);
        snprintf(zh, sizeof zh, "实退%s元,按规则%s应退%s元", a, rf_rule_id(s.rule), b);
        add_finding(r, RF_FINDING_AMOUNT_MISMATCH, ev, index, rf_rule_seed(s.rule), en, zh);
    }
}

/* ---- applying an allowed step ------------------------------------------------------- */

static void close_trade_on_full_refund(rf__engine *e, rf_fen refunded) {
    rf_step st;
    /* A refund of everything paid for the goods, before the trade finished,
     * closes the trade (RULES.md 2.1). */
    if (e->refund_machine != RF_MACHINE_REFUND || refunded < e->order->item_amount) return;
    rf_machine_step(rf_machine_get(RF_MACHINE_TRADE), (int)e->trade, RF_EV_REFUND_SUCCEEDED,
                    RF_ACTOR_SYSTEM, NULL, &st);
    if (st.allowed) e->trade = (rf_trade_state)st.to;
}

static void apply(run *r, const target *t, const rf_step *st, rf_event_type type, rf_time at,
                  const rf_event *ev) {
    rf__engine *e = &r->e;
    int from = *t->state;

    switch (t->machine) {
    case RF_MACHINE_TRADE:
        e->trade = (rf_trade_state)st->to;
        if (type == RF_EV_ORDER_CREATED) e->created_at = at;
        if (type == RF_EV_PAID) e->paid_at = at;
        if (type == RF_EV_SHIPPED) e->shipped_at = e->receipt_started_at = at;
        if (type == RF_EV_DELIVERED && e->delivered_at == RF_NO_TIME) e->delivered_at = at;
        if (type == RF_EV_RECEIPT_EXTENDED && ev) e->receipt_extra_days += ev->days;
        if (type == RF_EV_RECEIPT_CONFIRMED) e->finished_at = at;
        if (type == RF_EV_REVIEW_POSTED && ev)
            e->pending_review_by = ev->rating == RF_RATING_POSITIVE ? -1 : (int)ev->actor;
        if (type == RF_EV_REVIEW_EFFECTIVE && e->pending_review_by >= 0) {
            /* A review by the buyer is against the seller, and the reverse. */
            e->review_against[e->pending_review_by == RF_ACTOR_BUYER ? RF_PARTY_SELLER : RF_PARTY_BUYER] = true;
            e->pending_review_by = -1;
        }
        return;
    case RF_MACHINE_REFUND:
    case RF_MACHINE_EXCHANGE:
        if (type == RF_EV_REFUND_REQUESTED) {
            e->has_refund = true;
            e->refund_machine = t->machine;
            memset(&e->request, 0, sizeof e->request);
            e->request.kind = ev->kind;
            e->request.reason = ev->reason;
            e->request.has_amount = (ev->has & RF_HAS_AMOUNT) != 0;
            e->request.amount = ev->amount;
            e->request.goods = (ev->has & RF_HAS_GOODS) ? ev->goods : RF_GOODS_RESELLABLE;
            e->request.invoice_returned = ev->invoice_returned;
            e->request.after_success = e->trade == RF_TRADE_FINISHED;
            e->requested_at = at;
        }
        if (type == RF_EV_REFUND_MODIFIED && ev) {
            if (ev->has & RF_HAS_AMOUNT) { e->request.has_amount = true; e->request.amount = ev->amount; }
            if (ev->has & RF_HAS_REASON) e->request.reason = ev->reason;
            if (ev->has & RF_HAS_GOODS) e->request.goods = ev->goods;
            if (ev->has & RF_HAS_INVOICE_RETURNED) e->request.invoice_returned = ev->invoice_returned;
        }
        if (type == RF_EV_RETURN_SHIPPED && ev && (ev->has & RF_HAS_POSTAGE)) e->request.return_postage = ev->postage;
        if (type == RF_EV_EXCHANGE_POSTAGE_PAID) e->exchange_postage_paid = true;
        if (type == RF_EV_EXCHANGE_SHIPPED) e->exchange_shipped_at = at;
        e->refund_state = st->to;
        /* A timer restarts when its state is entered, or re-entered by a modification. */
        if (st->to != from || type == RF_EV_REFUND_MODIFIED || type == RF_EV_REFUND_REQUESTED)
            e->refund_entered_at = at;
        if (t->machine == RF_MACHINE_REFUND && st->to == RF_REFUND_SUCCESS) {
            rf_settlement s;
            rf_fen refunded = ev && (ev->has & RF_HAS_AMOUNT) ? ev->amount
                              : settle_now(e, &s) == RF_OK ? s.refund : 0;
            close_trade_on_full_refund(e, refunded);
        }
        return;
    case RF_MACHINE_INTERVENTION:
        e->intervention = (rf_intervention_state)st->to;
        return;
    case RF_MACHINE_COMPLAINT:
        if (t->complaint) t->complaint->pub.state = (rf_complaint_state)st->to;
        return;
    case RF_MACHINE_COUNT:
        break;
    }
}

static rf_status open_complaint(run *r, const rf_event *ev) {
    rf__engine *e = &r->e;
    if (!grow(&r->v->alloc_, (void **)&e->complaints, &e->complaint_cap, e->complaint_count + 1,
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
        r->status = rf__fail(e->err, st, 0, ev->line, ev->column, ev->id,
                             st == RF_E_CALENDAR
                                 ? "event %s: the platform's working-day limit falls outside the calendar"
                                 : "event %s: the platform's working-day limit cannot be computed", ev->id);
        return r->status;
    }
    return RF_OK;
}

/* ---- timeouts -------------------------------------------------------------------------- */

#define RF_DEADLINE_CAP 32

static const rf_deadline *due_timeout(const rf__engine *e, rf_time before, rf_deadline *buf) {
    size_t n = rf__deadlines(e, buf, RF_DEADLINE_CAP);
    if (n > RF_DEADLINE_CAP) n = RF_DEADLINE_CAP;
    for (size_t i = 0; i < n; i++)
        if (buf[i].has_expiry && buf[i].due < before) return &buf[i];
    return NULL;
}

/* Fires, in due order, every timeout that expired before `before`. */
static void fire_timeouts(run *r, rf_time before, size_t before_index) {
    rf_deadline buf[RF_DEADLINE_CAP];
    const rf_deadline *d;
    r->fired = false;
    for (int guard = 0; guard < RF_TIMEOUT_CHAIN && r->status == RF_OK && (d = due_timeout(&r->e, before, buf)); guard++) {
        rf_event timeout;
        memset(&timeout, 0, sizeof timeout);
        timeout.type = d->on_expiry;
        timeout.actor = RF_ACTOR_SYSTEM;
        timeout.at = d->due;
        target t = route(&r->e, &timeout);
        rf_facts f = facts_of(&r->e, &timeout);
        rf_step st;
        rf_machine_step(rf_machine_get(t.machine), *t.state, timeout.type, RF_ACTOR_SYSTEM, &f, &st);
        if (!st.allowed) break; /* a deadline without a legal expiry: nothing to fire */
        rf_verdict *v = r->v;
        if (!grow(&v->alloc_, (void **)&v->inserted, &r->box->inserted_cap, v->inserted_count + 1, sizeof *v->inserted)) {
            nomem(r);
            return;
        }
        v->inserted[v->inserted_count++] = (rf_inserted){d->due, d->on_expiry, d->id, before_index};
        r->fired = true;
        r->last_fired = d->on_expiry;
        if (r->timed_out_count[t.machine] < RF_TIMEOUT_CHAIN)
            r->timed_out_from[t.machine][r->timed_out_count[t.machine]++] =
                (timed_out){*t.state, d->id, d->due, d->seed};
        apply(r, &t, &st, timeout.type, timeout.at, NULL);
    }
}

/* A `system` event in the history is a timeout the platform recorded: it must
 * stand where a deadline expired. Returns true when it was judged here. */
static bool judge_recorded_timeout(run *r, const rf_event *ev, size_t index) {
    rf_deadline buf[RF_DEADLINE_CAP];
    char en[160], zh[160], a[32];
    size_t n = rf__deadlines(&r->e, buf, RF_DEADLINE_CAP);
    if (n > RF_DEADLINE_CAP) n = RF_DEADLINE_CAP;
    for (size_t i = 0; i < n; i++) {
        if (!buf[i].has_expiry || buf[i].on_expiry != ev->type) continue;
        if (ev->at >= buf[i].due) return false; /* on time: the table judges it */
        rf_time_format(buf[i].due, a);
        snprintf(en, sizeof en, "timeout %s recorded before it was due at %s", buf[i].id, a);
        snprintf(zh, sizeof zh, "超时(%s)记录早于到期时间 %s", buf[i].id, a);
        add_refusal(r, RF_FINDING_ILLEGAL_TRANSITION, ev, index, buf[i].seed, en, zh);
        return true;
    }
    if (r->fired && r->last_fired == ev->type) {
        add_refusal(r, RF_FINDING_MISSED_TIMEOUT, ev, index, "RULES.md 4",
                    "the platform recorded this timeout late; it took effect at its due time",
                    "平台记录超时晚于到期时间,超时已按期生效");
        return true;
    }
    return false;
}

/* ---- judging one recorded event ------------------------------------------------------- */

static void describe_state(const target *t, int state, char *en, size_t en_size, char *zh, size_t zh_size) {
    const rf_machine *m = rf_machine_get(t->machine);
    snprintf(en, en_size, "%s state %s", m->name, rf_state_name(t->machine, state));
    snprintf(zh, zh_size, "状态「%s」", rf_state_label(t->machine, state));
}

static void judge(run *r, const rf_event *ev, size_t index) {
    rf__engine *e = &r->e;
    e->current = ev;
    if (ev->actor == RF_ACTOR_SYSTEM && judge_recorded_timeout(r, ev, index)) return;

    target t = route(e, ev);
    const rf_machine *m = rf_machine_get(t.machine);
    rf_facts f = facts_of(e, ev);
    rf_finding_code complaint_refusal = RF_FINDING_NONE;
    const char *why = "";
    if (ev->type == RF_EV_COMPLAINT_FILED) {
        complaint_refusal = rf__complaint_check(e, ev->complaint, ev->actor, ev->at, &why);
        f.complaint_eligible = complaint_refusal == RF_FINDING_NONE;
    }
    rf_step st;
    rf_machine_step(m, *t.state, ev->type, ev->actor, &f, &st);

    /* The respondent appeals, the complainant withdraws (000:698, 712). */
    if (st.allowed && t.complaint) {
        bool complainant = ev->actor == t.complaint->pub.complainant;
        if ((ev->type == RF_EV_COMPLAINT_APPEALED && complainant) ||
            (ev->type == RF_EV_COMPLAINT_WITHDRAWN && !complainant)) {
            st.allowed = false;
            st.refusal = RF_FINDING_WRONG_ACTOR;
        }
    }
    if (!st.allowed) {
        char en[200], zh[200];
        rf_finding_code code = st.refusal;
        if (ev->type == RF_EV_COMPLAINT_FILED && complaint_refusal == RF_FINDING_WRONG_ACTOR)
            code = RF_FINDING_WRONG_ACTOR;
        const char *seed = st.row ? st.row->seed : "RULES.md 2";
        describe_state(&t, *t.state, en, sizeof en, zh, sizeof zh);
        for (size_t i = 0; code == RF_FINDING_ILLEGAL_TRANSITION && i < r->timed_out_count[t.machine]; i++) {
            /* Was it legal in a state a timeout left? Then it came too late. */
            const timed_out *to = &r->timed_out_from[t.machine][i];
            rf_step before;
            rf_machine_step(m, to->left, ev->type, ev->actor, &f, &before);
            if (before.allowed && to->left != *t.state) {
                char en2[120], zh2[120], due[32];
                code = RF_FINDING_MISSED_TIMEOUT;
                seed = to->seed;
                rf_time_format(to->due, due);
                describe_state(&t, *t.state, en2, sizeof en2, zh2, sizeof zh2);
                snprintf(en, sizeof en, "%s was due %s; the timeout moved it to %s", to->deadline, due, en2);
                snprintf(zh, sizeof zh, "期限%s已于 %s 到期,已超时进入%s", to->deadline, due, zh2);
            }
        }
        if (code == RF_FINDING_NOT_ELIGIBLE) {
            snprintf(en, sizeof en, "%s", why);
            snprintf(zh, sizeof zh, "不符合维权条件");
        }
        add_refusal(r, code, ev, index, seed, en, zh);
        return;
    }

    /* Allowed: report what the step itself reveals, then apply it. */
    if (st.flag != RF_FINDING_NONE)
        add_finding(r, st.flag, ev, index, st.row->seed, "the buyer owes the exchange postage",
                    "买家应补换货邮费");
    switch (ev->type) {
    case RF_EV_SHIPPED:
        if (e->order->ship_exempt == RF_EXEMPT_NONE && e->paid_at != RF_NO_TIME &&
            ev->at > e->paid_at + e->policy->ship_hours * RF_HOUR) {
            char en[120], zh[120], a[32];
            rf_time_format(e->paid_at + e->policy->ship_hours * RF_HOUR, a);
            snprintf(en, sizeof en, "the seller had to ship by %s", a);
            snprintf(zh, sizeof zh, "应于 %s 前发货", a);
            add_finding(r, RF_FINDING_LATE_SHIPMENT, ev, index, "000:710", en, zh);
        }
        break;
    case RF_EV_COMPLAINT_RESOLVED:
        if (t.complaint && t.complaint->due != RF_NO_TIME && ev->at > t.complaint->due) {
            char en[120], zh[120], a[32];
            rf_time_format(t.complaint->due, a);
            snprintf(en, sizeof en, "the platform had to act by %s", a);
            snprintf(zh, sizeof zh, "平台应于 %s 前处理", a);
            add_finding(r, RF_FINDING_PLATFORM_LATE, ev, index, "000:700,710", en, zh);
        }
        break;
    default:
        break;
    }
    if (ev->type == RF_EV_COMPLAINT_FILED) {
        open_complaint(r, ev); /* an error is kept in r->status */
        return;
    }
    /* A recorded event that moves a machine ends what its timeouts left. */
    if (st.to != *t.state) r->timed_out_count[t.machine] = 0;
    apply(r, &t, &st, ev->type, ev->at, ev);
    if (ev->type == RF_EV_REFUND_REQUESTED || ev->type == RF_EV_REFUND_MODIFIED) {
        check_requested(r, ev, index);
        if (ev->type == RF_EV_REFUND_REQUESTED) judge_seven_day(r, ev, index);
    }
    if (ev->type == RF_EV_REFUND_AGREED || ev->type == RF_EV_RETURN_RECEIVED ||
        (ev->type == RF_EV_RULING && ev->ruling_for == RF_PARTY_BUYER))
        check_paid(r, ev, index);
    /* A ruling also ends the refund or exchange it was about (000:694). */
    if (ev->type == RF_EV_RULING && e->has_refund) {
        target rt = {e->refund_machine, &e->refund_state, NULL};
        rf_step rs;
        rf_machine_step(rf_machine_get(rt.machine), e->refund_state, RF_EV_RULING, ev->actor, &f, &rs);
        if (rs.allowed) {
            if (rs.to != e->refund_state) r->timed_out_count[rt.machine] = 0;
            apply(r, &rt, &rs, RF_EV_RULING, ev->at, ev);
        }
    }
}

/* ---- what each party may do next ------------------------------------------------------ */

static void add_action(run *r, rf_actor actor, rf_event_type type) {
    rf_verdict *v = r->v;
    for (size_t i = 0; i < v->next_count; i++)
        if (v->next[i].actor == actor && v->next[i].type == type) return;
    if (!grow(&v->alloc_, (void **)&v->next, &r->box->next_cap, v->next_count + 1, sizeof *v->next)) {
        nomem(r);
        return;
    }
    v->next[v->next_count++] = (rf_action){actor, type};
}

static void machine_actions(run *r, rf_machine_id id, int state, rf_facts *f) {
    const rf_machine *m = rf_machine_get(id);
    for (size_t i = 0; i < m->row_count; i++) {
        const rf_transition *row = &m->rows[i];
        if (row->from != state || row->event == RF_EV_REFUND_SUCCEEDED) continue;
        /* A ruling comes through the intervention machine, not on its own. */
        if (row->event == RF_EV_RULING && id != RF_MACHINE_INTERVENTION) continue;
        /* The carrier records delivery once. */
        if (row->event == RF_EV_DELIVERED && r->e.delivered_at != RF_NO_TIME) continue;
        for (int a = 0; a < RF_ACTOR_COUNT; a++) {
            if (a == RF_ACTOR_SYSTEM || !(row->actors & (1u << a))) continue;
            rf_step st;
            f->ruling_for = row->guard == RF_GUARD_FOR_SELLER ? RF_PARTY_SELLER : RF_PARTY_BUYER;
            rf_machine_step(m, state, row->event, (rf_actor)a, f, &st);
            if (st.allowed) add_action(r, (rf_actor)a, row->event);
        }
    }
}

static void next_actions(run *r) {
    rf__engine *e = &r->e;
    rf_facts f = facts_of(e, NULL);
    machine_actions(r, RF_MACHINE_TRADE, (int)e->trade, &f);
    if (e->has_refund) {
        machine_actions(r, e->refund_machine, e->refund_state, &f);
    } else {
        f.kind = RF_KIND_RETURN_REFUND;
        machine_actions(r, RF_MACHINE_REFUND, RF_REFUND_NONE, &f);
    }
    machine_actions(r, RF_MACHINE_INTERVENTION, (int)e->intervention, &f);
    for (size_t i = 0; i < e->complaint_count; i++) {
        rf__complaint_run *k = &e->complaints[i];
        const rf_machine *m = rf_machine_get(RF_MACHINE_COMPLAINT);
        for (size_t j = 0; j < m->row_count; j++) {
            const rf_transition *row = &m->rows[j];
            if (row->from != (int)k->pub.state) continue;
            for (int a = 0; a < RF_ACTOR_COUNT; a++) {
                if (!(row->actors & (1u << a))) continue;
                bool complainant = (rf_actor)a == k->pub.complainant;
                if (row->event == RF_EV_COMPLAINT_APPEALED && complainant) continue;
                if (row->event == RF_EV_COMPLAINT_WITHDRAWN && !complainant) continue;
                add_action(r, (rf_actor)a, row->event);
            }
        }
    }
    for (int type = 0; type < RF_COMPLAINT_COUNT; type++) {
        for (int a = RF_ACTOR_BUYER; a <= RF_ACTOR_SELLER; a++) {
            const char *why;
            if (rf__complaint_check(e, (rf_complaint_type)type, (rf_actor)a, r->v->as_of, &why) == RF_FINDING_NONE)
                add_action(r, (rf_actor)a, RF_EV_COMPLAINT_FILED);
        }
    }
}

/* ---- duplicate ids: a small open-addressing set ------------------------------------------ */

typedef struct id_set {
    const char **slots;
    size_t cap;
} id_set;

static uint64_t hash_str(const char *s) {
    uint64_t h = UINT64_C(1469598103934665603); /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
    return h;
}

/* Returns 1 if id was new (and is now in the set), 0 if already there. */
static int id_set_add(id_set *set, const char *id) {
    size_t i = (size_t)(hash_str(id) & (set->cap - 1));
    while (set->slots[i]) {
        if (!strcmp(set->slots[i], id)) return 0;
        i = (i + 1) & (set->cap - 1);
    }
    set->slots[i] = id;
    return 1;
}

/* ---- the public entry ------------------------------------------------------------------ */

void rf_verdict_free(rf_verdict *v) {
    if (!v) return;
    verdict_box *box = (verdict_box *)v;
    rf_allocator a = v->alloc_;
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
    memset(e, 0, sizeof *e);
    e->ctx = ctx;
    e->policy = &ctx->policy;
    e->calendar = ctx->calendar ? ctx->calendar : rf__calendar_builtin();
    e->order = rf_case_order(c);
    e->trade = RF_TRADE_NO_CREATE_PAY;
    e->created_at = e->paid_at = e->shipped_at = e->delivered_at = RF_NO_TIME;
    e->finished_at = e->receipt_started_at = e->exchange_shipped_at = RF_NO_TIME;
    e->pending_review_by = -1;
    e->refund_machine = RF_MACHINE_REFUND;
    e->err = err;
}

static rf_status finish_verdict(run *r) {
    rf__engine *e = &r->e;
    rf_verdict *v = r->v;
    v->order_id = e->order->id;
    v->trade = e->trade;
    v->aftersale = e->finished_at != RF_NO_TIME;
    v->has_refund = e->has_refund;
    v->refund_machine = e->refund_machine;
    v->refund_state = e->refund_state;
    v->kind = e->request.kind;
    v->reason = e->request.reason;
    v->intervention = e->intervention;
    if (e->has_refund) {
        rf_status st = settle_now(e, &v->settlement);
        if (st != RF_OK) return st;
        v->has_settlement = true;
    }
    if (e->complaint_count) {
        if (!grow(&v->alloc_, (void **)&v->complaints, &r->box->complaint_cap, e->complaint_count,
                  sizeof *v->complaints))
            return nomem(r);
        for (size_t i = 0; i < e->complaint_count; i++) v->complaints[i] = e->complaints[i].pub;
        v->complaint_count = e->complaint_count;
    }
    size_t n = rf__deadlines(e, v->deadlines, r->box->deadline_cap);
    if (n > r->box->deadline_cap) {
        if (!grow(&v->alloc_, (void **)&v->deadlines, &r->box->deadline_cap, n, sizeof *v->deadlines))
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
    memset(v, 0, sizeof *v);
    v->complaints = complaints;
    v->next = next;
    v->deadlines = deadlines;
    v->findings = findings;
    v->inserted = inserted;
    v->alloc_ = *a;
}

rf_status rf__replay_into(const rf_ctx *ctx, const rf_case *c, const rf_replay_options *options,
                          rf_verdict **verdict, rf_error *err) {
    rf_ctx fallback;
    run r;
    size_t count = rf_case_event_count(c);

    if (!ctx) {
        memset(&fallback, 0, sizeof fallback);
        fallback.alloc = rf__default_allocator;
        rf__policy_defaults(&fallback.policy);
        ctx = &fallback;
    }
    verdict_box *box = (verdict_box *)*verdict;
    if (!box) {
        box = rf__malloc(&ctx->alloc, sizeof *box);
        if (!box) return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
        memset(box, 0, sizeof *box);
        *verdict = &box->v;
    }
    verdict_reset(box, &ctx->alloc);
    memset(&r, 0, offsetof(run, timed_out_from));
    memset(r.timed_out_count, 0, sizeof r.timed_out_count);
    engine_init(&r.e, ctx, c, err);
    r.box = box;
    r.v = &box->v;
    r.e.complaints = box->engine_complaints;
    r.e.complaint_cap = box->engine_complaint_cap;

    /* The verdict is as of --now, or else the latest event (never the clock). */
    rf_time as_of = 0;
    for (size_t i = 0; i < count; i++)
        if (i == 0 || rf_case_event(c, i)->at > as_of) as_of = rf_case_event(c, i)->at;
    if (options && options->has_now) as_of = options->now;
    r.v->as_of = as_of;

    size_t id_cap = 16;
    while (id_cap < count * 2) id_cap *= 2;
    if (id_cap > box->id_cap) {
        rf__free(&ctx->alloc, box->id_slots);
        box->id_cap = 0;
        box->id_slots = rf__malloc(&ctx->alloc, id_cap * sizeof *box->id_slots);
        if (!box->id_slots) return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
        box->id_cap = id_cap;
    }
    id_set ids = {box->id_slots, id_cap};
    memset(ids.slots, 0, ids.cap * sizeof *ids.slots);

    /* The clock is the latest time the history has reached; it never runs
     * back. Before an event is judged, every timeout due before the clock has
     * fired, exactly as at the end of the history so far: a later event can
     * then never undo what a shorter history already showed. An event stamped
     * earlier than the clock is judged at the clock; a duplicate is not
     * applied, but its time was reached. A deadline due at the very second of
     * the clock has not expired: acting at the due second is in time. */
    rf_time latest = RF_NO_TIME;
    for (size_t i = 0; i < count && r.status == RF_OK; i++) {
        const rf_event *ev = rf_case_event(c, i);
        if (ev->at > as_of) {
            r.v->events_after_as_of++;
            continue;
        }
        bool duplicate = !id_set_add(&ids, ev->id);
        bool early = latest != RF_NO_TIME && ev->at < latest;
        if (duplicate) {
            add_refusal(&r, RF_FINDING_DUPLICATE_EVENT, ev, i, "FORMAT.md 1",
                        "the event is not applied a second time", "重复事件不再生效");
        } else if (early) {
            char en[120], zh[120], a[32];
            rf_time_format(latest, a);
            snprintf(en, sizeof en, "a preceding event is at %s", a);
            snprintf(zh, sizeof zh, "此前已有 %s 的事件", a);
            add_finding(&r, RF_FINDING_OUT_OF_ORDER, ev, i, "RULES.md 4", en, zh);
        }
        if (!early) latest = ev->at;
        fire_timeouts(&r, latest, i);
        if (!duplicate) judge(&r, ev, i);
    }
    if (r.status == RF_OK) fire_timeouts(&r, as_of, count);
    if (r.status == RF_OK) r.status = finish_verdict(&r);
    /* The engine's complaint array may have grown: the box keeps it. */
    box->engine_complaints = r.e.complaints;
    box->engine_complaint_cap = r.e.complaint_cap;
    return r.status;
}

rf_status rf_replay(const rf_ctx *ctx, const rf_case *c, const rf_replay_options *options,
                    rf_verdict **out, rf_error *err) {
    rf_verdict *v = NULL;
    *out = NULL;
    rf_status st = rf__replay_into(ctx, c, options, &v, err);
    if (st != RF_OK) {
        rf_verdict_free(v);
        return st;
    }
    *out = v;
    return RF_OK;
}
