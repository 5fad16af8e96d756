/*
 * The case loader: a JSON document (FORMAT.md section 1) to a typed order and
 * its events. Every error names the field and its line and column; unknown
 * keys are errors, because a typo must not silently change a verdict.
 *
 * This is the tree loader: the strict JSON reader builds the document, then
 * the typed fields are read from it. rf_case_parse first gives the bytes to
 * the schema-directed reader of lib/case_fast.c, which is several times
 * faster on the documents it is sure of and declines the rest; this loader
 * reads what it declines, so every error still comes from here.
 */
#include "case.h"
#include "json.h"

#include <stdio.h>
#include <string.h>

/* ---- string storage and events array ------------------------------------------ */

/* The first chunk holds the strings of an ordinary case (ids, tracking
 * numbers, a few notes); a string too long for it gets a chunk of its own. */
#define CHUNK_SIZE 4000u

rf__chunk *rf__case_new_chunk(rf_case *c, size_t need) {
    size_t cap = need > CHUNK_SIZE ? need : CHUNK_SIZE;
    if (cap < c->chunk_hint) cap = c->chunk_hint;
    rf__chunk *k = rf__malloc(&c->alloc, sizeof *k + cap);
    if (!k) {
        c->out_of_memory = true;
        return NULL;
    }
    c->chunk_hint = 0;
    k->next = c->strings;
    k->used = 0;
    k->cap = cap;
    c->strings = k;
    return k;
}

bool rf__case_grow(rf_case *c) {
    if (c->count < c->cap) return true;
    size_t cap = c->cap ? c->cap * 2 : 16;
    rf_event *ev = rf__realloc(&c->alloc, c->events, cap * sizeof *ev);
    if (!ev) {
        c->out_of_memory = true;
        return false;
    }
    c->events = ev;
    c->cap = cap;
    return true;
}

void rf__case_reset(rf_case *c) {
    rf__chunk *keep = c->strings;
    size_t total = 0;
    for (rf__chunk *k = c->strings; k; k = k->next) {
        total += k->cap;
        if (k->cap > keep->cap) keep = k;
    }
    for (rf__chunk *k = c->strings; k;) {
        rf__chunk *next = k->next;
        if (k != keep) rf__free(&c->alloc, k);
        k = next;
    }
    /* Several chunks: the next one the case starts is as large as all of
     * them, so that the same amount of text fits in one chunk next time. */
    c->chunk_hint = keep && total > keep->cap ? total : 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    c->strings = keep;
    memset(&c->order, 0, sizeof c->order);
    c->count = 0;
    c->out_of_memory = false;
}

/* ---- the loader's context ---------------------------------------------------- */

typedef struct loader {
    rf_case *c;
    rf_error *err;
    char path[96];            /* JSON path of the object being read */
} loader;

static rf_status fail_at(loader *ld, const rf__json *v, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static rf_status fail_at(loader *ld, const rf__json *v, const char *field, const char *fmt, ...) {
    char path[256], msg[200];
    if (field && *field)
        snprintf(path, sizeof path, "%s%s%s", ld->path, *ld->path ? "." : "", field);
    else
        snprintf(path, sizeof path, "%s", ld->path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rf__fail(ld->err, RF_E_INVALID, v->offset, v->line, v->column, path, "%s", msg);
}

/* ---- typed field readers -------------------------------------------------------- */

static rf_status read_string(loader *ld, const rf__json *v, const char *field, const char **out) {
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, "must be a string");
    if (v->len == 0) return fail_at(ld, v, field, "must not be empty");
    if (v->len > RF_MAX_STRING)
        return fail_at(ld, v, field, "is longer than %u bytes", RF_MAX_STRING);
    if (memchr(v->str, '\0', v->len)) return fail_at(ld, v, field, "must not contain \\u0000");
    *out = rf__case_store(ld->c, v->str, v->len);
    return *out ? RF_OK : rf__fail(ld->err, RF_E_NOMEM, v->offset, v->line, v->column, field, "out of memory");
}

static rf_status read_money(loader *ld, const rf__json *v, const char *field, rf_fen *out) {
    if (v->type == RF_JSON_NUMBER)
        return fail_at(ld, v, field, "money must be a string of yuan such as \"88.00\", not the number %.*s",
                       (int)(v->len > 40 ? 40 : v->len), v->str);
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, "money must be a string of yuan such as \"88.00\"");
    rf_status st = rf_money_parse(v->str, v->len, out);
    if (st == RF_E_RANGE)
        return fail_at(ld, v, field, "amount \"%.*s\" is above the largest amount, 99999999999.99",
                       (int)(v->len > 40 ? 40 : v->len), v->str);
    if (st != RF_OK)
        return fail_at(ld, v, field, "\"%.*s\" is not an amount of yuan with at most two decimals and no sign",
                       (int)(v->len > 40 ? 40 : v->len), v->str);
    return RF_OK;
}

