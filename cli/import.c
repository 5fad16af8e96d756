/*
 * refund import top: the files of the command line fed to the library's
 * importer (rf_import_*), the cases it builds written to stdout, its report
 * to --report and its messages to stderr. Every rule is the library's.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_BLOCK ((size_t)1 << 20) /* bytes read and fed at a time */
#define IMPORT_USAGE "refund import top --trade FILE --refund FILE --tmc FILE [--messages FILE] [OPTIONS]"

typedef struct import_file {
    rf_import_input input;
    const char *path;
} import_file;

static int import_usage(const char *fmt, const char *arg) {
    fprintf(stderr, "refund: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: %s\n", IMPORT_USAGE);
    return 2;
}

static bool yes_no(const char *v, bool *out) {
    if (!strcmp(v, "yes")) *out = true;
    else if (!strcmp(v, "no")) *out = false;
    else return false;
    return true;
}

/* Feeds one file to the importer in blocks. 0, or 5 when it cannot be read. */
static int feed_file(rf_importer *imp, const import_file *f, char *block) {
    FILE *in = strcmp(f->path, "-") == 0 ? stdin : fopen(f->path, "rb");
    if (!in) {
        fprintf(stderr, "refund: %s: %s\n", f->path, strerror(errno));
        return 5;
    }
    int rc = 0;
    for (;;) {
        size_t got = fread(block, 1, IMPORT_BLOCK, in);
        bool more = got == IMPORT_BLOCK;
        if (ferror(in)) {
            fprintf(stderr, "refund: %s: could not be read\n", f->path);
            rc = 5;
            more = false;
        }
        rf_error err = {0};
        rf_status st = rf_import_feed(imp, f->input, f->path, block, got, more, &err);
        if (st != RF_OK) {
            cli_print_error(f->path, &err);
            rc = cli_exit_code(st);
            break;
        }
        if (!more) break;
    }
    if (in != stdin) fclose(in);
    return rc;
}

/* Each line of text on stderr, after "refund: ". */
static void print_lines(const char *text) {
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        fprintf(stderr, "refund: %.*s\n", (int)n, text);
        text += n + (nl != NULL);
    }
}

