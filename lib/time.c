/*
 * Exact time: RFC 3339 timestamps to whole seconds since the epoch and back,
 * and the proleptic Gregorian day arithmetic behind the +08:00 calendar.
 *
 * Everything is integer arithmetic. Divisions of values that may be negative
 * go through floor_div/floor_mod, because C's `/` truncates toward zero and
 * would put 1969-12-31T23:00:00Z on the wrong day.
 */
#include "timeutil.h"
#include <stdio.h>
#include "internal.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

#define SECONDS_PER_DAY INT64_C(86400)

static int64_t floor_div(int64_t a, int64_t b) {
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

/* Computed from the remainder, so that no product can overflow. */
static int64_t floor_mod(int64_t a, int64_t b) {
    int64_t r = a % b;
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
}

/* ---- civil dates (Howard Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms"). The 400-year era makes every step exact; the shift to a
 * March-based year puts the leap day at the end of the year. --------------- */

static int64_t days_from_civil64(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = floor_div(y, 400);
    const int64_t yoe = y - era * 400;                             /* [0, 399] */
    const int64_t mp = m > 2 ? (int64_t)m - 3 : (int64_t)m + 9;    /* [0, 11] */
    const int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;       /* [0, 365] */
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;     /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

/* Days since 0000-03-01 below 2^30 (years 0 to about 2.9 million, every
 * instant a case can hold) to a date: Neri and Schneider's 32-bit form
 * ("Euclidean affine functions and their application to calendar
 * algorithms", 2022), a few multiplications where the general form below
 * divides (times are written on every verdict). */
static inline void civil_from_shifted_days(int64_t z, uint32_t *year, unsigned *month, unsigned *day) {
    const uint32_t n1 = 4 * (uint32_t)z + 3, century = n1 / 146097, nc = n1 % 146097 / 4;
    const uint64_t p2 = UINT64_C(2939745) * (4 * nc + 3);
    const uint32_t yoc = (uint32_t)(p2 >> 32), doy = (uint32_t)p2 / 2939745 / 4;
    const uint32_t n3 = 2141 * doy + 197913, m = n3 >> 16, jan_feb = doy >= 306;
    *year = 100 * century + yoc + jan_feb;
    *month = jan_feb ? m - 12 : m;
    *day = (n3 & 0xFFFF) / 2141 + 1;
}

static void civil_from_days64(int64_t z, int64_t *year, unsigned *month,
                              unsigned *day) {
    z += 719468;
    if (z >= 0 && z < (INT64_C(1) << 30)) {
        uint32_t y = 0;
        civil_from_shifted_days(z, &y, month, day);
        *year = y;
        return;
    }
    if (z >= 0) {
        /* From 0000-03-01 on, every quotient is of non-negative numbers:
         * plain unsigned division, no flooring (times are written on every
         * verdict). */
        const uint64_t u = (uint64_t)z, era = u / 146097, doe = u - era * 146097;
        const uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const uint64_t mp = (5 * doy + 2) / 153;
        const uint64_t m = mp < 10 ? mp + 3 : mp - 9;
        *year = (int64_t)(yoe + era * 400) + (m <= 2);
        *month = (unsigned)m;
        *day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
        return;
    }
    const int64_t era = floor_div(z, 146097);
    const int64_t doe = z - era * 146097;                                 /* [0, 146096] */
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);          /* [0, 365] */
    const int64_t mp = (5 * doy + 2) / 153;                               /* [0, 11] */
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;                       /* [1, 31] */
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;                          /* [1, 12] */
    *year = yoe + era * 400 + (m <= 2);
    *month = (unsigned)m;
    *day = (unsigned)d;
}

rf__day rf__days_from_civil(int year, unsigned month, unsigned day) {
    int64_t z = days_from_civil64(year, month, day);
    if (z > INT32_MAX) return INT32_MAX;
    if (z < INT32_MIN) return INT32_MIN;
    return (rf__day)z;
}

void rf__civil_from_days(rf__day z, int *year, unsigned *month, unsigned *day) {
    int64_t y = 0;
    civil_from_days64(z, &y, month, day);
    /* |z| < 2^31 days keeps |y| below 6 million: it fits an int. */
    *year = (int)y;
}

unsigned rf__weekday(rf__day d) {
    /* 1970-01-01 was a Thursday (4). */
    return (unsigned)floor_mod((int64_t)d + 4, 7);
}

rf__day rf__local_day(rf_time t) {
    /* Split before adding the offset so that no instant overflows. */
    int64_t days = floor_div(t, SECONDS_PER_DAY);
    if (floor_mod(t, SECONDS_PER_DAY) + RF_CST_OFFSET >= SECONDS_PER_DAY) days++;
    if (days > INT32_MAX) return INT32_MAX;
    if (days < INT32_MIN) return INT32_MIN;
    return (rf__day)days;
}

rf_time rf__local_midnight(rf__day d) {
    return (rf_time)d * SECONDS_PER_DAY - RF_CST_OFFSET;
}

static bool is_leap(int64_t y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m) {
    static const unsigned char len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29u : len[m - 1];
}

/* ---- parsing ------------------------------------------------------------- */

/* n decimal digits at s, or -1 if any byte is not a digit. */
static int digits(const char *s, int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The shape of "YYYY-MM-DD" at s (10 bytes available). */
static bool date_shape(const char *s, int *y, int *m, int *d) {
    *y = digits(s, 4);
    *m = digits(s + 5, 2);
    *d = digits(s + 8, 2);
    return *y >= 0 && s[4] == '-' && *m >= 0 && s[7] == '-' && *d >= 0;
}

static rf_status date_check(int y, int m, int d) {
    if (y < 1970 || y > 9999) return RF_E_RANGE;
    if (m < 1 || m > 12) return RF_E_RANGE;
    if (d < 1 || (unsigned)d > days_in_month(y, (unsigned)m)) return RF_E_RANGE;
    return RF_OK;
}

rf_status rf__date_make(int year, int month, int day, rf__day *out) {
    rf_status st = date_check(year, month, day);
    if (st != RF_OK) return st;
    if (out) *out = rf__days_from_civil(year, (unsigned)month, (unsigned)day);
    return RF_OK;
}

rf_status rf__date_parse(const char *text, size_t len, rf__day *out) {
    int y, m, d;
    if (!text || !out || len != 10 || !date_shape(text, &y, &m, &d)) return RF_E_INVALID;
    rf_status st = date_check(y, m, d);
    if (st != RF_OK) return st;
    *out = rf__days_from_civil(y, (unsigned)m, (unsigned)d);
    return RF_OK;
}

/* "YYYY-MM-DDTHH:MM:SS" then "Z" or "+hh:mm"/"-hh:mm". RFC 3339 section 5.6
 * lets 'T' and 'Z' be lowercase, so 't' and 'z' are accepted too. Everything
 * else it permits beyond that (fractions, the space separator of its NOTE,
 * leap seconds) is refused: the library's time is whole seconds. The whole
 * text is checked for shape first, so malformed text is RF_E_INVALID even if
 * some field is also out of range. */
/* The canonical form of a case file, "2024-06-20T09:00:00+08:00" (25
 * bytes), read eight bytes at a time: every timestamp of every event goes
 * through here. Returns true with *out set when text is that form with
 * digits and values in range; false for anything else, which the general
 * reader below then judges (and words its error for). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
static inline uint64_t load8(const char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Byte i of a little-endian word. */
#define LANE(w, i) ((unsigned)(((w) >> (8 * (i))) & 0xFFu))

/* Days from the start of a four-year cycle whose first year is a leap
 * year to the start of each of its months, and the length of each month:
 * index 12 * (year % 4) + month - 1. Between 1901 and 2099 every fourth
 * year is a leap year and no other. */
static const unsigned short cycle_month_start[48] = {
    0,    31,   60,   91,   121,  152,  182,  213,  244,  274,  305,  335,
    366,  397,  425,  456,  486,  517,  547,  578,  609,  639,  670,  700,
    731,  762,  790,  821,  851,  882,  912,  943,  974,  1004, 1035, 1065,
    1096, 1127, 1155, 1186, 1216, 1247, 1277, 1308, 1339, 1369, 1400, 1430,
};
static const unsigned char cycle_month_len[48] = {
    31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
};

/* The day since the epoch of y-mo-d for years 1970 to 2099 and months 1
 * to 12, or -1 when the day is not in its month: one table look-up for
 * the month's start in its leap cycle (1968 starts one), none for leap
 * rules. The general reader words the error for anything else, and takes
 * the other years. */
static inline int64_t fast_day(unsigned y, unsigned mo, unsigned d) {
    const unsigned cy = y - 1968, i = (cy & 3u) * 12 + mo - 1;
    if (d - 1 >= cycle_month_len[i]) return -1;
    /* 1968-01-01 is day -731. */
    return (int64_t)((cy >> 2) * 1461u + cycle_month_start[i] + d) - 732;
}

/* The seconds since the epoch of a local date and time read by the fast
 * paths below, when every field is in range. */
static inline bool local_seconds(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned sec,
                                 int64_t *local) {
    if (y - 1970 > 129u || mo - 1 > 11u || h > 23 || mi > 59 || sec > 59) return false;
    const int64_t day = fast_day(y, mo, d);
    if (day < 0) return false;
    *local = day * SECONDS_PER_DAY + (int64_t)(h * 3600 + mi * 60 + sec);
    return true;
}

static bool parse_canonical_swar(const char *text, rf_time *out) {
    const uint64_t a = load8(text), b = load8(text + 8), c = load8(text + 16);
    const unsigned last = (unsigned char)text[24] ^ 0x30u;
    /* The separators, exactly: "YYYY-MM-", "DDTHH:MM", ":SS?HH:M" (the
     * sign, lane 3 of c, is looked at below). */
    const uint64_t a_seps = UINT64_C(0xFF0000FF00000000), b_seps = UINT64_C(0x0000FF0000FF0000);
    const uint64_t c_seps = UINT64_C(0x00FF0000000000FF);
    if (((a & a_seps) ^ UINT64_C(0x2D00002D00000000)) | ((b & b_seps) ^ UINT64_C(0x00003A0000540000)) |
        ((c & c_seps) ^ UINT64_C(0x003A00000000003A)))
        return false;
    const unsigned sign_byte = LANE(c, 3);
    if (sign_byte != '+' && sign_byte != '-') return false;
    /* The digits: a byte is one when, xored with '0', it is at most 9, that
     * is when adding 0x76 leaves its high bit clear (and it had none). A
     * carry out of a lane only comes from a lane that is already refused. */
    const uint64_t zeros = UINT64_C(0x3030303030303030), nine = UINT64_C(0x7676767676767676);
    const uint64_t xa = a ^ zeros, xb = b ^ zeros, xc = c ^ zeros;
    const uint64_t a_digits = ~a_seps & UINT64_C(0x8080808080808080);
    const uint64_t b_digits = ~b_seps & UINT64_C(0x8080808080808080);
    const uint64_t c_digits = ~(c_seps | UINT64_C(0xFF000000)) & UINT64_C(0x8080808080808080);
    if ((((xa + nine) | xa) & a_digits) | (((xb + nine) | xb) & b_digits) | (((xc + nine) | xc) & c_digits) ||
        last > 9)
        return false;
    /* Every two-digit value at once: lane i of pairs(w) is 10 * digit i +
     * digit i + 1. Each lane's low nibble is at most 15, so 15 * 10 + 15
     * never carries into the next lane, whatever bytes surround the digits. */
    const uint64_t nib = UINT64_C(0x0F0F0F0F0F0F0F0F);
#define PAIRS(w) (((w) & nib) * 10 + (((w) >> 8) & nib))
    const uint64_t pa = PAIRS(a), pb = PAIRS(b), pc = PAIRS(c);
#undef PAIRS
    const unsigned y = LANE(pa, 0) * 100 + LANE(pa, 2), mo = LANE(pa, 5), d = LANE(pb, 0);
    const unsigned h = LANE(pb, 3), mi = LANE(pb, 6), sec = LANE(pc, 1);
    const unsigned oh = LANE(pc, 4), om = LANE(pc, 7) + last;
    int64_t local;
    if (!local_seconds(y, mo, d, h, mi, sec, &local) || oh > 23 || om > 59) return false;
    const int64_t offset = (int64_t)(oh * 3600 + om * 60);
    *out = sign_byte == '+' ? local - offset : local + offset;
    return true;
}

/* The UTC form "2024-06-20T01:00:00Z" (20 bytes), the same way: a and b
 * as above, and the last eight bytes "H:MM:SSZ", of which only ":SSZ" is
 * new. Lowercase 't' and 'z' are left to the general reader. */
static bool parse_utc_swar(const char *text, rf_time *out) {
    const uint64_t a = load8(text), b = load8(text + 8), c = load8(text + 12);
    const uint64_t a_seps = UINT64_C(0xFF0000FF00000000), b_seps = UINT64_C(0x0000FF0000FF0000);
    if (((a & a_seps) ^ UINT64_C(0x2D00002D00000000)) | ((b & b_seps) ^ UINT64_C(0x00003A0000540000)) |
        ((c & UINT64_C(0xFF0000FF00000000)) ^ UINT64_C(0x5A00003A00000000)))
        return false;
    const uint64_t zeros = UINT64_C(0x3030303030303030), nine = UINT64_C(0x7676767676767676);
    const uint64_t xa = a ^ zeros, xb = b ^ zeros, xc = c ^ zeros;
    const uint64_t a_digits = ~a_seps & UINT64_C(0x8080808080808080);
    const uint64_t b_digits = ~b_seps & UINT64_C(0x8080808080808080);
    const uint64_t c_digits = UINT64_C(0x0080800000000000);
    if ((((xa + nine) | xa) & a_digits) | (((xb + nine) | xb) & b_digits) | (((xc + nine) | xc) & c_digits))
        return false;
    const uint64_t nib = UINT64_C(0x0F0F0F0F0F0F0F0F);
#define PAIRS(w) (((w) & nib) * 10 + (((w) >> 8) & nib))
    const uint64_t pa = PAIRS(a), pb = PAIRS(b), pc = PAIRS(c);
#undef PAIRS
    int64_t local;
    if (!local_seconds(LANE(pa, 0) * 100 + LANE(pa, 2), LANE(pa, 5), LANE(pb, 0), LANE(pb, 3), LANE(pb, 6),
                       LANE(pc, 5), &local))
        return false;
    *out = local;
    return true;
}

#if defined(__SSE2__) && !defined(RF_TIME_SWAR)
/* On x86-64 (SSE2 is part of it; -DRF_TIME_SWAR takes the word paths
 * above instead) the same forms in two overlapping
 * 16-byte loads: each byte minus what its place expects (the separator,
 * or '0' for a digit) is at most 0 at a separator and 9 at a digit, one
 * unsigned minimum and compare for every byte; the two-digit values of
 * every place at once, and their ranges checked the same way. */
#include <emmintrin.h>

/* v - base (masked by mask, into *x) is at most lim in every byte. */
static inline __m128i sse_shape(__m128i v, __m128i base, __m128i mask, __m128i lim, __m128i *x) {
    *x = _mm_and_si128(_mm_sub_epi8(v, base), mask);
    return _mm_cmpeq_epi8(_mm_min_epu8(*x, lim), *x);
}

/* Byte i of the result is 10 * x[i] + x[i + 1]: x's bytes are at most 9,
 * so no 16-bit product leaves its byte. */
static inline __m128i sse_pairs(__m128i x) {
    return _mm_add_epi8(_mm_mullo_epi16(x, _mm_set1_epi16(10)), _mm_srli_si128(x, 1));
}

#define B16(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15)                              \
    _mm_setr_epi8((char)(a0), (char)(a1), (char)(a2), (char)(a3), (char)(a4), (char)(a5), (char)(a6), (char)(a7), \
                  (char)(a8), (char)(a9), (char)(a10), (char)(a11), (char)(a12), (char)(a13), (char)(a14),       \
                  (char)(a15))
/* Bytes 0-15 of both forms, "YYYY-MM-DDTHH:MM": month (pair at 5) 1 to
 * 12, day (8) 1 to 31, hour (11) to 23, minute (14) to 59. */
#define HEAD_BASE B16('0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0')
#define HEAD_LIM B16(9, 9, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9)
#define HEAD_LO B16(0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0)
#define HEAD_HI B16(255, 255, 255, 255, 255, 12, 255, 255, 31, 255, 255, 23, 255, 255, 59, 255)

/* The day since the epoch of a form read in two loads: bytes 0-15, the
 * head both forms share, and the 16 bytes at text + tail, whose bytes less
 * base (masked by mask) are at most lim and whose two-digit values are at
 * most hi; or -1 when a byte or a value is out of place or out of range.
 * *b and *c are the two-digit values of bytes 8-15 of each load. */
static inline int64_t sse_day(const char *text, size_t tail, __m128i base, __m128i mask, __m128i lim, __m128i hi,
                              uint64_t *b, uint64_t *c) {
    const __m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)text);
    const __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(text + tail));
    __m128i x0, x1;
    __m128i ok = _mm_and_si128(sse_shape(v0, HEAD_BASE, _mm_set1_epi8(-1), HEAD_LIM, &x0),
                               sse_shape(v1, base, mask, lim, &x1));
    const __m128i p0 = sse_pairs(x0), p1 = sse_pairs(x1);
    ok = _mm_and_si128(ok, _mm_cmpeq_epi8(_mm_min_epu8(_mm_max_epu8(p0, HEAD_LO), HEAD_HI), p0));
    ok = _mm_and_si128(ok, _mm_cmpeq_epi8(_mm_min_epu8(p1, hi), p1));
    if (_mm_movemask_epi8(ok) != 0xFFFF) return -1;
    const uint64_t a = (uint64_t)_mm_cvtsi128_si64(p0);
    *b = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(p0, p0));
    *c = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(p1, p1));
    const unsigned y = LANE(a, 0) * 100 + LANE(a, 2);
    if (y - 1970 > 129u) return -1;
    return fast_day(y, LANE(a, 5), LANE(*b, 0));
}

