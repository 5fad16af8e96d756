/*
 * The report of a summary (`refund report`, docs/summary.md): one HTML page
 * that needs nothing else. The CSS is inline, the charts are inline SVG, no
 * script runs and nothing is fetched, so the file can be mailed, archived
 * and opened offline; Chinese text needs only a CJK font on the reader's
 * machine (the font stack names the common ones).
 *
 * Four charts, each drawn with one CSS class per kind of mark so that a test
 * can count them against the summary (tests/cli/t_report.sh):
 *   findings by code           rect.bar-code, one per code with findings
 *   money at stake by code     rect.bar-overpaid and rect.bar-short, one
 *                              each per code with money at stake
 *   findings by month          rect.bar-month, one per month
 *   cases by channel           rect.bar-channel (cases) and
 *                              rect.bar-channel-findings (with findings),
 *                              one each per channel
 * then the tables. Geometry is integer pixels: lengths are scaled with
 * integer division, like every other number of the library.
 */
#include "summary.h"
#include "buf.h"
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* ---- pieces ------------------------------------------------------------------------ */

/* Text with & < > " escaped. */
static void put_html(rf__buf *b, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': RF__PUT_LIT(b, "&amp;"); break;
        case '<': RF__PUT_LIT(b, "&lt;"); break;
        case '>': RF__PUT_LIT(b, "&gt;"); break;
        case '"': RF__PUT_LIT(b, "&quot;"); break;
        default: rf__buf_putc(b, *s);
        }
    }
}

static void put_int(rf__buf *b, int64_t v) { rf__buf_printf(b, "%lld", (long long)v); }

static void put_money(rf__buf *b, int64_t fen) {
    char text[RF__MONEY_TEXT_MAX + 1];
    *rf__money_format_to(text, fen) = '\0';
    rf__buf_puts(b, text);
}

/* v scaled from 0..max to 0..len pixels (integer division; v <= max). */
static int64_t scale(int64_t v, int64_t max, int64_t len) {
    if (max <= 0 || v <= 0) return 0;
    if (v <= INT64_MAX / len) return v * len / max;
    int64_t unit = max / len + 1;
    int64_t x = v / unit;
    return x > len ? len : x;
}

/* A bar of at least 1 pixel for any value above 0, so a small count shows. */
static int64_t bar_len(int64_t v, int64_t max, int64_t len) {
    int64_t x = scale(v, max, len);
    return v > 0 && x == 0 ? 1 : x;
}

static const char *channel_label(size_t c, bool zh) {
    return zh ? rf_enum_label_zh(RF_ENUM_CHANNEL, (int)c) : rf_enum_name(RF_ENUM_CHANNEL, (int)c);
}

/* ---- words ----------------------------------------------------------------------- */

typedef struct words {
    const char *lang, *title, *lines, *cases, *clean, *with, *bad, *findings, *over, *under, *total;
    const char *by_code, *money_by_code, *by_month, *by_channel, *tables, *code, *meaning, *channel, *rule,
        *month, *no_money, *no_findings, *outside, *unknown_month, *share, *note;
} words;

static const words words_en = {
    "en", "Refund audit report", "lines read", "cases", "clean", "with findings", "bad lines", "findings",
    "shop overpaid", "buyers short-changed", "total",
    "Findings by code", "Money at stake by code (yuan)", "Findings by month of the request", "Cases by channel",
    "Tables", "code", "meaning", "channel", "rule", "month", "No finding judges money.", "No findings.",
    "outside any request, or no settlement", "unknown", "with findings",
    "Money at stake is the delta of each finding that judges money (actual - expected): what the shop "
    "paid above what the rules allow, and what buyers got below it. A finding counts under the request "
    "its event belongs to (its rule and the month it was opened, +08:00); outside any request under rule - "
    "and the month of order_created."};

