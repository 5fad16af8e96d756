/*
 * refund replay --ndjson: one case document per input line, one verdict per
 * output line, in input order; a bad line gets an error verdict and the
 * stream goes on.
 *
 * Memory is a fixed budget whatever the number of lines, their length (up to
 * the document limit) and --jobs (docs/limits.md, "replay --ndjson"):
 *
 * - Input is read with read() into one buffer of STREAM_BUF bytes, room for
 *   a batch being judged and the next one read meanwhile. The buffer grows
 *   (doubling) for a line longer than it, up to the document limit, and
 *   keeps its size, so a file of long lines costs no remapping per line; it
 *   shrinks back when it grew past STREAM_BUF_KEEP and the stream pauses. A
 *   longer line is consumed without being stored and becomes an error
 *   verdict.
 * - A batch is complete lines of the buffer, at most STREAM_BATCH_LINES
 *   lines and STREAM_IN bytes, or one longer line alone. At most
 *   STREAM_BATCHES batches are in flight, and a longer line only when
 *   nothing else is, so the lines judged at the same time are never more
 *   than STREAM_BUF bytes together, or one line. A batch is cut at line
 *   ends into pieces, about four a thread (piece_bytes_for); each thread
 *   takes the next piece as it comes free, so a thread never idles while
 *   another has work queued, and judges it with its own rf_auditor. A
 *   thread that finds no piece left reads and publishes the next batch, if
 *   no other is doing so (the reader's role), so input goes on while any
 *   thread runs.
 * - A piece holds its verdicts and messages in buffers of its own, taken
 *   from a pool (the last given back first, so that few are ever touched).
 *   A piece is written when every piece before it is: the thread finishing
 *   a piece writes every finished piece whose turn has come, and the piece
 *   whose turn it is writes whenever it holds STREAM_FLUSH bytes. The
 *   pieces of a thread hold at most STREAM_OUT / jobs bytes of verdicts and
 *   STREAM_ERR / jobs of messages; past that the thread waits for its
 *   piece's turn, and a verdict larger than that goes straight out. So the
 *   output is in input order whatever --jobs is. The auditor renders each
 *   verdict straight at the end of its piece's buffer
 *   (rf_auditor_judge_into), in room of twice the longest verdict its
 *   thread has given, at most half its share: a verdict that does not fit
 *   is rendered in the auditor's buffer and copied.
 * - An auditor keeps the memory of the longest line it judged, and so does
 *   the allocator of its thread once the auditor is made anew. So the
 *   longer lines go to few threads: the first thread alone judges the lines
 *   longer than a batch, and only the first STREAM_WIDE threads those
 *   longer than STREAM_NARROW. An auditor is made anew after a line (or a
 *   verdict) longer than what its thread takes: STREAM_KEEP_FIRST bytes for
 *   the first, STREAM_IN for the next, 4 * STREAM_NARROW for the others.
 *
 * Latency: a read() that could wait comes only when every line at hand is
 * judged and its verdict written and flushed; other reads come only while
 * input is ready (poll), so a verdict never waits for a full buffer or for
 * the end of the input.
 */
#define _GNU_SOURCE /* F_SETPIPE_SZ, where there is one (Linux) */
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
#include <sys/stat.h>
#include <unistd.h>

#define STREAM_IN ((size_t)512 << 10)            /* the bytes of a batch */
#define STREAM_BATCHES 2                         /* batches in flight */
#define STREAM_BUF (STREAM_BATCHES * STREAM_IN)  /* the input buffer: the batches in flight */
#define STREAM_BUF_KEEP ((size_t)4 << 20)        /* a buffer grown past this shrinks back when it can */
#define STREAM_IN_MAX (CLI_MAX_FILE + 2)         /* the buffer holding one longest line with its CR LF */
#define STREAM_BATCH_LINES 4096                  /* lines of a batch */
#define STREAM_PIECE ((size_t)16 << 10)          /* the smallest piece when several threads judge */
#define STREAM_PIECES 64                         /* pieces of a batch at most */
#define STREAM_SLOTS (STREAM_BATCHES * STREAM_PIECES)
#define STREAM_OUT ((size_t)2 << 20)             /* verdicts held, all threads together */
#define STREAM_ERR ((size_t)512 << 10)           /* messages for stderr held, all threads together */
#define STREAM_KEEP_FIRST ((size_t)4 << 20)      /* line or verdict bytes the first thread's auditor keeps room for */
#define STREAM_WIDE 4                            /* threads that take lines longer than STREAM_NARROW */
#define STREAM_NARROW ((size_t)16 << 10)
#define STREAM_FLUSH ((size_t)256 << 10)         /* what the piece whose turn it is holds before it writes */
#define STREAM_HELD_KEEP (2 * STREAM_FLUSH)      /* a larger buffer of the pool is freed after use */

typedef struct stream stream;
typedef struct worker worker;

/* A growable text. */
typedef struct text_buf {
    char *data;
    size_t len, cap;
} text_buf;

/* Makes room for n more bytes; false when out of memory. */
static bool text_reserve(text_buf *t, size_t n) {
    if (t->cap - t->len >= n) return true;
    size_t cap = t->cap ? t->cap : 4096;
    while (cap - t->len < n) cap *= 2;
    char *grown = realloc(t->data, cap);
    if (!grown) return false;
    t->data = grown;
    t->cap = cap;
    return true;
}

