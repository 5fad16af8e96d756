/*
 * Fuzz target: the replay engine and the renderer.
 *
 * A case that loads is replayed with the built-in policy three times: as of
 * its last event, as of an instant near it (picked from the input's hash)
 * and as of the last second of year 9999; then once more under one of a few
 * extreme policies or a one-year calendar. Each verdict is checked (states in
 * range, deadlines sorted, amounts in 0..RF_FEN_MAX, messages UTF-8) and
 * rendered as JSON, NDJSON and text in English and Chinese: the JSON must
 * pass the strict reader and all output must be UTF-8. Its findings are
 * rendered as CSV too, which must be RFC 4180 with a row of 13 fields per
 * finding. Everything is freed.
 */
#include "fuzz.h"

#include "json_read.h"

#include <string.h>

#define FAR_FUTURE INT64_C(253402300799) /* 9999-12-31T23:59:59Z */
#define DAY INT64_C(86400)

/* Policies at the edges of what rf_ctx_load_policy accepts, and a calendar
 * covering 2024 only (RF_E_CALENDAR for working days outside it). */
static const char *const variants[][2] = {
    {"{\"unpaid_close_days\":3650,\"ship_hours\":87600,\"receipt_express_days\":3650,"
     "\"receipt_surface_mail_days\":3650,\"receipt_virtual_days\":3650,\"seven_day_hours\":87600,"
     "\"seller_agree_unshipped_days\":3650,\"seller_agree_shipped_days\":3650,\"buyer_modify_days\":3650,"
     "\"buyer_return_days\":3650,\"seller_confirm_express_days\":3650,\"seller_confirm_surface_mail_days\":3650,"
     "\"complaint_window_days\":3650,\"breach_window_days\":3650,\"not_received_platform_workdays\":3650,"
     "\"delayed_shipment_platform_workdays\":3650,\"breach_platform_workdays\":3650,"
     "\"mall_commission_bp\":9500,\"mall_points_bp\":500,\"invoice_tax_bp\":10000}",
     NULL},
    {"{\"unpaid_close_days\":0,\"ship_hours\":0,\"receipt_express_days\":0,\"receipt_surface_mail_days\":0,"
     "\"receipt_virtual_days\":0,\"seven_day_hours\":0,\"seller_agree_unshipped_days\":0,"
     "\"seller_agree_shipped_days\":0,\"buyer_modify_days\":0,\"buyer_return_days\":0,"
     "\"seller_confirm_express_days\":0,\"seller_confirm_surface_mail_days\":0,\"complaint_window_days\":0,"
     "\"breach_window_days\":0,\"not_received_platform_workdays\":1,\"delayed_shipment_platform_workdays\":1,"
     "\"breach_platform_workdays\":1,\"mall_commission_bp\":0,\"mall_points_bp\":0,\"invoice_tax_bp\":0}",
     NULL},
    {"{\"invoice_tax_bp\":1300,\"ship_hours\":1}",
     "{\"holidays\":{\"2024-10-01\":\"国庆节\",\"2024-10-02\":\"国庆节\",\"2024-10-03\":\"国庆节\"},"
     "\"workdays\":{\"2024-09-29\":\"调休\",\"2024-10-12\":\"调休\"},\"timezone\":\"+08:00\"}"},
};
#define VARIANT_COUNT (sizeof variants / sizeof variants[0])

static rf_ctx *context(size_t which) {
    static rf_ctx *ctx[1 + VARIANT_COUNT];
    if (!ctx[which]) {
        rf_error err = {0};
        ctx[which] = rf_ctx_new(NULL);
        FUZZ_ASSERT(ctx[which] != NULL, "rf_ctx_new failed");
        if (which > 0) {
            const char *policy = variants[which - 1][0], *calendar = variants[which - 1][1];
            FUZZ_ASSERT(rf_ctx_load_policy(ctx[which], policy, strlen(policy), "policy", &err) == RF_OK,
                        "policy variant %zu: %s", which, err.message);
            if (calendar)
                FUZZ_ASSERT(rf_ctx_load_calendar(ctx[which], calendar, strlen(calendar), "calendar", &err) == RF_OK,
                            "calendar variant %zu: %s", which, err.message);
        }
    }
    return ctx[which];
}

