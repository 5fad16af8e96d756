/*
 * The one writer behind `check`, `replay`, `quote`, `rules` and `graph`:
 * JSON with FORMAT.md's keys in a fixed order, and text in English or Chinese.
 */
#include "json.h"

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

void rf_string_free(const rf_ctx *ctx, char *text) { rf__free(alloc_of(ctx), text); }

static const char *name_of(rf_enum_id e, int v) { return rf_enum_name(e, v); }
static const char *party(rf_party p) { return rf_enum_name(RF_ENUM_PARTY, (int)p); }

/* ---- settlement ------------------------------------------------------------------ */

static void settlement_json(rf__jw *w, const rf_settlement *s) {
    rf__jw_object_begin(w);
    rf__jw_key(w, "rule"); rf__jw_string(w, rf_rule_id(s->rule));
    rf__jw_key(w, "refund"); rf__jw_money(w, s->refund);
    rf__jw_key(w, "deductions");
    rf__jw_array_begin(w);
    for (size_t i = 0; i < s->deduction_count; i++) {
        const rf_deduction *d = &s->deductions[i];
        rf__jw_object_begin(w);
        rf__jw_key(w, "id"); rf__jw_string(w, rf_deduction_name(d->id));
        rf__jw_key(w, "amount"); rf__jw_money(w, d->amount);
        if (d->id == RF_DED_HANDLING_FEE) {
            rf__jw_key(w, "commission"); rf__jw_money(w, d->commission);
            rf__jw_key(w, "points"); rf__jw_money(w, d->points);
        }
        rf__jw_key(w, "seed"); rf__jw_string(w, rf_deduction_seed(d->id));
        rf__jw_object_end(w);
    }
    rf__jw_array_end(w);
    rf__jw_key(w, "return_postage_payer"); rf__jw_string(w, party(s->return_postage_payer));
    rf__jw_key(w, "insurance"); rf__jw_string(w, name_of(RF_ENUM_INSURANCE, (int)s->insurance));
    rf__jw_key(w, "exchange_postage_payer"); rf__jw_string(w, party(s->exchange_postage_payer));
    rf__jw_key(w, "eligible"); rf__jw_bool(w, s->eligible);
    rf__jw_key(w, "base"); rf__jw_money(w, s->base);
    rf__jw_key(w, "allowed"); rf__jw_money(w, s->allowed);
    rf__jw_key(w, "postage_refunded"); rf__jw_money(w, s->postage_refunded);
    rf__jw_key(w, "payment_link"); rf__jw_money(w, s->payment_link);
    if (s->partial_cap) { rf__jw_key(w, "partial_cap"); rf__jw_money(w, s->partial_cap); }
    rf__jw_key(w, "remedy"); rf__jw_string(w, rf_remedy_name(s->remedy));
    if (s->remedy == RF_REMEDY_RESHIP_PART) {
        rf__jw_key(w, "reship_postage_payer");
        rf__jw_string(w, s->reship_by_agent ? "agent" : party(s->reship_postage_payer));
    }
    rf__jw_key(w, "seed"); rf__jw_string(w, rf_rule_seed(s->rule));
    rf__jw_object_end(w);
}

static void settlement_text(rf__buf *b, const rf_settlement *s, bool zh, const char *indent) {
    char m[24];
    rf__buf_printf(b, "%s%s %s (%s): %s\n", indent, zh ? "规则" : "rule", rf_rule_id(s->rule),
                   rf_rule_seed(s->rule), rf_rule_label(s->rule, zh));
    rf__buf_printf(b, "%s%s %s\n", indent, zh ? "应退金额" : "refund", rf_money_format(s->refund, m));
    for (size_t i = 0; i < s->deduction_count; i++) {
        const rf_deduction *d = &s->deductions[i];
        rf__buf_printf(b, "%s  - %s %s (%s)", indent, rf_deduction_label(d->id, zh),
                       rf_money_format(d->amount, m), rf_deduction_seed(d->id));
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
        rf__buf_printf(b, "%s%s\n", indent, zh ? "不符合七天无理由退换条件" : "not eligible for a no-reason return");
    if (s->partial_cap)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "折价上限(换货成本)" : "partial refund cap (cost of an exchange)",
                       rf_money_format(s->partial_cap, m));
    if (s->remedy != RF_REMEDY_NONE)
        rf__buf_printf(b, "%s%s (%s)\n", indent, rf_remedy_label(s->remedy, zh), rf_remedy_seed(s->remedy));
    if (s->remedy == RF_REMEDY_RESHIP_PART)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "补发邮费承担方" : "reship postage paid by",
                       s->reship_by_agent ? (zh ? "收件代理(未备注订单)" : "the receiving agent (order note not made)")
                                          : (zh ? "店铺(仓库出错)" : "the shop (warehouse error)"));
}

