/*
 * rf_case_try: may this event happen now, and if not, why? The event is
 * checked as rf_case_append checks it and judged where it would land, at
 * the end of the history, by replaying the case followed by it; the case
 * itself is not touched. `refund apply` asks this and decides no rule of
 * its own.
 */
#include "case_read.h"
#include "error_text.h"

rf_status rf_case_try(const rf_ctx *ctx, const rf_case *c, const rf_event *ev, bool *legal,
                      rf_verdict **verdict, rf_error *err) {
    rf_event checked;
    if (verdict) *verdict = NULL;
    if (legal) *legal = false;
    if (!c || !ev || !legal || !verdict)
        return rf__fail_null(err, RF_E_INVALID, "rf_case_try", "c,ev,legal,verdict");
    rf_status st = rf__event_check(c, ev, &checked, err);
    if (st != RF_OK) return st;
    rf_verdict *v = NULL;
    /* As of the history's end (no --now): a back-dated event is judged as a
     * replay of the longer file would judge it. */
    st = rf__replay_with(ctx, c, &checked, NULL, &v, err);
    if (st != RF_OK) {
        rf_verdict_free(v);
        return st;
    }
    /* Legal: the engine applied it, and it is not dated before the history's
     * end (appended, it would leave the file out of order). Other findings
     * report what it reveals (a late shipment happened) and do not stop it. */
    size_t index = rf_case_event_count(c);
    bool ok = true;
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        if (f->event_index == index && (!f->applied || f->code == RF_FINDING_OUT_OF_ORDER)) ok = false;
    }
    *legal = ok;
    *verdict = v;
    return RF_OK;
}
