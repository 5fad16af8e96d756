/*
 * Policy and calendar files: JSON in, the typed setters of include/refund.h
 * out. The core (context.c, policy.c, calendar.c) never sees JSON: this file
 * reads the text with the JSON reader, checks its shape, and sets what it
 * says through the same setters a program calls, so a file can set nothing
 * a program could not. Messages and positions are the files' own (the key
 * or value at fault); the value checks and their wording are the setters'.
 */
#include "load.h"
#include "internal.h"
#include "error_text.h"
#include "json_read.h"

#include <stdarg.h>
#include <stdio.h>
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

/* What a policy file looks like, for the error that says it must be an object. */
#define POLICY_EXAMPLE "{\"invoice_tax_bp\": 1300}"

rf_status rf_ctx_load_policy(rf_ctx *ctx, const char *json, size_t len, const char *name,
                             rf_error *err) {
    rf__json_doc *doc = NULL;
    rf_status before = err ? err->code : RF_OK;
    if (!ctx) return rf__fail_null(err, RF_E_USAGE, "rf_ctx_load_policy", "ctx");
    /* Every value goes onto a copy, and the copy is checked as a whole
     * before it replaces the policy: a file is applied entirely or not at
     * all, and values that only agree together ({"mall_points_bp": 0,
     * "mall_commission_bp": 10000}) do not depend on the order written. */
    rf_policy next = ctx->policy;
    rf_status st = rf__json_parse(&ctx->alloc, json, len, NULL, &doc, err);
    if (st != RF_OK) return rf__name_error(err, before, name, st);
    const rf__json *root = rf__json_root(doc);
    if (root->type != RF_JSON_OBJECT)
        st = rf__fail_detail(err, RF_E_INVALID, root->offset, root->line, root->column, "",
                             &(rf__detail){.detail = RF_ERR_POLICY_NOT_OBJECT, .found = POLICY_EXAMPLE,
                                           .found_len = sizeof POLICY_EXAMPLE - 1});
    for (const rf__json *m = root->child; m && st == RF_OK; m = m->next) {
        int key = rf_policy_key_lookup(m->key, m->key_len);
        int64_t value = 0;
        if (key < 0)
            st = rf__fail_detail(err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, m->key,
                                 &(rf__detail){.detail = RF_ERR_POLICY_UNKNOWN_KEY, .found = m->key,
                                               .found_len = m->key_len});
        else if (!whole_number(m, &value) || rf__policy_set(&next, (rf_policy_key)key, value, NULL) != RF_OK)
            st = rf__policy_refuse(err, RF_E_INVALID, m->offset, m->line, m->column, (rf_policy_key)key);
    }
    if (st == RF_OK)
        st = rf__policy_conflict(&next, RF_E_INVALID, root->offset, root->line, root->column, RF_POLICY_COUNT, err);
    rf__json_free(doc);
    if (st == RF_OK) ctx->policy = next;
    return rf__name_error(err, before, name, st);
}

/* ---- calendar files ---------------------------------------------------------------- */

typedef struct loader {
    const char *name; /* the file, kept for debugging; messages leave it to the caller */
    rf_error *err;
} loader;

typedef enum where { AT_VALUE, AT_KEY } where;

/* Reports an error at a value or at its member key. field is the JSON path;
 * the file's name stays out of the message (the caller prints it). */
/* detail's {found} is found[0..found_len) (NULL: none). */
static rf_status fail(const loader *ld, rf_status code, const rf__json *v, where at,
                      const char *field, rf_error_detail detail, const char *found, size_t found_len) {
    size_t offset = at == AT_KEY ? v->key_offset : v->offset;
    unsigned line = at == AT_KEY ? v->key_line : v->line;
    unsigned column = at == AT_KEY ? v->key_column : v->column;
    /* The caller prints the file name with the position (as for case and
     * policy files), so the message does not repeat it. */
    rf__detail d = {.detail = detail, .found = found, .found_len = found ? found_len : 0};
    return rf__fail_detail(ld->err, code, offset, line, column, field, &d);
}

/* An int precision for "%.*s" of a JSON key (keys longer than that are cut). */
static int key_width(size_t len) {
    return len > 64 ? 64 : (int)len;
}

