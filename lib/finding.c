/*
 * The sentences of audit findings. The engine records a finding as a code, a
 * detail and typed parameters (rf_finding); the sentence is composed here, at
 * the edge, in Chinese or English, from those parameters: the numbers in it
 * are the policy values the engine judged with, never literals.
 */
#include "internal.h"
#include "rules.h"
#include "sentence.h"

#include <string.h>

static const char *const detail_names[] = {
#define RF_X_(e, n) n,
    RF_FINDING_DETAIL_LIST(RF_X_)
#undef RF_X_
};

const char *rf_finding_detail_name(rf_finding_detail detail) {
    return (unsigned)detail < RF_DETAIL_COUNT ? detail_names[detail] : NULL;
}

/* A finding's sentence, and how its times are written. */
typedef struct sentence {
    rf__sentence out;
    bool human;     /* times as text output shows them (rf__time_human), else RFC 3339 */
    bool zh;
    rf_time ref;    /* the as-of time the year is judged against */
} sentence;

static void put(sentence *s, const char *text, size_t n) { rf__sentence_put(&s->out, text, n); }

static void str(sentence *s, const char *text) { rf__sentence_str(&s->out, text); }

static void money(sentence *s, rf_fen fen) {
    char text[RF__MONEY_TEXT_MAX];
    put(s, text, (size_t)(rf__money_format_to(text, fen) - text));
}

static void when(sentence *s, rf_time t) {
    if (s->human) {
        char text[RF__HUMAN_TIME_MAX];
        str(s, rf__time_human(text, t, s->ref, false, s->zh));
        return;
    }
    char text[RF__TIME_TEXT_MAX];
    put(s, text, (size_t)(rf__time_format_to(text, t) - text));
}

static void number(sentence *s, int64_t n) {
    char text[24];
    put(s, text, (size_t)(rf__put_uint(text, (uint64_t)(n < 0 ? 0 : n), 1) - text));
}

static const char *actor_text(rf_actor a, bool zh) {
    return zh ? rf_enum_label_zh(RF_ENUM_ACTOR, (int)a) : rf_enum_name(RF_ENUM_ACTOR, (int)a);
}

static void state(sentence *s, const rf_finding *f, bool zh) {
    if (zh) {
        str(s, "状态「");
        str(s, rf_state_label(f->machine, f->state));
        str(s, "」");
    } else {
        const rf_machine *m = rf_machine_get(f->machine);
        str(s, m ? m->name : "?");
        str(s, " state ");
        str(s, rf_state_name(f->machine, f->state));
    }
}

static void complaint(sentence *s, const rf_finding *f, bool zh) {
    str(s, zh ? rf_enum_label_zh(RF_ENUM_COMPLAINT, (int)f->complaint)
              : rf_enum_name(RF_ENUM_COMPLAINT, (int)f->complaint));
}

/* "the buyer paid 150.00" [", 30.00 already refunded, 120.00 left"]. */
static void paid_clause(sentence *s, const rf_finding *f, bool zh) {
    str(s, zh ? "买家实付" : "the buyer paid ");
    money(s, f->paid);
    if (zh) str(s, "元");
    if (f->refunded_before) {
        str(s, zh ? ",已退" : ", ");
        money(s, f->refunded_before);
        str(s, zh ? "元,剩余" : " already refunded, ");
        money(s, f->expected);
        str(s, zh ? "元" : " left");
    }
}

