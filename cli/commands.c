/*
 * The subcommands. Each reads its files, calls the library and prints what
 * the library rendered; none decides a rule.
 */
#define _GNU_SOURCE /* mkstemp, fsync, getline are POSIX; glibc wants this for fdatasync too */
#include "cli.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- shared helpers ------------------------------------------------------------------ */

static int load_case(rf_ctx *ctx, const char *path, char **text, size_t *len, rf_case **c) {
    rf_error err = {0};
    int rc = cli_read_file(path, text, len);
    if (rc) return rc;
    rf_status st = rf_case_parse(ctx, *text, *len, path, c, &err);
    if (st != RF_OK) {
        cli_print_error(path, &err);
        free(*text);
        *text = NULL;
        return cli_exit_code(st);
    }
    return 0;
}

static int print_rendered(rf_ctx *ctx, rf_status st, char *text, size_t len) {
    if (st != RF_OK) {
        fprintf(stderr, "refund: %s\n", rf_status_message(st));
        return cli_exit_code(st);
    }
    int rc = cli_write(text, len);
    rf_string_free(ctx, text);
    return rc;
}

/* Replays one parsed case and prints its verdict. *findings gets the count. */
static int verdict_of(rf_ctx *ctx, const cli_opts *o, const char *path, const rf_case *c,
                      bool has_now, rf_time now, rf_format format, size_t *findings) {
    rf_replay_options opts = RF_REPLAY_OPTIONS_INIT;
    opts.has_now = has_now;
    opts.now = now;
    rf_verdict *v = NULL;
    rf_error err = {0};
    rf_status st = rf_replay(ctx, c, &opts, &v, &err);
    if (st != RF_OK) {
        cli_print_error(path, &err);
        return cli_exit_code(st);
    }
    char *text = NULL;
    size_t len = 0;
    if (findings) *findings = v->finding_count;
    st = rf_render_verdict(ctx, v, format, o->lang, &text, &len);
    rf_verdict_free(v);
    return print_rendered(ctx, st, text, len);
}

static int expect_args(const cli_opts *o, int min, int max, const char *usage) {
    for (int i = 0; i < o->nargs; i++)
        if (o->args[i][0] == '-' && o->args[i][1] != '\0') {
            fprintf(stderr, "refund: unknown option '%s'\nusage: %s\n", o->args[i], usage);
            return 2;
        }
    if (o->nargs < min || (max >= 0 && o->nargs > max)) {
        fprintf(stderr, "refund: wrong number of arguments\nusage: %s\n", usage);
        return 2;
    }
    return 0;
}

static void json_escape_into(char *dst, size_t size, const char *src) {
    size_t j = 0;
    for (const unsigned char *s = (const unsigned char *)src; *s && j + 7 < size; s++) {
        if (*s == '"' || *s == '\\') { dst[j++] = '\\'; dst[j++] = (char)*s; }
        else if (*s < 0x20) j += (size_t)snprintf(dst + j, size - j, "\\u%04x", *s);
        else dst[j++] = (char)*s;
    }
    dst[j] = '\0';
}

/* ---- validate ---------------------------------------------------------------------------- */

int cmd_validate(rf_ctx *ctx, const cli_opts *o) {
    int rc = expect_args(o, 1, 1, "refund validate CASE");
    if (rc) return rc;
    char *text;
    size_t len;
    rf_case *c;
    if ((rc = load_case(ctx, o->args[0], &text, &len, &c))) return rc;
    /* What only a replay can tell is checked too: more requests than a case
     * may hold, a working-day limit outside the calendar. Findings are the
     * audit's business, not validity's. */
    rf_verdict *v = NULL;
    rf_error err = {0};
    rf_status st = rf_replay(ctx, c, NULL, &v, &err);
    rf_verdict_free(v);
    if (st != RF_OK) {
        cli_print_error(o->args[0], &err);
        rf_case_free(c);
        free(text);
        return cli_exit_code(st);
    }
    if (o->format == RF_FORMAT_TEXT) {
        printf(o->lang == RF_LANG_ZH ? "%s: 有效, %zu 个事件\n" : "%s: valid, %zu events\n", o->args[0],
               rf_case_event_count(c));
    } else {
        char file[600];
        json_escape_into(file, sizeof file, o->args[0]);
        printf("{\"file\": \"%s\", \"valid\": true, \"events\": %zu}\n", file, rf_case_event_count(c));
    }
    rf_case_free(c);
    free(text);
    return 0;
}

/* ---- check ------------------------------------------------------------------------------- */

