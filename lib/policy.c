/*
 * The policy: the built-in values, the names, units and ranges of the keys,
 * and the checks every way of setting a value goes through. No JSON here:
 * the policy file is read by lib/load.c, which calls these.
 */
#include "policy.h"
#include "internal.h"
#include "error_text.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* One row per key, in RF_POLICY_LIST order. */
typedef struct key_info {
    const char *name, *unit, *seed, *description;
    size_t offset; /* of the key's field in rf_policy */
} key_info;

static const key_info keys[RF_POLICY_COUNT] = {
#define RF_X_(e, key, def, unit, seed, desc) [e] = {#key, unit, seed, desc, offsetof(rf_policy, key)},
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
};

/* What each unit accepts (include/refund.h, RF_POLICY_LIST). The bounds keep
 * every deadline (at most ten years past an instant of the years 1970..9999)
 * and every deduction (bp of an amount up to RF_FEN_MAX) far from integer
 * overflow; "N working days" counts from the day after the filing, so N is
 * at least 1. */
static const struct unit_range {
    const char *unit;
    int64_t min, max;
} units[] = {
    {"days", 0, 3650},
    {"hours", 0, 24 * 3650},
    {"workdays", 1, 3650},
    {"bp", 0, 10000},
    {"flag", 0, 1},
};

void rf__policy_defaults(rf_policy *p) {
#define RF_X_(e, key, def, unit, seed, desc) p->key = def;
    RF_POLICY_LIST(RF_X_)
#undef RF_X_
}

static const key_info *info(rf_policy_key key) {
    return (unsigned)key < RF_POLICY_COUNT ? &keys[key] : NULL;
}

const char *rf_policy_key_name(rf_policy_key key) {
    return info(key) ? info(key)->name : NULL;
}

const char *rf_policy_key_unit(rf_policy_key key) {
    return info(key) ? info(key)->unit : NULL;
}

const char *rf_policy_key_seed(rf_policy_key key) {
    return info(key) ? info(key)->seed : NULL;
}

const char *rf_policy_key_description(rf_policy_key key) {
    return info(key) ? info(key)->description : NULL;
}

int rf_policy_key_lookup(const char *name, size_t len) {
    if (!name) return -1;
    for (int k = 0; k < RF_POLICY_COUNT; k++)
        if (strlen(keys[k].name) == len && memcmp(keys[k].name, name, len) == 0) return k;
    return -1;
}

bool rf_policy_key_range(rf_policy_key key, int64_t *min, int64_t *max) {
    const key_info *k = info(key);
    if (!k) return false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(units[i].unit, k->unit) != 0) continue;
        if (min) *min = units[i].min;
        if (max) *max = units[i].max;
        return true;
    }
    return false; /* a unit without a range: tests/test_policy.c refuses it */
}

int64_t *rf__policy_slot(rf_policy *p, rf_policy_key key) {
    const key_info *k = info(key);
    return k ? (int64_t *)(void *)((char *)p + k->offset) : NULL;
}

/* A key that is no rf_policy_key, named by its number. */
static rf_status unknown_key(rf_error *err, rf_status code, size_t offset, unsigned line, unsigned column,
                             rf_policy_key key) {
    char number[16];
    snprintf(number, sizeof number, "%d", (int)key);
    return rf__fail_with(err, code, offset, line, column, NULL, RF_ERR_POLICY_KEY_NUMBER, number, NULL);
}

rf_status rf__policy_refuse(rf_error *err, rf_status code, size_t offset, unsigned line,
                            unsigned column, rf_policy_key key) {
    int64_t min = 0, max = 0;
    if (!rf_policy_key_range(key, &min, &max)) return unknown_key(err, code, offset, line, column, key);
    const char *unit = rf_policy_key_unit(key);
    char range[48];
    int n = snprintf(range, sizeof range, "%lld,%lld", (long long)min, (long long)max);
    rf__detail d = {.detail = RF_ERR_POLICY_RANGE, .found = unit, .found_len = strlen(unit),
                    .fix = range, .fix_len = (size_t)n};
    return rf__fail_detail(err, code, offset, line, column, rf_policy_key_name(key), &d);
}

rf_status rf__policy_set(rf_policy *p, rf_policy_key key, int64_t value, rf_error *err) {
    int64_t min = 0, max = 0;
    if (!rf_policy_key_range(key, &min, &max))
        return unknown_key(err, RF_E_INVALID, 0, 0, 0, key);
    if (value < min || value > max) return rf__policy_refuse(err, RF_E_RANGE, 0, 0, 0, key);
    *rf__policy_slot(p, key) = value;
    return RF_OK;
}

