/*
 * Settlement: which of the four postage rules of RULES.md section 3 applies to
 * a refund or exchange request, and the money that follows from it (who pays
 * postage, what is deducted, what is refunded).
 *
 * The seed is the after-sales chapter's "退换邮费标准" (000:726-746, the same
 * four answers first appear at 000:628-642). Every rule below names the seed
 * line it encodes; where the seed is silent or terse, the comment says which
 * reading was chosen (docs/settlement.md lists the readings in one place).
 *
 * Money is integer fen throughout. Every amount this file outputs is in
 * 0..RF_FEN_MAX (so rf_money_parse can read back whatever is printed); a
 * total that would leave that range is RF_E_RANGE, never a wrapped value.
 * Percentages are basis points, rounded half up to the fen once per
 * deduction line (rf__apply_bp_half_up).
 */
#include "internal.h"
#include "error_text.h"

#include <stdio.h>
#include <string.h>

/* ---- names --------------------------------------------------------------- */

typedef struct name_entry {
    const char *id;
    const char *seed;
    const char *zh;
    const char *en;
} name_entry;

#define RF_ENTRY5_(e, id, seed, zh, en) {id, seed, zh, en},
static const name_entry rule_names[] = {RF_RULE_LIST(RF_ENTRY5_)};
static const name_entry deduction_names[] = {RF_DEDUCTION_LIST(RF_ENTRY5_)};
static const name_entry remedy_names[] = {RF_REMEDY_LIST(RF_ENTRY5_)};
#undef RF_ENTRY5_

_Static_assert(sizeof rule_names / sizeof rule_names[0] == RF_RULE_COUNT,
               "one name per rule");
_Static_assert(sizeof deduction_names / sizeof deduction_names[0] == RF_DED_COUNT,
               "one name per deduction line");
_Static_assert(sizeof remedy_names / sizeof remedy_names[0] == RF_REMEDY_COUNT,
               "one name per remedy");

const char *rf_rule_id(rf_rule rule) {
    return (unsigned)rule < RF_RULE_COUNT ? rule_names[rule].id : NULL;
}
const char *rf_rule_seed(rf_rule rule) {
    return (unsigned)rule < RF_RULE_COUNT ? rule_names[rule].seed : NULL;
}
const char *rf_rule_label(rf_rule rule, bool zh) {
    if ((unsigned)rule >= RF_RULE_COUNT) return NULL;
    return zh ? rule_names[rule].zh : rule_names[rule].en;
}

const char *rf_deduction_name(rf_deduction_id id) {
    return (unsigned)id < RF_DED_COUNT ? deduction_names[id].id : NULL;
}
const char *rf_deduction_seed(rf_deduction_id id) {
    return (unsigned)id < RF_DED_COUNT ? deduction_names[id].seed : NULL;
}
const char *rf_deduction_label(rf_deduction_id id, bool zh) {
    if ((unsigned)id >= RF_DED_COUNT) return NULL;
    return zh ? deduction_names[id].zh : deduction_names[id].en;
}

const char *rf_remedy_name(rf_remedy r) {
    return (unsigned)r < RF_REMEDY_COUNT ? remedy_names[r].id : NULL;
}
const char *rf_remedy_seed(rf_remedy r) {
    return (unsigned)r < RF_REMEDY_COUNT ? remedy_names[r].seed : NULL;
}
const char *rf_remedy_label(rf_remedy r, bool zh) {
    if ((unsigned)r >= RF_REMEDY_COUNT) return NULL;
    return zh ? remedy_names[r].zh : remedy_names[r].en;
}

/* ---- checked money --------------------------------------------------------- */

static rf_fen fen_min(rf_fen a, rf_fen b) { return a < b ? a : b; }

/* An error about field: the detail, with the field as {found} and fix
 * (NULL: none) as {fix}. */
