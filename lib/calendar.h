/*
 * Dates, +08:00 local days and the official working-day calendar.
 *
 * A "day" is a count of days since 1970-01-01 in the +08:00 (China Standard
 * Time) civil calendar, the zone every deadline of RULES.md is stated in.
 */
#ifndef RF_CALENDAR_H
#define RF_CALENDAR_H

#include "internal.h"

typedef int32_t rf__day;

#define RF_CST_OFFSET (8 * 3600) /* +08:00 in seconds */

/* Proleptic Gregorian conversions (Howard Hinnant's algorithms). */
rf__day rf__days_from_civil(int year, unsigned month, unsigned day);
void rf__civil_from_days(rf__day z, int *year, unsigned *month, unsigned *day);
/* 0 = Sunday ... 6 = Saturday. */
unsigned rf__weekday(rf__day d);
/* The +08:00 civil day an instant falls in, and the instant 00:00 of a day. */
rf__day rf__local_day(rf_time t);
rf_time rf__local_midnight(rf__day d);

/* A working-day calendar: for each day of the years it covers, whether it is
 * a public holiday, a make-up workday (调休) or an ordinary day (weekday
 * works, weekend rests). */
struct rf__calendar;

/* The calendar of ../shared/calendar/cn-2004-2026.json, compiled in. Static,
 * never freed. */
const rf__calendar *rf__calendar_builtin(void);

/* Parses {"holidays": {"YYYY-MM-DD": name, ...}, "workdays": {...}} (other
 * keys such as "source" and "timezone" are allowed). The years covered are
 * those from the earliest to the latest date listed. */
rf_status rf__calendar_parse(const rf_allocator *a, const char *json, size_t len,
                             const char *name, rf__calendar **out, rf_error *err);
void rf__calendar_free(const rf_allocator *a, rf__calendar *cal); /* NULL ok */

/* First and last year the calendar covers. */
void rf__calendar_years(const rf__calendar *cal, int *first, int *last);

/* *out = whether day d is a working day. RF_E_CALENDAR when d lies outside
 * the years the calendar covers. */
rf_status rf__calendar_is_workday(const rf__calendar *cal, rf__day d, bool *out);

/* "N working days" from an instant (RULES.md 2.5): the due instant is 24:00
 * (+08:00) of the N-th working day after the day `from` falls in, i.e.
 * 00:00 of the following day. n >= 1. RF_E_CALENDAR when a day needed lies
 * outside the calendar. */
rf_status rf__calendar_add_workdays(const rf__calendar *cal, rf_time from,
                                    int n, rf_time *due);

#endif
