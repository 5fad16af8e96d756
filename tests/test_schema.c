/*
 * The schema of the case format (lib/schema.h, lib/schema.c) as data: the
 * rows are well formed (keys, has-bits in order, enumerations), the shapes
 * gathered from the ALLOWED and REQUIRED columns are the table FORMAT.md
 * section 1 gives, the defaults agree with RF_ORDER_INIT, and the checks of
 * values built in code follow the rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "schema.h"

/* Every row: a key of its length, a type, an enumeration exactly for the
 * enumeration types, a range that says something. The optional event rows
 * come in the order of their bits, after the four keys every event has. */
static void test_rows(void **state) {
    (void)state;
    for (size_t i = 0; i < RF__ORDER_FIELD_COUNT; i++) {
        const rf__field *f = &rf__order_fields[i];
        assert_int_equal(strlen(f->key), f->key_len);
        assert_int_equal(f->bit, 0);
        bool is_enum = f->type == RF__FT_ENUM || f->type == RF__FT_ENUM_OR_NULL;
        assert_int_equal(f->enumeration != RF_ENUM_COUNT, is_enum);
        if (is_enum || f->type == RF__FT_CHOICE) assert_true(f->range > 0);
    }
    unsigned last_bit = 0;
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++) {
        const rf__field *f = &rf__event_fields[i];
        assert_int_equal(strlen(f->key), f->key_len);
        bool is_enum = f->type == RF__FT_ENUM || f->type == RF__FT_ENUM_OR_NULL;
        bool is_set = f->type == RF__FT_SET;
        assert_int_equal(f->enumeration != RF_ENUM_COUNT, is_enum || is_set);
        if (is_enum) assert_non_null(rf_enum_name(f->enumeration, (int)f->range - 1));
        if (is_set) {
            assert_non_null(rf__set_name(f, (int)f->range - 1));
            assert_null(rf__set_name(f, (int)f->range));
        }
        if (i < 4) {
            assert_int_equal(f->bit, 0);
            assert_true(f->allowed == RF__EVERY_EVENT && f->required == RF__EVERY_EVENT);
        } else {
            assert_true(f->bit > last_bit);
            last_bit = f->bit;
            assert_ptr_equal(rf__event_field_of_bit(f->bit), f);
        }
        /* No key twice, in either table. */
        assert_ptr_equal(rf__field_find(rf__event_fields, RF__EVENT_FIELD_COUNT, f->key, f->key_len), f);
    }
    assert_string_equal(rf__event_fields[RF__EVENT_type].key, "type");
    assert_int_equal(rf__event_fields[RF__EVENT_type].range, RF_EV_REFUND_SUCCEEDED);
    assert_null(rf__field_find(rf__event_fields, RF__EVENT_FIELD_COUNT, "id\0x", 4));
    assert_null(rf__event_field_of_bit(0));
}

/* The shapes as FORMAT.md section 1 and docs/file-format.md list them (the
 * table lib/case.c kept by hand before the schema): gathering them from
 * the rows changed nothing. Revision 2 (TOP.md section 3) let every event
 * carry source, ref and inferred. */
static void test_shapes(void **state) {
    (void)state;
    const unsigned imported = RF_HAS_SOURCE | RF_HAS_REF | RF_HAS_INFERRED;
    static const rf__event_shape expected[RF_EV_COUNT] = {
        [RF_EV_SHIPPED] = {RF_HAS_TRACKING, 0},
        [RF_EV_RECEIPT_EXTENDED] = {RF_HAS_DAYS, RF_HAS_DAYS},
        [RF_EV_REFUND_REQUESTED] = {RF_HAS_KIND | RF_HAS_REASON | RF_HAS_AMOUNT | RF_HAS_GOODS |
                                        RF_HAS_INVOICE_RETURNED | RF_HAS_NOTE,
                                    RF_HAS_KIND | RF_HAS_REASON},
        [RF_EV_REFUND_AGREED] = {RF_HAS_AMOUNT | RF_HAS_NOTE, 0},
        [RF_EV_REFUND_REFUSED] = {RF_HAS_NOTE, 0},
        [RF_EV_REFUND_MODIFIED] = {RF_HAS_AMOUNT | RF_HAS_REASON | RF_HAS_GOODS | RF_HAS_INVOICE_RETURNED | RF_HAS_NOTE, 0},
        [RF_EV_REFUND_CANCELLED] = {RF_HAS_NOTE, 0},
        [RF_EV_RETURN_SHIPPED] = {RF_HAS_TRACKING | RF_HAS_POSTAGE, RF_HAS_TRACKING},
        [RF_EV_RETURN_RECEIVED] = {RF_HAS_AMOUNT | RF_HAS_NOTE, 0},
        [RF_EV_RETURN_REJECTED] = {RF_HAS_NOTE, 0},
        [RF_EV_EXCHANGE_POSTAGE_PAID] = {RF_HAS_AMOUNT, RF_HAS_AMOUNT},
        [RF_EV_EXCHANGE_SHIPPED] = {RF_HAS_TRACKING, 0},
        [RF_EV_EVIDENCE_SUBMITTED] = {RF_HAS_EVIDENCE | RF_HAS_NOTE, RF_HAS_EVIDENCE},
        [RF_EV_RULING] = {RF_HAS_FOR | RF_HAS_AMOUNT | RF_HAS_NOTE, RF_HAS_FOR},
        [RF_EV_REVIEW_POSTED] = {RF_HAS_RATING | RF_HAS_NOTE, RF_HAS_RATING},
        [RF_EV_COMPLAINT_FILED] = {RF_HAS_COMPLAINT | RF_HAS_NOTE, RF_HAS_COMPLAINT},
        [RF_EV_COMPLAINT_APPEALED] = {RF_HAS_COMPLAINT | RF_HAS_EVIDENCE | RF_HAS_NOTE, 0},
        [RF_EV_COMPLAINT_RESOLVED] = {RF_HAS_COMPLAINT | RF_HAS_FOR | RF_HAS_NOTE, 0},
        [RF_EV_COMPLAINT_WITHDRAWN] = {RF_HAS_COMPLAINT | RF_HAS_NOTE, 0},
    };
    for (int t = 0; t < RF_EV_COUNT; t++) {
        unsigned allowed = expected[t].allowed | (t == RF_EV_REFUND_SUCCEEDED ? 0u : imported);
        if (rf__case_shapes[t].allowed != allowed || rf__case_shapes[t].required != expected[t].required)
            fail_msg("%s: allowed %#x required %#x, expected %#x %#x", rf_enum_name(RF_ENUM_EVENT, t),
                     rf__case_shapes[t].allowed, rf__case_shapes[t].required, allowed, expected[t].required);
    }
    assert_int_equal(rf__event_optional_bits, (RF_HAS_INFERRED << 1) - 1);
}

