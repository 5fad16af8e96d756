/*
 * Reading TOP data (TOP.md section 1) into the importer's records.
 *
 * An input is a sequence of JSON values, NDJSON or pretty-printed, fed in
 * pieces of any size: each complete value is read with the strict reader
 * of lib/json_read.h (which keeps numbers as their text, so a 19-digit id
 * never passes through a double), unwrapped (an API response, a push-
 * database row whose jdp_response is the response as a string, a bare
 * object, an array of them) and each record checked and kept compactly:
 * rf__top_trade, rf__top_refund, rf__top_message, rf__tmc. A bad record is
 * reported once, with the first problem found in it, at FILE:LINE:COL of
 * the offending value (inside a TMC content or a jdp_response string, at
 * the string's start), and kept only as far as needed to fail its case.
 *
 * Values: a line that is a JSON value by itself is one (NDJSON); otherwise
 * a value may run over several lines (pretty). A malformed line of an
 * NDJSON input is one MALFORMED_JSON error and reading goes on with the
 * next line; a malformed value of a multi-line input ends that input.
 */
#include "import.h"
#include "json_read.h"

#include <stdio.h>
#include <string.h>

const char *const rf__topic_names[RF__T_COUNT] = {
#define RF_X_(e, n, k) n,
    RF__TOPIC_LIST(RF_X_)
#undef RF_X_
};

const rf__topic_kind rf__topic_kinds[RF__T_COUNT] = {
#define RF_X_(e, n, k) k,
    RF__TOPIC_LIST(RF_X_)
#undef RF_X_
};

const char *const rf__bill_names[4] = {NULL, "refund_bill", "return_bill", "replace_bill"};

static const char *const trade_status_names[RF__TS_COUNT] = {
#define RF_X_(e, n, step, zh) n,
    RF__TOP_TRADE_STATUS_LIST(RF_X_)
#undef RF_X_
};

static const char *const refund_status_names[RF__RS_COUNT] = {
#define RF_X_(e, n, zh) n,
    RF__TOP_REFUND_STATUS_LIST(RF_X_)
#undef RF_X_
};

/* ---- the store ------------------------------------------------------------------------ */

#define STRING_CHUNK ((size_t)64 << 10)

static void *store_alloc(rf__import_store *s, size_t size) {
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    rf__strchunk *k = s->chunks;
    if (!k || k->cap - k->used < size) {
        size_t cap = size > STRING_CHUNK ? size : STRING_CHUNK;
        k = rf__malloc(s->alloc, sizeof *k + cap);
        if (!k) {
            s->failed = true;
            return NULL;
        }
        k->next = s->chunks;
        k->used = 0;
        k->cap = cap;
        s->chunks = k;
        s->string_bytes += cap;
    }
    void *p = (char *)k->data + k->used;
    k->used += size;
    return p;
}

const char *rf__store_string(rf__import_store *s, const char *text, size_t len) {
    char *p = store_alloc(s, len + 1);
    if (!p) return NULL;
    memcpy(p, text, len);
    p[len] = '\0';
    return p;
}

/* Room for one more element of an array of the store. */
static void *store_push(rf__import_store *s, void **arr, size_t *count, size_t *cap, size_t size) {
    if (*count == *cap) {
        size_t n = *cap ? *cap + *cap / 2 : 64;
        void *grown = rf__realloc(s->alloc, *arr, *cap * size, n * size);
        if (!grown) {
            s->failed = true;
            return NULL;
        }
        *arr = grown;
        *cap = n;
    }
    void *slot = (char *)*arr + *count * size;
    ++*count;
    memset(slot, 0, size);
    return slot;
}

#define PUSH(s, arr, count, cap) store_push((s), (void **)&(s)->arr, &(s)->count, &(s)->cap, sizeof *(s)->arr)

void rf__import_store_free(rf__import_store *s) {
    for (rf__strchunk *k = s->chunks; k;) {
        rf__strchunk *next = k->next;
        rf__free(s->alloc, k);
        k = next;
    }
    rf__free(s->alloc, s->tmc);
    rf__free(s->alloc, s->trades);
    rf__free(s->alloc, s->refunds);
    rf__free(s->alloc, s->messages);
    s->chunks = NULL;
    s->tmc = NULL;
    s->trades = NULL;
    s->refunds = NULL;
    s->messages = NULL;
}

void rf__input_free(const rf_allocator *a, rf__input *in) {
    rf__free(a, in->pending);
    in->pending = NULL;
    in->len = in->cap = 0;
}

/* ---- one record and its first problem -------------------------------------------------- */

/* Where the values of a parsed slice are: its first byte's line and column
 * in the input; or, inside a string that held JSON (a TMC content, a
 * jdp_response), the string's own position for every value. */
typedef struct where {
    uint16_t file;
    size_t line, column;        /* of the slice's first byte */
    bool fixed;
    rf__pos at;                 /* fixed: the string's position */
} where;

static rf__pos pos_of(const where *w, const rf__json *v) {
    rf__pos p;
    if (w->fixed) return w->at;
    size_t line = w->line + v->line - 1;
    size_t column = v->line == 1 ? w->column + v->column - 1 : v->column;
    p.file = w->file;
    p.line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
    p.column = column > 65535 ? 65535 : (uint16_t)column;
    return p;
}

