/*
 * The mistakes people make typing a case file by hand with a Chinese input
 * method, or saving it with Notepad, each with the exact bytes those tools
 * produce: what the library reports (status, position, detail and its
 * parameters) and what rf_error_message says in Chinese and English. Then
 * rf_case_validate (every error of a file), the catalogue of sentences
 * (every detail in both languages, no identifiers in the Chinese) and the
 * longest list of valid values, whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error_text.h"
#include "refund.h"

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR "."
#endif

/* ---- the bytes --------------------------------------------------------------------- */

#define FW_COMMA "\xEF\xBC\x8C"     /* ， U+FF0C FULLWIDTH COMMA */
#define FW_COLON "\xEF\xBC\x9A"     /* ： U+FF1A FULLWIDTH COLON */
#define FW_SEMI "\xEF\xBC\x9B"      /* ； U+FF1B FULLWIDTH SEMICOLON */
#define FW_LPAREN "\xEF\xBC\x88"    /* （ U+FF08 FULLWIDTH LEFT PARENTHESIS */
#define FW_LBRACE "\xEF\xBD\x9B"    /* ｛ U+FF5B FULLWIDTH LEFT CURLY BRACKET */
#define FW_RBRACE "\xEF\xBD\x9D"    /* ｝ U+FF5D FULLWIDTH RIGHT CURLY BRACKET */
#define FW_LBRACKET "\xEF\xBC\xBB"  /* ［ U+FF3B FULLWIDTH LEFT SQUARE BRACKET */
#define LENTICULAR "\xE3\x80\x90"   /* 【 U+3010, what the IME gives for '[' */
#define IDEO_SPACE "\xE3\x80\x80"   /* U+3000 IDEOGRAPHIC SPACE */
#define LDQUO "\xE2\x80\x9C"        /* “ U+201C */
#define RDQUO "\xE2\x80\x9D"        /* ” U+201D */
#define BOM "\xEF\xBB\xBF"
#define FW_8 "\xEF\xBC\x98"         /* ８ U+FF18 */
#define FW_0 "\xEF\xBC\x90"         /* ０ U+FF10 */
/* 七天无理由退货 in UTF-8, and as Notepad saves it as "ANSI" on Chinese
 * Windows (iconv -f UTF-8 -t GBK). */
#define NOTE_UTF8 "\xE4\xB8\x83\xE5\xA4\xA9\xE6\x97\xA0\xE7\x90\x86\xE7\x94\xB1\xE9\x80\x80\xE8\xB4\xA7"
#define NOTE_GBK "\xC6\xDF\xCC\xEC\xCE\xDE\xC0\xED\xD3\xC9\xCD\xCB\xBB\xF5"
/* U+20000 in GB18030: a four-byte sequence. */
#define GB18030_4 "\x95\x32\x82\x36"

static const char base[] =
    "{\n"
    "  \"schema\": \"refund-case/1\",\n"
    "  \"order\": {\n"
    "    \"id\": \"TB1\",\n"
    "    \"channel\": \"c_store\",\n"
    "    \"item_amount\": \"88.00\",\n"
    "    \"shipping_fee\": \"0.00\"\n"
    "  },\n"
    "  \"events\": [\n"
    "    {\"id\": \"e1\", \"at\": \"2024-06-20T09:00:00+08:00\", \"actor\": \"buyer\", \"type\": \"order_created\"},\n"
    "    {\"id\": \"e2\", \"at\": \"2024-06-20T09:05:00+08:00\", \"actor\": \"buyer\", \"type\": \"paid\"},\n"
    "    {\"id\": \"e3\", \"at\": \"2024-06-24T20:00:00+08:00\", \"actor\": \"buyer\", \"type\": \"refund_requested\", "
    "\"kind\": \"refund_only\", \"reason\": \"not_received\", \"amount\": \"80.00\"},\n"
    "    {\"id\": \"e4\", \"at\": \"2024-06-25T20:00:00+08:00\", \"actor\": \"seller\", \"type\": \"refund_refused\", "
    "\"note\": \"" NOTE_UTF8 "\"}\n"
    "  ]\n"
    "}\n";

