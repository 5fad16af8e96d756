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
#include "error_text.h"
#include "json_read.h"
#include "schema.h"

#include <stdio.h>
#include <string.h>

/* ---- the loader's context ---------------------------------------------------- */

/* The loader reports each mistake to report(). rf_case_parse wants the
 * first (first-error mode: it goes to err, and the loader stops); `refund
 * validate` wants them all (collect mode, rf_case_validate: each goes into
 * errs, kept in the order of their positions, and the loader goes on past
 * an invalid field; only a status other than RF_E_INVALID, which means the
 * document cannot be read further, stops it). */
typedef struct loader {
    rf_case *c;
    rf_error *err;            /* first-error mode: the caller's, may be NULL */
    bool collect;
    rf_error *errs;           /* collect mode: the first cap errors */
    size_t cap, stored;
    size_t reports;           /* errors reported so far */
    size_t duplicates;        /* repeated keys among them */
    rf_status status;         /* the first error's status; RF_OK: none */
    rf_status fatal;          /* the first status other than RF_E_INVALID */
    char path[96];            /* JSON path of the object being read */
} loader;

/* Whether reading stops here. */
static bool stop(const loader *ld) { return ld->collect ? ld->fatal != RF_OK : ld->status != RF_OK; }

/* Keeps *e (collect mode) while there is room: the first cap errors in the
 * order the loader meets them, which is the file's order object by object
 * (an object's members in order, then the keys it lacks). */
static void keep(loader *ld, const rf_error *e) {
    if (ld->stored < ld->cap) ld->errs[ld->stored++] = *e;
}

static void count_error(loader *ld, rf_status code) {
    ld->reports++;
    if (ld->status == RF_OK) ld->status = code;
    if (code != RF_E_INVALID && ld->fatal == RF_OK) ld->fatal = code;
}

/* Reports one error, with detail d. */
static rf_status report(loader *ld, rf_status code, size_t offset, unsigned line, unsigned column,
                        const char *field, const rf__detail *d) {
    count_error(ld, code);
    rf_error one, *e = ld->collect ? &one : ld->err;
    if (ld->collect) rf__error_clear(&one);
    rf__fail_detail(e, code, offset, line, column, field, d);
    if (ld->collect) keep(ld, &one);
    return code;
}

/* A detail with its parameters, as an argument. */
#define DETAIL(...) (&(rf__detail){__VA_ARGS__})

/* An error about value v (at it), field the key under the current path
 * (NULL: the object itself), with detail d. */
static rf_status fail_at(loader *ld, const rf__json *v, const char *field, const rf__detail *d) {
    char path[256];
    if (field && *field)
        snprintf(path, sizeof path, "%s%s%s", ld->path, *ld->path ? "." : "", field);
    else
        snprintf(path, sizeof path, "%s", ld->path);
    return report(ld, RF_E_INVALID, v->offset, v->line, v->column, path, d);
}

/* An error about member m's key (an unknown, misplaced or repeated key): at
 * the key, not its value. */
static rf_status fail_key(loader *ld, const rf__json *m, const rf__detail *d) {
    char path[256];
    snprintf(path, sizeof path, "%s%s%s", ld->path, *ld->path ? "." : "", m->key);
    return report(ld, RF_E_INVALID, m->key_offset, m->key_line, m->key_column, path, d);
}

/* How much of a value an error message quotes: at most 40 bytes, cut
 * before a character that would not fit whole. */
static size_t echo_len(const char *s, size_t len) {
    if (len <= 40) return len;
    size_t n = 40;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n;
}

/* Every member of o that repeats a key of o, at the repeat, naming the
 * first (the reader linked them: rf__json.dup_of). The readers below skip
 * the repeats, so each key is read once. */
