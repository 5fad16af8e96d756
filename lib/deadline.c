/*
 * What is due when (RULES.md sections 2.1-2.5): the rows of
 * rf__deadline_rules (rules.c) evaluated against the engine's state, and the
 * complaint eligibility of rf__complaint_rules. Numbers come from the
 * policy, never from literals here.
 */
#include "engine.h"
#include "rules.h"

#include <string.h>

static int64_t policy_value(const rf__engine *e, size_t offset) {
    int64_t v;
    memcpy(&v, (const char *)e->policy + offset, sizeof v);
    return v;
}

static int64_t receipt_days(const rf__engine *e) {
    const rf_policy *p = e->policy;
    switch (e->order->delivery) {
    case RF_DELIVERY_SURFACE_MAIL: return p->receipt_surface_mail_days;
    case RF_DELIVERY_VIRTUAL: return p->receipt_virtual_days;
    default: return p->receipt_express_days;
    }
}

rf_time rf__receipt_due(const rf__engine *e, rf_time from) {
    return from + (receipt_days(e) + e->receipt_extra_days) * RF_DAY;
}

bool rf__seven_day_window(const rf__engine *e, rf_time *open, rf_time *due) {
    if (e->delivered_at == RF_NO_TIME || !e->order->seven_day_return) return false;
    /* Opens at 00:00 (+08:00) of the day after the carrier records delivery
     * and lasts 168 hours (Taobao's 7-day rule, 000:628). */
    *open = e->seven_day_open;
    *due = *open + e->policy->seven_day_hours * RF_HOUR;
    return true;
}


static bool ship_exempt(const rf__engine *e) { return e->order->ship_exempt != RF_EXEMPT_NONE; }

/* ---- complaints --------------------------------------------------------------- */

/* A refusal, its reasons written into *why unless why is NULL (the callers
 * below pass a constant, so each inlined copy keeps one branch of it). */
RF__HOT rf_finding_code refuse(rf_finding *why, rf_finding_code code, rf_finding_detail detail,
                               const rf__complaint_rule *rule, int64_t limit, rf_time since) {
    if (!why) return code;
    why->code = code;
    why->detail = detail;
    why->complaint = rule->type;
    why->limit = limit;
    why->since = since;
    why->seed = rule->seed;
    return code;
}

/* rf__complaint_check of a known type. */
RF__HOT rf_finding_code complaint_check(const rf__engine *e, const rf__complaint_rule *rule, rf_actor actor,
                                        rf_time at, rf_finding *why) {
    int64_t window = policy_value(e, rule->window_offset);

    if (!(rule->filers & (1u << actor)))
        return refuse(why, RF_FINDING_WRONG_ACTOR, RF_DETAIL_COMPLAINT_FILER, rule, 0, RF_NO_TIME);
    if (rule->not_on_mall && e->order->channel == RF_CHANNEL_MALL)
        return refuse(why, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_COMPLAINT_CHANNEL, rule, 0, RF_NO_TIME);
    if (rule->reviewed_party && !e->review_against[actor == RF_ACTOR_BUYER ? RF_PARTY_BUYER : RF_PARTY_SELLER])
        return refuse(why, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_COMPLAINT_REVIEW, rule, 0, RF_NO_TIME);
    switch (rule->window) {
    case RF__WINDOW_AFTER_FINISHED: {
        bool finished = e->trade == RF_TRADE_FINISHED && e->finished_at != RF_NO_TIME;
        if (!finished || at > e->finished_at + window * RF_DAY)
            return refuse(why, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_COMPLAINT_WINDOW, rule, window,
                          finished ? e->finished_at : RF_NO_TIME);
        break;
    }
    case RF__WINDOW_AFTER_SHIP_LIMIT: {
        if (rule->exempt_goods_excluded && ship_exempt(e))
            return refuse(why, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_COMPLAINT_EXEMPT, rule, 0, RF_NO_TIME);
        rf_time limit = e->paid_at + window * RF_HOUR;
        bool late = e->paid_at != RF_NO_TIME && at > limit && (e->shipped_at == RF_NO_TIME || e->shipped_at > limit);
        if (!late) return refuse(why, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_COMPLAINT_NOT_LATE, rule, window, e->paid_at);
        break;
    }
    case RF__WINDOW_UNPAID_OR_CLOSED: {
        bool state_ok = e->trade == RF_TRADE_WAIT_BUYER_PAY || e->trade == RF_TRADE_CLOSED ||
                        e->trade == RF_TRADE_CLOSED_BY_TAOBAO;
        if (!state_ok || e->created_at == RF_NO_TIME || at > e->created_at + window * RF_DAY)
            return refuse(why, RF_FINDING_NOT_ELIGIBLE, RF_DETAIL_COMPLAINT_STATE, rule, window, e->created_at);
        break;
    }
    }
    return RF_FINDING_NONE;
}

