#!/bin/sh
# replay --ndjson: a line over the document limit becomes an error verdict
# without being held in memory whole, the stream goes on, and --jobs N gives
# byte-identical output in input order.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
for f in $(ls examples/[0-9]*.json | grep -v expected); do tr -d '\n' < "$f"; echo; done > "$T/cases.ndjson"
n=$(wc -l < "$T/cases.ndjson")
{ head -c 17000000 /dev/zero | tr '\0' 'x'; echo; cat "$T/cases.ndjson"; } > "$T/long.ndjson"
"$REFUND" replay --ndjson "$T/long.ndjson" > "$T/out" 2>/dev/null; rc=$?
if [ $rc -eq 3 ] && head -1 "$T/out" | grep -q '"line":1,"error":{"code":3,"status":"RF_E_LIMIT"' \
   && [ "$(wc -l < "$T/out")" -eq $((n + 1)) ]; then
  echo "ok a line over 16 MiB is an error verdict and the $n cases after it are judged"
else echo "not ok long line (rc=$rc, $(wc -l < "$T/out") lines)"; fi
"$REFUND" replay --ndjson "$T/cases.ndjson" --format json > "$T/j1" 2>/dev/null
for j in 2 3 8; do
  "$REFUND" replay --ndjson "$T/cases.ndjson" --jobs $j --format json > "$T/jn" 2>/dev/null
  if cmp -s "$T/j1" "$T/jn"; then echo "ok --jobs $j output equals --jobs 1"; else echo "not ok --jobs $j output differs"; fi
done
# Each ndjson verdict is the replay verdict of the same case, on one line.
i=0 same=0
for f in $(ls examples/[0-9]*.json | grep -v expected); do
  i=$((i + 1))
  sed -n "${i}p" "$T/j1" > "$T/line"
  "$REFUND" replay "$f" --format ndjson > "$T/single" 2>/dev/null
  cmp -s "$T/line" "$T/single" && same=$((same + 1))
done
if [ $same -eq $i ]; then echo "ok every ndjson verdict equals replay --format ndjson of its case ($i)"; else echo "not ok only $same of $i ndjson verdicts match"; fi
"$REFUND" replay --ndjson "$T/cases.ndjson" --jobs 0 >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && echo "ok --jobs 0 is a usage error" || echo "not ok --jobs 0 (rc=$rc)"
# Several cases with --format json: one array, a null where a file failed.
"$REFUND" replay examples/01-free-shipping-c-store.json "$T/missing.json" examples/03-wrong-amount-refused-mt.json \
  --format json > "$T/many" 2>/dev/null; rc=$?
if [ $rc -eq 5 ] && head -1 "$T/many" | grep -q '^\[$' && tail -1 "$T/many" | grep -q '^\]$' \
   && [ "$(grep -c '^null$' "$T/many")" -eq 1 ] && [ "$(grep -c '"order": ' "$T/many")" -eq 2 ]; then
  echo "ok replay of several files in json is one array with null for the unreadable one"
else echo "not ok replay of several files in json (rc=$rc)"; fi