static rf_status fail_field(rf_error *err, rf_status code, const char *field, rf_error_detail detail,
                            const char *fix) {
    return rf__fail_with(err, code, 0, 0, 0, field, detail, field, fix);
}

/* *sum = a + b, failing with RF_E_RANGE when the total leaves 0..RF_FEN_MAX. */
static rf_status fen_add(rf_fen a, rf_fen b, rf_fen *sum, const char *what,
                         rf_error *err) {
    if (!rf__add(a, b, sum) || *sum > RF_FEN_MAX)
        return fail_field(err, RF_E_RANGE, what, RF_ERR_SETTLE_TOTAL, NULL);
    return RF_OK;
}

/* One deduction line: base x bp / 10000, rounded half up to the fen. The
 * product is checked here so that rf__apply_bp_half_up's own multiplication
 * can never overflow, whatever the inputs. */
static rf_status bp_line(rf_fen base, int64_t bp, rf_fen *line, const char *what,
                         rf_error *err) {
    int64_t product;
    if (!rf__mul(base, bp, &product) || !rf__add(product, 5000, &product))
        return fail_field(err, RF_E_RANGE, what, RF_ERR_SETTLE_OVERFLOW, NULL);
    *line = rf__apply_bp_half_up(base, bp);
    return RF_OK;
}

/* ---- validation ------------------------------------------------------------ */

static rf_status amount_error(rf_fen v, const char *field, rf_error *err) {
    if (v < 0)
        return fail_field(err, RF_E_INVALID, field, RF_ERR_AMOUNT_NEGATIVE, NULL);
    return fail_field(err, RF_E_RANGE, field, RF_ERR_AMOUNT_TOO_LARGE, NULL);
}

/* One unsigned compare inline (the engine settles every request): a
 * negative amount wraps above RF_FEN_MAX. */
static inline rf_status check_amount(rf_fen v, const char *field, rf_error *err) {
    return (uint64_t)v <= (uint64_t)RF_FEN_MAX ? RF_OK : amount_error(v, field, err);
}

static rf_status check_bp(int64_t bp, const char *field, rf_error *err) {
    if (bp < 0 || bp > 10000)
        return fail_field(err, RF_E_INVALID, field, RF_ERR_RATE_RANGE, NULL);
    return RF_OK;
}

static rf_status check_enum(unsigned value, unsigned count, const char *field,
                            rf_error *err) {
    if (value >= count) {
        char given[16];
        snprintf(given, sizeof given, "%u", value);
        return fail_field(err, RF_E_INVALID, field, RF_ERR_ENUM_VALUE, given);
    }
    return RF_OK;
}

static rf_status check_input(const rf_order *o, const rf_settle_request *r,
                             const rf_policy *p, rf_error *err) {
    rf_status st;
    if ((st = check_enum((unsigned)o->channel, RF_CHANNEL_COUNT, "order.channel", err)) ||
        (st = check_enum((unsigned)o->insurance, RF_INSURANCE_COUNT, "order.shipping_insurance", err)) ||
        (st = check_enum((unsigned)r->kind, RF_KIND_COUNT, "kind", err)) ||
        (st = check_enum((unsigned)r->reason, RF_REASON_COUNT, "reason", err)) ||
        (st = check_enum((unsigned)r->goods, RF_GOODS_COUNT, "goods", err)))
        return st;
    if ((st = check_amount(o->item_amount, "order.item_amount", err)) ||
        (st = check_amount(o->shipping_fee, "order.shipping_fee", err)) ||
        (st = check_amount(o->seller_shipping_cost, "order.seller_shipping_cost", err)) ||
        (st = check_amount(r->return_postage, "return_postage", err)))
        return st;
    /* The amount is only read when the request carries one. */
    if (r->has_amount && (st = check_amount(r->amount, "amount", err))) return st;
    if ((st = check_bp(p->mall_commission_bp, "mall_commission_bp", err)) ||
        (st = check_bp(p->mall_points_bp, "mall_points_bp", err)) ||
        (st = check_bp(p->invoice_tax_bp, "invoice_tax_bp", err)))
        return st;
    /* The 5.5 % line is one rate: its two parts together must be a rate too. */
    if (p->mall_commission_bp + p->mall_points_bp > 10000)
        return rf__fail_detail(err, RF_E_INVALID, 0, 0, 0, "mall_points_bp",
                               &(rf__detail){.detail = RF_ERR_RATES_SUM, .found = "mall_commission_bp",
                                             .found_len = 18, .fix = "mall_points_bp", .fix_len = 14});
    return RF_OK;
}

