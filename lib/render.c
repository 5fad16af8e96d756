/*
 * The one writer behind `check`, `replay`, `quote`, `rules` and `graph`:
 * JSON with FORMAT.md's keys in a fixed order, text in English or Chinese,
 * and the findings as CSV rows holding what their JSON holds.
 *
 * JSON is written compact, straight into the buffer: each key is a literal
 * fragment that carries its separators ({"order": then ,"as_of": ...), every
 * enumeration name comes quoted from a table built from the X-macro lists of
 * refund.h, and times and money are formatted in place. `refund replay
 * --ndjson` renders one verdict per history, so this is a hot path. The
 * pretty form (RF_FORMAT_JSON) is the compact text re-indented by
 * rf__json_pretty.
 */
#include "render.h"
#include "internal.h"
#include "json_write.h"
#include "rules.h"
#include "schema.h"

#include <string.h>

static const rf_allocator *alloc_of(const rf_ctx *ctx) {
    return ctx ? &ctx->alloc : &rf__default_allocator;
}

static rf_status finish(rf__buf *b, char **out, size_t *len) {
    rf__buf_putc(b, '\0');
    if (b->failed) {
        rf__buf_free(b);
        *out = NULL;
        return RF_E_NOMEM;
    }
    *out = b->data;
    if (len) *len = b->len - 1;
    return RF_OK;
}

/* An argument the header refuses (a NULL, an unknown syntax): RF_E_INVALID,
 * with *out NULL when there is an out. */
static rf_status bad_argument(char **out) {
    if (out) *out = NULL;
    return RF_E_INVALID;
}

void rf_string_free(const rf_ctx *ctx, char *text) { rf__free(alloc_of(ctx), text); }

static const char *name_of(rf_enum_id e, int v) { return rf_enum_name(e, v); }
static const char *party(rf_party p) { return rf_enum_name(RF_ENUM_PARTY, (int)p); }

/* ---- compact JSON pieces ---------------------------------------------------------- */

/* An enumeration's JSON name with its quotes, in a slot of fixed size so that
 * it is copied with one move of constant length (the bytes past len are
 * zeros and are overwritten by what follows). */
#define NAME_SLOT 32
typedef struct quoted {
    char text[NAME_SLOT];
    unsigned char len;
} quoted;

#define QUOTED_(n) {"\"" n "\"", sizeof("\"" n "\"") - 1},
#define FITS_(n) _Static_assert(sizeof(n) + 1 <= NAME_SLOT, "JSON name longer than its slot: " n);

#define Q3_(e, n, z) QUOTED_(n)
#define F3_(e, n, z) FITS_(n)
static const quoted actor_q[] = {RF_ACTOR_LIST(Q3_)};
static const quoted channel_q[] = {RF_CHANNEL_LIST(Q3_)};
static const quoted kind_q[] = {RF_KIND_LIST(Q3_)};
static const quoted reason_q[] = {RF_REASON_LIST(Q3_)};
static const quoted party_q[] = {RF_PARTY_LIST(Q3_)};
static const quoted insurance_q[] = {RF_INSURANCE_LIST(Q3_)};
static const quoted complaint_q[] = {RF_COMPLAINT_LIST(Q3_)};
static const quoted basis_q[] = {RF_BASIS_LIST(Q3_)};
RF_BASIS_LIST(F3_)
RF_ACTOR_LIST(F3_)
RF_CHANNEL_LIST(F3_)
RF_KIND_LIST(F3_)
RF_REASON_LIST(F3_)
RF_PARTY_LIST(F3_)
RF_INSURANCE_LIST(F3_)
RF_COMPLAINT_LIST(F3_)
#undef Q3_
#undef F3_

#define QEV_(e, n, m) QUOTED_(n)
#define FEV_(e, n, m) FITS_(n)
static const quoted event_q[] = {RF_EVENT_LIST(QEV_)};
RF_EVENT_LIST(FEV_)
#undef QEV_
#undef FEV_

#define Q4_(e, n, z, seed) QUOTED_(n)
#define F4_(e, n, z, seed) FITS_(n)
static const quoted trade_state_q[] = {RF_TRADE_STATE_LIST(Q4_)};
static const quoted refund_state_q[] = {RF_REFUND_STATE_LIST(Q4_)};
static const quoted exchange_state_q[] = {RF_EXCHANGE_STATE_LIST(Q4_)};
static const quoted intervention_state_q[] = {RF_INTERVENTION_STATE_LIST(Q4_)};
static const quoted complaint_state_q[] = {RF_COMPLAINT_STATE_LIST(Q4_)};
RF_TRADE_STATE_LIST(F4_)
RF_REFUND_STATE_LIST(F4_)
RF_EXCHANGE_STATE_LIST(F4_)
RF_INTERVENTION_STATE_LIST(F4_)
RF_COMPLAINT_STATE_LIST(F4_)
#undef Q4_
#undef F4_

#define QF_(e, code, zh, en) QUOTED_(code)
#define FF_(e, code, zh, en) FITS_(code)
static const quoted finding_q[] = {RF_FINDING_LIST(QF_)};
RF_FINDING_LIST(FF_)
#undef QF_
#undef FF_

#define QID_(e, id, seed, zh, en) QUOTED_(id)
#define QSEED_(e, id, seed, zh, en) QUOTED_(seed)
#define FID_(e, id, seed, zh, en) FITS_(id) FITS_(seed)
static const quoted rule_q[] = {RF_RULE_LIST(QID_)};
static const quoted rule_seed_q[] = {RF_RULE_LIST(QSEED_)};
static const quoted deduction_q[] = {RF_DEDUCTION_LIST(QID_)};
static const quoted deduction_seed_q[] = {RF_DEDUCTION_LIST(QSEED_)};
static const quoted remedy_q[] = {RF_REMEDY_LIST(QID_)};
RF_RULE_LIST(FID_)
RF_DEDUCTION_LIST(FID_)
RF_REMEDY_LIST(FID_)
#undef QID_
#undef QSEED_
#undef FID_
#undef QUOTED_
#undef FITS_

/* The states of each machine, as rf_state_name numbers them (machine.c
 * builds its tables from the same lists; tests/test_render.c checks every
 * name against rf_state_name). */
static const struct {
    const quoted *names;
    size_t count;
} machine_states[RF_MACHINE_COUNT] = {
#define STATES_(id, table) [id] = {table, sizeof(table) / sizeof((table)[0])},
    STATES_(RF_MACHINE_TRADE, trade_state_q)
    STATES_(RF_MACHINE_REFUND, refund_state_q)
    STATES_(RF_MACHINE_EXCHANGE, exchange_state_q)
    STATES_(RF_MACHINE_INTERVENTION, intervention_state_q)
    STATES_(RF_MACHINE_COMPLAINT, complaint_state_q)
#undef STATES_
};

/* Writes table[v], or null when v is out of range (as the name functions
 * return NULL for it). */
static inline void put_name(rf__buf *b, const quoted *table, size_t count, unsigned v) {
    if (v >= count) {
        RF__PUT_LIT(b, "null");
        return;
    }
    if (!rf__buf_reserve(b, NAME_SLOT)) return;
    memcpy(b->data + b->len, table[v].text, NAME_SLOT);
    b->len += table[v].len;
}
#define PUT_NAME(b, table, v) put_name((b), (table), sizeof(table) / sizeof((table)[0]), (unsigned)(v))

static inline void put_state(rf__buf *b, rf_machine_id m, int state) {
    if ((unsigned)m >= RF_MACHINE_COUNT) {
        RF__PUT_LIT(b, "null");
        return;
    }
    put_name(b, machine_states[m].names, machine_states[m].count, (unsigned)state);
}