static void check_text(const char *s, size_t n, const char *what) {
    size_t bad = fuzz_utf8_check((const unsigned char *)s, n);
    FUZZ_ASSERT(bad == n, "%s: invalid UTF-8 at byte %zu of %zu: ...%.*s", what, bad, n,
                (int)(n - bad > 40 ? 40 : n - bad), s + bad);
}

static void check_amount(rf_fen v, const char *what) {
    char buf[24];
    FUZZ_ASSERT(v >= 0 && v <= RF_FEN_MAX, "settlement %s = %s", what, rf_money_format(v, buf));
}

static void check_verdict(const rf_case *c, const rf_verdict *v, rf_time as_of) {
    size_t count = rf_case_event_count(c);
    FUZZ_ASSERT(v->order_id == rf_case_order(c)->id, "order id not the case's");
    FUZZ_ASSERT(v->as_of == as_of, "as_of");
    FUZZ_ASSERT(v->events_after_as_of <= count, "events after as_of");
    FUZZ_ASSERT(rf_state_name(RF_MACHINE_TRADE, (int)v->trade), "trade state %d", (int)v->trade);
    FUZZ_ASSERT(rf_state_name(RF_MACHINE_INTERVENTION, (int)v->intervention), "intervention state");
    if (v->has_refund) {
        FUZZ_ASSERT(v->refund_machine == RF_MACHINE_REFUND || v->refund_machine == RF_MACHINE_EXCHANGE,
                    "refund machine %d", (int)v->refund_machine);
        FUZZ_ASSERT(rf_state_name(v->refund_machine, v->refund_state), "refund state %d", v->refund_state);
        FUZZ_ASSERT(v->has_settlement, "a refund without a settlement");
    }
    if (v->has_settlement) {
        const rf_settlement *s = &v->settlement;
        check_amount(s->base, "base");
        check_amount(s->allowed, "allowed");
        check_amount(s->refund, "refund");
        check_amount(s->postage_refunded, "postage_refunded");
        check_amount(s->payment_link, "payment_link");
        check_amount(s->partial_cap, "partial_cap");
        FUZZ_ASSERT(s->refund <= s->allowed, "refund above what the rule allows");
        FUZZ_ASSERT(s->deduction_count <= RF_DED_COUNT, "deductions");
        for (size_t i = 0; i < s->deduction_count; i++) {
            check_amount(s->deductions[i].amount, "deduction");
            if (s->deductions[i].id == RF_DED_HANDLING_FEE)
                FUZZ_ASSERT(s->deductions[i].commission >= 0 && s->deductions[i].points >= 0 &&
                                s->deductions[i].commission + s->deductions[i].points == s->deductions[i].amount,
                            "handling fee parts do not sum");
        }
    }
    for (size_t i = 0; i < v->complaint_count; i++)
        FUZZ_ASSERT(rf_state_name(RF_MACHINE_COMPLAINT, (int)v->complaints[i].state) &&
                        (unsigned)v->complaints[i].type < RF_COMPLAINT_COUNT,
                    "complaint %zu", i);
    for (size_t i = 0; i < v->next_count; i++)
        FUZZ_ASSERT((unsigned)v->next[i].actor < RF_ACTOR_COUNT && (unsigned)v->next[i].type < RF_EV_COUNT,
                    "next action %zu", i);
    for (size_t i = 0; i < v->deadline_count; i++) {
        FUZZ_ASSERT(v->deadlines[i].id && v->deadlines[i].seed, "deadline %zu unnamed", i);
        /* Sorted by due instant, the paused ones (no due instant) last. */
        if (i) FUZZ_ASSERT(v->deadlines[i].paused || (!v->deadlines[i - 1].paused && v->deadlines[i - 1].due <= v->deadlines[i].due),
                           "deadlines not sorted");
    }
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        FUZZ_ASSERT(f->code > RF_FINDING_NONE && f->code < RF_FINDING_COUNT, "finding code %d", (int)f->code);
        FUZZ_ASSERT(f->event_index == SIZE_MAX ? f->event_id == NULL
                                               : f->event_index < count &&
                                                     f->event_id == rf_case_event(c, f->event_index)->id,
                    "finding %zu points nowhere", i);
        FUZZ_ASSERT(f->seed != NULL, "finding without a seed");
        char text[512];
        size_t n = rf_finding_message(f, RF_LANG_EN, text, sizeof text);
        FUZZ_ASSERT(n < sizeof text, "finding message_en cut at %zu bytes", n);
        check_text(text, n, "finding message_en");
        n = rf_finding_message(f, RF_LANG_ZH, text, sizeof text);
        FUZZ_ASSERT(n < sizeof text, "finding message_zh cut at %zu bytes", n);
        check_text(text, n, "finding message_zh");
    }
    for (size_t i = 0; i < v->inserted_count; i++)
        FUZZ_ASSERT(v->inserted[i].before_index <= count && v->inserted[i].deadline, "inserted timeout %zu", i);
}

