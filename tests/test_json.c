/*
 * Tests of the strict JSON reader (lib/json_read.c), and of the buffer (lib/buf.c),
 * the compact writing pieces and the re-indenting pass (lib/json_write.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json_read.h"
#include "json_write.h"

#ifndef RF_SOURCE_DIR
#define RF_SOURCE_DIR "."
#endif
#define SUITE_DIR RF_SOURCE_DIR "/../shared/jsontestsuite/test_parsing"

/* ---- helpers ------------------------------------------------------------------ */

static rf__json_doc *parse_ok_n(const char *text, size_t len, const rf__json_limits *limits) {
    rf__json_doc *doc = NULL;
    rf_error err = {0};
    rf_status st = rf__json_parse(NULL, text, len, limits, &doc, &err);
    if (st != RF_OK) fail_msg("parse failed: %s at %u:%u", err.message, err.line, err.column);
    assert_non_null(doc);
    assert_non_null(rf__json_root(doc));
    return doc;
}

static rf__json_doc *parse_ok(const char *text) { return parse_ok_n(text, strlen(text), NULL); }

/* Parses text expecting failure with code at line:column whose message
 * contains want. Returns the error for further checks. */
static rf_error expect_error_n(const char *text, size_t len, const rf__json_limits *limits,
                               rf_status code, unsigned line, unsigned column, const char *want) {
    static char sentinel;
    rf__json_doc *doc = (rf__json_doc *)&sentinel; /* the parser must reset it to NULL */
    rf_error err = {0};
    rf_status st = rf__json_parse(NULL, text, len, limits, &doc, &err);
    assert_null(doc);
    if (st != code || err.code != code || err.line != line || err.column != column ||
        !strstr(err.message, want))
        fail_msg("got %s at %u:%u \"%s\"; wanted %s at %u:%u containing \"%s\"",
                 rf_status_name(st), err.line, err.column, err.message, rf_status_name(code),
                 line, column, want);
    return err;
}

static rf_error expect_error(const char *text, rf_status code, unsigned line, unsigned column,
                             const char *want) {
    return expect_error_n(text, strlen(text), NULL, code, line, column, want);
}

static void assert_bytes(const char *got, size_t got_len, const char *want, size_t want_len) {
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    assert_int_equal(got[got_len], '\0'); /* decoded strings stay NUL-terminated */
}

/* Reads a whole file into a malloc'ed buffer. */
/* ---- conformance: JSONTestSuite -------------------------------------------------- */

/* The two y_ files that repeat a key in one object. RFC 8259 section 4 says
 * names SHOULD be unique and leaves the rest to the implementation. The suite
 * is run as the RFC reads (allow_duplicate_keys), where they must parse, each
 * repeat linked to its first. They are well-formed JSON, so the product does
 * not call them malformed: its default mode, and the case loader, refuse
 * exactly these two as RF_E_INVALID (a case file with two "amount" members
 * is ambiguous), naming both positions, for that reason only. */
static const char *const refused_by_design[] = {
    "y_object_duplicated_key.json",
    "y_object_duplicated_key_and_value.json",
};

static bool is_refused_by_design(const char *name) {
    for (size_t i = 0; i < sizeof refused_by_design / sizeof refused_by_design[0]; i++)
        if (strcmp(name, refused_by_design[i]) == 0) return true;
    return false;
}

/* The refusal of a repeated key: RF_E_INVALID at the repeat, the first named. */
static void check_duplicate_refusal(const char *name, const char *who, rf_status st, const rf_error *err) {
    if (st != RF_E_INVALID || err->code != RF_E_INVALID || err->detail != RF_ERR_DUPLICATE_KEY ||
        !strstr(err->message, "duplicate key") || !err->first_line || !err->first_column || !err->line ||
        !err->column || err->first_offset >= err->offset)
        fail_msg("%s: %s must refuse the repeated key as RF_E_INVALID naming both positions, got %s %u:%u "
                 "(first %u:%u) \"%s\"",
                 name, who, rf_status_name(st), err->line, err->column, err->first_line, err->first_column,
                 err->message);
}

static void test_jsontestsuite(void **state) {
    (void)state;
    DIR *dir = opendir(SUITE_DIR);
    if (!dir) {
        print_message("jsontestsuite: %s not found, skipping\n", SUITE_DIR);
        skip();
        return;
    }
    unsigned y_total = 0, y_ok = 0, n_total = 0, n_ok = 0, i_total = 0, i_ok = 0, i_bad = 0;
    unsigned by_design = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        const char *name = entry->d_name;
        char kind = name[0];
        if ((kind != 'y' && kind != 'n' && kind != 'i') || name[1] != '_') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", SUITE_DIR, name);
        size_t len = 0;
        char *text = test_read_file(path, &len);
        if (!text) fail_msg("cannot read %s", path);

        rf__json_doc *doc = NULL;
        rf_error err = {0};
        const rf__json_limits rfc = {.allow_duplicate_keys = true};
        rf_status st = rf__json_parse(NULL, text, len, &rfc, &doc, &err);

        /* Strict (product) mode agrees everywhere but on repeated keys. */
        rf__json_doc *strict_doc = NULL;
        rf_error strict_err = {0};
        rf_status strict = rf__json_parse(NULL, text, len, NULL, &strict_doc, &strict_err);
        rf__json_free(strict_doc);
        if (is_refused_by_design(name)) {
            check_duplicate_refusal(name, "strict mode", strict, &strict_err);
            /* The RFC reading links the repeat to its first. */
            const rf__json *dup = rf__json_first_duplicate(doc);
            if (st != RF_OK || rf__json_duplicate_count(doc) != 1 || !dup || !dup->dup_of ||
                dup->dup_of->key_offset != strict_err.first_offset || dup->key_offset != strict_err.offset)
                fail_msg("%s: the RFC reading must link the repeated key to its first", name);
            /* The case loader: the same refusal, first error or all of them. */
            rf_case *c = NULL;
            rf_error case_err = {0};
            check_duplicate_refusal(name, "rf_case_parse", rf_case_parse(NULL, text, len, name, &c, &case_err),
                                    &case_err);
            assert_null(c);
            rf_error all[8];
            size_t found = 0;
            rf_status vst = rf_case_validate(NULL, text, len, name, all, 8, &found);
            bool named = false;
            for (size_t k = 0; k < found && k < 8; k++)
                if (all[k].detail == RF_ERR_DUPLICATE_KEY) {
                    check_duplicate_refusal(name, "rf_case_validate", vst, &all[k]);
                    named = true;
                }
            if (!named) fail_msg("%s: rf_case_validate does not report the repeated key", name);
            by_design++;
        } else if (strict != st) {
            fail_msg("%s: strict mode gives %s, RFC mode %s", name, rf_status_name(strict), rf_status_name(st));
        }
        /* Whatever the input, the result is one of these and consistent. */
        if (st != RF_OK && st != RF_E_JSON && st != RF_E_LIMIT)
            fail_msg("%s: unexpected status %s", name, rf_status_name(st));
        assert_true(st == RF_OK ? doc != NULL && rf__json_root(doc) != NULL : doc == NULL);
        if (st != RF_OK && (err.code != st || err.line == 0 || err.column == 0 || !err.message[0]))
            fail_msg("%s: error without a position or message", name);

        if (kind == 'y') {
            y_total++;
            if (st == RF_OK) {
                y_ok++;
            } else {
                fail_msg("%s must be accepted: %s at %u:%u", name, err.message, err.line, err.column);
            }
        } else if (kind == 'n') {
            n_total++;
            if (st == RF_OK) fail_msg("%s must be rejected", name);
            n_ok++;
        } else {
            i_total++;
            if (st == RF_OK)
                i_ok++;
            else
                i_bad++;
        }
        rf__json_free(doc);
        free(text);
    }
    closedir(dir);
    assert_true(y_total > 0 && n_total > 0 && i_total > 0);
    assert_int_equal(y_ok, y_total);
    assert_int_equal(by_design, 2);
    assert_int_equal(n_ok, n_total);
    printf("jsontestsuite: y_ %u/%u accepted, n_ %u/%u rejected, i_ %u ran (%u accepted, %u rejected)\n",
           y_ok, y_total, n_ok, n_total, i_total, i_ok, i_bad);
    printf("jsontestsuite: the %u y_ files that repeat a key parse as JSON; the product and the case loader "
           "refuse them as RF_E_INVALID (not a valid document, both positions named): %s, %s\n",
           by_design, refused_by_design[0], refused_by_design[1]);
    fflush(stdout);
}

