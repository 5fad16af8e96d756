/* The command line's shared pieces: options, files, help texts. */
#ifndef RF_CLI_H
#define RF_CLI_H

#include "refund.h"

#define CLI_MAX_JOBS 64
#define CLI_MAX_FILE ((size_t)16 << 20) /* the JSON reader's document limit */

/* Every option of every command, one row each. cli/opts.c builds each
 * command's getopt_long(3) table from the rows that name it, so that
 * `--opt value`, `--opt=value`, an unambiguous prefix (`--cha`), `--` (the
 * end of the options) and options before, between or after the arguments
 * hold alike everywhere. Adding an option is adding a row (and its lines in
 * the command's help text and in docs/refund.1: tests/cli/t_options.sh and
 * t_docs.sh hold the three together):
 *
 *   X(ID, "name", SHORT, ARG, "commands")
 *
 * ID        the option's index, CLI_OPT_<ID>: the command reads it with
 *           cli_given(), cli_value() and cli_next_value(), or with the
 *           checking readers below (cli_enum_opt, cli_money_opt...)
 * "name"    the long name, --name
 * SHORT     a one-letter form, 'o' for -o, or 0
 * ARG       CLI_FLAG (no value) or CLI_VALUE (one value)
 * commands  the commands that take it, separated by spaces; "*" for all
 *
 * A row may serve several commands ("quote new"); two rows may share a name
 * when no command takes both. An option given twice keeps both values in
 * order (cli_next_value); cli_value() is the last, as GNU tools do. */