static const words words_zh = {
    "zh-CN", "退款审计报告", "读入行数", "案件", "无问题", "有问题", "无法判定的行", "问题",
    "店铺多退", "买家少退", "合计",
    "按问题代码", "按问题代码的涉及金额(元)", "按申请月份的问题", "按渠道的案件",
    "明细表", "代码", "说明", "渠道", "规则", "月份", "没有涉及金额的问题。", "没有问题。",
    "不属于任何申请, 或申请无结算", "未知", "有问题",
    "涉及金额取自每个核对金额的问题的差额(实际 - 应当): 店铺多于规则所允许而退出的, 以及买家少于规则所应得的。"
    "问题计入其事件所属的售后申请(该申请的结算规则与申请月份, +08:00); 不属于任何申请的计入规则 - 与下单月份。"};

/* ---- the charts -------------------------------------------------------------------- */

#define CHART_W 1100
#define LABEL_W 210     /* left column of the horizontal charts */
#define VALUE_W 150     /* right of the longest bar: its value */
#define BAR_AREA (CHART_W - LABEL_W - VALUE_W)

static void svg_open(rf__buf *b, int64_t height, const char *title) {
    RF__PUT_LIT(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"");
    put_int(b, CHART_W);
    RF__PUT_LIT(b, "\" height=\"");
    put_int(b, height);
    RF__PUT_LIT(b, "\" viewBox=\"0 0 ");
    put_int(b, CHART_W);
    rf__buf_putc(b, ' ');
    put_int(b, height);
    RF__PUT_LIT(b, "\" role=\"img\" aria-label=\"");
    put_html(b, title);
    RF__PUT_LIT(b, "\">\n");
}

/* <rect class=".." x y width height><title>tip</title></rect> */
static void rect(rf__buf *b, const char *cls, int64_t x, int64_t y, int64_t w, int64_t h, const char *tip_a,
                 const char *tip_b) {
    rf__buf_printf(b, "<rect class=\"%s\" x=\"%lld\" y=\"%lld\" width=\"%lld\" height=\"%lld\">", cls, (long long)x,
                   (long long)y, (long long)w, (long long)h);
    if (tip_a) {
        RF__PUT_LIT(b, "<title>");
        put_html(b, tip_a);
        if (tip_b) {
            RF__PUT_LIT(b, ": ");
            put_html(b, tip_b);
        }
        RF__PUT_LIT(b, "</title>");
    }
    RF__PUT_LIT(b, "</rect>\n");
}

static void text(rf__buf *b, const char *cls, int64_t x, int64_t y, const char *anchor, const char *s) {
    rf__buf_printf(b, "<text class=\"%s\" x=\"%lld\" y=\"%lld\" text-anchor=\"%s\">", cls, (long long)x, (long long)y,
                   anchor);
    put_html(b, s);
    RF__PUT_LIT(b, "</text>\n");
}

static char *count_text(int64_t n, char buf[24]) {
    *rf__put_uint(buf, (uint64_t)n, 1) = '\0';
    return buf;
}

/* Findings by code: one horizontal bar per code with findings. */
static void chart_codes(rf__buf *b, const rf_summary *s, const rf_finding_code *order, const words *w) {
    size_t rows = 0;
    int64_t max = 0;
    for (size_t i = 0; i < RF_FINDING_COUNT; i++)
        if (s->all.code[order[i]].n) {
            rows++;
            if (s->all.code[order[i]].n > max) max = s->all.code[order[i]].n;
        }
    if (!rows) {
        rf__buf_printf(b, "<p class=\"none\">%s</p>\n", w->no_findings);
        return;
    }
    const int64_t row = 26;
    svg_open(b, (int64_t)rows * row + 8, w->by_code);
    int64_t y = 4;
    for (size_t i = 0; i < RF_FINDING_COUNT; i++) {
        const rf__cell *c = &s->all.code[order[i]];
        if (!c->n) continue;
        char n[24];
        const char *name = rf_finding_name(order[i]);
        int64_t len = bar_len(c->n, max, BAR_AREA);
        text(b, "label", LABEL_W - 8, y + 17, "end", name);
        rect(b, "bar-code", LABEL_W, y + 3, len, row - 8, name, count_text(c->n, n));
        text(b, "value", LABEL_W + len + 6, y + 17, "start", n);
        y += row;
    }
    RF__PUT_LIT(b, "</svg>\n");
}

