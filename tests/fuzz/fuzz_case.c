/*
 * Fuzz target: the case loader (rf_case_parse) and the text splice behind
 * `refund apply` (rf_case_splice_event) with one fixed event.
 *
 * A case that loads must hold only what FORMAT.md allows (ids, enums, money
 * and times in range). A refusal must carry a position and a message. The
 * splice of the fixed event into any JSON object with an events array must
 * keep every other byte, parse again with one more element, and, when the
 * case loaded, load again with the event last.
 *
 * rf_case_parse first tries the schema-directed reader (lib/case_fast.c)
 * and falls back on the tree loader (lib/case_tree.c) when it declines. So the
 * target also runs both on every input: what the fast reader accepts, the
 * tree loader must accept and read into the same case, field for field;
 * and rf_case_parse must answer exactly as the tree loader alone does,
 * error included, also when it reuses one case for every input
 * (rf__case_reparse, as a long NDJSON run does). And a case that loads,
 * written back with rf_render_case, must read into the same case and
 * write the same bytes again.
 */
#include "fuzz.h"

#include "../case_diff.h" /* tests/case_diff.h */
#include "case_read.h"
#include "json_read.h"

#include <string.h>

/* What `refund apply` would append: a multi-line object with an escape, so
 * the splice has to carry its bytes exactly as written. */
static const char fixed_event[] =
    "{\"id\": \"fuzz-fixed\", \"at\": \"2024-07-01T10:00:00+08:00\", \"actor\": \"seller\",\n"
    "     \"type\": \"refund_agreed\", \"amount\": \"80.00\", \"note\": \"\\u540c\\u610f \\\"ok\\\"\"}";

/* The largest amount rf_money_parse lets through (13 integer digits). */
#define PARSED_FEN_MAX INT64_C(999999999999999)

static rf_ctx *context(void) {
    static rf_ctx *ctx;
    if (!ctx) ctx = rf_ctx_new(NULL);
    FUZZ_ASSERT(ctx != NULL, "rf_ctx_new failed");
    return ctx;
}

static void check_string(const char *s, const char *what) {
    FUZZ_ASSERT(s && *s, "%s is missing or empty", what);
    size_t n = strlen(s);
    FUZZ_ASSERT(n <= 4096, "%s has %zu bytes", what, n);
    FUZZ_ASSERT(fuzz_utf8_check((const unsigned char *)s, n) == n, "%s is not UTF-8", what);
}

static void check_money(rf_fen v, const char *what) {
    char buf[24];
    FUZZ_ASSERT(v >= 0 && v <= PARSED_FEN_MAX, "%s out of range: %s", what, rf_money_format(v, buf));
}

static void check_case(const rf_case *c) {
    const rf_order *o = rf_case_order(c);
    check_string(o->id, "order.id");
    FUZZ_ASSERT((unsigned)o->channel < RF_CHANNEL_COUNT && (unsigned)o->insurance < RF_INSURANCE_COUNT &&
                    (unsigned)o->ship_exempt < RF_EXEMPT_COUNT && (unsigned)o->delivery < RF_DELIVERY_COUNT,
                "order enum out of range");
    check_money(o->item_amount, "item_amount");
    check_money(o->shipping_fee, "shipping_fee");
    check_money(o->seller_shipping_cost, "seller_shipping_cost");
    size_t n = rf_case_event_count(c);
    FUZZ_ASSERT(n <= 10000, "%zu events loaded", n);
    FUZZ_ASSERT(rf_case_event(c, n) == NULL, "an event past the end");
    for (size_t i = 0; i < n; i++) {
        const rf_event *ev = rf_case_event(c, i);
        char buf[32];
        FUZZ_ASSERT(ev != NULL, "event %zu missing", i);
        check_string(ev->id, "event id");
        FUZZ_ASSERT((unsigned)ev->type < RF_EV_REFUND_SUCCEEDED && (unsigned)ev->actor < RF_ACTOR_COUNT,
                    "event %zu: type %d actor %d", i, (int)ev->type, (int)ev->actor);
        /* Years 1970..9999 with any offset under a day. */
        FUZZ_ASSERT(ev->at >= -INT64_C(86400) && ev->at <= INT64_C(253402387200), "event %zu at %s", i,
                    rf_time_format(ev->at, buf));
        FUZZ_ASSERT(ev->line >= 1 && ev->column >= 1, "event %zu has no position", i);
        if (ev->has & RF_HAS_AMOUNT) check_money(ev->amount, "amount");
        if (ev->has & RF_HAS_POSTAGE) check_money(ev->postage, "postage");
        if (ev->has & RF_HAS_TRACKING) check_string(ev->tracking, "tracking");
        if (ev->has & RF_HAS_NOTE) check_string(ev->note, "note");
        if (ev->has & RF_HAS_DAYS)
            FUZZ_ASSERT(ev->days == 3 || ev->days == 5 || ev->days == 7 || ev->days == 10, "days %d", ev->days);
        if (ev->has & RF_HAS_KIND) FUZZ_ASSERT((unsigned)ev->kind < RF_KIND_COUNT, "kind");
        if (ev->has & RF_HAS_REASON) FUZZ_ASSERT((unsigned)ev->reason < RF_REASON_COUNT, "reason");
        if (ev->has & RF_HAS_COMPLAINT) FUZZ_ASSERT((unsigned)ev->complaint < RF_COMPLAINT_COUNT, "complaint");
    }
}