int cmd_import(rf_ctx *ctx, const cli_opts *o) {
    import_file files[CLI_MAX_ARGS];
    size_t nfiles = 0;
    const char *report_path = NULL;
    bool seen[RF_IMPORT_INPUT_COUNT] = {false};
    rf_import_options opt = RF_IMPORT_OPTIONS_INIT;
    if (o->nargs < 1 || strcmp(o->args[0], "top") != 0)
        return import_usage("%s", o->nargs < 1 ? "import: which platform? (top)" : "import: unknown platform (top)");
    for (int i = 1; i < o->nargs; i++) {
        const char *a = o->args[i], *val = NULL;
        int r;
#define TAKES_VALUE(name)                                                              \
    (strcmp(a, name) == 0 ? (i + 1 < o->nargs ? (val = o->args[++i], 1) : -1)         \
     : strncmp(a, name "=", sizeof(name)) == 0 ? (val = a + sizeof(name), 1) : 0)
        static const struct { const char *flag; rf_import_input input; } file_flags[] = {
            {"--trade", RF_IMPORT_TRADE}, {"--refund", RF_IMPORT_REFUND},
            {"--tmc", RF_IMPORT_TMC}, {"--messages", RF_IMPORT_MESSAGES},
        };
        bool matched = false;
        for (size_t k = 0; k < 4 && !matched; k++) {
            size_t n = strlen(file_flags[k].flag);
            if (strcmp(a, file_flags[k].flag) == 0) {
                if (i + 1 >= o->nargs) return import_usage("option %s needs a file", a);
                val = o->args[++i];
            } else if (strncmp(a, file_flags[k].flag, n) == 0 && a[n] == '=') {
                val = a + n + 1;
            } else {
                continue;
            }
            matched = true;
            files[nfiles].input = file_flags[k].input;
            files[nfiles++].path = val;
            seen[file_flags[k].input] = true;
        }
        if (matched) continue;
        if ((r = TAKES_VALUE("--channel"))) {
            if (r < 0) return import_usage("option %s needs a value", a);
            int c = rf_enum_lookup(RF_ENUM_CHANNEL, val, strlen(val));
            if (c < 0) return import_usage("--channel '%s': c_store, mall or mt", val);
            opt.has_channel = true;
            opt.channel = (rf_channel)c;
        } else if ((r = TAKES_VALUE("--seller-shipping-cost"))) {
            if (r < 0) return import_usage("option %s needs a value", a);
            if (rf_money_parse(val, strlen(val), &opt.seller_shipping_cost) != RF_OK)
                return import_usage("--seller-shipping-cost '%s' is not an amount of yuan", val);
            opt.has_seller_shipping_cost = true;
        } else if ((r = TAKES_VALUE("--insurance"))) {
            if (r < 0) return import_usage("option %s needs a value", a);
            int c = rf_enum_lookup(RF_ENUM_INSURANCE, val, strlen(val));
            if (c < 0) return import_usage("--insurance '%s': none, buyer or seller", val);
            opt.has_insurance = true;
            opt.insurance = (rf_insurance)c;
        } else if ((r = TAKES_VALUE("--invoice-issued"))) {
            if (r < 0 || !yes_no(val, &opt.invoice_issued)) return import_usage("--invoice-issued %s: yes or no", val ? val : "");
            opt.has_invoice_issued = true;
        } else if ((r = TAKES_VALUE("--seven-day-return"))) {
            if (r < 0 || !yes_no(val, &opt.seven_day_return))
                return import_usage("--seven-day-return %s: yes or no", val ? val : "");
            opt.has_seven_day_return = true;
        } else if ((r = TAKES_VALUE("--ship-exempt"))) {
            if (r < 0) return import_usage("option %s needs a value", a);
            int c = strcmp(val, "none") == 0 ? (int)RF_EXEMPT_NONE : rf_enum_lookup(RF_ENUM_EXEMPT, val, strlen(val));
            if (c < 0 || (c == RF_EXEMPT_NONE && strcmp(val, "none") != 0))
                return import_usage("--ship-exempt '%s': none, custom, presale or special_delivery", val);
            opt.has_ship_exempt = true;
            opt.ship_exempt = (rf_exempt)c;
        } else if ((r = TAKES_VALUE("--report"))) {
            if (r < 0) return import_usage("option %s needs a file", a);
            report_path = val;
        } else if (!strcmp(a, "--all-orders")) {
            opt.all_orders = true;
        } else if (!strcmp(a, "--allow-missing-trade")) {
            opt.allow_missing_trade = true;
        } else if (a[0] == '-' && a[1]) {
            return import_usage("unknown option '%s'", a);
        } else {
            return import_usage("unexpected argument '%s'", a);
        }
#undef TAKES_VALUE
    }
    if (!seen[RF_IMPORT_TRADE] || !seen[RF_IMPORT_REFUND] || !seen[RF_IMPORT_TMC])
        return import_usage("%s", "import top needs --trade, --refund and --tmc (each may repeat, - is stdin)");

    rf_importer *imp = rf_import_new(ctx, &opt);
    char *block = malloc(IMPORT_BLOCK);
    if (!imp || !block) {
        fprintf(stderr, "refund: out of memory\n");
        rf_import_free(imp);
        free(block);
        return 5;
    }
    int rc = 0;
    for (size_t i = 0; i < nfiles && rc == 0; i++) rc = feed_file(imp, &files[i], block);
    free(block);
    rf_error err = {0};
    if (rc == 0 && rf_import_finish(imp, &err) != RF_OK) {
        cli_print_error("import", &err);
        rc = 5;
    }
    while (rc == 0) {
        const rf_case *c = NULL;
        const char *line = NULL;
        size_t len = 0;
        rf_status st = rf_import_next(imp, &c, &line, &len, &err);
        if (st != RF_OK) {
            cli_print_error("import", &err);
            rc = cli_exit_code(st);
            break;
        }
        if (!c) break;
        rc = cli_write(line, len);
    }
    if (rc != 0) {
        rf_import_free(imp);
        return rc;
    }
    /* The problems found, then the report or its one-line summary. */
    char *text = NULL;
    if (rf_import_report(imp, RF_FORMAT_TEXT, &text, NULL) == RF_OK) {
        print_lines(text);
        rf_string_free(ctx, text);
    }
    if (report_path) {
        size_t len = 0;
        text = NULL;
        FILE *out = fopen(report_path, "wb");
        bool ok = out && rf_import_report(imp, RF_FORMAT_JSON, &text, &len) == RF_OK &&
                  fwrite(text, 1, len, out) == len;
        if (out && fclose(out) != 0) ok = false;
        if (!ok) {
            fprintf(stderr, "refund: %s: could not be written\n", report_path);
            rc = 5;
        }
        rf_string_free(ctx, text);
    } else {
        char summary[400];
        rf_import_summary(imp, summary, sizeof summary);
        fprintf(stderr, "refund: %s\n", summary);
    }
    if (rc == 0) rc = cli_exit_code(rf_import_outcome(imp, NULL));
    rf_import_free(imp);
    return rc;
}
