/*
 * The official working-day calendar (RULES.md section 2.5): which +08:00 days
 * are working days, and "N working days" deadlines; and the editable
 * calendar of the public API, which the setters fill and a context installs.
 *
 * A calendar is one byte per day of the years it covers (calendar.h): the
 * built-in one is a static const table generated into calendar_builtin.c, an
 * installed one is a single allocation holding the struct and its bytes,
 * frozen from an editable rf_calendar.
 */
#include "calendar.h"
#include "error_text.h"
#include "internal.h"

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

void rf__calendar_free(const rf_allocator *a, rf__calendar *cal) {
    /* The built-in calendar is static: freeing it is a no-op, not a crash. */
    if (!cal || cal == rf__calendar_builtin()) return;
    rf__free(a ? a : &rf__default_allocator, cal);
}

/* ---- the editable calendar ---------------------------------------------------- */

struct rf_calendar {
    rf_allocator alloc;
    rf__calendar view; /* the covered years, view.kind == days; no day: none covered */
    unsigned char *days;
};

rf_calendar *rf__calendar_edit(const rf_allocator *a, const rf__calendar *from) {
    if (!a) a = &rf__default_allocator;
    rf_calendar *cal = rf__malloc(a, sizeof *cal);
    if (!cal) return NULL;
    memset(cal, 0, sizeof *cal);
    cal->alloc = *a;
    if (from && from->day_count > 0) {
        cal->days = rf__malloc(a, (size_t)from->day_count);
        if (!cal->days) {
            rf__free(a, cal);
            return NULL;
        }
        memcpy(cal->days, from->kind, (size_t)from->day_count);
        cal->view = *from;
        cal->view.kind = cal->days;
    }
    return cal;
}

rf_calendar *rf_calendar_new(const rf_ctx *ctx) {
    return rf__calendar_edit(ctx ? &ctx->alloc : NULL, NULL);
}

void rf_calendar_free(rf_calendar *cal) {
    if (!cal) return;
    rf_allocator a = cal->alloc;
    rf__free(&a, cal->days);
    rf__free(&a, cal);
}

bool rf_calendar_years(const rf_calendar *cal, int *first, int *last) {
    if (!cal || cal->view.day_count == 0) return false;
    if (first) *first = cal->view.first_year;
    if (last) *last = cal->view.last_year;
    return true;
}

/* Widens the covered years to include first_year..last_year (both checked
 * by the caller). One new block holds the whole run; the days already
 * marked move into it, so a failure leaves cal as it was. */
static rf_status cover(rf_calendar *cal, int first_year, int last_year, rf_error *err) {
    if (cal->view.day_count > 0) {
        if (cal->view.first_year <= first_year && last_year <= cal->view.last_year) return RF_OK;
        if (cal->view.first_year < first_year) first_year = cal->view.first_year;
        if (cal->view.last_year > last_year) last_year = cal->view.last_year;
    }
    /* Years 1970..9999: under 3 million days, well inside int32_t. */
    rf__day first = rf__days_from_civil(first_year, 1, 1);
    int32_t count = rf__days_from_civil(last_year + 1, 1, 1) - first;
    unsigned char *days = rf__malloc(&cal->alloc, (size_t)count);
    if (!days) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    memset(days, RF_CAL_ORDINARY, (size_t)count);
    if (cal->view.day_count > 0)
        memcpy(days + (cal->view.first_day - first), cal->days, (size_t)cal->view.day_count);
    rf__free(&cal->alloc, cal->days);
    cal->days = days;
    cal->view = (rf__calendar){first_year, last_year, first, count, days};
    return RF_OK;
}

rf_status rf_calendar_cover(rf_calendar *cal, int first_year, int last_year, rf_error *err) {
    if (!cal) return rf__fail_null(err, RF_E_USAGE, "rf_calendar_cover", "cal");
    /* The years a date may have (rf__date_make knows them). */
    if (first_year > last_year || rf__date_make(first_year, 1, 1, NULL) != RF_OK ||
        rf__date_make(last_year, 1, 1, NULL) != RF_OK) {
        char first[16], last[16];
        int nf = snprintf(first, sizeof first, "%d", first_year), nl = snprintf(last, sizeof last, "%d", last_year);
        rf__detail d = {.detail = RF_ERR_CAL_YEARS, .found = first, .found_len = (size_t)nf, .fix = last,
                        .fix_len = (size_t)nl};
        return rf__fail_detail(err, RF_E_RANGE, 0, 0, 0, NULL, &d);
    }
    return cover(cal, first_year, last_year, err);
}

rf_status rf_calendar_set_day(rf_calendar *cal, int year, int month, int day, rf_day_kind kind,
                              rf_error *err) {
    rf__day d = 0;
    if (!cal) return rf__fail_null(err, RF_E_USAGE, "rf_calendar_set_day", "cal");
    if (rf__date_make(year, month, day, &d) != RF_OK) {
        char date[48];
        int n = snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
        rf__detail why = {.detail = RF_ERR_CAL_DAY_RANGE, .found = date, .found_len = (size_t)n};
        return rf__fail_detail(err, RF_E_RANGE, 0, 0, 0, NULL, &why);
    }
    if (kind != RF_DAY_ORDINARY && kind != RF_DAY_HOLIDAY && kind != RF_DAY_WORKDAY) {
        char given[16];
        snprintf(given, sizeof given, "%d", (int)kind);
        return rf__fail_with(err, RF_E_INVALID, 0, 0, 0, "kind", RF_ERR_ENUM_VALUE, "kind", given);
    }
    rf_status st = cover(cal, year, year, err);
    if (st != RF_OK) return st;
    cal->days[d - cal->view.first_day] = (unsigned char)kind;
    return RF_OK;
}

rf_status rf_calendar_get_day(const rf_calendar *cal, int year, int month, int day,
                              rf_day_kind *kind) {
    rf__day d = 0;
    if (!cal || !kind) return RF_E_USAGE;
    if (rf__date_make(year, month, day, &d) != RF_OK) return RF_E_RANGE;
    int k = day_kind(&cal->view, d);
    if (k < 0) return RF_E_CALENDAR;
    *kind = (rf_day_kind)k;
    return RF_OK;
}

rf_status rf__calendar_freeze(const rf_allocator *a, const rf_calendar *cal, rf__calendar **out,
                              rf_error *err) {
    *out = NULL;
    if (!a) a = &rf__default_allocator;
    /* A calendar of no years would make every working-day deadline an
     * error: refused here rather than found at the first replay. */
    if (!cal || cal->view.day_count == 0)
        return rf__fail_detail(err, RF_E_INVALID, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_CAL_EMPTY});
    size_t n = (size_t)cal->view.day_count;
    rf__calendar *frozen = rf__malloc(a, sizeof *frozen + n);
    if (!frozen) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    unsigned char *kind = (unsigned char *)(frozen + 1);
    memcpy(kind, cal->days, n);
    *frozen = cal->view;
    frozen->kind = kind;
    *out = frozen;
    return RF_OK;
}