#define CLI_FLAG 0
#define CLI_VALUE 1
#define CLI_OPTION_LIST(X)                                                       \
    /* common options (HELP_COMMON) */                                           \
    X(FORMAT,         "format",         0,   CLI_VALUE, "*")                     \
    X(LANG,           "lang",           0,   CLI_VALUE, "*")                     \
    X(NOW,            "now",            0,   CLI_VALUE, "*")                     \
    X(POLICY,         "policy",         0,   CLI_VALUE, "*")                     \
    X(CALENDAR,       "calendar",       0,   CLI_VALUE, "*")                     \
    X(HELP,           "help",           'h', CLI_FLAG,  "*")                     \
    /* replay */                                                                 \
    X(NDJSON,         "ndjson",         0,   CLI_FLAG,  "replay")                \
    X(JOBS,           "jobs",           0,   CLI_VALUE, "replay")                \
    X(ONLY,           "only",           0,   CLI_VALUE, "replay")                \
    X(BOM,            "bom",            0,   CLI_FLAG,  "replay")                \
    X(PROGRESS,       "progress",       0,   CLI_FLAG,  "replay")                \
    X(NO_PROGRESS,    "no-progress",    0,   CLI_FLAG,  "replay")                \
    X(SUMMARY,        "summary",        0,   CLI_VALUE, "replay")                \
    /* summary */                                                                \
    X(MERGE,          "merge",          0,   CLI_FLAG,  "summary")               \
    /* import top: the files (each may repeat, in order) and the order's facts */ \
    X(TRADE,          "trade",          0,   CLI_VALUE, "import")                \
    X(REFUND_FILE,    "refund",         0,   CLI_VALUE, "import")                \
    X(TMC,            "tmc",            0,   CLI_VALUE, "import")                \
    X(MESSAGES,       "messages",       0,   CLI_VALUE, "import")                \
    X(SELLER_SHIPPING_COST, "seller-shipping-cost", 0, CLI_VALUE, "import")     \
    X(SHIP_EXEMPT,    "ship-exempt",    0,   CLI_VALUE, "import")                \
    X(ALL_ORDERS,     "all-orders",     0,   CLI_FLAG,  "import")                \
    X(ALLOW_MISSING_TRADE, "allow-missing-trade", 0, CLI_FLAG, "import")         \
    X(REPORT,         "report",         0,   CLI_VALUE, "import")                \
    /* apply */                                                                  \
    X(DRY_RUN,        "dry-run",        0,   CLI_FLAG,  "apply")                 \
    X(FORCE,          "force",          0,   CLI_FLAG,  "apply")                 \
    /* quote and new: the order and the request */                               \
    X(CHANNEL,        "channel",        0,   CLI_VALUE, "quote new import")      \
    X(KIND,           "kind",           0,   CLI_VALUE, "quote")                 \
    X(REASON,         "reason",         0,   CLI_VALUE, "quote new")             \
    X(AMOUNT,         "amount",         0,   CLI_VALUE, "quote new")             \
    X(ITEM,           "item",           0,   CLI_VALUE, "quote new")             \
    X(SHIPPING_FEE,   "shipping-fee",   0,   CLI_VALUE, "quote new")             \
    X(SELLER_POSTAGE, "seller-postage", 0,   CLI_VALUE, "quote new")             \
    X(RETURN_POSTAGE, "return-postage", 0,   CLI_VALUE, "quote")                 \
    X(AFTER_SUCCESS,  "after-success",  0,   CLI_FLAG,  "quote")                 \
    X(FREE_SHIPPING,  "free-shipping",  0,   CLI_FLAG,  "quote new")             \
    X(INVOICE_KEPT,   "invoice-kept",   0,   CLI_FLAG,  "quote")                 \
    X(INSURANCE,      "insurance",      0,   CLI_VALUE, "quote new import")      \
    X(NOT_RESELLABLE, "not-resellable", 0,   CLI_FLAG,  "quote new")             \
    X(ORDER_NOTE,     "order-note",     0,   CLI_FLAG,  "quote")                 \
    /* new: the rest of the order, its dates, the request and its answer */     \
    X(ID,             "id",             0,   CLI_VALUE, "new")                   \
    X(INVOICE_ISSUED, "invoice-issued", 0,   CLI_VALUE, "new import")            \
    X(SEVEN_DAY,      "seven-day-return", 0, CLI_VALUE, "new import")            \
    X(CREATED,        "created",        0,   CLI_VALUE, "new")                   \
    X(PAID,           "paid",           0,   CLI_VALUE, "new")                   \
    X(SHIPPED,        "shipped",        0,   CLI_VALUE, "new")                   \
    X(TRACKING,       "tracking",       0,   CLI_VALUE, "new")                   \
    X(DELIVERED,      "delivered",      0,   CLI_VALUE, "new")                   \
    X(REQUEST,        "request",        0,   CLI_VALUE, "new")                   \
    X(AT,             "at",             0,   CLI_VALUE, "new")                   \
    X(AGREED,         "agreed",         0,   CLI_VALUE, "new")                   \
    X(REFUSED,        "refused",        0,   CLI_VALUE, "new")                   \
    X(NOTE,           "note",           0,   CLI_VALUE, "new")                   \
    X(OUTPUT,         "output",         'o', CLI_VALUE, "new")

typedef enum cli_opt_id {
#define CLI_X_(id, name, short_name, arg, commands) CLI_OPT_##id,
    CLI_OPTION_LIST(CLI_X_)
#undef CLI_X_
    CLI_OPT_COUNT
} cli_opt_id;

/* One option as given on the command line. */
typedef struct cli_given_opt {
    cli_opt_id id;
    const char *value;          /* the value; "" for a flag */
} cli_given_opt;

typedef struct cli_opts {
    const char *command;        /* the command's name, for messages */
    rf_format format;
    const char *format_given;   /* as typed, NULL if not given */
    const char *graph_syntax;   /* dot | mermaid */
    rf_lang lang;
    bool has_now;
    rf_time now;
    const char *policy_file, *calendar_file;
    bool help;
    bool csv;                   /* --format csv: findings as CSV rows (replay) */
    /* replay's own options (commands.c reads them): */
    bool bom;                   /* --bom: a UTF-8 BOM before the CSV */
    uint64_t only;              /* --only: the finding codes kept, bit (1 << code) each; 0: all */
    int progress;               /* --progress, --no-progress: CLI_PROGRESS_ON, _OFF; else _AUTO (0) */
    int nargs;
    const char **args;          /* the positional arguments, nargs of them (no fixed limit) */
    int ngiven;
    cli_given_opt *given;       /* every option given, in order, ngiven of them */
    const char *value[CLI_OPT_COUNT]; /* each option's last value ("" for a flag), NULL if not given */
    const char *summary_file;   /* replay --ndjson --summary FILE, or NULL */
} cli_opts;

