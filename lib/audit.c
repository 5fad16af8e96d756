/*
 * The auditor: case documents judged one after another, as `refund replay
 * --ndjson` and shop software reading a stream need. Parsing, replaying and
 * rendering all reuse the auditor's one case, one verdict and one output
 * buffer, so once warmed up a judgement allocates nothing.
 */
#include "case_read.h"
#include "error_text.h"
#include "render.h"

#include <string.h>

struct rf_auditor {
    const rf_ctx *ctx;
    rf_allocator alloc;
    bool has_options;
    rf_replay_options options;
    rf_format format;
    rf_lang lang;
    rf_case *c;
    rf_verdict *v;
    bool judged;                /* v holds the verdict of the last call */
    rf__buf out;
    rf__buf scratch;            /* pretty JSON: the compact text first */
};

rf_auditor *rf_auditor_new(const rf_ctx *ctx, const rf_replay_options *options, rf_format format,
                           rf_lang lang) {
    const rf_allocator *alloc = ctx ? &ctx->alloc : &rf__default_allocator;
    rf_replay_options opts = RF_REPLAY_OPTIONS_INIT;
    if (format != RF_FORMAT_TEXT && format != RF_FORMAT_JSON && format != RF_FORMAT_NDJSON) return NULL;
    if (options && rf__replay_options_import(options, &opts, NULL) != RF_OK) return NULL;
    rf_auditor *a = rf__malloc(alloc, sizeof *a);
    if (!a) return NULL;
    memset(a, 0, sizeof *a);
    a->ctx = ctx;
    a->alloc = *alloc;
    if (options) {
        a->has_options = true;
        a->options = opts;
    }
    a->format = format;
    a->lang = lang;
    rf__buf_init(&a->out, &a->alloc);
    rf__buf_init(&a->scratch, &a->alloc);
    a->c = rf__case_alloc(&a->alloc);
    if (!a->c) {
        rf__free(alloc, a);
        return NULL;
    }
    return a;
}

void rf_auditor_free(rf_auditor *a) {
    if (!a) return;
    rf_allocator alloc = a->alloc;
    rf_case_free(a->c);
    rf_verdict_free(a->v);
    rf__buf_free(&a->out);
    rf__buf_free(&a->scratch);
    rf__free(&alloc, a);
}

/* Parses and replays json[0..len) into a's case and verdict. */
static rf_status judge(rf_auditor *a, const char *json, size_t len, rf_error *err) {
    a->judged = false;
    rf_status st = rf__case_reparse(a->c, json, len, err);
    if (st != RF_OK) return st;
    return rf__replay_into(a->ctx, a->c, a->has_options ? &a->options : NULL, &a->v, err);
}

/* Renders a's verdict into its own buffer and hands the text out. */
static rf_status render_own(rf_auditor *a, const char **out, size_t *out_len, rf_error *err) {
    a->out.len = 0;
    a->out.failed = false;
    rf__render_verdict_to(&a->out, &a->scratch, a->v, a->format, a->lang);
    const char *text = rf__buf_cstr(&a->out); /* NULL after an allocation failure */
    if (!text) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    a->judged = true;
    *out = text;
    if (out_len) *out_len = a->out.len;
    return RF_OK;
}

rf_status rf_auditor_judge(rf_auditor *a, const char *json, size_t len, const char **out,
                           size_t *out_len, rf_error *err) {
    if (out) *out = NULL;
    if (out_len) *out_len = 0;
    if (!a || !out)
        return rf__fail_null(err, RF_E_INVALID, "rf_auditor_judge", "a,out");
    rf_status st = judge(a, json, len, err);
    if (st != RF_OK) return st;
    return render_own(a, out, out_len, err);
}

rf_status rf_auditor_judge_into(rf_auditor *a, const char *json, size_t len, char *buf, size_t cap,
                                const char **out, size_t *out_len, rf_error *err) {
    if (out) *out = NULL;
    if (out_len) *out_len = 0;
    if (!a || !out || (!buf && cap))
        return rf__fail_null(err, RF_E_INVALID, "rf_auditor_judge_into", "a,out,buf");
    rf_status st = judge(a, json, len, err);
    if (st != RF_OK) return st;
    rf__buf b;
    rf__buf_borrow(&b, &a->alloc, buf, cap);
    rf__render_verdict_to(&b, &a->scratch, a->v, a->format, a->lang);
    /* A verdict that does not fit buf (with the room the writer asks
     * beyond it) is rendered again, into the auditor's own buffer: the
     * rendering is a small part of a judgement, and buf stays the
     * caller's. Only the pretty form's scratch can run out of memory here. */
    if (!rf__buf_cstr(&b)) return render_own(a, out, out_len, err);
    a->judged = true;
    *out = buf;
    if (out_len) *out_len = b.len;
    return RF_OK;
}

const rf_verdict *rf_auditor_verdict(const rf_auditor *a) { return a && a->judged ? a->v : NULL; }