/* Reads text as RFC 4180 CSV (CR LF after every record, quoted fields with
 * doubled quotes, nothing else quoted may hold a quote, CR or LF): its
 * records, each of 13 fields. */
static size_t csv_records(const char *text, size_t len) {
    size_t records = 0, fields = 1, i = 0;
    while (i < len) {
        if (text[i] == '"') {
            for (i++;; i++) {
                FUZZ_ASSERT(i < len, "csv: an unterminated quoted field");
                if (text[i] == '"' && (i + 1 == len || text[i + 1] != '"')) break;
                if (text[i] == '"') i++;
            }
            i++;
        } else {
            while (i < len && text[i] != ',' && text[i] != '\r') {
                FUZZ_ASSERT(text[i] != '"' && text[i] != '\n', "csv: a quote or LF in an unquoted field");
                i++;
            }
        }
        FUZZ_ASSERT(i < len, "csv: the last record does not end with CR LF");
        if (text[i] == ',') {
            fields++;
            i++;
            continue;
        }
        FUZZ_ASSERT(text[i] == '\r' && i + 1 < len && text[i + 1] == '\n', "csv: a field ends in %c", text[i]);
        FUZZ_ASSERT(fields == 13, "csv: a record of %zu fields", fields);
        records++;
        fields = 1;
        i += 2;
    }
    return records;
}

static void render_all(const rf_ctx *ctx, const rf_verdict *v) {
    static const struct { rf_format format; rf_lang lang; const char *name; } outputs[] = {
        {RF_FORMAT_JSON, RF_LANG_EN, "json en"},     {RF_FORMAT_JSON, RF_LANG_ZH, "json zh"},
        {RF_FORMAT_NDJSON, RF_LANG_EN, "ndjson en"}, {RF_FORMAT_NDJSON, RF_LANG_ZH, "ndjson zh"},
        {RF_FORMAT_TEXT, RF_LANG_EN, "text en"},     {RF_FORMAT_TEXT, RF_LANG_ZH, "text zh"},
    };
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        char *text = NULL;
        size_t len = 0;
        rf_status st = rf_render_verdict(ctx, v, outputs[i].format, outputs[i].lang, &text, &len);
        FUZZ_ASSERT(st == RF_OK && text && text[len] == '\0' && len == strlen(text), "render %s: %s",
                    outputs[i].name, rf_status_name(st));
        check_text(text, len, outputs[i].name);
        if (outputs[i].format != RF_FORMAT_TEXT) {
            rf__json_doc *doc = NULL;
            rf_error err = {0};
            FUZZ_ASSERT(rf__json_parse(NULL, text, len, NULL, &doc, &err) == RF_OK,
                        "%s output is not JSON: %s at %u:%u", outputs[i].name, err.message, err.line, err.column);
            const rf__json *order = rf__json_get(rf__json_root(doc), "order");
            FUZZ_ASSERT(order && order->type == RF_JSON_STRING && !strcmp(order->str, v->order_id),
                        "%s: order id lost", outputs[i].name);
            rf__json_free(doc);
            if (outputs[i].format == RF_FORMAT_NDJSON)
                FUZZ_ASSERT(memchr(text, '\n', len) == text + len - 1, "ndjson output is not one line");
        }
        rf_string_free(ctx, text);
    }
    for (int l = RF_LANG_EN; l <= RF_LANG_ZH; l++) {
        rf_csv_options o = RF_CSV_OPTIONS_INIT;
        char *text = NULL;
        size_t len = 0;
        o.header = true;
        o.line = "1";
        FUZZ_ASSERT(rf_render_findings_csv(ctx, v, &o, (rf_lang)l, &text, &len) == RF_OK, "render csv");
        check_text(text, len, "csv");
        FUZZ_ASSERT(csv_records(text, len) == v->finding_count + 1, "csv: not a row per finding");
        rf_string_free(ctx, text);
    }
    if (v->has_settlement) {
        for (int f = RF_FORMAT_TEXT; f <= RF_FORMAT_NDJSON; f++) {
            char *text = NULL;
            size_t len = 0;
            FUZZ_ASSERT(rf_render_settlement(ctx, &v->settlement, (rf_format)f, RF_LANG_ZH, &text, &len) == RF_OK,
                        "render settlement");
            check_text(text, len, "settlement");
            rf_string_free(ctx, text);
        }
    }
}

