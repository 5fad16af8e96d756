/*
 * What a verdict says about an imported case (TOP.md section 3): the
 * case's assumptions, and the basis of findings and settlements that rest
 * on inferred or assumed facts, in the verdict struct, in JSON and in text.
 * A case without an import object is judged and written exactly as before.
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
#include "rules.h"

/* A shipped C-store order and a no-reason return request, refused by the
 * seller; `import` and `inferred` are spliced in by the tests. */
static char *make_case(const char *import, const char *request_extra) {
    static const char *const fmt =
        "{\"schema\":\"refund-case/1\","
        "\"order\":{\"id\":\"o1\",\"channel\":\"c_store\",\"item_amount\":\"80.00\",\"shipping_fee\":\"0.00\"}%s,"
        "\"events\":["
        "{\"id\":\"e1\",\"at\":\"2024-06-20T09:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"order_created\"},"
        "{\"id\":\"e2\",\"at\":\"2024-06-20T09:05:00+08:00\",\"actor\":\"buyer\",\"type\":\"paid\"},"
        "{\"id\":\"e3\",\"at\":\"2024-06-21T15:00:00+08:00\",\"actor\":\"seller\",\"type\":\"shipped\"},"
        "{\"id\":\"e4\",\"at\":\"2024-06-24T20:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"refund_requested\","
        "\"kind\":\"return_refund\",\"reason\":\"no_reason\",\"amount\":\"80.00\"%s},"
        "{\"id\":\"e5\",\"at\":\"2024-06-25T10:00:00+08:00\",\"actor\":\"seller\",\"type\":\"refund_refused\"}]}";
    size_t size = strlen(fmt) + strlen(import) + strlen(request_extra) + 1;
    char *text = malloc(size);
    assert_non_null(text);
    snprintf(text, size, fmt, import, request_extra);
    return text;
}

static rf_verdict *judge(const char *json, char **rendered, rf_format format, rf_lang lang) {
    rf_case *c = NULL;
    rf_verdict *v = NULL;
    rf_error err = {0};
    if (rf_case_parse(NULL, json, strlen(json), "t", &c, &err) != RF_OK) fail_msg("parse: %s: %s", err.field, err.message);
    if (rf_replay(NULL, c, NULL, &v, &err) != RF_OK) fail_msg("replay: %s", err.message);
    assert_int_equal(rf_render_verdict(NULL, v, format, lang, rendered, NULL), RF_OK);
    rf_case_free(c); /* the verdict's strings point into the case: only its numbers are read below */
    return v;
}

static const rf_finding *finding(const rf_verdict *v, rf_finding_code code) {
    for (size_t i = 0; i < v->finding_count; i++)
        if (v->findings[i].code == code) return &v->findings[i];
    return NULL;
}

#define IMPORT_ALL "\"import\":{\"from\":\"top\",\"assumed\":[\"order.seller_shipping_cost\"],\"missing\":[\"delivered\"]}"

/* A hand-written case: no delivery record, so no 7-day window, so the
 * refusal is allowed; nothing is marked and no key is added. */
