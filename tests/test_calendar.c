/*
 * The working-day calendar: the built-in 2004-2026 schedule, "N working
 * days" deadlines (RULES.md 2.5), loading a calendar from JSON, and the
 * typed calendar of the public API (rf_calendar_*, rf_ctx_set_calendar).
 *
 * Expected due instants were worked out by hand from
 * ../shared/calendar/cn-2004-2026.json and are written as literals: seconds
 * since the epoch, with the +08:00 text beside them.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "internal.h"
#include "load.h"

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR "."
#endif
#define DATA_FILE RF_SOURCE_DIR "/../shared/calendar/cn-2004-2026.json"

static rf__day day_of(int y, unsigned m, unsigned d) {
    return rf__days_from_civil(y, m, d);
}

static bool workday(int y, unsigned m, unsigned d) {
    bool w = false;
    rf_status st = rf__calendar_is_workday(rf__calendar_builtin(), day_of(y, m, d), &w);
    if (st != RF_OK) fail_msg("%d-%02u-%02u: %s", y, m, d, rf_status_name(st));
    return w;
}

/* Files at `from` (RFC 3339 text), adds n working days on the built-in
 * calendar and checks the due instant and its +08:00 text. */
static void expect_due(const char *from, int n, rf_time want, const char *want_text) {
    rf_time t = 0, due = 0;
    char buf[32];
    assert_int_equal(rf_time_parse(from, strlen(from), &t), RF_OK);
    rf_status st = rf__calendar_add_workdays(rf__calendar_builtin(), t, n, &due);
    if (st != RF_OK) fail_msg("%s + %d: %s", from, n, rf_status_name(st));
    if (due != want)
        fail_msg("%s + %d working days: due %s (%lld), want %s (%lld)", from, n,
                 rf_time_format(due, buf), (long long)due, want_text, (long long)want);
    assert_string_equal(rf_time_format(due, buf), want_text);
}

static void expect_no_due(const char *from, int n, rf_status want) {
    rf_time t = 0, due = 42;
    assert_int_equal(rf_time_parse(from, strlen(from), &t), RF_OK);
    assert_int_equal(rf__calendar_add_workdays(rf__calendar_builtin(), t, n, &due), want);
    assert_int_equal(due, 42);
}

/* ---- the built-in calendar -------------------------------------------------- */

static void test_builtin_years(void **state) {
    (void)state;
    int first = 0, last = 0;
    rf__calendar_years(rf__calendar_builtin(), &first, &last);
    assert_int_equal(first, 2004);
    assert_int_equal(last, 2026);
    rf__calendar_years(NULL, &first, &last); /* NULL is the built-in one */
    assert_int_equal(first, 2004);
    assert_int_equal(last, 2026);
    const rf__calendar *cal = rf__calendar_builtin();
    assert_int_equal(cal->first_day, 12418);         /* 2004-01-01 */
    assert_int_equal(cal->day_count, 8401);          /* 23 years, 6 of them leap */
    assert_ptr_equal(rf__calendar_builtin(), cal);   /* static, same every time */
    rf__calendar_free(NULL, (rf__calendar *)(uintptr_t)cal); /* a no-op */
    rf__calendar_free(NULL, NULL);
}

static void test_spring_festival_2024(void **state) {
    (void)state;
    /* 春节 2024: holidays Sat 02-10 .. Sat 02-17; make-up workdays on
     * Sunday 02-04 and Sunday 02-18. */
    assert_false(workday(2024, 2, 3));  /* Saturday */
    assert_true(workday(2024, 2, 4));   /* Sunday, 调休 */
    assert_true(workday(2024, 2, 9));   /* Friday before the break: works */
    for (unsigned d = 10; d <= 17; d++) assert_false(workday(2024, 2, d));
    assert_true(workday(2024, 2, 18));  /* Sunday, 调休 */
    assert_true(workday(2024, 2, 19));
    assert_false(workday(2024, 2, 24)); /* ordinary Saturday */
    assert_false(workday(2024, 2, 25));

    /* Filed Thursday 02-08: 02-09 (1), 02-18 (2), 02-19..23 (3..7). */
    expect_due("2024-02-08T10:00:00+08:00", 5, INT64_C(1708531200), "2024-02-22T00:00:00+08:00");
    expect_due("2024-02-08T10:00:00+08:00", 7, INT64_C(1708704000), "2024-02-24T00:00:00+08:00");
    /* One working day from inside the break is the make-up Sunday. */
    expect_due("2024-02-09T10:00:00+08:00", 1, INT64_C(1708272000), "2024-02-19T00:00:00+08:00");
    expect_due("2024-02-17T10:00:00+08:00", 1, INT64_C(1708272000), "2024-02-19T00:00:00+08:00");
    /* Filed on Saturday 02-03: the next day is a make-up Sunday. */
    expect_due("2024-02-03T10:00:00+08:00", 1, INT64_C(1707062400), "2024-02-05T00:00:00+08:00");
}

