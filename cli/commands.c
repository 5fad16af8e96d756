/*
 * The subcommands. Each reads its files, calls the library and prints what
 * the library rendered; none decides a rule.
 */
#define _GNU_SOURCE /* mkstemp, fsync, getline are POSIX; glibc wants this for fdatasync too */
#include "cli.h"
#include "store.h"
#include "progress.h"
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
        fprintf(stderr, "refund: %s\n", cli_status_message(st));
        return cli_exit_code(st);
    }
    int rc = cli_write(text, len);
    rf_string_free(ctx, text);
    return rc;
}

size_t cli_kept_findings(const rf_verdict *v, uint64_t only) {
    if (!only) return v->finding_count;
    size_t n = 0;
    for (size_t i = 0; i < v->finding_count; i++)
        if ((unsigned)v->findings[i].code < 64 && ((only >> v->findings[i].code) & 1u)) n++;
    return n;
}

/* Replays one parsed case and prints its verdict: in format, or as CSV rows
 * (o->csv, the `line` column the file's name). With --only, prints nothing
 * unless a finding of those codes is there. sep goes before what is printed
 * (the comma of a JSON array). *findings gets the count of the findings
 * kept; *printed whether anything was printed. */
static int verdict_of(rf_ctx *ctx, const cli_opts *o, const char *path, const rf_case *c, bool has_now,
                      rf_time now, rf_format format, const char *sep, size_t *findings, bool *printed) {
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
    size_t kept = cli_kept_findings(v, o->only);
    bool shows = o->csv ? kept > 0 : !o->only || kept > 0;
    if (findings) *findings = kept;
    if (printed) *printed = shows;
    if (shows) fputs(sep, stdout);
    if (o->csv) {
        rf_csv_options csv = RF_CSV_OPTIONS_INIT;
        csv.line = path;
        csv.codes = o->only;
        st = rf_render_findings_csv(ctx, v, &csv, o->lang, &text, &len);
    } else if (o->only && !kept) {
        rf_verdict_free(v);
        return 0;
    } else {
        st = rf_render_verdict(ctx, v, format, o->lang, &text, &len);
    }
    rf_verdict_free(v);
    return print_rendered(ctx, st, text, len);
}


/* ---- validate ---------------------------------------------------------------------------- */

/* How many errors `refund validate` lists (docs/limits.md): enough for a
 * file typed by hand, few enough to read. */
#define VALIDATE_MAX_ERRORS 20

int cmd_validate(rf_ctx *ctx, const cli_opts *o) {
    int rc = cli_args(o, 1, 1);
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
    int rc = cli_args(o, 1, 1);
    if (rc) return rc;
    char *text;
    size_t len;
    rf_case *c;
    if ((rc = load_case(ctx, o->args[0], &text, &len, &c))) return rc;
    rf_time now = o->has_now ? o->now : (rf_time)time(NULL);
    rc = verdict_of(ctx, o, o->args[0], c, true, now, o->format, "", NULL, NULL);
    rf_case_free(c);
    free(text);
    return rc;
}

/* ---- replay ---------------------------------------------------------------------------- */

/* Adds the codes of list ("CODE[,CODE...]") to *only. */
static int only_codes(const cli_opts *o, const char *list, uint64_t *only) {
    for (const char *p = list;;) {
        size_t n = strcspn(p, ",");
        int code = 0;
        for (int c = 1; c < RF_FINDING_COUNT && c < 64 && !code; c++) {
            const char *name = rf_finding_name((rf_finding_code)c);
            if (strlen(name) == n && !strncmp(name, p, n)) code = c;
        }
        if (!code) {
            char codes[RF_FINDING_COUNT * 32] = "";
            for (int c = 1; c < RF_FINDING_COUNT; c++)
                snprintf(codes + strlen(codes), sizeof codes - strlen(codes), " %s", rf_finding_name((rf_finding_code)c));
            return cli_usage(o, CLI_TEXT("--only: unknown finding code '%.*s'; the codes are:%s",
                                         "--only: 未知的问题代码 '%.*s'；问题代码有:%s"),
                             (int)n, p, codes);
        }
        *only |= (uint64_t)1 << code;
        if (!p[n]) return 0;
        p += n + 1;
    }
}

/* replay CASE...: each file's verdict in argument order, as many files as
 * the command line holds. With --only, the verdicts without those findings
 * are left out (and a file that fails too: the array holds verdicts only). */