typedef struct rec {
    rf__import_store *s;
    const where *w;
    bool bad;                   /* a problem was reported */
    rf__topid tid, refund_id;   /* for the report */
    char path[80];              /* the record's path prefix: "trade", "content" */
} rec;

/* Whether this is the record's first problem (the only one reported);
 * then the field's path in path, e.g. "trade.orders.order[1].payment". */
static bool first_problem(rec *r, const char *field, char path[128]) {
    if (r->bad) return false;
    r->bad = true;
    snprintf(path, 128, "%s%s%s", r->path, field && *field && r->path[0] ? "." : "", field ? field : "");
    return true;
}

/* The record's problem at v: code, and its sentence, d. */
static void problem_detail(rec *r, rf__import_code code, const rf__json *v, const char *field, const rf__detail *d) {
    char path[128];
    if (!first_problem(r, field, path)) return;
    rf__pos p = pos_of(r->w, v);
    rf__report_add(r->s->report, code, &p, r->tid, r->refund_id, path, d);
}

/* The same with the sentence's detail and its found and fix (NULL: none). */
static void problem(rec *r, rf__import_code code, const rf__json *v, const char *field, rf_error_detail detail,
                    const char *found, const char *fix) {
    rf__detail d = {.detail = detail, .found = found, .found_len = found ? strlen(found) : 0,
                    .fix = fix, .fix_len = fix ? strlen(fix) : 0};
    problem_detail(r, code, v, field, &d);
}

/* Malformed JSON inside the string v (within: RF__WITHIN_CONTENT or
 * RF__WITHIN_JDP), the JSON reader's error. */
static void problem_in(rec *r, const rf__json *v, const char *field, int within, const rf_error *inner) {
    char path[128];
    if (!first_problem(r, field, path)) return;
    rf__pos p = pos_of(r->w, v);
    rf__report_add_error(r->s->report, RF__IC_MALFORMED_JSON, &p, r->tid, r->refund_id, path, within, NULL, inner);
}

/* The value of a member, NULL if absent or JSON null (TOP writes absent
 * fields as missing keys; a push database may write null). */
static const rf__json *member(const rf__json *o, const char *key) {
    const rf__json *v = rf__json_get(o, key);
    return v && v->type != RF_JSON_NULL ? v : NULL;
}

/* ---- typed values ---------------------------------------------------------------------- */

/* An id: a JSON integer or a string of digits, 1 to 19 of them, no leading
 * zero (so that the digits written back are those read). */
static bool parse_id(const char *s, size_t n, rf__topid *out) {
    if (n == 0 || n > 19 || s[0] == '0') return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    *out = v;
    return true;
}

/* Reads the id at key; absent: 0 (MISSING_FIELD when required). */
static rf__topid get_id(rec *r, const rf__json *o, const char *key, bool required) {
    const rf__json *v = member(o, key);
    rf__topid id = 0;
    if (!v) {
        if (required) problem(r, RF__IC_MISSING_FIELD, o, key, RF_ERR_REQUIRED, NULL, NULL);
        return 0;
    }
    if ((v->type != RF_JSON_NUMBER && v->type != RF_JSON_STRING) || !parse_id(v->str, v->len, &id))
        problem(r, RF__IC_BAD_ID, v, key, RF_ERR_TOP_ID, NULL, NULL);
    return id;
}

/* A TOP time "yyyy-MM-dd HH:mm:ss" in China time; envelopes: also RFC 3339. */
static bool parse_top_time(const char *s, size_t n, bool rfc3339, rf_time *out) {
    if (n == 19 && s[10] == ' ') {
        char text[26];
        memcpy(text, s, 19);
        text[10] = 'T';
        memcpy(text + 19, "+08:00", 6);
        return rf_time_parse(text, 25, out) == RF_OK;
    }
    return rfc3339 && rf_time_parse(s, n, out) == RF_OK;
}

static rf_time get_time(rec *r, const rf__json *o, const char *key, bool required, bool rfc3339) {
    const rf__json *v = member(o, key);
    rf_time t = RF__NO_TIME;
    if (!v) {
        if (required) problem(r, RF__IC_MISSING_FIELD, o, key, RF_ERR_REQUIRED, NULL, NULL);
        return RF__NO_TIME;
    }
    if (v->type != RF_JSON_STRING || !parse_top_time(v->str, v->len, rfc3339, &t)) {
        problem(r, RF__IC_BAD_TIME, v, key, rfc3339 ? RF_ERR_TOP_TIME_ENVELOPE : RF_ERR_TOP_TIME, NULL, NULL);
        return RF__NO_TIME;
    }
    return t;
}

static rf_fen get_money(rec *r, const rf__json *o, const char *key) {
    const rf__json *v = member(o, key);
    rf_fen fen = RF__NO_FEE;
    if (!v) return RF__NO_FEE;
    if (v->type != RF_JSON_STRING || rf_money_parse(v->str, v->len, &fen) != RF_OK) {
        problem(r, RF__IC_BAD_MONEY, v, key, v->type == RF_JSON_NUMBER ? RF_ERR_TOP_MONEY_NUMBER : RF_ERR_TOP_MONEY,
                NULL, NULL);
        return RF__NO_FEE;
    }
    return fen;
}

