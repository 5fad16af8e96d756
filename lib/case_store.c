/*
 * The storage of a case: the strings in chunks freed together, the events
 * array, emptying a case for reuse, copying one (rf_case_clone) and
 * dropping its last events (rf_case_truncate). The readers and the rest of
 * the public API of the case module sit above this file; it calls none of
 * them. It reads the schema only to know which members hold strings.
 */
#include "case.h"
#include "error_text.h"
#include "schema.h"

#include <string.h>

/* The first chunk holds the strings of an ordinary case (ids, tracking
 * numbers, a few notes); a string too long for it gets a chunk of its own. */
#define CHUNK_SIZE 4000u

rf_case *rf__case_alloc(const rf_allocator *a) {
    rf_case *c = rf__malloc(a, sizeof *c);
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    c->alloc = *a;
    return c;
}

void rf_case_free(rf_case *c) {
    if (!c) return;
    rf_allocator a = c->alloc;
    for (rf__chunk *k = c->strings; k;) {
        rf__chunk *next = k->next;
        rf__free(&a, k);
        k = next;
    }
    rf__free(&a, c->events);
    rf__free(&a, c->import_refunds);
    rf__free(&a, c);
}

rf__chunk *rf__case_new_chunk(rf_case *c, size_t need) {
    size_t cap = need > CHUNK_SIZE ? need : CHUNK_SIZE;
    if (cap < c->chunk_hint) cap = c->chunk_hint;
    rf__chunk *k = rf__malloc(&c->alloc, sizeof *k + cap);
    if (!k) {
        c->out_of_memory = true;
        return NULL;
    }
    c->chunk_hint = 0;
    k->next = c->strings;
    k->used = 0;
    k->cap = cap;
    c->strings = k;
    return k;
}

bool rf__case_grow(rf_case *c) {
    if (c->count < c->cap) return true;
    size_t cap = c->cap ? c->cap * 2 : 16;
    rf_event *ev = rf__realloc(&c->alloc, c->events, c->cap * sizeof *ev, cap * sizeof *ev);
    if (!ev) {
        c->out_of_memory = true;
        return false;
    }
    c->events = ev;
    c->cap = cap;
    return true;
}

rf_import_refund *rf__case_push_import_refund(rf_case *c) {
    size_t n = c->import.refunds.count;
    if (n >= RF_MAX_REQUESTS) return NULL;
    if (n == c->import_refund_cap) {
        size_t cap = c->import_refund_cap ? c->import_refund_cap * 2 : 4;
        rf_import_refund *grown = rf__realloc(&c->alloc, c->import_refunds,
                                              c->import_refund_cap * sizeof *grown, cap * sizeof *grown);
        if (!grown) {
            c->out_of_memory = true;
            return NULL;
        }
        c->import_refunds = grown;
        c->import_refund_cap = cap;
    }
    rf_import_refund *r = &c->import_refunds[n];
    *r = rf__import_refund_defaults;
    c->import.refunds.items = c->import_refunds;
    c->import.refunds.count = n + 1;
    return r;
}

void rf__case_reset(rf_case *c) {
    rf__chunk *keep = c->strings;
    size_t total = 0;
    for (rf__chunk *k = c->strings; k; k = k->next) {
        total += k->cap;
        if (k->cap > keep->cap) keep = k;
    }
    for (rf__chunk *k = c->strings; k;) {
        rf__chunk *next = k->next;
        if (k != keep) rf__free(&c->alloc, k);
        k = next;
    }
    /* Several chunks: the next one the case starts is as large as all of
     * them, so that the same amount of text fits in one chunk next time. */
    c->chunk_hint = keep && total > keep->cap ? total : 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    c->strings = keep;
    memset(&c->order, 0, sizeof c->order);
    c->count = 0;
    c->out_of_memory = false;
    c->has_import = false;
    memset(&c->import, 0, sizeof c->import);
}

/* ---- copies and undo ------------------------------------------------------------ */

/* Points every string member (the TEXT and TEXT_OR_NULL rows) of the
 * struct at base to a copy in c; false when out of memory. */
static bool copy_texts(rf_case *c, void *base, const rf__field *fields, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const rf__field *f = &fields[i];
        bool text = f->type == RF__FT_TEXT || f->type == RF__FT_TEXT_OR_NULL;
        const char *s = text ? rf__field_text(base, f) : NULL;
        if (!s) continue;
        if (!(s = rf__case_store(c, s, strlen(s)))) return false;
        rf__field_set_text(base, f, s);
    }
    return true;
}

bool rf__case_copy_import(rf_case *c, const rf_case *from) {
    c->has_import = from->has_import;
    c->import = rf__import_defaults;
    if (!from->has_import) return true;
    c->import = from->import;
    c->import.refunds.count = 0;
    c->import.refunds.items = NULL;
    if (!copy_texts(c, &c->import, rf__import_fields, RF__IMPORT_FIELD_COUNT)) return false;
    for (size_t i = 0; i < from->import.refunds.count; i++) {
        rf_import_refund *r = rf__case_push_import_refund(c);
        if (!r) return false;
        *r = from->import_refunds[i];
        if (!copy_texts(c, r, rf__import_refund_fields, RF__IMPORT_REFUND_FIELD_COUNT)) return false;
    }
    return true;
}

rf_status rf_case_clone(const rf_case *c, rf_case **out, rf_error *err) {
    if (out) *out = NULL;
    if (!c || !out) return rf__fail_null(err, RF_E_INVALID, "rf_case_clone", "c,out");
    rf_case *copy = rf__case_alloc(&c->alloc);
    if (!copy) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    /* One chunk for all the text, as much as the original holds. */
    for (const rf__chunk *k = c->strings; k; k = k->next) copy->chunk_hint += k->used;
    copy->order = c->order;
    bool ok = copy_texts(copy, &copy->order, rf__order_fields, RF__ORDER_FIELD_COUNT);
    if (ok && c->count) {
        copy->events = rf__malloc(&copy->alloc, c->count * sizeof *copy->events);
        ok = copy->events != NULL;
        if (ok) {
            memcpy(copy->events, c->events, c->count * sizeof *copy->events);
            copy->count = copy->cap = c->count;
        }
    }
    for (size_t i = 0; ok && i < copy->count; i++)
        ok = copy_texts(copy, &copy->events[i], rf__event_fields, RF__EVENT_FIELD_COUNT);
    ok = ok && rf__case_copy_import(copy, c);
    if (!ok) {
        rf_case_free(copy);
        return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    }
    *out = copy;
    return RF_OK;
}

void rf_case_truncate(rf_case *c, size_t count) {
    /* The dropped events' strings stay in their chunk: other strings (an
     * event of rf_case_parse_event still in the caller's hands) may follow
     * them there, so the chunk cannot be rewound. */
    if (c && count < c->count) c->count = count;
}