/* The base document with the first `from` replaced by `to` (static: one at a time). */
static const char *edited(const char *from, const char *to) {
    static char out[4096];
    const char *at = strstr(base, from);
    if (!at) fail_msg("'%s' is not in the base document", from);
    snprintf(out, sizeof out, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
    return out;
}

/* Line and column (bytes) of the first `needle` in text. */
static void position_of(const char *text, const char *needle, unsigned *line, unsigned *column) {
    const char *at = strstr(text, needle);
    if (!at) fail_msg("'%s' not found", needle);
    *line = 1;
    const char *line_start = text;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') ++*line, line_start = p + 1;
    *column = (unsigned)(at - line_start + 1);
}

/* rf_case_parse of text: must fail with code and detail where `at` is. */
static rf_error refused(const char *text, size_t len, rf_status code, rf_error_detail detail, const char *at) {
    rf_error err = {0};
    rf_case *c = NULL;
    rf_status st = rf_case_parse(NULL, text, len, "case.json", &c, &err);
    assert_null(c);
    unsigned line = 1, column = 1;
    if (at) position_of(text, at, &line, &column);
    if (st != code || err.code != code || err.detail != detail || err.line != line || err.column != column)
        fail_msg("got %s %s at %u:%u \"%s\"; wanted %s %s at %u:%u", rf_status_name(st),
                 rf_error_detail_name(err.detail), err.line, err.column, err.message, rf_status_name(code),
                 rf_error_detail_name(detail), line, column);
    assert_string_equal(err.name, "case.json");
    return err;
}

static rf_error refused_s(const char *text, rf_status code, rf_error_detail detail, const char *at) {
    return refused(text, strlen(text), code, detail, at);
}

/* The message in lang must contain each of the NULL-terminated strings. */
static void says(const rf_error *err, rf_lang lang, ...) {
    char text[4096];
    size_t n = rf_error_message(err, lang, text, sizeof text);
    assert_true(n < sizeof text);
    assert_int_equal(n, strlen(text));
    va_list ap;
    va_start(ap, lang);
    for (const char *want = va_arg(ap, const char *); want; want = va_arg(ap, const char *))
        if (!strstr(text, want)) fail_msg("%s message \"%s\" does not say \"%s\"", lang == RF_LANG_ZH ? "zh" : "en", text, want);
    va_end(ap);
}

/* ---- full-width punctuation and curly quotes ------------------------------------- */

static void test_fullwidth_comma_and_colon(void **state) {
    (void)state;
    const char *doc = edited("\"c_store\",", "\"c_store\"" FW_COMMA);
    rf_error err = refused_s(doc, RF_E_JSON, RF_ERR_FULLWIDTH, FW_COMMA);
    assert_int_equal(err.line, 5);
    assert_int_equal(err.column, 25);
    assert_int_equal(err.codepoint, 0xFF0C);
    assert_string_equal(err.found, "\xEF\xBC\x8C");
    assert_string_equal(err.fix, ",");
    says(&err, RF_LANG_EN, "U+FF0C FULLWIDTH COMMA", "\"" FW_COMMA "\"", "where JSON expects ','", "half-width", NULL);
    says(&err, RF_LANG_ZH, "U+FF0C", "全角逗号", "半角的 ','", "英文（半角）标点", NULL);
    /* err->message is the English sentence. */
    assert_non_null(strstr(err.message, "U+FF0C FULLWIDTH COMMA"));

    doc = edited("\"channel\":", "\"channel\"" FW_COLON);
    err = refused_s(doc, RF_E_JSON, RF_ERR_FULLWIDTH, FW_COLON);
    assert_int_equal(err.line, 5);
    assert_int_equal(err.column, 14);
    assert_int_equal(err.codepoint, 0xFF1A);
    assert_string_equal(err.fix, ":");
    says(&err, RF_LANG_EN, "U+FF1A FULLWIDTH COLON", "where JSON expects ':'", NULL);
    says(&err, RF_LANG_ZH, "全角冒号", "':'", NULL);

    /* A full-width semicolon where a separator goes: the separator. */
    err = refused_s(edited("\"c_store\",", "\"c_store\"" FW_SEMI), RF_E_JSON, RF_ERR_FULLWIDTH, FW_SEMI);
    assert_string_equal(err.fix, ",");
    says(&err, RF_LANG_EN, "U+FF1B FULLWIDTH SEMICOLON", "','", NULL);
    says(&err, RF_LANG_ZH, "全角分号", NULL);

    /* A full-width space between tokens: a space. */
    err = refused_s(edited("    \"channel\"", "  " IDEO_SPACE "\"channel\""), RF_E_JSON, RF_ERR_FULLWIDTH, IDEO_SPACE);
    assert_string_equal(err.fix, " ");
    says(&err, RF_LANG_EN, "U+3000 IDEOGRAPHIC SPACE", NULL);
    says(&err, RF_LANG_ZH, "全角空格", NULL);

    /* A full-width parenthesis has no place in JSON syntax: delete it. */
    err = refused_s(edited("\"c_store\",", "\"c_store\"" FW_LPAREN ","), RF_E_JSON, RF_ERR_FULLWIDTH_STRAY, FW_LPAREN);
    assert_int_equal(err.codepoint, 0xFF08);
    assert_string_equal(err.fix, "");
    says(&err, RF_LANG_EN, "U+FF08 FULLWIDTH LEFT PARENTHESIS", "delete it", NULL);
    says(&err, RF_LANG_ZH, "全角左圆括号", "删除", NULL);
}

static void test_fullwidth_brackets(void **state) {
    (void)state;
    rf_error err = refused_s(edited("{", FW_LBRACE), RF_E_JSON, RF_ERR_FULLWIDTH, FW_LBRACE);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    assert_int_equal(err.codepoint, 0xFF5B);
    assert_string_equal(err.fix, "{");
    says(&err, RF_LANG_EN, "U+FF5B FULLWIDTH LEFT CURLY BRACKET", "'{'", NULL);
    says(&err, RF_LANG_ZH, "全角左花括号", "'{'", NULL);

    err = refused_s(edited("  ]\n}", "  ]\n" FW_RBRACE), RF_E_JSON, RF_ERR_FULLWIDTH, FW_RBRACE);
    assert_int_equal(err.line, 15);
    assert_int_equal(err.codepoint, 0xFF5D);
    assert_string_equal(err.fix, "}");
    says(&err, RF_LANG_EN, "U+FF5D FULLWIDTH RIGHT CURLY BRACKET", NULL);
    says(&err, RF_LANG_ZH, "全角右花括号", NULL);

    err = refused_s(edited("\"events\": [", "\"events\": " FW_LBRACKET), RF_E_JSON, RF_ERR_FULLWIDTH, FW_LBRACKET);
    assert_string_equal(err.fix, "[");
    says(&err, RF_LANG_EN, "U+FF3B FULLWIDTH LEFT SQUARE BRACKET", NULL);
    err = refused_s(edited("\"events\": [", "\"events\": " LENTICULAR), RF_E_JSON, RF_ERR_FULLWIDTH, LENTICULAR);
    assert_string_equal(err.fix, "[");
    says(&err, RF_LANG_EN, "U+3010 LEFT BLACK LENTICULAR BRACKET", NULL);
    says(&err, RF_LANG_ZH, "左方头括号", NULL);
}

static void test_curly_quotes(void **state) {
    (void)state;
    /* A key in curly quotes. */
    rf_error err = refused_s(edited("\"kind\"", LDQUO "kind" RDQUO), RF_E_JSON, RF_ERR_CURLY_STRING, LDQUO);
    assert_int_equal(err.line, 12);
    assert_int_equal(err.codepoint, 0x201C);
    assert_string_equal(err.found, LDQUO "kind" RDQUO);
    assert_string_equal(err.fix, "\"kind\"");
    says(&err, RF_LANG_EN, LDQUO "kind" RDQUO " is in curly quotes", "write \"kind\"", NULL);
    says(&err, RF_LANG_ZH, LDQUO "kind" RDQUO, "弯引号", "写成 \"kind\"", NULL);

    /* A value in curly quotes. */
    err = refused_s(edited("\"refund_only\"", LDQUO "refund_only" RDQUO), RF_E_JSON, RF_ERR_CURLY_STRING, LDQUO);
    assert_string_equal(err.fix, "\"refund_only\"");

    /* Curly, then straight: the string as it should be. */
    err = refused_s(edited("\"kind\"", LDQUO "kind\""), RF_E_JSON, RF_ERR_CURLY_STRING, LDQUO);
    assert_string_equal(err.fix, "\"kind\"");
    /* A lone curly quote, nothing to close it on its line: the one character. */
    err = refused_s(edited("\"TB1\",", LDQUO "TB1,"), RF_E_JSON, RF_ERR_FULLWIDTH, LDQUO);
    assert_string_equal(err.fix, "\"");
    says(&err, RF_LANG_EN, "U+201C LEFT DOUBLE QUOTATION MARK", NULL);
    says(&err, RF_LANG_ZH, "左双引号", NULL);

    /* A straight-quoted string closed by a curly quote runs on: to the end
     * of the line, or to the next straight quote. Either way the curly
     * quote is named, where it is. */
    err = refused_s(edited("\"c_store\",", "\"c_store" RDQUO ","), RF_E_JSON, RF_ERR_CURLY_CLOSE, RDQUO);
    assert_int_equal(err.codepoint, 0x201D);
    assert_string_equal(err.found, RDQUO);
    says(&err, RF_LANG_EN, "ends with the curly quote", "U+201D RIGHT DOUBLE QUOTATION MARK", NULL);
    says(&err, RF_LANG_ZH, "右双引号", "直引号", NULL);
    err = refused_s(edited("\"kind\":", "\"kind" RDQUO ":"), RF_E_JSON, RF_ERR_CURLY_CLOSE, RDQUO);
    err = refused_s(edited("\"refund_only\",", "\"refund_only" RDQUO ","), RF_E_JSON, RF_ERR_CURLY_CLOSE, RDQUO);
    /* Curly quotes inside a string are text like any other. */
    rf_case *c = NULL;
    const char *quoted = edited(NOTE_UTF8, "\\u4ed6\\u8bf4" LDQUO "ok" RDQUO);
    assert_int_equal(rf_case_parse(NULL, quoted, strlen(quoted), NULL, &c, NULL), RF_OK);
    rf_case_free(c);
}

/* ---- Notepad's encodings ----------------------------------------------------------- */

static void test_bom(void **state) {
    (void)state;
    char doc[4096];
    snprintf(doc, sizeof doc, BOM "%s", base);
    rf_error err = refused_s(doc, RF_E_JSON, RF_ERR_BOM, NULL);
    assert_int_equal(err.offset, 0);
    assert_non_null(strstr(err.message, "byte order mark"));
    /* The message has no name: the command's FILE stands for it. */
    assert_non_null(strstr(err.message, "sed -i '1s/^\\xEF\\xBB\\xBF//' FILE"));
    says(&err, RF_LANG_EN, "UTF-8 with BOM", "without BOM", "sed -i '1s/^\\xEF\\xBB\\xBF//' case.json", NULL);
    says(&err, RF_LANG_ZH, "字节顺序标记", "不带 BOM", "sed -i '1s/^\\xEF\\xBB\\xBF//' case.json", NULL);
    /* A name a shell would split is quoted. */
    err.name = "my case's.json";
    says(&err, RF_LANG_EN, "sed -i '1s/^\\xEF\\xBB\\xBF//' 'my case'\\''s.json'", NULL);
    err.name = "-";
    says(&err, RF_LANG_EN, "//' FILE", NULL);
}

static void test_utf16(void **state) {
    (void)state;
    /* Notepad's "Unicode": UTF-16LE with its byte order mark. */
    char doc[8192];
    size_t n = 0;
    doc[n++] = (char)0xFF;
    doc[n++] = (char)0xFE;
    for (const char *p = "{\"schema\": \"refund-case/1\"}"; *p; p++) doc[n++] = *p, doc[n++] = 0;
    rf_error err = refused(doc, n, RF_E_JSON, RF_ERR_UTF16, NULL);
    says(&err, RF_LANG_EN, "UTF-16", "iconv -f UTF-16 -t UTF-8 case.json > case.json.utf8", NULL);
    says(&err, RF_LANG_ZH, "UTF-16 编码", "iconv -f UTF-16 -t UTF-8 case.json", NULL);
    /* And without the mark. */
    err = refused(doc + 2, n - 2, RF_E_JSON, RF_ERR_UTF16, NULL);
}

static void test_gbk(void **state) {
    (void)state;
    /* The note, saved by Notepad as GBK: the first byte of 七 is where UTF-8 fails. */
    const char *doc = edited(NOTE_UTF8, NOTE_GBK);
    rf_error err = refused_s(doc, RF_E_JSON, RF_ERR_GBK, NOTE_GBK);
    assert_int_equal(err.line, 13);
    assert_string_equal(err.found, "0xC6 0xDF");
    assert_string_equal(err.fix, "GBK");
    says(&err, RF_LANG_EN, "invalid UTF-8 (bytes 0xC6 0xDF)", "looks like GBK",
         "iconv -f GBK -t UTF-8 case.json > case.json.utf8", NULL);
    says(&err, RF_LANG_ZH, "GBK 编码", "记事本", "iconv -f GBK -t UTF-8 case.json > case.json.utf8", NULL);
    /* With a four-byte sequence, the encoding to name is GB18030. */
    doc = edited(NOTE_UTF8, NOTE_GBK GB18030_4);
    err = refused_s(doc, RF_E_JSON, RF_ERR_GBK, NOTE_GBK);
    assert_string_equal(err.fix, "GB18030");
    says(&err, RF_LANG_EN, "iconv -f GB18030 -t UTF-8 case.json", NULL);
    /* A UTF-8 file with one broken byte is not taken for GBK: its other
     * Chinese text cannot be read as GBK. */
    doc = edited("\"TB1\"", "\"TB\xC6\"");
    err = refused_s(doc, RF_E_JSON, RF_ERR_UTF8_TRUNCATED, "\xC6");
    assert_non_null(strstr(err.message, "invalid UTF-8: truncated sequence starting with byte 0xC6"));
    /* It has a Chinese text of its own. */
    says(&err, RF_LANG_ZH, "以字节 0xC6 开头的序列不完整", NULL);
}

/* ---- values ------------------------------------------------------------------------ */

static void test_fullwidth_digits_in_money(void **state) {
    (void)state;
    rf_error err = refused_s(edited("\"88.00\"", "\"" FW_8 FW_8 "." FW_0 FW_0 "\""), RF_E_INVALID,
                             RF_ERR_FULLWIDTH_VALUE, "\"" FW_8);
    assert_int_equal(err.line, 6);
    assert_int_equal(err.column, 20);
    assert_string_equal(err.field, "order.item_amount");
    assert_string_equal(err.found, FW_8 FW_8 "." FW_0 FW_0);
    assert_string_equal(err.fix, "\"88.00\"");
    says(&err, RF_LANG_EN, "full-width characters", "\"88.00\"", NULL);
    says(&err, RF_LANG_ZH, "全角字符", "半角", "\"88.00\"", NULL);
    /* The ideographic full stop as the decimal point too. */
    err = refused_s(edited("\"88.00\"", "\"" FW_8 FW_8 "\xE3\x80\x82" FW_0 FW_0 "\""), RF_E_INVALID,
                    RF_ERR_FULLWIDTH_VALUE, "\"" FW_8);
    assert_string_equal(err.fix, "\"88.00\"");
    /* Times and names of values alike. */
    err = refused_s(edited("\"c_store\"", "\"\xEF\xBD\x83_\xEF\xBD\x93tore\""), RF_E_INVALID, RF_ERR_FULLWIDTH_VALUE,
                    "\"\xEF\xBD\x83");
    assert_string_equal(err.fix, "\"c_store\"");
    err = refused_s(edited("T09:00:00", "T09" FW_COLON "00" FW_COLON "00"), RF_E_INVALID, RF_ERR_FULLWIDTH_VALUE,
                    "\"2024-06-20T09" FW_COLON);
    assert_string_equal(err.fix, "\"2024-06-20T09:00:00+08:00\"");
    assert_string_equal(err.field, "events[0].at");
}

static void test_money_as_a_number(void **state) {
    (void)state;
    rf_error err = refused_s(edited("\"88.00\"", "88.00"), RF_E_INVALID, RF_ERR_MONEY_NUMBER, "88.00,");
    assert_string_equal(err.field, "order.item_amount");
    assert_string_equal(err.found, "88.00");
    assert_string_equal(err.fix, "\"88.00\"");
    assert_string_equal(err.message,
                        "money must be a string of yuan such as \"88.00\", not the number 88.00: put it in quotes, \"88.00\"");
    says(&err, RF_LANG_ZH, "不能是数字 88.00", "加上引号", "写成 \"88.00\"", NULL);
    /* A number that is no amount even quoted: no fix to give. */
    err = refused_s(edited("\"88.00\"", "88.001"), RF_E_INVALID, RF_ERR_MONEY_BAD_NUMBER, "88.001");
    assert_string_equal(err.fix, "");
    says(&err, RF_LANG_EN, "not the number 88.001", NULL);
}

static void test_duplicate_key(void **state) {
    (void)state;
    const char *doc = edited("    \"item_amount\"", "    \"channel\": \"mall\",\n    \"item_amount\"");
    rf_error err = refused_s(doc, RF_E_INVALID, RF_ERR_DUPLICATE_KEY, "\"channel\": \"mall\"");
    assert_int_equal(err.line, 6);
    assert_int_equal(err.column, 5);
    assert_int_equal(err.first_line, 5);
    assert_int_equal(err.first_column, 5);
    assert_string_equal(err.field, "order.channel");
    assert_string_equal(err.found, "channel");
    says(&err, RF_LANG_EN, "duplicate key \"channel\"", "first at line 5, column 5", NULL);
    says(&err, RF_LANG_ZH, "重复", "第 5 行第 5 列", NULL);
    /* The same in an event. */
    err = refused_s(edited("\"kind\": \"refund_only\",", "\"kind\": \"refund_only\", \"kind\": \"exchange\","),
                    RF_E_INVALID, RF_ERR_DUPLICATE_KEY, "\"kind\": \"exchange\"");
    assert_string_equal(err.field, "events[2].kind");
    assert_int_equal(err.first_line, 12);
}

/* ---- the longest list of valid values ----------------------------------------------- */

static void test_event_types_listed_whole(void **state) {
    (void)state;
    /* Every event type a file may hold (refund_succeeded is the engine's own). */
    char en[1024] = "", zh[3072] = "";
    for (int t = 0; t < RF_EV_REFUND_SUCCEEDED; t++) {
        snprintf(en + strlen(en), sizeof en - strlen(en), "%s%s", t ? ", " : "", rf_enum_name(RF_ENUM_EVENT, t));
        /* In Chinese each with its label, so that staff find the one they mean. */
        snprintf(zh + strlen(zh), sizeof zh - strlen(zh), "%s%s（%s）", t ? "、" : "", rf_enum_name(RF_ENUM_EVENT, t),
                 rf_enum_label_zh(RF_ENUM_EVENT, t));
    }
    /* The longest value a message quotes (40 bytes) with the whole list. */
    const char *doc = edited("\"type\": \"paid\"", "\"type\": \"payed_payed_payed_payed_payed_payed_payed_payed\"");
    rf_error err = refused_s(doc, RF_E_INVALID, RF_ERR_UNKNOWN_VALUE, "\"payed_");
    assert_int_equal(err.values, RF_ENUM_EVENT);
    assert_int_equal(err.value_count, RF_EV_REFUND_SUCCEEDED);
    char want[1200];
    snprintf(want, sizeof want, "unknown value \"%.40s\"; expected one of: %s", "payed_payed_payed_payed_payed_payed_payed_payed", en);
    assert_string_equal(err.message, want);
    assert_true(strlen(err.message) + 1 < sizeof err.message);
    says(&err, RF_LANG_EN, en, NULL);
    says(&err, RF_LANG_ZH, "未知的值", zh, NULL);
    assert_null(strstr(err.message, "refund_succeeded"));
    /* Every enumeration's list fits too, each with its longest quote. */
    for (int which = 0; which < RF_ENUM_COUNT; which++) {
        size_t len = strlen("unknown value \"\"; expected one of: ") + 40;
        for (int v = 0; rf_enum_name((rf_enum_id)which, v); v++) len += strlen(rf_enum_name((rf_enum_id)which, v)) + 2;
        assert_true(len < sizeof err.message);
    }
}

/* ---- every error of a file ---------------------------------------------------------- */

static void test_validate_reports_every_error(void **state) {
    (void)state;
    char doc[4096];
    snprintf(doc, sizeof doc, "%s", base);
    struct { const char *from, *to; } edits[] = {
        {"\"c_store\"", "\"tmall\""},                              /* 5: unknown value */
        {"\"88.00\"", "88.00"},                                    /* 6: money as a number */
        {"\"0.00\"", "\"" FW_0 "." FW_0 FW_0 "\", \"colour\": 1"}, /* 7: full-width, unknown key */
        {"\"type\": \"paid\"", "\"type\": \"payed\""},             /* 11: unknown type */
        {"\"reason\": \"not_received\", ", ""},                   /* 12: missing reason */
        {"\"2024-06-25T20:00:00+08:00\"", "\"2024-06-25 20:00\""}, /* 13: bad time */
    };
    for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        char *at = strstr(doc, edits[i].from);
        assert_non_null(at);
        char rest[4096];
        snprintf(rest, sizeof rest, "%s", at + strlen(edits[i].from));
        snprintf(at, sizeof doc - (size_t)(at - doc), "%s%s", edits[i].to, rest);
    }
    static const struct { unsigned line; const char *field; rf_error_detail detail; } want[] = {
        {5, "order.channel", RF_ERR_UNKNOWN_VALUE},   {6, "order.item_amount", RF_ERR_MONEY_NUMBER},
        {7, "order.shipping_fee", RF_ERR_FULLWIDTH_VALUE}, {7, "order.colour", RF_ERR_UNKNOWN_KEY_ORDER},
        {11, "events[1].type", RF_ERR_UNKNOWN_VALUE}, {12, "events[2].reason", RF_ERR_REQUIRED_FOR},
        {13, "events[3].at", RF_ERR_TIME_TEXT},
    };
    size_t n = sizeof want / sizeof want[0];
    rf_error errs[20];
    size_t count = 0;
    assert_int_equal(rf_case_validate(NULL, doc, strlen(doc), "many.json", errs, 20, &count), RF_E_INVALID);
    assert_int_equal(count, n);
    for (size_t i = 0; i < n; i++) {
        if (errs[i].line != want[i].line || strcmp(errs[i].field, want[i].field) || errs[i].detail != want[i].detail)
            fail_msg("error %zu: %u %s %s, wanted %u %s %s", i, errs[i].line, errs[i].field,
                     rf_error_detail_name(errs[i].detail), want[i].line, want[i].field,
                     rf_error_detail_name(want[i].detail));
        assert_int_equal(errs[i].code, RF_E_INVALID);
        assert_string_equal(errs[i].name, "many.json");
        assert_true(errs[i].column > 0);
    }
    /* rf_case_parse reports the first of them. */
    rf_error first = {0};
    rf_case *c = NULL;
    assert_int_equal(rf_case_parse(NULL, doc, strlen(doc), NULL, &c, &first), RF_E_INVALID);
    assert_string_equal(first.field, errs[0].field);
    assert_string_equal(first.message, errs[0].message);

    /* Fewer slots than errors: the first ones, and the count of all. */
    rf_error two[2];
    assert_int_equal(rf_case_validate(NULL, doc, strlen(doc), NULL, two, 2, &count), RF_E_INVALID);
    assert_int_equal(count, n);
    assert_string_equal(two[1].field, "order.item_amount");
    assert_int_equal(rf_case_validate(NULL, doc, strlen(doc), NULL, NULL, 0, &count), RF_E_INVALID);
    assert_int_equal(count, n);
    assert_int_equal(rf_case_validate(NULL, doc, strlen(doc), NULL, NULL, 0, NULL), RF_E_INVALID);

    /* A syntax error: that one, and nothing else can be read. */
    const char *broken = edited("\"c_store\",", "\"c_store\"" FW_COMMA);
    assert_int_equal(rf_case_validate(NULL, broken, strlen(broken), "b.json", errs, 20, &count), RF_E_JSON);
    assert_int_equal(count, 1);
    assert_int_equal(errs[0].detail, RF_ERR_FULLWIDTH);
    assert_string_equal(errs[0].name, "b.json");
    /* A valid case: nothing. */
    assert_int_equal(rf_case_validate(NULL, base, strlen(base), NULL, errs, 20, &count), RF_OK);
    assert_int_equal(count, 0);
    /* Arguments. */
    assert_int_equal(rf_case_validate(NULL, base, strlen(base), NULL, NULL, 3, &count), RF_E_USAGE);
    assert_int_equal(rf_case_validate(NULL, NULL, 3, NULL, errs, 20, &count), RF_E_USAGE);
    assert_int_equal(rf_case_validate(NULL, NULL, 0, NULL, errs, 20, &count), RF_E_JSON);
    assert_int_equal(count, 1);

    /* An event whose type is unknown: its other keys are still checked. */
    const char *untyped = edited("\"type\": \"paid\"}", "\"type\": \"payed\", \"colour\": 1, \"amount\": 5}");
    assert_int_equal(rf_case_validate(NULL, untyped, strlen(untyped), NULL, errs, 20, &count), RF_E_INVALID);
    assert_int_equal(count, 3);
    assert_int_equal(errs[1].detail, RF_ERR_UNKNOWN_KEY_ANY_EVENT);
    assert_int_equal(errs[2].detail, RF_ERR_MONEY_NUMBER);
}

