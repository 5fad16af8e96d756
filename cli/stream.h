/* refund replay --ndjson: one case per input line, one verdict per output line. */
#ifndef RF_CLI_STREAM_H
#define RF_CLI_STREAM_H

#include "cli.h"

/* Judges every line of path ("-": standard input) on jobs threads (1 to
 * CLI_MAX_JOBS) and writes one verdict per line to standard output, in input
 * order. Returns the exit code: 5 when the input could not be read or the
 * output written; else 6 when there were bad lines and findings, 4 bad
 * lines only, 1 findings only, 0 neither. */
int cli_replay_ndjson(rf_ctx *ctx, const cli_opts *o, const char *path, unsigned jobs);

#endif
