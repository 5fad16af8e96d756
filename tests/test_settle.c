/*
 * Settlement (lib/settle.c): a table of cases whose expected amounts were
 * worked out by hand, one cmocka test per row. The table covers every
 * channel x rule x kind (checked by test_matrix_covered), the half-up
 * rounding of every deduction line, first-match-wins, requested vs allowed,
 * the policy override, the range limits and the remedies. The rows named
 * "docs#N" are the worked examples of docs/settlement.md.
 *
 * Amounts are in fen (1 yuan = 100 fen); a comment gives the arithmetic
 * wherever a rate is involved.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h"

typedef struct line {
    const char *id;               /* NULL ends the list */
    rf_fen amount, commission, points;
} line;

typedef struct policy_override {
    bool on;                      /* false: the built-in policy (ctx NULL) */
    int64_t commission_bp, points_bp, invoice_tax_bp;
} policy_override;

typedef struct row {
    const char *name;
    /* ---- input ---- */
    const char *channel, *kind, *reason;
    const char *goods;            /* NULL: resellable */
    bool after_success, free_shipping;
    rf_fen item, ship, seller_cost;
    const char *insurance;        /* NULL: none */
    bool invoice_issued, invoice_returned;
    bool has_amount;
    rf_fen amount;
    rf_fen return_postage;
    bool note_made;
    policy_override pol;
    /* ---- expected ---- */
    rf_status status;             /* RF_OK unless given */
    const char *err_field;        /* status != RF_OK: the field named */
    const char *rule;             /* "Q", "S", "F", "N" */
    bool ineligible;
    rf_fen base, allowed, refund, back; /* back: postage_refunded */
    line ded[RF_DED_COUNT];
    const char *ret, *exch, *ins; /* return / exchange postage payer, insurance */
    rf_fen link, cap;             /* payment_link, partial_cap */
    bool cap_unknown;             /* partial_cap_unknown */
    const char *remedy;           /* NULL: "none" */
    const char *reship;           /* missing items: reship_postage_payer */
    bool agent;                   /* reship_by_agent */
} row;

#define MAX RF_FEN_MAX

