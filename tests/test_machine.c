/*
 * The five machines (lib/machine.c) against RULES.md section 2.
 *
 * The test carries its own statement of the rules: the list `spec` below,
 * one line per legal transition, "FROM -event(actors)[guard]-> TO",
 * transcribed from RULES.md 2.1-2.5 and the seed lines they cite (the seeds
 * are in ../shared/seeds/000_*.txt, lines 586-766). It is not read from
 * machine.c's arrays. test_every_triple then walks every (state, event type,
 * actor) of every machine under every combination of guard facts and checks
 * that rf_machine_step answers exactly what the list implies:
 *  - the list has the (state, event) for that actor: allowed, with the listed
 *    `to`, when the facts satisfy the guard; otherwise the guard's refusal;
 *  - the list has the (state, event) but not for that actor: WRONG_ACTOR;
 *  - the list does not have the (state, event): ILLEGAL_TRANSITION.
 * The guards' meaning is restated here too (spec_guard), from RULES.md and
 * the seeds, so a change to a guard in machine.c shows up as a failure.
 *
 * The other tests check the shape of the tables: terminal states absorb,
 * every state is reachable from the initial one, names, labels and seeds are
 * present, rows are unambiguous, every row is one the rules list.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "refund.h"
#include "rules.h"
#include "policy.h"
#include "engine.h"

/* ---- the rules, restated ----------------------------------------------------- */

#define TRADE RF_MACHINE_TRADE
#define REFUND RF_MACHINE_REFUND
#define EXCH RF_MACHINE_EXCHANGE
#define INTV RF_MACHINE_INTERVENTION
#define COMPL RF_MACHINE_COMPLAINT

typedef struct spec_text {
    rf_machine_id machine;
    const char *rule;        /* "FROM -event(actor,actor)[guard]-> TO" */
} spec_text;

/* Guards, as RULES.md states them (their names are the ones `refund rules`
 * prints, so a row's guard can be compared by name):
 *   kind=refund_only / kind=return_refund  the open request's kind (2.2)
 *   may_refuse       refused with SEVEN_DAY_REFUSAL for an eligible 7-day
 *                    request (000:614, 752), ILLEGAL_TRANSITION while the
 *                    goods are unshipped (TOP taobao.refund.refuse)
 *   postage_settled  always applies (the parcel has left); reported as
 *                    EXCHANGE_POSTAGE_UNPAID when postage is owed and unpaid (000:610)
 *   for=buyer / for=seller  the ruling's side (2.4)
 *   refund_open      a refund or exchange is open (2.4, 000:694)
 *   trade_paid       the trade is paid and not closed (a refund needs money to return)
 *   eligible         the complaint type may be filed now, else NOT_ELIGIBLE (2.5) */