int cmd_check(rf_ctx *ctx, const cli_opts *o) {
    int rc = expect_args(o, 1, 1, "refund check CASE [--now TIME]");
    if (rc) return rc;
    char *text;
    size_t len;
    rf_case *c;
    if ((rc = load_case(ctx, o->args[0], &text, &len, &c))) return rc;
    rf_time now = o->has_now ? o->now : (rf_time)time(NULL);
    rc = verdict_of(ctx, o, o->args[0], c, true, now, o->format, NULL);
    rf_case_free(c);
    free(text);
    return rc;
}

/* ---- replay ---------------------------------------------------------------------------- */

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
    json_escape_into(field, sizeof field, err->field);
    json_escape_into(message, sizeof message, why);
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

static int replay_ndjson(rf_ctx *ctx, const cli_opts *o, const char *path, unsigned jobs) {
    rf_replay_options opts = RF_REPLAY_OPTIONS_INIT;
    opts.has_now = o->has_now;
    opts.now = o->now;
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

int cmd_replay(rf_ctx *ctx, const cli_opts *o) {
    cli_opts rest = *o;
    bool ndjson = false;
    rest.nargs = 0;
    unsigned jobs = 1;
    for (int i = 0; i < o->nargs; i++) {
        if (!strcmp(o->args[i], "--ndjson")) {
            ndjson = true;
        } else if (!strcmp(o->args[i], "--jobs") || !strncmp(o->args[i], "--jobs=", 7)) {
            const char *val = o->args[i][6] == '=' ? o->args[i] + 7 : i + 1 < o->nargs ? o->args[++i] : "";
            char *end;
            unsigned long j = strtoul(val, &end, 10);
            if (!*val || *end || j < 1 || j > CLI_MAX_JOBS) {
                fprintf(stderr, "refund: --jobs takes a number from 1 to %d\n", CLI_MAX_JOBS);
                return 2;
            }
            jobs = (unsigned)j;
        } else {
            rest.args[rest.nargs++] = o->args[i];
        }
    }
    if (ndjson) {
        int rc = expect_args(&rest, 0, 1, "refund replay --ndjson [FILE|-] [--jobs N]");
        return rc ? rc : replay_ndjson(ctx, o, rest.nargs ? rest.args[0] : "-", jobs);
    }
    if (jobs != 1) {
        fprintf(stderr, "refund: --jobs goes with --ndjson\n");
        return 2;
    }
    int rc = expect_args(&rest, 1, -1, "refund replay CASE...");
    if (rc) return rc;
    bool many = rest.nargs > 1 && o->format == RF_FORMAT_JSON;
    int worst = 0;
    if (many) printf("[\n");
    for (int i = 0; i < rest.nargs; i++) {
        char *text;
        size_t len, findings = 0;
        rf_case *c;
        if (many && i) printf(",\n");
        if ((rc = load_case(ctx, rest.args[i], &text, &len, &c))) {
            if (rc > worst) worst = rc;
            if (many) printf("null\n"); /* keeps the array whole and in argument order */
            continue;
        }
        rc = verdict_of(ctx, o, rest.args[i], c, o->has_now, o->now, o->format, &findings);
        if (rc > worst) worst = rc;
        if (!rc && findings && !worst) worst = 1;
        rf_case_free(c);
        free(text);
    }
    if (many) printf("]\n");
    return worst;
}

/* ---- apply -------------------------------------------------------------------------------- */

/* Parses the text of CASE, printing what is wrong with it. */
static int parse_case(rf_ctx *ctx, const char *path, const char *text, size_t len, rf_case **c) {
    rf_error err = {0};
    rf_status st = rf_case_parse(ctx, text, len, path, c, &err);
    if (st != RF_OK) cli_print_error(path, &err);
    return cli_exit_code(st);
}

int cmd_apply(rf_ctx *ctx, const cli_opts *o) {
    cli_opts rest = *o;
    bool dry_run = false, force = false;
    rest.nargs = 0;
    for (int i = 0; i < o->nargs; i++) {
        if (!strcmp(o->args[i], "--dry-run")) dry_run = true;
        else if (!strcmp(o->args[i], "--force")) force = true;
        else rest.args[rest.nargs++] = o->args[i];
    }
    int rc = expect_args(&rest, 2, 2, "refund apply CASE EVENT [--dry-run] [--force]");
    if (rc) return rc;
    const char *case_path = rest.args[0], *event_path = rest.args[1];
    if (!strcmp(case_path, "-")) {
        fprintf(stderr, "refund: apply writes CASE back, so CASE cannot be standard input\n");
        return 2;
    }
    char *text = NULL, *ev_text = NULL, *spliced = NULL;
    size_t len, ev_len, spliced_len = 0;
    rf_case *c = NULL, *after = NULL;
    rf_verdict *v = NULL;
    rf_error err = {0};
    rf_event ev = RF_EVENT_INIT;
    cli_store store = CLI_STORE_CLOSED;
    /* The event is read before the lock is taken, so that a slow standard
     * input never holds up the other writers of the case. A dry run writes
     * nothing, so it takes no lock and reads the case as any reader does. */
    if ((rc = cli_read_file(event_path, &ev_text, &ev_len))) goto done;
    if (dry_run) {
        if ((rc = load_case(ctx, case_path, &text, &len, &c))) goto done;
    } else if ((rc = cli_store_open(&store, case_path, force, &text, &len)) ||
               (rc = parse_case(ctx, case_path, text, len, &c))) {
        goto done;
    }
    rf_status st = rf_case_parse_event(c, ev_text, ev_len, event_path, &ev, &err);
    if (st != RF_OK) {
        cli_print_error(event_path, &err);
        rc = cli_exit_code(st);
        goto done;
    }
    /* The library judges the event where it lands; this command only
     * reports what it found and writes the file. */
    bool legal = false;
    if ((st = rf_case_try(ctx, c, &ev, &legal, &v, &err)) != RF_OK) {
        /* An error about the new event (a repeated id, the request limit
         * reached by it) has its place in the event file. */
        char self[32];
        snprintf(self, sizeof self, "events[%zu]", rf_case_event_count(c));
        bool about_event = !strcmp(err.field, "id") || !strcmp(err.field, self) || !strcmp(err.field, ev.id);
        cli_print_error(about_event ? event_path : case_path, &err);
        rc = cli_exit_code(st);
        goto done;
    }
    size_t index = rf_case_event_count(c);
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        if (f->event_index != index) continue;
        char sentence[512];
        rf_finding_message(f, o->lang, sentence, sizeof sentence);
        fprintf(stderr, "refund: %s: event %s %s: %s: %s\n", event_path, ev.id, legal ? "warning" : "refused",
                rf_finding_name(f->code), sentence);
    }
    if (!legal) {
        rc = 1;
        goto done;
    }
    st = rf_case_splice_event(ctx, text, len, ev_text, ev_len, &spliced, &spliced_len, &err);
    if (st == RF_OK) st = rf_case_parse(ctx, spliced, spliced_len, case_path, &after, &err);
    if (st != RF_OK) {
        cli_print_error(case_path, &err);
        rc = cli_exit_code(st);
        goto done;
    }
    if (!dry_run && (rc = cli_store_replace(&store, spliced, spliced_len))) goto done;
    cli_store_close(&store);
    printf(o->lang == RF_LANG_ZH ? "%s: %s事件 %s (%s)\n" : "%s: %s event %s (%s)\n", case_path,
           dry_run ? (o->lang == RF_LANG_ZH ? "可追加" : "would append") : (o->lang == RF_LANG_ZH ? "已追加" : "appended"),
           ev.id, rf_enum_name(RF_ENUM_EVENT, (int)ev.type));
done:
    cli_store_close(&store);
    rf_case_free(after);
    rf_string_free(ctx, spliced);
    rf_verdict_free(v);
    rf_case_free(c);
    free(ev_text);
    free(text);
    return rc;
}

