/*
 * refund replay --ndjson: one case document per input line, one verdict per
 * output line, in input order; a bad line gets an error verdict and the
 * stream goes on.
 *
 * Memory is a fixed budget whatever the number of lines, their length (up to
 * the document limit) and --jobs (docs/limits.md, "replay --ndjson"):
 *
 * - Input is read with read() into one buffer of STREAM_IN bytes. It grows
 *   for a line longer than that, up to the document limit, and shrinks back
 *   after it; a longer line is consumed without being stored and becomes an
 *   error verdict.
 * - A batch is the complete lines at hand, at most STREAM_BATCH_LINES lines
 *   and STREAM_IN bytes (or one longer line alone). So the lines judged at
 *   the same time are never more than STREAM_IN bytes together, or one line.
 *   The batch is cut into one slice per thread at line ends, by equal shares
 *   of its bytes, and each thread judges its slice with its own rf_auditor.
 * - The verdicts and messages a slice holds take at most STREAM_OUT and
 *   STREAM_ERR bytes shared out among the slices. The slice whose turn it
 *   is (every slice before it written) writes whenever it holds
 *   STREAM_FLUSH bytes or its share is full; a later slice whose share is
 *   full waits for its turn. A finished slice is
 *   written as soon as its turn comes, so slices are written as they finish,
 *   in order, and the output is in input order whatever --jobs is.
 * - An auditor keeps the memory of the longest line it judged; after a line
 *   (or a verdict) longer than STREAM_KEEP / jobs bytes it is made anew, so
 *   the auditors together keep what lines of STREAM_KEEP bytes need.
 *
 * Latency: every complete line at hand is judged, and its verdict written
 * and flushed, before a read() that could wait. A read takes more only while
 * more is ready (poll), so a verdict never waits for a full buffer or for
 * the end of the input.
 */
#include "stream.h"
#include "progress.h"
#include "scan.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STREAM_IN ((size_t)1 << 20)          /* the input buffer, and the bytes of a batch */
#define STREAM_IN_MAX (CLI_MAX_FILE + 2)     /* the buffer holding one longest line with its CR LF */
#define STREAM_BATCH_LINES 4096              /* lines of a batch */
#define STREAM_OUT ((size_t)2 << 20)         /* verdicts held, all slices together */
#define STREAM_ERR ((size_t)512 << 10)       /* messages for stderr held, all slices together */
#define STREAM_KEEP ((size_t)1 << 20)        /* line or verdict bytes the auditors keep room for, together */
#define STREAM_FLUSH ((size_t)256 << 10)     /* what the slice whose turn it is holds before it writes */

/* Held output: a growable text that never grows past its limit. */
typedef struct text_buf {
    char *data;
    size_t len, cap;
} text_buf;

/* Appends n bytes; the caller has made sure that len + n <= limit. false
 * when out of memory. */
static bool text_put(text_buf *t, const char *s, size_t n, size_t limit) {
    if (t->cap - t->len < n) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap - t->len < n) cap *= 2;
        if (cap > limit) cap = limit;
        char *grown = realloc(t->data, cap);
        if (!grown) return false;
        t->data = grown;
        t->cap = cap;
    }
    if (n) memcpy(t->data + t->len, s, n);
    t->len += n;
    return true;
}

typedef struct stream stream;

typedef struct slice {
    stream *st;
    unsigned index;
    rf_auditor *auditor;          /* the judging thread's own */
    const char *base;             /* the batch's first byte */
    size_t first, last;           /* the slice's lines: first .. last - 1 of the batch */
    size_t first_line;            /* the input line number of line first */
    text_buf out, errs;           /* verdicts for stdout; messages for stderr */
    unsigned seen;                /* SEEN_ bits of the slice's lines */
    uint64_t findings, bad;       /* findings kept and bad lines, for the progress line */
    bool done;                    /* judged whole (under the stream's lock) */
    bool turn;                    /* every slice before it is written: it may write */
    bool nomem;                   /* an allocation failed: output was lost */
    pthread_t thread;
    rf_summary *summary;          /* --summary: this thread's count, or NULL */
    bool summary_failed;          /* a line could not be counted */
} slice;

