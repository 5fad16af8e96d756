/*
 * The importer's public API (rf_import_*, include/refund.h): inputs fed in
 * pieces, then, once everything is read, the TMC messages deduplicated and
 * sorted (TOP.md 4.1, 4.2), every record grouped by trade, sub-order and
 * refund (2.1, 4.4), and the cases built one at a time by lib/import_map.c.
 *
 * Memory: every TMC message of a refund, exchange or trade topic is held
 * until rf_import_finish as one rf__tmc of 64 bytes (the input is not
 * sorted, so a refund's last message may come last); the sort at the end is
 * in place. Trades, refunds and refund messages are held as records with
 * their strings. Only one case exists at a time. docs/import.md states the
 * bound.
 */
#include "import.h"
#include "error_text.h"
#include "case.h"
#include "json_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a map from ids to indices -------------------------------------------------------- */

typedef struct idmap {
    rf__topid *keys;            /* 0: empty */
    uint32_t *values;
    size_t cap, count;
} idmap;

static size_t id_hash(rf__topid id, size_t cap) {
    uint64_t h = id * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (cap - 1);
}

static bool idmap_init(idmap *m, const rf_allocator *a, size_t expected) {
    size_t cap = 16;
    while (cap < expected * 2 + 1) cap *= 2;
    m->keys = rf__malloc(a, cap * sizeof *m->keys);
    m->values = rf__malloc(a, cap * sizeof *m->values);
    m->cap = cap;
    m->count = 0;
    if (!m->keys || !m->values) return false;
    memset(m->keys, 0, cap * sizeof *m->keys);
    return true;
}

static void idmap_free(idmap *m, const rf_allocator *a) {
    rf__free(a, m->keys);
    rf__free(a, m->values);
    memset(m, 0, sizeof *m);
}

/* The slot of id: its own, or the empty one where it would go. */
static size_t idmap_slot(const idmap *m, rf__topid id) {
    size_t i = id_hash(id, m->cap);
    while (m->keys[i] && m->keys[i] != id) i = (i + 1) & (m->cap - 1);
    return i;
}

static bool idmap_get(const idmap *m, rf__topid id, uint32_t *value) {
    if (!id || !m->cap) return false;
    size_t i = idmap_slot(m, id);
    if (!m->keys[i]) return false;
    *value = m->values[i];
    return true;
}

/* Sets id's value, growing the map when it is half full; false when out of memory. */
static bool idmap_put(idmap *m, const rf_allocator *a, rf__topid id, uint32_t value) {
    if ((m->count + 1) * 2 > m->cap) {
        idmap bigger;
        if (!idmap_init(&bigger, a, m->cap)) {
            idmap_free(&bigger, a);
            return false;
        }
        for (size_t k = 0; k < m->cap; k++)
            if (m->keys[k]) {
                size_t j = idmap_slot(&bigger, m->keys[k]);
                bigger.keys[j] = m->keys[k];
                bigger.values[j] = m->values[k];
                bigger.count++;
            }
        idmap_free(m, a);
        *m = bigger;
    }
    size_t i = idmap_slot(m, id);
    if (!m->keys[i]) m->count++;
    m->keys[i] = id;
    m->values[i] = value;
    return true;
}

/* ---- sorting in place ------------------------------------------------------------------ */

/* Quicksort of the held messages with no extra memory (glibc's qsort may
 * allocate a copy of the array, which would double the importer's peak):
 * median of three, the smaller side first, insertion sort below 16. */
typedef int (*tmc_cmp)(const rf__tmc *, const rf__tmc *);

static void swap_tmc(rf__tmc *a, rf__tmc *b) {
    rf__tmc t = *a;
    *a = *b;
    *b = t;
}

