/*
 * Fuzz target: the importer of Taobao Open Platform data (rf_import_*).
 *
 * The input is up to four inputs separated by a line holding only "%%":
 * trades, refunds, TMC messages, refund messages (missing ones are empty).
 * They are imported twice: each fed whole, and each fed in pieces of a size
 * taken from the input's hash (1 to 64 bytes), since a value may be cut
 * anywhere. Whatever the bytes:
 *  - both runs write the same cases and the same report, and the same outcome;
 *  - the report's counts add up: lines = duplicate + unknown_topic + ignored
 *    + used + invalid;
 *  - every case's NDJSON line is rf_render_case of the case, reads back with
 *    rf_case_parse into the same case, and is valid UTF-8;
 *  - every case replays (or fails with an RF_E_INVALID of the engine's own
 *    limits), and never shows OUT_OF_ORDER or DUPLICATE_EVENT: the importer
 *    sorts and deduplicates (TOP.md 4.2);
 *  - the report in Chinese (a third run, whole) is UTF-8, has the same
 *    counts, entries and outcome, and as many lines of text; the first
 *    error is said in both languages.
 */
#include "fuzz.h"

#include "../case_diff.h" /* tests/case_diff.h */
#include "import.h"

#include <string.h>

static rf_ctx *context(void) {
    static rf_ctx *ctx;
    if (!ctx) ctx = rf_ctx_new(NULL);
    FUZZ_ASSERT(ctx != NULL, "rf_ctx_new failed");
    return ctx;
}

typedef struct run_out {
    char *cases;
    size_t len, cap;
    char *report;
    rf_status outcome;
    size_t text_lines;          /* of the report as text */
    rf_error_detail first_detail;
} run_out;

static void append(run_out *o, const char *s, size_t n) {
    if (o->len + n + 1 > o->cap) {
        o->cap = (o->len + n + 1) * 2;
        o->cases = realloc(o->cases, o->cap);
        FUZZ_ASSERT(o->cases != NULL, "out of memory");
    }
    memcpy(o->cases + o->len, s, n);
    o->len += n;
    o->cases[o->len] = '\0';
}

static void check_case(rf_ctx *ctx, const rf_case *c, const char *line, size_t len) {
    FUZZ_ASSERT(fuzz_utf8_check((const unsigned char *)line, len) == len, "a case is not UTF-8");
    char *text = NULL;
    size_t text_len = 0;
    FUZZ_ASSERT(rf_render_case(ctx, c, RF_FORMAT_NDJSON, &text, &text_len) == RF_OK, "rf_render_case failed");
    FUZZ_ASSERT(text_len == len + 1 && !memcmp(text, line, len + 1), "the NDJSON line is not rf_render_case of the case");
    rf_string_free(ctx, text);
    rf_case *back = NULL;
    rf_error err = {0};
    FUZZ_ASSERT(rf_case_parse(ctx, line, len, "import", &back, &err) == RF_OK, "an imported case does not read back: %s: %s",
                err.field, err.message);
    char what[96];
    FUZZ_ASSERT(!case_diff(c, back, 0, what, sizeof what), "an imported case reads back differently in %s", what);
    rf_case_free(back);
    rf_verdict *v = NULL;
    rf_status st = rf_replay(ctx, c, NULL, &v, &err);
    FUZZ_ASSERT(st == RF_OK || st == RF_E_INVALID || st == RF_E_CALENDAR, "rf_replay: %s", rf_status_name(st));
    if (st == RF_OK) {
        FUZZ_ASSERT(v->has_import, "the verdict of an imported case has no assumptions");
        for (size_t i = 0; i < v->finding_count; i++)
            FUZZ_ASSERT(v->findings[i].code != RF_FINDING_OUT_OF_ORDER && v->findings[i].code != RF_FINDING_DUPLICATE_EVENT,
                        "an imported case shows %s", rf_finding_name(v->findings[i].code));
    }
    rf_verdict_free(v);
}

/* How many times c occurs in text. */
static size_t count_of(const char *text, char c) {
    size_t n = 0;
    for (; *text; text++) n += *text == c;
    return n;
}

