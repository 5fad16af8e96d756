/* refund replay --ndjson: one case per input line, one verdict per output line. */
#ifndef RF_CLI_STREAM_H
#define RF_CLI_STREAM_H

#include "cli.h"

/* Judges every line of path ("-": standard input) on jobs threads (1 to
 * CLI_MAX_JOBS) and writes one verdict per line to standard output, in input
 * order. Returns the exit code: 5 when the input could not be read or the
 * output written, else the first bad line's code, else 1 when any verdict
 * has findings, else 0. */
int cli_replay_ndjson(rf_ctx *ctx, const cli_opts *o, const char *path, unsigned jobs);

#endif