/* ---- the fast reader against the tree loader ------------------------------------- */

static rf_case *empty_case(void) {
    rf_case *c = rf__malloc(&rf__default_allocator, sizeof *c);
    FUZZ_ASSERT(c != NULL, "out of memory");
    memset(c, 0, sizeof *c);
    c->alloc = rf__default_allocator;
    return c;
}

/* The first field in which two cases differ, or NULL. Every field of the
 * order and of each event, strings by content, positions included: from
 * the rows of the schema (tests/case_diff.h). */
static const char *case_diff_at(const rf_case *x, const rf_case *y) {
    static char what[96];
    return case_diff(x, y, CASE_DIFF_POSITIONS, what, sizeof what) ? what : NULL;
}

static bool same_error(const rf_error *a, const rf_error *b) {
    return a->code == b->code && a->offset == b->offset && a->line == b->line && a->column == b->column &&
           !strcmp(a->field, b->field) && !strcmp(a->message, b->message);
}

/* One case reused for every input, the way an NDJSON auditor reuses it. */
static rf_case *reused;

static void check_fast_reader(const char *text, size_t size, rf_status parse_st, const rf_error *parse_err) {
    rf_case *fast = empty_case(), *tree = empty_case();
    bool accepted = rf__case_read_fast(fast, text, size);
    FUZZ_ASSERT(!fast->out_of_memory, "the fast reader ran out of memory");
    rf_error terr = {0};
    rf_status tst = rf__case_read_tree(tree, text, size, &terr);
    FUZZ_ASSERT(!accepted || tst == RF_OK,
                "the fast reader accepted what the tree loader refuses: %s at %u:%u [%s] %s", rf_status_name(tst),
                terr.line, terr.column, terr.field, terr.message);
    const char *diff = accepted ? case_diff_at(fast, tree) : NULL;
    FUZZ_ASSERT(!diff, "the fast reader read %s differently", diff);

    /* rf_case_parse answers as the tree loader alone. */
    FUZZ_ASSERT(parse_st == tst, "rf_case_parse says %s, the tree loader %s", rf_status_name(parse_st),
                rf_status_name(tst));
    FUZZ_ASSERT(tst == RF_OK || same_error(parse_err, &terr),
                "rf_case_parse's error differs: %s at %zu %u:%u [%s] %s; tree: %s at %zu %u:%u [%s] %s",
                rf_status_name(parse_err->code), parse_err->offset, parse_err->line, parse_err->column,
                parse_err->field, parse_err->message, rf_status_name(terr.code), terr.offset, terr.line,
                terr.column, terr.field, terr.message);

    /* So does a reused case. */
    if (!reused) reused = empty_case();
    rf_error rerr = {0};
    rf_status rst = rf__case_reparse(reused, text, size, &rerr);
    FUZZ_ASSERT(rst == tst, "rf__case_reparse says %s, the tree loader %s", rf_status_name(rst), rf_status_name(tst));
    if (tst == RF_OK) {
        diff = case_diff_at(reused, tree);
        FUZZ_ASSERT(!diff, "a reused case read %s differently", diff);
    } else {
        FUZZ_ASSERT(same_error(&rerr, &terr), "rf__case_reparse's error differs from the tree loader's: %s / %s",
                    rerr.message, terr.message);
    }
    rf_case_free(fast);
    rf_case_free(tree);
}