static const row rows[] = {
    /* ================= Rule Q: seller-side fault, all channels x kinds =====
     * Order: item 88.00, postage paid 10.00, seller paid 10.00 outbound. */
    {"Q c_store refund_only quality: goods + postage back, no return postage",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .insurance = "seller",
     .return_postage = 1200, /* nothing went back: not reimbursed */
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"docs#4 Q c_store return_refund quality: return postage inside the refund",
     .channel = "c_store", .kind = "return_refund", .reason = "quality",
     .item = 8800, .ship = 1000, .return_postage = 1200,
     /* 88.00 + 10.00 + 12.00 */
     .rule = "Q", .base = 8800, .allowed = 11000, .refund = 11000, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q c_store exchange quality: seller's insurance pays",
     .channel = "c_store", .kind = "exchange", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .insurance = "seller",
     .return_postage = 1200,
     .rule = "Q", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "seller", .ins = "seller"},
    {"Q mall refund_only damaged: no return, no payment link, claim the carrier",
     .channel = "mall", .kind = "refund_only", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .return_postage = 1200,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},
    {"docs#5 Q mall return_refund quality: return postage by payment link",
     .channel = "mall", .kind = "return_refund", .reason = "quality",
     .item = 8800, .ship = 1000, .return_postage = 1200,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .link = 1200},
    {"Q mall exchange quality: payment link, no insurance on mall",
     .channel = "mall", .kind = "exchange", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .insurance = "seller",
     .return_postage = 1200,
     .rule = "Q", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "seller", .ins = "none", .link = 1200},
    {"Q mt refund_only not_received",
     .channel = "mt", .kind = "refund_only", .reason = "not_received",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q mt return_refund not_as_described",
     .channel = "mt", .kind = "return_refund", .reason = "not_as_described",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .return_postage = 1500,
     /* 88.00 + 10.00 + 15.00 */
     .rule = "Q", .base = 8800, .allowed = 11300, .refund = 11300, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q mt exchange damaged: buyer's insurance is not the seller's",
     .channel = "mt", .kind = "exchange", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .insurance = "buyer",
     .rule = "Q", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},

    /* ================= Rule S: after the trade finished =====================
     * no_reason, after_success; item 88.00, postage paid 10.00. */
    {"S c_store refund_only: no deduction",
     .channel = "c_store", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 8800, .ship = 1000, .seller_cost = 1000,
     .invoice_issued = true,
     .rule = "S", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S c_store return_refund asks 80.00 < allowed",
     .channel = "c_store", .kind = "return_refund", .reason = "no_reason",
     .after_success = true, .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 8000,
     .rule = "S", .base = 8800, .allowed = 8800, .refund = 8000,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S c_store exchange",
     .channel = "c_store", .kind = "exchange", .reason = "no_reason",
     .after_success = true, .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "S", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall refund_only 88.00: handling 4.84",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 8800, .ship = 1000, .seller_cost = 1000,
     /* 8800 x 5.5 % = 484.0; 8800 x 5 % = 440.0; points 44 */
     .rule = "S", .base = 8800, .allowed = 8316, .refund = 8316,
     .ded = {{"handling_fee", 484, 440, 44}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"docs#2 S mall return_refund 99.99: handling 5.50 = 5.00 + 0.50",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason",
     .after_success = true, .item = 9999,
     /* 9999 x 5.5 % = 549.945 -> 550; 9999 x 5 % = 499.95 -> 500; points 50 */
     .rule = "S", .base = 9999, .allowed = 9449, .refund = 9449,
     .ded = {{"handling_fee", 550, 500, 50}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall exchange: invoice not returned, still nothing deducted",
     .channel = "mall", .kind = "exchange", .reason = "no_reason",
     .after_success = true, .item = 8800, .ship = 1000, .seller_cost = 1000,
     .invoice_issued = true,
     .rule = "S", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mt refund_only part 50.00",
     .channel = "mt", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 5000,
     .rule = "S", .base = 5000, .allowed = 5000, .refund = 5000,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mt return_refund reason other",
     .channel = "mt", .kind = "return_refund", .reason = "other",
     .after_success = true, .item = 8800, .ship = 1000, .seller_cost = 1000,
     .insurance = "buyer",
     .rule = "S", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mt exchange",
     .channel = "mt", .kind = "exchange", .reason = "no_reason",
     .after_success = true, .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "S", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},

    /* ================= Rule F: free-shipping item ===========================
     * no_reason; item 88.00, postage paid 0, seller paid 8.00 outbound. */
    {"F c_store refund_only: outbound postage deducted, buyer's insurance",
     .channel = "c_store", .kind = "refund_only", .reason = "no_reason",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .insurance = "buyer",
     .rule = "F", .base = 8800, .allowed = 8000, .refund = 8000,
     .ded = {{"outbound_postage", 800, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "buyer"},
    {"docs#1 F c_store return_refund asks 80.00 (FORMAT.md example)",
     .channel = "c_store", .kind = "return_refund", .reason = "no_reason",
     .free_shipping = true, .item = 8800, .seller_cost = 800,
     .insurance = "buyer", .has_amount = true, .amount = 8000,
     .rule = "F", .base = 8800, .allowed = 8000, .refund = 8000,
     .ded = {{"outbound_postage", 800, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "buyer"},
    {"F c_store exchange: buyer pays, insurance not used",
     .channel = "c_store", .kind = "exchange", .reason = "no_reason",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .insurance = "buyer",
     .rule = "F", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"F mall refund_only: seller bears the postage",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .insurance = "buyer",
     .rule = "F", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "seller", .exch = "buyer", .ins = "none"},
    {"F mall return_refund asks 90.00 > allowed 88.00",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .has_amount = true, .amount = 9000,
     .rule = "F", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "seller", .exch = "buyer", .ins = "none"},
    {"F mall exchange: buyer pays postage",
     .channel = "mall", .kind = "exchange", .reason = "no_reason",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .rule = "F", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"F mt refund_only part 5.00 < postage 8.00: deduction capped at base",
     .channel = "mt", .kind = "refund_only", .reason = "no_reason",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .insurance = "seller", .has_amount = true, .amount = 500,
     .rule = "F", .base = 500, .allowed = 0, .refund = 0,
     .ded = {{"outbound_postage", 500, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"F mt return_refund reason other, no insurance",
     .channel = "mt", .kind = "return_refund", .reason = "other",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .rule = "F", .base = 8800, .allowed = 8000, .refund = 8000,
     .ded = {{"outbound_postage", 800, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"F mt exchange",
     .channel = "mt", .kind = "exchange", .reason = "no_reason",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .rule = "F", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},

    /* ================= Rule N: no reason =====================================
     * item 88.00, postage paid 10.00 (not refunded). */
    {"N c_store refund_only: postage not refunded",
     .channel = "c_store", .kind = "refund_only", .reason = "no_reason",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .insurance = "buyer",
     .rule = "N", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"N c_store return_refund asks 30.00 < allowed",
     .channel = "c_store", .kind = "return_refund", .reason = "no_reason",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 3000,
     .rule = "N", .base = 8800, .allowed = 8800, .refund = 3000,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"N c_store exchange",
     .channel = "c_store", .kind = "exchange", .reason = "no_reason",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "N", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"N mall refund_only: no mall fee before success",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "N", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"N mall return_refund reason other, invoice kept: no deduction",
     .channel = "mall", .kind = "return_refund", .reason = "other",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .invoice_issued = true,
     .rule = "N", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"N mall exchange",
     .channel = "mall", .kind = "exchange", .reason = "no_reason",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "N", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"N mt refund_only asks 0.00",
     .channel = "mt", .kind = "refund_only", .reason = "no_reason",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 0,
     .rule = "N", .base = 0, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"docs#9 N mt return_refund: buyer pays postage both ways",
     .channel = "mt", .kind = "return_refund", .reason = "no_reason",
     .item = 8800, .ship = 1000, .return_postage = 1200,
     .rule = "N", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"N mt exchange",
     .channel = "mt", .kind = "exchange", .reason = "no_reason",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "N", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none"},

    /* ================= Not resellable (000:628, 656) ========================= */
    {"docs#7 N c_store return_refund no_reason not resellable: goodwill",
     .channel = "c_store", .kind = "return_refund", .reason = "no_reason",
     .goods = "not_resellable", .item = 8800, .ship = 1000,
     .rule = "N", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"N mall exchange no_reason not resellable",
     .channel = "mall", .kind = "exchange", .reason = "no_reason",
     .goods = "not_resellable", .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "N", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"N mt refund_only 20.00 no_reason not resellable",
     .channel = "mt", .kind = "refund_only", .reason = "no_reason",
     .goods = "not_resellable", .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 2000,
     .rule = "N", .ineligible = true, .base = 2000, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    /* `other` is not the seller's or the carrier's fault either, so the
     * resale precondition binds it as it binds `no_reason` (RULES.md 3;
     * 000:612, 628, 728): not eligible, nothing allowed, goodwill (000:656).
     * Rule Q never sees `other`; these rows cover N, F and S. */
    {"N c_store return_refund other, not resellable: not eligible, goodwill",
     .channel = "c_store", .kind = "return_refund", .reason = "other",
     .goods = "not_resellable", .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "N", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"docs#13 N mall return_refund other, not resellable: goodwill",
     .channel = "mall", .kind = "return_refund", .reason = "other",
     .goods = "not_resellable", .item = 8800, .ship = 1000,
     .rule = "N", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"N mall refund_only 20.00 other, not resellable: not eligible",
     .channel = "mall", .kind = "refund_only", .reason = "other",
     .goods = "not_resellable", .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 2000,
     /* base is the part asked for; the rule allows none of it */
     .rule = "N", .ineligible = true, .base = 2000, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"N mt exchange other, not resellable: not eligible",
     .channel = "mt", .kind = "exchange", .reason = "other",
     .goods = "not_resellable", .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "N", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"F c_store refund_only other, not resellable: no deduction, no insurance",
     .channel = "c_store", .kind = "refund_only", .reason = "other",
     .goods = "not_resellable", .free_shipping = true,
     .item = 8800, .ship = 0, .seller_cost = 800, .insurance = "buyer",
     /* resellable it would be 88.00 - 8.00 = 80.00 with the buyer's
      * insurance; worn, nothing is refunded, so nothing is deducted or claimed */
     .rule = "F", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"F mall return_refund other, not resellable: not eligible",
     .channel = "mall", .kind = "return_refund", .reason = "other",
     .goods = "not_resellable", .free_shipping = true,
     .item = 8800, .ship = 0, .seller_cost = 800,
     /* rule F on mall still names the seller for the return postage */
     .rule = "F", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"S mall refund_only other, not resellable: no handling fee, nothing allowed",
     .channel = "mall", .kind = "refund_only", .reason = "other",
     .goods = "not_resellable", .after_success = true,
     .item = 8800, .ship = 1000, .seller_cost = 1000, .invoice_issued = true,
     /* resellable it would be 88.00 - 4.84 - 14.96; worn, no line at all */
     .rule = "S", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"S c_store exchange other, not resellable: not eligible",
     .channel = "c_store", .kind = "exchange", .reason = "other",
     .goods = "not_resellable", .after_success = true,
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "S", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"N c_store return_refund other, resellable: eligible",
     .channel = "c_store", .kind = "return_refund", .reason = "other",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "N", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"Q quality, not resellable: eligible",
     .channel = "c_store", .kind = "return_refund", .reason = "quality",
     .goods = "not_resellable", .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    /* The resale precondition stands over the whole table (000:728): a
     * no-reason return of worn goods is not eligible under F or S either. */
    {"F no_reason not resellable: not eligible either",
     .channel = "c_store", .kind = "return_refund", .reason = "no_reason",
     .goods = "not_resellable", .free_shipping = true,
     .item = 8800, .ship = 0, .seller_cost = 800,
     .rule = "F", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},
    {"S mall no_reason not resellable: not eligible, nothing deducted",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason", .after_success = true,
     .goods = "not_resellable", .item = 8800, .ship = 0,
     .rule = "S", .ineligible = true, .base = 8800, .allowed = 0, .refund = 0,
     .ret = "buyer", .exch = "buyer", .ins = "none", .remedy = "goodwill"},

    /* ================= Rounding: half up, once per line ===================== */
    {"docs#3 S mall refund_only 10.01, invoice not returned: 1.70",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 1001, .invoice_issued = true,
     /* 1001 x 5.5 % = 55.055 -> 55; x 5 % = 50.05 -> 50; points 5;
      * 1001 x 17 % = 170.17 -> 170; 1001 - 55 - 170 = 776 */
     .rule = "S", .base = 1001, .allowed = 776, .refund = 776,
     .ded = {{"handling_fee", 55, 50, 5}, {"invoice_tax", 170, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"docs#11 S mall refund_only 0.10: 5 % is exactly 0.5 fen -> 1",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 10,
     /* 10 x 5.5 % = 0.55 -> 1; 10 x 5 % = 0.5 -> 1; points 0 */
     .rule = "S", .base = 10, .allowed = 9, .refund = 9,
     .ded = {{"handling_fee", 1, 1, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall return_refund 1.00: the 5.5 % line is exactly 5.5 fen -> 6",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason",
     .after_success = true, .item = 100,
     /* 100 x 5.5 % = 5.5 -> 6; 100 x 5 % = 5 exactly; points 1 */
     .rule = "S", .base = 100, .allowed = 94, .refund = 94,
     .ded = {{"handling_fee", 6, 5, 1}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall refund_only 0.50, invoice: 17 % is exactly 8.5 fen -> 9",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 50, .invoice_issued = true,
     /* 50 x 5.5 % = 2.75 -> 3; 50 x 5 % = 2.5 -> 3; points 0;
      * 50 x 17 % = 8.5 -> 9; 50 - 3 - 9 = 38 */
     .rule = "S", .base = 50, .allowed = 38, .refund = 38,
     .ded = {{"handling_fee", 3, 3, 0}, {"invoice_tax", 9, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall refund_only 0.09: 0.495 fen rounds down to 0",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 9,
     /* 9 x 5.5 % = 0.495 -> 0; 9 x 5 % = 0.45 -> 0 */
     .rule = "S", .base = 9, .allowed = 9, .refund = 9,
     .ded = {{"handling_fee", 0, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall refund_only part 50.00 of 88.00: fee on the part",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 8800, .has_amount = true, .amount = 5000,
     /* 5000 x 5.5 % = 275; x 5 % = 250; the buyer asked 50.00 > 47.25 */
     .rule = "S", .base = 5000, .allowed = 4725, .refund = 4725,
     .ded = {{"handling_fee", 275, 250, 25}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall return_refund asks 40.00 < allowed 83.16",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason",
     .after_success = true, .item = 8800, .has_amount = true, .amount = 4000,
     .rule = "S", .base = 8800, .allowed = 8316, .refund = 4000,
     .ded = {{"handling_fee", 484, 440, 44}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall return_refund 100.00, invoice returned: no tax line",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason",
     .after_success = true, .item = 10000, .invoice_issued = true,
     .invoice_returned = true,
     .rule = "S", .base = 10000, .allowed = 9450, .refund = 9450,
     .ded = {{"handling_fee", 550, 500, 50}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall return_refund 100.00, invoice not returned: 17 %",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason",
     .after_success = true, .item = 10000, .invoice_issued = true,
     .rule = "S", .base = 10000, .allowed = 7750, .refund = 7750,
     .ded = {{"handling_fee", 550, 500, 50}, {"invoice_tax", 1700, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"docs#8 policy invoice_tax_bp 1300: 13.00 instead of 17.00",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason",
     .after_success = true, .item = 10000, .invoice_issued = true,
     .pol = {true, 500, 50, 1300},
     .rule = "S", .base = 10000, .allowed = 8150, .refund = 8150,
     .ded = {{"handling_fee", 550, 500, 50}, {"invoice_tax", 1300, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"policy 6 % + 1 % and 100 % tax: deductions exceed the goods -> 0",
     .channel = "mall", .kind = "return_refund", .reason = "no_reason",
     .after_success = true, .item = 10000, .invoice_issued = true,
     .pol = {true, 600, 100, 10000},
     /* 700 + 10000 > 10000: the refund stops at zero */
     .rule = "S", .base = 10000, .allowed = 0, .refund = 0,
     .ded = {{"handling_fee", 700, 600, 100}, {"invoice_tax", 10000, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},

    /* ================= First match wins ====================================== */
    {"Q beats S and F: quality after success on a free-shipping mall item",
     .channel = "mall", .kind = "return_refund", .reason = "quality",
     .after_success = true, .free_shipping = true,
     .item = 8800, .ship = 0, .seller_cost = 800, .invoice_issued = true,
     .return_postage = 1000,
     .rule = "Q", .base = 8800, .allowed = 8800, .refund = 8800, .back = 0,
     .ret = "seller", .exch = "seller", .ins = "none", .link = 1000},
    {"Q beats S and F: c_store exchange, seller's insurance",
     .channel = "c_store", .kind = "exchange", .reason = "quality",
     .after_success = true, .free_shipping = true,
     .item = 8800, .ship = 0, .seller_cost = 800, .insurance = "seller",
     .rule = "Q", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "seller", .ins = "seller"},
    {"S beats F: no_reason after success on a free-shipping item",
     .channel = "c_store", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .free_shipping = true,
     .item = 8800, .ship = 0, .seller_cost = 800, .insurance = "buyer",
     .rule = "S", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"F beats N: reason other on a free-shipping item",
     .channel = "c_store", .kind = "refund_only", .reason = "other",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .rule = "F", .base = 8800, .allowed = 8000, .refund = 8000,
     .ded = {{"outbound_postage", 800, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},

    /* ================= Requested vs allowed ================================== */
    {"Q c_store refund_only asks 200.00: refund = allowed 98.00",
     .channel = "c_store", .kind = "refund_only", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 20000,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},
    {"Q c_store return_refund asks 30.00: refund = requested",
     .channel = "c_store", .kind = "return_refund", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 3000,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 3000, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"N negative amount ignored when has_amount is false",
     .channel = "c_store", .kind = "refund_only", .reason = "no_reason",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .amount = -5,
     .rule = "N", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "buyer", .exch = "buyer", .ins = "none"},

    /* ================= Minor quality problem: keep the goods (000:638, 002:58)
     * A partial refund (折价: quality, refund_only, an amount below the item)
     * may not exceed what an exchange would cost the shop. Under rule Q the
     * shop pays both legs, so cap = 2 x seller_shipping_cost + the buyer's
     * recorded return postage (RULES.md 3, rev 2). allowed = min(base, cap),
     * no postage added. With no postage recorded at all the cap is unknown:
     * the request stands and partial_cap_unknown is set. */
    {"docs#6 Q c_store quality refund_only 30.00: capped at an exchange 20.00",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 3000,
     /* cap: 10.00 x 2 = 20.00 < 30.00 asked: the cap binds */
     .rule = "Q", .base = 3000, .allowed = 2000, .refund = 2000, .cap = 2000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"docs#15 Q c_store quality refund_only 30.00: cap 2 x 8.00 + return postage 6.00",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 800, .return_postage = 600,
     .has_amount = true, .amount = 3000,
     /* cap: 8.00 x 2 + 6.00 = 22.00 < 30.00: binds. The shipping fee the
      * buyer paid (10.00) is not what an exchange costs the shop. */
     .rule = "Q", .base = 3000, .allowed = 2200, .refund = 2200, .cap = 2200,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q c_store quality refund_only 15.00: under the cap 20.00",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 1500,
     /* cap 10.00 x 2 = 20.00 > 15.00: does not bind */
     .rule = "Q", .base = 1500, .allowed = 1500, .refund = 1500, .cap = 2000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q free-shipping quality refund_only 30.00: cap from seller postage 8.00",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .free_shipping = true, .item = 8800, .ship = 0, .seller_cost = 800,
     .has_amount = true, .amount = 3000,
     /* 8.00 x 2 = 16.00 */
     .rule = "Q", .base = 3000, .allowed = 1600, .refund = 1600, .cap = 1600,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q mall quality refund_only 25.00: capped at 2 x 10.00",
     .channel = "mall", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 2500,
     /* cap 20.00 < 25.00: binds */
     .rule = "Q", .base = 2500, .allowed = 2000, .refund = 2000, .cap = 2000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q mall quality refund_only 25.00: return postage 12.00 lifts the cap to 32.00",
     .channel = "mall", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .return_postage = 1200,
     .has_amount = true, .amount = 2500,
     /* cap 10.00 x 2 + 12.00 = 32.00 > 25.00: does not bind. No payment
      * link: the goods are kept, the postage only prices the exchange. */
     .rule = "Q", .base = 2500, .allowed = 2500, .refund = 2500, .cap = 3200,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q mall quality refund_only 5.00 under the cap",
     .channel = "mall", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 500,
     .rule = "Q", .base = 500, .allowed = 500, .refund = 500, .cap = 2000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q mt quality refund_only 30.00: only return postage recorded, cap 5.00",
     .channel = "mt", .kind = "refund_only", .reason = "quality",
     .item = 8800, .return_postage = 500,
     .has_amount = true, .amount = 3000,
     /* some postage is recorded, so the cap is known: 0 x 2 + 5.00 */
     .rule = "Q", .base = 3000, .allowed = 500, .refund = 500, .cap = 500,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q c_store quality refund_only 30.00, only the buyer's shipping fee: cap 0.00",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000,
     .has_amount = true, .amount = 3000,
     /* postage is recorded (the 10.00 the buyer paid), so the cap is known,
      * and the shop's own cost of an exchange is 0.00 x 2: nothing */
     .rule = "Q", .base = 3000, .allowed = 0, .refund = 0, .cap = 0,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"docs#16 Q c_store quality refund_only 30.00, no postage recorded: cap unknown",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = 8800,
     .has_amount = true, .amount = 3000,
     /* seller_shipping_cost, shipping_fee and return postage all 0: the
      * request stands, within base 30.00; the cap is not 0 */
     .rule = "Q", .base = 3000, .allowed = 3000, .refund = 3000, .cap = 0,
     .cap_unknown = true,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q mall quality refund_only 87.99, no postage recorded: cap unknown",
     .channel = "mall", .kind = "refund_only", .reason = "quality",
     .free_shipping = true, .after_success = true, .item = 8800,
     .has_amount = true, .amount = 8799,
     /* one fen below the item is still partial */
     .rule = "Q", .base = 8799, .allowed = 8799, .refund = 8799, .cap = 0,
     .cap_unknown = true,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "keep_goods"},
    {"Q mt quality refund_only asks the whole 88.00: not a partial refund",
     .channel = "mt", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 8800,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 8800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q c_store quality refund_only asks 100.00 > item, no postage: not partial",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = 8800,
     .has_amount = true, .amount = 10000,
     /* base = min(100.00, 88.00); allowed 88.00 + 0.00; no cap, no flag */
     .rule = "Q", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q c_store quality refund_only without an amount: the whole, not partial",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q c_store quality return_refund 30.00: the goods come back, no cap",
     .channel = "c_store", .kind = "return_refund", .reason = "quality",
     .item = 8800, .has_amount = true, .amount = 3000,
     /* base 88.00 (goods back); allowed 88.00; refund the 30.00 asked */
     .rule = "Q", .base = 8800, .allowed = 8800, .refund = 3000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q mall missing_items refund_only 50.00: not capped",
     .channel = "mall", .kind = "refund_only", .reason = "missing_items",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .note_made = true,
     .has_amount = true, .amount = 5000,
     /* allowed 50.00 + 10.00 = 60.00 > 2 x 10.00: no cap for missing items */
     .rule = "Q", .base = 5000, .allowed = 6000, .refund = 5000, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "reship_part",
     .reship = "seller", .agent = false},
    {"Q c_store missing_items refund_only 30.00, no postage: no cap, no flag",
     .channel = "c_store", .kind = "refund_only", .reason = "missing_items",
     .item = 8800, .has_amount = true, .amount = 3000,
     .rule = "Q", .base = 3000, .allowed = 3000, .refund = 3000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "reship_part",
     .reship = "seller", .agent = true},
    {"Q mt not_as_described refund_only 30.00: not capped",
     .channel = "mt", .kind = "refund_only", .reason = "not_as_described",
     .item = 8800, .ship = 1000, .seller_cost = 500,
     .has_amount = true, .amount = 3000,
     /* 30.00 + 10.00 back; 2 x 5.00 would have capped a quality 折价 */
     .rule = "Q", .base = 3000, .allowed = 4000, .refund = 3000, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q damaged refund_only 20.00: only `quality` keeps the goods, no cap",
     .channel = "c_store", .kind = "refund_only", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 2000,
     /* 20.00 + 10.00 postage back; the buyer asked 20.00 */
     .rule = "Q", .base = 2000, .allowed = 3000, .refund = 2000, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},

    /* ================= Damaged in transit (000:594-600; 002:56) ==============
     * A parcel the carrier broke is claimed from the carrier like a lost one:
     * rule Q, remedy claim_carrier, every channel x kind. Item 88.00, postage
     * paid 10.00, seller paid 10.00 outbound. */
    {"docs#14 Q c_store damaged return_refund: return postage inside, claim the carrier",
     .channel = "c_store", .kind = "return_refund", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .return_postage = 1200,
     /* 88.00 + 10.00 + 12.00 */
     .rule = "Q", .base = 8800, .allowed = 11000, .refund = 11000, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},
    {"Q c_store damaged exchange: seller's insurance, claim the carrier",
     .channel = "c_store", .kind = "exchange", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .insurance = "seller",
     .rule = "Q", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "seller", .ins = "seller", .remedy = "claim_carrier"},
    {"Q mall damaged return_refund: payment link, claim the carrier",
     .channel = "mall", .kind = "return_refund", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .return_postage = 1200,
     /* 88.00 + 10.00; the 12.00 by payment link */
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .link = 1200,
     .remedy = "claim_carrier"},
    {"Q mall damaged exchange: payment link, claim the carrier",
     .channel = "mall", .kind = "exchange", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .return_postage = 800,
     .rule = "Q", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "seller", .ins = "none", .link = 800,
     .remedy = "claim_carrier"},
    {"Q mt damaged refund_only 40.00: part + postage back, claim the carrier",
     .channel = "mt", .kind = "refund_only", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .has_amount = true, .amount = 4000,
     /* allowed 40.00 + 10.00 = 50.00; the buyer asked 40.00 */
     .rule = "Q", .base = 4000, .allowed = 5000, .refund = 4000, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},
    {"Q mt damaged return_refund: return postage inside, claim the carrier",
     .channel = "mt", .kind = "return_refund", .reason = "damaged",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .return_postage = 1500,
     /* 88.00 + 10.00 + 15.00 */
     .rule = "Q", .base = 8800, .allowed = 11300, .refund = 11300, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},
    {"Q damaged after success on a free-shipping mall item: still Q, claim",
     .channel = "mall", .kind = "refund_only", .reason = "damaged",
     .after_success = true, .free_shipping = true,
     .item = 8800, .ship = 0, .seller_cost = 800, .invoice_issued = true,
     /* no handling fee, no outbound deduction: 88.00 + 0.00 */
     .rule = "Q", .base = 8800, .allowed = 8800, .refund = 8800,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},
    {"Q damaged, not resellable: still eligible (the carrier broke it)",
     .channel = "c_store", .kind = "return_refund", .reason = "damaged",
     .goods = "not_resellable", .item = 8800, .ship = 1000,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},

    /* ================= Lost parcel, missing items (002:56) =================== */
    {"docs#12 Q c_store lost refund_only: full refund, claim the carrier",
     .channel = "c_store", .kind = "refund_only", .reason = "lost",
     .item = 8800, .ship = 1000,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},
    {"Q mall lost exchange (reship)",
     .channel = "mall", .kind = "exchange", .reason = "lost",
     .item = 8800, .ship = 1000, .seller_cost = 1000,
     .rule = "Q", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "claim_carrier"},
    {"docs#10 Q c_store missing_items 15.00, order note not made: agent pays",
     .channel = "c_store", .kind = "refund_only", .reason = "missing_items",
     .item = 8800, .ship = 1000,
     .has_amount = true, .amount = 1500,
     .rule = "Q", .base = 1500, .allowed = 2500, .refund = 1500, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "reship_part",
     .reship = "seller", .agent = true},
    {"Q mt missing_items exchange, note made: the shop pays",
     .channel = "mt", .kind = "exchange", .reason = "missing_items",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .insurance = "seller",
     .note_made = true,
     .rule = "Q", .base = 8800, .allowed = 0, .refund = 0,
     .ret = "seller", .exch = "seller", .ins = "seller", .remedy = "reship_part",
     .reship = "seller", .agent = false},
    {"Q mall missing_items refund_only, note made",
     .channel = "mall", .kind = "refund_only", .reason = "missing_items",
     .item = 8800, .ship = 1000, .seller_cost = 1000, .note_made = true,
     .rule = "Q", .base = 8800, .allowed = 9800, .refund = 9800, .back = 1000,
     .ret = "seller", .exch = "seller", .ins = "none", .remedy = "reship_part",
     .reship = "seller", .agent = false},

    /* ================= Range: near RF_FEN_MAX, never UB ====================== */
    {"S mall refund_only 99999999999.99: 5.5 % without overflow",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = MAX,
     /* 9999999999999 x 550 = 5499999999999450, +5000, /10000 = 550000000000;
      * x 500 -> 500000000000; points 50000000000 */
     .rule = "S", .base = MAX, .allowed = 9449999999999, .refund = 9449999999999,
     .ded = {{"handling_fee", 550000000000, 500000000000, 50000000000}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"S mall refund_only 99999999999.99 with the invoice line",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = MAX, .invoice_issued = true,
     /* x 1700 = 16999999999998300, +5000, /10000 = 1700000000000 */
     .rule = "S", .base = MAX, .allowed = 7749999999999, .refund = 7749999999999,
     .ded = {{"handling_fee", 550000000000, 500000000000, 50000000000},
             {"invoice_tax", 1700000000000, 0, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"policy 100 % commission on the largest amount",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = MAX, .pol = {true, 10000, 0, 1700},
     .rule = "S", .base = MAX, .allowed = 0, .refund = 0,
     .ded = {{"handling_fee", MAX, MAX, 0}},
     .ret = "buyer", .exch = "buyer", .ins = "none"},
    {"Q return_refund of the largest amount, no postage: exactly the limit",
     .channel = "c_store", .kind = "return_refund", .reason = "quality",
     .item = MAX,
     .rule = "Q", .base = MAX, .allowed = MAX, .refund = MAX,
     .ret = "seller", .exch = "seller", .ins = "none"},
    {"Q largest amount + 0.01 postage: total out of range",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .item = MAX, .ship = 1, .status = RF_E_RANGE, .err_field = "refund"},
    {"Q largest amount - 0.01 + return postage 0.02: out of range",
     .channel = "mt", .kind = "return_refund", .reason = "damaged",
     .item = MAX - 1, .return_postage = 2, .status = RF_E_RANGE,
     .err_field = "refund"},
    {"minor quality: exchange cost of the largest postage is out of range",
     .channel = "c_store", .kind = "refund_only", .reason = "quality",
     .free_shipping = true, .item = 8800, .seller_cost = MAX,
     .has_amount = true, .amount = 100,
     .status = RF_E_RANGE, .err_field = "partial_cap"},
    {"minor quality: 2 x postage fits, + return postage 0.02 does not",
     .channel = "mall", .kind = "refund_only", .reason = "quality",
     .item = 8800, .seller_cost = MAX / 2, .return_postage = 2,
     /* 4999999999999 x 2 = 9999999999998, + 2 > 9999999999999 */
     .has_amount = true, .amount = 100,
     .status = RF_E_RANGE, .err_field = "partial_cap"},
    {"item above the largest amount",
     .channel = "c_store", .kind = "refund_only", .reason = "no_reason",
     .item = MAX + 1, .status = RF_E_RANGE, .err_field = "order.item_amount"},
    {"item INT64_MAX",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = INT64_MAX, .status = RF_E_RANGE,
     .err_field = "order.item_amount"},
    {"requested INT64_MAX",
     .channel = "mall", .kind = "refund_only", .reason = "no_reason",
     .after_success = true, .item = 8800, .has_amount = true,
     .amount = INT64_MAX, .status = RF_E_RANGE, .err_field = "amount"},
    {"return postage INT64_MAX",
     .channel = "c_store", .kind = "return_refund", .reason = "quality",
     .item = 8800, .return_postage = INT64_MAX, .status = RF_E_RANGE,
     .err_field = "return_postage"},
    {"postage paid INT64_MAX",
     .channel = "c_store", .kind = "return_refund", .reason = "quality",
     .item = 8800, .ship = INT64_MAX, .status = RF_E_RANGE,
     .err_field = "order.shipping_fee"},

    /* ================= Invalid input ========================================== */
    {"negative item", .channel = "c_store", .kind = "refund_only",
     .reason = "no_reason", .item = -1, .status = RF_E_INVALID,
     .err_field = "order.item_amount"},
    {"negative postage paid", .channel = "c_store", .kind = "refund_only",
     .reason = "no_reason", .item = 100, .ship = -1, .status = RF_E_INVALID,
     .err_field = "order.shipping_fee"},
    {"negative seller postage", .channel = "c_store", .kind = "refund_only",
     .reason = "no_reason", .item = 100, .seller_cost = INT64_MIN,
     .status = RF_E_INVALID, .err_field = "order.seller_shipping_cost"},
    {"negative requested amount", .channel = "c_store", .kind = "refund_only",
     .reason = "no_reason", .item = 100, .has_amount = true, .amount = -1,
     .status = RF_E_INVALID, .err_field = "amount"},
    {"negative return postage", .channel = "mall", .kind = "return_refund",
     .reason = "quality", .item = 100, .return_postage = -1,
     .status = RF_E_INVALID, .err_field = "return_postage"},
    {"policy invoice_tax_bp above 100 %", .channel = "mall",
     .kind = "refund_only", .reason = "no_reason", .after_success = true,
     .item = 100, .pol = {true, 500, 50, 10001}, .status = RF_E_INVALID,
     .err_field = "invoice_tax_bp"},
    {"policy negative commission", .channel = "mall", .kind = "refund_only",
     .reason = "no_reason", .after_success = true, .item = 100,
     .pol = {true, -1, 50, 1700}, .status = RF_E_INVALID,
     .err_field = "mall_commission_bp"},
    {"policy commission + points above 100 %", .channel = "mall",
     .kind = "refund_only", .reason = "no_reason", .after_success = true,
     .item = 100, .pol = {true, 9990, 50, 1700}, .status = RF_E_INVALID,
     .err_field = "mall_points_bp"},
};

#define ROW_COUNT (sizeof rows / sizeof rows[0])

/* ---- running a row ---------------------------------------------------------- */

static int lookup(rf_enum_id which, const char *name) {
    int v = rf_enum_lookup(which, name, strlen(name));
    if (v < 0) fail_msg("unknown name in the table: %s", name);
    return v;
}

static void build(const row *r, rf_order *o, rf_settle_request *q) {
    rf_order_init(o);
    rf_settle_request_init(q);
    assert_non_null(r->channel);
    assert_non_null(r->kind);
    assert_non_null(r->reason);
    o->id = "T1";
    o->channel = (rf_channel)lookup(RF_ENUM_CHANNEL, r->channel);
    o->item_amount = r->item;
    o->shipping_fee = r->ship;
    o->free_shipping = r->free_shipping;
    o->seller_shipping_cost = r->seller_cost;
    o->insurance = (rf_insurance)lookup(RF_ENUM_INSURANCE, r->insurance ? r->insurance : "none");
    o->invoice_issued = r->invoice_issued;
    o->seven_day_return = true;
    o->ship_exempt = RF_EXEMPT_NONE;
    o->delivery = RF_DELIVERY_EXPRESS;
    q->kind = (rf_kind)lookup(RF_ENUM_KIND, r->kind);
    q->reason = (rf_reason)lookup(RF_ENUM_REASON, r->reason);
    q->has_amount = r->has_amount;
    q->amount = r->amount;
    q->goods = (rf_goods)lookup(RF_ENUM_GOODS, r->goods ? r->goods : "resellable");
    q->invoice_returned = r->invoice_returned;
    q->after_success = r->after_success;
    q->return_postage = r->return_postage;
    q->order_note_made = r->note_made;
}

static void apply_policy(const row *r, struct rf_ctx *ctx) {
    memset(ctx, 0, sizeof *ctx);
    rf__policy_defaults(&ctx->policy);
    ctx->policy.mall_commission_bp = r->pol.commission_bp;
    ctx->policy.mall_points_bp = r->pol.points_bp;
    ctx->policy.invoice_tax_bp = r->pol.invoice_tax_bp;
}

static void test_row(void **state) {
    const row *r = &rows[(size_t)(uintptr_t)*state];
    rf_order o;
    rf_settle_request q;
    struct rf_ctx ctx;
    rf_settlement s = RF_SETTLEMENT_INIT;
    rf_error err;
    size_t n = 0;

    build(r, &o, &q);
    if (r->pol.on) apply_policy(r, &ctx);
    memset(&err, 0, sizeof err);
    rf_status st = rf_settle(r->pol.on ? &ctx : NULL, &o, &q, &s, &err);
    assert_int_equal(st, r->status);
    if (r->status != RF_OK) {
        assert_int_equal(err.code, r->status);
        assert_non_null(r->err_field);
        assert_string_equal(err.field, r->err_field);
        assert_true(err.message[0] != '\0');
        assert_int_equal(s.refund, 0); /* out is zeroed on error */
        assert_int_equal(s.deduction_count, 0);
        return;
    }
    assert_int_equal(err.code, RF_OK);

    assert_non_null(r->rule);
    assert_string_equal(rf_rule_id(s.rule), r->rule);
    assert_int_equal(s.eligible, !r->ineligible);
    assert_int_equal(s.base, r->base);
    assert_int_equal(s.allowed, r->allowed);
    assert_int_equal(s.refund, r->refund);
    assert_int_equal(s.postage_refunded, r->back);

    while (n < RF_DED_COUNT && r->ded[n].id) n++;
    assert_int_equal(s.deduction_count, n);
    for (size_t i = 0; i < n; i++) {
        const rf_deduction *d = &s.deductions[i];
        assert_string_equal(rf_deduction_name(d->id), r->ded[i].id);
        assert_int_equal(d->amount, r->ded[i].amount);
        assert_int_equal(d->commission, r->ded[i].commission);
        assert_int_equal(d->points, r->ded[i].points);
        if (d->id == RF_DED_HANDLING_FEE)
            assert_int_equal(d->commission + d->points, d->amount);
    }

    assert_non_null(r->ret);
    assert_non_null(r->exch);
    assert_non_null(r->ins);
    assert_string_equal(rf_enum_name(RF_ENUM_PARTY, (int)s.return_postage_payer), r->ret);
    assert_string_equal(rf_enum_name(RF_ENUM_PARTY, (int)s.exchange_postage_payer), r->exch);
    assert_string_equal(rf_enum_name(RF_ENUM_INSURANCE, (int)s.insurance), r->ins);
    assert_int_equal(s.payment_link, r->link);
    assert_int_equal(s.partial_cap, r->cap);
    assert_int_equal(s.partial_cap_unknown, r->cap_unknown);
    /* An unknown cap is never a cap of 0, and only a 折价 has a cap at all. */
    if (s.partial_cap_unknown) assert_int_equal(s.partial_cap, 0);
    if (s.partial_cap || s.partial_cap_unknown) assert_int_equal(s.remedy, RF_REMEDY_KEEP_GOODS);
    assert_string_equal(rf_remedy_name(s.remedy), r->remedy ? r->remedy : "none");
    assert_int_equal(s.reship_by_agent, r->agent);
    if (r->reship)
        assert_string_equal(rf_enum_name(RF_ENUM_PARTY, (int)s.reship_postage_payer), r->reship);
    else
        assert_int_not_equal(s.remedy, RF_REMEDY_RESHIP_PART);

    /* Invariants every settlement keeps. */
    assert_true(s.refund >= 0 && s.refund <= s.allowed);
    assert_true(s.allowed >= 0 && s.allowed <= RF_FEN_MAX);
    if (q.kind == RF_KIND_EXCHANGE) assert_int_equal(s.refund, 0);
}

/* ---- whole-table checks ------------------------------------------------------ */

/* Every channel x rule x kind has at least one successful row. */
static void test_matrix_covered(void **state) {
    bool seen[RF_CHANNEL_COUNT][RF_RULE_COUNT][RF_KIND_COUNT];
    (void)state;
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < ROW_COUNT; i++) {
        const row *r = &rows[i];
        int rule = -1;
        if (r->status != RF_OK) continue;
        for (int k = 0; k < RF_RULE_COUNT; k++)
            if (strcmp(rf_rule_id((rf_rule)k), r->rule) == 0) rule = k;
        assert_true(rule >= 0);
        seen[lookup(RF_ENUM_CHANNEL, r->channel)][rule][lookup(RF_ENUM_KIND, r->kind)] = true;
    }
    for (int c = 0; c < RF_CHANNEL_COUNT; c++)
        for (int k = 0; k < RF_RULE_COUNT; k++)
            for (int d = 0; d < RF_KIND_COUNT; d++)
                if (!seen[c][k][d])
                    fail_msg("no row for %s x %s x %s", rf_enum_name(RF_ENUM_CHANNEL, c),
                             rf_rule_id((rf_rule)k), rf_enum_name(RF_ENUM_KIND, d));
}

/* A context with the built-in policy settles exactly like ctx NULL. */
static void test_default_ctx_matches_null(void **state) {
    struct rf_ctx ctx;
    (void)state;
    memset(&ctx, 0, sizeof ctx);
    rf__policy_defaults(&ctx.policy);
    for (size_t i = 0; i < ROW_COUNT; i++) {
        rf_order o;
        rf_settle_request q;
        rf_settlement a = RF_SETTLEMENT_INIT, b = RF_SETTLEMENT_INIT;
        if (rows[i].pol.on) continue;
        build(&rows[i], &o, &q);
        rf_status sa = rf_settle(NULL, &o, &q, &a, NULL);
        rf_status sb = rf_settle(&ctx, &o, &q, &b, NULL);
        assert_int_equal(sa, sb);
        assert_int_equal(a.rule, b.rule);
        assert_int_equal(a.refund, b.refund);
        assert_int_equal(a.allowed, b.allowed);
        assert_int_equal(a.partial_cap, b.partial_cap);
        assert_int_equal(a.partial_cap_unknown, b.partial_cap_unknown);
        assert_int_equal(a.deduction_count, b.deduction_count);
        for (size_t k = 0; k < a.deduction_count; k++)
            assert_int_equal(a.deductions[k].amount, b.deductions[k].amount);
    }
}

/* ---- the rest ---------------------------------------------------------------- */

static void valid_input(rf_order *o, rf_settle_request *q) {
    rf_order_init(o);
    rf_settle_request_init(q);
    o->channel = RF_CHANNEL_MALL;
    o->item_amount = 8800;
    q->kind = RF_KIND_RETURN_REFUND;
    q->reason = RF_REASON_NO_REASON;
}

static void expect_invalid(const rf_order *o, const rf_settle_request *q, const char *field) {
    rf_settlement s = RF_SETTLEMENT_INIT;
    rf_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_settle(NULL, o, q, &s, &err), RF_E_INVALID);
    assert_int_equal(err.code, RF_E_INVALID);
    assert_string_equal(err.field, field);
}

static void test_enums_out_of_range(void **state) {
    rf_order o;
    rf_settle_request q;
    (void)state;
    valid_input(&o, &q); o.channel = RF_CHANNEL_COUNT; expect_invalid(&o, &q, "order.channel");
    valid_input(&o, &q); o.channel = (rf_channel)-1; expect_invalid(&o, &q, "order.channel");
    valid_input(&o, &q); o.insurance = RF_INSURANCE_COUNT;
    expect_invalid(&o, &q, "order.shipping_insurance");
    valid_input(&o, &q); q.kind = RF_KIND_COUNT; expect_invalid(&o, &q, "kind");
    valid_input(&o, &q); q.reason = RF_REASON_COUNT; expect_invalid(&o, &q, "reason");
    valid_input(&o, &q); q.reason = (rf_reason)-7; expect_invalid(&o, &q, "reason");
    valid_input(&o, &q); q.goods = RF_GOODS_COUNT; expect_invalid(&o, &q, "goods");
}

static void test_null_arguments(void **state) {
    rf_order o;
    rf_settle_request q;
    rf_settlement s = RF_SETTLEMENT_INIT;
    rf_error err;
    (void)state;
    valid_input(&o, &q);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_settle(NULL, NULL, &q, &s, &err), RF_E_INVALID);
    assert_int_equal(err.code, RF_E_INVALID);
    assert_int_equal(rf_settle(NULL, &o, NULL, &s, NULL), RF_E_INVALID);
    assert_int_equal(rf_settle(NULL, &o, &q, NULL, NULL), RF_E_INVALID);
    /* err may be NULL on success and on failure. */
    assert_int_equal(rf_settle(NULL, &o, &q, &s, NULL), RF_OK);
    assert_int_equal(s.refund, 8800);
}

static void test_out_zeroed_and_first_error_wins(void **state) {
    rf_order o;
    rf_settle_request q;
    rf_settlement s = RF_SETTLEMENT_INIT;
    rf_error err;
    (void)state;
    valid_input(&o, &q);
    o.item_amount = -3;
    memset(&s, 0xab, sizeof s);
    s.size = sizeof s; /* a settlement with its size and garbage elsewhere */
    memset(&err, 0, sizeof err);
    err.code = RF_E_JSON;
    strcpy(err.message, "earlier");
    assert_int_equal(rf_settle(NULL, &o, &q, &s, &err), RF_E_INVALID);
    assert_int_equal(err.code, RF_E_JSON);
    assert_string_equal(err.message, "earlier");
    assert_int_equal(s.refund, 0);
    assert_int_equal(s.allowed, 0);
    assert_int_equal(s.deduction_count, 0);
}

static void test_names(void **state) {
    (void)state;
    assert_string_equal(rf_rule_id(RF_RULE_Q), "Q");
    assert_string_equal(rf_rule_id(RF_RULE_S), "S");
    assert_string_equal(rf_rule_id(RF_RULE_F), "F");
    assert_string_equal(rf_rule_id(RF_RULE_N), "N");
    assert_string_equal(rf_rule_seed(RF_RULE_F), "000:634,736");
    assert_string_equal(rf_rule_label(RF_RULE_F, true), "包邮活动商品退换");
    assert_string_equal(rf_rule_label(RF_RULE_F, false), "free-shipping promotion item");
    assert_null(rf_rule_id(RF_RULE_COUNT));
    assert_null(rf_rule_seed((rf_rule)-1));
    assert_null(rf_rule_label(RF_RULE_COUNT, true));

    assert_string_equal(rf_deduction_name(RF_DED_OUTBOUND_POSTAGE), "outbound_postage");
    assert_string_equal(rf_deduction_name(RF_DED_HANDLING_FEE), "handling_fee");
    assert_string_equal(rf_deduction_name(RF_DED_INVOICE_TAX), "invoice_tax");
    assert_string_equal(rf_deduction_seed(RF_DED_INVOICE_TAX), "000:642");
    assert_string_equal(rf_deduction_label(RF_DED_HANDLING_FEE, true), "手续费5.5%");
    assert_string_equal(rf_deduction_label(RF_DED_HANDLING_FEE, false), "mall handling fee");
    assert_null(rf_deduction_name(RF_DED_COUNT));
    assert_null(rf_deduction_seed(RF_DED_COUNT));
    assert_null(rf_deduction_label((rf_deduction_id)-1, false));

    assert_string_equal(rf_remedy_name(RF_REMEDY_NONE), "none");
    assert_string_equal(rf_remedy_name(RF_REMEDY_GOODWILL), "goodwill");
    assert_string_equal(rf_remedy_name(RF_REMEDY_KEEP_GOODS), "keep_goods");
    assert_string_equal(rf_remedy_name(RF_REMEDY_CLAIM_CARRIER), "claim_carrier");
    assert_string_equal(rf_remedy_name(RF_REMEDY_RESHIP_PART), "reship_part");
    assert_string_equal(rf_remedy_seed(RF_REMEDY_RESHIP_PART), "002:56");
    assert_string_equal(rf_remedy_label(RF_REMEDY_NONE, true), "");
    assert_string_equal(rf_remedy_seed(RF_REMEDY_CLAIM_CARRIER), "000:594-600,002:56");
    assert_string_equal(rf_remedy_label(RF_REMEDY_CLAIM_CARRIER, false),
                        "parcel lost or damaged in transit: refund or reship first, then claim from the carrier");
    assert_string_equal(rf_remedy_label(RF_REMEDY_CLAIM_CARRIER, true),
                        "丢件或破损:先退款或补发,再向快递索赔");
    assert_null(rf_remedy_name(RF_REMEDY_COUNT));
    assert_null(rf_remedy_seed(RF_REMEDY_COUNT));
    assert_null(rf_remedy_label(RF_REMEDY_COUNT, true));
}

int main(void) {
    static struct CMUnitTest row_tests[ROW_COUNT];
    const struct CMUnitTest other_tests[] = {
        cmocka_unit_test(test_matrix_covered),
        cmocka_unit_test(test_default_ctx_matches_null),
        cmocka_unit_test(test_enums_out_of_range),
        cmocka_unit_test(test_null_arguments),
        cmocka_unit_test(test_out_zeroed_and_first_error_wins),
        cmocka_unit_test(test_names),
    };
    int failed;

    /* One test per table row, named by the row. */
    for (size_t i = 0; i < ROW_COUNT; i++) {
        row_tests[i].name = rows[i].name;
        row_tests[i].test_func = test_row;
        row_tests[i].setup_func = NULL;
        row_tests[i].teardown_func = NULL;
        row_tests[i].initial_state = (void *)(uintptr_t)i;
    }
    failed = _cmocka_run_group_tests("settle table", row_tests, ROW_COUNT, NULL, NULL);
    failed += cmocka_run_group_tests_name("settle", other_tests, NULL, NULL);
    return failed ? 1 : 0;
}