/* "2024-06-29T20:00:00+08:00", quoted. */
static inline void put_time(rf__buf *b, rf_time t) {
    if (!rf__buf_reserve(b, RF__TIME_TEXT_MAX + 2)) return;
    char *p = b->data + b->len;
    *p++ = '"';
    p = rf__time_format_to(p, t);
    *p++ = '"';
    b->len = (size_t)(p - b->data);
}

/* "88.00", quoted (FORMAT.md: money is a string, never a JSON number). */
static inline void put_money(rf__buf *b, rf_fen fen) {
    if (!rf__buf_reserve(b, RF__MONEY_TEXT_MAX + 2)) return;
    char *p = b->data + b->len;
    *p++ = '"';
    p = rf__money_format_to(p, fen);
    *p++ = '"';
    b->len = (size_t)(p - b->data);
}

/* A signed amount of money at stake: "+8.00", "-8.00" or "0.00" (FORMAT.md:
 * delta = actual - expected, with a sign). */
static inline void put_delta(rf__buf *b, rf_fen fen) {
    if (!rf__buf_reserve(b, RF__MONEY_TEXT_MAX + 3)) return;
    char *p = b->data + b->len;
    *p++ = '"';
    if (fen > 0) *p++ = '+';
    p = rf__money_format_to(p, fen);
    *p++ = '"';
    b->len = (size_t)(p - b->data);
}

/* A finding's sentence (rf_finding_message), as a JSON string. */
static void put_message(rf__buf *b, const rf_finding *f, bool zh) {
    char text[512];
    size_t n = rf_finding_message(f, zh ? RF_LANG_ZH : RF_LANG_EN, text, sizeof text);
    if (n >= sizeof text) n = sizeof text - 1;
    rf__json_put_string(b, text, n);
}

static inline void put_bool(rf__buf *b, bool v) {
    if (v) RF__PUT_LIT(b, "true");
    else RF__PUT_LIT(b, "false");
}

/* Short for the many key fragments below. */
#define PUT RF__PUT_LIT

/* A string of the library's own tables (a deadline id, a seed, a machine
 * name): plain ASCII with nothing to escape (tests/test_render.c checks
 * every one), so it is copied between its quotes as it is. Ids and notes
 * from a case go through rf__json_put_string. NULL is written null. */
static void put_static(rf__buf *b, const char *s) {
    if (!s) {
        PUT(b, "null");
        return;
    }
    size_t n = strlen(s);
    if (!rf__buf_reserve(b, n + 2)) return;
    char *p = b->data + b->len;
    p[0] = '"';
    memcpy(p + 1, s, n);
    p[n + 1] = '"';
    b->len += n + 2;
}

/* ---- settlement ------------------------------------------------------------------ */

/* ,"basis":"inferred" (TOP.md section 3), when not only recorded facts. */
static inline void put_basis(rf__buf *b, rf_basis basis) {
    if (basis == RF_BASIS_RECORDED) return;
    PUT(b, ",\"basis\":");
    PUT_NAME(b, basis_q, basis);
}

static const char *basis_label(rf_basis basis, bool zh) {
    static const char *const labels[2][RF_BASIS_COUNT] = {
#define RF_X_(e, n, z) n,
        {RF_BASIS_LIST(RF_X_)},
#undef RF_X_
#define RF_X_(e, n, z) z,
        {RF_BASIS_LIST(RF_X_)},
#undef RF_X_
    };
    return (unsigned)basis < RF_BASIS_COUNT ? labels[zh][basis] : "";
}

static void settlement_json(rf__buf *b, const rf_settlement *s, rf_basis basis) {
    PUT(b, "{\"rule\":");
    PUT_NAME(b, rule_q, s->rule);
    PUT(b, ",\"refund\":");
    put_money(b, s->refund);
    PUT(b, ",\"deductions\":[");
    for (size_t i = 0; i < s->deduction_count; i++) {
        const rf_deduction *d = &s->deductions[i];
        if (i) rf__buf_putc(b, ',');
        PUT(b, "{\"id\":");
        PUT_NAME(b, deduction_q, d->id);
        PUT(b, ",\"amount\":");
        put_money(b, d->amount);
        if (d->id == RF_DED_HANDLING_FEE) {
            PUT(b, ",\"commission\":");
            put_money(b, d->commission);
            PUT(b, ",\"points\":");
            put_money(b, d->points);
        }
        PUT(b, ",\"seed\":");
        PUT_NAME(b, deduction_seed_q, d->id);
        rf__buf_putc(b, '}');
    }
    PUT(b, "],\"return_postage_payer\":");
    PUT_NAME(b, party_q, s->return_postage_payer);
    PUT(b, ",\"insurance\":");
    PUT_NAME(b, insurance_q, s->insurance);
    PUT(b, ",\"exchange_postage_payer\":");
    PUT_NAME(b, party_q, s->exchange_postage_payer);
    PUT(b, ",\"eligible\":");
    put_bool(b, s->eligible);
    PUT(b, ",\"base\":");
    put_money(b, s->base);
    PUT(b, ",\"allowed\":");
    put_money(b, s->allowed);
    PUT(b, ",\"postage_refunded\":");
    put_money(b, s->postage_refunded);
    PUT(b, ",\"payment_link\":");
    put_money(b, s->payment_link);
    /* A 折价 (remedy keep_goods) shows its cap, even 0.00; a cap the order
     * gives no postage to price is null and flagged, never "0.00". */
    if (s->partial_cap_unknown) {
        PUT(b, ",\"partial_cap\":null,\"partial_cap_unknown\":true");
    } else if (s->partial_cap || s->remedy == RF_REMEDY_KEEP_GOODS) {
        PUT(b, ",\"partial_cap\":");
        put_money(b, s->partial_cap);
    }
    PUT(b, ",\"remedy\":");
    PUT_NAME(b, remedy_q, s->remedy);
    if (s->remedy == RF_REMEDY_RESHIP_PART) {
        PUT(b, ",\"reship_postage_payer\":");
        if (s->reship_by_agent) PUT(b, "\"agent\"");
        else PUT_NAME(b, party_q, s->reship_postage_payer);
    }
    PUT(b, ",\"seed\":");
    PUT_NAME(b, rule_seed_q, s->rule);
    put_basis(b, basis);
    rf__buf_putc(b, '}');
}

