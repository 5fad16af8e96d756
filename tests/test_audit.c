/*
 * The auditor (lib/audit.c), the fast path of `refund replay --ndjson`:
 * the schema-directed reader, a reused case and verdict, the writer into a
 * reused buffer. Its verdicts must be byte-identical to the plain path's: the
 * tree reader into a fresh case, a fresh rf_replay and rf_render_verdict.
 *
 * The main test runs both paths over the bench data set (tests/bench/gen.c,
 * the histories `make bench` times; RF_BENCH_HISTORIES sets how many, 100000
 * by default) and also counts the lines the schema-directed reader took
 * itself: an equivalence that held only because every line fell back to the
 * tree reader would prove nothing. Every tenth line is judged once more with
 * its free text escaped, which that reader must decode itself too.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_read.h"

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR "."
#endif
#ifndef RF_BENCH_GEN
#define RF_BENCH_GEN "build/bench/gen"
#endif

/* ---- the plain path ------------------------------------------------------------ */

/* Tree reader, fresh case, fresh verdict, rf_render_verdict. On success *out
 * is the rendered verdict (free); on error err says why. */
static rf_status plain_path(const rf_ctx *ctx, const char *json, size_t len, rf_format format,
                            rf_lang lang, char **out, size_t *out_len, rf_error *err) {
    rf_case *c = rf__case_alloc(&rf__default_allocator);
    rf_verdict *v = NULL;
    *out = NULL;
    assert_non_null(c);
    rf_status st = rf__case_read_tree(c, json, len, err);
    if (st == RF_OK) st = rf_replay(ctx, c, NULL, &v, err);
    if (st == RF_OK) st = rf_render_verdict(ctx, v, format, lang, out, out_len);
    rf_verdict_free(v);
    rf_case_free(c);
    return st;
}

static void assert_same_error(const rf_error *a, const rf_error *b) {
    assert_int_equal(a->code, b->code);
    assert_int_equal(a->offset, b->offset);
    assert_int_equal(a->line, b->line);
    assert_int_equal(a->column, b->column);
    assert_string_equal(a->field, b->field);
    assert_string_equal(a->message, b->message);
}

/* Judges json both ways and asserts the same verdict bytes or the same error. */
static void assert_paths_agree(rf_auditor *a, const rf_ctx *ctx, const char *json, size_t len,
                               rf_format format, rf_lang lang) {
    rf_error fast_err = {0}, plain_err = {0};
    const char *fast = NULL;
    size_t fast_len = 0, plain_len = 0;
    char *plain = NULL;
    rf_status fast_st = rf_auditor_judge(a, json, len, &fast, &fast_len, &fast_err);
    rf_status plain_st = plain_path(ctx, json, len, format, lang, &plain, &plain_len, &plain_err);
    assert_int_equal(fast_st, plain_st);
    if (fast_st == RF_OK) {
        if (fast_len != plain_len || memcmp(fast, plain, fast_len) != 0)
            fail_msg("verdicts differ for %.*s\nfast:  %s\nplain: %s", (int)(len > 300 ? 300 : len), json, fast, plain);
        assert_non_null(rf_auditor_verdict(a));
    } else {
        assert_null(fast);
        assert_null(rf_auditor_verdict(a));
        assert_same_error(&fast_err, &plain_err);
    }
    free(plain);
}

/* ---- the bench data --------------------------------------------------------------- */

/* line[0..len) as a writer that escapes would have it, into out (room for
 * 6 * len bytes: each takes at most three times its bytes): every non-ASCII character as \uXXXX (a
 * surrogate pair above U+FFFF), as Python's json.dumps writes by default,
 * and every note starting with one of each short escape. Only free text
 * holds either. Returns the new length. */
static size_t escaped_line(const char *line, size_t len, char *out) {
    static const char note[] = "\"note\":\"", shorts[] = "\\\"\\\\\\/\\b\\f\\n\\r\\t";
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        const unsigned char *s = (const unsigned char *)line + i;
        if (s[0] < 0x80) {
            out[n++] = line[i++];
            if (i >= sizeof note - 1 && !memcmp(line + i - (sizeof note - 1), note, sizeof note - 1)) {
                memcpy(out + n, shorts, sizeof shorts - 1);
                n += sizeof shorts - 1;
            }
            continue;
        }
        /* The bench data is valid UTF-8. */
        unsigned cp, extra = s[0] >= 0xF0 ? 3 : s[0] >= 0xE0 ? 2 : 1;
        cp = s[0] & (0x3F >> extra);
        for (unsigned k = 1; k <= extra; k++) cp = cp << 6 | (s[k] & 0x3F);
        if (cp >= 0x10000) {
            n += (size_t)sprintf(out + n, "\\u%04X\\u%04x", 0xD800 + ((cp - 0x10000) >> 10), 0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
            n += (size_t)sprintf(out + n, "\\u%04x", cp);
        }
        i += extra + 1;
    }
    return n;
}

