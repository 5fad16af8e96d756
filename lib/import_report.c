/*
 * The importer's report (TOP.md 4.6): the counts, the errors and warnings
 * with where they were found, the unknown topics; written as JSON, as the
 * lines `refund import top` prints on stderr, and as a one-line summary.
 * The lowest of the importer's files: the reader, the mapper and the API
 * all record here. An entry keeps its sentence as data, a detail of
 * lib/error_text.c's catalogue and its parameters, as an rf_error does:
 * the text is composed when the report is written, in the language asked
 * for, and the first error is an rf_error with that same detail.
 */
#include "import.h"
#include "json_write.h"

#include <stdio.h>
#include <string.h>

const char *const rf__import_code_names[RF__IC_COUNT] = {
#define RF_X_(e, n, err) n,
    RF__IMPORT_CODE_LIST(RF_X_)
#undef RF_X_
};

const bool rf__import_code_is_error[RF__IC_COUNT] = {
#define RF_X_(e, n, err) err,
    RF__IMPORT_CODE_LIST(RF_X_)
#undef RF_X_
};

char *rf__topid_format(rf__topid id, char dst[24]) {
    char *end = rf__put_uint(dst, id, 1);
    *end = '\0';
    return dst;
}

/* The first error, for rf_import_outcome's rf_error: its detail and place. */
static void note_first(rf__report *r, rf__import_code code, const rf__pos *pos, const char *field, const rf__detail *d) {
    if (r->first.code != RF_OK) return;
    r->first.name = pos && r->names ? r->names[pos->file] : NULL;
    rf__fail_detail(&r->first, code == RF__IC_MALFORMED_JSON ? RF_E_JSON : RF_E_INVALID, 0, pos ? pos->line : 0,
                    pos ? pos->column : 0, field, d);
}

/* Room for one more entry of kind k (0 errors, 1 warnings); NULL when it is
 * only counted. */
static rf__report_entry *new_entry(rf__report *r, int k) {
    if (r->count[k] >= RF__REPORT_MAX_ENTRIES) {
        r->dropped[k]++;
        return NULL;
    }
    if (r->count[k] == r->cap[k]) {
        size_t cap = r->cap[k] ? r->cap[k] * 2 : 16;
        rf__report_entry *grown =
            rf__realloc(r->alloc, r->entries[k], r->cap[k] * sizeof *grown, cap * sizeof *grown);
        if (!grown) {
            r->failed = true;
            r->dropped[k]++;
            return NULL;
        }
        r->entries[k] = grown;
        r->cap[k] = cap;
    }
    rf__report_entry *e = &r->entries[k][r->count[k]++];
    memset(e, 0, sizeof *e);
    return e;
}

static void add(rf__report *r, rf__import_code code, const rf__pos *pos, rf__topid tid, rf__topid refund_id,
                const char *field, int within, const char *event, const rf__detail *d) {
    int k = rf__import_code_is_error[code] ? 0 : 1;
    if (code == RF__IC_MALFORMED_JSON) r->malformed++;
    if (k == 0) note_first(r, code, pos, field, d);
    rf__report_entry *e = new_entry(r, k);
    if (!e) return;
    e->code = code;
    if (pos) e->pos = *pos;
    e->tid = tid;
    e->refund_id = refund_id;
    rf__text_copy(e->field, sizeof e->field, field, field ? strlen(field) : 0);
    e->detail = d->detail;
    e->codepoint = d->codepoint;
    e->values = d->values;
    e->value_count = d->value_count;
    e->first_line = d->first_line;
    e->first_column = d->first_column;
    e->within = (uint8_t)within;
    rf__text_copy(e->event, sizeof e->event, event, event ? strlen(event) : 0);
    rf__text_copy(e->found, sizeof e->found, d->found, d->found_len);
    rf__text_copy(e->fix, sizeof e->fix, d->fix, d->fix_len);
}

void rf__report_add(rf__report *r, rf__import_code code, const rf__pos *pos, rf__topid tid, rf__topid refund_id,
                    const char *field, const rf__detail *d) {
    add(r, code, pos, tid, refund_id, field, RF__WITHIN_NONE, NULL, d);
}

void rf__report_say(rf__report *r, rf__import_code code, const rf__pos *pos, rf__topid tid, rf__topid refund_id,
                    const char *field, rf_error_detail detail, const char *found, const char *fix) {
    rf__detail d = {.detail = detail, .found = found, .found_len = found ? strlen(found) : 0,
                    .fix = fix, .fix_len = fix ? strlen(fix) : 0};
    add(r, code, pos, tid, refund_id, field, RF__WITHIN_NONE, NULL, &d);
}

void rf__report_add_error(rf__report *r, rf__import_code code, const rf__pos *pos, rf__topid tid,
                          rf__topid refund_id, const char *field, int within, const char *event,
                          const rf_error *inner) {
    rf__detail d = {.detail = inner->detail, .codepoint = inner->codepoint, .found = inner->found,
                    .found_len = strlen(inner->found), .fix = inner->fix, .fix_len = strlen(inner->fix),
                    .values = inner->values, .value_count = inner->value_count,
                    .first_offset = inner->first_offset, .first_line = inner->first_line,
                    .first_column = inner->first_column};
    add(r, code, pos, tid, refund_id, field, within, event, &d);
}

