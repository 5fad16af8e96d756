/*
 * The tree loader: a case document (FORMAT.md section 1) to a typed order and
 * its events. Every error names the field and its line and column; unknown
 * keys are errors, because a typo must not silently change a verdict.
 *
 * The strict JSON reader builds the document, then each member is looked up
 * in the schema (lib/schema.h) and read by its row: the row says the type,
 * where the value goes, and for an event which types take it. rf_case_parse
 * first gives the bytes to the schema-directed reader of lib/case_fast.c,
 * which is several times faster on the documents it is sure of and declines
 * the rest; this loader reads what it declines, so every error comes from
 * here.
 */
#include "case_read.h"
#include "json_read.h"
#include "schema.h"

#include <stdio.h>
#include <string.h>

/* ---- the loader's context ---------------------------------------------------- */

typedef struct loader {
    rf_case *c;
    rf_error *err;
    char path[96];            /* JSON path of the object being read */
} loader;

static rf_status fail_at(loader *ld, const rf__json *v, const char *field, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static rf_status fail_at(loader *ld, const rf__json *v, const char *field, const char *fmt, ...) {
    char path[256], msg[200];
    if (field && *field)
        snprintf(path, sizeof path, "%s%s%s", ld->path, *ld->path ? "." : "", field);
    else
        snprintf(path, sizeof path, "%s", ld->path);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rf__fail(ld->err, RF_E_INVALID, v->offset, v->line, v->column, path, "%s", msg);
}

/* An unknown or misplaced key: the error is at the key, not its value. */
static rf_status fail_key(loader *ld, const rf__json *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static rf_status fail_key(loader *ld, const rf__json *m, const char *fmt, ...) {
    char path[256], msg[200];
    snprintf(path, sizeof path, "%s.%s", ld->path, m->key);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rf__fail(ld->err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, path, "%s", msg);
}

/* ---- typed values -------------------------------------------------------------------- */

static rf_status read_text(loader *ld, const rf__json *v, const char *field, const char **out) {
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, "must be a string");
    if (v->len == 0) return fail_at(ld, v, field, "must not be empty");
    if (v->len > RF_MAX_STRING)
        return fail_at(ld, v, field, "is longer than %u bytes", RF_MAX_STRING);
    if (memchr(v->str, '\0', v->len)) return fail_at(ld, v, field, "must not contain \\u0000");
    *out = rf__case_store(ld->c, v->str, v->len);
    return *out ? RF_OK : rf__fail(ld->err, RF_E_NOMEM, v->offset, v->line, v->column, field, "out of memory");
}

static rf_status read_money(loader *ld, const rf__json *v, const char *field, rf_fen *out) {
    if (v->type == RF_JSON_NUMBER)
        return fail_at(ld, v, field, "money must be a string of yuan such as \"88.00\", not the number %.*s",
                       (int)(v->len > 40 ? 40 : v->len), v->str);
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, "money must be a string of yuan such as \"88.00\"");
    rf_status st = rf_money_parse(v->str, v->len, out);
    if (st == RF_E_RANGE)
        return fail_at(ld, v, field, "amount \"%.*s\" is above the largest amount, 99999999999.99",
                       (int)(v->len > 40 ? 40 : v->len), v->str);
    if (st != RF_OK)
        return fail_at(ld, v, field, "\"%.*s\" is not an amount of yuan with at most two decimals and no sign",
                       (int)(v->len > 40 ? 40 : v->len), v->str);
    return RF_OK;
}

static rf_status read_time(loader *ld, const rf__json *v, const char *field, rf_time *out) {
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, "time must be an RFC 3339 string");
    rf_status st = rf_time_parse(v->str, v->len, out);
    if (st != RF_OK)
        return fail_at(ld, v, field,
                       "\"%.*s\" is not an RFC 3339 time with an offset (e.g. 2024-06-20T09:00:00+08:00)%s",
                       (int)(v->len > 40 ? 40 : v->len), v->str,
                       st == RF_E_RANGE ? ": a field is out of range" : "");
    return RF_OK;
}

