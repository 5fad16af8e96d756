/*
 * The JSON writers of lib/render.c and the text of money and time they
 * share with rf_money_format and rf_time_format.
 *
 * The expected texts of money and time are what the formatters gave before
 * they were rewritten to write in place (computed once from that code and
 * kept here as literals). The names in rendered verdicts are checked against
 * the public name functions for every value of every enumeration.
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

#include "render.h"
#include "internal.h"
#include "json_read.h"
#include "json_write.h"
#include "rules.h"

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR "."
#endif

/* ---- money and time text ---------------------------------------------------------- */

static const struct {
    rf_fen fen;
    const char *text;
} money_goldens[] = {
    {INT64_C(0), "0.00"},
    {INT64_C(1), "0.01"},
    {INT64_C(5), "0.05"},
    {INT64_C(99), "0.99"},
    {INT64_C(100), "1.00"},
    {INT64_C(101), "1.01"},
    {INT64_C(8800), "88.00"},
    {INT64_C(-1), "-0.01"},
    {INT64_C(-99), "-0.99"},
    {INT64_C(-100), "-1.00"},
    {INT64_C(-150), "-1.50"},
    {INT64_C(12345678), "123456.78"},
    {INT64_C(9999999999999), "99999999999.99"},
    {INT64_C(10000000000000), "100000000000.00"},
    {INT64_C(9223372036854775807), "92233720368547758.07"},
    {INT64_MIN, "-92233720368547758.08"},
    {INT64_C(-9223372036854775807), "-92233720368547758.07"},
};

static const struct {
    rf_time t;
    const char *text;
} time_goldens[] = {
    /* The epoch and the +08:00 day boundary around it, pre-epoch instants,
     * leap days (2000 and 2024), the last second of year 9999 and the
     * first of 10000 in +08:00, years 0 and -1, and instants far enough
     * away to be clamped to years +-999999999. */
    {INT64_C(0), "1970-01-01T08:00:00+08:00"},
    {INT64_C(1), "1970-01-01T08:00:01+08:00"},
    {INT64_C(-1), "1970-01-01T07:59:59+08:00"},
    {INT64_C(57599), "1970-01-01T23:59:59+08:00"},
    {INT64_C(57600), "1970-01-02T00:00:00+08:00"},
    {INT64_C(-28800), "1970-01-01T00:00:00+08:00"},
    {INT64_C(-28801), "1969-12-31T23:59:59+08:00"},
    {INT64_C(-86400), "1969-12-31T08:00:00+08:00"},
    {INT64_C(951782400), "2000-02-29T08:00:00+08:00"},
    {INT64_C(951868799), "2000-03-01T07:59:59+08:00"},
    {INT64_C(1709136000), "2024-02-29T00:00:00+08:00"},
    {INT64_C(1709222399), "2024-02-29T23:59:59+08:00"},
    {INT64_C(1719662400), "2024-06-29T20:00:00+08:00"},
    {INT64_C(253402271999), "9999-12-31T23:59:59+08:00"},
    {INT64_C(253402272000), "10000-01-01T00:00:00+08:00"},
    {INT64_C(253402300799), "10000-01-01T07:59:59+08:00"},
    {INT64_C(253402300800), "10000-01-01T08:00:00+08:00"},
    {INT64_C(-62167219200), "0000-01-01T08:00:00+08:00"},
    {INT64_C(-62167248001), "-0001-12-31T23:59:59+08:00"},
    {INT64_C(-62198755200), "-0001-01-01T08:00:00+08:00"},
    {INT64_C(31556889832780799), "999999999-12-31T23:59:59+08:00"},
    {INT64_C(31556889832780800), "999999999-12-31T23:59:59+08:00"},
    {INT64_C(9223372036854775807), "999999999-12-31T23:59:59+08:00"},
    {INT64_C(-31556952000000000), "-999998030-01-01T08:00:00+08:00"},
    {INT64_C(-31557014135596800), "-999999999-01-01T08:00:00+08:00"},
    {INT64_MIN, "-999999999-01-01T00:00:00+08:00"},
    {INT64_C(-9223372036854775807), "-999999999-01-01T00:00:00+08:00"},
    {INT64_C(9223372036854775806), "999999999-12-31T23:59:59+08:00"},
};

static void test_money_text(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof money_goldens / sizeof money_goldens[0]; i++) {
        char buf[24], to[RF__MONEY_TEXT_MAX + 2];
        memset(buf, 'x', sizeof buf);
        assert_ptr_equal(rf_money_format(money_goldens[i].fen, buf), buf);
        assert_string_equal(buf, money_goldens[i].text);
        /* The in-place form: the same bytes, the end returned, no NUL. */
        memset(to, '#', sizeof to);
        char *end = rf__money_format_to(to, money_goldens[i].fen);
        size_t n = strlen(money_goldens[i].text);
        assert_int_equal(end - to, n);
        assert_true(n <= RF__MONEY_TEXT_MAX);
        assert_memory_equal(to, money_goldens[i].text, n);
        assert_int_equal(to[n], '#');
    }
}

