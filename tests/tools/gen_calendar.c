/*
 * Generates lib/calendar_builtin.c from a calendar JSON file such as
 * ../shared/calendar/cn-2004-2026.json:
 *
 *   cc -std=c11 -Iinclude -Ilib -o build/gen_calendar \
 *       tests/tools/gen_calendar.c lib/time.c
 *   build/gen_calendar ../shared/calendar/cn-2004-2026.json > lib/calendar_builtin.c
 *
 * The file is {"source": text, "timezone": "+08:00", "holidays": {date: name},
 * "workdays": {date: name}}. This program reads only that shape with its own
 * small scanner (it must build before the library does), applies the rules of
 * rf__calendar_parse (valid dates, no date twice, none in both lists, years
 * covered = first to last year listed) and writes one byte per day as a
 * static const initializer. test_calendar.c checks the result against the
 * library's own parse of the same file, day by day.
 */
#include "calendar.h"
#include "timeutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scan {
    const char *s;
    size_t len, pos;
    const char *path;
} scan;

static void die(const scan *sc, const char *what) {
    unsigned line = 1, col = 1;
    for (size_t i = 0; sc && i < sc->pos && i < sc->len; i++) {
        if (sc->s[i] == '\n') { line++; col = 1; } else col++;
    }
    if (sc) fprintf(stderr, "%s:%u:%u: %s\n", sc->path, line, col, what);
    else fprintf(stderr, "gen_calendar: %s\n", what);
    exit(1);
}

static void skip_ws(scan *sc) {
    while (sc->pos < sc->len && strchr(" \t\r\n", sc->s[sc->pos]) && sc->s[sc->pos])
        sc->pos++;
}

static bool take(scan *sc, char c) {
    skip_ws(sc);
    if (sc->pos < sc->len && sc->s[sc->pos] == c) {
        sc->pos++;
        return true;
    }
    return false;
}

/* A string without escapes (none occur in a calendar's dates and names;
 * anything unusual is refused rather than half-understood). Returns its
 * start and length. */
static const char *string(scan *sc, size_t *n) {
    skip_ws(sc);
    if (!take(sc, '"')) die(sc, "expected a string");
    size_t start = sc->pos;
    while (sc->pos < sc->len && sc->s[sc->pos] != '"') {
        unsigned char c = (unsigned char)sc->s[sc->pos];
        if (c == '\\' || c < 0x20) die(sc, "escapes and control characters are not supported");
        sc->pos++;
    }
    if (sc->pos >= sc->len) die(sc, "unterminated string");
    *n = sc->pos - start;
    sc->pos++;
    return sc->s + start;
}

static bool is_key(const char *k, size_t n, const char *want) {
    return n == strlen(want) && memcmp(k, want, n) == 0;
}

#define MAX_DATES 4096

typedef struct list {
    rf__day day[MAX_DATES];
    size_t count;
    bool seen;
} list;

static void date_list(scan *sc, list *l) {
    if (l->seen) die(sc, "duplicate key");
    l->seen = true;
    if (!take(sc, '{')) die(sc, "expected an object");
    if (take(sc, '}')) return;
    do {
        size_t n = 0, name_len = 0;
        size_t at = sc->pos;
        const char *date = string(sc, &n);
        if (rf__date_parse(date, n, &l->day[l->count]) != RF_OK) {
            sc->pos = at;
            die(sc, "not a date YYYY-MM-DD between 1970 and 9999");
        }
        if (++l->count == MAX_DATES) die(sc, "too many dates");
        if (!take(sc, ':')) die(sc, "expected ':'");
        (void)string(sc, &name_len);
    } while (take(sc, ','));
    if (!take(sc, '}')) die(sc, "expected ',' or '}'");
}

/* Writes s into a block comment starting at column col, wrapping at spaces
 * before column 78 and breaking any "*" "/" that would end the comment. */