static void report_duplicates(loader *ld, const rf__json *o) {
    for (const rf__json *m = o->child; m && !stop(ld); m = m->next) {
        if (!m->dup_of) continue;
        ld->duplicates++;
        fail_key(ld, m, DETAIL(.detail = RF_ERR_DUPLICATE_KEY, .found = m->key, .found_len = echo_len(m->key, m->key_len),
                               .first_offset = m->dup_of->key_offset, .first_line = m->dup_of->key_line,
                               .first_column = m->dup_of->key_column));
    }
}

/* v's text in half-width characters, quoted, into fix (room for 100 bytes),
 * when it holds full-width ones and the half-width text passes ok; else 0. */
static size_t halfwidth_fix(const rf__json *v, bool (*ok)(const char *, size_t, const void *), const void *arg,
                            char *fix) {
    char text[96];
    bool changed = false;
    if (v->len > sizeof text) return 0;
    size_t n = rf__halfwidth(v->str, v->len, text, &changed);
    if (!changed || !ok(text, n, arg)) return 0;
    fix[0] = '"';
    memcpy(fix + 1, text, n);
    fix[n + 1] = '"';
    return n + 2;
}

/* A FULLWIDTH_VALUE error for v when its half-width text would pass ok. */
static bool fail_fullwidth(loader *ld, const rf__json *v, const char *field,
                           bool (*ok)(const char *, size_t, const void *), const void *arg) {
    char fix[100];
    size_t n = v->type == RF_JSON_STRING ? halfwidth_fix(v, ok, arg, fix) : 0;
    if (!n) return false;
    fail_at(ld, v, field, DETAIL(.detail = RF_ERR_FULLWIDTH_VALUE, .found = v->str, .found_len = echo_len(v->str, v->len),
                                 .fix = fix, .fix_len = n));
    return true;
}

/* ---- typed values -------------------------------------------------------------------- */

static rf_status read_text(loader *ld, const rf__json *v, const char *field, const char **out) {
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_NOT_STRING));
    if (v->len == 0) return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_EMPTY));
    if (v->len > RF_MAX_STRING) {
        char limit[16];
        int n = snprintf(limit, sizeof limit, "%u", RF_MAX_STRING);
        return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_TOO_LONG, .fix = limit, .fix_len = (size_t)n));
    }
    if (memchr(v->str, '\0', v->len)) return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_NUL));
    *out = rf__case_store(ld->c, v->str, v->len);
    return *out ? RF_OK : report(ld, RF_E_NOMEM, v->offset, v->line, v->column, field, DETAIL(.detail = RF_ERR_OUT_OF_MEMORY));
}

static bool money_ok(const char *s, size_t n, const void *arg) {
    rf_fen fen;
    (void)arg;
    return rf_money_parse(s, n, &fen) == RF_OK;
}

static rf_status read_money(loader *ld, const rf__json *v, const char *field, rf_fen *out) {
    size_t shown = echo_len(v->str ? v->str : "", v->len);
    if (v->type == RF_JSON_NUMBER) {
        /* 88.00 for "88.00": say to quote it, when quoting is all it needs. */
        if (!money_ok(v->str, v->len, NULL))
            return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_MONEY_BAD_NUMBER, .found = v->str, .found_len = shown));
        char fix[24];
        int n = snprintf(fix, sizeof fix, "\"%s\"", v->str);
        return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_MONEY_NUMBER, .found = v->str, .found_len = shown,
                                            .fix = fix, .fix_len = (size_t)n));
    }
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_MONEY_TYPE));
    rf_status st = rf_money_parse(v->str, v->len, out);
    if (st == RF_OK) return RF_OK;
    if (fail_fullwidth(ld, v, field, money_ok, NULL)) return RF_E_INVALID;
    return fail_at(ld, v, field, DETAIL(.detail = st == RF_E_RANGE ? RF_ERR_MONEY_RANGE : RF_ERR_MONEY_TEXT,
                                        .found = v->str, .found_len = shown));
}

