/*
 * A sentence written as snprintf writes: cut to the caller's buffer, counted
 * whole. The finding messages (finding.c) and the error messages
 * (error_text.c) are composed on it.
 */
#ifndef RF_SENTENCE_H
#define RF_SENTENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct rf__sentence {
    char *buf;   /* NULL with size 0: only count */
    size_t size; /* of buf */
    size_t len;  /* the whole length so far, written or not */
} rf__sentence;

static inline void rf__sentence_put(rf__sentence *s, const char *text, size_t n) {
    if (s->len < s->size) {
        size_t room = s->size - 1 - s->len;
        memcpy(s->buf + s->len, text, n < room ? n : room);
    }
    s->len += n;
}

/* A C string; NULL writes nothing. */
static inline void rf__sentence_str(rf__sentence *s, const char *text) {
    if (text) rf__sentence_put(s, text, strlen(text));
}

/* Ends the text with a NUL (when there is a buffer) and returns its whole
 * length, as snprintf does. */
static inline size_t rf__sentence_end(rf__sentence *s) {
    if (s->buf && s->size) s->buf[s->len < s->size ? s->len : s->size - 1] = '\0';
    return s->len;
}

#endif