static void comment_text(const char *s, size_t n, size_t col) {
    size_t i = 0;
    while (i < n) {
        size_t word = i;
        while (word < n && s[word] != ' ') word++;
        if (i > 0) {
            /* The space before this word, or a line break in its place. */
            if (col + 1 + (word - i) > 78) {
                fputs("\n *  ", stdout);
                col = 5;
            }
            putchar(' ');
            col++;
        }
        for (; i < word; i++, col++) {
            putchar(s[i]);
            if (s[i] == '*' && i + 1 < n && s[i + 1] == '/') putchar(' ');
        }
        if (i < n) i++; /* the space */
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: gen_calendar CALENDAR.json > lib/calendar_builtin.c\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text, f);
    if (ferror(f) || len == sizeof text) die(NULL, "cannot read the file, or it is over 1 MiB");
    fclose(f);

    static list holidays, workdays;
    scan sc = {text, len, 0, argv[1]};
    const char *source = "";
    size_t source_len = 0;
    bool seen_source = false, seen_tz = false;
    if (!take(&sc, '{')) die(&sc, "expected an object");
    if (!take(&sc, '}')) {
        do {
            size_t n = 0;
            size_t at = sc.pos;
            const char *key = string(&sc, &n);
            if (!take(&sc, ':')) die(&sc, "expected ':'");
            if (is_key(key, n, "holidays")) {
                date_list(&sc, &holidays);
            } else if (is_key(key, n, "workdays")) {
                date_list(&sc, &workdays);
            } else if (is_key(key, n, "source") && !seen_source) {
                seen_source = true;
                source = string(&sc, &source_len);
            } else if (is_key(key, n, "timezone") && !seen_tz) {
                size_t tz_len = 0;
                seen_tz = true;
                const char *tz = string(&sc, &tz_len);
                if (!is_key(tz, tz_len, "+08:00")) die(&sc, "timezone must be \"+08:00\"");
            } else {
                sc.pos = at;
                die(&sc, "unknown or duplicate key");
            }
        } while (take(&sc, ','));
        if (!take(&sc, '}')) die(&sc, "expected ',' or '}'");
    }
    skip_ws(&sc);
    if (sc.pos != sc.len) die(&sc, "trailing bytes after the object");
    if (!holidays.seen || !workdays.seen) die(NULL, "\"holidays\" and \"workdays\" are required");
    if (holidays.count + workdays.count == 0) die(NULL, "the calendar lists no dates");

    rf__day lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i < holidays.count; i++) {
        if (holidays.day[i] < lo) lo = holidays.day[i];
        if (holidays.day[i] > hi) hi = holidays.day[i];
    }
    for (size_t i = 0; i < workdays.count; i++) {
        if (workdays.day[i] < lo) lo = workdays.day[i];
        if (workdays.day[i] > hi) hi = workdays.day[i];
    }
    int first_year, last_year;
    unsigned m, d;
    rf__civil_from_days(lo, &first_year, &m, &d);
    rf__civil_from_days(hi, &last_year, &m, &d);
    rf__day first = rf__days_from_civil(first_year, 1, 1);
    rf__day end = rf__days_from_civil(last_year + 1, 1, 1);
    size_t count = (size_t)(end - first);

    unsigned char *kind = calloc(count, 1);
    if (!kind) die(NULL, "out of memory");
    for (size_t i = 0; i < holidays.count; i++) {
        unsigned char *k = &kind[holidays.day[i] - first];
        if (*k) die(NULL, "a holiday is listed twice");
        *k = RF_CAL_HOLIDAY;
    }
    for (size_t i = 0; i < workdays.count; i++) {
        unsigned char *k = &kind[workdays.day[i] - first];
        if (*k) die(NULL, "a workday is listed twice, or also as a holiday");
        *k = RF_CAL_WORKDAY;
    }

    printf("/*\n"
           " * GENERATED FILE, do not edit: the built-in working-day calendar.\n"
           " *\n"
           " * Generated from %s\n"
           " * (\"source\": ", argv[1]);
    comment_text(source, source_len, 14);
    printf(")\n"
           " * by tests/tools/gen_calendar.c:\n"
           " *   cc -std=c11 -Iinclude -Ilib -o build/gen_calendar \\\n"
           " *       tests/tools/gen_calendar.c lib/time.c\n"
           " *   build/gen_calendar %s > lib/calendar_builtin.c\n"
           " *\n"
           " * %zu holidays and %zu make-up workdays, covering %d-01-01..%d-12-31.\n"
           " */\n"
           "#include \"calendar.h\"\n"
           "\n"
           "/* One byte per day, a line per month: o = ordinary (weekdays work,\n"
           " * weekends rest), H = public holiday, W = make-up workday. */\n"
           "#define o RF_CAL_ORDINARY\n"
           "#define H RF_CAL_HOLIDAY\n"
           "#define W RF_CAL_WORKDAY\n"
           "static const unsigned char builtin_days[] = {\n",
           argv[1], holidays.count, workdays.count, first_year, last_year);
    static const char letter[] = {'o', 'H', 'W'};
    size_t i = 0;
    while (i < count) {
        int y;
        rf__civil_from_days(first + (rf__day)i, &y, &m, &d);
        printf("    /* %04d-%02u */ ", y, m);
        do {
            printf("%c,", letter[kind[i]]);
            i++;
            rf__civil_from_days(first + (rf__day)i, &y, &m, &d);
        } while (i < count && d != 1);
        printf("\n");
    }
    printf("};\n"
           "#undef o\n"
           "#undef H\n"
           "#undef W\n"
           "\n"
           "_Static_assert(sizeof builtin_days == %zu, \"one byte per day\");\n"
           "\n"
           "static const rf__calendar builtin = {\n"
           "    %d, %d,\n"
           "    %ld, /* %d-01-01 */\n"
           "    %zu,\n"
           "    builtin_days,\n"
           "};\n"
           "\n"
           "const rf__calendar *rf__calendar_builtin(void) { return &builtin; }\n",
           count, first_year, last_year, (long)first, first_year, count);
    free(kind);
    return 0;
}