static bool time_ok(const char *s, size_t n, const void *arg) {
    rf_time t;
    (void)arg;
    return rf_time_parse(s, n, &t) == RF_OK;
}

static rf_status read_time(loader *ld, const rf__json *v, const char *field, rf_time *out) {
    if (v->type != RF_JSON_STRING) return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_TIME_TYPE));
    rf_status st = rf_time_parse(v->str, v->len, out);
    if (st == RF_OK) return RF_OK;
    if (fail_fullwidth(ld, v, field, time_ok, NULL)) return RF_E_INVALID;
    return fail_at(ld, v, field, DETAIL(.detail = st == RF_E_RANGE ? RF_ERR_TIME_RANGE : RF_ERR_TIME_TEXT,
                                        .found = v->str, .found_len = echo_len(v->str, v->len)));
}

static rf_status read_bool(loader *ld, const rf__json *v, const char *field, bool *out) {
    if (v->type == RF_JSON_TRUE) *out = true;
    else if (v->type == RF_JSON_FALSE) *out = false;
    else return fail_at(ld, v, field, DETAIL(.detail = RF_ERR_NOT_BOOL));
    return RF_OK;
}

/* The value row f's enumeration gives name[0..len), or -1: refund_succeeded
 * (the engine's own) is past the row's range, and "null" is written null. */
static int enum_value(const rf__field *f, const char *name, size_t len) {
    int value = rf_enum_lookup(f->enumeration, name, len);
    if (value >= 0 && (uint64_t)value >= f->range) value = -1;
    if (f->type == RF__FT_ENUM_OR_NULL && value == 0) value = -1;
    return value;
}

static bool enum_ok(const char *s, size_t n, const void *f) { return enum_value(f, s, n) >= 0; }

static rf_status read_enum(loader *ld, const rf__json *v, const rf__field *f, int *out) {
    int value = v->type == RF_JSON_STRING ? enum_value(f, v->str, v->len) : -1;
    if (value >= 0) {
        *out = value;
        return RF_OK;
    }
    if (fail_fullwidth(ld, v, f->key, enum_ok, f)) return RF_E_INVALID;
    /* The whole list of the names allowed: rf_error_message writes it from
     * the enumeration, and err->message has room for the longest. */
    unsigned count = f->range > 64 ? 64u : (unsigned)f->range;
    if (v->type == RF_JSON_STRING)
        return fail_at(ld, v, f->key, DETAIL(.detail = RF_ERR_UNKNOWN_VALUE, .found = v->str,
                                             .found_len = echo_len(v->str, v->len), .values = (int)f->enumeration,
                                             .value_count = count));
    return fail_at(ld, v, f->key, DETAIL(.detail = RF_ERR_NOT_ONE_OF, .values = (int)f->enumeration, .value_count = count));
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
        /* "3,5,7,10": rf_error_message writes "3, 5, 7 or 10". */
        char list[200];
        size_t used = 0;
        list[0] = '\0';
        for (int i = 0; i < 64 && used < sizeof list; i++) {
            if (!(f->range >> i & 1u)) continue;
            int n = snprintf(list + used, sizeof list - used, "%s%d", used ? "," : "", i);
            if (n < 0) break;
            used += (size_t)n;
        }
        return fail_at(ld, v, f->key, DETAIL(.detail = RF_ERR_NOT_CHOICE, .fix = list, .fix_len = strlen(list)));
    }
    *out = value;
    return RF_OK;
}

/* A SET: an array of the row's names, each at most once (the import
 * keys, written by `refund import top`). A wrong name is answered with
 * every name allowed: the row's ENUM column, which may be the case's own
 * keys (rf__enum_value_name names them). */