static void test_national_day_2024(void **state) {
    (void)state;
    /* 国庆节 2024: holidays 10-01 .. 10-07; make-up workdays Sunday 09-29
     * and Saturday 10-12 (the data file's dates; 09-29 is a Sunday). Just
     * before: 中秋 09-15 .. 09-17 with make-up Saturday 09-14. */
    assert_false(workday(2024, 9, 28)); /* Saturday */
    assert_true(workday(2024, 9, 29));  /* Sunday, 调休 */
    assert_true(workday(2024, 9, 30));
    for (unsigned d = 1; d <= 7; d++) assert_false(workday(2024, 10, d));
    assert_true(workday(2024, 10, 8));
    assert_true(workday(2024, 10, 12));  /* Saturday, 调休 */
    assert_false(workday(2024, 10, 13)); /* Sunday */
    assert_true(workday(2024, 9, 14));   /* Saturday, 调休 */
    for (unsigned d = 15; d <= 17; d++) assert_false(workday(2024, 9, d));

    /* Filed Friday 09-27: 09-29 (1), 09-30 (2), 10-08..10-10 (3..5),
     * 10-11 (6), Saturday 10-12 (7). */
    expect_due("2024-09-27T15:00:00+08:00", 5, INT64_C(1728576000), "2024-10-11T00:00:00+08:00");
    expect_due("2024-09-27T15:00:00+08:00", 7, INT64_C(1728748800), "2024-10-13T00:00:00+08:00");
}

static void test_filed_on_makeup_saturday(void **state) {
    (void)state;
    /* Filed on make-up Saturday 10-12: the filing day never counts, so
     * 10-14..10-18 are the five. */
    expect_due("2024-10-12T10:00:00+08:00", 5, INT64_C(1729267200), "2024-10-19T00:00:00+08:00");
    /* Filed on make-up Saturday 09-14, right before 中秋: 09-18, 19, 20,
     * 23, 24 (5), 25, 26 (7). */
    expect_due("2024-09-14T09:30:00+08:00", 5, INT64_C(1727193600), "2024-09-25T00:00:00+08:00");
    expect_due("2024-09-14T09:30:00+08:00", 7, INT64_C(1727366400), "2024-09-27T00:00:00+08:00");
}

static void test_day_boundary(void **state) {
    (void)state;
    /* 23:59:59 on Thursday 10-10 files on 10-10: 10-11, 10-12 (调休),
     * 10-14, 10-15, 10-16. One second later is Friday 10-11: 10-12, 10-14,
     * 10-15, 10-16, 10-17. */
    expect_due("2024-10-10T23:59:59+08:00", 5, INT64_C(1729094400), "2024-10-17T00:00:00+08:00");
    expect_due("2024-10-11T00:00:00+08:00", 5, INT64_C(1729180800), "2024-10-18T00:00:00+08:00");
    /* The same two instants in UTC, and in another zone: only the +08:00
     * day matters. */
    expect_due("2024-10-10T15:59:59Z", 5, INT64_C(1729094400), "2024-10-17T00:00:00+08:00");
    expect_due("2024-10-10T16:00:00Z", 5, INT64_C(1729180800), "2024-10-18T00:00:00+08:00");
    expect_due("2024-10-10T11:59:59-04:00", 5, INT64_C(1729094400), "2024-10-17T00:00:00+08:00");
    expect_due("2024-10-10T12:00:00-04:00", 5, INT64_C(1729180800), "2024-10-18T00:00:00+08:00");
    /* A filing at the very start of a day still does not count that day. */
    expect_due("2024-10-10T00:00:00+08:00", 1, INT64_C(1728662400), "2024-10-12T00:00:00+08:00");
}

static void test_year_end(void **state) {
    (void)state;
    /* Filed Monday 2024-12-30: 12-31 (1), 元旦 Wednesday 2025-01-01 off,
     * 01-02 (2), 01-03 (3), weekend, 01-06 (4), 01-07 (5), 01-08, 01-09 (7). */
    assert_false(workday(2025, 1, 1));
    expect_due("2024-12-30T09:00:00+08:00", 5, INT64_C(1736265600), "2025-01-08T00:00:00+08:00");
    expect_due("2024-12-30T09:00:00+08:00", 7, INT64_C(1736438400), "2025-01-10T00:00:00+08:00");
    /* 2024-12-30T09:00+08:00 is still 12-30 in UTC; 2024-12-30T20:00Z is
     * 12-31 04:00 in +08:00. */
    expect_due("2024-12-30T20:00:00Z", 5, INT64_C(1736352000), "2025-01-09T00:00:00+08:00");
}

