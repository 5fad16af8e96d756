/*
 * The case writer (lib/case_write.c, rf_render_case) against both readers.
 *
 * For every case below: render it (pretty JSON and NDJSON), read the text
 * back with the tree loader and with the schema-directed fast reader, and
 * require
 *   - the tree loader's case to equal the original, field for field (event
 *     positions aside: they belong to a text, not to the case);
 *   - the fast reader to accept the text whenever it holds no backslash
 *     (an escape is the one thing it leaves to the tree loader) and then to
 *     read exactly the tree loader's case, positions included;
 *   - rendering the case read back to give the same bytes;
 *   - the NDJSON text to be one line, and both texts to read as one case.
 * The cases: every worked example in examples/, the bench generator's
 * histories, and cases built in code that put every value of every row of
 * the schema (every enumeration value, money and time at the ends of their
 * ranges, each CHOICE) and strings with quotes, backslashes, control
 * characters, Chinese text and 4,096 bytes through it. Then the errors and
 * an allocator that fails the k-th allocation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_diff.h"
#include "case_read.h"
#include "schema.h"

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR "."
#endif
#ifndef RF_BENCH_GEN
#define RF_BENCH_GEN "build/bench/gen"
#endif

/* ---- the round trip ---------------------------------------------------------------------- */

typedef struct tally {
    size_t cases, fast_accepted, escaped;
} tally;

static rf_case *empty_case(void) {
    rf_case *c = rf__case_alloc(&rf__default_allocator);
    assert_non_null(c);
    return c;
}

static char *render(const rf_case *c, rf_format format, size_t *len) {
    char *text = NULL;
    assert_int_equal(rf_render_case(NULL, c, format, &text, len), RF_OK);
    assert_non_null(text);
    assert_int_equal(strlen(text), *len);
    return text;
}

/* One format: the text reads back through both readers into c, and writes
 * the same bytes again. Returns the case the tree loader read. */
static rf_case *round_trip_one(const rf_case *c, rf_format format, const char *label, tally *t) {
    char what[96];
    size_t len = 0, again_len = 0;
    char *text = render(c, format, &len);
    /* An exact copy, unterminated, so that a read past the end is caught. */
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);

    rf_case *tree = empty_case(), *fast = empty_case();
    rf_error err = {0};
    if (rf__case_read_tree(tree, copy, len, &err) != RF_OK)
        fail_msg("%s: the tree loader refuses what rf_render_case wrote: %s: %s at %u:%u\n%s", label, err.field,
                 err.message, err.line, err.column, text);
    if (case_diff(c, tree, 0, what, sizeof what))
        fail_msg("%s: read back by the tree loader, %s differs\n%s", label, what, text);
    bool escaped = memchr(text, '\\', len) != NULL;
    bool accepted = rf__case_read_fast(fast, copy, len);
    /* The writer escapes free text only, which the fast reader decodes. */
    if (!accepted) fail_msg("%s: the fast reader declines what rf_render_case wrote\n%s", label, text);
    if (accepted && case_diff(tree, fast, CASE_DIFF_POSITIONS, what, sizeof what))
        fail_msg("%s: the fast reader and the tree loader read %s differently\n%s", label, what, text);
    t->fast_accepted += accepted;
    t->escaped += escaped;

    char *again = render(tree, format, &again_len);
    if (again_len != len || memcmp(again, text, len))
        fail_msg("%s: render(parse(render(x))) differs from render(x)\n%s\n---\n%s", label, text, again);
    if (format == RF_FORMAT_NDJSON) {
        assert_true(len > 0 && text[len - 1] == '\n');
        assert_null(memchr(text, '\n', len - 1));
    } else {
        assert_true(len > 0 && text[len - 1] == '\n');
    }
    rf_case_free(fast);
    rf_string_free(NULL, again);
    rf_string_free(NULL, text);
    free(copy);
    return tree;
}

static void round_trip(const rf_case *c, const char *label, tally *t) {
    char what[96];
    rf_case *pretty = round_trip_one(c, RF_FORMAT_JSON, label, t);
    rf_case *line = round_trip_one(c, RF_FORMAT_NDJSON, label, t);
    if (case_diff(pretty, line, 0, what, sizeof what)) fail_msg("%s: JSON and NDJSON read as different cases: %s", label, what);
    rf_case_free(pretty);
    rf_case_free(line);
    t->cases++;
}

static void report(const char *group, const tally *t) {
    printf("case_write: %-28s %5zu cases, %5zu texts the fast reader took, %4zu with an escape\n", group, t->cases,
           t->fast_accepted, t->escaped);
}

