/*
 * librefund: the Taobao/Tmall refund and return lifecycle as explicit state
 * machines, with the postage and deduction rules of the C-store, mall and MT
 * channels and the dispute deadlines.
 *
 * This header is the documentation of the C interface. Conventions:
 *  - Everything exported is prefixed rf_ / RF_.
 *  - Money is rf_fen (int64 fen, 1 yuan = 100 fen). Time is rf_time: whole
 *    seconds since 1970-01-01T00:00:00Z. No floating point anywhere.
 *  - Every fallible call returns rf_status (RF_OK is 0) and, when the caller
 *    passes a non-NULL rf_error, fills it with where and why. First error wins.
 *  - Objects that allocate are opaque handles created from an rf_ctx and freed
 *    with their _free function, which accepts NULL.
 *  - Thread safety: a const rf_ctx may be shared by any number of threads once
 *    configured; every other handle belongs to one thread at a time. There is
 *    no global mutable state, so calls on distinct objects never interfere,
 *    and functions that only read an object may run at once on it as long as
 *    no thread modifies it. A shared context calls its allocator from every
 *    thread that uses it: a custom rf_allocator must then be thread-safe.
 *
 * Each declaration below states what the function does; for each pointer
 * parameter what NULL means (accepted, and what it then does, or refused
 * with which status); who owns and frees what it returns; whether it is
 * thread-safe; and the statuses it returns, or that it cannot fail. Three
 * rules hold throughout:
 *  - ctx NULL means the built-in policy and calendar and the C library's
 *    allocator, wherever a const rf_ctx is taken.
 *  - err may always be NULL. When given, it is filled on error unless it
 *    already holds one (first error wins: start from `rf_error err = {0};`);
 *    on success it is left as it was.
 *  - Strings returned as const char * are static (never freed) unless the
 *    declaration says they point into an object, and then they live as long
 *    as it. A char * or a handle returned to the caller is the caller's, to
 *    free with the function named.
 */
#ifndef REFUND_H
#define REFUND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RF_VERSION_MAJOR 1
#define RF_VERSION_MINOR 0
#define RF_VERSION_PATCH 0
#define RF_VERSION_STRING "1.0.0"

/* The version the library was built as, "MAJOR.MINOR.PATCH" (compare it
 * with RF_VERSION_STRING, the header a program was compiled against).
 * Static storage, never freed. Thread-safe; cannot fail. */
const char *rf_version(void);

/* ------------------------------------------------------------------------ */
/* Status and errors                                                         */

/* X(name, value, message). Values are appended, never renumbered. How a
 * program reports a status (the `refund` command's exit codes, say) is the
 * program's business, not the library's. */
#define RF_STATUS_LIST(X)                                                     \
    X(RF_OK,               0, "ok")                                           \
    X(RF_E_NOMEM,          1, "out of memory")                                \
    X(RF_E_IO,             2, "input/output error")                           \
    X(RF_E_JSON,           3, "malformed JSON")                               \
    X(RF_E_LIMIT,          4, "input exceeds a documented limit")             \
    X(RF_E_INVALID,        5, "invalid case, event or policy")                \
    X(RF_E_RANGE,          6, "value out of range")                           \
    X(RF_E_CALENDAR,       7, "date outside the working-day calendar")        \
    X(RF_E_REFUSED,        8, "event refused in the current state")           \
    X(RF_E_USAGE,          9, "bad argument")

typedef enum rf_status {
#define RF_X_(name, value, msg) name = value,
    RF_STATUS_LIST(RF_X_)
#undef RF_X_
} rf_status;

/* The English message of a status ("malformed JSON") and its stable name
 * ("RF_E_JSON"), from RF_STATUS_LIST. A value outside the list gives
 * "unknown status" and "RF_E_UNKNOWN": never NULL. Static strings, never
 * freed. Thread-safe; cannot fail. */
const char *rf_status_message(rf_status status);
const char *rf_status_name(rf_status status);

/* The languages of messages: rf_error_message, rf_finding_message and the
 * text renderers. */
typedef enum rf_lang { RF_LANG_EN, RF_LANG_ZH } rf_lang;

/* What an error is about, beyond its status: which mistake was made, so that
 * rf_error_message can say it in Chinese or in English with its fix, and
 * which typed parameters of rf_error it reads (the comment after each).
 * X(enum, "id"). Values are appended, never renumbered. RF_ERR_NONE: the
 * error has only its message (the library makes no such error).
 * docs/errors.md shows every sentence. */
#define RF_ERROR_DETAIL_LIST(X)                                               \
    X(RF_ERR_NONE,              "none")                                       \
    /* The JSON reader (RF_E_JSON), at the offending character. */            \
    X(RF_ERR_FULLWIDTH,         "fullwidth")        /* codepoint, found: a full-width or curly character where JSON syntax is expected; fix: the ASCII character to type */ \
    X(RF_ERR_FULLWIDTH_STRAY,   "fullwidth_stray")  /* codepoint, found: one that JSON has no use for there (delete it) */ \
    X(RF_ERR_CURLY_STRING,      "curly_string")     /* found: a string in curly quotes (\u201Ckind\u201D); fix: the same in straight quotes */ \
    X(RF_ERR_CURLY_CLOSE,       "curly_close")      /* codepoint, found: the curly quote that ends a straight-quoted string */ \
    X(RF_ERR_BOM,               "bom")              /* the input starts with a UTF-8 byte order mark */ \
    X(RF_ERR_UTF16,             "utf16")            /* the input is UTF-16 */ \
    X(RF_ERR_GBK,               "gbk")              /* found: the bytes ("0xC6 0xDF"); fix: "GBK" or "GB18030", what the input reads as */ \
    X(RF_ERR_DUPLICATE_KEY,     "duplicate_key")    /* found: the key as written; first_*: where it was first written (RF_E_INVALID) */ \
    /* The case loader (RF_E_INVALID), at the value or key. */                \
    X(RF_ERR_UNKNOWN_VALUE,     "unknown_value")    /* found; values, value_count: the names allowed */ \
    X(RF_ERR_NOT_ONE_OF,        "not_one_of")       /* values, value_count: a value that is not a string */ \
    X(RF_ERR_FULLWIDTH_VALUE,   "fullwidth_value")  /* found; fix: the value in half-width characters, quoted */ \
    X(RF_ERR_MONEY_NUMBER,      "money_number")     /* found: the number; fix: the same in quotes */ \
    X(RF_ERR_MONEY_BAD_NUMBER,  "money_bad_number") /* found: a number that is no amount even quoted */ \
    X(RF_ERR_MONEY_TYPE,        "money_type")       /* money that is neither a string nor a number */ \
    X(RF_ERR_MONEY_TEXT,        "money_text")       /* found */ \
    X(RF_ERR_MONEY_RANGE,       "money_range")      /* found */ \
    X(RF_ERR_TIME_TYPE,         "time_type")                                  \
    X(RF_ERR_TIME_TEXT,         "time_text")        /* found */ \
    X(RF_ERR_TIME_RANGE,        "time_range")       /* found */ \
    X(RF_ERR_NOT_STRING,        "not_string")                                 \
    X(RF_ERR_EMPTY,             "empty")                                      \
    X(RF_ERR_TOO_LONG,          "too_long")         /* fix: the limit in bytes */ \
    X(RF_ERR_NUL,               "nul")                                        \
    X(RF_ERR_NOT_BOOL,          "not_bool")                                   \
    X(RF_ERR_NOT_CHOICE,        "not_choice")       /* fix: the numbers allowed, "3,5,7,10" */ \
    X(RF_ERR_NOT_OBJECT,        "not_object")                                 \
    X(RF_ERR_EVENT_NOT_OBJECT,  "event_not_object")                           \
    X(RF_ERR_NOT_ARRAY,         "not_array")                                  \
    X(RF_ERR_CASE_NOT_OBJECT,   "case_not_object")                            \
    X(RF_ERR_SCHEMA,            "schema")           /* fix: the schema name */ \
    X(RF_ERR_SCHEMA_MISSING,    "schema_missing")   /* fix: the schema name */ \
    X(RF_ERR_UNKNOWN_KEY_TOP,   "unknown_key_top")  /* found: the key */ \
    X(RF_ERR_UNKNOWN_KEY_ORDER, "unknown_key_order") /* found: the key */ \
    X(RF_ERR_UNKNOWN_KEY_IMPORT, "unknown_key_import") /* found: the key, in the import object or one of its refunds */ \
    X(RF_ERR_UNKNOWN_KEY_EVENT, "unknown_key_event") /* found: the key; fix: the event type */ \
    X(RF_ERR_UNKNOWN_KEY_ANY_EVENT, "unknown_key_any_event") /* found: the key of an event whose type is not known */ \
    X(RF_ERR_KEY_NOT_IN_EVENT,  "key_not_in_event") /* found: the key; fix: the event type */ \
    X(RF_ERR_REQUIRED,          "required")                                   \
    X(RF_ERR_REQUIRED_FOR,      "required_for")     /* fix: the event type that requires it */ \
    /* The JSON reader's syntax (RF_E_JSON), at the offending byte. {byte}: \
     * codepoint holds the byte found; {expected}: fix holds what was wanted \
     * (an id of lib/error_text.c: "value", "member_end", "digit", ...). */  \
    X(RF_ERR_JSON_UNEXPECTED,   "json_unexpected")  /* codepoint: the byte; fix: what was expected */ \
    X(RF_ERR_JSON_NUL,          "json_nul")         /* fix: what was expected */ \
    X(RF_ERR_JSON_EOF,          "json_eof")         /* found: the construct left open ("object", "array", "number" or empty); fix: what was expected */ \
    X(RF_ERR_JSON_EOF_STRING,   "json_eof_string")  /* the input ends inside a string */ \
    X(RF_ERR_JSON_EOF_LITERAL,  "json_eof_literal") /* found: the literal ("null") */ \
    X(RF_ERR_JSON_LITERAL,      "json_literal")     /* found: the literal; codepoint: the byte found */ \
    X(RF_ERR_JSON_NUMBER,       "json_number")      /* codepoint: the byte found; fix: the digit expected */ \
    X(RF_ERR_JSON_LEADING_ZERO, "json_leading_zero")                          \
    X(RF_ERR_JSON_ESCAPE,       "json_escape")      /* codepoint: the byte after the backslash */ \
    X(RF_ERR_JSON_HEX,          "json_hex")         /* codepoint: the byte that is no hex digit */ \
    X(RF_ERR_JSON_LOW_SURROGATE, "json_low_surrogate")   /* codepoint: the escape's value */ \
    X(RF_ERR_JSON_HIGH_SURROGATE, "json_high_surrogate") /* codepoint: the escape's value */ \
    X(RF_ERR_JSON_HIGH_SURROGATE_PAIR, "json_high_surrogate_pair") /* codepoint; found: the escape after it ("\\u0041") */ \
    X(RF_ERR_JSON_CONTROL,      "json_control")     /* codepoint: the control byte */ \
    X(RF_ERR_JSON_NUL_STRING,   "json_nul_string")                            \
    X(RF_ERR_UTF8_CONTINUATION, "utf8_continuation") /* codepoint: the byte */ \
    X(RF_ERR_UTF8_LEAD,         "utf8_lead")        /* codepoint: the byte */ \
    X(RF_ERR_UTF8_TRUNCATED,    "utf8_truncated")   /* codepoint: the lead byte */ \
    X(RF_ERR_UTF8_OVERLONG,     "utf8_overlong")    /* codepoint: the lead byte */ \
    X(RF_ERR_UTF8_SURROGATE,    "utf8_surrogate")   /* codepoint: the second byte */ \
    X(RF_ERR_UTF8_ABOVE_MAX,    "utf8_above_max")                             \
    X(RF_ERR_JSON_DEPTH,        "json_depth")       /* fix: the limit, in levels (RF_E_LIMIT) */ \
    X(RF_ERR_JSON_SIZE,         "json_size")        /* found: the input's size; fix: the limit, in bytes (RF_E_LIMIT) */ \
    X(RF_ERR_NOMEM,             "nomem")            /* out of memory (RF_E_NOMEM) */ \
    /* The case loader's limits (RF_E_LIMIT) and sets (RF_E_INVALID). */     \
    X(RF_ERR_MAX_EVENTS,        "max_events")       /* fix: the limit */      \
    X(RF_ERR_MAX_VALUES,        "max_values")       /* fix: the limit */      \
    X(RF_ERR_MAX_ELEMENTS,      "max_elements")     /* fix: the limit */      \
    X(RF_ERR_LISTED_TWICE,      "listed_twice")     /* found: the name */     \
    X(RF_ERR_OUT_OF_MEMORY,     "out_of_memory")    /* (RF_E_NOMEM) */ \
    /* Policy and calendar files (RF_E_INVALID; a date out of range RF_E_RANGE). */ \
    X(RF_ERR_POLICY_NOT_OBJECT, "policy_not_object") /* found: an example policy file */ \
    X(RF_ERR_POLICY_UNKNOWN_KEY, "policy_unknown_key") /* found: the key */   \
    X(RF_ERR_CAL_NOT_OBJECT,    "cal_not_object")                             \
    X(RF_ERR_CAL_LIST_TYPE,     "cal_list_type")    /* found: the list's key */ \
    X(RF_ERR_CAL_DATE_TEXT,     "cal_date_text")    /* found: the key */      \
    X(RF_ERR_CAL_DATE_RANGE,    "cal_date_range")   /* found: the key */      \
    X(RF_ERR_CAL_NAME_TYPE,     "cal_name_type")                              \
    X(RF_ERR_CAL_SOURCE_TYPE,   "cal_source_type")                            \
    X(RF_ERR_CAL_TIMEZONE,      "cal_timezone")                               \
    X(RF_ERR_CAL_UNKNOWN_KEY,   "cal_unknown_key")  /* found: the key */      \
    X(RF_ERR_CAL_MISSING,       "cal_missing")      /* found: the list's key */ \
    X(RF_ERR_CAL_NO_DATES,      "cal_no_dates")                               \
    X(RF_ERR_CAL_BOTH,          "cal_both")         /* found: the date */ \
    X(RF_ERR_POLICY_RANGE,      "policy_range")     /* found: the key's unit ("hours"); fix: "min,max" */ \
    X(RF_ERR_MAX_REQUESTS,      "max_requests")     /* fix: the limit (RF_E_INVALID) */ \
    /* Settlement's inputs (rf_settle, quote); found: the field. */          \
    X(RF_ERR_SETTLE_TOTAL,      "settle_total")     /* RF_E_RANGE */          \
    X(RF_ERR_SETTLE_OVERFLOW,   "settle_overflow")  /* RF_E_RANGE */          \
    X(RF_ERR_AMOUNT_NEGATIVE,   "amount_negative")                            \
    X(RF_ERR_AMOUNT_TOO_LARGE,  "amount_too_large") /* RF_E_RANGE */          \
    X(RF_ERR_RATE_RANGE,        "rate_range")                                 \
    X(RF_ERR_ENUM_VALUE,        "enum_value")       /* fix: the number given */ \
    X(RF_ERR_RATES_SUM,         "rates_sum")        /* found, fix: the two rates */ \
    /* Replay: a working-day limit (found: the event's id). */                \
    X(RF_ERR_WORKDAY_OUTSIDE,   "workday_outside")  /* RF_E_CALENDAR */       \
    X(RF_ERR_WORKDAY_FAILED,    "workday_failed")                             \
    /* Cases built or extended by calls (rf_case_add_event, apply), RF_E_INVALID. */ \
    X(RF_ERR_ORDER_RANGE,       "order_range")      /* found: the field */    \
    X(RF_ERR_EVENT_NO_ID,       "event_no_id")                                \
    X(RF_ERR_EVENT_TYPE_ACTOR,  "event_type_actor")                           \
    X(RF_ERR_EVENT_FIELD,       "event_field")      /* found: the field; fix: the event type */ \
    X(RF_ERR_EVENT_ID_TAKEN,    "event_id_taken")   /* found: the id */       \
    X(RF_ERR_IMPORT_FIELD,      "import_field")     /* found: the field */    \
    X(RF_ERR_IMPORT_REFUND_FIELD, "import_refund_field") /* found: the field */ \
    X(RF_ERR_IMPORT_MAX_REFUNDS, "import_max_refunds") /* fix: the limit (RF_E_LIMIT) */ \
    X(RF_ERR_NO_EVENTS_ARRAY,   "no_events_array")                            \
    /* Calendars built by calls (rf_calendar_*). */                           \
    X(RF_ERR_CAL_YEARS,         "cal_years")        /* found, fix: the first and last year (RF_E_RANGE) */ \
    X(RF_ERR_CAL_DAY_RANGE,     "cal_day_range")    /* found: the date (RF_E_RANGE) */ \
    X(RF_ERR_CAL_EMPTY,         "cal_empty")                                  \
    /* A call made wrongly (RF_E_INVALID, or RF_E_USAGE where the function's \
     * header says so): what a program does, never what a file holds. */     \
    X(RF_ERR_NULL_ARGUMENT,     "null_argument")    /* found: the function; fix: the arguments that must not be NULL, comma-separated ("a,out") */ \
    X(RF_ERR_NO_IMPORT,         "no_import")        /* fix: the function that gives the case its import object */ \
    X(RF_ERR_CALL_FIRST,        "call_first")       /* found: the function called; fix: the one to call before it */ \
    X(RF_ERR_IMPORT_INPUT,      "import_input")     /* found: the function; an input kind out of range */ \
    X(RF_ERR_IMPORT_FINISHED,   "import_finished")  /* found: the function */ \
    X(RF_ERR_IMPORT_INPUT_OPEN, "import_input_open") /* found: the function */ \
    X(RF_ERR_IMPORT_MAX_INPUTS, "import_max_inputs") /* found: the function; fix: the limit */ \
    X(RF_ERR_POLICY_KEY_NUMBER, "policy_key_number") /* found: the number, which is no rf_policy_key */ \
    X(RF_ERR_SIZE_UNSET,        "size_unset")       /* found: the struct; fix: its initializers, "RF_ORDER_INIT,rf_order_init" */ \
    X(RF_ERR_SIZE_SMALL,        "size_small")       /* found: the struct; fix: "SIZE,SMALLEST,INITIALIZER" */ \
    X(RF_ERR_SIZE_LARGE,        "size_large")       /* found: the struct; fix: "SIZE,LARGEST" */ \
    X(RF_ERR_UNSUPPORTED_FIELD, "unsupported_field") /* a schema row of a type the loader does not read */ \
    /* The policy's values together (RF_E_INVALID from a file, RF_E_RANGE    \
     * from rf_ctx_set_policy), at the second key. */                       \
    X(RF_ERR_POLICY_SUM,        "policy_sum")       /* found, fix: the two keys whose values add up to more than 10000 bp */ \
    /* Sets of names in a case (import.assumed, import.missing,              \
     * events[].inferred: refund import writes them), RF_E_INVALID. */      \
    X(RF_ERR_UNKNOWN_NAME,      "unknown_name")     /* found; values, value_count: the names allowed (values may be past RF_ENUM_COUNT: the case's own keys) */ \
    X(RF_ERR_NAME_NOT_STRING,   "name_not_string")  /* values, value_count, as unknown_name */ \
    /* Counting verdicts into a summary (rf_summary_add_verdict,            \
     * rf_summary_add_verdict_json): RF_E_INVALID, overflow RF_E_RANGE. */  \
    X(RF_ERR_SUMMARY_OVERFLOW,  "summary_overflow")                           \
    X(RF_ERR_VERDICT_RANGE,     "verdict_range")    /* found: the field out of range */ \
    X(RF_ERR_VERDICT_NOT_OBJECT, "verdict_not_object")                        \
    X(RF_ERR_VERDICT_UNKNOWN,   "verdict_unknown")  /* found: the key with no known value ("channel", "rule", "code") */ \
    X(RF_ERR_VERDICT_TIME,      "verdict_time")     /* found: the key */      \
    X(RF_ERR_VERDICT_ARRAY,     "verdict_array")    /* found: the key */      \
    X(RF_ERR_VERDICT_OBJECT_OR_NULL, "verdict_object_or_null") /* found: the key */ \
    X(RF_ERR_VERDICT_MONEY,     "verdict_money")                              \
    X(RF_ERR_VERDICT_REQUEST,   "verdict_request")                            \
    /* Reading a summary (rf_summary_parse, summary --merge), RF_E_INVALID. */ \
    X(RF_ERR_SUMMARY_NOT_OBJECT, "summary_not_object")                        \
    X(RF_ERR_NOT_SUMMARY,       "not_summary")      /* fix: the schema a summary has */ \
    X(RF_ERR_SUM_TEXT,          "sum_text")         /* a sum of money that is no "D.DD" string */ \
    X(RF_ERR_NOT_COUNT,         "not_count")                                  \
    X(RF_ERR_UNKNOWN_KEY,       "unknown_key")      /* found: the key */      \
    X(RF_ERR_MISSING_KEY,       "missing_key")      /* found: the key */      \
    X(RF_ERR_UNKNOWN_FINDING,   "unknown_finding")  /* found: the code */     \
    X(RF_ERR_UNKNOWN_RULE,      "unknown_rule")     /* found: the rule */     \
    X(RF_ERR_NOT_MONTH,         "not_month")        /* found: the key */      \
    X(RF_ERR_SUMMARY_EMPTY,     "summary_empty")    /* an entry with no findings */ \
    X(RF_ERR_SUMMARY_NO_CASES,  "summary_no_cases") /* a channel with no cases */ \
    X(RF_ERR_SUMMARY_SUM,       "summary_sum")      /* found: a count; fix: the counts it is the sum of ("clean + with_findings") */ \
    X(RF_ERR_SUMMARY_BY_CODE,   "summary_by_code")  /* findings and money that are not the sums of by_code (field: the group) */ \
    X(RF_ERR_SUMMARY_GROUPING,  "summary_grouping") /* found: the grouping ("by_channel") whose entries do not add up to the totals */ \
    /* The importer of TOP data (rf_import_*): the sentences of its report's \
     * errors and warnings (rf_import_report), the first of which           \
     * rf_import_outcome gives (RF_E_INVALID; field: the value's path).     \
     * {status}, {status2}: found, fix, TOP statuses ("TRADE_FINISHED"),   \
     * in Chinese with their labels; {name1}, {name2}: the items of fix,    \
     * names of the rf_enum_id values, in Chinese their labels. A record's  \
     * values:                                                              */ \
    X(RF_ERR_TOP_ID,            "top_id")           /* an id that is not 1 to 19 digits */ \
    X(RF_ERR_TOP_TIME,          "top_time")         /* a time that is not "yyyy-MM-dd HH:mm:ss" */ \
    X(RF_ERR_TOP_TIME_ENVELOPE, "top_time_envelope") /* an envelope's time, which may also be RFC 3339 */ \
    X(RF_ERR_TOP_TIME_RANGE,    "top_time_range")   /* a TMC time outside the years 2000..2135 */ \
    X(RF_ERR_TOP_MONEY,         "top_money")        /* money that is not a string of yuan */ \
    X(RF_ERR_TOP_MONEY_NUMBER,  "top_money_number") /* money written as a JSON number */ \
    X(RF_ERR_TOP_VALUE,         "top_value")        /* found: a string outside the field's set (at most 40 bytes of it) */ \
    X(RF_ERR_TOP_VALUE_TYPE,    "top_value_type")   /* a value of such a field that is no string */ \
    X(RF_ERR_TOP_RANGE,         "top_range")        /* fix: "LO,HI", the numbers allowed */ \
    X(RF_ERR_TOP_TEXT,          "top_text")         /* fix: the longest string allowed, in bytes */ \
    X(RF_ERR_TOP_SELLER_TYPE,   "top_seller_type")  /* a seller_type that is neither "B" nor "C" */ \
    X(RF_ERR_TOP_REQUIRED_STATUS, "top_required_status") /* found: the status that requires the field */ \
    X(RF_ERR_TOP_PAY_TIME,      "top_pay_time")     /* found: a sub-order's status that requires its trade's pay_time */ \
    X(RF_ERR_TOP_NOT_TRADE,     "top_not_trade")    /* a trade that is no object */ \
    X(RF_ERR_TOP_ORDERS,        "top_orders")       /* fix: TOP's wrapping of a list, {"order": [...]} */ \
    X(RF_ERR_TOP_NOT_ORDER,     "top_not_order")    /* a sub-order that is no object */ \
    X(RF_ERR_TOP_NO_ORDERS,     "top_no_orders")    /* a trade without sub-orders */ \
    X(RF_ERR_TOP_NOT_REFUND,    "top_not_refund")   /* a refund that is no object */ \
    X(RF_ERR_TOP_NOT_MESSAGE,   "top_not_message")  /* a refund message that is no object */ \
    X(RF_ERR_TOP_NOT_TMC,       "top_not_tmc")      /* a TMC message that is no object */ \
    X(RF_ERR_TOP_CONTENT,       "top_content")      /* a content string that holds no JSON object */ \
    X(RF_ERR_TOP_CONTENT_TYPE,  "top_content_type") /* a content that is neither an object nor a string */ \
    X(RF_ERR_TOP_NO_TIME,       "top_no_time")      /* a TMC message with neither content.modified nor pub_time */ \
    X(RF_ERR_TOP_ERROR_RESPONSE, "top_error_response") /* an error response of the platform where data was expected */ \
    /* The records and messages together. */                                \
    X(RF_ERR_TOP_DUPLICATE,     "top_duplicate")    /* found: the message's id */ \
    X(RF_ERR_TOP_DUPLICATE_OF,  "top_duplicate_of") /* found: the message's id; fix: the id of the one it repeats */ \
    X(RF_ERR_TOP_TRADE_MISSING, "top_trade_missing") /* found: the tid */ \
    X(RF_ERR_TOP_NO_SUBORDER,   "top_no_suborder")  /* found: the refund_id of a refund naming no oid, its trade missing */ \
    X(RF_ERR_TOP_UNATTRIBUTED,  "top_unattributed") /* found: the tid; fix: its number of sub-orders (a TMC message) */ \
    X(RF_ERR_TOP_UNATTRIBUTED_REFUND, "top_unattributed_refund") /* found, fix: as top_unattributed (a refund) */ \
    X(RF_ERR_TOP_ORPHAN,        "top_orphan")       /* found: the oid; fix: the tid */ \
    X(RF_ERR_TOP_CHANNEL_OVERRIDDEN, "top_channel_overridden") /* found: the seller_type; fix: "SAYS,USED", two channels; values: RF_ENUM_CHANNEL */ \
    X(RF_ERR_TOP_CHANNEL_UNKNOWN, "top_channel_unknown") /* no seller_type and no channel option */ \
    X(RF_ERR_TOP_NO_ITEM_AMOUNT, "top_no_item_amount") /* a sub-order with no amount to take the item amount from */ \
    X(RF_ERR_TOP_EXTENSION_DAYS, "top_extension_days") /* found: the oid */ \
    X(RF_ERR_TOP_KIND_MISMATCH, "top_kind_mismatch") /* found: the bill_type; fix: the kind it says; values: RF_ENUM_KIND */ \
    X(RF_ERR_TOP_UNSUPPORTED_KIND, "top_unsupported_kind") /* dispute_type REPAIR, RESHIPPING or OTHERS */ \
    X(RF_ERR_TOP_REASON_UNMAPPED, "top_reason_unmapped") /* found: the reason text (at most 60 bytes of it) */ \
    X(RF_ERR_TOP_KIND_CHANGED,  "top_kind_changed") /* found: the refund_id of the exchange */ \
    X(RF_ERR_TOP_ITEM_AMOUNT,   "top_item_amount")  /* found: the refund's total_fee; fix: the item amount, yuan */ \
    X(RF_ERR_TOP_SNAPSHOT_STALE, "top_snapshot_stale") /* found: the refund's status; fix: the status the messages reach */ \
    X(RF_ERR_TOP_CONFLICTING_REFUNDS, "top_conflicting_refunds") /* found: the refund_id; fix: "OID,REFUND_ID", the sub-order and the refund still open */ \
    X(RF_ERR_LINE_TOO_LONG,     "line_too_long")    /* fix: the document limit, in bytes (RF_E_LIMIT; replay --ndjson) */

