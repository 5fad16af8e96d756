/*
 * The importer of Taobao Open Platform data (TOP.md; lib/import*.c):
 *  - the fixtures of tests/data/top/, fed whole and in pieces of every size,
 *    give their expected cases, report and outcome;
 *  - every row of the mapping table (2.4), of the trade events (2.3), of the
 *    snapshot's rebuild (2.5), of the order fields (2.2) and of the kinds
 *    (2.6);
 *  - every exact reason text and keyword rule (2.7);
 *  - every error and warning code (4), with FILE:LINE:COL and field;
 *  - the report in Chinese: every import run again with lang RF_LANG_ZH
 *    gives the same lines, codes, fields, places, counts and JSON keys,
 *    each sentence in Chinese, and the first error in both languages;
 *    every sentence of the importer (the top_* details) is said so by
 *    some test (test_every_sentence_in_chinese, run last);
 *  - ids kept exactly, times, the API's misuse.
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
#include "import.h"
#include "error_text.h"
#include "test_util.h"

/* ---- running the importer ------------------------------------------------------------ */

typedef struct result {
    char *cases;                /* every case's NDJSON line */
    size_t case_count;
    char *lines;                /* the report as text */
    char *json;                 /* the report as JSON (one line) */
    rf_status outcome;
    rf_error first;
    char first_name[128];       /* first.name, which points into the importer */
    char summary[512];          /* rf_import_summary */
} result;

static void result_free(result *r) {
    free(r->cases);
    rf_string_free(NULL, r->lines);
    rf_string_free(NULL, r->json);
    memset(r, 0, sizeof *r);
}

typedef struct input {
    rf_import_input kind;
    const char *name;
    const char *data;
    size_t len;
} input;

/* Feeds each input in pieces of `piece` bytes (0: whole), then builds every case. */
static result run_once(const input *in, size_t n, const rf_import_options *opt, size_t piece) {
    result r = {0};
    rf_importer *imp = rf_import_new(NULL, opt);
    assert_non_null(imp);
    for (size_t i = 0; i < n; i++) {
        size_t len = in[i].len, at = 0;
        rf_error err = {0};
        do {
            size_t take = piece && len - at > piece ? piece : len - at;
            bool more = at + take < len;
            if (rf_import_feed(imp, in[i].kind, in[i].name, in[i].data + at, take, more, &err) != RF_OK)
                fail_msg("feed %s: %s", in[i].name, err.message);
            at += take;
        } while (at < len);
    }
    assert_int_equal(rf_import_finish(imp, NULL), RF_OK);
    size_t cap = 1, used = 0;
    r.cases = calloc(1, 1);
    for (;;) {
        const rf_case *c = NULL;
        const char *line = NULL;
        size_t len = 0;
        assert_int_equal(rf_import_next(imp, &c, &line, &len, NULL), RF_OK);
        if (!c) break;
        assert_int_equal(strlen(line), len);
        if (used + len + 1 > cap) {
            cap = (used + len + 1) * 2;
            r.cases = realloc(r.cases, cap);
        }
        memcpy(r.cases + used, line, len + 1);
        used += len;
        r.case_count++;
    }
    assert_int_equal(rf_import_report(imp, RF_FORMAT_TEXT, &r.lines, NULL), RF_OK);
    assert_int_equal(rf_import_report(imp, RF_FORMAT_NDJSON, &r.json, NULL), RF_OK);
    r.outcome = rf_import_outcome(imp, &r.first);
    snprintf(r.first_name, sizeof r.first_name, "%s", r.first.name ? r.first.name : "");
    r.first.name = NULL;
    size_t len = rf_import_summary(imp, r.summary, sizeof r.summary);
    assert_int_equal(len, strlen(r.summary));
    rf_import_free(imp);
    return r;
}

/* ---- the report in Chinese ---------------------------------------------------------------- */

/* The importer's details said in both languages by some import of this
 * file (test_every_sentence_in_chinese). */
static bool said[RF_ERR_COUNT];

/* Whether sentence s is the template t composed: its words in order, each
 * {placeholder} standing for any text. */
static bool template_matches(const char *t, const char *s) {
    while (*t) {
        if (*t == '{' && strchr(t, '}')) {
            const char *after = strchr(t, '}') + 1;
            for (const char *p = s;; p++) {
                if (template_matches(after, p)) return true;
                if (!*p) return false;
            }
        }
        if (*t != *s) return false;
        t++;
        s++;
    }
    return *s == '\0';
}

/* Where the sentence of a report line starts: after its place, its code
 * and its field ("tmc.ndjson:5:106: BAD_MONEY content.refund_fee: "); 0 for
 * a line with no code. */
static size_t sentence_at(const char *line) {
    const char *p = line;
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < RF__IC_COUNT; k++) {
            size_t n = strlen(rf__import_code_names[k]);
            if (strncmp(p, rf__import_code_names[k], n) || p[n] != ' ') continue;
            p += n + 1;
            const char *space = strchr(p, ' ');
            if (space && space > p && space[-1] == ':') p = space + 1; /* the field */
            return (size_t)(p - line);
        }
        p = strstr(p, ": "); /* FILE:LINE:COL: */
        if (!p) return 0;
        p += 2;
    }
    return 0;
}

/* Whether a Chinese sentence holds an identifier (refund_id, BAD_MONEY)
 * outside the quotes that give what the data says. */
static bool zh_identifier(const char *s, size_t n) {
    bool quoted = false;
    for (size_t i = 1; i + 1 < n; i++) {
        if (s[i - 1] == '"') quoted = !quoted;
        if (quoted || s[i] != '_') continue;
        char a = s[i - 1], b = s[i + 1];
        if ((a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z') || (a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z')) return true;
    }
    return false;
}

/* The JSON report without the texts of its "message"s. */
static char *without_messages(const char *json) {
    char *out = malloc(strlen(json) + 1);
    size_t o = 0;
    for (const char *p = json; *p;) {
        if (!strncmp(p, "\"message\":\"", 11)) {
            memcpy(out + o, p, 11);
            o += 11;
            p += 11;
            while (*p && *p != '"') p += *p == '\\' && p[1] ? 2 : 1;
            continue;
        }
        out[o++] = *p++;
    }
    out[o] = '\0';
    return out;
}

/* The numbers of a text, in order, each followed by a space. */
static void numbers_of(const char *text, char *out, size_t size) {
    size_t o = 0;
    for (const char *p = text; *p && o + 2 < size; p++) {
        if (*p < '0' || *p > '9') continue;
        while (*p >= '0' && *p <= '9' && o + 2 < size) out[o++] = *p++;
        out[o++] = ' ';
        if (!*p) break;
    }
    out[o] = '\0';
}

/* The same import in Chinese (zh) against the English one (en). */
static void compare_languages(const result *en, const result *zh) {
    /* Line by line: the same place, code and field, the sentence in Chinese. */
    const char *a = en->lines, *b = zh->lines;
    while (*a && *b) {
        size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");
        char la[4096], lb[4096];
        snprintf(la, sizeof la, "%.*s", (int)na, a);
        snprintf(lb, sizeof lb, "%.*s", (int)nb, b);
        size_t at = sentence_at(la);
        if (at == 0 || strncmp(la, lb, at)) fail_msg("the Chinese line\n  %s\nis not placed as\n  %s", lb, la);
        const char *se = la + at, *sz = lb + at;
        bool chinese = false;
        for (const char *p = sz; *p; p++) chinese |= (unsigned char)*p >= 0xE4 && (unsigned char)*p <= 0xE9;
        if (!chinese || !strcmp(se, sz)) fail_msg("not said in Chinese: %s", lb);
        if (zh_identifier(sz, strlen(sz))) fail_msg("an identifier in the Chinese sentence: %s", lb);
        /* Which of the importer's sentences it is: the same in both. */
        for (int d = RF_ERR_TOP_ID; d < RF_ERR_COUNT; d++) {
            bool me = template_matches(rf__error_template((rf_error_detail)d, false), se);
            bool mz = template_matches(rf__error_template((rf_error_detail)d, true), sz);
            if (me != mz) fail_msg("%s: \"%s\" and \"%s\" are not both its sentence", rf_error_detail_name((rf_error_detail)d), se, sz);
            if (me) said[d] = true;
        }
        a += na + (a[na] == '\n');
        b += nb + (b[nb] == '\n');
    }
    if (*a || *b) fail_msg("the reports have other numbers of lines:\n%s\n--\n%s", en->lines, zh->lines);
    /* The JSON: the same keys, codes and values but the messages. */
    char *ja = without_messages(en->json), *jb = without_messages(zh->json);
    if (strcmp(ja, jb)) fail_msg("the JSON reports differ beyond their messages:\n%s\n%s", ja, jb);
    free(ja);
    free(jb);
    if (strcmp(en->json, zh->json) == 0 && strstr(en->json, "\"message\"")) fail_msg("the JSON messages are not in Chinese");
    /* The summary: the same numbers, in Chinese. */
    char ne[256], nz[256];
    numbers_of(en->summary, ne, sizeof ne);
    numbers_of(zh->summary, nz, sizeof nz);
    if (strncmp(zh->summary, "导入：案件 ", strlen("导入：案件 ")) || strcmp(ne, nz))
        fail_msg("the summary in Chinese: %s\n(%s)", zh->summary, en->summary);
    /* The first error: its detail, said in both languages as its line says it. */
    assert_int_equal(en->outcome, zh->outcome);
    if (en->outcome != RF_OK) {
        rf_error first = en->first;
        first.name = en->first_name[0] ? en->first_name : NULL;
        assert_int_not_equal(first.detail, RF_ERR_NONE);
        assert_int_equal(first.detail, zh->first.detail);
        char me[1024], mz[1024];
        rf_error_message(&first, RF_LANG_EN, me, sizeof me);
        rf_error_message(&first, RF_LANG_ZH, mz, sizeof mz);
        if (!strstr(en->lines, me) || !strstr(zh->lines, mz) || !strcmp(me, mz))
            fail_msg("the first error \"%s\" / \"%s\" is not said as its line:\n%s%s", me, mz, en->lines, zh->lines);
    }
}

/* run_once, and whole inputs once more in Chinese, compared. */
static result run_inputs(const input *in, size_t n, const rf_import_options *opt, size_t piece) {
    result r = run_once(in, n, opt, piece);
    if (piece == 0 && (!opt || opt->lang == RF_LANG_EN)) {
        rf_import_options zh = RF_IMPORT_OPTIONS_INIT;
        if (opt) zh = *opt;
        zh.lang = RF_LANG_ZH;
        result z = run_once(in, n, &zh, 0);
        compare_languages(&r, &z);
        result_free(&z);
    }
    return r;
}

/* One trade, one refund file, one TMC file and a messages file, as strings. */
static result run(const char *trade, const char *refund, const char *tmc, const char *messages,
                  const rf_import_options *opt) {
    input in[4];
    size_t n = 0;
    if (trade) in[n++] = (input){RF_IMPORT_TRADE, "trade.json", trade, strlen(trade)};
    if (refund) in[n++] = (input){RF_IMPORT_REFUND, "refund.json", refund, strlen(refund)};
    if (tmc) in[n++] = (input){RF_IMPORT_TMC, "tmc.ndjson", tmc, strlen(tmc)};
    if (messages) in[n++] = (input){RF_IMPORT_MESSAGES, "messages.json", messages, strlen(messages)};
    return run_inputs(in, n, opt, 0);
}

static void expect_has(const char *text, const char *want, const char *what) {
    if (!strstr(text, want)) fail_msg("%s: no \"%s\" in:\n%s", what, want, text);
}

static void expect_not(const char *text, const char *unwanted, const char *what) {
    if (strstr(text, unwanted)) fail_msg("%s: unexpected \"%s\" in:\n%s", what, unwanted, text);
}

/* ---- the fixtures ----------------------------------------------------------------------- */

static const char *const fixtures[] = {
    "example", "duplicates", "out_of_order", "unknown_topics", "two_suborders", "closed_then_rerequested",
    "intervention", "snapshot_only", "missing_trade_orphan", "missing_trade_allowed", "format_errors",
};

/* The options an `args` file gives (the few the fixtures use). */
static rf_import_options options_of(const char *args) {
    rf_import_options o = RF_IMPORT_OPTIONS_INIT;
    if (strstr(args, "--allow-missing-trade")) o.allow_missing_trade = true;
    if (strstr(args, "--all-orders")) o.all_orders = true;
    if (strstr(args, "--channel c_store")) {
        o.has_channel = true;
        o.channel = RF_CHANNEL_C_STORE;
    }
    return o;
}

