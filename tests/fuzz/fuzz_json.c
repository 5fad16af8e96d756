/*
 * Fuzz target: the strict JSON reader and the writer (lib/json_read.c, json_write.c).
 *
 * Any input is parsed with the default limits. A document that parses is
 * walked and every node checked against the bytes it came from; then it is
 * written back compact with the writing pieces of json_write.c and re-indented by
 * rf__json_pretty, and both texts must parse again to the same tree, write
 * to the same bytes, and re-indent into each other. A
 * document that fails must fail the same way under tighter limits. Money and
 * time strings met on the way are round-tripped through the public parsers
 * and formatters.
 */
#include "fuzz.h"

#include "buf.h"
#include "json_read.h"
#include "json_write.h"

#include <inttypes.h>
#include <string.h>

/* ---- the tree against its source ----------------------------------------------- */

typedef struct walk {
    const uint8_t *data;
    size_t size;
    unsigned max_depth;   /* deepest nesting of arrays/objects seen */
    bool duplicates;      /* parsed with allow_duplicate_keys */
} walk;

/* Public parsers and formatters agree with each other on what they accept. */
static void roundtrip_scalars(const rf__json *v) {
    rf_fen fen;
    if (rf_money_parse(v->str, v->len, &fen) == RF_OK) {
        char buf[24];
        rf_fen again = -1;
        FUZZ_ASSERT(fen >= 0, "money %.*s parsed negative", (int)v->len, v->str);
        rf_money_format(fen, buf);
        FUZZ_ASSERT(rf_money_parse(buf, strlen(buf), &again) == RF_OK && again == fen,
                    "money %.*s formats as %s, which does not read back", (int)v->len, v->str, buf);
    }
    rf_time t;
    if (rf_time_parse(v->str, v->len, &t) == RF_OK) {
        char buf[32];
        rf_time again = 0;
        rf_time_format(t, buf);
        /* Output is always +08:00: an instant whose +08:00 day lies outside
         * the years 1970..9999 that rf_time_parse reads ("1970-01-01T00:00:00
         * +09:00" is 1969 there, "9999-12-31T23:59:59Z" is year 10000) is
         * printed faithfully but cannot be read back. */
        if (t >= -INT64_C(28800) && t <= INT64_C(253402271999))
            FUZZ_ASSERT(rf_time_parse(buf, strlen(buf), &again) == RF_OK && again == t,
                        "time %.*s formats as %s, which does not read back", (int)v->len, v->str, buf);
    }
}

