/*
 * The floor row of issue 19's table: the same parse-only line reader as
 * simdjson_lines.cpp, over cJSON (Debian's libcjson-dev). getline() each
 * line, parse it into a cJSON tree, count the elements of its `events`
 * array, free the tree; print the total. It audits nothing.
 *
 *   cjson_lines < histories.ndjson     prints "events N lines N"
 *
 * Built by `make bench` only, when libcjson-dev is installed. Exit 1 on a
 * line cJSON refuses or that has no `events` array.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

int main(void) {
    char *line = NULL;
    size_t cap = 0;
    unsigned long long events = 0, lines = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        lines++;
        cJSON *doc = cJSON_ParseWithLength(line, (size_t)n);
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "events");
        if (!cJSON_IsArray(list)) {
            fprintf(stderr, "cjson_lines: line %llu: not a case with an events array\n", lines);
            cJSON_Delete(doc);
            return 1;
        }
        for (const cJSON *ev = list->child; ev; ev = ev->next) events++;
        cJSON_Delete(doc);
    }
    free(line);
    printf("events %llu lines %llu\n", events, lines);
    return fflush(stdout) == 0 && !ferror(stdin) ? 0 : 1;
}
