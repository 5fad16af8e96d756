/*
 * The context: allocator, policy and calendar travel together, so the library
 * has no global mutable state.
 */
#include "calendar.h"
#include "internal.h"
#include "json_read.h"

#include <string.h>

rf_ctx *rf_ctx_new(const rf_allocator *alloc) {
    const rf_allocator *a = alloc ? alloc : &rf__default_allocator;
    rf_ctx *ctx = rf__malloc(a, sizeof *ctx);
    if (!ctx) return NULL;
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc = *a;
    rf__policy_defaults(&ctx->policy);
    return ctx;
}

void rf_ctx_free(rf_ctx *ctx) {
    if (!ctx) return;
    rf_allocator a = ctx->alloc;
    rf__calendar_free(&a, ctx->calendar);
    rf__free(&a, ctx);
}

/* ---- policy overrides ----------------------------------------------------------- */

static int64_t *policy_slot(rf_policy *p, const rf__json *m, const char **unit) {
#define RF_X_(k, def, u, seed, desc) \
    if (rf__json_key_is(m, #k)) { *unit = u; return &p->k; }
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
    return NULL;
}

/* A policy number: a non-negative JSON integer no larger than the unit allows.
 * Bounds keep every deadline and deduction far from integer overflow. */
static bool policy_value(const rf__json *v, const char *unit, int64_t *out) {
    int64_t max = !strcmp(unit, "bp") ? 10000 : !strcmp(unit, "hours") ? 24 * 3650
                  : !strcmp(unit, "flag") ? 1 : 3650;
    int64_t n = 0;
    if (v->type != RF_JSON_NUMBER || v->len == 0 || v->len > 9) return false;
    for (size_t i = 0; i < v->len; i++) {
        if (v->str[i] < '0' || v->str[i] > '9') return false;
        n = n * 10 + (v->str[i] - '0');
    }
    if (v->len > 1 && v->str[0] == '0') return false;
    if (n > max) return false;
    /* "N working days" counts from the day after the filing: N is at least 1. */
    if (!strcmp(unit, "workdays") && n < 1) return false;
    *out = n;
    return true;
}

rf_status rf_ctx_load_policy(rf_ctx *ctx, const char *json, size_t len, const char *name,
                             rf_error *err) {
    rf__json_doc *doc = NULL;
    rf_policy next = ctx->policy;
    (void)name;
    rf_status st = rf__json_parse(&ctx->alloc, json, len, NULL, &doc, err);
    if (st != RF_OK) return st;
    const rf__json *root = rf__json_root(doc);
    if (root->type != RF_JSON_OBJECT)
        st = rf__fail(err, RF_E_INVALID, root->offset, root->line, root->column, "",
                      "a policy file must be a JSON object such as {\"invoice_tax_bp\": 1300}");
    for (const rf__json *m = root->child; m && st == RF_OK; m = m->next) {
        const char *unit = "";
        int64_t *slot = policy_slot(&next, m, &unit);
        if (!slot)
            st = rf__fail(err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, m->key,
                          "unknown policy key \"%s\" (refund rules --format json lists them)", m->key);
        else if (!policy_value(m, unit, slot))
            st = rf__fail(err, RF_E_INVALID, m->offset, m->line, m->column, m->key,
                          "must be a whole number of %s (%s to %s)", unit,
                          !strcmp(unit, "workdays") ? "1" : "0",
                          !strcmp(unit, "bp") ? "10000" : !strcmp(unit, "hours") ? "87600"
                          : !strcmp(unit, "flag") ? "1" : "3650");
    }
    /* The mall fee's two parts together are one deduction of the goods. */
    if (st == RF_OK && next.mall_commission_bp + next.mall_points_bp > 10000)
        st = rf__fail(err, RF_E_INVALID, root->offset, root->line, root->column, "mall_points_bp",
                      "mall_commission_bp + mall_points_bp must not exceed 10000 bp");
    rf__json_free(doc);
    if (st == RF_OK) ctx->policy = next;
    return st;
}

rf_status rf_ctx_load_calendar(rf_ctx *ctx, const char *json, size_t len, const char *name,
                               rf_error *err) {
    rf__calendar *cal = NULL;
    rf_status st = rf__calendar_parse(&ctx->alloc, json, len, name, &cal, err);
    if (st != RF_OK) return st;
    rf__calendar_free(&ctx->alloc, ctx->calendar);
    ctx->calendar = cal;
    return RF_OK;
}
