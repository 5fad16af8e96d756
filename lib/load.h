/*
 * Reading policy and calendar files (lib/load.c). rf_ctx_load_policy and
 * rf_ctx_load_calendar are declared in include/refund.h; this is the one
 * internal entry point, which the calendar tests and nothing else use.
 */
#ifndef RF_LOAD_H
#define RF_LOAD_H

#include "calendar.h"

/* Reads a calendar document as rf_ctx_load_calendar does (same rules, same
 * errors) into a frozen calendar allocated with a (NULL: the C library's):
 * free it with rf__calendar_free and the same allocator. *out is NULL on
 * error and nothing is leaked. name is not used in messages (may be NULL). */
rf_status rf__calendar_parse(const rf_allocator *a, const char *json, size_t len,
                             const char *name, rf__calendar **out, rf_error *err);

#endif