rf_status rf_render_settlement(const rf_ctx *ctx, const rf_settlement *s, rf_format format,
                               rf_lang lang, char **out, size_t *len) {
    rf__buf b;
    rf__buf_init(&b, alloc_of(ctx));
    if (format == RF_FORMAT_TEXT) {
        settlement_text(&b, s, lang == RF_LANG_ZH, "");
    } else {
        rf__jw w;
        rf__jw_init(&w, &b, format == RF_FORMAT_JSON ? 2 : 0);
        settlement_json(&w, s);
        rf__buf_putc(&b, '\n');
    }
    return finish(&b, out, len);
}

/* ---- verdict ----------------------------------------------------------------------- */

static const char *state_name(const rf_verdict *v) {
    return rf_state_name(v->refund_machine, v->refund_state);
}

static void verdict_json(rf__jw *w, const rf_verdict *v, bool zh) {
    rf__jw_object_begin(w);
    rf__jw_key(w, "order"); rf__jw_string(w, v->order_id);
    rf__jw_key(w, "as_of"); rf__jw_time(w, v->as_of);
    rf__jw_key(w, "trade");
    rf__jw_object_begin(w);
    rf__jw_key(w, "state"); rf__jw_string(w, rf_state_name(RF_MACHINE_TRADE, (int)v->trade));
    rf__jw_key(w, "phase"); rf__jw_string(w, v->aftersale ? "aftersale" : "onsale");
    rf__jw_object_end(w);
    rf__jw_key(w, "refund");
    if (!v->has_refund) {
        rf__jw_null(w);
    } else {
        rf__jw_object_begin(w);
        rf__jw_key(w, "state"); rf__jw_string(w, state_name(v));
        rf__jw_key(w, "kind"); rf__jw_string(w, name_of(RF_ENUM_KIND, (int)v->kind));
        rf__jw_key(w, "reason"); rf__jw_string(w, name_of(RF_ENUM_REASON, (int)v->reason));
        rf__jw_key(w, "machine"); rf__jw_string(w, rf_machine_get(v->refund_machine)->name);
        rf__jw_object_end(w);
    }
    rf__jw_key(w, "intervention");
    rf__jw_object_begin(w);
    rf__jw_key(w, "state"); rf__jw_string(w, rf_state_name(RF_MACHINE_INTERVENTION, (int)v->intervention));
    rf__jw_object_end(w);
    rf__jw_key(w, "complaints");
    rf__jw_array_begin(w);
    for (size_t i = 0; i < v->complaint_count; i++) {
        const rf_complaint *k = &v->complaints[i];
        rf__jw_object_begin(w);
        rf__jw_key(w, "type"); rf__jw_string(w, name_of(RF_ENUM_COMPLAINT, (int)k->type));
        rf__jw_key(w, "state"); rf__jw_string(w, rf_state_name(RF_MACHINE_COMPLAINT, (int)k->state));
        rf__jw_key(w, "complainant"); rf__jw_string(w, name_of(RF_ENUM_ACTOR, (int)k->complainant));
        rf__jw_key(w, "event"); rf__jw_string(w, k->event_id);
        rf__jw_object_end(w);
    }
    rf__jw_array_end(w);
    rf__jw_key(w, "next");
    rf__jw_array_begin(w);
    for (size_t i = 0; i < v->next_count; i++) {
        rf__jw_object_begin(w);
        rf__jw_key(w, "actor"); rf__jw_string(w, name_of(RF_ENUM_ACTOR, (int)v->next[i].actor));
        rf__jw_key(w, "type"); rf__jw_string(w, name_of(RF_ENUM_EVENT, (int)v->next[i].type));
        rf__jw_object_end(w);
    }
    rf__jw_array_end(w);
    rf__jw_key(w, "deadlines");
    rf__jw_array_begin(w);
    for (size_t i = 0; i < v->deadline_count; i++) {
        const rf_deadline *d = &v->deadlines[i];
        rf__jw_object_begin(w);
        rf__jw_key(w, "id"); rf__jw_string(w, d->id);
        rf__jw_key(w, "actor"); rf__jw_string(w, name_of(RF_ENUM_ACTOR, (int)d->actor));
        rf__jw_key(w, "due"); rf__jw_time(w, d->due);
        rf__jw_key(w, "on_expiry");
        if (d->has_expiry) rf__jw_string(w, name_of(RF_ENUM_EVENT, (int)d->on_expiry));
        else rf__jw_null(w);
        rf__jw_key(w, "expired"); rf__jw_bool(w, v->as_of > d->due);
        rf__jw_key(w, "seed"); rf__jw_string(w, d->seed);
        rf__jw_object_end(w);
    }
    rf__jw_array_end(w);
    rf__jw_key(w, "settlement");
    if (v->has_settlement) settlement_json(w, &v->settlement);
    else rf__jw_null(w);
    rf__jw_key(w, "timeouts");
    rf__jw_array_begin(w);
    for (size_t i = 0; i < v->inserted_count; i++) {
        const rf_inserted *t = &v->inserted[i];
        rf__jw_object_begin(w);
        rf__jw_key(w, "at"); rf__jw_time(w, t->at);
        rf__jw_key(w, "actor"); rf__jw_string(w, "system");
        rf__jw_key(w, "type"); rf__jw_string(w, name_of(RF_ENUM_EVENT, (int)t->type));
        rf__jw_key(w, "deadline"); rf__jw_string(w, t->deadline);
        rf__jw_object_end(w);
    }
    rf__jw_array_end(w);
    rf__jw_key(w, "findings");
    rf__jw_array_begin(w);
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        rf__jw_object_begin(w);
        rf__jw_key(w, "event"); rf__jw_string(w, f->event_id);
        rf__jw_key(w, "code"); rf__jw_string(w, rf_finding_name(f->code));
        rf__jw_key(w, "message"); rf__jw_string(w, zh ? f->message_zh : f->message_en);
        rf__jw_key(w, "seed"); rf__jw_string(w, f->seed);
        rf__jw_key(w, "applied"); rf__jw_bool(w, !f->refused);
        rf__jw_object_end(w);
    }
    rf__jw_array_end(w);
    if (v->events_after_as_of) {
        rf__jw_key(w, "events_after_as_of");
        rf__jw_int(w, (int64_t)v->events_after_as_of);
    }
    rf__jw_object_end(w);
}

