/*
 * Rendering into a caller's buffer, for code that renders many documents
 * and wants to reuse one buffer (and its allocation) for all of them.
 */
#ifndef RF_RENDER_H
#define RF_RENDER_H

#include "json.h"

/* Appends v rendered as rf_render_verdict renders it (JSON and NDJSON end
 * with a newline; no NUL is added) to b, which grows with its own allocator.
 * Nothing already in b is read or changed. NDJSON and TEXT write into b
 * only, so a buffer reused across calls (b->len = 0 between them) stops
 * allocating once it is large enough; RF_FORMAT_JSON also allocates and
 * frees a scratch buffer for the compact text it re-indents. An allocation
 * failure sets b->failed and drops every later write, so b may end with part
 * of a verdict: check failed once after a batch. v is read only;
 * thread-safe for distinct buffers. */
void rf__render_verdict_to(rf__buf *b, const rf_verdict *v, rf_format format, rf_lang lang);

#endif