static const spec_text spec[] = {
    /* ---- 2.1 trade -------------------------------------------------------------- */
    /* TOP's TRADE_NO_CREATE_PAY: the buyer places the order; unpaid it is kept 3 days (000:26). */
    {TRADE, "TRADE_NO_CREATE_PAY -order_created(buyer)-> WAIT_BUYER_PAY"},
    {TRADE, "WAIT_BUYER_PAY -paid(buyer)-> WAIT_SELLER_SEND_GOODS"},
    /* trade_closed by either party, or by the system when the 3 unpaid days run out (000:26). */
    {TRADE, "WAIT_BUYER_PAY -trade_closed(buyer,seller,system)-> TRADE_CLOSED_BY_TAOBAO"},
    /* The seller ships; the time is the carrier's record (000:710). */
    {TRADE, "WAIT_SELLER_SEND_GOODS -shipped(seller)-> WAIT_BUYER_CONFIRM_GOODS"},
    /* A refund of the whole paid amount closes the trade (2.1) -- before it
     * finished: an after-sale (售后) refund leaves TRADE_FINISHED as it is (TOP). */
    {TRADE, "WAIT_SELLER_SEND_GOODS -refund_succeeded(system)-> TRADE_CLOSED"},
    {TRADE, "WAIT_BUYER_CONFIRM_GOODS -refund_succeeded(system)-> TRADE_CLOSED"},
    /* The carrier's delivery record opens the 7-day window (000:628); it may
     * reach the platform after the buyer confirmed. */
    {TRADE, "WAIT_BUYER_CONFIRM_GOODS -delivered(carrier)-> WAIT_BUYER_CONFIRM_GOODS"},
    {TRADE, "TRADE_FINISHED -delivered(carrier)-> TRADE_FINISHED"},
    /* receipt_confirmed by the buyer, or auto-confirm by the system (2.1, 000:644). */
    {TRADE, "WAIT_BUYER_CONFIRM_GOODS -receipt_confirmed(buyer,system)-> TRADE_FINISHED"},
    /* Extending the receipt period (000:644; TOP taobao.trade.receivetime.delay). */
    {TRADE, "WAIT_BUYER_CONFIRM_GOODS -receipt_extended(buyer,seller)-> WAIT_BUYER_CONFIRM_GOODS"},
    /* Reviews land on a finished trade; an effective neutral or negative one
     * opens the malicious-review complaint (000:702). */
    {TRADE, "TRADE_FINISHED -review_posted(buyer,seller)-> TRADE_FINISHED"},
    {TRADE, "TRADE_FINISHED -review_effective(platform,system)-> TRADE_FINISHED"},

    /* ---- 2.2 refund / return-and-refund --------------------------------------- */
    {REFUND, "NONE -refund_requested(buyer)[trade_paid]-> WAIT_SELLER_AGREE"},                      /* 000:614 */
    /* Agreed by the seller, or by the system when the answer time runs out (timeout table). */
    {REFUND, "WAIT_SELLER_AGREE -refund_agreed(seller,system)[kind=refund_only]-> SUCCESS"},        /* 000:614 */
    /* Agreed once the goods are already back (rejected, then modified:
     * 000:614, 752): the seller confirms them; rules are read in order. */
    {REFUND, "WAIT_SELLER_AGREE -refund_agreed(seller,system)[goods_back]-> WAIT_SELLER_CONFIRM_GOODS"}, /* 000:614,752 */
    {REFUND, "WAIT_SELLER_AGREE -refund_agreed(seller,system)[kind=return_refund]-> WAIT_BUYER_RETURN_GOODS"}, /* 000:756 */
    {REFUND, "WAIT_SELLER_AGREE -refund_refused(seller)[may_refuse]-> SELLER_REFUSE_BUYER"},        /* 000:614,752 */
    {REFUND, "SELLER_REFUSE_BUYER -refund_modified(buyer)-> WAIT_SELLER_AGREE"},                    /* 000:616 */
    /* Not in RULES.md's list: a platform default (TOP) that the buyer may
     * change the request while the seller has not answered; it restarts the
     * seller's clock. */
    {REFUND, "WAIT_SELLER_AGREE -refund_modified(buyer)-> WAIT_SELLER_AGREE"},
    {REFUND, "WAIT_BUYER_RETURN_GOODS -return_shipped(buyer)-> WAIT_SELLER_CONFIRM_GOODS"},         /* 000:756 */
    /* Received (by the seller, or by the system when the confirm time runs out): paid (000:618). */
    {REFUND, "WAIT_SELLER_CONFIRM_GOODS -return_received(seller,system)-> SUCCESS"},
    /* Inspected and refused: the seller's refusal after the goods came back (000:614, 752). */
    {REFUND, "WAIT_SELLER_CONFIRM_GOODS -return_rejected(seller)-> SELLER_REFUSE_BUYER"},
    /* refund_cancelled (buyer) from any open state; the system closes it
     * when the buyer lets the modify or return period run out (timeout table). */
    {REFUND, "WAIT_SELLER_AGREE -refund_cancelled(buyer)-> CLOSED"},
    {REFUND, "SELLER_REFUSE_BUYER -refund_cancelled(buyer,system)-> CLOSED"},
    {REFUND, "WAIT_BUYER_RETURN_GOODS -refund_cancelled(buyer,system)-> CLOSED"},
    {REFUND, "WAIT_SELLER_CONFIRM_GOODS -refund_cancelled(buyer)-> CLOSED"},
    /* 2.4: a ruling ends an open refund: for the buyer SUCCESS, for the seller CLOSED (000:694). */
    {REFUND, "WAIT_SELLER_AGREE -ruling(platform)[for=buyer]-> SUCCESS"},
    {REFUND, "WAIT_SELLER_AGREE -ruling(platform)[for=seller]-> CLOSED"},
    {REFUND, "SELLER_REFUSE_BUYER -ruling(platform)[for=buyer]-> SUCCESS"},
    {REFUND, "SELLER_REFUSE_BUYER -ruling(platform)[for=seller]-> CLOSED"},
    {REFUND, "WAIT_BUYER_RETURN_GOODS -ruling(platform)[for=buyer]-> SUCCESS"},
    {REFUND, "WAIT_BUYER_RETURN_GOODS -ruling(platform)[for=seller]-> CLOSED"},
    {REFUND, "WAIT_SELLER_CONFIRM_GOODS -ruling(platform)[for=buyer]-> SUCCESS"},
    {REFUND, "WAIT_SELLER_CONFIRM_GOODS -ruling(platform)[for=seller]-> CLOSED"},

    /* ---- 2.3 exchange ------------------------------------------------------------ */
    {EXCH, "NONE -refund_requested(buyer)[trade_paid]-> WAIT_SELLER_AGREE"},                        /* 000:608 */
    {EXCH, "WAIT_SELLER_AGREE -refund_agreed(seller,system)[goods_back]-> WAIT_SELLER_CONFIRM_GOODS"}, /* 000:614,752 */
    {EXCH, "WAIT_SELLER_AGREE -refund_agreed(seller,system)-> WAIT_BUYER_RETURN_GOODS"},            /* 000:608 */
    /* "refusals and closing as in 2.2" */
    {EXCH, "WAIT_SELLER_AGREE -refund_refused(seller)[may_refuse]-> SELLER_REFUSE_BUYER"},          /* 000:614,752 */
    {EXCH, "SELLER_REFUSE_BUYER -refund_modified(buyer)-> WAIT_SELLER_AGREE"},                      /* 000:616 */
    {EXCH, "WAIT_SELLER_AGREE -refund_modified(buyer)-> WAIT_SELLER_AGREE"},                        /* TOP, as in 2.2 */
    {EXCH, "WAIT_BUYER_RETURN_GOODS -return_shipped(buyer)-> WAIT_SELLER_CONFIRM_GOODS"},           /* 000:606 */
    /* The warehouse unpacks, checks and logs the return (000:606). */
    {EXCH, "WAIT_SELLER_CONFIRM_GOODS -return_received(seller,system)-> WAIT_SELLER_SEND_GOODS"},
    {EXCH, "WAIT_SELLER_CONFIRM_GOODS -return_rejected(seller)-> SELLER_REFUSE_BUYER"},             /* 000:614,752 */
    /* The buyer pays postage owed any time before the replacement ships: with
     * the return or when the shop asks for it after receiving it (000:610). */
    {EXCH, "WAIT_SELLER_AGREE -exchange_postage_paid(buyer)-> WAIT_SELLER_AGREE"},
    {EXCH, "WAIT_BUYER_RETURN_GOODS -exchange_postage_paid(buyer)-> WAIT_BUYER_RETURN_GOODS"},
    {EXCH, "WAIT_SELLER_CONFIRM_GOODS -exchange_postage_paid(buyer)-> WAIT_SELLER_CONFIRM_GOODS"},
    {EXCH, "WAIT_SELLER_SEND_GOODS -exchange_postage_paid(buyer)-> WAIT_SELLER_SEND_GOODS"},
    /* Ships once postage owed is paid; quality problems ship free (000:610). */
    {EXCH, "WAIT_SELLER_SEND_GOODS -exchange_shipped(seller)[postage_settled]-> WAIT_BUYER_CONFIRM_EXCHANGE"},
    /* exchange_received, or auto-confirm (the trade's receipt period). */
    {EXCH, "WAIT_BUYER_CONFIRM_EXCHANGE -exchange_received(buyer,system)-> SUCCESS"},
    /* Closing as in 2.2: the buyer cancels from any open state. */
    {EXCH, "WAIT_SELLER_AGREE -refund_cancelled(buyer)-> CLOSED"},
    {EXCH, "SELLER_REFUSE_BUYER -refund_cancelled(buyer,system)-> CLOSED"},
    {EXCH, "WAIT_BUYER_RETURN_GOODS -refund_cancelled(buyer,system)-> CLOSED"},
    {EXCH, "WAIT_SELLER_CONFIRM_GOODS -refund_cancelled(buyer)-> CLOSED"},
    {EXCH, "WAIT_SELLER_SEND_GOODS -refund_cancelled(buyer)-> CLOSED"},
    {EXCH, "WAIT_BUYER_CONFIRM_EXCHANGE -refund_cancelled(buyer)-> CLOSED"},
    /* 2.4: a ruling ends whatever open exchange the platform was called into (000:694). */
    {EXCH, "WAIT_SELLER_AGREE -ruling(platform)[for=buyer]-> SUCCESS"},
    {EXCH, "WAIT_SELLER_AGREE -ruling(platform)[for=seller]-> CLOSED"},
    {EXCH, "SELLER_REFUSE_BUYER -ruling(platform)[for=buyer]-> SUCCESS"},
    {EXCH, "SELLER_REFUSE_BUYER -ruling(platform)[for=seller]-> CLOSED"},
    {EXCH, "WAIT_BUYER_RETURN_GOODS -ruling(platform)[for=buyer]-> SUCCESS"},
    {EXCH, "WAIT_BUYER_RETURN_GOODS -ruling(platform)[for=seller]-> CLOSED"},
    {EXCH, "WAIT_SELLER_CONFIRM_GOODS -ruling(platform)[for=buyer]-> SUCCESS"},
    {EXCH, "WAIT_SELLER_CONFIRM_GOODS -ruling(platform)[for=seller]-> CLOSED"},
    {EXCH, "WAIT_SELLER_SEND_GOODS -ruling(platform)[for=buyer]-> SUCCESS"},
    {EXCH, "WAIT_SELLER_SEND_GOODS -ruling(platform)[for=seller]-> CLOSED"},
    {EXCH, "WAIT_BUYER_CONFIRM_EXCHANGE -ruling(platform)[for=buyer]-> SUCCESS"},
    {EXCH, "WAIT_BUYER_CONFIRM_EXCHANGE -ruling(platform)[for=seller]-> CLOSED"},

    /* ---- 2.4 platform intervention ------------------------------------------- */
    /* Either party, while a refund is open and they cannot agree (000:694). */
    {INTV, "NONE -intervention_requested(buyer,seller)[refund_open]-> REQUESTED"},
    {INTV, "REQUESTED -intervention_started(platform)-> INTERVENING"},
    /* Any number of pieces of evidence, from either party (000:714-722). */
    {INTV, "INTERVENING -evidence_submitted(buyer,seller)-> INTERVENING"},
    /* A ruling for either side ends the intervention. */
    {INTV, "INTERVENING -ruling(platform)-> RULED"},

    /* ---- 2.5 complaint ------------------------------------------------------------ */
    /* Buyer, or the reviewed party of a malicious review (000:698-710). */
    {COMPL, "NONE -complaint_filed(buyer,seller)[eligible]-> FILED"},
    /* The respondent appeals with evidence (000:712-722). */
    {COMPL, "FILED -complaint_appealed(buyer,seller)-> APPEALED"},
    /* The platform resolves within its working-day limit counted from the
     * filing, whether or not the respondent appealed (000:700, 710). */
    {COMPL, "FILED -complaint_resolved(platform)-> RESOLVED"},
    {COMPL, "APPEALED -complaint_resolved(platform)-> RESOLVED"},
    {COMPL, "FILED -complaint_withdrawn(buyer,seller)-> WITHDRAWN"},
    {COMPL, "APPEALED -complaint_withdrawn(buyer,seller)-> WITHDRAWN"},
};