static void bench_data_gives_identical_verdicts(void **state) {
    (void)state;
    const char *env = getenv("RF_BENCH_HISTORIES");
    unsigned long count = env ? strtoul(env, NULL, 10) : 100000;
    char command[512];
    snprintf(command, sizeof command, "%s %lu 2>/dev/null", RF_BENCH_GEN, count);
    FILE *in = popen(command, "r");
    assert_non_null(in);

    rf_ctx *ctx = rf_ctx_new(NULL);
    rf_auditor *ndjson_en = rf_auditor_new(ctx, NULL, RF_FORMAT_NDJSON, RF_LANG_EN);
    rf_auditor *json_zh = rf_auditor_new(ctx, NULL, RF_FORMAT_JSON, RF_LANG_ZH);
    rf_auditor *text_zh = rf_auditor_new(ctx, NULL, RF_FORMAT_TEXT, RF_LANG_ZH);
    rf_case *probe = rf__case_alloc(&rf__default_allocator);
    assert_non_null(ndjson_en);
    assert_non_null(json_zh);
    assert_non_null(text_zh);
    assert_non_null(probe);

    char *line = NULL, *escaped = NULL;
    size_t cap = 0, lines = 0, read_fast = 0, bytes = 0, findings = 0, escaped_lines = 0, escaped_fast = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        size_t len = (size_t)n;
        if (line[len - 1] == '\n') len--;
        lines++;
        bytes += len;
        rf__case_reset(probe);
        if (rf__case_read_fast(probe, line, len)) read_fast++;
        assert_paths_agree(ndjson_en, ctx, line, len, RF_FORMAT_NDJSON, RF_LANG_EN);
        findings += rf_auditor_verdict(ndjson_en)->finding_count;
        /* Every tenth line also in the other formats and Chinese. */
        if (lines % 10 == 0) {
            assert_paths_agree(json_zh, ctx, line, len, RF_FORMAT_JSON, RF_LANG_ZH);
            assert_paths_agree(text_zh, ctx, line, len, RF_FORMAT_TEXT, RF_LANG_ZH);
        }
        /* Every tenth line also with escaped text, which the schema-directed
         * reader decodes itself. */
        if (lines % 10 == 5) {
            escaped = realloc(escaped, 6 * len);
            assert_non_null(escaped);
            size_t elen = escaped_line(line, len, escaped);
            escaped_lines++;
            rf__case_reset(probe);
            if (rf__case_read_fast(probe, escaped, elen)) escaped_fast++;
            assert_paths_agree(ndjson_en, ctx, escaped, elen, RF_FORMAT_NDJSON, RF_LANG_EN);
        }
    }
    free(line);
    free(escaped);
    assert_int_equal(pclose(in), 0);
    assert_int_equal(lines, count);
    /* The data set is what the fast path is for: it must read every line. */
    assert_int_equal(read_fast, lines);
    assert_int_equal(escaped_fast, escaped_lines);
    print_message("fast path: %zu bench histories (%zu bytes, %zu findings), %zu read by the schema-directed "
                  "reader, and %zu of them with escaped text, all read by it too; verdicts byte-identical to the "
                  "plain path\n", lines, bytes, findings, read_fast, escaped_lines);
    rf_case_free(probe);
    rf_auditor_free(ndjson_en);
    rf_auditor_free(json_zh);
    rf_auditor_free(text_zh);
    rf_ctx_free(ctx);
}

/* ---- the examples, in every format, one auditor reused ------------------------------- */

#define EXAMPLE_MAX 64
static char *examples[EXAMPLE_MAX];
static size_t example_len[EXAMPLE_MAX];
static size_t example_count;

static int load_examples(void **state) {
    (void)state;
    for (int i = 1; i < 100 && example_count < EXAMPLE_MAX; i++) {
        char pattern[64], command[600];
        snprintf(pattern, sizeof pattern, "%02d-*.json", i);
        snprintf(command, sizeof command, "ls %s/examples/%s 2>/dev/null | grep -v expected", RF_SOURCE_DIR, pattern);
        FILE *ls = popen(command, "r");
        char path[512];
        if (ls && fgets(path, sizeof path, ls)) {
            path[strcspn(path, "\n")] = '\0';
            examples[example_count] = test_read_file(path, &example_len[example_count]);
            if (examples[example_count]) example_count++;
        }
        if (ls) pclose(ls);
    }
    return example_count >= 20 ? 0 : -1;
}

