/*
 * Allocation failure through a whole run.
 *
 * An rf_allocator that fails exactly the k-th allocation (malloc or realloc)
 * drives the pipeline a program embedding the library runs: a context, a
 * policy and a calendar, a case, an event parsed and appended, the replay,
 * every renderer, and the splice behind `refund apply` (whose output is
 * loaded again). For k = 1, 2, ... until the pipeline needs fewer than k
 * allocations, each run must stop at the failure with a clean RF_E_NOMEM (a
 * NULL from rf_ctx_new), and after freeing what was made no block may be
 * left. The run that fails nothing must give the same bytes as a run on the
 * C allocator.
 *
 * The allocator also records where each allocation came from (the return
 * address of the call into it, past the rf__malloc/rf__realloc wrappers when
 * the compiler kept them as frames), and the test prints how many distinct
 * call sites the failures went through, so that what this test covers is
 * visible.
 *
 * The cases are every examples/NN-*.json file and the rich seed cases of
 * tests/fuzz/corpus/fuzz_replay/ (complaints, exchanges, interventions,
 * findings), read at run time from RF_SOURCE_DIR.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <dirent.h>
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR "."
#endif

/* ---- the counting, failing allocator ---------------------------------------------- */

#define MAX_SITES 1024

/* Each block carries its size in a header as large as max_align_t, so that
 * the pointer handed out keeps malloc's alignment. */
typedef union header {
    size_t size;
    max_align_t align;
} header;

typedef struct counting {
    size_t calls;         /* malloc and realloc calls so far */
    size_t fail_at;       /* the call (1-based) that fails; 0: none */
    bool failed;          /* that call happened */
    size_t live;          /* blocks handed out and not freed */
    size_t live_bytes;
    bool record;          /* note call sites */
} counting;

static void *sites[MAX_SITES];
static size_t site_count;
/* Return addresses inside the library's allocation wrappers, when the
 * compiler made them real frames (no tail call): skipped to reach the site. */
static void *wrappers[4];
static size_t wrapper_count;

static bool is_wrapper(void *pc) {
    for (size_t i = 0; i < wrapper_count; i++)
        if (wrappers[i] == pc) return true;
    return false;
}

/* The return address of the library call that reached the allocator:
 * frames[0] is in here, [1] in t_malloc/t_realloc (which call this
 * directly), [2] their caller, unless that is a wrapper's own frame. */
__attribute__((noinline)) static void *caller_site(void) {
    void *frames[6];
    int n = backtrace(frames, 6);
    int i = 2;
    while (i < n && is_wrapper(frames[i])) i++;
    return i < n ? frames[i] : NULL;
}

static void note_site(void *pc) {
    for (size_t i = 0; i < site_count; i++)
        if (sites[i] == pc) return;
    if (site_count < MAX_SITES) sites[site_count++] = pc;
}

static bool should_fail(counting *c, void *site) {
    c->calls++;
    if (site) note_site(site);
    if (c->calls == c->fail_at) {
        c->failed = true;
        return true;
    }
    return false;
}

__attribute__((noinline)) static void *t_malloc(void *ud, size_t size) {
    counting *c = ud;
    if (should_fail(c, c->record ? caller_site() : NULL)) return NULL;
    header *h = malloc(sizeof *h + size);
    if (!h) return NULL;
    h->size = size;
    c->live++;
    c->live_bytes += size;
    return h + 1;
}

__attribute__((noinline)) static void *t_realloc(void *ud, void *ptr, size_t claimed_old, size_t size) {
    counting *c = ud;
    header *old = ptr ? (header *)ptr - 1 : NULL;
    size_t old_size = old ? old->size : 0;
    /* The library says what it allocated: an arena or pool relies on it. */
    assert_int_equal(claimed_old, old_size);
    if (should_fail(c, c->record ? caller_site() : NULL)) return NULL; /* ptr stays valid, as with realloc */
    header *h = realloc(old, sizeof *h + size);
    if (!h) return NULL;
    h->size = size;
    if (!old) c->live++;
    c->live_bytes = c->live_bytes - old_size + size;
    return h + 1;
}

static void t_free(void *ud, void *ptr) {
    counting *c = ud;
    if (!ptr) return;
    header *h = (header *)ptr - 1;
    assert_true(c->live > 0);
    c->live--;
    c->live_bytes -= h->size;
    free(h);
}