struct stream {
    const rf_ctx *ctx;
    rf_replay_options options;
    rf_lang lang;
    const char *path;
    bool csv;                     /* --format csv: rows of findings, not verdicts */
    uint64_t only;                /* --only: the codes kept (0: all) */
    unsigned jobs;                /* slices per batch: the threads running, this one included */
    size_t out_cap, err_cap, keep; /* per slice */
    pthread_mutex_t lock;
    pthread_cond_t go;            /* a new batch, or quit */
    pthread_cond_t moved;         /* the turn moved on */
    unsigned long batch;          /* batches started */
    unsigned used, turn;          /* slices in this batch; the slice whose turn it is */
    bool quit;
    int rc;                       /* 5 after a write error; set by the slice whose turn it is */
    unsigned seen;                /* SEEN_ bits of the lines written */
    cli_counts counts;            /* lines, bytes, findings and bad lines so far */
    cli_progress progress;        /* the line on stderr (cli/progress.c) */
    size_t ends[STREAM_BATCH_LINES]; /* ends[i]: the offset past line i of the batch, from its first byte */
    slice slices[CLI_MAX_JOBS];
};

/* What the lines showed, for the exit code (FORMAT.md section 3): 0 all
 * clean, 1 findings and no bad line, 4 bad lines (malformed or invalid:
 * each error verdict carries its own code) and no findings, 6 both. */
#define SEEN_FINDINGS 1u
#define SEEN_BAD 2u
static int exit_code_of(unsigned seen) {
    return seen == (SEEN_FINDINGS | SEEN_BAD) ? 6 : seen & SEEN_BAD ? 4 : seen & SEEN_FINDINGS ? 1 : 0;
}

/* ---- output ------------------------------------------------------------------------------ */

/* Messages for stderr, with the progress line out of their way. */
static void put_messages(stream *st, const char *msg, size_t n) {
    if (!n) return;
    cli_progress_clear(&st->progress);
    fwrite(msg, 1, n, stderr);
}

/* Writes what s holds: messages to stderr, verdicts to stdout. Only the slice
 * whose turn it is writes, so writes come in input order. */
static void slice_write(slice *s) {
    stream *st = s->st;
    put_messages(st, s->errs.data, s->errs.len);
    if (s->out.len && !st->rc && cli_write(s->out.data, s->out.len)) st->rc = 5;
    s->out.len = s->errs.len = 0;
}

/* Waits until every slice before s is written. */
static void slice_wait_turn(slice *s) {
    stream *st = s->st;
    if (s->turn) return;
    pthread_mutex_lock(&st->lock);
    while (st->turn != s->index) pthread_cond_wait(&st->moved, &st->lock);
    pthread_mutex_unlock(&st->lock);
    s->turn = true;
}

/* Holds a verdict (head, then text) and its message for stderr (msg); when
 * they would not fit in the slice's share, writes what it holds first,
 * waiting for its turn, and a verdict larger than the whole share goes
 * straight out. The slice whose turn it is needs no more than STREAM_FLUSH
 * to write in large pieces. */
static void slice_emit(slice *s, const char *head, size_t head_n, const char *text, size_t n, const char *msg,
                       size_t msg_n) {
    stream *st = s->st;
    size_t out_cap = s->turn && st->out_cap > STREAM_FLUSH ? STREAM_FLUSH : st->out_cap;
    if (s->out.len + head_n + n > out_cap || s->errs.len + msg_n > st->err_cap) {
        slice_wait_turn(s);
        slice_write(s);
        if (head_n + n > st->out_cap || msg_n > st->err_cap) {
            put_messages(st, msg, msg_n);
            if (!st->rc && ((head_n && cli_write(head, head_n)) || cli_write(text, n))) st->rc = 5;
            return;
        }
    }
    if (!text_put(&s->out, head, head_n, st->out_cap) || !text_put(&s->out, text, n, st->out_cap) ||
        !text_put(&s->errs, msg, msg_n, st->err_cap))
        s->nomem = true;
}

/* `{"line":N,`, the opening of a verdict of input line N (FORMAT.md: every
 * verdict of replay --ndjson carries its line, first), in head (at least
 * 32 bytes); returns its length. Digits by hand: this runs once a line. */