static rf_status read_bool(loader *ld, const rf__json *v, const char *field, bool *out) {
    if (v->type == RF_JSON_TRUE) *out = true;
    else if (v->type == RF_JSON_FALSE) *out = false;
    else return fail_at(ld, v, field, "must be true or false");
    return RF_OK;
}

/* Lists the names a row's enumeration allows, for an error message. */
static void enum_choices(const rf__field *f, char *buf, size_t size) {
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; (uint64_t)i < f->range && rf_enum_name(f->enumeration, i) && used < size; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", rf_enum_name(f->enumeration, i));
        if (n < 0) break;
        used += (size_t)n;
    }
}

static rf_status read_enum(loader *ld, const rf__json *v, const rf__field *f, int *out) {
    char choices[400];
    int value = v->type == RF_JSON_STRING ? rf_enum_lookup(f->enumeration, v->str, v->len) : -1;
    if (value >= 0 && (uint64_t)value >= f->range) value = -1;           /* refund_succeeded: the engine's own */
    if (f->type == RF__FT_ENUM_OR_NULL && value == 0) value = -1;        /* null, not "null" */
    if (value < 0) {
        enum_choices(f, choices, sizeof choices);
        if (v->type == RF_JSON_STRING)
            return fail_at(ld, v, f->key, "unknown value \"%.*s\"; expected one of: %s",
                           (int)(v->len > 40 ? 40 : v->len), v->str, choices);
        return fail_at(ld, v, f->key, "must be a string, one of: %s", choices);
    }
    *out = value;
    return RF_OK;
}

/* A CHOICE: a JSON number written plainly (no sign, fraction, exponent or
 * leading zero: 3.0, 1e1 or 05 are refused), one of the row's values. */
static rf_status read_choice(loader *ld, const rf__json *v, const rf__field *f, int *out) {
    int value = -1;
    if (v->type == RF_JSON_NUMBER && v->len >= 1 && v->len <= 2 && !(v->len == 2 && v->str[0] == '0')) {
        value = 0;
        for (size_t i = 0; i < v->len && value >= 0; i++)
            value = v->str[i] >= '0' && v->str[i] <= '9' ? value * 10 + (v->str[i] - '0') : -1;
    }
    if (!rf__field_int_ok(f, value) || (f->type == RF__FT_CHOICE_OR_NULL && value == 0)) {
        /* "must be the number 3, 5, 7 or 10" */
        char msg[200];
        size_t used = 0, left = 0;
        for (int i = 0; i < 64; i++) left += f->range >> i & 1u;
        msg[0] = '\0';
        for (int i = 0; i < 64 && used < sizeof msg; i++) {
            if (!(f->range >> i & 1u)) continue;
            left--;
            int n = snprintf(msg + used, sizeof msg - used, "%s%d", used ? (left ? ", " : " or ") : "", i);
            if (n < 0) break;
            used += (size_t)n;
        }
        return fail_at(ld, v, f->key, "must be the number %s", msg);
    }
    *out = value;
    return RF_OK;
}

/* A SET: an array of the row's names, each at most once. */
static rf_status read_set(loader *ld, const rf__json *v, const rf__field *f, uint64_t *out) {
    uint64_t set = 0;
    if (v->type != RF_JSON_ARRAY) return fail_at(ld, v, f->key, "must be an array of names");
    for (const rf__json *e = v->child; e; e = e->next) {
        int value = e->type == RF_JSON_STRING ? rf__set_lookup(f, e->str, e->len) : -1;
        if (value < 0) {
            char choices[600];
            size_t used = 0;
            choices[0] = '\0';
            for (int i = 0; (uint64_t)i < f->range && i < 64 && used < sizeof choices; i++) {
                int n = snprintf(choices + used, sizeof choices - used, "%s%s", i ? ", " : "", rf__set_name(f, i));
                if (n < 0) break;
                used += (size_t)n;
            }
            if (e->type == RF_JSON_STRING)
                return fail_at(ld, e, f->key, "unknown name \"%.*s\"; expected some of: %s",
                               (int)(e->len > 40 ? 40 : e->len), e->str, choices);
            return fail_at(ld, e, f->key, "each element must be a string, one of: %s", choices);
        }
        if (set >> value & 1u)
            return fail_at(ld, e, f->key, "\"%s\" is listed twice", rf__set_name(f, value));
        set |= UINT64_C(1) << value;
    }
    *out = set;
    return RF_OK;
}

