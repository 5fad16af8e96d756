/*
 * Shared by the fuzz targets of tests/fuzz/ and their plain replay driver.
 *
 * Each target defines LLVMFuzzerTestOneInput. Under clang's libFuzzer
 * (`make fuzz`) libFuzzer supplies main(); under the normal compiler
 * (`make check`) regression_driver.c does, replaying the checked-in corpus
 * and regression inputs. A target reports a bug by crashing: FUZZ_ASSERT
 * prints what broke and aborts, so both drivers see it the same way.
 */
#ifndef RF_FUZZ_H
#define RF_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the library that the input broke: a bug, never a refusal. */
#define FUZZ_ASSERT(cond, ...)                                                   \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__,      \
                    __LINE__, #cond);                                            \
            fprintf(stderr, "  " __VA_ARGS__);                                   \
            fputc('\n', stderr);                                                 \
            abort();                                                             \
        }                                                                        \
    } while (0)

/* Whether s[0..n) is well-formed UTF-8 (Unicode table 3-7: no overlongs, no
 * surrogates, nothing above U+10FFFF). Everything the library prints comes
 * from validated input or its own UTF-8 literals, so it must pass. Returns
 * the offset of the first bad byte, or n when all is well. */
static inline size_t fuzz_utf8_check(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t extra;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) extra = 1;
        else if (c == 0xE0) { extra = 2; lo = 0xA0; }
        else if (c == 0xED) { extra = 2; hi = 0x9F; }
        else if (c >= 0xE1 && c <= 0xEF) extra = 2;
        else if (c == 0xF0) { extra = 3; lo = 0x90; }
        else if (c == 0xF4) { extra = 3; hi = 0x8F; }
        else if (c >= 0xF1 && c <= 0xF3) extra = 3;
        else return i;
        if (n - i <= extra) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k <= extra; k++)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        i += extra + 1;
    }
    return n;
}

/* FUZZ_IGNORE_KNOWN_BUGS (never set by fuzz.mk; `make fuzz
 * FUZZ_DEFS=-DFUZZ_IGNORE_KNOWN_BUGS`): for a long run while a bug listed in
 * tests/fuzz/known_bugs.txt is unfixed, the targets it reaches return early
 * on inputs that may hit it, so that libFuzzer looks past it instead of
 * stopping at it again. The replay of the regressions never sets it.
 * Today: keys holding \u0000 (lib/case.c compares keys with strcmp). */
static inline bool fuzz_known_bug_input(const uint8_t *data, size_t size) {
#ifdef FUZZ_IGNORE_KNOWN_BUGS
    for (size_t i = 0; i + 6 <= size; i++)
        if (!memcmp(data + i, "\\u0000", 6)) return true;
#else
    (void)data;
    (void)size;
#endif
    return false;
}

/* FNV-1a of the input: a deterministic way for a target to pick among a few
 * variants (policy, --now) without spending input bytes on it. */
static inline uint64_t fuzz_hash(const uint8_t *data, size_t size) {
    uint64_t h = UINT64_C(1469598103934665603);
    for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * UINT64_C(1099511628211);
    return h;
}

#endif
