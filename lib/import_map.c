/*
 * One sub-order of TOP data to one case (TOP.md section 2): the order's
 * fields, the trade events from the snapshot and the trade topics, and the
 * refund events from the TMC messages reconciled with the Refund snapshot,
 * every event marked with its source, the record it came from and what was
 * deduced (TOP.md section 3).
 *
 * The rules are tables where TOP.md gives a table: the reason texts and
 * keyword rules (2.7), the rank of event types (4.2), the rebuild of a
 * refund from its snapshot (2.5). Who caused a success or a close "by
 * elimination" is asked of the engine itself: the events so far are
 * replayed as of the message's time with the context's policy, and a
 * timeout of the state that has this outcome and had expired makes the
 * actor `system` (RULES.md 2.2, the same policy replay judges with).
 */
#include "import.h"
#include "case.h"
#include "json_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)

/* post_fee times an item amount (each below 2^44) needs more than 64 bits. */
__extension__ typedef __int128 wide;

/* ---- reasons (TOP.md 2.7) ------------------------------------------------------------ */

typedef struct reason_text {
    const char *text;
    rf_reason code;
} reason_text;

static const reason_text reason_table[] = {
    {"七天无理由退换货", RF_REASON_NO_REASON}, {"七天无理由退货", RF_REASON_NO_REASON},
    {"7天无理由退换货", RF_REASON_NO_REASON}, {"七天无理由", RF_REASON_NO_REASON},
    {"多拍/拍错/不想要", RF_REASON_NO_REASON}, {"多买/买错/不想要", RF_REASON_NO_REASON},
    {"拍错了", RF_REASON_NO_REASON}, {"错拍", RF_REASON_NO_REASON}, {"不想要了", RF_REASON_NO_REASON},
    {"不喜欢/效果不好", RF_REASON_NO_REASON}, {"尺寸不合适", RF_REASON_NO_REASON},
    {"质量问题", RF_REASON_QUALITY}, {"商品质量问题", RF_REASON_QUALITY}, {"做工粗糙/有瑕疵", RF_REASON_QUALITY},
    {"做工问题", RF_REASON_QUALITY}, {"开线/脱色/脱毛/有色差/有虫洞", RF_REASON_QUALITY},
    {"商品变质/发霉/有异物", RF_REASON_QUALITY}, {"假冒品牌", RF_REASON_QUALITY},
    {"商品与描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"与描述不符", RF_REASON_NOT_AS_DESCRIBED},
    {"商品信息描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"颜色/图案/款式与商品描述不符", RF_REASON_NOT_AS_DESCRIBED},
    {"大小/尺寸与商品描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"材质与商品描述不符", RF_REASON_NOT_AS_DESCRIBED},
    {"功能/效果与商品描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"卖家发错货", RF_REASON_NOT_AS_DESCRIBED},
    {"发错货", RF_REASON_NOT_AS_DESCRIBED}, {"商家发错货", RF_REASON_NOT_AS_DESCRIBED},
    {"收到商品破损", RF_REASON_DAMAGED}, {"包装/商品破损/污渍", RF_REASON_DAMAGED}, {"商品破损", RF_REASON_DAMAGED},
    {"货物破损已拒签", RF_REASON_DAMAGED},
    {"少件/漏发", RF_REASON_MISSING_ITEMS}, {"发错货/漏发", RF_REASON_MISSING_ITEMS},
    {"缺件/漏发", RF_REASON_MISSING_ITEMS}, {"空包裹/少货", RF_REASON_MISSING_ITEMS},
    {"少货/空包裹", RF_REASON_MISSING_ITEMS},
    {"未收到货", RF_REASON_NOT_RECEIVED}, {"快递/物流一直未送到", RF_REASON_NOT_RECEIVED},
    {"快递一直未送达", RF_REASON_NOT_RECEIVED}, {"快递/物流无跟踪记录", RF_REASON_NOT_RECEIVED},
    {"物流显示签收实际未到货", RF_REASON_NOT_RECEIVED},
    {"快递丢件", RF_REASON_LOST}, {"包裹丢失", RF_REASON_LOST},
    {"退运费", RF_REASON_OTHER}, {"缺货", RF_REASON_OTHER}, {"协商一致退款", RF_REASON_OTHER},
    {"未按约定时间发货", RF_REASON_OTHER}, {"发票问题", RF_REASON_OTHER}, {"使用后过敏", RF_REASON_OTHER},
    {"其他", RF_REASON_OTHER},
};

/* The keyword rules, in order: the first whose keyword the text holds. */
static const reason_text reason_keywords[] = {
    {"丢件", RF_REASON_LOST}, {"丢失", RF_REASON_LOST},
    {"破损", RF_REASON_DAMAGED},
    {"少件", RF_REASON_MISSING_ITEMS}, {"漏发", RF_REASON_MISSING_ITEMS}, {"缺件", RF_REASON_MISSING_ITEMS},
    {"少货", RF_REASON_MISSING_ITEMS}, {"空包裹", RF_REASON_MISSING_ITEMS},
    {"未收到", RF_REASON_NOT_RECEIVED}, {"未送到", RF_REASON_NOT_RECEIVED}, {"未送达", RF_REASON_NOT_RECEIVED},
    {"未到货", RF_REASON_NOT_RECEIVED}, {"无跟踪记录", RF_REASON_NOT_RECEIVED},
    {"质量", RF_REASON_QUALITY}, {"做工", RF_REASON_QUALITY}, {"瑕疵", RF_REASON_QUALITY}, {"变质", RF_REASON_QUALITY},
    {"发霉", RF_REASON_QUALITY}, {"假冒", RF_REASON_QUALITY}, {"保质期", RF_REASON_QUALITY},
    {"描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"发错", RF_REASON_NOT_AS_DESCRIBED},
    {"无理由", RF_REASON_NO_REASON}, {"不想要", RF_REASON_NO_REASON}, {"拍错", RF_REASON_NO_REASON},
    {"多拍", RF_REASON_NO_REASON}, {"错拍", RF_REASON_NO_REASON}, {"不喜欢", RF_REASON_NO_REASON},
    {"不合适", RF_REASON_NO_REASON},
};

int rf__map_reason(const char *text) {
    char norm[4200];
    size_t n = 0, len = strlen(text);
    if (len >= sizeof norm) return -1;
    /* Trim ASCII whitespace and the ideographic space (U+3000); full-width
     * ／（） become / ( ). */
    size_t a = 0, b = len;
    for (;;) {
        if (a < b && (text[a] == ' ' || text[a] == '\t' || text[a] == '\n' || text[a] == '\r')) a++;
        else if (b - a >= 3 && !memcmp(text + a, "\xE3\x80\x80", 3)) a += 3;
        else break;
    }
    for (;;) {
        if (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' || text[b - 1] == '\n' || text[b - 1] == '\r')) b--;
        else if (b - a >= 3 && !memcmp(text + b - 3, "\xE3\x80\x80", 3)) b -= 3;
        else break;
    }
    for (size_t i = a; i < b;) {
        if (b - i >= 3 && (unsigned char)text[i] == 0xEF && (unsigned char)text[i + 1] == 0xBC) {
            unsigned char c = (unsigned char)text[i + 2];
            if (c == 0x8F || c == 0x88 || c == 0x89) {
                norm[n++] = c == 0x8F ? '/' : c == 0x88 ? '(' : ')';
                i += 3;
                continue;
            }
        }
        norm[n++] = text[i++];
    }
    norm[n] = '\0';
    for (size_t i = 0; i < sizeof reason_table / sizeof reason_table[0]; i++)
        if (!strcmp(norm, reason_table[i].text)) return (int)reason_table[i].code;
    for (size_t i = 0; i < sizeof reason_keywords / sizeof reason_keywords[0]; i++)
        if (strstr(norm, reason_keywords[i].text)) return (int)reason_keywords[i].code;
    return -1;
}

/* ---- the rank of event types at one instant (TOP.md 4.2) ------------------------------ */

static int rank_of(rf_event_type t) {
    static const rf_event_type order[] = {
        RF_EV_ORDER_CREATED, RF_EV_PAID, RF_EV_SHIPPED, RF_EV_RECEIPT_EXTENDED, RF_EV_REFUND_REQUESTED,
        RF_EV_REFUND_MODIFIED, RF_EV_REFUND_REFUSED, RF_EV_REFUND_AGREED, RF_EV_RETURN_SHIPPED,
        RF_EV_RETURN_REJECTED, RF_EV_INTERVENTION_REQUESTED, RF_EV_INTERVENTION_STARTED, RF_EV_RULING,
        RF_EV_RETURN_RECEIVED, RF_EV_EXCHANGE_SHIPPED, RF_EV_EXCHANGE_RECEIVED, RF_EV_REFUND_CANCELLED,
        RF_EV_RECEIPT_CONFIRMED, RF_EV_TRADE_CLOSED,
    };
    for (int i = 0; i < (int)(sizeof order / sizeof order[0]); i++)
        if (order[i] == t) return i;
    return 99;
}

/* ---- the mapper ----------------------------------------------------------------------- */

/* An event being built, with the text of its ref and id. */
typedef struct mev {
    rf_event e;
    char ref[56];
    char id[24];
    uint32_t seq;               /* order of creation: the last tie-break */
    int refund;                 /* the refund it belongs to; -1 for trade events */
} mev;

struct rf__mapper {
    const rf_ctx *ctx;
    rf_allocator alloc;
    rf_import_options opt;
    rf__report *rep;
    mev *ev;
    size_t n, cap;
    uint32_t seq;
    rf_case *scratch;           /* the events so far, for the engine's view of timeouts */
    rf_verdict *verdict;
    int64_t min_deadline_s;     /* no timeout of a refund state expires sooner */
    rf_order order;
    char oid_text[24], tid_text[24];
    bool failed;                /* out of memory */
};

static int64_t policy(const rf_ctx *ctx, rf_policy_key key) { return rf_ctx_get_policy(ctx, key); }

rf__mapper *rf__mapper_new(const rf_ctx *ctx, const rf_import_options *options, rf__report *report) {
    const rf_allocator *a = ctx ? &ctx->alloc : &rf__default_allocator;
    rf__mapper *m = rf__malloc(a, sizeof *m);
    if (!m) return NULL;
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    m->alloc = *a;
    m->opt = *options;
    m->rep = report;
    m->scratch = rf__case_alloc(a);
    if (!m->scratch) {
        rf__free(a, m);
        return NULL;
    }
    /* The shortest timeout of a refund or exchange state: an answer sooner
     * than this after the state began cannot be a timeout. */
    static const rf_policy_key keys[] = {
        RF_POLICY_SELLER_AGREE_UNSHIPPED_DAYS, RF_POLICY_SELLER_AGREE_SHIPPED_DAYS, RF_POLICY_BUYER_MODIFY_DAYS,
        RF_POLICY_BUYER_RETURN_DAYS, RF_POLICY_SELLER_CONFIRM_EXPRESS_DAYS, RF_POLICY_SELLER_CONFIRM_SURFACE_MAIL_DAYS,
        RF_POLICY_RECEIPT_EXPRESS_DAYS, RF_POLICY_RECEIPT_SURFACE_MAIL_DAYS, RF_POLICY_RECEIPT_VIRTUAL_DAYS,
    };
    int64_t least = INT64_MAX;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (policy(ctx, keys[i]) * DAY < least) least = policy(ctx, keys[i]) * DAY;
    if (policy(ctx, RF_POLICY_EXCHANGE_SHIP_HOURS) * 3600 < least) least = policy(ctx, RF_POLICY_EXCHANGE_SHIP_HOURS) * 3600;
    m->min_deadline_s = least;
    return m;
}

void rf__mapper_free(rf__mapper *m) {
    if (!m) return;
    rf_allocator a = m->alloc;
    rf_verdict_free(m->verdict);
    rf_case_free(m->scratch);
    rf__free(&a, m->ev);
    rf__free(&a, m);
}

/* A new event; NULL when out of memory. */
static mev *add_event(rf__mapper *m, rf_event_type type, rf_time at, rf_actor actor, rf_source source, int refund) {
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 32;
        mev *grown = rf__realloc(&m->alloc, m->ev, m->cap * sizeof *grown, cap * sizeof *grown);
        if (!grown) {
            m->failed = true;
            return NULL;
        }
        m->ev = grown;
        m->cap = cap;
    }
    mev *v = &m->ev[m->n++];
    memset(v, 0, sizeof *v);
    rf_event_init(&v->e);
    v->e.type = type;
    v->e.at = at;
    v->e.actor = actor;
    v->e.has = RF_HAS_SOURCE | RF_HAS_REF;
    v->e.source = source;
    v->seq = m->seq++;
    v->refund = refund;
    snprintf(v->id, sizeof v->id, "s%u", (unsigned)v->seq);
    return v;
}

static void infer(mev *v, rf_event_key key) {
    v->e.has |= RF_HAS_INFERRED;
    v->e.inferred |= UINT64_C(1) << key;
}

static void set_ref(mev *v, const char *what, rf__topid id, const char *field) {
    char digits[24];
    if (field) snprintf(v->ref, sizeof v->ref, "%s:%s:%s", what, rf__topid_format(id, digits), field);
    else snprintf(v->ref, sizeof v->ref, "%s:%s", what, rf__topid_format(id, digits));
}

static void set_amount(mev *v, rf_fen fee) {
    if (fee == RF__NO_FEE) return;
    v->e.has |= RF_HAS_AMOUNT;
    v->e.amount = fee;
}

static int cmp_events(const void *pa, const void *pb) {
    const mev *a = pa, *b = pb;
    if (a->e.at != b->e.at) return a->e.at < b->e.at ? -1 : 1;
    int ra = rank_of(a->e.type), rb = rank_of(b->e.type);
    if (ra != rb) return ra < rb ? -1 : 1;
    int c = strcmp(a->ref, b->ref);
    if (c) return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* ---- who caused it, by elimination (TOP.md 2.4) ----------------------------------------- */

/* The actor of a success or close at `at`: system when a timeout of the
 * state that has this outcome had expired by then (at >= due), as the
 * engine sees the events so far with the context's policy; otherwise the
 * only party able to cause it. `since`: when the refund entered the state
 * it is in. */
static rf_actor by_elimination(rf__mapper *m, rf_event_type type, rf_time at, rf_time since, rf_actor party) {
    if (since != RF__NO_TIME && at - since < m->min_deadline_s) return party;
    rf_case *c = m->scratch;
    rf__case_reset(c);
    c->order = m->order;
    c->order.id = "scratch";
    for (size_t i = 0; i < m->n; i++) {
        if (m->ev[i].e.at > at) continue;
        if (!rf__case_grow(c)) {
            m->failed = true;
            return party;
        }
        c->events[c->count] = m->ev[i].e;
        c->events[c->count].id = m->ev[i].id;
        c->events[c->count].ref = NULL;
        c->events[c->count].has &= ~(unsigned)(RF_HAS_SOURCE | RF_HAS_REF | RF_HAS_INFERRED);
        c->count++;
    }
    /* In time order, as the case will be. */
    for (size_t i = 1; i < c->count; i++) {
        rf_event e = c->events[i];
        size_t j = i;
        while (j > 0 && (c->events[j - 1].at > e.at ||
                         (c->events[j - 1].at == e.at && rank_of(c->events[j - 1].type) > rank_of(e.type)))) {
            c->events[j] = c->events[j - 1];
            j--;
        }
        c->events[j] = e;
    }
    rf_replay_options opts = RF_REPLAY_OPTIONS_INIT;
    opts.has_now = true;
    opts.now = at;
    rf_error err = {0};
    if (rf__replay_into(m->ctx, c, &opts, &m->verdict, &err) != RF_OK) {
        if (err.code == RF_E_NOMEM) m->failed = true;
        return party;
    }
    const rf_verdict *v = m->verdict;
    for (size_t i = 0; i < v->deadline_count; i++) {
        const rf_deadline *d = &v->deadlines[i];
        if ((d->machine == RF_MACHINE_REFUND || d->machine == RF_MACHINE_EXCHANGE) && d->has_expiry &&
            d->on_expiry == type && !d->paused && d->due <= at)
            return RF_ACTOR_SYSTEM;
    }
    for (size_t i = 0; i < v->inserted_count; i++)
        if (v->inserted[i].type == type && (since == RF__NO_TIME || v->inserted[i].at >= since))
            return RF_ACTOR_SYSTEM;
    return party;
}

/* ---- the order (TOP.md 2.2) ------------------------------------------------------------ */

#define OKEY(k) (UINT64_C(1) << RF_ORDER_KEY_##k)

/* What the buyer paid for the goods of sub-order i: the first of
 * divide_order_fee; payment less the postage (one sub-order) unless a
 * refund succeeded (it lowers payment); total_fee less part_mjz_discount.
 * -1 when none is given. */
static rf_fen item_of(const rf__top_trade *t, size_t i) {
    const rf__top_order *o = &t->orders[i];
    if (o->divide_order_fee != RF__NO_FEE) return o->divide_order_fee;
    if (o->payment != RF__NO_FEE && o->refund_status != RF__RS_SUCCESS) {
        rf_fen post = t->order_count == 1 && t->post_fee != RF__NO_FEE ? t->post_fee : 0;
        if (o->payment >= post) return o->payment - post;
    }
    if (o->total_fee != RF__NO_FEE) {
        rf_fen discount = o->part_mjz_discount != RF__NO_FEE ? o->part_mjz_discount : 0;
        if (o->total_fee >= discount) return o->total_fee - discount;
    }
    return -1;
}

/* post_fee shared out in proportion to item amounts, in fen, the largest
 * remainders first, ties to the earlier sub-order (a reading). */
static rf_fen shipping_share(const rf__top_trade *t, size_t index) {
    rf_fen post = t->post_fee != RF__NO_FEE ? t->post_fee : 0;
    if (t->order_count <= 1) return post;
    wide total = 0;
    for (size_t i = 0; i < t->order_count; i++) {
        rf_fen item = item_of(t, i);
        if (item > 0) total += item;
    }
    if (total == 0) return index == 0 ? post : 0;
    rf_fen given = 0, mine = 0;
    size_t n = t->order_count;
    for (size_t i = 0; i < n; i++) {
        rf_fen item = item_of(t, i);
        rf_fen share = item > 0 ? (rf_fen)((wide)post * item / total) : 0;
        given += share;
        if (i == index) mine = share;
    }
    /* Exact: rank the remainders and hand out `post - given` fen. */
    size_t extra = (size_t)(post - given), my_rank = 0;
    wide my_rem = item_of(t, index) > 0 ? ((wide)post * item_of(t, index)) % total : 0;
    for (size_t i = 0; i < n; i++) {
        if (i == index) continue;
        rf_fen item = item_of(t, i);
        wide rem = item > 0 ? ((wide)post * item) % total : 0;
        if (rem > my_rem || (rem == my_rem && i < index)) my_rank++;
    }
    return mine + (my_rank < extra ? 1 : 0);
}

/* The order of the case; false (reported) when it cannot be made. */
static bool make_order(rf__mapper *m, const rf__case_in *in, uint64_t *assumed) {
    rf_order *o = &m->order;
    const rf_import_options *opt = &m->opt;
    const rf__top_trade *t = in->trade;
    const rf__top_order *so = t ? &t->orders[in->order_index] : NULL;
    *o = (rf_order)RF_ORDER_INIT;
    *assumed = 0;
    rf__topid_format(in->oid, m->oid_text);
    rf__topid_format(in->tid, m->tid_text);
    o->id = m->oid_text;
    char field[64];
    snprintf(field, sizeof field, "trade.orders.order[%zu].seller_type", in->order_index);
    /* channel: the option, else seller_type (B 商城 mall, C c_store). */
    char seller = so ? so->seller_type : 0;
    if (opt->has_channel) {
        o->channel = opt->channel;
        rf_channel by_type = seller == 'B' ? RF_CHANNEL_MALL : RF_CHANNEL_C_STORE;
        if (seller && by_type != opt->channel) {
            char channels[48];
            snprintf(channels, sizeof channels, "%s,%s", rf_enum_name(RF_ENUM_CHANNEL, (int)by_type),
                     rf_enum_name(RF_ENUM_CHANNEL, (int)opt->channel));
            rf__detail d = {.detail = RF_ERR_TOP_CHANNEL_OVERRIDDEN, .found = &seller, .found_len = 1,
                            .fix = channels, .fix_len = strlen(channels), .values = RF_ENUM_CHANNEL};
            rf__report_add(m->rep, RF__IC_CHANNEL_OVERRIDDEN, &t->pos, in->tid, 0, field, &d);
        }
    } else if (seller) {
        o->channel = seller == 'B' ? RF_CHANNEL_MALL : RF_CHANNEL_C_STORE;
    } else {
        rf__report_say(m->rep, RF__IC_CHANNEL_UNKNOWN, t ? &t->pos : NULL, in->tid, 0, t ? field : "channel",
                       RF_ERR_TOP_CHANNEL_UNKNOWN, NULL, NULL);
        return false;
    }
    if (t) {
        rf_fen item = item_of(t, in->order_index);
        if (item < 0) {
            snprintf(field, sizeof field, "trade.orders.order[%zu].total_fee", in->order_index);
            rf__report_say(m->rep, RF__IC_MISSING_FIELD, &t->pos, in->tid, 0, field, RF_ERR_TOP_NO_ITEM_AMOUNT, NULL,
                           NULL);
            return false;
        }
        o->item_amount = item;
        o->shipping_fee = shipping_share(t, in->order_index);
        rf_fen post = t->post_fee != RF__NO_FEE ? t->post_fee : 0;
        if (t->order_count > 1 && post > 0) *assumed |= OKEY(SHIPPING_FEE);
        int ship = so->shipping_type >= 0 ? so->shipping_type : t->shipping_type;
        if (ship == RF__SHIP_FREE) {
            o->free_shipping = true;
        } else {
            o->free_shipping = post == 0;
            if (post == 0) *assumed |= OKEY(FREE_SHIPPING);
        }
        o->delivery = ship == RF__SHIP_POST ? RF_DELIVERY_SURFACE_MAIL
                      : ship == RF__SHIP_VIRTUAL ? RF_DELIVERY_VIRTUAL : RF_DELIVERY_EXPRESS;
        if (ship == RF__SHIP_FREE || ship < 0) *assumed |= OKEY(DELIVERY);
    } else {
        /* --allow-missing-trade: from the Refund (TOP.md 4.4). */
        rf_fen item = -1;
        for (size_t i = 0; i < in->refund_count; i++) {
            const rf__refund_in *r = &in->refunds[i];
            if (r->snap && r->snap->total_fee != RF__NO_FEE && r->snap->total_fee > item) item = r->snap->total_fee;
        }
        /* No Refund gives it (a reading): the largest amount any message asked. */
        for (size_t i = 0; item < 0 && i < in->refund_count; i++)
            for (size_t k = 0; k < in->refunds[i].msg_count; k++)
                if (in->refunds[i].msgs[k].fee > item) item = in->refunds[i].msgs[k].fee;
        o->item_amount = item > 0 ? item : 0;
        o->shipping_fee = 0;
        o->free_shipping = true;
        *assumed |= OKEY(ITEM_AMOUNT) | OKEY(SHIPPING_FEE) | OKEY(FREE_SHIPPING) | OKEY(DELIVERY);
    }
    if (opt->has_seller_shipping_cost) o->seller_shipping_cost = opt->seller_shipping_cost;
    else *assumed |= OKEY(SELLER_SHIPPING_COST);
    if (opt->has_insurance) {
        o->insurance = opt->insurance;
    } else {
        int yfx = t ? t->has_yfx : -1;
        o->insurance = yfx == 1 ? RF_INSURANCE_BUYER : RF_INSURANCE_NONE;
        if (yfx != 0) *assumed |= OKEY(SHIPPING_INSURANCE);
    }
    if (opt->has_invoice_issued) o->invoice_issued = opt->invoice_issued;
    else *assumed |= OKEY(INVOICE_ISSUED);
    if (opt->has_seven_day_return) o->seven_day_return = opt->seven_day_return;
    else *assumed |= OKEY(SEVEN_DAY_RETURN);
    if (opt->has_ship_exempt) {
        o->ship_exempt = opt->ship_exempt;
    } else {
        /* 万人团 / 分阶段付款: a presale (a reading). */
        o->ship_exempt = t && t->step_type ? RF_EXEMPT_PRESALE : RF_EXEMPT_NONE;
        *assumed |= OKEY(SHIP_EXEMPT);
    }
    return true;
}

/* ---- trade events (TOP.md 2.3) ---------------------------------------------------------- */

static bool has_type(const rf__mapper *m, rf_event_type type) {
    for (size_t i = 0; i < m->n; i++)
        if (m->ev[i].refund < 0 && m->ev[i].e.type == type) return true;
    return false;
}

static const mev *first_of(const rf__mapper *m, rf_event_type type) {
    for (size_t i = 0; i < m->n; i++)
        if (m->ev[i].refund < 0 && m->ev[i].e.type == type) return &m->ev[i];
    return NULL;
}

static int step_of(int status) {
    static const int steps[RF__TS_COUNT] = {
#define RF_X_(e, n, step, zh) step,
        RF__TOP_TRADE_STATUS_LIST(RF_X_)
#undef RF_X_
    };
    return status >= 0 && status < RF__TS_COUNT ? steps[status] : -1;
}

static void snapshot_trade_events(rf__mapper *m, const rf__case_in *in) {
    const rf__top_trade *t = in->trade;
    const rf__top_order *o = &t->orders[in->order_index];
    int status = o->status >= 0 ? o->status : t->status;
    int step = step_of(status);
    mev *v;
    if (t->created != RF__NO_TIME && (v = add_event(m, RF_EV_ORDER_CREATED, t->created, RF_ACTOR_BUYER, RF_SOURCE_TOP_SNAPSHOT, -1)))
        set_ref(v, "trade", t->tid, "created");
    /* Paid unless it is still waiting for payment (or was closed unpaid). */
    bool unpaid = step == 0 || status == RF__TS_TRADE_CLOSED_BY_TAOBAO;
    if (t->pay_time != RF__NO_TIME && !unpaid &&
        (v = add_event(m, RF_EV_PAID, t->pay_time, RF_ACTOR_BUYER, RF_SOURCE_TOP_SNAPSHOT, -1)))
        set_ref(v, "trade", t->tid, "pay_time");
    /* Shipped: the sub-order's consign time, else the trade's unless the
     * sub-order has not reached shipping. */
    bool own = o->consign_time != RF__NO_TIME;
    rf_time consign = own ? o->consign_time : step >= 2 && !unpaid ? t->consign_time : RF__NO_TIME;
    if (consign != RF__NO_TIME && (v = add_event(m, RF_EV_SHIPPED, consign, RF_ACTOR_SELLER, RF_SOURCE_TOP_SNAPSHOT, -1))) {
        if (own) set_ref(v, "order", o->oid, "consign_time");
        else set_ref(v, "trade", t->tid, "consign_time");
        if (o->invoice_no) {
            v->e.has |= RF_HAS_TRACKING;
            v->e.tracking = o->invoice_no;
        }
    }
    rf_time end = o->end_time != RF__NO_TIME ? o->end_time : t->end_time;
    bool own_end = o->end_time != RF__NO_TIME;
    if (status == RF__TS_TRADE_FINISHED && end != RF__NO_TIME &&
        (v = add_event(m, RF_EV_RECEIPT_CONFIRMED, end, RF_ACTOR_BUYER, RF_SOURCE_TOP_SNAPSHOT, -1))) {
        if (own_end) set_ref(v, "order", o->oid, "end_time");
        else set_ref(v, "trade", t->tid, "end_time");
        infer(v, RF_KEY_ACTOR); /* it may be the auto-confirm */
    }
    if (status == RF__TS_TRADE_CLOSED_BY_TAOBAO && end != RF__NO_TIME &&
        (v = add_event(m, RF_EV_TRADE_CLOSED, end, RF_ACTOR_SYSTEM, RF_SOURCE_TOP_SNAPSHOT, -1))) {
        if (own_end) set_ref(v, "order", o->oid, "end_time");
        else set_ref(v, "trade", t->tid, "end_time");
        infer(v, RF_KEY_ACTOR);
    }
}

static int64_t receipt_days(const rf__mapper *m) {
    switch (m->order.delivery) {
    case RF_DELIVERY_SURFACE_MAIL: return policy(m->ctx, RF_POLICY_RECEIPT_SURFACE_MAIL_DAYS);
    case RF_DELIVERY_VIRTUAL: return policy(m->ctx, RF_POLICY_RECEIPT_VIRTUAL_DAYS);
    default: return policy(m->ctx, RF_POLICY_RECEIPT_EXPRESS_DAYS);
    }
}

static void topic_trade_events(rf__mapper *m, const rf__case_in *in) {
    const rf__top_trade *t = in->trade;
    const rf__top_order *o = t ? &t->orders[in->order_index] : NULL;
    int status = o ? (o->status >= 0 ? o->status : t->status) : -1;
    int extended_days = 0;
    for (size_t i = 0; i < in->trade_msg_count; i++) {
        rf__tmc *msg = &in->trade_msgs[i];
        /* It applies to the sub-order it names, or to all of them. */
        if (msg->oid && msg->oid != in->tid && msg->oid != in->oid) continue;
        if (!msg->pub_time) continue; /* no time to place it at */
        rf_time at = rf__tmc_time(msg->pub_time);
        rf_event_type type;
        int step;
        switch (msg->topic) {
        case RF__T_TRADE_CREATE: type = RF_EV_ORDER_CREATED; step = 0; break;
        case RF__T_TRADE_BUYER_PAY: type = RF_EV_PAID; step = 1; break;
        case RF__T_TRADE_SELLER_SHIP:
        case RF__T_TRADE_PARTLY_SHIP: type = RF_EV_SHIPPED; step = 2; break;
        case RF__T_TRADE_SUCCESS: type = RF_EV_RECEIPT_CONFIRMED; step = 3; break;
        case RF__T_TRADE_CLOSE:
            if (msg->status != RF__TS_TRADE_CLOSED_BY_TAOBAO) continue;
            type = RF_EV_TRADE_CLOSED;
            step = 9;
            break;
        case RF__T_TRADE_DELAY_CONFIRM: type = RF_EV_RECEIPT_EXTENDED; step = -1; break;
        default: continue;
        }
        if (type == RF_EV_RECEIPT_EXTENDED) {
            /* The days: how much the sub-order's timeout_action_time grew
             * past the deadline it had (TOP.md 2.3, 6). */
            const mev *shipped = first_of(m, RF_EV_SHIPPED);
            if (!shipped || has_type(m, RF_EV_RECEIPT_CONFIRMED) || has_type(m, RF_EV_TRADE_CLOSED)) continue;
            rf_time before = shipped->e.at + (receipt_days(m) + extended_days) * DAY;
            int64_t grew = o && o->timeout_action_time != RF__NO_TIME ? o->timeout_action_time - before : -1;
            int days = grew > 0 && grew % DAY == 0 ? (int)(grew / DAY) : -1;
            if (days != 3 && days != 5 && days != 7 && days != 10) {
                char digits[24];
                rf__report_say(m->rep, RF__IC_EXTENSION_DAYS_UNKNOWN, &msg->pos, in->tid, 0, "content",
                               RF_ERR_TOP_EXTENSION_DAYS, rf__topid_format(in->oid, digits), NULL);
                continue;
            }
            extended_days += days;
            mev *v = add_event(m, type, at, RF_ACTOR_SELLER, RF_SOURCE_TMC, -1);
            if (!v) return;
            set_ref(v, "tmc", msg->id, NULL);
            v->e.has |= RF_HAS_DAYS;
            v->e.days = days;
            infer(v, RF_KEY_AT);
            infer(v, RF_KEY_ACTOR);
            infer(v, RF_KEY_DAYS);
            msg->flags |= RF__TMC_USED;
            continue;
        }
        /* Only a step the snapshot has not reached, and only when it is
         * older than the message (without modified, the status decides). */
        if (t && t->modified != RF__NO_TIME && t->modified >= at) continue;
        if (t && step_of(status) >= step) continue;
        if (has_type(m, type)) continue;
        rf_actor actor = type == RF_EV_SHIPPED ? RF_ACTOR_SELLER : type == RF_EV_TRADE_CLOSED ? RF_ACTOR_SYSTEM
                                                                                            : RF_ACTOR_BUYER;
        mev *v = add_event(m, type, at, actor, RF_SOURCE_TMC, -1);
        if (!v) return;
        set_ref(v, "tmc", msg->id, NULL);
        infer(v, RF_KEY_AT);
        if (type == RF_EV_RECEIPT_CONFIRMED || type == RF_EV_TRADE_CLOSED) infer(v, RF_KEY_ACTOR);
        msg->flags |= RF__TMC_USED;
    }
}

/* ---- refunds (TOP.md 2.4 - 2.7) -------------------------------------------------------- */

/* The state a refund reached, as the mapping table reads it. */
typedef enum rstate {
    S_NONE, S_WAIT_SELLER_AGREE, S_SELLER_REFUSE_BUYER, S_WAIT_BUYER_RETURN, S_WAIT_SELLER_CONFIRM,
    S_EX_WAIT_SELLER_SEND, S_EX_WAIT_BUYER_CONFIRM, S_SUCCESS, S_CLOSED
} rstate;

static bool open_state(rstate s) { return s != S_NONE && s != S_SUCCESS && s != S_CLOSED; }

static rstate state_of_status(int status) {
    switch (status) {
    case RF__RS_WAIT_SELLER_AGREE: return S_WAIT_SELLER_AGREE;
    case RF__RS_WAIT_BUYER_RETURN_GOODS: return S_WAIT_BUYER_RETURN;
    case RF__RS_WAIT_SELLER_CONFIRM_GOODS: return S_WAIT_SELLER_CONFIRM;
    case RF__RS_SELLER_REFUSE_BUYER: return S_SELLER_REFUSE_BUYER;
    case RF__RS_CLOSED: return S_CLOSED;
    case RF__RS_SUCCESS: return S_SUCCESS;
    case RF__RS_WAIT_SELLER_CONSIGN_GOODS: return S_EX_WAIT_SELLER_SEND;
    case RF__RS_WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS: return S_EX_WAIT_BUYER_CONFIRM;
    default: return S_NONE;
    }
}

/* One refund being mapped. */
typedef struct rctx {
    const rf__case_in *in;
    const rf__refund_in *r;
    int index;                  /* in in->refunds */
    rstate state;
    bool intervening;           /* between intervention_started and a ruling */
    bool goods_back;            /* returned goods came back in this refund */
    bool any_intervention;
    rf_kind kind;
    bool kind_inferred;
    rf_reason reason;
    bool reason_inferred;       /* no snapshot tells it */
    rf_time since;              /* when the current state began */
    rf_time started, ended;     /* refund_requested, SUCCESS or CLOSED (RF__NO_TIME: open) */
    int bill;
    size_t first_event;         /* its events are m->ev[first_event..] */
} rctx;

/* The kind of a refund (TOP.md 2.6); false when unsupported (reported). */
static bool decide_kind(rf__mapper *m, rctx *x) {
    const rf__refund_in *r = x->r;
    const rf__top_refund *s = r->snap;
    int bill = 0;
    bool exchange_topics = false;
    for (size_t i = 0; i < r->msg_count; i++) {
        if (!bill && r->msgs[i].bill) bill = r->msgs[i].bill;
        if (rf__topic_kinds[r->msgs[i].topic] == RF__TK_EXCHANGE) exchange_topics = true;
    }
    x->bill = bill;
    x->kind_inferred = false;
    if (bill) {
        x->kind = bill == RF__BILL_REFUND ? RF_KIND_REFUND_ONLY : bill == RF__BILL_RETURN ? RF_KIND_RETURN_REFUND
                                                                                         : RF_KIND_EXCHANGE;
        /* replace_bill and return_bill both agree with has_good_return true. */
        if (s && s->has_good_return >= 0 && (s->has_good_return == 1) != (bill != RF__BILL_REFUND)) {
            const char *kind = rf_enum_name(RF_ENUM_KIND, (int)x->kind);
            rf__detail d = {.detail = RF_ERR_TOP_KIND_MISMATCH, .found = rf__bill_names[bill],
                            .found_len = strlen(rf__bill_names[bill]), .fix = kind, .fix_len = strlen(kind),
                            .values = RF_ENUM_KIND};
            rf__report_add(m->rep, RF__IC_KIND_MISMATCH, &s->pos, s->tid, s->refund_id, "refund.has_good_return", &d);
        }
        return true;
    }
    if (s && s->dispute_type >= 0) {
        if (s->dispute_type == RF__DISPUTE_UNSUPPORTED) {
            rf__report_say(m->rep, RF__IC_UNSUPPORTED_KIND, &s->pos, s->tid, s->refund_id, "refund.dispute_type",
                           RF_ERR_TOP_UNSUPPORTED_KIND, NULL, NULL);
            return false;
        }
        x->kind = s->dispute_type == RF__DISPUTE_REFUND ? RF_KIND_REFUND_ONLY
                  : s->dispute_type == RF__DISPUTE_RETURN ? RF_KIND_RETURN_REFUND : RF_KIND_EXCHANGE;
        return true;
    }
    if (s && s->has_good_return >= 0) {
        x->kind = s->has_good_return ? RF_KIND_RETURN_REFUND : RF_KIND_REFUND_ONLY;
        return true;
    }
    /* Nothing says (a reading): an exchange if exchange topics came, else
     * refund only; inferred either way. */
    x->kind = exchange_topics ? RF_KIND_EXCHANGE : RF_KIND_REFUND_ONLY;
    x->kind_inferred = true;
    return true;
}

static void decide_reason(rf__mapper *m, rctx *x) {
    const rf__top_refund *s = x->r->snap;
    x->reason = RF_REASON_OTHER;
    x->reason_inferred = true;
    if (!s || !s->reason) return;
    int code = rf__map_reason(s->reason);
    x->reason_inferred = false;
    if (code < 0) {
        rf__detail d = {.detail = RF_ERR_TOP_REASON_UNMAPPED, .found = s->reason,
                        .found_len = rf__text_cut(s->reason, strlen(s->reason), 60)};
        rf__report_add(m->rep, RF__IC_REASON_UNMAPPED, &s->pos, s->tid, s->refund_id, "refund.reason", &d);
        return;
    }
    x->reason = (rf_reason)code;
}

/* Applies an emitted event to the refund's state. */
static void advance(rctx *x, const mev *v) {
    rstate before = x->state;
    switch (v->e.type) {
    case RF_EV_REFUND_REQUESTED:
        x->state = S_WAIT_SELLER_AGREE;
        x->goods_back = false;
        x->intervening = false;
        x->started = v->e.at;
        x->ended = RF__NO_TIME;
        break;
    case RF_EV_REFUND_MODIFIED: x->state = S_WAIT_SELLER_AGREE; break;
    case RF_EV_REFUND_REFUSED:
    case RF_EV_RETURN_REJECTED: x->state = S_SELLER_REFUSE_BUYER; break;
    case RF_EV_REFUND_AGREED:
        x->state = x->kind == RF_KIND_REFUND_ONLY ? S_SUCCESS : x->goods_back ? S_WAIT_SELLER_CONFIRM : S_WAIT_BUYER_RETURN;
        break;
    case RF_EV_RETURN_SHIPPED:
        x->state = S_WAIT_SELLER_CONFIRM;
        x->goods_back = true;
        break;
    case RF_EV_RETURN_RECEIVED: x->state = x->kind == RF_KIND_EXCHANGE ? S_EX_WAIT_SELLER_SEND : S_SUCCESS; break;
    case RF_EV_EXCHANGE_SHIPPED: x->state = S_EX_WAIT_BUYER_CONFIRM; break;
    case RF_EV_EXCHANGE_RECEIVED: x->state = S_SUCCESS; break;
    case RF_EV_REFUND_CANCELLED: x->state = S_CLOSED; break;
    case RF_EV_INTERVENTION_REQUESTED: x->any_intervention = true; break;
    case RF_EV_INTERVENTION_STARTED:
        x->intervening = true;
        x->any_intervention = true;
        break;
    case RF_EV_RULING:
        x->state = v->e.ruling_for == RF_PARTY_BUYER ? S_SUCCESS : S_CLOSED;
        x->intervening = false;
        break;
    default: break;
    }
    if (x->state != before || v->e.type == RF_EV_REFUND_MODIFIED) x->since = v->e.at;
    if ((x->state == S_SUCCESS || x->state == S_CLOSED) && open_state(before)) x->ended = v->e.at;
}

/* A refund event; with the fields every refund event of this refund shares. */
static mev *refund_event(rf__mapper *m, rctx *x, rf_event_type type, rf_time at, rf_actor actor, rf_source source) {
    return add_event(m, type, at, actor, source, x->index);
}

/* The request: its kind, reason and amount. */
static void fill_request(rctx *x, mev *v, rf_fen fee) {
    v->e.has |= RF_HAS_KIND | RF_HAS_REASON;
    v->e.kind = x->kind;
    v->e.reason = x->reason;
    set_amount(v, fee);
    if (x->kind_inferred) infer(v, RF_KEY_KIND);
}

static void fill_modified(rctx *x, mev *v, rf_fen fee) {
    v->e.has |= RF_HAS_REASON;
    v->e.reason = x->reason;
    set_amount(v, fee);
}

/* The tracking number of the return: the Refund's sid; without it (a
 * reading), a placeholder marked inferred, since the format requires one. */
static void fill_return(rctx *x, mev *v) {
    v->e.has |= RF_HAS_TRACKING;
    if (x->r->snap && x->r->snap->sid) {
        v->e.tracking = x->r->snap->sid;
    } else {
        v->e.tracking = "(unknown)";
        infer(v, RF_KEY_TRACKING);
    }
}

static void fill_ruling(rctx *x, mev *v, rf_party party, rf_fen fee) {
    v->e.has |= RF_HAS_FOR;
    v->e.ruling_for = party;
    if (party == RF_PARTY_BUYER) set_amount(v, fee);
    /* TOP never records the ruling itself: only cs_status 6 says there was one. */
    if (!x->r->snap || x->r->snap->cs_status != 6) infer(v, RF_KEY_TYPE);
}

/* Whether the refund already has an event of type at `at` (an exchange
 * topic with the same effect and time as a refund topic). */
static bool has_refund_event(const rf__mapper *m, const rctx *x, rf_event_type type, rf_time at) {
    for (size_t i = x->first_event; i < m->n; i++)
        if (m->ev[i].refund == x->index && m->ev[i].e.type == type && m->ev[i].e.at == at) return true;
    return false;
}

/* Maps one TMC message against the state reached (the table of TOP.md 2.4). */
static void map_message(rf__mapper *m, rctx *x, rf__tmc *msg) {
    rf_time at = msg->modified ? rf__tmc_time(msg->modified) : rf__tmc_time(msg->pub_time);
    bool at_inferred = !msg->modified;
    rf_event_type type;
    rf_actor actor;
    rf_party ruling = RF_PARTY_BUYER;
    bool elimination = false, amount = false, kind_inferred_type = false;
    rstate s = x->state;
    switch (msg->topic) {
    case RF__T_REFUND_CREATED:
        if (s != S_NONE && s != S_CLOSED && s != S_SUCCESS) return;
        type = RF_EV_REFUND_REQUESTED;
        actor = RF_ACTOR_BUYER;
        break;
    case RF__T_BUYER_MODIFY:
    case RF__T_EX_MODIFIED:
        if (!open_state(s)) return;
        type = RF_EV_REFUND_MODIFIED;
        actor = RF_ACTOR_BUYER;
        break;
    case RF__T_SELLER_REFUSE:
        if (!open_state(s)) return;
        type = s == S_WAIT_SELLER_CONFIRM ? RF_EV_RETURN_REJECTED : RF_EV_REFUND_REFUSED;
        actor = RF_ACTOR_SELLER;
        break;
    case RF__T_SELLER_AGREE:
    case RF__T_EX_AGREE:
        type = RF_EV_REFUND_AGREED;
        actor = RF_ACTOR_SELLER;
        amount = x->kind == RF_KIND_REFUND_ONLY && msg->topic == RF__T_SELLER_AGREE;
        break;
    case RF__T_BUYER_RETURN:
        type = RF_EV_RETURN_SHIPPED;
        actor = RF_ACTOR_BUYER;
        break;
    case RF__T_INTER_APPLIED:
        type = RF_EV_INTERVENTION_REQUESTED;
        actor = RF_ACTOR_BUYER;
        break;
    case RF__T_INTERVENED:
        type = RF_EV_INTERVENTION_STARTED;
        actor = RF_ACTOR_PLATFORM;
        break;
    case RF__T_REFUND_SUCCESS:
        if (x->intervening) {
            type = RF_EV_RULING;
            actor = RF_ACTOR_PLATFORM;
            ruling = RF_PARTY_BUYER;
        } else if (s == S_WAIT_SELLER_CONFIRM) {
            type = x->kind == RF_KIND_EXCHANGE ? RF_EV_RETURN_RECEIVED : RF_EV_RETURN_RECEIVED;
            actor = RF_ACTOR_SELLER;
            elimination = true;
            amount = x->kind != RF_KIND_EXCHANGE;
        } else if (s == S_WAIT_SELLER_AGREE && x->kind == RF_KIND_REFUND_ONLY) {
            type = RF_EV_REFUND_AGREED;
            actor = RF_ACTOR_SELLER;
            elimination = true;
            amount = true;
        } else if (s == S_SUCCESS) {
            return;
        } else {
            type = RF_EV_REFUND_AGREED;
            actor = RF_ACTOR_SELLER;
            amount = x->kind == RF_KIND_REFUND_ONLY;
            kind_inferred_type = true;
        }
        break;
    case RF__T_REFUND_CLOSED:
        if (x->intervening) {
            type = RF_EV_RULING;
            actor = RF_ACTOR_PLATFORM;
            ruling = RF_PARTY_SELLER;
        } else if (open_state(s)) {
            type = RF_EV_REFUND_CANCELLED;
            actor = RF_ACTOR_BUYER;
            elimination = true;
        } else {
            return;
        }
        break;
    case RF__T_EX_SELLER_CONFIRMED:
        type = RF_EV_RETURN_RECEIVED;
        actor = RF_ACTOR_SELLER;
        break;
    case RF__T_EX_GOODS_CONSIGNED:
        type = RF_EV_EXCHANGE_SHIPPED;
        actor = RF_ACTOR_SELLER;
        break;
    case RF__T_EX_SUCCESS:
        type = RF_EV_EXCHANGE_RECEIVED;
        actor = RF_ACTOR_BUYER;
        elimination = true;
        break;
    case RF__T_EX_CLOSED:
        if (!open_state(s)) return;
        type = RF_EV_REFUND_CANCELLED;
        actor = RF_ACTOR_BUYER;
        elimination = true;
        break;
    case RF__T_EX_TURN_TO_REFUND: {
        char digits[24];
        rf__report_say(m->rep, RF__IC_KIND_CHANGED, &msg->pos, msg->tid, msg->refund_id, "topic",
                       RF_ERR_TOP_KIND_CHANGED, rf__topid_format(msg->refund_id, digits), NULL);
        return;
    }
    default: return;
    }
    /* An exchange topic with the same effect and time as a refund topic. */
    if (rf__topic_kinds[msg->topic] == RF__TK_EXCHANGE && has_refund_event(m, x, type, at)) return;
    if (elimination) {
        rf_actor party = actor;
        actor = by_elimination(m, type, at, x->since, party);
    }
    mev *v = refund_event(m, x, type, at, actor, RF_SOURCE_TMC);
    if (!v) return;
    set_ref(v, "tmc", msg->id, NULL);
    if (at_inferred) infer(v, RF_KEY_AT);
    switch (type) {
    case RF_EV_REFUND_REQUESTED: fill_request(x, v, msg->fee); break;
    case RF_EV_REFUND_MODIFIED: fill_modified(x, v, msg->fee); break;
    case RF_EV_RETURN_SHIPPED: fill_return(x, v); break;
    case RF_EV_RULING: fill_ruling(x, v, ruling, msg->fee); break;
    case RF_EV_INTERVENTION_REQUESTED: infer(v, RF_KEY_ACTOR); break;
    default:
        if (amount) set_amount(v, msg->fee);
        break;
    }
    if (kind_inferred_type) infer(v, RF_KEY_TYPE);
    msg->flags |= RF__TMC_USED;
    advance(x, v);
}

/* ---- a refund from its snapshot (TOP.md 2.5) ----------------------------------------------- */

/* One step of a rebuild: the event, its time, its actor, and the state after. */
enum { T_CREATED, T_AGREED, T_GOOD_RETURN, T_MODIFIED };
enum { A_BUYER, A_SELLER, A_SUCCESS, A_CLOSE };
typedef struct step {
    rf_event_type type;
    int time, actor;
    bool amount;
    rstate after;
} step;

/* The events that lead from nothing to status, for kind (TOP.md 2.5). */
static size_t plan(int status, rf_kind kind, step out[8]) {
    size_t n = 0;
    out[n++] = (step){RF_EV_REFUND_REQUESTED, T_CREATED, A_BUYER, true, S_WAIT_SELLER_AGREE};
    rstate target = state_of_status(status);
    bool returns = kind != RF_KIND_REFUND_ONLY;
    switch (target) {
    case S_SELLER_REFUSE_BUYER:
        out[n++] = (step){RF_EV_REFUND_REFUSED, T_MODIFIED, A_SELLER, false, S_SELLER_REFUSE_BUYER};
        break;
    case S_CLOSED:
        out[n++] = (step){RF_EV_REFUND_CANCELLED, T_MODIFIED, A_CLOSE, false, S_CLOSED};
        break;
    case S_SUCCESS:
        if (!returns) {
            out[n++] = (step){RF_EV_REFUND_AGREED, T_MODIFIED, A_SUCCESS, true, S_SUCCESS};
            break;
        }
        /* fall through */
    case S_WAIT_BUYER_RETURN:
    case S_WAIT_SELLER_CONFIRM:
    case S_EX_WAIT_SELLER_SEND:
    case S_EX_WAIT_BUYER_CONFIRM:
        out[n++] = (step){RF_EV_REFUND_AGREED, T_AGREED, A_SUCCESS, false, S_WAIT_BUYER_RETURN};
        if (target == S_WAIT_BUYER_RETURN) break;
        out[n++] = (step){RF_EV_RETURN_SHIPPED, T_GOOD_RETURN, A_BUYER, false, S_WAIT_SELLER_CONFIRM};
        if (target == S_WAIT_SELLER_CONFIRM) break;
        if (kind != RF_KIND_EXCHANGE) {
            out[n++] = (step){RF_EV_RETURN_RECEIVED, T_MODIFIED, A_SUCCESS, true, S_SUCCESS};
            break;
        }
        out[n++] = (step){RF_EV_RETURN_RECEIVED, T_MODIFIED, A_SELLER, false, S_EX_WAIT_SELLER_SEND};
        if (target == S_EX_WAIT_SELLER_SEND) break;
        out[n++] = (step){RF_EV_EXCHANGE_SHIPPED, T_MODIFIED, A_SELLER, false, S_EX_WAIT_BUYER_CONFIRM};
        if (target == S_EX_WAIT_BUYER_CONFIRM) break;
        out[n++] = (step){RF_EV_EXCHANGE_RECEIVED, T_MODIFIED, A_SUCCESS, false, S_SUCCESS};
        break;
    default: break;
    }
    return n;
}

/* The first refund message of the kind asked for, after `after`; NULL if none. */
static const rf__top_message *first_message(const rctx *x, bool approved, rf_time after) {
    for (size_t i = 0; i < x->r->message_count; i++) {
        const rf__top_message *msg = &x->r->messages[i];
        if (msg->created < after) continue;
        if (approved ? msg->return_approved : msg->owner_role == 3) return msg;
    }
    return NULL;
}

/* Emits steps[from..n) of a rebuild; tail: every time is inferred-by-default
 * as TOP.md 2.5 says ("the missing tail ... inferred at"). */
static void emit_steps(rf__mapper *m, rctx *x, const step *steps, size_t from, size_t n) {
    const rf__top_refund *s = x->r->snap;
    for (size_t i = from; i < n; i++) {
        const step *st = &steps[i];
        rf_time at = s->modified != RF__NO_TIME ? s->modified : s->created;
        const char *field = s->modified != RF__NO_TIME ? "modified" : "created";
        bool inferred_at = true;
        const rf__top_message *msg = NULL;
        switch (st->time) {
        case T_CREATED:
            at = s->created;
            field = "created";
            inferred_at = false;
            break;
        case T_AGREED:
            msg = first_message(x, true, s->created);
            at = msg ? msg->created : s->created;
            field = "created";
            inferred_at = msg == NULL;
            break;
        case T_GOOD_RETURN:
            if (s->good_return_time != RF__NO_TIME) {
                at = s->good_return_time;
                field = "good_return_time";
                inferred_at = false;
            }
            break;
        default: break;
        }
        rf_actor actor = st->actor == A_BUYER ? RF_ACTOR_BUYER : RF_ACTOR_SELLER;
        if (st->actor == A_SUCCESS) actor = by_elimination(m, st->type, at, x->since, RF_ACTOR_SELLER);
        if (st->actor == A_CLOSE) actor = by_elimination(m, st->type, at, x->since, RF_ACTOR_BUYER);
        if (st->type == RF_EV_EXCHANGE_RECEIVED && st->actor == A_SUCCESS)
            actor = by_elimination(m, st->type, at, x->since, RF_ACTOR_BUYER);
        mev *v = refund_event(m, x, st->type, at, actor, msg ? RF_SOURCE_MESSAGE : RF_SOURCE_TOP_SNAPSHOT);
        if (!v) return;
        if (msg) set_ref(v, "message", msg->id, NULL);
        else set_ref(v, "refund", s->refund_id, field);
        if (inferred_at) infer(v, RF_KEY_AT);
        switch (st->type) {
        case RF_EV_REFUND_REQUESTED: fill_request(x, v, s->refund_fee); break;
        case RF_EV_RETURN_SHIPPED: fill_return(x, v); break;
        default:
            if (st->amount) set_amount(v, s->refund_fee);
            break;
        }
        advance(x, v);
    }
}

/* cs_status (TOP.md 2.5, 6): 2 the buyer called the platform in, 3-5 it
 * intervened, 6 it ruled: the event that ended the refund becomes a ruling. */
static void emit_intervention(rf__mapper *m, rctx *x) {
    const rf__top_refund *s = x->r->snap;
    if (!s || s->cs_status < 2 || x->any_intervention) return;
    rf_time at = s->modified != RF__NO_TIME ? s->modified : s->created;
    /* The event that ended it, to be turned into the ruling. */
    mev *last = NULL;
    if (s->cs_status == 6 && (x->state == S_SUCCESS || x->state == S_CLOSED))
        for (size_t i = m->n; i-- > x->first_event;)
            if (m->ev[i].refund == x->index && m->ev[i].e.at == x->ended) {
                last = &m->ev[i];
                break;
            }
    size_t last_index = last ? (size_t)(last - m->ev) : SIZE_MAX;
    mev *v = refund_event(m, x, RF_EV_INTERVENTION_REQUESTED, at, RF_ACTOR_BUYER, RF_SOURCE_TOP_SNAPSHOT);
    if (!v) return;
    set_ref(v, "refund", s->refund_id, "cs_status");
    infer(v, RF_KEY_AT);
    infer(v, RF_KEY_ACTOR);
    x->any_intervention = true;
    if (s->cs_status >= 3) {
        const rf__top_message *msg = first_message(x, false, x->started);
        v = refund_event(m, x, RF_EV_INTERVENTION_STARTED, msg ? msg->created : at, RF_ACTOR_PLATFORM,
                         msg ? RF_SOURCE_MESSAGE : RF_SOURCE_TOP_SNAPSHOT);
        if (!v) return;
        if (msg) {
            set_ref(v, "message", msg->id, NULL);
        } else {
            set_ref(v, "refund", s->refund_id, "cs_status");
            infer(v, RF_KEY_AT);
        }
    }
    if (last_index != SIZE_MAX) {
        /* add_event may have moved the array: find it again by index. */
        mev *end = &m->ev[last_index];
        rf_party party = x->state == S_SUCCESS ? RF_PARTY_BUYER : RF_PARTY_SELLER;
        rf_fen fee = (end->e.has & RF_HAS_AMOUNT) ? end->e.amount : s->refund_fee;
        end->e.type = RF_EV_RULING;
        end->e.actor = RF_ACTOR_PLATFORM;
        end->e.has &= ~(unsigned)(RF_HAS_AMOUNT | RF_HAS_TRACKING);
        end->e.inferred &= ~(UINT64_C(1) << RF_KEY_ACTOR);
        fill_ruling(x, end, party, fee);
        /* Its time is the one the snapshot gives for the end. */
        if (end->e.at < at) end->e.at = at;
    }
}

/* ---- one refund --------------------------------------------------------------------------- */

/* The time a refund begins, to put refunds of one sub-order in order. */
static rf_time refund_start(const rf__refund_in *r) {
    if (r->snap && r->snap->created != RF__NO_TIME) return r->snap->created;
    for (size_t i = 0; i < r->msg_count; i++) {
        if (r->msgs[i].modified) return rf__tmc_time(r->msgs[i].modified);
        if (r->msgs[i].pub_time) return rf__tmc_time(r->msgs[i].pub_time);
    }
    return RF__NO_TIME;
}

/* Maps one refund; false when it fails the case (reported). */
static bool map_refund(rf__mapper *m, const rf__case_in *in, int index, rctx *x) {
    const rf__refund_in *r = &in->refunds[index];
    const rf__top_refund *s = r->snap;
    memset(x, 0, sizeof *x);
    x->in = in;
    x->r = r;
    x->index = index;
    x->state = S_NONE;
    x->since = x->started = x->ended = RF__NO_TIME;
    x->first_event = m->n;
    if (!decide_kind(m, x)) return false;
    decide_reason(m, x);
    if (s && s->total_fee != RF__NO_FEE && s->total_fee != m->order.item_amount && in->trade) {
        char a[24], b[24];
        rf__report_say(m->rep, RF__IC_ITEM_AMOUNT_MISMATCH, &s->pos, s->tid, s->refund_id, "refund.total_fee",
                       RF_ERR_TOP_ITEM_AMOUNT, rf_money_format(s->total_fee, a),
                       rf_money_format(m->order.item_amount, b));
    }
    if (r->msg_count == 0) {
        /* No TMC message: rebuilt from the snapshot alone. */
        step steps[8];
        size_t n = plan(s->status, x->kind, steps);
        emit_steps(m, x, steps, 0, n);
        emit_intervention(m, x);
        return true;
    }
    /* TMC starts late: the request from the snapshot goes in front. */
    if (r->msgs[0].topic != RF__T_REFUND_CREATED) {
        if (s) {
            step req[8];
            plan(RF__RS_WAIT_SELLER_AGREE, x->kind, req);
            emit_steps(m, x, req, 0, 1);
        } else {
            /* No snapshot either (a reading): the request at the first
             * message's time, its time and reason inferred. */
            const rf__tmc *first = &r->msgs[0];
            rf_time at = first->modified ? rf__tmc_time(first->modified) : rf__tmc_time(first->pub_time);
            mev *v = refund_event(m, x, RF_EV_REFUND_REQUESTED, at, RF_ACTOR_BUYER, RF_SOURCE_TMC);
            if (!v) return true;
            set_ref(v, "tmc", first->id, NULL);
            infer(v, RF_KEY_AT);
            fill_request(x, v, first->fee);
            advance(x, v);
        }
    }
    rf_time last = RF__NO_TIME;
    for (size_t i = 0; i < r->msg_count; i++) {
        rf__tmc *msg = &r->msgs[i];
        rf_time at = msg->modified ? rf__tmc_time(msg->modified) : rf__tmc_time(msg->pub_time);
        if (last == RF__NO_TIME || at > last) last = at;
        map_message(m, x, msg);
    }
    if (s && s->status >= 0) {
        rstate snap_state = state_of_status(s->status);
        if (s->status != RF__RS_EXCHANGE_TRANSFORM_TO_REFUND && snap_state != x->state && snap_state != S_NONE) {
            if (s->modified != RF__NO_TIME && (last == RF__NO_TIME || s->modified > last)) {
                /* The snapshot is ahead: its missing tail, times inferred. */
                step steps[8];
                size_t n = plan(s->status, x->kind, steps), from = 1;
                for (size_t i = n; i-- > 1;)
                    if (steps[i].after == x->state) {
                        from = i + 1;
                        break;
                    }
                emit_steps(m, x, steps, from, n);
                emit_intervention(m, x);
            } else {
                static const char *const names[] = {"NONE", "WAIT_SELLER_AGREE", "SELLER_REFUSE_BUYER",
                                                    "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS",
                                                    "WAIT_SELLER_CONSIGN_GOODS",
                                                    "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", "SUCCESS",
                                                    "CLOSED"};
                rf__report_say(m->rep, RF__IC_SNAPSHOT_STALE, &s->pos, s->tid, s->refund_id, "refund.status",
                               RF_ERR_TOP_SNAPSHOT_STALE, names[snap_state], names[x->state]);
            }
        } else if (snap_state == x->state) {
            emit_intervention(m, x);
        }
    }
    return true;
}

/* ---- the case ------------------------------------------------------------------------------ */

/* --allow-missing-trade (a reading): a refund proves the order was created
 * and paid, so when no trade topic says when, order_created and paid are
 * put at the first thing known of the sub-order, their time inferred, with
 * the record of the first refund as their ref. */
static void missing_trade_events(rf__mapper *m, const rf__case_in *in) {
    const rf__refund_in *first = &in->refunds[0];
    rf_time at = refund_start(first);
    for (size_t i = 0; i < m->n; i++)
        if (at == RF__NO_TIME || m->ev[i].e.at < at) at = m->ev[i].e.at;
    if (at == RF__NO_TIME) return;
    static const rf_event_type types[] = {RF_EV_ORDER_CREATED, RF_EV_PAID};
    for (size_t k = 0; k < 2; k++) {
        if (has_type(m, types[k])) continue;
        mev *v = add_event(m, types[k], at, RF_ACTOR_BUYER, first->snap ? RF_SOURCE_TOP_SNAPSHOT : RF_SOURCE_TMC, -1);
        if (!v) return;
        if (first->snap) set_ref(v, "refund", first->refund_id, "created");
        else set_ref(v, "tmc", first->msgs[0].id, NULL);
        infer(v, RF_KEY_AT);
    }
}

static int cmp_refunds(const void *pa, const void *pb) {
    const rf__refund_in *a = pa, *b = pb;
    rf_time x = refund_start(a), y = refund_start(b);
    if (x != y) return x < y ? -1 : 1;
    return a->refund_id < b->refund_id ? -1 : a->refund_id > b->refund_id;
}

rf_status rf__map_case(rf__mapper *m, const rf__case_in *in, rf_case *c, bool *ok) {
    uint64_t assumed = 0;
    *ok = false;
    m->n = 0;
    m->seq = 0;
    m->failed = false;
    if (!make_order(m, in, &assumed)) return RF_OK;
    if (in->trade) snapshot_trade_events(m, in);
    topic_trade_events(m, in);
    /* Refunds in the order they began (TOP.md 2.1). */
    if (in->refund_count > 1) qsort(in->refunds, in->refund_count, sizeof *in->refunds, cmp_refunds);
    if (!in->trade && in->refund_count) missing_trade_events(m, in);
    rf_time prev_end = RF__NO_TIME;
    bool prev_open = false;
    rf__topid prev_id = 0;
    for (size_t i = 0; i < in->refund_count; i++) {
        rctx x;
        if (!map_refund(m, in, (int)i, &x)) return m->failed ? RF_E_NOMEM : RF_OK;
        /* Two refunds of one sub-order open at once (TOP.md 4.4). */
        if (i > 0 && x.started != RF__NO_TIME && (prev_open || (prev_end != RF__NO_TIME && x.started < prev_end))) {
            const rf__refund_in *r = &in->refunds[i];
            const rf__pos *pos = r->snap ? &r->snap->pos : r->msg_count ? &r->msgs[0].pos : NULL;
            char a[24], b[24], open[48];
            snprintf(open, sizeof open, "%s,%s", m->oid_text, rf__topid_format(prev_id, b));
            rf__report_say(m->rep, RF__IC_CONFLICTING_REFUNDS, pos, in->tid, r->refund_id, "refund_id",
                           RF_ERR_TOP_CONFLICTING_REFUNDS, rf__topid_format(r->refund_id, a), open);
            return RF_OK;
        }
        prev_open = open_state(x.state) && x.ended == RF__NO_TIME;
        prev_end = x.ended;
        prev_id = in->refunds[i].refund_id;
        /* The reason of a request or modification that a later one follows
         * is inferred: TOP keeps only the current reason. */
        size_t last_reason = SIZE_MAX;
        for (size_t k = x.first_event; k < m->n; k++)
            if (m->ev[k].refund == x.index && (m->ev[k].e.has & RF_HAS_REASON)) last_reason = k;
        for (size_t k = x.first_event; k < m->n; k++)
            if (m->ev[k].refund == x.index && (m->ev[k].e.has & RF_HAS_REASON) &&
                (k != last_reason || x.reason_inferred))
                infer(&m->ev[k], RF_KEY_REASON);
        if (m->failed) return RF_E_NOMEM;
    }
    if (m->failed) return RF_E_NOMEM;
    if (m->n == 0) return RF_OK; /* nothing to say about this sub-order */
    if (m->n > 1) qsort(m->ev, m->n, sizeof *m->ev, cmp_events);

    /* The case. */
    rf_error err = {0};
    rf__case_reset(c);
    c->order = m->order;
    c->order.id = rf__case_store(c, m->oid_text, strlen(m->oid_text));
    if (!c->order.id) return RF_E_NOMEM;
    bool shipped = false;
    for (size_t i = 0; i < m->n; i++) {
        mev *v = &m->ev[i];
        snprintf(v->id, sizeof v->id, "e%zu", i + 1);
        v->e.id = v->id;
        v->e.ref = v->ref;
        if (v->e.inferred == 0) v->e.has &= ~(unsigned)RF_HAS_INFERRED;
        if (v->e.type == RF_EV_SHIPPED) shipped = true;
        rf_status st = rf_case_append(c, &v->e, &err);
        if (st != RF_OK) {
            if (st == RF_E_NOMEM) return st;
            /* A value the format refuses (an amount above its limit...). */
            rf__report_add_error(m->rep, RF__IC_BAD_VALUE, NULL, in->tid, 0, err.field, RF__WITHIN_EVENT, v->id, &err);
            return RF_OK;
        }
    }
    rf_case_import imp = RF_CASE_IMPORT_INIT;
    imp.from = "top";
    imp.tid = m->tid_text;
    imp.oid = m->oid_text;
    imp.assumed = assumed;
    imp.missing = shipped ? UINT64_C(1) << RF_EV_DELIVERED : 0;
    rf_status st = rf_case_set_import(c, &imp, &err);
    if (st != RF_OK) return st == RF_E_NOMEM ? st : RF_OK;
    for (size_t i = 0; i < in->refund_count; i++) {
        const rf__refund_in *r = &in->refunds[i];
        rf_import_refund ref = RF_IMPORT_REFUND_INIT;
        char digits[24];
        ref.refund_id = rf__topid_format(r->refund_id, digits);
        int bill = 0;
        for (size_t k = 0; k < r->msg_count && !bill; k++) bill = r->msgs[k].bill;
        ref.bill_type = rf__bill_names[bill];
        if (r->snap) {
            ref.reason_text = r->snap->reason;
            static const char *const status_names[] = {
#define RF_X_(e, n, zh) n,
                RF__TOP_REFUND_STATUS_LIST(RF_X_)
#undef RF_X_
            };
            ref.status = r->snap->status >= 0 ? status_names[r->snap->status] : NULL;
            ref.cs_status = r->snap->cs_status;
        }
        st = rf_case_add_import_refund(c, &ref, &err);
        if (st == RF_E_NOMEM) return st;
    }
    *ok = true;
    return RF_OK;
}