static void test_leap_day(void **state) {
    (void)state;
    assert_true(workday(2024, 2, 29)); /* a Thursday */
    /* 03-01 (1), 03-04..03-07 (2..5). */
    expect_due("2024-02-29T12:00:00+08:00", 5, INT64_C(1709827200), "2024-03-08T00:00:00+08:00");
    /* Filed 02-28: the leap day is the first working day. */
    expect_due("2024-02-28T12:00:00+08:00", 1, INT64_C(1709222400), "2024-03-01T00:00:00+08:00");
}

static void test_outside_the_calendar(void **state) {
    (void)state;
    bool w = true;
    const rf__calendar *cal = rf__calendar_builtin();
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2003, 12, 31), &w), RF_E_CALENDAR);
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2027, 1, 1), &w), RF_E_CALENDAR);
    assert_int_equal(rf__calendar_is_workday(cal, INT32_MIN, &w), RF_E_CALENDAR);
    assert_int_equal(rf__calendar_is_workday(cal, INT32_MAX, &w), RF_E_CALENDAR);
    assert_true(w); /* untouched */
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2004, 1, 1), &w), RF_OK);
    assert_false(w); /* 元旦 */
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2026, 12, 31), &w), RF_OK);
    assert_true(w); /* a Thursday */
    assert_int_equal(rf__calendar_is_workday(NULL, day_of(2026, 12, 31), &w), RF_OK);

    /* Every day counted must be covered; the filing day is not counted. */
    expect_no_due("2026-12-28T09:00:00+08:00", 5, RF_E_CALENDAR);
    expect_no_due("2026-12-30T09:00:00+08:00", 2, RF_E_CALENDAR);
    expect_due("2026-12-30T09:00:00+08:00", 1, INT64_C(1798732800), "2027-01-01T00:00:00+08:00");
    expect_due("2003-12-31T09:00:00+08:00", 1, INT64_C(1073059200), "2004-01-03T00:00:00+08:00");
    expect_no_due("2003-12-30T09:00:00+08:00", 1, RF_E_CALENDAR);
    expect_no_due("1999-06-01T09:00:00+08:00", 5, RF_E_CALENDAR);
    expect_no_due("2030-06-01T09:00:00+08:00", 5, RF_E_CALENDAR);
    expect_no_due("2024-06-03T09:00:00+08:00", 0, RF_E_RANGE);
    expect_no_due("2024-06-03T09:00:00+08:00", -1, RF_E_RANGE);

    rf_time due = 42;
    assert_int_equal(rf__calendar_add_workdays(cal, INT64_MAX, 1, &due), RF_E_CALENDAR);
    assert_int_equal(rf__calendar_add_workdays(cal, INT64_MIN, 1, &due), RF_E_CALENDAR);
    assert_int_equal(due, 42);
    /* More working days than the calendar holds. */
    assert_int_equal(rf__calendar_add_workdays(cal, 0, 1000000, &due), RF_E_CALENDAR);
}

/* ---- the built-in calendar against its source, day by day ----------------- */

static void test_builtin_matches_data_file(void **state) {
    (void)state;
    size_t len = 0;
    char *text = test_read_file(DATA_FILE, &len);
    if (!text) {
        print_message("skipping: %s not found\n", DATA_FILE);
        skip();
    }
    rf__calendar *parsed = NULL;
    rf_error err;
    rf__error_clear(&err);
    rf_status st = rf__calendar_parse(NULL, text, len, "cn-2004-2026.json", &parsed, &err);
    free(text);
    if (st != RF_OK) fail_msg("%s:%u:%u: %s", DATA_FILE, err.line, err.column, err.message);

    int first = 0, last = 0;
    rf__calendar_years(parsed, &first, &last);
    assert_int_equal(first, 2004);
    assert_int_equal(last, 2026);
    const rf__calendar *builtin = rf__calendar_builtin();
    int days = 0, holidays = 0, makeups = 0;
    for (rf__day d = day_of(2004, 1, 1); d <= day_of(2026, 12, 31); d++) {
        bool a = false, b = false;
        assert_int_equal(rf__calendar_is_workday(builtin, d, &a), RF_OK);
        assert_int_equal(rf__calendar_is_workday(parsed, d, &b), RF_OK);
        if (a != b) {
            int y;
            unsigned m, md;
            rf__civil_from_days(d, &y, &m, &md);
            fail_msg("%d-%02u-%02u: built-in says %d, the data file %d", y, m, md, a, b);
        }
        unsigned wd = rf__weekday(d);
        bool weekend = wd == 0 || wd == 6;
        holidays += !a && !weekend;
        makeups += a && weekend;
        days++;
    }
    assert_int_equal(days, 8401);
    /* The data file lists 150 make-up workdays, all on weekends. */
    assert_int_equal(makeups, 150);
    /* And 407 of its 619 holidays fall on weekdays (the rest on weekends). */
    assert_int_equal(holidays, 407);
    /* The day outside is outside in both. */
    bool w;
    assert_int_equal(rf__calendar_is_workday(parsed, day_of(2027, 1, 1), &w), RF_E_CALENDAR);
    rf__calendar_free(NULL, parsed);
}