#define SPEC_COUNT (sizeof spec / sizeof spec[0])

/* The absorbing states of RULES.md 2: a refund or exchange that succeeded or
 * closed, a closed trade, a ruled intervention, a resolved or withdrawn
 * complaint. TRADE_FINISHED is deliberately not one: reviews and late
 * delivery records land on it. */
static const struct {
    rf_machine_id machine;
    const char *states[3];
} spec_terminal[] = {
    {TRADE, {"TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO", NULL}},
    {REFUND, {"SUCCESS", "CLOSED", NULL}},
    {EXCH, {"SUCCESS", "CLOSED", NULL}},
    {INTV, {"RULED", NULL, NULL}},
    {COMPL, {"RESOLVED", "WITHDRAWN", NULL}},
};

static const struct {
    rf_machine_id machine;
    const char *name, *initial;
} spec_machines[] = {
    {TRADE, "trade", "TRADE_NO_CREATE_PAY"},
    {REFUND, "refund", "NONE"},
    {EXCH, "exchange", "NONE"},
    {INTV, "intervention", "NONE"},
    {COMPL, "complaint", "NONE"},
};

/* ---- the restatement, parsed ----------------------------------------------------- */

typedef struct spec_row {
    rf_machine_id machine;
    int from, to;
    rf_event_type event;
    unsigned actors;
    char guard[32];          /* "" when unguarded */
    const char *text;
} spec_row;

static spec_row rows[SPEC_COUNT];

static int state_index(rf_machine_id m, const char *name, size_t len) {
    const char *s;
    for (int i = 0; (s = rf_state_name(m, i)) != NULL; i++)
        if (strlen(s) == len && !memcmp(s, name, len)) return i;
    return -1;
}

/* Parses "FROM -event(a,b)[guard]-> TO"; fails the test on a typo. */
static void parse_spec(const spec_text *t, spec_row *r) {
    const char *p = t->rule, *q;
    memset(r, 0, sizeof *r);
    r->machine = t->machine;
    r->text = t->rule;
    q = strstr(p, " -");
    if (!q) fail_msg("spec: no ' -' in \"%s\"", t->rule);
    r->from = state_index(t->machine, p, (size_t)(q - p));
    p = q + 2;
    q = strchr(p, '(');
    if (!q) fail_msg("spec: no '(' in \"%s\"", t->rule);
    int ev = rf_enum_lookup(RF_ENUM_EVENT, p, (size_t)(q - p));
    if (ev < 0) fail_msg("spec: unknown event in \"%s\"", t->rule);
    r->event = (rf_event_type)ev;
    p = q + 1;
    for (;;) {
        size_t n = strcspn(p, ",)");
        int a = rf_enum_lookup(RF_ENUM_ACTOR, p, n);
        if (a < 0) fail_msg("spec: unknown actor in \"%s\"", t->rule);
        r->actors |= 1u << a;
        p += n;
        if (*p++ == ')') break;
    }
    if (*p == '[') {
        q = strchr(p, ']');
        if (!q || (size_t)(q - p - 1) >= sizeof r->guard) fail_msg("spec: bad guard in \"%s\"", t->rule);
        memcpy(r->guard, p + 1, (size_t)(q - p - 1));
        p = q + 1;
    }
    if (strncmp(p, "-> ", 3) != 0) fail_msg("spec: no '-> ' in \"%s\"", t->rule);
    p += 3;
    r->to = state_index(t->machine, p, strlen(p));
    if (r->from < 0 || r->to < 0) fail_msg("spec: unknown state in \"%s\"", t->rule);
}

static int setup_spec(void **state) {
    (void)state;
    for (size_t i = 0; i < SPEC_COUNT; i++) parse_spec(&spec[i], &rows[i]);
    return 0;
}

/* ---- what the rules say a step should answer --------------------------------------- */

typedef struct expected {
    bool allowed;
    int to;
    rf_finding_code refusal, flag;
    const spec_row *row;
} expected;

/* The guard's meaning, restated from RULES.md (see the list above spec). */
static rf_finding_code spec_guard(const char *guard, const rf_facts *f, rf_finding_code *flag) {
    *flag = RF_FINDING_NONE;
    if (!*guard) return RF_FINDING_NONE;
    if (!strcmp(guard, "kind=refund_only"))
        return f->kind == RF_KIND_REFUND_ONLY ? RF_FINDING_NONE : RF_FINDING_ILLEGAL_TRANSITION;
    if (!strcmp(guard, "kind=return_refund"))
        return f->kind == RF_KIND_RETURN_REFUND ? RF_FINDING_NONE : RF_FINDING_ILLEGAL_TRANSITION;
    if (!strcmp(guard, "may_refuse")) {
        if (f->seven_day_eligible) return RF_FINDING_SEVEN_DAY_REFUSAL;
        return f->goods_shipped ? RF_FINDING_NONE : RF_FINDING_ILLEGAL_TRANSITION;
    }
    if (!strcmp(guard, "postage_settled")) {
        if (f->postage_owed && !f->postage_paid) *flag = RF_FINDING_EXCHANGE_POSTAGE_UNPAID;
        return RF_FINDING_NONE;
    }
    if (!strcmp(guard, "for=buyer"))
        return f->ruling_for == RF_PARTY_BUYER ? RF_FINDING_NONE : RF_FINDING_ILLEGAL_TRANSITION;
    if (!strcmp(guard, "for=seller"))
        return f->ruling_for == RF_PARTY_SELLER ? RF_FINDING_NONE : RF_FINDING_ILLEGAL_TRANSITION;
    if (!strcmp(guard, "refund_open")) return f->refund_open ? RF_FINDING_NONE : RF_FINDING_ILLEGAL_TRANSITION;
    if (!strcmp(guard, "trade_paid")) return f->trade_paid ? RF_FINDING_NONE : RF_FINDING_ILLEGAL_TRANSITION;
    if (!strcmp(guard, "eligible")) return f->complaint_eligible ? RF_FINDING_NONE : RF_FINDING_NOT_ELIGIBLE;
    if (!strcmp(guard, "goods_back")) return f->goods_back ? RF_FINDING_NONE : RF_FINDING_ILLEGAL_TRANSITION;
    fail_msg("spec: unknown guard \"%s\"", guard);
    return RF_FINDING_ILLEGAL_TRANSITION;
}

static expected expect(rf_machine_id m, int state, rf_event_type ev, rf_actor actor, const rf_facts *f) {
    expected x = {false, state, RF_FINDING_ILLEGAL_TRANSITION, RF_FINDING_NONE, NULL};
    bool listed = false, for_actor = false;
    rf_finding_code refusal = RF_FINDING_ILLEGAL_TRANSITION;
    for (size_t i = 0; i < SPEC_COUNT; i++) {
        const spec_row *r = &rows[i];
        if (r->machine != m || r->from != state || r->event != ev) continue;
        listed = true;
        if (!(r->actors & (1u << actor))) continue;
        for_actor = true;
        rf_finding_code flag;
        rf_finding_code g = spec_guard(r->guard, f, &flag);
        if (g == RF_FINDING_NONE) {
            x.allowed = true;
            x.to = r->to;
            x.refusal = RF_FINDING_NONE;
            x.flag = flag;
            x.row = r;
            return x;
        }
        if (refusal == RF_FINDING_ILLEGAL_TRANSITION) refusal = g;
    }
    if (listed && !for_actor) x.refusal = RF_FINDING_WRONG_ACTOR;
    else x.refusal = refusal;
    return x;
}