static void detail_en(sentence *s, const rf_finding *f) {
    switch (f->detail) {
    case RF_DETAIL_NONE: break;
    case RF_DETAIL_STATE: state(s, f, false); break;
    case RF_DETAIL_TIMEOUT_MOVED:
    case RF_DETAIL_REQUEST_CLOSED:
        str(s, f->deadline);
        str(s, " was due ");
        when(s, f->due);
        str(s, f->detail == RF_DETAIL_REQUEST_CLOSED ? "; the timeout ended the request (" : "; the timeout moved it to ");
        state(s, f, false);
        if (f->detail == RF_DETAIL_REQUEST_CLOSED) str(s, ")");
        break;
    case RF_DETAIL_TIMEOUT_EARLY:
        str(s, "timeout ");
        str(s, f->deadline);
        str(s, " recorded before it was due at ");
        when(s, f->due);
        break;
    case RF_DETAIL_TIMEOUT_LATE:
        str(s, "the platform recorded this timeout late; it took effect at its due time");
        break;
    case RF_DETAIL_DUPLICATE: str(s, "the event is not applied a second time"); break;
    case RF_DETAIL_EARLIER_EVENT: str(s, "a preceding event is at "); when(s, f->since); break;
    case RF_DETAIL_GOODS_EXCLUDED: str(s, "the goods are marked not eligible for 7-day no-reason returns"); break;
    case RF_DETAIL_NOT_RESELLABLE: str(s, "the goods affect resale (worn, washed, parts missing)"); break;
    case RF_DETAIL_WINDOW_ENDED:
        str(s, "the ");
        number(s, f->limit);
        str(s, " hours counted from ");
        when(s, f->since);
        str(s, " ended ");
        when(s, f->due);
        break;
    case RF_DETAIL_REQUESTED_ABOVE_LEFT:
    case RF_DETAIL_REFUNDED_ABOVE_LEFT:
        str(s, f->detail == RF_DETAIL_REQUESTED_ABOVE_LEFT ? "requested " : "refunded ");
        money(s, f->actual);
        str(s, ", ");
        paid_clause(s, f, false);
        break;
    case RF_DETAIL_SETTLEMENT_DIFFERS:
        str(s, "refunded ");
        money(s, f->actual);
        str(s, ", the settlement (rule ");
        str(s, rf_rule_id(f->rule));
        str(s, ") refunds ");
        money(s, f->expected);
        break;
    case RF_DETAIL_POSTAGE_OWED: str(s, "the buyer owes the exchange postage"); break;
    case RF_DETAIL_SHIP_BY:
    case RF_DETAIL_REPLACEMENT_SHIP_BY:
        str(s, f->detail == RF_DETAIL_SHIP_BY ? "the seller had to ship within " : "the seller had to ship the replacement within ");
        number(s, f->limit);
        str(s, f->detail == RF_DETAIL_SHIP_BY ? " hours of payment, by " : " hours of receiving the return, by ");
        when(s, f->due);
        break;
    case RF_DETAIL_PLATFORM_BY: str(s, "the platform had to act by "); when(s, f->due); break;
    case RF_DETAIL_COMPLAINT_FILER: str(s, "this party may not file a "); complaint(s, f, false); str(s, " complaint"); break;
    case RF_DETAIL_COMPLAINT_CHANNEL: str(s, "harassment complaints are not for mall trades"); break;
    case RF_DETAIL_COMPLAINT_WINDOW:
        str(s, "only within ");
        number(s, f->limit);
        str(s, " days after the trade finished");
        break;
    case RF_DETAIL_COMPLAINT_REVIEW: str(s, "no neutral or negative review against the filer has taken effect"); break;
    case RF_DETAIL_COMPLAINT_EXEMPT: str(s, "custom-made, presale and special-delivery goods are exempt"); break;
    case RF_DETAIL_COMPLAINT_NOT_LATE:
        str(s, "only once ");
        number(s, f->limit);
        str(s, " hours after payment passed unshipped");
        break;
    case RF_DETAIL_COMPLAINT_STATE:
        str(s, "only while unpaid or closed, within ");
        number(s, f->limit);
        str(s, " days of the order");
        break;
    case RF_DETAIL_COMPLAINT_PARTY:
        str(s, "the respondent appeals a complaint and the complainant withdraws it");
        break;
    case RF_DETAIL_COUNT: break;
    }
}