static int free_examples(void **state) {
    (void)state;
    for (size_t i = 0; i < example_count; i++) free(examples[i]);
    return 0;
}

static void examples_agree_in_every_format(void **state) {
    (void)state;
    static const rf_format formats[] = {RF_FORMAT_TEXT, RF_FORMAT_JSON, RF_FORMAT_NDJSON};
    rf_ctx *ctx = rf_ctx_new(NULL);
    size_t read_fast = 0;
    rf_case *probe = rf__case_alloc(&rf__default_allocator);
    for (size_t f = 0; f < 3; f++) {
        for (int lang = RF_LANG_EN; lang <= RF_LANG_ZH; lang++) {
            rf_auditor *a = rf_auditor_new(ctx, NULL, formats[f], (rf_lang)lang);
            assert_non_null(a);
            /* Forwards and back: what one case leaves in the reused case and
             * verdict must never show in the next. */
            for (size_t i = 0; i < example_count; i++)
                assert_paths_agree(a, ctx, examples[i], example_len[i], formats[f], (rf_lang)lang);
            for (size_t i = example_count; i-- > 0;)
                assert_paths_agree(a, ctx, examples[i], example_len[i], formats[f], (rf_lang)lang);
            rf_auditor_free(a);
        }
    }
    for (size_t i = 0; i < example_count; i++) {
        rf__case_reset(probe);
        read_fast += rf__case_read_fast(probe, examples[i], example_len[i]);
    }
    assert_int_equal(read_fast, example_count);
    rf_case_free(probe);
    rf_ctx_free(ctx);
}

/* ---- errors, and a good case after a bad one ------------------------------------------- */

static void errors_match_the_plain_path(void **state) {
    (void)state;
    static const char *const bad[] = {
        "",
        "{",
        "[]",
        "{\"schema\":\"refund-case/1\"}",
        "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"A\",\"channel\":\"c_store\",\"item_amount\":\"1.0001\"},\"events\":[]}",
        "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"A\",\"channel\":\"c_store\",\"item_amount\":\"1.00\",\"colour\":1},\"events\":[]}",
        "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"A\",\"channel\":\"c_store\",\"item_amount\":\"1.00\"},"
        "\"events\":[{\"id\":\"e1\",\"at\":\"2024-06-20T09:00:00\",\"actor\":\"buyer\",\"type\":\"order_created\"}]}",
        "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"A\",\"channel\":\"c_store\",\"item_amount\":\"1.00\"},"
        "\"events\":[{\"id\":\"e1\",\"at\":\"2024-06-20T09:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"refund_requested\"}]}",
        /* A working-day deadline outside the calendar: an error from the replay, not the reader. */
        "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"A\",\"channel\":\"c_store\",\"item_amount\":\"1.00\"},"
        "\"events\":[{\"id\":\"e1\",\"at\":\"2031-06-20T09:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"order_created\"},"
        "{\"id\":\"e2\",\"at\":\"2031-06-20T09:05:00+08:00\",\"actor\":\"buyer\",\"type\":\"complaint_filed\",\"complaint\":\"harassment\"}]}",
    };
    rf_ctx *ctx = rf_ctx_new(NULL);
    rf_auditor *a = rf_auditor_new(ctx, NULL, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_non_null(a);
    size_t refused = 0;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rf_error err = {0};
        const char *out = "";
        if (rf_auditor_judge(a, bad[i], strlen(bad[i]), &out, NULL, &err) != RF_OK) refused++;
        assert_paths_agree(a, ctx, bad[i], strlen(bad[i]), RF_FORMAT_NDJSON, RF_LANG_EN);
        /* A good case right after a bad one. */
        assert_paths_agree(a, ctx, examples[i % example_count], example_len[i % example_count], RF_FORMAT_NDJSON,
                           RF_LANG_EN);
    }
    /* All but the calendar case are refused by the reader; that one by the replay, if
     * the built-in calendar ends before 2031. */
    assert_true(refused >= sizeof bad / sizeof bad[0] - 1);
    rf_auditor_free(a);
    rf_ctx_free(ctx);
}

