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
 * the command's help texts, HELP_<NAME> and HELP_<NAME>_ZH, and in
 * docs/refund.1: tests/cli/t_options.sh, t_help.sh and t_docs.sh hold them
 * together):
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
    const char *help[2]; /* by rf_lang: [RF_LANG_EN], [RF_LANG_ZH] */
} cli_command;

/* The language the environment asks for: the first of LC_ALL, LC_MESSAGES
 * and LANG that is set and not empty, zh when it starts with "zh", else en.
 * What --lang leaves unsaid (cli_parse), and the top-level help's language. */
rf_lang cli_lang_from_env(void);
/* The language argv asks for: the last --lang zh|en or --lang=zh|en before
 * "--" (argv[0] is not read), else cli_lang_from_env(). Read before the
 * options are parsed, so that a usage error found before --lang is reached
 * is already in its language. */
rf_lang cli_lang_from_args(int argc, char **argv);

/* The language of the command's own messages (usage errors, file errors,
 * what a command says it did): main sets it from cli_lang_from_args before
 * the options are parsed, and to --lang once they are. */
extern rf_lang cli_message_lang;
/* One message in both languages, picked by cli_message_lang. Both are
 * string literals, so that the compiler checks each against the arguments
 * of the printf they are given to (tests/cli/t_usage_zh.sh runs them). */
#define CLI_TEXT(en, zh) (cli_message_lang == RF_LANG_ZH ? (zh) : (en))
/* strerror(errnum) in the language of the messages: the common file errors
 * in Chinese ("文件或目录不存在"), the others as the C library says them. */
const char *cli_strerror(int errnum);
/* The columns text takes in a terminal: a CJK character (a three-byte
 * UTF-8 sequence in our messages) two, an ASCII character one. */
int cli_columns(const char *text);
/* rf_status_message(st) in the language of the messages. */
const char *cli_status_message(rf_status st);
/* The help of command in lang (NULL for no such command): its first
 * paragraph is the usage, which a wrong number of arguments prints. */
const char *cli_help(const char *command, rf_lang lang);

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
 * COMMAND --help'." (in Chinese when the messages are: fmt is then
 * CLI_TEXT's Chinese); returns 2. */
