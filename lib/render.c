/*
 * The one writer behind `check`, `replay`, `quote`, `rules` and `graph`:
 * JSON with FORMAT.md's keys in a fixed order, text in English or Chinese,
 * and the findings as CSV rows holding what their JSON holds.
 *
 * JSON is written compact, straight into the buffer: each key is a literal
 * fragment that carries its separators ({"order": then ,"as_of": ...), every
 * enumeration name comes quoted from a table built from the X-macro lists of
 * refund.h, and times and money are formatted in place. `refund replay
 * --ndjson` renders one verdict per history, so this is a hot path. The
 * pretty form (RF_FORMAT_JSON) is the compact text re-indented by
 * rf__json_pretty.
 */
#include "render.h"
#include "internal.h"
#include "json_write.h"
#include "rules.h"
#include "schema.h"

#include <string.h>

static const rf_allocator *alloc_of(const rf_ctx *ctx) {
    return ctx ? &ctx->alloc : &rf__default_allocator;
}

/* An argument the header refuses (a NULL, an unknown syntax): RF_E_INVALID,
 * with *out NULL when there is an out. */
static rf_status bad_argument(char **out) {
    if (out) *out = NULL;
    return RF_E_INVALID;
}

void rf_string_free(const rf_ctx *ctx, char *text) { rf__free(alloc_of(ctx), text); }

static const char *name_of(rf_enum_id e, int v) { return rf_enum_name(e, v); }
static const char *party(rf_party p) { return rf_enum_name(RF_ENUM_PARTY, (int)p); }

/* ---- compact JSON pieces ---------------------------------------------------------- */

/* An enumeration's JSON name with its quotes, in a slot of fixed size so that
 * it is copied with one move of constant length (the bytes past len are
 * zeros and are overwritten by what follows). */
#define NAME_SLOT 32
typedef struct quoted {
    char text[NAME_SLOT];
    unsigned char len;
} quoted;

#define QUOTED_(n) {"\"" n "\"", sizeof("\"" n "\"") - 1},
#define FITS_(n) _Static_assert(sizeof(n) + 1 <= NAME_SLOT, "JSON name longer than its slot: " n);

#define Q3_(e, n, z) QUOTED_(n)
#define F3_(e, n, z) FITS_(n)
static const quoted actor_q[] = {RF_ACTOR_LIST(Q3_)};
static const quoted channel_q[] = {RF_CHANNEL_LIST(Q3_)};
static const quoted kind_q[] = {RF_KIND_LIST(Q3_)};
static const quoted reason_q[] = {RF_REASON_LIST(Q3_)};
static const quoted party_q[] = {RF_PARTY_LIST(Q3_)};
static const quoted insurance_q[] = {RF_INSURANCE_LIST(Q3_)};
static const quoted complaint_q[] = {RF_COMPLAINT_LIST(Q3_)};
static const quoted basis_q[] = {RF_BASIS_LIST(Q3_)};
RF_BASIS_LIST(F3_)
RF_ACTOR_LIST(F3_)
RF_CHANNEL_LIST(F3_)
RF_KIND_LIST(F3_)
RF_REASON_LIST(F3_)
RF_PARTY_LIST(F3_)
RF_INSURANCE_LIST(F3_)
RF_COMPLAINT_LIST(F3_)
#undef Q3_
#undef F3_

#define QEV_(e, n, m) QUOTED_(n)
#define FEV_(e, n, m) FITS_(n)
static const quoted event_q[] = {RF_EVENT_LIST(QEV_)};
RF_EVENT_LIST(FEV_)
#undef QEV_
#undef FEV_

#define Q4_(e, n, z, seed) QUOTED_(n)
#define F4_(e, n, z, seed) FITS_(n)
static const quoted trade_state_q[] = {RF_TRADE_STATE_LIST(Q4_)};
static const quoted refund_state_q[] = {RF_REFUND_STATE_LIST(Q4_)};
static const quoted exchange_state_q[] = {RF_EXCHANGE_STATE_LIST(Q4_)};
static const quoted intervention_state_q[] = {RF_INTERVENTION_STATE_LIST(Q4_)};
static const quoted complaint_state_q[] = {RF_COMPLAINT_STATE_LIST(Q4_)};
RF_TRADE_STATE_LIST(F4_)
RF_REFUND_STATE_LIST(F4_)
RF_EXCHANGE_STATE_LIST(F4_)
RF_INTERVENTION_STATE_LIST(F4_)
RF_COMPLAINT_STATE_LIST(F4_)
#undef Q4_
#undef F4_

#define QF_(e, code, zh, en) QUOTED_(code)
#define FF_(e, code, zh, en) FITS_(code)
static const quoted finding_q[] = {RF_FINDING_LIST(QF_)};
RF_FINDING_LIST(FF_)
#undef QF_
#undef FF_

#define QID_(e, id, seed, zh, en) QUOTED_(id)
#define QSEED_(e, id, seed, zh, en) QUOTED_(seed)
#define FID_(e, id, seed, zh, en) FITS_(id) FITS_(seed)
static const quoted rule_q[] = {RF_RULE_LIST(QID_)};
static const quoted rule_seed_q[] = {RF_RULE_LIST(QSEED_)};
static const quoted deduction_q[] = {RF_DEDUCTION_LIST(QID_)};
static const quoted deduction_seed_q[] = {RF_DEDUCTION_LIST(QSEED_)};
static const quoted remedy_q[] = {RF_REMEDY_LIST(QID_)};
RF_RULE_LIST(FID_)
RF_DEDUCTION_LIST(FID_)
RF_REMEDY_LIST(FID_)
#undef QID_
#undef QSEED_
#undef FID_
#undef FITS_

/* The states of each machine, as rf_state_name numbers them (machine.c
 * builds its tables from the same lists; tests/test_render.c checks every
 * name against rf_state_name), and the machine's name as rf_machine_get
 * gives it (a verdict's refund writes it: known here, it needs no strlen). */
static const struct {
    const quoted *names;
    size_t count;
    quoted name;
} machine_states[RF_MACHINE_COUNT] = {
#define STATES_(id, table, name) [id] = {table, sizeof(table) / sizeof((table)[0]), QUOTED_(name)},
    STATES_(RF_MACHINE_TRADE, trade_state_q, "trade")
    STATES_(RF_MACHINE_REFUND, refund_state_q, "refund")
    STATES_(RF_MACHINE_EXCHANGE, exchange_state_q, "exchange")
    STATES_(RF_MACHINE_INTERVENTION, intervention_state_q, "intervention")
    STATES_(RF_MACHINE_COMPLAINT, complaint_state_q, "complaint")
#undef STATES_
};
#undef QUOTED_

/* ---- writing at a position ------------------------------------------------------- */

/* The JSON writers keep the write position in a local pointer p and make
 * room once per item (the head of a verdict, a deadline, a request...) for
 * an upper bound of what the item writes, then write it with no check per
 * key: `refund replay --ndjson` renders one verdict per history, so this is
 * a hot path. A position kept in the buffer would be reloaded after every
 * store (a char store may alias b->data and b->len); a local one stays in a
 * register. Every room holds ROOM_SLACK bytes more than asked, for what is
 * written after an item's last value or after a nested writer has returned:
 * the closing brackets and the keys of the sections that follow, up to the
 * next room. The most is 119 bytes, in a verdict with no deadline,
 * settlement, request, timeout, finding or import: from the room of its
 * actions, `],"deadlines":[],"settlement":null,"requests":[],"timeouts":[],
 * "findings":[]` and the largest `,"events_after_as_of":N}`. */
enum { ROOM_SLACK = 128 };

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
/* Sanitizer builds (make check SANITIZE=address) hold each writer to its
 * room: the bytes past the room and its slack are poisoned until the next
 * room or the end of the writer, so that an item writing past them is
 * reported where it does (tests/test_render.c renders a verdict at the
 * largest of every field). room_open(b) lifts the poison. */
static void room_open(rf__buf *b) {
    if (b->data) ASAN_UNPOISON_MEMORY_REGION(b->data, b->allocated);
}
static void room_close(rf__buf *b, size_t n) {
    size_t end = b->len + n + ROOM_SLACK;
    if (end < b->allocated) ASAN_POISON_MEMORY_REGION(b->data + end, b->allocated - end);
}
#else
static inline void room_open(rf__buf *b) { (void)b; }
static inline void room_close(rf__buf *b, size_t n) { (void)b, (void)n; }
#endif

/* The write position after making room for n bytes (and the slack): NULL
 * when the buffer failed, and then nothing more is written. */
