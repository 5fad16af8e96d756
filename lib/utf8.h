/*
 * UTF-8 validation shared by the strict JSON reader (lib/json_read.c) and the
 * schema-directed case reader (lib/case_fast.c). Both must accept exactly the
 * same bytes, so there is one definition of a well-formed sequence, here.
 */
#ifndef RF_UTF8_H
#define RF_UTF8_H

#include <stddef.h>

/* What is wrong with a sequence, in the order the checks find it: the JSON
 * reader turns each into its own message. */
typedef enum rf__utf8_fault {
    RF_UTF8_OK,
    RF_UTF8_LONE_CONTINUATION, /* 80..BF without a lead byte */
    RF_UTF8_BAD_LEAD,          /* C0, C1 (overlong only) or F5..FF (above U+10FFFF) */
    RF_UTF8_TRUNCATED,         /* fewer continuation bytes than the lead announces */
    RF_UTF8_OVERLONG,          /* E0 80..9F, F0 80..8F */
    RF_UTF8_SURROGATE,         /* ED A0..BF: U+D800..U+DFFF */
    RF_UTF8_ABOVE_MAX          /* F4 90..BF: above U+10FFFF */
} rf__utf8_fault;

/* Checks the sequence at s, whose first byte is >= 0x80 and of which avail
 * bytes (at least 1) may be read. On RF_UTF8_OK *seq_len is its length (2 to
 * 4). The ranges are those of Unicode table 3-7: they exclude overlong forms,
 * surrogates and anything above U+10FFFF. */
static inline rf__utf8_fault rf__utf8_check(const unsigned char *s, size_t avail, size_t *seq_len) {
    unsigned char lead = s[0], lo = 0x80, hi = 0xBF;
    size_t extra;
    if (lead >= 0xC2 && lead <= 0xDF) {
        extra = 1;
    } else if (lead == 0xE0) {
        extra = 2, lo = 0xA0; /* below A0: overlong */
    } else if (lead == 0xED) {
        extra = 2, hi = 0x9F; /* above 9F: surrogates */
    } else if (lead >= 0xE1 && lead <= 0xEF) {
        extra = 2;
    } else if (lead == 0xF0) {
        extra = 3, lo = 0x90; /* below 90: overlong */
    } else if (lead == 0xF4) {
        extra = 3, hi = 0x8F; /* above 8F: beyond U+10FFFF */
    } else if (lead >= 0xF1 && lead <= 0xF3) {
        extra = 3;
    } else if (lead <= 0xBF) {
        return RF_UTF8_LONE_CONTINUATION;
    } else {
        return RF_UTF8_BAD_LEAD;
    }
    for (size_t k = 1; k <= extra; k++)
        if (k >= avail || (s[k] & 0xC0) != 0x80) return RF_UTF8_TRUNCATED;
    if (s[1] < lo) return RF_UTF8_OVERLONG;
    if (s[1] > hi) return lead == 0xED ? RF_UTF8_SURROGATE : RF_UTF8_ABOVE_MAX;
    *seq_len = extra + 1;
    return RF_UTF8_OK;
}

#endif