/* Every combination of the facts the guards read: 3 kinds x 2^8 flags x 2 sides. */
#define FACT_VARIANTS (RF_KIND_COUNT * 256 * 2)

static rf_facts fact_variant(int i) {
    rf_facts f = RF_FACTS_INIT;
    f.kind = (rf_kind)(i % RF_KIND_COUNT);
    i /= RF_KIND_COUNT;
    f.ruling_for = (i & 1) ? RF_PARTY_SELLER : RF_PARTY_BUYER;
    i >>= 1;
    f.seven_day_eligible = i & 1;
    f.goods_shipped = (i >> 1) & 1;
    f.postage_owed = (i >> 2) & 1;
    f.postage_paid = (i >> 3) & 1;
    f.refund_open = (i >> 4) & 1;
    f.trade_paid = (i >> 5) & 1;
    f.complaint_eligible = (i >> 6) & 1;
    f.goods_back = (i >> 7) & 1;
    return f;
}

static const char *mname(rf_machine_id m) { return rf_machine_get(m)->name; }
static const char *ename(rf_event_type t) {
    const char *n = rf_enum_name(RF_ENUM_EVENT, (int)t);
    return n ? n : "?";
}
static const char *aname(rf_actor a) {
    const char *n = rf_enum_name(RF_ENUM_ACTOR, (int)a);
    return n ? n : "?";
}
static const char *fname(rf_finding_code c) {
    const char *n = rf_finding_name(c);
    return n ? n : "?";
}

/* Checks one step against the restatement; returns false (after printing
 * why) on a mismatch so the caller can stop at the first few. */
static bool check_step(const rf_machine *m, int s, rf_event_type ev, rf_actor a, const rf_facts *f,
                       const char *facts_text) {
    rf_step st;
    rf_facts zero = RF_FACTS_INIT;
    expected x = expect(m->id, s, ev, a, f ? f : &zero);
    memset(&st, 0x5a, sizeof st);
    rf_machine_step(m, s, ev, a, f, &st);
    bool ok = st.allowed == x.allowed && st.to == x.to && st.flag == x.flag &&
              st.refusal == (x.allowed ? RF_FINDING_NONE : x.refusal);
    if (ok && st.allowed) {
        /* The deciding row is the one the rules list, guard and all. */
        ok = st.row && st.row->from == s && st.row->event == ev && (st.row->actors & (1u << a)) &&
             st.row->to == x.to && !strcmp(rf_guard_name(st.row->guard), x.row->guard) &&
             st.row->seed && *st.row->seed;
    } else if (ok && x.refusal == RF_FINDING_WRONG_ACTOR) {
        ok = st.row == NULL;
    } else if (ok) {
        /* A guard's refusal names its row; a pair the table lacks names none. */
        bool listed = false;
        for (size_t i = 0; i < SPEC_COUNT; i++)
            if (rows[i].machine == m->id && rows[i].from == s && rows[i].event == ev) listed = true;
        ok = listed ? (st.row && st.row->from == s && st.row->event == ev) : st.row == NULL;
    }
    if (!ok)
        print_error("%s %s -%s(%s)-> facts %s: table says %s to=%s refusal=%s flag=%s; "
                    "rules say %s to=%s refusal=%s flag=%s%s%s\n",
                    mname(m->id), rf_state_name(m->id, s), ename(ev), aname(a), facts_text,
                    st.allowed ? "allowed" : "refused", rf_state_name(m->id, st.to) ? rf_state_name(m->id, st.to) : "?",
                    fname(st.refusal), fname(st.flag), x.allowed ? "allowed" : "refused",
                    rf_state_name(m->id, x.to), fname(x.allowed ? RF_FINDING_NONE : x.refusal), fname(x.flag),
                    x.row ? " by " : "", x.row ? x.row->text : "");
    return ok;
}

static void facts_text(const rf_facts *f, char *buf, size_t size) {
    if (!f) {
        snprintf(buf, size, "NULL");
        return;
    }
    snprintf(buf, size, "{kind=%s%s%s%s%s%s%s%s%s for=%s}", rf_enum_name(RF_ENUM_KIND, (int)f->kind),
             f->seven_day_eligible ? " seven_day" : "", f->goods_shipped ? " shipped" : "",
             f->postage_owed ? " owed" : "", f->postage_paid ? " paid" : "",
             f->refund_open ? " refund_open" : "", f->trade_paid ? " trade_paid" : "",
             f->complaint_eligible ? " eligible" : "", f->goods_back ? " goods_back" : "",
             rf_enum_name(RF_ENUM_PARTY, (int)f->ruling_for));
}

/* ---- every (state, event, actor) of every machine ---------------------------------- */

static void test_every_triple(void **state) {
    (void)state;
    size_t triples = 0, steps = 0, allowed = 0, wrong_actor = 0, illegal = 0, guarded = 0, bad = 0;
    char ft[160];
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        assert_non_null(m);
        for (int s = 0; s < (int)m->state_count; s++) {
            for (int ev = 0; ev < RF_EV_COUNT; ev++) {
                for (int a = 0; a < RF_ACTOR_COUNT; a++) {
                    triples++;
                    /* Classify the triple once, under facts that pass every guard. */
                    bool any_allowed = false;
                    rf_finding_code first = RF_FINDING_NONE;
                    bool triple_ok = true;
                    for (int i = -1; i < FACT_VARIANTS; i++) {
                        rf_facts f = i >= 0 ? fact_variant(i) : (rf_facts){0};
                        const rf_facts *fp = i >= 0 ? &f : NULL;
                        steps++;
                        /* One line per disagreeing triple: its first facts. */
                        if (triple_ok &&
                            !check_step(m, s, (rf_event_type)ev, (rf_actor)a, fp, (facts_text(fp, ft, sizeof ft), ft))) {
                            triple_ok = false;
                            if (++bad >= 20) fail_msg("too many mismatches");
                        }
                        rf_facts zero = RF_FACTS_INIT;
                        expected x = expect(m->id, s, (rf_event_type)ev, (rf_actor)a, fp ? fp : &zero);
                        any_allowed |= x.allowed;
                        if (i == -1) first = x.refusal;
                    }
                    if (any_allowed) {
                        allowed++;
                        /* Some guarded rows refuse under other facts: counted once. */
                        for (size_t i = 0; i < SPEC_COUNT; i++)
                            if (rows[i].machine == m->id && rows[i].from == s && rows[i].event == (rf_event_type)ev &&
                                (rows[i].actors & (1u << a)) && rows[i].guard[0]) {
                                guarded++;
                                break;
                            }
                    } else if (first == RF_FINDING_WRONG_ACTOR) {
                        wrong_actor++;
                    } else {
                        illegal++;
                    }
                }
            }
        }
    }
    if (bad) fail_msg("%zu triples disagree with RULES.md section 2 (first ones printed above)", bad);
    assert_int_equal(triples, allowed + wrong_actor + illegal);
    printf("machines: %zu triples checked (%zu allowed for the actor, %zu of them guarded; %zu WRONG_ACTOR; "
           "%zu ILLEGAL_TRANSITION), %zu steps under %d fact combinations\n",
           triples, allowed, guarded, wrong_actor, illegal, steps, FACT_VARIANTS + 1);
}

/* ---- the engine's indexed step ------------------------------------------------------ */

/* The engine steps through rf__machine_index (only the rows of the state and
 * event): it must answer exactly what the scan of the whole table answers,
 * for states, events and actors inside and outside the machines' ranges. */
