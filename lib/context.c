/*
 * The context: allocator, policy and calendar travel together, so the library
 * has no global mutable state. Here are the typed ways to configure one; the
 * policy and calendar files are read in lib/load.c, which calls these.
 */
#include "calendar.h"
#include "error_text.h"
#include "internal.h"

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

/* ---- policy -------------------------------------------------------------------- */

int64_t rf_ctx_get_policy(const rf_ctx *ctx, rf_policy_key key) {
    rf_policy p;
    if (ctx) p = ctx->policy;
    else rf__policy_defaults(&p);
    const int64_t *slot = rf__policy_slot(&p, key);
    return slot ? *slot : -1;
}

rf_status rf_ctx_set_policy(rf_ctx *ctx, rf_policy_key key, int64_t value, rf_error *err) {
    if (!ctx) return rf__fail_null(err, RF_E_USAGE, "rf_ctx_set_policy", "ctx");
    /* On a copy, so that a refused value leaves the policy as it was. */
    rf_policy next = ctx->policy;
    rf_status st = rf__policy_set(&next, key, value, err);
    if (st != RF_OK) return st;
    /* Reported on the key being set: that is the value the caller can change
     * in this call. */
    st = rf__policy_conflict(&next, RF_E_RANGE, 0, 0, 0, key, err);
    if (st != RF_OK) return st;
    ctx->policy = next;
    return RF_OK;
}

/* ---- calendar ------------------------------------------------------------------ */

rf_calendar *rf_ctx_copy_calendar(const rf_ctx *ctx) {
    const rf__calendar *cal = ctx && ctx->calendar ? ctx->calendar : rf__calendar_builtin();
    return rf__calendar_edit(ctx ? &ctx->alloc : NULL, cal);
}

rf_status rf_ctx_set_calendar(rf_ctx *ctx, const rf_calendar *cal, rf_error *err) {
    rf__calendar *frozen = NULL; /* NULL: the built-in calendar */
    if (!ctx) return rf__fail_null(err, RF_E_USAGE, "rf_ctx_set_calendar", "ctx");
    if (cal) {
        rf_status st = rf__calendar_freeze(&ctx->alloc, cal, &frozen, err);
        if (st != RF_OK) return st;
    }
    rf__calendar_free(&ctx->alloc, ctx->calendar);
    ctx->calendar = frozen;
    return RF_OK;
}