static char *read_fixture(const char *dir, const char *file, size_t *len) {
    char path[512];
    snprintf(path, sizeof path, "%s/tests/data/top/%s/%s", RF_SOURCE_DIR, dir, file);
    size_t n = 0;
    char *data = test_read_file(path, &n);
    if (len) *len = n;
    if (data) {
        data = realloc(data, n + 1);
        data[n] = '\0';
    }
    return data;
}

static void test_fixtures(void **state) {
    (void)state;
    static const struct { const char *file; rf_import_input kind; } files[] = {
        {"trade.json", RF_IMPORT_TRADE}, {"refund.json", RF_IMPORT_REFUND},
        {"tmc.ndjson", RF_IMPORT_TMC}, {"messages.json", RF_IMPORT_MESSAGES},
    };
    for (size_t f = 0; f < sizeof fixtures / sizeof fixtures[0]; f++) {
        const char *dir = fixtures[f];
        input in[4];
        char *data[4] = {0}, names[4][128];
        size_t n = 0;
        for (size_t k = 0; k < 4; k++) {
            size_t len = 0;
            char *d = read_fixture(dir, files[k].file, &len);
            if (!d) continue;
            data[n] = d;
            snprintf(names[n], sizeof names[n], "tests/data/top/%s/%s", dir, files[k].file);
            in[n] = (input){files[k].kind, names[n], d, len};
            n++;
        }
        char *args = read_fixture(dir, "args", NULL), *want = read_fixture(dir, "expected.ndjson", NULL);
        char *want_report = read_fixture(dir, "expected-report.json", NULL), *exit_text = read_fixture(dir, "expected-exit", NULL);
        assert_non_null(args);
        assert_non_null(want);
        assert_non_null(want_report);
        assert_non_null(exit_text);
        rf_import_options opt = options_of(args);
        int want_exit = atoi(exit_text);
        /* Whole, then in pieces of 1, 2, 3, 7 and 4096 bytes: a value may be cut anywhere. */
        static const size_t pieces[] = {0, 1, 2, 3, 7, 4096};
        for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
            result r = run_inputs(in, n, &opt, pieces[p]);
            if (strcmp(r.cases, want) != 0)
                fail_msg("%s (pieces of %zu): cases differ\n got: %s\nwant: %s", dir, pieces[p], r.cases, want);
            /* The report, as `refund import top --report` writes it (pretty) compared without whitespace. */
            char *a = want_report, *b = r.json;
            bool in_string = false;
            for (;;) {
                while (!in_string && *a && (*a == ' ' || *a == '\n')) a++;
                while (*b == '\n') b++;
                if (*a != *b) fail_msg("%s (pieces of %zu): report differs at \"%.40s\" / \"%.40s\"", dir, pieces[p], a, b);
                if (!*a) break;
                if (*a == '"' && a[-1] != '\\') in_string = !in_string;
                a++;
                b++;
            }
            int code = r.outcome == RF_OK ? 0 : r.outcome == RF_E_JSON ? 3 : 4;
            if (code != want_exit) fail_msg("%s: outcome %s, expected exit %d", dir, rf_status_name(r.outcome), want_exit);
            result_free(&r);
        }
        for (size_t k = 0; k < n; k++) free(data[k]);
        free(args);
        free(want);
        free(want_report);
        free(exit_text);
    }
}

/* Every case of every fixture is valid, and replays with its assumptions
 * and without OUT_OF_ORDER or DUPLICATE_EVENT (TOP.md 4.2). */
static void test_fixture_cases_replay(void **state) {
    (void)state;
    for (size_t f = 0; f < sizeof fixtures / sizeof fixtures[0]; f++) {
        char *want = read_fixture(fixtures[f], "expected.ndjson", NULL);
        for (char *line = want, *nl; line && *line; line = nl + 1) {
            nl = strchr(line, '\n');
            assert_non_null(nl);
            rf_case *c = NULL;
            rf_verdict *v = NULL;
            rf_error err = {0};
            if (rf_case_parse(NULL, line, (size_t)(nl - line), fixtures[f], &c, &err) != RF_OK)
                fail_msg("%s: %s: %s", fixtures[f], err.field, err.message);
            assert_int_equal(rf_replay(NULL, c, NULL, &v, &err), RF_OK);
            assert_true(v->has_import);
            for (size_t i = 0; i < v->finding_count; i++)
                if (v->findings[i].code == RF_FINDING_OUT_OF_ORDER || v->findings[i].code == RF_FINDING_DUPLICATE_EVENT)
                    fail_msg("%s: %s", fixtures[f], rf_finding_name(v->findings[i].code));
            rf_verdict_free(v);
            rf_case_free(c);
        }
        free(want);
    }
}

/* ---- building inputs ----------------------------------------------------------------------- */

/* Appends the members of defaults ("key":value pairs, comma-separated,
 * each starting with a quote) whose keys `given` does not have, then given. */
static void members(char *dst, size_t size, const char *const *defaults, const char *given) {
    size_t n = strlen(dst);
    for (size_t i = 0; defaults[i]; i++) {
        const char *colon = strchr(defaults[i], ':');
        char key[64];
        snprintf(key, sizeof key, "%.*s:", (int)(colon - defaults[i]), defaults[i]);
        if (strstr(given, key)) continue;
        n += (size_t)snprintf(dst + n, size - n, "%s%s", n && dst[n - 1] != '{' ? "," : "", defaults[i]);
    }
    snprintf(dst + n, size - n, "%s", given);
}

/* A trade of one sub-order (tid = oid = 1), paid, shipped by express on
 * 2025-03-02 09:00, seller_type C, no postage; members of the trade and of
 * the sub-order given (",\"key\":value...") replace the defaults. */
static char *trade_with(const char *trade_extra, const char *order_extra) {
    static const char *const trade_defaults[] = {
        "\"tid\":1", "\"type\":\"fixed\"", "\"status\":\"WAIT_BUYER_CONFIRM_GOODS\"", "\"created\":\"2025-03-01 10:00:00\"",
        "\"pay_time\":\"2025-03-01 10:01:00\"", "\"consign_time\":\"2025-03-02 09:00:00\"", "\"post_fee\":\"0.00\"",
        "\"shipping_type\":\"express\"", "\"has_yfx\":false", NULL};
    static const char *const order_defaults[] = {"\"oid\":1", "\"total_fee\":\"100.00\"", "\"seller_type\":\"C\"", NULL};
    char t[1024] = "{", o[1024] = "{";
    members(t, sizeof t, trade_defaults, trade_extra);
    members(o, sizeof o, order_defaults, order_extra);
    char *s = malloc(4096);
    snprintf(s, 4096, "{\"trade_fullinfo_get_response\":{\"trade\":%s,\"orders\":{\"order\":[%s}]}}}}\n", t, o);
    return s;
}

static char *trade_plain(void) { return trade_with("", ""); }

/* A refund snapshot of refund 9 (tid = oid = 1). */
static char *refund_with(const char *status, const char *extra) {
    char *s = malloc(1024);
    snprintf(s, 1024,
             "{\"refund_id\":9,\"tid\":1,\"oid\":1,\"status\":\"%s\",\"reason\":\"质量问题\",\"refund_fee\":\"100.00\","
             "\"created\":\"2025-03-03 10:00:00\",\"modified\":\"2025-03-09 10:00:00\"%s}\n",
             status, extra);
    return s;
}

/* A TMC line: message id, topic (its suffix after taobao_), content.modified
 * (NULL: none), the content's other members. */
static void tmc(char *buf, size_t size, int id, const char *topic, const char *modified, const char *extra) {
    size_t n = strlen(buf);
    char mod[64] = "";
    if (modified) snprintf(mod, sizeof mod, ",\"modified\":\"%s\"", modified);
    snprintf(buf + n, size - n,
             "{\"id\":%d,\"topic\":\"taobao_%s\",\"pub_time\":\"2025-03-10 00:00:%02d\",\"content\":{\"tid\":1,\"oid\":1,"
             "\"refund_id\":9,\"refund_fee\":\"100.00\"%s%s}}\n",
             id, topic, id % 60, mod, extra);
}

/* The events of the one case, as the text of its events array. */
static const char *events_of(const result *r) {
    const char *e = strstr(r->cases, "\"events\":[");
    if (!e) fail_msg("no case: %s\n%s", r->cases, r->lines);
    return e;
}

/* ---- the mapping table (TOP.md 2.4) ---------------------------------------------------------- */

typedef struct row {
    const char *name;
    const char *bill;           /* content.bill_type of every message */
    const char *msgs[6][2];     /* topic, modified */
    const char *want;           /* a fragment of the events */
    const char *unwanted;       /* NULL, or a fragment that must not be there */
    const char *snap_status;    /* NULL: no snapshot */
    const char *snap_extra;
} row;

#define E(actor, type) "\"actor\":\"" actor "\",\"type\":\"" type "\""

