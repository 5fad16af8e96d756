/*
 * The small things every module uses: version, status names, the default
 * allocator, error filling, money parsing and formatting, enum names.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

const char *rf_version(void) { return RF_VERSION_STRING; }

/* ---- status -------------------------------------------------------------- */

const char *rf_status_message(rf_status status) {
    switch (status) {
#define RF_X_(name, value, msg) case name: return msg;
        RF_STATUS_LIST(RF_X_)
#undef RF_X_
    }
    return "unknown status";
}

const char *rf_status_name(rf_status status) {
    switch (status) {
#define RF_X_(name, value, msg) case name: return #name;
        RF_STATUS_LIST(RF_X_)
#undef RF_X_
    }
    return "RF_E_UNKNOWN";
}

/* ---- allocation ---------------------------------------------------------- */

static void *std_malloc(void *ud, size_t size) { (void)ud; return malloc(size); }
static void *std_realloc(void *ud, void *p, size_t old_size, size_t size) {
    (void)ud;
    (void)old_size;
    return realloc(p, size);
}
static void std_free(void *ud, void *p) { (void)ud; free(p); }

const rf_allocator rf__default_allocator = {std_malloc, std_realloc, std_free, NULL};

void *rf__malloc(const rf_allocator *a, size_t size) {
    if (!a) a = &rf__default_allocator;
    return a->malloc_fn(a->ud, size ? size : 1);
}

void *rf__realloc(const rf_allocator *a, void *ptr, size_t old_size, size_t size) {
    if (!a) a = &rf__default_allocator;
    return a->realloc_fn(a->ud, ptr, ptr ? old_size : 0, size ? size : 1);
}

void rf__free(const rf_allocator *a, void *ptr) {
    if (!ptr) return;
    if (!a) a = &rf__default_allocator;
    a->free_fn(a->ud, ptr);
}

char *rf__strndup(const rf_allocator *a, const char *s, size_t len) {
    char *copy = rf__malloc(a, len + 1);
    if (!copy) return NULL;
    if (len) memcpy(copy, s, len);
    copy[len] = '\0';
    return copy;
}

/* ---- errors -------------------------------------------------------------- */

void rf__error_clear(rf_error *err) {
    if (err) memset(err, 0, sizeof *err);
}

/* ---- money ---------------------------------------------------------------- */

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The common form of an amount, "Y.FF" to "YYYYY.FF" (4 to 8 bytes, two
 * digits of fen), read as one word with no loop: true with *out set, false
 * for anything else, which the digit loop below then judges. */
