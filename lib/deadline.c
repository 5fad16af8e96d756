/*
 * What is due when (RULES.md sections 2.1-2.5). Each deadline is timed from
 * the event that entered the state it belongs to; numbers come from the
 * policy, never from literals here.
 */
#include "engine.h"

#include <string.h>

rf_time rf__receipt_due(const rf__engine *e, rf_time from) {
    const rf_policy *p = e->policy;
    int64_t days;
    switch (e->order->delivery) {
    case RF_DELIVERY_SURFACE_MAIL: days = p->receipt_surface_mail_days; break;
    case RF_DELIVERY_VIRTUAL: days = p->receipt_virtual_days; break;
    default: days = p->receipt_express_days; break;
    }
    return from + (days + e->receipt_extra_days) * RF_DAY;
}

bool rf__seven_day_window(const rf__engine *e, rf_time *open, rf_time *due) {
    if (e->delivered_at == RF_NO_TIME || !e->order->seven_day_return) return false;
    /* Opens at 00:00 (+08:00) of the day after the carrier records delivery
     * and lasts 168 hours (Taobao's 7-day rule, 000:628). */
    *open = rf__local_midnight(rf__local_day(e->delivered_at) + 1);
    *due = *open + e->policy->seven_day_hours * RF_HOUR;
    return true;
}

static bool ship_exempt(const rf__engine *e) { return e->order->ship_exempt != RF_EXEMPT_NONE; }

rf_finding_code rf__complaint_check(const rf__engine *e, rf_complaint_type type, rf_actor actor,
                                    rf_time at, const char **why) {
    const rf_policy *p = e->policy;
    bool finished = e->trade == RF_TRADE_FINISHED && e->finished_at != RF_NO_TIME;
    bool in_window = finished && at <= e->finished_at + p->complaint_window_days * RF_DAY;

    *why = "";
    switch (type) {
    case RF_COMPLAINT_AFTER_SALES:
    case RF_COMPLAINT_NOT_RECEIVED:
    case RF_COMPLAINT_HARASSMENT:
        if (actor != RF_ACTOR_BUYER) return RF_FINDING_WRONG_ACTOR;
        if (type == RF_COMPLAINT_HARASSMENT && e->order->channel == RF_CHANNEL_MALL) {
            *why = "harassment complaints are not for mall trades (000:700)";
            return RF_FINDING_NOT_ELIGIBLE;
        }
        if (!in_window) {
            *why = "only within 15 days after the trade finished (000:698-700)";
            return RF_FINDING_NOT_ELIGIBLE;
        }
        return RF_FINDING_NONE;
    case RF_COMPLAINT_MALICIOUS_REVIEW:
        /* The reviewed party files, once a neutral or negative review has
         * taken effect, within 15 days of success (000:702-708). */
        if (actor != RF_ACTOR_BUYER && actor != RF_ACTOR_SELLER) return RF_FINDING_WRONG_ACTOR;
        if (!e->review_against[actor == RF_ACTOR_BUYER ? RF_PARTY_BUYER : RF_PARTY_SELLER]) {
            *why = "no neutral or negative review against the filer has taken effect (000:702)";
            return RF_FINDING_NOT_ELIGIBLE;
        }
        if (!in_window) {
            *why = "only within 15 days after the trade finished (000:702)";
            return RF_FINDING_NOT_ELIGIBLE;
        }
        return RF_FINDING_NONE;
    case RF_COMPLAINT_DELAYED_SHIPMENT: {
        if (actor != RF_ACTOR_BUYER) return RF_FINDING_WRONG_ACTOR;
        rf_time limit = e->paid_at + p->ship_hours * RF_HOUR;
        bool late = e->paid_at != RF_NO_TIME && at > limit &&
                    (e->shipped_at == RF_NO_TIME || e->shipped_at > limit);
        if (ship_exempt(e) || !late) {
            *why = ship_exempt(e) ? "custom-made, presale and special-delivery goods are exempt (000:710)"
                                  : "only once 72 hours after payment passed unshipped (000:710)";
            return RF_FINDING_NOT_ELIGIBLE;
        }
        return RF_FINDING_NONE;
    }
    case RF_COMPLAINT_BREACH_OF_PROMISE: {
        if (actor != RF_ACTOR_BUYER) return RF_FINDING_WRONG_ACTOR;
        bool state_ok = e->trade == RF_TRADE_WAIT_BUYER_PAY || e->trade == RF_TRADE_CLOSED ||
                        e->trade == RF_TRADE_CLOSED_BY_TAOBAO;
        if (!state_ok || e->created_at == RF_NO_TIME ||
            at > e->created_at + p->breach_window_days * RF_DAY) {
            *why = "only while unpaid or closed, within 15 days of the order (000:710)";
            return RF_FINDING_NOT_ELIGIBLE;
        }
        return RF_FINDING_NONE;
    }
    case RF_COMPLAINT_COUNT:
        break;
    }
    return RF_FINDING_ILLEGAL_TRANSITION;
}