typedef enum rf_error_detail {
#define RF_X_(e, n) e,
    RF_ERROR_DETAIL_LIST(RF_X_)
#undef RF_X_
    RF_ERR_COUNT
} rf_error_detail;

/* Where and why a call failed. Lives on the caller's stack. line and column
 * are 1-based (column counts bytes); 0 means "no position". The members
 * after name were appended in 1.0.0 (docs/NEWS.md); start from
 * `rf_error err = {0};` and every one of them reads as "not set". */
typedef struct rf_error {
    rf_status code;
    size_t offset;      /* byte offset into the input */
    unsigned line;
    unsigned column;
    char field[96];     /* JSON path of the offending field, e.g. "events[3].at" */
    /* What is wrong, in English, without the input's position: never cut,
     * it holds the longest list of valid values (rf_error_message says it
     * in either language). */
    char message[1024];
    /* The name given to the call that failed (a file's name, for
     * FILE:LINE:COLUMN), or NULL: it points at the caller's string. */
    const char *name;
    /* The mistake as data, for rf_error_message: the detail says which of
     * the parameters below are set (RF_ERROR_DETAIL_LIST); the others are
     * zero or empty. */
    rf_error_detail detail;
    uint32_t codepoint;     /* the character found (0xFF0C for "，"); 0: none */
    char found[96];         /* the text found, as written (UTF-8, cut at a character) */
    char fix[96];           /* what to write instead, or the word the sentence needs */
    int values;             /* an rf_enum_id: its first value_count names are allowed (unknown_name,
                             * name_not_string: past RF_ENUM_COUNT for the case file's own keys,
                             * which only rf_error_message names) */
    unsigned value_count;
    size_t first_offset;    /* RF_ERR_DUPLICATE_KEY: where the key was first written */
    unsigned first_line, first_column;
} rf_error;

/* Writes err's message in lang (RF_LANG_ZH Chinese, any other value
 * English) into buf (at most size bytes, NUL-terminated when size > 0) and
 * returns the length of the whole message, as snprintf does: a return >=
 * size means it was cut. buf may be NULL (then nothing is written, whatever
 * size: ask for the length, allocate, call again). err NULL: the empty
 * message, 0. An error with a detail is composed from its typed parameters,
 * with the fix where there is one (a command that needs the file names it
 * by err->name, "FILE" when that is NULL or "-"). Every error the library
 * makes has a detail; one without (RF_ERR_NONE: an rf_error a program
 * filled itself) gives err->message as it is, or its status's message when
 * that is empty. The position and the field are not part of it. Pure and
 * thread-safe; cannot fail. */
size_t rf_error_message(const rf_error *err, rf_lang lang, char *buf, size_t size);
/* The stable id of an error detail ("fullwidth"). Static string, never
 * freed; NULL if out of range. Thread-safe; cannot fail. */
const char *rf_error_detail_name(rf_error_detail detail);

/* ------------------------------------------------------------------------ */
/* Money and time                                                            */

typedef int64_t rf_fen;
typedef int64_t rf_time;

/* Largest amount accepted: 99,999,999,999.99 yuan (docs/limits.md). */
#define RF_FEN_MAX INT64_C(9999999999999)

/* Parses the yuan string text[0..len) ("88", "88.5", "88.50"; no NUL
 * needed) into *out, in fen. No sign, at most two decimals: RF_E_INVALID
 * otherwise, and for len 0 or a NULL text or out. More than 13 integer
 * digits (FORMAT.md), or more than RF_FEN_MAX: RF_E_RANGE. *out is written
 * only on RF_OK. No rf_error: the status says it all. Thread-safe. */
rf_status rf_money_parse(const char *text, size_t len, rf_fen *out);
/* Writes fen as "88.00" (always two decimals; "-1.50" for a negative
 * amount) and a NUL into buf, which needs 24 bytes, and returns buf. buf
 * NULL: writes nothing and returns NULL. Thread-safe; cannot fail. */
char *rf_money_format(rf_fen fen, char buf[24]);

/* Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS(Z|+hh:mm|-hh:mm)" from text[0..len)
 * (no NUL needed) into *out. Fractional seconds are refused (time is exact
 * to the second). RF_E_INVALID for a malformed text and for a NULL text or
 * out; RF_E_RANGE for a well-formed one out of range (a date that does not
 * exist, a year outside 1970..9999, an hour past 23, a leap second, an
 * offset of 24 hours or more). *out is written only on RF_OK. No rf_error.
 * Thread-safe. */
rf_status rf_time_parse(const char *text, size_t len, rf_time *out);
/* Writes t as "2024-06-29T20:00:00+08:00" (always +08:00) and a NUL into
 * buf, which needs 32 bytes, and returns buf. buf NULL: writes nothing and
 * returns NULL. Thread-safe; cannot fail (instants hundreds of millions of
 * years away are clamped to fit). */
char *rf_time_format(rf_time t, char buf[32]);

/* ------------------------------------------------------------------------ */
/* Domain enumerations. X(enum, "json name", "zh label")                      */

#define RF_CHANNEL_LIST(X)                                                    \
    X(RF_CHANNEL_C_STORE, "c_store", "淘宝集市(C店)")                          \
    X(RF_CHANNEL_MALL,    "mall",    "天猫(商城)")                             \
    X(RF_CHANNEL_MT,      "mt",      "MT")

#define RF_INSURANCE_LIST(X)                                                  \
    X(RF_INSURANCE_NONE,   "none",   "无运费险")                               \
    X(RF_INSURANCE_BUYER,  "buyer",  "买家运费险")                             \
    X(RF_INSURANCE_SELLER, "seller", "卖家运费险")

#define RF_EXEMPT_LIST(X)                                                     \
    X(RF_EXEMPT_NONE,             "null",             "无")                    \
    X(RF_EXEMPT_CUSTOM,           "custom",           "定制")                  \
    X(RF_EXEMPT_PRESALE,          "presale",          "预售")                  \
    X(RF_EXEMPT_SPECIAL_DELIVERY, "special_delivery", "特定运送方式")

#define RF_DELIVERY_LIST(X)                                                   \
    X(RF_DELIVERY_EXPRESS,      "express",      "快递")                        \
    X(RF_DELIVERY_SURFACE_MAIL, "surface_mail", "平邮")                        \
    X(RF_DELIVERY_VIRTUAL,      "virtual",      "虚拟发货")

#define RF_ACTOR_LIST(X)                                                      \
    X(RF_ACTOR_BUYER,    "buyer",    "买家")                                   \
    X(RF_ACTOR_SELLER,   "seller",   "卖家")                                   \
    X(RF_ACTOR_PLATFORM, "platform", "平台")                                   \
    X(RF_ACTOR_CARRIER,  "carrier",  "承运人")                                 \
    X(RF_ACTOR_SYSTEM,   "system",   "系统")

#define RF_KIND_LIST(X)                                                       \
    X(RF_KIND_REFUND_ONLY,   "refund_only",   "仅退款")                        \
    X(RF_KIND_RETURN_REFUND, "return_refund", "退货退款")                      \
    X(RF_KIND_EXCHANGE,      "exchange",      "换货")

#define RF_REASON_LIST(X)                                                     \
    X(RF_REASON_NO_REASON,        "no_reason",        "七天无理由")            \
    X(RF_REASON_QUALITY,          "quality",          "质量问题")              \
    X(RF_REASON_NOT_RECEIVED,     "not_received",     "未收到货")              \
    X(RF_REASON_NOT_AS_DESCRIBED, "not_as_described", "与描述不符")            \
    X(RF_REASON_DAMAGED,          "damaged",          "破损")                  \
    X(RF_REASON_MISSING_ITEMS,    "missing_items",    "少件漏发")              \
    X(RF_REASON_LOST,             "lost",             "快递丢件")              \
    X(RF_REASON_OTHER,            "other",            "其他")

#define RF_GOODS_LIST(X)                                                      \
    X(RF_GOODS_RESELLABLE,     "resellable",     "不影响二次销售")             \
    X(RF_GOODS_NOT_RESELLABLE, "not_resellable", "影响二次销售")

#define RF_PARTY_LIST(X)                                                      \
    X(RF_PARTY_BUYER,  "buyer",  "买家")                                       \
    X(RF_PARTY_SELLER, "seller", "卖家")

#define RF_RATING_LIST(X)                                                     \
    X(RF_RATING_POSITIVE, "positive", "好评")                                  \
    X(RF_RATING_NEUTRAL,  "neutral",  "中评")                                  \
    X(RF_RATING_NEGATIVE, "negative", "差评")

#define RF_EVIDENCE_LIST(X)                                                   \
    X(RF_EVIDENCE_CHAT_LOG,            "chat_log",            "阿里旺旺聊天记录截图") \
    X(RF_EVIDENCE_WANGWANG_EVIDENCE_NO, "wangwang_evidence_no", "阿里旺旺举证号") \
    X(RF_EVIDENCE_SITE_MAIL,           "site_mail",           "淘宝站内信截屏") \
    X(RF_EVIDENCE_SMS_PHOTO,           "sms_photo",           "手机短信照片")   \
    X(RF_EVIDENCE_CALL_LIST,           "call_list",           "通话清单")