static void settlement_text(rf__buf *b, const rf_settlement *s, bool zh, const char *indent) {
    char m[24];
    /* Text names the rule; the seed lines stay in JSON and `refund rules`. */
    rf__buf_printf(b, "%s%s %s %s\n", indent, zh ? "规则" : "rule", rf_rule_id(s->rule), rf_rule_label(s->rule, zh));
    rf__buf_printf(b, "%s%s %s\n", indent, zh ? "应退金额" : "refund", rf_money_format(s->refund, m));
    for (size_t i = 0; i < s->deduction_count; i++) {
        const rf_deduction *d = &s->deductions[i];
        rf__buf_printf(b, "%s  - %s %s", indent, rf_deduction_label(d->id, zh), rf_money_format(d->amount, m));
        if (d->id == RF_DED_HANDLING_FEE) {
            char c[24], p[24];
            rf__buf_printf(b, zh ? " = 淘宝商城佣金 %s + 商城积分 %s" : " = commission %s + points %s",
                           rf_money_format(d->commission, c), rf_money_format(d->points, p));
        }
        rf__buf_putc(b, '\n');
    }
    /* Only when the refund is the whole allowed amount is the postage inside it. */
    if (s->postage_refunded && s->refund == s->allowed)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "其中退回买家已付邮费" : "of which postage paid, back",
                       rf_money_format(s->postage_refunded, m));
    if (s->payment_link)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "收款链接报销退货邮费" : "return postage reimbursed by payment link",
                       rf_money_format(s->payment_link, m));
    rf__buf_printf(b, "%s%s %s\n", indent, zh ? "退货邮费承担方" : "return postage paid by",
                   zh ? rf_enum_label_zh(RF_ENUM_PARTY, (int)s->return_postage_payer) : party(s->return_postage_payer));
    rf__buf_printf(b, "%s%s %s\n", indent, zh ? "换货邮费承担方" : "exchange postage paid by",
                   zh ? rf_enum_label_zh(RF_ENUM_PARTY, (int)s->exchange_postage_payer) : party(s->exchange_postage_payer));
    if (s->insurance != RF_INSURANCE_NONE)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "运费险赔付" : "covered by shipping insurance of",
                       zh ? rf_enum_label_zh(RF_ENUM_INSURANCE, (int)s->insurance) : name_of(RF_ENUM_INSURANCE, (int)s->insurance));
    if (!s->eligible)
        rf__buf_printf(b, "%s%s\n", indent, zh ? "商品影响二次销售,不符合退换条件" : "not eligible: the goods affect resale");
    if (s->partial_cap_unknown)
        rf__buf_printf(b, "%s%s\n", indent,
                       zh ? "订单未记录邮费,无法核对折价上限(换货成本),按申请金额退款"
                          : "partial refund cap not checked: the order records no postage, so the amount asked stands");
    else if (s->partial_cap || s->remedy == RF_REMEDY_KEEP_GOODS)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "折价上限(换货成本)" : "partial refund cap (cost of an exchange)",
                       rf_money_format(s->partial_cap, m));
    if (s->remedy != RF_REMEDY_NONE)
        rf__buf_printf(b, "%s%s\n", indent, rf_remedy_label(s->remedy, zh));
    if (s->remedy == RF_REMEDY_RESHIP_PART)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "补发邮费承担方" : "reship postage paid by",
                       s->reship_by_agent ? (zh ? "收件代理(未备注订单)" : "the receiving agent (order note not made)")
                                          : (zh ? "店铺(仓库出错)" : "the shop (warehouse error)"));
}

/* A scratch buffer for the compact text of a pretty document. */
static void compact_begin(rf__buf *compact, const rf__buf *b) { rf__buf_init(compact, b->alloc); }

/* Appends the compact document re-indented (as FORMAT.md's pretty JSON) to b
 * and frees the scratch buffer. */
static void compact_end_pretty(rf__buf *compact, rf__buf *b) {
    if (compact->failed) rf__buf_fail(b);
    else rf__json_pretty(b, compact->data, compact->len, 2);
    rf__buf_free(compact);
}

rf_status rf_render_settlement(const rf_ctx *ctx, const rf_settlement *s, rf_format format,
                               rf_lang lang, char **out, size_t *len) {
    rf__buf b;
    if (!s || !out) return bad_argument(out);
    rf__buf_init(&b, alloc_of(ctx));
    if (format == RF_FORMAT_TEXT) {
        settlement_text(&b, s, lang == RF_LANG_ZH, "");
    } else if (format == RF_FORMAT_JSON) {
        rf__buf compact;
        compact_begin(&compact, &b);
        settlement_json(&compact, s, RF_BASIS_RECORDED);
        compact_end_pretty(&compact, &b);
        rf__buf_putc(&b, '\n');
    } else {
        settlement_json(&b, s, RF_BASIS_RECORDED);
        rf__buf_putc(&b, '\n');
    }
    return finish(&b, out, len);
}

/* ---- verdict ----------------------------------------------------------------------- */

static const char *state_name(const rf_verdict *v) {
    return rf_state_name(v->refund_machine, v->refund_state);
}

