/*
 * What NULL means, function by function, as include/refund.h states it.
 *
 * Every pointer parameter of the public API either accepts NULL with a
 * stated meaning or refuses it with a stated status; none may crash. Each
 * test below passes NULL where a caller plausibly might (an allocation that
 * failed, a parse that failed, an optional output left out) and checks the
 * documented answer, and that err, when given, is filled (first error wins).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "refund.h"

static const char CASE_JSON[] =
    "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"o1\",\"channel\":\"c_store\","
    "\"item_amount\":\"10.00\",\"shipping_fee\":\"0.00\"},\"events\":["
    "{\"id\":\"e1\",\"at\":\"2024-06-01T10:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"order_created\"}]}";
static const char EVENT_JSON[] =
    "{\"id\":\"e2\",\"at\":\"2024-06-01T11:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"paid\"}";

static rf_case *parse_case(void) {
    rf_case *c = NULL;
    assert_int_equal(rf_case_parse(NULL, CASE_JSON, strlen(CASE_JSON), NULL, &c, NULL), RF_OK);
    return c;
}

/* err holds status st, with a message. */
static void assert_err(const rf_error *err, rf_status st) {
    assert_int_equal(err->code, st);
    assert_true(err->message[0] != '\0');
}

static void test_money_and_time(void **state) {
    (void)state;
    rf_fen fen = 7;
    rf_time t = 7;
    assert_int_equal(rf_money_parse(NULL, 0, &fen), RF_E_INVALID);
    assert_int_equal(rf_money_parse(NULL, 2, &fen), RF_E_INVALID);
    /* Was a crash: a NULL out after a valid text. */
    assert_int_equal(rf_money_parse("88", 2, NULL), RF_E_INVALID);
    assert_int_equal(fen, 7);
    assert_int_equal(rf_time_parse(NULL, 20, &t), RF_E_INVALID);
    assert_int_equal(rf_time_parse("2024-06-01T10:00:00Z", 20, NULL), RF_E_INVALID);
    assert_int_equal(t, 7);
    /* Were crashes: nowhere to write is NULL back, nothing written. */
    assert_null(rf_money_format(100, NULL));
    assert_null(rf_time_format(0, NULL));
}

static void test_names(void **state) {
    (void)state;
    int64_t min = -5;
    assert_int_equal(rf_enum_lookup(RF_ENUM_ACTOR, NULL, 5), -1);
    assert_int_equal(rf_policy_key_lookup(NULL, 10), -1);
    assert_true(rf_policy_key_range(RF_POLICY_SHIP_HOURS, NULL, NULL));
    assert_true(rf_policy_key_range(RF_POLICY_SHIP_HOURS, &min, NULL));
    assert_int_equal(min, 0);
    assert_null(rf_machine_lookup(NULL));
}

/* Were crashes: every _init function does nothing with NULL. */
static void test_initializers(void **state) {
    (void)state;
    rf_order_init(NULL);
    rf_event_init(NULL);
    rf_settle_request_init(NULL);
    rf_settlement_init(NULL);
    rf_replay_options_init(NULL);
    rf_facts_init(NULL);
    rf_order o;
    memset(&o, 0, sizeof o);
    rf_order_init(&o);
    assert_int_equal(o.size, sizeof o);
    assert_true(o.seven_day_return);
}