rf_finding_code rf__complaint_check(const rf__engine *e, rf_complaint_type type, rf_actor actor,
                                    rf_time at, rf_finding *why) {
    if ((unsigned)type >= RF_COMPLAINT_COUNT) return RF_FINDING_ILLEGAL_TRANSITION;
    return complaint_check(e, &rf__complaint_rules[type], actor, at, why);
}

size_t rf__first_filing(const rf__engine *e, rf_actor actor, rf_time at) {
    size_t type = 0;
    for (; type < RF_COMPLAINT_COUNT; type++) {
        const rf__complaint_rule *rule = &rf__complaint_rules[type];
        if ((rule->filers & (1u << actor)) && complaint_check(e, rule, actor, at, NULL) == RF_FINDING_NONE) break;
    }
    return type;
}

rf_status rf__complaint_due(const rf__engine *e, rf_complaint_type type, rf_time at, rf_time *due) {
    const rf__complaint_rule *rule = (unsigned)type < RF_COMPLAINT_COUNT ? &rf__complaint_rules[type] : NULL;
    if (!rule || !rule->platform_key) {
        *due = RF_NO_TIME;
        return RF_OK;
    }
    return rf__calendar_add_workdays(e->calendar, at, (int)policy_value(e, rule->platform_offset), due);
}

/* ---- the open deadlines ----------------------------------------------------- */

typedef struct collector {
    rf_deadline *out;
    size_t cap, n;
} collector;

static rf_deadline *add(collector *c, const rf__deadline_rule *row, rf_time since, rf_time due) {
    rf_deadline *d = NULL;
    if (c->n < c->cap) {
        d = &c->out[c->n];
        *d = (rf_deadline){row->id, row->machine, row->actor, since, due, row->on_expiry >= 0,
                           row->on_expiry >= 0 ? (rf_event_type)row->on_expiry : RF_EV_COUNT, row->seed, false, 0};
    }
    c->n++;
    return d;
}

static bool any_complaint_open(const rf__engine *e) {
    for (size_t i = 0; i < e->complaint_count; i++) {
        rf_complaint_state s = e->complaints[i].pub.state;
        if (s == RF_COMPLAINT_FILED || s == RF_COMPLAINT_APPEALED) return true;
    }
    return false;
}

static bool escalated(const rf__engine *e) {
    return e->intervention == RF_INTV_REQUESTED || e->intervention == RF_INTV_INTERVENING;
}

/* A condition on the order alone (its delivery mode and exemption): 1 when
 * it holds, 0 when not; -1 for a condition on the history. */
static int order_condition(rf__when when, rf_delivery delivery, bool exempt) {
    switch (when) {
    case RF__WHEN_NOT_EXEMPT: return !exempt;
    case RF__WHEN_EXEMPT: return exempt;
    case RF__WHEN_EXPRESS: return delivery == RF_DELIVERY_EXPRESS;
    case RF__WHEN_SURFACE_MAIL: return delivery == RF_DELIVERY_SURFACE_MAIL;
    case RF__WHEN_VIRTUAL: return delivery == RF_DELIVERY_VIRTUAL;
    case RF__WHEN_NOT_SURFACE_MAIL: return delivery != RF_DELIVERY_SURFACE_MAIL;
    default: return -1;
    }
}

/* Whether a row's condition holds now (complaint rows are judged per complaint). */
RF__HOT bool holds(const rf__engine *e, rf__when when) {
    rf_time open, due;
    switch (when) {
    case RF__WHEN_ALWAYS: return true;
    case RF__WHEN_UNSHIPPED: return e->shipped_at == RF_NO_TIME;
    case RF__WHEN_SHIPPED: return e->shipped_at != RF_NO_TIME;
    case RF__WHEN_NOT_EXEMPT:
    case RF__WHEN_EXEMPT:
    case RF__WHEN_EXPRESS:
    case RF__WHEN_SURFACE_MAIL:
    case RF__WHEN_VIRTUAL:
    case RF__WHEN_NOT_SURFACE_MAIL: return order_condition(when, e->order->delivery, ship_exempt(e)) == 1;
    case RF__WHEN_NOT_ESCALATED: return !escalated(e);
    case RF__WHEN_ESCALATED: return escalated(e);
    case RF__WHEN_POSTAGE_SETTLED: return !e->postage_owed || e->exchange_postage_paid;
    case RF__WHEN_POSTAGE_OWED: return e->postage_owed && !e->exchange_postage_paid;
    case RF__WHEN_SEVEN_DAY_OPEN: return !e->has_refund && rf__seven_day_window(e, &open, &due);
    case RF__WHEN_NO_OPEN_COMPLAINT: return !any_complaint_open(e);
    case RF__WHEN_PLATFORM_LIMIT:
    case RF__WHEN_NO_PLATFORM_LIMIT:
    case RF__WHEN_COUNT: break;
    }
    return false;
}