static void test_hand_written(void **state) {
    (void)state;
    char *json = make_case("", ""), *out = NULL;
    rf_verdict *v = judge(json, &out, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_false(v->has_import);
    assert_null(finding(v, RF_FINDING_SEVEN_DAY_REFUSAL));
    assert_int_equal(v->settlement_basis, RF_BASIS_RECORDED);
    assert_null(strstr(out, "\"basis\""));
    assert_null(strstr(out, "\"assumptions\""));
    rf_string_free(NULL, out);
    rf_verdict_free(v);
    free(json);
}

/* Imported, delivery time missing: the request is taken as inside the 7-day
 * window (TOP.md section 3, a reading), so the refusal is SEVEN_DAY_REFUSAL,
 * inferred; the settlement rests on an assumed field. */
static void test_imported(void **state) {
    (void)state;
    char *json = make_case("," IMPORT_ALL, ""), *out = NULL;
    rf_verdict *v = judge(json, &out, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_true(v->has_import);
    assert_int_equal(v->assumed, UINT64_C(1) << RF_ORDER_KEY_SELLER_SHIPPING_COST);
    assert_int_equal(v->missing, UINT64_C(1) << RF_EV_DELIVERED);
    const rf_finding *f = finding(v, RF_FINDING_SEVEN_DAY_REFUSAL);
    assert_non_null(f);
    assert_int_equal(f->basis, RF_BASIS_INFERRED);
    assert_int_equal(v->settlement_basis, RF_BASIS_ASSUMED);
    assert_int_equal(v->requests[0].settlement_basis, RF_BASIS_ASSUMED);
    assert_non_null(strstr(out, "\"code\":\"SEVEN_DAY_REFUSAL\""));
    assert_non_null(strstr(out, "\"basis\":\"inferred\"}"));
    assert_non_null(strstr(out, "\"basis\":\"assumed\"}"));
    assert_non_null(strstr(out, ",\"assumptions\":{\"assumed\":[\"order.seller_shipping_cost\"],\"missing\":[\"delivered\"]}"));
    rf_string_free(NULL, out);
    rf_verdict_free(v);

    v = judge(json, &out, RF_FORMAT_TEXT, RF_LANG_ZH);
    assert_non_null(strstr(out, "(推定)"));
    assert_non_null(strstr(out, "结算 (假定):"));
    assert_non_null(strstr(out, "导入假定: 卖家发货运费; 来源缺失: 签收"));
    rf_string_free(NULL, out);
    rf_verdict_free(v);
    v = judge(json, &out, RF_FORMAT_TEXT, RF_LANG_EN);
    assert_non_null(strstr(out, "(inferred)"));
    assert_non_null(strstr(out, "settlement (assumed):"));
    rf_string_free(NULL, out);
    rf_verdict_free(v);
    free(json);
}

/* An import object that assumes nothing the settlement reads, with the
 * request's reason inferred: the settlement is inferred; a finding on an
 * event with inferred keys is inferred. */
static void test_inferred_terms(void **state) {
    (void)state;
    char *json = make_case(",\"import\":{\"from\":\"top\",\"assumed\":[\"order.delivery\"]}", ",\"inferred\":[\"reason\"]");
    char *out = NULL;
    rf_verdict *v = judge(json, &out, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_true(v->has_import);
    assert_int_equal(v->settlement_basis, RF_BASIS_INFERRED);
    /* Without `missing`, no presumption: the refusal stands, no finding. */
    assert_null(finding(v, RF_FINDING_SEVEN_DAY_REFUSAL));
    assert_non_null(strstr(out, "\"assumptions\":{\"assumed\":[\"order.delivery\"],\"missing\":[]}"));
    rf_string_free(NULL, out);
    rf_verdict_free(v);
    free(json);

    /* A finding on an event with inferred keys. */
    json = make_case(",\"import\":{\"from\":\"top\"}", "");
    char *p = strstr(json, "\"type\":\"refund_refused\"}");
    assert_non_null(p);
    const char *agreed = "\"type\":\"refund_cancelled\",\"inferred\":[\"actor\"]},"
                         "{\"id\":\"e6\",\"at\":\"2024-06-26T10:00:00+08:00\",\"actor\":\"seller\",\"type\":\"refund_agreed\",\"inferred\":[\"actor\"]}";
    size_t size = (size_t)(p - json) + strlen(agreed) + 3;
    char *two = malloc(size);
    snprintf(two, size, "%.*s%s]}", (int)(p - json), json, agreed);
    v = judge(two, &out, RF_FORMAT_NDJSON, RF_LANG_EN);
    assert_true(v->finding_count >= 1);
    const rf_finding *f = &v->findings[0]; /* the seller may not cancel: WRONG_ACTOR */
    assert_int_equal(f->code, RF_FINDING_WRONG_ACTOR);
    assert_int_equal(f->basis, RF_BASIS_INFERRED);
    assert_int_equal(v->settlement_basis, RF_BASIS_RECORDED);
    rf_string_free(NULL, out);
    rf_verdict_free(v);
    free(two);
    free(json);
}

/* The rows of rf__finding_rests_on are in code order, one per code. */
static void test_rests_on_table(void **state) {
    (void)state;
    for (int i = 0; i < RF_FINDING_COUNT; i++) {
        assert_int_equal(rf__finding_rests_on[i].code, i);
        assert_non_null(rf__finding_rests_on[i].why);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_written),
        cmocka_unit_test(test_imported),
        cmocka_unit_test(test_inferred_terms),
        cmocka_unit_test(test_rests_on_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
