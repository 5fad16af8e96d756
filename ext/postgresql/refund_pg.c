/*
 * refund: librefund inside PostgreSQL (docs/postgresql.md).
 *
 * The library allocates through hooks that are palloc, repalloc_huge and
 * pfree in a memory context, so an ERROR frees whatever it was given.
 * A call with an explicit policy or calendar judges in a context made for
 * the call (a child of the caller's), gone when the call ends. Every other
 * call judges with the backend's rf_auditors, which keep their case,
 * verdict and text from one call to the next (a judgement then allocates
 * nothing): they live in the context of the settings, in TopMemoryContext,
 * and the library never raises an ERROR, so they are whole between calls.
 * The aggregate's summaries live in the aggregate's own context.
 *
 * The settings refund.policy and refund.calendar are checked when set (a
 * GUC check hook loads them into a scratch context) and compiled once into
 * a cached rf_ctx, rebuilt with its auditors when their text changes. An
 * explicit policy or calendar argument wins over the setting of the same
 * name.
 *
 * jsonb crosses the boundary as text, by jsonb_text.c, faster than
 * PostgreSQL's general functions: a case is printed compact (and again as
 * doc::text prints it to place a mistake), a verdict read as jsonb_in reads
 * it. The memory both keep is bounded too. refund_summary(refund_replay(h))
 * counts the verdict behind the jsonb it is handed when that is the one
 * refund_replay has just made (the memo below), instead of reading it back.
 *
 * Money crosses the boundary as text, never as a float: a numeric is
 * written with numeric_out and read with rf_money_parse; fen are written
 * with rf_money_format and read with numeric_in.
 */
#include "postgres.h"

#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include <string.h>

#include "jsonb_text.h"
#include "refund.h"

PG_MODULE_MAGIC;

/* ---- allocator ------------------------------------------------------------ */

/* Two sets of hooks. The fixed set's ud is the MemoryContext itself: for
 * summaries, which live across calls in the aggregate's context. The
 * current set's ud points at call_mcxt, the context of the call under way:
 * for the cached settings context, whose cases and verdicts must go to the
 * call that makes them. Every entry point sets call_mcxt before the
 * library allocates anything. Backends are single-threaded, so a static is
 * enough. */
static MemoryContext call_mcxt;

static void *alloc_in(MemoryContext m, size_t size) {
    /* NO_OOM: the library sees NULL and reports RF_E_NOMEM itself. */
    return MemoryContextAllocExtended(m, size, MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void *fixed_malloc(void *ud, size_t size) { return alloc_in((MemoryContext)ud, size); }
static void *current_malloc(void *ud, size_t size) { return alloc_in(*(MemoryContext *)ud, size); }

/* repalloc keeps each chunk in its own context and needs no old size (the
 * hook is given it for allocators that keep no sizes). */
static void *fixed_realloc(void *ud, void *ptr, size_t old_size, size_t new_size) {
    (void)old_size;
    return ptr ? repalloc_huge(ptr, new_size) : fixed_malloc(ud, new_size);
}
static void *current_realloc(void *ud, void *ptr, size_t old_size, size_t new_size) {
    (void)old_size;
    return ptr ? repalloc_huge(ptr, new_size) : current_malloc(ud, new_size);
}
static void any_free(void *ud, void *ptr) {
    (void)ud;
    if (ptr) pfree(ptr);
}

static const rf_allocator current_alloc = {current_malloc, current_realloc, any_free, &call_mcxt};

/* A context allocating in m, to free with rf_ctx_free or with m. */
static rf_ctx *ctx_in(MemoryContext m) {
    rf_allocator a = {fixed_malloc, fixed_realloc, any_free, m};
    rf_ctx *ctx = rf_ctx_new(&a);
    if (!ctx) ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("refund: out of memory")));
    return ctx;
}

/* ---- errors ---------------------------------------------------------------- */

static int sqlstate_of(rf_status st) {
    switch (st) {
    case RF_E_JSON: return ERRCODE_INVALID_TEXT_REPRESENTATION;   /* 22P02 */
    case RF_E_LIMIT: return ERRCODE_PROGRAM_LIMIT_EXCEEDED;       /* 54000 */
    case RF_E_NOMEM: return ERRCODE_OUT_OF_MEMORY;                /* 53200 */
    case RF_E_RANGE: return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;   /* 22003 */
    case RF_E_CALENDAR: return ERRCODE_DATETIME_VALUE_OUT_OF_RANGE; /* 22008 */
    case RF_OK:
    case RF_E_IO:
    case RF_E_INVALID:
    case RF_E_REFUSED:
    case RF_E_USAGE: break;
    }
    return ERRCODE_INVALID_PARAMETER_VALUE;                       /* 22023 */
}