static rf_status read_time(loader *ld, const rf__json *v, const char *field, rf_time *out) {
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, "time must be an RFC 3339 string");
    rf_status st = rf_time_parse(v->str, v->len, out);
    if (st != RF_OK)
        return fail_at(ld, v, field,
                       "\"%.*s\" is not an RFC 3339 time with an offset (e.g. 2024-06-20T09:00:00+08:00)%s",
                       (int)(v->len > 40 ? 40 : v->len), v->str,
                       st == RF_E_RANGE ? ": a field is out of range" : "");
    return RF_OK;
}

static rf_status read_bool(loader *ld, const rf__json *v, const char *field, bool *out) {
    if (v->type == RF_JSON_TRUE) *out = true;
    else if (v->type == RF_JSON_FALSE) *out = false;
    else return fail_at(ld, v, field, "must be true or false");
    return RF_OK;
}

/* Lists the names of an enumeration for an error message. */
static void enum_choices(rf_enum_id which, char *buf, size_t size) {
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; rf_enum_name(which, i) && used < size; i++) {
        if (which == RF_ENUM_EVENT && i == RF_EV_REFUND_SUCCEEDED) continue;
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", rf_enum_name(which, i));
        if (n < 0) break;
        used += (size_t)n;
    }
}

static rf_status read_enum(loader *ld, const rf__json *v, const char *field, rf_enum_id which, int *out) {
    char choices[400];
    int value = v->type == RF_JSON_STRING ? rf_enum_lookup(which, v->str, v->len) : -1;
    if (which == RF_ENUM_EXEMPT && value == RF_EXEMPT_NONE) value = -1; /* null, not "null" */
    if (which == RF_ENUM_EVENT && value == RF_EV_REFUND_SUCCEEDED) value = -1; /* the engine's own */
    if (value < 0) {
        enum_choices(which, choices, sizeof choices);
        if (v->type == RF_JSON_STRING)
            return fail_at(ld, v, field, "unknown value \"%.*s\"; expected one of: %s",
                           (int)(v->len > 40 ? 40 : v->len), v->str, choices);
        return fail_at(ld, v, field, "must be a string, one of: %s", choices);
    }
    *out = value;
    return RF_OK;
}

#define READ_ENUM(ld, v, field, which, dst)                         \
    do {                                                            \
        int value_;                                                 \
        rf_status st_ = read_enum(ld, v, field, which, &value_);    \
        if (st_ != RF_OK) return st_;                               \
        (dst) = value_;                                             \
    } while (0)

/* ---- the order -------------------------------------------------------------------- */