/* Every amount below 1,000 yuan and every seventh up to past 10,000 yuan
 * (rf__money_format_to writes those from one word), signed both ways, as
 * snprintf writes them. */
static void test_money_text_like_printf(void **state) {
    (void)state;
    for (int64_t fen = 0; fen <= 1000100; fen += fen < 100000 ? 1 : 7) {
        for (int sign = 1; sign >= -1; sign -= 2) {
            char want[32], got[RF__MONEY_TEXT_MAX + 1];
            snprintf(want, sizeof want, "%s%lld.%02lld", sign < 0 && fen ? "-" : "", (long long)(fen / 100),
                     (long long)(fen % 100));
            memset(got, '#', sizeof got);
            char *end = rf__money_format_to(got, sign * fen);
            if ((size_t)(end - got) != strlen(want) || memcmp(got, want, strlen(want)) != 0 || *end != '#')
                fail_msg("%lld: got %.*s, want %s", (long long)(sign * fen), (int)(end - got), got, want);
        }
    }
}

static void test_time_text(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof time_goldens / sizeof time_goldens[0]; i++) {
        char buf[32], to[RF__TIME_TEXT_MAX + 2];
        memset(buf, 'x', sizeof buf);
        assert_ptr_equal(rf_time_format(time_goldens[i].t, buf), buf);
        assert_string_equal(buf, time_goldens[i].text);
        memset(to, '#', sizeof to);
        char *end = rf__time_format_to(to, time_goldens[i].t);
        size_t n = strlen(time_goldens[i].text);
        assert_int_equal(end - to, n);
        assert_true(n <= RF__TIME_TEXT_MAX);
        assert_memory_equal(to, time_goldens[i].text, n);
        assert_int_equal(to[n], '#');
    }
    /* Every instant of a four-digit year is 25 bytes. */
    char to[RF__TIME_TEXT_MAX];
    assert_int_equal(rf__time_format_to(to, -62167219200) - to, 25);
    assert_int_equal(rf__time_format_to(to, 253402271999) - to, 25);
}

static void test_put_uint(void **state) {
    (void)state;
    char buf[24];
    *rf__put_uint(buf, 0, 1) = '\0';
    assert_string_equal(buf, "0");
    *rf__put_uint(buf, 7, 4) = '\0';
    assert_string_equal(buf, "0007");
    *rf__put_uint(buf, 12345, 2) = '\0';
    assert_string_equal(buf, "12345");
    *rf__put_uint(buf, 100, 1) = '\0';
    assert_string_equal(buf, "100");
    *rf__put_uint(buf, UINT64_MAX, 1) = '\0';
    assert_string_equal(buf, "18446744073709551615");
    for (uint64_t v = 0; v < 100000; v = v * 3 + 1) {
        char want[24];
        snprintf(want, sizeof want, "%06llu", (unsigned long long)v);
        *rf__put_uint(buf, v, 6) = '\0';
        assert_string_equal(buf, want);
    }
}

/* ---- every name of every enumeration ------------------------------------------------ */

/* The member key of obj is the string want, or null when want is NULL. */
static void expect_name(const rf__json *obj, const char *key, const char *want, int value) {
    const rf__json *m = rf__json_get(obj, key);
    if (!m) fail_msg("no \"%s\" for value %d", key, value);
    if (!want) {
        if (m->type != RF_JSON_NULL) fail_msg("\"%s\" for value %d: want null", key, value);
        return;
    }
    if (m->type != RF_JSON_STRING || m->len != strlen(want) || memcmp(m->str, want, m->len) != 0)
        fail_msg("\"%s\" for value %d: got %.*s, want %s", key, value, (int)m->len, m->str ? m->str : "",
                 want);
}

static const rf__json *first(const rf__json *obj, const char *key) {
    const rf__json *a = rf__json_get(obj, key);
    assert_non_null(a);
    assert_int_equal(a->type, RF_JSON_ARRAY);
    assert_int_equal(a->count, 1);
    return a->child;
}

/* A verdict built by hand with every enumeration field set to value (out of
 * range too), rendered and read back: each name is the one the public name
 * function gives, and null where that gives NULL. */