/* Appends n bytes; false when out of memory. */
static bool text_put(text_buf *t, const char *s, size_t n) {
    if (!text_reserve(t, n)) return false;
    if (n) memcpy(t->data + t->len, s, n);
    t->len += n;
    return true;
}

/* What a piece holds until its turn: verdicts for stdout, messages for
 * stderr. In the stream's pool when no piece has it. */
typedef struct held {
    text_buf out, errs;
    struct held *next;            /* the next in the pool */
} held;

/* Lines of the input buffer judged together: the unit of reading. */
typedef struct batch {
    const char *base;             /* its first byte */
    size_t begin, end;            /* its bytes, as offsets in the input buffer */
    size_t first_line;            /* the input line number of its first line */
    bool alone;                   /* one line longer than STREAM_IN, in flight with no other batch */
    bool busy;                    /* published and not all written: its bytes and pieces are in use */
    uint64_t end_piece;           /* the number past its last piece */
    /* Line i: from ends[i - 1] (0 for the first) on, lens[i] bytes without
     * its LF and the CRs before it; the next begins at ends[i]. Offsets
     * within a buffer of at most STREAM_IN_MAX bytes. */
    uint32_t ends[STREAM_BATCH_LINES], lens[STREAM_BATCH_LINES];
} batch;

/* Lines of a batch one thread judges at a time: the unit of work and of
 * output order. Pieces are numbered from 0 in input order. */
typedef struct piece {
    const batch *b;
    size_t first, last;           /* lines first .. last - 1 of b */
    size_t longest;               /* the bytes of its longest line */
    size_t last_line;             /* the input line number of its last line */
    worker *owner;                /* the thread judging it */
    held *h;                      /* its output not yet written */
    unsigned seen;                /* SEEN_ bits of its lines */
    uint64_t findings, bad;       /* findings kept and bad lines, for the progress line */
    bool done;                    /* judged whole (under the stream's lock) */
} piece;

struct worker {
    stream *st;
    unsigned index;               /* 0: the thread that reads */
    rf_auditor *auditor;          /* the thread's own */
    /* What rf_auditor_judge says of a bad line. Zero before each call, as
     * the library wants it; zeroed again only when a call left something
     * in it, not 1.4 KB a line. */
    rf_error err;
    size_t keep;                  /* longest line or verdict after which the auditor is made anew */
    size_t room;                  /* what a verdict is given at the end of its piece's output */
    piece *cur;                   /* the piece being judged */
    uint64_t seq;                 /* its number */
    bool turn;                    /* every piece before it is written: it may write */
    size_t out_held, err_held;    /* bytes its pieces hold, as it last knew (written ones counted) */
    size_t out_gone, err_gone;    /* bytes of its pieces written since (under the lock) */
    bool nomem;                   /* an allocation failed: output was lost */
    pthread_t thread;
    rf_summary *summary;          /* --summary: this thread's count, or NULL */
    bool summary_failed;          /* a line could not be counted */
};

/* The input buffer: only the thread holding the reader's role reads or
 * changes it. */
typedef struct input {
    char *buf;
    size_t cap;
    size_t at, len;               /* buf[at .. len): read and not yet in a batch */
    size_t lineno;                /* the input line number of the line at `at` */
    uint64_t bytes;               /* read so far */
    bool eof;
    bool failed;                  /* a read error (said on stderr): the run exits 5 */
    bool skipping;                /* consuming a line longer than the document limit */
} input;