/* ---- loading custom calendars -------------------------------------------- */

static void test_parse_custom(void **state) {
    (void)state;
    static const char text[] =
        "{\"source\": \"test\", \"timezone\": \"+08:00\",\n"
        " \"holidays\": {\"2030-01-01\": \"New Year\"},\n"
        " \"workdays\": {\"2030-01-05\": \"make-up\"}}";
    rf__calendar *cal = NULL;
    rf_error err;
    rf__error_clear(&err);
    assert_int_equal(rf__calendar_parse(NULL, text, strlen(text), "t.json", &cal, &err), RF_OK);
    assert_non_null(cal);
    int first = 0, last = 0;
    rf__calendar_years(cal, &first, &last);
    assert_int_equal(first, 2030);
    assert_int_equal(last, 2030);
    bool w = true;
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2030, 1, 1), &w), RF_OK);
    assert_false(w); /* Tuesday, a holiday */
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2030, 1, 5), &w), RF_OK);
    assert_true(w);  /* Saturday, a make-up workday */
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2030, 1, 6), &w), RF_OK);
    assert_false(w); /* Sunday */
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2030, 12, 31), &w), RF_OK);
    assert_true(w);
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2029, 12, 31), &w), RF_E_CALENDAR);
    assert_int_equal(rf__calendar_is_workday(cal, day_of(2031, 1, 1), &w), RF_E_CALENDAR);

    /* Filed 2029-12-31 (outside, but never counted): 01-02, 01-03, 01-04,
     * then the make-up Saturday 01-05. */
    rf_time due = 0;
    assert_int_equal(rf__calendar_add_workdays(cal, INT64_C(1893376800), 3, &due), RF_OK);
    assert_int_equal(due, INT64_C(1893772800)); /* 2030-01-05T00:00:00+08:00 */
    assert_int_equal(rf__calendar_add_workdays(cal, INT64_C(1893376800), 4, &due), RF_OK);
    assert_int_equal(due, INT64_C(1893859200)); /* 2030-01-06T00:00:00+08:00 */
    rf__calendar_free(NULL, cal);

    /* Empty lists are fine as long as some date is listed; key order is free. */
    static const char minimal[] = "{\"workdays\": {}, \"holidays\": {\"2031-05-01\": \"\"}}";
    assert_int_equal(rf__calendar_parse(NULL, minimal, strlen(minimal), NULL, &cal, NULL), RF_OK);
    rf__calendar_years(cal, &first, &last);
    assert_int_equal(first, 2031);
    assert_int_equal(last, 2031);
    rf__calendar_free(NULL, cal);
}

typedef struct parse_error_case {
    const char *text;
    rf_status code;
    const char *field;
    unsigned line, column;
    const char *message_part;
} parse_error_case;