static rf_status read_set(loader *ld, const rf__json *v, const rf__field *f, uint64_t *out) {
    uint64_t set = 0;
    if (v->type != RF_JSON_ARRAY) return fail_at(ld, v, f->key, DETAIL(.detail = RF_ERR_NOT_ARRAY));
    for (const rf__json *e = v->child; e; e = e->next) {
        int value = e->type == RF_JSON_STRING ? rf__set_lookup(f, e->str, e->len) : -1;
        if (value < 0) {
            unsigned count = f->range < 64 ? (unsigned)f->range : 64;
            if (e->type == RF_JSON_STRING)
                return fail_at(ld, e, f->key,
                               DETAIL(.detail = RF_ERR_UNKNOWN_NAME, .found = e->str, .found_len = echo_len(e->str, e->len),
                                      .values = (int)f->enumeration, .value_count = count));
            return fail_at(ld, e, f->key,
                           DETAIL(.detail = RF_ERR_NAME_NOT_STRING, .values = (int)f->enumeration, .value_count = count));
        }
        if (set >> value & 1u) {
            const char *name = rf__set_name(f, value);
            return fail_at(ld, e, f->key, DETAIL(.detail = RF_ERR_LISTED_TWICE, .found = name, .found_len = strlen(name)));
        }
        set |= UINT64_C(1) << value;
    }
    *out = set;
    return RF_OK;
}

static void read_object(loader *ld, const rf__json *o, const rf__field *fields, size_t n, void *base,
                        rf_error_detail unknown_key);

/* A LIST: an array of objects, each read by the row's element rows into
 * the case (the import object's refunds, the one LIST of the format). */
static rf_status read_list(loader *ld, const rf__json *v, const rf__field *f) {
    char saved[sizeof ld->path];
    if (v->type != RF_JSON_ARRAY) return fail_at(ld, v, f->key, DETAIL(.detail = RF_ERR_NOT_ARRAY));
    if (v->count > RF_MAX_REQUESTS) {
        char limit[16];
        snprintf(limit, sizeof limit, "%u", RF_MAX_REQUESTS);
        return report(ld, RF_E_LIMIT, v->offset, v->line, v->column, f->key,
                      DETAIL(.detail = RF_ERR_MAX_ELEMENTS, .fix = limit, .fix_len = strlen(limit)));
    }
    memcpy(saved, ld->path, sizeof saved);
    size_t i = 0, reports = ld->reports;
    for (const rf__json *e = v->child; e && !stop(ld); e = e->next, i++) {
        rf_import_refund *item = rf__case_push_import_refund(ld->c);
        if (!item) return report(ld, RF_E_NOMEM, 0, 0, 0, NULL, DETAIL(.detail = RF_ERR_OUT_OF_MEMORY));
        snprintf(ld->path, sizeof ld->path, "%s.%s[%zu]", saved, f->key, i);
        read_object(ld, e, f->items, f->item_count, item, RF_ERR_UNKNOWN_KEY_IMPORT);
    }
    memcpy(ld->path, saved, sizeof saved);
    return ld->reports == reports ? RF_OK : RF_E_INVALID;
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
    return report(ld, RF_E_INVALID, v->offset, v->line, v->column, f->key, DETAIL(.detail = RF_ERR_UNSUPPORTED_FIELD));
}

/* ---- the order, the import object -------------------------------------------------- */

/* An object whose keys are the rows fields[0..n), read into base, which
 * holds the rows' defaults; unknown_key: the detail of a key it has no row
 * for. */
static void read_object(loader *ld, const rf__json *o, const rf__field *fields, size_t n, void *base,
                        rf_error_detail unknown_key) {
    uint32_t seen = 0;
    if (o->type != RF_JSON_OBJECT) {
        fail_at(ld, o, NULL, DETAIL(.detail = RF_ERR_NOT_OBJECT));
        return;
    }
    report_duplicates(ld, o);
    for (const rf__json *m = o->child; m && !stop(ld); m = m->next) {
        if (m->dup_of) continue;
        const rf__field *f = rf__field_find(fields, n, m->key, m->key_len);
        if (!f) {
            fail_key(ld, m, DETAIL(.detail = unknown_key, .found = m->key, .found_len = m->key_len));
            continue;
        }
        read_value(ld, m, f, base);
        /* Given, even if wrong: no "is required" on top of its error. */
        seen |= UINT32_C(1) << (f - fields);
    }
    for (size_t i = 0; i < n && !stop(ld); i++)
        if (fields[i].required && !(seen >> i & 1u)) fail_at(ld, o, fields[i].key, DETAIL(.detail = RF_ERR_REQUIRED));
}