/* Where the row's clock started; RF_NO_TIME when it has not. */
static inline rf_time clock_start(const rf__engine *e, rf__clock clock) {
    rf_time open, due;
    switch (clock) {
    case RF__FROM_CREATED: return e->created_at;
    case RF__FROM_PAID: return e->paid_at;
    case RF__FROM_SHIPPED: return e->receipt_started_at;
    case RF__FROM_STATE: return e->refund_entered_at;
    case RF__FROM_EXCHANGE_SHIPPED: return e->exchange_shipped_at;
    case RF__FROM_REPLACEMENT:
        /* From the return's receipt, or from the postage owed when it was
         * paid later (RULES.md 2.3). */
        if (e->postage_owed && e->postage_paid_at > e->return_received_at) return e->postage_paid_at;
        return e->return_received_at;
    case RF__FROM_DELIVERY: return rf__seven_day_window(e, &open, &due) ? open : RF_NO_TIME;
    case RF__FROM_FINISHED: return e->finished_at;
    case RF__FROM_NONE:
    case RF__FROM_FILED:
    case RF__CLOCK_COUNT: break;
    }
    return RF_NO_TIME;
}

/* A clock row's start and due instant; false when its clock has not
 * started. *paused: the auto-confirm timer stands still while a request is
 * open and keeps the time it had left (RULES.md 2.1). */
RF__HOT bool row_due(const rf__engine *e, const rf__deadline_rule *row, rf_time *since, rf_time *due,
                    bool *paused) {
    *since = clock_start(e, row->clock);
    if (*since == RF_NO_TIME) return false;
    int64_t n = policy_value(e, row->policy_offset);
    *due = *since + n * (row->unit == RF__UNIT_HOURS ? RF_HOUR : RF_DAY);
    *paused = false;
    if (row->clock == RF__FROM_SHIPPED || row->clock == RF__FROM_EXCHANGE_SHIPPED)
        *due += e->receipt_extra_days * RF_DAY;
    if (row->clock == RF__FROM_SHIPPED) {
        *due += e->receipt_paused_s;
        *paused = e->receipt_paused_at != RF_NO_TIME;
    }
    return true;
}

/* One clock row of a state: its due instant, or its pause. */
static void state_row(const rf__engine *e, collector *c, const rf__deadline_rule *row) {
    rf_time since, due;
    bool paused;
    if (!row_due(e, row, &since, &due, &paused)) return;
    rf_deadline *d = add(c, row, since, due);
    if (d && paused) {
        d->paused = true;
        d->remaining_s = due - e->receipt_paused_at;
    }
}

void rf__deadline_index_fill(rf__deadline_index *ix) {
    memset(ix, 0, sizeof *ix);
    for (size_t i = 0; i < rf__deadline_rule_count; i++) { /* at most 64 (rules.c) */
        const rf__deadline_rule *row = &rf__deadline_rules[i];
        for (int d = 0; d < RF_DELIVERY_COUNT; d++)
            for (int x = 0; x < 2; x++)
                if (order_condition(row->when, (rf_delivery)d, x) != 0) ix->order_holds[d][x] |= UINT64_C(1) << i;
        if (row->when != RF__WHEN_ALWAYS) ix->conditional |= UINT64_C(1) << i;
        if (row->clock == RF__FROM_SHIPPED) ix->receipt_clock |= UINT64_C(1) << i;
        if (row->when != RF__WHEN_ALWAYS && order_condition(row->when, RF_DELIVERY_EXPRESS, false) < 0)
            ix->on_history |= UINT64_C(1) << i;
        if (row->why_not || (unsigned)row->machine >= RF_MACHINE_COUNT || row->state < 0 ||
            row->state >= RF__STATES_MAX)
            continue;
        ix->clocks[row->machine][row->state] |= UINT64_C(1) << i;
        if (row->on_expiry >= 0) ix->expiring[row->machine][row->state] |= UINT64_C(1) << i;
    }
}

uint64_t rf__deadline_order_rows(const rf__deadline_index *ix, const rf_order *o) {
    if ((unsigned)o->delivery >= RF_DELIVERY_COUNT) return UINT64_MAX; /* holds() judges each row */
    return ix->order_holds[o->delivery][o->ship_exempt != RF_EXEMPT_NONE];
}