/* A string of one of names[0..n); -1 when absent (BAD_VALUE when not one). */
static int get_enum(rec *r, const rf__json *o, const char *key, const char *const *names, int n, bool required) {
    const rf__json *v = member(o, key);
    if (!v) {
        if (required) problem(r, RF__IC_MISSING_FIELD, o, key, RF_ERR_REQUIRED, NULL, NULL);
        return -1;
    }
    if (v->type == RF_JSON_STRING)
        for (int i = 0; i < n; i++)
            if (strlen(names[i]) == v->len && memcmp(names[i], v->str, v->len) == 0) return i;
    /* The value as written, cut: a status is a few words, not a text. */
    rf__detail d = {.detail = v->type == RF_JSON_STRING ? RF_ERR_TOP_VALUE : RF_ERR_TOP_VALUE_TYPE};
    if (v->type == RF_JSON_STRING) {
        d.found = v->str;
        d.found_len = rf__text_cut(v->str, v->len, 40);
    }
    problem_detail(r, RF__IC_BAD_VALUE, v, key, &d);
    return -1;
}

/* true, false, or -1 when absent. */
static int get_bool(rec *r, const rf__json *o, const char *key) {
    const rf__json *v = member(o, key);
    if (!v) return -1;
    if (v->type == RF_JSON_TRUE) return 1;
    if (v->type == RF_JSON_FALSE) return 0;
    problem(r, RF__IC_BAD_VALUE, v, key, RF_ERR_NOT_BOOL, NULL, NULL);
    return -1;
}

/* A small integer in [lo, hi] (a JSON number, or its digits as a string); 0 absent. */
static int get_small(rec *r, const rf__json *o, const char *key, int lo, int hi) {
    const rf__json *v = member(o, key);
    if (!v) return 0;
    if ((v->type == RF_JSON_NUMBER || v->type == RF_JSON_STRING) && v->len == 1 && v->str[0] >= '0' + lo &&
        v->str[0] <= '0' + hi)
        return v->str[0] - '0';
    char range[8];
    snprintf(range, sizeof range, "%d,%d", lo, hi);
    problem(r, RF__IC_BAD_VALUE, v, key, RF_ERR_TOP_RANGE, NULL, range);
    return 0;
}

/* A string kept in the store (at most 4,096 bytes, as a case's strings). */
static const char *get_text(rec *r, const rf__json *o, const char *key) {
    const rf__json *v = member(o, key);
    if (!v) return NULL;
    if (v->type != RF_JSON_STRING || v->len > 4096 || memchr(v->str, '\0', v->len)) {
        problem(r, RF__IC_BAD_VALUE, v, key, RF_ERR_TOP_TEXT, NULL, "4096");
        return NULL;
    }
    if (v->len == 0) return NULL;
    return rf__store_string(r->s, v->str, v->len);
}

static int shipping_type(rec *r, const rf__json *o) {
    const rf__json *v = member(o, "shipping_type");
    if (!v) return -1;
    if (v->type != RF_JSON_STRING && v->type != RF_JSON_NUMBER) {
        problem(r, RF__IC_BAD_VALUE, v, "shipping_type", RF_ERR_NOT_STRING, NULL, NULL);
        return -1;
    }
    /* free 卖家包邮, post 平邮, virtual; every other value (express, ems, 25, 26, seller, instant...) */
    if (v->len == 4 && !memcmp(v->str, "free", 4)) return RF__SHIP_FREE;
    if (v->len == 4 && !memcmp(v->str, "post", 4)) return RF__SHIP_POST;
    if (v->len == 7 && !memcmp(v->str, "virtual", 7)) return RF__SHIP_VIRTUAL;
    return RF__SHIP_OTHER;
}

/* A TOP list: {"order": [...]} (TOP's wrapping) or a bare array. */
static const rf__json *list_of(const rf__json *v, const char *inner) {
    if (!v) return NULL;
    if (v->type == RF_JSON_ARRAY) return v;
    if (v->type == RF_JSON_OBJECT) {
        const rf__json *a = member(v, inner);
        if (a && a->type == RF_JSON_ARRAY) return a;
        if (a && a->type == RF_JSON_OBJECT) return a; /* one element, not in an array */
    }
    return NULL;
}

/* ---- trades ---------------------------------------------------------------------------- */

static int status_step(int status) {
    static const int steps[RF__TS_COUNT] = {
#define RF_X_(e, n, step, zh) step,
        RF__TOP_TRADE_STATUS_LIST(RF_X_)
#undef RF_X_
    };
    return status >= 0 && status < RF__TS_COUNT ? steps[status] : -1;
}