static void check_names_at(int value, rf_machine_id refund_machine) {
    rf_complaint complaint = {(rf_complaint_type)value, (rf_complaint_state)value, (rf_actor)value, 0, "c1"};
    rf_action next = {(rf_actor)value, (rf_event_type)value};
    rf_deadline deadline = {"some_deadline", RF_MACHINE_REFUND, (rf_actor)value, 0, 100, true,
                            (rf_event_type)value, "000:1", false, 0};
    rf_finding finding;
    memset(&finding, 0, sizeof finding);
    finding.code = (rf_finding_code)value;
    finding.event_id = "e1";
    finding.seed = "000:2";
    finding.detail = (rf_finding_detail)value;
    rf_inserted inserted = {50, (rf_event_type)value, "other_deadline", 0};
    rf_verdict v;
    memset(&v, 0, sizeof v);
    v.order_id = "T1";
    v.as_of = 200;
    v.trade = (rf_trade_state)value;
    v.has_refund = true;
    v.refund_machine = refund_machine;
    v.refund_state = value;
    v.kind = (rf_kind)value;
    v.reason = (rf_reason)value;
    v.has_settlement = true;
    v.settlement.rule = (rf_rule)value;
    v.settlement.deduction_count = 1;
    v.settlement.deductions[0].id = (rf_deduction_id)value;
    v.settlement.return_postage_payer = (rf_party)value;
    v.settlement.exchange_postage_payer = (rf_party)value;
    v.settlement.reship_postage_payer = (rf_party)value;
    v.settlement.insurance = (rf_insurance)value;
    v.settlement.remedy = (rf_remedy)value;
    v.intervention = (rf_intervention_state)value;
    v.complaint_count = 1;
    v.complaints = &complaint;
    v.next_count = 1;
    v.next = &next;
    v.deadline_count = 1;
    v.deadlines = &deadline;
    v.finding_count = 1;
    v.findings = &finding;
    v.inserted_count = 1;
    v.inserted = &inserted;

    char *text = NULL;
    size_t len = 0;
    assert_int_equal(rf_render_verdict(NULL, &v, RF_FORMAT_NDJSON, RF_LANG_EN, &text, &len), RF_OK);
    rf__json_doc *doc = NULL;
    rf_error err = {0};
    if (rf__json_parse(NULL, text, len, NULL, &doc, &err) != RF_OK)
        fail_msg("value %d: %s at %u:%u in %s", value, err.message, err.line, err.column, text);
    const rf__json *root = rf__json_root(doc);

    expect_name(rf__json_get(root, "trade"), "state", rf_state_name(RF_MACHINE_TRADE, value), value);
    const rf__json *refund = rf__json_get(root, "refund");
    const rf_machine *m = rf_machine_get(refund_machine);
    expect_name(refund, "state", rf_state_name(refund_machine, value), value);
    expect_name(refund, "kind", rf_enum_name(RF_ENUM_KIND, value), value);
    expect_name(refund, "reason", rf_enum_name(RF_ENUM_REASON, value), value);
    expect_name(refund, "machine", m ? m->name : NULL, value);
    expect_name(rf__json_get(root, "intervention"), "state", rf_state_name(RF_MACHINE_INTERVENTION, value),
                value);
    const rf__json *k = first(root, "complaints");
    expect_name(k, "type", rf_enum_name(RF_ENUM_COMPLAINT, value), value);
    expect_name(k, "state", rf_state_name(RF_MACHINE_COMPLAINT, value), value);
    expect_name(k, "complainant", rf_enum_name(RF_ENUM_ACTOR, value), value);
    const rf__json *n = first(root, "next");
    expect_name(n, "actor", rf_enum_name(RF_ENUM_ACTOR, value), value);
    expect_name(n, "type", rf_enum_name(RF_ENUM_EVENT, value), value);
    const rf__json *d = first(root, "deadlines");
    expect_name(d, "actor", rf_enum_name(RF_ENUM_ACTOR, value), value);
    expect_name(d, "on_expiry", rf_enum_name(RF_ENUM_EVENT, value), value);
    const rf__json *s = rf__json_get(root, "settlement");
    expect_name(s, "rule", rf_rule_id((rf_rule)value), value);
    expect_name(s, "seed", rf_rule_seed((rf_rule)value), value);
    expect_name(s, "return_postage_payer", rf_enum_name(RF_ENUM_PARTY, value), value);
    expect_name(s, "exchange_postage_payer", rf_enum_name(RF_ENUM_PARTY, value), value);
    expect_name(s, "insurance", rf_enum_name(RF_ENUM_INSURANCE, value), value);
    expect_name(s, "remedy", rf_remedy_name((rf_remedy)value), value);
    if (value == RF_REMEDY_RESHIP_PART)
        expect_name(s, "reship_postage_payer", rf_enum_name(RF_ENUM_PARTY, value), value);
    const rf__json *ded = first(s, "deductions");
    expect_name(ded, "id", rf_deduction_name((rf_deduction_id)value), value);
    expect_name(ded, "seed", rf_deduction_seed((rf_deduction_id)value), value);
    expect_name(first(root, "timeouts"), "type", rf_enum_name(RF_ENUM_EVENT, value), value);
    expect_name(first(root, "findings"), "code", rf_finding_name((rf_finding_code)value), value);

    rf__json_free(doc);
    rf_string_free(NULL, text);
}

/* The strings of the library's own tables that render.c copies between
 * quotes without escaping (put_static): deadline ids and seeds, machine
 * names. Each must be plain printable ASCII with no quote or backslash. */
static bool plain_ascii(const char *s) {
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F || *s == '"' || *s == '\\') return false;
    return true;
}

static void test_static_strings_need_no_escape(void **state) {
    (void)state;
    for (size_t i = 0; i < rf__deadline_rule_count; i++) {
        const rf__deadline_rule *row = &rf__deadline_rules[i];
        if (!plain_ascii(row->id) || (row->seed && !plain_ascii(row->seed)))
            fail_msg("deadline row %zu (%s) needs escaping", i, row->id);
    }
    for (int m = 0; m < RF_MACHINE_COUNT; m++) assert_true(plain_ascii(rf_machine_get((rf_machine_id)m)->name));
}