static rf_status read_object(loader *ld, const rf__json *o, const rf__field *fields, size_t n, void *base,
                             const char *what);

/* A LIST: an array of objects, each read by the row's element rows into
 * the case (the import object's refunds, the one LIST of the format). */
static rf_status read_list(loader *ld, const rf__json *v, const rf__field *f) {
    char saved[sizeof ld->path];
    if (v->type != RF_JSON_ARRAY) return fail_at(ld, v, f->key, "must be an array of objects");
    if (v->count > RF_MAX_REQUESTS)
        return rf__fail(ld->err, RF_E_LIMIT, v->offset, v->line, v->column, f->key, "at most %u elements",
                        RF_MAX_REQUESTS);
    memcpy(saved, ld->path, sizeof saved);
    size_t i = 0;
    for (const rf__json *e = v->child; e; e = e->next, i++) {
        rf_import_refund *item = rf__case_push_import_refund(ld->c);
        if (!item) return rf__fail(ld->err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
        snprintf(ld->path, sizeof ld->path, "%s.%s[%zu]", saved, f->key, i);
        rf_status st = read_object(ld, e, f->items, f->item_count, item, "an element");
        if (st != RF_OK) return st;
    }
    memcpy(ld->path, saved, sizeof saved);
    return RF_OK;
}

/* Reads v as row f into the struct at base (an rf_order, an rf_event, an
 * rf_case_import, an rf_import_refund). */
static rf_status read_value(loader *ld, const rf__json *v, const rf__field *f, void *base) {
    rf_status st = RF_OK;
    switch (f->type) {
    case RF__FT_TEXT_OR_NULL:
        if (v->type == RF_JSON_NULL) {
            rf__field_set_text(base, f, NULL);
            return RF_OK;
        }
        /* fall through */
    case RF__FT_TEXT: {
        const char *s = NULL;
        if ((st = read_text(ld, v, f->key, &s)) == RF_OK) rf__field_set_text(base, f, s);
        return st;
    }
    case RF__FT_SET: {
        uint64_t set = 0;
        if ((st = read_set(ld, v, f, &set)) == RF_OK) rf__field_set_u64(base, f, set);
        return st;
    }
    case RF__FT_LIST:
        return read_list(ld, v, f);
    case RF__FT_MONEY:
    case RF__FT_TIME: {
        int64_t x = 0;
        st = f->type == RF__FT_MONEY ? read_money(ld, v, f->key, &x) : read_time(ld, v, f->key, &x);
        if (st == RF_OK) rf__field_set_i64(base, f, x);
        return st;
    }
    case RF__FT_BOOL: {
        bool b = false;
        if ((st = read_bool(ld, v, f->key, &b)) == RF_OK) rf__field_set_bool(base, f, b);
        return st;
    }
    case RF__FT_ENUM_OR_NULL:
    case RF__FT_ENUM:
    case RF__FT_CHOICE:
    case RF__FT_CHOICE_OR_NULL: {
        int x = 0;
        if ((f->type == RF__FT_ENUM_OR_NULL || f->type == RF__FT_CHOICE_OR_NULL) && v->type == RF_JSON_NULL) st = RF_OK;
        else if (f->type == RF__FT_CHOICE || f->type == RF__FT_CHOICE_OR_NULL) st = read_choice(ld, v, f, &x);
        else st = read_enum(ld, v, f, &x);
        if (st == RF_OK) rf__field_set_int(base, f, x);
        return st;
    }
    }
    return fail_at(ld, v, f->key, "unsupported field");
}

/* ---- the order, the import object -------------------------------------------------- */

/* An object whose keys are the rows fields[0..n), read into base, which
 * holds the rows' defaults; what names it in a message ("order"). */
static rf_status read_object(loader *ld, const rf__json *o, const rf__field *fields, size_t n, void *base,
                             const char *what) {
    uint32_t seen = 0;
    rf_status st = RF_OK;
    if (o->type != RF_JSON_OBJECT) return fail_at(ld, o, NULL, "must be an object");
    for (const rf__json *m = o->child; m && st == RF_OK; m = m->next) {
        const rf__field *f = rf__field_find(fields, n, m->key, m->key_len);
        if (!f) return fail_key(ld, m, "unknown key \"%s\" in %s", m->key, what);
        st = read_value(ld, m, f, base);
        seen |= UINT32_C(1) << (f - fields);
    }
    if (st != RF_OK) return st;
    for (size_t i = 0; i < n; i++)
        if (fields[i].required && !(seen >> i & 1u)) return fail_at(ld, o, fields[i].key, "is required");
    return RF_OK;
}

static rf_status read_order(loader *ld, const rf__json *o) {
    snprintf(ld->path, sizeof ld->path, "order");
    /* Defaults for what may be left out: documented in docs/file-format.md. */
    ld->c->order = rf__order_defaults;
    return read_object(ld, o, rf__order_fields, RF__ORDER_FIELD_COUNT, &ld->c->order, "order");
}

/* The optional "import" object (TOP.md section 3). */
static rf_status read_import(loader *ld, const rf__json *o) {
    snprintf(ld->path, sizeof ld->path, "import");
    ld->c->import = rf__import_defaults;
    ld->c->has_import = true;
    return read_object(ld, o, rf__import_fields, RF__IMPORT_FIELD_COUNT, &ld->c->import, "import");
}

/* ---- events ------------------------------------------------------------------------ */

static rf_status read_event(loader *ld, const rf__json *o, rf_event *ev) {
    const rf__field *type_field = &rf__event_fields[RF__EVENT_type];
    uint32_t seen = 0;
    unsigned has = 0;
    rf_status st = RF_OK;

    memset(ev, 0, sizeof *ev);
    ev->size = sizeof *ev;
    ev->line = o->line;
    ev->column = o->column;
    if (o->type != RF_JSON_OBJECT) return fail_at(ld, o, NULL, "an event must be an object");
    /* The type decides which other fields are allowed: read it first. */
    const rf__json *type = rf__json_get(o, type_field->key);
    if (!type) return fail_at(ld, o, type_field->key, "is required");
    if ((st = read_value(ld, type, type_field, ev)) != RF_OK) return st;
    const rf__event_shape *shape = &rf__case_shapes[ev->type];
    const char *type_name = rf_enum_name(RF_ENUM_EVENT, (int)ev->type);
    for (const rf__json *m = o->child; m && st == RF_OK; m = m->next) {
        const rf__field *f = rf__field_find(rf__event_fields, RF__EVENT_FIELD_COUNT, m->key, m->key_len);
        if (f == type_field) continue;
        if (!f) return fail_key(ld, m, "unknown key \"%s\" in a %s event", m->key, type_name);
        if (f->bit && !(shape->allowed & f->bit))
            return fail_key(ld, m, "key \"%s\" does not belong to a %s event", m->key, type_name);
        st = read_value(ld, m, f, ev);
        seen |= UINT32_C(1) << (f - rf__event_fields);
        has |= f->bit;
    }
    if (st != RF_OK) return st;
    /* The keys every event has (rows without a bit), then what the type requires. */
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT; i++)
        if (!rf__event_fields[i].bit && !(seen >> i & 1u) && &rf__event_fields[i] != type_field)
            return fail_at(ld, o, rf__event_fields[i].key, "is required");
    unsigned missing = shape->required & ~has;
    if (missing)
        return fail_at(ld, o, rf__event_field_of_bit(missing & (~missing + 1u))->key, "is required for a %s event",
                       type_name);
    ev->has = has;
    return RF_OK;
}

