/*
 * The yardstick of issue 19: a parse-only line reader over simdjson's
 * On-Demand API, to set beside `refund replay --ndjson` on the same file.
 * It reads standard input with getline(), parses each line, walks the
 * `events` array of each case counting its elements, and prints the total,
 * so that no compiler can drop the parsing. It audits nothing.
 *
 *   simdjson_lines < histories.ndjson     prints "events N lines N"
 *
 * Built by `make bench` only, when libsimdjson-dev is installed; never part
 * of the library or its tests. Exit 1 on a line simdjson refuses.
 */
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/types.h>

int main() {
    simdjson::ondemand::parser parser;
    char *line = nullptr;
    size_t cap = 0;
    unsigned long long events = 0, lines = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        size_t len = (size_t)n;
        lines++;
        if (line[len - 1] == '\n') len--;
        // On-Demand reads up to SIMDJSON_PADDING bytes past the text: getline's
        // buffer is grown (rarely: it keeps its size between lines) so they are ours.
        if (cap < len + simdjson::SIMDJSON_PADDING) {
            cap = len + simdjson::SIMDJSON_PADDING;
            char *grown = static_cast<char *>(realloc(line, cap));
            if (!grown) return 2;
            line = grown;
        }
        auto doc = parser.iterate(line, len, cap);
        simdjson::ondemand::array list;
        auto error = doc["events"].get_array().get(list);
        if (!error) {
            for (auto ev : list) {
                if ((error = ev.error())) break;
                events++;
            }
        }
        if (error) {
            fprintf(stderr, "simdjson_lines: line %llu: %s\n", lines, simdjson::error_message(error));
            return 1;
        }
    }
    free(line);
    printf("events %llu lines %llu\n", events, lines);
    return fflush(stdout) == 0 && !ferror(stdin) ? 0 : 1;
}
