/*
 * Rendering into a caller's buffer, for code that renders many documents
 * and wants to reuse one buffer (and its allocation) for all of them.
 */
#ifndef RF_RENDER_H
#define RF_RENDER_H

#include "buf.h"

/* Appends v rendered as rf_render_verdict renders it (JSON and NDJSON end
 * with a newline; no NUL is added) to b, which grows with its own allocator.
 * Nothing already in b is read or changed. RF_FORMAT_JSON is the compact
 * text re-indented: the compact text goes to scratch (emptied first) when
 * it is given, or else to a temporary buffer. So with b and scratch reused
 * across calls (b->len = 0 between them) rendering stops allocating once
 * they are large enough. An allocation failure sets b->failed and drops
 * every later write, so b may end with part of a verdict: check failed once
 * after a batch. v is read only; thread-safe for distinct buffers. */
void rf__render_verdict_to(rf__buf *b, rf__buf *scratch, const rf_verdict *v, rf_format format,
                           rf_lang lang);

#endif