static size_t line_head(char *head, size_t lineno) {
    char digits[24];
    size_t k = 0, n = sizeof "{\"line\":" - 1;
    do digits[k++] = (char)('0' + lineno % 10); while ((lineno /= 10) != 0);
    memcpy(head, "{\"line\":", n);
    while (k) head[n++] = digits[--k];
    head[n++] = ',';
    return n;
}

/* The longest order id an error verdict names: the reader's limit on a
 * string. Its JSON text takes at most 6 bytes a byte (\u001f). */
#define STREAM_ORDER_MAX 4096

/* ---- --summary FILE: each thread counts its lines, merged at the end ---------------------- */

/* Counts the verdict the slice's auditor just gave, or a bad line (v NULL). */
static void summary_count(slice *s, const rf_verdict *v) {
    if (!s->summary) return;
    rf_status st = v ? rf_summary_add_verdict(s->summary, v, NULL) : rf_summary_add_bad_line(s->summary, NULL);
    if (st != RF_OK) s->summary_failed = true;
}

/* The error verdict of a line that was not judged: where and why, in the
 * line's own coordinates, and its order id when the line gets as far as
 * naming one (line NULL: not kept), on stdout (but in CSV); and the same on
 * stderr, in the language of --lang. */
static void error_verdict(slice *s, size_t lineno, const char *line, size_t len, rf_status st, const rf_error *err) {
    /* Room for the longest message whole (a list of the values allowed is
     * never cut), escaped. */
    char id[STREAM_ORDER_MAX + 1], order[STREAM_ORDER_MAX * 6 + 16], field[200], why[1400], message[2800];
    char text[sizeof order + 3300], msg[3300];
    if (err->message[0]) rf_error_message(err, s->st->lang, why, sizeof why);
    else snprintf(why, sizeof why, "%s", cli_status_message(st));
    int code = cli_exit_code(st);
    order[0] = '\0';
    if (line && cli_scan_order(line, len, id, sizeof id)) {
        memcpy(order, ",\"order\":\"", 10);
        cli_json_escape(order + 10, sizeof order - 11, id);
        strcat(order, "\"");
    }
    cli_json_escape(field, sizeof field, err->field);
    cli_json_escape(message, sizeof message, why);
    int n = snprintf(text, sizeof text,
                     "{\"line\":%zu%s,\"error\":{\"code\":%d,\"status\":\"%s\",\"column\":%u,\"field\":\"%s\",\"message\":\"%s\"}}\n",
                     lineno, order, code, rf_status_name(st), err->column, field, message);
    int m = snprintf(msg, sizeof msg, "refund: %s:%zu:%u: %s%s%s\n", s->st->path, lineno, err->column,
                     err->field, err->field[0] ? ": " : "", why);
    /* CSV has rows of findings only: the message on stderr says it all. */
    size_t text_n = s->st->csv ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
    slice_emit(s, NULL, 0, text, text_n, msg, (size_t)m < sizeof msg ? (size_t)m : sizeof msg - 1);
    s->seen |= SEEN_BAD;
    s->bad++;
    summary_count(s, NULL);
}

/* ---- judging ----------------------------------------------------------------------------- */

/* How many of v's findings --only keeps (all without it). */
static size_t kept_findings(const rf_verdict *v, uint64_t only) {
    if (!only) return v->finding_count;
    size_t n = 0;
    for (size_t i = 0; i < v->finding_count; i++)
        if ((unsigned)v->findings[i].code < 64 && ((only >> v->findings[i].code) & 1u)) n++;
    return n;
}

/* The CSV rows of line lineno's findings (those --only keeps). */
static void csv_rows(slice *s, const rf_verdict *v, size_t lineno) {
    stream *st = s->st;
    char label[24], *text = NULL;
    size_t len = 0;
    rf_csv_options o = RF_CSV_OPTIONS_INIT;
    snprintf(label, sizeof label, "%zu", lineno);
    o.line = label;
    o.codes = st->only;
    if (rf_render_findings_csv(st->ctx, v, &o, st->lang, &text, &len) != RF_OK) {
        s->nomem = true;
        return;
    }
    slice_emit(s, NULL, 0, text, len, NULL, 0);
    rf_string_free(st->ctx, text);
}