/* The library's message with its field and position, as the command line
 * words it: "order.id: is required (line 1, column 10)". */
static void describe(rf_status st, const rf_error *err, StringInfo out) {
    const char *msg = err && err->message[0] ? err->message : rf_status_message(st);
    if (err && err->field[0] && !strstr(msg, err->field)) appendStringInfo(out, "%s: ", err->field);
    appendStringInfoString(out, msg);
    if (err && err->line) appendStringInfo(out, " (line %u, column %u)", err->line, err->column);
}

static void report(rf_status st, const rf_error *err, const char *what) pg_attribute_noreturn();
static void report(rf_status st, const rf_error *err, const char *what) {
    StringInfoData s;
    initStringInfo(&s);
    describe(st, err, &s);
    ereport(ERROR, (errcode(sqlstate_of(st)), errmsg("%s: %s", what, s.data),
                    errdetail("librefund status %s: %s.", rf_status_name(st), rf_status_message(st))));
}

/* ---- settings -------------------------------------------------------------- */

static char *policy_setting;
static char *calendar_setting;

/* Loads text into a scratch context: NULL when it is valid, else why not
 * (palloc'd in the caller's context). */
static char *setting_problem(const char *text, bool calendar) {
    MemoryContext m = AllocSetContextCreate(CurrentMemoryContext, "refund setting check", ALLOCSET_SMALL_SIZES);
    rf_allocator a = {fixed_malloc, fixed_realloc, any_free, m};
    rf_ctx *ctx = rf_ctx_new(&a);
    rf_error err = {0};
    rf_status st = !ctx ? RF_E_NOMEM
                   : calendar ? rf_ctx_load_calendar(ctx, text, strlen(text), NULL, &err)
                              : rf_ctx_load_policy(ctx, text, strlen(text), NULL, &err);
    char *problem = NULL;
    if (st != RF_OK) {
        StringInfoData s;
        initStringInfo(&s); /* in the caller's context, not in m */
        describe(st, &err, &s);
        problem = s.data;
    }
    MemoryContextDelete(m);
    return problem;
}

static bool check_setting(char **newval, bool calendar) {
    if (!*newval || !**newval) return true;
    char *problem = setting_problem(*newval, calendar);
    if (!problem) return true;
    GUC_check_errdetail("%s", problem);
    return false;
}
static bool check_policy(char **newval, void **extra, GucSource source) {
    (void)extra;
    (void)source;
    return check_setting(newval, false);
}
static bool check_calendar(char **newval, void **extra, GucSource source) {
    (void)extra;
    (void)source;
    return check_setting(newval, true);
}

/* The context of the settings, rebuilt when their text changed, with the
 * backend's auditors (below), which judge with it. */
static MemoryContext settings_mcxt;
static rf_ctx *settings_ctx;
static char *settings_policy, *settings_calendar;
static void auditors_forget(void);

static void load_into(rf_ctx *ctx, const char *text, size_t len, bool calendar, const char *what) {
    rf_error err = {0};
    rf_status st = calendar ? rf_ctx_load_calendar(ctx, text, len, NULL, &err)
                            : rf_ctx_load_policy(ctx, text, len, NULL, &err);
    if (st != RF_OK) report(st, &err, what);
}

static const rf_ctx *settings_get(void) {
    const char *p = policy_setting ? policy_setting : "";
    const char *c = calendar_setting ? calendar_setting : "";
    if (settings_ctx && !strcmp(p, settings_policy) && !strcmp(c, settings_calendar)) return settings_ctx;
    if (!settings_mcxt)
        settings_mcxt = AllocSetContextCreate(TopMemoryContext, "refund settings", ALLOCSET_SMALL_SIZES);
    auditors_forget();
    MemoryContextReset(settings_mcxt);
    settings_ctx = NULL;
    MemoryContext call = call_mcxt;
    call_mcxt = settings_mcxt;
    rf_ctx *ctx = rf_ctx_new(&current_alloc);
    if (!ctx) ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("refund: out of memory")));
    if (*p) load_into(ctx, p, strlen(p), false, "refund.policy");
    if (*c) load_into(ctx, c, strlen(c), true, "refund.calendar");
    settings_policy = MemoryContextStrdup(settings_mcxt, p);
    settings_calendar = MemoryContextStrdup(settings_mcxt, c);
    call_mcxt = call;
    settings_ctx = ctx;
    return ctx;
}