static bool key_is(const rf__json *m, const char *want) {
    return m->key_len == strlen(want) && memcmp(m->key, want, m->key_len) == 0;
}

/* Checks every member of a "holidays" or "workdays" object and widens
 * [*lo, *hi] to the days it lists. */
static rf_status check_list(const loader *ld, const rf__json *list, const char *list_name,
                            rf__day *lo, rf__day *hi) {
    char field[96];
    if (list->type != RF_JSON_OBJECT)
        return fail(ld, RF_E_INVALID, list, AT_VALUE, list_name,
                    RF_ERR_CAL_LIST_TYPE, list_name, strlen(list_name));
    for (const rf__json *m = list->child; m; m = m->next) {
        rf__day d = 0;
        snprintf(field, sizeof field, "%s.%.*s", list_name, key_width(m->key_len), m->key);
        rf_status st = rf__date_parse(m->key, m->key_len, &d);
        if (st == RF_E_INVALID)
            return fail(ld, st, m, AT_KEY, field, RF_ERR_CAL_DATE_TEXT, m->key, m->key_len);
        if (st != RF_OK)
            return fail(ld, st, m, AT_KEY, field, RF_ERR_CAL_DATE_RANGE, m->key, m->key_len);
        if (m->type != RF_JSON_STRING)
            return fail(ld, RF_E_INVALID, m, AT_VALUE, field, RF_ERR_CAL_NAME_TYPE, NULL, 0);
        if (d < *lo) *lo = d;
        if (d > *hi) *hi = d;
    }
    return RF_OK;
}

/* Pass 1: the shape of the whole document and the span of dates. */
static rf_status check_document(const loader *ld, const rf__json *root, rf__day *lo,
                                rf__day *hi) {
    bool have_holidays = false, have_workdays = false;
    if (root->type != RF_JSON_OBJECT)
        return fail(ld, RF_E_INVALID, root, AT_VALUE, NULL,
                    RF_ERR_CAL_NOT_OBJECT, NULL, 0);
    for (const rf__json *m = root->child; m; m = m->next) {
        rf_status st = RF_OK;
        char field[96];
        snprintf(field, sizeof field, "%.*s", key_width(m->key_len), m->key);
        if (key_is(m, "holidays")) {
            have_holidays = true;
            st = check_list(ld, m, "holidays", lo, hi);
        } else if (key_is(m, "workdays")) {
            have_workdays = true;
            st = check_list(ld, m, "workdays", lo, hi);
        } else if (key_is(m, "source")) {
            if (m->type != RF_JSON_STRING)
                st = fail(ld, RF_E_INVALID, m, AT_VALUE, field, RF_ERR_CAL_SOURCE_TYPE, NULL, 0);
        } else if (key_is(m, "timezone")) {
            /* Days are +08:00 days throughout the library: a calendar stated
             * in another zone would be silently misread, so it is refused. */
            if (m->type != RF_JSON_STRING || m->len != 6 || memcmp(m->str, "+08:00", 6) != 0)
                st = fail(ld, RF_E_INVALID, m, AT_VALUE, field, RF_ERR_CAL_TIMEZONE, NULL, 0);
        } else {
            st = fail(ld, RF_E_INVALID, m, AT_KEY, field, RF_ERR_CAL_UNKNOWN_KEY, field, strlen(field));
        }
        if (st != RF_OK) return st;
    }
    if (!have_holidays || !have_workdays)
        return fail(ld, RF_E_INVALID, root, AT_VALUE, have_holidays ? "workdays" : "holidays",
                    RF_ERR_CAL_MISSING, have_holidays ? "workdays" : "holidays", 8);
    if (*lo > *hi)
        return fail(ld, RF_E_INVALID, root, AT_VALUE, NULL,
                    RF_ERR_CAL_NO_DATES, NULL, 0);
    return RF_OK;
}

/* Pass 2: marks the days of one list; a day already marked was listed in
 * both lists (a repeat inside one list is a duplicate key, which the JSON
 * reader has refused already, and the calendar started empty). */
