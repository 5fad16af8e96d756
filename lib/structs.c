/*
 * The structs a caller allocates and the library reads (rf_order, rf_event):
 * their initializers, and the check of the size each carries (include/
 * refund.h says why they carry it). Everything that takes a caller's
 * rf_order or rf_event goes through here first: rf_case_new, rf_case_append,
 * rf_settle.
 */
#include "internal.h"

#include <stddef.h>
#include <string.h>

/* The first layouts, up to the end of their last field: the smallest size
 * a program built against any refund.h can pass. Fields appended later are
 * past these ends, so they are never read from an older program's struct. */
#define ORDER_SIZE_V1 (offsetof(rf_order, delivery) + sizeof(rf_delivery))
#define EVENT_SIZE_V1 (offsetof(rf_event, column) + sizeof(unsigned))

static const rf_order order_init = RF_ORDER_INIT;
static const rf_event event_init = RF_EVENT_INIT;

void rf_order_init(rf_order *o) { *o = order_init; }
void rf_event_init(rf_event *ev) { *ev = event_init; }

/* Whether a struct of type `what` (field names it in err) declares a size
 * this library can read. */
static rf_status size_check(size_t size, size_t min, size_t max, const char *what, const char *field,
                            const char *init, rf_error *err) {
    if (size == 0)
        return rf__fail(err, RF_E_INVALID, 0, 0, 0, field, "%s.size is not set: initialize it with %s or %s",
                        what, init, strcmp(what, "rf_order") ? "rf_event_init" : "rf_order_init");
    if (size < min)
        return rf__fail(err, RF_E_INVALID, 0, 0, 0, field,
                        "%s.size is %zu, smaller than any %s (%zu bytes): initialize it with %s", what, size, what,
                        min, init);
    if (size > max)
        return rf__fail(err, RF_E_INVALID, 0, 0, 0, field,
                        "%s.size is %zu, larger than this library's %s (%zu bytes): the program was built "
                        "against a newer refund.h",
                        what, size, what, max);
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