rf_status rf__policy_conflict(const rf_policy *p, rf_status code, size_t offset, unsigned line, unsigned column,
                              rf_policy_key key, rf_error *err) {
    /* The mall fee's two parts together are one deduction of the goods: more
     * than all of them cannot be deducted. Each is at most 10000, so the sum
     * cannot overflow. */
    if (p->mall_commission_bp + p->mall_points_bp > 10000) {
        const char *field = rf_policy_key_name(key == RF_POLICY_COUNT ? RF_POLICY_MALL_POINTS_BP : key);
        return rf__fail_with(err, code, offset, line, column, field, RF_ERR_POLICY_SUM,
                             rf_policy_key_name(RF_POLICY_MALL_COMMISSION_BP),
                             rf_policy_key_name(RF_POLICY_MALL_POINTS_BP));
    }
    return RF_OK;
}

/* What each policy value bounds, in Chinese, for `refund rules --lang zh`
 * (RF_POLICY_LIST holds the English). Indexed by rf_policy_key;
 * tests/cli/t_zh.sh checks the zh table shows no key. */
static const char *const policy_zh[RF_POLICY_COUNT] = {
    [RF_POLICY_UNPAID_CLOSE_DAYS] = "未付款订单在此时间后关闭",
    [RF_POLICY_SHIP_HOURS] = "卖家应在付款后此时间内发货",
    [RF_POLICY_RECEIPT_EXPRESS_DAYS] = "快递发货后自动确认收货",
    [RF_POLICY_RECEIPT_SURFACE_MAIL_DAYS] = "平邮发货后自动确认收货",
    [RF_POLICY_RECEIPT_VIRTUAL_DAYS] = "虚拟发货后自动确认收货",
    [RF_POLICY_PAUSE_RECEIPT_TIMER_DURING_REFUND] = "退款申请进行中时自动确认收货计时暂停(1)或继续(0)",
    [RF_POLICY_SEVEN_DAY_HOURS] = "七天无理由退换期,自签收次日 00:00 起算",
    [RF_POLICY_SELLER_AGREE_UNSHIPPED_DAYS] = "卖家处理退款申请(未发货)",
    [RF_POLICY_SELLER_AGREE_SHIPPED_DAYS] = "卖家处理退款申请(已发货)",
    [RF_POLICY_BUYER_MODIFY_DAYS] = "卖家拒绝后买家修改申请或申请客服介入",
    [RF_POLICY_BUYER_RETURN_DAYS] = "达成协议后买家寄回退货",
    [RF_POLICY_EXCHANGE_SHIP_HOURS] = "卖家收到退货(或换货邮费)后此时间内换出新货",
    [RF_POLICY_SELLER_CONFIRM_EXPRESS_DAYS] = "卖家确认收到快递退货",
    [RF_POLICY_SELLER_CONFIRM_SURFACE_MAIL_DAYS] = "卖家确认收到平邮退货",
    [RF_POLICY_COMPLAINT_WINDOW_DAYS] = "交易成功后此时间内可发起维权",
    [RF_POLICY_BREACH_WINDOW_DAYS] = "下单后此时间内可发起违背承诺维权",
    [RF_POLICY_NOT_RECEIVED_PLATFORM_WORKDAYS] = "平台处理未收到货维权",
    [RF_POLICY_DELAYED_SHIPMENT_PLATFORM_WORKDAYS] = "平台处理延迟发货维权",
    [RF_POLICY_BREACH_PLATFORM_WORKDAYS] = "平台处理违背承诺维权",
    [RF_POLICY_MALL_COMMISSION_BP] = "商城交易成功后退款:扣除平台佣金",
    [RF_POLICY_MALL_POINTS_BP] = "商城交易成功后退款:扣除赠送买家的积分",
    [RF_POLICY_INVOICE_TAX_BP] = "商城交易成功后退款:已开发票未退回时扣点",
};

const char *rf__policy_label_zh(rf_policy_key key) {
    return (unsigned)key < RF_POLICY_COUNT && policy_zh[key] ? policy_zh[key] : "";
}

const char *rf__policy_unit_zh(const char *unit) {
    if (!unit) return "";
    if (!strcmp(unit, "days")) return "天";
    if (!strcmp(unit, "hours")) return "小时";
    if (!strcmp(unit, "workdays")) return "个工作日";
    if (!strcmp(unit, "bp")) return "基点";
    if (!strcmp(unit, "flag")) return "开关";
    return unit;
}