static const row rows[] = {
    {"RefundCreated in none", "refund_bill", {{"refund_RefundCreated", "2025-03-03 10:00:00"}},
     E("buyer", "refund_requested") ",\"kind\":\"refund_only\",\"reason\":\"other\",\"amount\":\"100.00\"", NULL, NULL, NULL},
    {"RefundCreated again after CLOSED", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundClosed", "2025-03-03 11:00:00"},
      {"refund_RefundCreated", "2025-03-03 12:00:00"}},
     "\"at\":\"2025-03-03T12:00:00+08:00\"," E("buyer", "refund_requested"), NULL, NULL, NULL},
    {"RefundCreated again after SUCCESS", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundCreated", "2025-03-03 12:00:00"}},
     "\"at\":\"2025-03-03T12:00:00+08:00\"," E("buyer", "refund_requested"), NULL, NULL, NULL},
    {"RefundCreated while open is ignored", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundCreated", "2025-03-03 12:00:00"}},
     "\"at\":\"2025-03-03T10:00:00+08:00\"", "\"at\":\"2025-03-03T12:00:00+08:00\"", NULL, NULL},
    {"RefundBuyerModifyAgreement open", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundBuyerModifyAgreement", "2025-03-03 11:00:00"}},
     E("buyer", "refund_modified") ",\"reason\":\"other\",\"amount\":\"100.00\"", NULL, NULL, NULL},
    {"RefundBuyerModifyAgreement when closed is ignored", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundClosed", "2025-03-03 11:00:00"},
      {"refund_RefundBuyerModifyAgreement", "2025-03-03 12:00:00"}},
     E("buyer", "refund_cancelled"), "refund_modified", NULL, NULL},
    {"RefundSellerRefuseAgreement in WAIT_SELLER_AGREE", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerRefuseAgreement", "2025-03-03 11:00:00"}},
     E("seller", "refund_refused"), NULL, NULL, NULL},
    {"RefundSellerRefuseAgreement in WAIT_SELLER_CONFIRM_GOODS", "return_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundBuyerReturnGoods", "2025-03-04 11:00:00"}, {"refund_RefundSellerRefuseAgreement", "2025-03-05 11:00:00"}},
     E("seller", "return_rejected"), NULL, NULL, NULL},
    {"RefundSellerAgreeAgreement, refund_bill: amount", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"}},
     E("seller", "refund_agreed") ",\"amount\":\"100.00\"", NULL, NULL, NULL},
    {"RefundSellerAgreeAgreement, return_bill: no amount", "return_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"}},
     E("seller", "refund_agreed") ",\"source\"", NULL, NULL, NULL},
    {"RefundBuyerReturnGoods: tracking from the Refund's sid", "return_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundBuyerReturnGoods", "2025-03-04 11:00:00"}},
     E("buyer", "return_shipped") ",\"tracking\":\"SF123\"", NULL, "WAIT_SELLER_CONFIRM_GOODS",
     ",\"sid\":\"SF123\",\"good_return_time\":\"2025-03-04 11:00:00\""},
    {"RefundBuyerReturnGoods without a Refund: tracking unknown, inferred", "return_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundBuyerReturnGoods", "2025-03-04 11:00:00"}},
     E("buyer", "return_shipped") ",\"tracking\":\"(unknown)\",\"source\":\"tmc\",\"ref\":\"tmc:3\",\"inferred\":[\"tracking\"]", NULL,
     NULL, NULL},
    {"TaobaoInterApplied: actor inferred", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerRefuseAgreement", "2025-03-03 11:00:00"},
      {"refund_TaobaoInterApplied", "2025-03-04 11:00:00"}},
     E("buyer", "intervention_requested") ",\"source\":\"tmc\",\"ref\":\"tmc:3\",\"inferred\":[\"actor\"]", NULL, NULL, NULL},
    {"TaobaoIntervened", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_TaobaoInterApplied", "2025-03-04 11:00:00"},
      {"refund_TaobaoIntervened", "2025-03-05 11:00:00"}},
     E("platform", "intervention_started"), NULL, NULL, NULL},
    {"RefundSuccess intervening: a ruling for the buyer, type inferred", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_TaobaoInterApplied", "2025-03-04 11:00:00"},
      {"refund_TaobaoIntervened", "2025-03-05 11:00:00"}, {"refund_RefundSuccess", "2025-03-06 11:00:00"}},
     E("platform", "ruling") ",\"amount\":\"100.00\",\"for\":\"buyer\",\"source\":\"tmc\",\"ref\":\"tmc:4\",\"inferred\":[\"type\"]",
     NULL, NULL, NULL},
    {"RefundSuccess intervening, cs_status 6: the ruling is recorded", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_TaobaoInterApplied", "2025-03-04 11:00:00"},
      {"refund_TaobaoIntervened", "2025-03-05 11:00:00"}, {"refund_RefundSuccess", "2025-03-06 11:00:00"}},
     E("platform", "ruling") ",\"amount\":\"100.00\",\"for\":\"buyer\",\"source\":\"tmc\",\"ref\":\"tmc:4\"}", NULL, "SUCCESS",
     ",\"cs_status\":6"},
    {"RefundSuccess in WAIT_SELLER_CONFIRM_GOODS: return_received by the seller", "return_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundBuyerReturnGoods", "2025-03-04 11:00:00"}, {"refund_RefundSuccess", "2025-03-06 11:00:00"}},
     E("seller", "return_received") ",\"amount\":\"100.00\"", NULL, NULL, NULL},
    {"RefundSuccess in WAIT_SELLER_CONFIRM_GOODS after the confirm period: system", "return_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundBuyerReturnGoods", "2025-03-04 11:00:00"}, {"refund_RefundSuccess", "2025-03-14 11:00:00"}},
     E("system", "return_received"), NULL, NULL, NULL},
    {"RefundSuccess in WAIT_SELLER_AGREE, refund only: the seller agreed", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSuccess", "2025-03-04 10:00:00"}},
     E("seller", "refund_agreed") ",\"amount\":\"100.00\"", NULL, NULL, NULL},
    {"RefundSuccess in WAIT_SELLER_AGREE after the answer time (5 days, shipped): system", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSuccess", "2025-03-08 10:00:00"}},
     E("system", "refund_agreed") ",\"amount\":\"100.00\"", NULL, NULL, NULL},
    {"RefundSuccess in WAIT_SELLER_AGREE one second early: the seller", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSuccess", "2025-03-08 09:59:59"}},
     E("seller", "refund_agreed"), NULL, NULL, NULL},
    {"RefundSuccess after SUCCESS is ignored", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundSuccess", "2025-03-03 11:00:00"}},
     E("seller", "refund_agreed"), "tmc:3", NULL, NULL},
    {"RefundSuccess in another state: refund_agreed, type inferred", "return_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerRefuseAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundSuccess", "2025-03-04 11:00:00"}},
     E("seller", "refund_agreed") ",\"source\":\"tmc\",\"ref\":\"tmc:3\",\"inferred\":[\"type\"]", NULL, NULL, NULL},
    {"RefundClosed intervening: a ruling for the seller", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_TaobaoInterApplied", "2025-03-04 11:00:00"},
      {"refund_TaobaoIntervened", "2025-03-05 11:00:00"}, {"refund_RefundClosed", "2025-03-06 11:00:00"}},
     E("platform", "ruling") ",\"for\":\"seller\"", NULL, NULL, NULL},
    {"RefundClosed open: the buyer cancelled", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerRefuseAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundClosed", "2025-03-05 11:00:00"}},
     E("buyer", "refund_cancelled"), NULL, NULL, NULL},
    {"RefundClosed after the buyer's 7 days to modify: system", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerRefuseAgreement", "2025-03-03 11:00:00"},
      {"refund_RefundClosed", "2025-03-10 11:00:00"}},
     E("system", "refund_cancelled"), NULL, NULL, NULL},
    {"RefundClosed when closed is ignored", "refund_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundClosed", "2025-03-03 11:00:00"},
      {"refund_RefundClosed", "2025-03-03 12:00:00"}},
     E("buyer", "refund_cancelled"), "tmc:3", NULL, NULL},
    {"no modified: at = pub_time, inferred", "refund_bill", {{"refund_RefundCreated", NULL}},
     "\"at\":\"2025-03-10T00:00:01+08:00\"," E("buyer", "refund_requested"), NULL, NULL, NULL},
    /* Exchange topics. */
    {"ExchangeAgree, ExchangeSellerConfirmed, ExchangeSellerGoodsConsigned, ExchangeSuccess", "replace_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"dispute_ExchangeAgree", "2025-03-03 11:00:00"},
      {"refund_RefundBuyerReturnGoods", "2025-03-04 11:00:00"}, {"dispute_ExchangeSellerConfirmed", "2025-03-05 11:00:00"},
      {"dispute_ExchangeSellerGoodsConsigned", "2025-03-05 12:00:00"}, {"dispute_ExchangeSuccess", "2025-03-06 12:00:00"}},
     E("seller", "refund_agreed") ",\"source\":\"tmc\",\"ref\":\"tmc:2\"},{\"id\":\"e6\",\"at\":\"2025-03-04T11:00:00+08:00\","
     E("buyer", "return_shipped") ",\"tracking\":\"(unknown)\",\"source\":\"tmc\",\"ref\":\"tmc:3\",\"inferred\":[\"tracking\"]},"
     "{\"id\":\"e7\",\"at\":\"2025-03-05T11:00:00+08:00\"," E("seller", "return_received") ",\"source\":\"tmc\",\"ref\":\"tmc:4\"},"
     "{\"id\":\"e8\",\"at\":\"2025-03-05T12:00:00+08:00\"," E("seller", "exchange_shipped") ",\"source\":\"tmc\",\"ref\":\"tmc:5\"},"
     "{\"id\":\"e9\",\"at\":\"2025-03-06T12:00:00+08:00\"," E("buyer", "exchange_received"),
     NULL, NULL, NULL},
    {"ExchangeModified, ExchangeClosed", "replace_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"dispute_ExchangeModified", "2025-03-03 11:00:00"},
      {"dispute_ExchangeClosed", "2025-03-03 12:00:00"}},
     E("buyer", "refund_modified") ",\"reason\":\"other\",\"amount\":\"100.00\",\"source\":\"tmc\",\"ref\":\"tmc:2\",\"inferred\":[\"reason\"]},{\"id\":\"e6\","
     "\"at\":\"2025-03-03T12:00:00+08:00\"," E("buyer", "refund_cancelled"),
     NULL, NULL, NULL},
    {"an exchange topic with the same effect and time as a refund topic is ignored", "replace_bill",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00"},
      {"dispute_ExchangeAgree", "2025-03-03 11:00:00"}},
     "\"ref\":\"tmc:2\"", "tmc:3", NULL, NULL},
};

static void test_mapping_rows(void **state) {
    (void)state;
    char *trade = trade_plain();
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *rw = &rows[i];
        char text[8192] = "", extra[64];
        snprintf(extra, sizeof extra, ",\"bill_type\":\"%s\"", rw->bill);
        for (int k = 0; k < 6 && rw->msgs[k][0]; k++) tmc(text, sizeof text, k + 1, rw->msgs[k][0], rw->msgs[k][1], extra);
        char *refund = rw->snap_status ? refund_with(rw->snap_status, rw->snap_extra) : NULL;
        result r = run(trade, refund ? refund : "", text, NULL, NULL);
        if (r.case_count != 1) fail_msg("%s: %zu cases\n%s", rw->name, r.case_count, r.lines);
        expect_has(events_of(&r), rw->want, rw->name);
        if (rw->unwanted) expect_not(events_of(&r), rw->unwanted, rw->name);
        result_free(&r);
        free(refund);
    }
    free(trade);
}

/* ExchangeTurnToRefund: warning KIND_CHANGED, ignored. */
static void test_exchange_turn_to_refund(void **state) {
    (void)state;
    char *trade = trade_plain(), text[2048] = "";
    tmc(text, sizeof text, 1, "refund_RefundCreated", "2025-03-03 10:00:00", ",\"bill_type\":\"replace_bill\"");
    tmc(text, sizeof text, 2, "dispute_ExchangeTurnToRefund", "2025-03-03 11:00:00", "");
    result r = run(trade, "", text, NULL, NULL);
    expect_has(r.lines, "tmc.ndjson:2:1: KIND_CHANGED topic: exchange 9 turned into a refund", "KIND_CHANGED");
    expect_has(r.json, "\"ignored\":1", "KIND_CHANGED ignored");
    assert_int_equal(r.outcome, RF_OK);
    result_free(&r);
    free(trade);
}

/* The reason of a request or modification a later modification follows is
 * inferred (TOP keeps only the current reason). */
static void test_reason_inferred(void **state) {
    (void)state;
    char *trade = trade_plain(), *refund = refund_with("WAIT_SELLER_AGREE", ""), text[2048] = "";
    tmc(text, sizeof text, 1, "refund_RefundCreated", "2025-03-03 10:00:00", ",\"bill_type\":\"refund_bill\"");
    tmc(text, sizeof text, 2, "refund_RefundBuyerModifyAgreement", "2025-03-03 11:00:00", "");
    tmc(text, sizeof text, 3, "refund_RefundBuyerModifyAgreement", "2025-03-03 12:00:00", "");
    result r = run(trade, refund, text, NULL, NULL);
    const char *e = events_of(&r);
    expect_has(e, "\"reason\":\"quality\",\"amount\":\"100.00\",\"source\":\"tmc\",\"ref\":\"tmc:1\",\"inferred\":[\"reason\"]", "first");
    expect_has(e, "\"ref\":\"tmc:2\",\"inferred\":[\"reason\"]", "second");
    expect_has(e, "\"ref\":\"tmc:3\"}", "the last is as TOP says");
    result_free(&r);
    free(refund);
    free(trade);
}

/* ---- the snapshot (TOP.md 2.5) ------------------------------------------------------------ */

typedef struct snap_row {
    const char *name;
    const char *status;
    const char *extra;          /* more members of the Refund */
    const char *tmc[3][2];      /* messages, if any */
    const char *messages;       /* refund messages, if any */
    const char *want[4];
    const char *unwanted;
    const char *code;           /* a warning expected, or NULL */
} snap_row;

#define RET ",\"has_good_return\":true,\"sid\":\"SF9\",\"good_return_time\":\"2025-03-05 10:00:00\""