/* ---- the rules ------------------------------------------------------------- */

/*
 * The reasons read as a fault on the seller's side of the parcel. RULES.md
 * names only `quality` for rule Q; we read the other seller-side faults with
 * it, because charging the buyer postage for a parcel that was lost, broken,
 * incomplete, never arrived or not what was described would contradict the
 * seed's own remedies for those cases (reship or refund first, then claim
 * from the carrier; the shop or its agent bears the reship postage, 002:56).
 */
static bool seller_fault(rf_reason reason) {
    switch (reason) {
    case RF_REASON_QUALITY:
    case RF_REASON_DAMAGED:
    case RF_REASON_NOT_AS_DESCRIBED:
    case RF_REASON_MISSING_ITEMS:
    case RF_REASON_LOST:
    case RF_REASON_NOT_RECEIVED:
        return true;
    case RF_REASON_NO_REASON:
    case RF_REASON_OTHER:
    case RF_REASON_COUNT:
        break;
    }
    return false;
}

/* Exactly one rule applies; the first that matches wins (RULES.md 3). */
static rf_rule choose_rule(const rf_order *o, const rf_settle_request *r) {
    if (seller_fault(r->reason)) return RF_RULE_Q; /* 000:638, 740 */
    if (r->after_success) return RF_RULE_S;        /* 000:642, 744 */
    if (o->free_shipping) return RF_RULE_F;        /* 000:634, 736 */
    return RF_RULE_N;                              /* 000:630, 732 */
}

/* The C-store and MT share one set of fee rules ("C店与MT", 000:634-642). */
static bool c_store_like(rf_channel channel) { return channel != RF_CHANNEL_MALL; }

/*
 * Rule Q, quality problem (质量问题), 000:638 and 000:740:
 *   "C店与MT换货卖家承担运费(由运费险赔付),商城来回邮费卖家承担(做收款链接退款)"
 * The seller pays postage both ways in every channel.
 *  - exchange: on c_store/mt the seller's shipping insurance pays ("由运费险
 *    赔付") when the seller holds it. On mall the buyer's return postage is
 *    reimbursed through a payment link: RULES.md puts the 收款链接 in the mall
 *    cell for exchange and refund alike.
 *  - refund (c_store/mt): the buyer gets goods + the postage paid back, and
 *    the return postage the buyer advanced is reimbursed inside the refund.
 *  - refund (mall): goods + postage paid in the refund; the return postage
 *    goes through the payment link, outside the refund.
 *  - minor quality problem, refund only for part of the price: the buyer
 *    keeps the goods (质量问题不明显时建议买家自行处理, 000:638) and the
 *    partial refund (折价) may not exceed what an exchange would cost the
 *    shop (不高于换货成本, 002:58). Under this very rule the shop pays both
 *    legs of an exchange, each at what it pays a carrier (seller_shipping_cost),
 *    plus the return postage the buyer advanced, when recorded, which the
 *    shop reimburses (RULES.md 3, rev 2). With no postage recorded at all
 *    the cost is unknown, not zero: the requested amount stands and the
 *    settlement says the cap was not checked. Only `quality` is capped; a
 *    partial refund for missing items or a damaged parcel is not a 折价.
 *  - a lost parcel: refund (or reship) first, then claim from the carrier
 *    (002:56). A parcel damaged in transit is claimed the same way: once the
 *    carrier's service desk confirms it broken or lost, the shop files a
 *    破损、遗失报告 with the carrier (000:594-600), so `damaged` carries the
 *    same remedy as `lost`.
 *  - missing items: reship the missing part, the receiving agent bears the
 *    reship postage when the order note was not made, otherwise the shop
 *    (002:56). All of these are paid by the seller's side, never the buyer.
 */