rf_status rf__complaint_due(const rf__engine *e, rf_complaint_type type, rf_time at, rf_time *due) {
    int64_t days;
    switch (type) {
    case RF_COMPLAINT_NOT_RECEIVED: days = e->policy->not_received_platform_workdays; break;
    case RF_COMPLAINT_DELAYED_SHIPMENT: days = e->policy->delayed_shipment_platform_workdays; break;
    case RF_COMPLAINT_BREACH_OF_PROMISE: days = e->policy->breach_platform_workdays; break;
    default: *due = RF_NO_TIME; return RF_OK;
    }
    return rf__calendar_add_workdays(e->calendar, at, (int)days, due);
}

/* ---- the open deadlines ----------------------------------------------------- */

typedef struct collector {
    rf_deadline *out;
    size_t cap, n;
} collector;

static void add(collector *c, const char *id, rf_machine_id m, rf_actor actor, rf_time since,
                rf_time due, int on_expiry, const char *seed) {
    if (c->n < c->cap) {
        rf_deadline *d = &c->out[c->n];
        d->id = id;
        d->machine = m;
        d->actor = actor;
        d->since = since;
        d->due = due;
        d->has_expiry = on_expiry >= 0;
        d->on_expiry = on_expiry >= 0 ? (rf_event_type)on_expiry : RF_EV_COUNT;
        d->seed = seed;
    }
    c->n++;
}

static void trade_deadlines(const rf__engine *e, collector *c) {
    const rf_policy *p = e->policy;
    switch (e->trade) {
    case RF_TRADE_WAIT_BUYER_PAY:
        add(c, "pay", RF_MACHINE_TRADE, RF_ACTOR_BUYER, e->created_at,
            e->created_at + p->unpaid_close_days * RF_DAY, RF_EV_TRADE_CLOSED, "000:26");
        break;
    case RF_TRADE_WAIT_SELLER_SEND_GOODS:
        /* No state change on expiry: shipping later is LATE_SHIPMENT and the
         * buyer may file a delayed-shipment complaint (000:710). */
        if (!ship_exempt(e))
            add(c, "ship", RF_MACHINE_TRADE, RF_ACTOR_SELLER, e->paid_at,
                e->paid_at + p->ship_hours * RF_HOUR, -1, "000:710");
        break;
    case RF_TRADE_WAIT_BUYER_CONFIRM_GOODS:
        add(c, "confirm_receipt", RF_MACHINE_TRADE, RF_ACTOR_BUYER, e->receipt_started_at,
            rf__receipt_due(e, e->receipt_started_at), RF_EV_RECEIPT_CONFIRMED, "000:644");
        break;
    default:
        break;
    }
    rf_time open, due;
    if (!e->has_refund && e->trade != RF_TRADE_CLOSED && rf__seven_day_window(e, &open, &due))
        add(c, "seven_day_return", RF_MACHINE_REFUND, RF_ACTOR_BUYER, open, due, -1, "000:628");
}

