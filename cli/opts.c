/*
 * The command line of one command: getopt_long(3) over the rows of
 * CLI_OPTION_LIST (cli/cli.h) that name the command, then the common
 * options' values checked, and readers that check a command's own values
 * and list the valid ones when a value is wrong.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cli_row {
    const char *name;
    int short_name;
    int arg;
    const char *commands;
} cli_row;

static const cli_row rows[CLI_OPT_COUNT] = {
#define CLI_X_(id, name, short_name, arg, commands) {name, short_name, arg, commands},
    CLI_OPTION_LIST(CLI_X_)
#undef CLI_X_
};

/* getopt_long returns CLI_OPT_BASE + id for a long option: above every
 * character, so that it never meets a short option, 1 (an argument), '?'
 * or ':'. */
#define CLI_OPT_BASE 256

/* Whether the space-separated list names command ("*": every command). */
static bool takes(const char *list, const char *command) {
    size_t n = strlen(command);
    if (!strcmp(list, "*")) return true;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && !strncmp(p, command, n)) return true;
        p += len;
        p += strspn(p, " ");
    }
    return false;
}

rf_lang cli_lang_from_env(void) {
    const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < 3; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return strncmp(v, "zh", 2) == 0 ? RF_LANG_ZH : RF_LANG_EN;
    }
    return RF_LANG_EN;
}

rf_lang cli_lang_from_args(int argc, char **argv) {
    rf_lang lang = cli_lang_from_env();
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *v = NULL;
        if (!strcmp(argv[i], "--lang") && i + 1 < argc) v = argv[++i];
        else if (!strncmp(argv[i], "--lang=", 7)) v = argv[i] + 7;
        if (v && !strcmp(v, "zh")) lang = RF_LANG_ZH;
        else if (v && !strcmp(v, "en")) lang = RF_LANG_EN;
    }
    return lang;
}

rf_lang cli_message_lang = RF_LANG_EN;

const char *cli_strerror(int errnum) {
    if (cli_message_lang == RF_LANG_ZH) {
        /* What staff meet: a mistyped name, a folder, a file they may not
         * write, a full disk. */
        switch (errnum) {
        case ENOENT: return "文件或目录不存在";
        case EACCES: return "没有权限";
        case EPERM: return "不允许的操作";
        case EISDIR: return "这是一个目录";
        case ENOTDIR: return "路径中有一项不是目录";
        case ENOSPC: return "磁盘空间不足";
        case EROFS: return "文件系统只读";
        case ENAMETOOLONG: return "文件名太长";
        case EEXIST: return "文件已存在";
        case EIO: return "输入/输出错误";
        default: break;
        }
    }
    return strerror(errnum);
}