static void test_every_name(void **state) {
    (void)state;
    /* From -1 to past the longest list (the event types). */
    for (int value = -1; value <= RF_EV_COUNT + 1; value++)
        for (int m = 0; m <= RF_MACHINE_COUNT; m++) check_names_at(value, (rf_machine_id)m);
}

/* A verdict at the largest of every field: the longest names, times and
 * amounts at their longest text, ids where every byte is escaped, every
 * optional key, every deduction, import assumptions. Its JSON parses and
 * holds those values; in sanitizer builds render.c poisons the bytes past
 * each item's room and slack, so an item writing past them is reported
 * here. */
static int longest_enum(rf_enum_id e) {
    int best = 0;
    for (int v = 0; rf_enum_name(e, v); v++)
        if (strlen(rf_enum_name(e, v)) > strlen(rf_enum_name(e, best))) best = v;
    return best;
}

static int longest_state(rf_machine_id m) {
    int best = 0;
    for (int v = 0; rf_state_name(m, v); v++)
        if (strlen(rf_state_name(m, v)) > strlen(rf_state_name(m, best))) best = v;
    return best;
}

static void test_largest_verdict(void **state) {
    (void)state;
    const rf_actor actor = (rf_actor)longest_enum(RF_ENUM_ACTOR);
    const rf_event_type event = (rf_event_type)longest_enum(RF_ENUM_EVENT);
    const rf_kind kind = (rf_kind)longest_enum(RF_ENUM_KIND);
    const rf_reason reason = (rf_reason)longest_enum(RF_ENUM_REASON);
    const int exchange_state = longest_state(RF_MACHINE_EXCHANGE);
    const rf_intervention_state intervention = (rf_intervention_state)longest_state(RF_MACHINE_INTERVENTION);
    int code = 1;
    for (int c = 1; c < RF_FINDING_COUNT; c++)
        if (strlen(rf_finding_name((rf_finding_code)c)) > strlen(rf_finding_name((rf_finding_code)code))) code = c;
    int rule = 0;
    for (int r = 0; r < RF_RULE_COUNT; r++)
        if (strlen(rf_rule_seed((rf_rule)r)) > strlen(rf_rule_seed((rf_rule)rule))) rule = r;
    char id[64];
    memset(id, '\x01', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    char static_id[48];
    memset(static_id, 'd', sizeof static_id - 1);
    static_id[sizeof static_id - 1] = '\0';
    const rf_fen big = INT64_MIN / 2;
    rf_settlement st;
    rf_settlement_init(&st);
    st.rule = (rf_rule)rule;
    st.eligible = false;
    st.base = st.allowed = st.refund = st.postage_refunded = st.payment_link = INT64_MIN;
    st.deduction_count = RF_DED_COUNT;
    for (int d = 0; d < RF_DED_COUNT; d++)
        st.deductions[d] = (rf_deduction){(rf_deduction_id)d, INT64_MIN, INT64_MIN, INT64_MIN};
    st.return_postage_payer = st.exchange_postage_payer = st.reship_postage_payer = (rf_party)longest_enum(RF_ENUM_PARTY);
    st.insurance = (rf_insurance)longest_enum(RF_ENUM_INSURANCE);
    st.remedy = RF_REMEDY_RESHIP_PART;
    st.partial_cap_unknown = true;
    const rf_complaint_type complaint = (rf_complaint_type)longest_enum(RF_ENUM_COMPLAINT);
    const rf_complaint_state complaint_state = (rf_complaint_state)longest_state(RF_MACHINE_COMPLAINT);
    rf_complaint complaints[2] = {{complaint, complaint_state, actor, INT64_MIN, id},
                                  {complaint, complaint_state, actor, INT64_MIN, id}};
    rf_action next[3] = {{actor, event}, {actor, event}, {actor, event}};
    rf_deadline deadlines[2] = {
        {static_id, RF_MACHINE_INTERVENTION, actor, INT64_MIN, INT64_MIN, true, event, static_id, true, INT64_MIN},
        {static_id, RF_MACHINE_INTERVENTION, actor, INT64_MIN, INT64_MIN, true, event, static_id, false, 0},
    };
    rf_request requests[2];
    for (int i = 0; i < 2; i++) {
        memset(&requests[i], 0, sizeof requests[i]);
        requests[i].event_id = id;
        requests[i].machine = RF_MACHINE_EXCHANGE;
        requests[i].state = exchange_state;
        requests[i].kind = kind;
        requests[i].reason = reason;
        requests[i].opened = requests[i].ended_at = INT64_MIN;
        requests[i].ended = true;
        requests[i].refunded = INT64_MIN;
        requests[i].has_settlement = true;
        requests[i].settlement = st;
        requests[i].intervention = intervention;
        requests[i].settlement_basis = (rf_basis)(RF_BASIS_INFERRED - i);
    }
    rf_inserted inserted[2] = {{INT64_MIN, event, static_id, 0}, {INT64_MIN, event, static_id, 0}};
    rf_finding findings[2];
    for (int i = 0; i < 2; i++) {
        memset(&findings[i], 0, sizeof findings[i]);
        findings[i].code = (rf_finding_code)code;
        findings[i].detail = RF_DETAIL_REFUNDED_ABOVE_LEFT;
        findings[i].event_id = id;
        findings[i].at = findings[i].due = findings[i].since = INT64_MIN;
        findings[i].actor = actor;
        findings[i].type = event;
        findings[i].seed = id;
        findings[i].has_money = findings[i].has_due = true;
        findings[i].expected = big;
        findings[i].actual = -big - 1;
        findings[i].paid = findings[i].refunded_before = INT64_MIN;
        findings[i].request = SIZE_MAX / 2 + 1; /* the longest number written for the key */
        findings[i].basis = RF_BASIS_INFERRED;
    }
    rf_verdict v;
    memset(&v, 0, sizeof v);
    v.order_id = id;
    v.as_of = v.created = INT64_MIN;
    v.has_created = true;
    v.channel = (rf_channel)longest_enum(RF_ENUM_CHANNEL);
    v.trade = (rf_trade_state)longest_state(RF_MACHINE_TRADE);
    v.aftersale = true;
    v.has_refund = true;
    v.refund_machine = RF_MACHINE_EXCHANGE;
    v.refund_state = exchange_state;
    v.kind = kind;
    v.reason = reason;
    v.has_settlement = true;
    v.settlement = st;
    v.settlement_basis = RF_BASIS_INFERRED;
    v.intervention = intervention;
    v.complaint_count = 2;
    v.complaints = complaints;
    v.next_count = 3;
    v.next = next;
    v.deadline_count = 2;
    v.deadlines = deadlines;
    v.finding_count = 2;
    v.findings = findings;
    v.inserted_count = 2;
    v.inserted = inserted;
    v.request_count = 2;
    v.requests = requests;
    v.events_after_as_of = SIZE_MAX / 2 + 1; /* the longest number written for the key */
    v.has_import = true;
    v.assumed = v.missing = UINT64_MAX;

    for (int l = RF_LANG_EN; l <= RF_LANG_ZH; l++) {
        char *text = NULL;
        size_t len = 0;
        assert_int_equal(rf_render_verdict(NULL, &v, RF_FORMAT_NDJSON, (rf_lang)l, &text, &len), RF_OK);
        rf__json_doc *doc = NULL;
        rf_error err = {0};
        if (rf__json_parse(NULL, text, len, NULL, &doc, &err) != RF_OK) fail_msg("%s at %u:%u", err.message, err.line, err.column);
        const rf__json *root = rf__json_root(doc);
        const rf__json *order = rf__json_get(root, "order");
        assert_int_equal(order->len, sizeof id - 1);
        assert_memory_equal(order->str, id, sizeof id - 1);
        const rf__json *as_of = rf__json_get(root, "as_of");
        assert_int_equal(as_of->len, RF__TIME_TEXT_MAX);
        const rf__json *refund = rf__json_get(rf__json_get(root, "settlement"), "refund");
        assert_int_equal(refund->len, RF__MONEY_TEXT_MAX);
        const rf__json *d = rf__json_get(root, "deadlines");
        assert_int_equal(d->count, 2);
        expect_name(d->child, "id", static_id, 0);
        assert_non_null(strstr(text, "\"remaining_s\":-9223372036854775808,"));
        assert_non_null(strstr(text, "\"delta\":\"+92233720368547758.07\""));
        rf__json_free(doc);
        rf_string_free(NULL, text);
    }
}

/* A verdict with nothing in any list and no settlement: the keys of every
 * section follow one another with no item between them (in sanitizer builds,
 * within the room and slack render.c keeps for them). */
static void test_emptiest_verdict(void **state) {
    (void)state;
    rf_verdict v;
    memset(&v, 0, sizeof v);
    v.order_id = "T";
    v.events_after_as_of = SIZE_MAX / 2 + 1;
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(rf_render_verdict(NULL, &v, RF_FORMAT_NDJSON, RF_LANG_EN, &text, &len), RF_OK);
    assert_non_null(strstr(text, ",\"deadlines\":[],\"settlement\":null,\"requests\":[],\"timeouts\":[],"
                                 "\"findings\":[],\"events_after_as_of\":"));
    rf_string_free(NULL, text);
}

/* Every enumeration value, event types included, has a Chinese label that is
 * not its JSON name (zh text shows the label; issue 15). */
static void test_every_zh_label(void **state) {
    (void)state;
    for (int w = 0; w < RF_ENUM_COUNT; w++)
        for (int value = 0; rf_enum_name((rf_enum_id)w, value); value++) {
            const char *zh = rf_enum_label_zh((rf_enum_id)w, value);
            if (!zh || !*zh || !strcmp(zh, rf_enum_name((rf_enum_id)w, value)))
                fail_msg("enumeration %d value %d (%s) has no zh label", w, value, rf_enum_name((rf_enum_id)w, value));
        }
}

/* Text output names the rule that decides a finding where JSON cites its
 * seed line: every code has that name in both languages, no two codes share
 * one in a language, and none of them cites a seed line itself. */
static void test_every_finding_rule_name(void **state) {
    (void)state;
    for (int code = 0; code < RF_FINDING_COUNT; code++)
        for (int zh = 0; zh < 2; zh++) {
            const char *name = rf__finding_rule_name((rf_finding_code)code, zh);
            if (!name || !*name) fail_msg("finding %s has no %s rule name", rf_finding_name((rf_finding_code)code), zh ? "zh" : "en");
            if (strchr(name, ':')) fail_msg("finding %s: rule name %s reads like a citation", rf_finding_name((rf_finding_code)code), name);
            for (int other = 0; other < code; other++)
                if (!strcmp(name, rf__finding_rule_name((rf_finding_code)other, zh)))
                    fail_msg("findings %s and %s share the rule name %s", rf_finding_name((rf_finding_code)other),
                             rf_finding_name((rf_finding_code)code), name);
        }
    assert_null(rf__finding_rule_name(RF_FINDING_COUNT, true));
    assert_null(rf__finding_rule_name((rf_finding_code)-1, false));
}

/* ---- rendering into a caller's buffer ------------------------------------------------ */

static rf_verdict *replay_file(rf_ctx *ctx, const char *path, rf_case **c) {
    size_t len = 0;
    char *text = test_read_file(path, &len);
    if (!text) fail_msg("cannot open %s", path);
    rf_error err = {0};
    rf_verdict *v = NULL;
    rf_status st = rf_case_parse(ctx, text, len, path, c, &err);
    free(text);
    if (st != RF_OK) fail_msg("%s: %s", path, err.message);
    assert_int_equal(rf_replay(ctx, *c, NULL, &v, &err), RF_OK);
    return v;
}

static void test_render_to_appends(void **state) {
    (void)state;
    static const char *const files[] = {
        RF_SOURCE_DIR "/examples/01-free-shipping-c-store.json",
        RF_SOURCE_DIR "/examples/10-intervention-ruled-for-buyer-mall.json",
        RF_SOURCE_DIR "/examples/16-mall-after-success-fee-invoice.json",
        RF_SOURCE_DIR "/examples/20-duplicate-event-mt.json",
    };
    rf_ctx *ctx = rf_ctx_new(NULL);
    assert_non_null(ctx);
    /* One buffer for everything, as a caller rendering many verdicts keeps. */
    rf__buf b;
    rf__buf_init(&b, NULL);
    RF__PUT_LIT(&b, "prefix|");
    size_t at = b.len;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        rf_case *c = NULL;
        rf_verdict *v = replay_file(ctx, files[i], &c);
        for (int f = RF_FORMAT_TEXT; f <= RF_FORMAT_NDJSON; f++) {
            for (int l = RF_LANG_EN; l <= RF_LANG_ZH; l++) {
                char *want = NULL;
                size_t want_len = 0;
                assert_int_equal(rf_render_verdict(ctx, v, (rf_format)f, (rf_lang)l, &want, &want_len), RF_OK);
                rf__render_verdict_to(&b, NULL, v, (rf_format)f, (rf_lang)l);
                assert_false(b.failed);
                assert_int_equal(b.len - at, want_len);
                assert_memory_equal(b.data + at, want, want_len);
                if (f != RF_FORMAT_TEXT) assert_int_equal(want[want_len - 1], '\n');
                at = b.len;
                rf_string_free(ctx, want);
            }
        }
        /* The pretty document is the compact one re-indented. */
        rf__buf compact, pretty;
        rf__buf_init(&compact, NULL);
        rf__buf_init(&pretty, NULL);
        rf__render_verdict_to(&compact, NULL, v, RF_FORMAT_NDJSON, RF_LANG_EN);
        rf__render_verdict_to(&pretty, NULL, v, RF_FORMAT_JSON, RF_LANG_EN);
        rf__buf again;
        rf__buf_init(&again, NULL);
        rf__json_pretty(&again, compact.data, compact.len - 1, 2);
        rf__buf_putc(&again, '\n');
        assert_int_equal(again.len, pretty.len);
        assert_memory_equal(again.data, pretty.data, pretty.len);
        /* The settlement inside the verdict is the settlement alone. */
        if (v->has_settlement) {
            char *s = NULL;
            size_t s_len = 0;
            assert_int_equal(rf_render_settlement(ctx, &v->settlement, RF_FORMAT_NDJSON, RF_LANG_EN, &s, &s_len),
                             RF_OK);
            s[s_len - 1] = '\0'; /* its newline */
            const char *inside = strstr(rf__buf_cstr(&compact), "\"settlement\":{");
            assert_non_null(inside);
            assert_memory_equal(inside + strlen("\"settlement\":"), s, s_len - 1);
            rf_string_free(ctx, s);
        }
        rf__buf_free(&again);
        rf__buf_free(&compact);
        rf__buf_free(&pretty);
        rf_verdict_free(v);
        rf_case_free(c);
    }
    assert_memory_equal(b.data, "prefix|", 7);
    rf__buf_free(&b);
    rf_ctx_free(ctx);
}