static void refund_deadlines(const rf__engine *e, collector *c) {
    const rf_policy *p = e->policy;
    rf_machine_id m = e->refund_machine;
    rf_time t = e->refund_entered_at;
    int s = e->refund_state;
    if (!e->has_refund) return;
    /* The refund and exchange machines share their first four states' names
     * and timers; only the exchange has the reshipment leg. */
    bool surface = e->order->delivery == RF_DELIVERY_SURFACE_MAIL;
    bool agree = m == RF_MACHINE_REFUND ? s == RF_REFUND_WAIT_SELLER_AGREE : s == RF_EXCH_WAIT_SELLER_AGREE;
    bool refused = m == RF_MACHINE_REFUND ? s == RF_REFUND_SELLER_REFUSE_BUYER : s == RF_EXCH_SELLER_REFUSE_BUYER;
    bool to_return = m == RF_MACHINE_REFUND ? s == RF_REFUND_WAIT_BUYER_RETURN_GOODS : s == RF_EXCH_WAIT_BUYER_RETURN_GOODS;
    bool to_confirm = m == RF_MACHINE_REFUND ? s == RF_REFUND_WAIT_SELLER_CONFIRM_GOODS : s == RF_EXCH_WAIT_SELLER_CONFIRM_GOODS;
    if (agree) {
        int64_t days = e->shipped_at == RF_NO_TIME ? p->seller_agree_unshipped_days : p->seller_agree_shipped_days;
        add(c, "seller_response", m, RF_ACTOR_SELLER, t, t + days * RF_DAY, RF_EV_REFUND_AGREED, "TOP");
    } else if (refused) {
        /* The buyer answers a refusal by modifying or by escalating (RULES.md
         * 2.2): once the platform is called in (000:694) the buyer has acted,
         * and the dispute waits for its ruling, not for this timer. */
        bool escalated = e->intervention == RF_INTV_REQUESTED || e->intervention == RF_INTV_INTERVENING;
        if (!escalated)
            add(c, "buyer_modify", m, RF_ACTOR_BUYER, t, t + p->buyer_modify_days * RF_DAY, RF_EV_REFUND_CANCELLED, "TOP");
    } else if (to_return) {
        add(c, "buyer_return", m, RF_ACTOR_BUYER, t, t + p->buyer_return_days * RF_DAY, RF_EV_REFUND_CANCELLED, "TOP");
    } else if (to_confirm) {
        int64_t days = surface ? p->seller_confirm_surface_mail_days : p->seller_confirm_express_days;
        add(c, "seller_confirm_return", m, RF_ACTOR_SELLER, t, t + days * RF_DAY, RF_EV_RETURN_RECEIVED, "TOP");
    } else if (m == RF_MACHINE_EXCHANGE && s == RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE) {
        /* The trade's receipt period, counted from the reshipment (RULES.md 2.3). */
        add(c, "confirm_exchange", m, RF_ACTOR_BUYER, e->exchange_shipped_at,
            rf__receipt_due(e, e->exchange_shipped_at), RF_EV_EXCHANGE_RECEIVED, "000:610");
    }
}

static void complaint_deadlines(const rf__engine *e, collector *c) {
    bool any_open = false;
    for (size_t i = 0; i < e->complaint_count; i++) {
        const rf__complaint_run *k = &e->complaints[i];
        bool open = k->pub.state == RF_COMPLAINT_FILED || k->pub.state == RF_COMPLAINT_APPEALED;
        any_open |= open;
        if (open && k->due != RF_NO_TIME)
            add(c, "platform_handle", RF_MACHINE_COMPLAINT, RF_ACTOR_PLATFORM, k->pub.filed_at, k->due, -1,
                "000:700,710");
    }
    /* The buyer's window to complain after success (000:698). */
    if (e->trade == RF_TRADE_FINISHED && !any_open)
        add(c, "complaint_window", RF_MACHINE_COMPLAINT, RF_ACTOR_BUYER, e->finished_at,
            e->finished_at + e->policy->complaint_window_days * RF_DAY, -1, "000:698");
}

static int by_due(const rf_deadline *a, const rf_deadline *b) {
    if (a->due != b->due) return a->due < b->due ? -1 : 1;
    return strcmp(a->id, b->id);
}

size_t rf__deadlines(const rf__engine *e, rf_deadline *out, size_t cap) {
    collector c = {out, cap, 0};
    trade_deadlines(e, &c);
    refund_deadlines(e, &c);
    complaint_deadlines(e, &c);
    /* Insertion sort: a handful of entries, and stable. */
    size_t n = c.n < cap ? c.n : cap;
    for (size_t i = 1; i < n; i++) {
        rf_deadline d = out[i];
        size_t j = i;
        while (j > 0 && by_due(&out[j - 1], &d) > 0) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = d;
    }
    return c.n;
}
