/*
 * The structs a caller allocates and the library reads or writes (rf_order,
 * rf_event, rf_settle_request, rf_settlement, rf_replay_options, rf_facts,
 * rf_csv_options):
 * their initializers, and the check of the size each carries (include/
 * refund.h says why they carry it). Everything that takes one from a
 * caller goes through here first.
 */
#include "error_text.h"
#include "internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The first layouts, up to the end of their last field: the smallest size
 * a program built against any refund.h can pass. Fields appended later are
 * past these ends, so they are never read from an older program's struct. */
#define ORDER_SIZE_V1 (offsetof(rf_order, delivery) + sizeof(rf_delivery))
#define EVENT_SIZE_V1 (offsetof(rf_event, column) + sizeof(unsigned))

static const rf_order order_init = RF_ORDER_INIT;
static const rf_event event_init = RF_EVENT_INIT;

/* The initializers accept NULL and do nothing with it. */
void rf_order_init(rf_order *o) { if (o) *o = order_init; }
void rf_event_init(rf_event *ev) { if (ev) *ev = event_init; }

/* Whether a struct of type `what` (field names it in err) declares a size
 * this library can read. */
static rf_status size_check(size_t size, size_t min, size_t max, const char *what, const char *field,
                            const char *init, rf_error *err) {
    char fix[96];
    if (size == 0) {
        snprintf(fix, sizeof fix, "%s,%s_init", init, what); /* RF_ORDER_INIT or rf_order_init */
        return rf__fail_with(err, RF_E_INVALID, 0, 0, 0, field, RF_ERR_SIZE_UNSET, what, fix);
    }
    if (size < min) {
        snprintf(fix, sizeof fix, "%zu,%zu,%s", size, min, init);
        return rf__fail_with(err, RF_E_INVALID, 0, 0, 0, field, RF_ERR_SIZE_SMALL, what, fix);
    }
    if (size > max) {
        snprintf(fix, sizeof fix, "%zu,%zu", size, max);
        return rf__fail_with(err, RF_E_INVALID, 0, 0, 0, field, RF_ERR_SIZE_LARGE, what, fix);
    }
    return RF_OK;
}

rf_status rf__order_check_size(const rf_order *o, rf_error *err) {
    if (!o) return RF_OK; /* the caller's NULL check says it better */
    return size_check(o->size, ORDER_SIZE_V1, sizeof *o, "rf_order", "order.size", "RF_ORDER_INIT", err);
}

rf_status rf__order_import(const rf_order *in, rf_order *out, rf_error *err) {
    rf_status st = size_check(in->size, ORDER_SIZE_V1, sizeof *in, "rf_order", "order.size", "RF_ORDER_INIT", err);
    if (st != RF_OK) return st;
    *out = order_init;
    memcpy(out, in, in->size);
    out->size = sizeof *out;
    return RF_OK;
}

rf_status rf__event_import(const rf_event *in, rf_event *out, rf_error *err) {
    rf_status st = size_check(in->size, EVENT_SIZE_V1, sizeof *in, "rf_event", "size", "RF_EVENT_INIT", err);
    if (st != RF_OK) return st;
    *out = event_init;
    memcpy(out, in, in->size);
    out->size = sizeof *out;
    return RF_OK;
}

/* ---- settlement, replay options, guard facts ----------------------------------- */

/* Their first layouts (the release that gave them a size). */
#define SETTLE_REQUEST_SIZE_V1 (offsetof(rf_settle_request, order_note_made) + sizeof(bool))
#define SETTLEMENT_SIZE_V1 (offsetof(rf_settlement, partial_cap_unknown) + sizeof(bool))
#define OPTIONS_SIZE_V1 (offsetof(rf_replay_options, now) + sizeof(rf_time))
#define FACTS_SIZE_V1 (offsetof(rf_facts, goods_back) + sizeof(bool))
#define CSV_OPTIONS_SIZE_V1 (offsetof(rf_csv_options, codes) + sizeof(uint64_t))

