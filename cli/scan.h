/* The order id of a line that is not a valid case (cli/scan.c). */
#ifndef RF_CLI_SCAN_H
#define RF_CLI_SCAN_H

#include <stddef.h>

/* Looks for the order id in json[0..len), a line that failed to load: the
 * string member "id" of the object member "order" of the top-level object,
 * read as far as the text is well-formed JSON. On success writes the id,
 * decoded (UTF-8, NUL-terminated), into out (size bytes) and returns its
 * length. Returns 0 when the text does not get that far, when the id is not
 * a non-empty string of valid UTF-8 without NUL, or when it does not fit:
 * the id is given whole or not at all. Thread-safe; reads json only. */
size_t cli_scan_order(const char *json, size_t len, char *out, size_t size);

#endif
