/*
 * Summaries (lib/summary.c, docs/summary.md).
 *
 * The property that makes them a reduce step: the merge of the summaries of
 * the parts of a file is, byte for byte, the summary of the whole, whatever
 * the cut, the order of the parts and the grouping of the merges. It is
 * checked on the bench data (tests/bench/gen.c) with bad lines mixed in:
 * several seeds, each cutting the lines into k parts at random points,
 * summarizing the parts in random order (half of them from the verdicts,
 * half from the verdict lines, some through their rendered JSON read back)
 * and merging them pairwise in random order.
 *
 * Then the counting itself on a verdict built by hand (every grouping, the
 * +08:00 month boundary, money both ways), the reader's refusals, overflow,
 * NULL arguments and every allocation failing in turn.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refund.h"

#ifndef RF_BENCH_GEN
#define RF_BENCH_GEN "build/bench/gen"
#endif

/* ---- helpers ---------------------------------------------------------------------- */

static char *render(const rf_summary *s, rf_format format) {
    char *text = NULL;
    assert_int_equal(rf_render_summary(NULL, s, format, RF_LANG_EN, &text, NULL), RF_OK);
    return text;
}

static void assert_same_summary(const rf_summary *a, const rf_summary *b) {
    static const rf_format formats[] = {RF_FORMAT_JSON, RF_FORMAT_NDJSON, RF_FORMAT_TEXT};
    for (size_t i = 0; i < 3; i++) {
        char *x = render(a, formats[i]), *y = render(b, formats[i]);
        if (strcmp(x, y) != 0) fail_msg("summaries differ:\n%s\n----\n%s", x, y);
        free(x);
        free(y);
    }
}

static uint64_t rng;
static uint64_t next(void) {
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * UINT64_C(2685821657736338717);
}
static size_t pick(size_t n) { return (size_t)(next() % n); }

/* ---- the bench data, cut and merged ------------------------------------------------ */

typedef struct data {
    char **lines;
    size_t *lens;
    size_t count;
} data;

/* The bench histories, with a bad line every 997 lines (malformed JSON,
 * then a valid document that is not a case, in turn). */
static void load_data(data *d, unsigned long count) {
    char command[512];
    snprintf(command, sizeof command, "%s %lu 2>/dev/null", RF_BENCH_GEN, count);
    FILE *in = popen(command, "r");
    assert_non_null(in);
    size_t cap = count + count / 997 + 2;
    d->lines = calloc(cap, sizeof *d->lines);
    d->lens = calloc(cap, sizeof *d->lens);
    d->count = 0;
    assert_non_null(d->lines);
    char *line = NULL;
    size_t linecap = 0;
    ssize_t n;
    while ((n = getline(&line, &linecap, in)) > 0) {
        size_t len = (size_t)n;
        if (line[len - 1] == '\n') len--;
        if (d->count % 997 == 996 && d->count + 1 < cap) {
            const char *bad = (d->count / 997) % 2 ? "{\"schema\":\"refund-case/1\"" : "{\"schema\":\"refund-case/1\",\"order\":{}}";
            d->lines[d->count] = strdup(bad);
            d->lens[d->count++] = strlen(bad);
        }
        assert_true(d->count < cap);
        d->lines[d->count] = malloc(len + 1);
        memcpy(d->lines[d->count], line, len);
        d->lines[d->count][len] = '\0';
        d->lens[d->count++] = len;
    }
    free(line);
    assert_int_equal(pclose(in), 0);
}

static void free_data(data *d) {
    for (size_t i = 0; i < d->count; i++) free(d->lines[i]);
    free(d->lines);
    free(d->lens);
}

/* Counts lines [from, to) into s: from the verdicts (by_json false) or from
 * the verdict lines the auditor renders. */
static void count_lines(rf_auditor *a, rf_summary *s, const data *d, size_t from, size_t to, bool by_json) {
    for (size_t i = from; i < to; i++) {
        const char *out;
        size_t out_len;
        rf_error err = {0};
        rf_status st = rf_auditor_judge(a, d->lines[i], d->lens[i], &out, &out_len, &err);
        if (by_json) {
            char error_line[] = "{\"line\":7,\"error\":{\"code\":3,\"status\":\"RF_E_JSON\"}}";
            const char *text = st == RF_OK ? out : error_line;
            size_t len = st == RF_OK ? out_len : strlen(error_line);
            if (len && text[len - 1] == '\n') len--;
            rf_error e2 = {0};
            if (rf_summary_add_verdict_json(s, text, len, "verdict", &e2) != RF_OK) fail_msg("line %zu: %s", i, e2.message);
        } else if (st == RF_OK) {
            assert_int_equal(rf_summary_add_verdict(s, rf_auditor_verdict(a), NULL), RF_OK);
        } else {
            assert_int_equal(rf_summary_add_bad_line(s, NULL), RF_OK);
        }
    }
}