static void test_parse_errors(void **state) {
    (void)state;
    static const parse_error_case cases[] = {
        /* An impossible date: at its key. */
        {"{\n"
         "  \"holidays\": {\n"
         "    \"2024-02-30\": \"x\"\n"
         "  },\n"
         "  \"workdays\": {}\n"
         "}\n",
         RF_E_RANGE, "holidays.2024-02-30", 3, 5, "2024-02-30"},
        /* A malformed date. */
        {"{\"holidays\": {},\n"
         " \"workdays\": {\"2024-2-4\": \"x\"}}",
         RF_E_INVALID, "workdays.2024-2-4", 2, 15, "not a date"},
        /* A year outside 1970..9999. */
        {"{\"holidays\": {\"1969-12-31\": \"x\"}, \"workdays\": {}}",
         RF_E_RANGE, "holidays.1969-12-31", 1, 15, "1969-12-31"},
        /* An unknown key: at the key. */
        {"{\"holidays\": {}, \"workdays\": {},\n"
         "   \"holiday\": {}}",
         RF_E_INVALID, "holiday", 2, 4, "unknown key"},
        /* A name that is not a string: at the value. */
        {"{\"holidays\": {\n"
         "  \"2024-01-01\": 1},\n"
         " \"workdays\": {}}",
         RF_E_INVALID, "holidays.2024-01-01", 2, 17, "string"},
        /* The same day in both lists: at its second appearance. */
        {"{\n"
         " \"holidays\": {\"2024-02-04\": \"a\"},\n"
         " \"workdays\": {\"2024-02-04\": \"b\"}\n"
         "}",
         RF_E_INVALID, "workdays.2024-02-04", 3, 15, "both"},
        /* A list that is not an object: at the value. */
        {"{\"holidays\": [\"2024-01-01\"], \"workdays\": {}}",
         RF_E_INVALID, "holidays", 1, 14, "object"},
        /* Another zone would be misread. */
        {"{\"timezone\": \"+09:00\", \"holidays\": {}, \"workdays\": {}}",
         RF_E_INVALID, "timezone", 1, 14, "+08:00"},
        {"{\"source\": 7, \"holidays\": {}, \"workdays\": {}}",
         RF_E_INVALID, "source", 1, 12, "source"},
        /* Missing lists and empty calendars: at the root. */
        {"{\"holidays\": {\"2024-01-01\": \"x\"}}",
         RF_E_INVALID, "workdays", 1, 1, "missing"},
        {"\n  {\"workdays\": {\"2024-01-01\": \"x\"}}",
         RF_E_INVALID, "holidays", 2, 3, "missing"},
        {"{\"holidays\": {}, \"workdays\": {}}",
         RF_E_INVALID, "", 1, 1, "no dates"},
        {"[]", RF_E_INVALID, "", 1, 1, "object"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const parse_error_case *c = &cases[i];
        rf__calendar *cal = (rf__calendar *)&cal; /* must be reset to NULL */
        rf_error err;
        rf__error_clear(&err);
        rf_status st = rf__calendar_parse(NULL, c->text, strlen(c->text), "cal.json", &cal, &err);
        if (st != c->code || err.code != c->code || strcmp(err.field, c->field) != 0 ||
            err.line != c->line || err.column != c->column ||
            !strstr(err.message, c->message_part) || strstr(err.message, "cal.json") != NULL)
            fail_msg("case %zu: got %s field \"%s\" at %u:%u \"%s\"; want %s \"%s\" at %u:%u",
                     i, rf_status_name(st), err.field, err.line, err.column, err.message,
                     rf_status_name(c->code), c->field, c->line, c->column);
        assert_null(cal);
    }
}

static void test_parse_json_errors(void **state) {
    (void)state;
    /* Syntax errors and duplicate keys come from the JSON reader: a
     * repeated date is well-formed JSON, refused as RF_E_INVALID naming
     * where it was first listed. */
    static const char broken[] = "{\"holidays\": {\n  \"2024-01-01\": \"x\",\n}}";
    static const char dup[] = "{\"holidays\": {\"2024-01-01\": \"x\",\n \"2024-01-01\": \"y\"},"
                              " \"workdays\": {}}";
    rf__calendar *cal = NULL;
    rf_error err;
    rf__error_clear(&err);
    assert_int_equal(rf__calendar_parse(NULL, broken, strlen(broken), "b.json", &cal, &err), RF_E_JSON);
    assert_int_equal(err.code, RF_E_JSON);
    assert_int_equal(err.line, 3);
    assert_null(cal);
    rf__error_clear(&err);
    assert_int_equal(rf__calendar_parse(NULL, dup, strlen(dup), "d.json", &cal, &err), RF_E_INVALID);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 2);
    assert_int_equal(err.first_line, 1);
    assert_int_equal(err.first_column, 15);
    assert_null(cal);
    /* No error struct is fine too. */
    assert_int_equal(rf__calendar_parse(NULL, "[]", 2, NULL, &cal, NULL), RF_E_INVALID);
    assert_int_equal(rf__calendar_parse(NULL, "", 0, NULL, &cal, NULL), RF_E_JSON);
}

/* ---- allocation failures -------------------------------------------------- */

typedef struct failing {
    int allocations_left; /* the next allocation after this many fails */
    int live;             /* blocks handed out and not yet freed */
} failing;

static void *failing_malloc(void *ud, size_t size) {
    failing *f = ud;
    if (f->allocations_left-- <= 0) return NULL;
    void *p = malloc(size);
    if (p) f->live++;
    return p;
}

static void *failing_realloc(void *ud, void *ptr, size_t old_size, size_t size) {
    (void)old_size;
    failing *f = ud;
    if (f->allocations_left-- <= 0) return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr) f->live++;
    return p;
}

static void failing_free(void *ud, void *ptr) {
    failing *f = ud;
    if (ptr) f->live--;
    free(ptr);
}