static void judge_slice(slice *s) {
    stream *st = s->st;
    for (size_t i = s->first; i < s->last && !s->nomem; i++) {
        size_t begin = i ? st->ends[i - 1] : 0, len = st->ends[i] - begin;
        const char *line = s->base + begin;
        if (len && line[len - 1] == '\n') len--;
        while (len && line[len - 1] == '\r') len--;
        if (!len) continue;
        rf_error err = {0};
        const char *out;
        size_t out_len = 0;
        rf_status rs = rf_auditor_judge(s->auditor, line, len, &out, &out_len, &err);
        size_t lineno = s->first_line + (i - s->first);
        if (rs == RF_OK) {
            const rf_verdict *v = rf_auditor_verdict(s->auditor);
            size_t kept = kept_findings(v, st->only);
            if (kept) s->seen |= SEEN_FINDINGS;
            s->findings += kept;
            if (st->csv) {
                if (kept) csv_rows(s, v, lineno);
            } else if (kept || !st->only) {
                /* The verdict opens with `{"order":`: its `{` becomes `{"line":N,`. */
                char head[32];
                slice_emit(s, head, line_head(head, lineno), out + 1, out_len - 1, NULL, 0);
            }
            summary_count(s, v);
        } else {
            error_verdict(s, lineno, line, len, rs, &err);
        }
        if (len > st->keep || out_len > st->keep) {
            /* Let go of the room a long line took. */
            rf_auditor_free(s->auditor);
            s->auditor = rf_auditor_new(st->ctx, &st->options, RF_FORMAT_NDJSON, st->lang);
            if (!s->auditor) s->nomem = true;
        }
    }
}

/* Marks s judged and writes every finished slice whose turn has come. With
 * the lock held. */
static void slice_done(slice *s) {
    stream *st = s->st;
    s->done = true;
    while (st->turn < st->used && st->slices[st->turn].done) {
        slice *t = &st->slices[st->turn];
        slice_write(t);
        st->seen |= t->seen;
        st->counts.findings += t->findings;
        st->counts.bad += t->bad;
        st->turn++;
    }
    pthread_cond_broadcast(&st->moved);
}

static void *worker(void *arg) {
    slice *s = arg;
    stream *st = s->st;
    unsigned long seen = 0;
    pthread_mutex_lock(&st->lock);
    for (;;) {
        while (st->batch == seen && !st->quit) pthread_cond_wait(&st->go, &st->lock);
        if (st->quit) break;
        seen = st->batch;
        if (s->index >= st->used) continue;
        pthread_mutex_unlock(&st->lock);
        judge_slice(s);
        pthread_mutex_lock(&st->lock);
        slice_done(s);
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

/* Judges lines 0 .. n - 1 of the batch at base (their ends in st->ends),
 * numbered from lineno, and writes their verdicts. This thread judges the
 * first slice. */
static void judge_batch(stream *st, const char *base, size_t n, size_t lineno) {
    size_t total = st->ends[n - 1], k = 0;
    unsigned used = 0;
    /* Cut at the first line end at or after each equal share of the bytes. */
    for (unsigned j = 0; j < st->jobs && k < n; j++) {
        size_t m = n;
        if (j + 1 < st->jobs) {
            size_t share = total / st->jobs * (j + 1);
            for (m = k + 1; m < n && st->ends[m - 1] < share; m++) continue;
        }
        slice *s = &st->slices[j];
        s->base = base;
        s->first = k;
        s->last = m;
        s->first_line = lineno + k;
        s->seen = 0;
        s->findings = s->bad = 0;
        s->done = false;
        s->turn = j == 0;
        k = m;
        used++;
    }
    pthread_mutex_lock(&st->lock);
    st->used = used;
    st->turn = 0;
    st->batch++;
    pthread_cond_broadcast(&st->go);
    pthread_mutex_unlock(&st->lock);
    judge_slice(&st->slices[0]);
    pthread_mutex_lock(&st->lock);
    slice_done(&st->slices[0]);
    while (st->turn < st->used) pthread_cond_wait(&st->moved, &st->lock);
    pthread_mutex_unlock(&st->lock);
}

/* ---- input ------------------------------------------------------------------------------- */

/* Reads into buf[*len .. cap): waits for the first bytes (or the end), then
 * reads on only while more is ready. -1 on a read error. */
static int read_ready(int fd, char *buf, size_t cap, size_t *len, bool *eof) {
    bool first = true;
    while (*len < cap) {
        if (!first) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP))) break;
        }
        ssize_t got = read(fd, buf + *len, cap - *len);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return -1;
        if (got == 0) {
            *eof = true;
            break;
        }
        *len += (size_t)got;
        first = false;
    }
    return 0;
}