/* ---- the worked examples -------------------------------------------------------------------- */

static bool is_example_case(const char *name) {
    size_t n = strlen(name);
    return n > 5 && name[0] >= '0' && name[0] <= '9' && !strcmp(name + n - 5, ".json") &&
           !(n > 14 && !strcmp(name + n - 14, ".expected.json"));
}

static void test_examples(void **state) {
    (void)state;
    tally t = {0};
    DIR *dir = opendir(RF_SOURCE_DIR "/examples");
    assert_non_null(dir);
    for (struct dirent *d; (d = readdir(dir));) {
        if (!is_example_case(d->d_name)) continue;
        char path[1024];
        size_t len = 0;
        snprintf(path, sizeof path, "%s/examples/%s", RF_SOURCE_DIR, d->d_name);
        char *json = test_read_file(path, &len);
        assert_non_null(json);
        rf_case *c = NULL;
        rf_error err = {0};
        if (rf_case_parse(NULL, json, len, path, &c, &err) != RF_OK) fail_msg("%s: %s", path, err.message);
        round_trip(c, d->d_name, &t);
        rf_case_free(c);
        free(json);
    }
    closedir(dir);
    report("examples", &t);
    assert_true(t.cases >= 24);
    assert_int_equal(t.fast_accepted, 2 * t.cases);
}

/* ---- the bench generator's histories ------------------------------------------------------ */

static void test_generated_histories(void **state) {
    (void)state;
    tally t = {0};
    char command[512];
    snprintf(command, sizeof command, "%s 2000 7 2>/dev/null", RF_BENCH_GEN);
    FILE *in = popen(command, "r");
    assert_non_null(in);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    rf_case *c = empty_case();
    while ((n = getline(&line, &cap, in)) > 0) {
        rf_error err = {0};
        char label[32];
        if (rf__case_reparse(c, line, (size_t)n, &err) != RF_OK) fail_msg("line %zu: %s", t.cases + 1, err.message);
        snprintf(label, sizeof label, "history %zu", t.cases + 1);
        round_trip(c, label, &t);
    }
    free(line);
    rf_case_free(c);
    assert_int_equal(pclose(in), 0);
    report("bench generator", &t);
    assert_int_equal(t.cases, 2000);
}

/* ---- every value of every row ------------------------------------------------------------ */

/* Text a writer must leave alone (the first four), then strings it must
 * escape. A case built with plain_only set uses the first four only, so
 * that the fast reader reads it too. */
static char long_text[RF_MAX_STRING + 1];
static const char *const texts[] = {
    "plain",
    "买家留言:收到后发现问题,申请售后",
    "emoji \xF0\x9F\x98\x80, \xC3\xA9, \xE2\x82\xAC and / </script>",
    long_text,
    "a \"quoted\" word",
    "back\\slash and \\u0041 as text",
    "tab\there, newline\nthere, return\r, form feed\f, backspace\b",
    "\x01\x02\x1f control bytes and DEL \x7f",
};
#define TEXT_COUNT (sizeof texts / sizeof texts[0])
#define PLAIN_TEXT_COUNT 4
static bool plain_only;

static const rf_fen money_values[] = {0, 1, 10, 99, 100, 8800, 12345, RF_FEN_MAX};
static const rf_time time_values[] = {
    RF_TIME_MIN, RF_TIME_MIN + 1, -28801, -28800, 0, 1719230400, /* 2024-06-24T20:00:00+08:00 */
    INT64_C(253402300800) - 28801, INT64_C(253402300800) - 28800, RF_TIME_MAX - 1, RF_TIME_MAX,
};

