/*
 * rf_time_parse / rf_time_format and the civil-date helpers of timeutil.h.
 * Every expected instant is a literal worked out independently of the code
 * under test (seconds since 1970-01-01T00:00:00Z).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "timeutil.h"
#include "internal.h"

static rf_status parse(const char *text, rf_time *out) {
    return rf_time_parse(text, strlen(text), out);
}

static void expect_instant(const char *text, rf_time want) {
    rf_time t = 12345;
    rf_status st = parse(text, &t);
    if (st != RF_OK) fail_msg("%s: status %s", text, rf_status_name(st));
    if (t != want) fail_msg("%s: got %lld, want %lld", text, (long long)t, (long long)want);
}

static void expect_status(const char *text, rf_status want) {
    rf_time t = 12345;
    rf_status st = parse(text, &t);
    if (st != want)
        fail_msg("%s: got %s, want %s", text, rf_status_name(st), rf_status_name(want));
    /* A refused text leaves the output alone. */
    assert_int_equal(t, 12345);
}

static void expect_format(rf_time t, const char *want) {
    char buf[32];
    memset(buf, 'x', sizeof buf);
    assert_ptr_equal(rf_time_format(t, buf), buf);
    assert_string_equal(buf, want);
}

static void test_round_trip(void **state) {
    (void)state;
    static const struct { const char *text; rf_time t; } cases[] = {
        {"2024-06-29T20:00:00+08:00", INT64_C(1719662400)},
        {"2024-10-10T23:59:59+08:00", INT64_C(1728575999)},
        {"2024-10-11T00:00:00+08:00", INT64_C(1728576000)},
        {"2000-02-29T20:34:56+08:00", INT64_C(951827696)},
        {"2038-01-19T11:14:08+08:00", INT64_C(2147483648)}, /* past int32 */
        {"1970-01-01T08:00:00+08:00", INT64_C(0)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expect_instant(cases[i].text, cases[i].t);
        expect_format(cases[i].t, cases[i].text);
    }
}

static void test_offsets_same_instant(void **state) {
    (void)state;
    expect_instant("2024-06-29T12:00:00Z", INT64_C(1719662400));
    expect_instant("2024-06-29T20:00:00+08:00", INT64_C(1719662400));
    expect_instant("2024-06-29T07:00:00-05:00", INT64_C(1719662400));
    expect_instant("2024-06-29T12:00:00+00:00", INT64_C(1719662400));
    /* RFC 3339 4.3: -00:00 means "offset unknown"; the instant is UTC. */
    expect_instant("2024-06-29T12:00:00-00:00", INT64_C(1719662400));
    expect_instant("2024-06-30T01:45:00+13:45", INT64_C(1719662400));
    expect_instant("2024-06-28T12:01:00-23:59", INT64_C(1719662400));
}

static void test_lowercase_t_and_z(void **state) {
    (void)state;
    /* RFC 3339 section 5.6 NOTE: 'T' and 'Z' may be lowercase. */
    expect_instant("2024-06-29t12:00:00z", INT64_C(1719662400));
    expect_instant("2024-06-29t20:00:00+08:00", INT64_C(1719662400));
    expect_instant("2024-06-29T12:00:00z", INT64_C(1719662400));
}

static void test_leap_days(void **state) {
    (void)state;
    expect_instant("2024-02-29T00:00:00Z", INT64_C(1709164800));
    expect_instant("2000-02-29T12:34:56Z", INT64_C(951827696)); /* divisible by 400 */
    expect_status("2023-02-29T00:00:00Z", RF_E_RANGE);
    expect_status("2100-02-29T00:00:00Z", RF_E_RANGE);          /* divisible by 100 */
    expect_status("2024-02-30T00:00:00Z", RF_E_RANGE);
    expect_status("2024-04-31T00:00:00Z", RF_E_RANGE);
}

static void test_fields_out_of_range(void **state) {
    (void)state;
    expect_status("2016-12-31T23:59:60Z", RF_E_RANGE); /* a real leap second */
    expect_status("2024-06-29T24:00:00Z", RF_E_RANGE);
    expect_status("2024-06-29T12:60:00Z", RF_E_RANGE);
    expect_status("2024-13-01T00:00:00Z", RF_E_RANGE);
    expect_status("2024-00-10T00:00:00Z", RF_E_RANGE);
    expect_status("2024-01-00T00:00:00Z", RF_E_RANGE);
    expect_status("2024-01-32T00:00:00Z", RF_E_RANGE);
    expect_status("2024-06-29T12:00:00+24:00", RF_E_RANGE);
    expect_status("2024-06-29T12:00:00+08:60", RF_E_RANGE);
    expect_status("1969-12-31T23:59:59Z", RF_E_RANGE);
    expect_status("0000-01-01T00:00:00Z", RF_E_RANGE);
}

static void test_malformed(void **state) {
    (void)state;
    expect_status("2024-06-29T12:00:00.5Z", RF_E_INVALID);       /* fraction */
    expect_status("2024-06-29T12:00:00.000+08:00", RF_E_INVALID); /* even .000 */
    expect_status("2024-06-29T12:00:00", RF_E_INVALID);          /* no offset */
    expect_status("2024-06-29", RF_E_INVALID);
    expect_status("2024-06-29 12:00:00Z", RF_E_INVALID);         /* space for T */
    expect_status("2024-06-29T12:00:00+0800", RF_E_INVALID);
    expect_status("2024-06-29T12:00:00+08", RF_E_INVALID);
    expect_status("2024-06-29T12:00:00+08:00Z", RF_E_INVALID);
    expect_status("2024-06-29T12:00:00ZZ", RF_E_INVALID);
    expect_status("2024-06-29T12:00:00 Z", RF_E_INVALID);
    expect_status("2024-6-29T12:00:00Z", RF_E_INVALID);
    expect_status("2024/06/29T12:00:00Z", RF_E_INVALID);
    expect_status("2024-06-29T12:0:00Z", RF_E_INVALID);
    expect_status("2024-06-29T12:00:00X", RF_E_INVALID);
    expect_status("+2024-06-29T12:00:00Z", RF_E_INVALID);
    expect_status("10000-01-01T00:00:00Z", RF_E_INVALID);
    expect_status(" 2024-06-29T12:00:00Z", RF_E_INVALID);
    expect_status("2024-06-29T12:00:00Z ", RF_E_INVALID);
    expect_status("", RF_E_INVALID);
    /* The shape is checked before the ranges: malformed text wins. */
    expect_status("2024-13-01T25:00:00", RF_E_INVALID);

    rf_time t = 7;
    /* The length bounds the text: a valid prefix is not enough. */
    assert_int_equal(rf_time_parse("2024-06-29T12:00:00Z", 19, &t), RF_E_INVALID);
    /* Bytes after len are not looked at. */
    assert_int_equal(rf_time_parse("2024-06-29T12:00:00Zjunk", 20, &t), RF_OK);
    assert_int_equal(t, INT64_C(1719662400));
    assert_int_equal(rf_time_parse("2024-06-29T12:00\0:00Z", 20, &t), RF_E_INVALID);
    assert_int_equal(rf_time_parse(NULL, 20, &t), RF_E_INVALID);
    assert_int_equal(rf_time_parse("2024-06-29T12:00:00Z", 20, NULL), RF_E_INVALID);
}

static void test_format_year_end(void **state) {
    (void)state;
    rf_time t = 0;
    assert_int_equal(parse("2024-12-31T16:00:00Z", &t), RF_OK);
    assert_int_equal(t, INT64_C(1735660800));
    expect_format(t, "2025-01-01T00:00:00+08:00");
    expect_format(INT64_C(1735660799), "2024-12-31T23:59:59+08:00");
    /* The leap day printed from UTC the evening before. */
    expect_format(INT64_C(1709136000), "2024-02-29T00:00:00+08:00");
}

static void test_epoch(void **state) {
    (void)state;
    expect_instant("1970-01-01T00:00:00Z", 0);
    expect_format(0, "1970-01-01T08:00:00+08:00");
    /* The year is checked as written: 00:00 +08:00 on 1970-01-01 is eight
     * hours before the epoch, and a valid instant. */
    expect_instant("1970-01-01T00:00:00+08:00", INT64_C(-28800));
    expect_format(INT64_C(-28800), "1970-01-01T00:00:00+08:00");
    expect_format(INT64_C(-28801), "1969-12-31T23:59:59+08:00");
    expect_format(INT64_C(-1), "1970-01-01T07:59:59+08:00");
}

static void test_year_9999(void **state) {
    (void)state;
    expect_instant("9999-12-31T23:59:59+08:00", INT64_C(253402271999));
    expect_format(INT64_C(253402271999), "9999-12-31T23:59:59+08:00");
    expect_instant("9999-12-31T23:59:59Z", INT64_C(253402300799));
    /* Its +08:00 local time is in year 10000: printed with five digits. */
    expect_format(INT64_C(253402300799), "10000-01-01T07:59:59+08:00");
}

/* The text of an instant of the years 1970..9999 (which rf__time_format_to
 * writes a word at a time) is what snprintf makes of the civil date and the
 * time of day: every third day, at a second that moves through the day, and
 * every second of one day. */
static void expect_like_printf(rf_time t) {
    char want[40], got[RF__TIME_TEXT_MAX];
    rf_time local = t + RF_CST_OFFSET;
    int y = 0;
    unsigned m = 0, d = 0;
    rf__civil_from_days((rf__day)(local / 86400), &y, &m, &d);
    int sod = (int)(local % 86400);
    snprintf(want, sizeof want, "%04d-%02u-%02uT%02d:%02d:%02d+08:00", y, m, d, sod / 3600, sod / 60 % 60, sod % 60);
    char *end = rf__time_format_to(got, t);
    if ((size_t)(end - got) != strlen(want) || memcmp(got, want, strlen(want)) != 0)
        fail_msg("%lld: got %.*s, want %s", (long long)t, (int)(end - got), got, want);
}

static void test_format_every_field(void **state) {
    (void)state;
    for (int64_t day = 0; day <= 2932896; day += 3) expect_like_printf(day * 86400 + (day * 7919 + 13) % 86400 - RF_CST_OFFSET);
    for (int64_t s = 0; s < 86400; s++) expect_like_printf(INT64_C(1719590400) + s - RF_CST_OFFSET);
    expect_like_printf(-RF_CST_OFFSET);
    expect_like_printf(INT64_C(253402271999));
}

static void test_format_far_instants(void **state) {
    (void)state;
    /* 0001-01-01T00:00:00Z is -62135596800; year 0 is a leap year. */
    expect_format(INT64_C(-62135596800) - 28800, "0001-01-01T00:00:00+08:00");
    expect_format(INT64_C(-62167219200) - 28800, "0000-01-01T00:00:00+08:00");
    expect_format(INT64_C(-62167219200) - 28801, "-0001-12-31T23:59:59+08:00");
    /* Beyond nine-digit years the output is clamped, never overflowing. */
    expect_format(INT64_MAX, "999999999-12-31T23:59:59+08:00");
    expect_format(INT64_MIN, "-999999999-01-01T00:00:00+08:00");
}

static void test_civil_helpers(void **state) {
    (void)state;
    assert_int_equal(rf__days_from_civil(1970, 1, 1), 0);
    assert_int_equal(rf__days_from_civil(1969, 12, 31), -1);
    assert_int_equal(rf__days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(rf__days_from_civil(2004, 1, 1), 12418);
    assert_int_equal(rf__days_from_civil(2024, 2, 29), 19782);
    assert_int_equal(rf__days_from_civil(2026, 12, 31), 20818);
    assert_int_equal(rf__days_from_civil(9999, 12, 31), 2932896);
    assert_int_equal(rf__days_from_civil(1, 1, 1), -719162);

    int y = 0;
    unsigned m = 0, d = 0;
    rf__civil_from_days(19782, &y, &m, &d);
    assert_true(y == 2024 && m == 2 && d == 29);
    rf__civil_from_days(-1, &y, &m, &d);
    assert_true(y == 1969 && m == 12 && d == 31);
    rf__civil_from_days(-719162, &y, &m, &d);
    assert_true(y == 1 && m == 1 && d == 1);
    rf__civil_from_days(-719163, &y, &m, &d);
    assert_true(y == 0 && m == 12 && d == 31);

    /* Every day from 0001-01-01 to 9999-12-31 follows the one before it. */
    int py = 0;
    unsigned pm = 12, pd = 31;
    for (rf__day z = -719162; z <= 2932896; z++) {
        rf__civil_from_days(z, &y, &m, &d);
        bool next_day = y == py && m == pm && d == pd + 1;
        bool next_month = y == py && m == pm + 1 && d == 1;
        bool next_year = y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31;
        if (!(next_day || next_month || next_year))
            fail_msg("day %d is %d-%u-%u after %d-%u-%u", (int)z, y, m, d, py, pm, pd);
        if (rf__days_from_civil(y, m, d) != z) fail_msg("round trip of day %d", (int)z);
        py = y, pm = m, pd = d;
    }

    assert_int_equal(rf__weekday(0), 4);      /* 1970-01-01 Thursday */
    assert_int_equal(rf__weekday(-1), 3);     /* 1969-12-31 Wednesday */
    assert_int_equal(rf__weekday(-7), 4);
    assert_int_equal(rf__weekday(19757), 0);  /* 2024-02-04 Sunday */
    assert_int_equal(rf__weekday(2932896), 5); /* 9999-12-31 Friday */
    assert_int_equal(rf__weekday(-719162), 1); /* 0001-01-01 Monday */
}

static void test_local_day(void **state) {
    (void)state;
    assert_int_equal(rf__local_day(0), 0);
    assert_int_equal(rf__local_day(INT64_C(-28800)), 0);
    assert_int_equal(rf__local_day(INT64_C(-28801)), -1);
    assert_int_equal(rf__local_day(INT64_C(57599)), 0);
    assert_int_equal(rf__local_day(INT64_C(57600)), 1);
    assert_int_equal(rf__local_day(INT64_C(1728575999)), 20006); /* 2024-10-10 23:59:59 */
    assert_int_equal(rf__local_day(INT64_C(1728576000)), 20007);
    assert_int_equal(rf__local_day(INT64_MAX), INT32_MAX);
    assert_int_equal(rf__local_day(INT64_MIN), INT32_MIN);
    assert_int_equal(rf__local_midnight(0), INT64_C(-28800));
    assert_int_equal(rf__local_midnight(20007), INT64_C(1728576000));
    assert_int_equal(rf__local_midnight(-1), INT64_C(-115200));
}

static void test_date_parse(void **state) {
    (void)state;
    rf__day d = 99;
    assert_int_equal(rf__date_parse("2024-02-29", 10, &d), RF_OK);
    assert_int_equal(d, 19782);
    assert_int_equal(rf__date_parse("1970-01-01", 10, &d), RF_OK);
    assert_int_equal(d, 0);
    assert_int_equal(rf__date_parse("2023-02-29", 10, &d), RF_E_RANGE);
    assert_int_equal(rf__date_parse("1969-12-31", 10, &d), RF_E_RANGE);
    assert_int_equal(rf__date_parse("2024-13-01", 10, &d), RF_E_RANGE);
    assert_int_equal(rf__date_parse("2024-2-29", 9, &d), RF_E_INVALID);
    assert_int_equal(rf__date_parse("2024-02-29 ", 11, &d), RF_E_INVALID);
    assert_int_equal(rf__date_parse("2024-02-2x", 10, &d), RF_E_INVALID);
    assert_int_equal(rf__date_parse("2024/02/29", 10, &d), RF_E_INVALID);
    assert_int_equal(rf__date_parse(NULL, 10, &d), RF_E_INVALID);
    assert_int_equal(d, 0);
}

/* rf_time_parse (with its fast paths) and the general reader on one input:
 * the same status and the same instant. */
static void fast_equals_general(const char *buf, size_t len) {
    rf_time a = 1, b = 2;
    rf_status sa = rf_time_parse(buf, len, &a), sb = rf__time_parse_general(buf, len, &b);
    if (sa != sb || (sa == RF_OK && a != b))
        fail_msg("%.*s: fast %d %lld, general %d %lld", (int)len, buf, (int)sa, (long long)a, (int)sb, (long long)b);
    rf_time c = 3;
    rf_status sc = rf__time_parse_swar(buf, len, &c);
    if (sc != sb || (sc == RF_OK && c != b))
        fail_msg("%.*s: portable %d %lld, general %d %lld", (int)len, buf, (int)sc, (long long)c, (int)sb, (long long)b);
}

/* The fast paths for the canonical form and the UTC form agree with the
 * general reader on every input. Valid times of both forms across the
 * whole range, then every single-byte change of some of them (each byte set
 * to each of a few dozen values, a digit, a separator, a letter, a high
 * byte...), then every day of 1970 to 2200 in both forms. */
static void test_fast_path_equals_general(void **state) {
    (void)state;
    static const char *const seeds[] = {
        "2024-06-20T09:00:00+08:00", "1970-01-01T00:00:00+00:00", "9999-12-31T23:59:59-23:59",
        "2024-02-29T12:34:56+08:00", "2023-02-28T23:59:59-05:30", "2000-02-29T00:00:00+14:00",
        "2025-03-16T05:07:28Z",      "1970-01-01T00:00:00Z",      "2099-12-31T23:59:59Z",
        "2024-02-29T12:34:56Z",      "2100-02-28T00:00:00Z",      "9999-12-31T23:59:59Z",
    };
    static const char values[] = "0123456789:-+TtZz. /\x80\xff\x2f\x3a\x40" "Aa";
    size_t compared = 0;
    uint64_t x = 88172645463325252u; /* xorshift: reproducible */
    char buf[32];
    for (int i = 0; i < 40000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int y = 1970 + (int)(x % 8030), mo = 1 + (int)((x >> 13) % 12), d = 1 + (int)((x >> 17) % 31);
        int h = (int)((x >> 22) % 24), mi = (int)((x >> 27) % 60), se = (int)((x >> 33) % 60);
        int oh = (int)((x >> 39) % 24), om = (int)((x >> 45) % 60);
        snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d, h, mi, se,
                 (x >> 51) & 1 ? '+' : '-', oh, om);
        if (i & 1) {
            buf[19] = 'Z'; /* the UTC form of the same local time */
            fast_equals_general(buf, 20);
        } else {
            fast_equals_general(buf, 25);
        }
        compared++;
    }
    for (size_t k = 0; k < sizeof seeds / sizeof seeds[0]; k++) {
        const size_t len = strlen(seeds[k]);
        for (size_t pos = 0; pos < len; pos++) {
            for (size_t v = 0; v + 1 < sizeof values; v++) {
                memcpy(buf, seeds[k], len);
                buf[pos] = values[v];
                fast_equals_general(buf, len);
                compared++;
            }
        }
    }
    /* Every day from 1970 to 2200, the 29th to 31st of every month included
     * (valid or not), at two times and both offset signs, and in UTC: the
     * fast paths cover 1970 to 2099 and leave the rest to the general
     * reader. */
    for (int y = 1970; y <= 2200; y++)
        for (int mo = 0; mo <= 13; mo++)
            for (int d = 0; d <= 32; d++)
                for (int t = 0; t < 4; t++) {
                    static const char *const clock[] = {"23:59:59-12:45", "00:00:00+08:00", "23:59:59Z", "00:00:00Z"};
                    snprintf(buf, sizeof buf, "%04d-%02d-%02dT%s", y, mo, d, clock[t]);
                    fast_equals_general(buf, strlen(buf));
                    compared++;
                }
    print_message("time: fast path and general reader agree on %zu inputs\n", compared);
}

/* Times and spans as text shows them (issue 15): +08:00, the year only when
 * it differs from the reference, seconds only when not zero. */
static void test_human_time(void **state) {
    (void)state;
    char t[RF__HUMAN_TIME_MAX], sp[RF__HUMAN_SPAN_MAX];
    rf_time at = 0, ref = 0, x = 0;
    assert_int_equal(parse("2024-12-02T20:00:00+08:00", &at), RF_OK);
    assert_int_equal(parse("2024-11-30T10:00:00+08:00", &ref), RF_OK);
    assert_string_equal(rf__time_human(t, at, ref, false, true), "12月2日(周一) 20:00");
    assert_string_equal(rf__time_human(t, at, ref, false, false), "Mon 2 Dec 20:00");
    assert_string_equal(rf__time_human(t, at, ref, true, true), "2024年12月2日(周一) 20:00");
    assert_string_equal(rf__time_human(t, at, ref, true, false), "Mon 2 Dec 2024 20:00");
    /* 2024-12-31T16:30:05Z is 2025-01-01 00:30:05 in +08:00: another year. */
    assert_int_equal(parse("2024-12-31T16:30:05Z", &x), RF_OK);
    assert_string_equal(rf__time_human(t, x, ref, false, true), "2025年1月1日(周三) 00:30:05");
    assert_string_equal(rf__time_human(t, x, ref, false, false), "Wed 1 Jan 2025 00:30:05");
    /* 2 days 10 hours ahead of ref, and the other way round. */
    assert_string_equal(rf__span_human(sp, at, ref, true), "还剩 2 天 10 小时");
    assert_string_equal(rf__span_human(sp, at, ref, false), "2 days 10 hours left");
    assert_string_equal(rf__span_human(sp, ref, at, true), "已超时 2 天 10 小时");
    assert_string_equal(rf__span_human(sp, ref, at, false), "2 days 10 hours overdue");
    assert_string_equal(rf__span_human(sp, 86400 + 3600, 0, false), "1 day 1 hour left");
    assert_string_equal(rf__span_human(sp, 86400, 0, true), "还剩 1 天");
    assert_string_equal(rf__span_human(sp, 5 * 3600 + 59, 0, true), "还剩 5 小时");
    assert_string_equal(rf__span_human(sp, 0, 2 * 3600 + 60, false), "2 hours 1 minute overdue");
    assert_string_equal(rf__span_human(sp, 59, 0, true), "还剩 0 分钟");
    assert_string_equal(rf__span_human(sp, INT64_MAX, INT64_MIN, true), "还剩 3660000 天");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_path_equals_general),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_offsets_same_instant),
        cmocka_unit_test(test_lowercase_t_and_z),
        cmocka_unit_test(test_leap_days),
        cmocka_unit_test(test_fields_out_of_range),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_format_year_end),
        cmocka_unit_test(test_epoch),
        cmocka_unit_test(test_year_9999),
        cmocka_unit_test(test_format_every_field),
        cmocka_unit_test(test_format_far_instants),
        cmocka_unit_test(test_civil_helpers),
        cmocka_unit_test(test_local_day),
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_human_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