int cli_usage(const cli_opts *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("refund: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (o && o->command) fprintf(stderr, CLI_TEXT("\nTry 'refund %s --help'.\n", "\n用法见 'refund %s --help --lang zh'。\n"), o->command);
    else fputs(CLI_TEXT("\nTry 'refund --help'.\n", "\n用法见 'refund --help --lang zh'。\n"), stderr);
    return 2;
}

/* ---- what getopt_long refused ------------------------------------------------------ */

/* The name of a long option as typed, without "--" and "=value". */
static void typed_name(const char *arg, char *buf, size_t size) {
    size_t n = strcspn(arg + 2, "=");
    if (n >= size) n = size - 1;
    memcpy(buf, arg + 2, n);
    buf[n] = '\0';
}

/* An option getopt_long did not take: unknown to this command (and maybe
 * another's), a prefix of several of its options, or a flag given a value. */
static int refused_option(const cli_opts *o, const char *arg, int optopt_char) {
    char name[64], list[512];
    size_t used = 0;
    int matches = 0, exact = -1;
    if (optopt_char || strncmp(arg, "--", 2) != 0) {
        /* A short option: getopt_long says which letter. */
        return cli_usage(o, CLI_TEXT("unknown option '-%c'", "未知的选项 '-%c'"), optopt_char ? optopt_char : '?');
    }
    typed_name(arg, name, sizeof name);
    size_t n = strlen(name);
    list[0] = '\0';
    for (int i = 0; i < CLI_OPT_COUNT; i++) {
        if (!takes(rows[i].commands, o->command) || strncmp(rows[i].name, name, n) != 0) continue;
        if (rows[i].name[n] == '\0') exact = i;
        matches++;
        used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0, "%s--%s",
                                 matches > 1 ? CLI_TEXT(", ", "、") : "", rows[i].name);
        if (used >= sizeof list) used = sizeof list;
    }
    if (exact >= 0 || (matches == 1 && n > 0)) {
        /* The name is this command's: the trouble is the value. */
        for (int i = 0; i < CLI_OPT_COUNT; i++)
            if (takes(rows[i].commands, o->command) && !strncmp(rows[i].name, name, n) &&
                (exact < 0 || i == exact))
                return cli_usage(o, CLI_TEXT("option --%s takes no value (got '%s')", "选项 --%s 不带值（却写成了 '%s'）"),
                                 rows[i].name, arg);
    }
    if (matches > 1) return cli_usage(o, CLI_TEXT("ambiguous option '--%s': %s", "选项 '--%s' 不明确，可能是：%s"), name, list);
    /* Another command's option, perhaps. */
    list[0] = '\0';
    used = 0;
    for (int i = 0; i < CLI_OPT_COUNT; i++) {
        if (strcmp(rows[i].name, name) != 0) continue;
        used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0, "%s%s",
                                 used ? " " : "", rows[i].commands);
        if (used >= sizeof list) used = sizeof list;
    }
    if (list[0])
        return cli_usage(o,
                         CLI_TEXT("unknown option '--%s' for %s (it is an option of: %s)",
                                  "未知的选项 '--%s'：%s 命令没有这个选项（它属于：%s）"),
                         name, o->command, list);
    return cli_usage(o, CLI_TEXT("unknown option '--%s'", "未知的选项 '--%s'"), name);
}

/* ---- the common options ----------------------------------------------------------- */

static int graph_format(const cli_opts *o, const char *val) {
    return cli_usage(o, CLI_TEXT("unknown format '%s' for graph: dot or mermaid", "graph 不支持格式 '%s'：应为 dot 或 mermaid"),
                     val);
}

static int common_options(cli_opts *o) {
    const char *val;
    bool graph = !strcmp(o->command, "graph");
    if ((val = o->value[CLI_OPT_FORMAT])) {
        if (!strcmp(val, "text")) o->format = RF_FORMAT_TEXT;
        else if (!strcmp(val, "json")) o->format = RF_FORMAT_JSON;
        else if (!strcmp(val, "ndjson")) o->format = RF_FORMAT_NDJSON;
        else if (!strcmp(val, "csv") && !strcmp(o->command, "replay")) o->csv = true;
        else if (!strcmp(val, "csv")) return cli_usage(o, CLI_TEXT("--format csv goes with replay", "--format csv 只能用于 replay"));
        else if (!strcmp(val, "dot") || !strcmp(val, "mermaid")) o->graph_syntax = val;
        else if (graph) return graph_format(o, val);
        else
            return cli_usage(o,
                             CLI_TEXT("unknown format '%s' (text, json, ndjson; csv for replay; dot, mermaid for graph)",
                                      "未知的格式 '%s'（可用 text、json、ndjson；replay 另可用 csv；graph 用 dot 或 mermaid）"),
                             val);
        if (graph && !o->graph_syntax) return graph_format(o, val);
        if (!graph && o->graph_syntax)
            return cli_usage(o,
                             CLI_TEXT("unknown format '%s' for %s: text, json or ndjson (dot and mermaid are for graph)",
                                      "格式 '%s' 不能用于 %s：应为 text、json 或 ndjson（dot 和 mermaid 用于 graph）"),
                             val, o->command);
        o->format_given = val;
    }
    if ((val = o->value[CLI_OPT_LANG])) {
        if (!strcmp(val, "zh")) o->lang = RF_LANG_ZH;
        else if (!strcmp(val, "en")) o->lang = RF_LANG_EN;
        else return cli_usage(o, CLI_TEXT("unknown language '%s' (zh, en)", "未知的语言 '%s'（可用 zh、en）"), val);
    }
    if ((val = o->value[CLI_OPT_NOW])) {
        if (rf_time_parse(val, strlen(val), &o->now) != RF_OK)
            return cli_usage(o,
                             CLI_TEXT("--now '%s' is not an RFC 3339 time with an offset, such as 2024-06-25T10:00:00+08:00",
                                      "--now '%s' 不是带时区的 RFC 3339 时间，应写成 2024-06-25T10:00:00+08:00 这样"),
                             val);
        o->has_now = true;
    }
    o->policy_file = o->value[CLI_OPT_POLICY];
    o->calendar_file = o->value[CLI_OPT_CALENDAR];
    o->help = o->value[CLI_OPT_HELP] != NULL;
    return 0;
}