static void read_order(rec *r, const rf__json *o, rf__top_order *d, const rf__top_trade *t) {
    d->oid = get_id(r, o, "oid", true);
    d->refund_id = get_id(r, o, "refund_id", false);
    d->status = get_enum(r, o, "status", trade_status_names, RF__TS_COUNT, false);
    d->refund_status = get_enum(r, o, "refund_status", refund_status_names, RF__RS_COUNT, false);
    const rf__json *st = member(o, "seller_type");
    d->seller_type = 0;
    if (st) {
        if (st->type == RF_JSON_STRING && st->len == 1 && (st->str[0] == 'B' || st->str[0] == 'C'))
            d->seller_type = st->str[0];
        else
            problem(r, RF__IC_BAD_VALUE, st, "seller_type", RF_ERR_TOP_SELLER_TYPE, NULL, NULL);
    }
    d->shipping_type = shipping_type(r, o);
    d->total_fee = get_money(r, o, "total_fee");
    d->payment = get_money(r, o, "payment");
    d->divide_order_fee = get_money(r, o, "divide_order_fee");
    d->part_mjz_discount = get_money(r, o, "part_mjz_discount");
    d->consign_time = get_time(r, o, "consign_time", false, false);
    d->end_time = get_time(r, o, "end_time", false, false);
    d->timeout_action_time = get_time(r, o, "timeout_action_time", false, false);
    d->invoice_no = get_text(r, o, "invoice_no");
    /* The times its status implies (TOP.md 4.5): shipped or later, the
     * consign time; finished or closed by Taobao, the end time. */
    int status = d->status >= 0 ? d->status : t->status;
    int step = status_step(status);
    if ((step == 2 || step == 3) && d->consign_time == RF__NO_TIME && t->consign_time == RF__NO_TIME)
        problem(r, RF__IC_MISSING_FIELD, o, "consign_time", RF_ERR_TOP_REQUIRED_STATUS, trade_status_names[status],
                NULL);
    if ((status == RF__TS_TRADE_FINISHED || status == RF__TS_TRADE_CLOSED_BY_TAOBAO) &&
        d->end_time == RF__NO_TIME && t->end_time == RF__NO_TIME)
        problem(r, RF__IC_MISSING_FIELD, o, "end_time", RF_ERR_TOP_REQUIRED_STATUS, trade_status_names[status], NULL);
    if (step >= 1 && status != RF__TS_TRADE_CLOSED_BY_TAOBAO && t->pay_time == RF__NO_TIME)
        problem(r, RF__IC_MISSING_FIELD, o, "pay_time", RF_ERR_TOP_PAY_TIME, trade_status_names[status], NULL);
}

static void read_trade(rf__import_store *s, const where *w, const rf__json *o, uint32_t seq) {
    rec r = {.s = s, .w = w};
    snprintf(r.path, sizeof r.path, "trade");
    rf__top_trade *t = PUSH(s, trades, trade_count, trade_cap);
    if (!t) return;
    t->seq = seq;
    t->pos = pos_of(w, o);
    if (o->type != RF_JSON_OBJECT) {
        problem(&r, RF__IC_MISSING_FIELD, o, "tid", RF_ERR_TOP_NOT_TRADE, NULL, NULL);
        t->bad = true;
        return;
    }
    t->tid = r.tid = get_id(&r, o, "tid", true);
    t->status = get_enum(&r, o, "status", trade_status_names, RF__TS_COUNT, false);
    const rf__json *type = member(o, "type");
    t->step_type = type && type->type == RF_JSON_STRING && type->len == 4 && !memcmp(type->str, "step", 4);
    t->created = get_time(&r, o, "created", true, false);
    t->pay_time = get_time(&r, o, "pay_time", false, false);
    t->consign_time = get_time(&r, o, "consign_time", false, false);
    t->end_time = get_time(&r, o, "end_time", false, false);
    t->modified = get_time(&r, o, "modified", false, false);
    t->payment = get_money(&r, o, "payment");
    t->post_fee = get_money(&r, o, "post_fee");
    t->total_fee = get_money(&r, o, "total_fee");
    t->shipping_type = shipping_type(&r, o);
    t->has_yfx = get_bool(&r, o, "has_yfx");
    const rf__json *orders = member(o, "orders");
    const rf__json *list = list_of(orders, "order");
    if (!list) {
        if (orders) problem(&r, RF__IC_BAD_VALUE, orders, "orders", RF_ERR_TOP_ORDERS, NULL, "{\"order\": [...]}");
        else problem(&r, RF__IC_MISSING_FIELD, o, "orders", RF_ERR_REQUIRED, NULL, NULL);
    } else {
        size_t n = list->type == RF_JSON_ARRAY ? list->count : 1;
        t->orders = n ? store_alloc(s, n * sizeof *t->orders) : NULL;
        if (n && !t->orders) return;
        const rf__json *e = list->type == RF_JSON_ARRAY ? list->child : list;
        for (size_t i = 0; i < n && e; i++, e = e->next) {
            snprintf(r.path, sizeof r.path, "trade.orders.order[%zu]", i);
            memset(&t->orders[i], 0, sizeof t->orders[i]);
            if (e->type != RF_JSON_OBJECT) {
                problem(&r, RF__IC_BAD_VALUE, e, NULL, RF_ERR_TOP_NOT_ORDER, NULL, NULL);
                continue;
            }
            read_order(&r, e, &t->orders[i], t);
            t->order_count = i + 1;
        }
        snprintf(r.path, sizeof r.path, "trade");
        if (n == 0) problem(&r, RF__IC_MISSING_FIELD, orders, "orders", RF_ERR_TOP_NO_ORDERS, NULL, NULL);
    }
    int step = status_step(t->status);
    if (step >= 1 && t->status != RF__TS_TRADE_CLOSED_BY_TAOBAO && t->pay_time == RF__NO_TIME)
        problem(&r, RF__IC_MISSING_FIELD, o, "pay_time", RF_ERR_TOP_REQUIRED_STATUS, trade_status_names[t->status],
                NULL);
    t->bad = r.bad;
}