static void verdict_json(rf__buf *b, const rf_verdict *v, bool zh) {
    PUT(b, "{\"order\":");
    rf__json_put_cstr(b, v->order_id);
    PUT(b, ",\"channel\":");
    PUT_NAME(b, channel_q, v->channel);
    PUT(b, ",\"created\":");
    if (v->has_created) put_time(b, v->created);
    else PUT(b, "null");
    PUT(b, ",\"as_of\":");
    put_time(b, v->as_of);
    PUT(b, ",\"trade\":{\"state\":");
    PUT_NAME(b, trade_state_q, v->trade);
    if (v->aftersale) PUT(b, ",\"phase\":\"aftersale\"},\"refund\":");
    else PUT(b, ",\"phase\":\"onsale\"},\"refund\":");
    if (!v->has_refund) {
        PUT(b, "null");
    } else {
        const rf_machine *m = rf_machine_get(v->refund_machine);
        PUT(b, "{\"state\":");
        put_state(b, v->refund_machine, v->refund_state);
        PUT(b, ",\"kind\":");
        PUT_NAME(b, kind_q, v->kind);
        PUT(b, ",\"reason\":");
        PUT_NAME(b, reason_q, v->reason);
        PUT(b, ",\"machine\":");
        put_static(b, m ? m->name : NULL);
        rf__buf_putc(b, '}');
    }
    PUT(b, ",\"intervention\":{\"state\":");
    PUT_NAME(b, intervention_state_q, v->intervention);
    PUT(b, "},\"complaints\":[");
    for (size_t i = 0; i < v->complaint_count; i++) {
        const rf_complaint *k = &v->complaints[i];
        if (i) rf__buf_putc(b, ',');
        PUT(b, "{\"type\":");
        PUT_NAME(b, complaint_q, k->type);
        PUT(b, ",\"state\":");
        PUT_NAME(b, complaint_state_q, k->state);
        PUT(b, ",\"complainant\":");
        PUT_NAME(b, actor_q, k->complainant);
        PUT(b, ",\"event\":");
        rf__json_put_cstr(b, k->event_id);
        rf__buf_putc(b, '}');
    }
    PUT(b, "],\"next\":[");
    for (size_t i = 0; i < v->next_count; i++) {
        if (i) rf__buf_putc(b, ',');
        PUT(b, "{\"actor\":");
        PUT_NAME(b, actor_q, v->next[i].actor);
        PUT(b, ",\"type\":");
        PUT_NAME(b, event_q, v->next[i].type);
        rf__buf_putc(b, '}');
    }
    PUT(b, "],\"deadlines\":[");
    for (size_t i = 0; i < v->deadline_count; i++) {
        const rf_deadline *d = &v->deadlines[i];
        if (i) rf__buf_putc(b, ',');
        PUT(b, "{\"id\":");
        put_static(b, d->id);
        PUT(b, ",\"actor\":");
        PUT_NAME(b, actor_q, d->actor);
        if (d->paused) {
            /* RULES.md 2.1: stopped while a request is open, with the time it has left. */
            PUT(b, ",\"paused\":true,\"remaining_s\":");
            rf__json_put_int(b, d->remaining_s);
            PUT(b, ",\"due\":null");
        } else {
            PUT(b, ",\"due\":");
            put_time(b, d->due);
        }
        PUT(b, ",\"on_expiry\":");
        if (d->has_expiry) PUT_NAME(b, event_q, d->on_expiry);
        else PUT(b, "null");
        if (!d->paused && v->as_of > d->due) PUT(b, ",\"expired\":true,\"seed\":");
        else PUT(b, ",\"expired\":false,\"seed\":");
        put_static(b, d->seed);
        rf__buf_putc(b, '}');
    }
    PUT(b, "],\"settlement\":");
    /* The latest request's settlement is written twice (here and in
     * `requests`): the second time its bytes are copied. */
    size_t settled_at = b->len;
    if (v->has_settlement) settlement_json(b, &v->settlement, v->settlement_basis);
    else PUT(b, "null");
    size_t settled_len = b->len - settled_at;
    PUT(b, ",\"requests\":[");
    for (size_t i = 0; i < v->request_count; i++) {
        const rf_request *q = &v->requests[i];
        if (i) rf__buf_putc(b, ',');
        PUT(b, "{\"event\":");
        rf__json_put_cstr(b, q->event_id);
        PUT(b, ",\"kind\":");
        PUT_NAME(b, kind_q, q->kind);
        PUT(b, ",\"reason\":");
        PUT_NAME(b, reason_q, q->reason);
        PUT(b, ",\"state\":");
        put_state(b, q->machine, q->state);
        PUT(b, ",\"opened\":");
        put_time(b, q->opened);
        PUT(b, ",\"ended\":");
        if (q->ended) put_time(b, q->ended_at);
        else PUT(b, "null");
        PUT(b, ",\"refunded\":");
        put_money(b, q->refunded);
        PUT(b, ",\"intervention\":");
        PUT_NAME(b, intervention_state_q, q->intervention);
        PUT(b, ",\"settlement\":");
        if (i + 1 == v->request_count && v->has_settlement && q->has_settlement && !b->failed &&
            q->settlement_basis == v->settlement_basis &&
            memcmp(&q->settlement, &v->settlement, sizeof q->settlement) == 0) {
            if (rf__buf_reserve(b, settled_len)) {
                memcpy(b->data + b->len, b->data + settled_at, settled_len);
                b->len += settled_len;
            }
        } else if (q->has_settlement) {
            settlement_json(b, &q->settlement, q->settlement_basis);
        } else {
            PUT(b, "null");
        }
        rf__buf_putc(b, '}');
    }
    rf__buf_putc(b, ']');
    PUT(b, ",\"timeouts\":[");
    for (size_t i = 0; i < v->inserted_count; i++) {
        const rf_inserted *t = &v->inserted[i];
        if (i) rf__buf_putc(b, ',');
        PUT(b, "{\"at\":");
        put_time(b, t->at);
        PUT(b, ",\"actor\":\"system\",\"type\":");
        PUT_NAME(b, event_q, t->type);
        PUT(b, ",\"deadline\":");
        put_static(b, t->deadline);
        rf__buf_putc(b, '}');
    }
    PUT(b, "],\"findings\":[");
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        if (i) rf__buf_putc(b, ',');
        PUT(b, "{\"event\":");
        rf__json_put_cstr(b, f->event_id);
        PUT(b, ",\"code\":");
        PUT_NAME(b, finding_q, f->code);
        PUT(b, ",\"at\":");
        if (f->event_id) put_time(b, f->at);
        else PUT(b, "null");
        PUT(b, ",\"actor\":");
        PUT_NAME(b, actor_q, f->actor);
        PUT(b, ",\"type\":");
        PUT_NAME(b, event_q, f->type);
        PUT(b, ",\"request\":");
        if (f->request == SIZE_MAX) PUT(b, "null");
        else rf__json_put_int(b, (int64_t)f->request);
        PUT(b, ",\"message\":");
        put_message(b, f, zh);
        PUT(b, ",\"seed\":");
        rf__json_put_cstr(b, f->seed);
        if (f->applied) PUT(b, ",\"applied\":true");
        else PUT(b, ",\"applied\":false");
        if (f->has_money) {
            PUT(b, ",\"expected\":");
            put_money(b, f->expected);
            PUT(b, ",\"actual\":");
            put_money(b, f->actual);
            PUT(b, ",\"delta\":");
            put_delta(b, f->actual - f->expected);
        }
        if (f->has_due) {
            PUT(b, ",\"due\":");
            put_time(b, f->due);
        }
        put_basis(b, f->basis);
        rf__buf_putc(b, '}');
    }
    rf__buf_putc(b, ']');
    /* An imported case (TOP.md section 3): what its source did not say. */
    if (v->has_import) {
        PUT(b, ",\"assumptions\":{\"assumed\":[");
        for (size_t k = 0, n = 0; k < RF__ORDER_FIELD_COUNT; k++) {
            if (!(v->assumed >> k & 1u)) continue;
            if (n++) rf__buf_putc(b, ',');
            PUT(b, "\"order.");
            rf__buf_put(b, rf__order_fields[k].key, rf__order_fields[k].key_len);
            rf__buf_putc(b, '"');
        }
        PUT(b, "],\"missing\":[");
        for (int t = 0, n = 0; t < RF_EV_COUNT; t++) {
            if (!(v->missing >> t & 1u)) continue;
            if (n++) rf__buf_putc(b, ',');
            PUT_NAME(b, event_q, t);
        }
        PUT(b, "]}");
    }
    if (v->events_after_as_of) {
        PUT(b, ",\"events_after_as_of\":");
        rf__json_put_int(b, (int64_t)v->events_after_as_of);
    }
    rf__buf_putc(b, '}');
}

/* The order fields (rf_order_key order) as the seller console names them,
 * for the import line of zh text; JSON and English keep "order.KEY". */
static const char *const order_zh[] = {
    [RF_ORDER_KEY_ID] = "订单号",
    [RF_ORDER_KEY_CHANNEL] = "店铺类型",
    [RF_ORDER_KEY_ITEM_AMOUNT] = "商品金额",
    [RF_ORDER_KEY_SHIPPING_FEE] = "买家所付邮费",
    [RF_ORDER_KEY_FREE_SHIPPING] = "包邮",
    [RF_ORDER_KEY_SELLER_SHIPPING_COST] = "卖家发货运费",
    [RF_ORDER_KEY_SHIPPING_INSURANCE] = "运费险",
    [RF_ORDER_KEY_INVOICE_ISSUED] = "已开发票",
    [RF_ORDER_KEY_SEVEN_DAY_RETURN] = "支持七天无理由",
    [RF_ORDER_KEY_SHIP_EXEMPT] = "发货时限豁免",
    [RF_ORDER_KEY_DELIVERY] = "物流方式",
};
#define RF_COUNT_OF_(a) (sizeof(a) / sizeof((a)[0]))

/* An event type in text: its zh label in Chinese, its name in English. */
static const char *event_text(int type, bool zh) {
    const char *s = zh ? rf_enum_label_zh(RF_ENUM_EVENT, type) : rf_enum_name(RF_ENUM_EVENT, type);
    return s ? s : "?";
}

/* A deadline in text: in Chinese its label, in English its id (as before). */
static const char *deadline_text(const char *id, bool zh) {
    return zh ? rf__deadline_label(id, true) : (id ? id : "-");
}

