/*
 * The mistakes of rf_error as data (lib/error_text.c): filling an error with
 * a detail and its typed parameters, the catalogue of its sentences in
 * Chinese and English, and the full-width characters a Chinese input method
 * types in place of JSON's ASCII. The readers (lib/json_read.c,
 * lib/case_tree.c) record a detail; rf_error_message composes the sentence
 * at the edge, in the caller's language.
 */
#ifndef RF_ERROR_TEXT_H
#define RF_ERROR_TEXT_H

#include "internal.h"

/* The parameters of one detail (see RF_ERROR_DETAIL_LIST). found and fix
 * are found_len / fix_len bytes (no NUL needed; NULL: none) and are cut at
 * a character boundary to fit rf_error. */
typedef struct rf__detail {
    rf_error_detail detail;
    uint32_t codepoint;
    const char *found;
    size_t found_len;
    const char *fix;
    size_t fix_len;
    int values;
    unsigned value_count;
    size_t first_offset;
    unsigned first_line, first_column;
} rf__detail;

/* The one way an error is made in lib/: fills err (if non-NULL and still
 * RF_OK: first error wins) with code, position, field (may be NULL; cut to
 * fit) and d's parameters, and err->message with the English sentence
 * (rf_error_message says it in either language). There is no printf-style
 * twin: a sentence in English only could not be said in Chinese
 * (tests/cli/t_error_details.sh keeps it so). Returns code. */
rf_status rf__fail_detail(rf_error *err, rf_status code, size_t offset, unsigned line,
                          unsigned column, const char *field, const rf__detail *d);

/* rf__fail_detail with detail and its found and fix as NUL-terminated
 * strings (NULL: none). Returns code. */
rf_status rf__fail_with(rf_error *err, rf_status code, size_t offset, unsigned line, unsigned column,
                        const char *field, rf_error_detail detail, const char *found, const char *fix);

/* A NULL where function fn needs a pointer (null_argument, no position):
 * args names the parameters that must not be NULL, comma-separated
 * ("a,out"). Returns code (RF_E_INVALID or RF_E_USAGE, as fn documents). */
rf_status rf__fail_null(rf_error *err, rf_status code, const char *fn, const char *args);

/* len, or less: the bytes of text[0..len) that fit in max without cutting
 * a UTF-8 character. */
size_t rf__text_cut(const char *text, size_t len, size_t max);
/* text[0..len) (NULL: nothing) into dst, size bytes with its NUL, cut
 * before a character that would not fit whole. */
void rf__text_copy(char *dst, size_t size, const char *text, size_t len);

/* The catalogue's template of detail in Chinese (zh) or English, with its
 * {placeholders} (lib/error_text.c says which); NULL for RF_ERR_NONE and
 * out of range. For tests/test_mistakes.c, which checks the catalogue. */
const char *rf__error_template(rf_error_detail detail, bool zh);

/* A full-width or CJK punctuation character typed by an input method in
 * place of ASCII: the ASCII character it stands for ('"' for the curly
 * quotes, ' ' for U+3000), or -1 when cp is none of them. */
int rf__fullwidth_ascii(uint32_t cp);

/* The code point of the UTF-8 sequence at s (avail bytes readable, at least
 * 1) and its length in *len; -1 (and *len 1) when it is not well-formed. */
long rf__utf8_decode(const unsigned char *s, size_t avail, size_t *len);

/* s[0..n) with every character of rf__fullwidth_ascii written as its ASCII
 * character, into out (room for n bytes; never longer). Returns the new
 * length; *changed says whether any character was replaced. */
size_t rf__halfwidth(const char *s, size_t n, char *out, bool *changed);

/* Whether text[0..len), which is not UTF-8, reads as GBK: every byte
 * >= 0x80 starts a GBK pair (81..FE then 40..7E or 80..FE) or a GB18030
 * four-byte sequence (81..FE 30..39 81..FE 30..39). *four says whether a
 * four-byte sequence was met (then GB18030 is the name to give iconv). */
bool rf__looks_gbk(const unsigned char *text, size_t len, bool *four);

#endif
