/*
 * Summaries on the command line (docs/summary.md):
 *
 *   refund summary [VERDICTS.ndjson...|-]     the summary of verdict lines
 *   refund summary --merge SUMMARY.json...    the merge of summaries (a file
 *                                             may hold several, one per line)
 *   refund report SUMMARY.json                the summary as one HTML page
 *
 * and the writing of `refund replay --ndjson --summary FILE` (the judging
 * threads' summaries, merged). Counting, merging and rendering are the
 * library's (lib/summary.c, lib/report.c); this is files and printing.
 */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes text to path, replacing it; 0 or 5 with the reason on stderr. */
static int write_file(const char *path, const char *text, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "refund: %s: %s\n", path, cli_strerror(errno));
        return 5;
    }
    bool ok = fwrite(text, 1, len, f) == len;
    int saved = errno;
    if (fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        fprintf(stderr, CLI_TEXT("refund: %s: write error: %s\n", "refund: %s: 写入失败: %s\n"), path, cli_strerror(saved));
        return 5;
    }
    return 0;
}

int cli_summary_save(const rf_ctx *ctx, const char *path, rf_summary *const *parts, size_t n, bool failed) {
    if (failed || !n || !parts[0]) {
        fprintf(stderr,
                CLI_TEXT("refund: %s: the summary is incomplete (out of memory, or a count overflowed); not written\n",
                         "refund: %s: 汇总不完整 (内存不足, 或计数溢出), 未写入\n"),
                path);
        return 5;
    }
    for (size_t i = 1; i < n; i++) {
        rf_error err = {0};
        if (parts[i] && rf_summary_merge(parts[0], parts[i], &err) != RF_OK) {
            char why[1024];
            rf_error_message(&err, cli_message_lang, why, sizeof why);
            fprintf(stderr, CLI_TEXT("refund: %s: %s; not written\n", "refund: %s: %s; 未写入\n"), path, why);
            return 5;
        }
    }
    char *text = NULL;
    size_t len = 0;
    if (rf_render_summary(ctx, parts[0], RF_FORMAT_JSON, RF_LANG_EN, &text, &len) != RF_OK) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        return 5;
    }
    int rc = write_file(path, text, len);
    rf_string_free(ctx, text);
    return rc;
}

/* Prints s in o's format (JSON unless --format says otherwise: a summary is
 * a document to merge and to draw first) and language. */
static int print_summary(const rf_ctx *ctx, const cli_opts *o, const rf_summary *s) {
    rf_format format = o->format_given ? o->format : RF_FORMAT_JSON;
    char *text = NULL;
    size_t len = 0;
    if (rf_render_summary(ctx, s, format, o->lang, &text, &len) != RF_OK) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        return 5;
    }
    int rc = cli_write(text, len);
    rf_string_free(ctx, text);
    return rc;
}

/* Counts every verdict line of path into s. Stops at the first line that
 * is not a verdict: 3 or 4 with FILE:LINE:COL on stderr; 5 if unreadable. */
static int count_verdicts(rf_summary *s, const char *path) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "refund: %s: %s\n", path, cli_strerror(errno));
        return 5;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t got;
    int rc = 0;
    while (!rc && (got = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)got;
        lineno++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        if (!len) continue;
        rf_error err = {0};
        rf_status st = rf_summary_add_verdict_json(s, line, len, path, &err);
        if (st != RF_OK) {
            /* The line of the file and the column in it, the field, and
             * the message in the language asked for. */
            char why[2048];
            rf_error_message(&err, cli_message_lang, why, sizeof why);
            fprintf(stderr, "refund: %s:%zu:%u: %s%s%s\n", path, lineno, err.column, err.field,
                    err.field[0] ? ": " : "", why);
            rc = cli_exit_code(st);
        }
    }
    if (!rc && ferror(f)) {
        fprintf(stderr, CLI_TEXT("refund: %s: read error: %s\n", "refund: %s: 读取失败: %s\n"), path, cli_strerror(errno));
        rc = 5;
    }
    free(line);
    if (f != stdin) fclose(f);
    return rc;
}

/* Where the JSON value that starts at text[i] ends: past its closing
 * bracket (strings and escapes skipped), or len when it does not close. */