static void test_indexed_step_equals_scan(void **state) {
    (void)state;
    rf__machine_index ix;
    size_t steps = 0;
    rf__machine_index_fill(&ix);
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        for (int s = -2; s < RF__STATES_MAX + 2; s++)
            for (int ev = -1; ev <= RF_EV_COUNT; ev++)
                for (int a = -1; a <= RF_ACTOR_COUNT; a++)
                    /* Both sides of every guard, in a spread of combinations. */
                    for (int i = 0; i < FACT_VARIANTS; i += 23) {
                        rf_facts f = fact_variant(i);
                        rf_step scan, indexed;
                        rf__machine_step(m, s, (rf_event_type)ev, (rf_actor)a, &f, &scan);
                        rf__machine_step_in(&ix, (rf_machine_id)id, s, (rf_event_type)ev, (rf_actor)a, &f, &indexed);
                        steps++;
                        if (memcmp(&scan, &indexed, sizeof scan) != 0)
                            fail_msg("%s state %d event %d actor %d facts #%d: the indexed step differs", mname(m->id),
                                     s, ev, a, i);
                    }
    }
    print_message("machines: %zu indexed steps equal the table scan\n", steps);
}

/* The engine reads the deadline rows through rf__deadline_index: each
 * state's clock rows and expiring rows are exactly the table's, none is
 * lost, and the rows an order's delivery mode and exemption rule out are
 * those whose condition on the order fails. */
static void test_deadline_index_lists_the_rows(void **state) {
    (void)state;
    rf__deadline_index ix;
    rf__deadline_index_fill(&ix);
    uint64_t indexed = 0, clocks = 0;
    for (int m = 0; m < RF_MACHINE_COUNT; m++)
        for (int s = 0; s < RF__STATES_MAX; s++) {
            uint64_t want = 0, want_expiring = 0;
            for (size_t i = 0; i < rf__deadline_rule_count; i++) {
                const rf__deadline_rule *row = &rf__deadline_rules[i];
                if ((int)row->machine != m || row->state != s || row->why_not) continue;
                want |= UINT64_C(1) << i;
                if (row->on_expiry >= 0) want_expiring |= UINT64_C(1) << i;
            }
            if (ix.clocks[m][s] != want || ix.expiring[m][s] != want_expiring)
                fail_msg("%s state %d: the index lists other deadline rows than the table", mname((rf_machine_id)m), s);
            indexed |= want;
        }
    for (size_t i = 0; i < rf__deadline_rule_count; i++)
        if (!rf__deadline_rules[i].why_not) clocks |= UINT64_C(1) << i;
    assert_true(indexed == clocks);
    for (int d = 0; d < RF_DELIVERY_COUNT; d++)
        for (int x = 0; x < 2; x++)
            for (size_t i = 0; i < rf__deadline_rule_count; i++) {
                bool ok;
                switch (rf__deadline_rules[i].when) {
                case RF__WHEN_NOT_EXEMPT: ok = !x; break;
                case RF__WHEN_EXEMPT: ok = x; break;
                case RF__WHEN_EXPRESS: ok = d == RF_DELIVERY_EXPRESS; break;
                case RF__WHEN_SURFACE_MAIL: ok = d == RF_DELIVERY_SURFACE_MAIL; break;
                case RF__WHEN_VIRTUAL: ok = d == RF_DELIVERY_VIRTUAL; break;
                case RF__WHEN_NOT_SURFACE_MAIL: ok = d != RF_DELIVERY_SURFACE_MAIL; break;
                default: ok = true; break; /* a condition on the history: judged as the replay goes */
                }
                if (ok != ((ix.order_holds[d][x] >> i & 1) != 0))
                    fail_msg("deadline row %zu (%s): delivery %d, exempt %d: the order mask says %s", i,
                             rf__deadline_rules[i].id, d, x, ok ? "no" : "yes");
            }
    rf_order o = RF_ORDER_INIT;
    o.delivery = (rf_delivery)RF_DELIVERY_COUNT; /* out of range: every row, judged one by one */
    assert_true(rf__deadline_order_rows(&ix, &o) == UINT64_MAX);
}

/* ---- the guards, one by one, as the brief of each rule reads --------------------- */

static rf_step step(rf_machine_id id, const char *state, rf_event_type ev, rf_actor a, const rf_facts *f) {
    rf_step st;
    int s = state_index(id, state, strlen(state));
    assert_true(s >= 0);
    rf_machine_step(rf_machine_get(id), s, ev, a, f, &st);
    return st;
}

static void assert_to(rf_step st, rf_machine_id id, const char *want) {
    if (!st.allowed) fail_msg("refused with %s, want -> %s", fname(st.refusal), want);
    assert_string_equal(rf_state_name(id, st.to), want);
    assert_int_equal(st.refusal, RF_FINDING_NONE);
}

static void assert_refused(rf_step st, rf_finding_code want) {
    if (st.allowed) fail_msg("allowed, want refusal %s", fname(want));
    assert_string_equal(fname(st.refusal), fname(want));
}

/* refund_agreed: refund_only -> SUCCESS, return_refund -> WAIT_BUYER_RETURN_GOODS (2.2). */
static void test_guard_kind(void **state) {
    (void)state;
    rf_facts f = RF_FACTS_INIT;
    f.kind = RF_KIND_REFUND_ONLY;
    assert_to(step(REFUND, "WAIT_SELLER_AGREE", RF_EV_REFUND_AGREED, RF_ACTOR_SELLER, &f), REFUND, "SUCCESS");
    assert_to(step(REFUND, "WAIT_SELLER_AGREE", RF_EV_REFUND_AGREED, RF_ACTOR_SYSTEM, &f), REFUND, "SUCCESS");
    f.kind = RF_KIND_RETURN_REFUND;
    assert_to(step(REFUND, "WAIT_SELLER_AGREE", RF_EV_REFUND_AGREED, RF_ACTOR_SELLER, &f), REFUND,
              "WAIT_BUYER_RETURN_GOODS");
    f.kind = RF_KIND_EXCHANGE; /* the refund machine never runs an exchange */
    assert_refused(step(REFUND, "WAIT_SELLER_AGREE", RF_EV_REFUND_AGREED, RF_ACTOR_SELLER, &f),
                   RF_FINDING_ILLEGAL_TRANSITION);
    assert_to(step(EXCH, "WAIT_SELLER_AGREE", RF_EV_REFUND_AGREED, RF_ACTOR_SELLER, &f), EXCH,
              "WAIT_BUYER_RETURN_GOODS");
    assert_refused(step(REFUND, "WAIT_SELLER_AGREE", RF_EV_REFUND_AGREED, RF_ACTOR_BUYER, &f),
                   RF_FINDING_WRONG_ACTOR);
}

/* refund_refused: SEVEN_DAY_REFUSAL for an eligible 7-day request, illegal
 * before shipment, allowed otherwise (000:614, 752). */
static void test_guard_may_refuse(void **state) {
    (void)state;
    rf_facts f = RF_FACTS_INIT;
    for (int id = REFUND; id <= EXCH; id++) {
        f.seven_day_eligible = true;
        f.goods_shipped = true;
        assert_refused(step((rf_machine_id)id, "WAIT_SELLER_AGREE", RF_EV_REFUND_REFUSED, RF_ACTOR_SELLER, &f),
                       RF_FINDING_SEVEN_DAY_REFUSAL);
        f.seven_day_eligible = false;
        f.goods_shipped = false;
        assert_refused(step((rf_machine_id)id, "WAIT_SELLER_AGREE", RF_EV_REFUND_REFUSED, RF_ACTOR_SELLER, &f),
                       RF_FINDING_ILLEGAL_TRANSITION);
        f.goods_shipped = true;
        assert_to(step((rf_machine_id)id, "WAIT_SELLER_AGREE", RF_EV_REFUND_REFUSED, RF_ACTOR_SELLER, &f),
                  (rf_machine_id)id, "SELLER_REFUSE_BUYER");
        /* The way the seeds prescribe for an eligible request: agree, then
         * reject once the goods are back. */
        f.seven_day_eligible = true;
        assert_to(step((rf_machine_id)id, "WAIT_SELLER_CONFIRM_GOODS", RF_EV_RETURN_REJECTED, RF_ACTOR_SELLER, &f),
                  (rf_machine_id)id, "SELLER_REFUSE_BUYER");
        assert_refused(step((rf_machine_id)id, "WAIT_SELLER_AGREE", RF_EV_REFUND_REFUSED, RF_ACTOR_BUYER, &f),
                       RF_FINDING_WRONG_ACTOR);
    }
}