static inline char *room_at(rf__buf *b, size_t n) {
    room_open(b);
    if (!rf__buf_reserve(b, n + ROOM_SLACK)) return NULL;
    room_close(b, n);
    return b->data + b->len;
}

/* The end of a writer: what was written up to p is the buffer's. */
static inline void room_done(rf__buf *b, char *p) {
    b->len = (size_t)(p - b->data);
    room_open(b);
}

/* Commits what was written up to p, then as room_at. */
static inline char *room(rf__buf *b, char *p, size_t n) {
    b->len = (size_t)(p - b->data);
    return room_at(b, n);
}

/* In a writer that returns its position: room for n bytes, or NULL back to
 * the caller when there is none. */
#define ROOM(n)                                  \
    do {                                         \
        if (!(p = room(b, p, (n)))) return NULL; \
    } while (0)

static inline char *put_at(char *p, const char *s, size_t n) {
    memcpy(p, s, n);
    return p + n;
}

/* A string literal: its length is known when compiling, so the copy is a few
 * moves (the "" refuses anything but a literal). */
#define LIT(p, lit) put_at((p), "" lit, sizeof("" lit) - 1)

#define COUNT_OF_(a) (sizeof(a) / sizeof((a)[0]))

/* table[v] (NAME_SLOT bytes of room), or null when v is out of range (as the
 * name functions return NULL for it). */
static inline char *name_at(char *p, const quoted *table, size_t count, unsigned v) {
    if (v >= count) return LIT(p, "null");
    memcpy(p, table[v].text, NAME_SLOT);
    return p + table[v].len;
}
#define NAME_AT(p, table, v) name_at((p), (table), COUNT_OF_(table), (unsigned)(v))

static inline char *state_at(char *p, rf_machine_id m, int state) {
    if ((unsigned)m >= RF_MACHINE_COUNT) return LIT(p, "null");
    return name_at(p, machine_states[m].names, machine_states[m].count, (unsigned)state);
}

/* The machine's name, quoted (NAME_SLOT bytes of room), or null. */
static inline char *machine_at(char *p, rf_machine_id m) {
    if ((unsigned)m >= RF_MACHINE_COUNT) return LIT(p, "null");
    memcpy(p, machine_states[m].name.text, NAME_SLOT);
    return p + machine_states[m].name.len;
}

/* "2024-06-29T20:00:00+08:00", quoted: TIME_ROOM bytes. */
#define TIME_ROOM (RF__TIME_TEXT_MAX + 2)
static inline char *time_at(char *p, rf_time t) {
    *p++ = '"';
    p = rf__time_format_to(p, t);
    *p++ = '"';
    return p;
}

/* "88.00", quoted (FORMAT.md: money is a string, never a JSON number):
 * MONEY_ROOM bytes. */
#define MONEY_ROOM (RF__MONEY_TEXT_MAX + 2)
static inline char *money_at(char *p, rf_fen fen) {
    *p++ = '"';
    p = rf__money_format_to(p, fen);
    *p++ = '"';
    return p;
}

/* A signed amount of money at stake: "+8.00", "-8.00" or "0.00" (FORMAT.md:
 * delta = actual - expected, with a sign). MONEY_ROOM + 1 bytes. */
static inline char *delta_at(char *p, rf_fen fen) {
    *p++ = '"';
    if (fen > 0) *p++ = '+';
    p = rf__money_format_to(p, fen);
    *p++ = '"';
    return p;
}

/* A number: at most 20 bytes. */
#define INT_ROOM 20
static inline char *uint_at(char *p, uint64_t v) { return rf__put_uint(p, v, 1); }

static inline char *bool_at(char *p, bool v) { return v ? LIT(p, "true") : LIT(p, "false"); }

/* A string of the library's own tables (a deadline id, a seed, a machine
 * name): plain ASCII with nothing to escape (tests/test_render.c checks
 * every one), so it is copied between its quotes as it is. Ids and notes
 * from a case go through text_at. NULL is written null. static_len gives n
 * for static_at and the room it takes, n + 2. */
static inline size_t static_len(const char *s) { return s ? strlen(s) : 2; }

static inline char *static_at(char *p, const char *s, size_t n) {
    if (!s) return LIT(p, "null");
    *p++ = '"';
    p = put_at(p, s, n);
    *p++ = '"';
    return p;
}

/* A string from a case (an order or event id), quoted and escaped; NULL is
 * written null. text_len gives n for text_at, and text_room(s, n) its room:
 * the most an escaped string of n bytes can take. */
static inline size_t text_len(const char *s) { return s ? strlen(s) : 0; }

#if defined(__SANITIZE_ADDRESS__)
/* In sanitizer builds the room of a string is what it takes, so that
 * room_close holds the rest of its item to the item's count. */
