/*
 * The importer of Taobao Open Platform data (TOP.md): what its three files
 * share. lib/import_report.c keeps the report (counts, errors, warnings);
 * lib/import_read.c reads the inputs into the compact records below;
 * lib/import_map.c turns the records of one sub-order into a case;
 * lib/import.c is the public rf_import_* API, which holds the records,
 * groups them and drives the other two. Calls go one way: import.c ->
 * import_read.c, import_map.c -> import_report.c.
 */
#ifndef RF_IMPORT_H
#define RF_IMPORT_H

#include "internal.h"
#include "buf.h"
#include "error_text.h"

#include <stdint.h>

/* ---- ids, times, money -------------------------------------------------------- */

/* An id of TOP (tid, oid, refund_id, a message id): 1 to 19 digits, no
 * leading zero, kept as the integer they spell (19 digits fit 64 bits), so
 * that writing it back gives the same digits. 0 means absent. */
typedef uint64_t rf__topid;

#define RF__NO_FEE INT64_C(-1)      /* money absent */

/* A TMC time held compactly: seconds since 2000-01-01T00:00:00+08:00 plus
 * one, 0 for absent, so that the years 2000 to 2135 fit 32 bits. A TMC time
 * outside them is BAD_TIME (docs/import.md). */
#define RF__TMC_EPOCH INT64_C(946656000) /* 2000-01-01T00:00:00+08:00 */
#define RF__TMC_TIME_MAX (RF__TMC_EPOCH + (int64_t)UINT32_MAX - 1)
static inline uint32_t rf__tmc_time_pack(rf_time t) { return (uint32_t)(t - RF__TMC_EPOCH + 1); }
static inline rf_time rf__tmc_time(uint32_t packed) { return (rf_time)packed + RF__TMC_EPOCH - 1; }

/* Where a record or a value is: the input (its index in the importer's
 * list of names), line and column (bytes, 1-based). */
typedef struct rf__pos {
    uint32_t line;
    uint16_t file;
    uint16_t column;            /* clamped at 65535 */
} rf__pos;

/* ---- the vocabularies of TOP (TOP.md section 1) ----------------------------------- */

/* Trade and sub-order status, X(enum, "TOP name", step, "中文"): step orders
 * them for the trade topics (0 created, 1 paid, 2 shipped, 3 finished, 9
 * closed, which counts as passed every step); the label is the meaning
 * Taobao's documentation gives, as the seller console shows it (a report
 * sentence in Chinese gives it beside the name: lib/error_text.c). */
#define RF__TOP_TRADE_STATUS_LIST(X)                                                      \
    X(RF__TS_TRADE_NO_CREATE_PAY, "TRADE_NO_CREATE_PAY", 0, "没有创建支付宝交易")         \
    X(RF__TS_WAIT_BUYER_PAY, "WAIT_BUYER_PAY", 0, "等待买家付款")                         \
    X(RF__TS_PAY_PENDING, "PAY_PENDING", 0, "付款确认中")                                 \
    X(RF__TS_WAIT_PRE_AUTH_CONFIRM, "WAIT_PRE_AUTH_CONFIRM", 0, "0元购合约中")            \
    X(RF__TS_WAIT_SELLER_SEND_GOODS, "WAIT_SELLER_SEND_GOODS", 1, "等待卖家发货")         \
    X(RF__TS_PAID_FORBID_CONSIGN, "PAID_FORBID_CONSIGN", 1, "已付款但禁止发货")           \
    X(RF__TS_SELLER_CONSIGNED_PART, "SELLER_CONSIGNED_PART", 2, "卖家部分发货")           \
    X(RF__TS_WAIT_BUYER_CONFIRM_GOODS, "WAIT_BUYER_CONFIRM_GOODS", 2, "等待买家确认收货") \
    X(RF__TS_TRADE_BUYER_SIGNED, "TRADE_BUYER_SIGNED", 2, "买家已签收")                   \
    X(RF__TS_TRADE_FINISHED, "TRADE_FINISHED", 3, "交易成功")                             \
    X(RF__TS_TRADE_CLOSED, "TRADE_CLOSED", 9, "付款后交易关闭")                           \
    X(RF__TS_TRADE_CLOSED_BY_TAOBAO, "TRADE_CLOSED_BY_TAOBAO", 9, "付款前交易关闭")