static rf_status read_order(loader *ld, const rf__json *o) {
    rf_order *order = &ld->c->order;
    bool seen_id = false, seen_channel = false, seen_amount = false;
    rf_status st = RF_OK;

    snprintf(ld->path, sizeof ld->path, "order");
    if (o->type != RF_JSON_OBJECT) return fail_at(ld, o, NULL, "must be an object");
    /* Defaults for what may be left out: documented in docs/file-format.md. */
    order->size = sizeof *order;
    order->insurance = RF_INSURANCE_NONE;
    order->ship_exempt = RF_EXEMPT_NONE;
    order->delivery = RF_DELIVERY_EXPRESS;
    order->seven_day_return = true;
    for (const rf__json *m = o->child; m && st == RF_OK; m = m->next) {
        const char *k = m->key;
        if (rf__json_key_is(m, "id")) { st = read_string(ld, m, k, &order->id); seen_id = true; }
        else if (rf__json_key_is(m, "channel")) { READ_ENUM(ld, m, k, RF_ENUM_CHANNEL, order->channel); seen_channel = true; }
        else if (rf__json_key_is(m, "item_amount")) { st = read_money(ld, m, k, &order->item_amount); seen_amount = true; }
        else if (rf__json_key_is(m, "shipping_fee")) st = read_money(ld, m, k, &order->shipping_fee);
        else if (rf__json_key_is(m, "free_shipping")) st = read_bool(ld, m, k, &order->free_shipping);
        else if (rf__json_key_is(m, "seller_shipping_cost")) st = read_money(ld, m, k, &order->seller_shipping_cost);
        else if (rf__json_key_is(m, "shipping_insurance")) READ_ENUM(ld, m, k, RF_ENUM_INSURANCE, order->insurance);
        else if (rf__json_key_is(m, "invoice_issued")) st = read_bool(ld, m, k, &order->invoice_issued);
        else if (rf__json_key_is(m, "seven_day_return")) st = read_bool(ld, m, k, &order->seven_day_return);
        else if (rf__json_key_is(m, "ship_exempt")) {
            if (m->type == RF_JSON_NULL) order->ship_exempt = RF_EXEMPT_NONE;
            else READ_ENUM(ld, m, k, RF_ENUM_EXEMPT, order->ship_exempt);
        } else if (rf__json_key_is(m, "delivery")) READ_ENUM(ld, m, k, RF_ENUM_DELIVERY, order->delivery);
        else {
            char path[256];
            snprintf(path, sizeof path, "order.%s", k);
            return rf__fail(ld->err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, path,
                            "unknown key \"%s\" in order", k);
        }
    }
    if (st != RF_OK) return st;
    if (!seen_id) return fail_at(ld, o, "id", "is required");
    if (!seen_channel) return fail_at(ld, o, "channel", "is required");
    if (!seen_amount) return fail_at(ld, o, "item_amount", "is required");
    return RF_OK;
}

/* ---- events ------------------------------------------------------------------------ */