static void verdict_text(rf__buf *b, const rf_verdict *v, bool zh) {
    char t[RF__HUMAN_TIME_MAX], span[RF__HUMAN_SPAN_MAX];
    rf__buf_printf(b, "%s %s  %s %s\n", zh ? "订单" : "order", v->order_id, zh ? "截至" : "as of",
                   rf__time_human(t, v->as_of, v->as_of, true, zh));
    rf__buf_printf(b, "%s: %s (%s)%s\n", zh ? "交易" : "trade",
                   zh ? rf_state_label(RF_MACHINE_TRADE, (int)v->trade) : rf_state_name(RF_MACHINE_TRADE, (int)v->trade),
                   v->aftersale ? (zh ? "售后" : "aftersale") : (zh ? "售中" : "onsale"), "");
    if (v->has_refund)
        rf__buf_printf(b, "%s: %s [%s, %s]\n", zh ? "退款" : "refund",
                       zh ? rf_state_label(v->refund_machine, v->refund_state) : state_name(v),
                       zh ? rf_enum_label_zh(RF_ENUM_KIND, (int)v->kind) : name_of(RF_ENUM_KIND, (int)v->kind),
                       zh ? rf_enum_label_zh(RF_ENUM_REASON, (int)v->reason) : name_of(RF_ENUM_REASON, (int)v->reason));
    else
        rf__buf_printf(b, "%s: %s\n", zh ? "退款" : "refund", zh ? "无" : "none");
    rf__buf_printf(b, "%s: %s\n", zh ? "客服介入" : "intervention",
                   zh ? rf_state_label(RF_MACHINE_INTERVENTION, (int)v->intervention)
                      : rf_state_name(RF_MACHINE_INTERVENTION, (int)v->intervention));
    for (size_t i = 0; i < v->complaint_count; i++) {
        const rf_complaint *k = &v->complaints[i];
        rf__buf_printf(b, "%s: %s %s\n", zh ? "维权" : "complaint",
                       zh ? rf_enum_label_zh(RF_ENUM_COMPLAINT, (int)k->type) : name_of(RF_ENUM_COMPLAINT, (int)k->type),
                       zh ? rf_state_label(RF_MACHINE_COMPLAINT, (int)k->state) : rf_state_name(RF_MACHINE_COMPLAINT, (int)k->state));
    }
    if (v->next_count) {
        rf__buf_printf(b, "%s:\n", zh ? "可进行的操作" : "may do next");
        for (size_t i = 0; i < v->next_count; i++)
            rf__buf_printf(b, "  %s: %s\n",
                           zh ? rf_enum_label_zh(RF_ENUM_ACTOR, (int)v->next[i].actor) : name_of(RF_ENUM_ACTOR, (int)v->next[i].actor),
                           event_text((int)v->next[i].type, zh));
    }
    if (v->deadline_count) {
        rf__buf_printf(b, "%s:\n", zh ? "期限" : "deadlines");
        for (size_t i = 0; i < v->deadline_count; i++) {
            const rf_deadline *d = &v->deadlines[i];
            /* A paused clock keeps what was left when it stopped. */
            if (d->paused) {
                rf__buf_printf(b, "  %s  %s %s  %s\n", zh ? "(暂停计时)" : "(paused)",
                               zh ? rf_enum_label_zh(RF_ENUM_ACTOR, (int)d->actor) : name_of(RF_ENUM_ACTOR, (int)d->actor),
                               deadline_text(d->id, zh), rf__span_human(span, d->remaining_s, 0, zh));
                continue;
            }
            rf__buf_printf(b, "  %s  %s %s  %s", rf__time_human(t, d->due, v->as_of, false, zh),
                           zh ? rf_enum_label_zh(RF_ENUM_ACTOR, (int)d->actor) : name_of(RF_ENUM_ACTOR, (int)d->actor),
                           deadline_text(d->id, zh), rf__span_human(span, d->due, v->as_of, zh));
            if (d->has_expiry)
                rf__buf_printf(b, "  %s%s", zh ? "到期: " : "on expiry: ", event_text((int)d->on_expiry, zh));
            rf__buf_putc(b, '\n');
        }
    }
    if (v->request_count > 1) {
        rf__buf_printf(b, "%s:\n", zh ? "全部申请" : "requests");
        for (size_t i = 0; i < v->request_count; i++) {
            const rf_request *q = &v->requests[i];
            char m[24];
            rf__buf_printf(b, "  %s %s %s [%s, %s] %s %s\n", q->event_id, rf__time_human(t, q->opened, v->as_of, false, zh),
                           zh ? rf_state_label(q->machine, q->state) : rf_state_name(q->machine, q->state),
                           zh ? rf_enum_label_zh(RF_ENUM_KIND, (int)q->kind) : name_of(RF_ENUM_KIND, (int)q->kind),
                           zh ? rf_enum_label_zh(RF_ENUM_REASON, (int)q->reason) : name_of(RF_ENUM_REASON, (int)q->reason),
                           zh ? "已退" : "refunded", rf_money_format(q->refunded, m));
        }
    }
    if (v->has_settlement) {
        if (v->settlement_basis != RF_BASIS_RECORDED)
            rf__buf_printf(b, "%s (%s):\n", zh ? "结算" : "settlement", basis_label(v->settlement_basis, zh));
        else
            rf__buf_printf(b, "%s:\n", zh ? "结算" : "settlement");
        settlement_text(b, &v->settlement, zh, "  ");
    }
    for (size_t i = 0; i < v->inserted_count; i++)
        rf__buf_printf(b, "%s %s %s (%s)\n", zh ? "补入超时" : "timeout inserted",
                       rf__time_human(t, v->inserted[i].at, v->as_of, false, zh), event_text((int)v->inserted[i].type, zh),
                       deadline_text(v->inserted[i].deadline, zh));
    if (v->finding_count) {
        rf__buf_printf(b, "%s (%zu):\n", zh ? "发现的问题" : "findings", v->finding_count);
        for (size_t i = 0; i < v->finding_count; i++) {
            const rf_finding *f = &v->findings[i];
            char text[512];
            rf__finding_message_text(f, zh ? RF_LANG_ZH : RF_LANG_EN, v->as_of, text, sizeof text);
            /* The zh sentence names the finding in words (当前状态不允许该操作):
             * the code stays in JSON and in English text. */
            if (zh)
                rf__buf_printf(b, "  %s: %s [规则: %s]", f->event_id ? f->event_id : "-", text,
                               rf__finding_rule_name(f->code, zh));
            else
                rf__buf_printf(b, "  %s %s: %s [rule: %s]", f->event_id ? f->event_id : "-", rf_finding_name(f->code),
                               text, rf__finding_rule_name(f->code, zh));
            if (f->basis != RF_BASIS_RECORDED) rf__buf_printf(b, " (%s)", basis_label(f->basis, zh));
            rf__buf_putc(b, '\n');
        }
    } else {
        rf__buf_printf(b, "%s\n", zh ? "没有发现问题" : "no findings");
    }
    if (v->has_import) {
        rf__buf_printf(b, "%s:", zh ? "导入假定" : "assumed on import");
        size_t n = 0;
        for (size_t k = 0; k < RF__ORDER_FIELD_COUNT; k++)
            if (v->assumed >> k & 1u) {
                if (zh && k < RF_COUNT_OF_(order_zh)) rf__buf_printf(b, "%s %s", n++ ? "," : "", order_zh[k]);
                else rf__buf_printf(b, "%s order.%s", n++ ? "," : "", rf__order_fields[k].key);
            }
        if (!n) rf__buf_printf(b, " %s", zh ? "无" : "none");
        rf__buf_printf(b, "; %s:", zh ? "来源缺失" : "missing from the source");
        n = 0;
        for (int ty = 0; ty < RF_EV_COUNT; ty++)
            if (v->missing >> ty & 1u) rf__buf_printf(b, "%s %s", n++ ? "," : "", event_text(ty, zh));
        if (!n) rf__buf_printf(b, " %s", zh ? "无" : "none");
        rf__buf_putc(b, '\n');
    }
}