/* Money at stake by code: two bars (overpaid, short-changed) per code with money. */
static void chart_money(rf__buf *b, const rf_summary *s, const rf_finding_code *order, const words *w) {
    size_t rows = 0;
    int64_t max = 0;
    for (size_t i = 0; i < RF_FINDING_COUNT; i++) {
        const rf__cell *c = &s->all.code[order[i]];
        if (!c->over && !c->under) continue;
        rows++;
        if (c->over > max) max = c->over;
        if (c->under > max) max = c->under;
    }
    if (!rows) {
        rf__buf_printf(b, "<p class=\"none\">%s</p>\n", w->no_money);
        return;
    }
    const int64_t row = 44, legend = 26;
    svg_open(b, legend + (int64_t)rows * row + 6, w->money_by_code);
    /* The legend: swatches of their own class, so that bars alone carry the bar classes. */
    rf__buf_printf(b, "<rect class=\"key-overpaid\" x=\"%d\" y=\"6\" width=\"14\" height=\"14\"></rect>\n", LABEL_W);
    text(b, "legend", LABEL_W + 20, 18, "start", w->over);
    rf__buf_printf(b, "<rect class=\"key-short\" x=\"%d\" y=\"6\" width=\"14\" height=\"14\"></rect>\n", LABEL_W + 200);
    text(b, "legend", LABEL_W + 220, 18, "start", w->under);
    int64_t y = legend;
    for (size_t i = 0; i < RF_FINDING_COUNT; i++) {
        const rf__cell *c = &s->all.code[order[i]];
        if (!c->over && !c->under) continue;
        const char *name = rf_finding_name(order[i]);
        char m[RF__MONEY_TEXT_MAX + 1];
        text(b, "label", LABEL_W - 8, y + 25, "end", name);
        int64_t len = bar_len(c->over, max, BAR_AREA);
        *rf__money_format_to(m, c->over) = '\0';
        rect(b, "bar-overpaid", LABEL_W, y + 4, len, 16, w->over, m);
        text(b, "value", LABEL_W + len + 6, y + 17, "start", m);
        len = bar_len(c->under, max, BAR_AREA);
        *rf__money_format_to(m, c->under) = '\0';
        rect(b, "bar-short", LABEL_W, y + 22, len, 16, w->under, m);
        text(b, "value", LABEL_W + len + 6, y + 35, "start", m);
        y += row;
    }
    RF__PUT_LIT(b, "</svg>\n");
}