static void check_node(walk *w, const rf__json *v, unsigned depth, const rf__json *parent) {
    FUZZ_ASSERT(v->offset < v->end && v->end <= w->size, "node span %zu..%zu of %zu", v->offset,
                v->end, w->size);
    FUZZ_ASSERT(v->line >= 1 && v->column >= 1, "node position %u:%u", v->line, v->column);
    const char *src = (const char *)w->data + v->offset;
    size_t span = v->end - v->offset;
    switch (v->type) {
    case RF_JSON_NULL: FUZZ_ASSERT(span == 4 && !memcmp(src, "null", 4), "null span"); break;
    case RF_JSON_TRUE: FUZZ_ASSERT(span == 4 && !memcmp(src, "true", 4), "true span"); break;
    case RF_JSON_FALSE: FUZZ_ASSERT(span == 5 && !memcmp(src, "false", 5), "false span"); break;
    case RF_JSON_NUMBER:
        FUZZ_ASSERT(v->str && v->len == span && !memcmp(v->str, src, span) && v->str[span] == '\0',
                    "number text differs from its source");
        break;
    case RF_JSON_STRING:
        FUZZ_ASSERT(v->str && v->str[v->len] == '\0', "string not NUL-terminated");
        FUZZ_ASSERT(span >= 2 && src[0] == '"' && src[span - 1] == '"', "string span not quoted");
        FUZZ_ASSERT(v->len <= span - 2, "decoded string longer than its source");
        FUZZ_ASSERT(fuzz_utf8_check((const unsigned char *)v->str, v->len) == v->len,
                    "decoded string is not UTF-8");
        roundtrip_scalars(v);
        break;
    case RF_JSON_ARRAY:
    case RF_JSON_OBJECT: {
        bool obj = v->type == RF_JSON_OBJECT;
        FUZZ_ASSERT(src[0] == (obj ? '{' : '[') && src[span - 1] == (obj ? '}' : ']'),
                    "container span not bracketed");
        if (depth > w->max_depth) w->max_depth = depth;
        size_t n = 0, prev_end = v->offset + 1;
        for (const rf__json *c = v->child; c; c = c->next, n++) {
            FUZZ_ASSERT(c->offset >= prev_end && c->end < v->end, "child outside its parent");
            prev_end = c->end;
            check_node(w, c, depth + 1, v);
        }
        FUZZ_ASSERT(n == v->count, "count %zu, %zu children linked", v->count, n);
        FUZZ_ASSERT((v->child == NULL) == (v->count == 0), "child pointer and count disagree");
        break;
    }
    default:
        FUZZ_ASSERT(0, "unknown node type %d", (int)v->type);
    }
    if (parent && parent->type == RF_JSON_OBJECT) {
        FUZZ_ASSERT(v->key && v->key[v->key_len] == '\0', "member without a key");
        FUZZ_ASSERT(v->key_offset > parent->offset && v->key_offset < v->offset &&
                        w->data[v->key_offset] == '"',
                    "key position outside its member");
        FUZZ_ASSERT(v->key_line >= 1 && v->key_column >= 1, "key position %u:%u", v->key_line,
                    v->key_column);
        if (!memchr(v->key, '\0', v->key_len)) {
            /* The first member of that name: this one, unless repeats are allowed. */
            const rf__json *found = rf__json_get(parent, v->key);
            FUZZ_ASSERT(found && found->key_len == v->key_len && !memcmp(found->key, v->key, v->key_len),
                        "rf__json_get does not find key \"%s\"", v->key);
            if (!w->duplicates) FUZZ_ASSERT(found == v, "rf__json_get finds another \"%s\"", v->key);
        }
    } else {
        FUZZ_ASSERT(parent || v->key == NULL, "the root has a key");
    }
}

/* ---- writing the tree back ----------------------------------------------------------- */

/* Whether a number literal is the canonical text of an int64, so that
 * rf__json_put_int writes it back exactly; other numbers go out as strings. */
static bool canonical_int(const rf__json *v, int64_t *out) {
    char buf[32];
    if (v->len == 0 || v->len > 20) return false;
    const char *s = v->str;
    bool neg = s[0] == '-';
    uint64_t mag = 0;
    for (size_t i = neg; i < v->len; i++) {
        if (s[i] < '0' || s[i] > '9') return false;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (mag > (UINT64_MAX - d) / 10) return false;
        mag = mag * 10 + d;
    }
    if (neg ? mag > (uint64_t)INT64_MAX + 1 : mag > (uint64_t)INT64_MAX) return false;
    int64_t n = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
    snprintf(buf, sizeof buf, "%" PRId64, n);
    if (strlen(buf) != v->len || memcmp(buf, s, v->len) != 0) return false; /* "-0" */
    *out = n;
    return true;
}

static void write_node(rf__buf *b, const rf__json *v) {
    int64_t n;
    switch (v->type) {
    case RF_JSON_NULL: RF__PUT_LIT(b, "null"); break;
    case RF_JSON_TRUE: RF__PUT_LIT(b, "true"); break;
    case RF_JSON_FALSE: RF__PUT_LIT(b, "false"); break;
    case RF_JSON_NUMBER:
        if (canonical_int(v, &n)) rf__json_put_int(b, n);
        else rf__json_put_string(b, v->str, v->len);
        break;
    case RF_JSON_STRING: rf__json_put_string(b, v->str, v->len); break;
    case RF_JSON_ARRAY:
        rf__buf_putc(b, '[');
        for (const rf__json *c = v->child; c; c = c->next) {
            if (c != v->child) rf__buf_putc(b, ',');
            write_node(b, c);
        }
        rf__buf_putc(b, ']');
        break;
    case RF_JSON_OBJECT:
        rf__buf_putc(b, '{');
        for (const rf__json *c = v->child; c; c = c->next) {
            if (c != v->child) rf__buf_putc(b, ',');
            rf__json_put_string(b, c->key, c->key_len);
            rf__buf_putc(b, ':');
            write_node(b, c);
        }
        rf__buf_putc(b, '}');
        break;
    }
}