static size_t text_room(const char *s, size_t n) {
    size_t room = 4; /* the quotes, or null */
    for (size_t i = 0; s && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        room += c < 0x20 ? (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t' ? 2 : 6)
                : c == '"' || c == '\\' ? 2 : 1;
    }
    return room;
}
#else
static inline size_t text_room(const char *s, size_t n) {
    (void)s;
    return RF__JSON_STRING_MAX(n) + 2;
}
#endif

static inline char *text_at(char *p, const char *s, size_t n) {
    return s ? rf__json_string_to(p, s, n) : LIT(p, "null");
}

/* ---- settlement ------------------------------------------------------------------ */

/* ,"basis":"inferred" (TOP.md section 3), when not only recorded facts:
 * BASIS_ROOM bytes. */
#define BASIS_ROOM (9 + NAME_SLOT)
static inline char *basis_at(char *p, rf_basis basis) {
    if (basis == RF_BASIS_RECORDED) return p;
    p = LIT(p, ",\"basis\":");
    return NAME_AT(p, basis_q, basis);
}

static const char *basis_label(rf_basis basis, bool zh) {
    static const char *const labels[2][RF_BASIS_COUNT] = {
#define RF_X_(e, n, z) n,
        {RF_BASIS_LIST(RF_X_)},
#undef RF_X_
#define RF_X_(e, n, z) z,
        {RF_BASIS_LIST(RF_X_)},
#undef RF_X_
    };
    return (unsigned)basis < RF_BASIS_COUNT ? labels[zh][basis] : "";
}

/* A settlement's keys and values, its deductions aside: 252 bytes of keys
 * and brackets (partial_cap_unknown's the longer branch), seven names, five
 * amounts, a bool, the basis. */
#define SETTLEMENT_ROOM (252 + 7 * NAME_SLOT + 5 * MONEY_ROOM + 5 + BASIS_ROOM)
/* One deduction: 50 bytes of keys and brackets, two names, three amounts. */
#define DEDUCTION_ROOM (50 + 2 * NAME_SLOT + 3 * MONEY_ROOM)

/* Writes the settlement at p: the room is made here. */
static char *settlement_at(rf__buf *b, char *p, const rf_settlement *s, rf_basis basis) {
    ROOM(SETTLEMENT_ROOM);
    p = LIT(p, "{\"rule\":");
    p = NAME_AT(p, rule_q, s->rule);
    p = LIT(p, ",\"refund\":");
    p = money_at(p, s->refund);
    p = LIT(p, ",\"deductions\":[");
    for (size_t i = 0; i < s->deduction_count; i++) {
        const rf_deduction *d = &s->deductions[i];
        /* The deduction, and the rest of the settlement after it. */
        ROOM(DEDUCTION_ROOM + SETTLEMENT_ROOM);
        if (i) *p++ = ',';
        p = LIT(p, "{\"id\":");
        p = NAME_AT(p, deduction_q, d->id);
        p = LIT(p, ",\"amount\":");
        p = money_at(p, d->amount);
        if (d->id == RF_DED_HANDLING_FEE) {
            p = LIT(p, ",\"commission\":");
            p = money_at(p, d->commission);
            p = LIT(p, ",\"points\":");
            p = money_at(p, d->points);
        }
        p = LIT(p, ",\"seed\":");
        p = NAME_AT(p, deduction_seed_q, d->id);
        *p++ = '}';
    }
    p = LIT(p, "],\"return_postage_payer\":");
    p = NAME_AT(p, party_q, s->return_postage_payer);
    p = LIT(p, ",\"insurance\":");
    p = NAME_AT(p, insurance_q, s->insurance);
    p = LIT(p, ",\"exchange_postage_payer\":");
    p = NAME_AT(p, party_q, s->exchange_postage_payer);
    p = LIT(p, ",\"eligible\":");
    p = bool_at(p, s->eligible);
    p = LIT(p, ",\"base\":");
    p = money_at(p, s->base);
    p = LIT(p, ",\"allowed\":");
    p = money_at(p, s->allowed);
    p = LIT(p, ",\"postage_refunded\":");
    p = money_at(p, s->postage_refunded);
    p = LIT(p, ",\"payment_link\":");
    p = money_at(p, s->payment_link);
    /* A 折价 (remedy keep_goods) shows its cap, even 0.00; a cap the order
     * gives no postage to price is null and flagged, never "0.00". */
    if (s->partial_cap_unknown) {
        p = LIT(p, ",\"partial_cap\":null,\"partial_cap_unknown\":true");
    } else if (s->partial_cap || s->remedy == RF_REMEDY_KEEP_GOODS) {
        p = LIT(p, ",\"partial_cap\":");
        p = money_at(p, s->partial_cap);
    }
    p = LIT(p, ",\"remedy\":");
    p = NAME_AT(p, remedy_q, s->remedy);
    if (s->remedy == RF_REMEDY_RESHIP_PART) {
        p = LIT(p, ",\"reship_postage_payer\":");
        if (s->reship_by_agent) p = LIT(p, "\"agent\"");
        else p = NAME_AT(p, party_q, s->reship_postage_payer);
    }
    p = LIT(p, ",\"seed\":");
    p = NAME_AT(p, rule_seed_q, s->rule);
    p = basis_at(p, basis);
    *p++ = '}';
    return p;
}

/* Appends the settlement to b (as the verdict's writer does, for
 * rf_render_settlement). */
static void settlement_json(rf__buf *b, const rf_settlement *s, rf_basis basis) {
    char *p = room_at(b, 0);
    if (p && (p = settlement_at(b, p, s, basis))) room_done(b, p);
    else room_open(b);
}

static void settlement_text(rf__buf *b, const rf_settlement *s, bool zh, const char *indent) {
    char m[24];
    /* Text names the rule; the seed lines stay in JSON and `refund rules`. */
    rf__buf_printf(b, "%s%s %s %s\n", indent, zh ? "规则" : "rule", rf_rule_id(s->rule), rf_rule_label(s->rule, zh));
    rf__buf_printf(b, "%s%s %s\n", indent, zh ? "应退金额" : "refund", rf_money_format(s->refund, m));
    for (size_t i = 0; i < s->deduction_count; i++) {
        const rf_deduction *d = &s->deductions[i];
        rf__buf_printf(b, "%s  - %s %s", indent, rf_deduction_label(d->id, zh), rf_money_format(d->amount, m));
        if (d->id == RF_DED_HANDLING_FEE) {
            char c[24], p[24];
            rf__buf_printf(b, zh ? " = 淘宝商城佣金 %s + 商城积分 %s" : " = commission %s + points %s",
                           rf_money_format(d->commission, c), rf_money_format(d->points, p));
        }
        rf__buf_putc(b, '\n');
    }
    /* Only when the refund is the whole allowed amount is the postage inside it. */
    if (s->postage_refunded && s->refund == s->allowed)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "其中退回买家已付邮费" : "of which postage paid, back",
                       rf_money_format(s->postage_refunded, m));
    if (s->payment_link)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "收款链接报销退货邮费" : "return postage reimbursed by payment link",
                       rf_money_format(s->payment_link, m));
    rf__buf_printf(b, "%s%s %s\n", indent, zh ? "退货邮费承担方" : "return postage paid by",
                   zh ? rf_enum_label_zh(RF_ENUM_PARTY, (int)s->return_postage_payer) : party(s->return_postage_payer));
    rf__buf_printf(b, "%s%s %s\n", indent, zh ? "换货邮费承担方" : "exchange postage paid by",
                   zh ? rf_enum_label_zh(RF_ENUM_PARTY, (int)s->exchange_postage_payer) : party(s->exchange_postage_payer));
    if (s->insurance != RF_INSURANCE_NONE)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "运费险赔付" : "covered by shipping insurance of",
                       zh ? rf_enum_label_zh(RF_ENUM_INSURANCE, (int)s->insurance) : name_of(RF_ENUM_INSURANCE, (int)s->insurance));
    if (!s->eligible)
        rf__buf_printf(b, "%s%s\n", indent, zh ? "商品影响二次销售,不符合退换条件" : "not eligible: the goods affect resale");
    if (s->partial_cap_unknown)
        rf__buf_printf(b, "%s%s\n", indent,
                       zh ? "订单未记录邮费,无法核对折价上限(换货成本),按申请金额退款"
                          : "partial refund cap not checked: the order records no postage, so the amount asked stands");
    else if (s->partial_cap || s->remedy == RF_REMEDY_KEEP_GOODS)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "折价上限(换货成本)" : "partial refund cap (cost of an exchange)",
                       rf_money_format(s->partial_cap, m));
    if (s->remedy != RF_REMEDY_NONE)
        rf__buf_printf(b, "%s%s\n", indent, rf_remedy_label(s->remedy, zh));
    if (s->remedy == RF_REMEDY_RESHIP_PART)
        rf__buf_printf(b, "%s%s %s\n", indent, zh ? "补发邮费承担方" : "reship postage paid by",
                       s->reship_by_agent ? (zh ? "收件代理(未备注订单)" : "the receiving agent (order note not made)")
                                          : (zh ? "店铺(仓库出错)" : "the shop (warehouse error)"));
}

/* A scratch buffer for the compact text of a pretty document. */
static void compact_begin(rf__buf *compact, const rf__buf *b) { rf__buf_init(compact, b->alloc); }

/* Appends the compact document re-indented (as FORMAT.md's pretty JSON) to b
 * and frees the scratch buffer. */
static void compact_end_pretty(rf__buf *compact, rf__buf *b) {
    rf__json_pretty_of(b, compact);
    rf__buf_free(compact);
}

rf_status rf_render_settlement(const rf_ctx *ctx, const rf_settlement *s, rf_format format,
                               rf_lang lang, char **out, size_t *len) {
    rf__buf b;
    if (!s || !out) return bad_argument(out);
    rf__buf_init(&b, alloc_of(ctx));
    if (format == RF_FORMAT_TEXT) {
        settlement_text(&b, s, lang == RF_LANG_ZH, "");
    } else if (format == RF_FORMAT_JSON) {
        rf__buf compact;
        compact_begin(&compact, &b);
        settlement_json(&compact, s, RF_BASIS_RECORDED);
        compact_end_pretty(&compact, &b);
        rf__buf_putc(&b, '\n');
    } else {
        settlement_json(&b, s, RF_BASIS_RECORDED);
        rf__buf_putc(&b, '\n');
    }
    return rf__buf_give(&b, out, len);
}

/* ---- verdict ----------------------------------------------------------------------- */

static const char *state_name(const rf_verdict *v) {
    return rf_state_name(v->refund_machine, v->refund_state);
}

/* The rooms of a verdict's items, strings aside: the bytes of their keys
 * and brackets (the longer branch where there are two), then their values.
 * Sanitizer builds check every one (room_close). */
#define HEAD_ROOM (169 + 7 * NAME_SLOT + 2 * TIME_ROOM)   /* up to "complaints":[ */
#define COMPLAINT_ROOM (43 + 3 * NAME_SLOT)
#define ACTION_ROOM (19 + 2 * NAME_SLOT)
#define DEADLINE_ROOM (94 + 2 * NAME_SLOT + INT_ROOM)      /* paused: no due time */
#define REQUEST_ROOM (99 + 4 * NAME_SLOT + 2 * TIME_ROOM + MONEY_ROOM + 4)
#define TIMEOUT_ROOM (45 + NAME_SLOT + TIME_ROOM)
#define FINDING_ROOM (126 + 3 * NAME_SLOT + TIME_ROOM + INT_ROOM + 3 * MONEY_ROOM + 1 + TIME_ROOM + BASIS_ROOM)