static const snap_row snap_rows[] = {
    {"WAIT_SELLER_AGREE: the request", "WAIT_SELLER_AGREE", ",\"has_good_return\":false", {{0}}, NULL,
     {"\"at\":\"2025-03-03T10:00:00+08:00\"," E("buyer", "refund_requested") ",\"kind\":\"refund_only\",\"reason\":\"quality\","
      "\"amount\":\"100.00\",\"source\":\"top_snapshot\",\"ref\":\"refund:9:created\"}]"}, NULL, NULL},
    {"SELLER_REFUSE_BUYER", "SELLER_REFUSE_BUYER", "", {{0}}, NULL,
     {"\"at\":\"2025-03-09T10:00:00+08:00\"," E("seller", "refund_refused") ",\"source\":\"top_snapshot\",\"ref\":\"refund:9:modified\",\"inferred\":[\"at\"]"},
     NULL, NULL},
    {"WAIT_BUYER_RETURN_GOODS: agreed at created, inferred", "WAIT_BUYER_RETURN_GOODS", RET, {{0}}, NULL,
     {"\"at\":\"2025-03-03T10:00:00+08:00\"," E("seller", "refund_agreed") ",\"source\":\"top_snapshot\",\"ref\":\"refund:9:created\",\"inferred\":[\"at\"]"},
     "return_shipped", NULL},
    {"WAIT_SELLER_CONFIRM_GOODS: agreed at RETURN_GOODS_APPROVED, shipped at good_return_time", "WAIT_SELLER_CONFIRM_GOODS", RET,
     {{0}}, "{\"id\":77,\"refund_id\":9,\"owner_role\":2,\"created\":\"2025-03-04 08:00:00\",\"message_type\":\"RETURN_GOODS_APPROVED\"}\n",
     {"\"at\":\"2025-03-04T08:00:00+08:00\"," E("seller", "refund_agreed") ",\"source\":\"message\",\"ref\":\"message:77\"}",
      "\"at\":\"2025-03-05T10:00:00+08:00\"," E("buyer", "return_shipped") ",\"tracking\":\"SF9\",\"source\":\"top_snapshot\",\"ref\":\"refund:9:good_return_time\"}"},
     "return_received", NULL},
    {"SUCCESS, refund only: agreed at modified", "SUCCESS", ",\"has_good_return\":false", {{0}}, NULL,
     {E("system", "refund_agreed") ",\"amount\":\"100.00\",\"source\":\"top_snapshot\",\"ref\":\"refund:9:modified\",\"inferred\":[\"at\"]"},
     NULL, NULL},
    {"SUCCESS, return: agreed, shipped, received", "SUCCESS", RET, {{0}}, NULL,
     {E("seller", "refund_agreed"), E("buyer", "return_shipped"),
      "\"at\":\"2025-03-09T10:00:00+08:00\"," E("seller", "return_received") ",\"amount\":\"100.00\""},
     NULL, NULL},
    {"CLOSED: cancelled", "CLOSED", "", {{0}}, NULL, {E("buyer", "refund_cancelled") ",\"source\":\"top_snapshot\""}, NULL, NULL},
    {"cs_status 2: intervention_requested", "SELLER_REFUSE_BUYER", ",\"cs_status\":2", {{0}}, NULL,
     {E("buyer", "intervention_requested") ",\"source\":\"top_snapshot\",\"ref\":\"refund:9:cs_status\",\"inferred\":[\"at\",\"actor\"]"},
     "intervention_started", NULL},
    {"cs_status 4: also intervention_started at the first message of the platform", "SELLER_REFUSE_BUYER", ",\"cs_status\":4",
     {{0}}, "{\"id\":78,\"refund_id\":9,\"owner_role\":3,\"created\":\"2025-03-06 08:00:00\",\"message_type\":\"NORMAL\"}\n",
     {E("buyer", "intervention_requested"),
      "\"at\":\"2025-03-06T08:00:00+08:00\"," E("platform", "intervention_started") ",\"source\":\"message\",\"ref\":\"message:78\"}"},
     "ruling", NULL},
    {"cs_status 6: the end becomes a ruling", "SUCCESS", ",\"has_good_return\":false,\"cs_status\":6", {{0}}, NULL,
     {E("buyer", "intervention_requested"), E("platform", "intervention_started"),
      E("platform", "ruling") ",\"amount\":\"100.00\",\"for\":\"buyer\",\"source\":\"top_snapshot\",\"ref\":\"refund:9:modified\",\"inferred\":[\"at\"]"},
     "refund_agreed", NULL},
    {"TMC starts late: the request from the snapshot in front", "SUCCESS", ",\"has_good_return\":false",
     {{"refund_RefundSellerAgreeAgreement", "2025-03-09 10:00:00"}}, NULL,
     {"\"at\":\"2025-03-03T10:00:00+08:00\"," E("buyer", "refund_requested") ",\"kind\":\"refund_only\",\"reason\":\"quality\","
      "\"amount\":\"100.00\",\"source\":\"top_snapshot\",\"ref\":\"refund:9:created\"}",
      E("seller", "refund_agreed") ",\"amount\":\"100.00\",\"source\":\"tmc\",\"ref\":\"tmc:1\"}"},
     NULL, NULL},
    {"snapshot ahead: its tail appended, times inferred", "SUCCESS", ",\"has_good_return\":false",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}}, NULL,
     {E("buyer", "refund_requested") ",\"kind\":\"refund_only\",\"reason\":\"quality\",\"amount\":\"100.00\",\"source\":\"tmc\"",
      "\"at\":\"2025-03-09T10:00:00+08:00\"," E("system", "refund_agreed") ",\"amount\":\"100.00\",\"source\":\"top_snapshot\",\"ref\":\"refund:9:modified\",\"inferred\":[\"at\"]"},
     NULL, NULL},
    {"snapshot stale: TMC wins", "WAIT_SELLER_AGREE", ",\"has_good_return\":false",
     {{"refund_RefundCreated", "2025-03-03 10:00:00"}, {"refund_RefundClosed", "2025-03-10 10:00:00"}}, NULL,
     {E("buyer", "refund_cancelled") ",\"source\":\"tmc\""}, NULL, "SNAPSHOT_STALE refund.status: the snapshot says WAIT_SELLER_AGREE"},
};

static void test_snapshot_rows(void **state) {
    (void)state;
    char *trade = trade_plain();
    for (size_t i = 0; i < sizeof snap_rows / sizeof snap_rows[0]; i++) {
        const snap_row *sr = &snap_rows[i];
        char *refund = refund_with(sr->status, sr->extra), text[4096] = "";
        for (int k = 0; k < 3 && sr->tmc[k][0]; k++) tmc(text, sizeof text, k + 1, sr->tmc[k][0], sr->tmc[k][1], ",\"bill_type\":\"refund_bill\"");
        result r = run(trade, refund, text, sr->messages, NULL);
        if (r.case_count != 1) fail_msg("%s: %zu cases\n%s", sr->name, r.case_count, r.lines);
        for (int k = 0; k < 4 && sr->want[k]; k++) expect_has(events_of(&r), sr->want[k], sr->name);
        if (sr->unwanted) expect_not(events_of(&r), sr->unwanted, sr->name);
        if (sr->code) expect_has(r.lines, sr->code, sr->name);
        result_free(&r);
        free(refund);
    }
    free(trade);
}

/* ---- trade events (TOP.md 2.3) -------------------------------------------------------------- */

/* A trade topic line: topic suffix, pub_time, content members after tid. */
static void trade_tmc(char *buf, size_t size, int id, const char *topic, const char *pub, const char *extra) {
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "{\"id\":%d,\"topic\":\"taobao_trade_%s\",\"pub_time\":\"%s\",\"content\":\"{\\\"tid\\\":1%s}\"}\n", id,
             topic, pub, extra);
}

static void test_trade_events(void **state) {
    (void)state;
    /* From the snapshot: created, paid, shipped with the sub-order's waybill, finished. */
    char *trade = trade_with(",\"end_time\":\"2025-03-08 10:00:00\"", ",\"invoice_no\":\"YT1\",\"status\":\"TRADE_FINISHED\"");
    char *refund = refund_with("WAIT_SELLER_AGREE", "");
    result r = run(trade, refund, "", NULL, NULL);
    const char *e = events_of(&r);
    expect_has(e, "\"at\":\"2025-03-01T10:00:00+08:00\"," E("buyer", "order_created") ",\"source\":\"top_snapshot\",\"ref\":\"trade:1:created\"", "created");
    expect_has(e, "\"at\":\"2025-03-01T10:01:00+08:00\"," E("buyer", "paid") ",\"source\":\"top_snapshot\",\"ref\":\"trade:1:pay_time\"", "paid");
    expect_has(e, E("seller", "shipped") ",\"tracking\":\"YT1\",\"source\":\"top_snapshot\",\"ref\":\"trade:1:consign_time\"", "shipped");
    expect_has(e, "\"at\":\"2025-03-08T10:00:00+08:00\"," E("buyer", "receipt_confirmed") ",\"source\":\"top_snapshot\",\"ref\":\"trade:1:end_time\",\"inferred\":[\"actor\"]",
               "finished");
    result_free(&r);
    free(trade);
    /* Closed by Taobao: trade_closed by the system, actor inferred; no payment. */
    trade = trade_with(",\"end_time\":\"2025-03-04 10:00:00\"", ",\"status\":\"TRADE_CLOSED_BY_TAOBAO\",\"end_time\":\"2025-03-04 10:00:00\"");
    rf_import_options all = RF_IMPORT_OPTIONS_INIT;
    all.all_orders = true;
    r = run(trade, "", "", NULL, &all);
    e = events_of(&r);
    expect_has(e, E("system", "trade_closed") ",\"source\":\"top_snapshot\",\"ref\":\"order:1:end_time\",\"inferred\":[\"actor\"]", "closed");
    expect_not(e, "\"paid\"", "closed unpaid");
    expect_not(e, "\"shipped\"", "closed unpaid");
    result_free(&r);
    free(trade);

    /* Trade topics: used only where the snapshot is older and has not reached the step. */
    trade = trade_with(",\"modified\":\"2025-03-01 10:00:30\"", ",\"status\":\"WAIT_BUYER_PAY\"");
    char text[4096] = "";
    trade_tmc(text, sizeof text, 1, "TradeCreate", "2025-03-01 10:00:01", "");
    trade_tmc(text, sizeof text, 2, "TradeBuyerPay", "2025-03-01 10:01:01", "");
    trade_tmc(text, sizeof text, 3, "TradePartlySellerShip", "2025-03-02 09:00:01", ",\\\"oid\\\":1");
    trade_tmc(text, sizeof text, 4, "TradeSellerShip", "2025-03-02 09:00:02", "");
    trade_tmc(text, sizeof text, 5, "TradeSuccess", "2025-03-12 10:00:00", "");
    trade_tmc(text, sizeof text, 6, "TradeChanged", "2025-03-12 10:00:00", "");
    trade_tmc(text, sizeof text, 7, "TradeSellerShip", "2025-03-02 09:00:02", ",\\\"oid\\\":2");
    r = run(trade, "", text, NULL, &all);
    e = events_of(&r);
    expect_has(e, E("buyer", "order_created") ",\"source\":\"top_snapshot\"", "snapshot's created");
    expect_not(e, "tmc:1", "TradeCreate covered");
    expect_has(e, "\"at\":\"2025-03-01T10:01:01+08:00\"," E("buyer", "paid") ",\"source\":\"tmc\",\"ref\":\"tmc:2\",\"inferred\":[\"at\"]", "BuyerPay");
    expect_has(e, "\"at\":\"2025-03-02T09:00:01+08:00\"," E("seller", "shipped") ",\"source\":\"tmc\",\"ref\":\"tmc:3\",\"inferred\":[\"at\"]", "PartlySellerShip");
    expect_not(e, "tmc:4", "a second shipment");
    expect_not(e, "tmc:7", "another sub-order's");
    expect_has(e, E("buyer", "receipt_confirmed") ",\"source\":\"tmc\",\"ref\":\"tmc:5\",\"inferred\":[\"at\",\"actor\"]", "Success");
    expect_has(r.json, "\"lines\":7,\"duplicate\":0,\"unknown_topic\":0,\"ignored\":4,\"used\":3", "counts");
    result_free(&r);
    free(trade);

    /* TradeClose by Taobao; TradeDelayConfirmPay measured by timeout_action_time. */
    trade = trade_with("", ",\"timeout_action_time\":\"2025-03-17 09:00:00\"");
    text[0] = '\0';
    trade_tmc(text, sizeof text, 1, "TradeDelayConfirmPay", "2025-03-10 10:00:00", "");
    r = run(trade, refund, text, NULL, NULL);
    expect_has(events_of(&r), "\"at\":\"2025-03-10T10:00:00+08:00\"," E("seller", "receipt_extended") ",\"days\":5,\"source\":\"tmc\",\"ref\":\"tmc:1\",\"inferred\":[\"at\",\"actor\",\"days\"]",
               "DelayConfirmPay");
    result_free(&r);
    free(trade);
    trade = trade_with("", ",\"timeout_action_time\":\"2025-03-16 09:00:00\"");
    r = run(trade, refund, text, NULL, NULL);
    expect_has(r.lines, "tmc.ndjson:1:1: EXTENSION_DAYS_UNKNOWN content:", "4 days is no extension");
    expect_not(events_of(&r), "receipt_extended", "skipped");
    result_free(&r);
    free(trade);
    trade = trade_with("", ",\"status\":\"WAIT_BUYER_PAY\"");
    text[0] = '\0';
    trade_tmc(text, sizeof text, 1, "TradeClose", "2025-03-04 10:00:00", ",\\\"status\\\":\\\"TRADE_CLOSED_BY_TAOBAO\\\"");
    trade_tmc(text, sizeof text, 2, "TradeClose", "2025-03-04 10:00:00", ",\\\"status\\\":\\\"TRADE_CLOSED\\\"");
    r = run(trade, "", text, NULL, &all);
    expect_has(events_of(&r), E("system", "trade_closed") ",\"source\":\"tmc\",\"ref\":\"tmc:1\",\"inferred\":[\"at\",\"actor\"]", "TradeClose");
    expect_not(events_of(&r), "tmc:2", "TradeClose after payment adds nothing");
    result_free(&r);
    free(trade);
    free(refund);
}

/* ---- the order (TOP.md 2.2) ------------------------------------------------------------------ */

static const char *order_of(const result *r) {
    const char *o = strstr(r->cases, "\"order\":{");
    if (!o) fail_msg("no case:\n%s", r->lines);
    return o;
}