static run_out import(rf_ctx *ctx, const char *parts[4], const size_t lens[4], size_t piece, bool check, rf_lang lang) {
    static const rf_import_input kinds[4] = {RF_IMPORT_TRADE, RF_IMPORT_REFUND, RF_IMPORT_TMC, RF_IMPORT_MESSAGES};
    static const char *const names[4] = {"trade", "refund", "tmc", "messages"};
    run_out o = {0};
    rf_import_options options = RF_IMPORT_OPTIONS_INIT;
    options.lang = lang;
    rf_importer *imp = rf_import_new(ctx, &options);
    FUZZ_ASSERT(imp != NULL, "rf_import_new failed");
    for (int k = 0; k < 4; k++) {
        size_t at = 0;
        do {
            size_t take = piece && lens[k] - at > piece ? piece : lens[k] - at;
            FUZZ_ASSERT(rf_import_feed(imp, kinds[k], names[k], parts[k] + at, take, at + take < lens[k], NULL) == RF_OK,
                        "rf_import_feed failed");
            at += take;
        } while (at < lens[k]);
    }
    FUZZ_ASSERT(rf_import_finish(imp, NULL) == RF_OK, "rf_import_finish failed");
    append(&o, "", 0);
    for (;;) {
        const rf_case *c = NULL;
        const char *line = NULL;
        size_t len = 0;
        FUZZ_ASSERT(rf_import_next(imp, &c, &line, &len, NULL) == RF_OK, "rf_import_next failed");
        if (!c) break;
        FUZZ_ASSERT(len > 0 && line[len - 1] == '\n', "a case line does not end in a newline");
        if (check) check_case(ctx, c, line, len - 1);
        append(&o, line, len);
    }
    FUZZ_ASSERT(rf_import_report(imp, RF_FORMAT_NDJSON, &o.report, NULL) == RF_OK, "rf_import_report failed");
    o.outcome = rf_import_outcome(imp, NULL);
    /* The counts add up (TOP.md 4.6). */
    const char *t = strstr(o.report, "\"tmc\":{\"lines\":");
    FUZZ_ASSERT(t != NULL, "no tmc counts");
    unsigned long lines, dup, unknown, ignored, used, invalid;
    FUZZ_ASSERT(sscanf(t, "\"tmc\":{\"lines\":%lu,\"duplicate\":%lu,\"unknown_topic\":%lu,\"ignored\":%lu,\"used\":%lu,\"invalid\":%lu",
                       &lines, &dup, &unknown, &ignored, &used, &invalid) == 6,
                "the tmc counts do not read");
    FUZZ_ASSERT(lines == dup + unknown + ignored + used + invalid, "lines %lu != %lu + %lu + %lu + %lu + %lu", lines, dup,
                unknown, ignored, used, invalid);
    FUZZ_ASSERT(fuzz_utf8_check((const unsigned char *)o.report, strlen(o.report)) == strlen(o.report),
                "the report is not UTF-8");
    char *text = NULL;
    FUZZ_ASSERT(rf_import_report(imp, RF_FORMAT_TEXT, &text, NULL) == RF_OK, "rf_import_report (text) failed");
    FUZZ_ASSERT(fuzz_utf8_check((const unsigned char *)text, strlen(text)) == strlen(text), "the report's text is not UTF-8");
    o.text_lines = count_of(text, '\n');
    rf_string_free(ctx, text);
    rf_error first = {0};
    if (rf_import_outcome(imp, &first) != RF_OK) {
        FUZZ_ASSERT(first.detail != RF_ERR_NONE, "the first error has no detail: %s", first.message);
        char en[2048], zh[2048];
        rf_error_message(&first, RF_LANG_EN, en, sizeof en);
        rf_error_message(&first, RF_LANG_ZH, zh, sizeof zh);
        FUZZ_ASSERT(strcmp(en, zh) != 0, "the first error is not said in Chinese: %s", zh);
        o.first_detail = first.detail;
    }
    rf_import_free(imp);
    return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rf_ctx *ctx = context();
    const char *parts[4] = {"", "", "", ""};
    size_t lens[4] = {0, 0, 0, 0};
    const char *text = (const char *)data, *end = text + size;
    for (int k = 0; k < 4 && text <= end; k++) {
        const char *sep = NULL;
        for (const char *p = text; p + 3 <= end; p++)
            if ((p == (const char *)data || p[-1] == '\n') && !memcmp(p, "%%\n", 3)) {
                sep = p;
                break;
            }
        parts[k] = text;
        lens[k] = (size_t)((sep ? sep : end) - text);
        if (!sep) break;
        text = sep + 3;
    }
    size_t piece = 1 + (size_t)(fuzz_hash(data, size) % 64);
    run_out whole = import(ctx, parts, lens, 0, true, RF_LANG_EN);
    run_out cut = import(ctx, parts, lens, piece, false, RF_LANG_EN);
    run_out zh = import(ctx, parts, lens, 0, false, RF_LANG_ZH);
    /* In Chinese: the same cases, outcome, first error and entries (each
     * entry's code, place and ids come before its message). */
    FUZZ_ASSERT(zh.outcome == whole.outcome && zh.first_detail == whole.first_detail && !strcmp(zh.cases, whole.cases),
                "in Chinese, another outcome or other cases");
    FUZZ_ASSERT(zh.text_lines == whole.text_lines, "in Chinese, %zu lines of text, not %zu", zh.text_lines, whole.text_lines);
    const char *entries = strstr(whole.report, ",\"errors\":");
    FUZZ_ASSERT(entries && !strncmp(zh.report, whole.report, (size_t)(entries - whole.report)),
                "in Chinese, other counts:\n%s\n%s", whole.report, zh.report);
    free(zh.cases);
    rf_string_free(ctx, zh.report);
    FUZZ_ASSERT(whole.outcome == cut.outcome, "fed in pieces of %zu: outcome %s, whole %s", piece,
                rf_status_name(cut.outcome), rf_status_name(whole.outcome));
    FUZZ_ASSERT(!strcmp(whole.cases, cut.cases), "fed in pieces of %zu, the cases differ", piece);
    FUZZ_ASSERT(!strcmp(whole.report, cut.report), "fed in pieces of %zu, the report differs:\n%s\n%s", piece, whole.report,
                cut.report);
    free(whole.cases);
    free(cut.cases);
    rf_string_free(ctx, whole.report);
    rf_string_free(ctx, cut.report);
    return 0;
}