struct stream {
    const rf_ctx *ctx;
    rf_replay_options options;
    rf_lang lang;
    const char *path;
    int fd;                       /* the input */
    bool csv;                     /* --format csv: rows of findings, not verdicts */
    uint64_t only;                /* --only: the codes kept (0: all) */
    unsigned jobs;                /* the threads running, this one included */
    size_t batch_pieces;          /* the pieces a batch is cut into, if large enough (piece_bytes_for) */
    size_t out_cap, err_cap;      /* per thread */
    pthread_mutex_t lock;
    pthread_cond_t go;            /* new pieces, or quit */
    pthread_cond_t moved;         /* a piece finished, the turn moved on */
    uint64_t published;           /* pieces published (in batches) */
    uint64_t claimed;             /* pieces taken by a thread */
    uint64_t turn;                /* pieces written: the piece whose turn it is */
    uint64_t events;              /* pieces finished, batches published, the reader's role let go:
                                     what the first thread waits for */
    bool reading;                 /* a thread holds the reader's role */
    bool quit;
    bool nomem;                   /* a thread ran out of memory */
    int rc;                       /* 5 after a write error */
    unsigned seen;                /* SEEN_ bits of the lines written */
    cli_counts counts;            /* lines, bytes, findings and bad lines so far */
    cli_progress progress;        /* the line on stderr (cli/progress.c) */
    input in;
    batch batches[STREAM_BATCHES];
    piece pieces[STREAM_SLOTS];   /* piece n in pieces[n % STREAM_SLOTS] */
    piece lone;                   /* the error verdict of a line over the document limit */
    held *pool;                   /* output buffers no piece has */
    held helds[STREAM_SLOTS + 1];
    worker workers[CLI_MAX_JOBS];
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

/* Writing is in turn (one writer at a time): the piece whose turn it is, or
 * the thread writing finished pieces under the lock. */

/* Messages for stderr, with the progress line out of their way. */
static void put_messages(stream *st, const char *msg, size_t n) {
    if (!n) return;
    cli_progress_clear(&st->progress);
    fwrite(msg, 1, n, stderr);
}

/* Verdicts for stdout; after a write error nothing more is written. */
static void put_verdicts(stream *st, const char *text, size_t n, bool locked) {
    if (!n || st->rc || !cli_write(text, n)) return;
    if (!locked) pthread_mutex_lock(&st->lock);
    st->rc = 5;
    if (!locked) pthread_mutex_unlock(&st->lock);
}

/* The pool: buffers go back emptied, and a large one freed. */
static held *pool_take(stream *st) {
    held *h = st->pool;
    st->pool = h->next;
    return h;
}

static void pool_give(stream *st, held *h) {
    text_buf *t[] = {&h->out, &h->errs};
    for (int i = 0; i < 2; i++) {
        if (t[i]->cap > STREAM_HELD_KEEP) {
            free(t[i]->data);
            *t[i] = (text_buf){0};
        }
        t[i]->len = 0;
    }
    h->next = st->pool;
    st->pool = h;
}

/* Writes piece p, finished, and counts it. With the lock held. */
static void write_piece(stream *st, piece *p) {
    held *h = p->h;
    put_messages(st, h->errs.data, h->errs.len);
    put_verdicts(st, h->out.data, h->out.len, true);
    p->owner->out_gone += h->out.len;
    p->owner->err_gone += h->errs.len;
    pool_give(st, h);
    p->h = NULL;
    st->seen |= p->seen;
    st->counts.findings += p->findings;
    st->counts.bad += p->bad;
    st->counts.lines = p->last_line;
}

/* Writes every finished piece whose turn has come. With the lock held. */
static void write_turns(stream *st) {
    bool wrote = false;
    while (st->turn < st->published) {
        piece *p = &st->pieces[st->turn % STREAM_SLOTS];
        if (!p->done) break;
        write_piece(st, p);
        p->done = false;
        st->turn++;
        wrote = true;
    }
    if (wrote) cli_progress_update(&st->progress, &st->counts);
}

/* What w's pieces hold now that some were written. With the lock held. */
static void count_gone(worker *w) {
    w->out_held -= w->out_gone;
    w->err_held -= w->err_gone;
    w->out_gone = w->err_gone = 0;
}

/* Whether w's pieces would hold more than its share with n and msg_n more. */
static bool over_share(const worker *w, size_t n, size_t msg_n) {
    return w->out_held + n > w->st->out_cap || w->err_held + msg_n > w->st->err_cap;
}

/* Waits until every piece before w's is written. */
static void wait_turn(worker *w) {
    stream *st = w->st;
    if (w->turn) return;
    pthread_mutex_lock(&st->lock);
    while (st->turn != w->seq) pthread_cond_wait(&st->moved, &st->lock);
    count_gone(w);
    pthread_mutex_unlock(&st->lock);
    w->turn = true;
}

/* What w's pieces hold, with what was written of them since it last
 * looked. */
static void count_gone_now(worker *w) {
    pthread_mutex_lock(&w->st->lock);
    count_gone(w);
    pthread_mutex_unlock(&w->st->lock);
}

/* Waits for the turn of w's piece and writes what it holds. */
static void write_held(worker *w) {
    stream *st = w->st;
    held *h = w->cur->h;
    wait_turn(w);
    put_messages(st, h->errs.data, h->errs.len);
    put_verdicts(st, h->out.data, h->out.len, false);
    w->out_held -= h->out.len;
    w->err_held -= h->errs.len;
    h->out.len = h->errs.len = 0;
}

/* Holds a verdict (head, then text) and its message for stderr (msg). When
 * they would take w's pieces past its share, it waits for its piece's
 * turn and writes what the piece holds first, and a verdict larger than the
 * share goes straight out. The piece whose turn it is holds no more than
 * STREAM_FLUSH, to write in large pieces. */
static void emit(worker *w, const char *head, size_t head_n, const char *text, size_t n, const char *msg,
                 size_t msg_n) {
    stream *st = w->st;
    held *h = w->cur->h;
    size_t add = head_n + n;
    if (over_share(w, add, msg_n)) count_gone_now(w);
    if (over_share(w, add, msg_n) || (w->turn && h->out.len + add > STREAM_FLUSH)) {
        write_held(w);
        if (add > st->out_cap || msg_n > st->err_cap) {
            put_messages(st, msg, msg_n);
            put_verdicts(st, head, head_n, false);
            put_verdicts(st, text, n, false);
            return;
        }
    }
    if (!text_put(&h->out, head, head_n) || !text_put(&h->out, text, n) || !text_put(&h->errs, msg, msg_n)) {
        w->nomem = true;
        return;
    }
    w->out_held += add;
    w->err_held += msg_n;
}

/* Counts the verdict of add bytes the auditor rendered in place, at the
 * end of w's piece's output, and writes as emit does: what the piece holds
 * goes out, this verdict with it, when it is past w's share or, in turn,
 * past STREAM_FLUSH. */
static void keep_written(worker *w, size_t add) {
    held *h = w->cur->h;
    if (over_share(w, add, 0)) count_gone_now(w);
    h->out.len += add;
    w->out_held += add;
    if (over_share(w, 0, 0) || (w->turn && h->out.len > STREAM_FLUSH)) write_held(w);
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

/* Counts the verdict w's auditor just gave, or a bad line (v NULL). */
static void summary_count(worker *w, const rf_verdict *v) {
    if (!w->summary) return;
    rf_status st = v ? rf_summary_add_verdict(w->summary, v, NULL) : rf_summary_add_bad_line(w->summary, NULL);
    if (st != RF_OK) w->summary_failed = true;
}

/* The error verdict of a line that was not judged: where and why, in the
 * line's own coordinates, and its order id when the line gets as far as
 * naming one (line NULL: not kept), on stdout (but in CSV); and the same on
 * stderr, in the language of --lang. */
static void error_verdict(worker *w, size_t lineno, const char *line, size_t len, rf_status st, const rf_error *err) {
    /* Room for the longest message whole (a list of the values allowed is
     * never cut), escaped. */
    char id[STREAM_ORDER_MAX + 1], order[STREAM_ORDER_MAX * 6 + 16], field[200], why[1400], message[2800];
    char text[sizeof order + 3300], msg[3300];
    if (err->message[0]) rf_error_message(err, w->st->lang, why, sizeof why);
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
    int m = snprintf(msg, sizeof msg, "refund: %s:%zu:%u: %s%s%s\n", w->st->path, lineno, err->column,
                     err->field, err->field[0] ? ": " : "", why);
    /* CSV has rows of findings only: the message on stderr says it all. */
    size_t text_n = w->st->csv ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1;
    emit(w, NULL, 0, text, text_n, msg, (size_t)m < sizeof msg ? (size_t)m : sizeof msg - 1);
    w->cur->seen |= SEEN_BAD;
    w->cur->bad++;
    summary_count(w, NULL);
}

/* ---- judging ----------------------------------------------------------------------------- */

/* The CSV rows of line lineno's findings (those --only keeps). */
static void csv_rows(worker *w, const rf_verdict *v, size_t lineno) {
    stream *st = w->st;
    char label[24], *text = NULL;
    size_t len = 0;
    rf_csv_options o = RF_CSV_OPTIONS_INIT;
    snprintf(label, sizeof label, "%zu", lineno);
    o.line = label;
    o.codes = st->only;
    if (rf_render_findings_csv(st->ctx, v, &o, st->lang, &text, &len) != RF_OK) {
        w->nomem = true;
        return;
    }
    emit(w, NULL, 0, text, len, NULL, 0);
    rf_string_free(st->ctx, text);
}

/* The room a verdict is first rendered into at the end of its piece's
 * output: twice the longest verdict its thread has given (the writer makes
 * room for each item's worst case as it goes), at least VERDICT_ROOM, at
 * most STREAM_FLUSH and half the thread's share, so that what its pieces
 * hold stays within the budget (a longer verdict is rendered in the
 * auditor and copied, as all were before). */
#define VERDICT_ROOM ((size_t)8 << 10)

static size_t room_for(const stream *st, size_t verdict) {
    size_t most = st->out_cap / 2 < STREAM_FLUSH ? st->out_cap / 2 : STREAM_FLUSH;
    size_t room = verdict < most / 2 ? 2 * verdict : most;
    return room > VERDICT_ROOM ? room : VERDICT_ROOM;
}

/* Judges a line of w's piece (lineno in the input, len bytes at line). In
 * JSON the verdict is rendered straight after what the piece holds, behind
 * its `{"line":N,`, so that it is not copied there: then *placed is the
 * bytes of both, else 0. */
static rf_status judge_line(worker *w, const char *line, size_t len, size_t lineno, const char **out,
                            size_t *out_len, size_t *placed) {
    text_buf *t = &w->cur->h->out;
    *placed = 0;
    if (w->st->csv || !text_reserve(t, w->room))
        return rf_auditor_judge(w->auditor, line, len, out, out_len, &w->err);
    /* The verdict opens with `{"order":`: its `{` is written over the head's
     * `,`, put back after. */
    char *at = t->data + t->len;
    size_t head_n = line_head(at, lineno);
    char *to = at + head_n - 1;
    rf_status rs = rf_auditor_judge_into(w->auditor, line, len, to, t->cap - t->len - (head_n - 1), out, out_len, &w->err);
    if (rs == RF_OK && *out == to) {
        *to = ',';
        *placed = head_n - 1 + *out_len;
    }
    return rs;
}

/* Judges the lines of w's piece. */
static void judge_piece(worker *w) {
    stream *st = w->st;
    piece *p = w->cur;
    const batch *b = p->b;
    for (size_t i = p->first; i < p->last && !w->nomem; i++) {
        size_t len = b->lens[i];
        if (!len) continue;
        const char *line = b->base + (i ? b->ends[i - 1] : 0);
        size_t lineno = b->first_line + i;
        const char *out;
        size_t out_len = 0, placed;
        rf_status rs = judge_line(w, line, len, lineno, &out, &out_len, &placed);
        if (rs == RF_OK) {
            const rf_verdict *v = rf_auditor_verdict(w->auditor);
            size_t kept = cli_kept_findings(v, st->only);
            if (kept) p->seen |= SEEN_FINDINGS;
            p->findings += kept;
            if (st->csv) {
                if (kept) csv_rows(w, v, lineno);
            } else if (kept || !st->only) {
                if (placed) {
                    keep_written(w, placed);
                } else {
                    /* The verdict opens with `{"order":`: its `{` becomes `{"line":N,`. */
                    char head[32];
                    emit(w, head, line_head(head, lineno), out + 1, out_len - 1, NULL, 0);
                }
            }
            if (!st->csv && out_len * 2 > w->room) w->room = room_for(st, out_len);
            summary_count(w, v);
        } else {
            error_verdict(w, lineno, line, len, rs, &w->err);
        }
        if (w->err.code != RF_OK || w->err.name) memset(&w->err, 0, sizeof w->err);
        if (len > w->keep || out_len > w->keep) {
            /* Let go of the room a long line took. */
            rf_auditor_free(w->auditor);
            w->auditor = rf_auditor_new(st->ctx, &st->options, RF_FORMAT_NDJSON, st->lang);
            if (!w->auditor) w->nomem = true;
        }
    }
}

/* Whether w's thread takes a line of n bytes. */
static bool takes(const worker *w, size_t n) {
    return w->index == 0 || (n <= STREAM_IN && (w->index < STREAM_WIDE || n <= STREAM_NARROW));
}

/* The next piece for w, or NULL when there is none it may take. With the
 * lock held. */
static piece *claim(stream *st, worker *w) {
    if (st->claimed == st->published) return NULL;
    piece *p = &st->pieces[st->claimed % STREAM_SLOTS];
    if (!takes(w, p->longest)) return NULL;
    w->seq = st->claimed++;
    count_gone(w);
    p->owner = w;
    p->h = pool_take(st);
    w->cur = p;
    w->turn = st->turn == w->seq;
    if (p->longest > STREAM_NARROW) pthread_cond_broadcast(&st->go); /* the next may be anyone's */
    return p;
}

/* Marks w's piece judged and writes every finished piece whose turn has
 * come. With the lock held. */
static void finish(stream *st, worker *w) {
    w->cur->done = true;
    w->cur = NULL;
    if (w->nomem) st->nomem = true;
    write_turns(st);
    st->events++;
    pthread_cond_broadcast(&st->moved);
}

enum { FEED_NONE, FEED_MORE, FEED_NOMEM = -1, FEED_WRITE_ERROR = -2 };
static int feed(stream *st, bool first, bool idle);

/* Takes the reader's role if no thread holds it. With the lock held. */
static bool take_reader(stream *st) {
    if (st->reading) return false;
    st->reading = true;
    return true;
}

/* Lets the reader's role go, and tells the first thread, which may be
 * waiting for it. With the lock held. */
static void leave_reader(stream *st) {
    st->reading = false;
    st->events++;
    pthread_cond_broadcast(&st->moved);
}

static void *worker_main(void *arg) {
    worker *w = arg;
    stream *st = w->st;
    pthread_mutex_lock(&st->lock);
    while (!st->quit) {
        piece *p = claim(st, w);
        if (p) {
            pthread_mutex_unlock(&st->lock);
            judge_piece(w);
            pthread_mutex_lock(&st->lock);
            finish(st, w);
            continue;
        }
        /* Nothing to judge: read on, unless another thread does. */
        if (take_reader(st)) {
            pthread_mutex_unlock(&st->lock);
            int fed = feed(st, false, false);
            pthread_mutex_lock(&st->lock);
            leave_reader(st);
            if (fed == FEED_MORE) continue;
        }
        pthread_cond_wait(&st->go, &st->lock);
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

/* The first thread judges a piece, if there is one to take. */
static bool judge_one(stream *st) {
    worker *w = &st->workers[0];
    pthread_mutex_lock(&st->lock);
    piece *p = claim(st, w);
    pthread_mutex_unlock(&st->lock);
    if (!p) return false;
    judge_piece(w);
    pthread_mutex_lock(&st->lock);
    finish(st, w);
    pthread_mutex_unlock(&st->lock);
    return true;
}

/* ---- input: run by the thread holding the reader's role -------------------------------- */

/* Frees the batches whose pieces are all written. With the lock held. */
static void release_written(stream *st) {
    for (unsigned i = 0; i < STREAM_BATCHES; i++)
        if (st->batches[i].busy && st->turn >= st->batches[i].end_piece) st->batches[i].busy = false;
}

static bool any_busy(const stream *st) {
    for (unsigned i = 0; i < STREAM_BATCHES; i++)
        if (st->batches[i].busy) return true;
    return false;
}

/* The bytes of a piece of a batch of `bytes`: the whole batch for one
 * thread; else about four pieces a thread, so that none waits long at the
 * batch's end, and no fewer bytes than STREAM_PIECE. A piece costs about a
 * microsecond on its own (a claim, a write(), wake-ups): on full batches,
 * pieces of 16 KiB cost two threads 8 % more CPU than one thread used, of
 * 64 KiB 4 %. A batch read from a pipe is 64 KiB or less: 16 KiB pieces. */
static size_t piece_bytes_for(const stream *st, size_t bytes) {
    if (st->batch_pieces == 1) return bytes;
    size_t each = bytes / st->batch_pieces;
    return each > STREAM_PIECE ? each : STREAM_PIECE;
}

/* Makes the complete lines at hand (at the end of the input the last line
 * needs no newline) a batch and its pieces, for any thread to take. Unless
 * `short_ok`, only a full batch: one that stops at STREAM_IN bytes or
 * STREAM_BATCH_LINES lines, not where the bytes read so far stop. False
 * when there is none, or no batch is free, or a longer line is in flight
 * or would be with others. */
static bool publish(stream *st, bool short_ok) {
    input *in = &st->in;
    batch *b = NULL;
    for (unsigned i = 0; i < STREAM_BATCHES; i++) {
        if (st->batches[i].busy && st->batches[i].alone) return false;
        if (!st->batches[i].busy) b = &st->batches[i];
    }
    if (!b || in->skipping) return false;
    size_t n = 0, end = in->at;
    bool full = false;
    while (!(full = n == STREAM_BATCH_LINES) && end < in->len) {
        const char *nl = memchr(in->buf + end, '\n', in->len - end);
        size_t next = nl ? (size_t)(nl - in->buf) + 1 : in->eof ? in->len : 0;
        if (!next) break;
        if ((full = n && next - in->at > STREAM_IN)) break;
        /* Its length without the line end, while its last bytes are at
         * hand: judging would otherwise fetch them before the rest. */
        size_t stop = nl ? next - 1 : next;
        while (stop > end && in->buf[stop - 1] == '\r') stop--;
        b->ends[n] = (uint32_t)(next - in->at);
        b->lens[n++] = (uint32_t)(stop - end);
        end = next;
    }
    full = full || end - in->at >= STREAM_IN; /* no line could join */
    if (!n || (!full && !short_ok && !in->eof) || (b->ends[n - 1] > STREAM_IN && any_busy(st))) return false;
    b->base = in->buf + in->at;
    b->begin = in->at;
    b->end = end;
    b->first_line = in->lineno;
    b->alone = b->ends[n - 1] > STREAM_IN;
    /* Pieces: from each line on, up to the first line end at or past
     * piece_bytes more; the last piece a batch may have takes the rest.
     * Their slots are free, and no thread looks past `published`. */
    uint64_t seq = st->published;
    size_t piece_bytes = piece_bytes_for(st, b->ends[n - 1]);
    for (size_t j = 0, k = 0; k < n; j++) {
        size_t m = n, from = k ? b->ends[k - 1] : 0;
        if (j + 1 < STREAM_PIECES)
            for (m = k + 1; m < n && b->ends[m - 1] - from < piece_bytes; m++) continue;
        piece *p = &st->pieces[seq++ % STREAM_SLOTS];
        *p = (piece){.b = b, .first = k, .last = m, .last_line = in->lineno + m - 1};
        for (size_t i = k; i < m; i++) {
            size_t len = b->ends[i] - (i ? b->ends[i - 1] : 0);
            if (len > p->longest) p->longest = len;
        }
        k = m;
    }
    b->end_piece = seq;
    b->busy = true;
    pthread_mutex_lock(&st->lock);
    st->published = seq;
    st->counts.bytes = in->bytes;
    st->events++;
    pthread_cond_broadcast(&st->go);
    pthread_mutex_unlock(&st->lock);
    in->lineno += n;
    in->at = end;
    return true;
}

enum { ROOM_OK, ROOM_WAIT, ROOM_FULL, ROOM_NOMEM };

/* Where a read may go: buf[len .. *lim), up to the first batch in flight
 * past the data, or the end. */
static size_t read_limit(const stream *st) {
    size_t lim = st->in.cap;
    for (unsigned i = 0; i < STREAM_BATCHES; i++) {
        const batch *b = &st->batches[i];
        if (b->busy && b->begin >= st->in.len && b->begin < lim) lim = b->begin;
    }
    return lim;
}

/* Room to read into after the data: ROOM_OK with its end in *lim; the bytes
 * not in a batch are moved to the front of the buffer when it is full, or
 * the buffer grows when they fill it (if `grow`: one line does). ROOM_WAIT:
 * batches in flight are in the way, or the buffer would grow. ROOM_FULL:
 * with nothing in flight, one line fills the largest buffer. */
static int make_room(stream *st, size_t *lim, bool grow) {
    input *in = &st->in;
    if ((*lim = read_limit(st)) > in->len) return ROOM_OK;
    if (in->len < in->cap) return ROOM_WAIT;
    size_t keep = in->len - in->at;
    if (in->at > 0) {
        for (unsigned i = 0; i < STREAM_BATCHES; i++)
            if (st->batches[i].busy && st->batches[i].begin < keep) return ROOM_WAIT;
        memmove(in->buf, in->buf + in->at, keep);
        in->at = 0;
        in->len = keep;
        return (*lim = read_limit(st)) > in->len ? ROOM_OK : ROOM_WAIT;
    }
    if (!grow || any_busy(st)) return ROOM_WAIT;
    if (in->cap == STREAM_IN_MAX) return ROOM_FULL;
    size_t cap = in->cap * 2 < STREAM_IN_MAX ? in->cap * 2 : STREAM_IN_MAX;
    char *grown = realloc(in->buf, cap);
    if (!grown) return ROOM_NOMEM;
    in->buf = grown;
    in->cap = *lim = cap;
    return ROOM_OK;
}

/* A buffer grown past STREAM_BUF_KEEP goes back to STREAM_BUF once nothing
 * is in flight and what is at hand fits. */
static void shrink(stream *st) {
    input *in = &st->in;
    if (in->cap <= STREAM_BUF_KEEP || in->len - in->at > STREAM_IN) return;
    memmove(in->buf, in->buf + in->at, in->len - in->at);
    in->len -= in->at;
    in->at = 0;
    char *p = realloc(in->buf, STREAM_BUF);
    if (!p) return; /* the larger buffer stays */
    in->buf = p;
    in->cap = STREAM_BUF;
}

/* Whether a read would not wait. */
static bool ready(int fd) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP));
}

/* One read() into buf[len .. lim). A read error is said at once and ends
 * the input. While a line over the document limit is being consumed, what
 * comes up to its newline is dropped. */
static void read_into(stream *st, size_t lim) {
    input *in = &st->in;
    ssize_t got;
    do got = read(st->fd, in->buf + in->len, lim - in->len);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        fprintf(stderr, CLI_TEXT("refund: %s: read error: %s\n", "refund: %s: 读取失败: %s\n"), st->path, cli_strerror(errno));
        in->failed = in->eof = true;
        return;
    }
    if (got == 0) in->eof = true;
    in->len += (size_t)got;
    in->bytes += (uint64_t)got;
    if (in->skipping) {
        char *nl = memchr(in->buf, '\n', in->len);
        if (nl) {
            in->len -= (size_t)(nl + 1 - in->buf);
            memmove(in->buf, nl + 1, in->len);
            in->skipping = false;
        } else {
            in->len = 0;
        }
    }
}

