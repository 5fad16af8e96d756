/*
 * The subcommands. Each reads its files, calls the library and prints what
 * the library rendered; none decides a rule.
 */
#define _GNU_SOURCE /* mkstemp, fsync, getline are POSIX; glibc wants this for fdatasync too */
#include "cli.h"
#include "store.h"
#include "stream.h"

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

/* ---- validate ---------------------------------------------------------------------------- */

/* How many errors `refund validate` lists (docs/limits.md): enough for a
 * file typed by hand, few enough to read. */
#define VALIDATE_MAX_ERRORS 20

int cmd_validate(rf_ctx *ctx, const cli_opts *o) {
    int rc = expect_args(o, 1, 1, "refund validate CASE");
    if (rc) return rc;
    const char *path = o->args[0];
    bool zh = o->lang == RF_LANG_ZH;
    char *text;
    size_t len;
    if ((rc = cli_read_file(path, &text, &len))) return rc;
    /* Every mistake of the file, not only the first, so that one run shows
     * all there is to fix (after a syntax error there is only that one). */
    rf_error errs[VALIDATE_MAX_ERRORS];
    size_t found = 0;
    rf_status st = rf_case_validate(ctx, text, len, path, errs, VALIDATE_MAX_ERRORS, &found);
    if (st != RF_OK) {
        for (size_t i = 0; i < found && i < VALIDATE_MAX_ERRORS; i++) cli_print_error(path, &errs[i]);
        if (found > VALIDATE_MAX_ERRORS)
            fprintf(stderr, zh ? "refund: %s: 另有 %zu 个错误未列出（最多列出 %d 个）\n"
                               : "refund: %s: %zu more errors not listed (at most %d are)\n",
                    path, found - VALIDATE_MAX_ERRORS, VALIDATE_MAX_ERRORS);
        free(text);
        return cli_exit_code(st);
    }
    rf_case *c;
    rf_error err = {0};
    if ((st = rf_case_parse(ctx, text, len, path, &c, &err)) != RF_OK) {
        cli_print_error(path, &err);
        free(text);
        return cli_exit_code(st);
    }
    /* What only a replay can tell is checked too: more requests than a case
     * may hold, a working-day limit outside the calendar. Findings are the
     * audit's business, not validity's. */
    rf_verdict *v = NULL;
    st = rf_replay(ctx, c, NULL, &v, &err);
    rf_verdict_free(v);
    if (st != RF_OK) {
        cli_print_error(path, &err);
        rf_case_free(c);
        free(text);
        return cli_exit_code(st);
    }
    if (o->format == RF_FORMAT_TEXT) {
        printf(zh ? "%s: 有效, %zu 个事件\n" : "%s: valid, %zu events\n", path, rf_case_event_count(c));
    } else {
        char file[600];
        cli_json_escape(file, sizeof file, path);
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

/* Takes replay's own flags (--ndjson, --jobs N) out of o->args and puts the
 * other arguments in rest->args, which has room for all of them. */
static int replay_flags(const cli_opts *o, cli_opts *rest, bool *ndjson, unsigned *jobs) {
    for (int i = 0; i < o->nargs; i++) {
        if (!strcmp(o->args[i], "--ndjson")) {
            *ndjson = true;
        } else if (!strcmp(o->args[i], "--jobs") || !strncmp(o->args[i], "--jobs=", 7)) {
            const char *val = o->args[i][6] == '=' ? o->args[i] + 7 : i + 1 < o->nargs ? o->args[++i] : "";
            char *end;
            unsigned long j = strtoul(val, &end, 10);
            if (!*val || *end || j < 1 || j > CLI_MAX_JOBS) {
                fprintf(stderr, "refund: --jobs takes a number from 1 to %d\n", CLI_MAX_JOBS);
                return 2;
            }
            *jobs = (unsigned)j;
        } else {
            rest->args[rest->nargs++] = o->args[i];
        }
    }
    return 0;
}

/* replay CASE...: each file's verdict in argument order, as many files as
 * the command line holds. */
static int replay_cases(rf_ctx *ctx, const cli_opts *o, const cli_opts *rest) {
    int rc = expect_args(rest, 1, -1, "refund replay CASE...");
    if (rc) return rc;
    bool many = rest->nargs > 1 && o->format == RF_FORMAT_JSON;
    int worst = 0;
    if (many) printf("[\n");
    for (int i = 0; i < rest->nargs; i++) {
        char *text;
        size_t len, findings = 0;
        rf_case *c;
        if (many && i) printf(",\n");
        if ((rc = load_case(ctx, rest->args[i], &text, &len, &c))) {
            if (rc > worst) worst = rc;
            if (many) printf("null\n"); /* keeps the array whole and in argument order */
            continue;
        }
        rc = verdict_of(ctx, o, rest->args[i], c, o->has_now, o->now, o->format, &findings);
        if (rc > worst) worst = rc;
        if (!rc && findings && !worst) worst = 1;
        rf_case_free(c);
        free(text);
    }
    if (many) printf("]\n");
    return worst;
}

int cmd_replay(rf_ctx *ctx, const cli_opts *o) {
    cli_opts rest = *o;
    bool ndjson = false;
    unsigned jobs = 1;
    rest.nargs = 0;
    rest.args = malloc(((size_t)o->nargs + 1) * sizeof *rest.args);
    if (!rest.args) {
        fprintf(stderr, "refund: out of memory\n");
        return 5;
    }
    int rc = replay_flags(o, &rest, &ndjson, &jobs);
    if (rc) {
        /* a usage error, already reported */
    } else if (ndjson) {
        rc = expect_args(&rest, 0, 1, "refund replay --ndjson [FILE|-] [--jobs N]");
        if (!rc) rc = cli_replay_ndjson(ctx, o, rest.nargs ? rest.args[0] : "-", jobs);
    } else if (jobs != 1) {
        fprintf(stderr, "refund: --jobs goes with --ndjson\n");
        rc = 2;
    } else {
        rc = replay_cases(ctx, o, &rest);
    }
    free(rest.args);
    return rc;
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
