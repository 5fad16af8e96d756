/*
 * The two readers that fill an rf_case from a case document, and the one
 * call that combines them.
 *
 * The tree loader (lib/case_tree.c: the strict JSON tree, then every field
 * typed and checked, with an error for everything wrong) and the
 * schema-directed reader (lib/case_fast.c: the bytes straight into the
 * case, declining whatever it is not sure of) both read the format from
 * lib/schema.h and store through lib/case.h. rf__case_reparse (lib/case.c)
 * tries the second and falls back on the first, so both must produce the
 * same case from the same accepted bytes. Neither reader calls the other.
 */
#ifndef RF_CASE_READ_H
#define RF_CASE_READ_H

#include "case.h"

/* The schema-directed reader: true when json[0..len) is a case document it
 * reads completely, and c (empty, see rf__case_reset) then holds exactly
 * what rf__case_read_tree would put there. false when it declines: anything
 * it does not handle (bad escapes and escapes outside free text, unknown
 * or repeated keys, wrong types, missing fields, bad values...) or an
 * allocation failure (then c->out_of_memory is set). After false c may
 * hold part of the document: reset it before reading into it again. Never
 * touches an rf_error. */
bool rf__case_read_fast(rf_case *c, const char *json, size_t len);

/* The tree loader: the strict JSON reader, then every field typed and
 * checked, with the error of the first problem in err (code, position,
 * field path, message). c must be empty. On error c holds part of the
 * document. */
rf_status rf__case_read_tree(rf_case *c, const char *json, size_t len, rf_error *err);

/* The tree loader in its collect mode, for rf_case_validate: every error
 * it can find rather than the first, the first cap of them in
 * errs[0..cap) (errs may be NULL when cap is 0), their number in *count. A
 * syntax error, a limit or a failed allocation stops it (one error, that
 * status returned); else RF_E_INVALID when there was any error, RF_OK when
 * none. The errors' name is not set. */
rf_status rf__case_validate_tree(rf_case *c, const char *json, size_t len, rf_error *errs, size_t cap,
                                 size_t *count);

/* One event object (as `refund apply` reads it) into *out, by the tree
 * loader's rules, its strings stored in c; errors are named "event.KEY".
 * c's events are not touched. */
rf_status rf__case_read_event(rf_case *c, const char *json, size_t len, rf_event *out, rf_error *err);

/* Reads json into c, whatever it held: reset, the schema-directed reader,
 * and when it declines, reset and the tree loader. RF_E_NOMEM when the fast
 * reader ran out of memory. The result, error included, is that of the tree
 * loader alone. (lib/case.c, beside rf_case_parse.) */
rf_status rf__case_reparse(rf_case *c, const char *json, size_t len, rf_error *err);

/* The checks of rf_case_append without the append: *ev becomes the caller's
 * event imported at the library's size, with what it does not carry
 * cleared; its strings still point at the caller's. RF_E_LIMIT when c is
 * full, RF_E_INVALID for a bad shape or a repeated id. */
rf_status rf__event_check(const rf_case *c, const rf_event *caller_event, rf_event *ev, rf_error *err);

#endif