uint64_t rf__deadline_asked_rows(const rf__deadline_index *ix, const rf_order *o) {
    return (unsigned)o->delivery >= RF_DELIVERY_COUNT ? ix->conditional : ix->on_history;
}

/* The clock rows of machine m in state st, in table order, but those whose
 * condition on the order fails. */
static inline uint64_t clock_rows(const rf__engine *e, rf_machine_id m, int st) {
    return st >= 0 && st < RF__STATES_MAX ? e->deadline_rows->clocks[m][st] & e->order_rows : 0;
}

/* The clock rows of machine m in state st whose condition holds now. */
RF__HOT void machine_rows(const rf__engine *e, collector *c, rf_machine_id m, int st) {
    for (uint64_t rows = clock_rows(e, m, st); rows; rows &= rows - 1) {
        int i = __builtin_ctzll(rows);
        const rf__deadline_rule *row = &rf__deadline_rules[i];
        if (!(e->asked_rows >> i & 1) || holds(e, row->when)) state_row(e, c, row);
    }
}

/* Only the rows of each machine's current state (rf__deadline_index). */
static void state_deadlines(const rf__engine *e, collector *c) {
    machine_rows(e, c, RF_MACHINE_TRADE, (int)e->trade);
    if (e->has_refund) machine_rows(e, c, e->refund_machine, e->refund_state);
    machine_rows(e, c, RF_MACHINE_INTERVENTION, (int)e->intervention);
}

/* The platform's working-day limit of each open complaint that has one. */
static void complaint_deadlines(const rf__engine *e, collector *c) {
    for (size_t i = 0; i < e->complaint_count; i++) {
        const rf__complaint_run *k = &e->complaints[i];
        if (k->due == RF_NO_TIME) continue;
        for (uint64_t rows = clock_rows(e, RF_MACHINE_COMPLAINT, (int)k->pub.state); rows; rows &= rows - 1) {
            const rf__deadline_rule *row = &rf__deadline_rules[__builtin_ctzll(rows)];
            if (row->when == RF__WHEN_PLATFORM_LIMIT) add(c, row, k->pub.filed_at, k->due);
        }
    }
}

static int by_due(const rf_deadline *a, const rf_deadline *b) {
    if (a->paused != b->paused) return a->paused ? 1 : -1;
    if (!a->paused && a->due != b->due) return a->due < b->due ? -1 : 1;
    return strcmp(a->id, b->id);
}

size_t rf__deadlines_unsorted(const rf__engine *e, rf_deadline *out, size_t cap) {
    collector c = {out, cap, 0};
    state_deadlines(e, &c);
    complaint_deadlines(e, &c);
    return c.n;
}

const rf__deadline_rule *rf__first_expiry(const rf__engine *e, uint64_t rows, rf_time before, rf_time *due_out) {
    /* Only what can fire, without collecting the rest: this runs before
     * every event. Complaint limits, paused timers and rights that merely
     * open (the 7-day and complaint windows) fire nothing. The rows of the
     * three machines' states are read in one pass: the first due wins, then
     * the first id, and two rows with the same due and id belong to one
     * state, where the pass keeps the table's order. */
    const rf__deadline_rule *best = NULL;
    rf_time best_due = 0;
    for (; rows; rows &= rows - 1) {
        int i = __builtin_ctzll(rows);
        const rf__deadline_rule *row = &rf__deadline_rules[i];
        rf_time since, due;
        bool paused;
        if ((e->asked_rows >> i & 1) && !holds(e, row->when)) continue;
        if (!row_due(e, row, &since, &due, &paused) || paused || due >= before) continue;
        if (!best || due < best_due || (due == best_due && strcmp(row->id, best->id) < 0)) {
            best = row;
            best_due = due;
        }
    }
    *due_out = best_due;
    return best;
}

/* Sorts the first min(n, cap) of out by due; returns n. Insertion sort: a
 * handful of entries, and stable. */
static size_t sorted_by_due(rf_deadline *out, size_t n, size_t cap) {
    size_t kept = n < cap ? n : cap;
    for (size_t i = 1; i < kept; i++) {
        rf_deadline d = out[i];
        size_t j = i;
        while (j > 0 && by_due(&out[j - 1], &d) > 0) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = d;
    }
    return n;
}

size_t rf__deadlines(const rf__engine *e, rf_deadline *out, size_t cap) {
    return sorted_by_due(out, rf__deadlines_unsorted(e, out, cap), cap);
}

size_t rf__state_deadlines(const rf__engine *e, rf_deadline *out, size_t cap) {
    collector c = {out, cap, 0};
    state_deadlines(e, &c);
    return sorted_by_due(out, c.n, cap);
}
