/*
 * A shop backend's loop around librefund. The order and its events are
 * built as structs, no JSON: each message the shop's queue delivers is
 * tried against the case first (rf_case_try), kept only if it is legal
 * (rf_case_append), and the case is saved at the end as a case file that
 * `refund check` and `refund replay` read. Build against the installed
 * library:
 *
 *   cc -std=c11 shop.c $(pkg-config --cflags --libs librefund) -o shop
 *   ./shop [--zh] [CASE_OUT]      (no CASE_OUT: the case follows the report)
 */
#include <refund.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* One message from the queue: the event, and its time as the platform
 * sends it (RFC 3339 text), turned into ev.at when it is read. */
typedef struct message {
    const char *at;
    rf_event ev;
} message;

enum { QUEUE_MAX = 16 };

/* Adds a message to q. Every rf_event starts from RF_EVENT_INIT: it sets
 * the size the library checks, and no optional field (has is 0). */
static rf_event *push(message *q, size_t *n, const char *id, const char *at, rf_actor actor,
                      rf_event_type type) {
    rf_event init = RF_EVENT_INIT;
    message *m = &q[(*n)++];
    m->at = at;
    m->ev = init;
    m->ev.id = id;
    m->ev.actor = actor;
    m->ev.type = type;
    return &m->ev;
}

/* A Tmall buyer returns a free-shipping item within 7 days for no reason.
 * The seller first refuses, wanting its 12.00 outbound postage back: the
 * rules forbid refusing an eligible 7-day request before the goods come
 * back (000:614, 752), so the shop must not record that refusal. */
static size_t receive(message *q) {
    size_t n = 0;
    rf_event *ev;
    push(q, &n, "e1", "2024-08-01T20:00:00+08:00", RF_ACTOR_BUYER, RF_EV_ORDER_CREATED);
    push(q, &n, "e2", "2024-08-01T20:01:00+08:00", RF_ACTOR_BUYER, RF_EV_PAID);
    ev = push(q, &n, "e3", "2024-08-02T10:00:00+08:00", RF_ACTOR_SELLER, RF_EV_SHIPPED);
    ev->has = RF_HAS_TRACKING;
    ev->tracking = "SF1408020199";
    push(q, &n, "e4", "2024-08-04T12:00:00+08:00", RF_ACTOR_CARRIER, RF_EV_DELIVERED);
    ev = push(q, &n, "e5", "2024-08-06T21:00:00+08:00", RF_ACTOR_BUYER, RF_EV_REFUND_REQUESTED);
    ev->has = RF_HAS_KIND | RF_HAS_REASON | RF_HAS_AMOUNT | RF_HAS_GOODS;
    ev->kind = RF_KIND_RETURN_REFUND;
    ev->reason = RF_REASON_NO_REASON;
    ev->amount = 19900; /* fen: 199.00 */
    ev->goods = RF_GOODS_RESELLABLE;
    ev = push(q, &n, "e6", "2024-08-07T09:00:00+08:00", RF_ACTOR_SELLER, RF_EV_REFUND_REFUSED);
    ev->has = RF_HAS_NOTE;
    ev->note = "包邮商品退货请扣除12元运费";
    push(q, &n, "e7", "2024-08-07T11:00:00+08:00", RF_ACTOR_SELLER, RF_EV_REFUND_AGREED);
    ev = push(q, &n, "e8", "2024-08-08T10:00:00+08:00", RF_ACTOR_BUYER, RF_EV_RETURN_SHIPPED);
    ev->has = RF_HAS_TRACKING | RF_HAS_POSTAGE;
    ev->tracking = "SF1408080311";
    ev->postage = 1200;
    ev = push(q, &n, "e9", "2024-08-10T16:00:00+08:00", RF_ACTOR_SELLER, RF_EV_RETURN_RECEIVED);
    ev->has = RF_HAS_AMOUNT;
    ev->amount = 19900;
    return n;
}

/* A library error, with everything rf_error says: the field, the position
 * (0 for structs built in code, which have none) and the message. */
static int fail(const char *call, const rf_error *err) {
    fprintf(stderr, "shop: %s: %s: field '%s', line %u, column %u: %s\n", call,
            rf_status_name(err->code), err->field, err->line, err->column, err->message);
    return 1;
}

static const char *state(rf_machine_id m, int s, rf_lang lang) {
    return lang == RF_LANG_ZH ? rf_state_label(m, s) : rf_state_name(m, s);
}

/* The findings rf_case_try made about the tried event: those at the index
 * it would take, one past the case's last event. */
static void print_findings(const rf_verdict *v, size_t index, const char *label, rf_lang lang) {
    char sentence[512];
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        if (f->event_index != index) continue;
        rf_finding_message(f, lang, sentence, sizeof sentence);
        printf("  %s %s: %s\n", label, rf_finding_name(f->code), sentence);
    }
}

/* What the shop shows staff once an event is kept: where the case stands,
 * who may act next, what is due when, and the money. */