/* An allocator that fails from the k-th call on, counting live blocks. */
typedef struct failing {
    int calls, fail_at, live;
} failing;

static void *f_malloc(void *ud, size_t size) {
    failing *f = ud;
    if (++f->calls >= f->fail_at) return NULL;
    void *p = malloc(size);
    if (p) f->live++;
    return p;
}

static void *f_realloc(void *ud, void *ptr, size_t old_size, size_t size) {
    (void)old_size;
    failing *f = ud;
    if (++f->calls >= f->fail_at) return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr) f->live++;
    return p;
}

static void f_free(void *ud, void *ptr) {
    failing *f = ud;
    if (ptr) f->live--;
    free(ptr);
}

static void test_render_to_out_of_memory(void **state) {
    (void)state;
    rf_ctx *ctx = rf_ctx_new(NULL);
    rf_case *c = NULL;
    rf_verdict *v = replay_file(ctx, RF_SOURCE_DIR "/examples/16-mall-after-success-fee-invoice.json", &c);
    for (int f = RF_FORMAT_TEXT; f <= RF_FORMAT_NDJSON; f++) {
        for (int k = 1; k < 40; k++) {
            failing fa = {0, k, 0};
            const rf_allocator alloc = {f_malloc, f_realloc, f_free, &fa};
            rf__buf b;
            rf__buf_init(&b, &alloc);
            rf__render_verdict_to(&b, NULL, v, (rf_format)f, RF_LANG_ZH);
            bool failed = b.failed;
            rf__buf_free(&b);
            assert_int_equal(fa.live, 0);
            if (!failed) break;
            assert_true(k < 39);
        }
    }
    rf_verdict_free(v);
    rf_case_free(c);
    rf_ctx_free(ctx);
}