/* ---- parsing ----------------------------------------------------------------------- */

int cli_parse(const char *command, int argc, char **argv, cli_opts *o) {
    struct option longopts[CLI_OPT_COUNT + 1];
    char optstring[3 + 2 * CLI_OPT_COUNT];
    size_t nlong = 0, nshort = 0;
    memset(o, 0, sizeof *o);
    o->command = command;
    o->format = RF_FORMAT_TEXT;
    o->lang = cli_message_lang; /* argv's --lang or the environment's (main) */
    /* Room for all of argv, so that there is no limit but the system's on
     * the length of a command line. */
    o->args = malloc(((size_t)argc + 1) * sizeof *o->args);
    o->given = malloc(((size_t)argc + 1) * sizeof *o->given);
    if (!o->args || !o->given) {
        fputs(CLI_TEXT("refund: out of memory\n", "refund: 内存不足\n"), stderr);
        return 5;
    }
    /* "-": arguments come back in order as option 1, whatever
     * POSIXLY_CORRECT says; ":": a missing value is ':', not '?'. */
    optstring[nshort++] = '-';
    optstring[nshort++] = ':';
    for (int i = 0; i < CLI_OPT_COUNT; i++) {
        if (!takes(rows[i].commands, command)) continue;
        longopts[nlong++] = (struct option){rows[i].name, rows[i].arg == CLI_VALUE ? required_argument : no_argument,
                                            NULL, CLI_OPT_BASE + i};
        if (rows[i].short_name) {
            optstring[nshort++] = (char)rows[i].short_name;
            if (rows[i].arg == CLI_VALUE) optstring[nshort++] = ':';
        }
    }
    longopts[nlong] = (struct option){NULL, 0, NULL, 0};
    optstring[nshort] = '\0';
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
        int id = -1;
        if (c == 1) {
            o->args[o->nargs++] = optarg;
            continue;
        }
        if (c == ':') {
            int i = optopt >= CLI_OPT_BASE ? optopt - CLI_OPT_BASE : -1;
            for (int j = 0; i < 0 && j < CLI_OPT_COUNT; j++)
                if (rows[j].short_name == optopt && takes(rows[j].commands, command)) i = j;
            return cli_usage(o, CLI_TEXT("option --%s needs a value", "选项 --%s 缺少值"), i >= 0 ? rows[i].name : "?");
        }
        if (c == '?') return refused_option(o, argv[optind - 1], optopt < CLI_OPT_BASE ? optopt : 0);
        if (c >= CLI_OPT_BASE) id = c - CLI_OPT_BASE;
        for (int j = 0; id < 0 && j < CLI_OPT_COUNT; j++)
            if (rows[j].short_name == c && takes(rows[j].commands, command)) id = j;
        if (id < 0) return cli_usage(o, CLI_TEXT("unknown option '-%c'", "未知的选项 '-%c'"), c);
        const char *val = rows[id].arg == CLI_VALUE ? optarg : "";
        o->given[o->ngiven++] = (cli_given_opt){(cli_opt_id)id, val};
        o->value[id] = val;
    }
    /* After "--": arguments, even those beginning with '-'. */
    for (; optind < argc; optind++) o->args[o->nargs++] = argv[optind];
    return common_options(o);
}