static void test_parse_out_of_memory(void **state) {
    (void)state;
    static const char text[] =
        "{\"holidays\": {\"2024-01-01\": \"a\", \"2024-02-10\": \"b\"},"
        " \"workdays\": {\"2024-02-04\": \"c\"}, \"source\": \"s\"}";
    bool succeeded = false;
    for (int budget = 0; budget < 1000 && !succeeded; budget++) {
        failing f = {budget, 0};
        rf_allocator a = {failing_malloc, failing_realloc, failing_free, &f};
        rf__calendar *cal = NULL;
        rf_error err;
        rf__error_clear(&err);
        rf_status st = rf__calendar_parse(&a, text, strlen(text), NULL, &cal, &err);
        if (st == RF_OK) {
            succeeded = true;
            assert_non_null(cal);
            bool w = false;
            assert_int_equal(rf__calendar_is_workday(cal, day_of(2024, 2, 4), &w), RF_OK);
            assert_true(w);
            rf__calendar_free(&a, cal);
        } else {
            assert_int_equal(st, RF_E_NOMEM);
            assert_int_equal(err.code, RF_E_NOMEM);
            assert_null(cal);
        }
        assert_int_equal(f.live, 0); /* nothing leaked, nothing freed twice */
    }
    assert_true(succeeded);
}

/* ---- the typed calendar ------------------------------------------------------ */

static rf_day_kind kind_of(const rf_calendar *cal, int y, int m, int d) {
    rf_day_kind k = (rf_day_kind)99;
    rf_status st = rf_calendar_get_day(cal, y, m, d, &k);
    if (st != RF_OK) fail_msg("%d-%02d-%02d: %s", y, m, d, rf_status_name(st));
    return k;
}

static void test_typed_calendar(void **state) {
    (void)state;
    rf_calendar *cal = rf_calendar_new(NULL);
    assert_non_null(cal);
    int first = 0, last = 0;
    rf_day_kind k = RF_DAY_HOLIDAY;
    /* Empty: no years, every day outside. */
    assert_false(rf_calendar_years(cal, &first, &last));
    assert_int_equal(rf_calendar_get_day(cal, 2030, 1, 1, &k), RF_E_CALENDAR);
    assert_int_equal(k, RF_DAY_HOLIDAY); /* untouched */

    /* A mark covers its whole year. */
    rf_error err = {0};
    assert_int_equal(rf_calendar_set_day(cal, 2030, 1, 1, RF_DAY_HOLIDAY, &err), RF_OK);
    assert_true(rf_calendar_years(cal, &first, &last));
    assert_int_equal(first, 2030);
    assert_int_equal(last, 2030);
    assert_int_equal(kind_of(cal, 2030, 1, 1), RF_DAY_HOLIDAY);
    assert_int_equal(kind_of(cal, 2030, 12, 31), RF_DAY_ORDINARY);
    assert_int_equal(rf_calendar_get_day(cal, 2029, 12, 31, &k), RF_E_CALENDAR);

    /* Years stay one run: a mark two years on covers the year between, and
     * the marks made before keep their days. */
    assert_int_equal(rf_calendar_set_day(cal, 2032, 1, 3, RF_DAY_WORKDAY, &err), RF_OK);
    assert_true(rf_calendar_years(cal, &first, &last));
    assert_int_equal(first, 2030);
    assert_int_equal(last, 2032);
    assert_int_equal(kind_of(cal, 2030, 1, 1), RF_DAY_HOLIDAY);
    assert_int_equal(kind_of(cal, 2031, 6, 1), RF_DAY_ORDINARY);
    assert_int_equal(kind_of(cal, 2032, 1, 3), RF_DAY_WORKDAY);
    /* And earlier years too. */
    assert_int_equal(rf_calendar_cover(cal, 2028, 2029, &err), RF_OK);
    assert_true(rf_calendar_years(cal, &first, &last));
    assert_int_equal(first, 2028);
    assert_int_equal(last, 2032);
    assert_int_equal(kind_of(cal, 2030, 1, 1), RF_DAY_HOLIDAY);
    assert_int_equal(kind_of(cal, 2032, 1, 3), RF_DAY_WORKDAY);
    assert_int_equal(kind_of(cal, 2028, 2, 29), RF_DAY_ORDINARY);
    /* Covering years already covered changes nothing; ORDINARY undoes a mark. */
    assert_int_equal(rf_calendar_cover(cal, 2030, 2031, &err), RF_OK);
    assert_int_equal(rf_calendar_set_day(cal, 2032, 1, 3, RF_DAY_ORDINARY, &err), RF_OK);
    assert_int_equal(kind_of(cal, 2032, 1, 3), RF_DAY_ORDINARY);
    assert_int_equal(err.code, RF_OK);

    /* Refusals leave the calendar as it was. */
    static const struct { int y, m, d; } bad_dates[] = {
        {2023, 2, 29}, {1969, 12, 31}, {10000, 1, 1}, {2030, 13, 1}, {2030, 0, 1}, {2030, 4, 31}, {2030, 1, 0},
    };
    for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
        rf__error_clear(&err);
        assert_int_equal(rf_calendar_set_day(cal, bad_dates[i].y, bad_dates[i].m, bad_dates[i].d,
                                             RF_DAY_HOLIDAY, &err), RF_E_RANGE);
        assert_int_equal(err.code, RF_E_RANGE);
        assert_non_null(strstr(err.message, "is not a date"));
        assert_int_equal(rf_calendar_get_day(cal, bad_dates[i].y, bad_dates[i].m, bad_dates[i].d, &k),
                         RF_E_RANGE);
    }
    rf__error_clear(&err);
    assert_int_equal(rf_calendar_set_day(cal, 2030, 5, 1, (rf_day_kind)3, &err), RF_E_INVALID);
    assert_int_equal(rf_calendar_set_day(cal, 2030, 5, 1, (rf_day_kind)-1, NULL), RF_E_INVALID);
    assert_int_equal(kind_of(cal, 2030, 5, 1), RF_DAY_ORDINARY);
    assert_int_equal(rf_calendar_cover(cal, 2031, 2030, NULL), RF_E_RANGE);
    assert_int_equal(rf_calendar_cover(cal, 1969, 2030, NULL), RF_E_RANGE);
    assert_int_equal(rf_calendar_cover(cal, 2030, 10000, NULL), RF_E_RANGE);
    assert_true(rf_calendar_years(cal, &first, &last));
    assert_int_equal(first, 2028);
    assert_int_equal(last, 2032);

    /* NULL rules. */
    assert_int_equal(rf_calendar_set_day(NULL, 2030, 1, 1, RF_DAY_HOLIDAY, NULL), RF_E_USAGE);
    assert_int_equal(rf_calendar_cover(NULL, 2030, 2030, NULL), RF_E_USAGE);
    assert_int_equal(rf_calendar_get_day(NULL, 2030, 1, 1, &k), RF_E_USAGE);
    assert_int_equal(rf_calendar_get_day(cal, 2030, 1, 1, NULL), RF_E_USAGE);
    assert_false(rf_calendar_years(NULL, &first, &last));
    assert_int_equal(rf_ctx_set_calendar(NULL, cal, NULL), RF_E_USAGE);
    rf_calendar_free(NULL);
    rf_calendar_free(cal);
}