static rf_allocator allocator_for(counting *c) {
    rf_allocator a = {t_malloc, t_realloc, t_free, c};
    return a;
}

/* Finds the wrappers' own return addresses: two calls of rf__malloc from
 * two places report the same frame only when it lies inside rf__malloc. */
__attribute__((noinline)) static void *site_of_malloc_call(counting *c, rf_allocator *a, int which) {
    void *seen = NULL;
    site_count = 0;
    c->record = true;
    void *p = which ? rf__malloc(a, 8) : rf__realloc(a, NULL, 0, 8);
    c->record = false;
    if (site_count) seen = sites[0];
    rf__free(a, p);
    site_count = 0;
    return seen;
}

__attribute__((noinline)) static void *site_of_malloc_call2(counting *c, rf_allocator *a, int which) {
    void *seen = NULL;
    site_count = 0;
    c->record = true;
    void *p = which ? rf__malloc(a, 16) : rf__realloc(a, NULL, 0, 16);
    c->record = false;
    if (site_count) seen = sites[0];
    rf__free(a, p);
    site_count = 0;
    return seen;
}

static void calibrate(void) {
    counting c = {0};
    rf_allocator a = allocator_for(&c);
    void *frames[4];
    (void)backtrace(frames, 4); /* the first call loads the unwinder: not inside a count */
    for (int which = 0; which < 2; which++) {
        void *x = site_of_malloc_call(&c, &a, which), *y = site_of_malloc_call2(&c, &a, which);
        if (x && x == y && wrapper_count < 4) wrappers[wrapper_count++] = x;
    }
    assert_int_equal(c.live, 0);
}

/* ---- the pipeline ------------------------------------------------------------------ */

static const char policy_json[] = "{\"invoice_tax_bp\": 1300, \"ship_hours\": 48}";

/* The 2024 official calendar (../shared/calendar), embedded so that the test
 * does not need the shared data. */
static const char calendar_json[] =
    "{\"holidays\":{\"2024-01-01\":\"元旦\",\"2024-02-10\":\"春节\",\"2024-02-11\":\"春节\","
    "\"2024-02-12\":\"春节\",\"2024-02-13\":\"春节\",\"2024-02-14\":\"春节\",\"2024-02-15\":\"春节\","
    "\"2024-02-16\":\"春节\",\"2024-02-17\":\"春节\",\"2024-04-04\":\"清明\",\"2024-04-05\":\"清明\","
    "\"2024-04-06\":\"清明\",\"2024-05-01\":\"劳动节\",\"2024-05-02\":\"劳动节\",\"2024-05-03\":\"劳动节\","
    "\"2024-05-04\":\"劳动节\",\"2024-05-05\":\"劳动节\",\"2024-06-10\":\"端午\",\"2024-09-15\":\"中秋\","
    "\"2024-09-16\":\"中秋\",\"2024-09-17\":\"中秋\",\"2024-10-01\":\"国庆节\",\"2024-10-02\":\"国庆节\","
    "\"2024-10-03\":\"国庆节\",\"2024-10-04\":\"国庆节\",\"2024-10-05\":\"国庆节\",\"2024-10-06\":\"国庆节\","
    "\"2024-10-07\":\"国庆节\"},\"workdays\":{\"2024-02-04\":\"春节\",\"2024-02-18\":\"春节\","
    "\"2024-04-07\":\"清明\",\"2024-04-28\":\"劳动节\",\"2024-05-11\":\"劳动节\",\"2024-09-14\":\"中秋\","
    "\"2024-09-29\":\"国庆节\",\"2024-10-12\":\"国庆节\"},\"timezone\":\"+08:00\"}";

/* What `refund apply` appends (its id is new to every case used). */
static const char event_json[] =
    "{\"id\": \"alloc-test-1\", \"at\": \"2024-12-01T10:00:00+08:00\", \"actor\": \"buyer\",\n"
    " \"type\": \"refund_cancelled\", \"note\": \"不退了\"}";

/* Everything the pipeline printed, to compare runs. */
typedef struct outputs {
    char *text[8];
    size_t len[8];
    size_t count;
} outputs;