static rf_status read_events(loader *ld, const rf__json *arr) {
    snprintf(ld->path, sizeof ld->path, "events");
    if (arr->type != RF_JSON_ARRAY) return fail_at(ld, arr, NULL, "must be an array");
    if (arr->count > RF_MAX_EVENTS)
        return rf__fail(ld->err, RF_E_LIMIT, arr->offset, arr->line, arr->column, "events",
                        "a case may hold at most %u events", RF_MAX_EVENTS);
    size_t i = 0;
    for (const rf__json *e = arr->child; e; e = e->next, i++) {
        snprintf(ld->path, sizeof ld->path, "events[%zu]", i);
        if (!rf__case_grow(ld->c)) return rf__fail(ld->err, RF_E_NOMEM, 0, 0, 0, NULL, "out of memory");
        rf_status st = read_event(ld, e, &ld->c->events[ld->c->count]);
        if (st != RF_OK) return st;
        ld->c->count++;
    }
    return RF_OK;
}

/* ---- the pre-scan ---------------------------------------------------------------- */

/* The tree costs about 100 bytes a value, and a 16 MiB document can hold 8
 * million values: 900 MB for a line of "[0,0,0,...]". So before the tree
 * is built, one pass over the bytes counts the values and the elements of
 * the root's "events" array, allocating nothing, and refuses a document over
 * RF_MAX_EVENTS events or RF_MAX_CASE_VALUES values with the error the
 * loader would give (the events array) or at the first value past the
 * limit. The pass only follows the JSON structure (strings, brackets,
 * commas, colons) and checks nothing else: on a valid document its counts
 * are exact, so no case is refused; on an invalid one it may refuse for the
 * limit where the parser would have named another error first. A document
 * too short to hold more than RF_MAX_EVENTS elements is not scanned. */