static void print_verdict(const rf_verdict *v, rf_lang lang) {
    char when[32], money[24];
    printf("  trade %s", state(RF_MACHINE_TRADE, (int)v->trade, lang));
    if (v->has_refund)
        printf(", %s %s", rf_enum_name(RF_ENUM_KIND, (int)v->kind),
               state(v->refund_machine, v->refund_state, lang));
    printf("\n  next:");
    for (size_t i = 0; i < v->next_count; i++)
        printf(" %s %s%s", rf_enum_name(RF_ENUM_ACTOR, (int)v->next[i].actor),
               rf_enum_name(RF_ENUM_EVENT, (int)v->next[i].type), i + 1 < v->next_count ? "," : "");
    printf("%s\n", v->next_count ? "" : " nothing");
    for (size_t i = 0; i < v->deadline_count; i++) {
        const rf_deadline *d = &v->deadlines[i];
        const char *who = rf_enum_name(RF_ENUM_ACTOR, (int)d->actor);
        /* A paused deadline (the receipt timer while a refund is open) has
         * no due instant yet, only the time it will have left. */
        if (d->paused)
            printf("  deadline %s: %s's clock paused, %" PRId64 "d %02" PRId64 "h %02" PRId64
                   "m left when it resumes\n", d->id, who, d->remaining_s / 86400,
                   d->remaining_s / 3600 % 24, d->remaining_s / 60 % 60);
        else
            printf("  deadline %s: %s must act by %s%s%s\n", d->id, who, rf_time_format(d->due, when),
                   d->has_expiry ? ", then the system fires " : "",
                   d->has_expiry ? rf_enum_name(RF_ENUM_EVENT, (int)d->on_expiry) : "");
    }
    if (v->has_settlement) {
        const rf_settlement *s = &v->settlement;
        printf("  settlement: rule %s (%s), refund %s", rf_rule_id(s->rule),
               rf_rule_label(s->rule, lang == RF_LANG_ZH), rf_money_format(s->refund, money));
        printf(" of %s allowed, return postage paid by %s\n", rf_money_format(s->allowed, money),
               rf_enum_name(RF_ENUM_PARTY, (int)s->return_postage_payer));
        for (size_t i = 0; i < s->deduction_count; i++)
            printf("    - %s %s\n", rf_deduction_label(s->deductions[i].id, lang == RF_LANG_ZH),
                   rf_money_format(s->deductions[i].amount, money));
    }
}

/* Writes the case as a pretty case file to path, or to stdout when path
 * is NULL. */
static int save(const rf_ctx *ctx, const rf_case *c, const char *path) {
    char *json = NULL;
    size_t len = 0;
    rf_status st = rf_render_case(ctx, c, RF_FORMAT_JSON, &json, &len);
    if (st != RF_OK) {
        fprintf(stderr, "shop: rf_render_case: %s: %s\n", rf_status_name(st), rf_status_message(st));
        return 1;
    }
    FILE *f = path ? fopen(path, "wb") : stdout;
    int rc = !f || fwrite(json, 1, len, f) != len;
    if (f && f != stdout) rc |= fclose(f) != 0;
    if (rc) perror(path ? path : "stdout");
    rf_string_free(ctx, json);
    return rc;
}

int main(int argc, char **argv) {
    rf_lang lang = RF_LANG_EN;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--zh")) lang = RF_LANG_ZH;
        else if (!out && argv[i][0] != '-') out = argv[i];
        else {
            fprintf(stderr, "usage: shop [--zh] [CASE_OUT]\n");
            return 2;
        }
    }

    /* The order as the shop's database holds it. RF_ORDER_INIT sets the
     * size and the defaults a case file gives an omitted field (note
     * seven_day_return true); then the fields this order has. */
    rf_order order = RF_ORDER_INIT;
    order.id = "TM20240801-0199";
    order.channel = RF_CHANNEL_MALL;
    order.item_amount = 19900;
    order.free_shipping = true;
    order.seller_shipping_cost = 1200;
    order.delivery = RF_DELIVERY_EXPRESS;

    message queue[QUEUE_MAX];
    size_t n = receive(queue), refused = 0;
    rf_error err = {0};
    rf_case *c = NULL;
    rf_verdict *v = NULL;
    int rc = 0;
    rf_ctx *ctx = rf_ctx_new(NULL);
    if (!ctx) {
        fprintf(stderr, "shop: rf_ctx_new: out of memory\n");
        return 1;
    }
    if (rf_case_new(ctx, &order, &c, &err) != RF_OK) {
        rc = fail("rf_case_new", &err);
        goto done;
    }
    printf("librefund %s, order %s\n", rf_version(), order.id);

    for (size_t i = 0; i < n; i++) {
        rf_event *ev = &queue[i].ev;
        if (rf_time_parse(queue[i].at, strlen(queue[i].at), &ev->at) != RF_OK) {
            fprintf(stderr, "shop: %s: bad time '%s'\n", ev->id, queue[i].at);
            rc = 1;
            goto done;
        }
        /* Never write a status column without asking first: the try judges
         * the event where it would land and leaves the case untouched. */
        bool legal = false;
        size_t index = rf_case_event_count(c);
        if (rf_case_try(ctx, c, ev, &legal, &v, &err) != RF_OK) {
            rc = fail("rf_case_try", &err);
            goto done;
        }
        printf("%s %s by %s: ", ev->id, rf_enum_name(RF_ENUM_EVENT, (int)ev->type),
               rf_enum_name(RF_ENUM_ACTOR, (int)ev->actor));
        if (!legal) {
            /* Refused: tell the sender why, and keep the case as it was. */
            printf("refused, not appended\n");
            print_findings(v, index, "refused:", lang);
            refused++;
        } else if (rf_case_append(c, ev, &err) != RF_OK) {
            rc = fail("rf_case_append", &err);
            goto done;
        } else {
            /* Kept. The verdict of the try is that of the case as it now
             * stands (it is read for no string of the case, which the
             * append may have moved); warnings (a late shipment, say)
             * report what the event reveals without stopping it. */
            printf("appended\n");
            print_findings(v, index, "warning:", lang);
            print_verdict(v, lang);
        }
        rf_verdict_free(v);
        v = NULL;
    }
    printf("tried %zu events: %zu appended, %zu refused\n", n, rf_case_event_count(c), refused);
    if (!out) printf("\n");
    rc = save(ctx, c, out);
    if (!rc && out) printf("case saved to %s\n", out);

done:
    rf_verdict_free(v);
    rf_case_free(c);
    rf_ctx_free(ctx);
    return rc;
}