#define RF_COMPLAINT_LIST(X)                                                  \
    X(RF_COMPLAINT_AFTER_SALES,       "after_sales",       "售后保障维权")     \
    X(RF_COMPLAINT_NOT_RECEIVED,      "not_received",      "未收到货维权")     \
    X(RF_COMPLAINT_HARASSMENT,        "harassment",        "恶意骚扰维权")     \
    X(RF_COMPLAINT_MALICIOUS_REVIEW,  "malicious_review",  "恶意评价维权")     \
    X(RF_COMPLAINT_DELAYED_SHIPMENT,  "delayed_shipment",  "延迟发货维权")     \
    X(RF_COMPLAINT_BREACH_OF_PROMISE, "breach_of_promise", "违背承诺维权")

/* Where an imported event came from (TOP.md section 3): a snapshot of the
 * Taobao Open Platform (a Trade or Refund object), a TMC push message, or a
 * refund message (taobao.refund.messages.get). */
#define RF_SOURCE_LIST(X)                                                     \
    X(RF_SOURCE_TOP_SNAPSHOT, "top_snapshot", "开放平台快照")                  \
    X(RF_SOURCE_TMC,          "tmc",          "消息服务推送")                  \
    X(RF_SOURCE_MESSAGE,      "message",      "退款留言")

/* Every event type of FORMAT.md section 1, grouped by the machine it drives.
 * X(enum, "json name", machine id). The last, refund_succeeded, is the
 * engine's own: it tells the trade machine that a refund for the whole paid
 * amount succeeded (which closes the trade); a case file may not contain it.
 * Timeouts are ordinary event types fired by actor `system`. */
#define RF_EVENT_LIST(X)                                                      \
    X(RF_EV_ORDER_CREATED,         "order_created",         RF_MACHINE_TRADE) \
    X(RF_EV_PAID,                  "paid",                  RF_MACHINE_TRADE) \
    X(RF_EV_SHIPPED,               "shipped",               RF_MACHINE_TRADE) \
    X(RF_EV_DELIVERED,             "delivered",             RF_MACHINE_TRADE) \
    X(RF_EV_RECEIPT_CONFIRMED,     "receipt_confirmed",     RF_MACHINE_TRADE) \
    X(RF_EV_RECEIPT_EXTENDED,      "receipt_extended",      RF_MACHINE_TRADE) \
    X(RF_EV_TRADE_CLOSED,          "trade_closed",          RF_MACHINE_TRADE) \
    X(RF_EV_REFUND_REQUESTED,      "refund_requested",      RF_MACHINE_REFUND) \
    X(RF_EV_REFUND_AGREED,         "refund_agreed",         RF_MACHINE_REFUND) \
    X(RF_EV_REFUND_REFUSED,        "refund_refused",        RF_MACHINE_REFUND) \
    X(RF_EV_REFUND_MODIFIED,       "refund_modified",       RF_MACHINE_REFUND) \
    X(RF_EV_REFUND_CANCELLED,      "refund_cancelled",      RF_MACHINE_REFUND) \
    X(RF_EV_RETURN_SHIPPED,        "return_shipped",        RF_MACHINE_REFUND) \
    X(RF_EV_RETURN_RECEIVED,       "return_received",       RF_MACHINE_REFUND) \
    X(RF_EV_RETURN_REJECTED,       "return_rejected",       RF_MACHINE_REFUND) \
    X(RF_EV_EXCHANGE_POSTAGE_PAID, "exchange_postage_paid", RF_MACHINE_EXCHANGE) \
    X(RF_EV_EXCHANGE_SHIPPED,      "exchange_shipped",      RF_MACHINE_EXCHANGE) \
    X(RF_EV_EXCHANGE_RECEIVED,     "exchange_received",     RF_MACHINE_EXCHANGE) \
    X(RF_EV_INTERVENTION_REQUESTED, "intervention_requested", RF_MACHINE_INTERVENTION) \
    X(RF_EV_INTERVENTION_STARTED,  "intervention_started",  RF_MACHINE_INTERVENTION) \
    X(RF_EV_EVIDENCE_SUBMITTED,    "evidence_submitted",    RF_MACHINE_INTERVENTION) \
    X(RF_EV_RULING,                "ruling",                RF_MACHINE_INTERVENTION) \
    X(RF_EV_REVIEW_POSTED,         "review_posted",         RF_MACHINE_TRADE) \
    X(RF_EV_REVIEW_EFFECTIVE,      "review_effective",      RF_MACHINE_TRADE) \
    X(RF_EV_COMPLAINT_FILED,       "complaint_filed",       RF_MACHINE_COMPLAINT) \
    X(RF_EV_COMPLAINT_APPEALED,    "complaint_appealed",    RF_MACHINE_COMPLAINT) \
    X(RF_EV_COMPLAINT_RESOLVED,    "complaint_resolved",    RF_MACHINE_COMPLAINT) \
    X(RF_EV_COMPLAINT_WITHDRAWN,   "complaint_withdrawn",   RF_MACHINE_COMPLAINT) \
    X(RF_EV_REFUND_SUCCEEDED,      "refund_succeeded",      RF_MACHINE_TRADE)

#define RF_ENUM3_(e, n, z) e,
typedef enum rf_channel   { RF_CHANNEL_LIST(RF_ENUM3_)   RF_CHANNEL_COUNT }   rf_channel;
typedef enum rf_insurance { RF_INSURANCE_LIST(RF_ENUM3_) RF_INSURANCE_COUNT } rf_insurance;
typedef enum rf_exempt    { RF_EXEMPT_LIST(RF_ENUM3_)    RF_EXEMPT_COUNT }    rf_exempt;
typedef enum rf_delivery  { RF_DELIVERY_LIST(RF_ENUM3_)  RF_DELIVERY_COUNT }  rf_delivery;
typedef enum rf_actor     { RF_ACTOR_LIST(RF_ENUM3_)     RF_ACTOR_COUNT }     rf_actor;
typedef enum rf_kind      { RF_KIND_LIST(RF_ENUM3_)      RF_KIND_COUNT }      rf_kind;
typedef enum rf_reason    { RF_REASON_LIST(RF_ENUM3_)    RF_REASON_COUNT }    rf_reason;
typedef enum rf_goods     { RF_GOODS_LIST(RF_ENUM3_)     RF_GOODS_COUNT }     rf_goods;
typedef enum rf_party     { RF_PARTY_LIST(RF_ENUM3_)     RF_PARTY_COUNT }     rf_party;
typedef enum rf_rating    { RF_RATING_LIST(RF_ENUM3_)    RF_RATING_COUNT }    rf_rating;
typedef enum rf_evidence  { RF_EVIDENCE_LIST(RF_ENUM3_)  RF_EVIDENCE_COUNT }  rf_evidence;
typedef enum rf_complaint_type { RF_COMPLAINT_LIST(RF_ENUM3_) RF_COMPLAINT_COUNT } rf_complaint_type;
typedef enum rf_source    { RF_SOURCE_LIST(RF_ENUM3_)    RF_SOURCE_COUNT }    rf_source;
#undef RF_ENUM3_

typedef enum rf_machine_id {
    RF_MACHINE_TRADE,
    RF_MACHINE_REFUND,
    RF_MACHINE_EXCHANGE,
    RF_MACHINE_INTERVENTION,
    RF_MACHINE_COMPLAINT,
    RF_MACHINE_COUNT
} rf_machine_id;

typedef enum rf_event_type {
#define RF_X_(e, n, m) e,
    RF_EVENT_LIST(RF_X_)
#undef RF_X_
    RF_EV_COUNT
} rf_event_type;

/* The enumerations above, for rf_enum_name, rf_enum_label_zh and
 * rf_enum_lookup. */
typedef enum rf_enum_id {
    RF_ENUM_CHANNEL, RF_ENUM_INSURANCE, RF_ENUM_EXEMPT, RF_ENUM_DELIVERY,
    RF_ENUM_ACTOR, RF_ENUM_KIND, RF_ENUM_REASON, RF_ENUM_GOODS, RF_ENUM_PARTY,
    RF_ENUM_RATING, RF_ENUM_EVIDENCE, RF_ENUM_COMPLAINT, RF_ENUM_EVENT,
    RF_ENUM_SOURCE,
    RF_ENUM_COUNT
} rf_enum_id;
/* rf_enum_name: the JSON name of value in the enumeration which ("c_store");
 * rf_enum_label_zh: its Chinese label ("淘宝集市(C店)"; an event type's is
 * the action as the seller console names it, "拒绝退款" for refund_refused). Static strings, never freed; NULL when which or value is out
 * of range. rf_enum_lookup: the value named name[0..len) (exactly: case and
 * length count), or -1 when there is none, when which is out of range or
 * name is NULL. Thread-safe; none can fail. */
const char *rf_enum_name(rf_enum_id which, int value);
const char *rf_enum_label_zh(rf_enum_id which, int value);
int rf_enum_lookup(rf_enum_id which, const char *name, size_t len);
/* The machine an event type drives (RF_EVENT_LIST); RF_MACHINE_COUNT for a
 * type out of range. Thread-safe; cannot fail. */
rf_machine_id rf_event_machine(rf_event_type type);

/* ------------------------------------------------------------------------ */
/* Orders and events: the typed form of a case file (FORMAT.md section 1)    */

/* tests/test_schema_extra.c builds the library once more with one field
 * more in rf_order and in rf_event (lib/schema.h), to show that a new field
 * needs its member, its initializer and its schema row, and nothing else.
 * A program never defines RF_SCHEMA_TEST_EXTRA. */
#ifdef RF_SCHEMA_TEST_EXTRA
#define RF_ORDER_INIT_TEST_EXTRA_ , true
#define RF_EVENT_INIT_TEST_EXTRA_ , 0
#else
#define RF_ORDER_INIT_TEST_EXTRA_
#define RF_EVENT_INIT_TEST_EXTRA_
#endif

/* Growing the structs the caller allocates. rf_order, rf_event,
 * rf_settle_request, rf_settlement, rf_replay_options and rf_facts live in
 * the caller's memory (on the stack, in arrays), so their size is compiled
 * into the program, not the library. Each therefore begins with its own
 * size: a program built against an older refund.h passes the smaller size
 * it knows, and the library reads only those bytes, giving every field
 * appended since then its default. New fields are only ever appended at the
 * end; none is removed or moved. So a field added later does not break a
 * program compiled before it, and the library tells an uninitialized struct
 * (size 0) from an old one.
 *
 * Initialize every one of them you fill yourself with its RF_..._INIT
 * macro (or its rf_..._init function), then set the fields you mean; an
 * rf_settlement you pass to rf_settle too, since the library writes only
 * the bytes its size declares. A function taking one refuses a size of 0,
 * one smaller than the first layout, or one larger than the library's own
 * (RF_E_INVALID, naming the struct's size). Structs the library fills
 * itself (rf_case_order, rf_case_event, rf_case_parse_event, the verdict's
 * settlements) have size set to the library's sizeof.
 *
 * The rest of the API grows without a size: objects that allocate or keep
 * invariants are opaque handles (rf_ctx, rf_case, rf_auditor, rf_calendar);
 * the verdict and what it points to are allocated by the library only, and
 * fields are appended to them. rf_error only ever has members appended
 * (1.0.0 appended its detail and parameters), so `rf_error err = {0}` stays
 * right, and rf_allocator is a fixed set of hooks. */

typedef struct rf_order {
    size_t size;                 /* sizeof(rf_order): RF_ORDER_INIT / rf_order_init set it */
    const char *id;
    rf_channel channel;
    rf_fen item_amount;          /* what the buyer paid for the goods */
    rf_fen shipping_fee;         /* what the buyer paid for postage */
    bool free_shipping;          /* a 包邮 promotion item */
    rf_fen seller_shipping_cost; /* outbound postage the seller paid */
    rf_insurance insurance;
    bool invoice_issued;
    bool seven_day_return;       /* eligible for 7-day no-reason returns */
    rf_exempt ship_exempt;
    rf_delivery delivery;
    /* New fields go here, at the end (see above). */
#ifdef RF_SCHEMA_TEST_EXTRA
    bool test_extra_flag;        /* reserved for tests/test_schema_extra.c, never in the library */
#endif
} rf_order;

/* An rf_order with its size set and the defaults a case file gives a field
 * it leaves out (docs/file-format.md): no id, channel c_store, no amounts,
 * free_shipping false, insurance none, invoice_issued false,
 * seven_day_return TRUE, ship_exempt none (null), delivery express. Note
 * that seven_day_return defaults to true: `rf_order o = {0}` (which also
 * leaves size 0, refused) would have said false. An aggregate initializer,
 * usable in C and C++: `rf_order o = RF_ORDER_INIT;`. */
#define RF_ORDER_INIT                                                          \
    { sizeof(rf_order), NULL, RF_CHANNEL_C_STORE, 0, 0, false, 0,              \
      RF_INSURANCE_NONE, false, true, RF_EXEMPT_NONE, RF_DELIVERY_EXPRESS      \
      RF_ORDER_INIT_TEST_EXTRA_ }

/* Sets *o to RF_ORDER_INIT, for an rf_order an initializer cannot reach (on
 * the heap, say). o NULL: does nothing. Thread-safe; cannot fail. */
void rf_order_init(rf_order *o);

/* Which optional fields an event carries (bits of rf_event.has). */
enum {
    RF_HAS_KIND = 1u << 0, RF_HAS_REASON = 1u << 1, RF_HAS_AMOUNT = 1u << 2,
    RF_HAS_GOODS = 1u << 3, RF_HAS_INVOICE_RETURNED = 1u << 4,
    RF_HAS_TRACKING = 1u << 5, RF_HAS_NOTE = 1u << 6, RF_HAS_POSTAGE = 1u << 7,
    RF_HAS_DAYS = 1u << 8, RF_HAS_EVIDENCE = 1u << 9, RF_HAS_FOR = 1u << 10,
    RF_HAS_RATING = 1u << 11, RF_HAS_COMPLAINT = 1u << 12,
    /* Where an imported event came from (TOP.md section 3). */
    RF_HAS_SOURCE = 1u << 13, RF_HAS_REF = 1u << 14, RF_HAS_INFERRED = 1u << 15
#ifdef RF_SCHEMA_TEST_EXTRA
    , RF_HAS_TEST_EXTRA_FEE = 1u << 16
#endif
};

typedef struct rf_event {
    size_t size;                 /* sizeof(rf_event): RF_EVENT_INIT / rf_event_init set it */
    const char *id;
    rf_time at;
    rf_actor actor;
    rf_event_type type;
    unsigned has;                /* RF_HAS_* bits */
    rf_kind kind;
    rf_reason reason;
    rf_fen amount;
    rf_goods goods;
    bool invoice_returned;
    const char *tracking;
    const char *note;
    rf_fen postage;
    int days;
    rf_evidence evidence;
    rf_party ruling_for;         /* `for` of ruling and complaint_resolved */
    rf_rating rating;
    rf_complaint_type complaint;
    unsigned line, column;       /* where the event object starts; 0 if built in code */
    /* Imported events (TOP.md section 3), each optional like the fields
     * above: where the event came from (RF_HAS_SOURCE), the record it came
     * from (RF_HAS_REF: "tmc:5402", "trade:<tid>:pay_time"...), and which of
     * its keys the importer deduced rather than read (RF_HAS_INFERRED: bit
     * (UINT64_C(1) << RF_KEY_AT) and so on; an empty set is allowed). */
    rf_source source;
    const char *ref;
    uint64_t inferred;
    /* New fields go here, at the end (see rf_order). */
#ifdef RF_SCHEMA_TEST_EXTRA
    rf_fen test_extra_fee;       /* reserved for tests/test_schema_extra.c, never in the library */
#endif
} rf_event;

/* An rf_event with its size set and every other field zero: no id, time 0,
 * the first value of each enumeration, has 0 (no optional field), no
 * position. `rf_event ev = RF_EVENT_INIT;` in C and C++. */
#define RF_EVENT_INIT                                                          \
    { sizeof(rf_event), NULL, 0, RF_ACTOR_BUYER, RF_EV_ORDER_CREATED, 0u,      \
      RF_KIND_REFUND_ONLY, RF_REASON_NO_REASON, 0, RF_GOODS_RESELLABLE, false, \
      NULL, NULL, 0, 0, RF_EVIDENCE_CHAT_LOG, RF_PARTY_BUYER,                  \
      RF_RATING_POSITIVE, RF_COMPLAINT_AFTER_SALES, 0u, 0u,                    \
      RF_SOURCE_TOP_SNAPSHOT, NULL, 0u                                         \
      RF_EVENT_INIT_TEST_EXTRA_ }

/* Sets *ev to RF_EVENT_INIT, for an rf_event an initializer cannot reach.
 * ev NULL: does nothing. Thread-safe; cannot fail. */
void rf_event_init(rf_event *ev);

/* The keys of an event and of an order, numbered in the order of the format
 * (docs/file-format.md): the bits of rf_event.inferred and of
 * rf_case_import.assumed. A key added to the format later gets the next
 * number. */
typedef enum rf_event_key {
    RF_KEY_ID, RF_KEY_AT, RF_KEY_ACTOR, RF_KEY_TYPE, RF_KEY_KIND, RF_KEY_REASON, RF_KEY_AMOUNT,
    RF_KEY_GOODS, RF_KEY_INVOICE_RETURNED, RF_KEY_TRACKING, RF_KEY_NOTE, RF_KEY_POSTAGE, RF_KEY_DAYS,
    RF_KEY_EVIDENCE, RF_KEY_FOR, RF_KEY_RATING, RF_KEY_COMPLAINT, RF_KEY_SOURCE, RF_KEY_REF,
    RF_KEY_INFERRED
} rf_event_key;

typedef enum rf_order_key {
    RF_ORDER_KEY_ID, RF_ORDER_KEY_CHANNEL, RF_ORDER_KEY_ITEM_AMOUNT, RF_ORDER_KEY_SHIPPING_FEE,
    RF_ORDER_KEY_FREE_SHIPPING, RF_ORDER_KEY_SELLER_SHIPPING_COST, RF_ORDER_KEY_SHIPPING_INSURANCE,
    RF_ORDER_KEY_INVOICE_ISSUED, RF_ORDER_KEY_SEVEN_DAY_RETURN, RF_ORDER_KEY_SHIP_EXEMPT,
    RF_ORDER_KEY_DELIVERY
} rf_order_key;

/* ------------------------------------------------------------------------ */
/* Context: allocator, policy and calendar. No global mutable state.         */