/* Findings by month: one vertical bar per month, "-" (unknown) last. */
static void chart_months(rf__buf *b, const rf_summary *s, const words *w) {
    size_t n = 0, known = 0;
    int64_t max = 0;
    for (size_t i = 0; i < s->month_count; i++)
        if (s->months[i].g.total.n) {
            n++;
            if (s->months[i].key >= 0) known++;
            if (s->months[i].g.total.n > max) max = s->months[i].g.total.n;
        }
    if (!n) {
        rf__buf_printf(b, "<p class=\"none\">%s</p>\n", w->no_findings);
        return;
    }
    const int64_t left = 70, right = 20, top = 16, plot_h = 220, axis_h = 46;
    int64_t plot_w = CHART_W - left - right;
    int64_t slot = plot_w / (int64_t)n;
    if (slot < 1) slot = 1;
    int64_t bar_w = slot > 6 ? slot - slot / 5 : slot;
    /* A label every `every` months, at least 64 pixels apart. */
    int64_t every = 1;
    while (every * slot < 64) every++;
    svg_open(b, top + plot_h + axis_h, w->by_month);
    /* Axis and gridlines at 0, max/2 and max. */
    for (int k = 0; k <= 2; k++) {
        int64_t v = max * k / 2, y = top + plot_h - scale(v, max, plot_h);
        char t[24];
        rf__buf_printf(b, "<line class=\"grid\" x1=\"%lld\" y1=\"%lld\" x2=\"%lld\" y2=\"%lld\"></line>\n",
                       (long long)left, (long long)y, (long long)(CHART_W - right), (long long)y);
        text(b, "tick", left - 8, y + 4, "end", count_text(v, t));
    }
    /* Months in order, the unknown month ("-", sorted first) at the end. */
    size_t drawn = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < s->month_count; i++) {
            const rf__month *m = &s->months[i];
            if (!m->g.total.n || (pass == 0) != (m->key >= 0)) continue;
            char key[8], cnt[24];
            const char *label = m->key >= 0 ? rf__month_text(m->key, key) : w->unknown_month;
            int64_t h = bar_len(m->g.total.n, max, plot_h);
            int64_t x = left + (int64_t)drawn * slot + (slot - bar_w) / 2;
            rect(b, "bar-month", x, top + plot_h - h, bar_w, h, label, count_text(m->g.total.n, cnt));
            /* A month's label every `every` bars, none so close to the
             * unknown month's (drawn last) that they would overlap. */
            if (m->key < 0 || ((int64_t)drawn % every == 0 && (known == n || (int64_t)(known - drawn) >= every)))
                text(b, "tick", x + bar_w / 2, top + plot_h + 18, "middle", label);
            drawn++;
        }
    rf__buf_printf(b, "<line class=\"axis\" x1=\"%lld\" y1=\"%lld\" x2=\"%lld\" y2=\"%lld\"></line>\n", (long long)left,
                   (long long)(top + plot_h), (long long)(CHART_W - right), (long long)(top + plot_h));
    RF__PUT_LIT(b, "</svg>\n");
}

/* Cases by channel: a bar of the cases with the part with findings over it. */
static void chart_channels(rf__buf *b, const rf_summary *s, const words *w, bool zh) {
    size_t rows = 0;
    int64_t max = 0;
    for (size_t c = 0; c < RF_CHANNEL_COUNT; c++) {
        int64_t cases = s->channel_clean[c] + s->channel_with[c];
        if (!cases) continue;
        rows++;
        if (cases > max) max = cases;
    }
    if (!rows) {
        rf__buf_printf(b, "<p class=\"none\">%s</p>\n", w->no_findings);
        return;
    }
    const int64_t row = 34, legend = 26;
    svg_open(b, legend + (int64_t)rows * row + 6, w->by_channel);
    rf__buf_printf(b, "<rect class=\"key-channel\" x=\"%d\" y=\"6\" width=\"14\" height=\"14\"></rect>\n", LABEL_W);
    text(b, "legend", LABEL_W + 20, 18, "start", w->cases);
    rf__buf_printf(b, "<rect class=\"key-channel-findings\" x=\"%d\" y=\"6\" width=\"14\" height=\"14\"></rect>\n",
                   LABEL_W + 200);
    text(b, "legend", LABEL_W + 220, 18, "start", w->with);
    int64_t y = legend;
    for (size_t c = 0; c < RF_CHANNEL_COUNT; c++) {
        int64_t cases = s->channel_clean[c] + s->channel_with[c];
        if (!cases) continue;
        char n1[24], n2[24], value[96];
        int64_t len = bar_len(cases, max, BAR_AREA), part = bar_len(s->channel_with[c], max, BAR_AREA);
        text(b, "label", LABEL_W - 8, y + 21, "end", channel_label(c, zh));
        rect(b, "bar-channel", LABEL_W, y + 4, len, 24, w->cases, count_text(cases, n1));
        rect(b, "bar-channel-findings", LABEL_W, y + 4, part, 24, w->with, count_text(s->channel_with[c], n2));
        /* The share with findings, in whole percent (rounded down). */
        snprintf(value, sizeof value, "%s / %s (%lld%%)", n2, n1,
                 (long long)(s->channel_with[c] <= INT64_MAX / 100 ? s->channel_with[c] * 100 / cases : 0));
        text(b, "value", LABEL_W + len + 6, y + 21, "start", value);
        y += row;
    }
    RF__PUT_LIT(b, "</svg>\n");
}

