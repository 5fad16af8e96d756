/*
 * Writes a reproducible month of Taobao Open Platform data for `make bench`
 * (refund import top): the trades and refunds a large shop holds, and its
 * TMC log, in the shapes of TOP.md section 1. Every order has a refund:
 * refund only, return and refund, refused then modified, the platform
 * called in, closed by the buyer; its TMC messages (and the trade's) are
 * spread over the log the way a consumer logs them, interleaved with the
 * other orders', some redelivered (the same id) or polled twice (another
 * id), with logistics messages of topics the importer does not know.
 *
 *   gen_tmc MESSAGES DIR [SEED]
 *
 * writes DIR/trade.ndjson, DIR/refund.ndjson and DIR/tmc.ndjson with about
 * MESSAGES lines in the TMC log, and prints "orders N messages M bytes B"
 * on stderr.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state;

static uint64_t next(void) { /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}
static unsigned pick(unsigned n) { return (unsigned)(next() % n); }

/* "yyyy-MM-dd HH:mm:ss", China time, from seconds since the epoch. */
static void top_time(char out[80], int64_t t) {
    time_t local = (time_t)(t + 8 * 3600);
    struct tm tm;
    gmtime_r(&local, &tm);
    snprintf(out, 80, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
}

/* The TMC log is written through a window of slots: each message goes to a
 * slot some way ahead of the current order, so that an order's messages
 * are interleaved with the next orders' and come in no particular order. */
#define WINDOW 4096
typedef struct slot {
    char *text;
    size_t len, cap;
} slot;
static slot window[WINDOW];
static size_t current;
static FILE *tmc_out;
static uint64_t messages, bytes;

static void put(size_t ahead, const char *line, size_t n) {
    slot *s = &window[(current + ahead) % WINDOW];
    if (s->len + n + 1 > s->cap) {
        s->cap = (s->len + n + 1) * 2;
        s->text = realloc(s->text, s->cap);
        if (!s->text) exit(1);
    }
    memcpy(s->text + s->len, line, n);
    s->len += n;
    s->text[s->len++] = '\n';
    messages++;
}

static void advance(void) {
    slot *s = &window[current % WINDOW];
    fwrite(s->text, 1, s->len, tmc_out);
    bytes += s->len;
    s->len = 0;
    current++;
}

static uint64_t next_id = 700000000001;

/* One message of a refund topic, sometimes delivered twice. */
static void refund_msg(uint64_t tid, uint64_t rid, const char *topic, int64_t modified, const char *fee,
                       const char *bill) {
    char line[1024], mod[80], pub[80];
    top_time(mod, modified);
    top_time(pub, modified + 1 + pick(5));
    uint64_t id = next_id++;
    int n = snprintf(line, sizeof line,
                     "{\"id\":%" PRIu64 ",\"topic\":\"taobao_refund_%s\",\"pub_time\":\"%s\",\"pub_app_key\":\"12345678\","
                     "\"user_id\":2206612345,\"user_nick\":\"晴川文具屋\",\"content\":\"{\\\"bill_type\\\":\\\"%s\\\","
                     "\\\"buyer_nick\\\":\\\"tb730918_22\\\",\\\"buyer_open_uid\\\":\\\"AAHk5d-EAAeGwJedwSHpBHgM\\\","
                     "\\\"modified\\\":\\\"%s\\\",\\\"oid\\\":%" PRIu64 ",\\\"refund_fee\\\":\\\"%s\\\",\\\"refund_id\\\":%" PRIu64
                     ",\\\"refund_phase\\\":\\\"onsale\\\",\\\"seller_nick\\\":\\\"晴川文具屋\\\",\\\"tid\\\":%" PRIu64 "}\"}",
                     id, topic, pub, bill, mod, tid, fee, rid, tid);
    put(pick(WINDOW / 2), line, (size_t)n);
    if (pick(100) < 4) put(pick(WINDOW / 2), line, (size_t)n);      /* redelivered: the same id */
    if (pick(100) < 2) {                                            /* polled twice: another id */
        char again[1024];
        int k = snprintf(again, sizeof again, "{\"id\":%" PRIu64 "%s", next_id++, strchr(line, ','));
        put(pick(WINDOW / 2), again, (size_t)k);
    }
}

static void trade_msg(uint64_t tid, const char *topic, int64_t at, const char *status) {
    char line[512], pub[80];
    top_time(pub, at);
    int n = snprintf(line, sizeof line,
                     "{\"id\":%" PRIu64 ",\"topic\":\"taobao_trade_%s\",\"pub_time\":\"%s\",\"content\":\"{\\\"buyer_nick\\\":"
                     "\\\"tb730918_22\\\",\\\"oid\\\":%" PRIu64 ",\\\"payment\\\":\\\"36.00\\\",\\\"seller_nick\\\":\\\"晴川文具屋\\\","
                     "\\\"status\\\":\\\"%s\\\",\\\"tid\\\":%" PRIu64 ",\\\"type\\\":\\\"fixed\\\"}\"}",
                     next_id++, topic, pub, tid, status, tid);
    put(pick(WINDOW / 2), line, (size_t)n);
}

static void logistics_msg(uint64_t tid, int64_t at) {
    char line[512], pub[80];
    top_time(pub, at);
    int n = snprintf(line, sizeof line,
                     "{\"id\":%" PRIu64 ",\"topic\":\"taobao_logistics_LogisticsTraceUpdate\",\"pub_time\":\"%s\","
                     "\"content\":\"{\\\"tid\\\":%" PRIu64 ",\\\"action\\\":\\\"TMS_SIGN\\\",\\\"out_sid\\\":\\\"YD%" PRIu64 "\\\"}\"}",
                     next_id++, pub, tid, tid % 10000000000);
    put(pick(WINDOW / 2), line, (size_t)n);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: gen_tmc MESSAGES DIR [SEED]\n");
        return 2;
    }
    uint64_t want = strtoull(argv[1], NULL, 10);
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) | 1 : 0x9E3779B97F4A7C15u;
    char path[1024];
    snprintf(path, sizeof path, "%s/trade.ndjson", argv[2]);
    FILE *trades = fopen(path, "wb");
    snprintf(path, sizeof path, "%s/refund.ndjson", argv[2]);
    FILE *refunds = fopen(path, "wb");
    snprintf(path, sizeof path, "%s/tmc.ndjson", argv[2]);
    tmc_out = fopen(path, "wb");
    if (!trades || !refunds || !tmc_out) {
        perror(argv[2]);
        return 1;
    }
    static const char *const reasons[] = {"七天无理由退换货", "未收到货", "商品质量问题", "少件/漏发", "商品与描述不符",
                                          "收到商品破损", "不喜欢/效果不好", "快递丢件", "协商一致退款", "发票问题"};
    int64_t month = 1740787200; /* 2025-03-01T08:00:00+08:00 */
    uint64_t orders = 0;
    while (messages < want) {
        uint64_t tid = UINT64_C(4102938470000000000) + orders, rid = UINT64_C(208877120000000) + orders;
        int64_t created = month + (int64_t)(orders * 2592000 / (want / 8 + 1)) + pick(600);
        int64_t paid = created + 30 + pick(600), shipped = paid + 3600 + pick(86400);
        int64_t requested = shipped + 86400 + pick(3 * 86400);
        unsigned flow = pick(10);
        bool refund_only = flow < 4;
        char fee[24], ts[5][80];
        unsigned yuan = 10 + pick(300);
        snprintf(fee, sizeof fee, "%u.%02u", yuan, pick(100));
        const char *bill = refund_only ? "refund_bill" : "return_bill";
        int64_t t = requested;
        refund_msg(tid, rid, "RefundCreated", t, fee, bill);
        trade_msg(tid, "TradeBuyerPay", paid + 1, "WAIT_SELLER_SEND_GOODS");
        trade_msg(tid, "TradeSellerShip", shipped + 2, "WAIT_BUYER_CONFIRM_GOODS");
        logistics_msg(tid, shipped + 7200);
        const char *status = "SUCCESS";
        if (flow == 9) { /* closed by the buyer */
            refund_msg(tid, rid, "RefundClosed", t += 3600 + pick(86400), fee, bill);
            status = "CLOSED";
        } else {
            if (flow == 7 || flow == 8) { /* refused, then modified */
                refund_msg(tid, rid, "RefundSellerRefuseAgreement", t += 3600 + pick(86400), fee, bill);
                refund_msg(tid, rid, "RefundBuyerModifyAgreement", t += 3600 + pick(86400), fee, bill);
            }
            if (flow == 8) { /* the platform called in, ruled for the buyer */
                refund_msg(tid, rid, "TaobaoInterApplied", t += 3600, fee, bill);
                refund_msg(tid, rid, "TaobaoIntervened", t += 86400, fee, bill);
                refund_msg(tid, rid, "RefundSuccess", t += 86400 + pick(86400), fee, bill);
            } else {
                refund_msg(tid, rid, "RefundSellerAgreeAgreement", t += 600 + pick(86400), fee, bill);
                if (!refund_only) {
                    refund_msg(tid, rid, "RefundBuyerReturnGoods", t += 3600 + pick(2 * 86400), fee, bill);
                    logistics_msg(tid, t + 7200);
                    refund_msg(tid, rid, "RefundSuccess", t += 86400 + pick(3 * 86400), fee, bill);
                } else {
                    refund_msg(tid, rid, "RefundSuccess", t, fee, bill);
                }
            }
        }
        top_time(ts[0], created);
        top_time(ts[1], paid);
        top_time(ts[2], shipped);
        top_time(ts[3], requested);
        top_time(ts[4], t);
        fprintf(trades,
                "{\"trade_fullinfo_get_response\":{\"trade\":{\"tid\":%" PRIu64 ",\"type\":\"fixed\",\"status\":\"%s\","
                "\"seller_nick\":\"晴川文具屋\",\"buyer_nick\":\"tb730918_22\",\"created\":\"%s\",\"pay_time\":\"%s\","
                "\"consign_time\":\"%s\",\"modified\":\"%s\",\"payment\":\"%u.00\",\"post_fee\":\"6.00\",\"total_fee\":\"%s\","
                "\"shipping_type\":\"express\",\"has_yfx\":%s,\"orders\":{\"order\":[{\"oid\":%" PRIu64 ",\"title\":\"中性笔 0.5mm 12支装\","
                "\"num\":1,\"price\":\"%s\",\"total_fee\":\"%s\",\"payment\":\"%s\",\"status\":\"%s\",\"refund_status\":\"%s\","
                "\"refund_id\":%" PRIu64 ",\"seller_type\":\"%c\",\"invoice_no\":\"YD%" PRIu64 "\"}]}}}}\n",
                tid, flow == 9 ? "WAIT_BUYER_CONFIRM_GOODS" : "TRADE_CLOSED", ts[0], ts[1], ts[2], ts[4], yuan + 6, fee,
                pick(4) ? "false" : "true", tid, fee, fee, fee, flow == 9 ? "WAIT_BUYER_CONFIRM_GOODS" : "TRADE_CLOSED", status, rid,
                pick(3) ? 'C' : 'B', tid % 10000000000);
        fprintf(refunds,
                "{\"refund_get_response\":{\"refund\":{\"refund_id\":\"%" PRIu64 "\",\"tid\":%" PRIu64 ",\"oid\":%" PRIu64 ","
                "\"status\":\"%s\",\"reason\":\"%s\",\"desc\":\"\",\"has_good_return\":%s,\"refund_fee\":\"%s\","
                "\"cs_status\":%d,\"created\":\"%s\",\"modified\":\"%s\",\"sid\":\"SF%" PRIu64 "\"}}}\n",
                rid, tid, tid, status, reasons[pick(10)], refund_only ? "false" : "true", fee, flow == 8 ? 6 : 1, ts[3],
                ts[4], rid);
        orders++;
        advance();
    }
    for (size_t i = 0; i < WINDOW; i++) advance();
    fclose(trades);
    fclose(refunds);
    fclose(tmc_out);
    fprintf(stderr, "orders %" PRIu64 " messages %" PRIu64 " bytes %" PRIu64 "\n", orders, messages, bytes);
    return 0;
}