/* ---- rf_error_message ------------------------------------------------------------------ */

static void test_error_message_buffers(void **state) {
    (void)state;
    assert_int_equal(rf_error_message(NULL, RF_LANG_EN, NULL, 0), 0);
    char buf[8] = "xxxxxxx";
    assert_int_equal(rf_error_message(NULL, RF_LANG_ZH, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    rf_error err = refused_s(edited("\"c_store\",", "\"c_store\"" FW_COMMA), RF_E_JSON, RF_ERR_FULLWIDTH, FW_COMMA);
    size_t whole = rf_error_message(&err, RF_LANG_ZH, NULL, 0);
    assert_true(whole > sizeof buf);
    assert_int_equal(rf_error_message(&err, RF_LANG_ZH, buf, sizeof buf), whole);
    assert_int_equal(strlen(buf), sizeof buf - 1);
    /* No detail: the English message, or the status's. */
    rf_error plain = {0};
    plain.code = RF_E_IO;
    char text[64];
    rf_error_message(&plain, RF_LANG_ZH, text, sizeof text);
    assert_string_equal(text, rf_status_message(RF_E_IO));
    snprintf(plain.message, sizeof plain.message, "something");
    rf_error_message(&plain, RF_LANG_ZH, text, sizeof text);
    assert_string_equal(text, "something");
    /* A detail out of range reads as none. */
    plain.detail = RF_ERR_COUNT;
    rf_error_message(&plain, RF_LANG_EN, text, sizeof text);
    assert_string_equal(text, "something");
    assert_null(rf_error_detail_name(RF_ERR_COUNT));
    assert_string_equal(rf_error_detail_name(RF_ERR_NONE), "none");
}

/* ---- errors of calls, of policies and of summaries ------------------------------------------ */

/* Errors that programs, not people typing a file, cause: said in Chinese
 * too, with the English they always had. */
static void test_calls_made_wrongly(void **state) {
    (void)state;
    rf_error err = {0};
    rf_settle_request q = RF_SETTLE_REQUEST_INIT;
    rf_settlement out = RF_SETTLEMENT_INIT;
    assert_int_equal(rf_settle(NULL, NULL, &q, &out, &err), RF_E_INVALID);
    assert_int_equal(err.detail, RF_ERR_NULL_ARGUMENT);
    assert_string_equal(err.message, "rf_settle: order, request and out must not be NULL");
    says(&err, RF_LANG_ZH, "rf_settle：参数 order、request 和 out 不能为 NULL", NULL);

    /* A struct never initialized, and one smaller than any layout. */
    rf_order order;
    memset(&order, 0, sizeof order);
    order.id = "TB-ZERO";
    rf_case *c = NULL;
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_case_new(NULL, &order, &c, &err), RF_E_INVALID);
    assert_int_equal(err.detail, RF_ERR_SIZE_UNSET);
    assert_string_equal(err.message, "rf_order.size is not set: initialize it with RF_ORDER_INIT or rf_order_init");
    says(&err, RF_LANG_ZH, "rf_order.size 没有设置：请用 RF_ORDER_INIT 或 rf_order_init 初始化", NULL);
    order.size = 3;
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_case_new(NULL, &order, &c, &err), RF_E_INVALID);
    assert_int_equal(err.detail, RF_ERR_SIZE_SMALL);
    says(&err, RF_LANG_EN, "rf_order.size is 3, smaller than any rf_order (", " bytes): initialize it with RF_ORDER_INIT",
         NULL);
    says(&err, RF_LANG_ZH, "rf_order.size 为 3，比任何版本的 rf_order（", "字节）都小：请用 RF_ORDER_INIT 初始化", NULL);

    /* A day kind out of range, and a policy key that is none. */
    rf_calendar *cal = rf_calendar_new(NULL);
    assert_non_null(cal);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_calendar_set_day(cal, 2024, 5, 1, (rf_day_kind)7, &err), RF_E_INVALID);
    assert_string_equal(err.message, "kind: 7 is not a valid value");
    says(&err, RF_LANG_ZH, "kind：7 不是有效的值", NULL);
    rf_calendar_free(cal);
    rf_ctx *ctx = rf_ctx_new(NULL);
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_set_policy(ctx, (rf_policy_key)999, 1, &err), RF_E_INVALID);
    assert_int_equal(err.detail, RF_ERR_POLICY_KEY_NUMBER);
    says(&err, RF_LANG_ZH, "未知的规则参数编号 999", NULL);
    /* Two values that only conflict together: reported on the key set. */
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_MALL_COMMISSION_BP, 9000, &err), RF_OK);
    assert_int_equal(rf_ctx_set_policy(ctx, RF_POLICY_MALL_POINTS_BP, 2000, &err), RF_E_RANGE);
    assert_int_equal(err.detail, RF_ERR_POLICY_SUM);
    assert_string_equal(err.field, "mall_points_bp");
    assert_string_equal(err.message, "mall_commission_bp + mall_points_bp must not exceed 10000 bp");
    says(&err, RF_LANG_ZH, "mall_commission_bp 与 mall_points_bp 之和不能超过 10000 基点", NULL);
    rf_ctx_free(ctx);
}