void rf__report_unknown_topic(rf__report *r, const char *name, size_t len) {
    r->tmc_unknown_topic++;
    for (size_t i = 0; i < r->topic_count; i++)
        if (strlen(r->topics[i].name) == len && memcmp(r->topics[i].name, name, len) == 0) {
            r->topics[i].count++;
            return;
        }
    if (r->topic_count >= RF__REPORT_MAX_TOPICS) {
        r->other_topics++;
        return;
    }
    if (r->topic_count == r->topic_cap) {
        size_t cap = r->topic_cap ? r->topic_cap * 2 : 8;
        void *grown = rf__realloc(r->alloc, r->topics, r->topic_cap * sizeof *r->topics, cap * sizeof *r->topics);
        if (!grown) {
            r->failed = true;
            r->other_topics++;
            return;
        }
        r->topics = grown;
        r->topic_cap = cap;
    }
    char *copy = rf__strndup(r->alloc, name, len);
    if (!copy) {
        r->failed = true;
        r->other_topics++;
        return;
    }
    r->topics[r->topic_count].name = copy;
    r->topics[r->topic_count++].count = 1;
}

void rf__report_free(rf__report *r) {
    for (size_t i = 0; i < r->topic_count; i++) rf__free(r->alloc, r->topics[i].name);
    rf__free(r->alloc, r->topics);
    rf__free(r->alloc, r->entries[0]);
    rf__free(r->alloc, r->entries[1]);
    memset(r, 0, sizeof *r);
}

/* ---- writing it -------------------------------------------------------------------- */

static void put_count(rf__buf *b, const char *key, size_t n, bool first) {
    if (!first) rf__buf_putc(b, ',');
    rf__json_put_cstr(b, key);
    rf__buf_putc(b, ':');
    rf__json_put_int(b, (int64_t)n);
}

static void put_id_or_null(rf__buf *b, rf__topid id) {
    char digits[24];
    if (id) rf__json_put_cstr(b, rf__topid_format(id, digits));
    else RF__PUT_LIT(b, "null");
}

/* The words before a sentence another reader made (RF__WITHIN_*); an
 * event's are followed by its id. */
static const struct { const char *en, *zh; } within_words[] = {
    [RF__WITHIN_NONE] = {"", ""},
    [RF__WITHIN_CONTENT] = {"malformed JSON in the content string: ", "消息内容（content 字符串）中的 JSON 格式有误："},
    [RF__WITHIN_JDP] = {"malformed JSON in jdp_response: ", "推送库行的响应字符串中的 JSON 格式有误："},
    [RF__WITHIN_EVENT] = {"event ", "事件 "},
};

/* e's sentence in lang, composed from its detail by rf_error_message (the
 * one catalogue of lib/error_text.c), after the words of its within. */
static void put_sentence(rf__buf *b, const rf__report *r, const rf__report_entry *e, rf_lang lang) {
    bool zh = lang == RF_LANG_ZH;
    rf__buf_puts(b, zh ? within_words[e->within].zh : within_words[e->within].en);
    if (e->within == RF__WITHIN_EVENT) {
        rf__buf_puts(b, e->event);
        rf__buf_puts(b, zh ? "：" : ": ");
    }
    rf_error err = {0};
    err.code = e->code == RF__IC_MALFORMED_JSON ? RF_E_JSON : RF_E_INVALID;
    /* The input a shell command of the fix names (iconv ... FILE). */
    err.name = e->pos.line && r->names ? r->names[e->pos.file] : NULL;
    err.detail = e->detail;
    err.codepoint = e->codepoint;
    err.values = e->values;
    err.value_count = e->value_count;
    err.first_line = e->first_line;
    err.first_column = e->first_column;
    rf__text_copy(err.found, sizeof err.found, e->found, strlen(e->found));
    rf__text_copy(err.fix, sizeof err.fix, e->fix, strlen(e->fix));
    size_t n = rf_error_message(&err, lang, NULL, 0);
    if (!rf__buf_reserve(b, n)) return; /* room for n bytes and the NUL after them */
    rf_error_message(&err, lang, b->data + b->len, n + 1);
    b->len += n;
}