/* ---- quote -------------------------------------------------------------------------------- */

static int money_arg(const char *flag, const char *val, rf_fen *out) {
    if (!val || rf_money_parse(val, strlen(val), out) != RF_OK) {
        fprintf(stderr, "refund: %s needs an amount of yuan such as 88.00, got '%s'\n", flag, val ? val : "");
        return 2;
    }
    return 0;
}

static int enum_arg(const char *flag, rf_enum_id which, const char *val, int *out) {
    int v = val ? rf_enum_lookup(which, val, strlen(val)) : -1;
    if (v < 0) {
        fprintf(stderr, "refund: %s: unknown value '%s'\n", flag, val ? val : "");
        return 2;
    }
    *out = v;
    return 0;
}

int cmd_quote(rf_ctx *ctx, const cli_opts *o) {
    rf_order order = RF_ORDER_INIT;
    rf_settle_request req = RF_SETTLE_REQUEST_INIT;
    int channel = -1, reason = -1, kind = -1, insurance = RF_INSURANCE_NONE, rc = 0;
    bool has_item = false;
    order.id = "quote";
    req.goods = RF_GOODS_RESELLABLE;
    for (int i = 0; i < o->nargs && !rc; i++) {
        const char *a = o->args[i];
        const char *val = i + 1 < o->nargs ? o->args[i + 1] : NULL;
        if (!strcmp(a, "--channel")) { rc = enum_arg(a, RF_ENUM_CHANNEL, val, &channel); i++; }
        else if (!strcmp(a, "--reason")) { rc = enum_arg(a, RF_ENUM_REASON, val, &reason); i++; }
        else if (!strcmp(a, "--kind")) { rc = enum_arg(a, RF_ENUM_KIND, val, &kind); i++; }
        else if (!strcmp(a, "--insurance")) { rc = enum_arg(a, RF_ENUM_INSURANCE, val, &insurance); i++; }
        else if (!strcmp(a, "--amount")) { rc = money_arg(a, val, &req.amount); req.has_amount = true; i++; }
        else if (!strcmp(a, "--item")) { rc = money_arg(a, val, &order.item_amount); has_item = true; i++; }
        else if (!strcmp(a, "--shipping-fee")) { rc = money_arg(a, val, &order.shipping_fee); i++; }
        else if (!strcmp(a, "--seller-postage")) { rc = money_arg(a, val, &order.seller_shipping_cost); i++; }
        else if (!strcmp(a, "--return-postage")) { rc = money_arg(a, val, &req.return_postage); i++; }
        else if (!strcmp(a, "--after-success")) req.after_success = true;
        else if (!strcmp(a, "--free-shipping")) order.free_shipping = true;
        else if (!strcmp(a, "--invoice-kept")) { order.invoice_issued = true; req.invoice_returned = false; }
        else if (!strcmp(a, "--not-resellable")) req.goods = RF_GOODS_NOT_RESELLABLE;
        else if (!strcmp(a, "--order-note")) req.order_note_made = true;
        else { fprintf(stderr, "refund: quote: unknown argument '%s'\nTry 'refund quote --help'.\n", a); rc = 2; }
    }
    if (rc) return rc;
    if (channel < 0 || reason < 0 || kind < 0 || (!has_item && !req.has_amount)) {
        fprintf(stderr, "refund: quote needs --channel, --reason, --kind and --amount (or --item)\n"
                        "Try 'refund quote --help'.\n");
        return 2;
    }
    order.channel = (rf_channel)channel;
    order.insurance = (rf_insurance)insurance;
    req.reason = (rf_reason)reason;
    req.kind = (rf_kind)kind;
    if (!has_item) order.item_amount = req.amount;
    rf_settlement s = RF_SETTLEMENT_INIT;
    rf_error err = {0};
    rf_status st = rf_settle(ctx, &order, &req, &s, &err);
    if (st != RF_OK) {
        cli_print_error("quote", &err);
        return cli_exit_code(st);
    }
    char *text = NULL;
    size_t len = 0;
    st = rf_render_settlement(ctx, &s, o->format, o->lang, &text, &len);
    return print_rendered(ctx, st, text, len);
}

