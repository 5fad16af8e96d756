/*
 * A field added to the case format needs its schema row, its member and its
 * initializer, and no other edit: not in the tree loader, the fast reader,
 * the checks of rf_case_new and rf_case_append, rf_case_clone or
 * rf_render_case.
 *
 * `make check` builds the library once more with RF_SCHEMA_TEST_EXTRA
 * ($(BUILD)/schema-extra/), which adds one row to each list of
 * lib/schema.h: an optional order flag `test_extra_flag` (default true) and
 * an optional event amount `test_extra_fee` (refund_agreed and ruling may
 * carry it), with their members reserved at the end of rf_order and
 * rf_event in include/refund.h. This program, built with the same macro,
 * checks that both readers read the new keys, refuse a wrong type naming
 * the field, that the writer writes them and the round trip holds, that a
 * caller's struct of the older (smaller) size gets the new field's
 * default, and that values built in code are checked by the new row.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_diff.h"
#include "case_read.h"
#include "schema.h"

#ifndef RF_SCHEMA_TEST_EXTRA
#error "tests/test_schema_extra.c is built with -DRF_SCHEMA_TEST_EXTRA, against a library built with it (make check)"
#endif

/* A case document: order members extra_order, the events of events. */
static char *doc(const char *extra_order, const char *events) {
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"schema\": \"refund-case/1\",\n"
             " \"order\": {\"id\": \"TB-X\", \"channel\": \"mall\", \"item_amount\": \"88.00\"%s},\n"
             " \"events\": [%s]}\n",
             extra_order, events);
    return buf;
}

static const char *const head_events =
    "{\"id\": \"e1\", \"at\": \"2024-06-20T09:00:00+08:00\", \"actor\": \"buyer\", \"type\": \"order_created\"},\n"
    "  {\"id\": \"e2\", \"at\": \"2024-06-20T09:05:00+08:00\", \"actor\": \"buyer\", \"type\": \"paid\"},\n"
    "  {\"id\": \"e3\", \"at\": \"2024-06-21T09:05:00+08:00\", \"actor\": \"buyer\", \"type\": \"refund_requested\", "
    "\"kind\": \"refund_only\", \"reason\": \"not_received\"}";

/* Both readers on text: the tree loader's status and case (NULL on error);
 * the fast reader must agree whenever it accepts. */
static rf_case *read_both(const char *text, rf_error *err, bool *fast_accepted) {
    size_t len = strlen(text);
    rf_case *tree = rf__case_alloc(&rf__default_allocator), *fast = rf__case_alloc(&rf__default_allocator);
    assert_non_null(tree);
    assert_non_null(fast);
    memset(err, 0, sizeof *err);
    rf_status st = rf__case_read_tree(tree, text, len, err);
    *fast_accepted = rf__case_read_fast(fast, text, len);
    if (*fast_accepted) {
        char what[96];
        assert_int_equal(st, RF_OK);
        if (case_diff(fast, tree, CASE_DIFF_POSITIONS, what, sizeof what)) fail_msg("the readers differ: %s", what);
    }
    rf_case_free(fast);
    if (st != RF_OK) {
        rf_case_free(tree);
        return NULL;
    }
    return tree;
}

/* The rows are there, in the tables every part of the library walks. */
static void test_rows(void **state) {
    (void)state;
    const rf__field *flag = rf__field_find(rf__order_fields, RF__ORDER_FIELD_COUNT, "test_extra_flag", 15);
    const rf__field *fee = rf__field_find(rf__event_fields, RF__EVENT_FIELD_COUNT, "test_extra_fee", 14);
    assert_non_null(flag);
    assert_non_null(fee);
    assert_int_equal(flag->offset, offsetof(rf_order, test_extra_flag));
    assert_int_equal(fee->offset, offsetof(rf_event, test_extra_fee));
    assert_int_equal(rf__case_shapes[RF_EV_REFUND_AGREED].allowed & RF_HAS_TEST_EXTRA_FEE, RF_HAS_TEST_EXTRA_FEE);
    assert_int_equal(rf__case_shapes[RF_EV_PAID].allowed & RF_HAS_TEST_EXTRA_FEE, 0);
    /* The default of the row, of RF_ORDER_INIT and of rf_order_init. */
    rf_order init = RF_ORDER_INIT, by_function;
    rf_order_init(&by_function);
    assert_true(rf__order_defaults.test_extra_flag);
    assert_true(init.test_extra_flag);
    assert_true(by_function.test_extra_flag);
    rf_event ev = RF_EVENT_INIT;
    assert_true(ev.test_extra_fee == 0);
}

