/*
 * The case module's public API: rf_case_parse (the fast reader, then the
 * tree loader for what it declines), cases built in code (rf_case_new,
 * rf_case_append, checked against the schema as a file is), the accessors,
 * one event (rf_case_parse_event) and the byte-preserving splice behind
 * `refund apply`.
 *
 * The house is one-way: this file calls the readers (lib/case_fast.c,
 * lib/case_tree.c), the schema (lib/schema.c) and the storage
 * (lib/case_store.c); none of them calls back.
 */
#include "case_read.h"
#include "error_text.h"
#include "json_read.h"
#include "schema.h"

#include <stdio.h>
#include <string.h>

static rf_case *case_alloc(const rf_ctx *ctx) {
    return rf__case_alloc(ctx ? &ctx->alloc : &rf__default_allocator);
}

static rf_status nomem(rf_error *err) { return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY}); }

/* An error with a detail: found and fix NUL-terminated or NULL. */
static rf_status fail_d(rf_error *err, rf_status code, unsigned line, unsigned column, const char *field,
                        rf_error_detail detail, const char *found, const char *fix) {
    return rf__fail_with(err, code, 0, line, column, field, detail, found, fix);
}

/* ---- reading ------------------------------------------------------------------------ */

rf_status rf__case_reparse(rf_case *c, const char *json, size_t len, rf_error *err) {
    rf__case_reset(c);
    if (rf__case_read_fast(c, json, len)) return RF_OK;
    if (c->out_of_memory) return nomem(err);
    rf__case_reset(c);
    return rf__case_read_tree(c, json, len, err);
}

/* A NULL where the header says there must be none. */
static rf_status null_argument(rf_error *err, const char *fn, const char *what) {
    return rf__fail_null(err, RF_E_INVALID, fn, what);
}

rf_status rf_case_parse(const rf_ctx *ctx, const char *json, size_t len, const char *name,
                        rf_case **out, rf_error *err) {
    rf_status before = err ? err->code : RF_OK;
    if (!out) return null_argument(err, "rf_case_parse", "out");
    *out = NULL;
    rf_case *c = case_alloc(ctx);
    if (!c) return rf__name_error(err, before, name, nomem(err));
    rf_status st = rf__case_reparse(c, json, len, err);
    if (st != RF_OK) {
        rf_case_free(c);
        return rf__name_error(err, before, name, st);
    }
    *out = c;
    return RF_OK;
}

rf_status rf_case_validate(const rf_ctx *ctx, const char *json, size_t len, const char *name,
                           rf_error *errs, size_t cap, size_t *count) {
    if (count) *count = 0;
    if ((!errs && cap) || (!json && len)) return RF_E_USAGE;
    size_t found = 0;
    rf_status st = RF_OK;
    rf_case *c = case_alloc(ctx);
    /* What the fast reader takes whole is a valid case. */
    bool fast = c && rf__case_read_fast(c, json, len);
    if (!c || (!fast && c->out_of_memory)) {
        /* Nothing but this one error can be said. */
        if (cap) {
            rf__error_clear(&errs[0]);
            nomem(&errs[0]);
        }
        found = 1;
        st = RF_E_NOMEM;
    } else if (!fast) {
        rf__case_reset(c);
        st = rf__case_validate_tree(c, json, len, errs, cap, &found);
    }
    rf_case_free(c);
    for (size_t i = 0; i < found && i < cap; i++) errs[i].name = name;
    if (count) *count = found;
    return st;
}

rf_status rf_case_parse_event(rf_case *c, const char *json, size_t len, const char *name,
                              rf_event *out, rf_error *err) {
    rf_status before = err ? err->code : RF_OK;
    if (!c || !out) return null_argument(err, "rf_case_parse_event", "c,out");
    return rf__name_error(err, before, name, rf__case_read_event(c, json, len, out, err));
}

/* ---- cases built in code --------------------------------------------------------------- */

rf_status rf_case_new(const rf_ctx *ctx, const rf_order *caller_order, rf_case **out, rf_error *err) {
    rf_order order;
    if (!out) return null_argument(err, "rf_case_new", "out");
    *out = NULL;
    if (!caller_order) return null_argument(err, "rf_case_new", "order");
    rf_status st = rf__order_import(caller_order, &order, err);
    if (st != RF_OK) return st;
    const char *bad = rf__order_problem(&order);
    if (bad) {
        char field[64];
        snprintf(field, sizeof field, "order.%s", bad);
        return fail_d(err, RF_E_INVALID, 0, 0, field, RF_ERR_ORDER_RANGE, bad, NULL);
    }
    rf_case *c = case_alloc(ctx);
    if (!c) return nomem(err);
    c->order = order;
    /* Every text of the order is the case's own copy; a NULL id is "". */
    for (size_t i = 0; i < RF__ORDER_FIELD_COUNT; i++) {
        const rf__field *f = &rf__order_fields[i];
        if (f->type != RF__FT_TEXT) continue;
        const char *s = rf__field_text(&order, f);
        const char *copy = rf__case_store(c, s ? s : "", s ? strlen(s) : 0);
        if (!copy) {
            rf_case_free(c);
            return nomem(err);
        }
        rf__field_set_text(&c->order, f, copy);
    }
    *out = c;
    return RF_OK;
}