typedef enum rf__top_trade_status {
    RF__TS_NONE = -1,
#define RF_X_(e, n, step, zh) e,
    RF__TOP_TRADE_STATUS_LIST(RF_X_)
#undef RF_X_
    RF__TS_COUNT
} rf__top_trade_status;

/* Refund status (and a sub-order's refund_status, which adds NO_REFUND),
 * X(enum, "TOP name", "中文"). */
#define RF__TOP_REFUND_STATUS_LIST(X)                                                           \
    X(RF__RS_WAIT_SELLER_AGREE, "WAIT_SELLER_AGREE", "等待卖家同意")                            \
    X(RF__RS_WAIT_BUYER_RETURN_GOODS, "WAIT_BUYER_RETURN_GOODS", "等待买家退货")                \
    X(RF__RS_WAIT_SELLER_CONFIRM_GOODS, "WAIT_SELLER_CONFIRM_GOODS", "等待卖家确认收货")        \
    X(RF__RS_SELLER_REFUSE_BUYER, "SELLER_REFUSE_BUYER", "卖家拒绝退款")                        \
    X(RF__RS_CLOSED, "CLOSED", "退款关闭")                                                      \
    X(RF__RS_SUCCESS, "SUCCESS", "退款成功")                                                    \
    X(RF__RS_WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS, "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", \
      "卖家已发出换货，等待买家确认收货")                                                       \
    X(RF__RS_WAIT_SELLER_CONSIGN_GOODS, "WAIT_SELLER_CONSIGN_GOODS", "等待卖家发出换货")        \
    X(RF__RS_EXCHANGE_TRANSFORM_TO_REFUND, "EXCHANGE_TRANSFORM_TO_REFUND", "换货转为退货退款")  \
    X(RF__RS_NO_REFUND, "NO_REFUND", "没有退款")

typedef enum rf__top_refund_status {
    RF__RS_NONE = -1,
#define RF_X_(e, n, zh) e,
    RF__TOP_REFUND_STATUS_LIST(RF_X_)
#undef RF_X_
    RF__RS_COUNT
} rf__top_refund_status;

/* The TMC topics the importer knows (TOP.md 1.4), in the rank order of 2.4:
 * the refund topics in the order of the mapping table, the exchange topics
 * after them, then the topics that never yield an event, then the trade
 * topics. X(enum, "topic", kind). */
#define RF__TOPIC_LIST(X)                                                                  \
    X(RF__T_REFUND_CREATED, "taobao_refund_RefundCreated", RF__TK_REFUND)                    \
    X(RF__T_BUYER_MODIFY, "taobao_refund_RefundBuyerModifyAgreement", RF__TK_REFUND)        \
    X(RF__T_SELLER_REFUSE, "taobao_refund_RefundSellerRefuseAgreement", RF__TK_REFUND)      \
    X(RF__T_SELLER_AGREE, "taobao_refund_RefundSellerAgreeAgreement", RF__TK_REFUND)        \
    X(RF__T_BUYER_RETURN, "taobao_refund_RefundBuyerReturnGoods", RF__TK_REFUND)            \
    X(RF__T_INTER_APPLIED, "taobao_refund_TaobaoInterApplied", RF__TK_REFUND)               \
    X(RF__T_INTERVENED, "taobao_refund_TaobaoIntervened", RF__TK_REFUND)                    \
    X(RF__T_REFUND_SUCCESS, "taobao_refund_RefundSuccess", RF__TK_REFUND)                   \
    X(RF__T_REFUND_CLOSED, "taobao_refund_RefundClosed", RF__TK_REFUND)                     \
    X(RF__T_EX_AGREE, "taobao_dispute_ExchangeAgree", RF__TK_EXCHANGE)                      \
    X(RF__T_EX_MODIFIED, "taobao_dispute_ExchangeModified", RF__TK_EXCHANGE)                \
    X(RF__T_EX_SELLER_CONFIRMED, "taobao_dispute_ExchangeSellerConfirmed", RF__TK_EXCHANGE) \
    X(RF__T_EX_GOODS_CONSIGNED, "taobao_dispute_ExchangeSellerGoodsConsigned", RF__TK_EXCHANGE) \
    X(RF__T_EX_SUCCESS, "taobao_dispute_ExchangeSuccess", RF__TK_EXCHANGE)                  \
    X(RF__T_EX_CLOSED, "taobao_dispute_ExchangeClosed", RF__TK_EXCHANGE)                    \
    X(RF__T_EX_TURN_TO_REFUND, "taobao_dispute_ExchangeTurnToRefund", RF__TK_EXCHANGE)      \
    X(RF__T_CREATE_MESSAGE, "taobao_refund_RefundCreateMessage", RF__TK_NO_EVENT)           \
    X(RF__T_BLOCK_MESSAGE, "taobao_refund_RefundBlockMessage", RF__TK_NO_EVENT)             \
    X(RF__T_TIMEOUT_REMIND, "taobao_refund_RefundTimeoutRemind", RF__TK_NO_EVENT)           \
    X(RF__T_REFUNDABLE_MARKED, "taobao_refund_RefundableMarked", RF__TK_NO_EVENT)           \
    X(RF__T_REFUNDABLE_CANCELED, "taobao_refund_RefundableCanceled", RF__TK_NO_EVENT)       \
    X(RF__T_TRADE_CREATE, "taobao_trade_TradeCreate", RF__TK_TRADE)                         \
    X(RF__T_TRADE_BUYER_PAY, "taobao_trade_TradeBuyerPay", RF__TK_TRADE)                    \
    X(RF__T_TRADE_SELLER_SHIP, "taobao_trade_TradeSellerShip", RF__TK_TRADE)                \
    X(RF__T_TRADE_PARTLY_SHIP, "taobao_trade_TradePartlySellerShip", RF__TK_TRADE)          \
    X(RF__T_TRADE_SUCCESS, "taobao_trade_TradeSuccess", RF__TK_TRADE)                       \
    X(RF__T_TRADE_CLOSE, "taobao_trade_TradeClose", RF__TK_TRADE)                           \
    X(RF__T_TRADE_DELAY_CONFIRM, "taobao_trade_TradeDelayConfirmPay", RF__TK_TRADE)