/* ---- reader: values and positions ----------------------------------------------- */

static void test_values_and_positions(void **state) {
    (void)state;
    const char *text = "{\n"
                       "  \"name\": \"tea\",\n"
                       "  \"tags\": [true, false, null],\n"
                       "  \"n\": -12.5e3\n"
                       "}";
    rf__json_doc *doc = parse_ok(text);
    const rf__json *root = rf__json_root(doc);
    assert_int_equal(root->type, RF_JSON_OBJECT);
    assert_int_equal(root->count, 3);
    assert_int_equal(root->line, 1);
    assert_int_equal(root->column, 1);

    const rf__json *name = root->child;
    assert_int_equal(name->type, RF_JSON_STRING);
    assert_bytes(name->key, name->key_len, "name", 4);
    assert_bytes(name->str, name->len, "tea", 3);
    assert_int_equal(name->key_line, 2);
    assert_int_equal(name->key_column, 3);
    assert_int_equal(name->key_offset, 4);
    assert_int_equal(name->line, 2);
    assert_int_equal(name->column, 11);
    assert_int_equal(name->offset, 12);

    const rf__json *tags = name->next;
    assert_int_equal(tags->type, RF_JSON_ARRAY);
    assert_int_equal(tags->count, 3);
    assert_int_equal(tags->child->type, RF_JSON_TRUE);
    assert_int_equal(tags->child->next->type, RF_JSON_FALSE);
    assert_int_equal(tags->child->next->next->type, RF_JSON_NULL);
    assert_null(tags->child->next->next->next);
    assert_int_equal(tags->child->next->line, 3);
    assert_int_equal(tags->child->next->column, 18);
    assert_null(tags->child->key); /* array elements have no key */

    const rf__json *n = tags->next;
    assert_int_equal(n->type, RF_JSON_NUMBER);
    assert_string_equal(n->str, "-12.5e3");
    assert_null(n->next);
    rf__json_free(doc);

    /* A lone scalar is a document; whitespace around it is fine. */
    doc = parse_ok(" \t\r\n \"x\" \n");
    assert_int_equal(rf__json_root(doc)->type, RF_JSON_STRING);
    assert_int_equal(rf__json_root(doc)->line, 2);
    assert_int_equal(rf__json_root(doc)->column, 2);
    rf__json_free(doc);

    rf__json_free(NULL);
    assert_null(rf__json_root(NULL));
}

static void test_error_positions(void **state) {
    (void)state;
    /* Offset 25: line 3 starts at byte 12, the second comma is its 14th byte. */
    rf_error err = expect_error("{\n  \"a\": 1,\n  \"b\": [1, 2,, 3]\n}", RF_E_JSON, 3, 14,
                                "unexpected ','; expected a value");
    assert_int_equal(err.offset, 25);
    expect_error("{\n \"id\" 1}", RF_E_JSON, 2, 7, "expected ':' after object key");
    expect_error("{\"a\":1\n \"b\":2}", RF_E_JSON, 2, 2, "expected ',' or '}' after object member");
    expect_error("[1\n 2]", RF_E_JSON, 2, 2, "expected ',' or ']' after array element");
    expect_error("[\n\"abc", RF_E_JSON, 2, 5, "unexpected end of input inside string");
    expect_error("[1,\n", RF_E_JSON, 2, 1, "unexpected end of input inside array");
    expect_error("{\"a\":1,", RF_E_JSON, 1, 8, "unexpected end of input inside object");
    expect_error("{\"a\":1,}", RF_E_JSON, 1, 8, "expected a string key after ','");
    expect_error("{1:2}", RF_E_JSON, 1, 2, "expected a string key or '}'");
    expect_error("[1]\n  x", RF_E_JSON, 2, 3, "after the JSON value");
    expect_error("", RF_E_JSON, 1, 1, "unexpected end of input; expected a value");
    expect_error("   \n ", RF_E_JSON, 2, 2, "unexpected end of input; expected a value");
    /* CRLF and a lone CR each end one line. */
    expect_error("[1,\r\n2,\r3,\r\nx]", RF_E_JSON, 4, 1, "unexpected 'x'");
    /* Literals and numbers point at the first wrong byte. */
    expect_error("[tru]", RF_E_JSON, 1, 5, "invalid literal: expected 'true'");
    expect_error("nul", RF_E_JSON, 1, 4, "unexpected end of input inside literal 'null'");
    expect_error("[True]", RF_E_JSON, 1, 2, "unexpected 'T'; expected a value");
    expect_error("[01]", RF_E_JSON, 1, 2, "leading zeros");
    expect_error("[-01]", RF_E_JSON, 1, 3, "leading zeros");
    expect_error("[1.]", RF_E_JSON, 1, 4, "expected a digit after '.'");
    expect_error("[1e+]", RF_E_JSON, 1, 5, "expected a digit in the exponent");
    expect_error("[-]", RF_E_JSON, 1, 3, "expected a digit");
    expect_error("[.5]", RF_E_JSON, 1, 2, "unexpected '.'");
    expect_error("[+1]", RF_E_JSON, 1, 2, "unexpected '+'");
    expect_error("['a']", RF_E_JSON, 1, 2, "unexpected \"'\"; expected a value");
    expect_error("1.5e", RF_E_JSON, 1, 5, "unexpected end of input inside number");
    /* Only space, tab, LF and CR are whitespace. */
    expect_error("[\f1]", RF_E_JSON, 1, 2, "unexpected byte 0x0C");
}