/* Gives row f of the struct at base its i-th value (cycling). */
static void set_value(void *base, const rf__field *f, size_t i) {
    switch (f->type) {
    case RF__FT_TEXT: rf__field_set_text(base, f, texts[i % (plain_only ? PLAIN_TEXT_COUNT : TEXT_COUNT)]); break;
    case RF__FT_MONEY: rf__field_set_i64(base, f, money_values[i % (sizeof money_values / sizeof money_values[0])]); break;
    case RF__FT_TIME: rf__field_set_i64(base, f, time_values[i % (sizeof time_values / sizeof time_values[0])]); break;
    case RF__FT_BOOL: rf__field_set_bool(base, f, i & 1u); break;
    case RF__FT_ENUM:
    case RF__FT_ENUM_OR_NULL: rf__field_set_int(base, f, (int)(i % f->range)); break;
    case RF__FT_CHOICE: {
        int values[64], n = 0;
        for (int v = 0; v < 64; v++)
            if (f->range >> v & 1u) values[n++] = v;
        rf__field_set_int(base, f, values[i % (size_t)n]);
        break;
    }
    /* The imported-case types: null every few values. */
    case RF__FT_TEXT_OR_NULL:
        rf__field_set_text(base, f, i % 3 == 1 ? NULL : texts[i % (plain_only ? PLAIN_TEXT_COUNT : TEXT_COUNT)]);
        break;
    case RF__FT_CHOICE_OR_NULL: {
        int values[65], n = 1;
        values[0] = 0;
        for (int v = 0; v < 64; v++)
            if (f->range >> v & 1u) values[n++] = v;
        rf__field_set_int(base, f, values[i % (size_t)n]);
        break;
    }
    case RF__FT_SET: {
        /* none, each single name in turn, every other one, all of them */
        uint64_t mask = rf__set_mask(f);
        size_t k = i % ((size_t)f->range + 3);
        uint64_t set = k == 0 ? 0 : k == 1 ? mask : k == 2 ? (UINT64_C(0x5555555555555555) & mask)
                                                    : UINT64_C(1) << (k - 3);
        rf__field_set_u64(base, f, set);
        break;
    }
    case RF__FT_LIST: break; /* its elements are added one by one */
    }
}

/* How many values set_value cycles through for row f. */
static size_t value_count(const rf__field *f) {
    switch (f->type) {
    case RF__FT_TEXT: return TEXT_COUNT;
    case RF__FT_MONEY: return sizeof money_values / sizeof money_values[0];
    case RF__FT_TIME: return sizeof time_values / sizeof time_values[0];
    case RF__FT_BOOL: return 2;
    case RF__FT_ENUM:
    case RF__FT_ENUM_OR_NULL: return (size_t)f->range;
    case RF__FT_CHOICE: return (size_t)__builtin_popcountll(f->range);
    case RF__FT_TEXT_OR_NULL: return TEXT_COUNT + 1;
    case RF__FT_CHOICE_OR_NULL: return (size_t)__builtin_popcountll(f->range) + 1;
    case RF__FT_SET: return (size_t)f->range + 3;
    case RF__FT_LIST: return 1;
    }
    return 1;
}

static size_t most_values(void) {
    size_t most = 1;
    for (size_t i = 0; i < RF__ORDER_FIELD_COUNT; i++)
        if (value_count(&rf__order_fields[i]) > most) most = value_count(&rf__order_fields[i]);
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++)
        if (value_count(&rf__event_fields[i]) > most) most = value_count(&rf__event_fields[i]);
    for (size_t i = 0; i < RF__IMPORT_FIELD_COUNT; i++)
        if (value_count(&rf__import_fields[i]) > most) most = value_count(&rf__import_fields[i]);
    for (size_t i = 0; i < RF__IMPORT_REFUND_FIELD_COUNT; i++)
        if (value_count(&rf__import_refund_fields[i]) > most) most = value_count(&rf__import_refund_fields[i]);
    return most;
}

/* Case v: an order with every row at its v-th value, and for each event
 * type an event with every row it takes at the v-th value (odd v: only
 * the rows it requires), and values in the rows it does not carry, which
 * rf_case_append must drop. Built in code, so rf_case_append checks each. */