static void detail_zh(sentence *s, const rf_finding *f) {
    switch (f->detail) {
    case RF_DETAIL_NONE: break;
    case RF_DETAIL_STATE: state(s, f, true); break;
    case RF_DETAIL_TIMEOUT_MOVED:
    case RF_DETAIL_REQUEST_CLOSED:
        str(s, "「");
        str(s, rf__deadline_label(f->deadline, true));
        str(s, "」已于 ");
        when(s, f->due);
        str(s, f->detail == RF_DETAIL_REQUEST_CLOSED ? " 到期,超时已结束该申请(" : " 到期,已超时进入");
        state(s, f, true);
        if (f->detail == RF_DETAIL_REQUEST_CLOSED) str(s, ")");
        break;
    case RF_DETAIL_TIMEOUT_EARLY:
        str(s, "超时(「");
        str(s, rf__deadline_label(f->deadline, true));
        str(s, "」)记录早于到期时间 ");
        when(s, f->due);
        break;
    case RF_DETAIL_TIMEOUT_LATE: str(s, "平台记录超时晚于到期时间,超时已按期生效"); break;
    case RF_DETAIL_DUPLICATE: str(s, "重复事件不再生效"); break;
    case RF_DETAIL_EARLIER_EVENT: str(s, "此前已有 "); when(s, f->since); str(s, " 的事件"); break;
    case RF_DETAIL_GOODS_EXCLUDED: str(s, "该商品不支持七天无理由退换"); break;
    case RF_DETAIL_NOT_RESELLABLE: str(s, "商品影响二次销售"); break;
    case RF_DETAIL_WINDOW_ENDED:
        str(s, "自 ");
        when(s, f->since);
        str(s, " 起算的");
        number(s, f->limit);
        str(s, "小时已于 ");
        when(s, f->due);
        str(s, " 届满");
        break;
    case RF_DETAIL_REQUESTED_ABOVE_LEFT:
    case RF_DETAIL_REFUNDED_ABOVE_LEFT:
        str(s, f->detail == RF_DETAIL_REQUESTED_ABOVE_LEFT ? "申请" : "实退");
        money(s, f->actual);
        str(s, "元,");
        paid_clause(s, f, true);
        break;
    case RF_DETAIL_SETTLEMENT_DIFFERS:
        str(s, "实退");
        money(s, f->actual);
        str(s, "元,按规则");
        str(s, rf_rule_id(f->rule));
        str(s, "应退");
        money(s, f->expected);
        str(s, "元");
        break;
    case RF_DETAIL_POSTAGE_OWED: str(s, "买家应补换货邮费"); break;
    case RF_DETAIL_SHIP_BY:
    case RF_DETAIL_REPLACEMENT_SHIP_BY:
        str(s, f->detail == RF_DETAIL_SHIP_BY ? "卖家应在付款后" : "卖家应在收到退货后");
        number(s, f->limit);
        str(s, "小时内(");
        when(s, f->due);
        str(s, f->detail == RF_DETAIL_SHIP_BY ? " 前)发货" : " 前)换出");
        break;
    case RF_DETAIL_PLATFORM_BY: str(s, "平台应于 "); when(s, f->due); str(s, " 前处理"); break;
    case RF_DETAIL_COMPLAINT_FILER: str(s, "该方不能发起"); complaint(s, f, true); break;
    case RF_DETAIL_COMPLAINT_CHANNEL: str(s, "天猫(商城)交易不适用恶意骚扰维权"); break;
    case RF_DETAIL_COMPLAINT_WINDOW: str(s, "只能在交易成功后"); number(s, f->limit); str(s, "天内发起"); break;
    case RF_DETAIL_COMPLAINT_REVIEW: str(s, "没有针对发起方的中差评生效"); break;
    case RF_DETAIL_COMPLAINT_EXEMPT: str(s, "定制、预售及特定运送方式的商品不适用"); break;
    case RF_DETAIL_COMPLAINT_NOT_LATE: str(s, "只有付款后"); number(s, f->limit); str(s, "小时仍未发货才可发起"); break;
    case RF_DETAIL_COMPLAINT_STATE:
        str(s, "只能在未付款或交易关闭时、下单后");
        number(s, f->limit);
        str(s, "天内发起");
        break;
    case RF_DETAIL_COMPLAINT_PARTY: str(s, "维权由被维权方申诉、由发起方撤销"); break;
    case RF_DETAIL_COUNT: break;
    }
}