static void read_order(loader *ld, const rf__json *o) {
    snprintf(ld->path, sizeof ld->path, "order");
    /* Defaults for what may be left out: documented in docs/file-format.md. */
    ld->c->order = rf__order_defaults;
    read_object(ld, o, rf__order_fields, RF__ORDER_FIELD_COUNT, &ld->c->order, RF_ERR_UNKNOWN_KEY_ORDER);
}

/* The optional "import" object (TOP.md section 3). */
static void read_import(loader *ld, const rf__json *o) {
    snprintf(ld->path, sizeof ld->path, "import");
    ld->c->import = rf__import_defaults;
    ld->c->has_import = true;
    read_object(ld, o, rf__import_fields, RF__IMPORT_FIELD_COUNT, &ld->c->import, RF_ERR_UNKNOWN_KEY_IMPORT);
}

/* ---- events ------------------------------------------------------------------------ */

/* Reads event object o into *ev; true when it had no error. */
static bool read_event(loader *ld, const rf__json *o, rf_event *ev) {
    const rf__field *type_field = &rf__event_fields[RF__EVENT_type];
    size_t reports = ld->reports;
    uint32_t seen = 0;
    unsigned has = 0;

    memset(ev, 0, sizeof *ev);
    ev->size = sizeof *ev;
    ev->line = o->line;
    ev->column = o->column;
    if (o->type != RF_JSON_OBJECT) {
        fail_at(ld, o, NULL, DETAIL(.detail = RF_ERR_EVENT_NOT_OBJECT));
        return false;
    }
    report_duplicates(ld, o);
    if (stop(ld)) return false;
    /* The type decides which other fields are allowed: read it first. When
     * it is missing or unknown (collect mode goes on), the other keys are
     * checked as any event's. */
    const rf__json *type = rf__json_get(o, type_field->key);
    bool typed = false;
    if (!type) fail_at(ld, o, type_field->key, DETAIL(.detail = RF_ERR_REQUIRED));
    else typed = read_value(ld, type, type_field, ev) == RF_OK;
    if (stop(ld)) return false;
    const rf__event_shape *shape = typed ? &rf__case_shapes[ev->type] : NULL;
    const char *type_name = typed ? rf_enum_name(RF_ENUM_EVENT, (int)ev->type) : "";
    size_t type_len = strlen(type_name);
    for (const rf__json *m = o->child; m && !stop(ld); m = m->next) {
        if (m->dup_of) continue;
        const rf__field *f = rf__field_find(rf__event_fields, RF__EVENT_FIELD_COUNT, m->key, m->key_len);
        if (f == type_field) continue;
        if (!f) {
            fail_key(ld, m, DETAIL(.detail = typed ? RF_ERR_UNKNOWN_KEY_EVENT : RF_ERR_UNKNOWN_KEY_ANY_EVENT,
                                   .found = m->key, .found_len = m->key_len, .fix = type_name, .fix_len = type_len));
            continue;
        }
        if (shape && f->bit && !(shape->allowed & f->bit)) {
            fail_key(ld, m, DETAIL(.detail = RF_ERR_KEY_NOT_IN_EVENT, .found = m->key, .found_len = m->key_len,
                                   .fix = type_name, .fix_len = type_len));
            continue;
        }
        read_value(ld, m, f, ev);
        seen |= UINT32_C(1) << (f - rf__event_fields);
        has |= f->bit;
    }
    /* The keys every event has (rows without a bit), then what the type requires. */
    for (size_t i = 0; i < RF__EVENT_FIELD_COUNT && !stop(ld); i++)
        if (!rf__event_fields[i].bit && !(seen >> i & 1u) && &rf__event_fields[i] != type_field)
            fail_at(ld, o, rf__event_fields[i].key, DETAIL(.detail = RF_ERR_REQUIRED));
    for (unsigned missing = shape ? shape->required & ~has : 0; missing && !stop(ld); missing &= missing - 1)
        fail_at(ld, o, rf__event_field_of_bit(missing & (~missing + 1u))->key,
                DETAIL(.detail = RF_ERR_REQUIRED_FOR, .fix = type_name, .fix_len = type_len));
    ev->has = has;
    return ld->reports == reports;
}

