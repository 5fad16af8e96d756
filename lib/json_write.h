/*
 * Writing JSON on an output buffer: the compact pieces that are not
 * literals, and the pass that re-indents compact text into the pretty form.
 */
#ifndef RF_JSON_WRITE_H
#define RF_JSON_WRITE_H

#include "buf.h"

#include <stdint.h>
#include <string.h>

/* The writers of lib/render.c write compact JSON directly: the separators
 * live in their key fragments ({"order": ,"as_of": ...), so no writer state
 * is needed. These are the pieces that are not literals. */

/* s[0..n) as a quoted JSON string, escaped per RFC 8259: \" \\ and \b \f
 * \n \r \t, other control characters as \u00XX (lower-case hex), every
 * other byte (DEL, non-ASCII UTF-8) as is. */
void rf__json_put_string(rf__buf *b, const char *s, size_t n);

/* The most bytes a string of n bytes takes quoted: every byte a \u00XX. */
#define RF__JSON_STRING_MAX(n) (6 * (size_t)(n) + 2)

/* The same written at p, where the caller has made room for
 * RF__JSON_STRING_MAX(n) bytes; returns the end. */
char *rf__json_string_to(char *p, const char *s, size_t n);

/* A NUL-terminated string quoted and escaped; NULL writes null. */
static inline void rf__json_put_cstr(rf__buf *b, const char *s) {
    if (s) rf__json_put_string(b, s, strlen(s));
    else RF__PUT_LIT(b, "null");
}

/* v in decimal. */
void rf__json_put_int(rf__buf *b, int64_t v);

/* Appends the JSON text compact[0..len) re-indented, as FORMAT.md's pretty
 * documents are: each member or element on its own line, indented by indent
 * spaces per level, "key": value with one space after the colon, a closing
 * bracket on its own line at its parent's indentation, and an empty {} or []
 * kept on one line. Strings (with the quotes and backslashes escaped inside
 * them) are copied unchanged; whitespace outside strings is dropped, so a
 * pretty text re-indents to itself, and indent <= 0 gives the compact form.
 * The input is trusted to be JSON (the writers' own output): anything else
 * is re-indented without complaint, never read out of bounds. */
void rf__json_pretty(rf__buf *out, const char *compact, size_t len, int indent);
/* A writer's compact buffer re-indented onto out, two spaces a level
 * (FORMAT.md's pretty JSON); a failed compact buffer fails out. */
void rf__json_pretty_of(rf__buf *out, const rf__buf *compact);

#endif