void cli_opts_free(cli_opts *o) {
    free(o->args);
    free(o->given);
    o->args = NULL;
    o->given = NULL;
}

bool cli_given(const cli_opts *o, cli_opt_id id) { return o->value[id] != NULL; }

const char *cli_value(const cli_opts *o, cli_opt_id id) { return o->value[id]; }

const char *cli_next_value(const cli_opts *o, cli_opt_id id, int *pos) {
    for (; *pos < o->ngiven; (*pos)++)
        if (o->given[*pos].id == id) return o->given[(*pos)++].value;
    return NULL;
}

int cli_columns(const char *text) {
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        w += *p < 0x80 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xC0) == 0xC0 ? 1 : 0;
    return w;
}

int cli_missing(const cli_opts *o, size_t n, const char *const names[], const char *const what[]) {
    char msg[2048];
    bool zh = cli_message_lang == RF_LANG_ZH;
    size_t used = (size_t)snprintf(msg, sizeof msg, zh ? "%s: 缺少 " : "%s: missing ", o->command);
    for (size_t i = 0; i < n && used < sizeof msg; i++)
        used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s",
                                 i == 0 ? "" : i + 1 == n ? (zh ? " 和 " : " and ") : (zh ? "、" : ", "), names[i]);
    /* Each name padded to 12 columns, as the help aligns its options. */
    for (size_t i = 0; i < n && used < sizeof msg; i++) {
        int pad = 12 - cli_columns(names[i]);
        used += (size_t)snprintf(msg + used, sizeof msg - used, "\n  %s%*s %s", names[i], pad > 0 ? pad : 0, "",
                                 what[i]);
    }
    return cli_usage(o, "%s", msg);
}

void cli_usage_lines(const char *command) {
    const char *help = cli_help(command, cli_message_lang);
    const char *end = help ? strstr(help, "\n\n") : NULL;
    if (help) fprintf(stderr, "%.*s\n", end ? (int)(end - help) : (int)strlen(help), help);
}

int cli_args(const cli_opts *o, int min, int max) {
    if (o->nargs >= min && (max < 0 || o->nargs <= max)) return 0;
    fputs(CLI_TEXT("refund: wrong number of arguments\n", "refund: 参数个数不对\n"), stderr);
    cli_usage_lines(o->command);
    return 2;
}

/* ---- checking readers ------------------------------------------------------------ */

const char *cli_enum_values(rf_enum_id which, char *buf, size_t size) {
    size_t used = 0;
    const char *name;
    bool zh = cli_message_lang == RF_LANG_ZH;
    buf[0] = '\0';
    for (int v = 0; (name = rf_enum_name(which, v)) != NULL; v++) {
        /* refund_succeeded is the engine's own event type, never typed. */
        if (which == RF_ENUM_EVENT && v == RF_EV_REFUND_SUCCEEDED) break;
        const char *label = zh ? rf_enum_label_zh(which, v) : NULL;
        if (label && !strcmp(label, name)) label = NULL;
        used += (size_t)snprintf(buf + used, used < size ? size - used : 0, "%s%s%s%s%s", v ? (zh ? "、" : ", ") : "",
                                 name, label ? "（" : "", label ? label : "", label ? "）" : "");
        if (used >= size) break;
    }
    return buf;
}

const char *cli_one_of(rf_enum_id which, char *buf, size_t size) {
    int n = snprintf(buf, size, "%s", CLI_TEXT("one of: ", "取以下之一："));
    if (n > 0 && (size_t)n < size) cli_enum_values(which, buf + n, size - (size_t)n);
    return buf;
}