/* ---- findings as CSV ---------------------------------------------------------------- */

/* Example 17's history (an AMOUNT_MISMATCH with money), its order id full of
 * what CSV must quote, with one more event: a shipment after the 48 hours
 * of payment (LATE_SHIPMENT, with a due time) is not possible after
 * delivery, so an illegal second delivery scan stands in (ILLEGAL_TRANSITION:
 * no money, no due). */
static const char CSV_CASE[] =
    "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"TB,\\\"17\\\"\\r\\n第二行\",\"channel\":\"c_store\","
    "\"item_amount\":\"45.00\",\"free_shipping\":true,\"seller_shipping_cost\":\"5.00\"},\"events\":["
    "{\"id\":\"e1\",\"at\":\"2024-07-15T10:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"order_created\"},"
    "{\"id\":\"e2\",\"at\":\"2024-07-15T10:02:00+08:00\",\"actor\":\"buyer\",\"type\":\"paid\"},"
    "{\"id\":\"e3\",\"at\":\"2024-07-15T17:00:00+08:00\",\"actor\":\"seller\",\"type\":\"shipped\",\"tracking\":\"YT0\"},"
    "{\"id\":\"e4\",\"at\":\"2024-07-17T13:00:00+08:00\",\"actor\":\"carrier\",\"type\":\"delivered\"},"
    "{\"id\":\"e4,2\",\"at\":\"2024-07-17T14:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"paid\"},"
    "{\"id\":\"e5\",\"at\":\"2024-07-18T10:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"refund_requested\","
    "\"kind\":\"return_refund\",\"reason\":\"no_reason\"},"
    "{\"id\":\"e6\",\"at\":\"2024-07-18T14:00:00+08:00\",\"actor\":\"seller\",\"type\":\"refund_agreed\"},"
    "{\"id\":\"e7\",\"at\":\"2024-07-19T09:00:00+08:00\",\"actor\":\"buyer\",\"type\":\"return_shipped\",\"tracking\":\"YT1\"},"
    "{\"id\":\"e8\",\"at\":\"2024-07-22T16:00:00+08:00\",\"actor\":\"seller\",\"type\":\"return_received\","
    "\"amount\":\"45.00\"}]}";