/* Lines that are no verdict and summaries that do not add up, in Chinese. */
static void test_summary_errors_in_chinese(void **state) {
    (void)state;
    rf_summary *s = rf_summary_new(NULL);
    assert_non_null(s);
    rf_error err = {0};
    const char *line = "{\"order\":\"TB1\",\"channel\":\"tmall\"}";
    assert_int_equal(rf_summary_add_verdict_json(s, line, strlen(line), "v.ndjson", &err), RF_E_INVALID);
    assert_int_equal(err.detail, RF_ERR_VERDICT_UNKNOWN);
    assert_string_equal(err.message, "not a verdict: no known \"channel\"");
    says(&err, RF_LANG_ZH, "不是结论：\"channel\" 缺失或无法识别", NULL);
    rf_summary_free(s);

    const char *doc = "{\"schema\":\"refund-summary/1\",\"lines\":1,\"cases\":1,\"clean\":1,"
                      "\"with_findings\":0,\"bad_lines\":0,\"findings\":0,\"overpaid\":\"0.00\","
                      "\"short_changed\":\"0.00\",\"by_code\":{},\"by_channel\":{\"tmall\":{}},"
                      "\"by_rule\":{},\"by_month\":{}}";
    memset(&err, 0, sizeof err);
    s = NULL;
    assert_int_equal(rf_summary_parse(NULL, doc, strlen(doc), "s.json", &s, &err), RF_E_INVALID);
    assert_null(s);
    assert_int_equal(err.detail, RF_ERR_UNKNOWN_VALUE);
    assert_string_equal(err.field, "by_channel.tmall");
    says(&err, RF_LANG_ZH, "未知的值 \"tmall\"；应为以下之一：c_store（淘宝集市(C店)）、mall（天猫(商城)）", NULL);
    /* lines must be cases + bad_lines. */
    char *more = malloc(strlen(doc) + 1);
    assert_non_null(more);
    strcpy(more, doc);
    memcpy(strstr(more, "\"lines\":1") + 8, "2", 1);
    char *tail = strstr(more, "\"by_channel\":{\"tmall\":{}}");
    assert_non_null(tail);
    memcpy(tail, "\"by_channel\":{          }", strlen("\"by_channel\":{\"tmall\":{}}"));
    memset(&err, 0, sizeof err);
    assert_int_equal(rf_summary_parse(NULL, more, strlen(more), "s.json", &s, &err), RF_E_INVALID);
    assert_int_equal(err.detail, RF_ERR_SUMMARY_SUM);
    assert_string_equal(err.message, "lines must be cases + bad_lines");
    says(&err, RF_LANG_ZH, "lines 必须等于 cases + bad_lines", NULL);
    free(more);
}