static void test_context(void **state) {
    (void)state;
    rf_error err = {0};
    rf_ctx_free(NULL);
    rf_ctx *ctx = rf_ctx_new(NULL);
    assert_non_null(ctx);
    assert_int_equal(rf_ctx_get_policy(NULL, RF_POLICY_SHIP_HOURS), 72);
    assert_int_equal(rf_ctx_set_policy(NULL, RF_POLICY_SHIP_HOURS, 48, &err), RF_E_USAGE);
    assert_err(&err, RF_E_USAGE);
    assert_int_equal(rf_ctx_set_policy(NULL, RF_POLICY_SHIP_HOURS, 48, NULL), RF_E_USAGE);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_load_policy(NULL, "{}", 2, "p.json", &err), RF_E_USAGE);
    assert_err(&err, RF_E_USAGE);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_load_policy(ctx, NULL, 5, NULL, &err), RF_E_USAGE);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_load_policy(ctx, NULL, 0, "p.json", &err), RF_E_JSON);
    assert_string_equal(err.name, "p.json");
    assert_int_equal(rf_ctx_load_policy(ctx, "[", 1, NULL, NULL), RF_E_JSON);
    /* First error wins: a second failure leaves err as it was. */
    assert_int_equal(rf_ctx_set_policy(NULL, RF_POLICY_SHIP_HOURS, 48, &err), RF_E_USAGE);
    assert_int_equal(err.code, RF_E_JSON);
    rf_ctx_free(ctx);
}

static void test_calendar(void **state) {
    (void)state;
    rf_error err = {0};
    rf_day_kind kind = RF_DAY_WORKDAY;
    int first = 1, last = 1;
    rf_calendar_free(NULL);
    assert_false(rf_calendar_years(NULL, &first, &last));
    assert_int_equal(first, 1);
    rf_calendar *cal = rf_ctx_copy_calendar(NULL);
    assert_non_null(cal);
    assert_true(rf_calendar_years(cal, NULL, NULL));
    assert_int_equal(rf_calendar_cover(NULL, 2030, 2030, &err), RF_E_USAGE);
    assert_err(&err, RF_E_USAGE);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_calendar_set_day(NULL, 2024, 1, 1, RF_DAY_HOLIDAY, &err), RF_E_USAGE);
    assert_err(&err, RF_E_USAGE);
    assert_int_equal(rf_calendar_get_day(NULL, 2024, 1, 1, &kind), RF_E_USAGE);
    assert_int_equal(rf_calendar_get_day(cal, 2024, 1, 1, NULL), RF_E_USAGE);
    assert_int_equal(kind, RF_DAY_WORKDAY);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_set_calendar(NULL, cal, &err), RF_E_USAGE);
    assert_err(&err, RF_E_USAGE);
    rf_ctx *ctx = rf_ctx_new(NULL);
    assert_int_equal(rf_ctx_set_calendar(ctx, NULL, NULL), RF_OK); /* the built-in one again */
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_load_calendar(NULL, "{}", 2, NULL, &err), RF_E_USAGE);
    assert_err(&err, RF_E_USAGE);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_load_calendar(ctx, NULL, 0, NULL, &err), RF_E_USAGE);
    assert_err(&err, RF_E_USAGE);
    rf_calendar *empty = rf_calendar_new(NULL);
    assert_non_null(empty);
    assert_int_equal(rf_ctx_set_calendar(ctx, empty, NULL), RF_E_INVALID);
    rf_calendar_free(empty);
    rf_calendar_free(cal);
    rf_ctx_free(ctx);
}