/* The built-in calendar, copied out of a context (or none) day by day. */
static void test_copy_builtin(void **state) {
    (void)state;
    rf_ctx *ctx = rf_ctx_new(NULL);
    rf_calendar *from_null = rf_ctx_copy_calendar(NULL), *from_ctx = rf_ctx_copy_calendar(ctx);
    assert_non_null(from_null);
    assert_non_null(from_ctx);
    int first = 0, last = 0;
    assert_true(rf_calendar_years(from_null, &first, &last));
    assert_int_equal(first, 2004);
    assert_int_equal(last, 2026);
    for (rf__day d = day_of(2004, 1, 1); d <= day_of(2026, 12, 31); d++) {
        int y;
        unsigned m, md;
        rf__civil_from_days(d, &y, &m, &md);
        bool w = false;
        assert_int_equal(rf__calendar_is_workday(rf__calendar_builtin(), d, &w), RF_OK);
        rf_day_kind k = kind_of(from_null, y, (int)m, (int)md);
        assert_int_equal(k, kind_of(from_ctx, y, (int)m, (int)md));
        unsigned wd = rf__weekday(d);
        bool weekend = wd == 0 || wd == 6;
        assert_int_equal(w, k == RF_DAY_WORKDAY || (k == RF_DAY_ORDINARY && !weekend));
    }
    /* Spring Festival 2024 and its make-up Sunday 02-04. */
    assert_int_equal(kind_of(from_ctx, 2024, 2, 12), RF_DAY_HOLIDAY);
    assert_int_equal(kind_of(from_ctx, 2024, 2, 4), RF_DAY_WORKDAY);
    rf_calendar_free(from_null);
    rf_calendar_free(from_ctx);
    rf_ctx_free(ctx);
}

/* Setting days and loading a file describe the same calendar the same way:
 * the loader goes through the setters. */
