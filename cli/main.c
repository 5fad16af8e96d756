/*
 * refund: the command line over librefund. Argument parsing, files and
 * printing only; every rule is decided in lib/.
 */
#include "refund.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- files --------------------------------------------------------------------------- */


int cli_read_file(const char *path, char **data, size_t *len) {
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    size_t cap = 1 << 16, n = 0;
    char *buf;
    if (!f) {
        fprintf(stderr, "refund: %s: %s\n", path, cli_strerror(errno));
        return 5;
    }
    buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n > CLI_MAX_FILE) {
            fprintf(stderr, CLI_TEXT("refund: %s: larger than the %zu-byte limit\n", "refund: %s: 文件超过 %zu 字节的上限\n"),
                    path, CLI_MAX_FILE);
            free(buf);
            if (f != stdin) fclose(f);
            return 3;
        }
        if (got == 0) break;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) { free(buf); buf = NULL; break; }
            buf = bigger;
            cap *= 2;
        }
    }
    int failed = !buf || ferror(f);
    if (f != stdin) fclose(f);
    if (failed) {
        free(buf);
        fprintf(stderr, CLI_TEXT("refund: %s: could not be read\n", "refund: %s: 读取失败\n"), path);
        return 5;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return 0;
}

/* src as the inside of a JSON string, cut to fit size bytes with its NUL. */
void cli_json_escape(char *dst, size_t size, const char *src) {
    size_t j = 0;
    for (const unsigned char *s = (const unsigned char *)src; *s && j + 7 < size; s++) {
        if (*s == '"' || *s == '\\') { dst[j++] = '\\'; dst[j++] = (char)*s; }
        else if (*s < 0x20) j += (size_t)snprintf(dst + j, size - j, "\\u%04x", *s);
        else dst[j++] = (char)*s;
    }
    dst[j] = '\0';
}

void cli_print_error(const char *file, const rf_error *err) {
    /* The library names the input it was given when it can. */
    if (err->name) file = err->name;
    /* The message in the language asked for, composed by the library from
     * the error's detail (its English message when it has none). */
    char text[2048], *message = text;
    size_t n = rf_error_message(err, cli_message_lang, text, sizeof text);
    if (n >= sizeof text && (message = malloc(n + 1)) != NULL) rf_error_message(err, cli_message_lang, message, n + 1);
    if (!message) message = text; /* out of memory: the message cut, not lost */
    if (err->line)
        fprintf(stderr, "refund: %s:%u:%u: ", file, err->line, err->column);
    else
        fprintf(stderr, "refund: %s: ", file);
    if (err->field[0] && !strstr(message, err->field)) fprintf(stderr, "%s: ", err->field);
    fprintf(stderr, "%s\n", message);
    if (message != text) free(message);
}

/* The exit code of each status (FORMAT.md section 3): 0 done, 1 findings or
 * a refused event, 2 usage, 3 malformed JSON, 4 valid JSON that is not a
 * valid case, event, policy or calendar, 5 a file not read or written. The
 * mapping is the command's, not the library's: a status says what went
 * wrong, an exit code is how this one program reports it. No default, so
 * that the compiler (-Wswitch) names a status added without an exit code;
 * tests/cli/t_docs.sh checks docs/errors.md against these lines. */
int cli_exit_code(rf_status st) {
    switch (st) {
    case RF_OK: return 0;
    case RF_E_NOMEM: return 5;
    case RF_E_IO: return 5;
    case RF_E_JSON: return 3;
    case RF_E_LIMIT: return 3;
    case RF_E_INVALID: return 4;
    case RF_E_RANGE: return 4;
    case RF_E_CALENDAR: return 4;
    case RF_E_REFUSED: return 1;
    case RF_E_USAGE: return 2;
    }
    return 2; /* not an rf_status: a bad argument somewhere */
}

/* Applies --policy and --calendar to a new context. */
static int make_context(const cli_opts *o, rf_ctx **out) {
    rf_ctx *ctx = rf_ctx_new(NULL);
    if (!ctx) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        return 5;
    }
    const char *files[2] = {o->policy_file, o->calendar_file};
    for (int i = 0; i < 2; i++) {
        char *data;
        size_t len;
        rf_error err = {0};
        if (!files[i]) continue;
        int rc = cli_read_file(files[i], &data, &len);
        if (rc) { rf_ctx_free(ctx); return rc; }
        rf_status st = i == 0 ? rf_ctx_load_policy(ctx, data, len, files[i], &err)
                              : rf_ctx_load_calendar(ctx, data, len, files[i], &err);
        free(data);
        if (st != RF_OK) {
            cli_print_error(files[i], &err);
            rf_ctx_free(ctx);
            return cli_exit_code(st);
        }
    }
    *out = ctx;
    return 0;
}

