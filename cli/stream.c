/*
 * refund replay --ndjson: one case document per input line, one verdict per
 * output line, in input order.
 */
#define _GNU_SOURCE /* memrchr */
#include "stream.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- replay --ndjson -------------------------------------------------------------------
 * One verdict per input line, in input order; a bad line gets an error verdict
 * and the stream goes on. Input is read in batches of bounded size; the
 * complete lines of a batch are cut into one slice per thread, each judged by
 * the thread's own rf_auditor into the slice's own output, and the outputs are
 * written in slice order. So output order is input order, and memory is
 * bounded by the batch whatever the input size. */

#define NDJSON_BATCH_PER_JOB ((size_t)1 << 20) /* input bytes per thread and batch */

/* A growable text for a slice's output; failed after an allocation failure. */
typedef struct text_buf {
    char *data;
    size_t len, cap;
    bool failed;
} text_buf;

static void text_put(text_buf *t, const char *s, size_t n) {
    if (t->failed) return;
    if (t->cap - t->len < n) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap - t->len < n) cap *= 2;
        char *grown = realloc(t->data, cap);
        if (!grown) {
            t->failed = true;
            return;
        }
        t->data = grown;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
}

typedef struct slice {
    rf_auditor *auditor;          /* the judging thread's own */
    const char *path;
    const char *start, *end;      /* whole lines, each ending in '\n' but maybe the last at EOF */
    size_t first_line;            /* the number of the slice's first line */
    text_buf out, errs;           /* verdicts for stdout; messages for stderr */
    int worst;                    /* the exit code so far: see merge_code */
} slice;

/* Empties a slice's outputs for the next batch, keeping their memory. */
static void slice_clear(slice *s) {
    s->out.len = s->errs.len = 0;
    s->worst = 0;
}

/* Errors outrank findings in the exit code; the first error wins. Merging
 * slices in order this way gives what one pass over all lines would. */
static int merge_code(int worst, int code) { return (code > 1 ? worst < 2 : worst == 0) ? code : worst; }

/* The error verdict of a line that was not judged: where and why, in the
 * line's own coordinates, on stdout; and the same on stderr. */