static inline bool money_word(const char *text, size_t len, rf_fen *out) {
    if (len < 4 || len > 8) return false;
    uint32_t lo, hi;
    memcpy(&lo, text, 4);
    memcpy(&hi, text + len - 4, 4);
    /* The len bytes at the top of the word (two loads that overlap when
     * len < 8, on the same bytes): the point is byte 5, the fen bytes 6
     * and 7; the 8 - len bytes below the text are zero. */
    const uint64_t w = (uint64_t)lo << (8 * (8 - len)) | (uint64_t)hi << 32;
    if ((w >> 40 & 0xFF) != '.') return false;
    const uint64_t absent = (UINT64_C(1) << (8 * (8 - len))) - 1;
    /* The missing leading digits as '0', the point as '0', then every
     * byte a digit: xored with '0', at most 9 (adding 0x76 leaves its high
     * bit clear, and it had none; a carry out of a lane only comes from a
     * lane that is already refused). */
    const uint64_t x = (w | (absent & UINT64_C(0x3030303030303030))) ^ UINT64_C(0x3030303030303030) ^
                       (UINT64_C(0x1E) << 40);
    if (((x + UINT64_C(0x7676767676767676)) | x) & UINT64_C(0x8080808080808080)) return false;
    /* The eight digits as one number (most significant at byte 0), by
     * pairs, fours, then eight: yuan * 1000 + fen, the point being a 0. */
    uint64_t v = (x * 10 + (x >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
    v = (v * 100 + (v >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
    v = (v * 10000 + (v >> 32)) & UINT64_C(0xFFFFFFFF);
    *out = (rf_fen)(v / 1000 * 100 + v % 1000);
    return true;
}
#else
static inline bool money_word(const char *text, size_t len, rf_fen *out) {
    (void)text;
    (void)len;
    (void)out;
    return false;
}
#endif

rf_status rf_money_parse(const char *text, size_t len, rf_fen *out) {
    size_t i = 0, int_digits = 0, frac_digits = 0;
    int64_t yuan = 0, fen = 0;
    if (!text || !out || len == 0) return RF_E_INVALID;
    if (money_word(text, len, out)) return RF_OK;
    while (i < len && text[i] >= '0' && text[i] <= '9') {
        if (++int_digits > 13) return RF_E_RANGE;
        yuan = yuan * 10 + (text[i] - '0');
        i++;
    }
    if (int_digits == 0) return RF_E_INVALID;
    if (i < len && text[i] == '.') {
        i++;
        while (i < len && text[i] >= '0' && text[i] <= '9') {
            if (++frac_digits > 2) return RF_E_INVALID;
            fen = fen * 10 + (text[i] - '0');
            i++;
        }
        if (frac_digits == 0) return RF_E_INVALID;
        if (frac_digits == 1) fen *= 10;
    }
    if (i != len) return RF_E_INVALID;
    /* 13 digits of yuan times 100 stays far below INT64_MAX; the documented
     * limit (docs/limits.md) is lower still. */
    if (yuan * 100 + fen > RF_FEN_MAX) return RF_E_RANGE;
    *out = yuan * 100 + fen;
    return RF_OK;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* An amount below 10,000 yuan, nearly all of them: "Y.FF" to "YYYY.FF" from
 * one word, with no loop and no branch on the number of digits (which
 * varies from one amount to the next, and mispredicts in a digit loop).
 * The hundreds of yuan sit at byte 0, the rest of the yuan at byte 2, the
 * fen at byte 5, each split into two digits by one multiply-shift as in
 * time.c's digit_word; the leading zeros are shifted out, and two
 * overlapping 4-byte stores write the n + 3 bytes and nothing after them. */
static char *money_small(char *dst, uint32_t mag) {
    const uint32_t yuan = mag / 100, fen = mag % 100;
    const unsigned n = 1u + (yuan >= 10) + (yuan >= 100) + (yuan >= 1000);
    const uint64_t x = yuan / 100 | (uint64_t)(yuan % 100) << 16 | (uint64_t)fen << 40;
    const uint64_t tens = (x * 103 >> 10) & UINT64_C(0x00000F00000F000F);
    const uint64_t text = (UINT64_C(0x0030302E30303030) + tens + ((x - 10 * tens) << 8)) >> (8 * (4 - n));
    const uint32_t head = (uint32_t)text, tail = (uint32_t)(text >> (8 * (n - 1)));
    memcpy(dst, &head, 4);
    memcpy(dst + (n - 1), &tail, 4);
    return dst + n + 3;
}
#endif

/* Any amount: the yuan, '.', the fen. Out of line (GCC), so that the common
 * case saves no registers for it. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static char *money_any(char *dst, uint64_t mag) {
    dst = rf__put_uint(dst, mag / 100, 1);
    *dst++ = '.';
    memcpy(dst, rf__digit_pairs + 2 * (mag % 100), 2);
    return dst + 2;
}

char *rf__money_format_to(char *dst, rf_fen fen) {
    /* Negative amounts never come from input; print them faithfully anyway
     * (a deduction larger than a refund is shown, not hidden). The magnitude
     * is taken unsigned so that INT64_MIN has one too. */
    uint64_t mag = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    if (fen < 0) *dst++ = '-';
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (mag < 1000000) return money_small(dst, (uint32_t)mag);
#endif
    return money_any(dst, mag);
}

char *rf_money_format(rf_fen fen, char buf[24]) {
    if (!buf) return NULL;
    *rf__money_format_to(buf, fen) = '\0';
    return buf;
}

rf_fen rf__apply_bp_half_up(rf_fen amount, int64_t bp) {
    /* amount <= RF_FEN_MAX (~1e13) and bp <= 10000 keep the product < 2^63.
     * Half up: add half the divisor before the integer division. */
    return (amount * bp + 5000) / 10000;
}

/* ---- enumerations -------------------------------------------------------- */

typedef struct enum_entry { const char *name; const char *zh; } enum_entry;

#define RF_ENTRY3_(e, n, z) {n, z},
static const enum_entry channel_names[] = {RF_CHANNEL_LIST(RF_ENTRY3_)};
static const enum_entry insurance_names[] = {RF_INSURANCE_LIST(RF_ENTRY3_)};
static const enum_entry exempt_names[] = {RF_EXEMPT_LIST(RF_ENTRY3_)};
static const enum_entry delivery_names[] = {RF_DELIVERY_LIST(RF_ENTRY3_)};
static const enum_entry actor_names[] = {RF_ACTOR_LIST(RF_ENTRY3_)};
static const enum_entry kind_names[] = {RF_KIND_LIST(RF_ENTRY3_)};
static const enum_entry reason_names[] = {RF_REASON_LIST(RF_ENTRY3_)};
static const enum_entry goods_names[] = {RF_GOODS_LIST(RF_ENTRY3_)};
static const enum_entry party_names[] = {RF_PARTY_LIST(RF_ENTRY3_)};
static const enum_entry rating_names[] = {RF_RATING_LIST(RF_ENTRY3_)};
static const enum_entry evidence_names[] = {RF_EVIDENCE_LIST(RF_ENTRY3_)};
static const enum_entry complaint_names[] = {RF_COMPLAINT_LIST(RF_ENTRY3_)};
static const enum_entry source_names[] = {RF_SOURCE_LIST(RF_ENTRY3_)};
#undef RF_ENTRY3_
#define RF_ENTRY_EV_(e, n, m) {n, NULL},
static const enum_entry event_names[] = {RF_EVENT_LIST(RF_ENTRY_EV_)};
#undef RF_ENTRY_EV_

/* The Chinese label of each event type, as staff read it in the seller
 * console; zh text shows these, JSON keeps the names. A type added to
 * RF_EVENT_LIST without a label here fails test_render's catalogue check. */
static const char *const event_zh[RF_EV_COUNT] = {
    [RF_EV_ORDER_CREATED] = "下单",
    [RF_EV_PAID] = "付款",
    [RF_EV_SHIPPED] = "发货",
    [RF_EV_DELIVERED] = "签收",
    [RF_EV_RECEIPT_CONFIRMED] = "确认收货",
    [RF_EV_RECEIPT_EXTENDED] = "延长收货时间",
    [RF_EV_TRADE_CLOSED] = "关闭交易",
    [RF_EV_REFUND_REQUESTED] = "申请退款",
    [RF_EV_REFUND_AGREED] = "同意退款",
    [RF_EV_REFUND_REFUSED] = "拒绝退款",
    [RF_EV_REFUND_MODIFIED] = "修改退款申请",
    [RF_EV_REFUND_CANCELLED] = "撤销退款申请",
    [RF_EV_RETURN_SHIPPED] = "寄回退货",
    [RF_EV_RETURN_RECEIVED] = "确认收到退货",
    [RF_EV_RETURN_REJECTED] = "拒收退货",
    [RF_EV_EXCHANGE_POSTAGE_PAID] = "支付换货邮费",
    [RF_EV_EXCHANGE_SHIPPED] = "换出新货",
    [RF_EV_EXCHANGE_RECEIVED] = "确认收到换货",
    [RF_EV_INTERVENTION_REQUESTED] = "申请客服介入",
    [RF_EV_INTERVENTION_STARTED] = "客服介入处理",
    [RF_EV_EVIDENCE_SUBMITTED] = "提交凭证",
    [RF_EV_RULING] = "客服判定",
    [RF_EV_REVIEW_POSTED] = "发布评价",
    [RF_EV_REVIEW_EFFECTIVE] = "评价生效",
    [RF_EV_COMPLAINT_FILED] = "发起维权",
    [RF_EV_COMPLAINT_APPEALED] = "申诉维权",
    [RF_EV_COMPLAINT_RESOLVED] = "维权处理完毕",
    [RF_EV_COMPLAINT_WITHDRAWN] = "撤销维权",
    [RF_EV_REFUND_SUCCEEDED] = "退款成功",
};

const rf_machine_id rf__event_machines[RF_EV_COUNT] = {
#define RF_X_(e, n, m) m,
    RF_EVENT_LIST(RF_X_)
#undef RF_X_
};

#define RF_COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const enum_entry *enum_table(rf_enum_id which, size_t *count) {
    static const struct { const enum_entry *e; size_t n; } tables[RF_ENUM_COUNT] = {
        [RF_ENUM_CHANNEL] = {channel_names, RF_COUNT_OF(channel_names)},
        [RF_ENUM_INSURANCE] = {insurance_names, RF_COUNT_OF(insurance_names)},
        [RF_ENUM_EXEMPT] = {exempt_names, RF_COUNT_OF(exempt_names)},
        [RF_ENUM_DELIVERY] = {delivery_names, RF_COUNT_OF(delivery_names)},
        [RF_ENUM_ACTOR] = {actor_names, RF_COUNT_OF(actor_names)},
        [RF_ENUM_KIND] = {kind_names, RF_COUNT_OF(kind_names)},
        [RF_ENUM_REASON] = {reason_names, RF_COUNT_OF(reason_names)},
        [RF_ENUM_GOODS] = {goods_names, RF_COUNT_OF(goods_names)},
        [RF_ENUM_PARTY] = {party_names, RF_COUNT_OF(party_names)},
        [RF_ENUM_RATING] = {rating_names, RF_COUNT_OF(rating_names)},
        [RF_ENUM_EVIDENCE] = {evidence_names, RF_COUNT_OF(evidence_names)},
        [RF_ENUM_COMPLAINT] = {complaint_names, RF_COUNT_OF(complaint_names)},
        [RF_ENUM_EVENT] = {event_names, RF_COUNT_OF(event_names)},
        [RF_ENUM_SOURCE] = {source_names, RF_COUNT_OF(source_names)},
    };
    if ((unsigned)which >= RF_ENUM_COUNT) return NULL;
    *count = tables[which].n;
    return tables[which].e;
}

const char *rf_enum_name(rf_enum_id which, int value) {
    size_t n = 0;
    const enum_entry *t = enum_table(which, &n);
    return t && value >= 0 && (size_t)value < n ? t[value].name : NULL;
}

const char *rf_enum_label_zh(rf_enum_id which, int value) {
    size_t n = 0;
    const enum_entry *t = enum_table(which, &n);
    if (which == RF_ENUM_EVENT) return value >= 0 && value < RF_EV_COUNT ? event_zh[value] : NULL;
    return t && value >= 0 && (size_t)value < n ? t[value].zh : NULL;
}

int rf_enum_lookup(rf_enum_id which, const char *name, size_t len) {
    size_t n = 0;
    const enum_entry *t = enum_table(which, &n);
    if (!t || !name) return -1;
    for (size_t i = 0; i < n; i++)
        if (strlen(t[i].name) == len && memcmp(t[i].name, name, len) == 0) return (int)i;
    return -1;
}

rf_machine_id rf_event_machine(rf_event_type type) { return rf__event_machine(type); }

/* libc's memset under another name: with a profile (the default build) GCC learns
 * the sizes rf__zero is given and expands the builtin memset inline as
 * `rep stosq` again, 2.6 % of the export run's CPU; a function it does not
 * know as memset it can only call. */
#if defined(__GNUC__)
extern void *rf__libc_memset(void *p, int c, size_t n) __asm__("memset");
#else
#define rf__libc_memset memset
#endif

void rf__zero(void *p, size_t n) { rf__libc_memset(p, 0, n); }