typedef struct cli_command {
    const char *name;
    int (*run)(rf_ctx *ctx, const cli_opts *o);
    const char *help;
} cli_command;

/* cli/opts.c: the command line of one command. argv[0] is the command's
 * name; what follows is parsed against the rows of CLI_OPTION_LIST that
 * name it. Sets the common options' fields and o->value, o->given, o->args
 * (allocated: free them with cli_opts_free). Returns 0, or 2 after a
 * message naming the option (unknown, ambiguous, a value missing or given
 * to a flag, a bad common value listing the valid ones), or 5 when out of
 * memory. */
int cli_parse(const char *command, int argc, char **argv, cli_opts *o);
void cli_opts_free(cli_opts *o);

/* Whether the option was given; its last value (NULL if not given); and
 * each of its values in order: start with *pos = 0, NULL at the end. */
bool cli_given(const cli_opts *o, cli_opt_id id);
const char *cli_value(const cli_opts *o, cli_opt_id id);
const char *cli_next_value(const cli_opts *o, cli_opt_id id, int *pos);

/* A usage error: "refund: " and the message on stderr, then "Try 'refund
 * COMMAND --help'."; returns 2. */
int cli_usage(const cli_opts *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Required options not given: "COMMAND: missing --a and --b", then a line
 * per option saying what it takes (what[i]); returns 2. */
int cli_missing(const cli_opts *o, size_t n, const char *const names[], const char *const what[]);

/* Checking readers of an option's (last) value. Each returns 0 with *out
 * set, 0 with *out untouched when the option was not given, or 2 after a
 * usage error that names the option, the value and every valid value. */
int cli_enum_opt(const cli_opts *o, cli_opt_id id, rf_enum_id which, int *out);
int cli_yes_no_opt(const cli_opts *o, cli_opt_id id, bool *out);
int cli_money_opt(const cli_opts *o, cli_opt_id id, rf_fen *out);
/* Times as staff copy them from the seller console: YYYY-MM-DD HH:MM[:SS],
 * with a space or T between date and time, and +08:00 (Beijing time) unless
 * an offset follows (Z, +hh:mm, -hh:mm). */
int cli_time_opt(const cli_opts *o, cli_opt_id id, rf_time *out);
rf_status cli_time_parse(const char *text, rf_time *out);
/* The valid values of enumeration which, ", "-separated, into buf. */
const char *cli_enum_values(rf_enum_id which, char *buf, size_t size);
/* The same after "one of: ". */
const char *cli_one_of(rf_enum_id which, char *buf, size_t size);

int cli_read_file(const char *path, char **data, size_t *len);
void cli_print_error(const char *file, const rf_error *err);
void cli_json_escape(char *dst, size_t size, const char *src);
int cli_exit_code(rf_status st);
int cli_write(const char *text, size_t len);

int cmd_check(rf_ctx *ctx, const cli_opts *o);
int cmd_replay(rf_ctx *ctx, const cli_opts *o);
int cmd_apply(rf_ctx *ctx, const cli_opts *o);
int cmd_quote(rf_ctx *ctx, const cli_opts *o);
int cmd_validate(rf_ctx *ctx, const cli_opts *o);
int cmd_rules(rf_ctx *ctx, const cli_opts *o);
int cmd_graph(rf_ctx *ctx, const cli_opts *o);
int cmd_new(rf_ctx *ctx, const cli_opts *o);
int cmd_summary(rf_ctx *ctx, const cli_opts *o);
int cmd_report(rf_ctx *ctx, const cli_opts *o);

/* replay --ndjson --summary FILE: merges parts[0..n) (the judging threads'
 * summaries) into parts[0] and writes it to path as refund-summary/1 JSON.
 * failed: a line could not be counted (nothing is written). 0, or 5 with
 * the reason on stderr. */
int cli_summary_save(const rf_ctx *ctx, const char *path, rf_summary *const *parts, size_t n, bool failed);
int cmd_import(rf_ctx *ctx, const cli_opts *o);

#define HELP_COMMON \
    "Common options:\n" \
    "  --format FORMAT            text (default), json or ndjson; replay: csv;\n" \
    "                             graph: dot or mermaid\n" \
    "  --lang zh|en               language of text and messages (from LANG by default)\n" \
    "  --now TIME                 the instant to judge at (RFC 3339 with offset)\n" \
    "  --policy FILE              JSON object overriding policy values\n" \
    "  --calendar FILE            working-day calendar replacing the built-in one\n" \
    "  --help                     this text\n"

#define HELP_MAIN \
    "usage: refund COMMAND [OPTIONS] [ARGS]\n" \
    "\n" \
    "Taobao/Tmall refund and return rules as state machines.\n" \
    "\n" \
    "Commands:\n" \
    "  check CASE            where the case stands at --now (default: now)\n" \
    "  replay CASE...        audit histories: every step judged, findings listed\n" \
    "  replay --ndjson [FILE|-]  one case per input line, one verdict per output line\n" \
    "  apply CASE EVENT      append one event if it is legal (atomic, locked)\n" \
    "  quote --channel C --reason R --kind K ...  settlement for a what-if\n" \
    "  validate CASE         check a case file and say exactly what is wrong\n" \
    "  rules                 rule and deadline tables; --format json prints the policy\n" \
    "  graph MACHINE         a machine's diagram: --format dot|mermaid\n" \
    "  new --channel C --item X --paid TIME ...  a new case file from the seller console\n" \
    "  summary [VERDICTS]    findings counted by code, channel, rule and month\n" \
    "  report SUMMARY        a summary as one self-contained HTML page with charts\n" \
    "  import top --trade F --refund F --tmc F  cases from Taobao Open Platform data\n" \
    "\n" \
    HELP_COMMON \
    "  --version             print the version (only as: refund --version)\n" \
    "\n" \
    "Options follow the command, before, between or after its arguments; a value\n" \
    "is the next argument or follows = (--lang=zh); -- ends the options.\n" \
    "\n" \
    "Exit codes: 0 done (replay: no findings), 1 findings or event refused,\n" \
    "2 usage, 3 malformed JSON, 4 invalid case or event, 5 file not read or written;\n" \
    "replay --ndjson: 4 bad lines, 6 bad lines and findings.\n"

#define HELP_CHECK \
    "usage: refund check CASE [--now TIME] [OPTIONS]\n" \
    "\n" \
    "Shows where CASE stands at --now (default: the current time): the state of\n" \
    "every machine, what each party may do next, the open deadlines with their\n" \
    "due times (+08:00) and the settlement. CASE may be - for standard input.\n" \
    "\n" HELP_COMMON

#define HELP_REPLAY \
    "usage: refund replay CASE... [--only CODES] [OPTIONS]\n" \
    "       refund replay --ndjson [FILE|-] [--jobs N] [--only CODES] [--summary FILE] [OPTIONS]\n" \
    "\n" \
    "Audits histories: every event judged against the machines, the timeouts a\n" \
    "history should have had inserted at their due time, every finding listed\n" \
    "with the rule that decides it. As of the last event unless --now is given.\n" \
    "With --ndjson each input line is one case document and each output line one\n" \
    "verdict, in input order; a bad line gets an error verdict and the stream\n" \
    "goes on. --jobs N (1 to 64, with --ndjson only) judges lines on N threads;\n" \
    "the output order stays the input order. Each verdict is written as soon as\n" \
    "its line is judged, in memory that does not grow with the input. Exit 1\n" \
    "when any finding was reported; with --ndjson, 4 when lines were bad and\n" \
    "6 when there were both.\n" \
    "  --ndjson              one case per input line, one verdict per output line,\n" \
    "                        each opening with its line number: {\"line\":N,...}\n" \
    "  --jobs N              judge the lines on N threads (with --ndjson)\n" \
    "  --only CODE[,CODE...] keep the verdicts with findings of these codes (and,\n" \
    "                        with --ndjson, the error verdicts); in CSV, their rows\n" \
    "                        only. The exit code counts only these findings\n" \
    "  --format csv          one row per finding, columns line,order,event,code,at,\n" \
    "                        actor,type,expected,actual,delta,due,seed,message\n" \
    "                        (RFC 4180, CR LF, UTF-8, a header row; the line is the\n" \
    "                        file name for CASE...); bad lines only on stderr\n" \
    "  --bom                 with --format csv: a UTF-8 BOM first (Excel, WPS)\n" \
    "  --progress            with --ndjson: a progress line on stderr (lines, MB, %,\n" \
    "                        MB/s, findings), by default when stderr is a terminal\n" \
    "                        and stdout is not; --no-progress: never\n" \
    "  --summary FILE        with --ndjson: also write the run's summary (findings\n" \
    "                        by code, channel, rule and month; refund-summary/1\n" \
    "                        JSON) to FILE; stdout and the exit code are unchanged\n" \
    "\n" HELP_COMMON

#define HELP_APPLY \
    "usage: refund apply CASE EVENT [--dry-run] [--force] [OPTIONS]\n" \
    "\n" \
    "Validates one event (a file, or - for standard input) against CASE. If it is\n" \
    "legal it is appended to the events of CASE atomically (temporary file, fsync,\n" \
    "rename); the rest of the file is kept byte for byte. If not, CASE is left\n" \
    "untouched and the exit code is 1. A legal event that the audit flags (a\n" \
    "late shipment, a wrong amount) is appended with a warning on stderr.\n" \
    "The event is judged at the end of the whole history (an event dated before\n" \
    "the last one is OUT_OF_ORDER).\n" \
    "\n" \
    "A symlink is followed and the file it leads to is replaced; the link stays.\n" \
    "The new file keeps the owner, group and mode (less setuid/setgid). Writers\n" \
    "hold a lock from the read to the rename: an fcntl write lock on CASE.lock,\n" \
    "beside the file (docs/apply.md); apply waits for it. A file read-only to its\n" \
    "owner, with other hard links, or whose owner this user cannot keep is refused\n" \
    "(exit 5).\n" \
    "  --dry-run             judge without writing (no lock, no checks)\n" \
    "  --force               write those files anyway: a read-only file stays so;\n" \
    "                        a hard-linked name gets a file of its own (the other\n" \
    "                        names keep the old text); the owner may change\n" \
    "\n" HELP_COMMON

#define HELP_QUOTE \
    "usage: refund quote --channel C --reason R --kind K (--amount X | --item X) [OPTIONS]\n" \
    "\n" \
    "The settlement for a what-if, with no case file: which rule applies, what is\n" \
    "refunded and deducted, who pays the postage. An --amount above --item is\n" \
    "capped, with a warning on stderr. When the invoice line is deducted, the text\n" \
    "says which rate was applied (the seed's 17%, or --policy's).\n" \
    "  --channel c_store|mall|mt        --kind refund_only|return_refund|exchange\n" \
    "  --reason no_reason|quality|not_received|not_as_described|damaged|\n" \
    "           missing_items|lost|other\n" \
    "  --amount X            requested refund in yuan (default: the whole item);\n" \
    "                        quality + refund_only below --item: a capped 折价\n" \
    "  --item X              item amount paid (default: --amount)\n" \
    "  --shipping-fee X      postage the buyer paid\n" \
    "  --seller-postage X    outbound postage the seller paid (rule F deduction;\n" \
    "                        twice it caps a quality partial refund)\n" \
    "  --return-postage X    postage the buyer advanced for the return (rule Q;\n" \
    "                        added to the partial-refund cap)\n" \
    "  --after-success       requested after the trade finished\n" \
    "  --free-shipping       a free-shipping (包邮) promotion item\n" \
    "  --invoice-kept        mall: an invoice was issued and not returned\n" \
    "  --insurance none|buyer|seller   who holds shipping insurance\n" \
    "  --not-resellable      the goods affect resale (no_reason, other: not eligible)\n" \
    "  --order-note          missing items: the order note was made\n" \
    "\n" HELP_COMMON

#define HELP_VALIDATE \
    "usage: refund validate CASE\n" \
    "\n" \
    "Checks that CASE is a well-formed case file (FORMAT.md section 1) and says\n" \
    "exactly what is wrong, with FILE:LINE:COLUMN: every error it finds, up to 20\n" \
    "(after a JSON syntax error, that one), in the language of --lang, with the fix\n" \
    "for full-width punctuation, curly quotes, a BOM or a GBK file.\n" \
    "Exit 3 malformed JSON, 4 invalid.\n" \
    "\n" HELP_COMMON

#define HELP_RULES \
    "usage: refund rules [--format text|json] [--lang zh|en] [--policy FILE]\n" \
    "\n" \
    "Prints the postage and deduction rules, the deadlines and rates, and every\n" \
    "machine's transitions with their seed citations. --format json prints the\n" \
    "whole policy in the form --policy reads.\n" \
    "\n" HELP_COMMON

#define HELP_GRAPH \
    "usage: refund graph MACHINE --format dot|mermaid\n" \
    "\n" \
    "Prints the diagram of MACHINE (trade, refund, exchange, intervention,\n" \
    "complaint), generated from the table the engine runs.\n" \
    "\n" HELP_COMMON

#define HELP_NEW \
    "usage: refund new --channel C --item X --paid TIME\n" \
    "                  [--shipped TIME [--delivered TIME]]\n" \
    "                  [--request KIND --reason R [--amount X] [--at TIME]\n" \
    "                   [--refused TIME | --agreed TIME]] [-o FILE] [OPTIONS]\n" \
    "\n" \
    "Writes a new case file from what the seller console shows, ready for\n" \
    "'refund check' and 'refund apply'. Times: YYYY-MM-DD HH:MM[:SS] (a T may\n" \
    "replace the space), Beijing time (+08:00) unless an offset follows (Z, +hh:mm);\n" \
    "each no earlier than the one before. Every event given is written, legal or\n" \
    "not; what the rules find about one is a warning on stderr, and a finding of\n" \
    "'refund check'. Events: e1 order_created, then paid, shipped, delivered, the\n" \
    "request and the seller's answer, numbered in that order.\n" \
    "The order:\n" \
    "  --channel c_store|mall|mt   --insurance none|buyer|seller (default none)\n" \
    "  --item X              what the buyer paid for the goods (default: --amount)\n" \
    "  --shipping-fee X      postage the buyer paid (default 0)\n" \
    "  --free-shipping       a free-shipping (包邮) promotion item\n" \
    "  --seller-postage X    outbound postage the seller paid (default 0)\n" \
    "  --invoice-issued yes|no     (default no)\n" \
    "  --seven-day-return yes|no   7-day no-reason returns (default yes)\n" \
    "  --id ID               the order number (default NEW-YYYYMMDD-HHMM of creation)\n" \
    "Its dates:\n" \
    "  --created TIME        order created (default: the --paid time)\n" \
    "  --paid TIME           paid\n" \
    "  --shipped TIME        shipped by the seller; --tracking NO its tracking number\n" \
    "  --delivered TIME      delivered by the carrier\n" \
    "A request (optional):\n" \
    "  --request refund_only|return_refund|exchange\n" \
    "  --reason no_reason|quality|not_received|not_as_described|damaged|\n" \
    "           missing_items|lost|other\n" \
    "  --amount X            the refund asked (default: the whole item)\n" \
    "  --at TIME             when the buyer asked (default: --now, else now)\n" \
    "  --not-resellable      the goods affect resale\n" \
    "  --refused TIME        the seller refused it; --note TEXT the seller's note\n" \
    "  --agreed TIME         the seller agreed to it\n" \
    "Output:\n" \
    "  -o, --output FILE     write FILE (never replacing one; exit 5 if it exists)\n" \
    "                        instead of standard output; --format ndjson: one line\n" \
    "\n" HELP_COMMON

#define HELP_SUMMARY \
    "usage: refund summary [VERDICTS.ndjson...|-] [--format json|text|ndjson] [--lang zh|en]\n" \
    "       refund summary --merge [OPTIONS] SUMMARY.json...\n" \
    "\n" \
    "Counts verdicts already written, one per line, by refund replay (standard\n" \
    "input when no file is given): cases clean and with findings, bad lines, and per finding\n" \
    "code the findings and the money at stake (shop overpaid, buyers short-changed),\n" \
    "by channel, by rule and by month of the request. Prints refund-summary/1\n" \
    "JSON unless --format text asks for tables (in --lang).\n" \
    "  --merge               the arguments are summaries (a file may hold several,\n" \
    "                        one per line, as --format ndjson prints them): print\n" \
    "                        their merge, the same bytes as the summary of all\n" \
    "                        their verdicts\n" \
    "Exit 3 or 4 at the first line that is not a verdict, 5 for a file not read.\n" \
    "\n" HELP_COMMON

#define HELP_REPORT \
    "usage: refund report SUMMARY.json [--lang zh|en] > report.html\n" \
    "\n" \
    "Writes the summary as one self-contained HTML page (inline CSS and SVG, no\n" \
    "script, nothing fetched): the totals, findings and money at stake by code,\n" \
    "findings by month, cases by channel, and the tables. SUMMARY may be -.\n" \
    "\n" HELP_COMMON

#define HELP_IMPORT \
    "usage: refund import top --trade FILE --refund FILE --tmc FILE [--messages FILE] [OPTIONS]\n" \
    "\n" \
    "Builds cases from what the Taobao Open Platform gives shop software: trades\n" \
    "(taobao.trade.fullinfo.get), refunds (taobao.refund.get, refunds.receive.get),\n" \
    "TMC push messages and refund messages (refund.messages.get), as API responses,\n" \
    "bare objects or push-database rows (jdp_response), NDJSON or pretty JSON, in\n" \
    "any order. One case per sub-order with a refund, on stdout as NDJSON, ready\n" \
    "for 'refund replay' to judge one per line. TMC messages are deduplicated and sorted; what\n" \
    "TOP cannot tell is marked (import.assumed, import.missing, inferred).\n" \
    "File options may repeat; - is standard input.\n" \
    "  --trade FILE          trades\n" \
    "  --refund FILE         refunds\n" \
    "  --tmc FILE            TMC messages\n" \
    "  --messages FILE       refund messages (optional)\n" \
    "  --channel c_store|mall|mt        else seller_type: B mall, C c_store\n" \
    "  --seller-shipping-cost MONEY     outbound postage the seller paid (else 0.00)\n" \
    "  --insurance none|buyer|seller    else has_yfx: buyer, or none\n" \
    "  --invoice-issued yes|no          else no\n" \
    "  --seven-day-return yes|no        else yes\n" \
    "  --ship-exempt none|custom|presale|special_delivery   else presale for type step\n" \
    "  --all-orders          a case for every sub-order, not only those with a refund\n" \
    "  --allow-missing-trade build a case from its refunds when the trade is missing\n" \
    "  --report FILE         the report as JSON (else a one-line summary on stderr)\n" \
    "Every error and warning goes to stderr as FILE:LINE:COL: CODE FIELD: text.\n" \
    "Exit 0 (warnings allowed), 3 malformed JSON, 4 an invalid record or a case\n" \
    "that failed, 5 a file not read or written, 2 usage. See docs/import.md.\n" \
    "\n" HELP_COMMON

#endif