int cli_write(const char *text, size_t len) {
    if (fwrite(text, 1, len, stdout) != len) {
        fprintf(stderr, CLI_TEXT("refund: write error: %s\n", "refund: 写出失败: %s\n"), cli_strerror(errno));
        return 5;
    }
    return 0;
}

/* ---- dispatch -------------------------------------------------------------------------- */

/* Each command with its help in both languages, side by side: a command
 * whose HELP_<NAME>_ZH is missing does not compile. */
#define COMMAND(name, NAME) \
    {#name, cmd_##name, {[RF_LANG_EN] = HELP_##NAME, [RF_LANG_ZH] = HELP_##NAME##_ZH}}
static const cli_command commands[] = {
    COMMAND(check, CHECK),
    COMMAND(replay, REPLAY),
    COMMAND(apply, APPLY),
    COMMAND(quote, QUOTE),
    COMMAND(validate, VALIDATE),
    COMMAND(rules, RULES),
    COMMAND(graph, GRAPH),
    COMMAND(new, NEW),
    COMMAND(summary, SUMMARY),
    COMMAND(report, REPORT),
    COMMAND(import, IMPORT),
};
#undef COMMAND

/* The top-level help, in both languages. */
static const char *const main_help[2] = {[RF_LANG_EN] = HELP_MAIN, [RF_LANG_ZH] = HELP_MAIN_ZH};

const char *cli_status_message(rf_status st) {
    if (cli_message_lang != RF_LANG_ZH) return rf_status_message(st);
    switch (st) {
    case RF_OK: return "成功";
    case RF_E_NOMEM: return "内存不足";
    case RF_E_IO: return "输入/输出错误";
    case RF_E_JSON: return "JSON 格式错误";
    case RF_E_LIMIT: return "输入超出上限";
    case RF_E_INVALID: return "案件、事件或规则参数无效";
    case RF_E_RANGE: return "数值超出范围";
    case RF_E_CALENDAR: return "日期超出工作日历";
    case RF_E_REFUSED: return "当前状态不允许该事件";
    case RF_E_USAGE: return "参数错误";
    }
    return rf_status_message(st);
}

const char *cli_help(const char *command, rf_lang lang) {
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(commands[i].name, command)) return commands[i].help[lang == RF_LANG_ZH];
    return NULL;
}

static int run_command(const cli_command *command, const cli_opts *o) {
    rf_ctx *ctx = NULL;
    int rc = make_context(o, &ctx);
    if (rc) return rc;
    rc = command->run(ctx, o);
    rf_ctx_free(ctx);
    if (fflush(stdout) != 0 && rc == 0) {
        fprintf(stderr, CLI_TEXT("refund: write error: %s\n", "refund: 写出失败: %s\n"), cli_strerror(errno));
        rc = 5;
    }
    return rc;
}

int main(int argc, char **argv) {
    /* Messages from the first: a usage error may come before --lang is read. */
    cli_message_lang = cli_lang_from_args(argc, argv);
    if (argc < 2) {
        fputs(main_help[cli_message_lang], stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
        printf("refund %s (librefund %s)\n", RF_VERSION_STRING, rf_version());
        return 0;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(main_help[cli_message_lang], stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[1], commands[i].name) != 0) continue;
        /* The command's own options and the common ones (cli/opts.c). */
        cli_opts o;
        int rc = cli_parse(commands[i].name, argc - 1, argv + 1, &o);
        cli_message_lang = o.lang;
        if (!rc && o.help) fputs(commands[i].help[o.lang], stdout);
        else if (!rc) rc = run_command(&commands[i], &o);
        cli_opts_free(&o);
        return rc;
    }
    if (argv[1][0] == '-')
        return cli_usage(NULL, CLI_TEXT("unknown option '%s' (options come after the command)", "未知的选项 '%s'（选项要写在命令之后）"),
                         argv[1]);
    return cli_usage(NULL, CLI_TEXT("unknown command '%s'", "未知的命令 '%s'"), argv[1]);
}
