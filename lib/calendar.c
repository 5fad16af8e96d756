/*
 * The official working-day calendar (RULES.md section 2.5): which +08:00 days
 * are working days, and "N working days" deadlines.
 *
 * A calendar is one byte per day of the years it covers (calendar.h): the
 * built-in one is a static const table generated into calendar_builtin.c, a
 * loaded one is a single allocation holding the struct and its bytes.
 */
#include "calendar.h"
#include "internal.h"
#include "json_read.h"

#include <stdio.h>
#include <string.h>

static const rf__calendar *or_builtin(const rf__calendar *cal) {
    return cal ? cal : rf__calendar_builtin();
}

void rf__calendar_years(const rf__calendar *cal, int *first, int *last) {
    cal = or_builtin(cal);
    if (first) *first = cal->first_year;
    if (last) *last = cal->last_year;
}

/* The kind byte of day d, or -1 outside the covered years. d is int64 so
 * that callers may step past the ends of rf__day without overflow. */
static int day_kind(const rf__calendar *cal, int64_t d) {
    int64_t i = d - cal->first_day;
    if (i < 0 || i >= cal->day_count) return -1;
    return cal->kind[i];
}

static bool works(int kind, int64_t d) {
    if (kind == RF_CAL_HOLIDAY) return false;
    if (kind == RF_CAL_WORKDAY) return true;
    unsigned wd = rf__weekday((rf__day)d);
    return wd != 0 && wd != 6; /* Sunday and Saturday rest */
}

rf_status rf__calendar_is_workday(const rf__calendar *cal, rf__day d, bool *out) {
    cal = or_builtin(cal);
    int kind = day_kind(cal, d);
    if (kind < 0) return RF_E_CALENDAR;
    if (out) *out = works(kind, d);
    return RF_OK;
}

/* RULES.md 2.5: "N working days" ends at 24:00 (+08:00) of the N-th working
 * day after the filing day. The filing day itself never counts, whatever it
 * is, so it need not lie inside the calendar; every day after it up to the
 * N-th working day must. */
rf_status rf__calendar_add_workdays(const rf__calendar *cal, rf_time from,
                                    int n, rf_time *due) {
    cal = or_builtin(cal);
    if (n < 1) return RF_E_RANGE;
    int64_t d = rf__local_day(from);
    for (;;) {
        d++;
        int kind = day_kind(cal, d);
        if (kind < 0) return RF_E_CALENDAR;
        if (works(kind, d) && --n == 0) break;
    }
    /* 24:00 of day d is 00:00 of d + 1; d + 1 is at most one past the last
     * covered day, well inside rf__day. */
    if (due) *due = rf__local_midnight((rf__day)(d + 1));
    return RF_OK;
}

/* ---- loading a calendar from JSON ---------------------------------------- */

typedef struct loader {
    const char *name; /* the file, kept for debugging; messages leave it to the caller */
    rf_error *err;
} loader;

typedef enum where { AT_VALUE, AT_KEY } where;

/* Reports an error at a value or at its member key. field is the JSON path;
 * the message is prefixed with the calendar's name when there is one. */
static rf_status fail(const loader *ld, rf_status code, const rf__json *v, where at,
                      const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static rf_status fail(const loader *ld, rf_status code, const rf__json *v, where at,
                      const char *field, const char *fmt, ...) {
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t offset = at == AT_KEY ? v->key_offset : v->offset;
    unsigned line = at == AT_KEY ? v->key_line : v->line;
    unsigned column = at == AT_KEY ? v->key_column : v->column;
    /* The caller prints the file name with the position (as for case and
     * policy files), so the message does not repeat it. */
    return rf__fail(ld->err, code, offset, line, column, field, "%s", msg);
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
                    "\"%s\" must be an object mapping \"YYYY-MM-DD\" to a name", list_name);
    for (const rf__json *m = list->child; m; m = m->next) {
        rf__day d = 0;
        snprintf(field, sizeof field, "%s.%.*s", list_name, key_width(m->key_len), m->key);
        rf_status st = rf__date_parse(m->key, m->key_len, &d);
        if (st == RF_E_INVALID)
            return fail(ld, st, m, AT_KEY, field, "\"%.*s\" is not a date YYYY-MM-DD",
                        key_width(m->key_len), m->key);
        if (st != RF_OK)
            return fail(ld, st, m, AT_KEY, field,
                        "\"%.*s\" is not a date of the years 1970..9999",
                        key_width(m->key_len), m->key);
        if (m->type != RF_JSON_STRING)
            return fail(ld, RF_E_INVALID, m, AT_VALUE, field,
                        "the name of a listed day must be a string");
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
                    "a calendar must be a JSON object with \"holidays\" and \"workdays\"");
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
                st = fail(ld, RF_E_INVALID, m, AT_VALUE, field, "\"source\" must be a string");
        } else if (key_is(m, "timezone")) {
            /* Days are +08:00 days throughout the library: a calendar stated
             * in another zone would be silently misread, so it is refused. */
            if (m->type != RF_JSON_STRING || m->len != 6 || memcmp(m->str, "+08:00", 6) != 0)
                st = fail(ld, RF_E_INVALID, m, AT_VALUE, field,
                          "\"timezone\" must be the string \"+08:00\"");
        } else {
            st = fail(ld, RF_E_INVALID, m, AT_KEY, field,
                      "unknown key \"%s\" (expected \"holidays\", \"workdays\", "
                      "\"source\" or \"timezone\")", field);
        }
        if (st != RF_OK) return st;
    }
    if (!have_holidays || !have_workdays)
        return fail(ld, RF_E_INVALID, root, AT_VALUE, have_holidays ? "workdays" : "holidays",
                    "missing \"%s\" (an object, possibly empty)",
                    have_holidays ? "workdays" : "holidays");
    if (*lo > *hi)
        return fail(ld, RF_E_INVALID, root, AT_VALUE, NULL,
                    "the calendar lists no dates, so it covers no years");
    return RF_OK;
}