rf_status rf__event_check(const rf_case *c, const rf_event *caller_event, rf_event *ev, rf_error *err) {
    rf_status st = rf__event_import(caller_event, ev, err);
    if (st != RF_OK) return st;
    if (c->count >= RF_MAX_EVENTS) {
        char limit[16];
        int n = snprintf(limit, sizeof limit, "%u", RF_MAX_EVENTS);
        return rf__fail_detail(err, RF_E_LIMIT, 0, 0, 0, "events",
                               &(rf__detail){.detail = RF_ERR_MAX_EVENTS, .fix = limit, .fix_len = (size_t)n});
    }
    if (!ev->id || !*ev->id) return fail_d(err, RF_E_INVALID, 0, 0, "id", RF_ERR_EVENT_NO_ID, NULL, NULL);
    if ((unsigned)ev->type >= RF_EV_REFUND_SUCCEEDED || (unsigned)ev->actor >= RF_ACTOR_COUNT)
        return fail_d(err, RF_E_INVALID, 0, 0, "type", RF_ERR_EVENT_TYPE_ACTOR, NULL, NULL);
    const char *bad = rf__event_problem(ev);
    if (bad)
        return fail_d(err, RF_E_INVALID, ev->line, ev->column, bad, RF_ERR_EVENT_FIELD, bad,
                      rf_enum_name(RF_ENUM_EVENT, (int)ev->type));
    for (size_t i = 0; i < c->count; i++)
        if (!strcmp(c->events[i].id, ev->id))
            return fail_d(err, RF_E_INVALID, ev->line, ev->column, "id", RF_ERR_EVENT_ID_TAKEN, ev->id, NULL);
    /* What the event does not carry is not kept: it reads as a file's event
     * reads (zero, NULL). */
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++) {
        const rf__field *f = &rf__event_fields[i];
        if (f->bit && !(ev->has & f->bit)) rf__field_clear(ev, f);
    }
    return RF_OK;
}

rf_status rf_case_append(rf_case *c, const rf_event *caller_event, rf_error *err) {
    rf_event ev;
    if (!c || !caller_event) return null_argument(err, "rf_case_append", "c,ev");
    rf_status st = rf__event_check(c, caller_event, &ev, err);
    if (st != RF_OK) return st;
    if (!rf__case_grow(c)) return nomem(err);
    /* The texts it carries are copied (what it does not carry was cleared
     * by rf__event_check, so that the case is the one its file says). */
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++) {
        const rf__field *f = &rf__event_fields[i];
        const char *s = f->type == RF__FT_TEXT ? rf__field_text(&ev, f) : NULL;
        if (!s) continue;
        if (!(s = rf__case_store(c, s, strlen(s)))) return nomem(err);
        rf__field_set_text(&ev, f, s);
    }
    c->events[c->count++] = ev;
    return RF_OK;
}

/* ---- the import object ------------------------------------------------------------------ */

const rf_case_import *rf_case_get_import(const rf_case *c) { return c && c->has_import ? &c->import : NULL; }

const rf_import_refund *rf_case_import_refund(const rf_case *c, size_t index) {
    return c && c->has_import && index < c->import.refunds.count ? &c->import_refunds[index] : NULL;
}

/* Copies the texts of the rows of the struct at base into c; false when out of memory. */
static bool store_texts(rf_case *c, void *base, const rf__field *fields, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const rf__field *f = &fields[i];
        if (f->type != RF__FT_TEXT && f->type != RF__FT_TEXT_OR_NULL) continue;
        const char *s = rf__field_text(base, f);
        if (s && !(s = rf__case_store(c, s, strlen(s)))) return false;
        rf__field_set_text(base, f, s);
    }
    return true;
}