/* rf_render_case of a loaded case reads back (tree and fast) into it. */
static void check_written(const rf_case *c) {
    for (int format = RF_FORMAT_JSON; format <= RF_FORMAT_NDJSON; format++) {
        char *text = NULL, *again = NULL;
        size_t len = 0, again_len = 0;
        FUZZ_ASSERT(rf_render_case(NULL, c, (rf_format)format, &text, &len) == RF_OK, "rf_render_case failed");
        rf_case *back = empty_case(), *fast = empty_case();
        rf_error err = {0};
        rf_status st = rf__case_read_tree(back, text, len, &err);
        FUZZ_ASSERT(st == RF_OK, "rf_render_case wrote what the tree loader refuses: [%s] %s", err.field, err.message);
        char what[96];
        FUZZ_ASSERT(!case_diff(c, back, 0, what, sizeof what), "rf_render_case, read back: %s differs", what);
        /* The writer escapes free text only, which the fast reader decodes. */
        FUZZ_ASSERT(rf__case_read_fast(fast, text, len), "the fast reader declines a written case");
        FUZZ_ASSERT(!case_diff_at(fast, back), "the fast reader reads the written case differently");
        FUZZ_ASSERT(rf_render_case(NULL, back, (rf_format)format, &again, &again_len) == RF_OK &&
                        again_len == len && memcmp(again, text, len) == 0,
                    "rf_render_case of the case read back writes other bytes");
        rf_string_free(NULL, text);
        rf_string_free(NULL, again);
        rf_case_free(back);
        rf_case_free(fast);
    }
}

/* Whether any object key of the tree holds a NUL byte (\u0000). */
static bool nul_in_keys(const rf__json *v) {
    for (const rf__json *m = v->child; m; m = m->next) {
        if (v->type == RF_JSON_OBJECT && memchr(m->key, '\0', m->key_len)) return true;
        if ((m->type == RF_JSON_OBJECT || m->type == RF_JSON_ARRAY) && nul_in_keys(m)) return true;
    }
    return false;
}

/* Every key of a loaded case is one of FORMAT.md's names (unknown keys are
 * errors), and none of those holds a NUL: a key "item_amount\u0000" is a
 * different key to every JSON reader, so it must not be read as another. */
static void check_keys(const uint8_t *data, size_t size) {
    rf__json_doc *doc = NULL;
    FUZZ_ASSERT(rf__json_parse(NULL, (const char *)data, size, NULL, &doc, NULL) == RF_OK,
                "a loaded case is not JSON");
    FUZZ_ASSERT(!nul_in_keys(rf__json_root(doc)),
                "a case with a key holding \\u0000 was loaded (the key was read as the name before the NUL)");
    rf__json_free(doc);
}

/* The spliced text: the case's bytes with ",\n    EVENT" (or "\n    EVENT\n  "
 * in an empty array) inserted; JSON again, with the event last. */