static void sort_tmc(rf__tmc *a, size_t n, tmc_cmp cmp) {
    while (n > 16) {
        size_t mid = n / 2;
        if (cmp(&a[mid], &a[0]) < 0) swap_tmc(&a[mid], &a[0]);
        if (cmp(&a[n - 1], &a[0]) < 0) swap_tmc(&a[n - 1], &a[0]);
        if (cmp(&a[n - 1], &a[mid]) < 0) swap_tmc(&a[n - 1], &a[mid]);
        rf__tmc pivot = a[mid];
        size_t i = 0, j = n - 1;
        for (;;) {
            while (cmp(&a[i], &pivot) < 0) i++;
            while (cmp(&pivot, &a[j]) < 0) j--;
            if (i >= j) break;
            swap_tmc(&a[i], &a[j]);
            i++;
            j--;
        }
        size_t left = j + 1;
        if (left < n - left) {
            sort_tmc(a, left, cmp);
            a += left;
            n -= left;
        } else {
            sort_tmc(a + left, n - left, cmp);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        rf__tmc t = a[i];
        size_t j = i;
        while (j > 0 && cmp(&t, &a[j - 1]) < 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = t;
    }
}

#define CMP(x, y) \
    if ((x) != (y)) return (x) < (y) ? -1 : 1

static bool is_trade_topic(const rf__tmc *m) { return rf__topic_kinds[m->topic] == RF__TK_TRADE; }

/* What a message says, its id, pub_time and position aside: two copies
 * that differ here conflict (TOP.md 4.1). */
static int cmp_content(const rf__tmc *a, const rf__tmc *b) {
    CMP(a->topic, b->topic);
    CMP(a->refund_id, b->refund_id);
    CMP(a->tid, b->tid);
    CMP(a->oid, b->oid);
    CMP(a->modified, b->modified);
    CMP(a->fee, b->fee);
    CMP(a->bill, b->bill);
    CMP(a->status, b->status);
    return 0;
}

/* By id, the copy to keep first: the earliest pub_time (absent last). */
static int cmp_by_id(const rf__tmc *a, const rf__tmc *b) {
    CMP(a->id, b->id);
    uint32_t pa = a->pub_time ? a->pub_time : UINT32_MAX, pb = b->pub_time ? b->pub_time : UINT32_MAX;
    CMP(pa, pb);
    return cmp_content(a, b);
}

/* Refund and exchange messages before trade messages; then TOP.md 2.4's
 * order within a refund: modified, the topic's rank, pub_time, id. */
static int cmp_refund_order(const rf__tmc *a, const rf__tmc *b) {
    CMP(is_trade_topic(a), is_trade_topic(b));
    if (is_trade_topic(a)) {
        CMP(a->tid, b->tid);
        CMP(a->pub_time, b->pub_time);
        CMP(a->id, b->id);
        return 0;
    }
    CMP(a->refund_id, b->refund_id);
    uint32_t ma = a->modified ? a->modified : a->pub_time, mb = b->modified ? b->modified : b->pub_time;
    CMP(ma, mb);
    CMP(a->topic, b->topic);
    CMP(a->pub_time, b->pub_time);
    CMP(a->id, b->id);
    return 0;
}

/* ---- the importer ------------------------------------------------------------------------ */

/* A refund of the input: its snapshot, messages, and where it belongs. */
typedef struct group {
    rf__topid refund_id, tid, oid;
    const rf__top_refund *snap;
    size_t msg_start, msg_count;        /* in the held messages */
    size_t rmsg_start, rmsg_count;      /* in the refund messages */
    bool failed;
    uint32_t next;                      /* the next group of the same case, or UINT32_MAX */
} group;

/* A case to build: a sub-order of a trade, or (--allow-missing-trade) a
 * sub-order known only from its refunds. */
typedef struct case_ref {
    uint32_t trade;                     /* index into trades; UINT32_MAX for none */
    uint32_t order;
    rf__topid tid, oid;
    uint32_t first_group;               /* UINT32_MAX: none */
    bool failed;
} case_ref;

struct rf_importer {
    const rf_ctx *ctx;
    rf_allocator alloc;
    rf_import_options opt;
    rf__report report;
    rf__import_store store;
    char **names;
    size_t name_count, name_cap;
    rf__input input;
    bool input_open;
    bool finished, done;
    /* after rf_import_finish */
    size_t refund_msg_count;            /* store.tmc[0..): refund and exchange topics, sorted */
    rf__tmc *trade_msgs;                /* then the trade topics, by tid */
    size_t trade_msg_count;
    idmap trade_msg_index;              /* tid -> first of its trade messages */
    const rf__top_trade **trades;       /* the latest snapshot of each tid, in input order */
    size_t trade_count;
    idmap trade_index;                  /* tid -> index in trades */
    group *groups;
    size_t group_count;
    case_ref *cases;
    size_t case_count, case_cap, next_case;
    idmap failed_tids, failed_refunds;  /* bad records fail these */
    rf__mapper *mapper;
    rf_case *current;
    rf__buf out;
    rf__refund_in *refunds_in;
    size_t refunds_in_cap;
};

void rf_import_options_init(rf_import_options *o) {
    static const rf_import_options init = RF_IMPORT_OPTIONS_INIT;
    if (o) *o = init;
}

#define OPTIONS_SIZE_V1 (offsetof(rf_import_options, allow_missing_trade) + sizeof(bool))

rf_importer *rf_import_new(const rf_ctx *ctx, const rf_import_options *options) {
    const rf_allocator *a = ctx ? &ctx->alloc : &rf__default_allocator;
    rf_import_options opt = RF_IMPORT_OPTIONS_INIT;
    if (options) {
        if (options->size < OPTIONS_SIZE_V1 || options->size > sizeof opt) return NULL;
        memcpy(&opt, options, options->size);
        opt.size = sizeof opt;
        if ((unsigned)opt.channel >= RF_CHANNEL_COUNT || (unsigned)opt.insurance >= RF_INSURANCE_COUNT ||
            (unsigned)opt.ship_exempt >= RF_EXEMPT_COUNT || opt.seller_shipping_cost < 0 ||
            opt.seller_shipping_cost > RF_FEN_MAX || (opt.lang != RF_LANG_EN && opt.lang != RF_LANG_ZH))
            return NULL;
    }
    rf_importer *imp = rf__malloc(a, sizeof *imp);
    if (!imp) return NULL;
    memset(imp, 0, sizeof *imp);
    imp->ctx = ctx;
    imp->alloc = *a;
    imp->opt = opt;
    imp->report.alloc = &imp->alloc;
    imp->store.alloc = &imp->alloc;
    imp->store.report = &imp->report;
    rf__buf_init(&imp->out, &imp->alloc);
    imp->mapper = rf__mapper_new(ctx, &imp->opt, &imp->report);
    imp->current = rf__case_alloc(&imp->alloc);
    if (!imp->mapper || !imp->current) {
        rf_import_free(imp);
        return NULL;
    }
    return imp;
}

void rf_import_free(rf_importer *imp) {
    if (!imp) return;
    rf_allocator a = imp->alloc;
    rf__input_free(&a, &imp->input);
    rf__import_store_free(&imp->store);
    rf__report_free(&imp->report);
    for (size_t i = 0; i < imp->name_count; i++) rf__free(&a, imp->names[i]);
    rf__free(&a, imp->names);
    idmap_free(&imp->trade_msg_index, &a);
    idmap_free(&imp->trade_index, &a);
    idmap_free(&imp->failed_tids, &a);
    idmap_free(&imp->failed_refunds, &a);
    rf__free(&a, (void *)imp->trades);
    rf__free(&a, imp->groups);
    rf__free(&a, imp->cases);
    rf__free(&a, imp->refunds_in);
    rf__mapper_free(imp->mapper);
    rf_case_free(imp->current);
    rf__buf_free(&imp->out);
    rf__free(&a, imp);
}

/* A call made wrongly: detail about function fn (fix: what the detail needs). */
static rf_status usage(rf_error *err, const char *fn, rf_error_detail detail, const char *fix) {
    return rf__fail_with(err, RF_E_USAGE, 0, 0, 0, NULL, detail, fn, fix);
}

static rf_status nomem(rf_error *err) { return rf__fail_detail(err, RF_E_NOMEM, 0, 0, 0, NULL, &(rf__detail){.detail = RF_ERR_OUT_OF_MEMORY}); }

rf_status rf_import_feed(rf_importer *imp, rf_import_input input, const char *name, const char *data, size_t len,
                         bool more, rf_error *err) {
    if (!imp || !name) return usage(err, "rf_import_feed", RF_ERR_NULL_ARGUMENT, "imp,name");
    if ((unsigned)input >= RF_IMPORT_INPUT_COUNT) return usage(err, "rf_import_feed", RF_ERR_IMPORT_INPUT, NULL);
    if (imp->finished) return usage(err, "rf_import_feed", RF_ERR_IMPORT_FINISHED, NULL);
    if (!data && len) return usage(err, "rf_import_feed", RF_ERR_NULL_ARGUMENT, "data");
    if (imp->store.failed) return nomem(err);
    if (imp->input_open && (imp->input.kind != (int)input || strcmp(imp->names[imp->input.file], name) != 0))
        return usage(err, "rf_import_feed", RF_ERR_IMPORT_INPUT_OPEN, NULL);
    if (!imp->input_open) {
        if (imp->name_count >= 65535) return usage(err, "rf_import_feed", RF_ERR_IMPORT_MAX_INPUTS, "65535");
        if (imp->name_count == imp->name_cap) {
            size_t cap = imp->name_cap ? imp->name_cap * 2 : 8;
            char **grown = rf__realloc(&imp->alloc, imp->names, imp->name_cap * sizeof *grown, cap * sizeof *grown);
            if (!grown) return nomem(err);
            imp->names = grown;
            imp->name_cap = cap;
        }
        char *copy = rf__strndup(&imp->alloc, name, strlen(name));
        if (!copy) return nomem(err);
        imp->names[imp->name_count] = copy;
        imp->report.names = (const char *const *)imp->names;
        rf__input_free(&imp->alloc, &imp->input);
        memset(&imp->input, 0, sizeof imp->input);
        imp->input.kind = (int)input;
        imp->input.file = (uint16_t)imp->name_count++;
        imp->input.line = 1;
        imp->input.column = 1;
        imp->input_open = true;
    }
    rf_status st = rf__input_feed(&imp->store, &imp->input, data, len, more);
    if (!more) imp->input_open = false;
    if (st != RF_OK || imp->report.failed) {
        imp->store.failed = true;
        return nomem(err);
    }
    return RF_OK;
}

/* ---- grouping ------------------------------------------------------------------------------ */

static int cmp_trade_ptr(const void *pa, const void *pb) {
    const rf__top_trade *a = *(const rf__top_trade *const *)pa, *b = *(const rf__top_trade *const *)pb;
    CMP(a->tid, b->tid);
    /* The latest snapshot last: by modified, then input order. */
    rf_time ma = a->modified, mb = b->modified;
    CMP(ma, mb);
    CMP(a->seq, b->seq);
    return 0;
}

static int cmp_trade_seq(const void *pa, const void *pb) {
    const rf__top_trade *a = *(const rf__top_trade *const *)pa, *b = *(const rf__top_trade *const *)pb;
    CMP(a->seq, b->seq);
    return 0;
}

static int cmp_refund_ptr(const void *pa, const void *pb) {
    const rf__top_refund *a = *(const rf__top_refund *const *)pa, *b = *(const rf__top_refund *const *)pb;
    CMP(a->refund_id, b->refund_id);
    CMP(a->modified, b->modified);
    CMP(a->created, b->created);
    return a < b ? -1 : a > b;
}

static int cmp_message(const void *pa, const void *pb) {
    const rf__top_message *a = pa, *b = pb;
    CMP(a->refund_id, b->refund_id);
    CMP(a->created, b->created);
    CMP(a->id, b->id);
    return 0;
}

/* Deduplicates the held messages (TOP.md 4.1): by id, then refund and
 * exchange messages by (topic, refund_id, content.modified). The copy kept
 * is the earliest pub_time, then the smallest id. */
static bool deduplicate(rf_importer *imp) {
    rf__import_store *s = &imp->store;
    rf__report *rep = &imp->report;
    rf__tmc *m = s->tmc;
    size_t n = s->tmc_count, kept = 0;
    /* Invalid messages fail their cases, and are held no longer. */
    for (size_t i = 0; i < n; i++) {
        if (m[i].flags & RF__TMC_INVALID) {
            bool ok = m[i].refund_id ? idmap_put(&imp->failed_refunds, &imp->alloc, m[i].refund_id, 1)
                                     : idmap_put(&imp->failed_tids, &imp->alloc, m[i].tid, 1);
            if (!ok) return false;
            continue;
        }
        m[kept++] = m[i];
    }
    n = kept;
    sort_tmc(m, n, cmp_by_id);
    kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (kept && m[kept - 1].id == m[i].id) {
            rep->tmc_duplicate++;
            if (cmp_content(&m[kept - 1], &m[i]) != 0) {
                char digits[24];
                rf__report_say(rep, RF__IC_CONFLICTING_DUPLICATE, &m[i].pos, m[i].tid, m[i].refund_id, "id",
                               RF_ERR_TOP_DUPLICATE, rf__topid_format(m[i].id, digits), NULL);
            }
            continue;
        }
        m[kept++] = m[i];
    }
    n = kept;
    sort_tmc(m, n, cmp_refund_order);
    kept = 0;
    for (size_t i = 0; i < n; i++) {
        rf__tmc *prev = kept ? &m[kept - 1] : NULL;
        if (prev && !is_trade_topic(&m[i]) && !is_trade_topic(prev) && m[i].modified &&
            prev->refund_id == m[i].refund_id && prev->modified == m[i].modified && prev->topic == m[i].topic) {
            /* Another consumer, a re-poll: the same message under another id. */
            rep->tmc_duplicate++;
            if (cmp_content(prev, &m[i]) != 0) {
                char a[24], b[24];
                rf__report_say(rep, RF__IC_CONFLICTING_DUPLICATE, &m[i].pos, m[i].tid, m[i].refund_id, "id",
                               RF_ERR_TOP_DUPLICATE_OF, rf__topid_format(m[i].id, a), rf__topid_format(prev->id, b));
            }
            continue;
        }
        m[kept++] = m[i];
    }
    s->tmc_count = kept;
    size_t refunds = 0;
    while (refunds < kept && !is_trade_topic(&m[refunds])) refunds++;
    imp->refund_msg_count = refunds;
    imp->trade_msgs = m ? m + refunds : NULL; /* no messages: no array */
    imp->trade_msg_count = kept - refunds;
    return true;
}

static bool add_case(rf_importer *imp, case_ref c) {
    if (imp->case_count == imp->case_cap) {
        size_t cap = imp->case_cap ? imp->case_cap * 2 : 64;
        case_ref *grown = rf__realloc(&imp->alloc, imp->cases, imp->case_cap * sizeof *grown, cap * sizeof *grown);
        if (!grown) return false;
        imp->cases = grown;
        imp->case_cap = cap;
    }
    imp->cases[imp->case_count++] = c;
    return true;
}

static int cmp_missing_case(const void *pa, const void *pb) {
    const case_ref *a = pa, *b = pb;
    CMP(a->tid, b->tid);
    CMP(a->oid, b->oid);
    return 0;
}

/* Messages of a group that has no case count as ignored (TOP.md 6). */
static void drop_group(rf_importer *imp, group *g) {
    g->failed = true;
    g->msg_count = 0;
    (void)imp;
}

static rf_status group_everything(rf_importer *imp) {
    rf__import_store *s = &imp->store;
    rf__report *rep = &imp->report;
    const rf_allocator *a = &imp->alloc;

    /* Trades: the latest snapshot of each tid, cases in input order. */
    const rf__top_trade **all = s->trade_count ? rf__malloc(a, s->trade_count * sizeof *all) : NULL;
    if (s->trade_count && !all) return RF_E_NOMEM;
    for (size_t i = 0; i < s->trade_count; i++) all[i] = &s->trades[i];
    if (s->trade_count > 1) qsort(all, s->trade_count, sizeof *all, cmp_trade_ptr);
    size_t kept = 0;
    for (size_t i = 0; i < s->trade_count; i++) {
        const rf__top_trade *t = all[i];
        if (t->bad && t->tid && !idmap_put(&imp->failed_tids, a, t->tid, 1)) {
            rf__free(a, all);
            return RF_E_NOMEM;
        }
        if (!t->tid) continue;
        if (kept && all[kept - 1]->tid == t->tid) {
            /* A later snapshot of the same trade replaces the earlier one;
             * the case keeps the earlier place in the input. */
            uint32_t first_seq = all[kept - 1]->seq < t->seq ? all[kept - 1]->seq : t->seq;
            all[kept - 1] = t;
            ((rf__top_trade *)t)->seq = first_seq;
            continue;
        }
        all[kept++] = t;
    }
    if (kept > 1) qsort(all, kept, sizeof *all, cmp_trade_seq);
    imp->trades = all;
    imp->trade_count = kept;
    if (!idmap_init(&imp->trade_index, a, kept)) return RF_E_NOMEM;
    for (size_t i = 0; i < kept; i++)
        if (!idmap_put(&imp->trade_index, a, all[i]->tid, (uint32_t)i)) return RF_E_NOMEM;

    /* Trade messages by tid. */
    if (!idmap_init(&imp->trade_msg_index, a, imp->trade_msg_count)) return RF_E_NOMEM;
    for (size_t i = imp->trade_msg_count; i-- > 0;)
        if (!idmap_put(&imp->trade_msg_index, a, imp->trade_msgs[i].tid, (uint32_t)i)) return RF_E_NOMEM;

    /* Refund snapshots: the latest of each refund_id. */
    const rf__top_refund **snaps = s->refund_count ? rf__malloc(a, s->refund_count * sizeof *snaps) : NULL;
    if (s->refund_count && !snaps) return RF_E_NOMEM;
    for (size_t i = 0; i < s->refund_count; i++) snaps[i] = &s->refunds[i];
    if (s->refund_count > 1) qsort(snaps, s->refund_count, sizeof *snaps, cmp_refund_ptr);
    if (s->message_count > 1) qsort(s->messages, s->message_count, sizeof *s->messages, cmp_message);

    /* Groups: every refund_id of a snapshot or a message, counted first
     * (both lists are sorted by refund_id), so that there is one group per
     * refund, not per record. */
    size_t most = 0;
    rf__tmc *msgs = s->tmc;
    for (size_t si = 0, mi = 0; si < s->refund_count || mi < imp->refund_msg_count; most++) {
        rf__topid id;
        if (si < s->refund_count && (mi >= imp->refund_msg_count || snaps[si]->refund_id <= msgs[mi].refund_id))
            id = snaps[si]->refund_id;
        else
            id = msgs[mi].refund_id;
        while (si < s->refund_count && snaps[si]->refund_id == id) si++;
        while (mi < imp->refund_msg_count && msgs[mi].refund_id == id) mi++;
    }
    imp->groups = most ? rf__malloc(a, most * sizeof *imp->groups) : NULL;
    if (most && !imp->groups) {
        rf__free(a, snaps);
        return RF_E_NOMEM;
    }
    /* Invalid messages and snapshots fail their refunds. */
    for (size_t i = 0; i < s->refund_count; i++)
        if (s->refunds[i].bad && s->refunds[i].refund_id &&
            !idmap_put(&imp->failed_refunds, a, s->refunds[i].refund_id, 1)) {
            rf__free(a, snaps);
            return RF_E_NOMEM;
        }
    size_t ng = 0, si = 0, mi = 0, ri = 0;
    while (si < s->refund_count || mi < imp->refund_msg_count) {
        rf__topid id;
        if (si < s->refund_count && (mi >= imp->refund_msg_count || snaps[si]->refund_id <= msgs[mi].refund_id))
            id = snaps[si]->refund_id;
        else
            id = msgs[mi].refund_id;
        group *g = &imp->groups[ng];
        memset(g, 0, sizeof *g);
        g->refund_id = id;
        g->next = UINT32_MAX;
        while (si < s->refund_count && snaps[si]->refund_id == id) g->snap = snaps[si++]; /* the latest last */
        g->msg_start = mi;
        while (mi < imp->refund_msg_count && msgs[mi].refund_id == id) mi++;
        g->msg_count = mi - g->msg_start;
        while (ri < s->message_count && s->messages[ri].refund_id < id) ri++;
        g->rmsg_start = ri;
        while (ri < s->message_count && s->messages[ri].refund_id == id) ri++;
        g->rmsg_count = ri - g->rmsg_start;
        if (!id) continue; /* a refund whose id could not be read */
        if (g->snap && g->snap->bad) g->failed = true;
        uint32_t dummy;
        if (idmap_get(&imp->failed_refunds, id, &dummy)) g->failed = true;
        /* Where it belongs: tid and oid from the messages, else the snapshot. */
        for (size_t k = 0; k < g->msg_count && !g->tid; k++) g->tid = msgs[g->msg_start + k].tid;
        if (g->snap && g->snap->tid) g->tid = g->snap->tid;
        for (size_t k = 0; k < g->msg_count && !g->oid; k++) g->oid = msgs[g->msg_start + k].oid;
        if (!g->oid && g->snap) g->oid = g->snap->oid;
        ng++;
    }
    imp->group_count = ng;
    rf__free(a, snaps);

    /* Each refund to its sub-order (TOP.md 4.4). */
    uint32_t *first_of_order = NULL;
    size_t order_total = 0;
    for (size_t i = 0; i < imp->trade_count; i++) order_total += imp->trades[i]->order_count;
    (void)rep;
    size_t *order_base = imp->trade_count ? rf__malloc(a, imp->trade_count * sizeof *order_base) : NULL;
    first_of_order = order_total ? rf__malloc(a, order_total * sizeof *first_of_order) : NULL;
    if ((imp->trade_count && !order_base) || (order_total && !first_of_order)) {
        rf__free(a, order_base);
        rf__free(a, first_of_order);
        return RF_E_NOMEM;
    }
    for (size_t i = 0, base = 0; i < imp->trade_count; i++) {
        order_base[i] = base;
        base += imp->trades[i]->order_count;
    }
    for (size_t i = 0; i < order_total; i++) first_of_order[i] = UINT32_MAX;
    idmap missing_reported = {0};
    if (!idmap_init(&missing_reported, a, 16)) {
        rf__free(a, order_base);
        rf__free(a, first_of_order);
        return RF_E_NOMEM;
    }
    size_t missing_count = 0;
    for (size_t gi = 0; gi < imp->group_count; gi++) {
        group *g = &imp->groups[gi];
        uint32_t ti;
        char a1[24], a2[24];
        const rf__pos *pos = g->snap ? &g->snap->pos : g->msg_count ? &msgs[g->msg_start].pos : NULL;
        if (!g->tid) {
            drop_group(imp, g);
            continue;
        }
        if (!idmap_get(&imp->trade_index, g->tid, &ti)) {
            if (imp->opt.allow_missing_trade) {
                if (!g->oid) {
                    rf__report_say(rep, RF__IC_UNATTRIBUTED, pos, g->tid, g->refund_id, "oid", RF_ERR_TOP_NO_SUBORDER,
                                   rf__topid_format(g->refund_id, a1), NULL);
                    drop_group(imp, g);
                    continue;
                }
                missing_count++;
                continue;
            }
            /* Once per trade. */
            if (!idmap_get(&missing_reported, g->tid, &ti)) {
                if (!idmap_put(&missing_reported, a, g->tid, 1)) {
                    idmap_free(&missing_reported, a);
                    rf__free(a, order_base);
                    rf__free(a, first_of_order);
                    return RF_E_NOMEM;
                }
                rf__report_say(rep, RF__IC_TRADE_MISSING, pos, g->tid, g->refund_id, "tid", RF_ERR_TOP_TRADE_MISSING,
                               rf__topid_format(g->tid, a1), NULL);
            }
            drop_group(imp, g);
            continue;
        }
        const rf__top_trade *t = imp->trades[ti];
        if (!g->oid && t->order_count == 1) g->oid = t->orders[0].oid;
        if (!g->oid) {
            char orders[24];
            rf__topid_format(g->tid, a1);
            snprintf(orders, sizeof orders, "%zu", t->order_count);
            for (size_t k = 0; k < g->msg_count; k++)
                rf__report_say(rep, RF__IC_UNATTRIBUTED, &msgs[g->msg_start + k].pos, g->tid, g->refund_id,
                               "content.oid", RF_ERR_TOP_UNATTRIBUTED, a1, orders);
            if (g->snap)
                rf__report_say(rep, RF__IC_UNATTRIBUTED, &g->snap->pos, g->tid, g->refund_id, "refund.oid",
                               RF_ERR_TOP_UNATTRIBUTED_REFUND, a1, orders);
            drop_group(imp, g);
            continue;
        }
        size_t oi = SIZE_MAX;
        for (size_t k = 0; k < t->order_count; k++)
            if (t->orders[k].oid == g->oid) oi = k;
        if (oi == SIZE_MAX) {
            rf__report_say(rep, RF__IC_ORPHAN_REFUND, pos, g->tid, g->refund_id, "oid", RF_ERR_TOP_ORPHAN,
                           rf__topid_format(g->oid, a1), rf__topid_format(g->tid, a2));
            drop_group(imp, g);
            continue;
        }
        /* Chained in order of refund_id; map_case sorts them by time. */
        uint32_t *slot = &first_of_order[order_base[ti] + oi];
        g->next = *slot;
        *slot = (uint32_t)gi;
    }
    idmap_free(&missing_reported, a);

    /* The cases: trade-file order, then orders.order[] order. */
    bool ok = true;
    for (size_t ti = 0; ti < imp->trade_count && ok; ti++) {
        const rf__top_trade *t = imp->trades[ti];
        uint32_t dummy;
        bool tid_failed = idmap_get(&imp->failed_tids, t->tid, &dummy);
        for (size_t oi = 0; oi < t->order_count && ok; oi++) {
            uint32_t first = first_of_order[order_base[ti] + oi];
            if (first == UINT32_MAX && !imp->opt.all_orders) continue;
            case_ref c = {(uint32_t)ti, (uint32_t)oi, t->tid, t->orders[oi].oid, first, tid_failed};
            for (uint32_t gi = first; gi != UINT32_MAX; gi = imp->groups[gi].next)
                if (imp->groups[gi].failed) c.failed = true;
            ok = add_case(imp, c);
        }
    }
    rf__free(a, order_base);
    rf__free(a, first_of_order);
    if (!ok) return RF_E_NOMEM;
    /* --allow-missing-trade: a case per (tid, oid), after the others. */
    if (missing_count) {
        size_t start = imp->case_count;
        for (size_t gi = 0; gi < imp->group_count && ok; gi++) {
            group *g = &imp->groups[gi];
            uint32_t ti;
            if (!g->tid || !g->oid || g->msg_count + (g->snap != NULL) == 0 ||
                idmap_get(&imp->trade_index, g->tid, &ti))
                continue;
            case_ref c = {UINT32_MAX, 0, g->tid, g->oid, (uint32_t)gi, g->failed};
            ok = add_case(imp, c);
        }
        if (!ok) return RF_E_NOMEM;
        if (imp->case_count - start > 1) qsort(imp->cases + start, imp->case_count - start, sizeof *imp->cases, cmp_missing_case);
        /* One case per (tid, oid): chain the groups of equal keys. */
        size_t out = start;
        for (size_t i = start; i < imp->case_count; i++) {
            if (out > start && imp->cases[out - 1].tid == imp->cases[i].tid &&
                imp->cases[out - 1].oid == imp->cases[i].oid) {
                group *g = &imp->groups[imp->cases[i].first_group];
                g->next = imp->cases[out - 1].first_group;
                imp->cases[out - 1].first_group = imp->cases[i].first_group;
                imp->cases[out - 1].failed |= imp->cases[i].failed;
                continue;
            }
            imp->cases[out++] = imp->cases[i];
        }
        imp->case_count = out;
        for (size_t i = start; i < imp->case_count; i++) {
            uint32_t dummy;
            if (idmap_get(&imp->failed_tids, imp->cases[i].tid, &dummy)) imp->cases[i].failed = true;
        }
    }
    return RF_OK;
}

rf_status rf_import_finish(rf_importer *imp, rf_error *err) {
    if (!imp) return usage(err, "rf_import_finish", RF_ERR_NULL_ARGUMENT, "imp");
    if (imp->finished) return usage(err, "rf_import_finish", RF_ERR_IMPORT_FINISHED, NULL);
    if (imp->input_open) return usage(err, "rf_import_finish", RF_ERR_IMPORT_INPUT_OPEN, NULL);
    if (imp->store.failed) return nomem(err);
    imp->finished = true;
    if (!idmap_init(&imp->failed_tids, &imp->alloc, 16) || !idmap_init(&imp->failed_refunds, &imp->alloc, 16) ||
        !deduplicate(imp)) {
        imp->store.failed = true;
        return nomem(err);
    }
    rf_status st = group_everything(imp);
    if (st != RF_OK) {
        imp->store.failed = true;
        return nomem(err);
    }
    return RF_OK;
}

/* ---- the cases ---------------------------------------------------------------------------- */

/* The counts of used and ignored messages, once every case was built. */
static void count_messages(rf_importer *imp) {
    rf__tmc *m = imp->store.tmc;
    for (size_t i = 0; i < imp->store.tmc_count; i++) {
        if (m[i].flags & RF__TMC_USED) imp->report.tmc_used++;
        else imp->report.tmc_ignored++;
    }
}

rf_status rf_import_next(rf_importer *imp, const rf_case **c, const char **ndjson, size_t *len, rf_error *err) {
    if (c) *c = NULL;
    if (ndjson) *ndjson = NULL;
    if (len) *len = 0;
    if (!imp || !c) return usage(err, "rf_import_next", RF_ERR_NULL_ARGUMENT, "imp,c");
    if (!imp->finished) return usage(err, "rf_import_next", RF_ERR_CALL_FIRST, "rf_import_finish");
    if (imp->store.failed) return nomem(err);
    while (imp->next_case < imp->case_count) {
        case_ref *cr = &imp->cases[imp->next_case++];
        if (cr->failed) continue;
        rf__case_in in;
        memset(&in, 0, sizeof in);
        in.trade = cr->trade == UINT32_MAX ? NULL : imp->trades[cr->trade];
        in.order_index = cr->order;
        in.tid = cr->tid;
        in.oid = cr->oid;
        uint32_t first;
        if (idmap_get(&imp->trade_msg_index, cr->tid, &first)) {
            in.trade_msgs = imp->trade_msgs + first;
            size_t k = first;
            while (k < imp->trade_msg_count && imp->trade_msgs[k].tid == cr->tid) k++;
            in.trade_msg_count = k - first;
        }
        size_t n = 0;
        for (uint32_t gi = cr->first_group; gi != UINT32_MAX; gi = imp->groups[gi].next) n++;
        if (n > imp->refunds_in_cap) {
            rf__refund_in *grown =
                rf__realloc(&imp->alloc, imp->refunds_in, imp->refunds_in_cap * sizeof *grown, n * sizeof *grown);
            if (!grown) return nomem(err);
            imp->refunds_in = grown;
            imp->refunds_in_cap = n;
        }
        n = 0;
        for (uint32_t gi = cr->first_group; gi != UINT32_MAX; gi = imp->groups[gi].next) {
            const group *g = &imp->groups[gi];
            rf__refund_in *r = &imp->refunds_in[n++];
            r->refund_id = g->refund_id;
            r->snap = g->snap;
            r->msgs = g->msg_count ? imp->store.tmc + g->msg_start : NULL;
            r->msg_count = g->msg_count;
            r->messages = g->rmsg_count ? imp->store.messages + g->rmsg_start : NULL;
            r->message_count = g->rmsg_count;
        }
        in.refunds = imp->refunds_in;
        in.refund_count = n;
        /* A trade message may serve several sub-orders: what this case
         * marks used is undone if it fails. */
        uint8_t saved[256];
        size_t keep = in.trade_msg_count < sizeof saved ? in.trade_msg_count : sizeof saved;
        for (size_t i = 0; i < keep; i++) saved[i] = in.trade_msgs[i].flags;
        bool ok = false;
        rf_status st = rf__map_case(imp->mapper, &in, imp->current, &ok);
        if (st != RF_OK) {
            imp->store.failed = true;
            return nomem(err);
        }
        if (!ok || rf_case_event_count(imp->current) == 0) {
            for (size_t i = 0; i < keep; i++) in.trade_msgs[i].flags = saved[i];
            for (size_t i = 0; i < in.refund_count; i++)
                for (size_t k = 0; k < in.refunds[i].msg_count; k++) in.refunds[i].msgs[k].flags &= (uint8_t)~RF__TMC_USED;
            continue;
        }
        /* Its one line of NDJSON. */
        char *text = NULL;
        size_t text_len = 0;
        st = rf_render_case(imp->ctx, imp->current, RF_FORMAT_NDJSON, &text, &text_len);
        if (st != RF_OK) return nomem(err);
        imp->out.len = 0;
        rf__buf_put(&imp->out, text, text_len);
        rf_string_free(imp->ctx, text);
        if (imp->out.failed) return nomem(err);
        imp->report.cases++;
        *c = imp->current;
        if (ndjson) *ndjson = rf__buf_cstr(&imp->out);
        if (len) *len = imp->out.len;
        return RF_OK;
    }
    if (!imp->done) {
        imp->done = true;
        count_messages(imp);
    }
    return RF_OK;
}

/* ---- the outcome and the report -------------------------------------------------------------- */

rf_status rf_import_outcome(const rf_importer *imp, rf_error *first) {
    if (!imp) return RF_E_USAGE;
    if (first && imp->report.first.code != RF_OK) *first = imp->report.first;
    if (imp->report.malformed) return RF_E_JSON;
    if (imp->report.count[0] || imp->report.dropped[0]) return RF_E_INVALID;
    return RF_OK;
}

rf_status rf_import_report(const rf_importer *imp, rf_format format, char **out, size_t *len) {
    if (out) *out = NULL;
    if (len) *len = 0;
    if (!imp || !out || (format != RF_FORMAT_JSON && format != RF_FORMAT_NDJSON && format != RF_FORMAT_TEXT))
        return RF_E_INVALID;
    rf__buf b;
    rf__buf_init(&b, &imp->alloc);
    if (format == RF_FORMAT_TEXT) {
        rf__report_lines(&imp->report, imp->opt.lang, &b);
    } else {
        rf__buf compact;
        rf__buf_init(&compact, &imp->alloc);
        rf__report_json(&imp->report, imp->opt.lang, format == RF_FORMAT_JSON ? &compact : &b);
        if (format == RF_FORMAT_JSON) rf__json_pretty_of(&b, &compact);
        rf__buf_free(&compact);
        rf__buf_putc(&b, '\n');
    }
    return rf__buf_give(&b, out, len);
}

size_t rf_import_summary(const rf_importer *imp, char *buf, size_t size) {
    if (!imp) return 0;
    return rf__report_summary(&imp->report, imp->opt.lang, buf, size);
}