/* Both readers read the new keys, and their defaults when absent. */
static void test_read(void **state) {
    (void)state;
    char events[2048];
    rf_error err;
    bool fast;
    snprintf(events, sizeof events,
             "%s,\n  {\"id\": \"e4\", \"at\": \"2024-06-22T09:00:00+08:00\", \"actor\": \"seller\", "
             "\"type\": \"refund_agreed\", \"test_extra_fee\": \"12.34\"}",
             head_events);
    rf_case *c = read_both(doc(", \"test_extra_flag\": false", events), &err, &fast);
    assert_non_null(c);
    assert_true(fast);
    assert_false(rf_case_order(c)->test_extra_flag);
    const rf_event *e4 = rf_case_event(c, 3);
    assert_int_equal(e4->has, RF_HAS_TEST_EXTRA_FEE);
    assert_true(e4->test_extra_fee == 1234);
    rf_case_free(c);

    /* Left out: the default, and no has-bit. */
    c = read_both(doc("", head_events), &err, &fast);
    assert_non_null(c);
    assert_true(fast);
    assert_true(rf_case_order(c)->test_extra_flag);
    for (size_t i = 0; i < rf_case_event_count(c); i++) assert_int_equal(rf_case_event(c, i)->has & RF_HAS_TEST_EXTRA_FEE, 0);
    rf_case_free(c);

    /* Through the public API and one event, too. */
    const char *text = doc(", \"test_extra_flag\": false", events);
    assert_int_equal(rf_case_parse(NULL, text, strlen(text), NULL, &c, NULL), RF_OK);
    rf_event out = RF_EVENT_INIT;
    const char *one = "{\"id\": \"e5\", \"at\": \"2024-06-23T09:00:00+08:00\", \"actor\": \"platform\", "
                      "\"type\": \"ruling\", \"for\": \"buyer\", \"test_extra_fee\": \"0.5\"}";
    assert_int_equal(rf_case_parse_event(c, one, strlen(one), NULL, &out, NULL), RF_OK);
    assert_true(out.test_extra_fee == 50);
    assert_int_equal(out.has, RF_HAS_FOR | RF_HAS_TEST_EXTRA_FEE);
    rf_case_free(c);
}

/* A wrong type, a misplaced key: refused by the tree loader with the
 * field named, declined by the fast reader. */
static void test_refused(void **state) {
    (void)state;
    rf_error err;
    bool fast;
    assert_null(read_both(doc(", \"test_extra_flag\": \"yes\"", head_events), &err, &fast));
    assert_false(fast);
    assert_int_equal(err.code, RF_E_INVALID);
    assert_string_equal(err.field, "order.test_extra_flag");
    assert_string_equal(err.message, "must be true or false");
    assert_int_equal(err.line, 2);

    char events[2048];
    snprintf(events, sizeof events,
             "%s,\n  {\"id\": \"e4\", \"at\": \"2024-06-22T09:00:00+08:00\", \"actor\": \"seller\", "
             "\"type\": \"refund_agreed\", \"test_extra_fee\": 12.34}",
             head_events);
    assert_null(read_both(doc("", events), &err, &fast));
    assert_false(fast);
    assert_string_equal(err.field, "events[3].test_extra_fee");
    assert_string_equal(err.message,
                        "money must be a string of yuan such as \"88.00\", not the number 12.34: put it in quotes, \"12.34\"");
    assert_int_equal(err.line, 6);

    snprintf(events, sizeof events,
             "%s,\n  {\"id\": \"e4\", \"at\": \"2024-06-22T09:00:00+08:00\", \"actor\": \"buyer\", "
             "\"type\": \"paid\", \"test_extra_fee\": \"1.00\"}",
             head_events);
    assert_null(read_both(doc("", events), &err, &fast));
    assert_false(fast);
    assert_string_equal(err.field, "events[3].test_extra_fee");
    assert_string_equal(err.message, "key \"test_extra_fee\" does not belong to a paid event");

    /* And a repeated one: the loader refuses it (well-formed JSON, not a
     * valid case), the fast reader declines. */
    assert_null(read_both(doc(", \"test_extra_flag\": true, \"test_extra_flag\": false", head_events), &err, &fast));
    assert_false(fast);
    assert_int_equal(err.code, RF_E_INVALID);
    assert_int_equal(err.detail, RF_ERR_DUPLICATE_KEY);
    assert_string_equal(err.field, "order.test_extra_flag");
}

