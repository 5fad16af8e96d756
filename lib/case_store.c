/*
 * The storage of a case: the strings in chunks freed together, the events
 * array, and emptying a case for reuse. The readers and the public API of
 * the case module sit above this file; it calls none of them.
 */
#include "case.h"

#include <string.h>

/* The first chunk holds the strings of an ordinary case (ids, tracking
 * numbers, a few notes); a string too long for it gets a chunk of its own. */
#define CHUNK_SIZE 4000u

rf_case *rf__case_alloc(const rf_allocator *a) {
    rf_case *c = rf__malloc(a, sizeof *c);
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    c->alloc = *a;
    return c;
}

void rf_case_free(rf_case *c) {
    if (!c) return;
    rf_allocator a = c->alloc;
    for (rf__chunk *k = c->strings; k;) {
        rf__chunk *next = k->next;
        rf__free(&a, k);
        k = next;
    }
    rf__free(&a, c->events);
    rf__free(&a, c);
}

rf__chunk *rf__case_new_chunk(rf_case *c, size_t need) {
    size_t cap = need > CHUNK_SIZE ? need : CHUNK_SIZE;
    if (cap < c->chunk_hint) cap = c->chunk_hint;
    rf__chunk *k = rf__malloc(&c->alloc, sizeof *k + cap);
    if (!k) {
        c->out_of_memory = true;
        return NULL;
    }
    c->chunk_hint = 0;
    k->next = c->strings;
    k->used = 0;
    k->cap = cap;
    c->strings = k;
    return k;
}

bool rf__case_grow(rf_case *c) {
    if (c->count < c->cap) return true;
    size_t cap = c->cap ? c->cap * 2 : 16;
    rf_event *ev = rf__realloc(&c->alloc, c->events, cap * sizeof *ev);
    if (!ev) {
        c->out_of_memory = true;
        return false;
    }
    c->events = ev;
    c->cap = cap;
    return true;
}

void rf__case_reset(rf_case *c) {
    rf__chunk *keep = c->strings;
    size_t total = 0;
    for (rf__chunk *k = c->strings; k; k = k->next) {
        total += k->cap;
        if (k->cap > keep->cap) keep = k;
    }
    for (rf__chunk *k = c->strings; k;) {
        rf__chunk *next = k->next;
        if (k != keep) rf__free(&c->alloc, k);
        k = next;
    }
    /* Several chunks: the next one the case starts is as large as all of
     * them, so that the same amount of text fits in one chunk next time. */
    c->chunk_hint = keep && total > keep->cap ? total : 0;
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    c->strings = keep;
    memset(&c->order, 0, sizeof c->order);
    c->count = 0;
    c->out_of_memory = false;
}