static rf_status mark_list(const loader *ld, rf_calendar *cal, const rf__json *list,
                           const char *list_name, rf_day_kind mark) {
    for (const rf__json *m = list->child; m; m = m->next) {
        rf__day d = 0;
        int year;
        unsigned month, day;
        (void)rf__date_parse(m->key, m->key_len, &d); /* checked in pass 1 */
        rf__civil_from_days(d, &year, &month, &day);
        rf_day_kind now = RF_DAY_ORDINARY;
        rf_status st = rf_calendar_get_day(cal, year, (int)month, (int)day, &now);
        if (st == RF_OK && now != RF_DAY_ORDINARY) {
            char field[96];
            snprintf(field, sizeof field, "%s.%.*s", list_name, key_width(m->key_len), m->key);
            return fail(ld, RF_E_INVALID, m, AT_KEY, field,
                        RF_ERR_CAL_BOTH, m->key, m->key_len);
        }
        if (st == RF_OK) st = rf_calendar_set_day(cal, year, (int)month, (int)day, mark, ld->err);
        if (st != RF_OK) return st; /* not expected: pass 1 covered every year */
    }
    return RF_OK;
}

/* The editable calendar a document describes, allocated with a. */
static rf_status build(const loader *ld, const rf_allocator *a, const rf__json *root,
                       rf_calendar **out) {
    rf__day lo = INT32_MAX, hi = INT32_MIN;
    rf_status st = check_document(ld, root, &lo, &hi);
    if (st != RF_OK) return st;

    int first_year, last_year;
    unsigned month, day;
    rf__civil_from_days(lo, &first_year, &month, &day);
    rf__civil_from_days(hi, &last_year, &month, &day);
    rf_calendar *cal = rf__calendar_edit(a, NULL);
    if (!cal) return rf__fail_detail(ld->err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    /* All the years at once, so that marking never grows the calendar. */
    st = rf_calendar_cover(cal, first_year, last_year, ld->err);

    /* In document order, so that a day listed twice is reported at its
     * second appearance. */
    for (const rf__json *m = root->child; m && st == RF_OK; m = m->next) {
        if (key_is(m, "holidays")) st = mark_list(ld, cal, m, "holidays", RF_DAY_HOLIDAY);
        else if (key_is(m, "workdays")) st = mark_list(ld, cal, m, "workdays", RF_DAY_WORKDAY);
    }
    if (st != RF_OK) {
        rf_calendar_free(cal);
        return st;
    }
    *out = cal;
    return RF_OK;
}

/* Reads a calendar document into a new editable calendar (*out NULL on
 * error). fn: the function called, for a NULL json. */
static rf_status read_calendar(const char *fn, const rf_allocator *a, const char *json, size_t len,
                               const char *name, rf_calendar **out, rf_error *err) {
    loader ld = {name, err};
    rf__json_doc *doc = NULL;
    *out = NULL;
    if (!json) return rf__fail_null(err, RF_E_USAGE, fn, "json");
    rf_status st = rf__json_parse(a, json, len, NULL, &doc, err);
    if (st != RF_OK) return st;
    st = build(&ld, a, rf__json_root(doc), out);
    rf__json_free(doc);
    return st;
}

rf_status rf__calendar_parse(const rf_allocator *a, const char *json, size_t len,
                             const char *name, rf__calendar **out, rf_error *err) {
    rf_calendar *cal = NULL;
    if (!a) a = &rf__default_allocator;
    if (!out) return rf__fail_null(err, RF_E_USAGE, "rf__calendar_parse", "out");
    *out = NULL;
    rf_status st = read_calendar("rf__calendar_parse", a, json, len, name, &cal, err);
    if (st == RF_OK) st = rf__calendar_freeze(a, cal, out, err);
    rf_calendar_free(cal);
    return st;
}

rf_status rf_ctx_load_calendar(rf_ctx *ctx, const char *json, size_t len, const char *name,
                               rf_error *err) {
    rf_calendar *cal = NULL;
    rf_status before = err ? err->code : RF_OK;
    if (!ctx) return rf__fail_null(err, RF_E_USAGE, "rf_ctx_load_calendar", "ctx");
    rf_status st = read_calendar("rf_ctx_load_calendar", &ctx->alloc, json, len, name, &cal, err);
    if (st == RF_OK) st = rf_ctx_set_calendar(ctx, cal, err);
    rf_calendar_free(cal);
    return rf__name_error(err, before, name, st);
}