/* The verdict as one JSON line, for comparing runs; NULL when the replay
 * failed (then *status says how). */
static char *verdict_json(const rf_ctx *ctx, const rf_case *c, const rf_replay_options *opts, rf_status *status) {
    rf_verdict *v = NULL;
    char *text = NULL;
    *status = rf_replay(ctx, c, opts, &v, NULL);
    if (*status == RF_OK)
        FUZZ_ASSERT(rf_render_verdict(ctx, v, RF_FORMAT_NDJSON, RF_LANG_EN, &text, NULL) == RF_OK, "render");
    rf_verdict_free(v);
    return text;
}

static void replay(const rf_ctx *ctx, const rf_case *c, bool has_now, rf_time now, rf_time last) {
    rf_replay_options opts = {sizeof(rf_replay_options), has_now, now};
    rf_verdict *v = NULL;
    rf_error err = {0};
    rf_status st = rf_replay(ctx, c, has_now || (now & 1) ? &opts : NULL, &v, &err);
    FUZZ_ASSERT((st == RF_OK) == (v != NULL), "verdict and status disagree");
    if (st != RF_OK) {
        /* A working day outside the calendar; a total beyond the largest
         * amount (or a policy of 0 working days) is RF_E_RANGE. */
        FUZZ_ASSERT(st == RF_E_CALENDAR || st == RF_E_RANGE, "rf_replay: %s: %s", rf_status_name(st),
                    err.message);
        FUZZ_ASSERT(err.code == st && err.message[0], "rf_replay failed without a message");
        return;
    }
    rf_time as_of = has_now ? now : last;
    check_verdict(c, v, as_of);
    size_t after = 0;
    for (size_t i = 0; i < rf_case_event_count(c); i++) after += rf_case_event(c, i)->at > as_of;
    FUZZ_ASSERT(v->events_after_as_of == after, "%zu events after as_of, the verdict says %zu", after,
                v->events_after_as_of);
    render_all(ctx, v);
    rf_verdict_free(v);
}

/* A replay is a function of the case, the context and the instant: run
 * twice it gives the same bytes, and without --now it is the replay as of
 * the latest event (include/refund.h, rf_replay_options). */
static void replay_is_deterministic(const rf_ctx *ctx, const rf_case *c, rf_time last) {
    rf_status st1, st2, st3;
    rf_replay_options at_last = {sizeof(rf_replay_options), true, last};
    char *a = verdict_json(ctx, c, NULL, &st1);
    char *b = verdict_json(ctx, c, NULL, &st2);
    char *d = verdict_json(ctx, c, &at_last, &st3);
    FUZZ_ASSERT(st1 == st2 && st1 == st3, "replays of one case disagree: %s, %s, %s", rf_status_name(st1),
                rf_status_name(st2), rf_status_name(st3));
    if (a) {
        FUZZ_ASSERT(!strcmp(a, b), "two replays of one case differ:\n%s\n%s", a, b);
        FUZZ_ASSERT(rf_case_event_count(c) == 0 || !strcmp(a, d),
                    "the replay without --now differs from --now at the last event:\n%s\n%s", a, d);
    }
    rf_string_free(ctx, a);
    rf_string_free(ctx, b);
    rf_string_free(ctx, d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    rf_case *c = NULL;
    uint64_t h = fuzz_hash(data, size);
    if (rf_case_parse(context(0), (const char *)data, size, "fuzz.json", &c, NULL) != RF_OK) return 0;

    size_t n = rf_case_event_count(c);
    rf_time last = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || rf_case_event(c, i)->at > last) last = rf_case_event(c, i)->at;
    rf_time near = last + (rf_time)((h >> 8) % (440 * (uint64_t)DAY)) - 40 * DAY;

    replay(context(0), c, false, 0, last);
    replay_is_deterministic(context(0), c, last);
    replay(context(0), c, true, near, last);
    replay(context(0), c, true, FAR_FUTURE, last);
    replay(context(1 + (size_t)(h % VARIANT_COUNT)), c, (h >> 4) & 1, near, last);
    rf_case_free(c);
    return 0;
}