static size_t message(const rf_finding *f, rf_lang lang, char *buf, size_t size, bool human, rf_time ref) {
    if (!buf) size = 0; /* nowhere to write: only count */
    bool zh = lang == RF_LANG_ZH;
    sentence s = {{buf, size, 0}, human, zh, ref};
    if (!f) {
        if (buf && size) buf[0] = '\0';
        return 0;
    }
    const char *type = (unsigned)f->type < RF_EV_COUNT ? rf_enum_name(RF_ENUM_EVENT, (int)f->type) : "timeout";
    /* "refund_agreed by seller: LABEL; DETAIL" and "卖家的「同意退款」:标签;详情". */
    if (zh) {
        str(&s, actor_text(f->actor, true));
        str(&s, "的「");
        str(&s, (unsigned)f->type < RF_EV_COUNT ? rf_enum_label_zh(RF_ENUM_EVENT, (int)f->type) : "超时");
        str(&s, "」:");
    } else {
        str(&s, type);
        str(&s, " by ");
        str(&s, actor_text(f->actor, false));
        str(&s, ": ");
    }
    str(&s, rf_finding_label(f->code, zh));
    size_t before = s.out.len;
    str(&s, zh ? ";" : "; ");
    size_t mark = s.out.len;
    if (zh) detail_zh(&s, f);
    else detail_en(&s, f);
    if (s.out.len == mark) s.out.len = before; /* no detail: no separator */
    return rf__sentence_end(&s.out);
}

size_t rf_finding_message(const rf_finding *f, rf_lang lang, char *buf, size_t size) {
    return message(f, lang, buf, size, false, 0);
}

size_t rf__finding_message_text(const rf_finding *f, rf_lang lang, rf_time as_of, char *buf, size_t size) {
    return message(f, lang, buf, size, true, as_of);
}

/* The rule that decides each finding, named as staff know it. Text output
 * prints this name where JSON, CSV and `refund rules` print the seed lines
 * (f->seed): a citation such as "000:614,752" means nothing to the person
 * answering a buyer. One row per finding code, in RF_FINDING_LIST order. */
static const struct {
    rf_finding_code code;
    const char *zh, *en;
} rule_names[] = {
    {RF_FINDING_NONE,                    "无",             "none"},
    {RF_FINDING_ILLEGAL_TRANSITION,      "售后状态流转规则", "after-sales state rules"},
    {RF_FINDING_WRONG_ACTOR,             "操作方规则",      "who may act"},
    {RF_FINDING_OUT_OF_ORDER,            "事件时间顺序",     "events in time order"},
    {RF_FINDING_DUPLICATE_EVENT,         "事件编号唯一",     "one event per id"},
    {RF_FINDING_MISSED_TIMEOUT,          "超时自动处理",     "timeouts take effect"},
    {RF_FINDING_SEVEN_DAY_REFUSAL,       "七天无理由退换",   "7-day no-reason return"},
    {RF_FINDING_NOT_ELIGIBLE,            "申请条件与期限",   "eligibility and windows"},
    {RF_FINDING_AMOUNT_EXCEEDS_PAID,     "退款不超过实付",   "refund at most what was paid"},
    {RF_FINDING_AMOUNT_MISMATCH,         "退款结算规则",     "settlement rules"},
    {RF_FINDING_LATE_SHIPMENT,           "发货时限",         "shipping time limit"},
    {RF_FINDING_PLATFORM_LATE,           "平台处理时限",     "platform working-day limit"},
    {RF_FINDING_EXCHANGE_POSTAGE_UNPAID, "换货邮费先付",     "exchange postage paid first"},
};
_Static_assert(sizeof rule_names / sizeof rule_names[0] == RF_FINDING_COUNT, "a rule name for every finding code");

const char *rf__finding_rule_name(rf_finding_code code, bool zh) {
    if ((unsigned)code >= RF_FINDING_COUNT || rule_names[code].code != code) return NULL;
    return zh ? rule_names[code].zh : rule_names[code].en;
}
