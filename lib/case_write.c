/*
 * The case writer: an rf_case back to a refund-case/1 document, the format
 * both readers read (FORMAT.md section 1). It walks the rows of the schema
 * (lib/schema.h) as the readers do: every order row, then for each event
 * the four keys every event has and the rows its has-bits say it carries,
 * in the rows' order. A field added to the schema is written with no edit
 * here.
 *
 * What it writes reads back into the same case (tests/test_case_write.c
 * checks it through both readers): money as a string with two decimals,
 * times in RFC 3339 with the +08:00 offset of the rest of the output
 * (except the few instants at the ends of the range, see put_time),
 * strings escaped as JSON needs and UTF-8 as is. The compact text is the
 * NDJSON form; the pretty one is it re-indented, as every pretty document
 * of the library is.
 */
#include "case.h"
#include "buf.h"
#include "json_write.h"
#include "schema.h"

/* ---- values --------------------------------------------------------------------- */

/* An instant as an RFC 3339 string rf_time_parse reads back to the same
 * instant. +08:00, like every time the library writes, while the local
 * year stays within 1970..9999; at the ends of the range (the first eight
 * hours of 1970 UTC, the last of 9999) the offset that keeps it there:
 * +23:59 or -23:59, as an offset a file can give. */
#define CST INT64_C(28800)                  /* +08:00 */
#define EDGE_OFFSET INT64_C(86340)           /* 23:59 */
#define YEAR_10000 INT64_C(253402300800)    /* 10000-01-01T00:00:00Z */

static void put_time(rf__buf *b, rf_time t) {
    char text[RF__TIME_TEXT_MAX];
    int64_t offset = CST;
    const char *suffix = NULL;
    if (t < -CST) {
        offset = EDGE_OFFSET;
        suffix = "+23:59";
    } else if (t >= YEAR_10000 - CST) {
        offset = -EDGE_OFFSET;
        suffix = "-23:59";
    }
    /* rf__time_format_to writes the local time of +08:00: shifted so that
     * it writes the local time of offset, whose text then replaces it. */
    char *end = rf__time_format_to(text, t + (offset - CST));
    if (suffix) memcpy(end - 6, suffix, 6);
    rf__buf_putc(b, '"');
    rf__buf_put(b, text, (size_t)(end - text));
    rf__buf_putc(b, '"');
}

static void put_money(rf__buf *b, rf_fen fen) {
    char text[RF__MONEY_TEXT_MAX];
    char *end = rf__money_format_to(text, fen);
    rf__buf_putc(b, '"');
    rf__buf_put(b, text, (size_t)(end - text));
    rf__buf_putc(b, '"');
}

static void put_object(rf__buf *b, const void *base, const rf__field *fields, size_t n);

/* The value of row f of the struct at base. */
static void put_value(rf__buf *b, const void *base, const rf__field *f) {
    switch (f->type) {
    case RF__FT_TEXT: {
        const char *s = rf__field_text(base, f);
        rf__json_put_string(b, s ? s : "", s ? strlen(s) : 0);
        return;
    }
    case RF__FT_TEXT_OR_NULL: rf__json_put_cstr(b, rf__field_text(base, f)); return;
    case RF__FT_CHOICE_OR_NULL:
        if (rf__field_int(base, f) == 0) RF__PUT_LIT(b, "null");
        else rf__json_put_int(b, rf__field_int(base, f));
        return;
    case RF__FT_SET: {
        uint64_t set = rf__field_u64(base, f);
        rf__buf_putc(b, '[');
        for (int v = 0, n = 0; v < 64; v++) {
            if (!(set >> v & 1u)) continue;
            if (n++) rf__buf_putc(b, ',');
            rf__json_put_cstr(b, rf__set_name(f, v));
        }
        rf__buf_putc(b, ']');
        return;
    }
    case RF__FT_LIST: {
        rf_import_refunds list = rf__field_list(base, f);
        rf__buf_putc(b, '[');
        for (size_t i = 0; i < list.count; i++) {
            if (i) rf__buf_putc(b, ',');
            put_object(b, (const char *)list.items + i * f->item_size, f->items, f->item_count);
        }
        rf__buf_putc(b, ']');
        return;
    }
    case RF__FT_MONEY: put_money(b, rf__field_i64(base, f)); return;
    case RF__FT_TIME: put_time(b, rf__field_i64(base, f)); return;
    case RF__FT_BOOL:
        if (rf__field_bool(base, f)) RF__PUT_LIT(b, "true");
        else RF__PUT_LIT(b, "false");
        return;
    case RF__FT_ENUM_OR_NULL:
    case RF__FT_ENUM: {
        int v = rf__field_int(base, f);
        if (f->type == RF__FT_ENUM_OR_NULL && v == 0) RF__PUT_LIT(b, "null");
        else rf__json_put_cstr(b, rf_enum_name(f->enumeration, v));
        return;
    }
    case RF__FT_CHOICE: rf__json_put_int(b, rf__field_int(base, f)); return;
    }
}