static void test_order_fields(void **state) {
    (void)state;
    char *refund = refund_with("WAIT_SELLER_AGREE", "");
    /* The example's defaults: c_store, express, postage paid, no insurance. */
    char *trade = trade_with(",\"post_fee\":\"6.00\"", "");
    result r = run(trade, refund, "", NULL, NULL);
    expect_has(order_of(&r), "\"order\":{\"id\":\"1\",\"channel\":\"c_store\",\"item_amount\":\"100.00\",\"shipping_fee\":\"6.00\","
                             "\"free_shipping\":false,\"seller_shipping_cost\":\"0.00\",\"shipping_insurance\":\"none\","
                             "\"invoice_issued\":false,\"seven_day_return\":true,\"ship_exempt\":null,\"delivery\":\"express\"}",
               "defaults");
    expect_has(r.cases, "\"assumed\":[\"order.seller_shipping_cost\",\"order.invoice_issued\",\"order.seven_day_return\",\"order.ship_exempt\"]",
               "assumed");
    result_free(&r);
    free(trade);

    static const struct {
        const char *name, *trade_extra, *order_extra, *want, *assumed;
    } rows_[] = {
        {"seller_type B: mall", "", ",\"seller_type\":\"B\"", "\"channel\":\"mall\"", NULL},
        {"divide_order_fee first", "", ",\"divide_order_fee\":\"80.00\",\"payment\":\"90.00\"", "\"item_amount\":\"80.00\"", NULL},
        {"payment less the postage (one sub-order)", ",\"post_fee\":\"6.00\"", ",\"payment\":\"96.00\"", "\"item_amount\":\"90.00\"", NULL},
        {"refund_status SUCCESS: total_fee less part_mjz_discount", "",
         ",\"payment\":\"6.00\",\"refund_status\":\"SUCCESS\",\"part_mjz_discount\":\"5.00\"", "\"item_amount\":\"95.00\"", NULL},
        {"free: free_shipping", ",\"shipping_type\":\"free\"", "", "\"free_shipping\":true", "\"order.delivery\""},
        {"no postage: free_shipping assumed", "", "", "\"free_shipping\":true", "\"order.free_shipping\""},
        {"post: surface mail", ",\"shipping_type\":\"post\",\"post_fee\":\"1.00\"", "", "\"delivery\":\"surface_mail\"", NULL},
        {"virtual", ",\"shipping_type\":\"virtual\",\"post_fee\":\"1.00\"", "", "\"delivery\":\"virtual\"", NULL},
        {"the sub-order's shipping_type first", ",\"post_fee\":\"1.00\"", ",\"shipping_type\":\"post\"", "\"delivery\":\"surface_mail\"", NULL},
        {"has_yfx: the buyer's insurance, assumed", ",\"has_yfx\":true", "", "\"shipping_insurance\":\"buyer\"", "\"order.shipping_insurance\""},
        {"type step: presale", ",\"type\":\"step\"", "", "\"ship_exempt\":\"presale\"", "\"order.ship_exempt\""},
    };
    for (size_t i = 0; i < sizeof rows_ / sizeof rows_[0]; i++) {
        trade = trade_with(rows_[i].trade_extra, rows_[i].order_extra);
        r = run(trade, refund, "", NULL, NULL);
        expect_has(order_of(&r), rows_[i].want, rows_[i].name);
        if (rows_[i].assumed) expect_has(r.cases, rows_[i].assumed, rows_[i].name);
        result_free(&r);
        free(trade);
    }

    /* Options: nothing assumed that they give. */
    rf_import_options o = RF_IMPORT_OPTIONS_INIT;
    o.has_channel = true;
    o.channel = RF_CHANNEL_MT;
    o.has_seller_shipping_cost = true;
    o.seller_shipping_cost = 800;
    o.has_insurance = true;
    o.insurance = RF_INSURANCE_SELLER;
    o.has_invoice_issued = true;
    o.invoice_issued = true;
    o.has_seven_day_return = true;
    o.seven_day_return = false;
    o.has_ship_exempt = true;
    o.ship_exempt = RF_EXEMPT_CUSTOM;
    trade = trade_with(",\"post_fee\":\"6.00\"", "");
    r = run(trade, refund, "", NULL, &o);
    expect_has(order_of(&r), "\"channel\":\"mt\",\"item_amount\":\"100.00\",\"shipping_fee\":\"6.00\",\"free_shipping\":false,"
                             "\"seller_shipping_cost\":\"8.00\",\"shipping_insurance\":\"seller\",\"invoice_issued\":true,"
                             "\"seven_day_return\":false,\"ship_exempt\":\"custom\"", "options");
    expect_has(r.cases, "\"assumed\":[]", "nothing assumed");
    expect_has(r.lines, "CHANNEL_OVERRIDDEN trade.orders.order[0].seller_type: seller_type \"C\" says c_store; --channel mt is used",
               "CHANNEL_OVERRIDDEN");
    assert_int_equal(r.outcome, RF_OK);
    result_free(&r);
    free(trade);
    free(refund);
}

/* Several sub-orders: post_fee shared out in fen, the largest remainders
 * first, ties to the earlier sub-order; a refund on each. */
static void test_shipping_split(void **state) {
    (void)state;
    const char *trade =
        "{\"tid\":1,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\",\"pay_time\":\"2025-03-01 10:01:00\","
        "\"consign_time\":\"2025-03-02 09:00:00\",\"post_fee\":\"0.10\",\"orders\":[{\"oid\":11,\"total_fee\":\"1.00\",\"seller_type\":\"C\"},"
        "{\"oid\":12,\"total_fee\":\"1.00\",\"seller_type\":\"C\"},{\"oid\":13,\"total_fee\":\"1.00\",\"seller_type\":\"C\"}]}\n";
    rf_import_options all = RF_IMPORT_OPTIONS_INIT;
    all.all_orders = true;
    result r = run(trade, "", "", NULL, &all);
    assert_int_equal(r.case_count, 3);
    expect_has(r.cases, "\"id\":\"11\",\"channel\":\"c_store\",\"item_amount\":\"1.00\",\"shipping_fee\":\"0.04\"", "first: 3.33 + 1");
    expect_has(r.cases, "\"id\":\"12\",\"channel\":\"c_store\",\"item_amount\":\"1.00\",\"shipping_fee\":\"0.03\"", "second");
    expect_has(r.cases, "\"id\":\"13\",\"channel\":\"c_store\",\"item_amount\":\"1.00\",\"shipping_fee\":\"0.03\"", "third");
    expect_has(r.cases, "\"order.shipping_fee\"", "assumed");
    result_free(&r);
}

/* ---- kinds (TOP.md 2.6) ---------------------------------------------------------------------- */

