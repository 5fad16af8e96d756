/*
 * The built-in policy, and reading/writing it as JSON.
 */
#include "internal.h"

void rf__policy_defaults(rf_policy *p) {
#define RF_X_(key, def, unit, seed, desc) p->key = def;
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
}