typedef enum rf__topic_kind { RF__TK_REFUND, RF__TK_EXCHANGE, RF__TK_NO_EVENT, RF__TK_TRADE } rf__topic_kind;

typedef enum rf__topic {
#define RF_X_(e, n, k) e,
    RF__TOPIC_LIST(RF_X_)
#undef RF_X_
    RF__T_COUNT
} rf__topic;

extern const char *const rf__topic_names[RF__T_COUNT];
extern const rf__topic_kind rf__topic_kinds[RF__T_COUNT];

/* bill_type of a refund topic: 0 none. */
enum { RF__BILL_NONE, RF__BILL_REFUND, RF__BILL_RETURN, RF__BILL_REPLACE };
extern const char *const rf__bill_names[4]; /* NULL, "refund_bill", ... */

/* ---- the records held until every input is read ------------------------------------- */

/* One TMC message (TOP.md 1.4), 64 bytes: the importer holds every refund,
 * exchange and trade message until the end (the input is not sorted), so
 * this is the unit of its memory (docs/import.md). */
typedef struct rf__tmc {
    rf__topid id;
    rf__topid refund_id;        /* refund and exchange topics; 0 for trade topics */
    rf__topid tid;
    rf__topid oid;              /* 0: absent */
    rf_fen fee;                 /* content.refund_fee; RF__NO_FEE when absent */
    uint32_t modified;          /* content.modified (rf__tmc_time_pack); 0 absent */
    uint32_t pub_time;          /* 0 absent */
    rf__pos pos;                /* the envelope */
    uint8_t topic;              /* rf__topic */
    uint8_t bill;               /* RF__BILL_* */
    int8_t status;              /* trade topics: content.status (rf__top_trade_status), -1 */
    uint8_t flags;              /* RF__TMC_* */
    uint32_t spare;
} rf__tmc;

enum {
    RF__TMC_DUPLICATE = 1u << 0, /* dropped at the end (TOP.md 4.1) */
    RF__TMC_INVALID = 1u << 1,   /* a bad record kept only to fail its case */
    RF__TMC_USED = 1u << 2,      /* mapped to an event */
};

_Static_assert(sizeof(rf__tmc) == 64, "a held TMC message is 64 bytes");

/* A sub-order of a trade snapshot. Absent money is RF__NO_FEE, absent
 * times RF_NO_TIME_. */