#define PRESCAN_MIN_LEN (2 * (size_t)RF_MAX_EVENTS) /* "[0,0,...]" of RF_MAX_EVENTS + 1 elements is longer */

static bool scalar_end(unsigned char c) {
    return c == ',' || c == ']' || c == '}' || c == ':' || c == '"' || c == '[' || c == '{' || c == ' ' ||
           c == '\t' || c == '\n' || c == '\r';
}

static rf_status prescan(const char *json, size_t len, rf_error *err) {
    const unsigned char *s = (const unsigned char *)json;
    size_t values = 0, events = 0, events_at = 0, depth = 0;
    uint64_t arrays = 0;      /* bit d: the container at depth d + 1 is an array */
    bool want_value = true;   /* a value may start here: at the root, after '[', ':' and an array's ',' */
    bool events_key = false;  /* the last key of the root object was "events" */
    bool in_events = false;   /* depth 2 is the root's "events" array */
    unsigned line, column;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') continue;
        if (ch == ':') { want_value = true; continue; }
        if (ch == ',') { want_value = depth > 0 && (arrays >> (depth - 1) & 1u); continue; }
        if (ch == ']' || ch == '}') {
            if (depth == 2) in_events = false;
            if (depth) depth--;
            want_value = false;
            continue;
        }
        size_t start = i;
        if (ch == '"') {
            for (i++; i < len && s[i] != '"'; i++)
                if (s[i] == '\\') i++;
            if (!want_value) { /* a key */
                if (depth == 1) events_key = i < len && i - start == 7 && memcmp(s + start + 1, "events", 6) == 0;
                continue;
            }
        } else if (ch != '[' && ch != '{') {
            while (i + 1 < len && !scalar_end(s[i + 1])) i++;
            if (!want_value) continue; /* not JSON: the parser says what */
        } else if (!want_value) {
            want_value = true; /* not JSON either; keep counting what follows */
        }
        if (want_value) {
            /* A value starts at start. */
            if (in_events && depth == 2 && ++events > RF_MAX_EVENTS) {
                rf__json_locate(json, events_at, &line, &column);
                return rf__fail(err, RF_E_LIMIT, events_at, line, column, "events",
                                "a case may hold at most %u events", RF_MAX_EVENTS);
            }
            if (++values > RF_MAX_CASE_VALUES) {
                rf__json_locate(json, start, &line, &column);
                return rf__fail(err, RF_E_LIMIT, start, line, column, NULL,
                                "more JSON values than a case can hold (%u)", RF_MAX_CASE_VALUES);
            }
        }
        if (ch == '[' || ch == '{') {
            if (depth == 64) return RF_OK; /* deeper than the parser goes: it refuses the nesting */
            if (depth == 1 && ch == '[' && events_key) {
                in_events = true;
                events_at = start;
            }
            if (depth == 1) events_key = false;
            arrays = ch == '[' ? arrays | UINT64_C(1) << depth : arrays & ~(UINT64_C(1) << depth);
            depth++;
            want_value = ch == '[';
        } else {
            if (depth == 1) events_key = false;
            want_value = false;
        }
    }
    return RF_OK;
}