static rf_status settle_quality(const rf_order *o, const rf_settle_request *r,
                                rf_settlement *s, rf_error *err) {
    rf_status st;
    bool c_like = c_store_like(o->channel);

    s->return_postage_payer = RF_PARTY_SELLER;
    s->exchange_postage_payer = RF_PARTY_SELLER;
    s->insurance = RF_INSURANCE_NONE;
    if (r->reason == RF_REASON_LOST || r->reason == RF_REASON_DAMAGED) {
        s->remedy = RF_REMEDY_CLAIM_CARRIER;
    } else if (r->reason == RF_REASON_MISSING_ITEMS) {
        s->remedy = RF_REMEDY_RESHIP_PART;
        s->reship_postage_payer = RF_PARTY_SELLER;
        s->reship_by_agent = !r->order_note_made;
    }

    if (r->kind == RF_KIND_EXCHANGE) {
        if (c_like && o->insurance == RF_INSURANCE_SELLER)
            s->insurance = RF_INSURANCE_SELLER;
        if (!c_like) s->payment_link = r->return_postage;
        return RF_OK;
    }

    /* A partial refund: less than the item, asked for, goods kept. */
    if (r->reason == RF_REASON_QUALITY && r->kind == RF_KIND_REFUND_ONLY &&
        r->has_amount && r->amount < o->item_amount) {
        rf_fen both_legs;
        s->remedy = RF_REMEDY_KEEP_GOODS;
        if (o->seller_shipping_cost == 0 && o->shipping_fee == 0 && r->return_postage == 0) {
            /* Nothing to price an exchange with: base is the amount asked
             * for (below the item, so within what was paid). */
            s->partial_cap_unknown = true;
            s->allowed = s->base;
            return RF_OK;
        }
        if ((st = fen_add(o->seller_shipping_cost, o->seller_shipping_cost, &both_legs,
                          "partial_cap", err)) ||
            (st = fen_add(both_legs, r->return_postage, &s->partial_cap, "partial_cap", err)))
            return st;
        s->allowed = fen_min(s->base, s->partial_cap);
        return RF_OK;
    }

    s->postage_refunded = o->shipping_fee;
    if ((st = fen_add(s->base, o->shipping_fee, &s->allowed, "refund", err))) return st;
    if (r->kind == RF_KIND_RETURN_REFUND) {
        if (c_like) {
            if ((st = fen_add(s->allowed, r->return_postage, &s->allowed, "refund", err)))
                return st;
        } else {
            s->payment_link = r->return_postage;
        }
    }
    return RF_OK;
}

/*
 * Rule S, after the trade finished (交易成功后), 000:642 and 000:744:
 *   "C店与MT换退换邮费买家自理;商城换货邮费自理,退款扣除手续费5.5%(5%淘宝
 *    商城收取,0.5%做为商城积分打到买家帐号上,如有开发票未退回的扣17%点)"
 * c_store/mt: the buyer pays all postage, nothing is deducted. mall: an
 * exchange costs the buyer postage; a refund loses the 5.5 % handling fee
 * (reported as its 5 % commission and 0.5 % points, which sum to the line)
 * and, when an issued invoice was not sent back, 17 % more. Each line is
 * rounded half up on its own; the refund never goes below zero.
 */