#define RF__NO_TIME INT64_MIN
typedef struct rf__top_order {
    rf__topid oid;
    rf__topid refund_id;
    int status, refund_status;  /* -1 absent */
    char seller_type;           /* 'B', 'C' or 0 */
    int shipping_type;          /* rf__shipping_type, -1 absent */
    rf_fen total_fee, payment, divide_order_fee, part_mjz_discount;
    rf_time consign_time, end_time, timeout_action_time;
    const char *invoice_no;     /* in the importer's string store; NULL absent */
} rf__top_order;

/* shipping_type (TOP.md 1.2): what the delivery and free_shipping rules read. */
enum { RF__SHIP_OTHER, RF__SHIP_FREE, RF__SHIP_POST, RF__SHIP_VIRTUAL };

typedef struct rf__top_trade {
    rf__topid tid;
    int status;                 /* rf__top_trade_status, -1 */
    bool step_type;             /* type "step" (分阶段付款) */
    int shipping_type;
    int has_yfx;                /* -1 absent, 0, 1 */
    rf_time created, pay_time, consign_time, end_time, modified;
    rf_fen payment, post_fee, total_fee;
    rf__top_order *orders;
    size_t order_count;
    rf__pos pos;
    uint32_t seq;               /* input order of its first appearance */
    bool bad;                   /* a record of it was invalid: its cases fail */
} rf__top_trade;

typedef struct rf__top_refund {
    rf__topid refund_id, tid, oid;
    int status;                 /* rf__top_refund_status */
    const char *reason;         /* the string store; NULL absent */
    const char *sid;
    int has_good_return;        /* -1, 0, 1 */
    int dispute_type;           /* rf__dispute, -1 absent */
    int cs_status;              /* 1..6, 0 absent */
    rf_fen refund_fee, total_fee;
    rf_time created, modified, good_return_time;
    rf__pos pos;
    bool bad;
} rf__top_refund;

/* dispute_type of a Refund. */
enum { RF__DISPUTE_REFUND, RF__DISPUTE_RETURN, RF__DISPUTE_EXCHANGE, RF__DISPUTE_UNSUPPORTED };

/* A refund message (taobao.refund.messages.get): what the mapping reads. */
typedef struct rf__top_message {
    rf__topid id, refund_id;
    rf_time created;
    uint8_t owner_role;         /* 1 buyer, 2 seller, 3 platform */
    bool return_approved;       /* message_type RETURN_GOODS_APPROVED */
} rf__top_message;

/* ---- the report (lib/import_report.c) ---------------------------------------------- */

/* X(enum, "CODE", error): error codes fail what they belong to; warnings do
 * not. TOP.md 4. */
#define RF__IMPORT_CODE_LIST(X)                          \
    X(RF__IC_MALFORMED_JSON, "MALFORMED_JSON", true)     \
    X(RF__IC_BAD_MONEY, "BAD_MONEY", true)               \
    X(RF__IC_BAD_TIME, "BAD_TIME", true)                 \
    X(RF__IC_BAD_ID, "BAD_ID", true)                     \
    X(RF__IC_BAD_VALUE, "BAD_VALUE", true)               \
    X(RF__IC_MISSING_FIELD, "MISSING_FIELD", true)       \
    X(RF__IC_CHANNEL_UNKNOWN, "CHANNEL_UNKNOWN", true)   \
    X(RF__IC_UNSUPPORTED_KIND, "UNSUPPORTED_KIND", true) \
    X(RF__IC_TRADE_MISSING, "TRADE_MISSING", true)       \
    X(RF__IC_ORPHAN_REFUND, "ORPHAN_REFUND", true)       \
    X(RF__IC_CONFLICTING_REFUNDS, "CONFLICTING_REFUNDS", true) \
    X(RF__IC_CHANNEL_OVERRIDDEN, "CHANNEL_OVERRIDDEN", false) \
    X(RF__IC_ITEM_AMOUNT_MISMATCH, "ITEM_AMOUNT_MISMATCH", false) \
    X(RF__IC_EXTENSION_DAYS_UNKNOWN, "EXTENSION_DAYS_UNKNOWN", false) \
    X(RF__IC_KIND_CHANGED, "KIND_CHANGED", false)        \
    X(RF__IC_KIND_MISMATCH, "KIND_MISMATCH", false)      \
    X(RF__IC_SNAPSHOT_STALE, "SNAPSHOT_STALE", false)    \
    X(RF__IC_REASON_UNMAPPED, "REASON_UNMAPPED", false)  \
    X(RF__IC_CONFLICTING_DUPLICATE, "CONFLICTING_DUPLICATE", false) \
    X(RF__IC_UNATTRIBUTED, "UNATTRIBUTED", false)