static rf_case *every_value_case(size_t v) {
    rf_order o = RF_ORDER_INIT;
    for (size_t i = 0; i < RF__ORDER_FIELD_COUNT; i++) set_value(&o, &rf__order_fields[i], v);
    if (!o.id) o.id = "order";
    rf_case *c = NULL;
    rf_error err = {0};
    if (rf_case_new(NULL, &o, &c, &err) != RF_OK) fail_msg("rf_case_new, value %zu: %s: %s", v, err.field, err.message);
    /* An import object most of the time, with 0 to 2 refunds (TOP.md section 3). */
    if (v % 4 != 3) {
        rf_case_import imp = RF_CASE_IMPORT_INIT;
        for (size_t i = 0; i < RF__IMPORT_FIELD_COUNT; i++) set_value(&imp, &rf__import_fields[i], v + i);
        if (rf_case_set_import(c, &imp, &err) != RF_OK)
            fail_msg("rf_case_set_import, value %zu: %s: %s", v, err.field, err.message);
        for (size_t k = 0; k < v % 3; k++) {
            rf_import_refund r = RF_IMPORT_REFUND_INIT;
            for (size_t i = 0; i < RF__IMPORT_REFUND_FIELD_COUNT; i++)
                set_value(&r, &rf__import_refund_fields[i], v + k + i);
            if (rf_case_add_import_refund(c, &r, &err) != RF_OK)
                fail_msg("rf_case_add_import_refund, value %zu: %s: %s", v, err.field, err.message);
        }
    }
    for (int type = 0; type < RF_EV_REFUND_SUCCEEDED; type++) {
        rf_event ev = RF_EVENT_INIT;
        char id[64];
        for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++) {
            const rf__field *f = &rf__event_fields[i];
            bool take = !f->bit || ((v & 1u) ? (f->required >> type & 1u) : (f->allowed >> type & 1u));
            if (!take) {
                /* A value the event does not carry: not kept, so not written. */
                set_value(&ev, f, v + 1);
                continue;
            }
            set_value(&ev, f, v + (size_t)type);
            ev.has |= f->bit;
        }
        ev.type = (rf_event_type)type;
        /* A unique id, with something to escape in it now and then. */
        snprintf(id, sizeof id, "e%d-%zu%s", type, v, plain_only || (v + (size_t)type) % 3 ? "" : " \"x\"\\\t中");
        ev.id = id;
        if (rf_case_append(c, &ev, &err) != RF_OK)
            fail_msg("rf_case_append %s, value %zu: %s: %s", rf_enum_name(RF_ENUM_EVENT, type), v, err.field,
                     err.message);
    }
    return c;
}

/* 4,096 bytes of two-byte characters and a few ASCII ones. */
static void init_long_text(void) {
    for (size_t i = 0; i < RF_MAX_STRING;) {
        if (i % 64 == 0 || RF_MAX_STRING - i < 2) {
            long_text[i++] = 'a';
        } else {
            long_text[i++] = '\xC3';
            long_text[i++] = '\xA9';
        }
    }
    long_text[RF_MAX_STRING] = '\0';
}

static void test_every_value(void **state) {
    (void)state;
    assert_int_equal(strlen(long_text), RF_MAX_STRING);
    tally t = {0};
    size_t n = 2 * most_values();
    for (size_t v = 0; v < n; v++) {
        char label[48];
        plain_only = v % 3 == 2;
        rf_case *c = every_value_case(v);
        snprintf(label, sizeof label, "every value, #%zu", v);
        round_trip(c, label, &t);
        rf_case_free(c);
    }
    plain_only = false;
    report("every value of every row", &t);
    assert_true(t.escaped > 0);
    assert_int_equal(t.fast_accepted, 2 * t.cases);
}

/* The pretty text, spot-checked: one member per line, FORMAT.md's keys. */
static void test_pretty_shape(void **state) {
    (void)state;
    rf_order o = RF_ORDER_INIT;
    o.id = "TB-1";
    o.item_amount = 8800;
    rf_case *c = NULL;
    assert_int_equal(rf_case_new(NULL, &o, &c, NULL), RF_OK);
    rf_event ev = RF_EVENT_INIT;
    ev.id = "e1";
    ev.at = 1718845200; /* 2024-06-20T09:00:00+08:00 */
    ev.type = RF_EV_REFUND_REQUESTED;
    ev.has = RF_HAS_KIND | RF_HAS_REASON | RF_HAS_AMOUNT;
    ev.kind = RF_KIND_RETURN_REFUND;
    ev.amount = 8050;
    assert_int_equal(rf_case_append(c, &ev, NULL), RF_OK);
    size_t len = 0;
    char *text = render(c, RF_FORMAT_JSON, &len);
    assert_string_equal(text,
                        "{\n"
                        "  \"schema\": \"refund-case/1\",\n"
                        "  \"order\": {\n"
                        "    \"id\": \"TB-1\",\n"
                        "    \"channel\": \"c_store\",\n"
                        "    \"item_amount\": \"88.00\",\n"
                        "    \"shipping_fee\": \"0.00\",\n"
                        "    \"free_shipping\": false,\n"
                        "    \"seller_shipping_cost\": \"0.00\",\n"
                        "    \"shipping_insurance\": \"none\",\n"
                        "    \"invoice_issued\": false,\n"
                        "    \"seven_day_return\": true,\n"
                        "    \"ship_exempt\": null,\n"
                        "    \"delivery\": \"express\"\n"
                        "  },\n"
                        "  \"events\": [\n"
                        "    {\n"
                        "      \"id\": \"e1\",\n"
                        "      \"at\": \"2024-06-20T09:00:00+08:00\",\n"
                        "      \"actor\": \"buyer\",\n"
                        "      \"type\": \"refund_requested\",\n"
                        "      \"kind\": \"return_refund\",\n"
                        "      \"reason\": \"no_reason\",\n"
                        "      \"amount\": \"80.50\"\n"
                        "    }\n"
                        "  ]\n"
                        "}\n");
    rf_string_free(NULL, text);
    /* The ends of time keep a four-digit year. */
    rf_case_truncate(c, 0);
    ev.type = RF_EV_PAID;
    ev.has = 0;
    ev.at = RF_TIME_MIN;
    assert_int_equal(rf_case_append(c, &ev, NULL), RF_OK);
    ev.id = "e2";
    ev.at = RF_TIME_MAX;
    assert_int_equal(rf_case_append(c, &ev, NULL), RF_OK);
    text = render(c, RF_FORMAT_NDJSON, &len);
    assert_non_null(strstr(text, "\"at\":\"1970-01-01T00:00:00+23:59\""));
    assert_non_null(strstr(text, "\"at\":\"9999-12-31T23:59:59-23:59\""));
    rf_string_free(NULL, text);
    rf_case_free(c);
}

