/*
 * Fuzz target: summaries (lib/summary.c, lib/report.c).
 *
 * The input is read as a summary (rf_summary_parse) and as verdict lines
 * (rf_summary_add_verdict_json, the whole input and each line of it):
 *  - a summary that reads renders to JSON and NDJSON that read back to a
 *    summary rendering the same bytes; merged into an empty summary it
 *    renders the same; merged into itself it doubles, or is refused with
 *    RF_E_RANGE and left as it was; its text and its report are UTF-8;
 *  - a verdict line is counted or refused, and a refused line leaves the
 *    summary as it was; what was counted renders to a summary that reads
 *    back to the same bytes.
 */
#include "fuzz.h"

#include "refund.h"

static char *render(const rf_summary *s, rf_format format) {
    char *text = NULL;
    FUZZ_ASSERT(rf_render_summary(NULL, s, format, RF_LANG_ZH, &text, NULL) == RF_OK, "render");
    return text;
}

/* s rendered both ways reads back to the same bytes. */
static void reads_back(const rf_summary *s, const char *what) {
    char *json = render(s, RF_FORMAT_JSON), *nd = render(s, RF_FORMAT_NDJSON);
    rf_summary *back = NULL;
    rf_error err = {0};
    FUZZ_ASSERT(rf_summary_parse(NULL, json, strlen(json), NULL, &back, &err) == RF_OK,
                "%s: its JSON does not read back: %s: %s", what, err.field, err.message);
    char *again = render(back, RF_FORMAT_NDJSON);
    FUZZ_ASSERT(strcmp(nd, again) == 0, "%s: read back differently:\n%s\n%s", what, nd, again);
    free(again);
    rf_summary_free(back);
    back = NULL;
    FUZZ_ASSERT(rf_summary_parse(NULL, nd, strlen(nd), NULL, &back, &err) == RF_OK,
                "%s: its NDJSON does not read back: %s", what, err.message);
    rf_summary_free(back);
    free(json);
    free(nd);
}

static void as_summary(const uint8_t *data, size_t size) {
    rf_summary *s = NULL;
    rf_error err = {0};
    if (rf_summary_parse(NULL, (const char *)data, size, "fuzz", &s, &err) != RF_OK) {
        FUZZ_ASSERT(s == NULL && err.code != RF_OK && err.message[0], "a refusal with no message");
        return;
    }
    reads_back(s, "a summary");
    char *before = render(s, RF_FORMAT_NDJSON);
    rf_summary *empty = rf_summary_new(NULL);
    FUZZ_ASSERT(rf_summary_merge(empty, s, NULL) == RF_OK, "merging into an empty summary");
    char *merged = render(empty, RF_FORMAT_NDJSON);
    FUZZ_ASSERT(strcmp(before, merged) == 0, "merged into an empty summary, it changed");
    free(merged);
    rf_summary_free(empty);
    rf_status st = rf_summary_merge(s, s, NULL);
    FUZZ_ASSERT(st == RF_OK || st == RF_E_RANGE, "doubling: %s", rf_status_name(st));
    char *after = render(s, RF_FORMAT_NDJSON);
    if (st == RF_E_RANGE) FUZZ_ASSERT(strcmp(before, after) == 0, "a refused merge changed the summary");
    else reads_back(s, "a doubled summary");
    free(after);
    free(before);
    char *text = NULL;
    FUZZ_ASSERT(rf_render_summary(NULL, s, RF_FORMAT_TEXT, RF_LANG_ZH, &text, NULL) == RF_OK, "text");
    FUZZ_ASSERT(fuzz_utf8_check((const unsigned char *)text, strlen(text)) == strlen(text), "text is not UTF-8");
    free(text);
    FUZZ_ASSERT(rf_render_report(NULL, s, RF_LANG_ZH, &text, NULL) == RF_OK, "report");
    FUZZ_ASSERT(fuzz_utf8_check((const unsigned char *)text, strlen(text)) == strlen(text), "report is not UTF-8");
    free(text);
    rf_summary_free(s);
}

/* Counts data[0..size) as one verdict line into s. */
static void count(rf_summary *s, const char *data, size_t size) {
    char *before = render(s, RF_FORMAT_NDJSON);
    rf_error err = {0};
    rf_status st = rf_summary_add_verdict_json(s, data, size, NULL, &err);
    if (st != RF_OK) {
        char *after = render(s, RF_FORMAT_NDJSON);
        FUZZ_ASSERT(strcmp(before, after) == 0, "a refused verdict line changed the summary");
        FUZZ_ASSERT(err.code == st && err.message[0], "a refusal with no message");
        free(after);
    }
    free(before);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    as_summary(data, size);
    rf_summary *s = rf_summary_new(NULL);
    count(s, (const char *)data, size);
    for (size_t start = 0, i = 0; i <= size; i++) {
        if (i == size || data[i] == '\n') {
            if (i > start) count(s, (const char *)data + start, i - start);
            start = i + 1;
        }
    }
    reads_back(s, "the verdicts' summary");
    rf_summary_free(s);
    return 0;
}