static bool resize(char **buf, size_t *cap, size_t to) {
    char *p = realloc(*buf, to);
    if (!p) return false;
    *buf = p;
    *cap = to;
    return true;
}

/* ---- the command ------------------------------------------------------------------------- */

static int stream_run(stream *st, int fd) {
    char *buf = NULL;
    size_t cap = 0, len = 0, lineno = 1;
    bool eof = false, skipping = false;
    int rc = 0;
    if (!resize(&buf, &cap, STREAM_IN)) return -1;
    for (;;) {
        /* Every complete line at hand, a batch at a time (at the end of the
         * input the last line needs no newline). */
        size_t at = 0;
        while (!rc) {
            size_t n = 0, end = at;
            while (n < STREAM_BATCH_LINES && end < len) {
                const char *nl = memchr(buf + end, '\n', len - end);
                size_t next = nl ? (size_t)(nl - buf) + 1 : eof ? len : 0;
                if (!next || (n && next - at > STREAM_IN)) break;
                st->ends[n++] = next - at;
                end = next;
            }
            if (!n) break;
            judge_batch(st, buf + at, n, lineno);
            lineno += n;
            st->counts.lines = lineno - 1;
            cli_progress_update(&st->progress, &st->counts);
            at = end;
            for (unsigned j = 0; j < st->jobs; j++)
                if (st->slices[j].nomem) rc = -1;
            if (st->rc) rc = st->rc;
        }
        if (!rc && fflush(stdout) != 0) {
            fprintf(stderr, CLI_TEXT("refund: write error: %s\n", "refund: 写出失败: %s\n"), cli_strerror(errno));
            rc = 5;
        }
        if (rc || eof) break;
        /* Keep the incomplete line; make room for more of it. */
        memmove(buf, buf + at, len - at);
        len -= at;
        if (len == cap && cap < STREAM_IN_MAX) {
            if (!resize(&buf, &cap, cap * 2 < STREAM_IN_MAX ? cap * 2 : STREAM_IN_MAX)) rc = -1;
        } else if (len == cap) {
            /* Longer than any document: judged without being stored. */
            rf_error err = {0};
            err.code = RF_E_LIMIT;
            snprintf(err.message, sizeof err.message, "line longer than the %zu-byte document limit", CLI_MAX_FILE);
            slice *s = &st->slices[0];
            s->turn = true;
            s->seen = 0;
            s->bad = 0;
            error_verdict(s, lineno++, NULL, 0, RF_E_LIMIT, &err);
            slice_write(s);
            st->seen |= s->seen;
            st->counts.bad += s->bad;
            if (st->rc) rc = st->rc;
            len = 0;
            skipping = true;
        } else if (cap > STREAM_IN && len < STREAM_IN) {
            resize(&buf, &cap, STREAM_IN); /* a failure keeps the larger buffer */
        }
        if (rc) break;
        size_t had = len;
        if (read_ready(fd, buf, cap, &len, &eof) != 0) {
            fprintf(stderr, CLI_TEXT("refund: %s: read error: %s\n", "refund: %s: 读取失败: %s\n"), st->path, cli_strerror(errno));
            rc = 5;
            break;
        }
        st->counts.bytes += len - had;
        if (skipping) {
            /* The rest of the long line, up to its newline. */
            char *nl = memchr(buf, '\n', len);
            if (nl) {
                len -= (size_t)(nl + 1 - buf);
                memmove(buf, nl + 1, len);
                skipping = false;
            } else {
                len = 0;
            }
        }
    }
    st->counts.lines = lineno - 1;
    free(buf);
    return rc;
}