/* Which optional fields each event type takes, and which it requires. */
const rf__event_shape rf__case_shapes[RF_EV_COUNT] = {
    [RF_EV_SHIPPED] = {RF_HAS_TRACKING, 0},
    [RF_EV_RECEIPT_EXTENDED] = {RF_HAS_DAYS, RF_HAS_DAYS},
    [RF_EV_REFUND_REQUESTED] = {RF_HAS_KIND | RF_HAS_REASON | RF_HAS_AMOUNT | RF_HAS_GOODS | RF_HAS_INVOICE_RETURNED | RF_HAS_NOTE,
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

static const struct { const char *key; unsigned bit; } optional_fields[] = {
    {"kind", RF_HAS_KIND}, {"reason", RF_HAS_REASON}, {"amount", RF_HAS_AMOUNT},
    {"goods", RF_HAS_GOODS}, {"invoice_returned", RF_HAS_INVOICE_RETURNED},
    {"tracking", RF_HAS_TRACKING}, {"note", RF_HAS_NOTE}, {"postage", RF_HAS_POSTAGE},
    {"days", RF_HAS_DAYS}, {"evidence", RF_HAS_EVIDENCE}, {"for", RF_HAS_FOR},
    {"rating", RF_HAS_RATING}, {"complaint", RF_HAS_COMPLAINT},
};

static const char *field_of_bit(unsigned bit) {
    for (size_t i = 0; i < sizeof optional_fields / sizeof optional_fields[0]; i++)
        if (optional_fields[i].bit == bit) return optional_fields[i].key;
    return "?";
}

static rf_status read_field(loader *ld, const rf__json *m, unsigned bit, rf_event *ev) {
    const char *k = m->key;
    switch (bit) {
    case RF_HAS_KIND: READ_ENUM(ld, m, k, RF_ENUM_KIND, ev->kind); return RF_OK;
    case RF_HAS_REASON: READ_ENUM(ld, m, k, RF_ENUM_REASON, ev->reason); return RF_OK;
    case RF_HAS_AMOUNT: return read_money(ld, m, k, &ev->amount);
    case RF_HAS_GOODS: READ_ENUM(ld, m, k, RF_ENUM_GOODS, ev->goods); return RF_OK;
    case RF_HAS_INVOICE_RETURNED: return read_bool(ld, m, k, &ev->invoice_returned);
    case RF_HAS_TRACKING: return read_string(ld, m, k, &ev->tracking);
    case RF_HAS_NOTE: return read_string(ld, m, k, &ev->note);
    case RF_HAS_POSTAGE: return read_money(ld, m, k, &ev->postage);
    case RF_HAS_EVIDENCE: READ_ENUM(ld, m, k, RF_ENUM_EVIDENCE, ev->evidence); return RF_OK;
    case RF_HAS_FOR: READ_ENUM(ld, m, k, RF_ENUM_PARTY, ev->ruling_for); return RF_OK;
    case RF_HAS_RATING: READ_ENUM(ld, m, k, RF_ENUM_RATING, ev->rating); return RF_OK;
    case RF_HAS_COMPLAINT: READ_ENUM(ld, m, k, RF_ENUM_COMPLAINT, ev->complaint); return RF_OK;
    case RF_HAS_DAYS:
        /* TOP taobao.trade.receivetime.delay takes 3, 5, 7 or 10 days. */
        if (m->type != RF_JSON_NUMBER || !(m->len == 1 || m->len == 2) ||
            !(!strcmp(m->str, "3") || !strcmp(m->str, "5") || !strcmp(m->str, "7") || !strcmp(m->str, "10")))
            return fail_at(ld, m, k, "must be the number 3, 5, 7 or 10");
        ev->days = m->str[0] == '1' ? 10 : m->str[0] - '0';
        return RF_OK;
    }
    return fail_at(ld, m, k, "unsupported field");
}

static rf_status read_event(loader *ld, const rf__json *o, rf_event *ev) {
    const rf__json *type = NULL;
    unsigned seen = 0;
    bool has_id = false, has_at = false, has_actor = false;
    rf_status st = RF_OK;

    memset(ev, 0, sizeof *ev);
    ev->size = sizeof *ev;
    ev->line = o->line;
    ev->column = o->column;
    if (o->type != RF_JSON_OBJECT) return fail_at(ld, o, NULL, "an event must be an object");
    /* The type decides which other fields are allowed: read it first. */
    type = rf__json_get(o, "type");
    if (!type) return fail_at(ld, o, "type", "is required");
    READ_ENUM(ld, type, "type", RF_ENUM_EVENT, ev->type);
    for (const rf__json *m = o->child; m && st == RF_OK; m = m->next) {
        const char *k = m->key;
        unsigned bit = 0;
        if (rf__json_key_is(m, "type")) continue;
        if (rf__json_key_is(m, "id")) { st = read_string(ld, m, k, &ev->id); has_id = true; continue; }
        if (rf__json_key_is(m, "at")) { st = read_time(ld, m, k, &ev->at); has_at = true; continue; }
        if (rf__json_key_is(m, "actor")) { READ_ENUM(ld, m, k, RF_ENUM_ACTOR, ev->actor); has_actor = true; continue; }
        for (size_t i = 0; i < sizeof optional_fields / sizeof optional_fields[0]; i++)
            if (rf__json_key_is(m, optional_fields[i].key)) bit = optional_fields[i].bit;
        if (!bit || !(rf__case_shapes[ev->type].allowed & bit)) {
            char path[256];
            snprintf(path, sizeof path, "%s.%s", ld->path, k);
            return rf__fail(ld->err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, path,
                            bit ? "key \"%s\" does not belong to a %s event" : "unknown key \"%s\" in a %s event",
                            k, rf_enum_name(RF_ENUM_EVENT, (int)ev->type));
        }
        st = read_field(ld, m, bit, ev);
        seen |= bit;
    }
    if (st != RF_OK) return st;
    if (!has_id) return fail_at(ld, o, "id", "is required");
    if (!has_at) return fail_at(ld, o, "at", "is required");
    if (!has_actor) return fail_at(ld, o, "actor", "is required");
    unsigned missing = rf__case_shapes[ev->type].required & ~seen;
    if (missing) {
        unsigned bit = missing & (~missing + 1u);
        return fail_at(ld, o, field_of_bit(bit), "is required for a %s event",
                       rf_enum_name(RF_ENUM_EVENT, (int)ev->type));
    }
    ev->has = seen;
    return RF_OK;
}

static rf_status grow_events(rf_case *c, rf_error *err) {
    if (rf__case_grow(c)) return RF_OK;
    return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
}

static rf_status read_events(loader *ld, const rf__json *arr) {
    snprintf(ld->path, sizeof ld->path, "events");
    if (arr->type != RF_JSON_ARRAY) return fail_at(ld, arr, NULL, "must be an array");
    if (arr->count > RF_MAX_EVENTS)
        return rf__fail(ld->err, RF_E_LIMIT, arr->offset, arr->line, arr->column, "events",
                        "a case may hold at most %u events", RF_MAX_EVENTS);
    size_t i = 0;
    for (const rf__json *e = arr->child; e; e = e->next, i++) {
        snprintf(ld->path, sizeof ld->path, "events[%zu]", i);
        rf_status st = grow_events(ld->c, ld->err);
        if (st == RF_OK) st = read_event(ld, e, &ld->c->events[ld->c->count]);
        if (st != RF_OK) return st;
        ld->c->count++;
    }
    return RF_OK;
}

/* ---- public ---------------------------------------------------------------------- */

rf_case *rf__case_alloc(const rf_allocator *a) {
    rf_case *c = rf__malloc(a, sizeof *c);
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    c->alloc = *a;
    return c;
}

static rf_case *case_alloc(const rf_ctx *ctx) {
    return rf__case_alloc(ctx ? &ctx->alloc : &rf__default_allocator);
}

void rf_case_free(rf_case *c) {
    if (!c) return;
    rf_allocator a = c->alloc;
    for (rf__chunk *k = c->strings; k;) {
        rf__chunk *next = k->next;
        rf__free(&a, k);
        k = next;
    }
    rf__free(&a, c->events);
    rf__free(&a, c);
}

rf_status rf__case_read_tree(rf_case *c, const char *json, size_t len, rf_error *err) {
    rf__json_doc *doc = NULL;
    loader ld = {0};
    rf_status st;

    ld.c = c;
    ld.err = err;
    st = rf__json_parse(&c->alloc, json, len, NULL, &doc, err);
    if (st == RF_OK) {
        const rf__json *root = rf__json_root(doc);
        bool seen_schema = false, seen_order = false, seen_events = false;
        if (root->type != RF_JSON_OBJECT)
            st = fail_at(&ld, root, NULL, "a case file must be a JSON object");
        for (const rf__json *m = root->child; m && st == RF_OK; m = m->next) {
            if (rf__json_key_is(m, "schema")) {
                seen_schema = true;
                if (m->type != RF_JSON_STRING || m->len != 13 || memcmp(m->str, "refund-case/1", 13) != 0)
                    st = fail_at(&ld, m, "schema", "must be \"refund-case/1\"");
            } else if (rf__json_key_is(m, "order")) {
                seen_order = true;
                st = read_order(&ld, m);
            } else if (rf__json_key_is(m, "events")) {
                seen_events = true;
                st = read_events(&ld, m);
            } else {
                st = rf__fail(err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, m->key,
                              "unknown key \"%s\" at the top of a case", m->key);
            }
            ld.path[0] = '\0';
        }
        if (st == RF_OK && !seen_schema) st = fail_at(&ld, root, "schema", "is required (\"refund-case/1\")");
        if (st == RF_OK && !seen_order) st = fail_at(&ld, root, "order", "is required");
        if (st == RF_OK && !seen_events) st = fail_at(&ld, root, "events", "is required");
    }
    rf__json_free(doc);
    return st;
}

rf_status rf__case_reparse(rf_case *c, const char *json, size_t len, rf_error *err) {
    rf__case_reset(c);
    if (rf__case_read_fast(c, json, len)) return RF_OK;
    if (c->out_of_memory) return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
    rf__case_reset(c);
    return rf__case_read_tree(c, json, len, err);
}

rf_status rf_case_parse(const rf_ctx *ctx, const char *json, size_t len, const char *name,
                        rf_case **out, rf_error *err) {
    (void)name;
    *out = NULL;
    rf_case *c = case_alloc(ctx);
    if (!c) return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
    rf_status st = rf__case_reparse(c, json, len, err);
    if (st != RF_OK) {
        rf_case_free(c);
        return st;
    }
    *out = c;
    return RF_OK;
}

/* Values built in code get the checks a file gets from the loader, so that
 * no replay arithmetic can overflow (docs/limits.md). */
static bool money_ok(rf_fen v) { return v >= 0 && v <= RF_FEN_MAX; }

/* The instants rf_time_parse can produce: years 1970..9999 as written, any offset. */
#define RF_TIME_MIN INT64_C(-86399)
#define RF_TIME_MAX INT64_C(253402387199)

static bool order_ok(const rf_order *o) {
    return money_ok(o->item_amount) && money_ok(o->shipping_fee) && money_ok(o->seller_shipping_cost) &&
           (unsigned)o->channel < RF_CHANNEL_COUNT && (unsigned)o->insurance < RF_INSURANCE_COUNT &&
           (unsigned)o->ship_exempt < RF_EXEMPT_COUNT && (unsigned)o->delivery < RF_DELIVERY_COUNT;
}

/* The shape of an event built in code: only fields its type takes, every
 * field it requires, each value in range. Returns the offending field or NULL. */
static const char *event_problem(const rf_event *ev) {
    const rf__event_shape *shape = &rf__case_shapes[ev->type];
    if (ev->at < RF_TIME_MIN || ev->at > RF_TIME_MAX) return "at";
    if (ev->has & ~shape->allowed) return field_of_bit(ev->has & ~shape->allowed & (~(ev->has & ~shape->allowed) + 1u));
    if (shape->required & ~ev->has) return field_of_bit(shape->required & ~ev->has & (~(shape->required & ~ev->has) + 1u));
    if ((ev->has & RF_HAS_KIND) && (unsigned)ev->kind >= RF_KIND_COUNT) return "kind";
    if ((ev->has & RF_HAS_REASON) && (unsigned)ev->reason >= RF_REASON_COUNT) return "reason";
    if ((ev->has & RF_HAS_AMOUNT) && !money_ok(ev->amount)) return "amount";
    if ((ev->has & RF_HAS_POSTAGE) && !money_ok(ev->postage)) return "postage";
    if ((ev->has & RF_HAS_GOODS) && (unsigned)ev->goods >= RF_GOODS_COUNT) return "goods";
    if ((ev->has & RF_HAS_DAYS) && !(ev->days == 3 || ev->days == 5 || ev->days == 7 || ev->days == 10)) return "days";
    if ((ev->has & RF_HAS_EVIDENCE) && (unsigned)ev->evidence >= RF_EVIDENCE_COUNT) return "evidence";
    if ((ev->has & RF_HAS_FOR) && (unsigned)ev->ruling_for >= RF_PARTY_COUNT) return "for";
    if ((ev->has & RF_HAS_RATING) && (unsigned)ev->rating >= RF_RATING_COUNT) return "rating";
    if ((ev->has & RF_HAS_COMPLAINT) && (unsigned)ev->complaint >= RF_COMPLAINT_COUNT) return "complaint";
    if ((ev->has & RF_HAS_TRACKING) && !ev->tracking) return "tracking";
    if ((ev->has & RF_HAS_NOTE) && !ev->note) return "note";
    return NULL;
}

rf_status rf_case_new(const rf_ctx *ctx, const rf_order *caller_order, rf_case **out, rf_error *err) {
    rf_order order;
    *out = NULL;
    rf_status st = rf__order_import(caller_order, &order, err);
    if (st != RF_OK) return st;
    if (!order_ok(&order))
        return rf__fail(err, RF_E_INVALID, 0, 0, 0, "order", "an order amount or enumeration is out of range");
    rf_case *c = case_alloc(ctx);
    if (!c) return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
    c->order = order;
    c->order.id = rf__case_store(c, order.id ? order.id : "", order.id ? strlen(order.id) : 0);
    if (!c->order.id) {
        rf_case_free(c);
        return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
    }
    *out = c;
    return RF_OK;
}

const rf_order *rf_case_order(const rf_case *c) { return &c->order; }
size_t rf_case_event_count(const rf_case *c) { return c->count; }
const rf_event *rf_case_event(const rf_case *c, size_t i) { return i < c->count ? &c->events[i] : NULL; }

rf_status rf_case_parse_event(rf_case *c, const char *json, size_t len, const char *name,
                              rf_event *out, rf_error *err) {
    rf__json_doc *doc = NULL;
    loader ld = {0};
    (void)name;
    ld.c = c;
    ld.err = err;
    snprintf(ld.path, sizeof ld.path, "event");
    rf_status st = rf__json_parse(&c->alloc, json, len, NULL, &doc, err);
    if (st == RF_OK) st = read_event(&ld, rf__json_root(doc), out);
    rf__json_free(doc);
    return st;
}

rf_status rf_case_append(rf_case *c, const rf_event *caller_event, rf_error *err) {
    rf_event copy;
    rf_status st = rf__event_import(caller_event, &copy, err);
    if (st != RF_OK) return st;
    const rf_event *ev = &copy;
    if (c->count >= RF_MAX_EVENTS)
        return rf__fail(err, RF_E_LIMIT, 0, 0, 0, "events", "a case may hold at most %u events", RF_MAX_EVENTS);
    if (!ev->id || !*ev->id) return rf__fail(err, RF_E_INVALID, 0, 0, 0, "id", "an event needs an id");
    if ((unsigned)ev->type >= RF_EV_REFUND_SUCCEEDED || (unsigned)ev->actor >= RF_ACTOR_COUNT)
        return rf__fail(err, RF_E_INVALID, 0, 0, 0, "type", "unknown event type or actor");
    const char *bad = event_problem(ev);
    if (bad)
        return rf__fail(err, RF_E_INVALID, 0, ev->line, ev->column, bad,
                        "a %s event with a missing, extra or out-of-range %s",
                        rf_enum_name(RF_ENUM_EVENT, (int)ev->type), bad);
    for (size_t i = 0; i < c->count; i++)
        if (!strcmp(c->events[i].id, ev->id))
            return rf__fail(err, RF_E_INVALID, 0, ev->line, ev->column, "id",
                            "event id \"%s\" is already in the case", ev->id);
    st = grow_events(c, err);
    if (st != RF_OK) return st;
    const char **strs[] = {&copy.id, &copy.tracking, &copy.note};
    for (size_t i = 0; i < 3; i++) {
        if (!*strs[i]) continue;
        *strs[i] = rf__case_store(c, *strs[i], strlen(*strs[i]));
        if (!*strs[i]) return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
    }
    c->events[c->count++] = copy;
    return RF_OK;
}

/* ---- appending an event to a case file's text ----------------------------------- */

rf_status rf_case_splice_event(const rf_ctx *ctx, const char *case_json, size_t case_len,
                               const char *event_json, size_t event_len, char **out,
                               size_t *out_len, rf_error *err) {
    const rf_allocator *a = ctx ? &ctx->alloc : &rf__default_allocator;
    rf__json_doc *doc = NULL, *evdoc = NULL;
    rf_status st;

    *out = NULL;
    st = rf__json_parse(a, event_json, event_len, NULL, &evdoc, err);
    if (st != RF_OK) return st;
    const rf__json *ev = rf__json_root(evdoc);
    size_t ev_start = ev->offset, ev_end = ev->end;
    rf__json_free(evdoc);

    st = rf__json_parse(a, case_json, case_len, NULL, &doc, err);
    if (st != RF_OK) return st;
    const rf__json *events = rf__json_get(rf__json_root(doc), "events");
    if (!events || events->type != RF_JSON_ARRAY) {
        rf__json_free(doc);
        return rf__fail(err, RF_E_INVALID, 0, 0, 0, "events", "the case has no events array");
    }
    /* Insert after the last element (or just inside an empty array), keeping
     * every byte the user wrote, theirs and the event's, as written. */
    const rf__json *last = events->child;
    while (last && last->next) last = last->next;
    size_t at = last ? last->end : events->offset + 1;
    const char *sep = last ? ",\n    " : "\n    ";
    const char *tail = last ? "" : "\n  ";
    size_t sep_len = strlen(sep), tail_len = strlen(tail), ev_len = ev_end - ev_start;
    size_t total = case_len + sep_len + ev_len + tail_len;
    char *text = rf__malloc(a, total + 1);
    if (!text) {
        rf__json_free(doc);
        return rf__fail(err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
    }
    char *p = text;
    memcpy(p, case_json, at); p += at;
    memcpy(p, sep, sep_len); p += sep_len;
    memcpy(p, event_json + ev_start, ev_len); p += ev_len;
    memcpy(p, tail, tail_len); p += tail_len;
    memcpy(p, case_json + at, case_len - at); p += case_len - at;
    *p = '\0';
    rf__json_free(doc);
    *out = text;
    if (out_len) *out_len = total;
    return RF_OK;
}