typedef struct rf_allocator {
    void *(*malloc_fn)(void *ud, size_t size);
    /* old_size is the size ptr was allocated or last reallocated with (0
     * when ptr is NULL), for allocators that keep no sizes of their own
     * (arenas, pools); new_size is never 0. */
    void *(*realloc_fn)(void *ud, void *ptr, size_t old_size, size_t new_size);
    void (*free_fn)(void *ud, void *ptr);
    void *ud;
} rf_allocator;

typedef struct rf_ctx rf_ctx;

/* A new context with the built-in policy and calendar, to free with
 * rf_ctx_free. alloc may be NULL for the C library's allocator; it is copied
 * (its ud must stay valid until the context and everything made with it are
 * freed), and its three hooks must all be set. Returns NULL when out of
 * memory. Thread-safe. */
rf_ctx *rf_ctx_new(const rf_allocator *alloc);
/* Frees ctx and its policy and calendar. NULL is fine. What was made with
 * ctx keeps its own copy of the allocator and outlives it (cases, verdicts,
 * calendars), except an auditor, which judges with ctx itself: free
 * auditors first. A text from rf_render_* or rf_case_splice_event is freed
 * through a context (rf_string_free), so free those first too, or through
 * another context with the same allocator. Not thread-safe: no other thread
 * may be using ctx. Cannot fail. */
void rf_ctx_free(rf_ctx *ctx);

/* Configuring a context (the setters and loaders below) must not race with
 * any other use of it: configure first, then share it read-only. */

/* ---- the policy ---------------------------------------------------------- */

/* Every number of RULES.md: X(enum, key, default, unit, seed, English
 * description). key is the name in a policy file and in `refund rules
 * --format json`. A unit fixes the values a key accepts, which keep every
 * deadline and deduction far from integer overflow:
 *   "days"      0 to 3650          "hours"  0 to 87600 (ten years)
 *   "workdays"  1 to 3650 ("N working days" counts from the day after the
 *               filing, so N is at least 1)
 *   "bp"        0 to 10000 (basis points, 1/100 of a percent)
 *   "flag"      0 or 1
 * and mall_commission_bp + mall_points_bp, the two parts of one deduction,
 * may not exceed 10000. Keys are appended, never renumbered. */
#define RF_POLICY_LIST(X)                                                          \
    X(RF_POLICY_UNPAID_CLOSE_DAYS, unpaid_close_days, 3, "days", "000:26", "an unpaid order is closed after")  \
    X(RF_POLICY_SHIP_HOURS, ship_hours, 72, "hours", "000:710", "the seller must ship within, from payment") \
    X(RF_POLICY_RECEIPT_EXPRESS_DAYS, receipt_express_days, 10, "days", "TOP", "auto-confirm receipt after shipment by express") \
    X(RF_POLICY_RECEIPT_SURFACE_MAIL_DAYS, receipt_surface_mail_days, 30, "days", "TOP", "auto-confirm receipt after shipment by surface mail") \
    X(RF_POLICY_RECEIPT_VIRTUAL_DAYS, receipt_virtual_days, 3, "days", "TOP", "auto-confirm receipt after a virtual delivery") \
    X(RF_POLICY_PAUSE_RECEIPT_TIMER_DURING_REFUND, pause_receipt_timer_during_refund, 1, "flag", "TOP", "the auto-confirm timer pauses while a refund request is open (1) or keeps running (0)") \
    X(RF_POLICY_SEVEN_DAY_HOURS, seven_day_hours, 168, "hours", "000:628", "7-day no-reason window, from 00:00 the day after delivery") \
    X(RF_POLICY_SELLER_AGREE_UNSHIPPED_DAYS, seller_agree_unshipped_days, 2, "days", "TOP", "seller answers a refund request, goods not shipped") \
    X(RF_POLICY_SELLER_AGREE_SHIPPED_DAYS, seller_agree_shipped_days, 5, "days", "TOP", "seller answers a refund request, goods shipped") \
    X(RF_POLICY_BUYER_MODIFY_DAYS, buyer_modify_days, 7, "days", "TOP", "buyer modifies or escalates after a refusal") \
    X(RF_POLICY_BUYER_RETURN_DAYS, buyer_return_days, 7, "days", "TOP", "buyer ships the return after agreement") \
    X(RF_POLICY_EXCHANGE_SHIP_HOURS, exchange_ship_hours, 72, "hours", "000:710", "the seller ships an exchange's replacement within, from receiving the return (or the postage owed)") \
    X(RF_POLICY_SELLER_CONFIRM_EXPRESS_DAYS, seller_confirm_express_days, 10, "days", "TOP", "seller confirms a returned parcel sent by express") \
    X(RF_POLICY_SELLER_CONFIRM_SURFACE_MAIL_DAYS, seller_confirm_surface_mail_days, 30, "days", "TOP", "seller confirms a returned parcel sent by surface mail") \
    X(RF_POLICY_COMPLAINT_WINDOW_DAYS, complaint_window_days, 15, "days", "000:698", "a complaint may be filed after the trade finished, within") \
    X(RF_POLICY_BREACH_WINDOW_DAYS, breach_window_days, 15, "days", "000:710", "a breach-of-promise complaint may be filed after the trade was created, within") \
    X(RF_POLICY_NOT_RECEIVED_PLATFORM_WORKDAYS, not_received_platform_workdays, 7, "workdays", "000:700", "platform handles a not-received complaint within") \
    X(RF_POLICY_DELAYED_SHIPMENT_PLATFORM_WORKDAYS, delayed_shipment_platform_workdays, 5, "workdays", "000:710", "platform handles a delayed-shipment complaint within") \
    X(RF_POLICY_BREACH_PLATFORM_WORKDAYS, breach_platform_workdays, 5, "workdays", "000:710", "platform handles a breach-of-promise complaint within") \
    X(RF_POLICY_MALL_COMMISSION_BP, mall_commission_bp, 500, "bp", "000:642", "mall refund after success: platform commission deducted") \
    X(RF_POLICY_MALL_POINTS_BP, mall_points_bp, 50, "bp", "000:642", "mall refund after success: points given to the buyer, deducted") \
    X(RF_POLICY_INVOICE_TAX_BP, invoice_tax_bp, 1700, "bp", "000:642", "mall refund after success: deducted when an issued invoice is not returned")

typedef enum rf_policy_key {
#define RF_X_(e, key, def, unit, seed, desc) e,
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
    RF_POLICY_COUNT
} rf_policy_key;

/* A key's name ("ship_hours"), unit ("hours"), seed line and English
 * description. Static strings, never freed; NULL for a key out of range.
 * Thread-safe; cannot fail. */
const char *rf_policy_key_name(rf_policy_key key);
const char *rf_policy_key_unit(rf_policy_key key);
const char *rf_policy_key_seed(rf_policy_key key);
const char *rf_policy_key_description(rf_policy_key key);
/* The key named name[0..len) (exactly: case and length count), or -1 when
 * there is none (name NULL too). Thread-safe; cannot fail. */
int rf_policy_key_lookup(const char *name, size_t len);
/* The values key accepts, both included, as its unit fixes them, in *min
 * and *max. min and max may be NULL (that bound is not written). false for
 * a key out of range (min and max untouched). Thread-safe; cannot fail. */
bool rf_policy_key_range(rf_policy_key key, int64_t *min, int64_t *max);

/* The value ctx judges with; ctx NULL: the built-in policy (the defaults of
 * RF_POLICY_LIST). -1 for a key out of range (no policy value is negative).
 * Thread-safe on a ctx no thread is configuring; cannot fail. */
int64_t rf_ctx_get_policy(const rf_ctx *ctx, rf_policy_key key);

/* Sets one policy value, checked exactly as in a policy file. Errors, with
 * err's field the key's name and no position: RF_E_RANGE for a value
 * outside the key's range ("must be a whole number of days (0 to 3650)"),
 * or one that would break mall_commission_bp + mall_points_bp <= 10000
 * against the value the other holds now (so lower one before raising the
 * other); RF_E_INVALID for a key out of range; RF_E_USAGE when ctx is NULL.
 * On error the policy is unchanged. err may be NULL. Not thread-safe: it
 * configures ctx (see above). */
rf_status rf_ctx_set_policy(rf_ctx *ctx, rf_policy_key key, int64_t value, rf_error *err);

/* Overrides policy values from a JSON object such as {"invoice_tax_bp":1300},
 * all or none: on error the context keeps its previous policy. A key may be
 * any of RF_POLICY_LIST, its value a JSON integer (no sign, no fraction, at
 * most 9 digits) in the key's range; the two mall_*_bp parts are checked
 * together once the whole object is read. Errors: the JSON reader's
 * (RF_E_JSON, RF_E_LIMIT, RF_E_NOMEM), and RF_E_INVALID naming the key in
 * err's field, at the key when it is unknown and at the value when it is out
 * of range; RF_E_USAGE when ctx is NULL. json[0..len) needs no NUL; json may
 * be NULL only with len 0 (an empty text: RF_E_JSON), a NULL json with len >
 * 0 is RF_E_USAGE. name is the input's name (a file name, may be NULL): on
 * an error in the text err->name points at it (the caller's string, not
 * copied), so that whoever prints err can say NAME:LINE:COLUMN; the message
 * itself leaves it out. err may be NULL. Not thread-safe: it configures
 * ctx. */
rf_status rf_ctx_load_policy(rf_ctx *ctx, const char *json, size_t len,
                             const char *name, rf_error *err);

/* ---- the working-day calendar -------------------------------------------- */

/* What a +08:00 day is in a working-day calendar. */
typedef enum rf_day_kind {
    RF_DAY_ORDINARY,  /* Monday..Friday work, Saturday and Sunday rest */
    RF_DAY_HOLIDAY,   /* a public holiday: rest whatever the weekday */
    RF_DAY_WORKDAY    /* a make-up workday (调休): work whatever the weekday */
} rf_day_kind;

/* An editable working-day calendar: a kind for every day of the years it
 * covers, one run of whole years between 1970 and 9999. A working-day
 * deadline that needs a day outside those years is RF_E_CALENDAR. Build one
 * and install a copy on a context with rf_ctx_set_calendar. A calendar
 * belongs to one thread at a time. Holiday names (the file format's values)
 * are not kept: nothing the library does shows them. */
typedef struct rf_calendar rf_calendar;

/* A new calendar covering no years, allocated with ctx's allocator (ctx
 * NULL: the C library's; ctx itself may be freed first). NULL when out of
 * memory. The caller owns it: free with rf_calendar_free. Thread-safe (ctx
 * is only read). */
rf_calendar *rf_calendar_new(const rf_ctx *ctx);
/* A copy of the calendar ctx judges with, to edit: the built-in one (the
 * official Chinese calendar, 2004 to 2026) unless another was installed;
 * ctx NULL: the built-in one, with the C library's allocator. NULL when out
 * of memory. The caller owns it: free with rf_calendar_free. Thread-safe on
 * a ctx no thread is configuring. */
rf_calendar *rf_ctx_copy_calendar(const rf_ctx *ctx);
/* Frees cal. NULL is fine. Not thread-safe: no other thread may be using
 * cal. Cannot fail. */
void rf_calendar_free(rf_calendar *cal);

/* The years cal covers, in *first and *last: false when none, or when cal
 * is NULL (first and last untouched). first and last may be NULL.
 * Thread-safe on a calendar no thread modifies; cannot fail. */
bool rf_calendar_years(const rf_calendar *cal, int *first, int *last);
/* Widens the years cal covers to include first_year..last_year; they stay
 * one run, so the years between are covered too. Newly covered days are
 * ordinary. RF_E_RANGE for a year outside 1970..9999 or first_year >
 * last_year, RF_E_NOMEM (cal unchanged), RF_E_USAGE when cal is NULL. err
 * may be NULL. Not thread-safe: it modifies cal. */
rf_status rf_calendar_cover(rf_calendar *cal, int first_year, int last_year, rf_error *err);
/* Makes year-month-day a day of that kind (RF_DAY_ORDINARY undoes a mark),
 * covering its year first when needed. RF_E_RANGE for a date that does not
 * exist or a year outside 1970..9999, RF_E_INVALID for a kind that is not an
 * rf_day_kind, RF_E_NOMEM (cal unchanged), RF_E_USAGE when cal is NULL. err
 * may be NULL. Not thread-safe: it modifies cal. */
rf_status rf_calendar_set_day(rf_calendar *cal, int year, int month, int day, rf_day_kind kind,
                              rf_error *err);
/* *kind = what year-month-day is. RF_E_CALENDAR when its year is not
 * covered, RF_E_RANGE for a date that does not exist or a year outside
 * 1970..9999, RF_E_USAGE when cal or kind is NULL (*kind untouched on
 * error). No rf_error. Thread-safe on a calendar no thread modifies. */
rf_status rf_calendar_get_day(const rf_calendar *cal, int year, int month, int day,
                              rf_day_kind *kind);

/* Installs a copy of cal on ctx for every later call (cal is only read and
 * stays the caller's); cal NULL: the built-in calendar again. RF_E_INVALID
 * when cal covers no years, RF_E_NOMEM, RF_E_USAGE when ctx is NULL; on
 * error ctx keeps its calendar. err may be NULL. Not thread-safe: it
 * configures ctx. */
rf_status rf_ctx_set_calendar(rf_ctx *ctx, const rf_calendar *cal, rf_error *err);

/* Replaces the calendar with one read from {"holidays": {"YYYY-MM-DD": name,
 * ...}, "workdays": {...}}: both objects required (either may be empty, not
 * both), names strings, the only other keys "source" (a string) and
 * "timezone" (the string "+08:00"). The years covered are those from the
 * earliest to the latest date listed. Errors: the JSON reader's, RF_E_INVALID
 * for a wrong shape, an unknown key, a malformed date or a day listed in both
 * objects, RF_E_RANGE for an impossible date or a year outside 1970..9999,
 * with err's field the JSON path ("holidays.2024-02-30") and its position at
 * the key for errors about a key (dates, unknown keys), at the value
 * otherwise; RF_E_NOMEM; RF_E_USAGE when ctx or json is NULL (whatever len).
 * On error ctx keeps its calendar. name and err: as for rf_ctx_load_policy.
 * Not thread-safe: it configures ctx. */
rf_status rf_ctx_load_calendar(rf_ctx *ctx, const char *json, size_t len,
                               const char *name, rf_error *err);

/* ------------------------------------------------------------------------ */
/* Cases                                                                     */

typedef struct rf_case rf_case;

/* A case is an order and its events, every string its own copy. It
 * allocates through the allocator of the context it was made with and
 * remembers it, so rf_case_free needs no context. One case belongs to one
 * thread at a time; the const functions (rf_case_order, rf_case_event,
 * rf_case_clone, rf_render_case, rf_replay...) may run concurrently on one
 * case that no thread modifies. */

/* Parses a case file (FORMAT.md section 1, docs/file-format.md) of len
 * bytes (no NUL needed). ctx may be NULL (the C library's allocator); the
 * case copies ctx's allocator and keeps no pointer to ctx or json, so both
 * may go first. json may be NULL only with len 0 (an empty text:
 * RF_E_JSON); a NULL json with len > 0 is RF_E_USAGE. name is the input's
 * name (may be NULL): on error err->name points at it, as for
 * rf_ctx_load_policy. On success *out is a new case, the caller's: free it
 * with rf_case_free. On error *out is NULL and err (may be NULL) has the
 * status, the JSON path of the field and its line and column: RF_E_JSON
 * (malformed), RF_E_LIMIT (docs/limits.md), RF_E_INVALID (a value, an
 * unknown or missing key; a NULL out), RF_E_NOMEM. Thread-safe (ctx is
 * only read). */
rf_status rf_case_parse(const rf_ctx *ctx, const char *json, size_t len,
                        const char *name, rf_case **out, rf_error *err);

/* Checks a case file as rf_case_parse reads it, but reports every mistake
 * it finds instead of the first: for `refund validate`, so that one run
 * shows everything to fix. A document that is not JSON, or exceeds a limit,
 * gives that one error (after a syntax error nothing further can be read);
 * a well-formed one gives every invalid field: wrong values, bad money and
 * times, unknown, repeated and missing keys, each with its field path and
 * position. errs[0..cap) receives the first cap errors in the order the
 * file gives them, object by object: an object's repeated keys, its members
 * in order, then the keys it lacks (those are at the object's '{'). Each is
 * filled as rf_case_parse fills its rf_error (name pointing at name); what
 * only a replay can tell (RF_MAX_REQUESTS, the calendar) is not checked
 * here. *count is the number found, which may exceed cap (the rest are not
 * stored; count NULL: not told). Returns RF_OK when json is a valid case
 * (*count 0), the status that stopped the reading (RF_E_JSON, RF_E_LIMIT,
 * RF_E_NOMEM), or RF_E_INVALID when there were only invalid fields. errs
 * may be NULL only with cap 0, and json only with len 0 (an empty text:
 * RF_E_JSON); else RF_E_USAGE, with nothing stored. ctx may be NULL (the C
 * library's allocator); nothing of the case is kept. Thread-safe (ctx is
 * only read). */
rf_status rf_case_validate(const rf_ctx *ctx, const char *json, size_t len, const char *name,
                           rf_error *errs, size_t cap, size_t *count);

/* Frees c and every string it holds: the pointers rf_case_order,
 * rf_case_event and rf_case_parse_event gave, and the strings of verdicts
 * replayed from c, end with it. NULL is fine. Not thread-safe: no other
 * thread may be using c. Cannot fail. */
void rf_case_free(rf_case *c);

/* A new case with no events for a copy of *order (its strings copied), for
 * shop software building a history in code with rf_case_append. order must
 * be initialized with RF_ORDER_INIT or rf_order_init (its size is checked,
 * see rf_order); its id may be NULL (stored as ""). The values must be
 * those a file could hold: RF_E_INVALID names the first that is not
 * (amounts 0..RF_FEN_MAX, enumerations in range), and for a NULL order or
 * out; RF_E_NOMEM. ctx may be NULL (the C library's allocator). On success
 * *out is the caller's, to free with rf_case_free; on error it is NULL.
 * err may be NULL. Thread-safe (order and ctx are only read). */
rf_status rf_case_new(const rf_ctx *ctx, const rf_order *order, rf_case **out, rf_error *err);

/* A deep copy of c into *out: the order, every event and every string,
 * with c's allocator; the copy is independent of c (free both with
 * rf_case_free). RF_E_INVALID if c or out is NULL, RF_E_NOMEM; on error
 * *out is NULL (when out is not). err may be NULL. c is only read:
 * thread-safe on a case no thread modifies. */
rf_status rf_case_clone(const rf_case *c, rf_case **out, rf_error *err);