static void test_cases(void **state) {
    (void)state;
    rf_error err = {0};
    rf_case *c = (rf_case *)&err; /* not NULL: each failing call must set it to NULL */
    rf_order order = RF_ORDER_INIT;
    rf_event ev = RF_EVENT_INIT;

    assert_int_equal(rf_case_parse(NULL, NULL, 0, "c.json", &c, &err), RF_E_JSON);
    assert_null(c);
    assert_string_equal(err.name, "c.json");
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_case_parse(NULL, NULL, 5, NULL, &c, &err), RF_E_USAGE);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_case_parse(NULL, CASE_JSON, strlen(CASE_JSON), NULL, NULL, &err), RF_E_INVALID);
    assert_err(&err, RF_E_INVALID);
    rf_case_free(NULL);

    c = (rf_case *)&err;
    assert_int_equal(rf_case_new(NULL, NULL, &c, NULL), RF_E_INVALID);
    assert_null(c);
    assert_int_equal(rf_case_new(NULL, &order, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_case_new(NULL, &order, &c, NULL), RF_OK); /* a NULL id is "" */
    assert_string_equal(rf_case_order(c)->id, "");
    rf_case_free(c);

    c = parse_case();
    rf_case *copy = (rf_case *)&err;
    assert_int_equal(rf_case_clone(NULL, &copy, NULL), RF_E_INVALID);
    assert_null(copy);
    assert_int_equal(rf_case_clone(c, NULL, NULL), RF_E_INVALID);

    /* Were crashes (or a bogus pointer): a NULL case has no order and no events. */
    assert_null(rf_case_order(NULL));
    assert_int_equal(rf_case_event_count(NULL), 0);
    assert_null(rf_case_event(NULL, 0));

    memset(&err, 0, sizeof err);
    assert_int_equal(rf_case_parse_event(NULL, EVENT_JSON, strlen(EVENT_JSON), NULL, &ev, &err), RF_E_INVALID);
    assert_err(&err, RF_E_INVALID);
    assert_int_equal(rf_case_parse_event(c, EVENT_JSON, strlen(EVENT_JSON), NULL, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_case_parse_event(c, NULL, 0, NULL, &ev, NULL), RF_E_JSON);
    assert_int_equal(rf_case_parse_event(c, EVENT_JSON, strlen(EVENT_JSON), NULL, &ev, NULL), RF_OK);

    memset(&err, 0, sizeof err);
    assert_int_equal(rf_case_append(NULL, &ev, &err), RF_E_INVALID);
    assert_err(&err, RF_E_INVALID);
    assert_int_equal(rf_case_append(c, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_case_event_count(c), 1);
    rf_case_truncate(NULL, 0);
    rf_case_free(c);
}

static void test_splice(void **state) {
    (void)state;
    rf_error err = {0};
    char *out = (char *)&err;
    size_t len = 9;
    /* Was a crash: a NULL out. */
    assert_int_equal(rf_case_splice_event(NULL, CASE_JSON, strlen(CASE_JSON), EVENT_JSON, strlen(EVENT_JSON),
                                          NULL, &len, &err),
                     RF_E_INVALID);
    assert_err(&err, RF_E_INVALID);
    assert_int_equal(rf_case_splice_event(NULL, NULL, 5, EVENT_JSON, strlen(EVENT_JSON), &out, &len, NULL),
                     RF_E_USAGE);
    assert_null(out);
    assert_int_equal(rf_case_splice_event(NULL, CASE_JSON, strlen(CASE_JSON), NULL, 0, &out, &len, NULL),
                     RF_E_JSON);
    assert_int_equal(rf_case_splice_event(NULL, CASE_JSON, strlen(CASE_JSON), EVENT_JSON, strlen(EVENT_JSON),
                                          &out, NULL, NULL),
                     RF_OK);
    assert_non_null(strstr(out, "\"e2\""));
    rf_string_free(NULL, out);
    rf_string_free(NULL, NULL);
}

static void test_settle_and_machines(void **state) {
    (void)state;
    rf_error err = {0};
    rf_order order = RF_ORDER_INIT;
    rf_settle_request req = RF_SETTLE_REQUEST_INIT;
    rf_settlement s = RF_SETTLEMENT_INIT;
    rf_step step;
    order.item_amount = 1000;
    assert_int_equal(rf_settle(NULL, NULL, &req, &s, &err), RF_E_INVALID);
    assert_err(&err, RF_E_INVALID);
    assert_int_equal(rf_settle(NULL, &order, NULL, &s, NULL), RF_E_INVALID);
    assert_int_equal(rf_settle(NULL, &order, &req, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_settle(NULL, &order, &req, &s, NULL), RF_OK);
    assert_int_equal(s.refund, 1000);
    assert_int_equal(rf_machine_step(NULL, 0, RF_EV_PAID, RF_ACTOR_BUYER, NULL, &step), RF_E_INVALID);
    assert_false(step.allowed);
    assert_null(step.row);
    const rf_machine *trade = rf_machine_get(RF_MACHINE_TRADE);
    assert_int_equal(rf_machine_step(trade, RF_TRADE_WAIT_BUYER_PAY, RF_EV_PAID, RF_ACTOR_BUYER, NULL, NULL),
                     RF_E_INVALID);
    assert_int_equal(rf_machine_step(trade, RF_TRADE_WAIT_BUYER_PAY, RF_EV_PAID, RF_ACTOR_BUYER, NULL, &step),
                     RF_OK);
    assert_true(step.allowed);
}

static void test_replay_and_render(void **state) {
    (void)state;
    rf_error err = {0};
    rf_verdict *v = (rf_verdict *)&err;
    rf_case *c = parse_case();
    bool legal = true;
    char *out = (char *)&err;
    size_t len = 9;
    rf_settlement s = RF_SETTLEMENT_INIT;

    assert_int_equal(rf_replay(NULL, NULL, NULL, &v, &err), RF_E_INVALID);
    assert_null(v);
    assert_err(&err, RF_E_INVALID);
    assert_int_equal(rf_replay(NULL, c, NULL, NULL, NULL), RF_E_INVALID);
    rf_verdict_free(NULL);
    v = (rf_verdict *)&err;
    assert_int_equal(rf_case_try(NULL, c, NULL, &legal, &v, NULL), RF_E_INVALID);
    assert_null(v);
    assert_false(legal);
    assert_int_equal(rf_replay(NULL, c, NULL, &v, NULL), RF_OK);

    /* Were crashes: a NULL verdict, settlement or out. */
    assert_int_equal(rf_render_verdict(NULL, NULL, RF_FORMAT_JSON, RF_LANG_EN, &out, &len), RF_E_INVALID);
    assert_null(out);
    assert_int_equal(rf_render_verdict(NULL, v, RF_FORMAT_JSON, RF_LANG_EN, NULL, &len), RF_E_INVALID);
    out = (char *)&err;
    assert_int_equal(rf_render_settlement(NULL, NULL, RF_FORMAT_TEXT, RF_LANG_ZH, &out, NULL), RF_E_INVALID);
    assert_null(out);
    assert_int_equal(rf_render_settlement(NULL, &s, RF_FORMAT_TEXT, RF_LANG_ZH, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_render_policy(NULL, NULL, &len), RF_E_INVALID);
    assert_int_equal(rf_render_rules(NULL, RF_LANG_EN, NULL, &len), RF_E_INVALID);
    assert_int_equal(rf_render_graph(NULL, RF_MACHINE_TRADE, "dot", NULL, &len), RF_E_INVALID);
    out = (char *)&err;
    assert_int_equal(rf_render_graph(NULL, RF_MACHINE_TRADE, NULL, &out, &len), RF_E_INVALID);
    assert_null(out);
    assert_int_equal(rf_render_case(NULL, NULL, RF_FORMAT_JSON, &out, &len), RF_E_INVALID);
    assert_int_equal(rf_render_case(NULL, c, RF_FORMAT_JSON, NULL, &len), RF_E_INVALID);
    /* len may be NULL; ctx NULL is the C allocator. */
    assert_int_equal(rf_render_verdict(NULL, v, RF_FORMAT_NDJSON, RF_LANG_EN, &out, NULL), RF_OK);
    rf_string_free(NULL, out);
    assert_int_equal(rf_render_policy(NULL, &out, NULL), RF_OK);
    rf_string_free(NULL, out);

    /* Was a crash: a NULL buf with a size counts and writes nothing. */
    rf_finding f;
    memset(&f, 0, sizeof f);
    f.code = RF_FINDING_LATE_SHIPMENT;
    f.type = RF_EV_SHIPPED;
    f.actor = RF_ACTOR_SELLER;
    size_t n = rf_finding_message(&f, RF_LANG_EN, NULL, 64);
    char buf[256];
    assert_int_equal(rf_finding_message(&f, RF_LANG_EN, buf, sizeof buf), n);
    assert_true(n > 0);
    buf[0] = 'x';
    assert_int_equal(rf_finding_message(NULL, RF_LANG_EN, buf, sizeof buf), 0);
    assert_int_equal(buf[0], '\0');

    rf_verdict_free(v);
    rf_case_free(c);
}

static void test_auditor(void **state) {
    (void)state;
    rf_error err = {0};
    const char *out = "x";
    size_t len = 9;
    rf_auditor_free(NULL);
    /* Were crashes: a NULL auditor or out, and the verdict of a NULL auditor. */
    assert_int_equal(rf_auditor_judge(NULL, CASE_JSON, strlen(CASE_JSON), &out, &len, &err), RF_E_INVALID);
    assert_err(&err, RF_E_INVALID);
    assert_null(out);
    assert_int_equal(len, 0);
    assert_null(rf_auditor_verdict(NULL));
    rf_auditor *a = rf_auditor_new(NULL, NULL, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_non_null(a);
    assert_int_equal(rf_auditor_judge(a, CASE_JSON, strlen(CASE_JSON), NULL, NULL, NULL), RF_E_INVALID);
    assert_int_equal(rf_auditor_judge(a, NULL, 0, &out, NULL, NULL), RF_E_JSON);
    assert_null(rf_auditor_verdict(a));
    assert_int_equal(rf_auditor_judge(a, CASE_JSON, strlen(CASE_JSON), &out, NULL, NULL), RF_OK);
    assert_non_null(out);
    assert_non_null(rf_auditor_verdict(a));
    rf_auditor_free(a);
}

/* The header's rule for err: filled on error only, so a call that succeeds
 * leaves a zeroed err zeroed. */
static void test_success_leaves_err(void **state) {
    (void)state;
    rf_error err = {0};
    rf_case *c = NULL;
    rf_verdict *v = NULL;
    rf_event ev = RF_EVENT_INIT;
    bool legal = false;
    rf_ctx *ctx = rf_ctx_new(NULL);
    assert_int_equal(rf_ctx_load_policy(ctx, "{\"ship_hours\": 48}", 18, "p.json", &err), RF_OK);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_SHIP_HOURS, 24, &err), RF_OK);
    assert_int_equal(rf_case_parse(ctx, CASE_JSON, strlen(CASE_JSON), "c.json", &c, &err), RF_OK);
    assert_int_equal(rf_case_parse_event(c, EVENT_JSON, strlen(EVENT_JSON), "e.json", &ev, &err), RF_OK);
    assert_int_equal(rf_case_try(ctx, c, &ev, &legal, &v, &err), RF_OK);
    assert_true(legal);
    rf_verdict_free(v);
    assert_int_equal(rf_case_append(c, &ev, &err), RF_OK);
    assert_int_equal(rf_replay(ctx, c, NULL, &v, &err), RF_OK);
    rf_order order = RF_ORDER_INIT;
    rf_settle_request req = RF_SETTLE_REQUEST_INIT;
    rf_settlement s = RF_SETTLEMENT_INIT;
    assert_int_equal(rf_settle(ctx, &order, &req, &s, &err), RF_OK);
    rf_auditor *a = rf_auditor_new(ctx, NULL, RF_FORMAT_TEXT, RF_LANG_ZH);
    const char *out = NULL;
    assert_int_equal(rf_auditor_judge(a, CASE_JSON, strlen(CASE_JSON), &out, NULL, &err), RF_OK);
    assert_int_equal(err.code, RF_OK);
    assert_int_equal(err.message[0], '\0');
    assert_null(err.name);
    rf_auditor_free(a);
    rf_verdict_free(v);
    rf_case_free(c);
    rf_ctx_free(ctx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_and_time),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_initializers),
        cmocka_unit_test(test_context),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_splice),
        cmocka_unit_test(test_settle_and_machines),
        cmocka_unit_test(test_replay_and_render),
        cmocka_unit_test(test_auditor),
        cmocka_unit_test(test_success_leaves_err),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
