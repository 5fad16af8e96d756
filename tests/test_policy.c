/*
 * The typed policy of the public API: the keys of RF_POLICY_LIST with their
 * names, units and ranges, rf_ctx_get_policy and rf_ctx_set_policy, and the
 * promise that a value is accepted by the setter exactly when a policy file
 * holding it is accepted by rf_ctx_load_policy.
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

static void test_keys(void **state) {
    (void)state;
    static const int64_t defaults[] = {
#define RF_X_(e, key, def, unit, seed, desc) def,
        RF_POLICY_LIST(RF_X_)
#undef RF_X_
    };
    assert_int_equal(sizeof defaults / sizeof defaults[0], RF_POLICY_COUNT);
    for (int k = 0; k < RF_POLICY_COUNT; k++) {
        rf_policy_key key = (rf_policy_key)k;
        const char *name = rf_policy_key_name(key);
        assert_non_null(name);
        assert_non_null(rf_policy_key_seed(key));
        assert_non_null(rf_policy_key_description(key));
        /* Every unit has a range, and every default lies in it. */
        int64_t min = -1, max = -1;
        if (!rf_policy_key_range(key, &min, &max))
            fail_msg("%s: unit \"%s\" has no range", name, rf_policy_key_unit(key));
        assert_true(min >= 0 && min <= max);
        if (defaults[k] < min || defaults[k] > max) fail_msg("%s: default %lld outside its range", name, (long long)defaults[k]);
        /* The name finds the key again, and only the whole name does. */
        assert_int_equal(rf_policy_key_lookup(name, strlen(name)), k);
        assert_int_equal(rf_policy_key_lookup(name, strlen(name) - 1), -1);
        /* A NULL context reads the built-in values. */
        assert_int_equal(rf_ctx_get_policy(NULL, key), defaults[k]);
    }
    assert_string_equal(rf_policy_key_name(RF_POLICY_SHIP_HOURS), "ship_hours");
    assert_string_equal(rf_policy_key_unit(RF_POLICY_SHIP_HOURS), "hours");
    assert_string_equal(rf_policy_key_seed(RF_POLICY_SHIP_HOURS), "000:710");
    int64_t min = 0, max = 0;
    assert_true(rf_policy_key_range(RF_POLICY_BREACH_PLATFORM_WORKDAYS, &min, &max));
    assert_int_equal(min, 1);
    assert_int_equal(max, 3650);
    assert_true(rf_policy_key_range(RF_POLICY_INVOICE_TAX_BP, NULL, &max));
    assert_int_equal(max, 10000);

    /* Out of range: NULL, false, -1. */
    assert_null(rf_policy_key_name(RF_POLICY_COUNT));
    assert_null(rf_policy_key_unit((rf_policy_key)-1));
    assert_null(rf_policy_key_seed(RF_POLICY_COUNT));
    assert_null(rf_policy_key_description(RF_POLICY_COUNT));
    min = max = 42;
    assert_false(rf_policy_key_range(RF_POLICY_COUNT, &min, &max));
    assert_int_equal(min, 42);
    assert_int_equal(rf_policy_key_lookup("ship_hourz", 10), -1);
    assert_int_equal(rf_policy_key_lookup(NULL, 0), -1);
    assert_int_equal(rf_ctx_get_policy(NULL, RF_POLICY_COUNT), -1);
}