rf_status rf_case_set_import(rf_case *c, const rf_case_import *caller_import, rf_error *err) {
    if (!c) return null_argument(err, "rf_case_set_import", "c");
    if (!caller_import) {
        c->has_import = false;
        c->import = rf__import_defaults;
        return RF_OK;
    }
    rf_case_import imp;
    rf_status st = rf__case_import_import(caller_import, &imp, err);
    if (st != RF_OK) return st;
    imp.refunds.count = 0;
    imp.refunds.items = NULL;
    const char *bad = rf__import_problem(&imp);
    if (bad)
        return fail_d(err, RF_E_INVALID, 0, 0, bad, RF_ERR_IMPORT_FIELD, bad, NULL);
    if (!store_texts(c, &imp, rf__import_fields, RF__IMPORT_FIELD_COUNT)) return nomem(err);
    c->import = imp;
    c->has_import = true;
    return RF_OK;
}

rf_status rf_case_add_import_refund(rf_case *c, const rf_import_refund *caller_refund, rf_error *err) {
    if (!c || !caller_refund) return null_argument(err, "rf_case_add_import_refund", "c,r");
    if (!c->has_import)
        return rf__fail_with(err, RF_E_INVALID, 0, 0, 0, "import", RF_ERR_NO_IMPORT, NULL, "rf_case_set_import");
    rf_import_refund r;
    rf_status st = rf__import_refund_import(caller_refund, &r, err);
    if (st != RF_OK) return st;
    const char *bad = rf__import_refund_problem(&r);
    if (bad)
        return fail_d(err, RF_E_INVALID, 0, 0, bad, RF_ERR_IMPORT_REFUND_FIELD, bad, NULL);
    if (c->import.refunds.count >= RF_MAX_REQUESTS) {
        char limit[16];
        snprintf(limit, sizeof limit, "%u", RF_MAX_REQUESTS);
        return fail_d(err, RF_E_LIMIT, 0, 0, "import.refunds", RF_ERR_IMPORT_MAX_REFUNDS, NULL, limit);
    }
    if (!store_texts(c, &r, rf__import_refund_fields, RF__IMPORT_REFUND_FIELD_COUNT)) return nomem(err);
    rf_import_refund *slot = rf__case_push_import_refund(c);
    if (!slot) return nomem(err);
    *slot = r;
    return RF_OK;
}

/* ---- reading a case ------------------------------------------------------------------ */

/* A NULL case reads as no case: no order, no events. */
const rf_order *rf_case_order(const rf_case *c) { return c ? &c->order : NULL; }
size_t rf_case_event_count(const rf_case *c) { return c ? c->count : 0; }
const rf_event *rf_case_event(const rf_case *c, size_t i) { return c && i < c->count ? &c->events[i] : NULL; }

/* ---- appending an event to a case file's text ----------------------------------- */

rf_status rf_case_splice_event(const rf_ctx *ctx, const char *case_json, size_t case_len,
                               const char *event_json, size_t event_len, char **out,
                               size_t *out_len, rf_error *err) {
    const rf_allocator *a = ctx ? &ctx->alloc : &rf__default_allocator;
    rf__json_doc *doc = NULL, *evdoc = NULL;
    rf_status st;

    if (!out) return null_argument(err, "rf_case_splice_event", "out");
    *out = NULL;
    st = rf__json_parse(a, event_json, event_len, NULL, &evdoc, err);
    if (st != RF_OK) return st;
    const rf__json *ev = rf__json_root(evdoc);
    size_t ev_start = ev->offset, ev_end = ev->end;
    rf__json_free(evdoc);

    st = rf__json_parse(a, case_json, case_len, NULL, &doc, err);
    if (st != RF_OK) return st;
    const rf__json *events = rf__json_get(rf__json_root(doc), "events");
    if (!events || events->type != RF_JSON_ARRAY) {
        rf__json_free(doc);
        return fail_d(err, RF_E_INVALID, 0, 0, "events", RF_ERR_NO_EVENTS_ARRAY, NULL, NULL);
    }
    /* Insert after the last element (or just inside an empty array), keeping
     * every byte the user wrote, theirs and the event's, as written. */
    const rf__json *last = events->child;
    while (last && last->next) last = last->next;
    size_t at = last ? last->end : events->offset + 1;
    const char *sep = last ? ",\n    " : "\n    ";
    const char *tail = last ? "" : "\n  ";
    size_t sep_len = strlen(sep), tail_len = strlen(tail), ev_len = ev_end - ev_start;
    size_t total = case_len + sep_len + ev_len + tail_len;
    char *text = rf__malloc(a, total + 1);
    if (!text) {
        rf__json_free(doc);
        return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    }
    char *p = text;
    memcpy(p, case_json, at); p += at;
    memcpy(p, sep, sep_len); p += sep_len;
    memcpy(p, event_json + ev_start, ev_len); p += ev_len;
    memcpy(p, tail, tail_len); p += tail_len;
    memcpy(p, case_json + at, case_len - at); p += case_len - at;
    *p = '\0';
    rf__json_free(doc);
    *out = text;
    if (out_len) *out_len = total;
    return RF_OK;
}