/* The writer writes them, and the text reads back through both readers. */
static void test_written(void **state) {
    (void)state;
    rf_order o = RF_ORDER_INIT;
    o.id = "TB-X";
    o.test_extra_flag = false;
    rf_case *c = NULL;
    assert_int_equal(rf_case_new(NULL, &o, &c, NULL), RF_OK);
    rf_event ev = RF_EVENT_INIT;
    ev.id = "e1";
    ev.at = 1718845200;
    ev.actor = RF_ACTOR_SELLER;
    ev.type = RF_EV_REFUND_AGREED;
    ev.has = RF_HAS_TEST_EXTRA_FEE;
    ev.test_extra_fee = 880;
    assert_int_equal(rf_case_append(c, &ev, NULL), RF_OK);
    for (int format = RF_FORMAT_JSON; format <= RF_FORMAT_NDJSON; format++) {
        char *text = NULL, *again = NULL, what[96];
        size_t len = 0, again_len = 0;
        assert_int_equal(rf_render_case(NULL, c, (rf_format)format, &text, &len), RF_OK);
        assert_non_null(strstr(text, format == RF_FORMAT_JSON ? "\"test_extra_flag\": false" : "\"test_extra_flag\":false"));
        assert_non_null(strstr(text, format == RF_FORMAT_JSON ? "\"test_extra_fee\": \"8.80\"" : "\"test_extra_fee\":\"8.80\""));
        rf_error err;
        bool fast;
        rf_case *back = read_both(text, &err, &fast);
        if (!back) fail_msg("%s: %s\n%s", err.field, err.message, text);
        assert_true(fast);
        if (case_diff(c, back, 0, what, sizeof what)) fail_msg("read back: %s differs", what);
        assert_int_equal(rf_render_case(NULL, back, (rf_format)format, &again, &again_len), RF_OK);
        assert_int_equal(again_len, len);
        assert_memory_equal(again, text, len);
        rf_string_free(NULL, text);
        rf_string_free(NULL, again);
        rf_case_free(back);
    }
    /* A copy carries it. */
    rf_case *copy = NULL;
    assert_int_equal(rf_case_clone(c, &copy, NULL), RF_OK);
    assert_int_equal(rf_case_event(copy, 0)->test_extra_fee, 880);
    rf_case_free(copy);
    rf_case_free(c);
}

/* Values built in code are checked by the row: out of range, or on a type
 * that does not take it. */
static void test_built_in_code(void **state) {
    (void)state;
    rf_order o = RF_ORDER_INIT;
    o.id = "TB-X";
    rf_case *c = NULL;
    assert_int_equal(rf_case_new(NULL, &o, &c, NULL), RF_OK);
    rf_event ev = RF_EVENT_INIT;
    ev.id = "e1";
    ev.type = RF_EV_RULING;
    ev.has = RF_HAS_FOR | RF_HAS_TEST_EXTRA_FEE;
    ev.test_extra_fee = RF_FEN_MAX + 1;
    rf_error err = {0};
    assert_int_equal(rf_case_append(c, &ev, &err), RF_E_INVALID);
    assert_string_equal(err.field, "test_extra_fee");
    ev.type = RF_EV_PAID;
    ev.has = RF_HAS_TEST_EXTRA_FEE;
    ev.test_extra_fee = 1;
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_case_append(c, &ev, &err), RF_E_INVALID);
    assert_string_equal(err.field, "test_extra_fee");
    rf_case_free(c);
}

/* A program built before the field existed passes the smaller size it
 * knows: the library reads only those bytes, and the new field gets its
 * default whatever lies past them in the caller's memory. */
static void test_older_program(void **state) {
    (void)state;
    rf_order o;
    memset(&o, 0xff, sizeof o); /* what an older program's stack holds past its struct */
    rf_order_init(&o);
    o.id = "TB-OLD";
    o.test_extra_flag = false;
    o.size = offsetof(rf_order, test_extra_flag);
    rf_case *c = NULL;
    assert_int_equal(rf_case_new(NULL, &o, &c, NULL), RF_OK);
    assert_true(rf_case_order(c)->test_extra_flag); /* the default, not the caller's false */
    assert_int_equal(rf_case_order(c)->size, sizeof(rf_order));
    rf_event ev;
    memset(&ev, 0xff, sizeof ev);
    rf_event_init(&ev);
    ev.id = "e1";
    ev.type = RF_EV_REFUND_AGREED;
    ev.actor = RF_ACTOR_SELLER;
    ev.test_extra_fee = -5; /* out of range, but past the older size: never read */
    ev.size = offsetof(rf_event, test_extra_fee);
    assert_int_equal(rf_case_append(c, &ev, NULL), RF_OK);
    assert_true(rf_case_event(c, 0)->test_extra_fee == 0);
    assert_int_equal(rf_case_event(c, 0)->size, sizeof(rf_event));
    rf_case_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_written),
        cmocka_unit_test(test_built_in_code),
        cmocka_unit_test(test_older_program),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