static void put_entries(rf__buf *b, const rf__report *r, int k, rf_lang lang, rf__buf *sentence) {
    rf__buf_putc(b, '[');
    for (size_t i = 0; i < r->count[k]; i++) {
        const rf__report_entry *e = &r->entries[k][i];
        if (i) rf__buf_putc(b, ',');
        RF__PUT_LIT(b, "{\"code\":");
        rf__json_put_cstr(b, rf__import_code_names[e->code]);
        RF__PUT_LIT(b, ",\"file\":");
        rf__json_put_cstr(b, e->pos.line && r->names ? r->names[e->pos.file] : NULL);
        RF__PUT_LIT(b, ",\"line\":");
        if (e->pos.line) rf__json_put_int(b, e->pos.line);
        else RF__PUT_LIT(b, "null");
        RF__PUT_LIT(b, ",\"col\":");
        if (e->pos.line) rf__json_put_int(b, e->pos.column);
        else RF__PUT_LIT(b, "null");
        RF__PUT_LIT(b, ",\"field\":");
        rf__json_put_cstr(b, e->field[0] ? e->field : NULL);
        RF__PUT_LIT(b, ",\"tid\":");
        put_id_or_null(b, e->tid);
        RF__PUT_LIT(b, ",\"refund_id\":");
        put_id_or_null(b, e->refund_id);
        RF__PUT_LIT(b, ",\"message\":");
        sentence->len = 0;
        put_sentence(sentence, r, e, lang);
        if (sentence->failed) rf__buf_fail(b);
        else rf__json_put_string(b, sentence->data ? sentence->data : "", sentence->len);
        rf__buf_putc(b, '}');
    }
    rf__buf_putc(b, ']');
}

void rf__report_json(const rf__report *r, rf_lang lang, rf__buf *b) {
    rf__buf sentence;
    rf__buf_init(&sentence, r->alloc);
    RF__PUT_LIT(b, "{\"cases\":");
    rf__json_put_int(b, (int64_t)r->cases);
    RF__PUT_LIT(b, ",\"tmc\":{");
    put_count(b, "lines", r->tmc_lines, true);
    put_count(b, "duplicate", r->tmc_duplicate, false);
    put_count(b, "unknown_topic", r->tmc_unknown_topic, false);
    put_count(b, "ignored", r->tmc_ignored, false);
    put_count(b, "used", r->tmc_used, false);
    put_count(b, "invalid", r->tmc_invalid, false);
    RF__PUT_LIT(b, "},\"unknown_topics\":{");
    for (size_t i = 0; i < r->topic_count; i++) put_count(b, r->topics[i].name, r->topics[i].count, i == 0);
    if (r->other_topics) put_count(b, "(other)", r->other_topics, r->topic_count == 0);
    RF__PUT_LIT(b, "},\"messages\":{\"read\":");
    rf__json_put_int(b, (int64_t)r->messages_read);
    RF__PUT_LIT(b, "},\"errors\":");
    put_entries(b, r, 0, lang, &sentence);
    RF__PUT_LIT(b, ",\"warnings\":");
    put_entries(b, r, 1, lang, &sentence);
    /* Past RF__REPORT_MAX_ENTRIES, only counted. */
    if (r->dropped[0]) {
        RF__PUT_LIT(b, ",\"errors_not_listed\":");
        rf__json_put_int(b, (int64_t)r->dropped[0]);
    }
    if (r->dropped[1]) {
        RF__PUT_LIT(b, ",\"warnings_not_listed\":");
        rf__json_put_int(b, (int64_t)r->dropped[1]);
    }
    rf__buf_putc(b, '}');
    rf__buf_free(&sentence);
}

/* "FILE:LINE:COL: CODE FIELD: text", errors first (TOP.md 4.5); in Chinese
 * the same but the text: the code and the field are what the JSON report
 * and the input say. */
void rf__report_lines(const rf__report *r, rf_lang lang, rf__buf *b) {
    bool zh = lang == RF_LANG_ZH;
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < r->count[k]; i++) {
            const rf__report_entry *e = &r->entries[k][i];
            if (e->pos.line)
                rf__buf_printf(b, "%s:%u:%u: ", r->names ? r->names[e->pos.file] : "-", (unsigned)e->pos.line,
                               (unsigned)e->pos.column);
            rf__buf_printf(b, "%s %s%s", rf__import_code_names[e->code], e->field, e->field[0] ? ": " : "");
            put_sentence(b, r, e, lang);
            rf__buf_putc(b, '\n');
        }
        if (r->dropped[k]) {
            if (zh) rf__buf_printf(b, "另有 %zu 个%s未列出\n", r->dropped[k], k ? "警告" : "错误");
            else rf__buf_printf(b, "%zu more %s not listed\n", r->dropped[k], k ? "warnings" : "errors");
        }
    }
}

size_t rf__report_summary(const rf__report *r, rf_lang lang, char *buf, size_t size) {
    int n = snprintf(buf, size,
                     lang == RF_LANG_ZH
                         ? "导入：案件 %zu 个；TMC 消息 %zu 条（重复 %zu，未知主题 %zu，忽略 %zu，转为事件 %zu，"
                           "无效 %zu）；退款留言 %zu 条；错误 %zu 个，警告 %zu 个"
                         : "import: %zu cases; tmc: %zu lines, %zu duplicate, %zu unknown topic, %zu ignored, "
                           "%zu used, %zu invalid; %zu refund messages; %zu errors, %zu warnings",
                     r->cases, r->tmc_lines, r->tmc_duplicate, r->tmc_unknown_topic, r->tmc_ignored, r->tmc_used,
                     r->tmc_invalid, r->messages_read, r->count[0] + r->dropped[0], r->count[1] + r->dropped[1]);
    return n < 0 ? 0 : (size_t)n;
}
