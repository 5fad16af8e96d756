/*
 * Fuzz target: `refund apply` as the library sees it.
 *
 * The input is a case and an event, split at the first newline (a one-line
 * case, then the event as written, possibly over several lines). The case is
 * loaded, the event parsed against it and appended, the history replayed as
 * of the event, and the event spliced into the case's text. Whenever case and
 * event are valid and the append succeeded, the spliced text must load again
 * with the same events plus the new one last, field for field: what `apply`
 * writes to disk is always a case it can read back. Trying the event the
 * way shop software does (append, replay, rf_case_truncate) must leave the
 * case exactly as an rf_case_clone taken before, and the event can then be
 * appended again.
 */
#include "fuzz.h"

#include "../case_diff.h" /* tests/case_diff.h */
#include "json_read.h"

#include <string.h>

static rf_ctx *context(void) {
    static rf_ctx *ctx;
    if (!ctx) ctx = rf_ctx_new(NULL);
    FUZZ_ASSERT(ctx != NULL, "rf_ctx_new failed");
    return ctx;
}

static bool same_string(const char *a, const char *b) {
    return a == b || (a && b && !strcmp(a, b));
}

static void same_event(const rf_event *a, const rf_event *b, size_t i) {
    FUZZ_ASSERT(same_string(a->id, b->id) && a->at == b->at && a->actor == b->actor && a->type == b->type &&
                    a->has == b->has,
                "event %zu reads back differently (id %s / %s)", i, a->id, b->id);
    unsigned h = a->has;
    FUZZ_ASSERT((!(h & RF_HAS_KIND) || a->kind == b->kind) && (!(h & RF_HAS_REASON) || a->reason == b->reason) &&
                    (!(h & RF_HAS_AMOUNT) || a->amount == b->amount) && (!(h & RF_HAS_GOODS) || a->goods == b->goods) &&
                    (!(h & RF_HAS_INVOICE_RETURNED) || a->invoice_returned == b->invoice_returned) &&
                    (!(h & RF_HAS_TRACKING) || same_string(a->tracking, b->tracking)) &&
                    (!(h & RF_HAS_NOTE) || same_string(a->note, b->note)) &&
                    (!(h & RF_HAS_POSTAGE) || a->postage == b->postage) && (!(h & RF_HAS_DAYS) || a->days == b->days) &&
                    (!(h & RF_HAS_EVIDENCE) || a->evidence == b->evidence) &&
                    (!(h & RF_HAS_FOR) || a->ruling_for == b->ruling_for) &&
                    (!(h & RF_HAS_RATING) || a->rating == b->rating) &&
                    (!(h & RF_HAS_COMPLAINT) || a->complaint == b->complaint),
                "event %zu: a field reads back differently", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (fuzz_known_bug_input(data, size)) return 0;
    rf_ctx *ctx = context();
    const uint8_t *nl = memchr(data, '\n', size);
    if (!nl) return 0;
    const char *case_text = (const char *)data, *ev_text = (const char *)nl + 1;
    size_t case_len = (size_t)(nl - data), ev_len = size - case_len - 1;

    rf_case *c = NULL;
    if (rf_case_parse(ctx, case_text, case_len, "case.json", &c, NULL) != RF_OK) return 0;
    size_t before = rf_case_event_count(c);
    rf_case *original = NULL;
    FUZZ_ASSERT(rf_case_clone(c, &original, NULL) == RF_OK, "rf_case_clone failed");

    rf_event ev = RF_EVENT_INIT;
    rf_error err = {0};
    rf_status st = rf_case_parse_event(c, ev_text, ev_len, "event.json", &ev, &err);
    FUZZ_ASSERT(st == RF_OK || st == RF_E_JSON || st == RF_E_LIMIT || st == RF_E_INVALID,
                "rf_case_parse_event: %s", rf_status_name(st));
    if (st != RF_OK)
        FUZZ_ASSERT(err.code == st && err.message[0] && err.line >= 1, "event refusal without a position");
    bool valid = st == RF_OK;
    if (valid) {
        rf_error aerr = {0};
        rf_status ast = rf_case_append(c, &ev, &aerr);
        /* A repeated id, or a full case. */
        FUZZ_ASSERT(ast == RF_OK || ast == RF_E_INVALID || ast == RF_E_LIMIT, "rf_case_append: %s",
                    rf_status_name(ast));
        FUZZ_ASSERT(rf_case_event_count(c) == before + (ast == RF_OK), "append changed the count wrongly");
        valid = ast == RF_OK;
    }
    if (valid) {
        /* Judge the event where it lands, as `refund apply` does. */
        rf_replay_options opts = {sizeof(rf_replay_options), true, ev.at};
        rf_verdict *v = NULL;
        rf_error rerr = {0};
        rf_status rst = rf_replay(ctx, c, &opts, &v, &rerr);
        FUZZ_ASSERT(rst == RF_OK || rst == RF_E_CALENDAR || rst == RF_E_RANGE, "rf_replay: %s: %s",
                    rf_status_name(rst), rerr.message);
        if (v) {
            for (size_t i = 0; i < v->finding_count; i++)
                FUZZ_ASSERT(v->findings[i].event_index == SIZE_MAX || v->findings[i].event_index <= before,
                            "a finding for an event that does not exist");
            char *text = NULL;
            FUZZ_ASSERT(rf_render_verdict(ctx, v, RF_FORMAT_NDJSON, RF_LANG_ZH, &text, NULL) == RF_OK,
                        "render");
            rf_string_free(ctx, text);
        }
        rf_verdict_free(v);

        /* Undo the try: the case as it was, then the event once more. */
        rf_case *was = NULL;
        char what[96];
        rf_case_truncate(c, before);
        FUZZ_ASSERT(rf_case_event_count(c) == before, "rf_case_truncate left %zu events", rf_case_event_count(c));
        FUZZ_ASSERT(!case_diff(c, original, CASE_DIFF_POSITIONS, what, sizeof what), "after the undo %s differs", what);
        FUZZ_ASSERT(rf_case_clone(c, &was, NULL) == RF_OK, "rf_case_clone failed");
        FUZZ_ASSERT(!case_diff(was, original, CASE_DIFF_POSITIONS, what, sizeof what), "the clone's %s differs", what);
        rf_case_free(was);
        FUZZ_ASSERT(rf_case_append(c, &ev, NULL) == RF_OK, "the event cannot be appended again after the undo");
    }

    char *out = NULL;
    size_t out_len = 0;
    rf_error serr = {0};
    rf_status sst = rf_case_splice_event(ctx, case_text, case_len, ev_text, ev_len, &out, &out_len, &serr);
    FUZZ_ASSERT((sst == RF_OK) == (out != NULL), "splice output and status disagree");
    if (st == RF_OK) FUZZ_ASSERT(sst == RF_OK, "a valid event could not be spliced: %s", serr.message);
    if (sst == RF_OK) {
        FUZZ_ASSERT(out[out_len] == '\0', "spliced text not terminated");
        rf__json_doc *doc = NULL;
        rf_error jerr = {0};
        rf_status jst = rf__json_parse(NULL, out, out_len, NULL, &doc, &jerr);
        /* Any JSON value is spliced as written; nesting that was legal on
         * its own may pass the depth limit two levels further in. */
        FUZZ_ASSERT(jst == RF_OK || (!valid && jst == RF_E_LIMIT), "spliced text does not parse: %s at %u:%u",
                    jerr.message, jerr.line, jerr.column);
        rf__json_free(doc);
    }
    if (valid) {
        rf_case *after = NULL;
        rf_error perr = {0};
        rf_status pst = rf_case_parse(ctx, out, out_len, "case.json", &after, &perr);
        FUZZ_ASSERT(pst == RF_OK, "the spliced case does not load: %s \"%s\" at %u:%u (field %s)",
                    rf_status_name(pst), perr.message, perr.line, perr.column, perr.field);
        FUZZ_ASSERT(rf_case_event_count(after) == before + 1, "spliced case has %zu events, not %zu",
                    rf_case_event_count(after), before + 1);
        for (size_t i = 0; i <= before; i++) same_event(rf_case_event(c, i), rf_case_event(after, i), i);
        rf_case_free(after);
    }
    rf_string_free(ctx, out);
    rf_case_free(original);
    rf_case_free(c);
    return 0;
}
