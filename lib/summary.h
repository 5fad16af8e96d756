/*
 * The inside of an rf_summary, shared by lib/summary.c (counting, merging,
 * reading and writing it) and lib/report.c (drawing it).
 *
 * Every number is a count or a sum of fen in an int64_t, and every one of
 * them is part of a partition of the grand totals: a finding is counted once
 * in `all`, once under its channel, once under its rule and once under its
 * month, and its money once in each. So no cell exceeds the matching grand
 * total, and a check of the grand totals before an addition is a check of
 * every cell it touches (the one overflow check of summary.c).
 */
#ifndef RF_SUMMARY_H
#define RF_SUMMARY_H

#include "refund.h"

/* Findings and money at stake: count, what the shop overpaid (the sum of
 * positive deltas) and what buyers were short-changed (the sum of negative
 * deltas, negated). Never negative. */
typedef struct rf__cell {
    int64_t n, over, under;
} rf__cell;

/* The findings of one grouping value: the total and the part of each code. */
typedef struct rf__group {
    rf__cell total;
    rf__cell code[RF_FINDING_COUNT];
} rf__group;

/* A month of requests: year * 12 + month - 1 of a +08:00 date, or
 * RF__MONTH_NONE ("-": no request and no order_created). */
#define RF__MONTH_NONE INT32_C(-1)
typedef struct rf__month {
    int32_t key;
    rf__group g;
} rf__month;

/* The rule of a finding outside any request, or of a request with no
 * settlement: written "-". */
#define RF__RULE_NONE RF_RULE_COUNT

/* Where one finding is counted. */
typedef struct rf__place {
    rf_finding_code code;
    unsigned rule;        /* rf_rule or RF__RULE_NONE */
    int32_t month;
    int64_t over, under;
} rf__place;

struct rf_summary {
    rf_allocator alloc;
    /* lines = cases judged + bad lines; cases = clean + with_findings. */
    int64_t lines, clean, with_findings, bad_lines;
    rf__group all;
    int64_t channel_clean[RF_CHANNEL_COUNT], channel_with[RF_CHANNEL_COUNT];
    rf__group channel[RF_CHANNEL_COUNT];
    rf__group rule[RF_RULE_COUNT + 1];
    /* Sorted by key. An entry may be empty (total.n == 0) after a failed
     * addition: readers skip those. */
    rf__month *months;
    size_t month_count, month_cap;
    size_t month_hint;    /* the entry found last, tried first */
    /* Scratch for the findings of one verdict, reused. */
    rf__place *places;
    size_t place_cap;
};

/* The month key of "YYYY-MM" written into buf (8 bytes with the NUL), or
 * "-" for RF__MONTH_NONE; returns buf. */
char *rf__month_text(int32_t key, char buf[8]);

/* The order codes, channels and rules are written in: sorted by their
 * names (strcmp). Fills order[] with every value and returns the count. */
size_t rf__summary_code_order(rf_finding_code order[RF_FINDING_COUNT]);

#endif