typedef enum rf__import_code {
#define RF_X_(e, n, err) e,
    RF__IMPORT_CODE_LIST(RF_X_)
#undef RF_X_
    RF__IC_COUNT
} rf__import_code;

extern const char *const rf__import_code_names[RF__IC_COUNT];
extern const bool rf__import_code_is_error[RF__IC_COUNT];

/* At most this many errors and as many warnings are kept, each with its sentence;
 * past them only counted (docs/import.md: the bound of the report). */
#define RF__REPORT_MAX_ENTRIES 10000u
/* At most this many distinct unknown topics are named; the others are
 * counted under "(other)". */
#define RF__REPORT_MAX_TOPICS 256u

/* What a sentence of another reader was found in (rf__report_add_error):
 * its text follows the words of this (lib/import_report.c). */
enum { RF__WITHIN_NONE, RF__WITHIN_CONTENT, RF__WITHIN_JDP, RF__WITHIN_EVENT };

/* An error or a warning as data: its code, where, and its sentence as a
 * detail with typed parameters (RF_ERROR_DETAIL_LIST), composed in either
 * language only when the report is written. */
typedef struct rf__report_entry {
    rf__import_code code;
    rf__pos pos;                /* line 0: no position */
    rf__topid tid, refund_id;   /* 0: not known */
    char field[64];
    rf_error_detail detail;
    uint32_t codepoint;
    int values;
    unsigned value_count;
    unsigned first_line, first_column;
    uint8_t within;             /* RF__WITHIN_* */
    char event[15];             /* RF__WITHIN_EVENT: the event's id */
    char found[96], fix[96];
} rf__report_entry;

typedef struct rf__report {
    const rf_allocator *alloc;
    const char *const *names;   /* input names by rf__pos.file (the importer's) */
    size_t cases;
    size_t tmc_lines, tmc_duplicate, tmc_unknown_topic, tmc_ignored, tmc_used, tmc_invalid;
    size_t messages_read;
    size_t malformed;           /* MALFORMED_JSON errors: exit 3 */
    rf__report_entry *entries[2]; /* errors, warnings */
    size_t count[2], cap[2], dropped[2];
    struct { char *name; size_t count; } *topics;
    size_t topic_count, topic_cap, other_topics;
    bool failed;                /* an allocation failed */
    rf_error first;             /* the first error, for rf_import_outcome */
} rf__report;

/* Records an error or warning at pos (NULL: no position) about tid and
 * refund_id (0: unknown); field may be NULL. d is its sentence: a detail
 * and its parameters (copied, found and fix cut at a character to fit). */
void rf__report_add(rf__report *r, rf__import_code code, const rf__pos *pos, rf__topid tid, rf__topid refund_id,
                    const char *field, const rf__detail *d);
/* rf__report_add with detail and its found and fix as NUL-terminated
 * strings (NULL: none). */
void rf__report_say(rf__report *r, rf__import_code code, const rf__pos *pos, rf__topid tid, rf__topid refund_id,
                    const char *field, rf_error_detail detail, const char *found, const char *fix);
/* Records inner, an error another reader made (the JSON reader's, the case
 * format's), found within (RF__WITHIN_*; event: the event's id for
 * RF__WITHIN_EVENT, else NULL). */
void rf__report_add_error(rf__report *r, rf__import_code code, const rf__pos *pos, rf__topid tid,
                          rf__topid refund_id, const char *field, int within, const char *event,
                          const rf_error *inner);
/* Counts one more message of an unknown topic (name[0..len)). */
void rf__report_unknown_topic(rf__report *r, const char *name, size_t len);
void rf__report_free(rf__report *r);
/* The report as JSON (TOP.md 4.6), compact; the lines of its errors and
 * warnings ("FILE:LINE:COL: CODE FIELD: text"); the one-line summary. The
 * sentences in lang; codes, fields and keys are the same in both. */
void rf__report_json(const rf__report *r, rf_lang lang, rf__buf *b);
void rf__report_lines(const rf__report *r, rf_lang lang, rf__buf *b);
size_t rf__report_summary(const rf__report *r, rf_lang lang, char *buf, size_t size);