static void error_verdict(slice *s, size_t lineno, rf_status st, const rf_error *err) {
    char field[200], message[420], text[900];
    const char *why = err->message[0] ? err->message : rf_status_message(st);
    int code = cli_exit_code(st);
    cli_json_escape(field, sizeof field, err->field);
    cli_json_escape(message, sizeof message, why);
    int n = snprintf(text, sizeof text,
                     "{\"line\":%zu,\"error\":{\"code\":%d,\"status\":\"%s\",\"column\":%u,\"field\":\"%s\",\"message\":\"%s\"}}\n",
                     lineno, code, rf_status_name(st), err->column, field, message);
    text_put(&s->out, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
    n = snprintf(text, sizeof text, "refund: %s:%zu:%u: %s%s%s\n", s->path, lineno, err->column,
                 err->field, err->field[0] ? ": " : "", why);
    text_put(&s->errs, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
    s->worst = merge_code(s->worst, code);
}

static void *judge_slice(void *arg) {
    slice *s = arg;
    size_t lineno = s->first_line;
    for (const char *line = s->start; line < s->end; lineno++) {
        const char *nl = memchr(line, '\n', (size_t)(s->end - line));
        const char *stop = nl ? nl : s->end;
        size_t len = (size_t)(stop - line);
        while (len && line[len - 1] == '\r') len--;
        if (len) {
            rf_error err = {0};
            const char *out;
            size_t out_len;
            rf_status st = rf_auditor_judge(s->auditor, line, len, &out, &out_len, &err);
            if (st == RF_OK) {
                text_put(&s->out, out, out_len);
                s->worst = merge_code(s->worst, rf_auditor_verdict(s->auditor)->finding_count ? 1 : 0);
            } else {
                error_verdict(s, lineno, st, &err);
            }
        }
        line = nl ? nl + 1 : s->end;
    }
    return NULL;
}

/* Writes what a slice judged: messages to stderr, verdicts to stdout. */
static int write_slice(const slice *s, int *worst) {
    if (s->out.failed || s->errs.failed) {
        fprintf(stderr, "refund: out of memory\n");
        return 5;
    }
    if (s->errs.len) fwrite(s->errs.data, 1, s->errs.len, stderr);
    if (cli_write(s->out.data ? s->out.data : "", s->out.len)) return 5;
    *worst = merge_code(*worst, s->worst);
    return 0;
}

/* Judges the whole lines text[0..len), lines numbered from *lineno on, with
 * one slice per auditor, then writes the slices in order. */
static int judge_batch(slice *slices, unsigned jobs, const char *text, size_t len, size_t *lineno,
                       int *worst) {
    pthread_t threads[CLI_MAX_JOBS];
    bool started[CLI_MAX_JOBS] = {false};
    const char *at = text, *end = text + len;
    unsigned used = 0;
    /* Cut at the first line end after each equal share of the bytes. */
    for (unsigned j = 0; j < jobs && at < end; j++) {
        slice *s = &slices[j];
        const char *cut = j + 1 == jobs ? end : at + len / jobs;
        if (cut > end) cut = end;
        const char *nl = cut < end ? memchr(cut, '\n', (size_t)(end - cut)) : NULL;
        cut = nl ? nl + 1 : end;
        slice_clear(s);
        s->start = at;
        s->end = cut;
        s->first_line = *lineno;
        for (const char *p = at; p < cut && (p = memchr(p, '\n', (size_t)(cut - p))); p++) ++*lineno;
        if (cut == end && len && end[-1] != '\n') ++*lineno; /* the last line, at EOF */
        at = cut;
        used++;
    }
    for (unsigned j = 1; j < used; j++)
        started[j] = pthread_create(&threads[j], NULL, judge_slice, &slices[j]) == 0;
    judge_slice(&slices[0]);
    for (unsigned j = 1; j < used; j++) {
        if (started[j]) pthread_join(threads[j], NULL);
        else judge_slice(&slices[j]); /* no thread: judge it here */
    }
    for (unsigned j = 0; j < used; j++) {
        int rc = write_slice(&slices[j], worst);
        if (rc) return rc;
    }
    return 0;
}

/* Input bytes read and not yet judged. */
typedef struct line_feed {
    FILE *in;
    char *buf;
    size_t len, cap, base_cap;
    bool eof;
} line_feed;

static void feed_fill(line_feed *f) {
    while (!f->eof && f->len < f->cap) {
        size_t n = fread(f->buf + f->len, 1, f->cap - f->len, f->in);
        f->len += n;
        if (n == 0) f->eof = true;
    }
}

static bool feed_resize(line_feed *f, size_t cap) {
    char *p = realloc(f->buf, cap);
    if (!p) return false;
    f->buf = p;
    f->cap = cap;
    return true;
}

/* Consumes the rest of a line longer than the document limit, keeping what
 * follows its newline. */
static void feed_skip_line(line_feed *f) {
    for (;;) {
        char *nl = memchr(f->buf, '\n', f->len);
        if (nl) {
            size_t rest = f->len - (size_t)(nl + 1 - f->buf);
            memmove(f->buf, nl + 1, rest);
            f->len = rest;
            return;
        }
        f->len = 0;
        if (f->eof) return;
        feed_fill(f);
    }
}

int cli_replay_ndjson(rf_ctx *ctx, const cli_opts *o, const char *path, unsigned jobs) {
    rf_replay_options opts = {o->has_now, o->now};
    slice slices[CLI_MAX_JOBS];
    line_feed feed = {0};
    size_t lineno = 1;
    int worst = 0, rc = 0;

    if (jobs > CLI_MAX_JOBS) jobs = CLI_MAX_JOBS;
    memset(slices, 0, sizeof slices);
    feed.in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!feed.in) {
        fprintf(stderr, "refund: %s: %s\n", path, strerror(errno));
        return 5;
    }
    feed.base_cap = NDJSON_BATCH_PER_JOB * jobs;
    bool ok = feed_resize(&feed, feed.base_cap);
    for (unsigned j = 0; ok && j < jobs; j++) {
        slices[j].path = path;
        slices[j].auditor = rf_auditor_new(ctx, &opts, RF_FORMAT_NDJSON, o->lang);
        ok = slices[j].auditor != NULL;
    }
    if (!ok) {
        fprintf(stderr, "refund: out of memory\n");
        rc = 5;
    }
    while (!rc) {
        feed_fill(&feed);
        if (feed.len == 0) break;
        /* The whole lines read so far (at EOF, all of it). */
        char *last_nl = feed.eof ? NULL : memrchr(feed.buf, '\n', feed.len);
        size_t whole = feed.eof ? feed.len : last_nl ? (size_t)(last_nl + 1 - feed.buf) : 0;
        if (whole == 0) {
            /* One line fills the buffer: room for it up to the document
             * limit, beyond which it is consumed unstored and judged as an error. */
            if (feed.cap <= CLI_MAX_FILE) {
                size_t cap = feed.cap * 2 > CLI_MAX_FILE + 1 ? CLI_MAX_FILE + 1 : feed.cap * 2;
                if (!feed_resize(&feed, cap)) {
                    fprintf(stderr, "refund: out of memory at line %zu\n", lineno);
                    rc = 5;
                }
                continue;
            }
            feed_skip_line(&feed);
            rf_error err = {0};
            err.code = RF_E_LIMIT;
            snprintf(err.message, sizeof err.message, "line longer than the %zu-byte document limit", CLI_MAX_FILE);
            slice_clear(&slices[0]);
            error_verdict(&slices[0], lineno++, RF_E_LIMIT, &err);
            rc = write_slice(&slices[0], &worst);
            continue;
        }
        rc = judge_batch(slices, jobs, feed.buf, whole, &lineno, &worst);
        memmove(feed.buf, feed.buf + whole, feed.len - whole);
        feed.len -= whole;
        if (feed.cap > feed.base_cap && feed.len < feed.base_cap) feed_resize(&feed, feed.base_cap);
    }
    if (ferror(feed.in)) {
        fprintf(stderr, "refund: %s: read error\n", path);
        rc = 5;
    }
    for (unsigned j = 0; j < jobs; j++) {
        rf_auditor_free(slices[j].auditor);
        free(slices[j].out.data);
        free(slices[j].errs.data);
    }
    free(feed.buf);
    if (feed.in != stdin) fclose(feed.in);
    return rc ? rc : worst;
}