static bool parse_canonical_sse2(const char *text, rf_time *out) {
    uint64_t b, c;
    /* Bytes 9-24: "DTHH:MM:SS?HH:MM", the sign ('+' or '-', 2 apart) at
     * 10; second (pair at 8) to 59, offset hour (11) to 23, offset minute
     * (14) to 59. */
    const int64_t day =
        sse_day(text, 9, B16('0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', '+', '0', '0', ':', '0', '0'),
                B16(255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0xFD, 255, 255, 255, 255, 255),
                B16(9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9),
                B16(255, 255, 255, 255, 255, 255, 255, 255, 59, 255, 255, 23, 255, 255, 59, 255), &b, &c);
    if (day < 0) return false;
    const int64_t local = day * SECONDS_PER_DAY + (int64_t)(LANE(b, 3) * 3600 + LANE(b, 6) * 60 + LANE(c, 0));
    const int64_t offset = (int64_t)(LANE(c, 3) * 3600 + LANE(c, 6) * 60);
    *out = text[19] == '+' ? local - offset : local + offset;
    return true;
}

static bool parse_utc_sse2(const char *text, rf_time *out) {
    uint64_t b, c;
    /* Bytes 4-19: "-MM-DDTHH:MM:SSZ"; second (pair at 13) to 59. */
    const int64_t day =
        sse_day(text, 4, B16('-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'),
                _mm_set1_epi8(-1), B16(0, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0, 9, 9, 0),
                B16(255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 59, 255, 255), &b, &c);
    if (day < 0) return false;
    *out = day * SECONDS_PER_DAY + (int64_t)(LANE(b, 3) * 3600 + LANE(b, 6) * 60 + LANE(c, 5));
    return true;
}
#undef B16
#undef HEAD_BASE
#undef HEAD_LIM
#undef HEAD_LO
#undef HEAD_HI
#define parse_canonical parse_canonical_sse2
#define parse_utc parse_utc_sse2
#else
#define parse_canonical parse_canonical_swar
#define parse_utc parse_utc_swar
#endif
#undef LANE
#else
static bool parse_canonical(const char *text, rf_time *out) {
    (void)text;
    (void)out;
    return false;
}