/* s rendered and read back: the same summary, as a new object. */
static rf_summary *round_trip(const rf_summary *s, rf_format format) {
    char *text = render(s, format);
    rf_summary *back = NULL;
    rf_error err = {0};
    if (rf_summary_parse(NULL, text, strlen(text), "part", &back, &err) != RF_OK)
        fail_msg("reading a rendered summary back: %s: %s", err.field, err.message);
    free(text);
    return back;
}

static void merges_of_parts_equal_the_whole(void **state) {
    (void)state;
    const char *env = getenv("RF_SUMMARY_HISTORIES");
    data d;
    load_data(&d, env ? strtoul(env, NULL, 10) : 20000);
    rf_ctx *ctx = rf_ctx_new(NULL);
    rf_auditor *a = rf_auditor_new(ctx, NULL, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_non_null(a);

    /* The whole, both ways. */
    rf_summary *whole = rf_summary_new(ctx), *whole_json = rf_summary_new(ctx);
    count_lines(a, whole, &d, 0, d.count, false);
    count_lines(a, whole_json, &d, 0, d.count, true);
    assert_same_summary(whole, whole_json);
    char *whole_text = render(whole, RF_FORMAT_NDJSON);
    assert_non_null(strstr(whole_text, "\"bad_lines\":"));
    assert_null(strstr(whole_text, "\"bad_lines\":0,")); /* the bad lines were counted */
    assert_non_null(strstr(whole_text, "\"AMOUNT_MISMATCH\""));

    static const uint64_t seeds[] = {1, 20240628, 77, 4242};
    for (size_t si = 0; si < sizeof seeds / sizeof seeds[0]; si++) {
        rng = seeds[si];
        size_t k = 2 + pick(9);
        /* k - 1 distinct cut points in 1 .. count - 1, sorted: parts may be of any size. */
        size_t cuts[12];
        cuts[0] = 0;
        for (size_t i = 1; i < k; i++) cuts[i] = 1 + pick(d.count - 1);
        cuts[k] = d.count;
        for (size_t i = 1; i < k; i++)
            for (size_t j = i; j > 1 && cuts[j - 1] > cuts[j]; j--) {
                size_t t = cuts[j];
                cuts[j] = cuts[j - 1];
                cuts[j - 1] = t;
            }
        /* The parts in a random order, each counted one way or the other. */
        size_t order[11];
        for (size_t i = 0; i < k; i++) order[i] = i;
        for (size_t i = k - 1; i > 0; i--) {
            size_t j = pick(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        rf_summary *parts[12];
        size_t n = 0;
        for (size_t i = 0; i < k; i++) {
            size_t p = order[i];
            rf_summary *s = rf_summary_new(ctx);
            assert_non_null(s);
            count_lines(a, s, &d, cuts[p], cuts[p + 1], pick(2) == 0);
            if (pick(3) == 0) { /* through its JSON, as a reduce step gets it */
                rf_summary *back = round_trip(s, pick(2) ? RF_FORMAT_JSON : RF_FORMAT_NDJSON);
                assert_same_summary(s, back);
                rf_summary_free(s);
                s = back;
            }
            parts[n++] = s;
        }
        parts[n++] = rf_summary_new(ctx); /* an empty part changes nothing */
        /* Merge two random summaries (either into the other) until one is left. */
        while (n > 1) {
            size_t i = pick(n), j = pick(n - 1);
            if (j >= i) j++;
            rf_error err = {0};
            assert_int_equal(rf_summary_merge(parts[i], parts[j], &err), RF_OK);
            rf_summary_free(parts[j]);
            parts[j] = parts[--n];
        }
        char *merged = render(parts[0], RF_FORMAT_NDJSON);
        if (strcmp(merged, whole_text) != 0) fail_msg("seed %llu, %zu parts: the merge differs from the whole",
                                                        (unsigned long long)seeds[si], k);
        assert_same_summary(parts[0], whole);
        print_message("seed %llu: %zu lines cut into %zu parts, merged in random order: the same bytes as the whole\n",
                      (unsigned long long)seeds[si], d.count, k);
        free(merged);
        rf_summary_free(parts[0]);
    }
    free(whole_text);
    rf_summary_free(whole);
    rf_summary_free(whole_json);
    rf_auditor_free(a);
    rf_ctx_free(ctx);
    free_data(&d);
}

/* ---- counting, by hand ------------------------------------------------------------- */

/* 2024-01-31T20:00:00+08:00 and friends, as seconds. */
static rf_time at(const char *text) {
    rf_time t = 0;
    assert_int_equal(rf_time_parse(text, strlen(text), &t), RF_OK);
    return t;
}

/* A mall order created 2024-01-31 at +08:00 (still January there, already
 * February nowhere); request 0 opened 2024-02-29 23:30 +08:00 and settled
 * by rule F; request 1 opened 2024-02-29T16:10:00Z, which is March 1st at
 * +08:00, with no settlement. Findings: 5.00 overpaid in request 0, 10.00
 * short-changed in request 1, a late shipment outside any request. */
static void hand_verdict(rf_verdict *v, rf_request q[2], rf_finding f[3]) {
    memset(v, 0, sizeof *v);
    memset(q, 0, 2 * sizeof *q);
    memset(f, 0, 3 * sizeof *f);
    v->order_id = "o1";
    v->channel = RF_CHANNEL_MALL;
    v->has_created = true;
    v->created = at("2024-01-31T20:00:00+08:00");
    q[0].opened = at("2024-02-29T23:30:00+08:00");
    q[0].has_settlement = true;
    rf_settlement_init(&q[0].settlement);
    q[0].settlement.rule = RF_RULE_F;
    q[1].opened = at("2024-02-29T16:10:00Z");
    v->request_count = 2;
    v->requests = q;
    f[0].code = RF_FINDING_AMOUNT_MISMATCH;
    f[0].has_money = true;
    f[0].expected = 1000;
    f[0].actual = 1500;
    f[0].request = 0;
    f[1].code = RF_FINDING_AMOUNT_MISMATCH;
    f[1].has_money = true;
    f[1].expected = 2000;
    f[1].actual = 1000;
    f[1].request = 1;
    f[2].code = RF_FINDING_LATE_SHIPMENT;
    f[2].request = SIZE_MAX;
    v->finding_count = 3;
    v->findings = f;
}

static const char HAND_SUMMARY[] =
    "{\"schema\":\"refund-summary/1\",\"lines\":2,\"cases\":2,\"clean\":1,\"with_findings\":1,\"bad_lines\":0,"
    "\"findings\":3,\"overpaid\":\"5.00\",\"short_changed\":\"10.00\",\"by_code\":{"
    "\"AMOUNT_MISMATCH\":{\"findings\":2,\"overpaid\":\"5.00\",\"short_changed\":\"10.00\"},"
    "\"LATE_SHIPMENT\":{\"findings\":1,\"overpaid\":\"0.00\",\"short_changed\":\"0.00\"}},"
    "\"by_channel\":{\"c_store\":{\"cases\":1,\"clean\":1,\"with_findings\":0,\"findings\":0,\"overpaid\":\"0.00\","
    "\"short_changed\":\"0.00\",\"by_code\":{}},"
    "\"mall\":{\"cases\":1,\"clean\":0,\"with_findings\":1,\"findings\":3,\"overpaid\":\"5.00\",\"short_changed\":\"10.00\","
    "\"by_code\":{\"AMOUNT_MISMATCH\":{\"findings\":2,\"overpaid\":\"5.00\",\"short_changed\":\"10.00\"},"
    "\"LATE_SHIPMENT\":{\"findings\":1,\"overpaid\":\"0.00\",\"short_changed\":\"0.00\"}}}},"
    "\"by_rule\":{\"-\":{\"findings\":2,\"overpaid\":\"0.00\",\"short_changed\":\"10.00\",\"by_code\":{"
    "\"AMOUNT_MISMATCH\":{\"findings\":1,\"overpaid\":\"0.00\",\"short_changed\":\"10.00\"},"
    "\"LATE_SHIPMENT\":{\"findings\":1,\"overpaid\":\"0.00\",\"short_changed\":\"0.00\"}}},"
    "\"F\":{\"findings\":1,\"overpaid\":\"5.00\",\"short_changed\":\"0.00\",\"by_code\":{"
    "\"AMOUNT_MISMATCH\":{\"findings\":1,\"overpaid\":\"5.00\",\"short_changed\":\"0.00\"}}}},"
    "\"by_month\":{\"2024-01\":{\"findings\":1,\"overpaid\":\"0.00\",\"short_changed\":\"0.00\",\"by_code\":{"
    "\"LATE_SHIPMENT\":{\"findings\":1,\"overpaid\":\"0.00\",\"short_changed\":\"0.00\"}}},"
    "\"2024-02\":{\"findings\":1,\"overpaid\":\"5.00\",\"short_changed\":\"0.00\",\"by_code\":{"
    "\"AMOUNT_MISMATCH\":{\"findings\":1,\"overpaid\":\"5.00\",\"short_changed\":\"0.00\"}}},"
    "\"2024-03\":{\"findings\":1,\"overpaid\":\"0.00\",\"short_changed\":\"10.00\",\"by_code\":{"
    "\"AMOUNT_MISMATCH\":{\"findings\":1,\"overpaid\":\"0.00\",\"short_changed\":\"10.00\"}}}}}\n";

static void counts_every_grouping(void **state) {
    (void)state;
    rf_verdict v, clean;
    rf_request q[2];
    rf_finding f[3];
    hand_verdict(&v, q, f);
    memset(&clean, 0, sizeof clean);
    clean.channel = RF_CHANNEL_C_STORE;
    rf_summary *s = rf_summary_new(NULL);
    assert_int_equal(rf_summary_add_verdict(s, &v, NULL), RF_OK);
    assert_int_equal(rf_summary_add_verdict(s, &clean, NULL), RF_OK);
    char *text = render(s, RF_FORMAT_NDJSON);
    assert_string_equal(text, HAND_SUMMARY);
    free(text);

    /* The same verdicts as lines, rendered by the library: the same summary. */
    rf_summary *j = rf_summary_new(NULL);
    char *line;
    size_t len;
    assert_int_equal(rf_render_verdict(NULL, &v, RF_FORMAT_NDJSON, RF_LANG_ZH, &line, &len), RF_OK);
    assert_int_equal(rf_summary_add_verdict_json(j, line, len, NULL, NULL), RF_OK);
    rf_string_free(NULL, line);
    assert_int_equal(rf_render_verdict(NULL, &clean, RF_FORMAT_JSON, RF_LANG_EN, &line, &len), RF_OK);
    assert_int_equal(rf_summary_add_verdict_json(j, line, len, NULL, NULL), RF_OK); /* pretty is fine too */
    rf_string_free(NULL, line);
    assert_same_summary(s, j);

    /* An error verdict is a bad line. */
    const char *error_line = "{\"line\":3,\"error\":{\"code\":4,\"status\":\"RF_E_INVALID\",\"column\":1,"
                             "\"field\":\"order\",\"message\":\"x\"}}";
    assert_int_equal(rf_summary_add_verdict_json(j, error_line, strlen(error_line), NULL, NULL), RF_OK);
    text = render(j, RF_FORMAT_NDJSON);
    assert_non_null(strstr(text, "\"lines\":3,\"cases\":2,\"clean\":1,\"with_findings\":1,\"bad_lines\":1,"));
    free(text);

    /* Text, both languages. */
    char *en = NULL, *zh = NULL;
    assert_int_equal(rf_render_summary(NULL, s, RF_FORMAT_TEXT, RF_LANG_EN, &en, NULL), RF_OK);
    assert_int_equal(rf_render_summary(NULL, s, RF_FORMAT_TEXT, RF_LANG_ZH, &zh, NULL), RF_OK);
    assert_non_null(strstr(en, "3 findings: shop overpaid 5.00, buyers short-changed 10.00"));
    assert_non_null(strstr(en, "\n  2024-03         1      0.00          10.00\n"));
    assert_non_null(strstr(zh, "问题 3 个: 店铺多退 5.00, 买家少退 10.00"));
    free(en);
    free(zh);
    rf_summary_free(s);
    rf_summary_free(j);
}

/* What is not a verdict is refused, and the summary keeps its counts. */
static void refuses_what_is_not_a_verdict(void **state) {
    (void)state;
    static const struct {
        const char *json;
        rf_status st;
        const char *field;
    } bad[] = {
        {"{\"order\":", RF_E_JSON, ""},
        {"[]", RF_E_INVALID, ""},
        {"{\"channel\":\"tmall\",\"created\":null,\"requests\":[],\"findings\":[]}", RF_E_INVALID, "channel"},
        {"{\"channel\":\"mall\",\"requests\":[],\"findings\":[]}", RF_E_INVALID, "created"},
        {"{\"channel\":\"mall\",\"created\":null,\"findings\":[]}", RF_E_INVALID, "requests"},
        {"{\"channel\":\"mall\",\"created\":null,\"requests\":[]}", RF_E_INVALID, "findings"},
        {"{\"channel\":\"mall\",\"created\":null,\"requests\":[],\"findings\":[{\"code\":\"NOPE\",\"request\":null}]}",
         RF_E_INVALID, "findings[].code"},
        {"{\"channel\":\"mall\",\"created\":null,\"requests\":[],\"findings\":[{\"code\":\"LATE_SHIPMENT\",\"request\":0}]}",
         RF_E_INVALID, "findings[].request"},
        {"{\"channel\":\"mall\",\"created\":null,\"requests\":[{\"opened\":\"2024-01-01T00:00:00+08:00\","
         "\"settlement\":{\"rule\":\"X\"}}],\"findings\":[]}",
         RF_E_INVALID, "requests[].settlement.rule"},
        {"{\"channel\":\"mall\",\"created\":null,\"requests\":[],\"findings\":[{\"code\":\"AMOUNT_MISMATCH\","
         "\"request\":null,\"expected\":\"1.00\"}]}",
         RF_E_INVALID, "findings[].expected"},
    };
    rf_summary *s = rf_summary_new(NULL);
    const char *good = "{\"channel\":\"mt\",\"created\":null,\"requests\":[],\"findings\":[{\"code\":\"LATE_SHIPMENT\","
                       "\"request\":null,\"expected\":\"1.00\",\"actual\":\"3.50\"}],\"assumptions\":[]}";
    assert_int_equal(rf_summary_add_verdict_json(s, good, strlen(good), NULL, NULL), RF_OK);
    char *before = render(s, RF_FORMAT_NDJSON);
    assert_non_null(strstr(before, "\"by_month\":{\"-\":{\"findings\":1,\"overpaid\":\"2.50\""));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rf_error err = {0};
        assert_int_equal(rf_summary_add_verdict_json(s, bad[i].json, strlen(bad[i].json), "v.ndjson", &err), bad[i].st);
        assert_int_equal(err.code, bad[i].st);
        assert_string_equal(err.field, bad[i].field);
        assert_string_equal(err.name, "v.ndjson");
        char *after = render(s, RF_FORMAT_NDJSON);
        assert_string_equal(before, after);
        free(after);
    }
    free(before);
    rf_summary_free(s);
}

/* ---- reading summaries ----------------------------------------------------------------- */

static rf_status parse(const char *json, rf_summary **out, rf_error *err) {
    return rf_summary_parse(NULL, json, strlen(json), "s.json", out, err);
}

/* HAND_SUMMARY with the first `from` replaced by `to`. */
static char *edited(const char *from, const char *to) {
    const char *at_ = strstr(HAND_SUMMARY, from);
    assert_non_null(at_);
    size_t head = (size_t)(at_ - HAND_SUMMARY), n = strlen(HAND_SUMMARY) - strlen(from) + strlen(to);
    char *s = malloc(n + 1);
    memcpy(s, HAND_SUMMARY, head);
    strcpy(s + head, to);
    strcat(s, at_ + strlen(from));
    return s;
}

static void reads_summaries_strictly(void **state) {
    (void)state;
    rf_summary *s = NULL;
    rf_error err = {0};
    assert_int_equal(parse(HAND_SUMMARY, &s, &err), RF_OK);
    char *back = render(s, RF_FORMAT_NDJSON);
    assert_string_equal(back, HAND_SUMMARY);
    free(back);
    rf_summary_free(s);

    static const struct {
        const char *from, *to, *field;
        rf_status st;
    } bad[] = {
        {"refund-summary/1", "refund-summary/2", "schema", RF_E_INVALID},
        {"\"lines\":2,", "", "lines", RF_E_INVALID},
        {"\"lines\":2,", "\"lines\":2,\"extra\":1,", "extra", RF_E_INVALID},
        {"\"lines\":2,", "\"lines\":3,", "", RF_E_INVALID},
        {"\"lines\":2,", "\"lines\":-2,", "lines", RF_E_INVALID},
        {"\"lines\":2,", "\"lines\":2.0,", "lines", RF_E_INVALID},
        {"\"overpaid\":\"5.00\",\"short_changed\":\"10.00\",\"by_code\"",
         "\"overpaid\":\"5.0\",\"short_changed\":\"10.00\",\"by_code\"", "overpaid", RF_E_INVALID},
        {"\"overpaid\":\"5.00\",\"short_changed\":\"10.00\",\"by_code\"",
         "\"overpaid\":\"6.00\",\"short_changed\":\"10.00\",\"by_code\"", "", RF_E_INVALID},
        {"\"AMOUNT_MISMATCH\"", "\"AMOUNT_MISMATCHED\"", "by_code.AMOUNT_MISMATCHED", RF_E_INVALID},
        {"\"mall\":{", "\"tmall\":{", "by_channel.tmall", RF_E_INVALID},
        {"\"F\":{", "\"G\":{", "by_rule.G", RF_E_INVALID},
        {"\"2024-03\"", "\"2024-13\"", "by_month.2024-13", RF_E_INVALID},
        {"\"2024-03\"", "\"2024-3\"", "by_month.2024-3", RF_E_INVALID},
        {"\"c_store\":{\"cases\":1,\"clean\":1,", "\"c_store\":{\"cases\":2,\"clean\":1,", "by_channel.c_store.cases", RF_E_INVALID},
        {"\"2024-01\":{\"findings\":1", "\"2024-01\":{\"findings\":0", "by_month.2024-01", RF_E_INVALID},
        {"\"lines\":2,", "\"lines\":99999999999999999999,", "lines", RF_E_INVALID},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *json = edited(bad[i].from, bad[i].to);
        rf_error e = {0};
        s = (rf_summary *)1;
        if (parse(json, &s, &e) != bad[i].st) fail_msg("%zu: %s: expected %s, got %s (%s)", i, json,
                                                        rf_status_name(bad[i].st), rf_status_name(e.code), e.message);
        assert_null(s);
        if (bad[i].st == RF_E_INVALID && strcmp(e.field, bad[i].field) != 0)
            fail_msg("%zu: field %s, expected %s (%s)", i, e.field, bad[i].field, e.message);
        assert_string_equal(e.name, "s.json");
        assert_true(e.line > 0);
        free(json);
    }
}

/* ---- overflow ------------------------------------------------------------------------- */

static void overflow_changes_nothing(void **state) {
    (void)state;
    /* One finding of 92,233,720,368,547,758.07 yuan overpaid: INT64_MAX fen. */
    const char *huge =
        "{\"schema\":\"refund-summary/1\",\"lines\":1,\"cases\":1,\"clean\":0,\"with_findings\":1,\"bad_lines\":0,"
        "\"findings\":1,\"overpaid\":\"92233720368547758.07\",\"short_changed\":\"0.00\",\"by_code\":{"
        "\"AMOUNT_MISMATCH\":{\"findings\":1,\"overpaid\":\"92233720368547758.07\",\"short_changed\":\"0.00\"}},"
        "\"by_channel\":{\"mt\":{\"cases\":1,\"clean\":0,\"with_findings\":1,\"findings\":1,"
        "\"overpaid\":\"92233720368547758.07\",\"short_changed\":\"0.00\",\"by_code\":{"
        "\"AMOUNT_MISMATCH\":{\"findings\":1,\"overpaid\":\"92233720368547758.07\",\"short_changed\":\"0.00\"}}}},"
        "\"by_rule\":{\"N\":{\"findings\":1,\"overpaid\":\"92233720368547758.07\",\"short_changed\":\"0.00\",\"by_code\":{"
        "\"AMOUNT_MISMATCH\":{\"findings\":1,\"overpaid\":\"92233720368547758.07\",\"short_changed\":\"0.00\"}}}},"
        "\"by_month\":{\"2025-12\":{\"findings\":1,\"overpaid\":\"92233720368547758.07\",\"short_changed\":\"0.00\",\"by_code\":{"
        "\"AMOUNT_MISMATCH\":{\"findings\":1,\"overpaid\":\"92233720368547758.07\",\"short_changed\":\"0.00\"}}}}}\n";
    rf_summary *s = NULL, *t = NULL;
    assert_int_equal(parse(huge, &s, NULL), RF_OK);
    char *text = render(s, RF_FORMAT_NDJSON);
    assert_string_equal(text, huge);
    rf_error err = {0};
    assert_int_equal(rf_summary_merge(s, s, &err), RF_E_RANGE);
    assert_int_equal(err.code, RF_E_RANGE);
    /* A verdict of one more fen overpaid, in a new month: refused whole, no month left behind. */
    rf_verdict v;
    rf_request q[2];
    rf_finding f[3];
    hand_verdict(&v, q, f);
    v.finding_count = 1;
    assert_int_equal(rf_summary_add_verdict(s, &v, NULL), RF_E_RANGE);
    char *after = render(s, RF_FORMAT_NDJSON);
    assert_string_equal(text, after);
    free(after);
    /* A merge that fits (an empty summary; a clean case) goes through. */
    t = rf_summary_new(NULL);
    assert_int_equal(rf_summary_merge(s, t, NULL), RF_OK);
    v.finding_count = 0;
    assert_int_equal(rf_summary_add_verdict(t, &v, NULL), RF_OK);
    assert_int_equal(rf_summary_merge(t, s, NULL), RF_OK);
    assert_int_equal(rf_summary_merge(t, t, NULL), RF_E_RANGE);
    /* Doubling a summary that fits doubles every count. */
    rf_summary *h = NULL;
    assert_int_equal(parse(HAND_SUMMARY, &h, NULL), RF_OK);
    assert_int_equal(rf_summary_merge(h, h, NULL), RF_OK);
    char *doubled = render(h, RF_FORMAT_NDJSON);
    assert_non_null(strstr(doubled, "\"lines\":4,\"cases\":4,\"clean\":2,\"with_findings\":2,\"bad_lines\":0,"
                                    "\"findings\":6,\"overpaid\":\"10.00\",\"short_changed\":\"20.00\""));
    free(doubled);
    rf_summary_free(h);
    free(text);
    rf_summary_free(s);
    rf_summary_free(t);
}

/* ---- NULL ------------------------------------------------------------------------------ */

static void null_arguments(void **state) {
    (void)state;
    rf_summary *s = rf_summary_new(NULL);
    rf_verdict v;
    memset(&v, 0, sizeof v);
    rf_error err = {0};
    char *out = (char *)1;
    size_t len = 7;
    rf_summary_free(NULL);
    assert_int_equal(rf_summary_add_verdict(NULL, &v, &err), RF_E_INVALID);
    assert_int_equal(err.code, RF_E_INVALID);
    assert_int_equal(rf_summary_add_verdict(s, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_summary_add_bad_line(NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_summary_add_verdict_json(NULL, "{}", 2, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_summary_add_verdict_json(s, NULL, 3, NULL, NULL), RF_E_USAGE);
    assert_int_equal(rf_summary_add_verdict_json(s, NULL, 0, NULL, NULL), RF_E_JSON);
    assert_int_equal(rf_summary_merge(NULL, s, NULL), RF_E_INVALID);
    assert_int_equal(rf_summary_merge(s, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_summary_parse(NULL, "{}", 2, NULL, NULL, NULL), RF_E_INVALID);
    rf_summary *p = (rf_summary *)1;
    assert_int_equal(rf_summary_parse(NULL, NULL, 0, NULL, &p, NULL), RF_E_JSON);
    assert_null(p);
    assert_int_equal(rf_summary_parse(NULL, NULL, 5, NULL, &p, NULL), RF_E_USAGE);
    assert_int_equal(rf_render_summary(NULL, NULL, RF_FORMAT_JSON, RF_LANG_EN, &out, &len), RF_E_INVALID);
    assert_null(out);
    assert_int_equal(len, 0);
    assert_int_equal(rf_render_summary(NULL, s, RF_FORMAT_JSON, RF_LANG_EN, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_render_summary(NULL, s, (rf_format)9, RF_LANG_EN, &out, NULL), RF_E_INVALID);
    out = (char *)1;
    assert_int_equal(rf_render_report(NULL, NULL, RF_LANG_EN, &out, NULL), RF_E_INVALID);
    assert_null(out);
    assert_int_equal(rf_render_report(NULL, s, RF_LANG_EN, NULL, NULL), RF_E_INVALID);
    /* An empty summary renders, and reads back. */
    assert_int_equal(rf_render_summary(NULL, s, RF_FORMAT_NDJSON, RF_LANG_EN, &out, &len), RF_OK);
    assert_string_equal(out, "{\"schema\":\"refund-summary/1\",\"lines\":0,\"cases\":0,\"clean\":0,\"with_findings\":0,"
                             "\"bad_lines\":0,\"findings\":0,\"overpaid\":\"0.00\",\"short_changed\":\"0.00\","
                             "\"by_code\":{},\"by_channel\":{},\"by_rule\":{},\"by_month\":{}}\n");
    assert_int_equal(len, strlen(out));
    assert_int_equal(rf_summary_parse(NULL, out, len, NULL, &p, NULL), RF_OK);
    rf_summary_free(p);
    rf_string_free(NULL, out);
    assert_int_equal(rf_render_report(NULL, s, RF_LANG_ZH, &out, &len), RF_OK);
    assert_non_null(strstr(out, "<meta charset=\"utf-8\">"));
    rf_string_free(NULL, out);
    rf_summary_free(s);
}

/* ---- every allocation failing in turn ------------------------------------------------------ */

typedef struct budget {
    long left; /* allocations that succeed; -1: all */
} budget;

static void *b_malloc(void *ud, size_t size) {
    budget *b = ud;
    if (b->left == 0) return NULL;
    if (b->left > 0) b->left--;
    return malloc(size);
}
static void *b_realloc(void *ud, void *ptr, size_t old_size, size_t size) {
    budget *b = ud;
    (void)old_size;
    if (b->left == 0) return NULL;
    if (b->left > 0) b->left--;
    return realloc(ptr, size);
}
static void b_free(void *ud, void *ptr) {
    (void)ud;
    free(ptr);
}

static void allocation_failures(void **state) {
    (void)state;
    budget b = {-1};
    rf_allocator alloc = {b_malloc, b_realloc, b_free, &b};
    rf_ctx *ctx = rf_ctx_new(&alloc);
    rf_verdict v;
    rf_request q[2];
    rf_finding f[3];
    hand_verdict(&v, q, f);
    char *line;
    size_t line_len;
    assert_int_equal(rf_render_verdict(NULL, &v, RF_FORMAT_NDJSON, RF_LANG_EN, &line, &line_len), RF_OK);
    rf_summary *hand = NULL;
    assert_int_equal(parse(HAND_SUMMARY, &hand, NULL), RF_OK);
    int failures = 0;
    for (int step = 0; step < 6; step++) {
        for (long n = 0;; n++) {
            b.left = -1;
            rf_summary *s = rf_summary_new(ctx);
            assert_non_null(s);
            char *before = render(s, RF_FORMAT_NDJSON), *out = NULL;
            rf_summary *p = NULL;
            rf_error err = {0};
            b.left = n;
            rf_status st;
            switch (step) {
            case 0: st = rf_summary_add_verdict(s, &v, &err); break;
            case 1: st = rf_summary_add_verdict_json(s, line, line_len, NULL, &err); break;
            case 2: st = rf_summary_merge(s, hand, &err); break;
            case 3: st = rf_summary_parse(ctx, HAND_SUMMARY, strlen(HAND_SUMMARY), NULL, &p, &err); break;
            case 4: st = rf_render_summary(ctx, hand, n % 2 ? RF_FORMAT_JSON : RF_FORMAT_TEXT, RF_LANG_ZH, &out, NULL); break;
            default: st = rf_render_report(ctx, hand, RF_LANG_ZH, &out, NULL); break;
            }
            b.left = -1;
            if (st == RF_OK) {
                rf_summary_free(p);
                rf_string_free(ctx, out);
                free(before);
                rf_summary_free(s);
                break;
            }
            failures++;
            assert_int_equal(st, RF_E_NOMEM);
            assert_null(p);
            assert_null(out);
            char *after = render(s, RF_FORMAT_NDJSON);
            assert_string_equal(before, after); /* nothing counted */
            free(before);
            free(after);
            rf_summary_free(s);
            assert_true(n < 1000);
        }
    }
    assert_true(failures >= 6);
    rf_string_free(NULL, line);
    rf_summary_free(hand);
    rf_ctx_free(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_every_grouping),
        cmocka_unit_test(refuses_what_is_not_a_verdict),
        cmocka_unit_test(reads_summaries_strictly),
        cmocka_unit_test(overflow_changes_nothing),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(allocation_failures),
        cmocka_unit_test(merges_of_parts_equal_the_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