/* ---- refunds ----------------------------------------------------------------------------- */

static const char *const dispute_names[] = {"REFUND", "REFUND_AND_RETURN", "TMALL_EXCHANGE", "TAOBAO_EXCHANGE",
                                            "REPAIR", "RESHIPPING", "OTHERS"};

static void read_refund(rf__import_store *s, const where *w, const rf__json *o) {
    rec r = {.s = s, .w = w};
    snprintf(r.path, sizeof r.path, "refund");
    rf__top_refund *d = PUSH(s, refunds, refund_count, refund_cap);
    if (!d) return;
    d->pos = pos_of(w, o);
    if (o->type != RF_JSON_OBJECT) {
        problem(&r, RF__IC_MISSING_FIELD, o, "refund_id", RF_ERR_TOP_NOT_REFUND, NULL, NULL);
        d->bad = true;
        return;
    }
    d->refund_id = r.refund_id = get_id(&r, o, "refund_id", true);
    d->tid = r.tid = get_id(&r, o, "tid", true);
    d->oid = get_id(&r, o, "oid", false);
    d->status = get_enum(&r, o, "status", refund_status_names, RF__RS_NO_REFUND, true);
    d->reason = get_text(&r, o, "reason");
    d->sid = get_text(&r, o, "sid");
    d->has_good_return = get_bool(&r, o, "has_good_return");
    int dispute = get_enum(&r, o, "dispute_type", dispute_names, 7, false);
    d->dispute_type = dispute < 0 ? -1 : dispute <= 1 ? dispute : dispute <= 3 ? RF__DISPUTE_EXCHANGE
                                                                               : RF__DISPUTE_UNSUPPORTED;
    d->cs_status = get_small(&r, o, "cs_status", 1, 6);
    d->refund_fee = get_money(&r, o, "refund_fee");
    d->total_fee = get_money(&r, o, "total_fee");
    d->created = get_time(&r, o, "created", true, false);
    d->modified = get_time(&r, o, "modified", false, false);
    d->good_return_time = get_time(&r, o, "good_return_time", false, false);
    /* The times its status implies: a change after the request was made. */
    if (d->status >= 0 && d->status != RF__RS_WAIT_SELLER_AGREE && d->modified == RF__NO_TIME)
        problem(&r, RF__IC_MISSING_FIELD, o, "modified", RF_ERR_TOP_REQUIRED_STATUS, refund_status_names[d->status],
                NULL);
    if (d->status == RF__RS_WAIT_SELLER_CONFIRM_GOODS && d->good_return_time == RF__NO_TIME)
        problem(&r, RF__IC_MISSING_FIELD, o, "good_return_time", RF_ERR_TOP_REQUIRED_STATUS,
                refund_status_names[d->status], NULL);
    d->bad = r.bad;
}

static void read_message(rf__import_store *s, const where *w, const rf__json *o) {
    rec r = {.s = s, .w = w};
    snprintf(r.path, sizeof r.path, "refund_message");
    s->report->messages_read++;
    if (o->type != RF_JSON_OBJECT) {
        problem(&r, RF__IC_MISSING_FIELD, o, "id", RF_ERR_TOP_NOT_MESSAGE, NULL, NULL);
        return;
    }
    rf__top_message m = {0};
    m.id = get_id(&r, o, "id", true);
    m.refund_id = r.refund_id = get_id(&r, o, "refund_id", true);
    m.owner_role = (uint8_t)get_small(&r, o, "owner_role", 1, 3);
    m.created = get_time(&r, o, "created", true, false);
    const rf__json *type = member(o, "message_type");
    m.return_approved = type && type->type == RF_JSON_STRING && type->len == 21 &&
                        !memcmp(type->str, "RETURN_GOODS_APPROVED", 21);
    /* A bad message only loses its time: no case fails for it. */
    if (r.bad) return;
    rf__top_message *d = PUSH(s, messages, message_count, message_cap);
    if (d) *d = m;
}

/* ---- TMC messages ------------------------------------------------------------------------ */

static int topic_of(const char *name, size_t len) {
    for (int t = 0; t < RF__T_COUNT; t++)
        if (strlen(rf__topic_names[t]) == len && memcmp(rf__topic_names[t], name, len) == 0) return t;
    return -1;
}

