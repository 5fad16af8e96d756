/*
 * Internals shared between the files of lib/. Nothing here is installed.
 * Names are rf__ (two underscores): exported from objects, never from the API.
 */
#ifndef RF_INTERNAL_H
#define RF_INTERNAL_H

#include "refund.h"
#include "policy.h"

#include <stdarg.h>
#include <string.h>

/* ---- allocation through the context's allocator ------------------------ */

/* The C library's allocator behind an rf_allocator. */
extern const rf_allocator rf__default_allocator;

void *rf__malloc(const rf_allocator *a, size_t size);
/* old_size: what ptr was allocated with (0 for NULL), passed to the hook. */
void *rf__realloc(const rf_allocator *a, void *ptr, size_t old_size, size_t size);
void rf__free(const rf_allocator *a, void *ptr);
/* A NUL-terminated copy of len bytes; NULL when out of memory. */
char *rf__strndup(const rf_allocator *a, const char *s, size_t len);

/* ---- errors ------------------------------------------------------------ */

/* An error is made with rf__fail_detail (lib/error_text.h): a detail and
 * its typed parameters, never a printf format, so that every error can be
 * said in Chinese as well as English. */
/* Returns st, and when st is an error that this call made (err was RF_OK
 * before it: code_before), names the input in err->name. */
static inline rf_status rf__name_error(rf_error *err, rf_status code_before, const char *name, rf_status st) {
    if (err && st != RF_OK && code_before == RF_OK && err->code == st) err->name = name;
    return st;
}

/* Resets err to RF_OK with no position. */
void rf__error_clear(rf_error *err);

/* A small function on the replay's hot path that must be inlined (the
 * compiler's own choice left calls in the profile). */
#if defined(__GNUC__)
#define RF__HOT static inline __attribute__((always_inline))
#else
#define RF__HOT static inline
#endif

/* ---- checked arithmetic -------------------------------------------------- */

/* Each returns false (and leaves *out unspecified) on overflow. */
static inline bool rf__add(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_add_overflow(a, b, out);
}
static inline bool rf__sub(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_sub_overflow(a, b, out);
}
static inline bool rf__mul(int64_t a, int64_t b, int64_t *out) {
    return !__builtin_mul_overflow(a, b, out);
}

/* amount * bp / 10000 rounded half up (amount >= 0, 0 <= bp <= 10000). The
 * one rounding rule of the library: RULES.md section 3. */
rf_fen rf__apply_bp_half_up(rf_fen amount, int64_t bp);

/* A hash of s[0..n) for the library's open-addressing sets (a replay's
 * event ids, a large JSON object's keys), eight bytes a multiply: ids of
 * real exports are long ("3389936351000000000-5"), and a byte a multiply
 * (FNV) put a chain of 21 multiplies on each. The high half of every
 * product is folded into the low bits the sets index by, so that keys
 * that differ in one byte ("e1" to "e9") spread. */
static inline uint64_t rf__hash_bytes(const char *s, size_t n) {
    const uint64_t k = UINT64_C(0x9E3779B97F4A7C15);
    uint64_t h = (uint64_t)n * k, w;
    for (; n >= 8; s += 8, n -= 8) {
        memcpy(&w, s, 8);
        h = (h ^ w) * k;
        h ^= h >> 32;
    }
    /* The last 0-7 bytes without a loop: two overlapping 4-byte loads, or
     * the first, middle and last byte (the length is in h already). */
    w = 0;
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        w = (uint64_t)a << 32 | b;
    } else if (n) {
        w = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n >> 1] << 8 | (unsigned char)s[n - 1];
    }
    h = (h ^ w) * k;
    return h ^ h >> 32;
}

/* ---- numbers, money and time as text ------------------------------------ */

/* "00" "01" ... "99": the writers below emit two decimal digits at a time. */
extern const char rf__digit_pairs[200];

/* Writes v in decimal at dst, zero-padded to at least width digits (width
 * at most 20), and returns the end. No NUL. At most 20 bytes. */
static inline char *rf__put_uint(char *dst, uint64_t v, int width) {
    int n = 1;
    for (uint64_t x = v; x >= 10; x /= 10) n++;
    if (n < width) n = width;
    char *end = dst + n, *p = end;
    /* Two digits per division: half the divisions of a digit-by-digit loop. */
    while (v >= 100) {
        p -= 2;
        memcpy(p, rf__digit_pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, rf__digit_pairs + 2 * v, 2);
    } else {
        *--p = (char)('0' + v);
    }
    while (p > dst) *--p = '0';
    return end;
}