/* b is what write_node made of a: the same tree, numbers that are not
 * canonical int64 text having become strings. */
static void same_tree(const rf__json *a, const rf__json *b) {
    int64_t n;
    if (a->type == RF_JSON_NUMBER && !canonical_int(a, &n)) {
        FUZZ_ASSERT(b->type == RF_JSON_STRING && b->len == a->len && !memcmp(a->str, b->str, a->len),
                    "number %.*s written as a string did not come back", (int)a->len, a->str);
        return;
    }
    FUZZ_ASSERT(a->type == b->type, "type %d came back as %d", (int)a->type, (int)b->type);
    if (a->type == RF_JSON_NUMBER || a->type == RF_JSON_STRING)
        FUZZ_ASSERT(a->len == b->len && !memcmp(a->str, b->str, a->len), "scalar changed in a round trip");
    if (a->type != RF_JSON_ARRAY && a->type != RF_JSON_OBJECT) return;
    FUZZ_ASSERT(a->count == b->count, "container of %zu came back with %zu", a->count, b->count);
    const rf__json *x = a->child, *y = b->child;
    for (; x && y; x = x->next, y = y->next) {
        if (a->type == RF_JSON_OBJECT)
            FUZZ_ASSERT(x->key_len == y->key_len && !memcmp(x->key, y->key, x->key_len),
                        "key changed in a round trip");
        same_tree(x, y);
    }
    FUZZ_ASSERT(!x && !y, "children differ in number");
}

/* text must parse to the tree root came from. */
static void reparse(const walk *wk, const rf__json *root, const char *text, size_t len, const char *what) {
    rf__json_limits limits = {0, 0, wk->duplicates, false};
    rf__json_doc *doc = NULL;
    rf_error err = {0};
    FUZZ_ASSERT(fuzz_utf8_check((const unsigned char *)text, len) == len, "%s output is not UTF-8", what);
    rf_status st = rf__json_parse(NULL, text, len, &limits, &doc, &err);
    FUZZ_ASSERT(st == RF_OK, "%s output does not parse: %s at %u:%u", what, err.message, err.line, err.column);
    same_tree(root, rf__json_root(doc));

    /* Writing what was read back gives the compact bytes again. */
    rf__buf again;
    rf__buf_init(&again, NULL);
    write_node(&again, rf__json_root(doc));
    FUZZ_ASSERT(!again.failed, "writer failed");
    rf__buf pretty;
    rf__buf_init(&pretty, NULL);
    rf__json_pretty(&pretty, text, len, 0);
    FUZZ_ASSERT(!pretty.failed && pretty.len == again.len && !memcmp(pretty.data, again.data, again.len),
                "%s output re-indented to 0 differs from a second compact write", what);
    rf__buf_free(&pretty);
    rf__buf_free(&again);
    rf__json_free(doc);
}

static void write_and_reparse(const walk *wk, const rf__json *root) {
    rf__buf compact, pretty, twice;
    rf__buf_init(&compact, NULL);
    write_node(&compact, root);
    FUZZ_ASSERT(!compact.failed, "writer failed on a parsed document");
    reparse(wk, root, compact.data, compact.len, "compact");

    rf__buf_init(&pretty, NULL);
    rf__json_pretty(&pretty, compact.data, compact.len, 2);
    FUZZ_ASSERT(!pretty.failed, "re-indenting failed");
    reparse(wk, root, pretty.data, pretty.len, "pretty");

    /* A pretty text re-indents to itself. */
    rf__buf_init(&twice, NULL);
    rf__json_pretty(&twice, pretty.data, pretty.len, 2);
    FUZZ_ASSERT(twice.len == pretty.len && !memcmp(twice.data, pretty.data, pretty.len),
                "re-indenting a pretty text changed it");
    rf__buf_free(&twice);
    rf__buf_free(&pretty);
    rf__buf_free(&compact);
}