/* ---- the tables --------------------------------------------------------------------- */

static void th(rf__buf *b, const char *s, bool number) {
    rf__buf_puts(b, number ? "<th class=\"n\">" : "<th>");
    put_html(b, s);
    RF__PUT_LIT(b, "</th>");
}

static void td_text(rf__buf *b, const char *s) {
    RF__PUT_LIT(b, "<td>");
    put_html(b, s);
    RF__PUT_LIT(b, "</td>");
}

static void td_count(rf__buf *b, int64_t v) {
    RF__PUT_LIT(b, "<td class=\"n\">");
    put_int(b, v);
    RF__PUT_LIT(b, "</td>");
}

static void td_money(rf__buf *b, int64_t v) {
    RF__PUT_LIT(b, "<td class=\"n\">");
    put_money(b, v);
    RF__PUT_LIT(b, "</td>");
}

static void cell_tds(rf__buf *b, const rf__cell *c) {
    td_count(b, c->n);
    td_money(b, c->over);
    td_money(b, c->under);
}

static void tables(rf__buf *b, const rf_summary *s, const rf_finding_code *order, const words *w, bool zh) {
    /* By code. */
    rf__buf_printf(b, "<h3>%s</h3>\n<table class=\"by-code\"><tr>", w->by_code);
    th(b, w->code, false);
    th(b, w->findings, true);
    th(b, w->over, true);
    th(b, w->under, true);
    th(b, w->meaning, false);
    RF__PUT_LIT(b, "</tr>\n");
    for (size_t i = 0; i < RF_FINDING_COUNT; i++) {
        const rf__cell *c = &s->all.code[order[i]];
        if (!c->n) continue;
        RF__PUT_LIT(b, "<tr>");
        td_text(b, rf_finding_name(order[i]));
        cell_tds(b, c);
        td_text(b, rf_finding_label(order[i], zh));
        RF__PUT_LIT(b, "</tr>\n");
    }
    RF__PUT_LIT(b, "<tr class=\"total\">");
    td_text(b, w->total);
    cell_tds(b, &s->all.total);
    td_text(b, "");
    RF__PUT_LIT(b, "</tr>\n</table>\n");

    /* By channel. */
    rf__buf_printf(b, "<h3>%s</h3>\n<table class=\"by-channel\"><tr>", w->by_channel);
    th(b, w->channel, false);
    th(b, w->cases, true);
    th(b, w->with, true);
    th(b, w->findings, true);
    th(b, w->over, true);
    th(b, w->under, true);
    RF__PUT_LIT(b, "</tr>\n");
    for (size_t c = 0; c < RF_CHANNEL_COUNT; c++) {
        int64_t cases = s->channel_clean[c] + s->channel_with[c];
        if (!cases) continue;
        RF__PUT_LIT(b, "<tr>");
        RF__PUT_LIT(b, "<td>");
        put_html(b, channel_label(c, zh));
        RF__PUT_LIT(b, "</td>");
        td_count(b, cases);
        td_count(b, s->channel_with[c]);
        cell_tds(b, &s->channel[c].total);
        RF__PUT_LIT(b, "</tr>\n");
    }
    RF__PUT_LIT(b, "</table>\n");

    /* By rule: "-" and the letters in name order, as the JSON has them. */
    rf__buf_printf(b, "<h3>%s</h3>\n<table class=\"by-rule\"><tr>", zh ? "按结算规则" : "By settlement rule");
    th(b, w->rule, false);
    th(b, w->findings, true);
    th(b, w->over, true);
    th(b, w->under, true);
    th(b, w->meaning, false);
    RF__PUT_LIT(b, "</tr>\n");
    const rf__group *none = &s->rule[RF__RULE_NONE];
    if (none->total.n) {
        RF__PUT_LIT(b, "<tr>");
        td_text(b, "-");
        cell_tds(b, &none->total);
        td_text(b, w->outside);
        RF__PUT_LIT(b, "</tr>\n");
    }
    unsigned letters[RF_RULE_COUNT]; /* sorted by name, as the JSON has them */
    for (unsigned r = 0; r < RF_RULE_COUNT; r++) letters[r] = r;
    for (unsigned i = 1; i < RF_RULE_COUNT; i++)
        for (unsigned j = i; j > 0 && strcmp(rf_rule_id((rf_rule)letters[j - 1]), rf_rule_id((rf_rule)letters[j])) > 0; j--) {
            unsigned t = letters[j];
            letters[j] = letters[j - 1];
            letters[j - 1] = t;
        }
    for (unsigned i = 0; i < RF_RULE_COUNT; i++) {
        const rf__group *g = &s->rule[letters[i]];
        if (!g->total.n) continue;
        RF__PUT_LIT(b, "<tr>");
        td_text(b, rf_rule_id((rf_rule)letters[i]));
        cell_tds(b, &g->total);
        td_text(b, rf_rule_label((rf_rule)letters[i], zh));
        RF__PUT_LIT(b, "</tr>\n");
    }
    RF__PUT_LIT(b, "</table>\n");

    /* By month. */
    rf__buf_printf(b, "<h3>%s</h3>\n<table class=\"by-month\"><tr>", w->by_month);
    th(b, w->month, false);
    th(b, w->findings, true);
    th(b, w->over, true);
    th(b, w->under, true);
    RF__PUT_LIT(b, "</tr>\n");
    for (size_t i = 0; i < s->month_count; i++) {
        const rf__month *m = &s->months[i];
        char key[8];
        if (!m->g.total.n) continue;
        RF__PUT_LIT(b, "<tr>");
        td_text(b, m->key >= 0 ? rf__month_text(m->key, key) : w->unknown_month);
        cell_tds(b, &m->g.total);
        RF__PUT_LIT(b, "</tr>\n");
    }
    RF__PUT_LIT(b, "</table>\n");
}