static bool has_prefix(const char *s, size_t n, const char *prefix) {
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* The envelope's value for one of two names (the API's and the raw channel's). */
static const rf__json *either(const rf__json *o, const char *a, const char *b, const char **which) {
    const rf__json *v = member(o, a);
    *which = a;
    if (!v && b) {
        v = member(o, b);
        *which = b;
    }
    return v;
}

/* Holds an invalid message with what could be read of it, so that its case fails. */
static void tombstone(rf__import_store *s, const rf__tmc *m) {
    if (!m->tid && !m->refund_id) return;
    rf__tmc *d = PUSH(s, tmc, tmc_count, tmc_cap);
    if (!d) return;
    *d = *m;
    d->flags = RF__TMC_INVALID;
}

static void read_tmc(rf__import_store *s, const where *w, const rf__json *o) {
    rf__report *rep = s->report;
    rec r = {.s = s, .w = w};
    rep->tmc_lines++;
    if (o->type != RF_JSON_OBJECT) {
        problem(&r, RF__IC_MISSING_FIELD, o, "topic", RF_ERR_TOP_NOT_TMC, NULL, NULL);
        rep->tmc_invalid++;
        return;
    }
    const rf__json *topic = member(o, "topic");
    if (!topic || topic->type != RF_JSON_STRING) {
        problem(&r, topic ? RF__IC_BAD_VALUE : RF__IC_MISSING_FIELD, topic ? topic : o, "topic",
                topic ? RF_ERR_NOT_STRING : RF_ERR_REQUIRED, NULL, NULL);
        rep->tmc_invalid++;
        return;
    }
    int t = topic_of(topic->str, topic->len);
    if (t < 0) {
        /* Every taobao_trade_* is known; any other topic is not (TOP.md 4.3). */
        if (has_prefix(topic->str, topic->len, "taobao_trade_")) rep->tmc_ignored++;
        else rf__report_unknown_topic(rep, topic->str, topic->len);
        return;
    }
    if (rf__topic_kinds[t] == RF__TK_NO_EVENT) {
        rep->tmc_ignored++; /* no attribution, no field checks (TOP.md 4.2) */
        return;
    }
    rf__tmc m;
    memset(&m, 0, sizeof m);
    m.topic = (uint8_t)t;
    m.status = -1;
    m.fee = RF__NO_FEE;
    m.pos = pos_of(w, o);
    m.id = get_id(&r, o, "id", true);
    const char *which;
    const rf__json *pub = either(o, "pub_time", "time", &which);
    if (pub) {
        rf_time pt = get_time(&r, o, which, false, true);
        if (pt != RF__NO_TIME && (pt < RF__TMC_EPOCH || pt > RF__TMC_TIME_MAX))
            problem(&r, RF__IC_BAD_TIME, pub, which, RF_ERR_TOP_TIME_RANGE, NULL, NULL);
        else if (pt != RF__NO_TIME)
            m.pub_time = rf__tmc_time_pack(pt);
    }
    const rf__json *content = member(o, "content");
    rf__json_doc *doc = NULL;
    const rf__json *c = NULL;
    where inner = *w;
    if (!content) {
        problem(&r, RF__IC_MISSING_FIELD, o, "content", RF_ERR_REQUIRED, NULL, NULL);
    } else if (content->type == RF_JSON_OBJECT) {
        c = content; /* tmc.js parses it for its users */
    } else if (content->type == RF_JSON_STRING) {
        /* Inside the string, every position is the string's start. */
        inner.fixed = true;
        inner.at = pos_of(w, content);
        rf_error err = {0};
        if (rf__json_parse(s->alloc, content->str, content->len, NULL, &doc, &err) != RF_OK) {
            if (err.code == RF_E_NOMEM) s->failed = true;
            problem_in(&r, content, "content", RF__WITHIN_CONTENT, &err);
        } else if (rf__json_root(doc)->type != RF_JSON_OBJECT) {
            problem(&r, RF__IC_BAD_VALUE, content, "content", RF_ERR_TOP_CONTENT, NULL, NULL);
        } else {
            c = rf__json_root(doc);
        }
    } else {
        problem(&r, RF__IC_BAD_VALUE, content, "content", RF_ERR_TOP_CONTENT_TYPE, NULL, NULL);
    }
    if (c) {
        rec cr = {.s = s, .w = &inner, .bad = r.bad};
        snprintf(cr.path, sizeof cr.path, "content");
        m.tid = cr.tid = get_id(&cr, c, "tid", true);
        m.oid = get_id(&cr, c, "oid", false);
        if (rf__topic_kinds[t] != RF__TK_TRADE) {
            m.refund_id = cr.refund_id = get_id(&cr, c, "refund_id", true);
            m.fee = get_money(&cr, c, "refund_fee");
            int bill = get_enum(&cr, c, "bill_type", rf__bill_names + 1, 3, false);
            m.bill = (uint8_t)(bill + 1);
        } else {
            m.status = (int8_t)get_enum(&cr, c, "status", trade_status_names, RF__TS_COUNT, false);
        }
        const rf__json *mv = member(c, "modified");
        rf_time mod = get_time(&cr, c, "modified", false, false);
        if (mod != RF__NO_TIME && (mod < RF__TMC_EPOCH || mod > RF__TMC_TIME_MAX))
            problem(&cr, RF__IC_BAD_TIME, mv, "modified", RF_ERR_TOP_TIME_RANGE, NULL, NULL);
        else if (mod != RF__NO_TIME)
            m.modified = rf__tmc_time_pack(mod);
        if (!m.modified && !m.pub_time && !cr.bad)
            problem(&cr, RF__IC_MISSING_FIELD, c, "modified", RF_ERR_TOP_NO_TIME, NULL, NULL);
        r.bad = cr.bad;
    }
    rf__json_free(doc);
    if (r.bad) {
        rep->tmc_invalid++;
        tombstone(s, &m);
        return;
    }
    rf__tmc *d = PUSH(s, tmc, tmc_count, tmc_cap);
    if (d) *d = m;
}

/* ---- unwrapping a value --------------------------------------------------------------------- */

static void read_value(rf__import_store *s, int kind, const where *w, const rf__json *v, uint32_t *seq, int depth);

/* The records of a TOP API response, a push-database row, a bare record or
 * an array of any of them. */
static void read_value(rf__import_store *s, int kind, const where *w, const rf__json *v, uint32_t *seq, int depth) {
    if (v->type == RF_JSON_ARRAY && depth < 4) {
        for (const rf__json *e = v->child; e; e = e->next) read_value(s, kind, w, e, seq, depth + 1);
        return;
    }
    if (v->type == RF_JSON_OBJECT && depth < 4) {
        /* A row of the push database (聚石塔 jdp_tb_trade, jdp_tb_refund):
         * the API response as a JSON string in jdp_response. */
        const rf__json *jdp = member(v, "jdp_response");
        if (jdp && jdp->type == RF_JSON_STRING) {
            where inner = *w;
            inner.fixed = true;
            inner.at = pos_of(w, jdp);
            rf__json_doc *doc = NULL;
            rf_error err = {0};
            if (rf__json_parse(s->alloc, jdp->str, jdp->len, NULL, &doc, &err) != RF_OK) {
                if (err.code == RF_E_NOMEM) s->failed = true;
                rec r = {.s = s, .w = w};
                if (kind == RF__IN_TMC) s->report->tmc_lines++, s->report->tmc_invalid++;
                problem_in(&r, jdp, "jdp_response", RF__WITHIN_JDP, &err);
            } else {
                read_value(s, kind, &inner, rf__json_root(doc), seq, depth + 1);
            }
            rf__json_free(doc);
            return;
        }
        /* An API response: {"..._response": {...}}. */
        if (v->count == 1 && v->child->key_len > 9 &&
            !memcmp(v->child->key + v->child->key_len - 9, "_response", 9)) {
            const rf__json *body = v->child;
            const rf__json *inner = NULL;
            switch (kind) {
            case RF__IN_TRADE: inner = member(body, "trade"); break;
            case RF__IN_REFUND:
                inner = member(body, "refund");
                if (!inner) inner = list_of(member(body, "refunds"), "refund");
                break;
            case RF__IN_MESSAGES: inner = list_of(member(body, "refund_messages"), "refund_message"); break;
            case RF__IN_TMC: inner = list_of(member(body, "messages"), "tmc_message"); break;
            }
            if (inner) {
                read_value(s, kind, w, inner, seq, depth + 1);
                return;
            }
            if (body->type == RF_JSON_OBJECT && (member(body, "code") || member(body, "sub_code"))) {
                rec r = {.s = s, .w = w};
                if (kind == RF__IN_TMC) s->report->tmc_lines++, s->report->tmc_invalid++;
                problem(&r, RF__IC_BAD_VALUE, body, v->child->key, RF_ERR_TOP_ERROR_RESPONSE, NULL, NULL);
                return;
            }
            /* Empty lists come without their key: nothing to read. */
            if (body->type == RF_JSON_OBJECT) return;
        }
    }
    switch (kind) {
    case RF__IN_TRADE: read_trade(s, w, v, (*seq)++); break;
    case RF__IN_REFUND: read_refund(s, w, v); break;
    case RF__IN_MESSAGES: read_message(s, w, v); break;
    case RF__IN_TMC: read_tmc(s, w, v); break;
    }
}

/* ---- splitting an input into values --------------------------------------------------------- */

/* Parses text[0..len) as values (first_only: the first value only). */
static rf_status parse(rf__import_store *s, const char *text, size_t len, bool first_only, rf__json_doc **doc,
                       rf_error *err) {
    rf__json_limits limits = {0};
    limits.first_value_only = first_only;
    if (len > RF_JSON_DEFAULT_MAX_SIZE && first_only) len = RF_JSON_DEFAULT_MAX_SIZE;
    return rf__json_parse(s->alloc, text, len, &limits, doc, err);
}

static void malformed(rf__import_store *s, rf__input *in, size_t line, size_t column, const rf_error *err) {
    where w = {.file = in->file, .line = line, .column = column};
    rf__json at = {0};
    at.line = err->line ? err->line : 1;
    at.column = err->column ? err->column : 1;
    rf__pos p = pos_of(&w, &at);
    if (in->kind == RF__IN_TMC) {
        s->report->tmc_lines++;
        s->report->tmc_invalid++;
    }
    rf__report_add_error(s->report, RF__IC_MALFORMED_JSON, &p, 0, 0, NULL, RF__WITHIN_NONE, NULL, err);
}

static void emit(rf__import_store *s, rf__input *in, size_t line, size_t column, const rf__json_doc *doc) {
    where w = {.file = in->file, .line = line, .column = column};
    /* The trade-file order of cases counts trades across every trade input. */
    read_value(s, in->kind, &w, rf__json_root(doc), &s->trade_seq, 0);
}

/* Whether offset begins a line (after its whitespace) whose text parses
 * as a value by itself: the previous value was a truncated NDJSON line. */
static bool starts_a_record(rf__import_store *s, const char *text, size_t len, size_t offset) {
    size_t start = offset;
    while (start > 0 && (text[start - 1] == ' ' || text[start - 1] == '\t')) start--;
    if (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r') return false;
    const char *nl = memchr(text + offset, '\n', len - offset);
    size_t end = nl ? (size_t)(nl - text) : len;
    rf__json_doc *doc = NULL;
    bool ok = parse(s, text + offset, end - offset, false, &doc, NULL) == RF_OK;
    rf__json_free(doc);
    return ok;
}

rf_status rf__input_feed(rf__import_store *s, rf__input *in, const char *data, size_t len, bool more) {
    if (in->ended) {
        /* A malformed multi-line value ended it: the rest is not read. */
        if (!more) rf__input_free(s->alloc, in);
        return RF_OK;
    }
    if (len) {
        if (in->cap - in->len < len) {
            size_t cap = in->cap ? in->cap : 1 << 16;
            while (cap - in->len < len) cap *= 2;
            char *grown = rf__realloc(s->alloc, in->pending, in->cap, cap);
            if (!grown) {
                s->failed = true;
                return RF_E_NOMEM;
            }
            in->pending = grown;
            in->cap = cap;
        }
        memcpy(in->pending + in->len, data, len);
        in->len += len;
    }
    const char *text = in->pending;
    size_t n = in->len, pos = 0, line = in->line, column = in->column;
    while (pos < n && !s->failed) {
        /* Whitespace between values. */
        char c = text[pos];
        if (c == ' ' || c == '\t') {
            pos++;
            column++;
            continue;
        }
        if (c == '\n' || c == '\r') {
            pos++;
            if (c == '\r' && pos < n && text[pos] == '\n') pos++;
            else if (c == '\r' && pos == n && more) {
                pos--; /* a CR at the end: its LF may come next */
                break;
            }
            line++;
            column = 1;
            continue;
        }
        const char *nl = memchr(text + pos, '\n', n - pos);
        if (!nl && more) break; /* the line is not complete yet */
        size_t line_end = nl ? (size_t)(nl - text) : n;
        if (line_end > pos && text[line_end - 1] == '\r') line_end--;
        rf__json_doc *doc = NULL;
        rf_error line_err = {0};
        if (in->mode != RF__MODE_PRETTY) {
            /* The line by itself: one NDJSON value. */
            rf_status st = parse(s, text + pos, line_end - pos, false, &doc, &line_err);
            if (st == RF_OK) {
                emit(s, in, line, column, doc);
                rf__json_free(doc);
                in->mode = RF__MODE_NDJSON;
                column += line_end - pos;
                pos = line_end;
                continue;
            }
            if (st == RF_E_NOMEM) {
                s->failed = true;
                break;
            }
        }
        /* A value over several lines. */
        rf_error err = {0};
        rf_status st = parse(s, text + pos, n - pos, true, &doc, &err);
        if (st == RF_E_NOMEM) {
            s->failed = true;
            break;
        }
        if (st == RF_OK) {
            size_t end = pos + rf__json_root(doc)->end;
            emit(s, in, line, column, doc);
            rf__json_free(doc);
            /* Move past it, counting its lines. */
            for (size_t i = pos; i < end; i++) {
                if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= end || text[i + 1] != '\n'))) {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            if (end > line_end) in->mode = RF__MODE_PRETTY;
            pos = end;
            continue;
        }
        /* It ends inside, or at a token cut short (a UTF-8 sequence, an
         * escape, a literal: at most a few bytes before the end): wait for
         * more. A real error there is found again once the rest arrives. */
        if (more && err.offset + 16 >= n - pos) break;
        /* Malformed. An NDJSON input loses the line; a multi-line one ends
         * here, unless the value ran into a line that is a value by itself
         * (a truncated line of an NDJSON input). */
        if (in->mode == RF__MODE_UNKNOWN && err.line > 1 && more &&
            !memchr(text + pos + err.offset, '\n', n - pos - err.offset))
            break; /* whether the line it ran into is a value by itself: wait for all of it */
        bool ndjson = in->mode == RF__MODE_NDJSON ||
                      (in->mode == RF__MODE_UNKNOWN &&
                       (err.line <= 1 || starts_a_record(s, text + pos, n - pos, err.offset)));
        if (ndjson && line_err.code != RF_OK) {
            malformed(s, in, line, column, &line_err);
            in->mode = RF__MODE_NDJSON;
            column += line_end - pos;
            pos = line_end;
            continue;
        }
        malformed(s, in, line, column, &err);
        in->ended = true;
        pos = n;
        break;
    }
    /* Keep what is left for the next call. */
    if (pos > 0) {
        memmove(in->pending, in->pending + pos, n - pos);
        in->len = n - pos;
    }
    in->line = line;
    in->column = column;
    if (!more) {
        in->len = 0;
        rf__input_free(s->alloc, in);
    }
    return s->failed ? RF_E_NOMEM : RF_OK;
}