static void outputs_free(outputs *o) {
    for (size_t i = 0; i < o->count; i++) free(o->text[i]);
    memset(o, 0, sizeof *o);
}

/* Keeps a copy of a rendered text (the original is freed with the ctx's allocator). */
static void keep(outputs *o, const char *text, size_t len) {
    assert_true(o->count < 8);
    o->text[o->count] = malloc(len + 1);
    assert_non_null(o->text[o->count]);
    memcpy(o->text[o->count], text, len + 1);
    o->len[o->count++] = len;
}

/* A failure must be a clean RF_E_NOMEM, reported in err when there is one. */
static void check_failure(const char *call, rf_status st, const rf_error *err) {
    if (st != RF_E_NOMEM)
        fail_msg("%s: %s (%s) where only RF_E_NOMEM may fail", call, rf_status_name(st),
                 err ? err->message : "");
    if (err && err->code != RF_E_NOMEM)
        fail_msg("%s: RF_E_NOMEM but err says %s", call, rf_status_name(err->code));
}

#define STEP(call, errp)                                                                \
    do {                                                                                \
        st = (call);                                                                    \
        if (st != RF_OK) {                                                              \
            check_failure(#call, st, errp);                                             \
            goto done;                                                                  \
        }                                                                               \
    } while (0)

#define NO_ERR ((const rf_error *)NULL)

/* Runs the whole pipeline with alloc (NULL: the C allocator); RF_OK when
 * every step succeeded. */
static rf_status pipeline(const rf_allocator *alloc, const char *text, size_t len, outputs *out) {
    rf_status st = RF_OK;
    rf_error err = {0};
    rf_case *c = NULL, *after = NULL;
    rf_verdict *v = NULL;
    char *s = NULL, *spliced = NULL;
    size_t n = 0, spliced_len = 0;
    rf_event ev = RF_EVENT_INIT;

    rf_ctx *ctx = rf_ctx_new(alloc);
    if (!ctx) return RF_E_NOMEM;
    STEP(rf_ctx_load_policy(ctx, policy_json, strlen(policy_json), "policy.json", &err), &err);
    STEP(rf_ctx_load_calendar(ctx, calendar_json, strlen(calendar_json), "calendar.json", &err), &err);
    STEP(rf_case_parse(ctx, text, len, "case.json", &c, &err), &err);
    STEP(rf_replay(ctx, c, NULL, &v, &err), &err);
    STEP(rf_render_verdict(ctx, v, RF_FORMAT_JSON, RF_LANG_EN, &s, &n), NO_ERR);
    keep(out, s, n);
    rf_string_free(ctx, s);
    STEP(rf_render_verdict(ctx, v, RF_FORMAT_TEXT, RF_LANG_ZH, &s, &n), NO_ERR);
    keep(out, s, n);
    rf_string_free(ctx, s);
    if (v->has_settlement) {
        STEP(rf_render_settlement(ctx, &v->settlement, RF_FORMAT_TEXT, RF_LANG_EN, &s, &n), NO_ERR);
        keep(out, s, n);
        rf_string_free(ctx, s);
    }
    STEP(rf_render_rules(ctx, RF_LANG_ZH, &s, &n), NO_ERR);
    keep(out, s, n);
    rf_string_free(ctx, s);
    STEP(rf_render_graph(ctx, RF_MACHINE_REFUND, "dot", &s, &n), NO_ERR);
    keep(out, s, n);
    rf_string_free(ctx, s);
    STEP(rf_render_graph(ctx, RF_MACHINE_EXCHANGE, "mermaid", &s, &n), NO_ERR);
    keep(out, s, n);
    rf_string_free(ctx, s);
    /* `refund apply`: parse the event against the case, append it, splice
     * its text into the file and load the result back. */
    STEP(rf_case_parse_event(c, event_json, strlen(event_json), "event.json", &ev, &err), &err);
    STEP(rf_case_append(c, &ev, &err), &err);
    STEP(rf_case_splice_event(ctx, text, len, event_json, strlen(event_json), &spliced, &spliced_len, &err),
         &err);
    keep(out, spliced, spliced_len);
    STEP(rf_case_parse(ctx, spliced, spliced_len, "case.json", &after, &err), &err);
    assert_int_equal(rf_case_event_count(after), rf_case_event_count(c));
done:
    rf_case_free(after);
    rf_string_free(ctx, spliced);
    rf_verdict_free(v);
    rf_case_free(c);
    rf_ctx_free(ctx);
    return st;
}

/* ---- driving it ----------------------------------------------------------------------- */

typedef struct totals {
    size_t files, points;
} totals;

static void fail_each_allocation(const char *path, totals *t) {
    size_t len = 0;
    char *text = test_read_file(path, &len);
    assert_non_null(text);

    /* The reference: the C allocator, nothing fails. */
    outputs want = {0};
    rf_status st = pipeline(NULL, text, len, &want);
    if (st != RF_OK) fail_msg("%s: the pipeline fails without any failing allocation: %s", path, rf_status_name(st));

    size_t k;
    for (k = 1;; k++) {
        counting c = {0};
        c.fail_at = k;
        c.record = true;
        rf_allocator a = allocator_for(&c);
        outputs got = {0};
        st = pipeline(&a, text, len, &got);
        if (c.live != 0)
            fail_msg("%s: failing allocation %zu left %zu blocks (%zu bytes) allocated", path, k, c.live,
                     c.live_bytes);
        if (!c.failed) {
            /* Fewer than k allocations: the whole run went through. */
            assert_int_equal(st, RF_OK);
            assert_int_equal(got.count, want.count);
            for (size_t i = 0; i < want.count; i++) {
                assert_int_equal(got.len[i], want.len[i]);
                assert_memory_equal(got.text[i], want.text[i], want.len[i]);
            }
            outputs_free(&got);
            break;
        }
        if (st == RF_OK)
            fail_msg("%s: allocation %zu of %zu failed, yet the pipeline reported success", path, k, c.calls);
        outputs_free(&got);
    }
    outputs_free(&want);
    free(text);
    t->files++;
    t->points += k - 1;
}

/* "NN-story.json" when prefix is NULL (the worked examples), else a name
 * starting with prefix; never a golden "*.expected.json". */
static bool is_case_file(const char *name, const char *prefix) {
    size_t n = strlen(name);
    if (prefix ? strncmp(name, prefix, strlen(prefix)) != 0
               : !(n > 3 && name[0] >= '0' && name[0] <= '9' && name[1] >= '0' && name[1] <= '9' && name[2] == '-'))
        return false;
    if (n < 5 || strcmp(name + n - 5, ".json") != 0) return false;
    return n < 14 || strcmp(name + n - 14, ".expected.json") != 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs fail_each_allocation over the case files of dir (see is_case_file),
 * in sorted order. */
static void run_dir(const char *dir, const char *prefix, totals *t) {
    DIR *d = opendir(dir);
    char *names[256];
    size_t count = 0;
    if (!d) return;
    for (struct dirent *e; (e = readdir(d)) && count < 256;) {
        if (!is_case_file(e->d_name, prefix)) continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        names[count] = malloc(n);
        assert_non_null(names[count]);
        snprintf(names[count], n, "%s/%s", dir, e->d_name);
        count++;
    }
    closedir(d);
    qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count; i++) {
        fail_each_allocation(names[i], t);
        free(names[i]);
    }
}

static void test_fail_every_allocation(void **state) {
    (void)state;
    totals t = {0};
    calibrate();
    site_count = 0;
    run_dir(RF_SOURCE_DIR "/examples", NULL, &t);
    run_dir(RF_SOURCE_DIR "/tests/fuzz/corpus/fuzz_replay", "rich-", &t);
    assert_true(t.files >= 4);
    printf("alloc: %zu allocation points failed in turn, %zu distinct call sites (%zu case files)\n",
           t.points, site_count, t.files);
    /* Every module that allocates was reached: JSON reader, calendar,
     * context, case loader, replay, renderer, splice. */
    assert_true(site_count >= 15);
}

/* rf_ctx_new is the one call that reports failure as NULL. */
static void test_ctx_new_fails_clean(void **state) {
    (void)state;
    counting c = {0};
    c.fail_at = 1;
    rf_allocator a = allocator_for(&c);
    assert_null(rf_ctx_new(&a));
    assert_true(c.failed);
    assert_int_equal(c.live, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ctx_new_fails_clean),
        cmocka_unit_test(test_fail_every_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