static void check_splice(const uint8_t *data, size_t size, const char *out, size_t out_len) {
    size_t ev_len = sizeof fixed_event - 1;
    FUZZ_ASSERT(out[out_len] == '\0' && out_len > size + ev_len, "spliced length %zu", out_len);
    rf__json_doc *doc = NULL;
    rf_error err = {0};
    rf_status st = rf__json_parse(NULL, out, out_len, NULL, &doc, &err);
    FUZZ_ASSERT(st == RF_OK, "spliced text does not parse: %s at %u:%u", err.message, err.line, err.column);
    const rf__json *events = rf__json_get(rf__json_root(doc), "events");
    FUZZ_ASSERT(events && events->type == RF_JSON_ARRAY && events->count >= 1, "no events after the splice");
    const rf__json *last = events->child;
    while (last->next) last = last->next;
    FUZZ_ASSERT(last->end - last->offset == ev_len && !memcmp(out + last->offset, fixed_event, ev_len),
                "the event's bytes were not kept");
    /* Around the inserted text, the case's own bytes, unchanged. */
    size_t extra = out_len - size - ev_len;
    FUZZ_ASSERT(extra == 6 || extra == 8, "%zu bytes besides the event were inserted", extra);
    const char *sep = extra == 6 ? ",\n    " : "\n    ";
    const char *tail = extra == 6 ? "" : "\n  ";
    size_t sep_len = strlen(sep), tail_len = strlen(tail);
    FUZZ_ASSERT(last->offset >= sep_len, "event at %zu", last->offset);
    size_t at = last->offset - sep_len;
    FUZZ_ASSERT(at <= size && !memcmp(out, data, at) && !memcmp(out + at, sep, sep_len) &&
                    !memcmp(out + last->end, tail, tail_len) &&
                    !memcmp(out + last->end + tail_len, data + at, size - at),
                "the case's bytes changed around the inserted event");
    rf__json_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (fuzz_known_bug_input(data, size)) return 0;
    rf_ctx *ctx = context();
    const char *text = (const char *)data;
    rf_case *c = NULL;
    rf_error err = {0};
    rf_status st = rf_case_parse(ctx, text, size, "fuzz.json", &c, &err);
    FUZZ_ASSERT(st == RF_OK || st == RF_E_JSON || st == RF_E_LIMIT || st == RF_E_INVALID,
                "rf_case_parse: %s", rf_status_name(st));
    FUZZ_ASSERT((st == RF_OK) == (c != NULL), "case and status disagree");
    if (st == RF_OK) {
        check_case(c);
        check_keys(data, size);
    } else {
        FUZZ_ASSERT(err.code == st && err.message[0] && err.offset <= size && err.line >= 1 && err.column >= 1,
                    "refusal without a position: %s \"%s\" at %zu %u:%u", rf_status_name(err.code), err.message,
                    err.offset, err.line, err.column);
    }
    check_fast_reader(text, size, st, &err);
    if (st == RF_OK) check_written(c);

    char *out = NULL;
    size_t out_len = 0;
    rf_error err2 = {0};
    rf_status sst = rf_case_splice_event(ctx, text, size, fixed_event, sizeof fixed_event - 1, &out, &out_len, &err2);
    FUZZ_ASSERT((sst == RF_OK) == (out != NULL), "splice output and status disagree");
    if (c) FUZZ_ASSERT(sst == RF_OK, "a loaded case could not be spliced: %s", err2.message);
    if (sst == RF_OK) {
        check_splice(data, size, out, out_len);
        if (c) {
            rf_case *after = NULL;
            rf_error err3 = {0};
            rf_status ast = rf_case_parse(ctx, out, out_len, "spliced.json", &after, &err3);
            FUZZ_ASSERT(ast == RF_OK, "the spliced case does not load: %s \"%s\" at %u:%u", rf_status_name(ast),
                        err3.message, err3.line, err3.column);
            size_t n = rf_case_event_count(c);
            FUZZ_ASSERT(rf_case_event_count(after) == n + 1, "spliced case has %zu events, not %zu",
                        rf_case_event_count(after), n + 1);
            const rf_event *ev = rf_case_event(after, n);
            FUZZ_ASSERT(!strcmp(ev->id, "fuzz-fixed") && ev->type == RF_EV_REFUND_AGREED &&
                            ev->actor == RF_ACTOR_SELLER && ev->amount == 8000 &&
                            !strcmp(ev->note, "\xe5\x90\x8c\xe6\x84\x8f \"ok\""),
                        "the spliced event reads back differently");
            check_case(after);
            rf_case_free(after);
        }
    }
    rf_string_free(ctx, out);
    rf_case_free(c);
    return 0;
}