static void test_utf8_validation(void **state) {
    (void)state;
    /* Every form the RFC 3629 ranges allow is accepted as is. */
    const char ok[] = "\"A \xC2\xA9 \xE0\xA0\x80 \xED\x9F\xBF \xEE\x80\x80 \xF0\x90\x80\x80 \xF4\x8F\xBF\xBF\"";
    rf__json_doc *doc = parse_ok(ok);
    assert_bytes(rf__json_root(doc)->str, rf__json_root(doc)->len, ok + 1, sizeof ok - 3);
    rf__json_free(doc);

    /* Each fault has its message. The documents end in a UTF-8 character
     * followed by ASCII ("中" then a quote), which GBK cannot read, so none of
     * them passes for a GBK file (test_gbk). */
    expect_error("[\"ab\xC0\xAF\"]\n\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 5, "invalid UTF-8 byte 0xC0");
    expect_error("\"\xC1\xBF\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "invalid UTF-8 byte 0xC1");
    expect_error("\"\xE0\x80\xAF\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "overlong encoding");
    expect_error("\"\xF0\x8F\xBF\xBF\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "overlong encoding");
    expect_error("\"\xED\xA0\x80\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "encoded surrogate");
    expect_error("\"\xF4\x90\x80\x80\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "above U+10FFFF");
    expect_error("\"\xF5\x80\x80\x80\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "invalid UTF-8 byte 0xF5");
    expect_error("\"\xFF\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "invalid UTF-8 byte 0xFF");
    expect_error("\"\x80\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "continuation byte without a lead byte");
    expect_error("\"\xE4\xB8\"\"\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "truncated sequence");
    expect_error("\"\xE4\xB8\xE4\xB8\xAD\"", RF_E_JSON, 1, 2, "truncated sequence");
    /* Alone, the two bytes E4 B8 read as one GBK character: the reader says
     * what the file probably is. */
    rf_error gbk = expect_error("\"\xE4\xB8", RF_E_JSON, 1, 2, "the file looks like GBK");
    assert_int_equal(gbk.detail, RF_ERR_GBK);
    /* A BOM is refused (with its fix: test_mistakes.c), as is raw non-ASCII
     * outside strings. */
    expect_error("\xEF\xBB\xBF{}", RF_E_JSON, 1, 1, "byte order mark");
    expect_error("[\xC3\xA9]", RF_E_JSON, 1, 2, "unexpected byte 0xC3");
}

static void test_nul_and_control_bytes(void **state) {
    (void)state;
    expect_error_n("[1,\0 2]", 7, NULL, RF_E_JSON, 1, 4, "NUL byte in input");
    expect_error_n("\"a\0b\"", 5, NULL, RF_E_JSON, 1, 3, "NUL byte in input");
    expect_error_n("{}\0", 3, NULL, RF_E_JSON, 1, 3, "NUL byte in input");
    expect_error_n("\"\\\0\"", 4, NULL, RF_E_JSON, 1, 2, "invalid escape: backslash followed by NUL byte");
    expect_error("\"a\tb\"", RF_E_JSON, 1, 3, "unescaped control character 0x09");
    expect_error("[\"a\nb\"]", RF_E_JSON, 1, 4, "unescaped control character 0x0A");
    /* DEL is not a control character in JSON. */
    rf__json_doc *doc = parse_ok("\"\x7F\"");
    rf__json_free(doc);
}

static void test_escapes(void **state) {
    (void)state;
    rf__json_doc *doc = parse_ok("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u4E2D \\ud83d\\ude00 \\u0041\"");
    const rf__json *v = rf__json_root(doc);
    const char want[] = "q\" b\\ s/ \b\f\n\r\t \xC3\xA9\xE4\xB8\xAD \xF0\x9F\x98\x80 A";
    assert_bytes(v->str, v->len, want, sizeof want - 1);
    rf__json_free(doc);

    /* The extremes of each UTF-8 length, through escapes. */
    doc = parse_ok("\"\\u007F\\u0080\\u07FF\\u0800\\uFFFF\\uD800\\uDC00\\uDBFF\\uDFFF\"");
    v = rf__json_root(doc);
    const char extremes[] = "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF";
    assert_bytes(v->str, v->len, extremes, sizeof extremes - 1);
    rf__json_free(doc);

    expect_error("[\"ab\\ud800\"]", RF_E_JSON, 1, 5, "unpaired high surrogate \\uD800");
    expect_error("\"\\ud800\\u0041\"", RF_E_JSON, 1, 2, "not a low surrogate");
    expect_error("\"\\ud800\\n\"", RF_E_JSON, 1, 2, "unpaired high surrogate");
    expect_error("\"\\udc00\"", RF_E_JSON, 1, 2, "unpaired low surrogate \\uDC00");
    expect_error("\"\\ude00\\ud83d\"", RF_E_JSON, 1, 2, "unpaired low surrogate");
    expect_error("\"\\ud83d\\ud83d\"", RF_E_JSON, 1, 2, "not a low surrogate");
    expect_error("\"\\u12G4\"", RF_E_JSON, 1, 6, "invalid hex digit 'G'");
    expect_error("\"\\u12", RF_E_JSON, 1, 6, "unexpected end of input inside string");
    expect_error("\"\\x\"", RF_E_JSON, 1, 2, "invalid escape");
    expect_error("\"\\U0041\"", RF_E_JSON, 1, 2, "invalid escape");
    expect_error("\"abc\\", RF_E_JSON, 1, 6, "unexpected end of input inside string");
}

static void test_escaped_nul_keeps_length(void **state) {
    (void)state;
    rf__json_doc *doc = parse_ok("{\"k\\u0000ey\": \"a\\u0000b\"}");
    const rf__json *m = rf__json_root(doc)->child;
    assert_bytes(m->key, m->key_len, "k\0ey", 4);
    assert_bytes(m->str, m->len, "a\0b", 3);
    /* A C-string lookup cannot name a key with a NUL in it. */
    assert_null(rf__json_get(rf__json_root(doc), "k"));
    rf__json_free(doc);
}

static void test_numbers_verbatim(void **state) {
    (void)state;
    rf__json_doc *doc =
        parse_ok("[1.50, -0, 0, 1E+2, 2e-07, -0.0e0, 123456789012345678901234567890, 1e999]");
    static const char *const want[] = {"1.50", "-0",   "0",
                                       "1E+2", "2e-07", "-0.0e0",
                                       "123456789012345678901234567890", "1e999"};
    const rf__json *v = rf__json_root(doc)->child;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++, v = v->next) {
        assert_non_null(v);
        assert_int_equal(v->type, RF_JSON_NUMBER);
        assert_string_equal(v->str, want[i]);
        assert_int_equal(v->len, strlen(want[i]));
    }
    assert_null(v);
    rf__json_free(doc);
}

static void test_duplicate_keys(void **state) {
    (void)state;
    /* The same key in different objects is fine; the repeat in one object is
     * well-formed JSON, refused as not a valid document (RF_E_INVALID) where
     * the second key starts, naming where the first one is. */
    rf_error err = expect_error("{\"id\": 1,\n \"x\": {\"id\": 2},\n \"id\": 3}", RF_E_INVALID, 3, 2,
                                "duplicate key \"id\"");
    assert_int_equal(err.offset, 28);
    assert_int_equal(err.detail, RF_ERR_DUPLICATE_KEY);
    assert_string_equal(err.found, "id");
    assert_int_equal(err.first_offset, 1);
    assert_int_equal(err.first_line, 1);
    assert_int_equal(err.first_column, 2);
    assert_non_null(strstr(err.message, "first at line 1, column 2"));
    /* A syntax error anywhere wins: the document is not JSON at all. */
    expect_error("{\"id\": 1, \"id\": 2,\n}", RF_E_JSON, 2, 1, "expected a string key after ','");
    /* Keys compare decoded. */
    expect_error("{\"a\":1, \"\\u0061\":2}", RF_E_INVALID, 1, 9, "duplicate key \"\\u0061\"");
    /* The empty key is a key like any other. */
    expect_error("{\"\":1,\"\":2}", RF_E_INVALID, 1, 7, "duplicate key \"\"");
    /* Allowed, each repeat points at the first member with its key. */
    const rf__json_limits rfc = {.allow_duplicate_keys = true};
    rf__json_doc *rdoc = parse_ok_n("{\"a\":1,\"b\":2,\"a\":3,\"a\":4}", 25, &rfc);
    const rf__json *a1 = rf__json_root(rdoc)->child, *a3 = a1->next->next;
    assert_null(a1->dup_of);
    assert_null(a1->next->dup_of);
    assert_ptr_equal(a3->dup_of, a1);
    assert_ptr_equal(a3->next->dup_of, a1);
    assert_int_equal(rf__json_duplicate_count(rdoc), 2);
    assert_ptr_equal(rf__json_first_duplicate(rdoc), a3);
    rf__json_free(rdoc);
    /* Keys differing only after a NUL are different. */
    rf__json_doc *doc = parse_ok("{\"a\\u0000b\":1, \"a\\u0000c\":2, \"a\":3}");
    rf__json_free(doc);

    /* Around the size where objects switch from scanning to the hash set, a
     * repeat of any earlier key is found, first or last. */
    for (int members = 15; members <= 18; members++) {
        for (int repeated = 0; repeated < members; repeated += members - 1) {
            rf__buf t;
            rf__buf_init(&t, NULL);
            rf__buf_putc(&t, '{');
            for (int i = 0; i < members; i++) rf__buf_printf(&t, "\"m%d\":0,", i);
            size_t at = t.len;
            rf__buf_printf(&t, "\"m%d\":1}", repeated);
            assert_false(t.failed);
            rf_error e = expect_error_n(t.data, t.len, NULL, RF_E_INVALID, 1, (unsigned)at + 1, "duplicate key");
            assert_int_equal(e.first_column, 2 + 7 * (unsigned)repeated + (repeated >= 10 ? (unsigned)repeated - 10 : 0));
            /* Allowed, the repeat is linked to its first whichever way it was found. */
            const rf__json_limits allow = {.allow_duplicate_keys = true};
            rf__json_doc *d = parse_ok_n(t.data, t.len, &allow);
            const rf__json *m = rf__json_first_duplicate(d);
            assert_non_null(m);
            assert_non_null(m->dup_of);
            assert_int_equal(m->dup_of->key_column, e.first_column);
            rf__json_free(d);
            rf__buf_free(&t);
        }
    }

    /* A big object: all distinct keys pass, and one repeat at the end is found. */
    rf__buf b;
    rf__buf_init(&b, NULL);
    rf__buf_putc(&b, '{');
    for (int i = 0; i < 2000; i++) rf__buf_printf(&b, "%s\"k%d\":%d", i ? "," : "", i, i);
    size_t distinct_len = b.len;
    rf__buf_putc(&b, '}');
    assert_false(b.failed);
    doc = parse_ok_n(b.data, b.len, NULL);
    assert_int_equal(rf__json_root(doc)->count, 2000);
    rf__json_free(doc);
    b.len = distinct_len;
    rf__buf_puts(&b, ",\"k1234\":0}");
    assert_false(b.failed);
    expect_error_n(b.data, b.len, NULL, RF_E_INVALID, 1, (unsigned)distinct_len + 2,
                   "duplicate key \"k1234\"");
    rf__buf_free(&b);
}

/* [[[...]]] or {"a":{"a":...}} nested depth times. */
static char *nested(unsigned depth, bool objects) {
    rf__buf b;
    rf__buf_init(&b, NULL);
    for (unsigned i = 0; i < depth; i++) rf__buf_puts(&b, objects ? "{\"a\":" : "[");
    rf__buf_puts(&b, "1");
    for (unsigned i = 0; i < depth; i++) rf__buf_putc(&b, objects ? '}' : ']');
    assert_non_null(rf__buf_cstr(&b)); /* the callers read it as a C string */
    return b.data;
}

static void test_depth_limit(void **state) {
    (void)state;
    rf__json_limits limits = {.max_depth = 5};
    for (int objects = 0; objects <= 1; objects++) {
        char *text = nested(5, objects);
        rf__json_doc *doc = parse_ok_n(text, strlen(text), &limits);
        rf__json_free(doc);
        free(text);
        text = nested(6, objects);
        /* The sixth opening bracket is the offending byte. */
        expect_error_n(text, strlen(text), &limits, RF_E_LIMIT, 1, objects ? 26 : 6,
                       "nesting deeper than 5 levels");
        free(text);
    }

    /* The default is 64. */
    char *text = nested(RF_JSON_DEFAULT_MAX_DEPTH, false);
    rf__json_doc *doc = parse_ok(text);
    rf__json_free(doc);
    free(text);
    text = nested(RF_JSON_DEFAULT_MAX_DEPTH + 1, false);
    expect_error(text, RF_E_LIMIT, 1, 65, "nesting deeper than 64 levels");
    free(text);

    /* Hostile nesting costs a limit error, not the stack. */
    size_t n = 100000;
    char *deep = malloc(n);
    assert_non_null(deep);
    memset(deep, '[', n);
    expect_error_n(deep, n, NULL, RF_E_LIMIT, 1, 65, "nesting");
    rf__json_limits generous = {.max_depth = 200000};
    expect_error_n(deep, n, &generous, RF_E_JSON, 1, (unsigned)n + 1, "unexpected end of input");
    free(deep);
}

static void test_size_limit(void **state) {
    (void)state;
    rf__json_limits limits = {.max_size = 10};
    rf__json_doc *doc = parse_ok_n("[1, 2, 3 ]", 10, &limits);
    rf__json_free(doc);
    rf_error err = expect_error_n("[1,\n 2, 3 ]", 11, &limits, RF_E_LIMIT, 2, 7, "exceeds the limit");
    assert_int_equal(err.offset, 10);
}

static void test_get(void **state) {
    (void)state;
    rf__json_doc *doc = parse_ok("{\"a\": 1, \"bb\": [2], \"\": null}");
    const rf__json *root = rf__json_root(doc);
    const rf__json *a = rf__json_get(root, "a");
    assert_non_null(a);
    assert_string_equal(a->str, "1");
    const rf__json *bb = rf__json_get(root, "bb");
    assert_non_null(bb);
    assert_int_equal(bb->type, RF_JSON_ARRAY);
    assert_non_null(rf__json_get(root, ""));
    assert_null(rf__json_get(root, "b"));
    assert_null(rf__json_get(root, "bbb"));
    assert_null(rf__json_get(bb, "a"));    /* not an object */
    assert_null(rf__json_get(NULL, "a"));
    assert_null(rf__json_get(root, NULL));
    rf__json_free(doc);

    doc = parse_ok("{}");
    assert_int_equal(rf__json_root(doc)->count, 0);
    assert_null(rf__json_root(doc)->child);
    assert_null(rf__json_get(rf__json_root(doc), "a"));
    rf__json_free(doc);
}

static void test_bad_arguments(void **state) {
    (void)state;
    rf__json_doc *doc = NULL;
    rf_error err = {0};
    assert_int_equal(rf__json_parse(NULL, NULL, 3, NULL, &doc, &err), RF_E_USAGE);
    assert_null(doc);
    assert_int_equal(rf__json_parse(NULL, "1", 1, NULL, NULL, NULL), RF_E_USAGE);
    /* NULL text with length 0 is the empty input; NULL err is allowed. */
    assert_int_equal(rf__json_parse(NULL, NULL, 0, NULL, &doc, NULL), RF_E_JSON);
    /* First error wins: an error already in err is kept. */
    err = (rf_error){.code = RF_E_IO, .message = "earlier"};
    assert_int_equal(rf__json_parse(NULL, "[", 1, NULL, &doc, &err), RF_E_JSON);
    assert_int_equal(err.code, RF_E_IO);
    assert_string_equal(err.message, "earlier");
}

/* ---- allocation failure -------------------------------------------------------- */

/* An allocator that fails its fail_at-th call and counts live blocks. */
typedef struct failing_alloc {
    size_t calls, fail_at;
    long live;
} failing_alloc;

static void *failing_malloc(void *ud, size_t size) {
    failing_alloc *f = ud;
    if (++f->calls == f->fail_at) return NULL;
    void *p = malloc(size);
    if (p) f->live++;
    return p;
}

static void *failing_realloc(void *ud, void *ptr, size_t old_size, size_t size) {
    (void)old_size;
    failing_alloc *f = ud;
    if (++f->calls == f->fail_at) return NULL;
    void *p = realloc(ptr, size);
    if (p && !ptr) f->live++;
    return p;
}

static void failing_free(void *ud, void *ptr) {
    failing_alloc *f = ud;
    if (ptr) f->live--;
    free(ptr);
}

/* A document that makes the parser use every allocation path: several arena
 * blocks, a string big enough for a block of its own, an object big enough
 * for the key set (which then grows) and a nesting stack that grows. */
static char *complex_document(size_t *len) {
    rf__buf b;
    rf__buf_init(&b, NULL);
    rf__buf_puts(&b, "{\"order\": {\"id\": \"T-1\", \"amount\": \"88.50\", \"note\": \"");
    for (int i = 0; i < 300; i++) rf__buf_puts(&b, "\\u4e2d\\n\\\"x");
    rf__buf_puts(&b, "\"},\n \"events\": [");
    for (int i = 0; i < 60; i++)
        rf__buf_printf(&b,
                       "%s\n  {\"id\": \"e%d\", \"type\": \"paid\", \"at\": \"2024-06-0%dT10:00:00+08:00\","
                       " \"amount\": %d.%02d, \"flags\": [true, false, null]}",
                       i ? "," : "", i, 1 + i % 9, i * 7, i % 100);
    rf__buf_puts(&b, "],\n \"totals\": {");
    for (int i = 0; i < 100; i++) rf__buf_printf(&b, "%s\"t%d\": %d", i ? ", " : "", i, i);
    rf__buf_puts(&b, "},\n \"deep\": ");
    for (int i = 0; i < 40; i++) rf__buf_puts(&b, "[{\"k\":");
    rf__buf_puts(&b, "0");
    for (int i = 0; i < 40; i++) rf__buf_puts(&b, "}]");
    rf__buf_puts(&b, "}");
    assert_false(b.failed);
    *len = b.len;
    return b.data;
}

static void test_allocation_failures(void **state) {
    (void)state;
    size_t len;
    char *text = complex_document(&len);
    rf__json_limits limits = {.max_depth = 128};
    failing_alloc f = {0};
    const rf_allocator alloc = {failing_malloc, failing_realloc, failing_free, &f};
    size_t k;
    for (k = 1;; k++) {
        f = (failing_alloc){.fail_at = k};
        rf__json_doc *doc = NULL;
        rf_error err = {0};
        rf_status st = rf__json_parse(&alloc, text, len, &limits, &doc, &err);
        if (st == RF_OK) {
            assert_int_equal(rf__json_root(doc)->count, 4);
            assert_int_equal(rf__json_get(rf__json_root(doc), "events")->count, 60);
            rf__json_free(doc);
            assert_int_equal(f.live, 0);
            break;
        }
        assert_int_equal(st, RF_E_NOMEM);
        assert_int_equal(err.code, RF_E_NOMEM);
        assert_null(doc);
        assert_int_equal(f.live, 0);
        assert_true(k < 1000);
    }
    /* The document needs more than a couple of allocations, each of them
     * failed once above. */
    assert_true(k > 5);
    free(text);

    /* The buffer records a failure and drops what follows, leaking nothing. */
    for (k = 1; k <= 3; k++) {
        f = (failing_alloc){.fail_at = k};
        rf__buf b;
        rf__buf_init(&b, &alloc);
        for (int i = 0; i < 100; i++) rf__buf_puts(&b, "0123456789");
        assert_true(b.failed);
        rf__buf_free(&b);
        assert_int_equal(f.live, 0);
        assert_false(b.failed);
        assert_null(b.data);
    }
}

/* ---- writer: the compact pieces --------------------------------------------------- */

/* The sample document of the tests of the generic writer this library had
 * before, written compact by hand; the expected texts below are that
 * writer's output, kept as goldens. */
static void write_sample(rf__buf *b) {
    RF__PUT_LIT(b, "{\"a\":");
    rf__json_put_int(b, 1);
    RF__PUT_LIT(b, ",\"b\":[");
    rf__json_put_int(b, 1);
    rf__buf_putc(b, ',');
    rf__json_put_int(b, -2);
    RF__PUT_LIT(b, ",[],{\"c\":false}],\"d\":{},\"e\":");
    rf__json_put_cstr(b, "x\"y");
    RF__PUT_LIT(b, ",\"f\":null,\"g\":");
    rf__json_put_cstr(b, NULL);
    RF__PUT_LIT(b, ",\"h\":true}");
}

static const char sample_compact[] =
    "{\"a\":1,\"b\":[1,-2,[],{\"c\":false}],\"d\":{},\"e\":\"x\\\"y\",\"f\":null,\"g\":null,\"h\":true}";

static const char sample_pretty[] = "{\n"
                                    "  \"a\": 1,\n"
                                    "  \"b\": [\n"
                                    "    1,\n"
                                    "    -2,\n"
                                    "    [],\n"
                                    "    {\n"
                                    "      \"c\": false\n"
                                    "    }\n"
                                    "  ],\n"
                                    "  \"d\": {},\n"
                                    "  \"e\": \"x\\\"y\",\n"
                                    "  \"f\": null,\n"
                                    "  \"g\": null,\n"
                                    "  \"h\": true\n"
                                    "}";

/* pretty(text, indent) into a fresh buffer, checked against want. */
static void expect_pretty(const char *text, size_t len, int indent, const char *want) {
    rf__buf b;
    rf__buf_init(&b, NULL);
    rf__json_pretty(&b, text, len, indent);
    assert_false(b.failed);
    assert_string_equal(rf__buf_cstr(&b), want);
    assert_int_equal(b.len, strlen(want));
    rf__buf_free(&b);
}

static void expect_pretty_s(const char *text, int indent, const char *want) {
    expect_pretty(text, strlen(text), indent, want);
}

static void test_writer_compact(void **state) {
    (void)state;
    rf__buf b;
    rf__buf_init(&b, NULL);
    write_sample(&b);
    assert_false(b.failed);
    assert_string_equal(rf__buf_cstr(&b), sample_compact);
    assert_int_equal(b.len, strlen(sample_compact));
    rf__buf_free(&b);

    rf__buf_init(&b, NULL);
    rf__json_put_int(&b, INT64_MIN);
    rf__buf_putc(&b, ' ');
    rf__json_put_int(&b, INT64_MAX);
    rf__buf_putc(&b, ' ');
    rf__json_put_int(&b, 0);
    rf__buf_putc(&b, ' ');
    rf__json_put_int(&b, -10);
    assert_string_equal(rf__buf_cstr(&b), "-9223372036854775808 9223372036854775807 0 -10");
    rf__buf_free(&b);
}

/* ---- writer: re-indenting ---------------------------------------------------------- */

/* Compact documents and what the generic writer made of them with indent 2
 * and 4: nested empty and non-empty containers, top-level scalars, and
 * strings holding the bytes the pass must not take for structure. */
static const struct {
    const char *compact, *pretty2, *pretty4;
} pretty_goldens[] = {
    {"{\"a\":{},\"b\":[],\"c\":[{}],\"d\":[[]],\"e\":{\"f\":{\"g\":[1,{\"h\":[]}]}},\"s\":\"{,:}\\\"\\\\\",\"t\":[\"]\",\"[\",\"}\",\"{\",\",\"],\"u\":\"\\\\\\\"\",\"k{,:\\\"}\":true,\"v\":\"x\\\\\",\"w\":false}",
     "{\n"
     "  \"a\": {},\n"
     "  \"b\": [],\n"
     "  \"c\": [\n"
     "    {}\n"
     "  ],\n"
     "  \"d\": [\n"
     "    []\n"
     "  ],\n"
     "  \"e\": {\n"
     "    \"f\": {\n"
     "      \"g\": [\n"
     "        1,\n"
     "        {\n"
     "          \"h\": []\n"
     "        }\n"
     "      ]\n"
     "    }\n"
     "  },\n"
     "  \"s\": \"{,:}\\\"\\\\\",\n"
     "  \"t\": [\n"
     "    \"]\",\n"
     "    \"[\",\n"
     "    \"}\",\n"
     "    \"{\",\n"
     "    \",\"\n"
     "  ],\n"
     "  \"u\": \"\\\\\\\"\",\n"
     "  \"k{,:\\\"}\": true,\n"
     "  \"v\": \"x\\\\\",\n"
     "  \"w\": false\n"
     "}",
     "{\n"
     "    \"a\": {},\n"
     "    \"b\": [],\n"
     "    \"c\": [\n"
     "        {}\n"
     "    ],\n"
     "    \"d\": [\n"
     "        []\n"
     "    ],\n"
     "    \"e\": {\n"
     "        \"f\": {\n"
     "            \"g\": [\n"
     "                1,\n"
     "                {\n"
     "                    \"h\": []\n"
     "                }\n"
     "            ]\n"
     "        }\n"
     "    },\n"
     "    \"s\": \"{,:}\\\"\\\\\",\n"
     "    \"t\": [\n"
     "        \"]\",\n"
     "        \"[\",\n"
     "        \"}\",\n"
     "        \"{\",\n"
     "        \",\"\n"
     "    ],\n"
     "    \"u\": \"\\\\\\\"\",\n"
     "    \"k{,:\\\"}\": true,\n"
     "    \"v\": \"x\\\\\",\n"
     "    \"w\": false\n"
     "}"},
    {"[[],[[]],{},{\"\":\"\"},\"\",null,-5,[[{\"a\":[{}]}]]]",
     "[\n"
     "  [],\n"
     "  [\n"
     "    []\n"
     "  ],\n"
     "  {},\n"
     "  {\n"
     "    \"\": \"\"\n"
     "  },\n"
     "  \"\",\n"
     "  null,\n"
     "  -5,\n"
     "  [\n"
     "    [\n"
     "      {\n"
     "        \"a\": [\n"
     "          {}\n"
     "        ]\n"
     "      }\n"
     "    ]\n"
     "  ]\n"
     "]",
     "[\n"
     "    [],\n"
     "    [\n"
     "        []\n"
     "    ],\n"
     "    {},\n"
     "    {\n"
     "        \"\": \"\"\n"
     "    },\n"
     "    \"\",\n"
     "    null,\n"
     "    -5,\n"
     "    [\n"
     "        [\n"
     "            {\n"
     "                \"a\": [\n"
     "                    {}\n"
     "                ]\n"
     "            }\n"
     "        ]\n"
     "    ]\n"
     "]"},
    {"{}",
     "{}",
     "{}"},
    {"[]",
     "[]",
     "[]"},
    {"\"a,b{\"",
     "\"a,b{\"",
     "\"a,b{\""},
    {"7",
     "7",
     "7"},
    {"{\"x\":\"\\\\\",\"y\":\"\\\\\\\\\\\"\",\"z\":\"\\\"\\\\\",\"\\\\\":\"\\\\\\\\\"}",
     "{\n"
     "  \"x\": \"\\\\\",\n"
     "  \"y\": \"\\\\\\\\\\\"\",\n"
     "  \"z\": \"\\\"\\\\\",\n"
     "  \"\\\\\": \"\\\\\\\\\"\n"
     "}",
     "{\n"
     "    \"x\": \"\\\\\",\n"
     "    \"y\": \"\\\\\\\\\\\"\",\n"
     "    \"z\": \"\\\"\\\\\",\n"
     "    \"\\\\\": \"\\\\\\\\\"\n"
     "}"},
};

static void test_pretty_matches_old_writer(void **state) {
    (void)state;
    expect_pretty_s(sample_compact, 2, sample_pretty);
    expect_pretty_s("[9223372036854775807]", 4, "[\n    9223372036854775807\n]");
    for (size_t i = 0; i < sizeof pretty_goldens / sizeof pretty_goldens[0]; i++) {
        const char *c = pretty_goldens[i].compact;
        expect_pretty_s(c, 2, pretty_goldens[i].pretty2);
        expect_pretty_s(c, 4, pretty_goldens[i].pretty4);
        /* Whitespace outside strings is dropped: a pretty text re-indents to
         * itself, and indent 0 gives the compact text back. */
        expect_pretty_s(pretty_goldens[i].pretty2, 2, pretty_goldens[i].pretty2);
        expect_pretty_s(pretty_goldens[i].pretty4, 2, pretty_goldens[i].pretty2);
        expect_pretty_s(pretty_goldens[i].pretty2, 0, c);
        /* What it writes is the same JSON. */
        rf__json_doc *doc = parse_ok(pretty_goldens[i].pretty2);
        rf__json_free(doc);
    }
}

static void test_pretty_strings(void **state) {
    (void)state;
    /* Structure inside strings, keys and values, is copied as is; so are
     * spaces and escaped quotes after any number of backslashes. */
    expect_pretty_s("{\"{[,:\":\"]} ,\\\" :\"}", 2, "{\n  \"{[,:\": \"]} ,\\\" :\"\n}");
    expect_pretty_s("[\"\\\\\",\"\\\\\\\\\",\"\\\\\\\"\",\"a b\"]", 2,
                    "[\n  \"\\\\\",\n  \"\\\\\\\\\",\n  \"\\\\\\\"\",\n  \"a b\"\n]");
    /* The text is appended: what the buffer held stays. */
    rf__buf b;
    rf__buf_init(&b, NULL);
    RF__PUT_LIT(&b, "x");
    rf__json_pretty(&b, "{}", 2, 2);
    rf__json_pretty(&b, "[1]", 3, 2);
    assert_string_equal(rf__buf_cstr(&b), "x{}[\n  1\n]");
    rf__buf_free(&b);
    /* Not JSON: re-indented without reading past the end (valgrind and the
     * sanitizer builds watch this), depth never below zero. */
    static const char *const broken[] = {"\"abc", "\"ab\\", "}}]]{", "[\"\\\"", "{\"a\":tru", "\\", ""};
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        size_t n = strlen(broken[i]);
        char *copy = malloc(n ? n : 1); /* exactly n bytes: no NUL to lean on */
        assert_non_null(copy);
        memcpy(copy, broken[i], n);
        rf__buf_init(&b, NULL);
        rf__json_pretty(&b, copy, n, 2);
        assert_false(b.failed);
        rf__buf_free(&b);
        free(copy);
    }
    expect_pretty_s("\"ab\\", 2, "\"ab\\");
}

/* ---- writer: escaping -------------------------------------------------------------- */

/* The escaping rules, one byte at a time, as the generic writer applied them. */
static void reference_quote(rf__buf *b, const unsigned char *s, size_t n) {
    rf__buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        switch (c) {
        case '"': RF__PUT_LIT(b, "\\\""); break;
        case '\\': RF__PUT_LIT(b, "\\\\"); break;
        case '\b': RF__PUT_LIT(b, "\\b"); break;
        case '\f': RF__PUT_LIT(b, "\\f"); break;
        case '\n': RF__PUT_LIT(b, "\\n"); break;
        case '\r': RF__PUT_LIT(b, "\\r"); break;
        case '\t': RF__PUT_LIT(b, "\\t"); break;
        default:
            if (c < 0x20) rf__buf_printf(b, "\\u%04x", c);
            else rf__buf_putc(b, (char)c);
        }
    }
    rf__buf_putc(b, '"');
}

static void expect_escaped_like_reference(const unsigned char *s, size_t n) {
    rf__buf got, want;
    rf__buf_init(&got, NULL);
    rf__buf_init(&want, NULL);
    RF__PUT_LIT(&got, "<");
    rf__json_put_string(&got, (const char *)s, n);
    RF__PUT_LIT(&want, "<");
    reference_quote(&want, s, n);
    assert_false(got.failed);
    assert_false(want.failed);
    if (got.len != want.len || memcmp(got.data, want.data, got.len) != 0)
        fail_msg("escaping %zu bytes: got %zu bytes, want %zu", n, got.len, want.len);
    rf__buf_free(&got);
    rf__buf_free(&want);
}

static void test_writer_escaping(void **state) {
    (void)state;
    rf__buf b;
    rf__buf_init(&b, NULL);
    RF__PUT_LIT(&b, "{");
    rf__json_put_string(&b, "k\"\n", 3);
    RF__PUT_LIT(&b, ":");
    rf__json_put_cstr(&b, "q\" b\\ \b\f\n\r\t \x01\x1F \x7F / \xE4\xB8\xAD");
    RF__PUT_LIT(&b, ",\"n\":");
    rf__json_put_string(&b, "a\0b", 3);
    RF__PUT_LIT(&b, "}");
    assert_false(b.failed);
    assert_string_equal(rf__buf_cstr(&b), "{\"k\\\"\\n\":\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001\\u001f \x7F / "
                                          "\xE4\xB8\xAD\",\"n\":\"a\\u0000b\"}");

    /* What the writer writes, the reader reads back byte for byte. */
    rf__json_doc *doc = parse_ok_n(b.data, b.len, NULL);
    const rf__json *m = rf__json_root(doc)->child;
    assert_bytes(m->key, m->key_len, "k\"\n", 3);
    const char want[] = "q\" b\\ \b\f\n\r\t \x01\x1F \x7F / \xE4\xB8\xAD";
    assert_bytes(m->str, m->len, want, sizeof want - 1);
    assert_bytes(m->next->str, m->next->len, "a\0b", 3);
    rf__json_free(doc);
    rf__buf_free(&b);

    /* Every byte value in one string: the generic writer's output, kept. */
    unsigned char all[256];
    for (int i = 0; i < 256; i++) all[i] = (unsigned char)i;
    static const char all_escaped[] =
        "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f""\x80""\x81""\x82""\x83""\x84""\x85""\x86""\x87""\x88""\x89""\x8a""\x8b""\x8c""\x8d""\x8e""\x8f""\x90""\x91""\x92""\x93""\x94""\x95""\x96""\x97""\x98""\x99""\x9a""\x9b""\x9c""\x9d""\x9e""\x9f""\xa0""\xa1""\xa2""\xa3""\xa4""\xa5""\xa6""\xa7""\xa8""\xa9""\xaa""\xab""\xac""\xad""\xae""\xaf""\xb0""\xb1""\xb2""\xb3""\xb4""\xb5""\xb6""\xb7""\xb8""\xb9""\xba""\xbb""\xbc""\xbd""\xbe""\xbf""\xc0""\xc1""\xc2""\xc3""\xc4""\xc5""\xc6""\xc7""\xc8""\xc9""\xca""\xcb""\xcc""\xcd""\xce""\xcf""\xd0""\xd1""\xd2""\xd3""\xd4""\xd5""\xd6""\xd7""\xd8""\xd9""\xda""\xdb""\xdc""\xdd""\xde""\xdf""\xe0""\xe1""\xe2""\xe3""\xe4""\xe5""\xe6""\xe7""\xe8""\xe9""\xea""\xeb""\xec""\xed""\xee""\xef""\xf0""\xf1""\xf2""\xf3""\xf4""\xf5""\xf6""\xf7""\xf8""\xf9""\xfa""\xfb""\xfc""\xfd""\xfe""\xff""\"";
    rf__buf_init(&b, NULL);
    rf__json_put_string(&b, (const char *)all, sizeof all);
    assert_bytes(rf__buf_cstr(&b), b.len, all_escaped, sizeof all_escaped - 1);
    rf__buf_free(&b);
    /* The ASCII half reads back (the rest is not UTF-8 on its own). */
    rf__buf_init(&b, NULL);
    rf__json_put_string(&b, (const char *)all, 128);
    doc = parse_ok_n(b.data, b.len, NULL);
    assert_bytes(rf__json_root(doc)->str, rf__json_root(doc)->len, (const char *)all, 128);
    rf__json_free(doc);
    rf__buf_free(&b);

    /* Each byte alone, and at every offset of plain bytes, in strings of
     * every length up to 40 (the fast path reads 16 bytes at a time, then 8,
     * a short tail as the string's last block or word). */
    for (int c = 0; c < 256; c++) {
        unsigned char s[40];
        expect_escaped_like_reference((const unsigned char *)&all[c], 1);
        for (size_t at = 0; at < sizeof s; at++) {
            memset(s, 'a', sizeof s);
            s[at] = (unsigned char)c;
            expect_escaped_like_reference(s, sizeof s);
            expect_escaped_like_reference(s, at + 1);
        }
    }
}

static void test_writer_escaping_runs(void **state) {
    (void)state;
    /* Strings made of runs: plain ASCII, UTF-8, and bytes to escape, of
     * lengths around the word size, from a fixed pseudo-random sequence. */
    static const char *const pieces[] = {"a", "abcdefg", "abcdefgh", "abcdefghijklmnopq", "\xE4\xB8\xAD",
                                         "\"", "\\", "\n", "\x01", "\x1F", "\x7F", "\xFF", " ", "\\\"", ""};
    uint32_t seed = 12345;
    unsigned char text[400];
    for (int round = 0; round < 5000; round++) {
        size_t n = 0;
        for (;;) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t len = strlen(piece);
            if (n + len > sizeof text || (seed >> 8) % 23 == 0) break;
            memcpy(text + n, piece, len);
            n += len;
        }
        expect_escaped_like_reference(text, n);
    }

    /* Longer than one reserved slice, with escapes across its boundary. */
    size_t big = 3 * 4096 + 5;
    unsigned char *s = malloc(big);
    assert_non_null(s);
    for (size_t i = 0; i < big; i++) s[i] = (unsigned char)("ab\"cdefg\n\x02hij\\klmnop"[i % 21]);
    expect_escaped_like_reference(s, big);
    memset(s, '\x01', big);
    expect_escaped_like_reference(s, big);
    free(s);
    expect_escaped_like_reference((const unsigned char *)"", 0);
}

/* ---- buffer -------------------------------------------------------------------- */

/* first_value_only (the importer's sequences of values): the first value
 * is read and what follows it is left alone, whatever it is; a value cut
 * short is still an error at the end of the input. */
static void test_first_value_only(void **state) {
    (void)state;
    const rf__json_limits first = {.first_value_only = true};
    const char *text = "{\"a\": 1}\n{\"b\": 2} garbage";
    rf__json_doc *doc = parse_ok_n(text, strlen(text), &first);
    const rf__json *root = rf__json_root(doc);
    assert_int_equal(root->type, RF_JSON_OBJECT);
    assert_int_equal(root->end, 8);
    rf__json_free(doc);
    doc = parse_ok_n("7 8", 3, &first);
    assert_int_equal(rf__json_root(doc)->end, 1);
    rf__json_free(doc);
    rf_error err = expect_error_n("[1, 2", 5, &first, RF_E_JSON, 1, 6, "unexpected end of input");
    assert_int_equal(err.offset, 5);
    /* Without it, trailing bytes are an error as always. */
    expect_error_n(text, strlen(text), NULL, RF_E_JSON, 2, 1, "expected end of input");
}

static void test_buffer(void **state) {
    (void)state;
    rf__buf b;
    rf__buf_init(&b, NULL);
    assert_string_equal(rf__buf_cstr(&b), "");
    assert_int_equal(b.len, 0);
    rf__buf_puts(&b, "ab");
    rf__buf_putc(&b, 'c');
    rf__buf_put(&b, "dxyz", 1);
    rf__buf_printf(&b, "-%d-%s", 42, "e");
    assert_string_equal(rf__buf_cstr(&b), "abcd-42-e");
    /* Longer than the formatter's stack buffer. */
    char long_text[300];
    memset(long_text, 'z', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    rf__buf_printf(&b, "[%s]", long_text);
    assert_int_equal(b.len, 9 + 301);
    assert_int_equal(rf__buf_cstr(&b)[b.len], '\0');
    assert_int_equal(b.data[b.len - 1], ']');
    /* Byte by byte across several growths: nothing lost, room always left
     * for the NUL of rf__buf_cstr. */
    for (int i = 0; i < 5000; i++) {
        rf__buf_putc(&b, (char)('0' + i % 10));
        assert_true(b.len < b.cap);
    }
    assert_int_equal(b.len, 310 + 5000);
    assert_int_equal(b.data[310 + 4999], '9');
    assert_false(b.failed);
    rf__buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    rf__buf_free(NULL);

    /* Shrinking keeps the data and the room for a NUL; writing goes on. */
    rf__buf_init(&b, NULL);
    assert_true(rf__buf_reserve(&b, 1000));
    RF__PUT_LIT(&b, "abc");
    rf__buf_shrink(&b);
    assert_int_equal(b.cap, 4);
    assert_string_equal(rf__buf_cstr(&b), "abc");
    RF__PUT_LIT(&b, "defgh");
    assert_string_equal(rf__buf_cstr(&b), "abcdefgh");
    assert_false(b.failed);
    rf__buf_free(&b);

    /* A failed buffer drops every later write, however small. */
    rf__buf_init(&b, NULL);
    RF__PUT_LIT(&b, "keep");
    rf__buf_fail(&b);
    rf__buf_putc(&b, 'x');
    RF__PUT_LIT(&b, "more");
    rf__json_put_cstr(&b, "s");
    rf__json_put_int(&b, 7);
    rf__json_pretty(&b, "[1]", 3, 2);
    assert_true(b.failed);
    assert_int_equal(b.len, 4);
    assert_null(rf__buf_cstr(&b));
    rf__buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsontestsuite),
        cmocka_unit_test(test_values_and_positions),
        cmocka_unit_test(test_error_positions),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_nul_and_control_bytes),
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_escaped_nul_keeps_length),
        cmocka_unit_test(test_numbers_verbatim),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_depth_limit),
        cmocka_unit_test(test_size_limit),
        cmocka_unit_test(test_get),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_writer_compact),
        cmocka_unit_test(test_pretty_matches_old_writer),
        cmocka_unit_test(test_pretty_strings),
        cmocka_unit_test(test_writer_escaping),
        cmocka_unit_test(test_writer_escaping_runs),
        cmocka_unit_test(test_first_value_only),
        cmocka_unit_test(test_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