/* A line longer than any document, with nothing in flight: its error
 * verdict, written at once, and the line consumed without being stored. */
static void overlong(stream *st) {
    input *in = &st->in;
    worker *w = &st->workers[0];
    rf_error err = {0};
    err.code = RF_E_LIMIT;
    err.detail = RF_ERR_LINE_TOO_LONG; /* rf_error_message says it in either language */
    snprintf(err.fix, sizeof err.fix, "%zu", (size_t)CLI_MAX_FILE);
    snprintf(err.message, sizeof err.message, "line longer than the %zu-byte document limit", (size_t)CLI_MAX_FILE);
    pthread_mutex_lock(&st->lock);
    st->lone = (piece){.owner = w, .last_line = in->lineno, .h = pool_take(st)};
    pthread_mutex_unlock(&st->lock);
    w->cur = &st->lone;
    w->turn = true;
    error_verdict(w, in->lineno++, NULL, 0, RF_E_LIMIT, &err);
    pthread_mutex_lock(&st->lock);
    write_piece(st, &st->lone);
    count_gone(w);
    pthread_mutex_unlock(&st->lock);
    w->cur = NULL;
    in->at = in->len = 0;
    in->skipping = true;
}

/* ---- the command ------------------------------------------------------------------------- */

/* With the reader's role: publishes the lines at hand, or reads more, or
 * waits for input if `idle` (nothing in flight). The lines at the end of
 * a full buffer wait for more while input is ready, moved to its front,
 * unless they make a full batch: published alone, those few lines would
 * hold one of the two batch slots, and leave nothing to read ahead into
 * while the other batch is judged. Only the first thread waits for input,
 * shrinks the buffer and answers a line over the document limit.
 * FEED_MORE when it did something. */