/* exchange_shipped with postage owed and unpaid: applies, flagged (000:610). */
static void test_guard_postage(void **state) {
    (void)state;
    rf_facts f = RF_FACTS_INIT;
    rf_step st;
    f.kind = RF_KIND_EXCHANGE;
    f.postage_owed = true;
    st = step(EXCH, "WAIT_SELLER_SEND_GOODS", RF_EV_EXCHANGE_SHIPPED, RF_ACTOR_SELLER, &f);
    assert_to(st, EXCH, "WAIT_BUYER_CONFIRM_EXCHANGE");
    assert_string_equal(fname(st.flag), "EXCHANGE_POSTAGE_UNPAID");
    f.postage_paid = true;
    st = step(EXCH, "WAIT_SELLER_SEND_GOODS", RF_EV_EXCHANGE_SHIPPED, RF_ACTOR_SELLER, &f);
    assert_to(st, EXCH, "WAIT_BUYER_CONFIRM_EXCHANGE");
    assert_int_equal(st.flag, RF_FINDING_NONE);
    f.postage_owed = false; /* quality problems ship free */
    f.postage_paid = false;
    st = step(EXCH, "WAIT_SELLER_SEND_GOODS", RF_EV_EXCHANGE_SHIPPED, RF_ACTOR_SELLER, &f);
    assert_to(st, EXCH, "WAIT_BUYER_CONFIRM_EXCHANGE");
    assert_int_equal(st.flag, RF_FINDING_NONE);
    assert_refused(step(EXCH, "WAIT_SELLER_SEND_GOODS", RF_EV_EXCHANGE_SHIPPED, RF_ACTOR_BUYER, &f),
                   RF_FINDING_WRONG_ACTOR);
    assert_refused(step(EXCH, "WAIT_SELLER_CONFIRM_GOODS", RF_EV_EXCHANGE_SHIPPED, RF_ACTOR_SELLER, &f),
                   RF_FINDING_ILLEGAL_TRANSITION);
}

/* A ruling for the buyer ends the refund in SUCCESS, for the seller in CLOSED (2.4). */
static void test_guard_ruling(void **state) {
    (void)state;
    static const char *const open_refund[] = {"WAIT_SELLER_AGREE", "SELLER_REFUSE_BUYER",
                                              "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS"};
    static const char *const open_exch[] = {"WAIT_SELLER_AGREE", "SELLER_REFUSE_BUYER", "WAIT_BUYER_RETURN_GOODS",
                                            "WAIT_SELLER_CONFIRM_GOODS", "WAIT_SELLER_SEND_GOODS",
                                            "WAIT_BUYER_CONFIRM_EXCHANGE"};
    rf_facts f = RF_FACTS_INIT;
    for (size_t i = 0; i < 4 + 6; i++) {
        rf_machine_id id = i < 4 ? REFUND : EXCH;
        const char *s = i < 4 ? open_refund[i] : open_exch[i - 4];
        f.ruling_for = RF_PARTY_BUYER;
        assert_to(step(id, s, RF_EV_RULING, RF_ACTOR_PLATFORM, &f), id, "SUCCESS");
        f.ruling_for = RF_PARTY_SELLER;
        assert_to(step(id, s, RF_EV_RULING, RF_ACTOR_PLATFORM, &f), id, "CLOSED");
        assert_refused(step(id, s, RF_EV_RULING, RF_ACTOR_BUYER, &f), RF_FINDING_WRONG_ACTOR);
    }
    for (int side = 0; side < RF_PARTY_COUNT; side++) {
        f.ruling_for = (rf_party)side;
        assert_to(step(INTV, "INTERVENING", RF_EV_RULING, RF_ACTOR_PLATFORM, &f), INTV, "RULED");
        assert_refused(step(INTV, "REQUESTED", RF_EV_RULING, RF_ACTOR_PLATFORM, &f), RF_FINDING_ILLEGAL_TRANSITION);
    }
}

/* intervention_requested only while a refund is open (000:694). */
static void test_guard_refund_open(void **state) {
    (void)state;
    rf_facts f = RF_FACTS_INIT;
    assert_refused(step(INTV, "NONE", RF_EV_INTERVENTION_REQUESTED, RF_ACTOR_BUYER, &f),
                   RF_FINDING_ILLEGAL_TRANSITION);
    assert_refused(step(INTV, "NONE", RF_EV_INTERVENTION_REQUESTED, RF_ACTOR_BUYER, NULL),
                   RF_FINDING_ILLEGAL_TRANSITION);
    f.refund_open = true;
    assert_to(step(INTV, "NONE", RF_EV_INTERVENTION_REQUESTED, RF_ACTOR_BUYER, &f), INTV, "REQUESTED");
    assert_to(step(INTV, "NONE", RF_EV_INTERVENTION_REQUESTED, RF_ACTOR_SELLER, &f), INTV, "REQUESTED");
    assert_refused(step(INTV, "NONE", RF_EV_INTERVENTION_REQUESTED, RF_ACTOR_PLATFORM, &f), RF_FINDING_WRONG_ACTOR);
}

/* refund_requested only once the trade is paid and not closed. */
static void test_guard_trade_paid(void **state) {
    (void)state;
    rf_facts f = RF_FACTS_INIT;
    for (int id = REFUND; id <= EXCH; id++) {
        f.trade_paid = false;
        assert_refused(step((rf_machine_id)id, "NONE", RF_EV_REFUND_REQUESTED, RF_ACTOR_BUYER, &f),
                       RF_FINDING_ILLEGAL_TRANSITION);
        f.trade_paid = true;
        assert_to(step((rf_machine_id)id, "NONE", RF_EV_REFUND_REQUESTED, RF_ACTOR_BUYER, &f), (rf_machine_id)id,
                  "WAIT_SELLER_AGREE");
        assert_refused(step((rf_machine_id)id, "NONE", RF_EV_REFUND_REQUESTED, RF_ACTOR_SELLER, &f),
                       RF_FINDING_WRONG_ACTOR);
    }
}

/* complaint_filed: NOT_ELIGIBLE when the type may not be filed now (2.5). */
static void test_guard_complaint(void **state) {
    (void)state;
    rf_facts f = RF_FACTS_INIT;
    assert_refused(step(COMPL, "NONE", RF_EV_COMPLAINT_FILED, RF_ACTOR_BUYER, &f), RF_FINDING_NOT_ELIGIBLE);
    f.complaint_eligible = true;
    assert_to(step(COMPL, "NONE", RF_EV_COMPLAINT_FILED, RF_ACTOR_BUYER, &f), COMPL, "FILED");
    assert_to(step(COMPL, "NONE", RF_EV_COMPLAINT_FILED, RF_ACTOR_SELLER, &f), COMPL, "FILED");
    assert_refused(step(COMPL, "NONE", RF_EV_COMPLAINT_FILED, RF_ACTOR_CARRIER, &f), RF_FINDING_WRONG_ACTOR);
    assert_refused(step(COMPL, "FILED", RF_EV_COMPLAINT_FILED, RF_ACTOR_BUYER, &f), RF_FINDING_ILLEGAL_TRANSITION);
}

/* ---- the tables' shape ----------------------------------------------------------------- */

static bool spec_is_terminal(rf_machine_id m, const char *name) {
    for (size_t i = 0; i < sizeof spec_terminal / sizeof spec_terminal[0]; i++)
        if (spec_terminal[i].machine == m)
            for (size_t j = 0; j < 3 && spec_terminal[i].states[j]; j++)
                if (!strcmp(spec_terminal[i].states[j], name)) return true;
    return false;
}