static int replay_cases(rf_ctx *ctx, const cli_opts *o, const cli_opts *rest) {
    int rc = cli_args(rest, 1, -1);
    if (rc) return rc;
    bool many = rest->nargs > 1 && o->format == RF_FORMAT_JSON && !o->csv;
    int worst = 0, shown = 0;
    if (many) printf("[\n");
    if (o->csv) {
        /* The header (after a BOM for Excel and WPS), then each file's rows. */
        rf_csv_options csv = RF_CSV_OPTIONS_INIT;
        char *head = NULL;
        size_t head_len = 0;
        csv.header = true;
        csv.bom = o->bom;
        rf_status st = rf_render_findings_csv(ctx, NULL, &csv, o->lang, &head, &head_len);
        if ((rc = print_rendered(ctx, st, head, head_len))) return rc;
    }
    for (int i = 0; i < rest->nargs; i++) {
        char *text;
        size_t len, findings = 0;
        bool printed = false;
        rf_case *c;
        if ((rc = load_case(ctx, rest->args[i], &text, &len, &c))) {
            if (rc > worst) worst = rc;
            if (many && !o->only) printf("%snull\n", shown++ ? ",\n" : ""); /* keeps the array in argument order */
            continue;
        }
        rc = verdict_of(ctx, o, rest->args[i], c, o->has_now, o->now, o->format, many && shown ? ",\n" : "",
                        &findings, &printed);
        if (printed) shown++;
        if (rc > worst) worst = rc;
        if (!rc && findings && !worst) worst = 1;
        rf_case_free(c);
        free(text);
    }
    if (many) printf("]\n");
    return worst;
}