static rf_status settle_after_success(const rf_order *o, const rf_settle_request *r,
                                      const rf_policy *p, rf_settlement *s,
                                      rf_error *err) {
    rf_status st;
    rf_fen left;

    s->return_postage_payer = RF_PARTY_BUYER;
    s->exchange_postage_payer = RF_PARTY_BUYER;
    s->insurance = RF_INSURANCE_NONE;
    if (r->kind == RF_KIND_EXCHANGE) return RF_OK;
    left = s->base;
    if (o->channel == RF_CHANNEL_MALL) {
        rf_deduction *fee = &s->deductions[s->deduction_count++];
        fee->id = RF_DED_HANDLING_FEE;
        if ((st = bp_line(s->base, p->mall_commission_bp + p->mall_points_bp,
                          &fee->amount, "handling_fee", err)) ||
            (st = bp_line(s->base, p->mall_commission_bp, &fee->commission,
                          "handling_fee", err)))
            return st;
        /* Half up is monotone, so the commission never exceeds the line. */
        fee->points = fee->amount - fee->commission;
        left -= fee->amount;
        if (o->invoice_issued && !r->invoice_returned) {
            rf_deduction *tax = &s->deductions[s->deduction_count++];
            tax->id = RF_DED_INVOICE_TAX;
            if ((st = bp_line(s->base, p->invoice_tax_bp, &tax->amount, "invoice_tax", err)))
                return st;
            left = left > tax->amount ? left - tax->amount : 0;
        }
    }
    s->allowed = left;
    return RF_OK;
}

/*
 * Rule F, free-shipping promotion item (包邮), 000:634 and 000:736:
 *   "C店与MT换货邮费自理,退款扣除发货邮费,由运费险赔付;商城换货邮费自理,
 *    退款卖家承担运费"
 * An exchange costs the buyer postage in every channel. c_store/mt refund:
 * the outbound postage the seller paid is deducted (never more than the
 * goods refunded); the buyer's return postage is claimed from the buyer's
 * shipping insurance when the buyer holds it. mall refund: the seller bears
 * the postage, nothing is deducted; read against the C-store's "由运费险赔付",
 * "退款卖家承担运费" makes the mall seller bear the return freight too.
 */
static rf_status settle_free_shipping(const rf_order *o, const rf_settle_request *r,
                                      rf_settlement *s) {
    s->return_postage_payer = RF_PARTY_BUYER;
    s->exchange_postage_payer = RF_PARTY_BUYER;
    s->insurance = RF_INSURANCE_NONE;
    if (r->kind == RF_KIND_EXCHANGE) return RF_OK;
    if (c_store_like(o->channel)) {
        rf_deduction *d = &s->deductions[s->deduction_count++];
        d->id = RF_DED_OUTBOUND_POSTAGE;
        d->amount = fen_min(o->seller_shipping_cost, s->base);
        s->allowed = s->base - d->amount;
        if (o->insurance == RF_INSURANCE_BUYER) s->insurance = RF_INSURANCE_BUYER;
    } else {
        s->allowed = s->base;
        s->return_postage_payer = RF_PARTY_SELLER;
    }
    return RF_OK;
}

/*
 * Rule N, no reason (不喜欢, 七天无理由), 000:630 and 000:732:
 *   "支持七天无理由退换,来回邮费要买家自理"
 * The buyer pays postage both ways, so the outbound postage paid is not
 * refunded: the goods alone are. The precondition of a no-reason (or
 * `other`) return is goods that do not affect resale (宝贝不影响二次销售,
 * 000:628, 728); worn or washed goods are not eligible, and the seed offers
 * goodwill instead (VIP, a gift or free shipping next time, 000:656). rf_settle
 * applies that check after the rule, for S, F and N alike.
 */
static rf_status settle_no_reason(const rf_settle_request *r, rf_settlement *s) {
    s->return_postage_payer = RF_PARTY_BUYER;
    s->exchange_postage_payer = RF_PARTY_BUYER;
    s->insurance = RF_INSURANCE_NONE;
    (void)r;
    s->allowed = r->kind == RF_KIND_EXCHANGE ? 0 : s->base;
    return RF_OK;
}