/* Terminal states are the rules' absorbing states and no row leaves them;
 * every other state has a way out. */
static void test_terminal_absorb(void **state) {
    (void)state;
    size_t terminal = 0;
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        for (int s = 0; s < (int)m->state_count; s++) {
            const char *name = m->state_names[s];
            bool out = false;
            for (size_t i = 0; i < m->row_count; i++) out |= m->rows[i].from == s;
            if (m->terminal[s] != spec_is_terminal(m->id, name))
                fail_msg("%s %s: terminal is %d, the rules say %d", m->name, name, m->terminal[s],
                         spec_is_terminal(m->id, name));
            if (m->terminal[s]) {
                terminal++;
                if (out) fail_msg("%s %s is terminal but a row leaves it", m->name, name);
                /* And so every step from it is refused. */
                for (int ev = 0; ev < RF_EV_COUNT; ev++)
                    for (int a = 0; a < RF_ACTOR_COUNT; a++) {
                        rf_step st;
                        rf_facts f = fact_variant(FACT_VARIANTS - 1);
                        rf_machine_step(m, s, (rf_event_type)ev, (rf_actor)a, &f, &st);
                        assert_false(st.allowed);
                        assert_int_equal(st.to, s);
                    }
            } else if (!out) {
                fail_msg("%s %s is not terminal but no row leaves it", m->name, name);
            }
        }
    }
    /* TRADE_FINISHED is deliberately open: reviews and late delivery records land on it. */
    int fin = state_index(TRADE, "TRADE_FINISHED", strlen("TRADE_FINISHED"));
    assert_true(fin >= 0);
    assert_false(rf_machine_get(TRADE)->terminal[fin]);
    assert_int_equal(terminal, 9);
}

/* Every state can be reached from the initial state through the rows. */
static void test_reachable(void **state) {
    (void)state;
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        bool seen[16] = {false};
        assert_true(m->state_count <= 16);
        assert_true(m->initial >= 0 && (size_t)m->initial < m->state_count);
        seen[m->initial] = true;
        for (bool grew = true; grew;) {
            grew = false;
            for (size_t i = 0; i < m->row_count; i++)
                if (seen[m->rows[i].from] && !seen[m->rows[i].to]) seen[m->rows[i].to] = grew = true;
        }
        for (size_t s = 0; s < m->state_count; s++)
            if (!seen[s]) fail_msg("%s: %s cannot be reached from %s", m->name, m->state_names[s],
                                   m->state_names[m->initial]);
    }
}

/* Names, labels and seeds are there for every state and every row. */
static void test_names_labels_seeds(void **state) {
    (void)state;
    static const size_t counts[RF_MACHINE_COUNT] = {RF_TRADE_STATE_COUNT, RF_REFUND_STATE_COUNT,
                                                    RF_EXCHANGE_STATE_COUNT, RF_INTERVENTION_STATE_COUNT,
                                                    RF_COMPLAINT_STATE_COUNT};
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        assert_int_equal(m->id, id);
        assert_string_equal(m->name, spec_machines[id].name);
        assert_int_equal(m->state_count, counts[id]);
        assert_string_equal(m->state_names[m->initial], spec_machines[id].initial);
        for (size_t s = 0; s < m->state_count; s++) {
            assert_non_null(m->state_names[s]);
            assert_non_null(m->state_labels[s]);
            assert_non_null(m->state_seeds[s]);
            assert_true(m->state_names[s][0] && m->state_labels[s][0] && m->state_seeds[s][0]);
            assert_ptr_equal(rf_state_name(m->id, (int)s), m->state_names[s]);
            assert_ptr_equal(rf_state_label(m->id, (int)s), m->state_labels[s]);
            for (size_t t = 0; t < s; t++) assert_string_not_equal(m->state_names[s], m->state_names[t]);
        }
        assert_null(rf_state_name(m->id, (int)m->state_count));
        assert_null(rf_state_name(m->id, -1));
        assert_null(rf_state_label(m->id, (int)m->state_count));
        for (size_t i = 0; i < m->row_count; i++) {
            const rf_transition *r = &m->rows[i];
            if (!r->seed || !r->seed[0]) fail_msg("%s row %zu has no seed", m->name, i);
            assert_non_null(rf_guard_name(r->guard));
        }
    }
    assert_null(rf_state_name(RF_MACHINE_COUNT, 0));
    assert_null(rf_guard_name(RF_GUARD_COUNT));
}

static void test_lookup(void **state) {
    (void)state;
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        assert_ptr_equal(rf_machine_lookup(spec_machines[id].name), m);
    }
    assert_null(rf_machine_lookup("refunds"));
    assert_null(rf_machine_lookup(""));
    assert_null(rf_machine_lookup(NULL));
    assert_null(rf_machine_get(RF_MACHINE_COUNT));
    assert_null(rf_machine_get((rf_machine_id)-1));
}

/* Rows are well formed, and no two rows could both decide one step: rows
 * sharing (from, event) and an actor carry complementary guards. */
static void test_rows_well_formed(void **state) {
    (void)state;
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        assert_true(m->row_count > 0);
        for (size_t i = 0; i < m->row_count; i++) {
            const rf_transition *r = &m->rows[i];
            assert_true(r->from >= 0 && (size_t)r->from < m->state_count);
            assert_true(r->to >= 0 && (size_t)r->to < m->state_count);
            assert_true((unsigned)r->event < RF_EV_COUNT);
            assert_true((unsigned)r->guard < RF_GUARD_COUNT);
            assert_true(r->actors != 0 && (r->actors >> RF_ACTOR_COUNT) == 0);
            for (size_t j = 0; j < i; j++) {
                const rf_transition *o = &m->rows[j];
                if (o->from != r->from || o->event != r->event || !(o->actors & r->actors)) continue;
                /* goods_back is read before the plain agreement: first match wins. */
                bool pair = (o->guard == RF_GUARD_GOODS_BACK && (r->guard == RF_GUARD_RETURN_REFUND || r->guard == RF_GUARD_NONE)) ||
                            (o->guard == RF_GUARD_REFUND_ONLY && r->guard == RF_GUARD_GOODS_BACK) ||
                            (o->guard == RF_GUARD_REFUND_ONLY && r->guard == RF_GUARD_RETURN_REFUND) ||
                            (o->guard == RF_GUARD_RETURN_REFUND && r->guard == RF_GUARD_REFUND_ONLY) ||
                            (o->guard == RF_GUARD_FOR_BUYER && r->guard == RF_GUARD_FOR_SELLER) ||
                            (o->guard == RF_GUARD_FOR_SELLER && r->guard == RF_GUARD_FOR_BUYER);
                if (!pair) fail_msg("%s: rows %zu and %zu both decide %s -%s->", m->name, j, i,
                                    m->state_names[r->from], ename(r->event));
            }
        }
    }
}

/* Every row of the tables is one the rules list (same guard, same target,
 * actors among the listed ones), and every listed rule is in the tables. */
static void test_rows_match_spec(void **state) {
    (void)state;
    size_t n = 0;
    for (int id = 0; id < RF_MACHINE_COUNT; id++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)id);
        for (size_t i = 0; i < m->row_count; i++, n++) {
            const rf_transition *r = &m->rows[i];
            bool found = false;
            for (size_t k = 0; k < SPEC_COUNT && !found; k++)
                found = rows[k].machine == m->id && rows[k].from == r->from && rows[k].event == r->event &&
                        rows[k].to == r->to && !strcmp(rows[k].guard, rf_guard_name(r->guard)) &&
                        (r->actors & ~rows[k].actors) == 0;
            if (!found) fail_msg("%s: row %s -%s[%s]-> %s is not in RULES.md section 2", m->name,
                                 m->state_names[r->from], ename(r->event), rf_guard_name(r->guard),
                                 m->state_names[r->to]);
        }
    }
    for (size_t k = 0; k < SPEC_COUNT; k++) {
        const rf_machine *m = rf_machine_get(rows[k].machine);
        unsigned actors = 0;
        for (size_t i = 0; i < m->row_count; i++) {
            const rf_transition *r = &m->rows[i];
            if (r->from == rows[k].from && r->event == rows[k].event && r->to == rows[k].to &&
                !strcmp(rows[k].guard, rf_guard_name(r->guard)))
                actors |= r->actors;
        }
        if (actors != rows[k].actors) fail_msg("%s: \"%s\" is not in the table", m->name, rows[k].text);
    }
    assert_int_equal(n, SPEC_COUNT);
}