/* ---- the catalogue ------------------------------------------------------------------------ */

/* Whether text, its {placeholders} left out, holds an identifier such as
 * refund_requested: letters, '_', letters. */
static const char *identifier_in(const char *text) {
    static char plain[2048];
    size_t n = 0;
    for (const char *p = text; *p && n < sizeof plain - 1; p++) {
        if (*p == '{' && strchr(p, '}')) {
            p = strchr(p, '}');
            plain[n++] = ' ';
            continue;
        }
        plain[n++] = *p;
    }
    plain[n] = '\0';
    for (const char *p = plain; *p; p++) {
        if (*p != '_') continue;
        if (p > plain && p[-1] >= 'a' && p[-1] <= 'z' && p[1] >= 'a' && p[1] <= 'z') return p;
    }
    return NULL;
}

/* The placeholders of a template, sorted and joined. */
static void placeholders(const char *t, char *out, size_t size) {
    const char *found[16];
    size_t n = 0, used = 0;
    for (const char *p = strchr(t, '{'); p && n < 16; p = strchr(p + 1, '{')) found[n++] = p;
    out[0] = '\0';
    /* Each distinct name once, in a fixed order. */
    static const char *const names[] = {"{found}", "{fix}", "{cp}", "{cpname}", "{values}", "{choices}", "{first}", "{file}",
                                        "{byte}", "{hex}", "{u}", "{expected}", "{inside}", "{unit}", "{range}",
                                        "{args}", "{fix1}", "{fix2}", "{fix3}", "{event}", "{status}", "{status2}",
                                        "{name1}", "{name2}"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        for (size_t i = 0; i < n; i++)
            if (!strncmp(found[i], names[k], strlen(names[k]))) {
                used += (size_t)snprintf(out + used, size - used, "%s", names[k]);
                break;
            }
    for (size_t i = 0; i < n; i++) {
        bool known = false;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) known |= !strncmp(found[i], names[k], strlen(names[k]));
        if (!known) fail_msg("unknown placeholder in \"%s\"", t);
    }
}