static void verdict_text(rf__buf *b, const rf_verdict *v, bool zh) {
    char t[32];
    rf__buf_printf(b, "%s %s  %s %s\n", zh ? "订单" : "order", v->order_id, zh ? "截至" : "as of",
                   rf_time_format(v->as_of, t));
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
                           name_of(RF_ENUM_EVENT, (int)v->next[i].type));
    }
    if (v->deadline_count) {
        rf__buf_printf(b, "%s:\n", zh ? "期限" : "deadlines");
        for (size_t i = 0; i < v->deadline_count; i++) {
            const rf_deadline *d = &v->deadlines[i];
            rf__buf_printf(b, "  %s  %s %s  %s%s%s\n", rf_time_format(d->due, t),
                           zh ? rf_enum_label_zh(RF_ENUM_ACTOR, (int)d->actor) : name_of(RF_ENUM_ACTOR, (int)d->actor),
                           d->id, d->has_expiry ? (zh ? "到期: " : "on expiry: ") : "",
                           d->has_expiry ? name_of(RF_ENUM_EVENT, (int)d->on_expiry) : "",
                           v->as_of > d->due ? (zh ? " (已过期)" : " (expired)") : "");
        }
    }
    if (v->has_settlement) {
        rf__buf_printf(b, "%s:\n", zh ? "结算" : "settlement");
        settlement_text(b, &v->settlement, zh, "  ");
    }
    for (size_t i = 0; i < v->inserted_count; i++)
        rf__buf_printf(b, "%s %s %s (%s)\n", zh ? "补入超时" : "timeout inserted",
                       rf_time_format(v->inserted[i].at, t), name_of(RF_ENUM_EVENT, (int)v->inserted[i].type),
                       v->inserted[i].deadline);
    if (v->finding_count) {
        rf__buf_printf(b, "%s (%zu):\n", zh ? "审计发现" : "findings", v->finding_count);
        for (size_t i = 0; i < v->finding_count; i++) {
            const rf_finding *f = &v->findings[i];
            rf__buf_printf(b, "  %s %s: %s [%s]\n", f->event_id ? f->event_id : "-", rf_finding_name(f->code),
                           zh ? f->message_zh : f->message_en, f->seed);
        }
    } else {
        rf__buf_printf(b, "%s\n", zh ? "无审计发现" : "no findings");
    }
}