void _PG_init(void);
void _PG_init(void) {
    DefineCustomStringVariable("refund.policy", "Policy values the refund functions judge with (JSON).",
                               "A JSON object such as {\"invoice_tax_bp\": 1300}, as `refund --policy` reads; "
                               "empty: the built-in policy. A policy argument wins over it.",
                               &policy_setting, "", PGC_USERSET, 0, check_policy, NULL, NULL);
    DefineCustomStringVariable("refund.calendar", "Working-day calendar the refund functions judge with (JSON).",
                               "{\"holidays\": {...}, \"workdays\": {...}}, as `refund --calendar` reads; "
                               "empty: the built-in calendar. A calendar argument wins over it.",
                               &calendar_setting, "", PGC_USERSET, 0, check_calendar, NULL, NULL);
    MarkGUCPrefixReserved("refund");
}

/* ---- calls ------------------------------------------------------------------ */

/* What a backend keeps between calls, besides the settings: the buffer a
 * jsonb document is printed into, and the memo's copy of a verdict. */
static MemoryContext keep_mcxt;
static StringInfoData doc_buf;

/* Past this, a buffer or an auditor is freed after the call rather than
 * kept for the next: one huge case does not hold its memory for good. */
#define RF_PG_KEEP_BYTES (1024 * 1024)

static void keep_init(void) {
    if (keep_mcxt) return;
    keep_mcxt = AllocSetContextCreate(TopMemoryContext, "refund backend", ALLOCSET_DEFAULT_SIZES);
    MemoryContext old = MemoryContextSwitchTo(keep_mcxt);
    initStringInfo(&doc_buf);
    MemoryContextSwitchTo(old);
}

/* The text of jb in the backend's buffer (valid until the next call of
 * doc_text): spaced as doc::text has it, or compact. */
static StringInfo doc_text(const Jsonb *jb, bool spaced) {
    keep_init();
    if (doc_buf.maxlen > RF_PG_KEEP_BYTES) {
        pfree(doc_buf.data);
        MemoryContext old = MemoryContextSwitchTo(keep_mcxt);
        initStringInfo(&doc_buf);
        MemoryContextSwitchTo(old);
    }
    resetStringInfo(&doc_buf);
    rf_pg_jsonb_text(&doc_buf, jb, spaced);
    return &doc_buf;
}

/* A rendered JSON text as a jsonb in the caller's context. */
static Datum jsonb_of(const char *json, size_t len) { return rf_pg_jsonb_in(json, len); }

/* The memo: the verdict behind the last jsonb that refund_replay or
 * refund_check returned, with a copy of that jsonb. refund_summary handed
 * the same bytes counts the verdict itself (rf_summary_add_verdict counts
 * exactly what rf_summary_add_verdict_json reads back from its text). The
 * verdict is a backend auditor's, valid until its next judgement: each
 * judgement and each freed auditor forgets the memo first. */
static struct {
    const rf_verdict *v;
    char *jsonb;
    Size len, cap;
} memo;

static void memo_keep(const rf_verdict *v, Datum jsonb) {
    Size len = VARSIZE(DatumGetPointer(jsonb));
    if (!v || len > RF_PG_KEEP_BYTES) return;
    if (len > memo.cap) {
        keep_init();
        if (memo.jsonb) pfree(memo.jsonb);
        memo.jsonb = MemoryContextAlloc(keep_mcxt, len);
        memo.cap = len;
    }
    memcpy(memo.jsonb, DatumGetPointer(jsonb), len);
    memo.len = len;
    memo.v = v;
}

static const rf_verdict *memo_of(const Jsonb *jb) {
    if (!memo.v || VARSIZE(jb) != memo.len || memcmp(jb, memo.jsonb, memo.len) != 0) return NULL;
    return memo.v;
}

/* The backend's auditors, judging with the settings' context: one as of
 * each case's last event, one as of check_now (refund_check's `now` of the
 * last call: a query asks with one `now`). */
static rf_auditor *replay_auditor, *check_auditor;
static rf_time check_now;

static void auditors_forget(void) {
    memo.v = NULL;
    rf_auditor_free(replay_auditor);
    rf_auditor_free(check_auditor);
    replay_auditor = check_auditor = NULL;
}

static rf_auditor *auditor_new(const rf_ctx *ctx, bool has_now, rf_time now) {
    rf_replay_options opts = RF_REPLAY_OPTIONS_INIT;
    opts.has_now = has_now;
    opts.now = now;
    rf_auditor *a = rf_auditor_new(ctx, &opts, RF_FORMAT_NDJSON, RF_LANG_EN);
    if (!a) ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("refund: out of memory")));
    return a;
}