static bool parse_utc(const char *text, rf_time *out) {
    (void)text;
    (void)out;
    return false;
}
#endif

rf_status rf_time_parse(const char *text, size_t len, rf_time *out) {
    if (text && out && (len == 25 ? parse_canonical(text, out) : len == 20 && parse_utc(text, out))) return RF_OK;
    return rf__time_parse_general(text, len, out);
}

/* rf_time_parse with the portable word-at-a-time fast paths, whichever
 * the build uses, so that the tests check them on every machine. */
rf_status rf__time_parse_swar(const char *text, size_t len, rf_time *out) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (text && out && (len == 25 ? parse_canonical_swar(text, out) : len == 20 && parse_utc_swar(text, out)))
        return RF_OK;
#endif
    return rf__time_parse_general(text, len, out);
}

rf_status rf__time_parse_general(const char *text, size_t len, rf_time *out) {
    int y, mo, d, h, mi, s, oh = 0, om = 0, sign = 0;
    if (!text || !out || len < 20) return RF_E_INVALID;
    if (!date_shape(text, &y, &mo, &d)) return RF_E_INVALID;
    if (text[10] != 'T' && text[10] != 't') return RF_E_INVALID;
    h = digits(text + 11, 2);
    mi = digits(text + 14, 2);
    s = digits(text + 17, 2);
    if (h < 0 || text[13] != ':' || mi < 0 || text[16] != ':' || s < 0) return RF_E_INVALID;
    const char *z = text + 19;
    if (len == 20 && (z[0] == 'Z' || z[0] == 'z')) {
        sign = 0;
    } else if (len == 25 && (z[0] == '+' || z[0] == '-')) {
        sign = z[0] == '+' ? 1 : -1;
        oh = digits(z + 1, 2);
        om = digits(z + 4, 2);
        if (oh < 0 || z[3] != ':' || om < 0) return RF_E_INVALID;
    } else {
        /* A fraction, a missing or malformed offset, or trailing bytes. */
        return RF_E_INVALID;
    }

    rf_status st = date_check(y, mo, d);
    if (st != RF_OK) return st;
    if (h > 23 || mi > 59 || s > 59) return RF_E_RANGE; /* s == 60: a leap second */
    if (oh > 23 || om > 59) return RF_E_RANGE;

    /* Years 1970..9999 and offsets under a day keep all of this far inside
     * int64. "-00:00" (offset unknown, RFC 3339 section 4.3) is taken as UTC. */
    int64_t local = days_from_civil64(y, (unsigned)mo, (unsigned)d) * SECONDS_PER_DAY
                    + (int64_t)h * 3600 + (int64_t)mi * 60 + s;
    *out = local - (int64_t)sign * ((int64_t)oh * 3600 + (int64_t)om * 60);
    return RF_OK;
}

