/*
 * Summaries (FORMAT.md "Summaries", docs/summary.md): the findings of an
 * audit counted by code, channel, rule and month, with the money at stake.
 *
 * A summary is nothing but integer counters, and rendering writes every
 * non-empty counter in one fixed order. So merging is adding counters, and
 * the merge of the parts of a file renders to the same bytes as the whole,
 * whatever the grouping and order: addition of integers is associative and
 * commutative, and nothing depends on the order things were seen in.
 *
 * Overflow: every cell is part of a partition of the grand totals (see
 * summary.h), so an addition is checked once, against the grand totals,
 * before anything is changed: additions are all or nothing.
 */
#include "summary.h"
#include "error_text.h"
#include "internal.h"
#include "json_read.h"
#include "json_write.h"
#include "timeutil.h"

#include <string.h>

/* ---- names ---------------------------------------------------------------------- */

#define CH_NAME_(e, n, z) n,
static const char *const channel_names[RF_CHANNEL_COUNT] = {RF_CHANNEL_LIST(CH_NAME_)};
#undef CH_NAME_

static int channel_lookup(const char *name, size_t len) {
    for (int i = 0; i < RF_CHANNEL_COUNT; i++)
        if (strlen(channel_names[i]) == len && memcmp(channel_names[i], name, len) == 0) return i;
    return -1;
}

static int code_lookup(const char *name, size_t len) {
    for (int i = 0; i < RF_FINDING_COUNT; i++) {
        const char *n = rf_finding_name((rf_finding_code)i);
        if (strlen(n) == len && memcmp(n, name, len) == 0) return i;
    }
    return -1;
}

/* A rule's letter, "-" for RF__RULE_NONE. */
static const char *rule_text(unsigned rule) { return rule < RF_RULE_COUNT ? rf_rule_id((rf_rule)rule) : "-"; }

static int rule_lookup(const char *name, size_t len) {
    for (unsigned i = 0; i <= RF__RULE_NONE; i++) {
        const char *n = rule_text(i);
        if (strlen(n) == len && memcmp(n, name, len) == 0) return (int)i;
    }
    return -1;
}