void rf__render_verdict_to(rf__buf *b, rf__buf *scratch, const rf_verdict *v, rf_format format,
                           rf_lang lang) {
    bool zh = lang == RF_LANG_ZH;
    if (format == RF_FORMAT_TEXT) {
        verdict_text(b, v, zh);
    } else if (format == RF_FORMAT_JSON) {
        rf__buf own;
        if (scratch) {
            scratch->len = 0;
            scratch->failed = false;
            verdict_json(scratch, v, zh);
            if (scratch->failed) rf__buf_fail(b);
            else rf__json_pretty(b, scratch->data, scratch->len, 2);
        } else {
            compact_begin(&own, b);
            verdict_json(&own, v, zh);
            compact_end_pretty(&own, b);
        }
        rf__buf_putc(b, '\n');
    } else {
        verdict_json(b, v, zh);
        rf__buf_putc(b, '\n');
    }
}

rf_status rf_render_verdict(const rf_ctx *ctx, const rf_verdict *v, rf_format format,
                            rf_lang lang, char **out, size_t *len) {
    rf__buf b;
    if (!v || !out) return bad_argument(out);
    rf__buf_init(&b, alloc_of(ctx));
    /* A verdict is about 1 KB of JSON (rarely over 2 KB): one allocation
     * holds nearly all of them, where growing from nothing took five. The
     * slack is given back before returning (a shrinking realloc costs little
     * next to five growing ones), since `replay --ndjson` holds a whole batch
     * of verdicts at once. */
    rf__buf_reserve(&b, 2048);
    rf__render_verdict_to(&b, NULL, v, format, lang);
    if (b.cap - b.len > 256) rf__buf_shrink(&b);
    return finish(&b, out, len);
}

/* ---- findings as CSV ------------------------------------------------------------------ */

/* FORMAT.md "CSV": the columns, in this order, named as the JSON keys. */
#define CSV_HEADER "line,order,event,code,at,actor,type,expected,actual,delta,due,seed,message\r\n"
#define CSV_BOM "\xEF\xBB\xBF"

/* One field, as RFC 4180 writes it: as is, or quoted (with its quotes
 * doubled) when it holds a comma, a quote, CR or LF. NULL is empty. */
static void csv_field(rf__buf *b, const char *s, size_t n) {
    size_t i = 0;
    while (i < n && s[i] != ',' && s[i] != '"' && s[i] != '\r' && s[i] != '\n') i++;
    if (i == n) {
        rf__buf_put(b, s, n);
        return;
    }
    rf__buf_putc(b, '"');
    for (size_t from = 0; from < n;) {
        const char *q = memchr(s + from, '"', n - from);
        size_t to = q ? (size_t)(q - s) + 1 : n;
        rf__buf_put(b, s + from, to - from);
        if (q) rf__buf_putc(b, '"');
        from = to;
    }
    rf__buf_putc(b, '"');
}

static void csv_cstr(rf__buf *b, const char *s) {
    if (s) csv_field(b, s, strlen(s));
}

/* Times, money and names never need quotes. */
static void csv_time(rf__buf *b, rf_time t) {
    if (!rf__buf_reserve(b, RF__TIME_TEXT_MAX)) return;
    b->len = (size_t)(rf__time_format_to(b->data + b->len, t) - b->data);
}

static void csv_money(rf__buf *b, rf_fen fen, bool sign) {
    if (!rf__buf_reserve(b, RF__MONEY_TEXT_MAX + 1)) return;
    if (sign && fen > 0) b->data[b->len++] = '+';
    b->len = (size_t)(rf__money_format_to(b->data + b->len, fen) - b->data);
}

static void findings_csv(rf__buf *b, const rf_verdict *v, const rf_csv_options *o, bool zh) {
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        if (o->codes && ((unsigned)f->code >= 64 || !((o->codes >> f->code) & 1u))) continue;
        csv_cstr(b, o->line);
        rf__buf_putc(b, ',');
        csv_cstr(b, v->order_id);
        rf__buf_putc(b, ',');
        csv_cstr(b, f->event_id);
        rf__buf_putc(b, ',');
        csv_cstr(b, rf_finding_name(f->code));
        rf__buf_putc(b, ',');
        if (f->event_id) csv_time(b, f->at);
        rf__buf_putc(b, ',');
        csv_cstr(b, rf_enum_name(RF_ENUM_ACTOR, (int)f->actor));
        rf__buf_putc(b, ',');
        csv_cstr(b, rf_enum_name(RF_ENUM_EVENT, (int)f->type));
        rf__buf_putc(b, ',');
        if (f->has_money) {
            csv_money(b, f->expected, false);
            rf__buf_putc(b, ',');
            csv_money(b, f->actual, false);
            rf__buf_putc(b, ',');
            csv_money(b, f->actual - f->expected, true);
        } else {
            RF__PUT_LIT(b, ",,");
        }
        rf__buf_putc(b, ',');
        if (f->has_due) csv_time(b, f->due);
        rf__buf_putc(b, ',');
        csv_cstr(b, f->seed);
        rf__buf_putc(b, ',');
        char text[512];
        size_t n = rf_finding_message(f, zh ? RF_LANG_ZH : RF_LANG_EN, text, sizeof text);
        csv_field(b, text, n < sizeof text ? n : sizeof text - 1);
        RF__PUT_LIT(b, "\r\n");
    }
}

rf_status rf_render_findings_csv(const rf_ctx *ctx, const rf_verdict *v, const rf_csv_options *options,
                                 rf_lang lang, char **out, size_t *len) {
    rf_csv_options o = RF_CSV_OPTIONS_INIT;
    rf__buf b;
    if (!out) return bad_argument(out);
    if (options && rf__csv_options_import(options, &o, NULL) != RF_OK) return bad_argument(out);
    rf__buf_init(&b, alloc_of(ctx));
    if (o.bom) RF__PUT_LIT(&b, CSV_BOM);
    if (o.header) RF__PUT_LIT(&b, CSV_HEADER);
    if (v) findings_csv(&b, v, &o, lang == RF_LANG_ZH);
    return finish(&b, out, len);
}

/* ---- policy and rules -------------------------------------------------------------- */