/* ---- the page ------------------------------------------------------------------------ */

static const char css[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"WenQuanYi Zen Hei\",\"WenQuanYi Micro Hei\","
    "\"PingFang SC\",\"Microsoft YaHei\",\"DejaVu Sans\",sans-serif;color:#222;background:#fff;margin:0;"
    "padding:24px 40px;}\n"
    "main{max-width:1120px;}\n"
    "h1{font-size:26px;margin:0 0 4px;}\n"
    "h2{font-size:18px;margin:30px 0 8px;padding-bottom:4px;border-bottom:1px solid #ddd;}\n"
    "h3{font-size:15px;margin:22px 0 6px;}\n"
    "p.sub{color:#666;margin:0 0 18px;font-size:13px;}\n"
    "p.note{color:#555;font-size:12px;max-width:1060px;line-height:1.5;}\n"
    "p.none{color:#666;}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:8px;}\n"
    ".card{flex:1 1 0;min-width:96px;border:1px solid #ddd;border-radius:6px;padding:8px 10px;}\n"
    ".card span{display:block;color:#666;font-size:12px;}\n"
    ".card b{display:block;font-size:18px;font-variant-numeric:tabular-nums;white-space:nowrap;}\n"
    "table{border-collapse:collapse;font-size:13px;margin-bottom:8px;}\n"
    "th,td{padding:3px 12px;border-bottom:1px solid #eee;text-align:left;}\n"
    "th{background:#f5f5f5;}\n"
    ".n{text-align:right;font-variant-numeric:tabular-nums;}\n"
    "tr.total td{font-weight:bold;border-top:1px solid #ccc;}\n"
    "svg{display:block;margin:4px 0 8px;}\n"
    "svg text{font-size:12px;fill:#333;}\n"
    "svg text.label{font-size:12px;fill:#222;}\n"
    "svg text.value,svg text.tick{fill:#555;}\n"
    "svg line.grid{stroke:#e4e4e4;stroke-width:1;}\n"
    "svg line.axis{stroke:#888;stroke-width:1;}\n"
    ".bar-code{fill:#4e79a7;}\n"
    ".bar-overpaid,.key-overpaid{fill:#e15759;}\n"
    ".bar-short,.key-short{fill:#f28e2b;}\n"
    ".bar-month{fill:#59a14f;}\n"
    ".bar-channel,.key-channel{fill:#c9c3bf;}\n"
    ".bar-channel-findings,.key-channel-findings{fill:#76b7b2;}\n";

static void card(rf__buf *b, const char *label, const char *value) {
    RF__PUT_LIT(b, "<div class=\"card\"><span>");
    put_html(b, label);
    RF__PUT_LIT(b, "</span><b>");
    put_html(b, value);
    RF__PUT_LIT(b, "</b></div>\n");
}

rf_status rf_render_report(const rf_ctx *ctx, const rf_summary *s, rf_lang lang, char **out, size_t *len) {
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!s || !out) return RF_E_INVALID;
    bool zh = lang == RF_LANG_ZH;
    const words *w = zh ? &words_zh : &words_en;
    rf_finding_code order[RF_FINDING_COUNT];
    rf__summary_code_order(order);
    rf__buf b;
    rf__buf_init(&b, ctx ? &ctx->alloc : &rf__default_allocator);
    RF__PUT_LIT(&b, "<!DOCTYPE html>\n<html lang=\"");
    rf__buf_puts(&b, w->lang);
    RF__PUT_LIT(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    put_html(&b, w->title);
    RF__PUT_LIT(&b, "</title>\n<style>\n");
    rf__buf_put(&b, css, sizeof css - 1);
    RF__PUT_LIT(&b, "</style>\n</head>\n<body>\n<main>\n<h1>");
    put_html(&b, w->title);
    RF__PUT_LIT(&b, "</h1>\n<p class=\"sub\">refund-summary/1");
    /* The months covered, when known. */
    int32_t first = -1, last = -1;
    for (size_t i = 0; i < s->month_count; i++)
        if (s->months[i].g.total.n && s->months[i].key >= 0) {
            if (first < 0) first = s->months[i].key;
            last = s->months[i].key;
        }
    if (first >= 0) {
        char a[8], z[8];
        rf__buf_printf(&b, " &middot; %s %s &ndash; %s", zh ? "申请月份" : "requests opened", rf__month_text(first, a),
                       rf__month_text(last, z));
    }
    RF__PUT_LIT(&b, "</p>\n<div class=\"cards\">\n");
    char n[24], m[RF__MONEY_TEXT_MAX + 1];
    card(&b, w->lines, count_text(s->lines, n));
    card(&b, w->cases, count_text(s->clean + s->with_findings, n));
    card(&b, w->clean, count_text(s->clean, n));
    card(&b, w->with, count_text(s->with_findings, n));
    card(&b, w->bad, count_text(s->bad_lines, n));
    card(&b, w->findings, count_text(s->all.total.n, n));
    *rf__money_format_to(m, s->all.total.over) = '\0';
    card(&b, w->over, m);
    *rf__money_format_to(m, s->all.total.under) = '\0';
    card(&b, w->under, m);
    RF__PUT_LIT(&b, "</div>\n");
    rf__buf_printf(&b, "<h2>%s</h2>\n", w->by_code);
    chart_codes(&b, s, order, w);
    rf__buf_printf(&b, "<h2>%s</h2>\n", w->money_by_code);
    chart_money(&b, s, order, w);
    rf__buf_printf(&b, "<h2>%s</h2>\n", w->by_month);
    chart_months(&b, s, w);
    rf__buf_printf(&b, "<h2>%s</h2>\n", w->by_channel);
    chart_channels(&b, s, w, zh);
    rf__buf_printf(&b, "<h2>%s</h2>\n", w->tables);
    tables(&b, s, order, w, zh);
    RF__PUT_LIT(&b, "<p class=\"note\">");
    put_html(&b, w->note);
    RF__PUT_LIT(&b, "</p>\n</main>\n</body>\n</html>\n");
    return rf__buf_give(&b, out, len);
}