/* ---- errors ---------------------------------------------------------------------------------- */

static void test_errors(void **state) {
    (void)state;
    rf_order o = RF_ORDER_INIT;
    o.id = "TB-1";
    rf_case *c = NULL;
    assert_int_equal(rf_case_new(NULL, &o, &c, NULL), RF_OK);
    char *text = (char *)(uintptr_t)1;
    size_t len = 99;
    assert_int_equal(rf_render_case(NULL, c, RF_FORMAT_TEXT, &text, &len), RF_E_INVALID);
    assert_null(text);
    assert_int_equal(len, 0);
    assert_int_equal(rf_render_case(NULL, c, (rf_format)7, &text, NULL), RF_E_INVALID);
    assert_int_equal(rf_render_case(NULL, NULL, RF_FORMAT_JSON, &text, NULL), RF_E_INVALID);
    assert_null(text);
    assert_int_equal(rf_render_case(NULL, c, RF_FORMAT_JSON, NULL, NULL), RF_E_INVALID);
    /* len may be NULL. */
    assert_int_equal(rf_render_case(NULL, c, RF_FORMAT_NDJSON, &text, NULL), RF_OK);
    rf_string_free(NULL, text);
    rf_case_free(c);
}

/* An allocator that fails the k-th allocation, and every one after it. */
typedef struct failing {
    long calls, fail_at, live;
} failing;

static void *f_malloc(void *ud, size_t size) {
    failing *f = ud;
    if (f->fail_at && ++f->calls >= f->fail_at) return NULL;
    void *p = malloc(size);
    if (p) f->live++;
    return p;
}

static void *f_realloc(void *ud, void *ptr, size_t old_size, size_t size) {
    (void)old_size;
    failing *f = ud;
    if (f->fail_at && ++f->calls >= f->fail_at) return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr) f->live++;
    return p;
}

static void f_free(void *ud, void *ptr) {
    failing *f = ud;
    if (ptr) f->live--;
    free(ptr);
}

static void test_out_of_memory(void **state) {
    (void)state;
    failing f = {0, 0, 0};
    rf_allocator a = {f_malloc, f_realloc, f_free, &f};
    rf_ctx *ctx = rf_ctx_new(&a);
    assert_non_null(ctx);
    rf_case *c = every_value_case(0);
    long base = f.live;
    for (int format = RF_FORMAT_JSON; format <= RF_FORMAT_NDJSON; format++) {
        long k;
        for (k = 1;; k++) {
            char *text = (char *)(uintptr_t)1;
            f.calls = 0;
            f.fail_at = k;
            rf_status st = rf_render_case(ctx, c, (rf_format)format, &text, NULL);
            f.fail_at = 0;
            if (st == RF_OK) {
                rf_string_free(ctx, text);
                break;
            }
            assert_int_equal(st, RF_E_NOMEM);
            assert_null(text);
            if (f.live != base) fail_msg("allocation %ld failed: %ld blocks leaked", k, f.live - base);
        }
        assert_true(k > 1);
        assert_int_equal(f.live, base);
    }
    rf_case_free(c);
    rf_ctx_free(ctx);
    assert_int_equal(f.live, 0);
}

int main(void) {
    init_long_text();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_generated_histories),
        cmocka_unit_test(test_every_value),
        cmocka_unit_test(test_pretty_shape),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