static int feed(stream *st, bool first, bool idle) {
    input *in = &st->in;
    pthread_mutex_lock(&st->lock);
    release_written(st);
    pthread_mutex_unlock(&st->lock);
    if (first && idle) shrink(st);
    if (publish(st, in->len < in->cap)) return FEED_MORE;
    if (in->eof) return FEED_NONE; /* at the end every batch is full */
    size_t lim = 0;
    if (make_room(st, &lim, false) == ROOM_OK && ready(st->fd)) {
        read_into(st, lim);
        return FEED_MORE;
    }
    if (publish(st, true)) return FEED_MORE;
    /* Nothing at hand makes a batch: more room, if need be a larger buffer. */
    int room = make_room(st, &lim, true);
    if (room == ROOM_NOMEM) return FEED_NOMEM;
    if (room == ROOM_FULL && first) {
        overlong(st);
        return FEED_MORE;
    }
    if (room != ROOM_OK || !(first && idle)) return FEED_NONE;
    /* A read that may wait only once every verdict is out. */
    if (fflush(stdout) != 0) return FEED_WRITE_ERROR;
    read_into(st, lim);
    return FEED_MORE;
}

/* The first thread: reads and judges until the input ends and every verdict
 * is written; the other threads read when they find nothing to judge. */
static int stream_run(stream *st) {
    input *in = &st->in;
    int rc = 0;
    for (;;) {
        pthread_mutex_lock(&st->lock);
        bool idle = st->turn == st->published;
        if (!rc && st->rc) rc = st->rc;
        if (!rc && st->nomem) rc = -1;
        uint64_t events = st->events;
        bool reader = take_reader(st);
        pthread_mutex_unlock(&st->lock);
        if (reader) {
            /* Done: the role stays taken, so that no thread reads on. */
            if (rc && idle) break;
            int fed = rc ? FEED_NONE : feed(st, true, idle);
            if (fed == FEED_NONE && in->eof && idle) break;
            pthread_mutex_lock(&st->lock);
            st->reading = false;
            pthread_mutex_unlock(&st->lock);
            if (fed == FEED_NOMEM) rc = -1;
            if (fed == FEED_WRITE_ERROR) {
                fprintf(stderr, CLI_TEXT("refund: write error: %s\n", "refund: 写出失败: %s\n"), cli_strerror(errno));
                rc = 5;
            }
            if (fed) continue;
        }
        if (judge_one(st)) continue;
        pthread_mutex_lock(&st->lock);
        while (st->events == events) pthread_cond_wait(&st->moved, &st->lock);
        pthread_mutex_unlock(&st->lock);
    }
    if (!rc && in->failed) rc = 5;
    if (!rc && fflush(stdout) != 0) {
        fprintf(stderr, CLI_TEXT("refund: write error: %s\n", "refund: 写出失败: %s\n"), cli_strerror(errno));
        rc = 5;
    }
    st->counts.lines = in->lineno - 1;
    st->counts.bytes = in->bytes;
    return rc;
}