/* Out-of-range input: never allowed, never a crash. */
static void test_bad_input(void **state) {
    (void)state;
    rf_step st;
    rf_facts f = fact_variant(FACT_VARIANTS - 1);
    rf_machine_step(NULL, 0, RF_EV_PAID, RF_ACTOR_BUYER, &f, &st);
    assert_false(st.allowed);
    assert_int_equal(st.refusal, RF_FINDING_ILLEGAL_TRANSITION);
    const rf_machine *t = rf_machine_get(TRADE);
    int s = state_index(TRADE, "WAIT_BUYER_PAY", strlen("WAIT_BUYER_PAY"));
    rf_machine_step(t, s, RF_EV_PAID, RF_ACTOR_COUNT, &f, &st);
    assert_false(st.allowed);
    assert_int_equal(st.refusal, RF_FINDING_WRONG_ACTOR);
    rf_machine_step(t, s, RF_EV_PAID, (rf_actor)-1, &f, &st);
    assert_false(st.allowed);
    assert_int_equal(st.refusal, RF_FINDING_WRONG_ACTOR);
    rf_machine_step(t, (int)t->state_count, RF_EV_PAID, RF_ACTOR_BUYER, &f, &st);
    assert_false(st.allowed);
    assert_int_equal(st.refusal, RF_FINDING_ILLEGAL_TRANSITION);
    rf_machine_step(t, s, RF_EV_COUNT, RF_ACTOR_BUYER, &f, &st);
    assert_false(st.allowed);
    assert_int_equal(st.refusal, RF_FINDING_ILLEGAL_TRANSITION);
}

/* Walking the rule tables (lib/rules.c): every waiting state of every
 * machine (neither its start nor absorbing) has a deadline row for a party
 * who must act there, or a row that says why no clock runs; every clock
 * row reads a policy value and cites a seed; a row whose expiry fires an
 * event names a party that may act in that state. */
static void test_waiting_states_have_deadline_rows(void **state) {
    (void)state;
    size_t walked = 0;
    for (int mid = 0; mid < RF_MACHINE_COUNT; mid++) {
        const rf_machine *m = rf_machine_get((rf_machine_id)mid);
        for (size_t st = 0; st < m->state_count; st++) {
            if ((int)st == m->initial || m->terminal[st]) continue;
            /* The trade's own waiting states, and each request and complaint state. */
            unsigned acting = 0;
            for (size_t i = 0; i < m->row_count; i++)
                if (m->rows[i].from == (int)st) acting |= m->rows[i].actors & ~(1u << RF_ACTOR_SYSTEM);
            bool covered = false;
            for (size_t i = 0; i < rf__deadline_rule_count; i++) {
                const rf__deadline_rule *r = &rf__deadline_rules[i];
                if (r->machine != (rf_machine_id)mid || r->state != (int)st) continue;
                covered = true;
                assert_non_null(r->seed);
                if (r->why_not) {
                    assert_true(strlen(r->why_not) > 20);
                    /* zh text (refund rules --lang zh) needs the reason in Chinese. */
                    assert_non_null(r->why_not_zh);
                    assert_true(strlen(r->why_not_zh) > 6);
                    continue;
                }
                /* Every deadline has a label in both languages (rules.c). */
                if (!strcmp(rf__deadline_label(r->id, true), r->id) || !strcmp(rf__deadline_label(r->id, false), r->id))
                    fail_msg("deadline %s has no zh or en label in rules.c", r->id);
                if (r->machine != RF_MACHINE_COMPLAINT) {
                    assert_non_null(r->policy_key);
                    assert_true(r->policy_offset % sizeof(int64_t) == 0);
                }
                if (r->on_expiry >= 0 && !(acting & (1u << r->actor)))
                    fail_msg("%s %s: deadline %s is for %s, who cannot act there", m->name, m->state_names[st], r->id,
                             rf_enum_name(RF_ENUM_ACTOR, (int)r->actor));
            }
            /* TRADE_FINISHED waits for nothing; the trade's paid states are
             * covered; a state nobody waits in would need a row saying so. */
            if (!covered && !(mid == RF_MACHINE_TRADE && st == RF_TRADE_NO_CREATE_PAY))
                fail_msg("%s %s waits with no deadline row and no row saying why", m->name, m->state_names[st]);
            walked++;
        }
    }
    /* The rows of one state stand together, so the table reads state by
     * state. */
    for (size_t i = 0; i < rf__deadline_rule_count; i++)
        for (size_t j = i + 2; j < rf__deadline_rule_count; j++) {
            const rf__deadline_rule *a = &rf__deadline_rules[i], *b = &rf__deadline_rules[j];
            if (a->machine == b->machine && a->state == b->state && (rf__deadline_rules[j - 1].machine != a->machine ||
                                                                     rf__deadline_rules[j - 1].state != a->state))
                fail_msg("deadline rows %zu and %zu share a state but do not stand together", i, j);
        }
    print_message("rules: %zu waiting states walked, %zu deadline rows\n", walked, rf__deadline_rule_count);
    assert_true(walked >= 15);
}

/* What `refund rules --lang zh` reads besides the rows: a zh text for every
 * guard, policy value, when and clock (issue 15). */
static void test_zh_tables(void **state) {
    (void)state;
    for (int g = 1; g < RF_GUARD_COUNT; g++)
        if (!*rf__guard_label_zh((rf_guard)g)) fail_msg("guard %s has no zh label", rf_guard_name((rf_guard)g));
    for (int k = 0; k < RF_POLICY_COUNT; k++)
        if (!*rf__policy_label_zh((rf_policy_key)k)) fail_msg("policy value %d has no zh description", k);
    for (int w = 0; w < RF__WHEN_COUNT; w++) assert_true(strlen(rf__when_text_zh((rf__when)w)) > 0);
    for (int c = 0; c < RF__CLOCK_COUNT; c++) assert_true(strlen(rf__clock_text_zh((rf__clock)c)) > 0);
    for (size_t i = 0; i < rf__cascade_count; i++) assert_non_null(rf__cascades[i].what_zh);
    assert_string_equal(rf__policy_unit_zh("days"), "天");
    assert_string_equal(rf__policy_unit_zh("hours"), "小时");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_triple),
        cmocka_unit_test(test_indexed_step_equals_scan),
        cmocka_unit_test(test_deadline_index_lists_the_rows),
        cmocka_unit_test(test_waiting_states_have_deadline_rows),
        cmocka_unit_test(test_guard_kind),
        cmocka_unit_test(test_guard_may_refuse),
        cmocka_unit_test(test_guard_postage),
        cmocka_unit_test(test_guard_ruling),
        cmocka_unit_test(test_guard_refund_open),
        cmocka_unit_test(test_guard_trade_paid),
        cmocka_unit_test(test_guard_complaint),
        cmocka_unit_test(test_terminal_absorb),
        cmocka_unit_test(test_reachable),
        cmocka_unit_test(test_names_labels_seeds),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_rows_well_formed),
        cmocka_unit_test(test_rows_match_spec),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_zh_tables),
    };
    return cmocka_run_group_tests(tests, setup_spec, NULL);
}