/* The case's order, its events and their count. The pointers point into
 * the case, which owns them: they stay valid until the case is modified
 * (rf_case_append may move the events; rf_case_truncate ends the removed
 * ones) or freed, and their strings until it is freed. Their size field is
 * the library's sizeof. rf_case_event returns NULL for index >= the count.
 * c NULL reads as no case: NULL, 0 and NULL. Thread-safe on a case no
 * thread modifies; none can fail. */
const rf_order *rf_case_order(const rf_case *c);
size_t rf_case_event_count(const rf_case *c);
const rf_event *rf_case_event(const rf_case *c, size_t index);

/* Parses one event object json[0..len) (as `refund apply` reads it) into
 * *out, by the same rules as an event of a case file; errors name
 * "event.KEY". *out's strings point into storage owned by c (they live as
 * long as c, and are not part of its history: pass *out to rf_case_append
 * for that). *out's size is set to the library's sizeof(rf_event), so it
 * must be a whole rf_event of this header. Errors: RF_E_JSON, RF_E_LIMIT,
 * RF_E_INVALID (the event's shape or values, and a NULL c or out),
 * RF_E_NOMEM. json and name: as for rf_case_parse; err may be NULL. Not
 * thread-safe: it writes into c's storage, so no other thread may use c
 * meanwhile. */
rf_status rf_case_parse_event(rf_case *c, const char *json, size_t len,
                              const char *name, rf_event *out, rf_error *err);
/* The text of a case file with one event appended to its events array: the
 * event's JSON exactly as written, every other byte of the case unchanged.
 * *out is a NUL-terminated text (its length in *out_len; out_len may be
 * NULL) allocated with ctx's allocator (ctx may be NULL): the caller frees
 * it with rf_string_free. This does not judge the event; see `refund
 * apply`. case_json and event_json need no NUL and may be NULL only with
 * their len 0 (an empty text: RF_E_JSON); NULL with a len > 0 is
 * RF_E_USAGE. Errors: the JSON reader's for either text (RF_E_JSON,
 * RF_E_LIMIT, RF_E_NOMEM), RF_E_INVALID when the case has no events array
 * or out is NULL; on error *out is NULL (when out is not). err
 * may be NULL. Thread-safe: it only reads its inputs. */
rf_status rf_case_splice_event(const rf_ctx *ctx, const char *case_json, size_t case_len,
                               const char *event_json, size_t event_len, char **out,
                               size_t *out_len, rf_error *err);

/* Appends a copy of *ev to the case (its strings copied, the caller keeps
 * ev). The optional fields ev->has does not carry are not kept: they read
 * as zero or NULL, as in an event read from a file. ev must be initialized with RF_EVENT_INIT or rf_event_init (its size
 * is checked, see rf_event). Checks the event as a file's event is checked
 * (an id, a known type and actor, only the fields ev->has says and the
 * type takes, every field the type requires, each value in range) and that
 * its id is new in the case; not its legality, which is rf_replay's
 * business. RF_E_INVALID (err names the field; also for a NULL c or ev),
 * RF_E_LIMIT past 10,000 events, RF_E_NOMEM; on error the case is
 * unchanged. err may be NULL. Not thread-safe: it modifies c. */
rf_status rf_case_append(rf_case *c, const rf_event *ev, rf_error *err);

/* Keeps the first count events of c and drops the rest (count >= the
 * number of events changes nothing): shop software tries an event by
 * appending it and replaying, then undoes it with
 * rf_case_truncate(c, n_before). The strings of the dropped events stay in
 * the case's storage until rf_case_free (a few bytes per try; clone the
 * case instead for very long runs of tries). NULL c is fine (nothing
 * happens). Not thread-safe: it modifies c. Cannot fail. */
void rf_case_truncate(rf_case *c, size_t count);

/* ---- where an imported case came from (TOP.md section 3) ------------------ */

/* A case written by an importer (`refund import top`, the rf_import_*
 * functions below) says where it came from and what its source could not
 * tell, in the optional top-level "import" object of the case file:
 *
 *   "import": {"from": "top", "tid": "...", "oid": "...",
 *              "refunds": [{"refund_id": "...", "bill_type": "return_bill",
 *                           "reason_text": "七天无理由退换货", "status": "SUCCESS",
 *                           "cs_status": 1}],
 *              "assumed": ["order.seller_shipping_cost"], "missing": ["delivered"]}
 *
 * Every case file may carry it; rf_replay then lists `assumed` and `missing`
 * in the verdict and marks what rests on them (rf_verdict.assumed,
 * rf_finding.basis). The two structs below are its typed form. */

/* One refund of the order as its source gave it. */
typedef struct rf_import_refund {
    size_t size;              /* sizeof(rf_import_refund): RF_IMPORT_REFUND_INIT / rf_import_refund_init */
    const char *refund_id;    /* required: the digits of the refund's id */
    const char *bill_type;    /* refund_bill, return_bill or replace_bill; NULL: null (none was given) */
    const char *reason_text;  /* the buyer's reason as written; NULL: null */
    const char *status;       /* the refund's status in its source (SUCCESS...); NULL: null */
    int cs_status;            /* customer-service status 1..6 (TOP.md 1.3); 0: null */
    /* New fields go here, at the end. */
} rf_import_refund;

/* An import refund with its size and every field null: set refund_id. */
#define RF_IMPORT_REFUND_INIT { sizeof(rf_import_refund), NULL, NULL, NULL, NULL, 0 }
/* Sets *r to RF_IMPORT_REFUND_INIT; r NULL: nothing. Thread-safe, cannot
 * fail. */
void rf_import_refund_init(rf_import_refund *r);

/* The refunds of an rf_case_import: count of them, in the case's storage.
 * Read them with rf_case_import_refund (the stride of items is the
 * library's sizeof(rf_import_refund), which grows in later versions). */
typedef struct rf_import_refunds {
    size_t count;
    const rf_import_refund *items;
} rf_import_refunds;

typedef struct rf_case_import {
    size_t size;              /* sizeof(rf_case_import): RF_CASE_IMPORT_INIT / rf_case_import_init */
    const char *from;         /* required: the source, "top" */
    const char *tid;          /* the trade's id; NULL: null */
    const char *oid;          /* the sub-order's id; NULL: null */
    rf_import_refunds refunds;/* read only: rf_case_set_import ignores it */
    /* Order fields the importer assumed (not in its source): bit
     * (UINT64_C(1) << RF_ORDER_KEY_...), written "order.KEY". */
    uint64_t assumed;
    /* Kinds of event the source cannot record although they happened or
     * may have: bit (UINT64_C(1) << RF_EV_...), written by event type name
     * (TOP never records `delivered`). */
    uint64_t missing;
    /* New fields go here, at the end. */
} rf_case_import;

/* An import object with its size and every field null: set `from`. */
#define RF_CASE_IMPORT_INIT { sizeof(rf_case_import), NULL, NULL, NULL, {0, NULL}, 0, 0 }
/* Sets *imp to RF_CASE_IMPORT_INIT; imp NULL: nothing. Thread-safe, cannot
 * fail. */
void rf_case_import_init(rf_case_import *imp);

/* The import object of c, NULL when it has none (a hand-written case) or c
 * is NULL. It points into c: valid until c is modified or freed; its
 * strings are c's. Its size is the library's sizeof. Thread-safe on a case
 * no thread modifies; cannot fail. */
const rf_case_import *rf_case_get_import(const rf_case *c);
/* The index-th refund of c's import object; NULL past the count, when c
 * has none or c is NULL. It points into c, valid as rf_case_get_import's
 * result. Thread-safe on a case no thread modifies; cannot fail. */
const rf_import_refund *rf_case_import_refund(const rf_case *c, size_t index);

/* Gives c the import object *imp (its strings copied; its refunds member
 * ignored: the object starts with none), replacing any it had; imp NULL
 * removes it. imp must be initialized with RF_CASE_IMPORT_INIT or
 * rf_case_import_init. Checked as a file's would be: RF_E_INVALID naming the
 * field (a missing `from`, an empty string, a bit no key or event type has;
 * a NULL c). RF_E_NOMEM. On error c is unchanged; err (may be NULL) says
 * why, first error wins. Not thread-safe: it modifies c. */
rf_status rf_case_set_import(rf_case *c, const rf_case_import *imp, rf_error *err);
/* Appends a copy of *r to the refunds of c's import object. r must be
 * initialized with RF_IMPORT_REFUND_INIT or rf_import_refund_init.
 * RF_E_INVALID when c has no import object, r is NULL or a value is out of
 * range (a missing refund_id, cs_status outside 1..6; also a NULL c);
 * RF_E_LIMIT past RF_MAX_REQUESTS refunds; RF_E_NOMEM. On error c is
 * unchanged; err (may be NULL) says why, first error wins. Not
 * thread-safe: it modifies c. */
rf_status rf_case_add_import_refund(rf_case *c, const rf_import_refund *r, rf_error *err);

/* ------------------------------------------------------------------------ */
/* Settlement: who pays postage, what is deducted (RULES.md section 3)       */

/* X(enum, "id", seed, "zh", "en") */
#define RF_RULE_LIST(X)                                                       \
    X(RF_RULE_Q, "Q", "000:638,740", "质量问题等卖家责任:卖家承担邮费", "quality problem or another seller-side fault: the seller pays postage") \
    X(RF_RULE_S, "S", "000:642,744", "交易成功后退换", "after the trade finished: the buyer pays postage")   \
    X(RF_RULE_F, "F", "000:634,736", "包邮活动商品退换", "free-shipping promotion item") \
    X(RF_RULE_N, "N", "000:630,732", "七天无理由(不喜欢)", "no reason: the buyer pays postage both ways")

typedef enum rf_rule {
#define RF_X_(e, id, seed, zh, en) e,
    RF_RULE_LIST(RF_X_)
#undef RF_X_
    RF_RULE_COUNT
} rf_rule;

/* The names of a rule: its letter ("Q"), its seed lines ("000:638,740")
 * and its label in Chinese (zh true) or English. Static strings, never
 * freed; NULL if rule is out of range. Thread-safe; none can fail. */
const char *rf_rule_id(rf_rule rule);
const char *rf_rule_seed(rf_rule rule);
const char *rf_rule_label(rf_rule rule, bool zh);

/* Deduction line ids. X(enum, "id", seed, "zh", "en") */
#define RF_DEDUCTION_LIST(X)                                                  \
    X(RF_DED_OUTBOUND_POSTAGE, "outbound_postage", "000:634", "扣除发货邮费", "outbound postage the seller paid") \
    X(RF_DED_HANDLING_FEE,     "handling_fee",     "000:642", "手续费5.5%",   "mall handling fee") \
    X(RF_DED_INVOICE_TAX,      "invoice_tax",      "000:642", "发票未退回扣点", "invoice issued and not returned")

typedef enum rf_deduction_id {
#define RF_X_(e, id, seed, zh, en) e,
    RF_DEDUCTION_LIST(RF_X_)
#undef RF_X_
    RF_DED_COUNT
} rf_deduction_id;

/* The names of a deduction line: its id ("outbound_postage"), its seed
 * line and its label in Chinese (zh true) or English. Static strings, never
 * freed; NULL if id is out of range. Thread-safe; none can fail. */
const char *rf_deduction_name(rf_deduction_id id);   /* "outbound_postage" */
const char *rf_deduction_seed(rf_deduction_id id);
const char *rf_deduction_label(rf_deduction_id id, bool zh);

/* Extra remedies the seeds prescribe beside the money (RULES.md section 3,
 * "other after-sales rules"). */
#define RF_REMEDY_LIST(X)                                                     \
    X(RF_REMEDY_NONE,          "none",          "-", "", "")                  \
    X(RF_REMEDY_GOODWILL,      "goodwill",      "000:656", "影响二次销售:可送VIP、礼物或下次包邮", "goods not resellable: offer VIP status, a gift or free shipping next time") \
    X(RF_REMEDY_KEEP_GOODS,    "keep_goods",    "000:638,002:58", "质量问题不明显:建议买家自行处理,折价不超过换货成本", "minor quality problem: suggest keeping the goods; a partial refund is capped at the cost of an exchange") \
    X(RF_REMEDY_CLAIM_CARRIER, "claim_carrier", "000:594-600,002:56", "丢件或破损:先退款或补发,再向快递索赔", "parcel lost or damaged in transit: refund or reship first, then claim from the carrier") \
    X(RF_REMEDY_RESHIP_PART,   "reship_part",   "002:56",  "少件:补发缺少的部分", "missing items: reship the missing part")

typedef enum rf_remedy {
#define RF_X_(e, id, seed, zh, en) e,
    RF_REMEDY_LIST(RF_X_)
#undef RF_X_
    RF_REMEDY_COUNT
} rf_remedy;

/* The names of a remedy: its id ("goodwill"), its seed lines ("-" for
 * RF_REMEDY_NONE) and its label in Chinese (zh true) or English ("" for
 * RF_REMEDY_NONE). Static strings, never freed; NULL if r is out of range.
 * Thread-safe; none can fail. */
const char *rf_remedy_name(rf_remedy r);
const char *rf_remedy_seed(rf_remedy r);
const char *rf_remedy_label(rf_remedy r, bool zh);

/* What the buyer asked for, and the facts around it. */
typedef struct rf_settle_request {
    size_t size;              /* sizeof(rf_settle_request): RF_SETTLE_REQUEST_INIT / rf_settle_request_init */
    rf_kind kind;
    rf_reason reason;
    bool has_amount;          /* false: the whole item_amount is asked for */
    rf_fen amount;            /* the requested refund */
    rf_goods goods;
    bool invoice_returned;    /* mall, after success: the buyer sent the invoice back */
    bool after_success;       /* requested after TRADE_FINISHED (rule S) */
    rf_fen return_postage;    /* postage the buyer advanced for the return (0 if unknown) */
    /* missing items: whether the order note was made (false: the receiving
     * agent bears the reship postage; true: the warehouse erred, the shop does). */
    bool order_note_made;
    /* New fields go here, at the end. */
} rf_settle_request;

/* A refund_only request for no reason, no amount (the whole item), goods
 * resellable, before the trade finished, nothing else known. */
#define RF_SETTLE_REQUEST_INIT \
    { sizeof(rf_settle_request), RF_KIND_REFUND_ONLY, RF_REASON_NO_REASON, false, 0, RF_GOODS_RESELLABLE, \
      false, false, 0, false }
/* Sets *r to RF_SETTLE_REQUEST_INIT. r NULL: does nothing. Thread-safe;
 * cannot fail. */
void rf_settle_request_init(rf_settle_request *r);

typedef struct rf_deduction {
    rf_deduction_id id;
    rf_fen amount;
    /* handling_fee only: its two parts, which sum exactly to amount. */
    rf_fen commission;        /* 5 % platform commission */
    rf_fen points;            /* 0.5 % mall points given to the buyer */
} rf_deduction;

typedef struct rf_settlement {
    size_t size;              /* sizeof(rf_settlement): RF_SETTLEMENT_INIT / rf_settlement_init */
    rf_rule rule;
    bool eligible;            /* false: goods not resellable, reason no_reason or other (not a seller/carrier fault) */
    rf_fen base;              /* goods refunded: item_amount, or the requested part */
    rf_fen allowed;           /* what the rule allows: base + postage back - deductions */
    rf_fen refund;            /* min(requested, allowed); 0 for an exchange */
    rf_fen postage_refunded;  /* outbound postage given back inside refund (rule Q) */
    size_t deduction_count;
    rf_deduction deductions[RF_DED_COUNT];
    rf_party return_postage_payer;
    rf_party exchange_postage_payer;  /* meaningful for kind exchange */
    rf_insurance insurance;   /* whose shipping insurance covers postage; NONE if nobody's */
    rf_fen payment_link;      /* mall quality: return postage reimbursed through a 收款链接 */
    rf_fen partial_cap;       /* minor quality, partial refund: the cost of an exchange to the shop,
                               * 2 x seller_shipping_cost + the buyer's return_postage; 0 if n/a or unknown */
    rf_remedy remedy;
    rf_party reship_postage_payer;    /* missing items only */
    bool reship_by_agent;     /* missing items: the receiving agent (not the shop) bears the reship postage */
    /* Minor quality, partial refund, and the order records no postage at all
     * (seller_shipping_cost, shipping_fee and return_postage all 0): the cost
     * of an exchange, hence the cap, is unknown, not 0. partial_cap is then 0
     * and unused, and the requested amount stands (never more than base).
     * Appended in rules revision 2; false in every other settlement. */
    bool partial_cap_unknown;
} rf_settlement;

/* An rf_settlement ready for rf_settle to fill: its size, every other
 * field zero (spelled out, so that -Wextra stays quiet in callers). */
#define RF_SETTLEMENT_INIT \
    { sizeof(rf_settlement), RF_RULE_Q, false, 0, 0, 0, 0, 0, {{RF_DED_OUTBOUND_POSTAGE, 0, 0, 0}}, \
      RF_PARTY_BUYER, RF_PARTY_BUYER, RF_INSURANCE_NONE, 0, 0, RF_REMEDY_NONE, RF_PARTY_BUYER, false, false }
/* Sets *s to RF_SETTLEMENT_INIT. s NULL: does nothing. Thread-safe; cannot
 * fail. */
void rf_settlement_init(rf_settlement *s);

/* Chooses the one rule that applies (Q, S, F, N; first match wins) for the
 * request req on order and works out the money into *out. Pure and
 * thread-safe; ctx supplies the policy (NULL: the built-in policy). order,
 * req and out must be initialized with RF_ORDER_INIT, RF_SETTLE_REQUEST_INIT
 * and RF_SETTLEMENT_INIT (or their _init functions): their sizes are
 * checked (see rf_order), and only the bytes out's size declares are
 * written. RF_E_RANGE if arithmetic would overflow or an amount is above
 * RF_FEN_MAX, RF_E_INVALID for out-of-range enums or negative amounts, a
 * NULL order, req or out, or a size that is not right. On error *out holds
 * no settlement (zeros but its size, once its size was found right). err
 * may be NULL. */
rf_status rf_settle(const rf_ctx *ctx, const rf_order *order,
                    const rf_settle_request *req, rf_settlement *out, rf_error *err);

/* ------------------------------------------------------------------------ */
/* The five machines (RULES.md section 2)                                    */