static bool explicit_args(FunctionCallInfo fcinfo, int opt, bool *has_p, bool *has_c) {
    *has_p = opt >= 0 && PG_NARGS() > opt && !PG_ARGISNULL(opt);
    *has_c = opt >= 0 && PG_NARGS() > opt + 1 && !PG_ARGISNULL(opt + 1);
    return *has_p || *has_c;
}

/* Starts a call in a memory context of its own (*mcxt), and gives the
 * rf_ctx to judge with. The arguments opt and opt + 1 (when the function
 * has them) are an explicit policy and calendar (jsonb, NULL: the
 * setting). */
static const rf_ctx *call_begin(FunctionCallInfo fcinfo, int opt, MemoryContext *mcxt) {
    *mcxt = AllocSetContextCreate(CurrentMemoryContext, "refund call", ALLOCSET_DEFAULT_SIZES);
    bool has_p, has_c;
    if (!explicit_args(fcinfo, opt, &has_p, &has_c)) {
        const rf_ctx *ctx = settings_get();
        call_mcxt = *mcxt;
        return ctx;
    }
    call_mcxt = *mcxt;
    rf_ctx *ctx = rf_ctx_new(&current_alloc);
    if (!ctx) ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("refund: out of memory")));
    if (has_p) {
        StringInfo text = doc_text(PG_GETARG_JSONB_P(opt), true);
        load_into(ctx, text->data, (size_t)text->len, false, "invalid policy");
    } else if (policy_setting && *policy_setting) {
        load_into(ctx, policy_setting, strlen(policy_setting), false, "refund.policy");
    }
    if (has_c) {
        StringInfo text = doc_text(PG_GETARG_JSONB_P(opt + 1), true);
        load_into(ctx, text->data, (size_t)text->len, true, "invalid calendar");
    } else if (calendar_setting && *calendar_setting) {
        load_into(ctx, calendar_setting, strlen(calendar_setting), true, "refund.calendar");
    }
    return ctx;
}

/* A huge case was judged: the backend's auditors are freed when the call
 * ends, rather than kept at its size. */
static bool auditors_trim;

static void call_end(MemoryContext mcxt) {
    if (mcxt) MemoryContextDelete(mcxt);
    call_mcxt = NULL;
    if (auditors_trim) {
        auditors_trim = false;
        auditors_forget();
    }
}

/* The auditor to judge with (as of now when has_now): the backend's, with
 * *mcxt NULL, or with an explicit policy or calendar one of the call's
 * own, in the call's context *mcxt. */
static rf_auditor *call_auditor(FunctionCallInfo fcinfo, int opt, bool has_now, rf_time now, MemoryContext *mcxt) {
    bool has_p, has_c;
    if (explicit_args(fcinfo, opt, &has_p, &has_c)) return auditor_new(call_begin(fcinfo, opt, mcxt), has_now, now);
    *mcxt = NULL;
    const rf_ctx *ctx = settings_get();
    call_mcxt = settings_mcxt;
    if (has_now && check_auditor && check_now != now) {
        memo.v = NULL;
        rf_auditor_free(check_auditor);
        check_auditor = NULL;
    }
    rf_auditor **a = has_now ? &check_auditor : &replay_auditor;
    if (!*a) {
        *a = auditor_new(ctx, has_now, now);
        check_now = now;
    }
    return *a;
}

/* The text of jb for the library to read: compact, which the library
 * reads faster, and *again true: a mistake found in it is to be read again
 * from the spaced text, doc::text, so that its line and column are those
 * the user sees. The two are read alike but for positions and the
 * library's size limit (16 MiB), which a compact text of at most
 * RF_PG_KEEP_BYTES / 2 cannot reach in either form (the spaced one is at
 * most twice as long): a longer one is spaced from the start. */
static StringInfo doc_for_library(const Jsonb *jb, bool *again) {
    StringInfo s = doc_text(jb, false);
    *again = s->len <= RF_PG_KEEP_BYTES / 2;
    return *again ? s : doc_text(jb, true);
}

/* Judges the case of argument 0 with a: RF_OK and the rendered verdict, or
 * the library's status and err. */