/* ---- rules and graph ---------------------------------------------------------------------- */

int cmd_rules(rf_ctx *ctx, const cli_opts *o) {
    int rc = expect_args(o, 0, 0, "refund rules [--format text|json]");
    if (rc) return rc;
    char *text = NULL;
    size_t len = 0;
    rf_status st = o->format == RF_FORMAT_TEXT ? rf_render_rules(ctx, o->lang, &text, &len)
                                               : rf_render_policy(ctx, &text, &len);
    return print_rendered(ctx, st, text, len);
}

int cmd_graph(rf_ctx *ctx, const cli_opts *o) {
    int rc = expect_args(o, 1, 1, "refund graph MACHINE --format dot|mermaid");
    if (rc) return rc;
    const rf_machine *m = rf_machine_lookup(o->args[0]);
    if (!m) {
        fprintf(stderr, "refund: unknown machine '%s' (trade, refund, exchange, intervention, complaint)\n",
                o->args[0]);
        return 2;
    }
    if (o->format_given && !o->graph_syntax) {
        fprintf(stderr, "refund: graph prints --format dot or --format mermaid\n");
        return 2;
    }
    char *text = NULL;
    size_t len = 0;
    rf_status st = rf_render_graph(ctx, m->id, o->graph_syntax ? o->graph_syntax : "dot", &text, &len);
    return print_rendered(ctx, st, text, len);
}
