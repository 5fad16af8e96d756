/*
 * The policy as the engine reads it: one int64_t field per key of
 * RF_POLICY_LIST (include/refund.h), so that the defaults, the typed
 * setters, the policy file loader and `refund rules --format json` read one
 * list and can never disagree.
 */
#ifndef RF_POLICY_H
#define RF_POLICY_H

#include "refund.h"

typedef struct rf_policy {
#define RF_X_(e, key, def, unit, seed, desc) int64_t key;
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
} rf_policy;

/* The built-in policy of RULES.md. */
void rf__policy_defaults(rf_policy *p);

/* The field of p that key names; NULL for a key out of range. */
int64_t *rf__policy_slot(rf_policy *p, rf_policy_key key);

/* Sets key's field of p to value when the key's range (rf_policy_key_range)
 * allows it. This checks the one value only: the checks that tie values
 * together are rf__policy_conflict's, made once a whole change is in.
 * RF_E_INVALID for a key out of range, RF_E_RANGE for a value outside its
 * range (the message of rf__policy_refuse, no position); p is untouched on
 * error. */
rf_status rf__policy_set(rf_policy *p, rf_policy_key key, int64_t value, rf_error *err);

/* The error for a value key does not accept: "must be a whole number of
 * days (0 to 3650)", err's field the key's name, at the given position (0:
 * none). The one wording for the typed setter and the policy file loader.
 * Returns code. */
rf_status rf__policy_refuse(rf_error *err, rf_status code, size_t offset, unsigned line,
                            unsigned column, rf_policy_key key);

/* RF_OK when p's values agree with each other; otherwise fills err with
 * the detail saying which do not (policy_sum: "mall_commission_bp +
 * mall_points_bp must not exceed 10000 bp") at the given position (0: none),
 * its field key's name, or when key is RF_POLICY_COUNT the key the conflict
 * is about (mall_points_bp), and returns code. */
rf_status rf__policy_conflict(const rf_policy *p, rf_status code, size_t offset, unsigned line, unsigned column,
                              rf_policy_key key, rf_error *err);

/* What key bounds, in Chinese ("" for a key out of range), and a unit of
 * RF_POLICY_LIST in Chinese ("days" -> "天"). Static strings; thread-safe. */
const char *rf__policy_label_zh(rf_policy_key key);
const char *rf__policy_unit_zh(const char *unit);

#endif
