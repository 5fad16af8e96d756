/* jsonb and JSON text, both ways, fast (jsonb_text.c). */
#ifndef RF_PG_JSONB_TEXT_H
#define RF_PG_JSONB_TEXT_H

#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/jsonb.h"

/* Appends the text of jb to out: spaced, the same bytes as
 * JsonbToCString(NULL, ...) (doc::text); else the same without the blank
 * after each comma and colon. */
void rf_pg_jsonb_text(StringInfo out, const Jsonb *jb, bool spaced);

/* The jsonb of the JSON text json[0..len), as jsonb_in makes it, in the
 * current memory context. */
Datum rf_pg_jsonb_in(const char *json, size_t len);

#endif