static rf_status judge_with(rf_auditor *a, FunctionCallInfo fcinfo, bool is_text, const char **verdict,
                            size_t *verdict_len, rf_error *err) {
    memo.v = NULL;
    if (is_text) {
        text *t = PG_GETARG_TEXT_PP(0);
        if (VARSIZE_ANY_EXHDR(t) > RF_PG_KEEP_BYTES) auditors_trim = true;
        return rf_auditor_judge(a, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), verdict, verdict_len, err);
    }
    Jsonb *jb = PG_GETARG_JSONB_P(0);
    bool again;
    StringInfo json = doc_for_library(jb, &again);
    if (!again) auditors_trim = true;
    rf_status st = rf_auditor_judge(a, json->data, (size_t)json->len, verdict, verdict_len, err);
    if (st == RF_OK || !again) return st;
    *err = (rf_error){0};
    json = doc_text(jb, true);
    return rf_auditor_judge(a, json->data, (size_t)json->len, verdict, verdict_len, err);
}

/* Judges the case of argument 0, or raises the library's error. */
static void judge(rf_auditor *a, FunctionCallInfo fcinfo, bool is_text, const char **verdict, size_t *verdict_len) {
    rf_error err = {0};
    rf_status st = judge_with(a, fcinfo, is_text, verdict, verdict_len, &err);
    if (st != RF_OK) report(st, &err, st == RF_E_JSON ? "malformed case" : st == RF_E_LIMIT ? "case beyond a limit" : "invalid case");
}

/* ---- time and money -------------------------------------------------------- */

#define RF_PG_EPOCH_S INT64_C(946684800) /* 2000-01-01T00:00:00Z in Unix seconds */

static TimestampTz tstz_of(rf_time t) { return (t - RF_PG_EPOCH_S) * USECS_PER_SEC; }

/* Whole seconds, rounded down: time is exact to the second. */
static rf_time time_of(TimestampTz ts) {
    if (TIMESTAMP_NOT_FINITE(ts))
        ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("refund: now must be a finite time")));
    int64 s = ts / USECS_PER_SEC;
    if (ts % USECS_PER_SEC < 0) s--;
    return s + RF_PG_EPOCH_S;
}