/* TEMPORARY until the fast writer lands. */
void rf__render_verdict_to(rf__buf *b, const rf_verdict *v, rf_format format, rf_lang lang) {
    if (format == RF_FORMAT_TEXT) {
        verdict_text(b, v, lang == RF_LANG_ZH);
    } else {
        rf__jw w;
        rf__jw_init(&w, b, format == RF_FORMAT_JSON ? 2 : 0);
        verdict_json(&w, v, lang == RF_LANG_ZH);
        rf__buf_putc(b, '\n');
    }
}

rf_status rf_render_verdict(const rf_ctx *ctx, const rf_verdict *v, rf_format format,
                            rf_lang lang, char **out, size_t *len) {
    rf__buf b;
    rf__buf_init(&b, alloc_of(ctx));
    if (format == RF_FORMAT_TEXT) {
        verdict_text(&b, v, lang == RF_LANG_ZH);
    } else {
        rf__jw w;
        rf__jw_init(&w, &b, format == RF_FORMAT_JSON ? 2 : 0);
        verdict_json(&w, v, lang == RF_LANG_ZH);
        rf__buf_putc(&b, '\n');
    }
    return finish(&b, out, len);
}

/* ---- policy and rules -------------------------------------------------------------- */

rf_status rf_render_policy(const rf_ctx *ctx, char **out, size_t *len) {
    rf_policy p;
    rf__buf b;
    rf__jw w;
    if (ctx) p = ctx->policy;
    else rf__policy_defaults(&p);
    rf__buf_init(&b, alloc_of(ctx));
    rf__jw_init(&w, &b, 2);
    rf__jw_object_begin(&w);
#define RF_X_(key, def, unit, seed, desc) rf__jw_key(&w, #key); rf__jw_int(&w, p.key);
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
    rf__jw_object_end(&w);
    rf__buf_putc(&b, '\n');
    return finish(&b, out, len);
}

rf_status rf_render_rules(const rf_ctx *ctx, rf_lang lang, char **out, size_t *len) {
    bool zh = lang == RF_LANG_ZH;
    rf_policy p;
    rf__buf b;
    if (ctx) p = ctx->policy;
    else rf__policy_defaults(&p);
    rf__buf_init(&b, alloc_of(ctx));
    rf__buf_printf(&b, "%s\n", zh ? "退换邮费标准 (RULES.md 3, 先匹配者适用)" : "Postage and deductions (RULES.md 3, first match wins)");
    for (int r = 0; r < RF_RULE_COUNT; r++)
        rf__buf_printf(&b, "  %s  %-14s %s\n", rf_rule_id((rf_rule)r), rf_rule_seed((rf_rule)r), rf_rule_label((rf_rule)r, zh));
    for (int d = 0; d < RF_DED_COUNT; d++)
        rf__buf_printf(&b, "  - %-16s %-8s %s\n", rf_deduction_name((rf_deduction_id)d),
                       rf_deduction_seed((rf_deduction_id)d), rf_deduction_label((rf_deduction_id)d, zh));
    rf__buf_printf(&b, "\n%s\n", zh ? "期限与费率 (政策值, 可用 --policy 覆盖)" : "Deadlines and rates (policy values; --policy overrides)");
#define RF_X_(key, def, unit, seed, desc) \
    rf__buf_printf(&b, "  %-36s %6lld %-8s %-8s %s\n", #key, (long long)p.key, unit, seed, desc);
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
    for (int m = 0; m < RF_MACHINE_COUNT; m++) {
        const rf_machine *mc = rf_machine_get((rf_machine_id)m);
        rf__buf_printf(&b, "\n%s: %s\n", zh ? "状态机" : "machine", mc->name);
        for (size_t i = 0; i < mc->row_count; i++) {
            const rf_transition *t = &mc->rows[i];
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
    rf__buf_printf(&b, "\n%s\n", zh ? "审计发现" : "audit findings");
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
    if (!m || !syntax) return RF_E_INVALID;
    bool dot = !strcmp(syntax, "dot");
    if (!dot && strcmp(syntax, "mermaid") != 0) return RF_E_INVALID;
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