/* ---- rf_settle ---------------------------------------------------------------- */

rf_status rf__settle(const rf_policy *p, const rf_order *order, const rf_settle_request *req, rf_settlement *out,
                     rf_error *err) {
    rf_status st;
    rf_settlement *s = out;

    rf__zero(s, sizeof *s);
    if ((st = check_input(order, req, p, err))) return st;

    s->size = sizeof *s;
    s->rule = choose_rule(order, req);
    s->eligible = true;
    s->remedy = RF_REMEDY_NONE;
    /* The goods refunded: the whole item when the goods come back (a return
     * or an exchange); for a refund only, the part asked for, never more
     * than was paid (RULES.md 3, "the rule amount"). */
    if (req->kind == RF_KIND_REFUND_ONLY && req->has_amount)
        s->base = fen_min(req->amount, order->item_amount);
    else
        s->base = order->item_amount;

    switch (s->rule) {
    case RF_RULE_Q: st = settle_quality(order, req, s, err); break;
    case RF_RULE_S: st = settle_after_success(order, req, p, s, err); break;
    case RF_RULE_F: st = settle_free_shipping(order, req, s); break;
    case RF_RULE_N: st = settle_no_reason(req, s); break;
    case RF_RULE_COUNT: default: st = RF_E_INVALID; break;
    }
    if (st) return st;

    /* The whole postage table stands on goods that do not affect resale
     * (在宝贝不影响第二次销售,配件齐全的情况下, 000:728; 000:612, 628). That
     * condition binds every reason that is not the seller's or the carrier's
     * fault (RULES.md 3): a `no_reason` or `other` request for worn or washed
     * goods is not eligible under any rule, and the seed's remedy is goodwill
     * instead (VIP, a gift, free shipping next time, 000:656). A seller-side
     * fault (rule Q) is refunded whatever state the goods are in. */
    if (!seller_fault(req->reason) && req->goods == RF_GOODS_NOT_RESELLABLE) {
        s->eligible = false;
        s->remedy = RF_REMEDY_GOODWILL;
        s->allowed = 0;
        s->deduction_count = 0;
        /* Nothing goes back, so no shipping insurance is claimed either. */
        s->insurance = RF_INSURANCE_NONE;
    }

    /* An exchange refunds no money. Otherwise the settlement refunds
     * min(requested, what the rule allows); a request without an amount asks
     * for what the rule allows (RULES.md 4, AMOUNT_MISMATCH). */
    if (req->kind == RF_KIND_EXCHANGE) {
        s->allowed = 0;
        s->refund = 0;
    } else {
        s->refund = req->has_amount ? fen_min(req->amount, s->allowed) : s->allowed;
    }
    return RF_OK;
}

rf_status rf_settle(const rf_ctx *ctx, const rf_order *order,
                    const rf_settle_request *caller_req, rf_settlement *out, rf_error *err) {
    rf_policy defaults;
    const rf_policy *p;
    rf_settlement s;
    rf_settle_request request;
    rf_status st;

    if (!order || !caller_req || !out)
        return rf__fail_null(err, RF_E_INVALID, "rf_settle", "order,request,out");
    /* The caller's settlement is written only within the size it declares. */
    if ((st = rf__settlement_check_size(out, err))) return st;
    memset(&s, 0, sizeof s);
    rf__settlement_export(&s, out);
    if (ctx) {
        p = &ctx->policy;
    } else {
        rf__policy_defaults(&defaults);
        p = &defaults;
    }
    if ((st = rf__order_check_size(order, err))) return st;
    if ((st = rf__settle_request_import(caller_req, &request, err))) return st;
    if ((st = rf__settle(p, order, &request, &s, err))) return st;
    rf__settlement_export(&s, out);
    return RF_OK;
}