/* ---- the document ---------------------------------------------------------------- */

rf_status rf__case_read_tree(rf_case *c, const char *json, size_t len, rf_error *err) {
    rf__json_doc *doc = NULL;
    loader ld = {0};
    rf_status st;

    ld.c = c;
    ld.err = err;
    /* A document over the size limit is the parser's to refuse, at its limit. */
    if (len >= PRESCAN_MIN_LEN && len <= RF_JSON_DEFAULT_MAX_SIZE && (st = prescan(json, len, err)) != RF_OK)
        return st;
    st = rf__json_parse(&c->alloc, json, len, NULL, &doc, err);
    if (st == RF_OK) {
        const rf__json *root = rf__json_root(doc);
        bool seen_schema = false, seen_order = false, seen_events = false;
        if (root->type != RF_JSON_OBJECT)
            st = fail_at(&ld, root, NULL, "a case file must be a JSON object");
        for (const rf__json *m = root->child; m && st == RF_OK; m = m->next) {
            if (rf__json_key_is(m, "schema")) {
                seen_schema = true;
                if (m->type != RF_JSON_STRING || m->len != sizeof RF_SCHEMA_NAME - 1 ||
                    memcmp(m->str, RF_SCHEMA_NAME, sizeof RF_SCHEMA_NAME - 1) != 0)
                    st = fail_at(&ld, m, "schema", "must be \"" RF_SCHEMA_NAME "\"");
            } else if (rf__json_key_is(m, "order")) {
                seen_order = true;
                st = read_order(&ld, m);
            } else if (rf__json_key_is(m, "events")) {
                seen_events = true;
                st = read_events(&ld, m);
            } else if (rf__json_key_is(m, "import")) {
                st = read_import(&ld, m);
            } else {
                st = rf__fail(err, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, m->key,
                              "unknown key \"%s\" at the top of a case", m->key);
            }
            ld.path[0] = '\0';
        }
        if (st == RF_OK && !seen_schema) st = fail_at(&ld, root, "schema", "is required (\"" RF_SCHEMA_NAME "\")");
        if (st == RF_OK && !seen_order) st = fail_at(&ld, root, "order", "is required");
        if (st == RF_OK && !seen_events) st = fail_at(&ld, root, "events", "is required");
    }
    rf__json_free(doc);
    return st;
}

rf_status rf__case_read_event(rf_case *c, const char *json, size_t len, rf_event *out, rf_error *err) {
    rf__json_doc *doc = NULL;
    loader ld = {0};
    ld.c = c;
    ld.err = err;
    snprintf(ld.path, sizeof ld.path, "event");
    rf_status st = rf__json_parse(&c->alloc, json, len, NULL, &doc, err);
    if (st == RF_OK) st = read_event(&ld, rf__json_root(doc), out);
    rf__json_free(doc);
    return st;
}