/* States: X(enum, "NAME", "中文 label as the seller console shows it", seed) */
#define RF_TRADE_STATE_LIST(X)                                                \
    X(RF_TRADE_NO_CREATE_PAY,        "TRADE_NO_CREATE_PAY",      "没有创建支付宝交易", "TOP") \
    X(RF_TRADE_WAIT_BUYER_PAY,       "WAIT_BUYER_PAY",           "等待买家付款",     "000:26")  \
    X(RF_TRADE_WAIT_SELLER_SEND_GOODS, "WAIT_SELLER_SEND_GOODS", "买家已付款,等待卖家发货", "000:710") \
    X(RF_TRADE_WAIT_BUYER_CONFIRM_GOODS, "WAIT_BUYER_CONFIRM_GOODS", "卖家已发货,等待买家确认收货", "000:644") \
    X(RF_TRADE_FINISHED,             "TRADE_FINISHED",           "交易成功",         "000:642") \
    X(RF_TRADE_CLOSED,               "TRADE_CLOSED",             "交易关闭(退款成功)", "TOP")  \
    X(RF_TRADE_CLOSED_BY_TAOBAO,     "TRADE_CLOSED_BY_TAOBAO",   "交易被淘宝关闭",   "000:26")

#define RF_REFUND_STATE_LIST(X)                                               \
    X(RF_REFUND_NONE,                "NONE",                     "无退款",           "-")       \
    X(RF_REFUND_WAIT_SELLER_AGREE,   "WAIT_SELLER_AGREE",        "退款协议等待卖家确认中", "000:614") \
    X(RF_REFUND_SELLER_REFUSE_BUYER, "SELLER_REFUSE_BUYER",      "卖家不同意协议,等待买家修改", "000:616") \
    X(RF_REFUND_WAIT_BUYER_RETURN_GOODS, "WAIT_BUYER_RETURN_GOODS", "退款协议达成,等待买家退货", "000:756") \
    X(RF_REFUND_WAIT_SELLER_CONFIRM_GOODS, "WAIT_SELLER_CONFIRM_GOODS", "买家已退货,等待卖家确认收货", "000:618") \
    X(RF_REFUND_SUCCESS,             "SUCCESS",                  "退款成功",         "000:618") \
    X(RF_REFUND_CLOSED,              "CLOSED",                   "退款关闭",         "TOP")

#define RF_EXCHANGE_STATE_LIST(X)                                             \
    X(RF_EXCH_NONE,                  "NONE",                     "无换货",           "-")       \
    X(RF_EXCH_WAIT_SELLER_AGREE,     "WAIT_SELLER_AGREE",        "换货申请等待卖家确认中", "000:608") \
    X(RF_EXCH_SELLER_REFUSE_BUYER,   "SELLER_REFUSE_BUYER",      "卖家不同意换货,等待买家修改", "000:616") \
    X(RF_EXCH_WAIT_BUYER_RETURN_GOODS, "WAIT_BUYER_RETURN_GOODS", "换货协议达成,等待买家退货", "000:608") \
    X(RF_EXCH_WAIT_SELLER_CONFIRM_GOODS, "WAIT_SELLER_CONFIRM_GOODS", "买家已退货,等待卖家确认收货", "000:606") \
    X(RF_EXCH_WAIT_SELLER_SEND_GOODS, "WAIT_SELLER_SEND_GOODS",  "卖家已收到退货,等待卖家换出", "000:610") \
    X(RF_EXCH_WAIT_BUYER_CONFIRM_EXCHANGE, "WAIT_BUYER_CONFIRM_EXCHANGE", "卖家已换出,等待买家确认收货", "000:610") \
    X(RF_EXCH_SUCCESS,               "SUCCESS",                  "换货成功",         "000:610") \
    X(RF_EXCH_CLOSED,                "CLOSED",                   "换货关闭",         "TOP")

#define RF_INTERVENTION_STATE_LIST(X)                                         \
    X(RF_INTV_NONE,                  "NONE",                     "未申请客服介入",   "-")       \
    X(RF_INTV_REQUESTED,             "REQUESTED",                "已申请客服介入",   "000:694") \
    X(RF_INTV_INTERVENING,           "INTERVENING",              "客服介入处理中",   "000:694") \
    X(RF_INTV_RULED,                 "RULED",                    "客服已判定",       "000:694")

#define RF_COMPLAINT_STATE_LIST(X)                                            \
    X(RF_COMPLAINT_NONE,             "NONE",                     "未维权",           "-")       \
    X(RF_COMPLAINT_FILED,            "FILED",                    "维权已发起",       "000:698") \
    X(RF_COMPLAINT_APPEALED,         "APPEALED",                 "被维权方已申诉举证", "000:712") \
    X(RF_COMPLAINT_RESOLVED,         "RESOLVED",                 "维权已处理",       "000:700") \
    X(RF_COMPLAINT_WITHDRAWN,        "WITHDRAWN",                "维权已撤销",       "000:698")

#define RF_ENUM4_(e, n, z, s) e,
typedef enum rf_trade_state  { RF_TRADE_STATE_LIST(RF_ENUM4_) RF_TRADE_STATE_COUNT } rf_trade_state;
typedef enum rf_refund_state { RF_REFUND_STATE_LIST(RF_ENUM4_) RF_REFUND_STATE_COUNT } rf_refund_state;
typedef enum rf_exchange_state { RF_EXCHANGE_STATE_LIST(RF_ENUM4_) RF_EXCHANGE_STATE_COUNT } rf_exchange_state;
typedef enum rf_intervention_state { RF_INTERVENTION_STATE_LIST(RF_ENUM4_) RF_INTERVENTION_STATE_COUNT } rf_intervention_state;
typedef enum rf_complaint_state { RF_COMPLAINT_STATE_LIST(RF_ENUM4_) RF_COMPLAINT_STATE_COUNT } rf_complaint_state;
#undef RF_ENUM4_

/* Audit findings (RULES.md section 4). X(enum, "CODE", "zh", "en") */
#define RF_FINDING_LIST(X)                                                    \
    X(RF_FINDING_NONE,               "NONE",                "无",               "none") \
    X(RF_FINDING_ILLEGAL_TRANSITION, "ILLEGAL_TRANSITION",  "当前状态不允许该操作", "the current state does not allow this event") \
    X(RF_FINDING_WRONG_ACTOR,        "WRONG_ACTOR",         "该方无权执行此操作", "this party may not fire this event") \
    X(RF_FINDING_OUT_OF_ORDER,       "OUT_OF_ORDER",        "时间早于前一事件", "timestamp earlier than the event before it") \
    X(RF_FINDING_DUPLICATE_EVENT,    "DUPLICATE_EVENT",     "事件编号重复",     "the same event id twice") \
    X(RF_FINDING_MISSED_TIMEOUT,     "MISSED_TIMEOUT",      "期限已过,超时已先生效", "a deadline had expired: the timeout took effect first") \
    X(RF_FINDING_SEVEN_DAY_REFUSAL,  "SEVEN_DAY_REFUSAL",   "七天无理由退换拒绝不了:须先同意,退货后才可拒绝", "an eligible 7-day no-reason request cannot be refused before the goods come back") \
    X(RF_FINDING_NOT_ELIGIBLE,       "NOT_ELIGIBLE",        "不符合条件或超出期限", "not eligible, or outside its window") \
    X(RF_FINDING_AMOUNT_EXCEEDS_PAID, "AMOUNT_EXCEEDS_PAID", "退款金额超过买家实付", "refund above what the buyer paid") \
    X(RF_FINDING_AMOUNT_MISMATCH,    "AMOUNT_MISMATCH",     "实退金额与结算规则不符", "refund paid differs from the settlement") \
    X(RF_FINDING_LATE_SHIPMENT,      "LATE_SHIPMENT",       "超过发货时限",     "shipped later than the shipping limit") \
    X(RF_FINDING_PLATFORM_LATE,      "PLATFORM_LATE",       "平台超过工作日期限处理", "the platform acted after its working-day limit") \
    X(RF_FINDING_EXCHANGE_POSTAGE_UNPAID, "EXCHANGE_POSTAGE_UNPAID", "买家未补邮费即换出", "replacement shipped before the buyer paid the postage owed")

typedef enum rf_finding_code {
#define RF_X_(e, code, zh, en) e,
    RF_FINDING_LIST(RF_X_)
#undef RF_X_
    RF_FINDING_COUNT
} rf_finding_code;

/* The stable code of a finding ("MISSED_TIMEOUT") and its label in Chinese
 * (zh true) or English. Static strings, never freed; NULL if code is out of
 * range. Thread-safe; neither can fail. */
const char *rf_finding_name(rf_finding_code code);               /* "MISSED_TIMEOUT" */
const char *rf_finding_label(rf_finding_code code, bool zh);

/* Guards: the conditions a transition row may carry. X(enum, "name", "en") */
#define RF_GUARD_LIST(X)                                                      \
    X(RF_GUARD_NONE,            "",                    "always")               \
    X(RF_GUARD_REFUND_ONLY,     "kind=refund_only",    "the request is refund-only") \
    X(RF_GUARD_RETURN_REFUND,   "kind=return_refund",  "the request includes a return") \
    X(RF_GUARD_MAY_REFUSE,      "may_refuse",          "not an eligible 7-day request, goods shipped") \
    X(RF_GUARD_POSTAGE_SETTLED, "postage_settled",     "no exchange postage is owed unpaid") \
    X(RF_GUARD_FOR_BUYER,       "for=buyer",           "ruled for the buyer")  \
    X(RF_GUARD_FOR_SELLER,      "for=seller",          "ruled for the seller") \
    X(RF_GUARD_REFUND_OPEN,     "refund_open",         "a refund or exchange is open") \
    X(RF_GUARD_TRADE_PAID,      "trade_paid",          "the trade is paid and not closed") \
    X(RF_GUARD_COMPLAINT_ELIGIBLE, "eligible",         "the complaint type may be filed now") \
    X(RF_GUARD_GOODS_BACK,      "goods_back",          "the goods of this request were already sent back")

typedef enum rf_guard {
#define RF_X_(e, n, en) e,
    RF_GUARD_LIST(RF_X_)
#undef RF_X_
    RF_GUARD_COUNT
} rf_guard;

/* The name of a guard as the tables print it ("kind=refund_only"; "" for
 * RF_GUARD_NONE). Static string, never freed; NULL if guard is out of
 * range. Thread-safe; cannot fail. */
const char *rf_guard_name(rf_guard guard);

/* One row of a transition table. actors is a bit set of (1u << rf_actor). */
typedef struct rf_transition {
    int from;
    rf_event_type event;
    unsigned actors;
    rf_guard guard;
    int to;
    const char *seed;         /* the seed line the rule comes from */
} rf_transition;

typedef struct rf_machine {
    rf_machine_id id;
    const char *name;                 /* "trade", "refund", ... */
    size_t state_count;
    const char *const *state_names;   /* "WAIT_SELLER_AGREE" */
    const char *const *state_labels;  /* 中文 label */
    const char *const *state_seeds;
    const bool *terminal;             /* absorbing states */
    int initial;
    const rf_transition *rows;
    size_t row_count;
} rf_machine;

/* The const description of a machine, in static storage (never freed, never
 * modified); NULL for an unknown id. rf_machine_lookup takes a name
 * ("trade"): NULL for an unknown name, or a NULL name. Thread-safe; neither
 * can fail. */
const rf_machine *rf_machine_get(rf_machine_id id);
const rf_machine *rf_machine_lookup(const char *name);

/* What a guard may look at: facts the engine derives from the whole case. */
typedef struct rf_facts {
    size_t size;                   /* sizeof(rf_facts): RF_FACTS_INIT / rf_facts_init */
    rf_kind kind;                  /* of the open refund/exchange request */
    bool seven_day_eligible;       /* the open request is an eligible 7-day no-reason one */
    bool goods_shipped;            /* the trade's goods have been shipped */
    bool postage_owed;             /* exchange: the buyer owes postage */
    bool postage_paid;             /* exchange: exchange_postage_paid seen */
    bool refund_open;              /* a refund or exchange is open */
    bool trade_paid;               /* the trade is paid and not closed */
    bool complaint_eligible;       /* complaint_filed: eligible now (see rf_complaint_check) */
    rf_party ruling_for;           /* for ruling events */
    bool goods_back;               /* the goods of the open request were sent back (return_shipped) */
    /* New fields go here, at the end. */
} rf_facts;

/* Every fact false, kind refund_only, a ruling for the buyer. */
#define RF_FACTS_INIT \
    { sizeof(rf_facts), RF_KIND_REFUND_ONLY, false, false, false, false, false, false, false, RF_PARTY_BUYER, false }
/* Sets *f to RF_FACTS_INIT. f NULL: does nothing. Thread-safe; cannot fail. */
void rf_facts_init(rf_facts *f);

/* The answer of a table to (state, event, actor). */
typedef struct rf_step {
    bool allowed;                  /* the event applies: `to` is the next state */
    int to;
    rf_finding_code refusal;       /* !allowed: why (ILLEGAL_TRANSITION, WRONG_ACTOR, ...) */
    rf_finding_code flag;          /* allowed, but reported (EXCHANGE_POSTAGE_UNPAID) */
    const rf_transition *row;      /* the deciding row; NULL if none matched */
} rf_step;

/* The pure step function: state + event (type and actor) + facts -> next
 * state or a refusal with its reason, in *out. m is one of the library's
 * machines (rf_machine_get). *out's row points into m's static table. No
 * clock, no I/O, thread-safe. facts may be NULL (all false, as
 * RF_FACTS_INIT); otherwise its size is checked. RF_E_INVALID for a NULL m
 * or out or a bad facts size (then *out, if any, says "not allowed" with
 * no row). An event the table does not allow is RF_OK with out->allowed
 * false, not an error. No rf_error. */
rf_status rf_machine_step(const rf_machine *m, int state, rf_event_type type,
                          rf_actor actor, const rf_facts *facts, rf_step *out);

/* ------------------------------------------------------------------------ */
/* Replay: drive all five machines over a history, judge every step          */

/* An open deadline: who must act, by when, and what happens on expiry. The
 * due instant is inside: acting at the due second is in time; the timeout
 * takes effect only when nothing was done by then. A paused deadline (the
 * auto-confirm timer while a refund request is open, RULES.md 2.1) has no
 * due instant: `remaining_s` is the time it will have left when it resumes. */
typedef struct rf_deadline {
    const char *id;              /* static: "seller_response", "confirm_receipt", ... */
    rf_machine_id machine;
    rf_actor actor;              /* who must act */
    rf_time since;               /* the event that started the clock */
    rf_time due;                 /* meaningless when paused */
    bool has_expiry;             /* false: expiry only opens findings or rights */
    rf_event_type on_expiry;     /* the `system` event fired at due */
    const char *seed;
    bool paused;                 /* stopped: no due instant until it resumes */
    int64_t remaining_s;         /* paused: seconds left when it resumes */
} rf_deadline;

/* Why a finding was made: which sentence explains it and which of the typed
 * parameters of rf_finding it reads. X(enum, "id"). The engine records the
 * detail and the parameters; rf_finding_message composes the sentence. */
#define RF_FINDING_DETAIL_LIST(X)                                             \
    X(RF_DETAIL_NONE,                "none")                                  \
    X(RF_DETAIL_STATE,               "state")              /* machine, state the event met */ \
    X(RF_DETAIL_TIMEOUT_MOVED,       "timeout_moved")      /* deadline, due, machine, state moved to */ \
    X(RF_DETAIL_REQUEST_CLOSED,      "request_closed")     /* deadline, due: the timeout ended the request */ \
    X(RF_DETAIL_TIMEOUT_EARLY,       "timeout_early")      /* deadline, due */ \
    X(RF_DETAIL_TIMEOUT_LATE,        "timeout_late")                          \
    X(RF_DETAIL_DUPLICATE,           "duplicate")                             \
    X(RF_DETAIL_EARLIER_EVENT,       "earlier_event")      /* since: the preceding event */ \
    X(RF_DETAIL_GOODS_EXCLUDED,      "goods_excluded")                        \
    X(RF_DETAIL_NOT_RESELLABLE,      "not_resellable")                        \
    X(RF_DETAIL_WINDOW_ENDED,        "window_ended")       /* since, due, limit (hours) */ \
    X(RF_DETAIL_REQUESTED_ABOVE_LEFT, "requested_above_left") /* actual, expected, paid, refunded_before */ \
    X(RF_DETAIL_REFUNDED_ABOVE_LEFT, "refunded_above_left") /* actual, expected, paid, refunded_before */ \
    X(RF_DETAIL_SETTLEMENT_DIFFERS,  "settlement_differs") /* actual, expected, rule */ \
    X(RF_DETAIL_POSTAGE_OWED,        "postage_owed")                          \
    X(RF_DETAIL_SHIP_BY,             "ship_by")            /* due, since (payment), limit (hours) */ \
    X(RF_DETAIL_REPLACEMENT_SHIP_BY, "replacement_ship_by") /* due, since, limit (hours) */ \
    X(RF_DETAIL_PLATFORM_BY,         "platform_by")        /* due */ \
    X(RF_DETAIL_COMPLAINT_FILER,     "complaint_filer")    /* complaint */ \
    X(RF_DETAIL_COMPLAINT_CHANNEL,   "complaint_channel")  /* complaint */ \
    X(RF_DETAIL_COMPLAINT_WINDOW,    "complaint_window")   /* complaint, limit (days), since */ \
    X(RF_DETAIL_COMPLAINT_REVIEW,    "complaint_review")   /* complaint */ \
    X(RF_DETAIL_COMPLAINT_EXEMPT,    "complaint_exempt")   /* complaint */ \
    X(RF_DETAIL_COMPLAINT_NOT_LATE,  "complaint_not_late") /* complaint, limit (hours) */ \
    X(RF_DETAIL_COMPLAINT_STATE,     "complaint_state")    /* complaint, limit (days) */ \
    X(RF_DETAIL_COMPLAINT_PARTY,     "complaint_party")    /* complaint: appeal by the respondent, withdrawal by the complainant */

typedef enum rf_finding_detail {
#define RF_X_(e, n) e,
    RF_FINDING_DETAIL_LIST(RF_X_)
#undef RF_X_
    RF_DETAIL_COUNT
} rf_finding_detail;

/* What a finding or a settlement rests on (TOP.md section 3). RECORDED:
 * only facts the case records. INFERRED: a finding resting on an event
 * with `inferred` keys, on an order field the case's import object lists
 * as `assumed`, or on a fact it lists as `missing` (a 7-day request taken
 * as inside the window when the delivery time is missing); a settlement
 * resting on inferred request terms. ASSUMED: a settlement computed from an
 * assumed order field. Hand-written cases have no import object: all
 * RECORDED. */
#define RF_BASIS_LIST(X)                                                      \
    X(RF_BASIS_RECORDED, "recorded", "记录")                                   \
    X(RF_BASIS_INFERRED, "inferred", "推定")                                   \
    X(RF_BASIS_ASSUMED,  "assumed",  "假定")