/* v in decimal, as rf__json_put_int writes it: at most 20 bytes. */
static inline char *int_at(char *p, int64_t v) {
    if (v < 0) *p++ = '-';
    return uint_at(p, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
}

/* Writes the verdict at p: the end, or NULL when the buffer failed. */
static char *verdict_at(rf__buf *b, char *p, const rf_verdict *v, bool zh) {
    size_t order_n = text_len(v->order_id);
    ROOM(HEAD_ROOM + text_room(v->order_id, order_n));
    p = LIT(p, "{\"order\":");
    p = text_at(p, v->order_id, order_n);
    p = LIT(p, ",\"channel\":");
    p = NAME_AT(p, channel_q, v->channel);
    p = LIT(p, ",\"created\":");
    p = v->has_created ? time_at(p, v->created) : LIT(p, "null");
    p = LIT(p, ",\"as_of\":");
    p = time_at(p, v->as_of);
    p = LIT(p, ",\"trade\":{\"state\":");
    p = NAME_AT(p, trade_state_q, v->trade);
    if (v->aftersale) p = LIT(p, ",\"phase\":\"aftersale\"},\"refund\":");
    else p = LIT(p, ",\"phase\":\"onsale\"},\"refund\":");
    if (!v->has_refund) {
        p = LIT(p, "null");
    } else {
        p = LIT(p, "{\"state\":");
        p = state_at(p, v->refund_machine, v->refund_state);
        p = LIT(p, ",\"kind\":");
        p = NAME_AT(p, kind_q, v->kind);
        p = LIT(p, ",\"reason\":");
        p = NAME_AT(p, reason_q, v->reason);
        p = LIT(p, ",\"machine\":");
        p = machine_at(p, v->refund_machine);
        *p++ = '}';
    }
    p = LIT(p, ",\"intervention\":{\"state\":");
    p = NAME_AT(p, intervention_state_q, v->intervention);
    p = LIT(p, "},\"complaints\":[");
    for (size_t i = 0; i < v->complaint_count; i++) {
        const rf_complaint *k = &v->complaints[i];
        size_t event_n = text_len(k->event_id);
        ROOM(COMPLAINT_ROOM + text_room(k->event_id, event_n));
        if (i) *p++ = ',';
        p = LIT(p, "{\"type\":");
        p = NAME_AT(p, complaint_q, k->type);
        p = LIT(p, ",\"state\":");
        p = NAME_AT(p, complaint_state_q, k->state);
        p = LIT(p, ",\"complainant\":");
        p = NAME_AT(p, actor_q, k->complainant);
        p = LIT(p, ",\"event\":");
        p = text_at(p, k->event_id, event_n);
        *p++ = '}';
    }
    p = LIT(p, "],\"next\":[");
    /* All the actions at once (a count no array can have asks for more
     * room than there is, and fails). */
    size_t actions_room;
    if (__builtin_mul_overflow(v->next_count, (size_t)ACTION_ROOM, &actions_room)) actions_room = SIZE_MAX - ROOM_SLACK;
    ROOM(actions_room);
    for (size_t i = 0; i < v->next_count; i++) {
        if (i) *p++ = ',';
        p = LIT(p, "{\"actor\":");
        p = NAME_AT(p, actor_q, v->next[i].actor);
        p = LIT(p, ",\"type\":");
        p = NAME_AT(p, event_q, v->next[i].type);
        *p++ = '}';
    }
    p = LIT(p, "],\"deadlines\":[");
    for (size_t i = 0; i < v->deadline_count; i++) {
        const rf_deadline *d = &v->deadlines[i];
        size_t id_n = static_len(d->id), seed_n = static_len(d->seed);
        ROOM(DEADLINE_ROOM + id_n + 2 + seed_n + 2);
        if (i) *p++ = ',';
        p = LIT(p, "{\"id\":");
        p = static_at(p, d->id, id_n);
        p = LIT(p, ",\"actor\":");
        p = NAME_AT(p, actor_q, d->actor);
        if (d->paused) {
            /* RULES.md 2.1: stopped while a request is open, with the time it has left. */
            p = LIT(p, ",\"paused\":true,\"remaining_s\":");
            p = int_at(p, d->remaining_s);
            p = LIT(p, ",\"due\":null");
        } else {
            p = LIT(p, ",\"due\":");
            p = time_at(p, d->due);
        }
        p = LIT(p, ",\"on_expiry\":");
        p = d->has_expiry ? NAME_AT(p, event_q, d->on_expiry) : LIT(p, "null");
        if (!d->paused && v->as_of > d->due) p = LIT(p, ",\"expired\":true,\"seed\":");
        else p = LIT(p, ",\"expired\":false,\"seed\":");
        p = static_at(p, d->seed, seed_n);
        *p++ = '}';
    }
    p = LIT(p, "],\"settlement\":");
    /* The latest request's settlement is written twice (here and in
     * `requests`): the second time its bytes are copied. */
    size_t settled_at = (size_t)(p - b->data);
    if (v->has_settlement) {
        if (!(p = settlement_at(b, p, &v->settlement, v->settlement_basis))) return NULL;
    } else {
        p = LIT(p, "null");
    }
    size_t settled_len = (size_t)(p - b->data) - settled_at;
    p = LIT(p, ",\"requests\":[");
    for (size_t i = 0; i < v->request_count; i++) {
        const rf_request *q = &v->requests[i];
        size_t event_n = text_len(q->event_id);
        ROOM(REQUEST_ROOM + text_room(q->event_id, event_n));
        if (i) *p++ = ',';
        p = LIT(p, "{\"event\":");
        p = text_at(p, q->event_id, event_n);
        p = LIT(p, ",\"kind\":");
        p = NAME_AT(p, kind_q, q->kind);
        p = LIT(p, ",\"reason\":");
        p = NAME_AT(p, reason_q, q->reason);
        p = LIT(p, ",\"state\":");
        p = state_at(p, q->machine, q->state);
        p = LIT(p, ",\"opened\":");
        p = time_at(p, q->opened);
        p = LIT(p, ",\"ended\":");
        p = q->ended ? time_at(p, q->ended_at) : LIT(p, "null");
        p = LIT(p, ",\"refunded\":");
        p = money_at(p, q->refunded);
        p = LIT(p, ",\"intervention\":");
        p = NAME_AT(p, intervention_state_q, q->intervention);
        p = LIT(p, ",\"settlement\":");
        if (i + 1 == v->request_count && v->has_settlement && q->has_settlement &&
            q->settlement_basis == v->settlement_basis &&
            memcmp(&q->settlement, &v->settlement, sizeof q->settlement) == 0) {
            ROOM(settled_len);
            p = put_at(p, b->data + settled_at, settled_len);
        } else if (q->has_settlement) {
            if (!(p = settlement_at(b, p, &q->settlement, q->settlement_basis))) return NULL;
        } else {
            p = LIT(p, "null");
        }
        *p++ = '}';
    }
    p = LIT(p, "],\"timeouts\":[");
    for (size_t i = 0; i < v->inserted_count; i++) {
        const rf_inserted *t = &v->inserted[i];
        size_t deadline_n = static_len(t->deadline);
        ROOM(TIMEOUT_ROOM + deadline_n + 2);
        if (i) *p++ = ',';
        p = LIT(p, "{\"at\":");
        p = time_at(p, t->at);
        p = LIT(p, ",\"actor\":\"system\",\"type\":");
        p = NAME_AT(p, event_q, t->type);
        p = LIT(p, ",\"deadline\":");
        p = static_at(p, t->deadline, deadline_n);
        *p++ = '}';
    }
    p = LIT(p, "],\"findings\":[");
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        char text[512];
        size_t text_n = rf_finding_message(f, zh ? RF_LANG_ZH : RF_LANG_EN, text, sizeof text);
        if (text_n >= sizeof text) text_n = sizeof text - 1;
        size_t event_n = text_len(f->event_id), seed_n = text_len(f->seed);
        ROOM(FINDING_ROOM + text_room(f->event_id, event_n) + text_room(text, text_n) + text_room(f->seed, seed_n));
        if (i) *p++ = ',';
        p = LIT(p, "{\"event\":");
        p = text_at(p, f->event_id, event_n);
        p = LIT(p, ",\"code\":");
        p = NAME_AT(p, finding_q, f->code);
        p = LIT(p, ",\"at\":");
        p = f->event_id ? time_at(p, f->at) : LIT(p, "null");
        p = LIT(p, ",\"actor\":");
        p = NAME_AT(p, actor_q, f->actor);
        p = LIT(p, ",\"type\":");
        p = NAME_AT(p, event_q, f->type);
        p = LIT(p, ",\"request\":");
        p = f->request == SIZE_MAX ? LIT(p, "null") : int_at(p, (int64_t)f->request);
        p = LIT(p, ",\"message\":");
        p = rf__json_string_to(p, text, text_n);
        p = LIT(p, ",\"seed\":");
        p = text_at(p, f->seed, seed_n);
        p = f->applied ? LIT(p, ",\"applied\":true") : LIT(p, ",\"applied\":false");
        if (f->has_money) {
            p = LIT(p, ",\"expected\":");
            p = money_at(p, f->expected);
            p = LIT(p, ",\"actual\":");
            p = money_at(p, f->actual);
            p = LIT(p, ",\"delta\":");
            p = delta_at(p, f->actual - f->expected);
        }
        if (f->has_due) {
            p = LIT(p, ",\"due\":");
            p = time_at(p, f->due);
        }
        p = basis_at(p, f->basis);
        *p++ = '}';
    }
    *p++ = ']';
    /* An imported case (TOP.md section 3): what its source did not say.
     * Rare, so written with the buffer's checked puts. */
    if (v->has_import) {
        room_done(b, p);
        RF__PUT_LIT(b, ",\"assumptions\":{\"assumed\":[");
        for (size_t k = 0, n = 0; k < RF__ORDER_FIELD_COUNT; k++) {
            if (!(v->assumed >> k & 1u)) continue;
            if (n++) rf__buf_putc(b, ',');
            RF__PUT_LIT(b, "\"order.");
            rf__buf_put(b, rf__order_fields[k].key, rf__order_fields[k].key_len);
            rf__buf_putc(b, '"');
        }
        RF__PUT_LIT(b, "],\"missing\":[");
        for (int t = 0, n = 0; t < RF_EV_COUNT; t++) {
            if (!(v->missing >> t & 1u)) continue;
            if (n++) rf__buf_putc(b, ',');
            if (!(p = room_at(b, NAME_SLOT))) return NULL;
            b->len = (size_t)(NAME_AT(p, event_q, t) - b->data);
        }
        RF__PUT_LIT(b, "]}");
        if (!(p = room_at(b, 0))) return NULL;
    }
    if (v->events_after_as_of) {
        p = LIT(p, ",\"events_after_as_of\":");
        p = int_at(p, (int64_t)v->events_after_as_of);
    }
    *p++ = '}';
    return p;
}