/* The text of rf_money_format without its NUL; returns the end. At most
 * RF__MONEY_TEXT_MAX bytes ("-92233720368547758.08"). */
#define RF__MONEY_TEXT_MAX 21
char *rf__money_format_to(char *dst, rf_fen fen);

/* The text of rf_time_format without its NUL; returns the end. 25 bytes
 * ("2024-06-29T20:00:00+08:00") for the years 0..9999, at most
 * RF__TIME_TEXT_MAX for the clamped instants beyond. */
#define RF__TIME_TEXT_MAX 31
char *rf__time_format_to(char *dst, rf_time t);

/* t as people read it, in +08:00, for text output: "12月2日(周一) 20:00" or
 * "Mon 2 Dec 20:00", with the year when with_year is true or t's year is not
 * ref's ("2025年1月3日(周五) 09:30", "Fri 3 Jan 2025 09:30"), and ":SS"
 * when the seconds are not zero. Years outside 1970..9999 fall back to
 * rf__time_format_to. Writes at most RF__HUMAN_TIME_MAX bytes and a NUL
 * into dst; returns dst. Integer arithmetic only; thread-safe. */
#define RF__HUMAN_TIME_MAX 48
char *rf__time_human(char *dst, rf_time t, rf_time ref, bool with_year, bool zh);
/* How long from now to due, in whole units (truncated toward zero): "还剩
 * 2 天 3 小时" / "2 days 3 hours left", or past due "已超时 5 小时" / "5
 * hours overdue"; days and hours, or hours and minutes under a day, or
 * minutes under an hour. Writes at most RF__HUMAN_SPAN_MAX bytes and a NUL
 * into dst; returns dst. Thread-safe. */
#define RF__HUMAN_SPAN_MAX 64
char *rf__span_human(char *dst, rf_time due, rf_time now, bool zh);

/* rf_finding_message for text output: the same sentence with its times as
 * rf__time_human writes them (the year when it is not as_of's). JSON and
 * CSV keep rf_finding_message's RFC 3339 times. Thread-safe. */
size_t rf__finding_message_text(const rf_finding *f, rf_lang lang, rf_time as_of, char *buf, size_t size);

/* The name of the rule that decides a finding ("七天无理由退换", "7-day
 * no-reason return"): text output prints it where JSON and CSV print the
 * seed lines. Static string; NULL if code is out of range. Thread-safe. */
const char *rf__finding_rule_name(rf_finding_code code, bool zh);

/* ---- structs the caller allocates (lib/structs.c) ------------------------ */

/* rf_order and rf_event carry their size (refund.h says why). Each call
 * that takes one checks it: RF_E_INVALID for a size of 0, below the first
 * layout or above the library's sizeof, with a message that names the
 * initializer. rf__order_check_size accepts NULL (the caller reports it).
 * The imports copy the caller's size of bytes over the defaults
 * (RF_ORDER_INIT / RF_EVENT_INIT) into *out, whose size is then sizeof: a
 * function reading a field appended after the first layout must read it
 * from such a copy. */
rf_status rf__order_check_size(const rf_order *o, rf_error *err);
rf_status rf__order_import(const rf_order *in, rf_order *out, rf_error *err);
rf_status rf__event_import(const rf_event *in, rf_event *out, rf_error *err);
rf_status rf__settle_request_import(const rf_settle_request *in, rf_settle_request *out, rf_error *err);
rf_status rf__replay_options_import(const rf_replay_options *in, rf_replay_options *out, rf_error *err);
rf_status rf__facts_import(const rf_facts *in, rf_facts *out, rf_error *err);
rf_status rf__csv_options_import(const rf_csv_options *in, rf_csv_options *out, rf_error *err);
rf_status rf__case_import_import(const rf_case_import *in, rf_case_import *out, rf_error *err);
rf_status rf__import_refund_import(const rf_import_refund *in, rf_import_refund *out, rf_error *err);
/* An rf_settlement the caller passes to be filled: its size checked, then
 * the library's full settlement copied into the bytes that size declares. */
rf_status rf__settlement_check_size(const rf_settlement *out, rf_error *err);
void rf__settlement_export(const rf_settlement *full, rf_settlement *out);