/* Pass 2: marks the days of one list; a day already marked was listed in
 * both lists (a repeat inside one list is a duplicate key, which the JSON
 * reader has refused already). */
static rf_status mark_list(const loader *ld, const rf__json *list, const char *list_name,
                           rf__day first, unsigned char *kind, unsigned char mark) {
    for (const rf__json *m = list->child; m; m = m->next) {
        rf__day d = 0;
        (void)rf__date_parse(m->key, m->key_len, &d); /* checked in pass 1 */
        unsigned char *k = &kind[d - first];
        if (*k != RF_CAL_ORDINARY) {
            char field[96];
            snprintf(field, sizeof field, "%s.%.*s", list_name, key_width(m->key_len), m->key);
            return fail(ld, RF_E_INVALID, m, AT_KEY, field,
                        "%.*s is listed both as a holiday and as a make-up workday",
                        key_width(m->key_len), m->key);
        }
        *k = mark;
    }
    return RF_OK;
}

static rf_status build(const loader *ld, const rf_allocator *a, const rf__json *root,
                       rf__calendar **out) {
    rf__day lo = INT32_MAX, hi = INT32_MIN;
    rf_status st = check_document(ld, root, &lo, &hi);
    if (st != RF_OK) return st;

    int first_year, last_year;
    unsigned month, day;
    rf__civil_from_days(lo, &first_year, &month, &day);
    rf__civil_from_days(hi, &last_year, &month, &day);
    /* Dates are 1970..9999, so the span is under 3 million days. */
    rf__day first = rf__days_from_civil(first_year, 1, 1);
    int32_t count = rf__days_from_civil(last_year + 1, 1, 1) - first;

    /* One allocation: the struct, then its bytes. */
    rf__calendar *cal = rf__malloc(a, sizeof *cal + (size_t)count);
    if (!cal) return rf__fail(ld->err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
    unsigned char *kind = (unsigned char *)(cal + 1);
    memset(kind, RF_CAL_ORDINARY, (size_t)count);
    cal->first_year = first_year;
    cal->last_year = last_year;
    cal->first_day = first;
    cal->day_count = count;
    cal->kind = kind;

    /* In document order, so that a day listed twice is reported at its
     * second appearance. */
    for (const rf__json *m = root->child; m && st == RF_OK; m = m->next) {
        if (key_is(m, "holidays")) st = mark_list(ld, m, "holidays", first, kind, RF_CAL_HOLIDAY);
        else if (key_is(m, "workdays")) st = mark_list(ld, m, "workdays", first, kind, RF_CAL_WORKDAY);
    }
    if (st != RF_OK) {
        rf__free(a, cal);
        return st;
    }
    *out = cal;
    return RF_OK;
}

rf_status rf__calendar_parse(const rf_allocator *a, const char *json, size_t len,
                             const char *name, rf__calendar **out, rf_error *err) {
    loader ld = {name, err};
    rf__json_doc *doc = NULL;
    if (!a) a = &rf__default_allocator;
    if (!out) return rf__fail(err, RF_E_USAGE, 0, 0, 0, NULL, "no place for the calendar");
    *out = NULL;
    if (!json) return rf__fail(err, RF_E_USAGE, 0, 0, 0, NULL, "no calendar text");
    rf_status st = rf__json_parse(a, json, len, NULL, &doc, err);
    if (st != RF_OK) return st;
    st = build(&ld, a, rf__json_root(doc), out);
    rf__json_free(doc);
    return st;
}

void rf__calendar_free(const rf_allocator *a, rf__calendar *cal) {
    /* The built-in calendar is static: freeing it is a no-op, not a crash. */
    if (!cal || cal == rf__calendar_builtin()) return;
    rf__free(a ? a : &rf__default_allocator, cal);
}