int cli_usage(const cli_opts *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The positional arguments: min to max of them (max -1: no limit). Options
 * were taken out by cli_parse, so an argument beginning with '-' here came
 * after "--" and is a name. Too few or too many: "wrong number of
 * arguments" and the usage lines of the command's help, in the messages'
 * language; returns 2. 0 when the count is right. */
int cli_args(const cli_opts *o, int min, int max);
/* The usage lines of command's help (its first paragraph) on stderr. */
void cli_usage_lines(const char *command);

/* Required options not given: "COMMAND: missing --a and --b", then a line
 * per option saying what it takes (what[i], in the messages' language);
 * returns 2. */
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
/* The valid values of enumeration which, ", "-separated, into buf; in
 * Chinese messages "、"-separated, each with its label (mall（天猫(商城)）). */
const char *cli_enum_values(rf_enum_id which, char *buf, size_t size);
/* The same after "one of: " (以下之一：). */
const char *cli_one_of(rf_enum_id which, char *buf, size_t size);

int cli_read_file(const char *path, char **data, size_t *len);
void cli_print_error(const char *file, const rf_error *err);
void cli_json_escape(char *dst, size_t size, const char *src);
int cli_exit_code(rf_status st);
/* How many of v's findings the --only codes keep (all without --only). */
size_t cli_kept_findings(const rf_verdict *v, uint64_t only);
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

/* The Chinese help, for after-sales staff: the same options, one text per
 * English one above. Command and option names, values typed on the command
 * line and file names stay as typed (values after their option, or in
 * backquotes: tests/cli/t_help.sh). main.c pairs each with its English text
 * in one table, so a command cannot have help in one language only. */
#define HELP_COMMON_ZH \
    "通用选项:\n" \
    "  --format FORMAT            text (默认)、json 或 ndjson; replay 另可用 csv;\n" \
    "                             graph 用 dot 或 mermaid\n" \
    "  --lang zh|en               文字和提示的语言 (默认看 LC_ALL、LC_MESSAGES、LANG)\n" \
    "  --now 时间                 按哪个时刻判断 (带时区, 如 2024-06-25T10:00:00+08:00)\n" \
    "  --policy 文件              覆盖默认规则参数的 JSON 文件\n" \
    "  --calendar 文件            替换内置工作日历的日历文件\n" \
    "  --help                     显示本说明\n"

#define HELP_MAIN_ZH \
    "用法: refund 命令 [选项] [参数]\n" \
    "\n" \
    "按淘宝/天猫的退款、退货规则核对售后单: 每一步是否合规, 下一步该谁做、几时到期。\n" \
    "\n" \
    "命令:\n" \
    "  check 案件文件        案件在 --now 时刻 (默认现在) 走到哪一步, 谁该做什么\n" \
    "  replay 案件文件...    复核处理过程: 每一步都判定, 列出发现的问题\n" \
    "  replay --ndjson [文件|-]  每行输入一个案件, 每行输出一个结论\n" \
    "  apply 案件文件 事件文件  事件合规才追加到案件文件 (整体写入, 加锁)\n" \
    "  quote --channel C --reason R --kind K ...  不用案件文件, 直接试算退款\n" \
    "  validate 案件文件     检查案件文件, 准确指出哪里写错、怎么改\n" \
    "  rules                 规则表和时限表; --format json 输出全部规则参数\n" \
    "  graph 状态机          状态机流程图: --format dot|mermaid\n" \
    "  new --channel C --item 金额 --paid 时间 ...  按卖家后台显示的信息新建案件文件\n" \
    "  summary [结论文件]    按问题类型、渠道、规则和月份统计\n" \
    "  report 汇总文件       把汇总做成一个带图表的 HTML 页面\n" \
    "  import top --trade F --refund F --tmc F  从淘宝开放平台数据生成案件\n" \
    "\n" \
    HELP_COMMON_ZH \
    "  --version             显示版本 (只能这样用: refund --version)\n" \
    "\n" \
    "选项写在命令之后, 放在参数前、中、后都可以; 选项的值写在后面, 或用 = 连接\n" \
    "(--lang=zh); 单独的 -- 之后不再有选项。\n" \
    "\n" \
    "退出码: 0 完成 (replay: 没有问题), 1 发现问题或事件被拒绝, 2 用法有误,\n" \
    "3 JSON 格式错误, 4 案件或事件无效, 5 文件读写失败;\n" \
    "replay --ndjson: 4 有坏行, 6 既有坏行又有问题。\n"

#define HELP_CHECK_ZH \
    "用法: refund check 案件文件 [--now 时间] [选项]\n" \
    "\n" \
    "显示案件在 --now 时刻 (默认当前时间) 的情况: 各流程走到哪一步, 买家、卖家\n" \
    "和平台下一步可以做什么, 还没到期的时限及到期时间 (北京时间), 以及退款结算。\n" \
    "案件文件写 - 表示从标准输入读取。\n" \
    "\n" HELP_COMMON_ZH

#define HELP_REPLAY_ZH \
    "用法: refund replay 案件文件... [--only 问题代码] [选项]\n" \
    "      refund replay --ndjson [文件|-] [--jobs N] [--only 问题代码] [--summary 文件] [选项]\n" \
    "\n" \
    "复核处理过程: 每个事件都按规则判定, 该超时的地方补上超时, 每个问题都列出\n" \
    "依据的规则。不给 --now 时按最后一个事件的时间判断。\n" \
    "用 --ndjson 时每行输入是一个案件, 每行输出是一个结论, 顺序与输入相同; 坏行\n" \
    "得到一条错误结论, 其余照常处理。结论一判完就写出, 占用内存不随输入增大。\n" \
    "有问题时退出码为 1; 用 --ndjson 时有坏行为 4, 两者都有为 6。\n" \
    "  --ndjson              每行输入一个案件, 每行输出一个结论, 开头是行号:\n" \
    "                        {\"line\":N,...}\n" \
    "  --jobs N              用 N 个线程判定 (1 到 64, 只配合 --ndjson), 输出顺序不变\n" \
    "  --only 代码[,代码...] 只保留含这些问题代码的结论 (用 --ndjson 时还有错误结论);\n" \
    "                        CSV 里只保留这些行。退出码只看这些问题\n" \
    "  --format csv          每个问题一行 (RFC 4180, CR LF, UTF-8, 带表头; 给的是\n" \
    "                        案件文件时, 行号一列填文件名); 坏行只写到标准错误\n" \
    "  --bom                 配合 --format csv: 开头加 UTF-8 BOM (方便 Excel、WPS 打开)\n" \
    "  --progress            配合 --ndjson: 在标准错误显示进度 (行数、MB、百分比、速度、\n" \
    "                        问题数); 标准错误是终端而标准输出不是时默认显示;\n" \
    "                        --no-progress: 从不显示\n" \
    "  --summary 文件        配合 --ndjson: 另把本次汇总 (按问题代码、渠道、规则和月份)\n" \
    "                        写到该文件; 标准输出和退出码不变\n" \
    "\n" HELP_COMMON_ZH

#define HELP_APPLY_ZH \
    "用法: refund apply 案件文件 事件文件 [--dry-run] [--force] [选项]\n" \
    "\n" \
    "按规则检查一个事件 (事件文件, 或 - 表示标准输入)。合规就整体写入案件文件的事件\n" \
    "列表 (先写临时文件、落盘、再改名), 文件其余部分一字不改; 不合规则案件文件不动,\n" \
    "退出码为 1。合规但复核发现问题的事件 (如发货晚了、金额不对) 照样追加, 并在\n" \
    "标准错误给出警告。事件按整个处理过程的末尾判断 (时间早于上一个事件的会被拒绝)。\n" \
    "\n" \
    "符号链接会跟到真正的文件并替换它, 链接本身保留。新文件保留原来的属主、属组和\n" \
    "权限。写入期间对 案件文件.lock 加锁 (见 docs/apply.md), apply 会等锁释放。\n" \
    "属主只读、有其他硬链接、或本用户无法保留其属主的文件会被拒绝 (退出码 5)。\n" \
    "  --dry-run             只判定, 不写入 (不加锁, 不做上述检查)\n" \
    "  --force               上述文件也照写: 只读文件写后仍只读; 硬链接的这个名字\n" \
    "                        得到一份独立的文件 (其他名字保留旧内容); 属主可能改变\n" \
    "\n" HELP_COMMON_ZH

#define HELP_QUOTE_ZH \
    "用法: refund quote --channel C --reason R --kind K (--amount 金额 | --item 金额) [选项]\n" \
    "\n" \
    "不用案件文件, 直接试算一笔售后: 适用哪条规则, 退多少、扣多少, 运费谁出。\n" \
    "--amount 超过 --item 时按 --item 退, 并在标准错误给出警告。扣除发票金额时,\n" \
    "会写明用的是哪个税率 (默认规则里的 17%, 或 --policy 里给的)。\n" \
    "  --channel c_store|mall|mt   渠道: 淘宝集市(C店)、天猫(商城)、MT\n" \
    "  --kind refund_only|return_refund|exchange   仅退款、退货退款、换货\n" \
    "  --reason no_reason|quality|not_received|not_as_described|damaged|missing_items|lost|other\n" \
    "                        原因: 七天无理由、质量问题、未收到货、与描述不符、破损、\n" \
    "                        少件漏发、快递丢件、其他\n" \
    "  --amount 金额         买家申请的退款 (元; 默认整个商品金额); 质量问题仅退款且\n" \
    "                        低于 --item 时按折价退款处理, 有上限\n" \
    "  --item 金额           商品实付金额 (默认等于 --amount)\n" \
    "  --shipping-fee 金额   买家付的运费\n" \
    "  --seller-postage 金额 卖家付的发货运费 (规则 F 扣除; 其两倍是质量问题部分退款\n" \
    "                        的上限)\n" \
    "  --return-postage 金额 买家垫付的退货运费 (规则 Q; 计入部分退款上限)\n" \
    "  --after-success       交易成功后才申请\n" \
    "  --free-shipping       包邮活动商品\n" \
    "  --invoice-kept        天猫: 已开发票且买家没有退回\n" \
    "  --insurance none|buyer|seller   运费险: 没有、买家买的、卖家买的\n" \
    "  --not-resellable      商品已影响二次销售 (七天无理由、其他原因: 不支持)\n" \
    "  --order-note          少件漏发: 订单上有备注\n" \
    "\n" HELP_COMMON_ZH

#define HELP_VALIDATE_ZH \
    "用法: refund validate 案件文件\n" \
    "\n" \
    "检查案件文件格式是否正确 (FORMAT.md 第 1 节), 准确指出错在哪里: 文件:行:列,\n" \
    "找到的每个错误, 最多 20 个 (JSON 语法错误只报那一个), 语言按 --lang。全角标点、\n" \
    "中文引号、BOM、GBK 编码的文件会给出改法。\n" \
    "退出码: 3 JSON 格式错误, 4 案件无效。\n" \
    "\n" HELP_COMMON_ZH

#define HELP_RULES_ZH \
    "用法: refund rules [--format text|json] [--lang zh|en] [--policy 文件]\n" \
    "\n" \
    "列出运费和扣款规则、各项时限和比例, 以及每个状态机的全部流转和出处。\n" \
    "--format json 输出全部规则参数, 格式与 --policy 读取的相同。\n" \
    "\n" HELP_COMMON_ZH

#define HELP_GRAPH_ZH \
    "用法: refund graph 状态机 --format dot|mermaid\n" \
    "\n" \
    "输出状态机的流程图, 状态机为 trade (交易)、refund (退款)、exchange (换货)、\n" \
    "intervention (平台介入) 或 complaint (投诉), 由判定所用的同一张表生成。\n" \
    "\n" HELP_COMMON_ZH

#define HELP_NEW_ZH \
    "用法: refund new --channel C --item 金额 --paid 时间\n" \
    "                 [--shipped 时间 [--delivered 时间]]\n" \
    "                 [--request 类型 --reason R [--amount 金额] [--at 时间]\n" \
    "                  [--refused 时间 | --agreed 时间]] [-o 文件] [选项]\n" \
    "\n" \
    "按卖家后台显示的信息新建一个案件文件, 之后可用 refund check 查看、用\n" \
    "refund apply 逐个追加事件。时间写成 2024-06-25 10:00 或 2024-06-25 10:00:00\n" \
    "(空格可换成 T), 默认北京时间 (+08:00), 也可在后面写时区 (Z、+hh:mm);\n" \
    "每个时间不能早于前一个。给出的事件都会写入, 不论是否合规; 规则发现的问题\n" \
    "在标准错误给出警告, refund check 也会报出。事件按下单、付款、发货、签收、\n" \
    "申请、卖家处理的顺序编号。\n" \
    "订单:\n" \
    "  --channel c_store|mall|mt   渠道: 淘宝集市(C店)、天猫(商城)、MT\n" \
    "  --insurance none|buyer|seller   运费险 (默认 none)\n" \
    "  --item 金额           买家为商品实付的金额 (默认等于 --amount)\n" \
    "  --shipping-fee 金额   买家付的运费 (默认 0)\n" \
    "  --free-shipping       包邮活动商品\n" \
    "  --seller-postage 金额 卖家付的发货运费 (默认 0)\n" \
    "  --invoice-issued yes|no     是否开了发票 (默认 no)\n" \
    "  --seven-day-return yes|no   是否支持七天无理由退货 (默认 yes)\n" \
    "  --id 订单号           订单号 (默认 NEW-年月日-时分, 按创建时间)\n" \
    "订单时间:\n" \
    "  --created 时间        下单时间 (默认同 --paid)\n" \
    "  --paid 时间           付款时间\n" \
    "  --shipped 时间        卖家发货时间; --tracking 单号 是运单号\n" \
    "  --delivered 时间      快递签收时间\n" \
    "售后申请 (可不填):\n" \
    "  --request refund_only|return_refund|exchange   仅退款、退货退款、换货\n" \
    "  --reason no_reason|quality|not_received|not_as_described|damaged|missing_items|lost|other\n" \
    "                        原因: 七天无理由、质量问题、未收到货、与描述不符、破损、\n" \
    "                        少件漏发、快递丢件、其他\n" \
    "  --amount 金额         申请退款金额 (默认整个商品金额)\n" \
    "  --at 时间             买家申请的时间 (默认 --now, 否则现在)\n" \
    "  --not-resellable      商品已影响二次销售\n" \
    "  --refused 时间        卖家拒绝的时间; --note 文字 是卖家的拒绝说明\n" \
    "  --agreed 时间         卖家同意的时间\n" \
    "输出:\n" \
    "  -o, --output 文件     写到该文件 (不覆盖已有文件, 已存在则退出码 5), 不写则输出\n" \
    "                        到标准输出; --format ndjson: 输出为一行\n" \
    "\n" HELP_COMMON_ZH

#define HELP_SUMMARY_ZH \
    "用法: refund summary [结论文件.ndjson...|-] [--format json|text|ndjson] [--lang zh|en]\n" \
    "      refund summary --merge [选项] 汇总文件.json...\n" \
    "\n" \
    "统计 refund replay 已写出的结论 (每行一个; 不给文件时读标准输入): 没有问题和\n" \
    "有问题的案件数、坏行数, 以及每种问题代码的问题数和涉及金额 (店铺多退的、\n" \
    "买家少拿的), 按渠道、规则和申请月份分列。默认输出 JSON, --format text 输出\n" \
    "表格 (语言按 --lang)。\n" \
    "  --merge               参数是汇总文件 (一个文件可含多份, 每行一份, 即 --format\n" \
    "                        ndjson 的输出): 输出合并结果, 与直接统计全部结论相同\n" \
    "遇到第一行不是结论时退出码 3 或 4, 文件读不了退出码 5。\n" \
    "\n" HELP_COMMON_ZH

#define HELP_REPORT_ZH \
    "用法: refund report 汇总文件.json [--lang zh|en] > report.html\n" \
    "\n" \
    "把汇总写成一个独立的 HTML 页面 (样式和图表都在页面内, 不含脚本, 不联网):\n" \
    "总数、按问题代码的问题数和涉及金额、按月份的问题数、按渠道的案件数, 以及明细表。\n" \
    "汇总文件可写 - 表示标准输入。\n" \
    "\n" HELP_COMMON_ZH

#define HELP_IMPORT_ZH \
    "用法: refund import top --trade 文件 --refund 文件 --tmc 文件 [--messages 文件] [选项]\n" \
    "\n" \
    "用淘宝开放平台提供给店铺软件的数据生成案件: 交易 (taobao.trade.fullinfo.get)、\n" \
    "退款 (taobao.refund.get、refunds.receive.get)、TMC 推送消息和退款留言\n" \
    "(refund.messages.get), 可以是接口返回、单个对象或推送库的行 (`jdp_response`),\n" \
    "NDJSON 或多行 JSON, 顺序不限。每个有退款的子订单生成一个案件, 以 NDJSON 写到\n" \
    "标准输出, 可直接交给 refund replay 逐行判定。TMC 消息会去重并排序; 开放平台\n" \
    "给不出的信息会标注 (import.assumed、import.missing、inferred)。\n" \
    "文件选项可重复; - 表示标准输入。\n" \
    "  --trade 文件          交易数据\n" \
    "  --refund 文件         退款数据\n" \
    "  --tmc 文件            TMC 消息\n" \
    "  --messages 文件       退款留言 (可不填)\n" \
    "  --channel c_store|mall|mt        不填则按 `seller_type`: `B` 天猫(商城), `C` 淘宝集市(C店)\n" \
    "  --seller-shipping-cost 金额      卖家付的发货运费 (不填为 0.00)\n" \
    "  --insurance none|buyer|seller    不填则看 `has_yfx`: 有则 buyer, 否则 none\n" \
    "  --invoice-issued yes|no          不填为 no\n" \
    "  --seven-day-return yes|no        不填为 yes\n" \
    "  --ship-exempt none|custom|presale|special_delivery   不填时分阶段付款的为 presale\n" \
    "  --all-orders          每个子订单都生成案件, 不只是有退款的\n" \
    "  --allow-missing-trade 缺交易数据时用退款数据生成案件\n" \
    "  --report 文件         把导入报告写成 JSON (不填则在标准错误写一行摘要)\n" \
    "每个错误和警告都写到标准错误, 格式为 文件:行:列: 代码 字段: 说明。\n" \
    "退出码: 0 完成 (可有警告), 3 JSON 格式错误, 4 记录无效或案件生成失败,\n" \
    "5 文件读写失败, 2 用法有误。见 docs/import.md。\n" \
    "\n" HELP_COMMON_ZH

#endif