static Datum numeric_of(rf_fen fen) {
    char buf[24];
    rf_money_format(fen, buf);
    return DirectFunctionCall3(numeric_in, CStringGetDatum(buf), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/* A numeric as fen, through its text: "88.5" and "88.500" are 8850 fen,
 * "88.505" is refused (not rounded), as are negative amounts and NaN. */
static rf_fen fen_of(Datum d, const char *name) {
    char *s = DatumGetCString(DirectFunctionCall1(numeric_out, d));
    size_t n = strlen(s);
    char *dot = strchr(s, '.');
    if (dot) {
        while (n > (size_t)(dot - s) + 3 && s[n - 1] == '0') s[--n] = '\0';
        if (n == (size_t)(dot - s) + 1) s[--n] = '\0';
    }
    rf_fen fen = 0;
    rf_status st = rf_money_parse(s, n, &fen);
    if (st != RF_OK)
        ereport(ERROR, (errcode(sqlstate_of(st)),
                        errmsg("refund: %s: %s is not an amount of yuan: 0 to 99999999999.99, at most two decimals",
                               name, s)));
    return fen;
}

/* ---- refund_replay, refund_check ------------------------------------------- */

static Datum replay(FunctionCallInfo fcinfo, bool is_text, bool check) {
    if (PG_ARGISNULL(0) || (check && PG_ARGISNULL(1))) PG_RETURN_NULL();
    rf_time now = check ? time_of(PG_GETARG_TIMESTAMPTZ(1)) : 0;
    MemoryContext m;
    rf_auditor *a = call_auditor(fcinfo, check ? 2 : 1, check, now, &m);
    const char *verdict;
    size_t len;
    judge(a, fcinfo, is_text, &verdict, &len);
    Datum out = jsonb_of(verdict, len);
    if (!m) memo_keep(rf_auditor_verdict(a), out); /* a call's own auditor ends with the call */
    call_end(m);
    PG_RETURN_DATUM(out);
}

PG_FUNCTION_INFO_V1(refund_replay_jsonb);
Datum refund_replay_jsonb(PG_FUNCTION_ARGS);
Datum refund_replay_jsonb(PG_FUNCTION_ARGS) { return replay(fcinfo, false, false); }
PG_FUNCTION_INFO_V1(refund_replay_text);
Datum refund_replay_text(PG_FUNCTION_ARGS);
Datum refund_replay_text(PG_FUNCTION_ARGS) { return replay(fcinfo, true, false); }
PG_FUNCTION_INFO_V1(refund_check_jsonb);
Datum refund_check_jsonb(PG_FUNCTION_ARGS);
Datum refund_check_jsonb(PG_FUNCTION_ARGS) { return replay(fcinfo, false, true); }
PG_FUNCTION_INFO_V1(refund_check_text);
Datum refund_check_text(PG_FUNCTION_ARGS);
Datum refund_check_text(PG_FUNCTION_ARGS) { return replay(fcinfo, true, true); }

/* ---- refund_findings -------------------------------------------------------- */

static Datum findings(FunctionCallInfo fcinfo, bool is_text) {
    InitMaterializedSRF(fcinfo, 0);
    if (PG_ARGISNULL(0)) return (Datum)0; /* no rows */
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    MemoryContext m;
    rf_auditor *a = call_auditor(fcinfo, 1, false, 0, &m);
    const char *verdict;
    size_t len;
    judge(a, fcinfo, is_text, &verdict, &len);
    const rf_verdict *v = rf_auditor_verdict(a);
    for (size_t i = 0; i < v->finding_count; i++) {
        const rf_finding *f = &v->findings[i];
        Datum values[10];
        bool nulls[10] = {false};
        values[0] = CStringGetTextDatum(rf_finding_name(f->code));
        if (f->event_id) values[1] = CStringGetTextDatum(f->event_id);
        else nulls[1] = true;
        values[2] = TimestampTzGetDatum(tstz_of(f->at));
        values[3] = CStringGetTextDatum(rf_enum_name(RF_ENUM_ACTOR, (int)f->actor));
        values[4] = CStringGetTextDatum(rf_enum_name(RF_ENUM_EVENT, (int)f->type));
        if (f->has_money) {
            values[5] = numeric_of(f->expected);
            values[6] = numeric_of(f->actual);
            values[7] = numeric_of(f->actual - f->expected);
        } else {
            nulls[5] = nulls[6] = nulls[7] = true;
        }
        if (f->has_due) values[8] = TimestampTzGetDatum(tstz_of(f->due));
        else nulls[8] = true;
        if (f->seed) values[9] = CStringGetTextDatum(f->seed);
        else nulls[9] = true;
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    }
    call_end(m);
    return (Datum)0;
}

PG_FUNCTION_INFO_V1(refund_findings_jsonb);
Datum refund_findings_jsonb(PG_FUNCTION_ARGS);
Datum refund_findings_jsonb(PG_FUNCTION_ARGS) { return findings(fcinfo, false); }
PG_FUNCTION_INFO_V1(refund_findings_text);
Datum refund_findings_text(PG_FUNCTION_ARGS);
Datum refund_findings_text(PG_FUNCTION_ARGS) { return findings(fcinfo, true); }

/* ---- refund_validate -------------------------------------------------------- */

/* NULL when the case is valid (it parses and replays, as `refund validate`
 * checks it), else the library's message with field and position. */
static Datum validate(FunctionCallInfo fcinfo, bool is_text) {
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    MemoryContext m;
    rf_auditor *a = call_auditor(fcinfo, 1, false, 0, &m);
    const char *verdict;
    size_t len;
    rf_error err = {0};
    rf_status st = judge_with(a, fcinfo, is_text, &verdict, &len, &err);
    text *out = NULL;
    if (st != RF_OK) {
        StringInfoData s;
        initStringInfo(&s);
        describe(st, &err, &s);
        out = cstring_to_text(s.data);
    }
    call_end(m);
    if (!out) PG_RETURN_NULL();
    PG_RETURN_TEXT_P(out);
}

PG_FUNCTION_INFO_V1(refund_validate_jsonb);
Datum refund_validate_jsonb(PG_FUNCTION_ARGS);
Datum refund_validate_jsonb(PG_FUNCTION_ARGS) { return validate(fcinfo, false); }
PG_FUNCTION_INFO_V1(refund_validate_text);
Datum refund_validate_text(PG_FUNCTION_ARGS);
Datum refund_validate_text(PG_FUNCTION_ARGS) { return validate(fcinfo, true); }

/* ---- refund_quote ------------------------------------------------------------ */

static int enum_arg(FunctionCallInfo fcinfo, int i, rf_enum_id which, const char *name, int dflt) {
    if (PG_ARGISNULL(i)) return dflt;
    text *t = PG_GETARG_TEXT_PP(i);
    int v = rf_enum_lookup(which, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
    if (v < 0) {
        StringInfoData s;
        initStringInfo(&s);
        for (int k = 0; rf_enum_name(which, k); k++) appendStringInfo(&s, "%s%s", k ? ", " : "", rf_enum_name(which, k));
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("refund: %s: unknown value '%s'; one of %s", name, text_to_cstring(t), s.data)));
    }
    return v;
}

static bool bool_arg(FunctionCallInfo fcinfo, int i) { return !PG_ARGISNULL(i) && PG_GETARG_BOOL(i); }

/* refund_quote(channel, reason, kind, amount, item, shipping_fee,
 * free_shipping, seller_shipping_cost, return_postage, insurance,
 * after_success, resellable, invoice_kept, order_note_made, policy): what
 * `refund quote` settles. NULL channel, reason or kind: NULL; another NULL
 * argument: its default. */
PG_FUNCTION_INFO_V1(refund_quote);
Datum refund_quote(PG_FUNCTION_ARGS);
Datum refund_quote(PG_FUNCTION_ARGS) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2)) PG_RETURN_NULL();
    rf_order order = RF_ORDER_INIT;
    rf_settle_request req = RF_SETTLE_REQUEST_INIT;
    order.id = "quote";
    order.channel = (rf_channel)enum_arg(fcinfo, 0, RF_ENUM_CHANNEL, "channel", 0);
    req.reason = (rf_reason)enum_arg(fcinfo, 1, RF_ENUM_REASON, "reason", 0);
    req.kind = (rf_kind)enum_arg(fcinfo, 2, RF_ENUM_KIND, "kind", 0);
    req.has_amount = !PG_ARGISNULL(3);
    if (req.has_amount) req.amount = fen_of(PG_GETARG_DATUM(3), "amount");
    if (!PG_ARGISNULL(4)) order.item_amount = fen_of(PG_GETARG_DATUM(4), "item");
    else if (req.has_amount) order.item_amount = req.amount;
    else
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("refund: amount or item is required: the refund asked, or what the buyer paid for the goods")));
    if (!PG_ARGISNULL(5)) order.shipping_fee = fen_of(PG_GETARG_DATUM(5), "shipping_fee");
    order.free_shipping = bool_arg(fcinfo, 6);
    if (!PG_ARGISNULL(7)) order.seller_shipping_cost = fen_of(PG_GETARG_DATUM(7), "seller_shipping_cost");
    if (!PG_ARGISNULL(8)) req.return_postage = fen_of(PG_GETARG_DATUM(8), "return_postage");
    order.insurance = (rf_insurance)enum_arg(fcinfo, 9, RF_ENUM_INSURANCE, "insurance", RF_INSURANCE_NONE);
    req.after_success = bool_arg(fcinfo, 10);
    req.goods = PG_ARGISNULL(11) || PG_GETARG_BOOL(11) ? RF_GOODS_RESELLABLE : RF_GOODS_NOT_RESELLABLE;
    if (bool_arg(fcinfo, 12)) {
        order.invoice_issued = true;
        req.invoice_returned = false;
    }
    req.order_note_made = bool_arg(fcinfo, 13);
    MemoryContext m;
    const rf_ctx *ctx = call_begin(fcinfo, 14, &m);
    rf_settlement s = RF_SETTLEMENT_INIT;
    rf_error err = {0};
    rf_status st = rf_settle(ctx, &order, &req, &s, &err);
    if (st != RF_OK) report(st, &err, "refund_quote");
    char *text = NULL;
    size_t len = 0;
    st = rf_render_settlement(ctx, &s, RF_FORMAT_NDJSON, RF_LANG_EN, &text, &len);
    if (st != RF_OK) report(st, NULL, "refund_quote");
    Datum out = jsonb_of(text, len);
    call_end(m);
    PG_RETURN_DATUM(out);
}