int cli_enum_opt(const cli_opts *o, cli_opt_id id, rf_enum_id which, int *out) {
    const char *val = o->value[id];
    if (!val) return 0;
    int v = rf_enum_lookup(which, val, strlen(val));
    if (v < 0) {
        char list[1024];
        return cli_usage(o, CLI_TEXT("--%s: unknown value '%s'; one of: %s", "--%s 的值 '%s' 无效；应为以下之一：%s"),
                         rows[id].name, val, cli_enum_values(which, list, sizeof list));
    }
    *out = v;
    return 0;
}

int cli_yes_no_opt(const cli_opts *o, cli_opt_id id, bool *out) {
    const char *val = o->value[id];
    if (!val) return 0;
    if (!strcmp(val, "yes")) *out = true;
    else if (!strcmp(val, "no")) *out = false;
    else
        return cli_usage(o, CLI_TEXT("--%s: unknown value '%s'; one of: yes, no", "--%s 的值 '%s' 无效；应为 yes（是）或 no（否）"),
                         rows[id].name, val);
    return 0;
}

int cli_money_opt(const cli_opts *o, cli_opt_id id, rf_fen *out) {
    const char *val = o->value[id];
    if (!val) return 0;
    rf_status st = rf_money_parse(val, strlen(val), out);
    if (st == RF_E_RANGE)
        return cli_usage(o, CLI_TEXT("--%s: '%s' is more than the largest amount, 99999999999.99",
                                     "--%s 的金额 '%s' 超过上限 99999999999.99"),
                         rows[id].name, val);
    if (st != RF_OK)
        return cli_usage(o,
                         CLI_TEXT("--%s needs an amount of yuan such as 88 or 88.00 (no sign, at most two decimals), got '%s'",
                                  "--%s 要写以元为单位的金额，如 88 或 88.00（不带正负号，最多两位小数），却写成了 '%s'"),
                         rows[id].name, val);
    return 0;
}

rf_status cli_time_parse(const char *text, rf_time *out) {
    /* YYYY-MM-DD, a space or T, HH:MM, then :SS or not, then the offset or
     * nothing: rebuilt as RFC 3339 for the library to check. */
    char buf[40];
    size_t len = strlen(text);
    if (len < 16 || len > 25 || (text[10] != ' ' && text[10] != 'T' && text[10] != 't')) return RF_E_INVALID;
    const char *rest = text + 16;
    const char *seconds = ":00";
    if (rest[0] == ':') {
        if (strlen(rest) < 3) return RF_E_INVALID;
        seconds = NULL;
    }
    int n = snprintf(buf, sizeof buf, "%.10sT%.5s%.3s%s", text, text + 11, seconds ? seconds : rest,
                     seconds ? rest : rest + 3);
    if (n < 0 || (size_t)n >= sizeof buf) return RF_E_INVALID;
    if (buf[19] == '\0') strcpy(buf + 19, "+08:00"); /* no offset after the seconds */
    return rf_time_parse(buf, strlen(buf), out);
}

int cli_time_opt(const cli_opts *o, cli_opt_id id, rf_time *out) {
    const char *val = o->value[id];
    if (!val) return 0;
    rf_status st = cli_time_parse(val, out);
    if (st == RF_E_RANGE)
        return cli_usage(o, CLI_TEXT("--%s: '%s' is not a date and time that exists", "--%s 的时间 '%s' 不存在（日期或时刻超出范围）"),
                         rows[id].name, val);
    if (st != RF_OK)
        return cli_usage(o,
                         CLI_TEXT("--%s: '%s' is not a time; write it as the seller console shows it, "
                                  "YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS (Beijing time, +08:00; "
                                  "a T for the space and an offset such as +08:00 or Z are accepted)",
                                  "--%s 的值 '%s' 不是时间；请照卖家后台显示的写，"
                                  "如 2024-06-25 10:00 或 2024-06-25 10:00:00（北京时间 +08:00；"
                                  "日期和时间之间也可写 T，后面也可加时区，如 +08:00 或 Z）"),
                         rows[id].name, val);
    return 0;
}