int cli_replay_ndjson(rf_ctx *ctx, const cli_opts *o, const char *path, unsigned jobs) {
    stream *st = calloc(1, sizeof *st);
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
    int rc = 0;
    if (fd < 0) {
        fprintf(stderr, "refund: %s: %s\n", path, cli_strerror(errno));
        free(st);
        return 5;
    }
    if (!st) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        if (fd != STDIN_FILENO) close(fd);
        return 5;
    }
    if (jobs < 1) jobs = 1;
    if (jobs > CLI_MAX_JOBS) jobs = CLI_MAX_JOBS;
    st->ctx = ctx;
    st->options = (rf_replay_options){sizeof(rf_replay_options), o->has_now, o->now};
    st->lang = o->lang;
    st->path = path;
    st->csv = o->csv;
    st->only = o->only;
    st->out_cap = STREAM_OUT / jobs;
    st->err_cap = STREAM_ERR / jobs;
    st->keep = STREAM_KEEP / jobs;
    pthread_mutex_init(&st->lock, NULL);
    pthread_cond_init(&st->go, NULL);
    pthread_cond_init(&st->moved, NULL);
    /* One auditor per slice; a thread per slice but the first. If a thread
     * cannot be started, fewer slices share the work. */
    st->jobs = 0;
    for (unsigned j = 0; j < jobs; j++) {
        slice *s = &st->slices[j];
        s->st = st;
        s->index = j;
        s->auditor = rf_auditor_new(ctx, &st->options, RF_FORMAT_NDJSON, o->lang);
        if (o->summary_file && s->auditor && !(s->summary = rf_summary_new(ctx))) {
            rf_auditor_free(s->auditor);
            s->auditor = NULL;
        }
        if (!s->auditor) {
            if (j == 0) rc = -1;
            break;
        }
        if (j > 0 && pthread_create(&s->thread, NULL, worker, s) != 0) {
            rf_auditor_free(s->auditor);
            s->auditor = NULL;
            break;
        }
        st->jobs++;
    }
    if (!rc && st->csv) {
        /* The header (after a BOM for Excel and WPS), before any row. */
        rf_csv_options csv = RF_CSV_OPTIONS_INIT;
        char *head = NULL;
        size_t head_len = 0;
        csv.header = true;
        csv.bom = o->bom;
        if (rf_render_findings_csv(ctx, NULL, &csv, o->lang, &head, &head_len) != RF_OK) rc = -1;
        else if (cli_write(head, head_len)) rc = 5;
        rf_string_free(ctx, head);
    }
    cli_progress_start(&st->progress, o->progress, fd);
    if (!rc) rc = stream_run(st, fd);
    cli_progress_end(&st->progress, &st->counts);
    if (rc < 0) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        rc = 5;
    }
    pthread_mutex_lock(&st->lock);
    st->quit = true;
    pthread_cond_broadcast(&st->go);
    pthread_mutex_unlock(&st->lock);
    rf_summary *parts[CLI_MAX_JOBS];
    bool summary_failed = false;
    for (unsigned j = 0; j < jobs; j++) {
        slice *s = &st->slices[j];
        if (j > 0 && j < st->jobs) pthread_join(s->thread, NULL);
        rf_auditor_free(s->auditor);
        free(s->out.data);
        free(s->errs.data);
        parts[j] = s->summary;
        summary_failed |= s->summary_failed || (j < st->jobs && !s->summary);
    }
    if (o->summary_file && rc != 5 && st->jobs) {
        int src = cli_summary_save(ctx, o->summary_file, parts, st->jobs, summary_failed);
        if (src && !rc) rc = src;
    }
    for (unsigned j = 0; j < jobs; j++) rf_summary_free(parts[j]);
    pthread_cond_destroy(&st->moved);
    pthread_cond_destroy(&st->go);
    pthread_mutex_destroy(&st->lock);
    if (fd != STDIN_FILENO) close(fd);
    int found = exit_code_of(st->seen);
    free(st);
    return rc ? rc : found;
}
