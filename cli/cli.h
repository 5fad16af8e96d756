/* The command line's shared pieces: options, files, help texts. */
#ifndef RF_CLI_H
#define RF_CLI_H

#include "refund.h"

#define CLI_MAX_JOBS 64
#define CLI_MAX_FILE ((size_t)16 << 20) /* the JSON reader's document limit */

typedef struct cli_opts {
    rf_format format;
    const char *format_given;   /* as typed, NULL if not given */
    const char *graph_syntax;   /* dot | mermaid */
    rf_lang lang;
    bool has_now;
    rf_time now;
    const char *policy_file, *calendar_file;
    bool help;
    int nargs;
    const char **args;          /* positional arguments and command flags, nargs of them (no fixed limit) */
} cli_opts;

typedef struct cli_command {
    const char *name;
    int (*run)(rf_ctx *ctx, const cli_opts *o);
    const char *help;
} cli_command;

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

#define HELP_COMMON \
    "Common options:\n" \
    "  --format FORMAT            text (default), json or ndjson; graph: dot or mermaid\n" \
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
    "\n" \
    HELP_COMMON \
    "  --version             print the version (only as: refund --version)\n" \
    "\n" \
    "Exit codes: 0 done (replay: no findings), 1 findings or event refused,\n" \
    "2 usage, 3 malformed JSON, 4 invalid case or event, 5 file not read or written.\n"

#define HELP_CHECK \
    "usage: refund check CASE [--now TIME] [OPTIONS]\n" \
    "\n" \
    "Shows where CASE stands at --now (default: the current time): the state of\n" \
    "every machine, what each party may do next, the open deadlines with their\n" \
    "due times (+08:00) and the settlement. CASE may be - for standard input.\n" \
    "\n" HELP_COMMON

#define HELP_REPLAY \
    "usage: refund replay CASE... [OPTIONS]\n" \
    "       refund replay --ndjson [FILE|-] [--jobs N] [OPTIONS]\n" \
    "\n" \
    "Audits histories: every event judged against the machines, the timeouts a\n" \
    "history should have had inserted at their due time, every finding listed\n" \
    "with the rule that decides it. As of the last event unless --now is given.\n" \
    "With --ndjson each input line is one case document and each output line one\n" \
    "verdict, in input order; a bad line gets an error verdict and the stream\n" \
    "goes on. --jobs N (1 to 64, with --ndjson only) judges lines on N threads;\n" \
    "the output order stays the input order. Each verdict is written as soon as\n" \
    "its line is judged, in memory that does not grow with the input. Exit 1\n" \
    "when any finding was reported.\n" \
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
    "refunded and deducted, who pays the postage.\n" \
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

#endif