static void test_kinds(void **state) {
    (void)state;
    char *trade = trade_plain();
    static const struct {
        const char *bill, *snap_extra, *want, *code;
    } k[] = {
        {"refund_bill", "", "\"kind\":\"refund_only\"", NULL},
        {"return_bill", "", "\"kind\":\"return_refund\"", NULL},
        {"replace_bill", "", "\"kind\":\"exchange\"", NULL},
        {NULL, ",\"dispute_type\":\"REFUND\"", "\"kind\":\"refund_only\"", NULL},
        {NULL, ",\"dispute_type\":\"REFUND_AND_RETURN\"", "\"kind\":\"return_refund\"", NULL},
        {NULL, ",\"dispute_type\":\"TMALL_EXCHANGE\"", "\"kind\":\"exchange\"", NULL},
        {NULL, ",\"dispute_type\":\"TAOBAO_EXCHANGE\"", "\"kind\":\"exchange\"", NULL},
        {NULL, ",\"has_good_return\":false", "\"kind\":\"refund_only\"", NULL},
        {NULL, ",\"has_good_return\":true", "\"kind\":\"return_refund\"", NULL},
        {NULL, "", "\"kind\":\"refund_only\",\"reason\":\"quality\",\"amount\":\"100.00\",\"source\":\"tmc\",\"ref\":\"tmc:1\",\"inferred\":[\"kind\"]", NULL},
        {"refund_bill", ",\"has_good_return\":true", "\"kind\":\"refund_only\"", "KIND_MISMATCH refund.has_good_return"},
        {"replace_bill", ",\"has_good_return\":true", "\"kind\":\"exchange\"", NULL},
        {NULL, ",\"dispute_type\":\"REPAIR\"", NULL, "UNSUPPORTED_KIND refund.dispute_type"},
        {NULL, ",\"dispute_type\":\"RESHIPPING\"", NULL, "UNSUPPORTED_KIND refund.dispute_type"},
        {NULL, ",\"dispute_type\":\"OTHERS\"", NULL, "UNSUPPORTED_KIND refund.dispute_type"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        char text[1024] = "", extra[64] = "";
        if (k[i].bill) snprintf(extra, sizeof extra, ",\"bill_type\":\"%s\"", k[i].bill);
        tmc(text, sizeof text, 1, "refund_RefundCreated", "2025-03-03 10:00:00", extra);
        char *refund = refund_with("WAIT_SELLER_AGREE", k[i].snap_extra);
        result r = run(trade, refund, text, NULL, NULL);
        if (k[i].want) expect_has(events_of(&r), k[i].want, k[i].snap_extra);
        else assert_int_equal(r.case_count, 0);
        if (k[i].code) expect_has(r.lines, k[i].code, k[i].snap_extra);
        result_free(&r);
        free(refund);
    }
    free(trade);
}

/* ---- reasons (TOP.md 2.7) -------------------------------------------------------------------- */

static void test_reasons(void **state) {
    (void)state;
    static const struct {
        const char *text;
        int code;
    } exact[] = {
        {"七天无理由退换货", RF_REASON_NO_REASON}, {"七天无理由退货", RF_REASON_NO_REASON}, {"7天无理由退换货", RF_REASON_NO_REASON},
        {"七天无理由", RF_REASON_NO_REASON}, {"多拍/拍错/不想要", RF_REASON_NO_REASON}, {"多买/买错/不想要", RF_REASON_NO_REASON},
        {"拍错了", RF_REASON_NO_REASON}, {"错拍", RF_REASON_NO_REASON}, {"不想要了", RF_REASON_NO_REASON},
        {"不喜欢/效果不好", RF_REASON_NO_REASON}, {"尺寸不合适", RF_REASON_NO_REASON},
        {"质量问题", RF_REASON_QUALITY}, {"商品质量问题", RF_REASON_QUALITY}, {"做工粗糙/有瑕疵", RF_REASON_QUALITY},
        {"做工问题", RF_REASON_QUALITY}, {"开线/脱色/脱毛/有色差/有虫洞", RF_REASON_QUALITY},
        {"商品变质/发霉/有异物", RF_REASON_QUALITY}, {"假冒品牌", RF_REASON_QUALITY},
        {"商品与描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"与描述不符", RF_REASON_NOT_AS_DESCRIBED},
        {"商品信息描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"颜色/图案/款式与商品描述不符", RF_REASON_NOT_AS_DESCRIBED},
        {"大小/尺寸与商品描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"材质与商品描述不符", RF_REASON_NOT_AS_DESCRIBED},
        {"功能/效果与商品描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"卖家发错货", RF_REASON_NOT_AS_DESCRIBED},
        {"发错货", RF_REASON_NOT_AS_DESCRIBED}, {"商家发错货", RF_REASON_NOT_AS_DESCRIBED},
        {"收到商品破损", RF_REASON_DAMAGED}, {"包装/商品破损/污渍", RF_REASON_DAMAGED}, {"商品破损", RF_REASON_DAMAGED},
        {"货物破损已拒签", RF_REASON_DAMAGED},
        {"少件/漏发", RF_REASON_MISSING_ITEMS}, {"发错货/漏发", RF_REASON_MISSING_ITEMS}, {"缺件/漏发", RF_REASON_MISSING_ITEMS},
        {"空包裹/少货", RF_REASON_MISSING_ITEMS}, {"少货/空包裹", RF_REASON_MISSING_ITEMS},
        {"未收到货", RF_REASON_NOT_RECEIVED}, {"快递/物流一直未送到", RF_REASON_NOT_RECEIVED},
        {"快递一直未送达", RF_REASON_NOT_RECEIVED}, {"快递/物流无跟踪记录", RF_REASON_NOT_RECEIVED},
        {"物流显示签收实际未到货", RF_REASON_NOT_RECEIVED},
        {"快递丢件", RF_REASON_LOST}, {"包裹丢失", RF_REASON_LOST},
        {"退运费", RF_REASON_OTHER}, {"缺货", RF_REASON_OTHER}, {"协商一致退款", RF_REASON_OTHER},
        {"未按约定时间发货", RF_REASON_OTHER}, {"发票问题", RF_REASON_OTHER}, {"使用后过敏", RF_REASON_OTHER}, {"其他", RF_REASON_OTHER},
        /* Normalised: trimmed, full-width ／（） as ASCII. */
        {"  质量问题\t", RF_REASON_QUALITY}, {"\xE3\x80\x80少件／漏发\xE3\x80\x80", RF_REASON_MISSING_ITEMS},
        {"（七天）无理由", RF_REASON_NO_REASON},
        /* Keyword rules, in order: the first that matches. */
        {"快递丢件了还破损", RF_REASON_LOST}, {"外包装丢失", RF_REASON_LOST}, {"屏幕破损", RF_REASON_DAMAGED},
        {"少件", RF_REASON_MISSING_ITEMS}, {"赠品漏发", RF_REASON_MISSING_ITEMS}, {"配件缺件", RF_REASON_MISSING_ITEMS},
        {"少货了", RF_REASON_MISSING_ITEMS}, {"收到空包裹", RF_REASON_MISSING_ITEMS}, {"一直未收到", RF_REASON_NOT_RECEIVED},
        {"包裹未送到家", RF_REASON_NOT_RECEIVED}, {"未送达", RF_REASON_NOT_RECEIVED}, {"显示签收未到货", RF_REASON_NOT_RECEIVED},
        {"物流无跟踪记录了", RF_REASON_NOT_RECEIVED}, {"有质量问题的", RF_REASON_QUALITY}, {"做工差", RF_REASON_QUALITY},
        {"有瑕疵", RF_REASON_QUALITY}, {"已变质", RF_REASON_QUALITY}, {"发霉了", RF_REASON_QUALITY}, {"假冒伪劣", RF_REASON_QUALITY},
        {"临近保质期", RF_REASON_QUALITY}, {"颜色描述不符", RF_REASON_NOT_AS_DESCRIBED}, {"发错颜色", RF_REASON_NOT_AS_DESCRIBED},
        {"7天无理由", RF_REASON_NO_REASON}, {"突然不想要", RF_REASON_NO_REASON}, {"我拍错", RF_REASON_NO_REASON},
        {"多拍了一件", RF_REASON_NO_REASON}, {"错拍了", RF_REASON_NO_REASON}, {"不喜欢颜色", RF_REASON_NO_REASON},
        {"尺码不合适", RF_REASON_NO_REASON},
        /* None: unmapped. */
        {"换个地址", -1}, {"", -1},
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (rf__map_reason(exact[i].text) != exact[i].code)
            fail_msg("\"%s\": %d, expected %d", exact[i].text, rf__map_reason(exact[i].text), exact[i].code);
    /* In a case: the text kept, REASON_UNMAPPED for one the rules do not know. */
    char *trade = trade_plain(), text[1024] = "";
    tmc(text, sizeof text, 1, "refund_RefundCreated", "2025-03-03 10:00:00", ",\"bill_type\":\"refund_bill\"");
    const char *refund = "{\"refund_id\":9,\"tid\":1,\"oid\":1,\"status\":\"WAIT_SELLER_AGREE\",\"reason\":\"换个地址\","
                         "\"created\":\"2025-03-03 10:00:00\"}\n";
    result r = run(trade, refund, text, NULL, NULL);
    expect_has(r.lines, "refund.json:1:1: REASON_UNMAPPED refund.reason: \"换个地址\" matches no reason", "unmapped");
    expect_has(r.cases, "\"reason_text\":\"换个地址\"", "kept");
    expect_has(events_of(&r), "\"reason\":\"other\"", "other");
    assert_int_equal(r.outcome, RF_OK);
    result_free(&r);
    free(trade);
}

/* ---- every error and warning (TOP.md 4) ------------------------------------------------------ */

typedef struct code_row {
    const char *name;
    const char *trade, *refund, *tmc;
    const char *want;           /* a line of the report's text */
    rf_status outcome;
} code_row;

#define TRADE1                                                                                                       \
    "{\"tid\":1,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\",\"pay_time\":\"2025-03-01 10:01:00\"," \
    "\"consign_time\":\"2025-03-02 09:00:00\",\"orders\":[{\"oid\":1,\"total_fee\":\"100.00\",\"seller_type\":\"C\"}]}\n"
#define CREATED1                                                                                                     \
    "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"pub_time\":\"2025-03-03 10:00:01\",\"content\":\"{\\\"tid\\\":1,\\\"oid\\\":1," \
    "\\\"refund_id\\\":9,\\\"modified\\\":\\\"2025-03-03 10:00:00\\\"}\"}\n"

static const code_row code_rows[] = {
    {"MALFORMED_JSON: an NDJSON line", TRADE1, "", "{\"id\":1,\n" CREATED1, "tmc.ndjson:1:9: MALFORMED_JSON unexpected end of input",
     RF_E_JSON},
    {"MALFORMED_JSON: a multi-line value ends its input", TRADE1, "", "{\n  \"id\": 1,\n  \"topic\" 2\n}\n" CREATED1,
     "tmc.ndjson:3:11: MALFORMED_JSON unexpected '2'; expected ':' after object key", RF_E_JSON},
    {"MALFORMED_JSON: inside content, at the string's start", TRADE1, "",
     "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":\"{\\\"tid\\\":\"}\n",
     "tmc.ndjson:1:57: MALFORMED_JSON content: malformed JSON in the content string", RF_E_JSON},
    {"MALFORMED_JSON: inside jdp_response", "{\"tid\":1,\"jdp_response\":\"{\\\"trade_fullinfo_get_response\\\":\"}\n", "", "",
     "trade.json:1:25: MALFORMED_JSON jdp_response: malformed JSON in jdp_response", RF_E_JSON},
    {"BAD_MONEY: a number", TRADE1, "{\"refund_id\":9,\"tid\":1,\"oid\":1,\"status\":\"WAIT_SELLER_AGREE\",\"refund_fee\":30,\"created\":\"2025-03-03 10:00:00\"}\n",
     "", "refund.json:1:74: BAD_MONEY refund.refund_fee: money is a string of yuan", RF_E_INVALID},
    {"BAD_MONEY: three decimals", TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":1,\"refund_id\":9,\"refund_fee\":\"1.005\",\"modified\":\"2025-03-03 10:00:00\"}}\n",
     "tmc.ndjson:1:93: BAD_MONEY content.refund_fee", RF_E_INVALID},
    {"BAD_TIME: not TOP's format", "{\"tid\":1,\"created\":\"2025-03-01T10:00:00+08:00\",\"orders\":[{\"oid\":1,\"total_fee\":\"1.00\"}]}\n", "", "",
     "trade.json:1:20: BAD_TIME trade.created", RF_E_INVALID},
    {"BAD_TIME: an impossible date", TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"pub_time\":\"2025-02-30 10:00:00\",\"content\":{\"tid\":1,\"refund_id\":9}}\n",
     "tmc.ndjson:1:58: BAD_TIME pub_time", RF_E_INVALID},
    {"BAD_TIME: a TMC time before 2000", TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"pub_time\":\"1999-12-31 10:00:00\",\"content\":{\"tid\":1,\"refund_id\":9}}\n",
     "tmc.ndjson:1:58: BAD_TIME pub_time: a TMC time is between 2000 and 2135", RF_E_INVALID},
    {"BAD_ID: 20 digits", TRADE1, "", "{\"id\":12345678901234567890,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":1,\"refund_id\":9}}\n",
     "tmc.ndjson:1:7: BAD_ID id: an id is an integer of 1 to 19 digits", RF_E_INVALID},
    {"BAD_ID: a leading zero", "{\"tid\":\"01\",\"created\":\"2025-03-01 10:00:00\",\"orders\":[{\"oid\":1}]}\n", "", "",
     "trade.json:1:8: BAD_ID trade.tid", RF_E_INVALID},
    {"BAD_ID: a fraction", TRADE1, "{\"refund_id\":9.0,\"tid\":1,\"status\":\"CLOSED\",\"created\":\"2025-03-03 10:00:00\"}\n", "",
     "refund.json:1:14: BAD_ID refund.refund_id", RF_E_INVALID},
    {"BAD_VALUE: an unknown status", TRADE1, "{\"refund_id\":9,\"tid\":1,\"status\":\"DONE\",\"created\":\"2025-03-03 10:00:00\"}\n", "",
     "refund.json:1:33: BAD_VALUE refund.status: unknown value \"DONE\"", RF_E_INVALID},
    {"MISSING_FIELD: the topic", TRADE1, "", "{\"id\":1,\"content\":{}}\n", "tmc.ndjson:1:1: MISSING_FIELD topic: is required",
     RF_E_INVALID},
    {"MISSING_FIELD: content.tid", TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"refund_id\":9}}\n",
     "tmc.ndjson:1:57: MISSING_FIELD content.tid: is required", RF_E_INVALID},
    {"MISSING_FIELD: orders", "{\"tid\":1,\"created\":\"2025-03-01 10:00:00\"}\n", "", "", "trade.json:1:1: MISSING_FIELD trade.orders",
     RF_E_INVALID},
    {"MISSING_FIELD: a time the status implies", "{\"tid\":1,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\","
     "\"pay_time\":\"2025-03-01 10:01:00\",\"orders\":[{\"oid\":1,\"total_fee\":\"1.00\"}]}\n", "", "",
     "trade.json:1:121: MISSING_FIELD trade.orders.order[0].consign_time", RF_E_INVALID},
    {"CHANNEL_UNKNOWN", "{\"tid\":1,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\",\"pay_time\":\"2025-03-01 10:01:00\","
     "\"consign_time\":\"2025-03-02 09:00:00\",\"orders\":[{\"oid\":1,\"total_fee\":\"100.00\"}]}\n", "", CREATED1,
     "trade.json:1:1: CHANNEL_UNKNOWN trade.orders.order[0].seller_type", RF_E_INVALID},
    {"UNSUPPORTED_KIND", TRADE1, "{\"refund_id\":9,\"tid\":1,\"oid\":1,\"status\":\"WAIT_SELLER_AGREE\",\"dispute_type\":\"REPAIR\",\"created\":\"2025-03-03 10:00:00\"}\n",
     "", "refund.json:1:1: UNSUPPORTED_KIND refund.dispute_type", RF_E_INVALID},
    {"TRADE_MISSING", "", "", CREATED1, "tmc.ndjson:1:1: TRADE_MISSING tid: trade 1 has a refund but no trade document", RF_E_INVALID},
    {"ORPHAN_REFUND", TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":1,\"oid\":2,\"refund_id\":9,\"modified\":\"2025-03-03 10:00:00\"}}\n",
     "tmc.ndjson:1:1: ORPHAN_REFUND oid: sub-order 2 is not among the sub-orders of trade 1", RF_E_INVALID},
    {"CONFLICTING_REFUNDS", TRADE1, "",
     CREATED1 "{\"id\":2,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":1,\"oid\":1,\"refund_id\":10,\"modified\":\"2025-03-04 10:00:00\"}}\n",
     "tmc.ndjson:2:1: CONFLICTING_REFUNDS refund_id: refund 10 of sub-order 1 begins while refund 9 is still open", RF_E_INVALID},
    {"ITEM_AMOUNT_MISMATCH", TRADE1, "{\"refund_id\":9,\"tid\":1,\"oid\":1,\"status\":\"WAIT_SELLER_AGREE\",\"total_fee\":\"99.00\",\"created\":\"2025-03-03 10:00:00\"}\n",
     "", "refund.json:1:1: ITEM_AMOUNT_MISMATCH refund.total_fee: the refund's total_fee 99.00 differs from the item amount 100.00", RF_OK},
    {"CONFLICTING_DUPLICATE", TRADE1, "", CREATED1 "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"pub_time\":\"2025-03-03 10:00:01\",\"content\":{\"tid\":1,\"oid\":1,\"refund_id\":9,\"modified\":\"2025-03-03 10:00:00\",\"refund_fee\":\"1.00\"}}\n",
     "CONFLICTING_DUPLICATE id: message 1 came again with other content", RF_OK},
    {"UNATTRIBUTED", "{\"tid\":1,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\",\"pay_time\":\"2025-03-01 10:01:00\","
     "\"consign_time\":\"2025-03-02 09:00:00\",\"orders\":[{\"oid\":1,\"total_fee\":\"1.00\",\"seller_type\":\"C\"},{\"oid\":2,\"total_fee\":\"1.00\",\"seller_type\":\"C\"}]}\n",
     "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":1,\"refund_id\":9,\"modified\":\"2025-03-03 10:00:00\"}}\n",
     "tmc.ndjson:1:1: UNATTRIBUTED content.oid: no oid, no Refund naming one, and trade 1 has 2 sub-orders", RF_OK},
};

static void test_codes(void **state) {
    (void)state;
    bool seen[RF__IC_COUNT] = {false};
    int failures = 0;
    for (size_t i = 0; i < sizeof code_rows / sizeof code_rows[0]; i++) {
        const code_row *c = &code_rows[i];
        result r = run(c->trade, c->refund, c->tmc, NULL, NULL);
        if (!strstr(r.lines, c->want)) {
            print_error("%s: no \"%s\" in:\n%s", c->name, c->want, r.lines);
            failures++;
        }
        if (r.outcome != c->outcome) fail_msg("%s: outcome %s, expected %s", c->name, rf_status_name(r.outcome), rf_status_name(c->outcome));
        for (int k = 0; k < RF__IC_COUNT; k++)
            if (strstr(c->want, rf__import_code_names[k])) seen[k] = true;
        result_free(&r);
    }
    /* The codes tested elsewhere in this file. */
    seen[RF__IC_CHANNEL_OVERRIDDEN] = seen[RF__IC_EXTENSION_DAYS_UNKNOWN] = seen[RF__IC_KIND_CHANGED] = true;
    seen[RF__IC_KIND_MISMATCH] = seen[RF__IC_SNAPSHOT_STALE] = seen[RF__IC_REASON_UNMAPPED] = true;
    assert_int_equal(failures, 0);
    for (int k = 0; k < RF__IC_COUNT; k++)
        if (!seen[k]) fail_msg("no test for %s", rf__import_code_names[k]);
}

/* The sentences no other test makes, in both languages: a line of the
 * report's text in each (after its place). */
typedef struct sentence_row {
    const char *trade, *refund, *tmc, *messages;
    bool missing_trade_allowed; /* --allow-missing-trade --channel c_store */
    const char *en, *zh;
} sentence_row;

#define REFUND9(status, extra) "{\"refund_id\":9,\"tid\":1,\"oid\":1,\"status\":" status ",\"created\":\"2025-03-03 10:00:00\"" extra "}\n"
#define TRADE_ORDER(order) "{\"tid\":1,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\",\"pay_time\":\"2025-03-01 10:01:00\"," \
    "\"consign_time\":\"2025-03-02 09:00:00\",\"orders\":" order "}\n"

static const sentence_row sentence_rows[] = {
    {TRADE1, REFUND9("5", ""), "", NULL, false, "BAD_VALUE refund.status: unknown value", "BAD_VALUE refund.status: 未知的值\n"},
    {TRADE1, REFUND9("\"WAIT_SELLER_AGREE\"", ",\"cs_status\":9"), "", NULL, false, "BAD_VALUE refund.cs_status: must be a number from 1 to 6",
     "BAD_VALUE refund.cs_status: 必须是 1 至 6 之间的数字"},
    {TRADE1, REFUND9("\"WAIT_SELLER_AGREE\"", ",\"reason\":5"), "", NULL, false, "BAD_VALUE refund.reason: must be a string of at most 4096 bytes",
     "BAD_VALUE refund.reason: 必须是不超过 4096 字节的字符串"},
    {TRADE_ORDER("[{\"oid\":1,\"total_fee\":\"1.00\",\"seller_type\":\"X\"}]"), "", "", NULL, false,
     "BAD_VALUE trade.orders.order[0].seller_type: must be \"B\" (商城) or \"C\"",
     "BAD_VALUE trade.orders.order[0].seller_type: 必须是 \"B\"（天猫(商城)）或 \"C\"（淘宝集市(C店)）"},
    {"{\"tid\":1,\"created\":\"2025-03-01 10:00:00\",\"orders\":[{\"oid\":1,\"status\":\"WAIT_SELLER_SEND_GOODS\"}]}\n", "", "",
     NULL, false, "MISSING_FIELD trade.orders.order[0].pay_time: the trade's pay_time is required when the status is WAIT_SELLER_SEND_GOODS",
     "MISSING_FIELD trade.orders.order[0].pay_time: 状态为 \"WAIT_SELLER_SEND_GOODS\"（等待卖家发货）时，交易必须有付款时间"},
    {"5\n", "", "", NULL, false, "MISSING_FIELD trade.tid: a trade is an object with a tid",
     "MISSING_FIELD trade.tid: 交易必须是带交易号的对象"},
    {TRADE_ORDER("5"), "", "", NULL, false, "BAD_VALUE trade.orders: must be {\"order\": [...]} or an array",
     "BAD_VALUE trade.orders: 必须是 {\"order\": [...]} 或数组"},
    {TRADE_ORDER("[5]"), "", "", NULL, false, "BAD_VALUE trade.orders.order[0]: a sub-order is an object",
     "BAD_VALUE trade.orders.order[0]: 子订单必须是对象"},
    {TRADE_ORDER("[]"), "", "", NULL, false, "MISSING_FIELD trade.orders: a trade has at least one sub-order",
     "MISSING_FIELD trade.orders: 交易至少要有一个子订单"},
    {TRADE1, "5\n", "", NULL, false, "MISSING_FIELD refund.refund_id: a refund is an object with a refund_id",
     "MISSING_FIELD refund.refund_id: 退款必须是带退款编号的对象"},
    {TRADE1, "", "", "5\n", false, "MISSING_FIELD refund_message.id: a refund message is an object",
     "MISSING_FIELD refund_message.id: 退款留言必须是对象"},
    {TRADE1, "", "5\n", NULL, false, "MISSING_FIELD topic: a TMC message is an object with a topic",
     "MISSING_FIELD topic: TMC 消息必须是带消息主题的对象"},
    {TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":\"[1]\"}\n", NULL, false,
     "BAD_VALUE content: the content is a JSON object", "BAD_VALUE content: 消息内容必须是一个 JSON 对象"},
    {TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":5}\n", NULL, false,
     "BAD_VALUE content: must be a JSON object or a string holding one",
     "BAD_VALUE content: 必须是 JSON 对象，或内容为 JSON 对象的字符串"},
    {TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":1,\"oid\":1,\"refund_id\":9}}\n", NULL, false,
     "MISSING_FIELD content.modified: a message needs content.modified or pub_time",
     "MISSING_FIELD content.modified: 消息必须有内容的修改时间或消息的发布时间"},
    {"{\"error_response\":{\"code\":7,\"msg\":\"Remote service error\"}}\n", "", "", NULL, false,
     "BAD_VALUE error_response: an error response of the platform", "BAD_VALUE error_response: 这是开放平台返回的错误响应"},
    {TRADE1, "",
     CREATED1 "{\"id\":2,\"topic\":\"taobao_refund_RefundCreated\",\"pub_time\":\"2025-03-03 10:00:02\",\"content\":{\"tid\":1,\"oid\":1,"
              "\"refund_id\":9,\"modified\":\"2025-03-03 10:00:00\",\"refund_fee\":\"1.00\"}}\n",
     NULL, false, "CONFLICTING_DUPLICATE id: message 2 repeats message 1 (same topic, refund and time) with other content",
     "CONFLICTING_DUPLICATE id: 消息 2 与消息 1 重复（主题、退款和时间都相同），但内容不同：保留第一条"},
    {"", "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":1,\"refund_id\":9,\"modified\":\"2025-03-03 10:00:00\"}}\n",
     NULL, true, "UNATTRIBUTED oid: refund 9 names no sub-order and its trade is missing: skipped",
     "UNATTRIBUTED oid: 退款 9 没有指明子订单，它的交易数据也没有：已跳过"},
    {TRADE_ORDER("[{\"oid\":1,\"total_fee\":\"1.00\",\"seller_type\":\"C\"},{\"oid\":2,\"total_fee\":\"1.00\",\"seller_type\":\"C\"}]"),
     "{\"refund_id\":9,\"tid\":1,\"status\":\"WAIT_SELLER_AGREE\",\"created\":\"2025-03-03 10:00:00\"}\n", "", NULL, false,
     "UNATTRIBUTED refund.oid: no oid, and trade 1 has 2 sub-orders: skipped",
     "UNATTRIBUTED refund.oid: 退款没有子订单号，而交易 1 有 2 个子订单：已跳过"},
    {TRADE_ORDER("[{\"oid\":1,\"seller_type\":\"C\"}]"), "", CREATED1, NULL, false,
     "MISSING_FIELD trade.orders.order[0].total_fee: no divide_order_fee, payment or total_fee gives the item amount",
     "MISSING_FIELD trade.orders.order[0].total_fee: 子订单的分摊实付金额、实付金额和商品总价都没有：得不出商品金额"},
    /* Goldens of sentences with parameters of their own. */
    {TRADE1, REFUND9("\"DONE\"", ""), "", NULL, false, "BAD_VALUE refund.status: unknown value \"DONE\"",
     "BAD_VALUE refund.status: 未知的值 \"DONE\""},
    {"{\"tid\":1,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\",\"pay_time\":\"2025-03-01 10:01:00\","
     "\"orders\":[{\"oid\":1,\"total_fee\":\"1.00\"}]}\n", "", "", NULL, false,
     "MISSING_FIELD trade.orders.order[0].consign_time: is required when the status is WAIT_BUYER_CONFIRM_GOODS",
     "MISSING_FIELD trade.orders.order[0].consign_time: 状态为 \"WAIT_BUYER_CONFIRM_GOODS\"（等待买家确认收货）时必须有此项"},
    {TRADE1, "", CREATED1 "{\"id\":2,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":1,\"oid\":1,\"refund_id\":10,"
                          "\"modified\":\"2025-03-04 10:00:00\"}}\n", NULL, false,
     "CONFLICTING_REFUNDS refund_id: refund 10 of sub-order 1 begins while refund 9 is still open",
     "CONFLICTING_REFUNDS refund_id: 子订单 1 的退款 9 尚未结束，又开始了退款 10"},
    {TRADE1, "", "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"content\":\"{\\\"tid\\\":\"}\n", NULL, false,
     "MALFORMED_JSON content: malformed JSON in the content string: unexpected end of input inside object; expected a value",
     "MALFORMED_JSON content: 消息内容（content 字符串）中的 JSON 格式有误：输入在对象内意外结束；这里应为一个值"},
};

static void test_sentences(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof sentence_rows / sizeof sentence_rows[0]; i++) {
        const sentence_row *c = &sentence_rows[i];
        rf_import_options opt = RF_IMPORT_OPTIONS_INIT;
        if (c->missing_trade_allowed) {
            opt.allow_missing_trade = opt.has_channel = true;
            opt.channel = RF_CHANNEL_C_STORE;
        }
        result r = run(c->trade, c->refund, c->tmc, c->messages, &opt);
        expect_has(r.lines, c->en, "English");
        opt.lang = RF_LANG_ZH;
        result z = run(c->trade, c->refund, c->tmc, c->messages, &opt);
        expect_has(z.lines, c->zh, "Chinese");
        result_free(&r);
        result_free(&z);
    }
}

/* The report's own words, by its internal API: an error the case format
 * made in an event (the importer's mapping never lets one through), and
 * the entries past the bound, only counted. */
static void test_report_words(void **state) {
    (void)state;
    rf__report r = {0};
    r.alloc = &rf__default_allocator;
    rf_error inner = {0};
    rf__fail_with(&inner, RF_E_INVALID, 0, 0, 0, "amount", RF_ERR_EVENT_FIELD, "amount", "refund_requested");
    rf__report_add_error(&r, RF__IC_BAD_VALUE, NULL, 1, 0, "amount", RF__WITHIN_EVENT, "e4", &inner);
    for (unsigned i = 0; i < RF__REPORT_MAX_ENTRIES + 2; i++)
        rf__report_say(&r, RF__IC_REASON_UNMAPPED, NULL, 1, 9, "refund.reason", RF_ERR_TOP_REASON_UNMAPPED, "换个地址", NULL);
    assert_int_equal(r.first.code, RF_E_INVALID);
    assert_int_equal(r.first.detail, RF_ERR_EVENT_FIELD);
    assert_string_equal(r.first.field, "amount");
    rf__buf b;
    rf__buf_init(&b, r.alloc);
    rf__report_lines(&r, RF_LANG_EN, &b);
    const char *en = rf__buf_cstr(&b);
    expect_has(en, "BAD_VALUE amount: event e4: a refund_requested event with a missing, extra or out-of-range amount\n", "event");
    expect_has(en, "REASON_UNMAPPED refund.reason: \"换个地址\" matches no reason of the table or keyword rules: other\n", "warning");
    expect_has(en, "\n2 more warnings not listed\n", "past the bound");
    b.len = 0;
    rf__report_lines(&r, RF_LANG_ZH, &b);
    const char *zh = rf__buf_cstr(&b);
    expect_has(zh, "BAD_VALUE amount: 事件 e4：「申请退款」事件的 amount 缺失、多余或超出范围\n", "event");
    expect_has(zh, "REASON_UNMAPPED refund.reason: \"换个地址\" 不符合原因表的任何一项，也不符合关键词规则：按\"其他\"处理\n", "warning");
    expect_has(zh, "\n另有 2 个警告未列出\n", "past the bound");
    b.len = 0;
    rf__report_json(&r, RF_LANG_ZH, &b);
    expect_has(rf__buf_cstr(&b), "\"message\":\"事件 e4：「申请退款」事件的 amount 缺失、多余或超出范围\"", "JSON");
    expect_has(rf__buf_cstr(&b), "\"warnings_not_listed\":2}", "JSON");
    assert_false(b.failed);
    rf__buf_free(&b);
    rf__report_free(&r);
}

/* A bad record fails only its case; its report entry names tid and refund_id. */
static void test_bad_record_fails_its_case(void **state) {
    (void)state;
    const char *trade = TRADE1 "{\"tid\":2,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\",\"pay_time\":\"2025-03-01 10:01:00\","
                               "\"consign_time\":\"2025-03-02 09:00:00\",\"orders\":[{\"oid\":2,\"total_fee\":\"100.00\",\"seller_type\":\"C\"}]}\n";
    const char *tmc_text = CREATED1 "{\"id\":2,\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":2,\"oid\":2,\"refund_id\":10,\"refund_fee\":5,\"modified\":\"2025-03-03 10:00:00\"}}\n";
    result r = run(trade, "", tmc_text, NULL, NULL);
    assert_int_equal(r.case_count, 1);
    expect_has(r.cases, "\"id\":\"1\"", "the good case");
    expect_has(r.json, "{\"code\":\"BAD_MONEY\",\"file\":\"tmc.ndjson\",\"line\":2,\"col\":102,\"field\":\"content.refund_fee\",\"tid\":\"2\",\"refund_id\":\"10\"", "entry");
    expect_has(r.json, "\"tmc\":{\"lines\":2,\"duplicate\":0,\"unknown_topic\":0,\"ignored\":0,\"used\":1,\"invalid\":1}", "counts");
    assert_int_equal(r.outcome, RF_E_INVALID);
    assert_int_equal(r.first.code, RF_E_INVALID);
    assert_int_equal(r.first.line, 2);
    assert_string_equal(r.first_name, "tmc.ndjson");
    result_free(&r);
}

/* ---- ids, times and inputs -------------------------------------------------------------------- */

static void test_ids_exact(void **state) {
    (void)state;
    /* 19 digits, above 2^63 and near 10^19: written back as read, never through a double. */
    const char *trade =
        "{\"tid\":9999999999999999999,\"status\":\"WAIT_BUYER_CONFIRM_GOODS\",\"created\":\"2025-03-01 10:00:00\",\"pay_time\":\"2025-03-01 10:01:00\","
        "\"consign_time\":\"2025-03-02 09:00:00\",\"orders\":{\"order\":{\"oid\":\"9223372036854775808\",\"total_fee\":\"1.00\",\"seller_type\":\"C\"}}}\n";
    const char *tmc_text = "{\"id\":\"9007199254740993\",\"topic\":\"taobao_refund_RefundCreated\",\"content\":{\"tid\":\"9999999999999999999\","
                           "\"oid\":9223372036854775808,\"refund_id\":1234567890123456789,\"modified\":\"2025-03-03 10:00:00\"}}\n";
    result r = run(trade, "", tmc_text, NULL, NULL);
    expect_has(r.cases, "\"order\":{\"id\":\"9223372036854775808\"", "oid");
    expect_has(r.cases, "\"tid\":\"9999999999999999999\",\"oid\":\"9223372036854775808\",\"refunds\":[{\"refund_id\":\"1234567890123456789\"", "ids");
    expect_has(r.cases, "\"ref\":\"tmc:9007199254740993\"", "message id above 2^53");
    result_free(&r);
}

/* Times: TOP's China time to RFC 3339 at +08:00; an envelope may carry RFC 3339. */
static void test_times(void **state) {
    (void)state;
    char *trade = trade_plain();
    const char *tmc_text = "{\"id\":1,\"topic\":\"taobao_refund_RefundCreated\",\"time\":\"2025-03-03T02:00:01Z\",\"content\":{\"tid\":1,\"oid\":1,\"refund_id\":9}}\n";
    result r = run(trade, "", tmc_text, NULL, NULL);
    expect_has(events_of(&r), "\"at\":\"2025-03-03T10:00:01+08:00\"", "raw channel time, RFC 3339");
    expect_has(events_of(&r), "\"inferred\":[\"at\",\"kind\",\"reason\"]", "pub_time is inferred");
    result_free(&r);
    free(trade);
}

/* Responses, rows, bare objects and arrays; pretty JSON; lists in TOP's wrapping. */
static void test_shapes(void **state) {
    (void)state;
    const char *trade =
        "[\n  {\"trade_fullinfo_get_response\": {\"trade\": {\"tid\": 1, \"status\": \"WAIT_BUYER_CONFIRM_GOODS\",\n"
        "     \"created\": \"2025-03-01 10:00:00\", \"pay_time\": \"2025-03-01 10:01:00\", \"consign_time\": \"2025-03-02 09:00:00\",\n"
        "     \"orders\": {\"order\": [{\"oid\": 1, \"total_fee\": \"100.00\", \"seller_type\": \"C\"}]}}}}\n]\n";
    const char *refunds = "{\"refunds_receive_get_response\":{\"refunds\":{\"refund\":[{\"refund_id\":9,\"tid\":1,\"oid\":1,"
                          "\"status\":\"WAIT_SELLER_AGREE\",\"reason\":\"发错货\",\"created\":\"2025-03-03 10:00:00\"}]},\"total_results\":1}}\n"
                          "{\"refunds_receive_get_response\":{\"total_results\":0}}\n";
    const char *tmc_text = "{\"tmc_messages_consume_response\":{\"messages\":{\"tmc_message\":[" CREATED1 "]}}}\n";
    char *tmc_one = malloc(1024);
    snprintf(tmc_one, 1024, "{\"tmc_messages_consume_response\":{\"messages\":{\"tmc_message\":[%.*s]}}}\n", (int)strlen(CREATED1) - 1, CREATED1);
    (void)tmc_text;
    const char *messages = "{\"refund_messages_get_response\":{\"refund_messages\":{\"refund_message\":[{\"id\":5,\"refund_id\":9,"
                           "\"owner_role\":3,\"created\":\"2025-03-04 10:00:00\"}]}}}\n";
    result r = run(trade, refunds, tmc_one, messages, NULL);
    assert_int_equal(r.case_count, 1);
    expect_has(events_of(&r), "\"reason\":\"not_as_described\"", "the refund from a list");
    expect_has(r.json, "\"messages\":{\"read\":1}", "messages");
    assert_int_equal(r.outcome, RF_OK);
    result_free(&r);
    free(tmc_one);
}

/* Shop software feeding TMC messages one by one, each a whole input. */
static void test_one_by_one(void **state) {
    (void)state;
    rf_importer *imp = rf_import_new(NULL, NULL);
    char *trade = trade_plain();
    rf_error err = {0};
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TRADE, "trade", trade, strlen(trade), false, &err), RF_OK);
    char text[2048] = "";
    tmc(text, sizeof text, 2, "refund_RefundSellerAgreeAgreement", "2025-03-03 11:00:00", ",\"bill_type\":\"refund_bill\"");
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TMC, "queue", text, strlen(text), false, &err), RF_OK);
    text[0] = '\0';
    tmc(text, sizeof text, 1, "refund_RefundCreated", "2025-03-03 10:00:00", ",\"bill_type\":\"refund_bill\"");
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TMC, "queue", text, strlen(text) - 1, false, &err), RF_OK); /* no newline */
    /* Misuse. */
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TMC, "a", "{", 1, true, NULL), RF_OK);
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TRADE, "a", "}", 1, false, &err), RF_E_USAGE);
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TMC, "b", "}", 1, false, NULL), RF_E_USAGE);
    assert_int_equal(rf_import_finish(imp, NULL), RF_E_USAGE); /* "a" is open */
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TMC, "a", "}", 1, false, NULL), RF_OK);
    assert_int_equal(rf_import_feed(NULL, RF_IMPORT_TMC, "a", "", 0, false, NULL), RF_E_USAGE);
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_INPUT_COUNT, "a", "", 0, false, NULL), RF_E_USAGE);
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TMC, NULL, "", 0, false, NULL), RF_E_USAGE);
    const rf_case *c = NULL;
    assert_int_equal(rf_import_next(imp, &c, NULL, NULL, NULL), RF_E_USAGE); /* not finished */
    assert_int_equal(rf_import_finish(imp, &err), RF_OK);
    assert_int_equal(rf_import_finish(imp, NULL), RF_E_USAGE);
    assert_int_equal(rf_import_feed(imp, RF_IMPORT_TMC, "a", "", 0, false, NULL), RF_E_USAGE);
    assert_int_equal(rf_import_next(imp, &c, NULL, NULL, NULL), RF_OK);
    assert_non_null(c);
    /* The case is an ordinary one: its import object, its events. */
    const rf_case_import *ci = rf_case_get_import(c);
    assert_non_null(ci);
    assert_string_equal(ci->from, "top");
    assert_int_equal(rf_case_event_count(c), 5);
    assert_int_equal(rf_case_event(c, 3)->type, RF_EV_REFUND_REQUESTED);
    assert_int_equal(rf_case_event(c, 4)->source, RF_SOURCE_TMC);
    assert_string_equal(rf_case_event(c, 4)->ref, "tmc:2");
    assert_int_equal(rf_import_next(imp, &c, NULL, NULL, NULL), RF_OK);
    assert_null(c);
    /* The "a" input was "{}": one MISSING_FIELD. */
    assert_int_equal(rf_import_outcome(imp, NULL), RF_E_INVALID);
    char line[512];
    size_t n = rf_import_summary(imp, line, sizeof line);
    assert_int_equal(n, strlen(line));
    assert_string_equal(line, "import: 1 cases; tmc: 3 lines, 0 duplicate, 0 unknown topic, 0 ignored, 2 used, 1 invalid; "
                              "0 refund messages; 1 errors, 0 warnings");
    char *out = NULL;
    assert_int_equal(rf_import_report(imp, (rf_format)7, &out, NULL), RF_E_INVALID);
    assert_int_equal(rf_import_report(NULL, RF_FORMAT_JSON, &out, NULL), RF_E_INVALID);
    assert_int_equal(rf_import_report(imp, RF_FORMAT_JSON, &out, NULL), RF_OK);
    expect_has(out, "\"cases\": 1", "pretty");
    rf_string_free(NULL, out);
    rf_import_free(imp);
    rf_import_free(NULL);
    free(trade);
    /* Bad options. */
    rf_import_options o = RF_IMPORT_OPTIONS_INIT;
    o.size = 0;
    assert_null(rf_import_new(NULL, &o));
    rf_import_options_init(&o);
    o.channel = RF_CHANNEL_COUNT;
    assert_null(rf_import_new(NULL, &o));
    rf_import_options_init(&o);
    o.lang = (rf_lang)2;
    assert_null(rf_import_new(NULL, &o));
    /* The layout before lang was appended: English, whatever lies past its size. */
    rf_import_options_init(&o);
    o.lang = RF_LANG_ZH;
    o.size = offsetof(rf_import_options, lang);
    imp = rf_import_new(NULL, &o);
    assert_non_null(imp);
    assert_int_equal(rf_import_finish(imp, NULL), RF_OK);
    rf_import_summary(imp, line, sizeof line);
    assert_string_equal(line, "import: 0 cases; tmc: 0 lines, 0 duplicate, 0 unknown topic, 0 ignored, 0 used, 0 invalid; "
                              "0 refund messages; 0 errors, 0 warnings");
    rf_import_free(imp);
    o.size = sizeof o;
    imp = rf_import_new(NULL, &o);
    rf_import_summary(imp, line, sizeof line);
    assert_string_equal(line, "导入：案件 0 个；TMC 消息 0 条（重复 0，未知主题 0，忽略 0，转为事件 0，无效 0）；退款留言 0 条；"
                              "错误 0 个，警告 0 个");
    rf_import_free(imp);
}

/* Every sentence of the importer (the top_* details) was said, in English
 * and in Chinese, by an import of the tests before this one. */
static void test_every_sentence_in_chinese(void **state) {
    (void)state;
    int missing = 0;
    for (int d = RF_ERR_TOP_ID; d < RF_ERR_COUNT; d++)
        if (strncmp(rf_error_detail_name((rf_error_detail)d), "top_", 4) == 0 && !said[d]) {
            print_error("no import said %s\n", rf_error_detail_name((rf_error_detail)d));
            missing++;
        }
    assert_int_equal(missing, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_fixture_cases_replay),
        cmocka_unit_test(test_mapping_rows),
        cmocka_unit_test(test_exchange_turn_to_refund),
        cmocka_unit_test(test_reason_inferred),
        cmocka_unit_test(test_snapshot_rows),
        cmocka_unit_test(test_trade_events),
        cmocka_unit_test(test_order_fields),
        cmocka_unit_test(test_shipping_split),
        cmocka_unit_test(test_kinds),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_report_words),
        cmocka_unit_test(test_bad_record_fails_its_case),
        cmocka_unit_test(test_ids_exact),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_one_by_one),
        cmocka_unit_test(test_every_sentence_in_chinese), /* last: it counts what the others said */
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