#define CSV_ORDER "\"TB,\"\"17\"\"\r\n第二行\""
#define CSV_ROW_PAID "7," CSV_ORDER ",\"e4,2\",ILLEGAL_TRANSITION,2024-07-17T14:00:00+08:00,buyer,paid,,,,,"
#define CSV_ROW_MISMATCH "7," CSV_ORDER ",e8,AMOUNT_MISMATCH,2024-07-22T16:00:00+08:00,seller,return_received," \
                         "40.00,45.00,+5.00,,"

static void test_findings_csv(void **state) {
    (void)state;
    rf_case *c = NULL;
    rf_verdict *v = NULL;
    rf_error err = {0};
    assert_int_equal(rf_case_parse(NULL, CSV_CASE, sizeof CSV_CASE - 1, "csv", &c, &err), RF_OK);
    assert_int_equal(rf_replay(NULL, c, NULL, &v, &err), RF_OK);
    assert_int_equal(v->finding_count, 2);

    /* The rows: the fields of the JSON, RFC 4180 quoting, CR LF. */
    rf_csv_options o = RF_CSV_OPTIONS_INIT;
    o.line = "7";
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(rf_render_findings_csv(NULL, v, &o, RF_LANG_EN, &out, &len), RF_OK);
    assert_int_equal(strlen(out), len);
    char msg[512];
    rf_finding_message(&v->findings[0], RF_LANG_EN, msg, sizeof msg);
    assert_null(strpbrk(msg, "\",\r\n")); /* so it stands unquoted below */
    char want[2048];
    snprintf(want, sizeof want, CSV_ROW_PAID "%s,%s\r\n", v->findings[0].seed, msg);
    assert_memory_equal(out, want, strlen(want));
    const char *second = out + strlen(want);
    assert_non_null(strchr(v->findings[1].seed, ',')); /* "000:634,736": quoted */
    snprintf(want, sizeof want, CSV_ROW_MISMATCH "\"%s\",", v->findings[1].seed);
    assert_memory_equal(second, want, strlen(want));
    assert_int_equal(second[strlen(second) - 2], '\r');
    assert_int_equal(second[strlen(second) - 1], '\n');
    rf_string_free(NULL, out);

    /* Chinese messages, with their commas quoted. */
    assert_int_equal(rf_render_findings_csv(NULL, v, &o, RF_LANG_ZH, &out, &len), RF_OK);
    rf_finding_message(&v->findings[1], RF_LANG_ZH, msg, sizeof msg);
    assert_non_null(strchr(msg, ','));
    snprintf(want, sizeof want, ",\"%s\"\r\n", msg);
    assert_int_equal(strcmp(out + len - strlen(want), want), 0);
    rf_string_free(NULL, out);

    /* Only the codes asked for; with the BOM and the header first. */
    o.codes = (uint64_t)1 << RF_FINDING_AMOUNT_MISMATCH;
    o.bom = o.header = true;
    o.line = NULL;
    assert_int_equal(rf_render_findings_csv(NULL, v, &o, RF_LANG_EN, &out, &len), RF_OK);
    static const char head[] = "\xEF\xBB\xBFline,order,event,code,at,actor,type,expected,actual,delta,due,seed,message\r\n";
    assert_memory_equal(out, head, sizeof head - 1);
    assert_memory_equal(out + sizeof head - 1, CSV_ROW_MISMATCH + 1, strlen(CSV_ROW_MISMATCH) - 1);
    assert_null(strstr(out, "ILLEGAL_TRANSITION"));
    rf_string_free(NULL, out);

    /* No verdict: the header alone; a code with no finding: nothing. */
    o.bom = false;
    assert_int_equal(rf_render_findings_csv(NULL, NULL, &o, RF_LANG_EN, &out, &len), RF_OK);
    assert_string_equal(out, head + 3);
    rf_string_free(NULL, out);
    o.header = false;
    o.codes = (uint64_t)1 << RF_FINDING_LATE_SHIPMENT;
    assert_int_equal(rf_render_findings_csv(NULL, v, &o, RF_LANG_EN, &out, &len), RF_OK);
    assert_string_equal(out, "");
    assert_int_equal(len, 0);
    rf_string_free(NULL, out);

    /* A zeroed options struct is refused; NULL options are the defaults. */
    rf_csv_options zero;
    memset(&zero, 0, sizeof zero);
    out = (char *)&zero;
    assert_int_equal(rf_render_findings_csv(NULL, v, &zero, RF_LANG_EN, &out, &len), RF_E_INVALID);
    assert_null(out);
    assert_int_equal(rf_render_findings_csv(NULL, v, NULL, RF_LANG_EN, NULL, &len), RF_E_INVALID);
    assert_int_equal(rf_render_findings_csv(NULL, v, NULL, RF_LANG_EN, &out, NULL), RF_OK);
    assert_memory_equal(out, ",\"TB,", 5);
    rf_string_free(NULL, out);
    rf_csv_options_init(&zero);
    assert_int_equal(zero.size, sizeof zero);
    rf_csv_options_init(NULL);

    /* Out of memory at every allocation: RF_E_NOMEM, nothing leaked. */
    for (int k = 1;; k++) {
        failing fa = {0, k, 0};
        const rf_allocator alloc = {f_malloc, f_realloc, f_free, &fa};
        rf_ctx *ctx = rf_ctx_new(&alloc);
        if (!ctx) continue;
        o.codes = 0;
        rf_status st = rf_render_findings_csv(ctx, v, &o, RF_LANG_ZH, &out, &len);
        if (st == RF_OK) rf_string_free(ctx, out);
        else assert_int_equal(st, RF_E_NOMEM);
        rf_ctx_free(ctx);
        assert_int_equal(fa.live, 0);
        if (st == RF_OK) break;
        assert_true(k < 40);
    }
    rf_verdict_free(v);
    rf_case_free(c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_text),
        cmocka_unit_test(test_money_text_like_printf),
        cmocka_unit_test(test_time_text),
        cmocka_unit_test(test_put_uint),
        cmocka_unit_test(test_every_name),
        cmocka_unit_test(test_static_strings_need_no_escape),
        cmocka_unit_test(test_largest_verdict),
        cmocka_unit_test(test_emptiest_verdict),
        cmocka_unit_test(test_every_zh_label),
        cmocka_unit_test(test_every_finding_rule_name),
        cmocka_unit_test(test_render_to_appends),
        cmocka_unit_test(test_render_to_out_of_memory),
        cmocka_unit_test(test_findings_csv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