/* Input from a pipe gets a pipe as large as the input buffer (Linux: 1 MiB,
 * as much as /proc/sys/fs/pipe-max-size lets anyone ask for by default):
 * with the 64 KiB a pipe has, the writer and the readers took turns 64 KiB
 * at a time, and `cat file | refund replay --ndjson - --jobs 2` took 146 ms
 * (median of 11) where it takes 102 (docs/performance.md, round 4). The
 * pipe's buffer is the kernel's, not this process's memory. A refusal (a
 * lower limit, the user's quota of pipe pages spent) leaves the pipe as it
 * was. */
static void widen_pipe(int fd) {
#ifdef F_SETPIPE_SZ
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode)) (void)fcntl(fd, F_SETPIPE_SZ, (int)STREAM_BUF);
#else
    (void)fd;
#endif
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
    widen_pipe(fd);
    if (jobs < 1) jobs = 1;
    if (jobs > CLI_MAX_JOBS) jobs = CLI_MAX_JOBS;
    st->ctx = ctx;
    st->options = (rf_replay_options){sizeof(rf_replay_options), o->has_now, o->now};
    st->lang = o->lang;
    st->path = path;
    st->fd = fd;
    st->csv = o->csv;
    st->only = o->only;
    st->out_cap = STREAM_OUT / jobs;
    st->err_cap = STREAM_ERR / jobs;
    st->batch_pieces = jobs == 1 ? 1 : 4 * (size_t)jobs;
    pthread_mutex_init(&st->lock, NULL);
    pthread_cond_init(&st->go, NULL);
    pthread_cond_init(&st->moved, NULL);
    for (size_t i = STREAM_SLOTS + 1; i-- > 0;) pool_give(st, &st->helds[i]);
    /* The input, the CSV header and the progress line, before any thread
     * may read or write. */
    st->in.buf = malloc(STREAM_BUF);
    st->in.cap = STREAM_BUF;
    st->in.lineno = 1;
    if (!st->in.buf) rc = -1;
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
    /* An auditor per thread; a thread per worker but the first.
     * If a thread cannot be started, fewer share the work. */
    st->jobs = 0;
    for (unsigned j = 0; j < jobs && !rc; j++) {
        worker *w = &st->workers[j];
        w->st = st;
        w->index = j;
        w->keep = j == 0 ? STREAM_KEEP_FIRST : j < STREAM_WIDE ? STREAM_IN : 4 * STREAM_NARROW;
        w->room = VERDICT_ROOM;
        w->auditor = rf_auditor_new(ctx, &st->options, RF_FORMAT_NDJSON, o->lang);
        if (o->summary_file && w->auditor && !(w->summary = rf_summary_new(ctx))) {
            rf_auditor_free(w->auditor);
            w->auditor = NULL;
        }
        if (!w->auditor) {
            if (j == 0) rc = -1;
            break;
        }
        if (j > 0 && pthread_create(&w->thread, NULL, worker_main, w) != 0) break;
        st->jobs++;
    }
    if (!rc) rc = stream_run(st);
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
        worker *w = &st->workers[j];
        if (j > 0 && j < st->jobs) pthread_join(w->thread, NULL);
        rf_auditor_free(w->auditor);
        parts[j] = w->summary;
        summary_failed |= w->summary_failed || (j < st->jobs && !w->summary);
    }
    if (o->summary_file && rc != 5 && st->jobs) {
        int src = cli_summary_save(ctx, o->summary_file, parts, st->jobs, summary_failed);
        if (src && !rc) rc = src;
    }
    for (unsigned j = 0; j < jobs; j++) rf_summary_free(parts[j]);
    for (size_t i = 0; i <= STREAM_SLOTS; i++) {
        free(st->helds[i].out.data);
        free(st->helds[i].errs.data);
    }
    free(st->in.buf);
    pthread_cond_destroy(&st->moved);
    pthread_cond_destroy(&st->go);
    pthread_mutex_destroy(&st->lock);
    if (fd != STDIN_FILENO) close(fd);
    int found = exit_code_of(st->seen);
    free(st);
    return rc ? rc : found;
}