/* Appends the verdict's compact JSON to b. */
static void verdict_json(rf__buf *b, const rf_verdict *v, bool zh) {
    char *p = room_at(b, 0);
    if (p && (p = verdict_at(b, p, v, zh))) room_done(b, p);
    else room_open(b);
}

/* The order fields (rf_order_key order) as the seller console names them,
 * for the import line of zh text; JSON and English keep "order.KEY". */
static const char *const order_zh[] = {
    [RF_ORDER_KEY_ID] = "订单号",
    [RF_ORDER_KEY_CHANNEL] = "店铺类型",
    [RF_ORDER_KEY_ITEM_AMOUNT] = "商品金额",
    [RF_ORDER_KEY_SHIPPING_FEE] = "买家所付邮费",
    [RF_ORDER_KEY_FREE_SHIPPING] = "包邮",
    [RF_ORDER_KEY_SELLER_SHIPPING_COST] = "卖家发货运费",
    [RF_ORDER_KEY_SHIPPING_INSURANCE] = "运费险",
    [RF_ORDER_KEY_INVOICE_ISSUED] = "已开发票",
    [RF_ORDER_KEY_SEVEN_DAY_RETURN] = "支持七天无理由",
    [RF_ORDER_KEY_SHIP_EXEMPT] = "发货时限豁免",
    [RF_ORDER_KEY_DELIVERY] = "物流方式",
};

/* An event type in text: its zh label in Chinese, its name in English. */
static const char *event_text(int type, bool zh) {
    const char *s = zh ? rf_enum_label_zh(RF_ENUM_EVENT, type) : rf_enum_name(RF_ENUM_EVENT, type);
    return s ? s : "?";
}

/* A deadline in text: in Chinese its label, in English its id (as before). */
static const char *deadline_text(const char *id, bool zh) {
    return zh ? rf__deadline_label(id, true) : (id ? id : "-");
}

static void verdict_text(rf__buf *b, const rf_verdict *v, bool zh) {
    char t[RF__HUMAN_TIME_MAX], span[RF__HUMAN_SPAN_MAX];
    rf__buf_printf(b, "%s %s  %s %s\n", zh ? "订单" : "order", v->order_id, zh ? "截至" : "as of",
                   rf__time_human(t, v->as_of, v->as_of, true, zh));
    rf__buf_printf(b, "%s: %s (%s)%s\n", zh ? "交易" : "trade",
                   zh ? rf_state_label(RF_MACHINE_TRADE, (int)v->trade) : rf_state_name(RF_MACHINE_TRADE, (int)v->trade),
                   v->aftersale ? (zh ? "售后" : "aftersale") : (zh ? "售中" : "onsale"), "");
    if (v->has_refund)
        rf__buf_printf(b, "%s: %s [%s, %s]\n", zh ? "退款" : "refund",
                       zh ? rf_state_label(v->refund_machine, v->refund_state) : state_name(v),
                       zh ? rf_enum_label_zh(RF_ENUM_KIND, (int)v->kind) : name_of(RF_ENUM_KIND, (int)v->kind),
                       zh ? rf_enum_label_zh(RF_ENUM_REASON, (int)v->reason) : name_of(RF_ENUM_REASON, (int)v->reason));
    else
        rf__buf_printf(b, "%s: %s\n", zh ? "退款" : "refund", zh ? "无" : "none");
    rf__buf_printf(b, "%s: %s\n", zh ? "客服介入" : "intervention",
                   zh ? rf_state_label(RF_MACHINE_INTERVENTION, (int)v->intervention)
                      : rf_state_name(RF_MACHINE_INTERVENTION, (int)v->intervention));
    for (size_t i = 0; i < v->complaint_count; i++) {
        const rf_complaint *k = &v->complaints[i];
        rf__buf_printf(b, "%s: %s %s\n", zh ? "维权" : "complaint",
                       zh ? rf_enum_label_zh(RF_ENUM_COMPLAINT, (int)k->type) : name_of(RF_ENUM_COMPLAINT, (int)k->type),
                       zh ? rf_state_label(RF_MACHINE_COMPLAINT, (int)k->state) : rf_state_name(RF_MACHINE_COMPLAINT, (int)k->state));
    }
    if (v->next_count) {
        rf__buf_printf(b, "%s:\n", zh ? "可进行的操作" : "may do next");
        for (size_t i = 0; i < v->next_count; i++)
            rf__buf_printf(b, "  %s: %s\n",
                           zh ? rf_enum_label_zh(RF_ENUM_ACTOR, (int)v->next[i].actor) : name_of(RF_ENUM_ACTOR, (int)v->next[i].actor),
                           event_text((int)v->next[i].type, zh));
    }
    if (v->deadline_count) {
        rf__buf_printf(b, "%s:\n", zh ? "期限" : "deadlines");
        for (size_t i = 0; i < v->deadline_count; i++) {
            const rf_deadline *d = &v->deadlines[i];
            /* A paused clock keeps what was left when it stopped. */
            if (d->paused) {
                rf__buf_printf(b, "  %s  %s %s  %s\n", zh ? "(暂停计时)" : "(paused)",
                               zh ? rf_enum_label_zh(RF_ENUM_ACTOR, (int)d->actor) : name_of(RF_ENUM_ACTOR, (int)d->actor),
                               deadline_text(d->id, zh), rf__span_human(span, d->remaining_s, 0, zh));
                continue;
            }
            rf__buf_printf(b, "  %s  %s %s  %s", rf__time_human(t, d->due, v->as_of, false, zh),
                           zh ? rf_enum_label_zh(RF_ENUM_ACTOR, (int)d->actor) : name_of(RF_ENUM_ACTOR, (int)d->actor),
                           deadline_text(d->id, zh), rf__span_human(span, d->due, v->as_of, zh));
            if (d->has_expiry)
                rf__buf_printf(b, "  %s%s", zh ? "到期: " : "on expiry: ", event_text((int)d->on_expiry, zh));
            rf__buf_putc(b, '\n');
        }
    }
    if (v->request_count > 1) {
        rf__buf_printf(b, "%s:\n", zh ? "全部申请" : "requests");
        for (size_t i = 0; i < v->request_count; i++) {
            const rf_request *q = &v->requests[i];
            char m[24];
            rf__buf_printf(b, "  %s %s %s [%s, %s] %s %s\n", q->event_id, rf__time_human(t, q->opened, v->as_of, false, zh),
                           zh ? rf_state_label(q->machine, q->state) : rf_state_name(q->machine, q->state),
                           zh ? rf_enum_label_zh(RF_ENUM_KIND, (int)q->kind) : name_of(RF_ENUM_KIND, (int)q->kind),
                           zh ? rf_enum_label_zh(RF_ENUM_REASON, (int)q->reason) : name_of(RF_ENUM_REASON, (int)q->reason),
                           zh ? "已退" : "refunded", rf_money_format(q->refunded, m));
        }
    }
    if (v->has_settlement) {
        if (v->settlement_basis != RF_BASIS_RECORDED)
            rf__buf_printf(b, "%s (%s):\n", zh ? "结算" : "settlement", basis_label(v->settlement_basis, zh));
        else
            rf__buf_printf(b, "%s:\n", zh ? "结算" : "settlement");
        settlement_text(b, &v->settlement, zh, "  ");
    }
    for (size_t i = 0; i < v->inserted_count; i++)
        rf__buf_printf(b, "%s %s %s (%s)\n", zh ? "补入超时" : "timeout inserted",
                       rf__time_human(t, v->inserted[i].at, v->as_of, false, zh), event_text((int)v->inserted[i].type, zh),
                       deadline_text(v->inserted[i].deadline, zh));
    if (v->finding_count) {
        rf__buf_printf(b, "%s (%zu):\n", zh ? "发现的问题" : "findings", v->finding_count);
        for (size_t i = 0; i < v->finding_count; i++) {
            const rf_finding *f = &v->findings[i];
            char text[512];
            rf__finding_message_text(f, zh ? RF_LANG_ZH : RF_LANG_EN, v->as_of, text, sizeof text);
            /* The zh sentence names the finding in words (当前状态不允许该操作):
             * the code stays in JSON and in English text. */
            if (zh)
                rf__buf_printf(b, "  %s: %s [规则: %s]", f->event_id ? f->event_id : "-", text,
                               rf__finding_rule_name(f->code, zh));
            else
                rf__buf_printf(b, "  %s %s: %s [rule: %s]", f->event_id ? f->event_id : "-", rf_finding_name(f->code),
                               text, rf__finding_rule_name(f->code, zh));
            if (f->basis != RF_BASIS_RECORDED) rf__buf_printf(b, " (%s)", basis_label(f->basis, zh));
            rf__buf_putc(b, '\n');
        }
    } else {
        rf__buf_printf(b, "%s\n", zh ? "没有发现问题" : "no findings");
    }
    if (v->has_import) {
        rf__buf_printf(b, "%s:", zh ? "导入假定" : "assumed on import");
        size_t n = 0;
        for (size_t k = 0; k < RF__ORDER_FIELD_COUNT; k++)
            if (v->assumed >> k & 1u) {
                if (zh && k < COUNT_OF_(order_zh)) rf__buf_printf(b, "%s %s", n++ ? "," : "", order_zh[k]);
                else rf__buf_printf(b, "%s order.%s", n++ ? "," : "", rf__order_fields[k].key);
            }
        if (!n) rf__buf_printf(b, " %s", zh ? "无" : "none");
        rf__buf_printf(b, "; %s:", zh ? "来源缺失" : "missing from the source");
        n = 0;
        for (int ty = 0; ty < RF_EV_COUNT; ty++)
            if (v->missing >> ty & 1u) rf__buf_printf(b, "%s %s", n++ ? "," : "", event_text(ty, zh));
        if (!n) rf__buf_printf(b, " %s", zh ? "无" : "none");
        rf__buf_putc(b, '\n');
    }
}