static size_t value_end(const char *text, size_t len, size_t i) {
    size_t depth = 0;
    bool in_string = false;
    for (; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') i++;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && depth && --depth == 0) {
            return i + 1;
        }
    }
    return len;
}

/* Reads every summary of the file path (one pretty document, or one per
 * line as --format ndjson writes them: documents one after another) and
 * merges them into *total (made on the first). */
static int merge_file(const rf_ctx *ctx, const char *path, rf_summary **total) {
    char *data;
    size_t len, docs = 0;
    int rc = cli_read_file(path, &data, &len);
    if (rc) return rc;
    unsigned line = 1, column = 1;
    for (size_t at = 0; !rc;) {
        /* Whitespace between documents, counted for positions. */
        while (at < len && (data[at] == ' ' || data[at] == '\t' || data[at] == '\n' || data[at] == '\r')) {
            if (data[at] == '\n') line++, column = 1;
            else column++;
            at++;
        }
        if (at == len && docs) break;
        size_t end = at < len && data[at] == '{' ? value_end(data, len, at) : len;
        rf_summary *part = NULL;
        rf_error err = {0};
        rf_status st = rf_summary_parse(ctx, data + at, end - at, path, &part, &err);
        if (st == RF_OK && *total) {
            st = rf_summary_merge(*total, part, &err);
            rf_summary_free(part);
        } else if (st == RF_OK) {
            *total = part;
        }
        if (st != RF_OK) {
            /* Positions in the file, not in the document. */
            if (err.line) {
                if (err.line == 1) err.column += column - 1;
                err.line += line - 1;
            }
            cli_print_error(path, &err);
            rc = cli_exit_code(st);
        }
        for (; at < end; at++) {
            if (data[at] == '\n') line++, column = 1;
            else column++;
        }
        docs++;
    }
    free(data);
    return rc;
}

/* Reads the summary file path into *out (one document). */
static int load_summary(const rf_ctx *ctx, const char *path, rf_summary **out) {
    char *data;
    size_t len;
    int rc = cli_read_file(path, &data, &len);
    if (rc) return rc;
    rf_error err = {0};
    rf_status st = rf_summary_parse(ctx, data, len, path, out, &err);
    free(data);
    if (st != RF_OK) {
        cli_print_error(path, &err);
        return cli_exit_code(st);
    }
    return 0;
}

int cmd_summary(rf_ctx *ctx, const cli_opts *o) {
    bool merge = false;
    const char **files = malloc(((size_t)o->nargs + 1) * sizeof *files);
    int nfiles = 0, rc = 0;
    if (!files) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        return 5;
    }
    merge = cli_given(o, CLI_OPT_MERGE);
    for (int i = 0; i < o->nargs; i++) files[nfiles++] = o->args[i];
    if (merge && (rc = cli_args(o, 1, -1))) {
        free(files);
        return rc;
    }
    if (!nfiles) files[nfiles++] = "-";
    rf_summary *total = NULL;
    if (merge) {
        for (int i = 0; i < nfiles && !rc; i++) rc = merge_file(ctx, files[i], &total);
    } else {
        total = rf_summary_new(ctx);
        if (!total) {
            fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
            rc = 5;
        }
        for (int i = 0; i < nfiles && !rc; i++) rc = count_verdicts(total, files[i]);
    }
    if (!rc) rc = print_summary(ctx, o, total);
    rf_summary_free(total);
    free(files);
    return rc;
}

int cmd_report(rf_ctx *ctx, const cli_opts *o) {
    int rc = cli_args(o, 1, 1);
    if (rc) return rc;
    if (o->format_given)
        return cli_usage(o, "%s", CLI_TEXT("report writes HTML: --format does not apply", "report 只输出 HTML, 不能用 --format"));
    rf_summary *s = NULL;
    rc = load_summary(ctx, o->args[0], &s);
    if (rc) return rc;
    char *html = NULL;
    size_t len = 0;
    if (rf_render_report(ctx, s, o->lang, &html, &len) != RF_OK) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        rc = 5;
    } else {
        rc = cli_write(html, len);
    }
    rf_string_free(ctx, html);
    rf_summary_free(s);
    return rc;
}
