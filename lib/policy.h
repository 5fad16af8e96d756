/*
 * The policy: every number of RULES.md in one struct, built from one X-macro
 * list so that the defaults, the JSON reader and writer of `--policy` and
 * `refund rules --format json` can never disagree.
 */
#ifndef RF_POLICY_H
#define RF_POLICY_H

#include <stdint.h>

/* X(key, default, unit, seed, English description). Units: "days", "hours",
 * "workdays", "bp" (basis points, 1/100 of a percent), "flag" (0 or 1). */
#define RF_POLICY_LIST(X)                                                          \
    X(unpaid_close_days,            3,    "days",     "000:26",  "an unpaid order is closed after")  \
    X(ship_hours,                   72,   "hours",    "000:710", "the seller must ship within, from payment") \
    X(receipt_express_days,         10,   "days",     "TOP",     "auto-confirm receipt after shipment by express") \
    X(receipt_surface_mail_days,    30,   "days",     "TOP",     "auto-confirm receipt after shipment by surface mail") \
    X(receipt_virtual_days,         3,    "days",     "TOP",     "auto-confirm receipt after a virtual delivery") \
    X(pause_receipt_timer_during_refund, 1, "flag",   "TOP",     "the auto-confirm timer pauses while a refund request is open (1) or keeps running (0)") \
    X(seven_day_hours,              168,  "hours",    "000:628", "7-day no-reason window, from 00:00 the day after delivery") \
    X(seller_agree_unshipped_days,  2,    "days",     "TOP",     "seller answers a refund request, goods not shipped") \
    X(seller_agree_shipped_days,    5,    "days",     "TOP",     "seller answers a refund request, goods shipped") \
    X(buyer_modify_days,            7,    "days",     "TOP",     "buyer modifies or escalates after a refusal") \
    X(buyer_return_days,            7,    "days",     "TOP",     "buyer ships the return after agreement") \
    X(exchange_ship_hours,          72,   "hours",    "000:710", "the seller ships an exchange's replacement within, from receiving the return (or the postage owed)") \
    X(seller_confirm_express_days,  10,   "days",     "TOP",     "seller confirms a returned parcel sent by express") \
    X(seller_confirm_surface_mail_days, 30, "days",   "TOP",     "seller confirms a returned parcel sent by surface mail") \
    X(complaint_window_days,        15,   "days",     "000:698", "a complaint may be filed after the trade finished, within") \
    X(breach_window_days,           15,   "days",     "000:710", "a breach-of-promise complaint may be filed after the trade was created, within") \
    X(not_received_platform_workdays, 7,  "workdays", "000:700", "platform handles a not-received complaint within") \
    X(delayed_shipment_platform_workdays, 5, "workdays", "000:710", "platform handles a delayed-shipment complaint within") \
    X(breach_platform_workdays,     5,    "workdays", "000:710", "platform handles a breach-of-promise complaint within") \
    X(mall_commission_bp,           500,  "bp",       "000:642", "mall refund after success: platform commission deducted") \
    X(mall_points_bp,               50,   "bp",       "000:642", "mall refund after success: points given to the buyer, deducted") \
    X(invoice_tax_bp,               1700, "bp",       "000:642", "mall refund after success: deducted when an issued invoice is not returned")

typedef struct rf_policy {
#define RF_X_(key, def, unit, seed, desc) int64_t key;
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
} rf_policy;

/* The built-in policy of RULES.md. */
void rf__policy_defaults(rf_policy *p);

#endif