/* ---- formatting ---------------------------------------------------------- */

/* The +08:00 local years that fit the 32-byte buffer: a sign, nine digits and
 * "-MM-DDTHH:MM:SS+08:00" make 31 bytes. Instants beyond them (hundreds of
 * millions of years away, never produced from parsed input) are clamped. */
#define FORMAT_YEAR_MAX INT64_C(999999999)

/* Defined here rather than beside the money formatter so that time.c stands
 * alone (`make calendar` builds its generator from this file only). */
const char rf__digit_pairs[200] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Two digits of a value below 100. */
static char *put_pair(char *p, int64_t v) {
    memcpy(p, rf__digit_pairs + 2 * v, 2);
    return p + 2;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight bytes of text holding two-digit fields: each value below 100 sits in
 * x at the byte of its tens digit (fields at least two bytes apart), and
 * text is the word with '0' at every digit and the separators between. The
 * tens are (v * 103) >> 10, exact for v below 100; a product takes 14 bits,
 * so no lane reaches the next. lanes has the low bit of each field's byte. */
static inline uint64_t digit_word(uint64_t x, uint64_t lanes, uint64_t text) {
    const uint64_t tens = (x * 103 >> 10) & (lanes * 0xF);
    return text + tens + ((x - 10 * tens) << 8);
}

/* The local (+08:00) instants of the years 1970 to 9999: every instant a
 * case can hold. */
#define FAST_FORMAT_MIN (-RF_CST_OFFSET)
#define FAST_FORMAT_MAX (INT64_C(253402300799) - RF_CST_OFFSET)

/* "YYYY-MM-DDTHH:MM:SS+08:00" as three words and a byte: no division by a
 * variable, no per-field store. */
static inline char *format_fast(char *dst, rf_time t) {
    const uint64_t local = (uint64_t)(t + RF_CST_OFFSET);
    const uint32_t days = (uint32_t)(local / 86400), sod = (uint32_t)(local % 86400);
    uint32_t year = 0;
    unsigned month = 0, mday = 0;
    civil_from_shifted_days((int64_t)days + 719468, &year, &month, &mday);
    const uint32_t hour = sod / 3600, minute = sod % 3600 / 60, second = sod % 60;
    /* "YYYY-MM-", "DDTHH:MM", ":SS+08:0" and the last '0'. */
    const uint64_t w1 = digit_word(year / 100 | (uint64_t)(year % 100) << 16 | (uint64_t)month << 40,
                                   UINT64_C(0x0000010000010001), UINT64_C(0x2D30302D30303030));
    const uint64_t w2 = digit_word(mday | (uint64_t)hour << 24 | (uint64_t)minute << 48,
                                   UINT64_C(0x0001000001000001), UINT64_C(0x30303A3030543030));
    const uint64_t w3 = digit_word((uint64_t)second << 8, UINT64_C(0x100), UINT64_C(0x303A38302B30303A));
    memcpy(dst, &w1, 8);
    memcpy(dst + 8, &w2, 8);
    memcpy(dst + 16, &w3, 8);
    dst[24] = '0';
    return dst + 25;
}
#endif

/* Any instant, field by field. Kept out of line (GCC) so that the fast path
 * of rf__time_format_to saves no registers for it. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *format_general(char *dst, rf_time t) {
    const int64_t max_day = days_from_civil64(FORMAT_YEAR_MAX, 12, 31);
    const int64_t min_day = days_from_civil64(-FORMAT_YEAR_MAX, 1, 1);
    /* After 1970 the day and the second of the day are plain quotients. */
    int64_t day = t >= 0 ? t / SECONDS_PER_DAY : floor_div(t, SECONDS_PER_DAY);
    int64_t sod = (t >= 0 ? t % SECONDS_PER_DAY : floor_mod(t, SECONDS_PER_DAY)) + RF_CST_OFFSET;
    if (sod >= SECONDS_PER_DAY) {
        sod -= SECONDS_PER_DAY;
        day++;
    }
    if (day > max_day) {
        day = max_day;
        sod = SECONDS_PER_DAY - 1;
    } else if (day < min_day) {
        day = min_day;
        sod = 0;
    }

    int64_t year = 0;
    unsigned month = 0, mday = 0;
    civil_from_days64(day, &year, &month, &mday);

    char *p = dst;
    if (year >= 0 && year <= 9999) {
        /* Every instant a case can hold: four digits, two at a time. */
        p = put_pair(p, year / 100);
        p = put_pair(p, year % 100);
    } else {
        if (year < 0) *p++ = '-';
        p = rf__put_uint(p, (uint64_t)(year < 0 ? -year : year), 4);
    }
    *p++ = '-';
    p = put_pair(p, month);
    *p++ = '-';
    p = put_pair(p, mday);
    *p++ = 'T';
    p = put_pair(p, sod / 3600);
    *p++ = ':';
    p = put_pair(p, sod / 60 % 60);
    *p++ = ':';
    p = put_pair(p, sod % 60);
    memcpy(p, "+08:00", 6);
    return p + 6;
}