static void bad_arguments(void **state) {
    (void)state;
    assert_null(rf_auditor_new(NULL, NULL, (rf_format)7, RF_LANG_EN));
    rf_auditor_free(NULL);
    rf_auditor *a = rf_auditor_new(NULL, NULL, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_non_null(a);
    assert_null(rf_auditor_verdict(a));
    rf_auditor_free(a);
}

/* ---- rf_auditor_judge_into: the verdict in the caller's buffer --------------------------- */

/* Judges json into a buffer of cap bytes (followed by guard bytes that must
 * stay untouched) and checks the text against the plain path's, wherever it
 * was rendered. Returns whether it was rendered in the buffer. */
static bool judge_into(rf_auditor *a, const rf_ctx *ctx, const char *json, size_t len, rf_format format,
                       rf_lang lang, size_t cap) {
    enum { GUARD = 64 };
    char *mem = malloc(cap + GUARD);
    assert_non_null(mem);
    memset(mem, 0x5A, cap + GUARD);
    char *plain = NULL;
    size_t plain_len = 0, out_len = 7;
    rf_error err = {0}, plain_err = {0};
    const char *out = NULL;
    rf_status st = rf_auditor_judge_into(a, json, len, cap ? mem : NULL, cap, &out, &out_len, &err);
    assert_int_equal(st, plain_path(ctx, json, len, format, lang, &plain, &plain_len, &plain_err));
    bool inside = false;
    if (st == RF_OK) {
        assert_non_null(out);
        inside = out == mem;
        assert_int_equal(out_len, plain_len);
        assert_memory_equal(out, plain, plain_len + 1); /* with its NUL */
        if (inside) assert_true(out_len < cap);
        assert_non_null(rf_auditor_verdict(a));
    } else {
        assert_null(out);
        assert_int_equal(out_len, 0);
        assert_same_error(&err, &plain_err);
        assert_null(rf_auditor_verdict(a));
    }
    for (size_t i = cap; i < cap + GUARD; i++) assert_int_equal((unsigned char)mem[i], 0x5A);
    free(plain);
    free(mem);
    return inside;
}

static void judge_into_the_callers_buffer(void **state) {
    (void)state;
    static const rf_format formats[] = {RF_FORMAT_TEXT, RF_FORMAT_JSON, RF_FORMAT_NDJSON};
    rf_ctx *ctx = rf_ctx_new(NULL);
    size_t inside = 0, outside = 0;
    for (size_t f = 0; f < 3; f++) {
        rf_auditor *a = rf_auditor_new(ctx, NULL, formats[f], RF_LANG_ZH);
        assert_non_null(a);
        for (size_t i = 0; i < example_count; i++) {
            const char *own = NULL;
            size_t len = 0;
            assert_int_equal(rf_auditor_judge(a, examples[i], example_len[i], &own, &len, NULL), RF_OK);
            /* Too small (none, half, the text without its NUL, with it but
             * no room to spare): rendered in the auditor, the same text. A
             * few kilobytes more than the text: rendered in place. */
            const size_t caps[] = {0, 1, len / 2, len, len + 1, len + 64, len + 8192};
            for (size_t k = 0; k < sizeof caps / sizeof caps[0]; k++) {
                bool in = judge_into(a, ctx, examples[i], example_len[i], formats[f], RF_LANG_ZH, caps[k]);
                if (caps[k] <= len) assert_false(in);
                if (k + 1 == sizeof caps / sizeof caps[0]) assert_true(in);
                in ? inside++ : outside++;
            }
        }
        /* An error: nothing rendered, the same error as the plain path's;
         * then a good case again. */
        judge_into(a, ctx, "{", 1, formats[f], RF_LANG_ZH, 4096);
        assert_true(judge_into(a, ctx, examples[0], example_len[0], formats[f], RF_LANG_ZH, 65536));
        rf_auditor_free(a);
    }
    assert_true(inside > 0 && outside > 0);

    rf_auditor *a = rf_auditor_new(ctx, NULL, RF_FORMAT_NDJSON, RF_LANG_EN);
    const char *out = "";
    size_t out_len = 7;
    char buf[16];
    assert_int_equal(rf_auditor_judge_into(NULL, examples[0], example_len[0], buf, sizeof buf, &out, &out_len, NULL),
                     RF_E_INVALID);
    assert_null(out);
    assert_int_equal(out_len, 0);
    assert_int_equal(rf_auditor_judge_into(a, examples[0], example_len[0], buf, sizeof buf, NULL, NULL, NULL),
                     RF_E_INVALID);
    /* A NULL buffer that claims room is refused; with no room it is only small. */
    assert_int_equal(rf_auditor_judge_into(a, examples[0], example_len[0], NULL, 64, &out, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_auditor_judge_into(a, examples[0], example_len[0], NULL, 0, &out, NULL, NULL), RF_OK);
    assert_non_null(out);
    rf_auditor_free(a);
    rf_ctx_free(ctx);
}

/* ---- once warmed up, nothing is allocated ------------------------------------------------ */

static size_t allocations;
static void *count_malloc(void *ud, size_t size) { (void)ud; allocations++; return malloc(size); }
static void *count_realloc(void *ud, void *p, size_t old_size, size_t size) {
    (void)old_size; (void)ud; allocations++; return realloc(p, size); }
static void count_free(void *ud, void *p) { (void)ud; free(p); }

static void warm_auditor_allocates_nothing(void **state) {
    (void)state;
    static const rf_format formats[] = {RF_FORMAT_TEXT, RF_FORMAT_JSON, RF_FORMAT_NDJSON};
    rf_allocator counting = {count_malloc, count_realloc, count_free, NULL};
    rf_ctx *ctx = rf_ctx_new(&counting);
    assert_non_null(ctx);
    for (size_t f = 0; f < 3; f++) {
        rf_auditor *a = rf_auditor_new(ctx, NULL, formats[f], RF_LANG_ZH);
        assert_non_null(a);
        const char *out;
        for (int round = 0; round < 2; round++) {
            if (round == 1) allocations = 0;
            for (size_t i = 0; i < example_count; i++) {
                rf_error err = {0};
                assert_int_equal(rf_auditor_judge(a, examples[i], example_len[i], &out, NULL, &err), RF_OK);
            }
        }
        assert_int_equal(allocations, 0);
        rf_auditor_free(a);
    }
    rf_ctx_free(ctx);
}

/* ---- the duplicate-id set ---------------------------------------------------------------- */

/* One warm auditor (a replay's set starts empty by its generation, not by
 * zeroing) judges histories of n events whose ids are of every length from
 * 1 to 24 bytes (the hash's word loop and its three tails), some differing
 * only in their last or middle byte, with event `dup` (if any) repeating the
 * id of event `of`. Histories of up to 24 events keep their ids in a list,
 * longer ones in a table: both are run. */
static void duplicate_ids_are_found_at_every_length(void **state) {
    (void)state;
    rf_auditor *a = rf_auditor_new(NULL, NULL, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_non_null(a);
    static const size_t lengths[] = {2, 3, 23, 24, 25, 26, 40};
    char ids[40][32];
    for (size_t round = 0; round < 3; round++) {
        for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++) {
            size_t n = lengths[l];
            for (size_t i = 0; i < n; i++) {
                /* 3389936351000000000-1 ... : a shared prefix cut to 1..24
                 * bytes, the event's number in its last and middle byte. */
                size_t len = 1 + (i + round) % 24;
                memset(ids[i], 'x', len);
                ids[i][len] = '\0';
                ids[i][len / 2] = (char)('a' + i / 26 + round);
                ids[i][len - 1] = (char)('A' + i % 26);
            }
            for (size_t dup = 0; dup <= n; dup++) { /* dup == n: none */
                size_t of = dup ? (dup * 7 + round) % dup : 0;
                char doc[8192];
                int w = snprintf(doc, sizeof doc, "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"T1\","
                                 "\"channel\":\"mt\",\"item_amount\":\"10.00\",\"shipping_fee\":\"0.00\"},\"events\":[");
                for (size_t i = 0; i < n; i++)
                    w += snprintf(doc + w, sizeof doc - (size_t)w,
                                  "%s{\"id\":\"%s\",\"at\":\"2024-08-05T01:%02zu:00+08:00\",\"actor\":\"buyer\","
                                  "\"type\":\"order_created\"}", i ? "," : "", i == dup ? ids[of] : ids[i], i);
                w += snprintf(doc + w, sizeof doc - (size_t)w, "]}");
                assert_true(w > 0 && (size_t)w < sizeof doc);
                const char *out;
                rf_error err = {0};
                assert_int_equal(rf_auditor_judge(a, doc, (size_t)w, &out, NULL, &err), RF_OK);
                const rf_verdict *v = rf_auditor_verdict(a);
                size_t found = 0;
                for (size_t k = 0; k < v->finding_count; k++) {
                    if (v->findings[k].code != RF_FINDING_DUPLICATE_EVENT) continue;
                    assert_int_equal(v->findings[k].event_index, dup);
                    found++;
                }
                assert_int_equal(found, dup < n && dup > 0 ? 1 : 0);
            }
        }
    }
    rf_auditor_free(a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(examples_agree_in_every_format),
        cmocka_unit_test(errors_match_the_plain_path),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(judge_into_the_callers_buffer),
        cmocka_unit_test(warm_auditor_allocates_nothing),
        cmocka_unit_test(bench_data_gives_identical_verdicts),
        cmocka_unit_test(duplicate_ids_are_found_at_every_length),
    };
    return cmocka_run_group_tests(tests, load_examples, free_examples);
}