int cmd_replay(rf_ctx *ctx, const cli_opts *o) {
    bool ndjson = cli_given(o, CLI_OPT_NDJSON);
    unsigned jobs = 1;
    const char *val = cli_value(o, CLI_OPT_JOBS);
    if (val) {
        char *end;
        unsigned long j = strtoul(val, &end, 10);
        if (!*val || *end || val[0] == '-' || j < 1 || j > CLI_MAX_JOBS)
            return cli_usage(o, CLI_TEXT("--jobs takes a number from 1 to %d, got '%s'", "--jobs 要写 1 到 %d 之间的数，却写成了 '%s'"),
                             CLI_MAX_JOBS, val);
        jobs = (unsigned)j;
    }
    /* The replay options the parser keeps as values, set where the stream
     * and the CSV writer read them. */
    cli_opts rest = *o;
    rest.bom = cli_given(o, CLI_OPT_BOM);
    if (cli_given(o, CLI_OPT_PROGRESS)) rest.progress = CLI_PROGRESS_ON;
    if (cli_given(o, CLI_OPT_NO_PROGRESS)) rest.progress = CLI_PROGRESS_OFF;
    int pos = 0;
    for (const char *list; (list = cli_next_value(o, CLI_OPT_ONLY, &pos)) != NULL;)
        if (only_codes(o, list, &rest.only)) return 2;
    if (rest.bom && !o->csv) return cli_usage(o, CLI_TEXT("--bom goes with --format csv", "--bom 只能和 --format csv 一起用"));
    rest.summary_file = cli_value(o, CLI_OPT_SUMMARY);
    if (ndjson) {
        int rc = cli_args(o, 0, 1);
        return rc ? rc : cli_replay_ndjson(ctx, &rest, o->nargs ? o->args[0] : "-", jobs);
    }
    const char *alone = jobs != 1 ? "--jobs" : rest.progress ? (rest.progress == CLI_PROGRESS_ON ? "--progress" : "--no-progress")
                      : rest.summary_file ? "--summary" : NULL;
    if (alone) return cli_usage(o, CLI_TEXT("%s goes with --ndjson", "%s 只能和 --ndjson 一起用"), alone);
    return replay_cases(ctx, &rest, &rest);
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
    bool dry_run = cli_given(o, CLI_OPT_DRY_RUN), force = cli_given(o, CLI_OPT_FORCE);
    int rc = cli_args(o, 2, 2);
    if (rc) return rc;
    const char *case_path = o->args[0], *event_path = o->args[1];
    if (!strcmp(case_path, "-")) {
        return cli_usage(o, "%s",
                         CLI_TEXT("apply writes CASE back, so CASE cannot be standard input",
                                  "apply 要把事件写回案件文件, 所以案件文件不能是标准输入 (-)"));
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
        /* The zh sentence names the finding in words; English text keeps its code. */
        if (o->lang == RF_LANG_ZH)
            fprintf(stderr, legal ? "refund: %s: 警告: 事件 %s: %s\n" : "refund: %s: 事件 %s 不能追加: %s\n",
                    event_path, ev.id, sentence);
        else
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
    if (o->lang == RF_LANG_ZH)
        printf("%s: %s事件 %s「%s」\n", case_path, dry_run ? "可追加" : "已追加", ev.id,
               rf_enum_label_zh(RF_ENUM_EVENT, (int)ev.type));
    else
        printf("%s: %s event %s (%s)\n", case_path, dry_run ? "would append" : "appended", ev.id,
               rf_enum_name(RF_ENUM_EVENT, (int)ev.type));
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

/* A rate in basis points as a percentage: 1700 -> "17%", 1350 -> "13.5%". */
static const char *percent(int64_t bp, char buf[32]) {
    if (bp % 100 == 0) snprintf(buf, 32, "%lld%%", (long long)(bp / 100));
    else if (bp % 10 == 0) snprintf(buf, 32, "%lld.%lld%%", (long long)(bp / 100), (long long)(bp % 100 / 10));
    else snprintf(buf, 32, "%lld.%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
    return buf;
}

/* Below a text settlement that deducted the invoice line: the rate that
 * was applied, and where it comes from. The seed's 17 % (000:642) predates
 * China's VAT cut to 13 % on 2019-04-01; the rate is a policy value, and the
 * staff answering a buyer should know which one they quoted. */
static void print_invoice_rate(const rf_ctx *ctx, const rf_settlement *s, rf_lang lang) {
    bool deducted = false;
    for (size_t i = 0; i < s->deduction_count; i++)
        if (s->deductions[i].id == RF_DED_INVOICE_TAX) deducted = true;
    if (!deducted) return;
    int64_t bp = rf_ctx_get_policy(ctx, RF_POLICY_INVOICE_TAX_BP), seed = rf_ctx_get_policy(NULL, RF_POLICY_INVOICE_TAX_BP);
    char rate[32], seed_rate[32];
    percent(bp, rate);
    percent(seed, seed_rate);
    bool zh = lang == RF_LANG_ZH;
    printf(zh ? "发票扣点比例 %s (规则参数 invoice_tax_bp = %lld)\n" : "invoice rate applied %s (policy invoice_tax_bp = %lld)\n", rate,
           (long long)bp);
    if (bp == seed)
        printf(zh ? "  注: %s 是商城发票扣点规则原文的比例, 属规则参数, 可改;\n"
                    "  自 2019-04-01 起增值税率为 13%%: --policy 给出 {\"invoice_tax_bp\": 1300} 即按 13%% 扣\n"
                  : "  note: %s is the rate of the seed's mall invoice rule, a policy value that can change;\n"
                    "  VAT has been 13%% since 2019-04-01: --policy with {\"invoice_tax_bp\": 1300} deducts 13%%\n",
               seed_rate);
    else
        printf(zh ? "  注: 比例来自 --policy; 商城发票扣点规则原文的比例为 %s\n"
                  : "  note: the rate comes from --policy; the seed's mall invoice rule says %s\n",
               seed_rate);
}

/* Names every required option not given, with what it takes. */
static int quote_missing(const cli_opts *o, int channel, int reason, int kind, bool amount) {
    char values[3][512];
    const char *names[4], *what[4];
    size_t n = 0;
    if (channel < 0) {
        names[n] = "--channel";
        what[n++] = cli_one_of(RF_ENUM_CHANNEL, values[0], sizeof values[0]);
    }
    if (reason < 0) {
        names[n] = "--reason";
        what[n++] = cli_one_of(RF_ENUM_REASON, values[1], sizeof values[1]);
    }
    if (kind < 0) {
        names[n] = "--kind";
        what[n++] = cli_one_of(RF_ENUM_KIND, values[2], sizeof values[2]);
    }
    if (amount) {
        names[n] = CLI_TEXT("--amount X", "--amount 金额");
        what[n++] = CLI_TEXT("the refund asked, in yuan (or --item X, what the buyer paid for the goods)",
                             "申请退款的金额, 以元计 (或用 --item 金额: 买家为商品实付的金额)");
    }
    return cli_missing(o, n, names, what);
}

int cmd_quote(rf_ctx *ctx, const cli_opts *o) {
    rf_order order = RF_ORDER_INIT;
    rf_settle_request req = RF_SETTLE_REQUEST_INIT;
    int channel = -1, reason = -1, kind = -1, insurance = RF_INSURANCE_NONE, rc;
    bool has_item = cli_given(o, CLI_OPT_ITEM);
    order.id = "quote";
    req.goods = RF_GOODS_RESELLABLE;
    req.has_amount = cli_given(o, CLI_OPT_AMOUNT);
    if (o->nargs) return cli_usage(o, CLI_TEXT("quote takes no arguments, only options: '%s'", "quote 只接受选项, 不接受参数: '%s'"),
                                   o->args[0]);
    if ((rc = cli_enum_opt(o, CLI_OPT_CHANNEL, RF_ENUM_CHANNEL, &channel)) ||
        (rc = cli_enum_opt(o, CLI_OPT_REASON, RF_ENUM_REASON, &reason)) ||
        (rc = cli_enum_opt(o, CLI_OPT_KIND, RF_ENUM_KIND, &kind)) ||
        (rc = cli_enum_opt(o, CLI_OPT_INSURANCE, RF_ENUM_INSURANCE, &insurance)) ||
        (rc = cli_money_opt(o, CLI_OPT_AMOUNT, &req.amount)) ||
        (rc = cli_money_opt(o, CLI_OPT_ITEM, &order.item_amount)) ||
        (rc = cli_money_opt(o, CLI_OPT_SHIPPING_FEE, &order.shipping_fee)) ||
        (rc = cli_money_opt(o, CLI_OPT_SELLER_POSTAGE, &order.seller_shipping_cost)) ||
        (rc = cli_money_opt(o, CLI_OPT_RETURN_POSTAGE, &req.return_postage)))
        return rc;
    req.after_success = cli_given(o, CLI_OPT_AFTER_SUCCESS);
    order.free_shipping = cli_given(o, CLI_OPT_FREE_SHIPPING);
    if (cli_given(o, CLI_OPT_INVOICE_KEPT)) {
        order.invoice_issued = true;
        req.invoice_returned = false;
    }
    if (cli_given(o, CLI_OPT_NOT_RESELLABLE)) req.goods = RF_GOODS_NOT_RESELLABLE;
    req.order_note_made = cli_given(o, CLI_OPT_ORDER_NOTE);
    if (channel < 0 || reason < 0 || kind < 0 || (!has_item && !req.has_amount))
        return quote_missing(o, channel, reason, kind, !has_item && !req.has_amount);
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
    if (has_item && req.has_amount && req.amount > order.item_amount) {
        /* The settlement caps what is asked at what the goods cost; say so,
         * rather than let a larger figure in chat meet a smaller refund. */
        char asked[24], item[24], refunded[24];
        rf_money_format(req.amount, asked);
        rf_money_format(order.item_amount, item);
        rf_money_format(s.refund, refunded);
        fprintf(stderr,
                o->lang == RF_LANG_ZH ? "refund: 警告: --amount %s 超过商品金额 --item %s, 不会多退; 应退金额 %s\n"
                                      : "refund: warning: --amount %s is more than the item, --item %s, which caps it;"
                                        " the refund is %s\n",
                asked, item, refunded);
    }
    char *text = NULL;
    size_t len = 0;
    st = rf_render_settlement(ctx, &s, o->format, o->lang, &text, &len);
    rc = print_rendered(ctx, st, text, len);
    if (!rc && o->format == RF_FORMAT_TEXT) print_invoice_rate(ctx, &s, o->lang);
    return rc;
}

/* ---- rules and graph ---------------------------------------------------------------------- */

int cmd_rules(rf_ctx *ctx, const cli_opts *o) {
    int rc = cli_args(o, 0, 0);
    if (rc) return rc;
    char *text = NULL;
    size_t len = 0;
    rf_status st = o->format == RF_FORMAT_TEXT ? rf_render_rules(ctx, o->lang, &text, &len)
                                               : rf_render_policy(ctx, &text, &len);
    return print_rendered(ctx, st, text, len);
}

int cmd_graph(rf_ctx *ctx, const cli_opts *o) {
    int rc = cli_args(o, 1, 1);
    if (rc) return rc;
    const rf_machine *m = rf_machine_lookup(o->args[0]);
    if (!m) {
        return cli_usage(o,
                         CLI_TEXT("unknown machine '%s' (trade, refund, exchange, intervention, complaint)",
                                  "未知的状态机 '%s'（可用 trade 交易、refund 退款、exchange 换货、intervention 客服介入、"
                                  "complaint 维权）"),
                         o->args[0]);
    }
    char *text = NULL;
    size_t len = 0;
    rf_status st = rf_render_graph(ctx, m->id, o->graph_syntax ? o->graph_syntax : "dot", &text, &len);
    return print_rendered(ctx, st, text, len);
}