/* "key": value, after a comma unless it is the object's first member. */
static void put_member(rf__buf *b, bool *first, const void *base, const rf__field *f) {
    if (!*first) rf__buf_putc(b, ',');
    *first = false;
    rf__buf_putc(b, '"');
    rf__buf_put(b, f->key, f->key_len);
    RF__PUT_LIT(b, "\":");
    put_value(b, base, f);
}

/* {"key": value, ...} for every row. */
static void put_object(rf__buf *b, const void *base, const rf__field *fields, size_t n) {
    bool first = true;
    rf__buf_putc(b, '{');
    for (size_t i = 0; i < n; i++) put_member(b, &first, base, &fields[i]);
    rf__buf_putc(b, '}');
}

/* ---- the document -------------------------------------------------------------- */

static void case_json(rf__buf *b, const rf_case *c) {
    RF__PUT_LIT(b, "{\"schema\":\"" RF_SCHEMA_NAME "\",\"order\":{");
    bool first = true;
    for (size_t i = 0; i < RF__ORDER_FIELD_COUNT; i++) put_member(b, &first, &c->order, &rf__order_fields[i]);
    rf__buf_putc(b, '}');
    /* The optional import object (TOP.md section 3), between the order and
     * the events, as the importer writes it. */
    if (c->has_import) {
        RF__PUT_LIT(b, ",\"import\":");
        put_object(b, &c->import, rf__import_fields, RF__IMPORT_FIELD_COUNT);
    }
    RF__PUT_LIT(b, ",\"events\":[");
    for (size_t k = 0; k < c->count; k++) {
        const rf_event *ev = &c->events[k];
        if (k) rf__buf_putc(b, ',');
        rf__buf_putc(b, '{');
        first = true;
        for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++) {
            const rf__field *f = &rf__event_fields[i];
            if (!f->bit || (ev->has & f->bit)) put_member(b, &first, ev, f);
        }
        rf__buf_putc(b, '}');
    }
    RF__PUT_LIT(b, "]}");
}

rf_status rf_render_case(const rf_ctx *ctx, const rf_case *c, rf_format format, char **out, size_t *len) {
    const rf_allocator *a = ctx ? &ctx->alloc : &rf__default_allocator;
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!c || !out || (format != RF_FORMAT_JSON && format != RF_FORMAT_NDJSON)) return RF_E_INVALID;
    rf__buf b;
    rf__buf_init(&b, a);
    if (format == RF_FORMAT_JSON) {
        rf__buf compact;
        rf__buf_init(&compact, a);
        case_json(&compact, c);
        rf__json_pretty_of(&b, &compact);
        rf__buf_free(&compact);
    } else {
        case_json(&b, c);
    }
    rf__buf_putc(&b, '\n');
    return rf__buf_give(&b, out, len);
}