char *rf__time_format_to(char *dst, rf_time t) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (t >= FAST_FORMAT_MIN && t <= FAST_FORMAT_MAX) return format_fast(dst, t);
#endif
    return format_general(dst, t);
}

char *rf_time_format(rf_time t, char buf[32]) {
    if (!buf) return NULL;
    *rf__time_format_to(buf, t) = '\0';
    return buf;
}

/* ---- times and spans as people read them (text output only) ---------------------------- */

char *rf__time_human(char *dst, rf_time t, rf_time ref, bool with_year, bool zh) {
    static const char *const wd_zh[] = {"周日", "周一", "周二", "周三", "周四", "周五", "周六"};
    static const char *const wd_en[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const mon_en[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    /* Instants outside 1970..9999 (+08:00) keep the RFC 3339 form. */
    if (t < 0 || t > (rf_time)253402271999 - RF_CST_OFFSET || ref < 0 || ref > (rf_time)253402271999 - RF_CST_OFFSET) {
        *rf__time_format_to(dst, t) = '\0';
        return dst;
    }
    rf__day day = rf__local_day(t), ref_day = rf__local_day(ref);
    int year = 0, ref_year = 0;
    unsigned month = 0, mday = 0, ref_month = 0, ref_mday = 0;
    rf__civil_from_days(day, &year, &month, &mday);
    rf__civil_from_days(ref_day, &ref_year, &ref_month, &ref_mday);
    int64_t sod = t - rf__local_midnight(day);
    int hh = (int)(sod / 3600), mm = (int)(sod % 3600 / 60), ss = (int)(sod % 60);
    bool y = with_year || year != ref_year;
    char hms[16];
    if (ss) snprintf(hms, sizeof hms, "%02d:%02d:%02d", hh, mm, ss);
    else snprintf(hms, sizeof hms, "%02d:%02d", hh, mm);
    unsigned w = rf__weekday(day);
    if (zh) {
        if (y) snprintf(dst, RF__HUMAN_TIME_MAX, "%d年%u月%u日(%s) %s", year, month, mday, wd_zh[w], hms);
        else snprintf(dst, RF__HUMAN_TIME_MAX, "%u月%u日(%s) %s", month, mday, wd_zh[w], hms);
    } else {
        if (y) snprintf(dst, RF__HUMAN_TIME_MAX, "%s %u %s %d %s", wd_en[w], mday, mon_en[month - 1], year, hms);
        else snprintf(dst, RF__HUMAN_TIME_MAX, "%s %u %s %s", wd_en[w], mday, mon_en[month - 1], hms);
    }
    return dst;
}

/* "2 天 3 小时" / "2 days 3 hours": the two largest units, truncated. */
static int put_span(char *dst, size_t size, int64_t s, bool zh) {
    int64_t d = s / SECONDS_PER_DAY, h = s % SECONDS_PER_DAY / 3600, m = s % 3600 / 60;
    int64_t a, b;
    const char *ua, *ub;
    if (d) {
        a = d, b = h;
        ua = zh ? "天" : (d == 1 ? "day" : "days");
        ub = zh ? "小时" : (h == 1 ? "hour" : "hours");
    } else if (h) {
        a = h, b = m;
        ua = zh ? "小时" : (h == 1 ? "hour" : "hours");
        ub = zh ? "分钟" : (m == 1 ? "minute" : "minutes");
    } else {
        a = m, b = 0, ub = "";
        ua = zh ? "分钟" : (m == 1 ? "minute" : "minutes");
    }
    if (b) return snprintf(dst, size, "%lld %s %lld %s", (long long)a, ua, (long long)b, ub);
    return snprintf(dst, size, "%lld %s", (long long)a, ua);
}

char *rf__span_human(char *dst, rf_time due, rf_time now, bool zh) {
    /* The longest span is 21 bytes ("3660000 days 23 hours", at the clamp
     * below), so that the sentence around it always fits its 64. */
    char span[32];
    /* Clamp spans beyond any case (and keep the subtraction from overflowing). */
    const int64_t cap = (int64_t)10000 * 366 * SECONDS_PER_DAY;
    /* The distance taken in uint64_t, where it cannot overflow. */
    uint64_t dist = due >= now ? (uint64_t)due - (uint64_t)now : (uint64_t)now - (uint64_t)due;
    int64_t left = dist > (uint64_t)cap ? cap : (int64_t)dist;
    put_span(span, sizeof span, left, zh);
    if (due >= now) snprintf(dst, RF__HUMAN_SPAN_MAX, zh ? "还剩 %s" : "%s left", span);
    else snprintf(dst, RF__HUMAN_SPAN_MAX, zh ? "已超时 %s" : "%s overdue", span);
    return dst;
}