typedef enum rf_basis {
#define RF_X_(e, n, z) e,
    RF_BASIS_LIST(RF_X_)
#undef RF_X_
    RF_BASIS_COUNT
} rf_basis;

/* One audit finding: a code plus typed parameters. No sentence is stored:
 * rf_finding_message writes it, in Chinese or English, from these fields. */
typedef struct rf_finding {
    rf_finding_code code;
    rf_finding_detail detail;    /* which sentence, and which parameters below are set */
    const char *event_id;        /* the judged event's id (owned by the case); NULL for an inserted timeout */
    size_t event_index;          /* index in the case; SIZE_MAX for an inserted timeout */
    rf_time at;                  /* the judged event's time */
    rf_actor actor;              /* the judged event's actor */
    rf_event_type type;          /* the judged event's type */
    const char *seed;            /* the rule that decides it (static) */
    /* true: the event took effect and the finding reports what it reveals
     * (LATE_SHIPMENT, AMOUNT_MISMATCH...); false: the engine did not apply it
     * (an illegal, late or duplicate event): `refund apply` refuses it. */
    bool applied;
    /* Money judged (has_money): what the rules allow or expect, and what the
     * history shows; the money at stake is actual - expected. */
    bool has_money;
    rf_fen expected, actual;
    rf_fen paid;                 /* *_ABOVE_LEFT: what the buyer paid, return postage included */
    rf_fen refunded_before;      /* *_ABOVE_LEFT: refunds already paid on the order */
    rf_rule rule;                /* SETTLEMENT_DIFFERS: the postage rule that settled it */
    /* A deadline or time limit (has_due): the instant it fell due. */
    bool has_due;
    rf_time due;
    rf_time since;               /* where a window or clock started; or the preceding event */
    int64_t limit;               /* the policy number that decided it, in the detail's unit */
    const char *deadline;        /* static deadline id ("buyer_modify"), or NULL */
    rf_machine_id machine;       /* STATE, TIMEOUT_MOVED: the machine and the state */
    int state;
    rf_complaint_type complaint; /* COMPLAINT_*: the complaint type */
    /* The request the judged event belongs to, as an index into the
     * verdict's requests: for an event of the refund, exchange or
     * intervention machine, the current request once the event was judged
     * (a refund_requested that opened one belongs to it); SIZE_MAX for the
     * trade's and complaints' events and before any request. Summaries
     * count a finding under its request's rule and month (FORMAT.md). */
    size_t request;
    /* Appended in revision 2 (TOP.md section 3): whether the finding rests
     * on facts the case infers or assumes (RF_BASIS_INFERRED) or only on
     * recorded ones. */
    rf_basis basis;
} rf_finding;

typedef struct rf_action {
    rf_actor actor;
    rf_event_type type;
} rf_action;

typedef struct rf_complaint {
    rf_complaint_type type;
    rf_complaint_state state;
    rf_actor complainant;
    rf_time filed_at;
    const char *event_id;        /* the filing event */
} rf_complaint;

/* A timeout the history should have had and the engine inserted. */
typedef struct rf_inserted {
    rf_time at;
    rf_event_type type;          /* fired by actor system */
    const char *deadline;        /* the deadline id that expired */
    size_t before_index;         /* inserted before this case event (count = at the end) */
} rf_inserted;

/* At most this many refund or exchange requests in one case (docs/limits.md);
 * rf_replay fails with RF_E_INVALID naming the event past it. */
#define RF_MAX_REQUESTS 64u

/* One refund or exchange request of the order (RULES.md 2.2: several
 * requests per order). Each is judged on its own, with its own settlement
 * and its own intervention. */
typedef struct rf_request {
    const char *event_id;        /* the refund_requested event (owned by the case) */
    size_t event_index;
    rf_machine_id machine;       /* RF_MACHINE_REFUND or RF_MACHINE_EXCHANGE */
    int state;                   /* rf_refund_state or rf_exchange_state */
    rf_kind kind;
    rf_reason reason;            /* as the request stands (modifications applied) */
    rf_time opened;
    bool ended;                  /* SUCCESS or CLOSED */
    rf_time ended_at;            /* meaningful when ended */
    rf_fen refunded;             /* paid back by this request: agreed, received or ruled */
    bool has_settlement;
    rf_settlement settlement;    /* what the rules settle for this request */
    rf_intervention_state intervention;
    /* Appended in revision 2: what its settlement rests on (RF_BASIS_*). */
    rf_basis settlement_basis;
} rf_request;

/* The verdict of a replay. Allocated by the library only (rf_replay,
 * rf_auditor); never allocate, copy or embed one: fields are appended at
 * the end in later versions. Free with rf_verdict_free. */
typedef struct rf_verdict {
    const char *order_id;        /* points into the case */
    rf_time as_of;
    rf_trade_state trade;
    bool aftersale;              /* phase: false onsale (售中), true aftersale (售后) */
    /* The latest refund or exchange request; has_refund false when none was made. */
    bool has_refund;
    rf_machine_id refund_machine;  /* RF_MACHINE_REFUND or RF_MACHINE_EXCHANGE */
    int refund_state;            /* rf_refund_state or rf_exchange_state */
    rf_kind kind;
    rf_reason reason;
    bool has_settlement;
    rf_settlement settlement;    /* of the latest request */
    rf_intervention_state intervention;  /* of the latest request */
    size_t complaint_count;
    rf_complaint *complaints;
    size_t next_count;
    rf_action *next;
    size_t deadline_count;
    rf_deadline *deadlines;
    size_t finding_count;
    rf_finding *findings;
    size_t inserted_count;
    rf_inserted *inserted;
    size_t events_after_as_of;   /* events later than as_of, left out of the verdict */
    size_t request_count;        /* every request, oldest first */
    rf_request *requests;
    rf_channel channel;          /* the order's */
    bool has_created;            /* an order_created event was judged */
    rf_time created;             /* its time */
    /* Appended in revision 2 (TOP.md section 3). has_import: the case has an
     * import object, whose `assumed` order fields (bits of rf_order_key) and
     * `missing` facts (bits of rf_event_type) these are: the verdict's
     * "assumptions". settlement_basis: what the latest request's settlement
     * rests on. */
    bool has_import;
    uint64_t assumed;
    uint64_t missing;
    rf_basis settlement_basis;
} rf_verdict;

typedef struct rf_replay_options {
    size_t size;                 /* sizeof(rf_replay_options): RF_REPLAY_OPTIONS_INIT / rf_replay_options_init */
    /* The instant the verdict is for. has_now false: the last event's time
     * (so a replay never depends on the clock). Events after it are left out. */
    bool has_now;
    rf_time now;
    /* New fields go here, at the end. */
} rf_replay_options;

/* An rf_replay_options with its size set and has_now false: the verdict as
 * of the last event. */
#define RF_REPLAY_OPTIONS_INIT { sizeof(rf_replay_options), false, 0 }
/* Sets *o to RF_REPLAY_OPTIONS_INIT. o NULL: does nothing. Thread-safe;
 * cannot fail. */
void rf_replay_options_init(rf_replay_options *o);

/* Replays c's events in order. ctx may be NULL (the built-in policy and
 * calendar, the C library's allocator). options may be NULL (as
 * RF_REPLAY_OPTIONS_INIT); otherwise its size is checked. On success *out is
 * a new verdict, the caller's (free with rf_verdict_free; it keeps a copy
 * of ctx's allocator, so ctx may be freed first). Its order and event ids
 * point into c: keep c until the verdict is done with (rf_case_truncate
 * and rf_case_append do not end them; rf_case_free does). Deadline ids and
 * seeds are static. Errors: RF_E_INVALID for a NULL c or out, a bad options
 * size or more than RF_MAX_REQUESTS requests, RF_E_NOMEM, RF_E_CALENDAR (a
 * working-day deadline outside the calendar; err names the event),
 * RF_E_RANGE; on error *out is NULL (when out is not). err may be NULL.
 * Thread-safe on a const ctx and a case no thread modifies: several threads
 * may replay one case. */
rf_status rf_replay(const rf_ctx *ctx, const rf_case *c, const rf_replay_options *options,
                    rf_verdict **out, rf_error *err);
/* Frees v and its arrays (not the case its strings point into). NULL is
 * fine. Not thread-safe: no other thread may be reading v. Cannot fail. */
void rf_verdict_free(rf_verdict *v);

/* Judges one event against the case without changing it: may it happen
 * now, and if not, why? ev is checked as rf_case_append checks it (size,
 * shape, unique id: errors as there), then the case is replayed followed by
 * ev, as of the later of its last event and ev (a back-dated event is
 * judged where it would land, at the end of the file).
 * On RF_OK, *legal says whether `refund apply` would append it: the engine
 * applied it and it is not dated before the history's end (findings such as
 * LATE_SHIPMENT may still report what it reveals); *verdict is the verdict
 * of the history with ev (free with rf_verdict_free). The findings about ev
 * are those whose event_index is rf_case_event_count(c); their event_id
 * points at ev->id, so keep ev's strings alive while reading the verdict.
 * On error *verdict is NULL and *legal false. ctx may be NULL (defaults);
 * c, ev, legal and verdict may not (RF_E_INVALID). Other errors: as
 * rf_case_append and rf_replay (RF_E_INVALID, RF_E_LIMIT, RF_E_NOMEM,
 * RF_E_CALENDAR, RF_E_RANGE). err may be NULL. Thread-safe for distinct
 * verdicts: c is only read, so several threads may try events on one case. */
rf_status rf_case_try(const rf_ctx *ctx, const rf_case *c, const rf_event *ev, bool *legal,
                      rf_verdict **verdict, rf_error *err);

/* The state name ("WAIT_SELLER_AGREE") and 中文 label of a machine state.
 * Static strings, never freed; NULL if machine or state is out of range.
 * Thread-safe; neither can fail. */
const char *rf_state_name(rf_machine_id machine, int state);
const char *rf_state_label(rf_machine_id machine, int state);

/* ------------------------------------------------------------------------ */
/* Rendering: one writer for every output, so zh/en and JSON agree           */

typedef enum rf_format {
    RF_FORMAT_TEXT,    /* for people */
    RF_FORMAT_JSON,    /* one pretty-printed document */
    RF_FORMAT_NDJSON   /* one document on one line */
} rf_format;

/* Writes the sentence of finding f in lang (RF_LANG_ZH Chinese, any other
 * value English) into buf (at most size bytes, NUL-terminated when size >
 * 0) and returns the length of the whole sentence, as snprintf does: a
 * return >= size means it was cut. buf may be NULL (then nothing is
 * written, whatever size: ask for the length, allocate, call again). f
 * NULL: the empty sentence, 0. The sentence is composed from f's code,
 * detail and typed parameters (times in +08:00, money as "88.00"). Pure
 * and thread-safe; cannot fail. */
size_t rf_finding_message(const rf_finding *f, rf_lang lang, char *buf, size_t size);
/* The stable id of a finding detail ("window_ended"). Static string, never
 * freed; NULL if out of range. Thread-safe; cannot fail. */
const char *rf_finding_detail_name(rf_finding_detail detail);

/* Each rf_render_* writes a NUL-terminated text into *out (its length,
 * the NUL left out, in *len, which may be NULL), allocated with ctx's
 * allocator: the caller frees it with rf_string_free(ctx, text). ctx may be
 * NULL for the built-in policy and the C allocator. JSON keys follow
 * FORMAT.md. Each returns RF_OK, RF_E_NOMEM, or RF_E_INVALID for a NULL out
 * or a NULL thing to render; on error *out is NULL (when out is not). No
 * rf_error. Each only reads its arguments: thread-safe on a const ctx and
 * on objects no thread modifies. lang: RF_LANG_ZH for Chinese, any other
 * value English. format: RF_FORMAT_TEXT, RF_FORMAT_JSON, or RF_FORMAT_NDJSON
 * (any other value is written as NDJSON).
 *
 * rf_render_verdict writes the verdict v (findings as rf_finding_message
 * words them); v NULL: RF_E_INVALID. */
rf_status rf_render_verdict(const rf_ctx *ctx, const rf_verdict *v, rf_format format,
                            rf_lang lang, char **out, size_t *len);

/* What rf_render_findings_csv writes besides the rows. Caller-allocated:
 * set it with RF_CSV_OPTIONS_INIT or rf_csv_options_init (its size, as for
 * rf_order), then the fields. */
typedef struct rf_csv_options {
    size_t size;                 /* sizeof(rf_csv_options): RF_CSV_OPTIONS_INIT / rf_csv_options_init */
    /* The `line` column of every row: the input line number of an NDJSON
     * line ("7"), or the name of a case file. NULL: empty. */
    const char *line;
    bool header;                 /* the header row first */
    bool bom;                    /* a UTF-8 byte order mark first: Excel and WPS need it to show Chinese */
    /* Rows only for these finding codes, bit (1 << code) for each
     * rf_finding_code; 0: every finding. */
    uint64_t codes;
    /* New fields go here, at the end. */
} rf_csv_options;

/* No line, no header, no BOM, a row for every finding. */
#define RF_CSV_OPTIONS_INIT { sizeof(rf_csv_options), NULL, false, false, 0 }
/* Sets *o to RF_CSV_OPTIONS_INIT. o NULL: does nothing. Thread-safe; cannot
 * fail. */
void rf_csv_options_init(rf_csv_options *o);

/* The findings of v as CSV for auditors' spreadsheets (FORMAT.md "CSV"):
 * one row per finding, with the columns of the header row
 *   line,order,event,code,at,actor,type,expected,actual,delta,due,seed,message
 * holding what the verdict's JSON holds under the same keys (`line` from
 * options, `order` the verdict's order id, the rest the finding's own; the
 * message in lang as rf_finding_message writes it, RF_LANG_ZH Chinese, any
 * other value English), and an empty field where the JSON has null or no
 * key (expected, actual and delta without money judged, due without a
 * deadline). RFC 4180: fields holding a comma, a double quote, CR or LF are
 * quoted, with their double quotes doubled; every row, the header too, ends
 * with CR LF; text is UTF-8 as the case has it (no other escaping: a field
 * is the value itself). options may ask for a BOM and the header row first,
 * and for the rows of some codes only; options NULL: as
 * RF_CSV_OPTIONS_INIT; otherwise its size is checked (RF_E_INVALID). v NULL
 * writes no rows, only the BOM and header asked for (write them once, then
 * the rows of each verdict). A verdict without findings writes "" (len 0)
 * when nothing else is asked for. *out (the caller frees it with
 * rf_string_free), len and ctx as for rf_render_verdict. Returns RF_OK,
 * RF_E_NOMEM, or RF_E_INVALID for a NULL out or a bad options size; on
 * error *out is NULL (when out is not). No rf_error. Only reads its
 * arguments: thread-safe on a const ctx and a verdict no thread modifies. */
rf_status rf_render_findings_csv(const rf_ctx *ctx, const rf_verdict *v, const rf_csv_options *options,
                                 rf_lang lang, char **out, size_t *len);
/* The settlement s, as rf_render_verdict writes a verdict (ctx, format,
 * lang, out and len the same); s or out NULL: RF_E_INVALID. Thread-safe. */
rf_status rf_render_settlement(const rf_ctx *ctx, const rf_settlement *s, rf_format format,
                               rf_lang lang, char **out, size_t *len);
/* The whole policy of ctx (NULL: the built-in one) as {"key": number, ...}:
 * the form --policy reads. *out and len as for rf_render_verdict; out NULL:
 * RF_E_INVALID; else RF_E_NOMEM or RF_OK. Thread-safe on a ctx no thread
 * is configuring. */
rf_status rf_render_policy(const rf_ctx *ctx, char **out, size_t *len);
/* The rule, deadline and machine tables with their seed citations, as text
 * in lang, with ctx's policy values (ctx NULL: the built-in policy). *out
 * and len as for rf_render_verdict; out NULL: RF_E_INVALID; else
 * RF_E_NOMEM or RF_OK. Thread-safe on a ctx no thread is configuring. */
rf_status rf_render_rules(const rf_ctx *ctx, rf_lang lang, char **out, size_t *len);
/* A machine's diagram from its table, in the syntax "dot" or "mermaid".
 * RF_E_INVALID for an unknown machine, another syntax, a NULL syntax or a
 * NULL out; else RF_E_NOMEM or RF_OK. ctx (NULL: the C allocator), *out and
 * len as for rf_render_verdict. Thread-safe. */
rf_status rf_render_graph(const rf_ctx *ctx, rf_machine_id machine, const char *syntax,
                          char **out, size_t *len);
/* A case as a refund-case/1 document (FORMAT.md section 1), the inverse of
 * rf_case_parse: RF_FORMAT_JSON pretty-printed, RF_FORMAT_NDJSON on one
 * line, each ending with a newline. Every order field is written (the
 * defaults too), and of each event its id, at, actor and type and every
 * field its has-bits say it carries, in the order of the format; money as
 * "88.00", times in RFC 3339 at +08:00 (at the two ends of the range, the
 * offset +23:59 or -23:59 that keeps the year within 1970..9999), strings
 * escaped as JSON requires, non-ASCII UTF-8 as is. rf_case_parse reads the
 * text back into the same case (event positions aside), and rendering that
 * gives the same bytes. A case built with rf_case_new and no order id is
 * written with "id": "", which the readers refuse. *out as for the other
 * rf_render_* functions (ctx's allocator, NULL for the C library's;
 * rf_string_free); len may be NULL, and is 0 on error. c is only read:
 * thread-safe for a case no thread modifies. RF_E_INVALID for a NULL c or
 * out or a format other than JSON and NDJSON (*out is then NULL),
 * RF_E_NOMEM. No rf_error. */
rf_status rf_render_case(const rf_ctx *ctx, const rf_case *c, rf_format format, char **out,
                         size_t *len);
/* Frees a text the library returned through a char ** (rf_render_*,
 * rf_case_splice_event) with ctx's allocator: pass the ctx that made it,
 * or another with the same allocator (NULL: the C library's free, for
 * texts made with a NULL ctx). text NULL is fine. Thread-safe for distinct
 * texts (as the allocator is). Cannot fail. */
void rf_string_free(const rf_ctx *ctx, char *text);

/* ------------------------------------------------------------------------ */
/* Auditing a stream of cases                                                */

/* An auditor judges case documents one after another (the lines of an
 * NDJSON file, say) and renders each verdict: parse, replay and render in
 * one call, reusing one case, one verdict and one output buffer, so that
 * once warmed up a judgement allocates nothing. `refund replay --ndjson`
 * runs one per thread. Not thread-safe: give each thread its own auditor;
 * they may share one const ctx. */
typedef struct rf_auditor rf_auditor;