/* The DEFAULT column, RF_ORDER_INIT and rf_order_init say the same, row by
 * row: the readers fill from the first, programs from the others. */
static void test_defaults(void **state) {
    (void)state;
    const rf_order init = RF_ORDER_INIT;
    rf_order by_function;
    memset(&by_function, 0x5a, sizeof by_function);
    rf_order_init(&by_function);
    const rf_order *table = &rf__order_defaults;
    assert_int_equal(table->size, sizeof(rf_order));
    assert_int_equal(init.size, sizeof(rf_order));
    assert_int_equal(by_function.size, sizeof(rf_order));
    for (size_t i = 0; i < RF__ORDER_FIELD_COUNT; i++) {
        const rf__field *f = &rf__order_fields[i];
        const rf_order *o[2] = {&init, &by_function};
        for (int k = 0; k < 2; k++) {
            switch (f->type) {
            case RF__FT_TEXT: assert_ptr_equal(rf__field_text(o[k], f), rf__field_text(table, f)); break;
            case RF__FT_MONEY:
            case RF__FT_TIME: assert_true(rf__field_i64(o[k], f) == rf__field_i64(table, f)); break;
            case RF__FT_BOOL: assert_int_equal(rf__field_bool(o[k], f), rf__field_bool(table, f)); break;
            default: assert_int_equal(rf__field_int(o[k], f), rf__field_int(table, f)); break;
            }
        }
    }
    assert_true(table->seven_day_return);
    assert_int_equal(table->delivery, RF_DELIVERY_EXPRESS);
}

/* The checks of values built in code, row by row. */
static void test_built_values(void **state) {
    (void)state;
    rf_order o = RF_ORDER_INIT;
    assert_null(rf__order_problem(&o)); /* a NULL id is allowed (stored as "") */
    o.item_amount = RF_FEN_MAX;
    assert_null(rf__order_problem(&o));
    o.item_amount = RF_FEN_MAX + 1;
    assert_string_equal(rf__order_problem(&o), "item_amount");
    o.item_amount = 0;
    o.ship_exempt = RF_EXEMPT_COUNT;
    assert_string_equal(rf__order_problem(&o), "ship_exempt");

    rf_event ev = RF_EVENT_INIT;
    ev.id = "e1";
    ev.type = RF_EV_RECEIPT_EXTENDED;
    assert_string_equal(rf__event_problem(&ev), "days"); /* required */
    ev.has = RF_HAS_DAYS;
    for (int d = -1; d < 70; d++) {
        ev.days = d;
        bool ok = d == 3 || d == 5 || d == 7 || d == 10;
        if (ok) assert_null(rf__event_problem(&ev));
        else assert_string_equal(rf__event_problem(&ev), "days");
    }
    ev.days = 3;
    ev.has |= RF_HAS_NOTE;
    assert_string_equal(rf__event_problem(&ev), "note"); /* not allowed on receipt_extended */
    ev.type = RF_EV_REFUND_AGREED;
    ev.has = RF_HAS_NOTE;
    assert_string_equal(rf__event_problem(&ev), "note"); /* carried, but NULL */
    ev.note = "";
    assert_string_equal(rf__event_problem(&ev), "note"); /* empty: a file refuses it too */
    ev.note = "ok";
    assert_null(rf__event_problem(&ev));
    ev.at = RF_TIME_MIN - 1;
    assert_string_equal(rf__event_problem(&ev), "at");
    ev.at = RF_TIME_MAX;
    assert_null(rf__event_problem(&ev));
    ev.has |= 1u << 30; /* a bit no row has */
    assert_string_equal(rf__event_problem(&ev), "has");

    /* The edges of time are what rf_time_parse produces. */
    rf_time t;
    assert_int_equal(rf_time_parse("1970-01-01T00:00:00+23:59", 25, &t), RF_OK);
    assert_true(t == RF_TIME_MIN);
    assert_int_equal(rf_time_parse("9999-12-31T23:59:59-23:59", 25, &t), RF_OK);
    assert_true(t == RF_TIME_MAX);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_built_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