static const rf_settle_request settle_request_init = RF_SETTLE_REQUEST_INIT;
static const rf_settlement settlement_init = RF_SETTLEMENT_INIT;
static const rf_replay_options options_init = RF_REPLAY_OPTIONS_INIT;
static const rf_facts facts_init = RF_FACTS_INIT;
static const rf_csv_options csv_options_init = RF_CSV_OPTIONS_INIT;

void rf_settle_request_init(rf_settle_request *r) { if (r) *r = settle_request_init; }
void rf_settlement_init(rf_settlement *s) { if (s) *s = settlement_init; }
void rf_replay_options_init(rf_replay_options *o) { if (o) *o = options_init; }
void rf_facts_init(rf_facts *f) { if (f) *f = facts_init; }
void rf_csv_options_init(rf_csv_options *o) { if (o) *o = csv_options_init; }

/* The caller's bytes over the defaults, at the library's size. */
#define IMPORT(in, out, init, v1, what, field, init_name)                                     \
    do {                                                                                      \
        rf_status st_ = size_check((in)->size, v1, sizeof *(in), what, field, init_name, err); \
        if (st_ != RF_OK) return st_;                                                         \
        *(out) = init;                                                                        \
        memcpy((out), (in), (in)->size);                                                      \
        (out)->size = sizeof *(out);                                                          \
    } while (0)

rf_status rf__settle_request_import(const rf_settle_request *in, rf_settle_request *out, rf_error *err) {
    IMPORT(in, out, settle_request_init, SETTLE_REQUEST_SIZE_V1, "rf_settle_request", "request.size",
           "RF_SETTLE_REQUEST_INIT");
    return RF_OK;
}

rf_status rf__replay_options_import(const rf_replay_options *in, rf_replay_options *out, rf_error *err) {
    IMPORT(in, out, options_init, OPTIONS_SIZE_V1, "rf_replay_options", "options.size", "RF_REPLAY_OPTIONS_INIT");
    return RF_OK;
}

rf_status rf__facts_import(const rf_facts *in, rf_facts *out, rf_error *err) {
    IMPORT(in, out, facts_init, FACTS_SIZE_V1, "rf_facts", "facts.size", "RF_FACTS_INIT");
    return RF_OK;
}

rf_status rf__csv_options_import(const rf_csv_options *in, rf_csv_options *out, rf_error *err) {
    IMPORT(in, out, csv_options_init, CSV_OPTIONS_SIZE_V1, "rf_csv_options", "options.size",
           "RF_CSV_OPTIONS_INIT");
    return RF_OK;
}

/* ---- the import object of a case ------------------------------------------------------ */

#define CASE_IMPORT_SIZE_V1 (offsetof(rf_case_import, missing) + sizeof(uint64_t))
#define IMPORT_REFUND_SIZE_V1 (offsetof(rf_import_refund, cs_status) + sizeof(int))

static const rf_case_import case_import_init = RF_CASE_IMPORT_INIT;
static const rf_import_refund import_refund_init = RF_IMPORT_REFUND_INIT;

void rf_case_import_init(rf_case_import *imp) {
    if (imp) *imp = case_import_init;
}
void rf_import_refund_init(rf_import_refund *r) {
    if (r) *r = import_refund_init;
}

rf_status rf__case_import_import(const rf_case_import *in, rf_case_import *out, rf_error *err) {
    IMPORT(in, out, case_import_init, CASE_IMPORT_SIZE_V1, "rf_case_import", "import.size", "RF_CASE_IMPORT_INIT");
    return RF_OK;
}

rf_status rf__import_refund_import(const rf_import_refund *in, rf_import_refund *out, rf_error *err) {
    IMPORT(in, out, import_refund_init, IMPORT_REFUND_SIZE_V1, "rf_import_refund", "refund.size",
           "RF_IMPORT_REFUND_INIT");
    return RF_OK;
}

rf_status rf__settlement_check_size(const rf_settlement *out, rf_error *err) {
    return size_check(out->size, SETTLEMENT_SIZE_V1, sizeof *out, "rf_settlement", "settlement.size",
                      "RF_SETTLEMENT_INIT", err);
}

void rf__settlement_export(const rf_settlement *full, rf_settlement *out) {
    size_t size = out->size;
    memcpy(out, full, size);
    out->size = size;
}