void rf__render_verdict_to(rf__buf *b, rf__buf *scratch, const rf_verdict *v, rf_format format,
                           rf_lang lang) {
    bool zh = lang == RF_LANG_ZH;
    if (format == RF_FORMAT_TEXT) {
        verdict_text(b, v, zh);
    } else if (format == RF_FORMAT_JSON) {
        rf__buf own;
        if (scratch) {
            scratch->len = 0;
            scratch->failed = false;
            verdict_json(scratch, v, zh);
            rf__json_pretty_of(b, scratch);
        } else {
            compact_begin(&own, b);
            verdict_json(&own, v, zh);
            compact_end_pretty(&own, b);
        }
        rf__buf_putc(b, '\n');
    } else {
        verdict_json(b, v, zh);
        rf__buf_putc(b, '\n');
    }
}

rf_status rf_render_verdict(const rf_ctx *ctx, const rf_verdict *v, rf_format format,
                            rf_lang lang, char **out, size_t *len) {
    rf__buf b;
    if (!v || !out) return bad_argument(out);
    rf__buf_init(&b, alloc_of(ctx));
    /* A verdict is about 1 KB of JSON (rarely over 2 KB): one allocation
     * holds nearly all of them, where growing from nothing took five. The
     * slack is given back before returning (a shrinking realloc costs little
     * next to five growing ones), since `replay --ndjson` holds a whole batch
     * of verdicts at once. */
    rf__buf_reserve(&b, 2048);
    rf__render_verdict_to(&b, NULL, v, format, lang);
    if (b.cap - b.len > 256) rf__buf_shrink(&b);
    return rf__buf_give(&b, out, len);
}

/* ---- findings as CSV ------------------------------------------------------------------ */

/* FORMAT.md "CSV": the columns, in this order, named as the JSON keys. */
#define CSV_HEADER "line,order,event,code,at,actor,type,expected,actual,delta,due,seed,message\r\n"
#define CSV_BOM "\xEF\xBB\xBF"

/* One field, as RFC 4180 writes it: as is, or quoted (with its quotes
 * doubled) when it holds a comma, a quote, CR or LF. NULL is empty. */
static void csv_field(rf__buf *b, const char *s, size_t n) {
    size_t i = 0;
    while (i < n && s[i] != ',' && s[i] != '"' && s[i] != '\r' && s[i] != '\n') i++;
    if (i == n) {
        rf__buf_put(b, s, n);
        return;
    }
    rf__buf_putc(b, '"');
    for (size_t from = 0; from < n;) {
        const char *q = memchr(s + from, '"', n - from);
        size_t to = q ? (size_t)(q - s) + 1 : n;
        rf__buf_put(b, s + from, to - from);
        if (q) rf__buf_putc(b, '"');
        from = to;
    }
    rf__buf_putc(b, '"');
}

static void csv_cstr(rf__buf *b, const char *s) {
    if (s) csv_field(b, s, strlen(s));
}

/* Times, money and names never need quotes. */
static void csv_time(rf__buf *b, rf_time t) {
    if (!rf__buf_reserve(b, RF__TIME_TEXT_MAX)) return;
    b->len = (size_t)(rf__time_format_to(b->data + b->len, t) - b->data);
}

static void csv_money(rf__buf *b, rf_fen fen, bool sign) {
    if (!rf__buf_reserve(b, RF__MONEY_TEXT_MAX + 1)) return;
    if (sign && fen > 0) b->data[b->len++] = '+';
    b->len = (size_t)(rf__money_format_to(b->data + b->len, fen) - b->data);
}

static void findings_csv(rf__buf *b, const rf_verdict *v, const rf_csv_options *o, bool zh) {
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        if (o->codes && ((unsigned)f->code >= 64 || !((o->codes >> f->code) & 1u))) continue;
        csv_cstr(b, o->line);
        rf__buf_putc(b, ',');
        csv_cstr(b, v->order_id);
        rf__buf_putc(b, ',');
        csv_cstr(b, f->event_id);
        rf__buf_putc(b, ',');
        csv_cstr(b, rf_finding_name(f->code));
        rf__buf_putc(b, ',');
        if (f->event_id) csv_time(b, f->at);
        rf__buf_putc(b, ',');
        csv_cstr(b, rf_enum_name(RF_ENUM_ACTOR, (int)f->actor));
        rf__buf_putc(b, ',');
        csv_cstr(b, rf_enum_name(RF_ENUM_EVENT, (int)f->type));
        rf__buf_putc(b, ',');
        if (f->has_money) {
            csv_money(b, f->expected, false);
            rf__buf_putc(b, ',');
            csv_money(b, f->actual, false);
            rf__buf_putc(b, ',');
            csv_money(b, f->actual - f->expected, true);
        } else {
            RF__PUT_LIT(b, ",,");
        }
        rf__buf_putc(b, ',');
        if (f->has_due) csv_time(b, f->due);
        rf__buf_putc(b, ',');
        csv_cstr(b, f->seed);
        rf__buf_putc(b, ',');
        char text[512];
        size_t n = rf_finding_message(f, zh ? RF_LANG_ZH : RF_LANG_EN, text, sizeof text);
        csv_field(b, text, n < sizeof text ? n : sizeof text - 1);
        RF__PUT_LIT(b, "\r\n");
    }
}

rf_status rf_render_findings_csv(const rf_ctx *ctx, const rf_verdict *v, const rf_csv_options *options,
                                 rf_lang lang, char **out, size_t *len) {
    rf_csv_options o = RF_CSV_OPTIONS_INIT;
    rf__buf b;
    if (!out) return bad_argument(out);
    if (options && rf__csv_options_import(options, &o, NULL) != RF_OK) return bad_argument(out);
    rf__buf_init(&b, alloc_of(ctx));
    if (o.bom) RF__PUT_LIT(&b, CSV_BOM);
    if (o.header) RF__PUT_LIT(&b, CSV_HEADER);
    if (v) findings_csv(&b, v, &o, lang == RF_LANG_ZH);
    return rf__buf_give(&b, out, len);
}