static void test_catalogue(void **state) {
    (void)state;
    size_t errors_md_len = 0;
    char *errors_md = test_read_file(RF_SOURCE_DIR "/docs/errors.md", &errors_md_len);
    assert_non_null(errors_md);
    for (int d = RF_ERR_NONE + 1; d < RF_ERR_COUNT; d++) {
        const char *name = rf_error_detail_name((rf_error_detail)d);
        const char *en = rf__error_template((rf_error_detail)d, false), *zh = rf__error_template((rf_error_detail)d, true);
        if (!name || !en || !zh || !*en || !*zh) fail_msg("detail %d (%s) lacks a name or a language", d, name);
        for (int e = RF_ERR_NONE; e < d; e++) assert_string_not_equal(name, rf_error_detail_name((rf_error_detail)e));
        /* Both languages say the same things. */
        char pen[256], pzh[256];
        placeholders(en, pen, sizeof pen);
        placeholders(zh, pzh, sizeof pzh);
        if (strcmp(pen, pzh)) fail_msg("%s: the English has %s, the Chinese %s", name, pen, pzh);
        /* No identifier in the Chinese: what the file holds comes in through
         * the placeholders (field paths, values), never the text around them. */
        const char *id = identifier_in(zh);
        if (id) fail_msg("%s: the Chinese template holds an identifier near \"%.20s\"", name, id - 8 > zh ? id - 8 : zh);
        /* Composed with parameters that are no identifiers, the Chinese has
         * none either, and differs from the English. */
        rf_error err = {0};
        err.code = RF_E_INVALID;
        err.detail = (rf_error_detail)d;
        err.codepoint = 0xFF0C;
        snprintf(err.found, sizeof err.found, "x");
        snprintf(err.fix, sizeof err.fix, "3,5");
        /* Values such as c_store are the file's words, which the Chinese
         * must give as they are: the check takes some that are words. */
        err.values = RF_ENUM_RATING;
        err.value_count = RF_RATING_COUNT;
        err.first_line = 2;
        err.first_column = 3;
        err.name = "case.json";
        char said_en[2048], said_zh[2048];
        assert_true(rf_error_message(&err, RF_LANG_EN, said_en, sizeof said_en) > 0);
        assert_true(rf_error_message(&err, RF_LANG_ZH, said_zh, sizeof said_zh) > 0);
        assert_string_not_equal(said_en, said_zh);
        if (identifier_in(said_zh)) fail_msg("%s: \"%s\" holds an identifier", name, said_zh);
        if (strchr(said_en, '{') || strchr(said_zh, '{')) fail_msg("%s: a placeholder left in \"%s\"", name, said_en);
        /* docs/errors.md lists it. */
        char quoted[64];
        snprintf(quoted, sizeof quoted, "`%s`", name);
        if (!strstr(errors_md, quoted)) fail_msg("docs/errors.md does not list the detail %s", quoted);
    }
    free(errors_md);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fullwidth_comma_and_colon),
        cmocka_unit_test(test_fullwidth_brackets),
        cmocka_unit_test(test_curly_quotes),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_gbk),
        cmocka_unit_test(test_fullwidth_digits_in_money),
        cmocka_unit_test(test_money_as_a_number),
        cmocka_unit_test(test_duplicate_key),
        cmocka_unit_test(test_event_types_listed_whole),
        cmocka_unit_test(test_validate_reports_every_error),
        cmocka_unit_test(test_error_message_buffers),
        cmocka_unit_test(test_calls_made_wrongly),
        cmocka_unit_test(test_summary_errors_in_chinese),
        cmocka_unit_test(test_catalogue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