static void test_set_and_get(void **state) {
    (void)state;
    rf_ctx *ctx = rf_ctx_new(NULL);
    rf_error err = {0};
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_BUYER_RETURN_DAYS, 30, &err), RF_OK);
    assert_int_equal(rf_ctx_get_policy(ctx, RF_POLICY_BUYER_RETURN_DAYS), 30);
    assert_int_equal(rf_ctx_get_policy(NULL, RF_POLICY_BUYER_RETURN_DAYS), 7);
    /* What the setter set is what the policy file form shows. */
    char *text = NULL;
    assert_int_equal(rf_render_policy(ctx, &text, NULL), RF_OK);
    assert_non_null(strstr(text, "\"buyer_return_days\": 30,"));
    rf_string_free(ctx, text);

    /* Out of range: RF_E_RANGE, the key as the field, the file's wording,
     * and the policy unchanged. */
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_BUYER_RETURN_DAYS, 3651, &err), RF_E_RANGE);
    assert_int_equal(err.code, RF_E_RANGE);
    assert_string_equal(err.field, "buyer_return_days");
    assert_string_equal(err.message, "must be a whole number of days (0 to 3650)");
    assert_int_equal(err.line, 0);
    assert_int_equal(rf_ctx_get_policy(ctx, RF_POLICY_BUYER_RETURN_DAYS), 30);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_NOT_RECEIVED_PLATFORM_WORKDAYS, 0, &err), RF_E_RANGE);
    assert_string_equal(err.message, "must be a whole number of workdays (1 to 3650)");
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_SHIP_HOURS, -1, NULL), RF_E_RANGE);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_PAUSE_RECEIPT_TIMER_DURING_REFUND, 2, NULL), RF_E_RANGE);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_PAUSE_RECEIPT_TIMER_DURING_REFUND, 0, NULL), RF_OK);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_SHIP_HOURS, INT64_MAX, NULL), RF_E_RANGE);
    assert_int_equal(rf_ctx_get_policy(ctx, RF_POLICY_SHIP_HOURS), 72);

    /* The two mall_*_bp parts against each other: checked against the
     * value the other holds now, so lower one before raising the other. */
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_MALL_COMMISSION_BP, 9960, &err), RF_E_RANGE);
    assert_string_equal(err.field, "mall_commission_bp");
    assert_string_equal(err.message, "mall_commission_bp + mall_points_bp must not exceed 10000 bp");
    assert_int_equal(rf_ctx_get_policy(ctx, RF_POLICY_MALL_COMMISSION_BP), 500);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_MALL_POINTS_BP, 40, NULL), RF_OK);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_MALL_COMMISSION_BP, 9960, NULL), RF_OK);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_MALL_POINTS_BP, 41, NULL), RF_E_RANGE);

    /* Keys out of range and NULL contexts. */
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_COUNT, 1, &err), RF_E_INVALID);
    assert_int_equal(rf_ctx_set_policy(ctx, (rf_policy_key)-1, 1, NULL), RF_E_INVALID);
    assert_int_equal(rf_ctx_set_policy(NULL, RF_POLICY_SHIP_HOURS, 1, NULL), RF_E_USAGE);
    assert_int_equal(rf_ctx_load_policy(NULL, "{}", 2, NULL, NULL), RF_E_USAGE);
    rf_ctx_free(ctx);
}

/* For every key and the values around its bounds: the setter accepts a
 * value exactly when a policy file {"key": value} is accepted, with the same
 * message (the file's at the value, RF_E_INVALID; the setter's without a
 * position, RF_E_RANGE). */
static void test_setter_matches_file(void **state) {
    (void)state;
    rf_ctx *by_file = rf_ctx_new(NULL), *by_setter = rf_ctx_new(NULL);
    for (int k = 0; k < RF_POLICY_COUNT; k++) {
        rf_policy_key key = (rf_policy_key)k;
        int64_t min = 0, max = 0;
        assert_true(rf_policy_key_range(key, &min, &max));
        /* The mall parts only alone: their sum is checked separately. */
        if (key == RF_POLICY_MALL_COMMISSION_BP || key == RF_POLICY_MALL_POINTS_BP) {
            assert_int_equal(rf_ctx_set_policy(by_file, RF_POLICY_MALL_COMMISSION_BP, 0, NULL), RF_OK);
            assert_int_equal(rf_ctx_set_policy(by_file, RF_POLICY_MALL_POINTS_BP, 0, NULL), RF_OK);
            assert_int_equal(rf_ctx_set_policy(by_setter, RF_POLICY_MALL_COMMISSION_BP, 0, NULL), RF_OK);
            assert_int_equal(rf_ctx_set_policy(by_setter, RF_POLICY_MALL_POINTS_BP, 0, NULL), RF_OK);
        }
        const int64_t values[] = {min - 1, min, min + 1, max - 1, max, max + 1, 999999999};
        for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
            char json[128];
            snprintf(json, sizeof json, "{\"%s\": %lld}", rf_policy_key_name(key), (long long)values[i]);
            rf_error file_err = {0}, set_err = {0};
            rf_status file = rf_ctx_load_policy(by_file, json, strlen(json), "p.json", &file_err);
            rf_status set = rf_ctx_set_policy(by_setter, key, values[i], &set_err);
            if ((file == RF_OK) != (set == RF_OK))
                fail_msg("%s: file says %s, setter %s", json, rf_status_name(file), rf_status_name(set));
            assert_int_equal(rf_ctx_get_policy(by_file, key), rf_ctx_get_policy(by_setter, key));
            if (file == RF_OK) continue;
            assert_int_equal(file, RF_E_INVALID);
            assert_int_equal(set, RF_E_RANGE);
            assert_string_equal(file_err.field, set_err.field);
            assert_string_equal(file_err.message, set_err.message);
        }
    }
    rf_ctx_free(by_file);
    rf_ctx_free(by_setter);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_set_and_get),
        cmocka_unit_test(test_setter_matches_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