/* ---- policy and rules -------------------------------------------------------------- */

static void policy_json(rf__buf *b, const rf_policy *p) {
    /* The first key opens the object; each later one follows a comma. */
    char open = '{';
#define RF_X_(e, key, def, unit, seed, desc)   \
    rf__buf_putc(b, open);                  \
    open = ',';                             \
    RF__PUT_LIT(b, "\"" #key "\":");       \
    rf__json_put_int(b, p->key);
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
    rf__buf_putc(b, '}');
}

rf_status rf_render_policy(const rf_ctx *ctx, char **out, size_t *len) {
    rf_policy p;
    rf__buf b;
    if (!out) return RF_E_INVALID;
    if (ctx) p = ctx->policy;
    else rf__policy_defaults(&p);
    rf__buf compact;
    rf__buf_init(&b, alloc_of(ctx));
    compact_begin(&compact, &b);
    policy_json(&compact, &p);
    compact_end_pretty(&compact, &b);
    rf__buf_putc(&b, '\n');
    return rf__buf_give(&b, out, len);
}

static const char *unit_text_zh(rf__unit unit) {
    switch (unit) {
    case RF__UNIT_DAYS: return "天";
    case RF__UNIT_HOURS: return "小时";
    case RF__UNIT_WORKDAYS: return "个工作日";
    case RF__UNIT_NONE: break;
    }
    return "";
}

static const char *unit_text(rf__unit unit) {
    switch (unit) {
    case RF__UNIT_DAYS: return "days";
    case RF__UNIT_HOURS: return "hours";
    case RF__UNIT_WORKDAYS: return "workdays";
    case RF__UNIT_NONE: break;
    }
    return "";
}

static int64_t policy_at(const rf_policy *p, size_t offset) {
    int64_t v;
    memcpy(&v, (const char *)p + offset, sizeof v);
    return v;
}

/* A machine as zh text names it. */
static const char *machine_text(rf_machine_id m, bool zh) {
    static const char *const zh_names[RF_MACHINE_COUNT] = {
        [RF_MACHINE_TRADE] = "交易", [RF_MACHINE_REFUND] = "退款", [RF_MACHINE_EXCHANGE] = "换货",
        [RF_MACHINE_INTERVENTION] = "客服介入", [RF_MACHINE_COMPLAINT] = "维权",
    };
    const rf_machine *mc = rf_machine_get(m);
    if (zh) return (unsigned)m < RF_MACHINE_COUNT ? zh_names[m] : "?";
    return mc ? mc->name : "?";
}

/* An actor: its zh label or its name. */
static const char *actor_text(int a, bool zh) {
    const char *s = zh ? rf_enum_label_zh(RF_ENUM_ACTOR, a) : rf_enum_name(RF_ENUM_ACTOR, a);
    return s ? s : "?";
}

/* The rule tables of rules.h, row by row, as the engine reads them. */
static void rules_tables(rf__buf *b, const rf_policy *p, bool zh) {
    rf__buf_printf(b, "\n%s\n", zh ? "各状态的期限 (rules.c)" : "deadlines by state (rules.c)");
    for (size_t i = 0; i < rf__deadline_rule_count; i++) {
        const rf__deadline_rule *r = &rf__deadline_rules[i];
        const rf_machine *m = rf_machine_get(r->machine);
        if (zh) {
            rf__buf_printf(b, "  %s %s %s ", machine_text(r->machine, true), m->state_labels[r->state],
                           actor_text((int)r->actor, true));
            if (r->why_not) {
                rf__buf_printf(b, "不计时: %s [%s; %s]\n", r->why_not_zh, rf__when_text_zh(r->when), r->seed);
                continue;
            }
            rf__buf_printf(b, "%s ", rf__deadline_label(r->id, true));
            if (r->policy_key)
                rf__buf_printf(b, "%lld %s ", (long long)policy_at(p, r->policy_offset), unit_text_zh(r->unit));
            else
                rf__buf_printf(b, "按维权类型 ");
            rf__buf_printf(b, "起算: %s, 到期: %s [%s; %s]\n", rf__clock_text_zh(r->clock),
                           r->on_expiry >= 0 ? rf_enum_label_zh(RF_ENUM_EVENT, r->on_expiry) : "-",
                           rf__when_text_zh(r->when), r->seed);
            continue;
        }
        rf__buf_printf(b, "  %-12s %-28s %-8s ", m->name, m->state_names[r->state],
                       rf_enum_name(RF_ENUM_ACTOR, (int)r->actor));
        if (r->why_not) {
            rf__buf_printf(b, "%s: %s [%s; %s]\n", "no clock", r->why_not, rf__when_text(r->when), r->seed);
            continue;
        }
        rf__buf_printf(b, "%-22s ", r->id);
        if (r->policy_key)
            rf__buf_printf(b, "%lld %s (%s) ", (long long)policy_at(p, r->policy_offset), unit_text(r->unit), r->policy_key);
        else
            rf__buf_printf(b, "%s ", "per complaint type");
        rf__buf_printf(b, "%s %s, %s %s [%s; %s]\n", "from", rf__clock_text(r->clock),
                       "on expiry", r->on_expiry >= 0 ? rf_enum_name(RF_ENUM_EVENT, r->on_expiry) : "-",
                       rf__when_text(r->when), r->seed);
    }
    rf__buf_printf(b, "\n%s\n", zh ? "维权: 谁可发起、何时 (rules.c)" : "complaints: who may file, and when (rules.c)");
    for (int t = 0; t < RF_COMPLAINT_COUNT; t++) {
        const rf__complaint_rule *c = &rf__complaint_rules[t];
        if (zh) {
            static const char *const windows_zh[] = {"交易成功后 N 天内", "付款后 N 小时仍未发货时",
                                                      "未付款或交易关闭时、下单后 N 天内"};
            rf__buf_printf(b, "  %s: %s%s可发起, %s (N = %lld)%s%s", rf_enum_label_zh(RF_ENUM_COMPLAINT, t),
                           c->filers & (1u << RF_ACTOR_SELLER) ? "买家或卖家" : "买家",
                           c->reviewed_party ? "(被评价方)" : "", windows_zh[c->window],
                           (long long)policy_at(p, c->window_offset), c->not_on_mall ? ", 不适用于天猫(商城)" : "",
                           c->exempt_goods_excluded ? ", 定制、预售及特殊运送商品除外" : "");
            if (c->platform_key)
                rf__buf_printf(b, "; 平台应在 %lld 个工作日内处理", (long long)policy_at(p, c->platform_offset));
            rf__buf_printf(b, " [%s]\n", c->seed);
            continue;
        }
        static const char *const windows[] = {"0..N days after TRADE_FINISHED",
                                               "once N hours after payment passed unshipped",
                                               "unpaid or closed, 0..N days after order_created"};
        rf__buf_printf(b, "  %-18s %s%s, %s (N = %lld, %s)%s%s", rf_enum_name(RF_ENUM_COMPLAINT, t),
                       c->filers & (1u << RF_ACTOR_SELLER) ? "buyer|seller" : "buyer",
                       c->reviewed_party ? " (the reviewed party)" : "", windows[c->window],
                       (long long)policy_at(p, c->window_offset), c->window_key, c->not_on_mall ? ", not on mall" : "",
                       c->exempt_goods_excluded ? ", exempt goods excluded" : "");
        if (c->platform_key)
            rf__buf_printf(b, "; platform within %lld workdays (%s)", (long long)policy_at(p, c->platform_offset),
                           c->platform_key);
        rf__buf_printf(b, " [%s]\n", c->seed);
    }
    rf__buf_printf(b, "\n%s\n", zh ? "维权的应答方 (rules.c)" : "who answers a complaint (rules.c)");
    for (size_t i = 0; i < rf__party_rule_count; i++) {
        bool by = rf__party_rules[i].by_complainant;
        if (zh)
            rf__buf_printf(b, "  %s: %s [%s]\n", rf_enum_label_zh(RF_ENUM_EVENT, (int)rf__party_rules[i].event),
                           by ? "只能由发起方" : "只能由被维权方", rf__party_rules[i].seed);
        else
            rf__buf_printf(b, "  %-20s %s [%s]\n", rf_enum_name(RF_ENUM_EVENT, (int)rf__party_rules[i].event),
                           by ? "the complainant" : "the respondent", rf__party_rules[i].seed);
    }
    rf__buf_printf(b, "\n%s\n", zh ? "联动 (rules.c)" : "steps that drive another machine (rules.c)");
    for (size_t i = 0; i < rf__cascade_count; i++) {
        const rf__cascade *c = &rf__cascades[i];
        if (zh) {
            rf__buf_printf(b, "  %s「%s」-> %s「%s」: %s [%s]\n", machine_text(c->from, true),
                           rf_enum_label_zh(RF_ENUM_EVENT, (int)c->event), c->to == RF__TARGET_TRADE ? "交易" : "申请",
                           rf_enum_label_zh(RF_ENUM_EVENT, (int)c->fires), c->what_zh, c->seed);
            continue;
        }
        rf__buf_printf(b, "  %s %s -> %s %s: %s [%s]\n", rf_machine_get(c->from)->name,
                       rf_enum_name(RF_ENUM_EVENT, (int)c->event), c->to == RF__TARGET_TRADE ? "trade" : "request",
                       rf_enum_name(RF_ENUM_EVENT, (int)c->fires), c->what, c->seed);
    }
}

rf_status rf_render_rules(const rf_ctx *ctx, rf_lang lang, char **out, size_t *len) {
    bool zh = lang == RF_LANG_ZH;
    rf_policy p;
    rf__buf b;
    if (!out) return RF_E_INVALID;
    if (ctx) p = ctx->policy;
    else rf__policy_defaults(&p);
    rf__buf_init(&b, alloc_of(ctx));
    rf__buf_printf(&b, "%s\n", zh ? "退换邮费标准 (RULES.md 3, 先匹配者适用)" : "Postage and deductions (RULES.md 3, first match wins)");
    for (int r = 0; r < RF_RULE_COUNT; r++)
        rf__buf_printf(&b, "  %s  %-14s %s\n", rf_rule_id((rf_rule)r), rf_rule_seed((rf_rule)r), rf_rule_label((rf_rule)r, zh));
    for (int d = 0; d < RF_DED_COUNT; d++)
        if (zh)
            rf__buf_printf(&b, "  - %-8s %s\n", rf_deduction_seed((rf_deduction_id)d), rf_deduction_label((rf_deduction_id)d, true));
        else
            rf__buf_printf(&b, "  - %-16s %-8s %s\n", rf_deduction_name((rf_deduction_id)d),
                           rf_deduction_seed((rf_deduction_id)d), rf_deduction_label((rf_deduction_id)d, false));
    rf__buf_printf(&b, "\n%s\n", zh ? "期限与费率 (规则参数, 可用 --policy 覆盖)" : "Deadlines and rates (policy values; --policy overrides)");
#define RF_X_(e, key, def, unit, seed, desc)                                                            \
    if (zh)                                                                                                \
        rf__buf_printf(&b, "  %6lld %s  %-8s %s\n", (long long)p.key, rf__policy_unit_zh(unit), seed,      \
                       rf__policy_label_zh(e));                                                           \
    else                                                                                                   \
        rf__buf_printf(&b, "  %-36s %6lld %-8s %-8s %s\n", #key, (long long)p.key, unit, seed, desc);
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
    if (zh) rf__buf_printf(&b, "  (%s)\n", "各规则参数的键名见 refund rules --format json, 用 --policy 文件覆盖");
    for (int m = 0; m < RF_MACHINE_COUNT; m++) {
        const rf_machine *mc = rf_machine_get((rf_machine_id)m);
        rf__buf_printf(&b, "\n%s: %s\n", zh ? "状态机" : "machine", machine_text((rf_machine_id)m, zh));
        for (size_t i = 0; i < mc->row_count; i++) {
            const rf_transition *t = &mc->rows[i];
            if (zh) {
                rf__buf_printf(&b, "  %s -「%s」", mc->state_labels[t->from], rf_enum_label_zh(RF_ENUM_EVENT, (int)t->event));
                if (t->guard != RF_GUARD_NONE) rf__buf_printf(&b, " [%s]", rf__guard_label_zh(t->guard));
                rf__buf_printf(&b, "-> %s  (", mc->state_labels[t->to]);
                bool first_zh = true;
                for (int a = 0; a < RF_ACTOR_COUNT; a++)
                    if (t->actors & (1u << a)) {
                        rf__buf_printf(&b, "%s%s", first_zh ? "" : "|", actor_text(a, true));
                        first_zh = false;
                    }
                rf__buf_printf(&b, "; %s)\n", t->seed);
                continue;
            }
            rf__buf_printf(&b, "  %-28s -%s", zh ? mc->state_labels[t->from] : mc->state_names[t->from],
                           rf_enum_name(RF_ENUM_EVENT, (int)t->event));
            if (t->guard != RF_GUARD_NONE) rf__buf_printf(&b, " [%s]", rf_guard_name(t->guard));
            rf__buf_printf(&b, "-> %s  (", zh ? mc->state_labels[t->to] : mc->state_names[t->to]);
            bool first = true;
            for (int a = 0; a < RF_ACTOR_COUNT; a++)
                if (t->actors & (1u << a)) {
                    rf__buf_printf(&b, "%s%s", first ? "" : "|", rf_enum_name(RF_ENUM_ACTOR, a));
                    first = false;
                }
            rf__buf_printf(&b, "; %s)\n", t->seed);
        }
    }
    rules_tables(&b, &p, zh);
    rf__buf_printf(&b, "\n%s\n", zh ? "问题代码" : "audit findings");
    for (int f = 1; f < RF_FINDING_COUNT; f++)
        rf__buf_printf(&b, "  %-24s %s\n", rf_finding_name((rf_finding_code)f), rf_finding_label((rf_finding_code)f, zh));
    return rf__buf_give(&b, out, len);
}

/* ---- diagrams ------------------------------------------------------------------------ */

static void edge_label(rf__buf *b, const rf_transition *t) {
    rf__buf_puts(b, rf_enum_name(RF_ENUM_EVENT, (int)t->event));
    if (t->guard != RF_GUARD_NONE) rf__buf_printf(b, " [%s]", rf_guard_name(t->guard));
    rf__buf_puts(b, " (");
    bool first = true;
    for (int a = 0; a < RF_ACTOR_COUNT; a++)
        if (t->actors & (1u << a)) {
            rf__buf_printf(b, "%s%s", first ? "" : "|", rf_enum_name(RF_ENUM_ACTOR, a));
            first = false;
        }
    rf__buf_puts(b, ")");
}

rf_status rf_render_graph(const rf_ctx *ctx, rf_machine_id machine, const char *syntax,
                          char **out, size_t *len) {
    const rf_machine *m = rf_machine_get(machine);
    rf__buf b;
    if (!m || !syntax || !out) return bad_argument(out);
    bool dot = !strcmp(syntax, "dot");
    if (!dot && strcmp(syntax, "mermaid") != 0) return bad_argument(out);
    rf__buf_init(&b, alloc_of(ctx));
    if (dot) {
        rf__buf_printf(&b, "digraph %s {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Noto Sans CJK SC,sans-serif\"];\n", m->name);
        for (size_t s = 0; s < m->state_count; s++)
            rf__buf_printf(&b, "  %s [label=\"%s\\n%s\"%s];\n", m->state_names[s], m->state_names[s],
                           m->state_labels[s], m->terminal[s] ? ", peripheries=2" : "");
        for (size_t i = 0; i < m->row_count; i++) {
            const rf_transition *t = &m->rows[i];
            rf__buf_printf(&b, "  %s -> %s [label=\"", m->state_names[t->from], m->state_names[t->to]);
            edge_label(&b, t);
            rf__buf_puts(&b, "\"];\n");
        }
        rf__buf_puts(&b, "}\n");
    } else {
        rf__buf_puts(&b, "stateDiagram-v2\n");
        for (size_t s = 0; s < m->state_count; s++)
            rf__buf_printf(&b, "  state \"%s %s\" as %s\n", m->state_names[s], m->state_labels[s], m->state_names[s]);
        rf__buf_printf(&b, "  [*] --> %s\n", m->state_names[m->initial]);
        for (size_t i = 0; i < m->row_count; i++) {
            const rf_transition *t = &m->rows[i];
            rf__buf_printf(&b, "  %s --> %s : ", m->state_names[t->from], m->state_names[t->to]);
            edge_label(&b, t);
            rf__buf_putc(&b, '\n');
        }
        for (size_t s = 0; s < m->state_count; s++)
            if (m->terminal[s]) rf__buf_printf(&b, "  %s --> [*]\n", m->state_names[s]);
    }
    return rf__buf_give(&b, out, len);
}
