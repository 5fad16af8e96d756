/* Two cases compared field by field, from the rows of the schema
 * (lib/schema.h): a field added to the format is compared here with no
 * edit. Header-only, for the tests and the fuzz targets. */
#ifndef RF_TEST_CASE_DIFF_H
#define RF_TEST_CASE_DIFF_H

#include "case.h"
#include "schema.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* What to compare beyond the rows. */
enum {
    CASE_DIFF_POSITIONS = 1u << 0, /* events' line and column (which differ between two texts of one case) */
};

static inline bool case_diff_same_object(const void *a, const void *b, const rf__field *fields, size_t n);

/* Whether row f holds the same value in a and b (strings by content, lists
 * element by element). */
static inline bool case_diff_same_value(const void *a, const void *b, const rf__field *f) {
    switch (f->type) {
    case RF__FT_SET: return rf__field_u64(a, f) == rf__field_u64(b, f);
    case RF__FT_LIST: {
        rf_import_refunds x = rf__field_list(a, f), y = rf__field_list(b, f);
        if (x.count != y.count) return false;
        for (size_t i = 0; i < x.count; i++)
            if (!case_diff_same_object((const char *)x.items + i * f->item_size,
                                       (const char *)y.items + i * f->item_size, f->items, f->item_count))
                return false;
        return true;
    }
    case RF__FT_TEXT_OR_NULL:
    case RF__FT_TEXT: {
        const char *x = rf__field_text(a, f), *y = rf__field_text(b, f);
        return (!x && !y) || (x && y && strcmp(x, y) == 0);
    }
    case RF__FT_MONEY:
    case RF__FT_TIME: return rf__field_i64(a, f) == rf__field_i64(b, f);
    case RF__FT_BOOL: return rf__field_bool(a, f) == rf__field_bool(b, f);
    case RF__FT_ENUM:
    case RF__FT_ENUM_OR_NULL:
    case RF__FT_CHOICE:
    case RF__FT_CHOICE_OR_NULL: return rf__field_int(a, f) == rf__field_int(b, f);
    }
    return false;
}

/* Whether every row of fields[0..n) is the same in a and b. */
static inline bool case_diff_same_object(const void *a, const void *b, const rf__field *fields, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!case_diff_same_value(a, b, &fields[i])) return false;
    return true;
}

/* Names a difference in what; returns true. */
static inline bool case_diff_found(char *what, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static inline bool case_diff_found(char *what, size_t size, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, size, fmt, ap);
    va_end(ap);
    return true;
}

/* The first difference between two cases, written into what (e.g.
 * "events[3].amount"), or false when they are the same: the order's size
 * and every order row, the event count, and each event's size, has-bits
 * and every row (fields an event does not carry too: both readers leave
 * them zero), and with CASE_DIFF_POSITIONS its line and column. */
static inline bool case_diff(const rf_case *x, const rf_case *y, unsigned flags, char *what, size_t size) {
    const rf_order *a = rf_case_order(x), *b = rf_case_order(y);
    if (a->size != b->size) return case_diff_found(what, size, "order.size");
    for (size_t i = 0; i < RF__ORDER_FIELD_COUNT; i++)
        if (!case_diff_same_value(a, b, &rf__order_fields[i]))
            return case_diff_found(what, size, "order.%s", rf__order_fields[i].key);
    const rf_case_import *ia = rf_case_get_import(x), *ib = rf_case_get_import(y);
    if (!ia != !ib) return case_diff_found(what, size, "import");
    if (ia) {
        if (ia->size != ib->size) return case_diff_found(what, size, "import.size");
        for (size_t i = 0; i < RF__IMPORT_FIELD_COUNT; i++)
            if (!case_diff_same_value(ia, ib, &rf__import_fields[i]))
                return case_diff_found(what, size, "import.%s", rf__import_fields[i].key);
    }
    if (rf_case_event_count(x) != rf_case_event_count(y)) return case_diff_found(what, size, "the event count");
    for (size_t k = 0; k < rf_case_event_count(x); k++) {
        const rf_event *e = rf_case_event(x, k), *f = rf_case_event(y, k);
        if (e->size != f->size) return case_diff_found(what, size, "events[%zu].size", k);
        if (e->has != f->has) return case_diff_found(what, size, "events[%zu].has", k);
        for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++)
            if (!case_diff_same_value(e, f, &rf__event_fields[i]))
                return case_diff_found(what, size, "events[%zu].%s", k, rf__event_fields[i].key);
        if ((flags & CASE_DIFF_POSITIONS) && (e->line != f->line || e->column != f->column))
            return case_diff_found(what, size, "events[%zu] position", k);
    }
    return false;
}

#endif
