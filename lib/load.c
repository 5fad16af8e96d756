/*
 * Policy files: JSON in, the typed setters of include/refund.h out. The
 * core (context.c, policy.c) never sees JSON: this file
 * reads the text with the JSON reader, checks its shape, and sets what it
 * says through the same setters a program calls, so a file can set nothing
 * a program could not. Messages and positions are the files' own (the key
 * or value at fault); the value checks and their wording are the setters'.
 */
#include "internal.h"
#include "json_read.h"

#include <string.h>

/* ---- policy files ---------------------------------------------------------------- */

/* A policy number as a file writes it: a JSON integer of at most 9 digits,
 * no sign, no fraction, no exponent. Whether the key accepts it is the
 * setter's question. */
static bool whole_number(const rf__json *v, int64_t *out) {
    int64_t n = 0;
    if (v->type != RF_JSON_NUMBER || v->len == 0 || v->len > 9) return false;
    for (size_t i = 0; i < v->len; i++) {
        if (v->str[i] < '0' || v->str[i] > '9') return false;
        n = n * 10 + (v->str[i] - '0');
    }
    if (v->len > 1 && v->str[0] == '0') return false;
    *out = n;
    return true;
}

rf_status rf_ctx_load_policy(rf_ctx *ctx, const char *json, size_t len, const char *name,
                             rf_error *err) {
    rf__json_doc *doc = NULL;
    (void)name; /* the caller prints it with the position */
    if (!ctx) return rf__fail(err, RF_E_USAGE, 0, 0, 0, NULL, "rf_ctx_load_policy: ctx is NULL");
    /* Every value goes onto a copy, and the copy is checked as a whole
     * before it replaces the policy: a file is applied entirely or not at
     * all, and values that only agree together ({"mall_points_bp": 0,
     * "mall_commission_bp": 10000}) do not depend on the order written. */
    rf_policy next = ctx->policy;
    rf_status st = rf__json_parse(&ctx->alloc, json, len, NULL, &doc, err);
    if (st != RF_OK) return st;
    const rf__json *root = rf__json_root(doc);
    if (root->type != RF_JSON_OBJECT)
        st = rf__fail(err, RF_E_INVALID, root->offset, root->line, root->column, "",
                      "a policy file must be a JSON object such as {\"invoice_tax_bp\": 1300}");
    for (const rf__json *m = root->child; m && st == RF_OK; m = m->next) {
        int key = rf_policy_key_lookup(m->key, m->key_len);
        int64_t value = 0;
        if (key < 0)
            st = rf__fail(err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, m->key,
                          "unknown policy key \"%s\" (refund rules --format json lists them)", m->key);
        else if (!whole_number(m, &value) || rf__policy_set(&next, (rf_policy_key)key, value, NULL) != RF_OK)
            st = rf__policy_refuse(err, RF_E_INVALID, m->offset, m->line, m->column, (rf_policy_key)key);
    }
    rf_policy_key about = RF_POLICY_MALL_POINTS_BP;
    const char *conflict = st == RF_OK ? rf__policy_conflict(&next, &about) : NULL;
    if (conflict)
        st = rf__fail(err, RF_E_INVALID, root->offset, root->line, root->column,
                      rf_policy_key_name(about), "%s", conflict);
    rf__json_free(doc);
    if (st == RF_OK) ctx->policy = next;
    return st;
}
