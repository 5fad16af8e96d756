/*
 * The importer's report (TOP.md 4.6): the counts, the errors and warnings
 * with where they were found, the unknown topics; written as JSON, as the
 * lines `refund import top` prints on stderr, and as a one-line summary.
 * The lowest of the importer's files: the reader, the mapper and the API
 * all record here.
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

void rf__report_add(rf__report *r, rf__import_code code, const rf__pos *pos, rf__topid tid, rf__topid refund_id,
                    const char *field, const char *fmt, ...) {
    int k = rf__import_code_is_error[code] ? 0 : 1;
    if (code == RF__IC_MALFORMED_JSON) r->malformed++;
    char message[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    /* The first error, for the caller's rf_error: the same text and place. */
    if (k == 0 && r->first.code == RF_OK) {
        r->first.code = code == RF__IC_MALFORMED_JSON ? RF_E_JSON : RF_E_INVALID;
        r->first.line = pos ? pos->line : 0;
        r->first.column = pos ? pos->column : 0;
        r->first.name = pos && r->names ? r->names[pos->file] : NULL;
        snprintf(r->first.field, sizeof r->first.field, "%s", field ? field : "");
        snprintf(r->first.message, sizeof r->first.message, "%s %.30s%s%.140s", rf__import_code_names[code],
                 field ? field : "", field ? ": " : "", message);
    }
    if (r->count[k] >= RF__REPORT_MAX_ENTRIES) {
        r->dropped[k]++;
        return;
    }
    if (r->count[k] == r->cap[k]) {
        size_t cap = r->cap[k] ? r->cap[k] * 2 : 16;
        rf__report_entry *grown =
            rf__realloc(r->alloc, r->entries[k], r->cap[k] * sizeof *grown, cap * sizeof *grown);
        if (!grown) {
            r->failed = true;
            r->dropped[k]++;
            return;
        }
        r->entries[k] = grown;
        r->cap[k] = cap;
    }
    rf__report_entry *e = &r->entries[k][r->count[k]++];
    memset(e, 0, sizeof *e);
    e->code = code;
    if (pos) e->pos = *pos;
    e->tid = tid;
    e->refund_id = refund_id;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    snprintf(e->message, sizeof e->message, "%s", message);
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

static void put_entries(rf__buf *b, const rf__report *r, int k) {
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
        rf__json_put_cstr(b, e->message);
        rf__buf_putc(b, '}');
    }
    rf__buf_putc(b, ']');
}

void rf__report_json(const rf__report *r, rf__buf *b) {
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
    put_entries(b, r, 0);
    RF__PUT_LIT(b, ",\"warnings\":");
    put_entries(b, r, 1);
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
}

/* "FILE:LINE:COL: CODE FIELD: text", errors first (TOP.md 4.5). */
void rf__report_lines(const rf__report *r, rf__buf *b) {
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < r->count[k]; i++) {
            const rf__report_entry *e = &r->entries[k][i];
            if (e->pos.line)
                rf__buf_printf(b, "%s:%u:%u: ", r->names ? r->names[e->pos.file] : "-", (unsigned)e->pos.line,
                               (unsigned)e->pos.column);
            rf__buf_printf(b, "%s %s%s%s\n", rf__import_code_names[e->code], e->field, e->field[0] ? ": " : "",
                           e->message);
        }
        if (r->dropped[k])
            rf__buf_printf(b, "%zu more %s not listed\n", r->dropped[k], k ? "warnings" : "errors");
    }
}

size_t rf__report_summary(const rf__report *r, char *buf, size_t size) {
    int n = snprintf(buf, size,
                     "import: %zu cases; tmc: %zu lines, %zu duplicate, %zu unknown topic, %zu ignored, %zu used, "
                     "%zu invalid; %zu refund messages; %zu errors, %zu warnings",
                     r->cases, r->tmc_lines, r->tmc_duplicate, r->tmc_unknown_topic, r->tmc_ignored, r->tmc_used,
                     r->tmc_invalid, r->messages_read, r->count[0] + r->dropped[0], r->count[1] + r->dropped[1]);
    return n < 0 ? 0 : (size_t)n;
}