/* A new auditor judging with ctx (NULL: defaults; must outlive the
 * auditor, configured as it is), replaying with options (copied; NULL as
 * for rf_replay) and rendering in format and lang. NULL when out of
 * memory, options' size is wrong (see rf_replay_options) or format is not
 * an rf_format. The caller owns it: free with rf_auditor_free. Thread-safe
 * (ctx and options are only read). */
rf_auditor *rf_auditor_new(const rf_ctx *ctx, const rf_replay_options *options, rf_format format,
                           rf_lang lang);
/* Frees a and all it holds: the texts and the verdict it handed out end
 * with it. NULL is fine. Not thread-safe: a belongs to one thread. Cannot
 * fail. */
void rf_auditor_free(rf_auditor *a);

/* Judges one case document json[0..len), exactly as rf_case_parse,
 * rf_replay and rf_render_verdict would. On RF_OK *out is the rendered
 * verdict (NUL-terminated, *out_len bytes; out_len may be NULL), owned by
 * the auditor and valid until its next call. On error *out is NULL (and
 * *out_len 0) and err (may be NULL) says what and where, as rf_case_parse
 * and rf_replay say it: their statuses (RF_E_JSON, RF_E_LIMIT,
 * RF_E_INVALID, RF_E_NOMEM, RF_E_CALENDAR, RF_E_RANGE, and RF_E_USAGE for
 * a NULL json with len > 0; a NULL json with len 0 is an empty text,
 * RF_E_JSON). RF_E_INVALID when a or out is NULL. Not thread-safe: one
 * auditor per thread (they may share one const ctx). */
rf_status rf_auditor_judge(rf_auditor *a, const char *json, size_t len, const char **out,
                           size_t *out_len, rf_error *err);

/* Judges json[0..len) as rf_auditor_judge does (json, len, out_len and err
 * as there), but the verdict is rendered straight into the caller's
 * buf[0..cap) when it fits there: then *out == buf (NUL-terminated,
 * *out_len bytes), and a caller gathering verdicts in its own buffer (as
 * `refund replay --ndjson` does) saves a copy of each. The writer makes
 * room for each part of the verdict as it goes, for its worst case (every
 * byte of its strings escaped): give it a few kilobytes more than the
 * verdicts expected. A verdict that does not fit, or any when buf is NULL
 * with cap 0, is rendered again into the auditor's buffer as
 * rf_auditor_judge does (it is judged once), and *out points there; buf's
 * bytes past *out_len, and all of buf then, are left in no particular
 * state. Statuses as rf_auditor_judge's; RF_E_INVALID also for a NULL buf
 * with cap > 0. Not thread-safe: one auditor per thread. */
rf_status rf_auditor_judge_into(rf_auditor *a, const char *json, size_t len, char *buf, size_t cap,
                                const char **out, size_t *out_len, rf_error *err);

/* The verdict of the last rf_auditor_judge or rf_auditor_judge_into, NULL
 * if it failed, if there was none or if a is NULL. Owned by the auditor:
 * valid until its next call or rf_auditor_free. Not thread-safe: call it on a's thread. Cannot fail. */
const rf_verdict *rf_auditor_verdict(const rf_auditor *a);

/* ------------------------------------------------------------------------ */
/* Summaries: what an audit found, counted (FORMAT.md "Summaries")           */

/* A summary counts judged cases and their findings: cases clean and with
 * findings, bad lines, and per finding code the findings and the money at
 * stake, split into what the shop overpaid (the sum of the positive deltas,
 * actual - expected) and what buyers were short-changed (the sum of the
 * negative deltas, negated); the same by channel, by rule (of the request a
 * finding belongs to; `-` outside any request) and by month of that request
 * (YYYY-MM at +08:00; outside any request the month of order_created, `-`
 * when there is none). Only integers: counts and fen. Summaries merge
 * exactly: the summary of a whole equals, byte for byte once rendered, the
 * merge of the summaries of its parts in any grouping and order
 * (docs/summary.md). A summary belongs to one thread at a time; the const
 * functions may run at once on one summary no thread modifies. */
typedef struct rf_summary rf_summary;

/* A new, empty summary allocating with ctx's allocator (ctx NULL: the C
 * library's; ctx itself may be freed first). NULL when out of memory. The
 * caller owns it: free with rf_summary_free. Thread-safe (ctx is only
 * read). */
rf_summary *rf_summary_new(const rf_ctx *ctx);
/* Frees s. NULL is fine. Not thread-safe: no other thread may be using s.
 * Cannot fail. */
void rf_summary_free(rf_summary *s);

/* Counts one judged case: its verdict v (from rf_replay or
 * rf_auditor_verdict), clean or with findings, each finding under its code,
 * the order's channel, its request's rule and month. v is only read and may
 * be freed right after. All or nothing: on error s is unchanged. Errors:
 * RF_E_INVALID for a NULL s or v, RF_E_RANGE when a count or a sum of money
 * would overflow 64 bits, RF_E_NOMEM (a month seen for the first time).
 * err may be NULL. Not thread-safe: it modifies s (give each thread its
 * own summary and merge them). */
rf_status rf_summary_add_verdict(rf_summary *s, const rf_verdict *v, rf_error *err);
/* Counts one line that could not be judged (an error verdict). RF_E_INVALID
 * for a NULL s, RF_E_RANGE when the count would overflow (s unchanged). err
 * may be NULL. Not thread-safe: it modifies s. */
rf_status rf_summary_add_bad_line(rf_summary *s, rf_error *err);
/* Counts one verdict line json[0..len) (no NUL needed) as `refund replay
 * --ndjson` writes it: a verdict counts as rf_summary_add_verdict counts
 * the verdict it was rendered from (keys it does not need are skipped), an
 * error verdict ({"line": N, "error": {...}}) as a bad line. json may be
 * NULL only with len 0 (an empty text: RF_E_JSON); NULL with len > 0 is
 * RF_E_USAGE. name is the input's name (may be NULL): on error err->name
 * points at it, as for rf_case_parse. All or nothing: on error s is
 * unchanged. Errors: RF_E_JSON and RF_E_LIMIT (the JSON reader's),
 * RF_E_INVALID for a document that is not a verdict (err names the key)
 * and for a NULL s, RF_E_RANGE, RF_E_NOMEM. err may be NULL. Not
 * thread-safe: it modifies s. */
rf_status rf_summary_add_verdict_json(rf_summary *s, const char *json, size_t len, const char *name,
                                      rf_error *err);
/* Adds everything from counts into into (from is only read, and may be
 * into itself: its counts doubled). All or nothing: RF_E_RANGE when a count
 * or sum would overflow, RF_E_NOMEM (into unchanged on either);
 * RF_E_INVALID for a NULL into or from. err may be NULL. Not thread-safe:
 * it modifies into; from must not be modified meanwhile. */
rf_status rf_summary_merge(rf_summary *into, const rf_summary *from, rf_error *err);
/* Reads a refund-summary/1 document json[0..len) (rf_render_summary's JSON,
 * pretty or on one line) into a new summary *out, the caller's (free with
 * rf_summary_free), allocated with ctx's allocator (ctx may be NULL). The
 * document must be whole and consistent: every key present and known, each
 * group's totals the sums of its codes, and each grouping (channel, rule,
 * month) the sums of the totals. json and name: as for rf_case_parse.
 * Errors: RF_E_JSON, RF_E_LIMIT, RF_E_INVALID (err names the key; also a
 * NULL out), RF_E_RANGE (a number out of range), RF_E_NOMEM; on error *out
 * is NULL (when out is not). err may be NULL. Thread-safe (ctx is only
 * read). */
rf_status rf_summary_parse(const rf_ctx *ctx, const char *json, size_t len, const char *name,
                           rf_summary **out, rf_error *err);

/* Renders summary s: RF_FORMAT_JSON the refund-summary/1 document
 * pretty-printed, RF_FORMAT_NDJSON the same on one line (both end with a
 * newline; keys in a fixed order, codes, channels, rules and months
 * sorted, entries with nothing counted left out, money as "88.00"), and
 * RF_FORMAT_TEXT tables for people in lang (RF_LANG_ZH Chinese, any other
 * value English). *out and len as for rf_render_verdict (ctx's allocator,
 * ctx may be NULL; free with rf_string_free). RF_E_INVALID for a NULL s or
 * out or another format, RF_E_NOMEM; on error *out is NULL (when out is
 * not). No rf_error. s is only read: thread-safe on a summary no thread
 * modifies. */
rf_status rf_render_summary(const rf_ctx *ctx, const rf_summary *s, rf_format format, rf_lang lang,
                            char **out, size_t *len);
/* The report of summary s: one self-contained HTML page in lang (inline
 * CSS and SVG charts, no script, nothing loaded from elsewhere): the
 * totals, findings and money at stake by code, findings by month, cases by
 * channel, and the tables (docs/summary.md). *out and len as for
 * rf_render_verdict: allocated with ctx's allocator (ctx may be NULL), to
 * free with rf_string_free. RF_E_INVALID for a NULL s
 * or out, RF_E_NOMEM; on error *out is NULL (when out is not). No
 * rf_error. s is only read: thread-safe on a summary no thread modifies. */
rf_status rf_render_report(const rf_ctx *ctx, const rf_summary *s, rf_lang lang, char **out,
                           size_t *len);
/* Importing Taobao Open Platform data (TOP.md, docs/import.md)              */

/* An importer turns what shop software and auditors hold from the Taobao
 * Open Platform (TOP) into cases: trades (taobao.trade.fullinfo.get),
 * refunds (taobao.refund.get, taobao.refunds.receive.get), TMC push
 * messages and refund messages (taobao.refund.messages.get), as API
 * responses, bare objects or rows of the hosted push database (聚石塔,
 * jdp_response as a JSON string), in any order, NDJSON or pretty-printed.
 * One case per sub-order with a refund, each marked with where its events
 * came from and what TOP could not tell (rf_case_get_import). `refund
 * import top` is built on it.
 *
 * Feed every input, then finish, then take the cases one by one, then read
 * the report:
 *
 *   rf_importer *imp = rf_import_new(ctx, NULL);
 *   rf_import_feed(imp, RF_IMPORT_TMC, "tmc.log", bytes, n, false, &err);  // any number of times
 *   rf_import_finish(imp, &err);
 *   while (rf_import_next(imp, &c, &line, &len, &err) == RF_OK && c) ...;  // line: NDJSON
 *   rf_import_report(imp, RF_FORMAT_JSON, &report, NULL);
 *   rf_import_free(imp);
 *
 * Problems in the data are not failures of the calls: each is reported
 * (rf_import_report) with its code (TOP.md 4: MALFORMED_JSON, BAD_MONEY,
 * BAD_TIME, BAD_ID, BAD_VALUE, MISSING_FIELD, CHANNEL_UNKNOWN,
 * UNSUPPORTED_KIND, TRADE_MISSING, ORPHAN_REFUND, CONFLICTING_REFUNDS; the
 * warnings CHANNEL_OVERRIDDEN, ITEM_AMOUNT_MISMATCH, EXTENSION_DAYS_UNKNOWN,
 * KIND_CHANGED, KIND_MISMATCH, SNAPSHOT_STALE, REASON_UNMAPPED,
 * CONFLICTING_DUPLICATE, UNATTRIBUTED), FILE:LINE:COL and field, and fails
 * only the case it belongs to; rf_import_outcome sums them up.
 *
 * Memory: the input is not sorted, so the importer holds every TMC message
 * until rf_import_finish, 64 bytes each, and the trades, refunds and refund
 * messages it reads (docs/import.md gives the bound); rf_import_next builds
 * one case at a time. An importer belongs to one thread at a time;
 * importers on several threads may share one const ctx. */
typedef struct rf_importer rf_importer;

/* What an input holds. */
typedef enum rf_import_input {
    RF_IMPORT_TRADE,      /* trades: --trade */
    RF_IMPORT_REFUND,     /* refunds: --refund */
    RF_IMPORT_TMC,        /* TMC messages: --tmc */
    RF_IMPORT_MESSAGES,   /* refund messages: --messages */
    RF_IMPORT_INPUT_COUNT
} rf_import_input;

/* The facts TOP does not give (TOP.md 2.2): each has_ flag false leaves the
 * importer's default, which the case lists as assumed. */
typedef struct rf_import_options {
    size_t size;                  /* sizeof(rf_import_options): RF_IMPORT_OPTIONS_INIT / rf_import_options_init */
    bool has_channel;             /* --channel; else seller_type B mall, C c_store */
    rf_channel channel;
    bool has_seller_shipping_cost;/* --seller-shipping-cost; else 0.00 */
    rf_fen seller_shipping_cost;
    bool has_insurance;           /* --insurance; else has_yfx: buyer, or none */
    rf_insurance insurance;
    bool has_invoice_issued;      /* --invoice-issued; else false */
    bool invoice_issued;
    bool has_seven_day_return;    /* --seven-day-return; else true */
    bool seven_day_return;
    bool has_ship_exempt;         /* --ship-exempt; else presale for type step, else none */
    rf_exempt ship_exempt;
    bool all_orders;              /* --all-orders: a case for every sub-order, not only those with a refund */
    bool allow_missing_trade;     /* --allow-missing-trade: cases from the Refund when the trade is missing */
    /* The language of the report's sentences (rf_import_report,
     * rf_import_summary): RF_LANG_EN or RF_LANG_ZH (--lang). Appended to the
     * first layout: a size that leaves it out means English. */
    rf_lang lang;
    /* New fields go here, at the end. */
} rf_import_options;

/* Import options with their size and every default (nothing given). */
#define RF_IMPORT_OPTIONS_INIT                                                          \
    { sizeof(rf_import_options), false, RF_CHANNEL_C_STORE, false, 0, false, RF_INSURANCE_NONE, \
      false, false, false, true, false, RF_EXEMPT_NONE, false, false, RF_LANG_EN }
/* Sets *o to RF_IMPORT_OPTIONS_INIT; o NULL: nothing. Thread-safe, cannot
 * fail. */
void rf_import_options_init(rf_import_options *o);

/* A new importer judging with ctx (NULL: defaults; it must outlive the
 * importer: its policy decides which timeouts had expired, TOP.md 2.4) and
 * options (copied; NULL: every default). NULL when out of memory, or when
 * options' size is not set or its values (lang included) are out of range. The caller owns
 * it: free with rf_import_free. Thread-safe (ctx is only read). */
rf_importer *rf_import_new(const rf_ctx *ctx, const rf_import_options *options);
/* Frees imp and everything it holds (the cases rf_import_next gave
 * included); imp NULL: nothing. Not thread-safe: no other thread may be
 * using imp. Cannot fail. */
void rf_import_free(rf_importer *imp);

/* Reads data[0..len) of the input `name` (a file's name, "-", or any label:
 * it is how the report names positions; copied) holding `input`. more true:
 * the input goes on in the next call, which must be for the same input (a
 * value may be cut anywhere between two calls, so a file can be fed in
 * blocks of any size); more false ends it. Shop software receiving TMC
 * messages one by one feeds each as a whole input (more false). data may be
 * NULL with len 0. Errors of the call, not of the data: RF_E_USAGE for a
 * NULL imp or name, an input out of range, a feed after rf_import_finish or
 * a different input while one is open; RF_E_NOMEM (the importer is then
 * unusable: free it). Problems in the data go to the report. err may be
 * NULL (first error wins). Not thread-safe: it modifies imp. */
rf_status rf_import_feed(rf_importer *imp, rf_import_input input, const char *name, const char *data,
                         size_t len, bool more, rf_error *err);

/* Ends the input: deduplicates and sorts the TMC messages (TOP.md 4.1, 4.2)
 * and groups everything by trade and sub-order, ready for rf_import_next.
 * Errors: RF_E_USAGE (NULL imp, finished twice, an input left open),
 * RF_E_NOMEM; err may be NULL (first error wins). Not thread-safe: it
 * modifies imp. */
rf_status rf_import_finish(rf_importer *imp, rf_error *err);

/* The next case, in trade-file order then sub-order order (TOP.md 2.1),
 * cases that fail skipped (their errors go to the report). On RF_OK, *c is
 * the case, or NULL when there is none left; *ndjson (may be NULL) its
 * refund-case/1 document on one line ending in "\n", *len its length (may
 * be NULL). Both are the importer's, valid until the next call. The case
 * can be replayed, cloned or rendered like any other. Errors: RF_E_USAGE
 * (NULL imp or c, not finished), RF_E_NOMEM; err may be NULL (first error
 * wins). Not thread-safe: it modifies imp. */
rf_status rf_import_next(rf_importer *imp, const rf_case **c, const char **ndjson, size_t *len,
                         rf_error *err);

/* After the last rf_import_next: RF_OK when no error was reported
 * (warnings allowed), RF_E_JSON when some input held malformed JSON, else
 * RF_E_INVALID when an error was reported (`refund import top` exits 0, 3
 * or 4); RF_E_USAGE for a NULL imp. *first (may be NULL; untouched when
 * there was no error) gets the first error: its code, its detail and
 * parameters (rf_error_message says it in Chinese or English: the
 * sentence of its report entry; malformed JSON inside a TMC content, a
 * jdp_response string or an event the case format refused, the inner
 * error's), field and position, and its input's name (first->name points
 * into the importer: valid until rf_import_free). Only reads the importer:
 * thread-safe on an importer no thread modifies. */
rf_status rf_import_outcome(const rf_importer *imp, rf_error *first);

/* The report (TOP.md 4.6) into *out (len may be NULL), allocated with the
 * importer's ctx allocator (free with rf_string_free(ctx, *out)); complete
 * once rf_import_next returned no case. Only reads the importer:
 * thread-safe on an importer no thread modifies.
 * RF_FORMAT_JSON pretty,
 * RF_FORMAT_NDJSON on one line, RF_FORMAT_TEXT one line per error and per
 * warning, "FILE:LINE:COL: CODE FIELD: text", errors first. The texts (and
 * the JSON's "message") are composed now from each entry's detail, in the
 * options' lang; codes, fields and keys are the same in both languages.
 * RF_E_INVALID for a NULL imp or out or an unknown format, RF_E_NOMEM. */
rf_status rf_import_report(const rf_importer *imp, rf_format format, char **out, size_t *len);

/* The report in one line ("import: 3 cases; tmc: 7 lines, 1 duplicate,
 * ..."; with the options' lang RF_LANG_ZH "导入：案件 3 个；TMC 消息 7 条
 * ..."), into buf (at most size bytes, NUL-terminated when size > 0; buf
 * may be NULL when size is 0) as snprintf does: returns the whole length.
 * 0 for a NULL imp. Only reads the importer: thread-safe on an importer no
 * thread modifies. Cannot fail. */
size_t rf_import_summary(const rf_importer *imp, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* REFUND_H */
