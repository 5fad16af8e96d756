#!/bin/sh
# Money is integer fen and time exact seconds: no floating point anywhere in
# the library, neither in its source nor in the machine code it compiles to.
set -u
cd "$RF_TOP" || exit 1
# Source: no float or double type outside comments and strings.
# awk drops /* ... */ comments (across lines), // comments and string literals.
strip='{ line = $0; out = "";
  while (line != "") {
    if (incomment) { i = index(line, "*/"); if (!i) { line = ""; break } line = substr(line, i + 2); incomment = 0; continue }
    i = index(line, "/*"); j = index(line, "//");
    if (j && (!i || j < i)) { out = out substr(line, 1, j - 1); line = ""; break }
    if (i) { out = out substr(line, 1, i - 1); line = substr(line, i + 2); incomment = 1; continue }
    out = out line; line = ""
  }
  gsub(/"([^"\\]|\\.)*"/, "\"\"", out); print FILENAME ":" FNR ": " out }'
hits=$(awk "$strip" lib/*.c lib/*.h include/*.h | grep -E '[^a-z_](float|double)[^a-z_]' || true)
if [ -z "$hits" ]; then echo "ok no float or double in lib/ and include/"; else echo "not ok float/double in the library: $hits"; fi
# The command too (its progress line computes MB/s and percentages).
hits=$(awk "$strip" cli/*.c cli/*.h | grep -E '[^a-z_](float|double)[^a-z_]' || true)
if [ -z "$hits" ]; then echo "ok no float or double in cli/"; else echo "not ok float/double in the command: $hits"; fi
# Object code: no scalar floating-point arithmetic or conversion instruction.
lib=$(dirname "$REFUND")/../lib/librefund.a
if [ ! -f "$lib" ] || ! command -v objdump >/dev/null 2>&1; then
  echo "ok object-code check skipped (no $lib or objdump)"
  exit 0
fi
# The mnemonic is the first word of the third tab-separated column: an
# address in a comment ("# fadd <f+0x10>") is not an instruction.
mnemonics() { objdump -d "$@" | awk -F'\t' 'NF >= 3 { split($3, w, " "); print w[1] }'; }
fp='(cvtsi2sd|cvtsi2ss|cvttsd2si|cvttss2si|cvtss2sd|cvtsd2ss|addsd|subsd|mulsd|divsd|addss|subss|mulss|divss|sqrtsd|fld|fadd|fmul|fdiv)'
n=$(mnemonics "$lib" | grep -cxE "$fp" || true)
if [ "$n" -eq 0 ]; then echo "ok librefund.a has no floating-point instruction"; else echo "not ok librefund.a has $n floating-point instructions"; fi
cli=${RF_BUILD:-$(dirname "$REFUND")/..}/obj/cli
if ls "$cli"/*.o >/dev/null 2>&1; then
  n=$(mnemonics "$cli"/*.o | grep -cxE "$fp" || true)
  if [ "$n" -eq 0 ]; then echo "ok the command's objects have no floating-point instruction"; else echo "not ok cli objects have $n floating-point instructions"; fi
fi
