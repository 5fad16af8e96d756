/*
 * Writes a reproducible NDJSON data set of realistic refund histories for
 * `make bench`: every channel, kind and reason, refusals and modifications,
 * exchanges with and without postage, interventions, complaints, late and
 * clean cases, notes in English and Chinese. One case document per line.
 *
 *   gen COUNT [SEED [VARIANT]] > histories.ndjson
 *
 * The variants are the data of issue 19's cliffs, drawn from the same random
 * numbers so that they differ from the plain set only where they say:
 *   notes     every line carries one note of NOTE_PLAIN, on its request (in
 *             place of the optional one), its review, or, for an order never
 *             paid, which has no event that takes a note, as the `ref` of
 *             its trade_closed;
 *   escaped   the same with NOTE_ESCAPED, as many bytes, in which every kind
 *             of escape a shop's export writes appears;
 *   events=N  COUNT histories of N events each (N even, at least 6): a
 *             return refused and modified over and over, then agreed.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state;

static uint64_t next(void) { /* xorshift64*: fast, reproducible, good enough */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}
static unsigned pick(unsigned n) { return (unsigned)(next() % n); }

/* Times are written as +08:00 local times from a running clock in seconds. */
static void put_time(int64_t t) {
    time_t local = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&local, &tm);
    printf("%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
           tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Byte for byte as long as each other: \" against <<, \\ against //, \n
 * against "; ", \u4e2d\u901a (中通) against 中通快递. */
#define NOTE_ESCAPED "买家留言:\\\"尺码偏小\\\"\\\\换大一号\\n\\u4e2d\\u901a已寄回"
#define NOTE_PLAIN "买家留言:<<尺码偏小>>//换大一号; 中通快递已寄回"
static const char *note; /* NULL, NOTE_PLAIN or NOTE_ESCAPED */
static char note_key[128]; /* ,"note":"NOTE" */

static int n_events;
static uint64_t total_events;
static int64_t clock_s;

static void event(const char *actor, const char *type, const char *extra) {
    printf("%s{\"id\":\"e%d\",\"at\":\"", n_events ? "," : "", n_events + 1);
    put_time(clock_s);
    printf("\",\"actor\":\"%s\",\"type\":\"%s\"%s%s}", actor, type, extra[0] ? "," : "", extra);
    n_events++;
    total_events++;
}

static void advance(int64_t min_s, int64_t max_s) {
    clock_s += min_s + (int64_t)(next() % (uint64_t)(max_s - min_s + 1));
}

#define HOUR 3600
#define DAY 86400

static const char *channels[] = {"c_store", "mall", "mt"};

/* The start of a case up to its events, the clock set to a random instant
 * 2023-01-01 .. 2025-12-01 (+08:00). */
static void put_order(unsigned i, const char *channel, unsigned item, unsigned postage, int free_ship) {
    static const char *insurance[] = {"none", "buyer", "seller"};
    clock_s = INT64_C(1672502400) + (int64_t)pick(1060) * DAY + pick(DAY);
    n_events = 0;
    printf("{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"TB%08u\",\"channel\":\"%s\","
           "\"item_amount\":\"%u.%02u\",\"shipping_fee\":\"%u.%02u\",\"free_shipping\":%s,"
           "\"seller_shipping_cost\":\"%u.%02u\",\"shipping_insurance\":\"%s\",\"invoice_issued\":%s,"
           "\"seven_day_return\":%s,\"ship_exempt\":null,\"delivery\":\"%s\"},\"events\":[",
           i, channel, item / 100, item % 100, free_ship ? 0 : postage / 100, free_ship ? 0 : postage % 100,
           free_ship ? "true" : "false", postage / 100, postage % 100, insurance[pick(3)],
           pick(4) == 0 ? "true" : "false", pick(10) ? "true" : "false", pick(10) ? "express" : "surface_mail");
}

static void history(unsigned i) {
    static const char *kinds[] = {"refund_only", "return_refund", "exchange"};
    static const char *reasons[] = {"no_reason", "quality", "not_received", "not_as_described",
                                    "damaged", "missing_items", "lost", "other"};
    const char *channel = channels[pick(3)];
    unsigned item = 500 + pick(200000); /* fen */
    unsigned postage = pick(3) == 0 ? 0 : 600 + pick(1400);
    int free_ship = pick(3) == 0;
    int story = (int)pick(12);
    char extra[384];

    put_order(i, channel, item, postage, free_ship);
    event("buyer", "order_created", "");
    advance(60, 2 * HOUR);
    if (story == 11 && pick(2)) { /* never paid: the system closes it */
        advance(4 * DAY, 5 * DAY);
        if (note) snprintf(extra, sizeof extra, "\"ref\":\"%s\"", note);
        event("system", "trade_closed", note ? extra : "");
        printf("]}\n");
        return;
    }
    event("buyer", "paid", "");
    advance(2 * HOUR, story == 10 ? 100 * HOUR : 60 * HOUR); /* story 10: sometimes late */
    snprintf(extra, sizeof extra, "\"tracking\":\"%012" PRIu64 "\"", next() % UINT64_C(1000000000000));
    event("seller", "shipped", extra);
    advance(DAY, 4 * DAY);
    event("carrier", "delivered", "");
    if (story == 0 || story == 10) { /* clean: the buyer confirms and reviews */
        advance(HOUR, 6 * DAY);
        event("buyer", "receipt_confirmed", "");
        advance(HOUR, 3 * DAY);
        snprintf(extra, sizeof extra, "\"rating\":\"%s\"%s", pick(5) ? "positive" : "negative", note ? note_key : "");
        event("buyer", "review_posted", extra);
        if (story == 10 && pick(2)) {
            advance(HOUR, 10 * DAY);
            event("buyer", "complaint_filed", "\"complaint\":\"after_sales\"");
            advance(DAY, 12 * DAY);
            event("platform", "complaint_resolved", "\"for\":\"buyer\"");
        }
        printf("]}\n");
        return;
    }
    const char *kind = kinds[pick(3)];
    const char *reason = reasons[story < 5 ? 0 : pick(8)];
    unsigned amount = pick(4) == 0 ? item - pick(item / 2) : item;
    advance(HOUR, story == 9 ? 9 * DAY : 5 * DAY);
    snprintf(extra, sizeof extra,
             "\"kind\":\"%s\",\"reason\":\"%s\",\"amount\":\"%u.%02u\",\"goods\":\"%s\"%s", kind, reason,
             amount / 100, amount % 100, pick(8) ? "resellable" : "not_resellable",
             pick(4) && !note ? "" : note ? note_key : ",\"note\":\"买家留言:收到后发现问题,申请售后\"");
    event("buyer", "refund_requested", extra);
    if (story == 1 || story == 2) { /* refused, modified, agreed */
        advance(HOUR, 2 * DAY);
        event("seller", "refund_refused", pick(2) ? "\"note\":\"amount is wrong\""
                                                  : "\"note\":\"金额不对,请按实付金额申请\"");
        advance(HOUR, 3 * DAY);
        snprintf(extra, sizeof extra, "\"amount\":\"%u.%02u\"", item / 100, item % 100);
        event("buyer", "refund_modified", extra);
    }
    if (story == 3) { /* the seller never answers */
        advance(6 * DAY, 8 * DAY);
        event("buyer", "intervention_requested", "");
        printf("]}\n");
        return;
    }
    if (story == 4) { /* intervention, evidence, ruling */
        advance(HOUR, 2 * DAY);
        event("buyer", "intervention_requested", "");
        advance(HOUR, DAY);
        event("platform", "intervention_started", "");
        advance(HOUR, DAY);
        event("buyer", "evidence_submitted", "\"evidence\":\"chat_log\"");
        advance(HOUR, DAY);
        event("seller", "evidence_submitted", "\"evidence\":\"wangwang_evidence_no\"");
        advance(HOUR, 3 * DAY);
        event("platform", "ruling", pick(2) ? "\"for\":\"buyer\"" : "\"for\":\"seller\"");
        printf("]}\n");
        return;
    }
    advance(HOUR, 2 * DAY);
    event("seller", "refund_agreed", "");
    if (kind[0] == 'r' && kind[2] == 'f') { /* refund_only: done */
        printf("]}\n");
        return;
    }
    advance(HOUR, story == 8 ? 9 * DAY : 5 * DAY); /* story 8: ships the return late */
    snprintf(extra, sizeof extra, "\"tracking\":\"SF%010" PRIu64 "\",\"postage\":\"%u.00\"",
             next() % UINT64_C(10000000000), 8 + pick(15));
    event("buyer", "return_shipped", extra);
    advance(DAY, 4 * DAY);
    if (kind[0] == 'e') {
        if (pick(2)) {
            event("buyer", "exchange_postage_paid", "\"amount\":\"10.00\"");
            advance(HOUR, DAY);
        }
        event("seller", "return_received", "");
        advance(HOUR, 2 * DAY);
        snprintf(extra, sizeof extra, "\"tracking\":\"YT%010" PRIu64 "\"", next() % UINT64_C(10000000000));
        event("seller", "exchange_shipped", extra);
        advance(DAY, 4 * DAY);
        event("buyer", "exchange_received", "");
    } else if (story == 6) {
        event("seller", "return_rejected", pick(2) ? "\"note\":\"worn, tag removed\""
                                                   : "\"note\":\"商品已使用,吊牌已拆,影响二次销售\"");
    } else {
        snprintf(extra, sizeof extra, "\"amount\":\"%u.%02u\"", amount / 100, amount % 100);
        event("seller", "return_received", extra);
    }
    printf("]}\n");
}

/* A history of exactly n events, for comparing the cost per event of long
 * and short lines: the return is refused and modified (n - 6) / 2 times,
 * minutes apart, so that every deadline still holds and no finding is due. */
static void long_history(unsigned i, unsigned n) {
    unsigned item = 1000 + pick(200000);
    char extra[128];
    put_order(i, channels[pick(3)], item, 0, 1);
    event("buyer", "order_created", "");
    advance(60, HOUR);
    event("buyer", "paid", "");
    advance(2 * HOUR, DAY);
    snprintf(extra, sizeof extra, "\"tracking\":\"%012" PRIu64 "\"", next() % UINT64_C(1000000000000));
    event("seller", "shipped", extra);
    advance(DAY, 3 * DAY);
    event("carrier", "delivered", "");
    advance(HOUR, DAY);
    snprintf(extra, sizeof extra,
             "\"kind\":\"return_refund\",\"reason\":\"quality\",\"amount\":\"%u.%02u\",\"goods\":\"resellable\"",
             item / 100, item % 100);
    event("buyer", "refund_requested", extra);
    while ((unsigned)n_events + 1 < n) {
        advance(300, 1200);
        event("seller", "refund_refused", pick(2) ? "\"note\":\"amount is wrong\""
                                                  : "\"note\":\"金额不对,请按实付金额申请\"");
        advance(300, 1200);
        unsigned amount = item - pick(item / 2);
        snprintf(extra, sizeof extra, "\"amount\":\"%u.%02u\",\"reason\":\"%s\"", amount / 100, amount % 100,
                 pick(3) ? "quality" : "not_as_described");
        event("buyer", "refund_modified", extra);
    }
    advance(300, 1200);
    event("seller", "refund_agreed", "");
    printf("]}\n");
}

int main(int argc, char **argv) {
    unsigned count = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 100000;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : UINT64_C(20240628);
    if (!rng_state) rng_state = 1;
    const char *variant = argc > 3 ? argv[3] : "";
    unsigned long per_line = 0;
    if (strcmp(variant, "notes") == 0 || strcmp(variant, "escaped") == 0) {
        note = variant[0] == 'n' ? NOTE_PLAIN : NOTE_ESCAPED;
        snprintf(note_key, sizeof note_key, ",\"note\":\"%s\"", note);
    } else if (strncmp(variant, "events=", 7) == 0) {
        per_line = strtoul(variant + 7, NULL, 10);
        if (per_line < 6 || per_line % 2 || per_line > 10000) {
            fprintf(stderr, "gen: events=N takes an even N from 6 to 10000\n");
            return 2;
        }
    } else if (variant[0]) {
        fprintf(stderr, "gen: unknown variant %s (notes, escaped, events=N)\n", variant);
        return 2;
    }
    for (unsigned i = 0; i < count; i++) per_line ? long_history(i, (unsigned)per_line) : history(i);
    fprintf(stderr, "histories %u events %" PRIu64 "\n", count, total_events);
    return fflush(stdout) == 0 ? 0 : 1;
}