static void test_setters_match_loader(void **state) {
    (void)state;
    static const char text[] =
        "{\"holidays\": {\"2030-01-01\": \"New Year\", \"2031-10-01\": \"National Day\"},"
        " \"workdays\": {\"2030-01-05\": \"make-up\"}}";
    rf_ctx *loaded = rf_ctx_new(NULL), *built = rf_ctx_new(NULL);
    rf_error err = {0};
    assert_int_equal(rf_ctx_load_calendar(loaded, text, strlen(text), "t.json", &err), RF_OK);
    rf_calendar *cal = rf_calendar_new(built);
    assert_int_equal(rf_calendar_set_day(cal, 2031, 10, 1, RF_DAY_HOLIDAY, &err), RF_OK);
    assert_int_equal(rf_calendar_set_day(cal, 2030, 1, 5, RF_DAY_WORKDAY, &err), RF_OK);
    assert_int_equal(rf_calendar_set_day(cal, 2030, 1, 1, RF_DAY_HOLIDAY, &err), RF_OK);
    assert_int_equal(rf_ctx_set_calendar(built, cal, &err), RF_OK);
    rf_calendar_free(cal); /* the context holds its own copy */

    const rf__calendar *a = loaded->calendar, *b = built->calendar;
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(a->first_year, b->first_year);
    assert_int_equal(a->last_year, b->last_year);
    assert_int_equal(a->first_day, b->first_day);
    assert_int_equal(a->day_count, b->day_count);
    assert_memory_equal(a->kind, b->kind, (size_t)a->day_count);

    /* A copy out of a context that loaded a file is that file's calendar. */
    rf_calendar *copy = rf_ctx_copy_calendar(loaded);
    int first = 0, last = 0;
    assert_true(rf_calendar_years(copy, &first, &last));
    assert_int_equal(first, 2030);
    assert_int_equal(last, 2031);
    assert_int_equal(kind_of(copy, 2030, 1, 5), RF_DAY_WORKDAY);
    /* An empty calendar is refused and the context keeps its own. */
    rf_calendar *empty = rf_calendar_new(built);
    rf__error_clear(&err);
    assert_int_equal(rf_ctx_set_calendar(built, empty, &err), RF_E_INVALID);
    assert_non_null(strstr(err.message, "covers no years"));
    assert_ptr_equal(built->calendar, b);
    /* NULL puts the built-in calendar back. */
    assert_int_equal(rf_ctx_set_calendar(built, NULL, NULL), RF_OK);
    assert_null(built->calendar);
    rf_calendar_free(empty);
    rf_calendar_free(copy);
    rf_ctx_free(loaded);
    rf_ctx_free(built);

    /* The NULL rules of the loader. */
    assert_int_equal(rf_ctx_load_calendar(NULL, text, strlen(text), NULL, NULL), RF_E_USAGE);
}

static void test_typed_out_of_memory(void **state) {
    (void)state;
    bool succeeded = false;
    for (int budget = 0; budget < 100 && !succeeded; budget++) {
        failing f = {budget, 0};
        rf_allocator a = {failing_malloc, failing_realloc, failing_free, &f};
        f.allocations_left = 1000; /* the context itself always */
        rf_ctx *ctx = rf_ctx_new(&a);
        assert_non_null(ctx);
        f.allocations_left = budget;
        rf_error err = {0};
        rf_status st = RF_E_NOMEM;
        bool widened = false;
        rf_calendar *cal = rf_ctx_copy_calendar(ctx);
        if (cal) st = rf_calendar_set_day(cal, 2027, 1, 1, RF_DAY_HOLIDAY, &err);
        if (st == RF_OK) {
            widened = true;
            st = rf_ctx_set_calendar(ctx, cal, &err);
        }
        if (st == RF_OK) {
            succeeded = true;
            assert_non_null(ctx->calendar);
            assert_int_equal(ctx->calendar->last_year, 2027);
        } else {
            assert_int_equal(st, RF_E_NOMEM);
            assert_null(ctx->calendar); /* still the built-in one */
            if (cal && !widened) {
                /* A failed widening leaves the calendar as it was. */
                int first = 0, last = 0;
                assert_true(rf_calendar_years(cal, &first, &last));
                assert_int_equal(last, 2026);
            }
        }
        rf_calendar_free(cal);
        rf_ctx_free(ctx);
        assert_int_equal(f.live, 0);
    }
    assert_true(succeeded);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtin_years),
        cmocka_unit_test(test_spring_festival_2024),
        cmocka_unit_test(test_national_day_2024),
        cmocka_unit_test(test_filed_on_makeup_saturday),
        cmocka_unit_test(test_day_boundary),
        cmocka_unit_test(test_year_end),
        cmocka_unit_test(test_leap_day),
        cmocka_unit_test(test_outside_the_calendar),
        cmocka_unit_test(test_builtin_matches_data_file),
        cmocka_unit_test(test_parse_custom),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_json_errors),
        cmocka_unit_test(test_parse_out_of_memory),
        cmocka_unit_test(test_typed_calendar),
        cmocka_unit_test(test_copy_builtin),
        cmocka_unit_test(test_setters_match_loader),
        cmocka_unit_test(test_typed_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