static void policy_json(rf__buf *b, const rf_policy *p) {
    /* The first key opens the object; each later one follows a comma. */
    char open = '{';
#define RF_X_(e, key, def, unit, seed, desc)   \
    rf__buf_putc(b, open);                  \
    open = ',';                             \
    PUT(b, "\"" #key "\":");                \
    rf__json_put_int(b, p->key);
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
    rf__buf_putc(b, '}');
}

rf_status rf_render_policy(const rf_ctx *ctx, char **out, size_t *len) {
    rf_policy p;
    rf__buf b;
    if (!out) return RF_E_INVALID;
    if (ctx) p = ctx->policy;
    else rf__policy_defaults(&p);
    rf__buf compact;
    rf__buf_init(&b, alloc_of(ctx));
    compact_begin(&compact, &b);
    policy_json(&compact, &p);
    compact_end_pretty(&compact, &b);
    rf__buf_putc(&b, '\n');
    return finish(&b, out, len);
}

static const char *unit_text_zh(rf__unit unit) {
    switch (unit) {
    case RF__UNIT_DAYS: return "天";
    case RF__UNIT_HOURS: return "小时";
    case RF__UNIT_WORKDAYS: return "个工作日";
    case RF__UNIT_NONE: break;
    }
    return "";
}

static const char *unit_text(rf__unit unit) {
    switch (unit) {
    case RF__UNIT_DAYS: return "days";
    case RF__UNIT_HOURS: return "hours";
    case RF__UNIT_WORKDAYS: return "workdays";
    case RF__UNIT_NONE: break;
    }
    return "";
}

static int64_t policy_at(const rf_policy *p, size_t offset) {
    int64_t v;
    memcpy(&v, (const char *)p + offset, sizeof v);
    return v;
}

/* A machine as zh text names it. */
static const char *machine_text(rf_machine_id m, bool zh) {
    static const char *const zh_names[RF_MACHINE_COUNT] = {
        [RF_MACHINE_TRADE] = "交易", [RF_MACHINE_REFUND] = "退款", [RF_MACHINE_EXCHANGE] = "换货",
        [RF_MACHINE_INTERVENTION] = "客服介入", [RF_MACHINE_COMPLAINT] = "维权",
    };
    const rf_machine *mc = rf_machine_get(m);
    if (zh) return (unsigned)m < RF_MACHINE_COUNT ? zh_names[m] : "?";
    return mc ? mc->name : "?";
}

/* An actor: its zh label or its name. */
static const char *actor_text(int a, bool zh) {
    const char *s = zh ? rf_enum_label_zh(RF_ENUM_ACTOR, a) : rf_enum_name(RF_ENUM_ACTOR, a);
    return s ? s : "?";
}

/* The rule tables of rules.h, row by row, as the engine reads them. */
static void rules_tables(rf__buf *b, const rf_policy *p, bool zh) {
    rf__buf_printf(b, "\n%s\n", zh ? "各状态的期限 (rules.c)" : "deadlines by state (rules.c)");
    for (size_t i = 0; i < rf__deadline_rule_count; i++) {
        const rf__deadline_rule *r = &rf__deadline_rules[i];
        const rf_machine *m = rf_machine_get(r->machine);
        if (zh) {
            rf__buf_printf(b, "  %s %s %s ", machine_text(r->machine, true), m->state_labels[r->state],
                           actor_text((int)r->actor, true));
            if (r->why_not) {
                rf__buf_printf(b, "不计时: %s [%s; %s]\n", r->why_not_zh, rf__when_text_zh(r->when), r->seed);
                continue;
            }
            rf__buf_printf(b, "%s ", rf__deadline_label(r->id, true));
            if (r->policy_key)
                rf__buf_printf(b, "%lld %s ", (long long)policy_at(p, r->policy_offset), unit_text_zh(r->unit));
            else
                rf__buf_printf(b, "按维权类型 ");
            rf__buf_printf(b, "起算: %s, 到期: %s [%s; %s]\n", rf__clock_text_zh(r->clock),
                           r->on_expiry >= 0 ? rf_enum_label_zh(RF_ENUM_EVENT, r->on_expiry) : "-",
                           rf__when_text_zh(r->when), r->seed);
            continue;
        }
        rf__buf_printf(b, "  %-12s %-28s %-8s ", m->name, m->state_names[r->state],
                       rf_enum_name(RF_ENUM_ACTOR, (int)r->actor));
        if (r->why_not) {
            rf__buf_printf(b, "%s: %s [%s; %s]\n", "no clock", r->why_not, rf__when_text(r->when), r->seed);
            continue;
        }
        rf__buf_printf(b, "%-22s ", r->id);
        if (r->policy_key)
            rf__buf_printf(b, "%lld %s (%s) ", (long long)policy_at(p, r->policy_offset), unit_text(r->unit), r->policy_key);
        else
            rf__buf_printf(b, "%s ", "per complaint type");
        rf__buf_printf(b, "%s %s, %s %s [%s; %s]\n", "from", rf__clock_text(r->clock),
                       "on expiry", r->on_expiry >= 0 ? rf_enum_name(RF_ENUM_EVENT, r->on_expiry) : "-",
                       rf__when_text(r->when), r->seed);
    }
    rf__buf_printf(b, "\n%s\n", zh ? "维权: 谁可发起、何时 (rules.c)" : "complaints: who may file, and when (rules.c)");
    for (int t = 0; t < RF_COMPLAINT_COUNT; t++) {
        const rf__complaint_rule *c = &rf__complaint_rules[t];
        if (zh) {
            static const char *const windows_zh[] = {"交易成功后 N 天内", "付款后 N 小时仍未发货时",
                                                      "未付款或交易关闭时、下单后 N 天内"};
            rf__buf_printf(b, "  %s: %s%s可发起, %s (N = %lld)%s%s", rf_enum_label_zh(RF_ENUM_COMPLAINT, t),
                           c->filers & (1u << RF_ACTOR_SELLER) ? "买家或卖家" : "买家",
                           c->reviewed_party ? "(被评价方)" : "", windows_zh[c->window],
                           (long long)policy_at(p, c->window_offset), c->not_on_mall ? ", 不适用于天猫(商城)" : "",
                           c->exempt_goods_excluded ? ", 定制、预售及特殊运送商品除外" : "");
            if (c->platform_key)
                rf__buf_printf(b, "; 平台应在 %lld 个工作日内处理", (long long)policy_at(p, c->platform_offset));
            rf__buf_printf(b, " [%s]\n", c->seed);
            continue;
        }
        static const char *const windows[] = {"0..N days after TRADE_FINISHED",
                                               "once N hours after payment passed unshipped",
                                               "unpaid or closed, 0..N days after order_created"};
        rf__buf_printf(b, "  %-18s %s%s, %s (N = %lld, %s)%s%s", rf_enum_name(RF_ENUM_COMPLAINT, t),
                       c->filers & (1u << RF_ACTOR_SELLER) ? "buyer|seller" : "buyer",
                       c->reviewed_party ? " (the reviewed party)" : "", windows[c->window],
                       (long long)policy_at(p, c->window_offset), c->window_key, c->not_on_mall ? ", not on mall" : "",
                       c->exempt_goods_excluded ? ", exempt goods excluded" : "");
        if (c->platform_key)
            rf__buf_printf(b, "; platform within %lld workdays (%s)", (long long)policy_at(p, c->platform_offset),
                           c->platform_key);
        rf__buf_printf(b, " [%s]\n", c->seed);
    }
    rf__buf_printf(b, "\n%s\n", zh ? "维权的应答方 (rules.c)" : "who answers a complaint (rules.c)");
    for (size_t i = 0; i < rf__party_rule_count; i++) {
        bool by = rf__party_rules[i].by_complainant;
        if (zh)
            rf__buf_printf(b, "  %s: %s [%s]\n", rf_enum_label_zh(RF_ENUM_EVENT, (int)rf__party_rules[i].event),
                           by ? "只能由发起方" : "只能由被维权方", rf__party_rules[i].seed);
        else
            rf__buf_printf(b, "  %-20s %s [%s]\n", rf_enum_name(RF_ENUM_EVENT, (int)rf__party_rules[i].event),
                           by ? "the complainant" : "the respondent", rf__party_rules[i].seed);
    }
    rf__buf_printf(b, "\n%s\n", zh ? "联动 (rules.c)" : "steps that drive another machine (rules.c)");
    for (size_t i = 0; i < rf__cascade_count; i++) {
        const rf__cascade *c = &rf__cascades[i];
        if (zh) {
            rf__buf_printf(b, "  %s「%s」-> %s「%s」: %s [%s]\n", machine_text(c->from, true),
                           rf_enum_label_zh(RF_ENUM_EVENT, (int)c->event), c->to == RF__TARGET_TRADE ? "交易" : "申请",
                           rf_enum_label_zh(RF_ENUM_EVENT, (int)c->fires), c->what_zh, c->seed);
            continue;
        }
        rf__buf_printf(b, "  %s %s -> %s %s: %s [%s]\n", rf_machine_get(c->from)->name,
                       rf_enum_name(RF_ENUM_EVENT, (int)c->event), c->to == RF__TARGET_TRADE ? "trade" : "request",
                       rf_enum_name(RF_ENUM_EVENT, (int)c->fires), c->what, c->seed);
    }
}

rf_status rf_render_rules(const rf_ctx *ctx, rf_lang lang, char **out, size_t *len) {
    bool zh = lang == RF_LANG_ZH;
    rf_policy p;
    rf__buf b;
    if (!out) return RF_E_INVALID;
    if (ctx) p = ctx->policy;
    else rf__policy_defaults(&p);
    rf__buf_init(&b, alloc_of(ctx));
    rf__buf_printf(&b, "%s\n", zh ? "退换邮费标准 (RULES.md 3, 先匹配者适用)" : "Postage and deductions (RULES.md 3, first match wins)");
    for (int r = 0; r < RF_RULE_COUNT; r++)
        rf__buf_printf(&b, "  %s  %-14s %s\n", rf_rule_id((rf_rule)r), rf_rule_seed((rf_rule)r), rf_rule_label((rf_rule)r, zh));
    for (int d = 0; d < RF_DED_COUNT; d++)
        if (zh)
            rf__buf_printf(&b, "  - %-8s %s\n", rf_deduction_seed((rf_deduction_id)d), rf_deduction_label((rf_deduction_id)d, true));
        else
            rf__buf_printf(&b, "  - %-16s %-8s %s\n", rf_deduction_name((rf_deduction_id)d),
                           rf_deduction_seed((rf_deduction_id)d), rf_deduction_label((rf_deduction_id)d, false));
    rf__buf_printf(&b, "\n%s\n", zh ? "期限与费率 (规则参数, 可用 --policy 覆盖)" : "Deadlines and rates (policy values; --policy overrides)");
#define RF_X_(e, key, def, unit, seed, desc)                                                            \
    if (zh)                                                                                                \
        rf__buf_printf(&b, "  %6lld %s  %-8s %s\n", (long long)p.key, rf__policy_unit_zh(unit), seed,      \
                       rf__policy_label_zh(e));                                                           \
    else                                                                                                   \
        rf__buf_printf(&b, "  %-36s %6lld %-8s %-8s %s\n", #key, (long long)p.key, unit, seed, desc);
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
    if (zh) rf__buf_printf(&b, "  (%s)\n", "各规则参数的键名见 refund rules --format json, 用 --policy 文件覆盖");
    for (int m = 0; m < RF_MACHINE_COUNT; m++) {
        const rf_machine *mc = rf_machine_get((rf_machine_id)m);
        rf__buf_printf(&b, "\n%s: %s\n", zh ? "状态机" : "machine", machine_text((rf_machine_id)m, zh));
        for (size_t i = 0; i < mc->row_count; i++) {
            const rf_transition *t = &mc->rows[i];
            if (zh) {
                rf__buf_printf(&b, "  %s -「%s」", mc->state_labels[t->from], rf_enum_label_zh(RF_ENUM_EVENT, (int)t->event));
                if (t->guard != RF_GUARD_NONE) rf__buf_printf(&b, " [%s]", rf__guard_label_zh(t->guard));
                rf__buf_printf(&b, "-> %s  (", mc->state_labels[t->to]);
                bool first_zh = true;
                for (int a = 0; a < RF_ACTOR_COUNT; a++)
                    if (t->actors & (1u << a)) {
                        rf__buf_printf(&b, "%s%s", first_zh ? "" : "|", actor_text(a, true));
                        first_zh = false;
                    }
                rf__buf_printf(&b, "; %s)\n", t->seed);
                continue;
            }
            rf__buf_printf(&b, "  %-28s -%s", zh ? mc->state_labels[t->from] : mc->state_names[t->from],
                           rf_enum_name(RF_ENUM_EVENT, (int)t->event));
            if (t->guard != RF_GUARD_NONE) rf__buf_printf(&b, " [%s]", rf_guard_name(t->guard));
            rf__buf_printf(&b, "-> %s  (", zh ? mc->state_labels[t->to] : mc->state_names[t->to]);
            bool first = true;
            for (int a = 0; a < RF_ACTOR_COUNT; a++)
                if (t->actors & (1u << a)) {
                    rf__buf_printf(&b, "%s%s", first ? "" : "|", rf_enum_name(RF_ENUM_ACTOR, a));
                    first = false;
                }
            rf__buf_printf(&b, "; %s)\n", t->seed);
        }
    }
    rules_tables(&b, &p, zh);
    rf__buf_printf(&b, "\n%s\n", zh ? "问题代码" : "audit findings");
    for (int f = 1; f < RF_FINDING_COUNT; f++)
        rf__buf_printf(&b, "  %-24s %s\n", rf_finding_name((rf_finding_code)f), rf_finding_label((rf_finding_code)f, zh));
    return finish(&b, out, len);
}

/* ---- diagrams ------------------------------------------------------------------------ */

static void edge_label(rf__buf *b, const rf_transition *t) {
    rf__buf_puts(b, rf_enum_name(RF_ENUM_EVENT, (int)t->event));
    if (t->guard != RF_GUARD_NONE) rf__buf_printf(b, " [%s]", rf_guard_name(t->guard));
    rf__buf_puts(b, " (");
    bool first = true;
    for (int a = 0; a < RF_ACTOR_COUNT; a++)
        if (t->actors & (1u << a)) {
            rf__buf_printf(b, "%s%s", first ? "" : "|", rf_enum_name(RF_ENUM_ACTOR, a));
            first = false;
        }
    rf__buf_puts(b, ")");
}

rf_status rf_render_graph(const rf_ctx *ctx, rf_machine_id machine, const char *syntax,
                          char **out, size_t *len) {
    const rf_machine *m = rf_machine_get(machine);
    rf__buf b;
    if (!m || !syntax || !out) return bad_argument(out);
    bool dot = !strcmp(syntax, "dot");
    if (!dot && strcmp(syntax, "mermaid") != 0) return bad_argument(out);
    rf__buf_init(&b, alloc_of(ctx));
    if (dot) {
        rf__buf_printf(&b, "digraph %s {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Noto Sans CJK SC,sans-serif\"];\n", m->name);
        for (size_t s = 0; s < m->state_count; s++)
            rf__buf_printf(&b, "  %s [label=\"%s\\n%s\"%s];\n", m->state_names[s], m->state_names[s],
                           m->state_labels[s], m->terminal[s] ? ", peripheries=2" : "");
        for (size_t i = 0; i < m->row_count; i++) {
            const rf_transition *t = &m->rows[i];
            rf__buf_printf(&b, "  %s -> %s [label=\"", m->state_names[t->from], m->state_names[t->to]);
            edge_label(&b, t);
            rf__buf_puts(&b, "\"];\n");
        }
        rf__buf_puts(&b, "}\n");
    } else {
        rf__buf_puts(&b, "stateDiagram-v2\n");
        for (size_t s = 0; s < m->state_count; s++)
            rf__buf_printf(&b, "  state \"%s %s\" as %s\n", m->state_names[s], m->state_labels[s], m->state_names[s]);
        rf__buf_printf(&b, "  [*] --> %s\n", m->state_names[m->initial]);
        for (size_t i = 0; i < m->row_count; i++) {
            const rf_transition *t = &m->rows[i];
            rf__buf_printf(&b, "  %s --> %s : ", m->state_names[t->from], m->state_names[t->to]);
            edge_label(&b, t);
            rf__buf_putc(&b, '\n');
        }
        for (size_t s = 0; s < m->state_count; s++)
            if (m->terminal[s]) rf__buf_printf(&b, "  %s --> [*]\n", m->state_names[s]);
    }
    return finish(&b, out, len);
}