/* ---- refund_summary ---------------------------------------------------------- */

/* The state is an rf_summary allocated in the aggregate's context. */
static MemoryContext agg_context(FunctionCallInfo fcinfo) {
    MemoryContext agg;
    if (!AggCheckCallContext(fcinfo, &agg)) elog(ERROR, "refund_summary called outside an aggregate");
    return agg;
}

static rf_summary *summary_in(MemoryContext m) {
    rf_ctx *ctx = ctx_in(m);
    rf_summary *s = rf_summary_new(ctx);
    rf_ctx_free(ctx);
    if (!s) ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("refund: out of memory")));
    return s;
}

PG_FUNCTION_INFO_V1(refund_summary_add);
Datum refund_summary_add(PG_FUNCTION_ARGS);
Datum refund_summary_add(PG_FUNCTION_ARGS) {
    MemoryContext agg = agg_context(fcinfo);
    rf_summary *s = PG_ARGISNULL(0) ? summary_in(agg) : (rf_summary *)PG_GETARG_POINTER(0);
    if (!PG_ARGISNULL(1)) {
        Jsonb *jb = PG_GETARG_JSONB_P(1);
        const rf_verdict *v = memo_of(jb);
        rf_error err = {0};
        rf_status st;
        if (v) {
            st = rf_summary_add_verdict(s, v, &err);
        } else {
            /* The summary is unchanged on error: it can read again. */
            bool again;
            StringInfo json = doc_for_library(jb, &again);
            st = rf_summary_add_verdict_json(s, json->data, (size_t)json->len, NULL, &err);
            if (st != RF_OK && again) {
                err = (rf_error){0};
                json = doc_text(jb, true);
                st = rf_summary_add_verdict_json(s, json->data, (size_t)json->len, NULL, &err);
            }
        }
        if (st != RF_OK) report(st, &err, "refund_summary");
    }
    PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(refund_summary_combine);
Datum refund_summary_combine(PG_FUNCTION_ARGS);
Datum refund_summary_combine(PG_FUNCTION_ARGS) {
    MemoryContext agg = agg_context(fcinfo);
    rf_summary *into = PG_ARGISNULL(0) ? NULL : (rf_summary *)PG_GETARG_POINTER(0);
    rf_summary *from = PG_ARGISNULL(1) ? NULL : (rf_summary *)PG_GETARG_POINTER(1);
    if (!from) {
        if (!into) PG_RETURN_NULL();
        PG_RETURN_POINTER(into);
    }
    if (!into) into = summary_in(agg);
    rf_error err = {0};
    rf_status st = rf_summary_merge(into, from, &err);
    if (st != RF_OK) report(st, &err, "refund_summary");
    PG_RETURN_POINTER(into);
}

/* The state as text on the wire between workers: the summary's NDJSON,
 * which rf_summary_parse reads back exactly. */
PG_FUNCTION_INFO_V1(refund_summary_serialize);
Datum refund_summary_serialize(PG_FUNCTION_ARGS);
Datum refund_summary_serialize(PG_FUNCTION_ARGS) {
    (void)agg_context(fcinfo);
    rf_summary *s = (rf_summary *)PG_GETARG_POINTER(0);
    rf_ctx *ctx = ctx_in(CurrentMemoryContext);
    char *text = NULL;
    size_t len = 0;
    rf_status st = rf_render_summary(ctx, s, RF_FORMAT_NDJSON, RF_LANG_EN, &text, &len);
    if (st != RF_OK) report(st, NULL, "refund_summary");
    bytea *out = (bytea *)palloc(VARHDRSZ + len);
    SET_VARSIZE(out, VARHDRSZ + len);
    memcpy(VARDATA(out), text, len);
    rf_string_free(ctx, text);
    rf_ctx_free(ctx);
    PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(refund_summary_deserialize);
Datum refund_summary_deserialize(PG_FUNCTION_ARGS);
Datum refund_summary_deserialize(PG_FUNCTION_ARGS) {
    MemoryContext agg = agg_context(fcinfo);
    bytea *in = PG_GETARG_BYTEA_PP(0);
    rf_ctx *ctx = ctx_in(agg);
    rf_summary *s = NULL;
    rf_error err = {0};
    rf_status st = rf_summary_parse(ctx, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), NULL, &s, &err);
    rf_ctx_free(ctx);
    if (st != RF_OK) report(st, &err, "refund_summary: bad partial state");
    PG_RETURN_POINTER(s);
}

/* The refund-summary/1 document; no rows at all: the empty summary, as
 * `refund summary` of an empty input. */
PG_FUNCTION_INFO_V1(refund_summary_final);
Datum refund_summary_final(PG_FUNCTION_ARGS);
Datum refund_summary_final(PG_FUNCTION_ARGS) {
    rf_ctx *ctx = ctx_in(CurrentMemoryContext);
    rf_summary *s = PG_ARGISNULL(0) ? NULL : (rf_summary *)PG_GETARG_POINTER(0);
    if (!s) s = rf_summary_new(ctx);
    if (!s) ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("refund: out of memory")));
    char *text = NULL;
    size_t len = 0;
    rf_status st = rf_render_summary(ctx, s, RF_FORMAT_NDJSON, RF_LANG_EN, &text, &len);
    if (st != RF_OK) report(st, NULL, "refund_summary");
    Datum out = jsonb_of(text, len);
    rf_string_free(ctx, text);
    rf_ctx_free(ctx);
    PG_RETURN_DATUM(out);
}