static void check_document(const uint8_t *data, size_t size, const rf__json_doc *doc, bool duplicates) {
    walk w = {data, size, 0, duplicates};
    const rf__json *root = rf__json_root(doc);
    FUZZ_ASSERT(root != NULL, "a parsed document without a root");
    check_node(&w, root, 1, NULL);
    FUZZ_ASSERT(w.max_depth <= RF_JSON_DEFAULT_MAX_DEPTH, "%u levels passed the depth limit", w.max_depth);
    write_and_reparse(&w, root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const char *text = (const char *)data;
    rf__json_doc *doc = NULL;
    rf_error err = {0};
    rf_status st = rf__json_parse(NULL, text, size, NULL, &doc, &err);
    /* RF_E_INVALID: well-formed, but a key repeats in an object. */
    FUZZ_ASSERT(st == RF_OK || st == RF_E_JSON || st == RF_E_LIMIT || st == RF_E_INVALID, "status %s",
                rf_status_name(st));
    FUZZ_ASSERT((st == RF_OK) == (doc != NULL), "document and status disagree");
    if (st == RF_OK) {
        check_document(data, size, doc, false);
    } else {
        FUZZ_ASSERT(err.code == st && err.offset <= size && err.line >= 1 && err.column >= 1 && err.message[0],
                    "error without a position: %s at %zu %u:%u", err.message, err.offset, err.line, err.column);
    }

    /* A tighter depth limit accepts a subset, and fails no later. */
    unsigned depth = 1 + (unsigned)(fuzz_hash(data, size) % RF_JSON_DEFAULT_MAX_DEPTH);
    rf__json_limits tight = {0, depth, false, false};
    rf__json_doc *doc2 = NULL;
    rf_error err2 = {0};
    rf_status st2 = rf__json_parse(NULL, text, size, &tight, &doc2, &err2);
    if (st == RF_OK) {
        walk w = {data, size, 0, false};
        check_node(&w, rf__json_root(doc), 1, NULL);
        FUZZ_ASSERT(st2 == (w.max_depth <= depth ? RF_OK : RF_E_LIMIT),
                    "%u levels under a limit of %u gave %s", w.max_depth, depth, rf_status_name(st2));
    } else {
        FUZZ_ASSERT(st2 != RF_OK, "a tighter depth limit accepted what the default refused");
        /* A repeated key is reported once the whole document is read: a
         * depth error may lie anywhere before or after it. */
        if (st2 == RF_E_LIMIT) FUZZ_ASSERT(st == RF_E_INVALID || err2.offset <= err.offset, "depth error after the first error");
        else FUZZ_ASSERT(st2 == st && err2.offset == err.offset, "a tighter limit moved the error");
    }
    rf__json_free(doc2);
    rf__json_free(doc);

    /* Repeated names: the reader can be told to allow them (the conformance
     * suite and the case loader do); everything else about the document is
     * unchanged. A repeat is refused only in a well-formed document, as
     * RF_E_INVALID at the first repeat, naming the first key; allowed, it
     * is linked to that key. */
    {
        rf__json_limits dup = {0, 0, true, false};
        rf_error err3 = {0};
        rf_status st3 = rf__json_parse(NULL, text, size, &dup, &doc, &err3);
        if (st == RF_E_INVALID) {
            FUZZ_ASSERT(err.detail == RF_ERR_DUPLICATE_KEY && err.first_line >= 1 && err.first_column >= 1 &&
                            err.first_offset < err.offset,
                        "a refused repeat without its two positions");
            FUZZ_ASSERT(st3 == RF_OK, "allowing repeats did not accept the document: %s", err3.message);
            const rf__json *m = rf__json_first_duplicate(doc);
            FUZZ_ASSERT(m && m->dup_of && m->key_offset == err.offset && m->dup_of->key_offset == err.first_offset,
                        "the first repeat allowed is not the one refused");
        } else {
            FUZZ_ASSERT(st3 == st && (st3 != RF_OK || rf__json_duplicate_count(doc) == 0),
                        "allowing repeats changed a document without any");
        }
        if (st3 == RF_OK) check_document(data, size, doc, true);
        rf__json_free(doc);
    }

    /* A size limit one byte short is refused before any parsing. */
    if (size >= 2) {
        rf__json_limits small = {size - 1, 0, false, false};
        rf_error err4 = {0};
        FUZZ_ASSERT(rf__json_parse(NULL, text, size, &small, &doc, &err4) == RF_E_LIMIT && !doc &&
                        err4.offset == size - 1,
                    "size limit not enforced at offset %zu", err4.offset);
    }
    return 0;
}
