/*
 * Civil dates and +08:00 local days: the integer day arithmetic behind every
 * deadline (lib/time.c). No calendar and no clock: which days are worked is
 * calendar.h's business.
 *
 * A "day" is a count of days since 1970-01-01 in the +08:00 (China Standard
 * Time) civil calendar, the zone every deadline of RULES.md is stated in.
 *
 * The name is not time.h: lib/ is on the include path (-Ilib), where a
 * time.h would stand in for the C library's <time.h>.
 */
#ifndef RF_TIMEUTIL_H
#define RF_TIMEUTIL_H

#include "refund.h"

typedef int32_t rf__day;

#define RF_CST_OFFSET (8 * 3600) /* +08:00 in seconds */

/* Proleptic Gregorian conversions (Howard Hinnant's algorithms), exact for
 * negative days and years too. days_from_civil expects month 1..12 and a day
 * of that month (it does not validate: text goes through rf__date_parse). */
rf__day rf__days_from_civil(int year, unsigned month, unsigned day);
void rf__civil_from_days(rf__day z, int *year, unsigned *month, unsigned *day);
/* 0 = Sunday ... 6 = Saturday. */
unsigned rf__weekday(rf__day d);
/* The +08:00 civil day an instant falls in, and the instant 00:00 of a day.
 * rf__local_day saturates at the limits of rf__day for instants millions of
 * years away, which no input can produce. */
rf__day rf__local_day(rf_time t);
rf_time rf__local_midnight(rf__day d);

/* Parses a date "YYYY-MM-DD" (exactly 10 bytes, years 1970..9999) into a day.
 * RF_E_INVALID for malformed text, RF_E_RANGE for a month, day or year out of
 * range (2023-02-29). Thread-safe. */
rf_status rf__date_parse(const char *text, size_t len, rf__day *out);
/* The same for a date given as numbers: RF_E_RANGE for a year outside
 * 1970..9999, a month outside 1..12 or a day its month does not have.
 * *out may be NULL (only checks). Thread-safe. */
rf_status rf__date_make(int year, int month, int day, rf__day *out);

/* rf_time_parse without its fast path for the canonical form: every form
 * it accepts, judged field by field (tests compare the two). */
rf_status rf__time_parse_general(const char *text, size_t len, rf_time *out);
/* rf_time_parse with the portable fast paths (the build may use others). */
rf_status rf__time_parse_swar(const char *text, size_t len, rf_time *out);

#endif