/* memset(p, 0, n) by libc's memset, out of line. GCC expands a memset of a
 * constant size above 128 bytes into `rep stosq`, slow to start on the AMD
 * EPYC the benchmarks run on (a loop clearing 200 bytes: 25 ns against 8 ns
 * for libc's vector stores); the engine clears its state, the verdict and a
 * settlement per history. */
void rf__zero(void *p, size_t n);

/* rf_event_machine, inline: the engine asks for every event. */
extern const rf_machine_id rf__event_machines[RF_EV_COUNT];
static inline rf_machine_id rf__event_machine(rf_event_type type) {
    return (unsigned)type < RF_EV_COUNT ? rf__event_machines[type] : RF_MACHINE_COUNT;
}

/* rf_settle without the checks of a caller's sizes: order, request and out
 * are at the library's own sizes (the engine's). Zeroes *out, validates the
 * values as rf_settle does, then fills *out; err as for rf_settle. */
rf_status rf__settle(const rf_policy *p, const rf_order *order, const rf_settle_request *req, rf_settlement *out,
                     rf_error *err);

/* rf_machine_step without the checks of a caller's arguments: the engine's
 * facts are its own, at the library's size. */
void rf__machine_step(const rf_machine *m, int state, rf_event_type type, rf_actor actor, const rf_facts *f,
                      rf_step *out);

/* The rows of each machine's table as bit sets (bit i: rows[i]), by the
 * state they leave and by the event they take: the engine steps and lists
 * what may happen next many times per history, and a table scan reads every
 * row to find the one or two of a state and event. Filled from the tables
 * by rf__machine_index_fill; every table has at most 64 rows and every
 * machine at most 16 states (machine.c checks both at compile time). */
#define RF__STATES_MAX 16
typedef struct rf__machine_index {
    uint64_t from[RF_MACHINE_COUNT][RF__STATES_MAX];
    uint64_t event[RF_MACHINE_COUNT][RF_EV_COUNT];
} rf__machine_index;

void rf__machine_index_fill(rf__machine_index *ix);

/* rf__machine_step of machine id (< RF_MACHINE_COUNT) reading only the
 * rows ix lists for the state and event. It still checks each row's state
 * and event, and reads all rows for a state or event outside the index, so
 * its answer is rf__machine_step's. */
void rf__machine_step_in(const rf__machine_index *ix, rf_machine_id id, int state, rf_event_type type,
                         rf_actor actor, const rf_facts *f, rf_step *out);

/* The rows of ix for machine id's state and event (UINT64_MAX for a state
 * or event outside the index), as rf__machine_step_in reads them. */
static inline uint64_t rf__machine_rows(const rf__machine_index *ix, rf_machine_id id, int state, rf_event_type type) {
    return (unsigned)state < RF__STATES_MAX && (unsigned)type < RF_EV_COUNT ? ix->from[id][state] & ix->event[id][type]
                                                                           : UINT64_MAX;
}

/* rf__machine_step_in over rows rf__machine_rows gave, for a caller that
 * reads them too. */
void rf__machine_step_over(rf_machine_id id, uint64_t rows, int state, rf_event_type type, rf_actor actor,
                           const rf_facts *f, rf_step *out);

/* ---- the context --------------------------------------------------------- */

typedef struct rf__calendar rf__calendar; /* calendar.h */

struct rf_ctx {
    rf_allocator alloc;
    rf_policy policy;
    rf__calendar *calendar; /* NULL: the built-in calendar */
};

/* ---- replaying into a reused verdict ----------------------------------- */

/* rf_replay into *verdict: a verdict from an earlier call is emptied and
 * reused, arrays and scratch included, so a warmed-up call allocates
 * nothing; NULL makes a new one. On error *verdict stays allocated (free it
 * with rf_verdict_free) but its contents are unspecified. */
rf_status rf__replay_into(const rf_ctx *ctx, const rf_case *c, const rf_replay_options *options,
                          rf_verdict **verdict, rf_error *err);

/* rf__replay_into over c's events followed by `extra` (NULL: none), as if it
 * had been appended: rf_case_try judges an event without changing the case. */
rf_status rf__replay_with(const rf_ctx *ctx, const rf_case *c, const rf_event *extra,
                          const rf_replay_options *options, rf_verdict **verdict, rf_error *err);

/* What guard requires, in Chinese ("" for none or out of range), for
 * `refund rules --lang zh` (lib/machine.c). Thread-safe. */
const char *rf__guard_label_zh(rf_guard guard);

#endif
