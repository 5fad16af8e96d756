/*
 * The progress line of `refund replay --ndjson`: one line on standard error,
 * rewritten in place (a carriage return, no newline) at most four times a
 * second, and ended with a newline when the run ends:
 *
 *   refund: 1200000 lines, 1890.3 MB (37%), 512.4 MB/s, 8120 findings, 3 bad lines
 *
 * MB are 10^6 bytes. The arithmetic is in integers, as everywhere in
 * librefund: tenths of a MB, tenths of a MB/s from bytes and microseconds
 * (a byte a microsecond is a MB a second), whole percents.
 */
#include "progress.h"

#include "cli.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROGRESS_EVERY_US 250000 /* four times a second at most */

static uint64_t micros(const struct timespec *from, const struct timespec *to) {
    int64_t us = ((int64_t)to->tv_sec - (int64_t)from->tv_sec) * 1000000 + (to->tv_nsec - from->tv_nsec) / 1000;
    return us > 0 ? (uint64_t)us : 0;
}

void cli_progress_start(cli_progress *p, int mode, int input_fd) {
    struct stat sb;
    *p = (cli_progress){0};
    p->forced = mode == CLI_PROGRESS_ON;
    p->on = p->forced || (mode == CLI_PROGRESS_AUTO && isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO));
    if (!p->on) return;
    if (fstat(input_fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) p->size = (uint64_t)sb.st_size;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    p->last = p->start;
}

/* Writes the line: \r, the text, and spaces over what a longer line left. */
static void draw(cli_progress *p, const cli_counts *c, const struct timespec *now) {
    char text[200], percent[16] = "";
    uint64_t mb10 = c->bytes / 100000, us = micros(&p->start, now);
    if (p->size) {
        uint64_t pc = c->bytes >= p->size ? 100 : c->bytes * 100 / p->size;
        snprintf(percent, sizeof percent, " (%llu%%)", (unsigned long long)pc);
    }
    int n = snprintf(text, sizeof text, CLI_TEXT("refund: %llu lines, %llu.%llu MB%s", "refund: 已读 %llu 行, %llu.%llu MB%s"),
                     (unsigned long long)c->lines, (unsigned long long)(mb10 / 10), (unsigned long long)(mb10 % 10),
                     percent);
    if (us) {
        uint64_t rate10 = c->bytes / us * 10 + c->bytes % us * 10 / us;
        n += snprintf(text + n, sizeof text - (size_t)n, ", %llu.%llu MB/s", (unsigned long long)(rate10 / 10),
                      (unsigned long long)(rate10 % 10));
    }
    n += snprintf(text + n, sizeof text - (size_t)n, CLI_TEXT(", %llu findings", ", 问题 %llu 个"),
                  (unsigned long long)c->findings);
    if (c->bad)
        n += snprintf(text + n, sizeof text - (size_t)n, CLI_TEXT(", %llu bad line%s", ", 坏行 %llu%s"),
                      (unsigned long long)c->bad, c->bad == 1 || cli_message_lang == RF_LANG_ZH ? "" : "s");
    /* Spaces over what a longer line left, counted in columns. */
    int w = cli_columns(text);
    fprintf(stderr, "\r%s%*s", text, p->showing && p->width > w ? p->width - w : 0, "");
    fflush(stderr);
    p->width = w;
    p->drawn = p->showing = true;
    p->last = *now;
}

void cli_progress_update(cli_progress *p, const cli_counts *c) {
    struct timespec now;
    if (!p->on) return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (micros(&p->last, &now) < PROGRESS_EVERY_US) return;
    draw(p, c, &now);
}

void cli_progress_clear(cli_progress *p) {
    if (!p->showing) return;
    fprintf(stderr, "\r%*s\r", p->width, "");
    p->showing = false;
}

void cli_progress_end(cli_progress *p, const cli_counts *c) {
    struct timespec now;
    if (!p->on || (!p->drawn && !p->forced)) return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    draw(p, c, &now);
    fputc('\n', stderr);
    p->showing = false;
}
