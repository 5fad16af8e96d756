/* The progress line of a long `refund replay --ndjson` (cli/progress.c). */
#ifndef RF_CLI_PROGRESS_H
#define RF_CLI_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* What the run has done so far. */
typedef struct cli_counts {
    uint64_t lines, bytes, findings, bad;
} cli_counts;

typedef struct cli_progress {
    bool on;                  /* write the line at all */
    bool forced;              /* --progress: the final line even after a short run */
    uint64_t size;            /* the input's size when it is a regular file, else 0 */
    struct timespec start, last;
    bool drawn;               /* a line was written since the start */
    bool showing;             /* the line is on the screen, not ended nor cleared */
    int width;                /* the columns of the line last written */
} cli_progress;

/* Starts p for reading input_fd: on when mode is CLI_PROGRESS_ON, or
 * CLI_PROGRESS_AUTO with standard error a terminal and standard output
 * not one (verdicts going to the screen are progress enough). */
enum { CLI_PROGRESS_AUTO, CLI_PROGRESS_ON, CLI_PROGRESS_OFF };
void cli_progress_start(cli_progress *p, int mode, int input_fd);

/* Redraws the line with c, at most four times a second: nothing when less
 * than 250 ms passed since the start or the last line. */
void cli_progress_update(cli_progress *p, const cli_counts *c);

/* Blanks the line, if it is showing, so that a message can go to standard
 * error; the next update draws it again. */
void cli_progress_clear(cli_progress *p);

/* The final line, with c, ended by a newline: when a line was drawn before
 * or p was forced on. */
void cli_progress_end(cli_progress *p, const cli_counts *c);

#endif