static void read_events(loader *ld, const rf__json *arr) {
    snprintf(ld->path, sizeof ld->path, "events");
    if (arr->type != RF_JSON_ARRAY) {
        fail_at(ld, arr, NULL, DETAIL(.detail = RF_ERR_NOT_ARRAY));
        return;
    }
    if (arr->count > RF_MAX_EVENTS) {
        char limit[16];
        snprintf(limit, sizeof limit, "%u", RF_MAX_EVENTS);
        report(ld, RF_E_LIMIT, arr->offset, arr->line, arr->column, "events",
               DETAIL(.detail = RF_ERR_MAX_EVENTS, .fix = limit, .fix_len = strlen(limit)));
        return;
    }
    size_t i = 0;
    for (const rf__json *e = arr->child; e && !stop(ld); e = e->next, i++) {
        snprintf(ld->path, sizeof ld->path, "events[%zu]", i);
        if (!rf__case_grow(ld->c)) {
            report(ld, RF_E_NOMEM, 0, 0, 0, NULL, DETAIL(.detail = RF_ERR_OUT_OF_MEMORY));
            return;
        }
        if (read_event(ld, e, &ld->c->events[ld->c->count])) ld->c->count++;
    }
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
                char limit[16];
                snprintf(limit, sizeof limit, "%u", RF_MAX_EVENTS);
                return rf__fail_detail(err, RF_E_LIMIT, events_at, line, column, "events",
                                       DETAIL(.detail = RF_ERR_MAX_EVENTS, .fix = limit, .fix_len = strlen(limit)));
            }
            if (++values > RF_MAX_CASE_VALUES) {
                rf__json_locate(json, start, &line, &column);
                char limit[16];
                snprintf(limit, sizeof limit, "%u", RF_MAX_CASE_VALUES);
                return rf__fail_detail(err, RF_E_LIMIT, start, line, column, NULL,
                                       DETAIL(.detail = RF_ERR_MAX_VALUES, .fix = limit, .fix_len = strlen(limit)));
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

static void read_case(loader *ld, const rf__json *root) {
    bool seen_schema = false, seen_order = false, seen_events = false;
    if (root->type != RF_JSON_OBJECT) {
        fail_at(ld, root, NULL, DETAIL(.detail = RF_ERR_CASE_NOT_OBJECT));
        return;
    }
    report_duplicates(ld, root);
    static const char schema[] = RF_SCHEMA_NAME;
    for (const rf__json *m = root->child; m && !stop(ld); m = m->next) {
        ld->path[0] = '\0';
        if (m->dup_of) continue;
        if (rf__json_key_is(m, "schema")) {
            seen_schema = true;
            if (m->type != RF_JSON_STRING || m->len != sizeof schema - 1 || memcmp(m->str, schema, sizeof schema - 1) != 0)
                fail_at(ld, m, "schema", DETAIL(.detail = RF_ERR_SCHEMA, .fix = schema, .fix_len = sizeof schema - 1));
        } else if (rf__json_key_is(m, "order")) {
            seen_order = true;
            read_order(ld, m);
        } else if (rf__json_key_is(m, "events")) {
            seen_events = true;
            read_events(ld, m);
        } else if (rf__json_key_is(m, "import")) {
            read_import(ld, m);
        } else {
            fail_key(ld, m, DETAIL(.detail = RF_ERR_UNKNOWN_KEY_TOP, .found = m->key, .found_len = m->key_len));
        }
    }
    ld->path[0] = '\0';
    if (!seen_schema && !stop(ld))
        fail_at(ld, root, "schema", DETAIL(.detail = RF_ERR_SCHEMA_MISSING, .fix = schema, .fix_len = sizeof schema - 1));
    if (!seen_order && !stop(ld)) fail_at(ld, root, "order", DETAIL(.detail = RF_ERR_REQUIRED));
    if (!seen_events && !stop(ld)) fail_at(ld, root, "events", DETAIL(.detail = RF_ERR_REQUIRED));
}

/* A repeat inside an object the loader did not read (the value of a key
 * refused for another reason) is refused all the same. */
static void report_unread_duplicates(loader *ld, const rf__json_doc *doc) {
    const rf__json *dup = rf__json_first_duplicate(doc);
    if (!dup || ld->duplicates || stop(ld)) return;
    ld->path[0] = '\0';
    rf__json object = {.type = RF_JSON_OBJECT, .child = (rf__json *)dup};
    report_duplicates(ld, &object);
}

/* The case document json[0..len) into ld->c (empty), reporting what is
 * wrong. Returns the status that stopped the reading, or the first
 * error's, or RF_OK. */
static rf_status load(loader *ld, const char *json, size_t len) {
    rf__json_doc *doc = NULL;
    rf_error one, *e = ld->collect ? &one : ld->err;
    rf_status st;
    if (ld->collect) rf__error_clear(&one);
    /* A document over the size limit is the parser's to refuse, at its limit. */
    if (len >= PRESCAN_MIN_LEN && len <= RF_JSON_DEFAULT_MAX_SIZE && (st = prescan(json, len, e)) != RF_OK) {
        count_error(ld, st);
        if (ld->collect) keep(ld, &one);
        return st;
    }
    /* Repeated keys are read, and refused below among the other errors,
     * naming both positions: they are well-formed JSON. */
    const rf__json_limits limits = {.allow_duplicate_keys = true};
    st = rf__json_parse(&ld->c->alloc, json, len, &limits, &doc, e);
    if (st != RF_OK) {
        count_error(ld, st);
        if (ld->collect) keep(ld, &one);
        return st;
    }
    read_case(ld, rf__json_root(doc));
    report_unread_duplicates(ld, doc);
    rf__json_free(doc);
    return ld->fatal ? ld->fatal : ld->status;
}

rf_status rf__case_read_tree(rf_case *c, const char *json, size_t len, rf_error *err) {
    loader ld = {.c = c, .err = err};
    return load(&ld, json, len);
}

rf_status rf__case_validate_tree(rf_case *c, const char *json, size_t len, rf_error *errs, size_t cap,
                                 size_t *count) {
    loader ld = {.c = c, .collect = true, .errs = errs, .cap = cap};
    rf_status st = load(&ld, json, len);
    *count = ld.reports;
    return st;
}

rf_status rf__case_read_event(rf_case *c, const char *json, size_t len, rf_event *out, rf_error *err) {
    rf__json_doc *doc = NULL;
    loader ld = {.c = c, .err = err};
    snprintf(ld.path, sizeof ld.path, "event");
    const rf__json_limits limits = {.allow_duplicate_keys = true};
    rf_status st = rf__json_parse(&c->alloc, json, len, &limits, &doc, err);
    if (st != RF_OK) return st;
    read_event(&ld, rf__json_root(doc), out);
    report_unread_duplicates(&ld, doc);
    rf__json_free(doc);
    return ld.status;
}
