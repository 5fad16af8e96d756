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

typedef struct import_file {
    rf_import_input input;
    const char *path;
} import_file;

/* A usage error: the message (fmt, a CLI_TEXT, with arg), then the usage
 * lines of import's help, in the messages' language. */
static int import_usage(const char *fmt, const char *arg) {
    fprintf(stderr, "refund: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    cli_usage_lines("import");
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
        fprintf(stderr, "refund: %s: %s\n", f->path, cli_strerror(errno));
        return 5;
    }
    int rc = 0;
    for (;;) {
        size_t got = fread(block, 1, IMPORT_BLOCK, in);
        bool more = got == IMPORT_BLOCK;
        if (ferror(in)) {
            fprintf(stderr, CLI_TEXT("refund: %s: could not be read\n", "refund: %s: 读取失败\n"), f->path);
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
    const char *report_path = cli_value(o, CLI_OPT_REPORT);
    bool seen[RF_IMPORT_INPUT_COUNT] = {false};
    rf_import_options opt = RF_IMPORT_OPTIONS_INIT;
    const char *val;
    if (o->nargs < 1 || strcmp(o->args[0], "top") != 0)
        return import_usage("%s", o->nargs < 1 ? CLI_TEXT("import: which platform? (top)", "import: 要导入哪个平台的数据? (top)")
                                               : CLI_TEXT("import: unknown platform (top)", "import: 未知的平台 (可用 top)"));
    if (o->nargs > 1) return import_usage(CLI_TEXT("unexpected argument '%s'", "多余的参数 '%s'"), o->args[1]);
    /* The files in the order given, whatever their kind. */
    import_file *files = malloc(((size_t)o->ngiven + 1) * sizeof *files);
    size_t nfiles = 0;
    if (!files) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        return 5;
    }
    for (int i = 0; i < o->ngiven; i++) {
        static const struct { cli_opt_id id; rf_import_input input; } file_opts[] = {
            {CLI_OPT_TRADE, RF_IMPORT_TRADE}, {CLI_OPT_REFUND_FILE, RF_IMPORT_REFUND},
            {CLI_OPT_TMC, RF_IMPORT_TMC}, {CLI_OPT_MESSAGES, RF_IMPORT_MESSAGES},
        };
        for (size_t k = 0; k < sizeof file_opts / sizeof file_opts[0]; k++) {
            if (o->given[i].id != file_opts[k].id) continue;
            files[nfiles].input = file_opts[k].input;
            files[nfiles++].path = o->given[i].value;
            seen[file_opts[k].input] = true;
        }
    }
    int usage = 0;
    if ((val = cli_value(o, CLI_OPT_CHANNEL))) {
        int c = rf_enum_lookup(RF_ENUM_CHANNEL, val, strlen(val));
        if (c < 0) usage = import_usage(CLI_TEXT("--channel '%s': c_store, mall or mt", "--channel 的值 '%s' 无效：应为 c_store（淘宝集市(C店)）、mall（天猫(商城)）或 mt"), val);
        opt.has_channel = true;
        opt.channel = (rf_channel)(c < 0 ? 0 : c);
    }
    if (!usage && (val = cli_value(o, CLI_OPT_SELLER_SHIPPING_COST))) {
        if (rf_money_parse(val, strlen(val), &opt.seller_shipping_cost) != RF_OK)
            usage = import_usage(CLI_TEXT("--seller-shipping-cost '%s' is not an amount of yuan",
                                          "--seller-shipping-cost 的值 '%s' 不是以元为单位的金额"),
                                 val);
        opt.has_seller_shipping_cost = true;
    }
    if (!usage && (val = cli_value(o, CLI_OPT_INSURANCE))) {
        int c = rf_enum_lookup(RF_ENUM_INSURANCE, val, strlen(val));
        if (c < 0) usage = import_usage(CLI_TEXT("--insurance '%s': none, buyer or seller", "--insurance 的值 '%s' 无效：应为 none（无运费险）、buyer（买家运费险）或 seller（卖家运费险）"), val);
        opt.has_insurance = true;
        opt.insurance = (rf_insurance)(c < 0 ? 0 : c);
    }
    if (!usage && (val = cli_value(o, CLI_OPT_INVOICE_ISSUED))) {
        if (!yes_no(val, &opt.invoice_issued)) usage = import_usage(CLI_TEXT("--invoice-issued %s: yes or no", "--invoice-issued 的值 %s 无效：应为 yes（是）或 no（否）"), val);
        opt.has_invoice_issued = true;
    }
    if (!usage && (val = cli_value(o, CLI_OPT_SEVEN_DAY))) {
        if (!yes_no(val, &opt.seven_day_return)) usage = import_usage(CLI_TEXT("--seven-day-return %s: yes or no", "--seven-day-return 的值 %s 无效：应为 yes（是）或 no（否）"), val);
        opt.has_seven_day_return = true;
    }
    if (!usage && (val = cli_value(o, CLI_OPT_SHIP_EXEMPT))) {
        int c = strcmp(val, "none") == 0 ? (int)RF_EXEMPT_NONE : rf_enum_lookup(RF_ENUM_EXEMPT, val, strlen(val));
        if (c < 0 || (c == RF_EXEMPT_NONE && strcmp(val, "none") != 0))
            usage = import_usage(CLI_TEXT("--ship-exempt '%s': none, custom, presale or special_delivery",
                                          "--ship-exempt 的值 '%s' 无效：应为 none（无）、custom（定制）、presale（预售）或 special_delivery（特定运送方式）"),
                                 val);
        opt.has_ship_exempt = true;
        opt.ship_exempt = (rf_exempt)(c < 0 ? 0 : c);
    }
    opt.lang = o->lang; /* the report's lines, its "message"s and the summary */
    opt.all_orders = cli_given(o, CLI_OPT_ALL_ORDERS);
    opt.allow_missing_trade = cli_given(o, CLI_OPT_ALLOW_MISSING_TRADE);
    if (usage) {
        free(files);
        return usage;
    }
    if (!seen[RF_IMPORT_TRADE] || !seen[RF_IMPORT_REFUND] || !seen[RF_IMPORT_TMC]) {
        free(files);
        return import_usage("%s", CLI_TEXT("import top needs --trade, --refund and --tmc (each may repeat, - is stdin)",
                                           "import top 需要 --trade、--refund 和 --tmc (每项可给多次, - 表示标准输入)"));
    }

    rf_importer *imp = rf_import_new(ctx, &opt);
    char *block = malloc(IMPORT_BLOCK);
    if (!imp || !block) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        rf_import_free(imp);
        free(block);
        free(files);
        return 5;
    }
    int rc = 0;
    for (size_t i = 0; i < nfiles && rc == 0; i++) rc = feed_file(imp, &files[i], block);
    free(block);
    free(files);
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
            fprintf(stderr, CLI_TEXT("refund: %s: could not be written\n", "refund: %s: 写入失败\n"), report_path);
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