/* Writes an id's digits at dst (at most 20 bytes, NUL-terminated). */
char *rf__topid_format(rf__topid id, char dst[24]);

/* ---- what the reader fills (lib/import_read.c) ------------------------------------------ */

/* Strings of the records (reasons, tracking numbers), in chunks freed together. */
typedef struct rf__strchunk {
    struct rf__strchunk *next;
    size_t used, cap;
    max_align_t data[];
} rf__strchunk;

/* Every record read so far, in input order. */
typedef struct rf__import_store {
    const rf_allocator *alloc;
    rf__report *report;
    rf__tmc *tmc;
    size_t tmc_count, tmc_cap;
    rf__top_trade *trades;
    size_t trade_count, trade_cap;
    rf__top_refund *refunds;
    size_t refund_count, refund_cap;
    rf__top_message *messages;
    size_t message_count, message_cap;
    rf__strchunk *chunks;
    size_t string_bytes;        /* held in chunks, for the memory figures */
    uint32_t trade_seq;         /* trades read so far, over every trade input */
    bool failed;                /* an allocation failed: RF_E_NOMEM */
} rf__import_store;

/* Which input a file is (rf_import_input of refund.h). */
enum { RF__IN_TRADE, RF__IN_REFUND, RF__IN_TMC, RF__IN_MESSAGES };

/* One input being read: its bytes not yet read, and where they are. */
typedef struct rf__input {
    int kind;                   /* RF__IN_* */
    uint16_t file;              /* its index among the names */
    char *pending;              /* bytes received, not yet read */
    size_t len, cap;
    size_t line;                /* the line pending[0] is on */
    size_t column;              /* and its column */
    int mode;                   /* RF__MODE_*: how its values are laid out */
    bool ended;                 /* a malformed multi-line value ended it */
} rf__input;

enum { RF__MODE_UNKNOWN, RF__MODE_NDJSON, RF__MODE_PRETTY };

/* Reads data[0..len) of `in` (more: the input goes on in a later call),
 * every complete value into s; what is incomplete stays pending. Records
 * with problems are reported to s->report. RF_E_NOMEM (s->failed). */
rf_status rf__input_feed(rf__import_store *s, rf__input *in, const char *data, size_t len, bool more);
void rf__input_free(const rf_allocator *a, rf__input *in);
void rf__import_store_free(rf__import_store *s);

/* A copy of s[0..len) in the store, NUL-terminated; NULL when out of memory. */
const char *rf__store_string(rf__import_store *s, const char *text, size_t len);

/* ---- one sub-order to one case (lib/import_map.c) ------------------------------------ */

/* One refund of the sub-order: its snapshot, its TMC messages (sorted as
 * TOP.md 2.4 says, duplicates gone) and its refund messages (by time). */
typedef struct rf__refund_in {
    rf__topid refund_id;
    const rf__top_refund *snap;
    rf__tmc *msgs;
    size_t msg_count;
    const rf__top_message *messages;
    size_t message_count;
} rf__refund_in;

typedef struct rf__case_in {
    const rf__top_trade *trade; /* NULL: built from the refunds (--allow-missing-trade) */
    size_t order_index;         /* the sub-order in trade->orders */
    rf__topid tid, oid;
    rf__tmc *trade_msgs;        /* the trade topics of tid, by pub_time and id */
    size_t trade_msg_count;
    rf__refund_in *refunds;     /* in any order */
    size_t refund_count;
} rf__case_in;

typedef struct rf__mapper rf__mapper;

/* The mapper: options copied, ctx and report kept. NULL when out of memory. */
rf__mapper *rf__mapper_new(const rf_ctx *ctx, const rf_import_options *options, rf__report *report);
void rf__mapper_free(rf__mapper *m);

/* Builds the case of `in` into c (emptied first). *ok false: it failed,
 * its errors reported. Messages that gave an event are flagged
 * RF__TMC_USED. RF_E_NOMEM. */
rf_status rf__map_case(rf__mapper *m, const rf__case_in *in, rf_case *c, bool *ok);

/* The reason code of a TOP reason text (TOP.md 2.7): normalised, the exact
 * table, then the keyword rules; -1 when unmapped. */
int rf__map_reason(const char *text);

#endif