/* Sorts the n values in order[] by their names (insertion sort: a dozen). */
static void sort_by_name(unsigned *order, size_t n, const char *(*name)(unsigned)) {
    for (size_t i = 1; i < n; i++) {
        unsigned v = order[i];
        size_t j = i;
        while (j && strcmp(name(order[j - 1]), name(v)) > 0) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
}

static const char *code_text(unsigned code) { return rf_finding_name((rf_finding_code)code); }

size_t rf__summary_code_order(rf_finding_code order[RF_FINDING_COUNT]) {
    unsigned o[RF_FINDING_COUNT];
    for (unsigned i = 0; i < RF_FINDING_COUNT; i++) o[i] = i;
    sort_by_name(o, RF_FINDING_COUNT, code_text);
    for (unsigned i = 0; i < RF_FINDING_COUNT; i++) order[i] = (rf_finding_code)o[i];
    return RF_FINDING_COUNT;
}

/* The rules in the order they are written: "-" and the letters, sorted. */
static void rule_order(unsigned order[RF__RULE_NONE + 1]) {
    for (unsigned i = 0; i <= RF__RULE_NONE; i++) order[i] = i;
    sort_by_name(order, RF__RULE_NONE + 1, rule_text);
}

/* ---- months ---------------------------------------------------------------------- */

/* The month of instant t at +08:00; RF__MONTH_NONE outside the years
 * 1970..9999 that a time in a file can have. */
static int32_t month_of(rf_time t) {
    int year;
    unsigned month, day;
    rf__civil_from_days(rf__local_day(t), &year, &month, &day);
    if (year < 1970 || year > 9999) return RF__MONTH_NONE;
    return (int32_t)(year * 12 + (int)month - 1);
}

char *rf__month_text(int32_t key, char buf[8]) {
    if (key < 0) {
        buf[0] = '-';
        buf[1] = '\0';
        return buf;
    }
    char *p = rf__put_uint(buf, (uint64_t)(key / 12), 4);
    *p++ = '-';
    p = rf__put_uint(p, (uint64_t)(key % 12 + 1), 2);
    *p = '\0';
    return buf;
}

/* "YYYY-MM" (1970..9999) or "-" to a key; false for anything else. */
static bool month_parse(const char *s, size_t len, int32_t *key) {
    if (len == 1 && s[0] == '-') {
        *key = RF__MONTH_NONE;
        return true;
    }
    if (len != 7 || s[4] != '-') return false;
    int year = 0, month = 0;
    for (int i = 0; i < 7; i++) {
        if (i == 4) continue;
        if (s[i] < '0' || s[i] > '9') return false;
        if (i < 4) year = year * 10 + (s[i] - '0');
        else month = month * 10 + (s[i] - '0');
    }
    if (year < 1970 || year > 9999 || month < 1 || month > 12) return false;
    *key = (int32_t)(year * 12 + month - 1);
    return true;
}

/* The index of month key in s->months: where it is, or where it would go
 * (*found false). */
static size_t month_search(const rf_summary *s, int32_t key, bool *found) {
    size_t h = s->month_hint;
    if (h < s->month_count && s->months[h].key == key) {
        *found = true;
        return h;
    }
    size_t lo = 0, hi = s->month_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->months[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    *found = lo < s->month_count && s->months[lo].key == key;
    return lo;
}

/* The group of month key, made (empty) if new; NULL when out of memory. */
static rf__group *month_group(rf_summary *s, int32_t key) {
    bool found;
    size_t i = month_search(s, key, &found);
    if (!found) {
        if (s->month_count == s->month_cap) {
            size_t cap = s->month_cap ? s->month_cap * 2 : 16;
            rf__month *m = rf__realloc(&s->alloc, s->months, s->month_cap * sizeof *m, cap * sizeof *m);
            if (!m) return NULL;
            s->months = m;
            s->month_cap = cap;
        }
        memmove(&s->months[i + 1], &s->months[i], (s->month_count - i) * sizeof *s->months);
        memset(&s->months[i], 0, sizeof s->months[i]);
        s->months[i].key = key;
        s->month_count++;
    }
    s->month_hint = i;
    return &s->months[i].g;
}

/* ---- the object --------------------------------------------------------------------- */

rf_summary *rf_summary_new(const rf_ctx *ctx) {
    const rf_allocator *a = ctx ? &ctx->alloc : &rf__default_allocator;
    rf_summary *s = rf__malloc(a, sizeof *s);
    if (!s) return NULL;
    memset(s, 0, sizeof *s);
    s->alloc = *a;
    return s;
}

void rf_summary_free(rf_summary *s) {
    if (!s) return;
    rf_allocator a = s->alloc;
    rf__free(&a, s->months);
    rf__free(&a, s->places);
    rf__free(&a, s);
}

/* ---- counting ----------------------------------------------------------------------- */

static void cell_add(rf__cell *c, int64_t n, int64_t over, int64_t under) {
    c->n += n;
    c->over += over;
    c->under += under;
}

static void group_add(rf__group *g, const rf__place *p) {
    cell_add(&g->total, 1, p->over, p->under);
    cell_add(&g->code[p->code], 1, p->over, p->under);
}

static rf_status overflow(rf_error *err) {
    return rf__fail_with(err, RF_E_RANGE, 0, 0, 0, NULL, RF_ERR_SUMMARY_OVERFLOW, NULL, NULL);
}

static bool places_reserve(rf_summary *s, size_t n) {
    if (n <= s->place_cap) return true;
    size_t cap = s->place_cap ? s->place_cap : 16;
    while (cap < n) cap *= 2;
    if (cap > SIZE_MAX / sizeof *s->places) return false;
    rf__place *p = rf__realloc(&s->alloc, s->places, s->place_cap * sizeof *p, cap * sizeof *p);
    if (!p) return false;
    s->places = p;
    s->place_cap = cap;
    return true;
}

/* The money at stake of a finding that judges money: delta = actual -
 * expected, positive (the shop paid more than the rules allow) into *over,
 * negative (the buyer got less) into *under, negated. */
static bool stake(rf_fen expected, rf_fen actual, int64_t *over, int64_t *under) {
    int64_t delta;
    *over = *under = 0;
    if (!rf__sub(actual, expected, &delta)) return false;
    if (delta > 0) *over = delta;
    else if (delta < 0) {
        if (delta == INT64_MIN) return false;
        *under = -delta;
    }
    return true;
}

/* Counts one case of channel with the n findings placed in s->places: all
 * or nothing. */
static rf_status add_case(rf_summary *s, rf_channel channel, size_t n, rf_error *err) {
    if ((unsigned)channel >= RF_CHANNEL_COUNT)
        return rf__fail_with(err, RF_E_INVALID, 0, 0, 0, "channel", RF_ERR_VERDICT_RANGE, "channel", NULL);
    /* The sums of this case, then the grand totals with them: every cell
     * is at most its grand total, so these checks cover them all. */
    int64_t over = 0, under = 0, lines, count, all_over, all_under;
    for (size_t i = 0; i < n; i++)
        if (!rf__add(over, s->places[i].over, &over) || !rf__add(under, s->places[i].under, &under))
            return overflow(err);
    if (n > (uint64_t)INT64_MAX || !rf__add(s->lines, 1, &lines) || !rf__add(s->all.total.n, (int64_t)n, &count) ||
        !rf__add(s->all.total.over, over, &all_over) || !rf__add(s->all.total.under, under, &all_under))
        return overflow(err);
    /* Months first: the only step that can fail. A month made here and left
     * empty by a failure is never written. */
    for (size_t i = 0; i < n; i++)
        if (!month_group(s, s->places[i].month)) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    s->lines++;
    if (n) {
        s->with_findings++;
        s->channel_with[channel]++;
    } else {
        s->clean++;
        s->channel_clean[channel]++;
    }
    for (size_t i = 0; i < n; i++) {
        const rf__place *p = &s->places[i];
        group_add(&s->all, p);
        group_add(&s->channel[channel], p);
        group_add(&s->rule[p->rule], p);
        group_add(month_group(s, p->month), p); /* found: it was made above */
    }
    return RF_OK;
}

rf_status rf_summary_add_verdict(rf_summary *s, const rf_verdict *v, rf_error *err) {
    if (!s || !v) return rf__fail_null(err, RF_E_INVALID, "rf_summary_add_verdict", "s,v");
    if (!places_reserve(s, v->finding_count)) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    int32_t created = v->has_created ? month_of(v->created) : RF__MONTH_NONE;
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        rf__place *p = &s->places[i];
        if ((unsigned)f->code >= RF_FINDING_COUNT)
            return rf__fail_with(err, RF_E_INVALID, 0, 0, 0, "findings", RF_ERR_VERDICT_RANGE, "findings[].code", NULL);
        p->code = f->code;
        p->over = p->under = 0;
        if (f->has_money && !stake(f->expected, f->actual, &p->over, &p->under)) return overflow(err);
        if (f->request < v->request_count) {
            const rf_request *q = &v->requests[f->request];
            p->rule = q->has_settlement && (unsigned)q->settlement.rule < RF_RULE_COUNT ? (unsigned)q->settlement.rule
                                                                                       : RF__RULE_NONE;
            p->month = month_of(q->opened);
        } else {
            p->rule = RF__RULE_NONE;
            p->month = created;
        }
    }
    return add_case(s, v->channel, v->finding_count, err);
}

rf_status rf_summary_add_bad_line(rf_summary *s, rf_error *err) {
    if (!s) return rf__fail_null(err, RF_E_INVALID, "rf_summary_add_bad_line", "s");
    int64_t lines;
    if (!rf__add(s->lines, 1, &lines)) return overflow(err);
    s->lines = lines;
    s->bad_lines++;
    return RF_OK;
}

/* ---- counting a verdict line ------------------------------------------------------------ */

/* A line that is no verdict: why, about key (found), at at. */
static rf_status not_verdict(rf_error *err, const rf__json *at, const char *field, rf_error_detail why,
                             const char *key) {
    return rf__fail_with(err, RF_E_INVALID, at->offset, at->line, at->column, field, why, key, NULL);
}

static bool is_string(const rf__json *j) { return j && j->type == RF_JSON_STRING; }

static bool time_of(const rf__json *j, rf_time *t) {
    return is_string(j) && rf_time_parse(j->str, j->len, t) == RF_OK;
}

static bool money_of(const rf__json *j, rf_fen *fen) {
    return is_string(j) && rf_money_parse(j->str, j->len, fen) == RF_OK;
}

/* A JSON integer 0 .. max, as written (no sign, fraction or exponent). */
static bool count_of(const rf__json *j, int64_t max, int64_t *out) {
    if (!j || j->type != RF_JSON_NUMBER || j->len == 0 || j->len > 19) return false;
    int64_t v = 0;
    for (size_t i = 0; i < j->len; i++) {
        char c = j->str[i];
        if (c < '0' || c > '9' || (i == 0 && c == '0' && j->len > 1)) return false;
        if (!rf__mul(v, 10, &v) || !rf__add(v, c - '0', &v)) return false;
    }
    if (v > max) return false;
    *out = v;
    return true;
}

/* The places of the findings of verdict root (an object), as
 * rf_summary_add_verdict places them from the verdict itself. */
static rf_status verdict_places(rf_summary *s, const rf__json *root, rf_channel *channel, size_t *count,
                                rf_error *err) {
    const rf__json *ch = rf__json_get(root, "channel"), *created = rf__json_get(root, "created");
    const rf__json *requests = rf__json_get(root, "requests"), *findings = rf__json_get(root, "findings");
    int c = is_string(ch) ? channel_lookup(ch->str, ch->len) : -1;
    if (c < 0) return not_verdict(err, ch ? ch : root, "channel", RF_ERR_VERDICT_UNKNOWN, "channel");
    *channel = (rf_channel)c;
    int32_t created_month = RF__MONTH_NONE;
    rf_time t;
    if (!created || (created->type != RF_JSON_NULL && !time_of(created, &t)))
        return not_verdict(err, created ? created : root, "created", RF_ERR_VERDICT_TIME, "created");
    if (created->type != RF_JSON_NULL) created_month = month_of(t);
    if (!requests || requests->type != RF_JSON_ARRAY || requests->count > RF_MAX_REQUESTS)
        return not_verdict(err, requests ? requests : root, "requests", RF_ERR_VERDICT_ARRAY, "requests");
    if (!findings || findings->type != RF_JSON_ARRAY)
        return not_verdict(err, findings ? findings : root, "findings", RF_ERR_VERDICT_ARRAY, "findings");
    /* Each request's rule and month. */
    unsigned rules[RF_MAX_REQUESTS];
    int32_t months[RF_MAX_REQUESTS];
    size_t nreq = 0;
    for (const rf__json *q = requests->child; q; q = q->next, nreq++) {
        const rf__json *opened = q->type == RF_JSON_OBJECT ? rf__json_get(q, "opened") : NULL;
        const rf__json *settlement = q->type == RF_JSON_OBJECT ? rf__json_get(q, "settlement") : NULL;
        if (!time_of(opened, &t))
            return not_verdict(err, opened ? opened : q, "requests[].opened", RF_ERR_VERDICT_TIME, "opened");
        months[nreq] = month_of(t);
        if (!settlement || (settlement->type != RF_JSON_NULL && settlement->type != RF_JSON_OBJECT))
            return not_verdict(err, settlement ? settlement : q, "requests[].settlement", RF_ERR_VERDICT_OBJECT_OR_NULL,
                               "settlement");
        rules[nreq] = RF__RULE_NONE;
        if (settlement->type == RF_JSON_OBJECT) {
            const rf__json *rule = rf__json_get(settlement, "rule");
            int r = is_string(rule) ? rule_lookup(rule->str, rule->len) : -1;
            if (r < 0 || r == RF__RULE_NONE)
                return not_verdict(err, rule ? rule : settlement, "requests[].settlement.rule", RF_ERR_VERDICT_UNKNOWN,
                                   "rule");
            rules[nreq] = (unsigned)r;
        }
    }
    if (!places_reserve(s, findings->count)) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    size_t n = 0;
    for (const rf__json *f = findings->child; f; f = f->next, n++) {
        rf__place *p = &s->places[n];
        const rf__json *code = f->type == RF_JSON_OBJECT ? rf__json_get(f, "code") : NULL;
        const rf__json *request = f->type == RF_JSON_OBJECT ? rf__json_get(f, "request") : NULL;
        const rf__json *expected = f->type == RF_JSON_OBJECT ? rf__json_get(f, "expected") : NULL;
        const rf__json *actual = f->type == RF_JSON_OBJECT ? rf__json_get(f, "actual") : NULL;
        int k = is_string(code) ? code_lookup(code->str, code->len) : -1;
        if (k < 0) return not_verdict(err, code ? code : f, "findings[].code", RF_ERR_VERDICT_UNKNOWN, "code");
        p->code = (rf_finding_code)k;
        p->over = p->under = 0;
        if (expected || actual) {
            rf_fen e, a;
            if (!money_of(expected, &e) || !money_of(actual, &a))
                return not_verdict(err, expected ? expected : actual, "findings[].expected", RF_ERR_VERDICT_MONEY, NULL);
            if (!stake(e, a, &p->over, &p->under)) return overflow(err);
        }
        int64_t index = 0;
        if (request && request->type == RF_JSON_NULL) {
            p->rule = RF__RULE_NONE;
            p->month = created_month;
        } else if (count_of(request, (int64_t)nreq - 1, &index)) {
            p->rule = rules[index];
            p->month = months[index];
        } else {
            return not_verdict(err, request ? request : f, "findings[].request", RF_ERR_VERDICT_REQUEST, NULL);
        }
    }
    *count = n;
    return RF_OK;
}

rf_status rf_summary_add_verdict_json(rf_summary *s, const char *json, size_t len, const char *name,
                                      rf_error *err) {
    rf_status before = err ? err->code : RF_OK;
    if (!s) return rf__fail_null(err, RF_E_INVALID, "rf_summary_add_verdict_json", "s");
    if (!json && len)
        return rf__name_error(err, before, name, rf__fail_null(err, RF_E_USAGE, "rf_summary_add_verdict_json", "json"));
    rf__json_doc *doc = NULL;
    rf_status st = rf__json_parse(&s->alloc, json ? json : "", len, NULL, &doc, err);
    if (st != RF_OK) return rf__name_error(err, before, name, st);
    const rf__json *root = rf__json_root(doc);
    if (root->type != RF_JSON_OBJECT) {
        st = not_verdict(err, root, "", RF_ERR_VERDICT_NOT_OBJECT, NULL);
    } else if (rf__json_get(root, "error")) {
        st = rf_summary_add_bad_line(s, err);
    } else {
        rf_channel channel = RF_CHANNEL_C_STORE;
        size_t n = 0;
        st = verdict_places(s, root, &channel, &n, err);
        if (st == RF_OK) st = add_case(s, channel, n, err);
    }
    rf__json_free(doc);
    return rf__name_error(err, before, name, st);
}

/* ---- merging ---------------------------------------------------------------------------- */

static void group_merge(rf__group *into, const rf__group *from) {
    cell_add(&into->total, from->total.n, from->total.over, from->total.under);
    for (size_t c = 0; c < RF_FINDING_COUNT; c++)
        cell_add(&into->code[c], from->code[c].n, from->code[c].over, from->code[c].under);
}

rf_status rf_summary_merge(rf_summary *into, const rf_summary *from, rf_error *err) {
    if (!into || !from) return rf__fail_null(err, RF_E_INVALID, "rf_summary_merge", "into,from");
    int64_t x;
    if (!rf__add(into->lines, from->lines, &x) || !rf__add(into->all.total.n, from->all.total.n, &x) ||
        !rf__add(into->all.total.over, from->all.total.over, &x) ||
        !rf__add(into->all.total.under, from->all.total.under, &x))
        return overflow(err);
    /* Months first (the only step that can fail), from a copy of the keys
     * when merging a summary into itself. */
    size_t n = from->month_count;
    for (size_t i = 0; i < n; i++)
        if (from->months[i].g.total.n && !month_group(into, from->months[i].key))
            return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    /* into may be from (doubling): each counter is read just before it is
     * written, and no month is made then, so nothing moves under from. */
    into->lines += from->lines;
    into->clean += from->clean;
    into->with_findings += from->with_findings;
    into->bad_lines += from->bad_lines;
    group_merge(&into->all, &from->all);
    for (size_t c = 0; c < RF_CHANNEL_COUNT; c++) {
        into->channel_clean[c] += from->channel_clean[c];
        into->channel_with[c] += from->channel_with[c];
        group_merge(&into->channel[c], &from->channel[c]);
    }
    for (size_t r = 0; r <= RF__RULE_NONE; r++) group_merge(&into->rule[r], &from->rule[r]);
    for (size_t i = 0; i < n; i++)
        if (from->months[i].g.total.n) group_merge(month_group(into, from->months[i].key), &from->months[i].g);
    return RF_OK;
}

/* ---- JSON -------------------------------------------------------------------------------- */

/* Money that may exceed RF_FEN_MAX (a sum), quoted. */
static void put_money(rf__buf *b, int64_t fen) {
    char text[RF__MONEY_TEXT_MAX + 2], *p = text;
    *p++ = '"';
    p = rf__money_format_to(p, fen);
    *p++ = '"';
    rf__buf_put(b, text, (size_t)(p - text));
}

/* "findings":N,"overpaid":"..","short_changed":".." */
static void cell_json(rf__buf *b, const rf__cell *c) {
    RF__PUT_LIT(b, "\"findings\":");
    rf__json_put_int(b, c->n);
    RF__PUT_LIT(b, ",\"overpaid\":");
    put_money(b, c->over);
    RF__PUT_LIT(b, ",\"short_changed\":");
    put_money(b, c->under);
}

/* The totals of g and "by_code" with every code that has findings. */
static void group_json(rf__buf *b, const rf__group *g, const rf_finding_code *order) {
    cell_json(b, &g->total);
    RF__PUT_LIT(b, ",\"by_code\":{");
    bool first = true;
    for (size_t i = 0; i < RF_FINDING_COUNT; i++) {
        const rf__cell *c = &g->code[order[i]];
        if (!c->n) continue;
        if (!first) rf__buf_putc(b, ',');
        first = false;
        rf__json_put_cstr(b, rf_finding_name(order[i]));
        RF__PUT_LIT(b, ":{");
        cell_json(b, c);
        rf__buf_putc(b, '}');
    }
    rf__buf_putc(b, '}');
}

static void summary_json(rf__buf *b, const rf_summary *s) {
    rf_finding_code order[RF_FINDING_COUNT];
    rf__summary_code_order(order);
    RF__PUT_LIT(b, "{\"schema\":\"refund-summary/1\",\"lines\":");
    rf__json_put_int(b, s->lines);
    RF__PUT_LIT(b, ",\"cases\":");
    rf__json_put_int(b, s->clean + s->with_findings);
    RF__PUT_LIT(b, ",\"clean\":");
    rf__json_put_int(b, s->clean);
    RF__PUT_LIT(b, ",\"with_findings\":");
    rf__json_put_int(b, s->with_findings);
    RF__PUT_LIT(b, ",\"bad_lines\":");
    rf__json_put_int(b, s->bad_lines);
    rf__buf_putc(b, ',');
    group_json(b, &s->all, order);
    RF__PUT_LIT(b, ",\"by_channel\":{");
    bool first = true;
    for (size_t c = 0; c < RF_CHANNEL_COUNT; c++) { /* the enumeration is in name order */
        int64_t cases = s->channel_clean[c] + s->channel_with[c];
        if (!cases) continue;
        if (!first) rf__buf_putc(b, ',');
        first = false;
        rf__json_put_cstr(b, channel_names[c]);
        RF__PUT_LIT(b, ":{\"cases\":");
        rf__json_put_int(b, cases);
        RF__PUT_LIT(b, ",\"clean\":");
        rf__json_put_int(b, s->channel_clean[c]);
        RF__PUT_LIT(b, ",\"with_findings\":");
        rf__json_put_int(b, s->channel_with[c]);
        rf__buf_putc(b, ',');
        group_json(b, &s->channel[c], order);
        rf__buf_putc(b, '}');
    }
    RF__PUT_LIT(b, "},\"by_rule\":{");
    unsigned rules[RF__RULE_NONE + 1];
    rule_order(rules);
    first = true;
    for (size_t i = 0; i <= RF__RULE_NONE; i++) {
        const rf__group *g = &s->rule[rules[i]];
        if (!g->total.n) continue;
        if (!first) rf__buf_putc(b, ',');
        first = false;
        rf__json_put_cstr(b, rule_text(rules[i]));
        RF__PUT_LIT(b, ":{");
        group_json(b, g, order);
        rf__buf_putc(b, '}');
    }
    RF__PUT_LIT(b, "},\"by_month\":{");
    first = true;
    for (size_t i = 0; i < s->month_count; i++) { /* sorted by key: "-" (-1) first, as in strcmp */
        const rf__month *m = &s->months[i];
        char text[8];
        if (!m->g.total.n) continue;
        if (!first) rf__buf_putc(b, ',');
        first = false;
        rf__json_put_cstr(b, rf__month_text(m->key, text));
        RF__PUT_LIT(b, ":{");
        group_json(b, &m->g, order);
        rf__buf_putc(b, '}');
    }
    RF__PUT_LIT(b, "}}");
}

/* ---- text ------------------------------------------------------------------------------------ */

/* The columns a UTF-8 text takes in a terminal: 2 for the wide East Asian
 * ranges, 1 for any other character. */
static size_t text_width(const char *s) {
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        uint32_t cp = *p;
        size_t n = 1;
        if (cp >= 0xF0) { cp &= 0x07; n = 4; }
        else if (cp >= 0xE0) { cp &= 0x0F; n = 3; }
        else if (cp >= 0xC0) { cp &= 0x1F; n = 2; }
        for (size_t i = 1; i < n && (p[i] & 0xC0) == 0x80; i++) cp = (cp << 6) | (p[i] & 0x3Fu);
        for (size_t i = 0; i < n && *p; i++) p++;
        bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                    (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                    (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
        w += wide ? 2 : 1;
    }
    return w;
}

/* text padded with spaces to width columns, on the left (right-aligned)
 * or on the right. */
static void put_cell(rf__buf *b, const char *text, size_t width, bool right) {
    size_t w = text_width(text);
    if (right)
        for (; w < width; w++) rf__buf_putc(b, ' ');
    rf__buf_puts(b, text);
    if (!right)
        for (; w < width; w++) rf__buf_putc(b, ' ');
}

#define TEXT_COLUMNS 6

/* A table: a header row and rows of up to TEXT_COLUMNS cells; the first
 * column left-aligned, the numbers right-aligned, the last (a label) left
 * and unpadded when label_last. Cells are copied into rows of fixed size. */
typedef struct table {
    size_t cols, rows, cap;
    char (*cell)[TEXT_COLUMNS][160];
    bool label_last;
    bool failed;
    const rf_allocator *alloc;
} table;

static void table_row(table *t, const char *const *cells) {
    if (t->failed) return;
    if (t->rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        void *p = rf__realloc(t->alloc, t->cell, t->cap * sizeof *t->cell, cap * sizeof *t->cell);
        if (!p) {
            t->failed = true;
            return;
        }
        t->cell = p;
        t->cap = cap;
    }
    for (size_t i = 0; i < t->cols; i++) {
        size_t n = strlen(cells[i]);
        if (n >= sizeof t->cell[0][0]) n = sizeof t->cell[0][0] - 1;
        memcpy(t->cell[t->rows][i], cells[i], n);
        t->cell[t->rows][i][n] = '\0';
    }
    t->rows++;
}

static void table_put(rf__buf *b, table *t) {
    size_t width[TEXT_COLUMNS] = {0};
    if (t->failed) rf__buf_fail(b);
    for (size_t r = 0; r < t->rows; r++)
        for (size_t i = 0; i < t->cols; i++) {
            size_t w = text_width(t->cell[r][i]);
            if (w > width[i]) width[i] = w;
        }
    for (size_t r = 0; r < t->rows; r++) {
        RF__PUT_LIT(b, "  ");
        for (size_t i = 0; i < t->cols; i++) {
            if (i) RF__PUT_LIT(b, "  ");
            if (i + 1 == t->cols && t->label_last) rf__buf_puts(b, t->cell[r][i]);
            else put_cell(b, t->cell[r][i], width[i], i > 0);
        }
        /* No trailing spaces (a row with an empty label). */
        while (b->len && b->data[b->len - 1] == ' ') b->len--;
        rf__buf_putc(b, '\n');
    }
    rf__free(t->alloc, t->cell);
    t->cell = NULL;
    t->rows = t->cap = 0;
}

static char *count_text(int64_t n, char buf[24]) {
    *rf__put_uint(buf, (uint64_t)n, 1) = '\0';
    return buf;
}

static void cell_row(table *t, const char *first, const rf__cell *c, const char *label) {
    char n[24], over[24], under[24];
    const char *cells[5] = {first, count_text(c->n, n), rf_money_format(c->over, over), rf_money_format(c->under, under),
                            label ? label : ""};
    table_row(t, cells);
}

static void group_tables(rf__buf *b, const rf_summary *s, bool zh, const rf_finding_code *order);

static void summary_text(rf__buf *b, const rf_summary *s, bool zh) {
    rf_finding_code order[RF_FINDING_COUNT];
    rf__summary_code_order(order);
    char m1[24], m2[24];
    if (zh) {
        rf__buf_printf(b, "审计汇总 (refund-summary/1)\n");
        rf__buf_printf(b, "读入 %lld 行: 案件 %lld 件 (无问题 %lld, 有问题 %lld), 无法判定的行 %lld\n",
                       (long long)s->lines, (long long)(s->clean + s->with_findings), (long long)s->clean,
                       (long long)s->with_findings, (long long)s->bad_lines);
        rf__buf_printf(b, "问题 %lld 个: 店铺多退 %s, 买家少退 %s\n", (long long)s->all.total.n,
                       rf_money_format(s->all.total.over, m1), rf_money_format(s->all.total.under, m2));
    } else {
        rf__buf_printf(b, "Audit summary (refund-summary/1)\n");
        rf__buf_printf(b, "%lld lines read: %lld cases (%lld clean, %lld with findings), %lld bad lines\n",
                       (long long)s->lines, (long long)(s->clean + s->with_findings), (long long)s->clean,
                       (long long)s->with_findings, (long long)s->bad_lines);
        rf__buf_printf(b, "%lld findings: shop overpaid %s, buyers short-changed %s\n", (long long)s->all.total.n,
                       rf_money_format(s->all.total.over, m1), rf_money_format(s->all.total.under, m2));
    }
    group_tables(b, s, zh, order);
}

static void group_tables(rf__buf *b, const rf_summary *s, bool zh, const rf_finding_code *order) {
    const char *h_findings = zh ? "问题" : "findings", *h_over = zh ? "店铺多退" : "overpaid",
               *h_under = zh ? "买家少退" : "short-changed", *h_total = zh ? "合计" : "total";
    table t = {.cols = 5, .label_last = true, .alloc = &s->alloc};
    {
        const char *head[5] = {zh ? "代码" : "code", h_findings, h_over, h_under, zh ? "说明" : "meaning"};
        rf__buf_printf(b, "\n%s\n", zh ? "按问题代码" : "By finding code");
        table_row(&t, head);
        for (size_t i = 0; i < RF_FINDING_COUNT; i++)
            if (s->all.code[order[i]].n)
                cell_row(&t, rf_finding_name(order[i]), &s->all.code[order[i]], rf_finding_label(order[i], zh));
        cell_row(&t, h_total, &s->all.total, NULL);
        table_put(b, &t);
    }
    {
        const char *head[6] = {zh ? "渠道" : "channel", zh ? "案件" : "cases", zh ? "有问题" : "with findings",
                               h_findings, h_over, h_under};
        t.cols = 6;
        t.label_last = false;
        rf__buf_printf(b, "\n%s\n", zh ? "按渠道" : "By channel");
        table_row(&t, head);
        for (size_t c = 0; c < RF_CHANNEL_COUNT; c++) {
            int64_t cases = s->channel_clean[c] + s->channel_with[c];
            if (!cases) continue;
            char n1[24], n2[24], n3[24], o[24], u[24];
            const rf__cell *cell = &s->channel[c].total;
            /* Chinese text names a channel by its label (天猫(商城)); JSON by its key. */
            const char *name = zh ? rf_enum_label_zh(RF_ENUM_CHANNEL, (int)c) : channel_names[c];
            const char *row[6] = {name, count_text(cases, n1), count_text(s->channel_with[c], n2),
                                  count_text(cell->n, n3), rf_money_format(cell->over, o),
                                  rf_money_format(cell->under, u)};
            table_row(&t, row);
        }
        table_put(b, &t);
    }
    {
        const char *head[5] = {zh ? "规则" : "rule", h_findings, h_over, h_under, zh ? "说明" : "meaning"};
        unsigned rules[RF__RULE_NONE + 1];
        rule_order(rules);
        t.cols = 5;
        t.label_last = true;
        rf__buf_printf(b, "\n%s\n", zh ? "按结算规则" : "By settlement rule");
        table_row(&t, head);
        for (size_t i = 0; i <= RF__RULE_NONE; i++) {
            unsigned r = rules[i];
            if (!s->rule[r].total.n) continue;
            const char *label = r < RF_RULE_COUNT ? rf_rule_label((rf_rule)r, zh)
                                                  : (zh ? "不属于任何申请, 或申请无结算" : "outside any request, or no settlement");
            cell_row(&t, rule_text(r), &s->rule[r].total, label);
        }
        table_put(b, &t);
    }
    {
        const char *head[4] = {zh ? "月份" : "month", h_findings, h_over, h_under};
        t.cols = 4;
        t.label_last = false;
        rf__buf_printf(b, "\n%s\n", zh ? "按申请月份" : "By month of the request");
        table_row(&t, head);
        for (size_t i = 0; i < s->month_count; i++) {
            char text[8];
            if (s->months[i].g.total.n) cell_row(&t, rf__month_text(s->months[i].key, text), &s->months[i].g.total, NULL);
        }
        table_put(b, &t);
    }
}

rf_status rf_render_summary(const rf_ctx *ctx, const rf_summary *s, rf_format format, rf_lang lang,
                            char **out, size_t *len) {
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!s || !out || (format != RF_FORMAT_TEXT && format != RF_FORMAT_JSON && format != RF_FORMAT_NDJSON))
        return RF_E_INVALID;
    rf__buf b;
    rf__buf_init(&b, ctx ? &ctx->alloc : &rf__default_allocator);
    if (format == RF_FORMAT_TEXT) {
        summary_text(&b, s, lang == RF_LANG_ZH);
    } else if (format == RF_FORMAT_JSON) {
        rf__buf compact;
        rf__buf_init(&compact, b.alloc);
        summary_json(&compact, s);
        rf__json_pretty_of(&b, &compact);
        rf__buf_free(&compact);
        rf__buf_putc(&b, '\n');
    } else {
        summary_json(&b, s);
        rf__buf_putc(&b, '\n');
    }
    return rf__buf_give(&b, out, len);
}

/* ---- reading a summary ---------------------------------------------------------------------- */

typedef struct reader {
    rf_error *err;
    rf_status st;
    char path[96];
} reader;

/* The first error, at at's key (key) or value, field r->path. */
static void bad_detail(reader *r, const rf__json *at, bool key, const rf__detail *d) {
    if (r->st != RF_OK) return;
    if (key)
        r->st = rf__fail_detail(r->err, RF_E_INVALID, at->key_offset, at->key_line, at->key_column, r->path, d);
    else
        r->st = rf__fail_detail(r->err, RF_E_INVALID, at->offset, at->line, at->column, r->path, d);
}

/* The same with found and fix NUL-terminated (NULL: none). */
static void bad(reader *r, const rf__json *at, bool key, rf_error_detail detail, const char *found, const char *fix) {
    rf__detail d = {.detail = detail, .found = found, .found_len = found ? strlen(found) : 0,
                    .fix = fix, .fix_len = fix ? strlen(fix) : 0};
    bad_detail(r, at, key, &d);
}

/* r->path = base + "." + key (cut to fit). */
static void path_set(reader *r, const char *base, const char *key) {
    size_t n = 0, cap = sizeof r->path - 1;
    char tmp[96];
    for (const char *p = base; *p && n < cap; p++) tmp[n++] = *p;
    if (n && n < cap) tmp[n++] = '.';
    for (const char *p = key; *p && n < cap; p++) tmp[n++] = *p;
    tmp[n] = '\0';
    memcpy(r->path, tmp, n + 1);
}

/* Money of a summary: "D.DD" up to the int64 range, no sign. */
static bool sum_of(const rf__json *j, int64_t *out) {
    if (!is_string(j) || j->len < 4 || j->str[j->len - 3] != '.') return false;
    int64_t v = 0;
    for (size_t i = 0; i < j->len; i++) {
        char c = j->str[i];
        if (i == j->len - 3) continue;
        if (c < '0' || c > '9' || (i == 0 && c == '0' && j->len > 4)) return false;
        if (!rf__mul(v, 10, &v) || !rf__add(v, c - '0', &v)) return false;
    }
    *out = v;
    return true;
}

/* Reads member m of an object by name into one of the slots given: a count
 * or a sum. */
typedef struct field {
    const char *key;
    int64_t *value;
    bool money;
    bool seen;
} field;

/* Reads the members of obj: each must be one of fields (numbers) or of the
 * objects named in objs (their member kept in objs_at). */
static void read_fields(reader *r, const rf__json *obj, const char *base, field *fields, size_t nf,
                        const char *const *objs, const rf__json **objs_at, size_t no) {
    if (r->st != RF_OK) return;
    if (obj->type != RF_JSON_OBJECT) {
        path_set(r, base, "");
        if (r->path[0] && r->path[strlen(r->path) - 1] == '.') r->path[strlen(r->path) - 1] = '\0';
        bad(r, obj, false, RF_ERR_NOT_OBJECT, NULL, NULL);
        return;
    }
    for (const rf__json *m = obj->child; m && r->st == RF_OK; m = m->next) {
        bool known = !base[0] && rf__json_key_is(m, "schema"); /* the top level's, read first */
        path_set(r, base, m->key);
        for (size_t i = 0; i < nf && !known; i++) {
            if (!rf__json_key_is(m, fields[i].key)) continue;
            known = true;
            fields[i].seen = true;
            bool good = fields[i].money ? sum_of(m, fields[i].value) : count_of(m, INT64_MAX, fields[i].value);
            if (!good)
                bad(r, m, false, fields[i].money ? RF_ERR_SUM_TEXT : RF_ERR_NOT_COUNT, NULL, NULL);
        }
        for (size_t i = 0; i < no && !known; i++) {
            if (!rf__json_key_is(m, objs[i])) continue;
            known = true;
            objs_at[i] = m;
            if (m->type != RF_JSON_OBJECT) bad(r, m, false, RF_ERR_NOT_OBJECT, NULL, NULL);
        }
        if (!known) bad(r, m, true, RF_ERR_UNKNOWN_KEY, m->key, NULL);
    }
    for (size_t i = 0; i < nf && r->st == RF_OK; i++)
        if (!fields[i].seen) {
            path_set(r, base, fields[i].key);
            bad(r, obj, false, RF_ERR_MISSING_KEY, fields[i].key, NULL);
        }
    for (size_t i = 0; i < no && r->st == RF_OK; i++)
        if (!objs_at[i]) {
            path_set(r, base, objs[i]);
            bad(r, obj, false, RF_ERR_MISSING_KEY, objs[i], NULL);
        }
}

static void read_cell(reader *r, const rf__json *obj, const char *base, rf__cell *c) {
    field f[3] = {{"findings", &c->n, false, false}, {"overpaid", &c->over, true, false},
                  {"short_changed", &c->under, true, false}};
    read_fields(r, obj, base, f, 3, NULL, NULL, 0);
    if (r->st == RF_OK && !c->n) {
        path_set(r, base, "findings");
        bad(r, obj, false, RF_ERR_SUMMARY_EMPTY, NULL, NULL);
    }
}

/* by_code: each known code once (the reader refuses repeated keys). */
static void read_by_code(reader *r, const rf__json *obj, const char *base, rf__group *g) {
    for (const rf__json *m = obj->child; m && r->st == RF_OK; m = m->next) {
        int code = code_lookup(m->key, m->key_len);
        path_set(r, base, m->key);
        if (code < 0) {
            bad(r, m, true, RF_ERR_UNKNOWN_FINDING, m->key, NULL);
            break;
        }
        char here[96];
        memcpy(here, r->path, sizeof here);
        read_cell(r, m, here, &g->code[code]);
    }
}

/* A group: its totals and by_code. */
static void read_group(reader *r, const rf__json *obj, const char *base, rf__group *g, field *extra, size_t nextra) {
    field f[6];
    size_t nf = 0;
    for (size_t i = 0; i < nextra; i++) f[nf++] = extra[i];
    f[nf++] = (field){"findings", &g->total.n, false, false};
    f[nf++] = (field){"overpaid", &g->total.over, true, false};
    f[nf++] = (field){"short_changed", &g->total.under, true, false};
    const char *objs[1] = {"by_code"};
    const rf__json *at[1] = {NULL};
    read_fields(r, obj, base, f, nf, objs, at, 1);
    char here[96];
    path_set(r, base, "by_code");
    memcpy(here, r->path, sizeof here);
    if (r->st == RF_OK) read_by_code(r, at[0], here, g);
}

/* Whether the parts add up to the whole (and within int64). */
static bool sums_to(const rf__cell *parts, size_t n, size_t stride, const rf__cell *whole) {
    int64_t a = 0, b = 0, c = 0;
    for (size_t i = 0; i < n; i++) {
        const rf__cell *p = (const rf__cell *)((const char *)parts + i * stride);
        if (!rf__add(a, p->n, &a) || !rf__add(b, p->over, &b) || !rf__add(c, p->under, &c)) return false;
    }
    return a == whole->n && b == whole->over && c == whole->under;
}

static bool group_consistent(const rf__group *g) { return sums_to(g->code, RF_FINDING_COUNT, sizeof g->code[0], &g->total); }

/* Each code (and the total) of the groups g[0..n) sums to the same of all. */
static bool grouping_consistent(const rf__group *g, size_t n, size_t stride, const rf__group *all) {
    if (!sums_to(&g->total, n, stride, &all->total)) return false;
    for (size_t c = 0; c < RF_FINDING_COUNT; c++)
        if (!sums_to(&g->code[c], n, stride, &all->code[c])) return false;
    return true;
}

/* Where a summary does not add up, as check_consistent finds it. */
typedef struct mismatch {
    rf_error_detail why;        /* RF_ERR_NONE: it adds up */
    const char *found, *fix;    /* the detail's parameters */
    char path[48];              /* the group whose by_code is wrong: "by_rule.F" */
} mismatch;

/* The group g, at path base.name, has findings and money that are not the
 * sums of its by_code: the first such group is the one said. */
static void check_group(mismatch *m, const rf__group *g, const char *base, const char *name) {
    if (m->why != RF_ERR_NONE || group_consistent(g)) return;
    m->why = RF_ERR_SUMMARY_BY_CODE;
    size_t n = strlen(base);
    memcpy(m->path, base, n);
    m->path[n] = '.';
    size_t k = strlen(name);
    if (k > sizeof m->path - n - 2) k = sizeof m->path - n - 2;
    memcpy(m->path + n + 1, name, k);
    m->path[n + 1 + k] = '\0';
}

static void check_consistent(reader *r, const rf__json *root, rf_summary *s, int64_t cases) {
    mismatch m = {RF_ERR_NONE, NULL, NULL, ""};
    int64_t x;
    if (!rf__add(s->clean, s->with_findings, &x) || x != cases)
        m = (mismatch){RF_ERR_SUMMARY_SUM, "cases", "clean + with_findings", ""};
    else if (!rf__add(cases, s->bad_lines, &x) || x != s->lines)
        m = (mismatch){RF_ERR_SUMMARY_SUM, "lines", "cases + bad_lines", ""};
    else if (!group_consistent(&s->all))
        m.why = RF_ERR_SUMMARY_BY_CODE;
    if (m.why == RF_ERR_NONE) {
        int64_t clean = 0, with = 0;
        bool fits = true;
        for (size_t c = 0; c < RF_CHANNEL_COUNT; c++) {
            fits = fits && rf__add(clean, s->channel_clean[c], &clean) && rf__add(with, s->channel_with[c], &with);
            check_group(&m, &s->channel[c], "by_channel", channel_names[c]);
        }
        if (m.why == RF_ERR_NONE &&
            (!fits || clean != s->clean || with != s->with_findings ||
             !grouping_consistent(s->channel, RF_CHANNEL_COUNT, sizeof s->channel[0], &s->all)))
            m = (mismatch){RF_ERR_SUMMARY_GROUPING, "by_channel", NULL, ""};
    }
    for (size_t i = 0; i <= RF__RULE_NONE; i++) check_group(&m, &s->rule[i], "by_rule", rule_text((unsigned)i));
    if (m.why == RF_ERR_NONE && !grouping_consistent(s->rule, RF__RULE_NONE + 1, sizeof s->rule[0], &s->all))
        m = (mismatch){RF_ERR_SUMMARY_GROUPING, "by_rule", NULL, ""};
    for (size_t i = 0; i < s->month_count; i++) {
        char month[8];
        check_group(&m, &s->months[i].g, "by_month", rf__month_text(s->months[i].key, month));
    }
    if (m.why == RF_ERR_NONE && !grouping_consistent(s->month_count ? &s->months[0].g : &s->all, s->month_count,
                                                     sizeof s->months[0], &s->all))
        m = (mismatch){RF_ERR_SUMMARY_GROUPING, "by_month", NULL, ""};
    if (m.why != RF_ERR_NONE) {
        memcpy(r->path, m.path, sizeof m.path);
        bad(r, root, false, m.why, m.found, m.fix);
    }
}

rf_status rf_summary_parse(const rf_ctx *ctx, const char *json, size_t len, const char *name, rf_summary **out,
                           rf_error *err) {
    rf_status before = err ? err->code : RF_OK;
    if (out) *out = NULL;
    if (!out) return rf__fail_null(err, RF_E_INVALID, "rf_summary_parse", "out");
    if (!json && len) return rf__name_error(err, before, name, rf__fail_null(err, RF_E_USAGE, "rf_summary_parse", "json"));
    rf_summary *s = rf_summary_new(ctx);
    if (!s) return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
    rf__json_doc *doc = NULL;
    reader r = {err, RF_OK, ""};
    r.st = rf__json_parse(&s->alloc, json ? json : "", len, NULL, &doc, err);
    if (r.st == RF_OK) {
        const rf__json *root = rf__json_root(doc);
        const rf__json *schema = rf__json_get(root, "schema");
        int64_t cases = 0;
        if (root->type != RF_JSON_OBJECT) {
            bad(&r, root, false, RF_ERR_SUMMARY_NOT_OBJECT, NULL, NULL);
        } else if (!is_string(schema) || strcmp(schema->str, "refund-summary/1") != 0 ||
                   schema->len != sizeof "refund-summary/1" - 1) {
            memcpy(r.path, "schema", sizeof "schema");
            bad(&r, schema ? schema : root, false, RF_ERR_NOT_SUMMARY, NULL, "refund-summary/1");
        }
        field top[8] = {{"lines", &s->lines, false, false},
                        {"cases", &cases, false, false},
                        {"clean", &s->clean, false, false},
                        {"with_findings", &s->with_findings, false, false},
                        {"bad_lines", &s->bad_lines, false, false},
                        {"findings", &s->all.total.n, false, false},
                        {"overpaid", &s->all.total.over, true, false},
                        {"short_changed", &s->all.total.under, true, false}};
        const char *objs[4] = {"by_code", "by_channel", "by_rule", "by_month"};
        const rf__json *at[4] = {NULL, NULL, NULL, NULL};
        read_fields(&r, root, "", top, 8, objs, at, 4);
        if (r.st == RF_OK) read_by_code(&r, at[0], "by_code", &s->all);
        /* by_channel */
        for (const rf__json *m = r.st == RF_OK ? at[1]->child : NULL; m && r.st == RF_OK; m = m->next) {
            int c = channel_lookup(m->key, m->key_len);
            char base[96];
            path_set(&r, "by_channel", m->key);
            memcpy(base, r.path, sizeof base);
            if (c < 0) {
                bad_detail(&r, m, true,
                           &(rf__detail){.detail = RF_ERR_UNKNOWN_VALUE, .found = m->key, .found_len = m->key_len,
                                         .values = RF_ENUM_CHANNEL, .value_count = RF_CHANNEL_COUNT});
                break;
            }
            int64_t ch_cases = 0;
            field extra[3] = {{"cases", &ch_cases, false, false},
                              {"clean", &s->channel_clean[c], false, false},
                              {"with_findings", &s->channel_with[c], false, false}};
            read_group(&r, m, base, &s->channel[c], extra, 3);
            int64_t x;
            if (r.st == RF_OK && (!rf__add(s->channel_clean[c], s->channel_with[c], &x) || x != ch_cases)) {
                path_set(&r, base, "cases");
                bad(&r, m, false, RF_ERR_SUMMARY_SUM, "cases", "clean + with_findings");
            } else if (r.st == RF_OK && !ch_cases) {
                memcpy(r.path, base, sizeof base);
                bad(&r, m, false, RF_ERR_SUMMARY_NO_CASES, NULL, NULL);
            }
        }
        /* by_rule */
        for (const rf__json *m = r.st == RF_OK ? at[2]->child : NULL; m && r.st == RF_OK; m = m->next) {
            int rule = rule_lookup(m->key, m->key_len);
            char base[96];
            path_set(&r, "by_rule", m->key);
            memcpy(base, r.path, sizeof base);
            if (rule < 0) {
                bad(&r, m, true, RF_ERR_UNKNOWN_RULE, m->key, NULL);
                break;
            }
            read_group(&r, m, base, &s->rule[rule], NULL, 0);
            if (r.st == RF_OK && !s->rule[rule].total.n) {
                memcpy(r.path, base, sizeof base);
                bad(&r, m, false, RF_ERR_SUMMARY_EMPTY, NULL, NULL);
            }
        }
        /* by_month */
        for (const rf__json *m = r.st == RF_OK ? at[3]->child : NULL; m && r.st == RF_OK; m = m->next) {
            int32_t key;
            char base[96];
            path_set(&r, "by_month", m->key);
            memcpy(base, r.path, sizeof base);
            if (!month_parse(m->key, m->key_len, &key)) {
                bad(&r, m, true, RF_ERR_NOT_MONTH, m->key, NULL);
                break;
            }
            rf__group *g = month_group(s, key);
            if (!g) {
                r.st = rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY});
                break;
            }
            read_group(&r, m, base, g, NULL, 0);
            if (r.st == RF_OK && !g->total.n) {
                memcpy(r.path, base, sizeof base);
                bad(&r, m, false, RF_ERR_SUMMARY_EMPTY, NULL, NULL);
            }
        }
        if (r.st == RF_OK) check_consistent(&r, root, s, cases);
    }
    rf__json_free(doc);
    if (r.st != RF_OK) {
        rf_summary_free(s);
        return rf__name_error(err, before, name, r.st);
    }
    *out = s;
    return RF_OK;
}
