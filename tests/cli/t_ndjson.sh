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
if [ $rc -eq 6 ] && head -1 "$T/out" | grep -q '"line":1,"error":{"code":3,"status":"RF_E_LIMIT"' \
   && [ "$(wc -l < "$T/out")" -eq $((n + 1)) ]; then
  echo "ok a line over 16 MiB is an error verdict and the $n cases after it are judged"
else echo "not ok long line (rc=$rc, $(wc -l < "$T/out") lines)"; fi
"$REFUND" replay --ndjson "$T/cases.ndjson" --format json > "$T/j1" 2>/dev/null
for j in 2 3 8; do
  "$REFUND" replay --ndjson "$T/cases.ndjson" --jobs $j --format json > "$T/jn" 2>/dev/null
  if cmp -s "$T/j1" "$T/jn"; then echo "ok --jobs $j output equals --jobs 1"; else echo "not ok --jobs $j output differs"; fi
done
# A stream with everything the line reader must get right: a 2 MiB line
# (larger than a batch, inside the document limit), CRLF line ends, empty
# lines, a bad line, and a last line with no newline; from a file and from
# standard input, with 1, 2 and 3 jobs.
first=$(head -1 "$T/cases.ndjson")
second=$(sed -n 2p "$T/cases.ndjson")
{ printf '{'; head -c 2200000 /dev/zero | tr '\0' ' '; printf '%s\n' "${first#\{}"
  printf '%s\r\n' "$second"; printf '\n\r\n'; printf '{"schema":"refund-case/1"\n'
  printf '%s' "$first"; } > "$T/mixed.ndjson"
"$REFUND" replay --ndjson "$T/cases.ndjson" --format json 2>/dev/null | head -2 > "$T/two"
{ sed -n 1p "$T/two"; sed -n 2p "$T/two"
  cat <<'EOF'
{"line":5,"error":{"code":3,"status":"RF_E_JSON","column":26,"field":"","message":"unexpected end of input inside object; expected ',' or '}' after object member"}}
EOF
  sed -n 1p "$T/two" | sed 's/^{"line":1,/{"line":6,/'; } > "$T/mixed.expected"
for j in 1 2 3; do
  "$REFUND" replay --ndjson "$T/mixed.ndjson" --jobs $j > "$T/mixed.out" 2>"$T/mixed.err"; rc=$?
  "$REFUND" replay --ndjson - --jobs $j < "$T/mixed.ndjson" > "$T/mixed.stdin" 2>/dev/null
  if [ $rc -eq 4 ] && cmp -s "$T/mixed.out" "$T/mixed.expected" && cmp -s "$T/mixed.out" "$T/mixed.stdin" \
     && grep -q "mixed.ndjson:5:26: unexpected end of input" "$T/mixed.err"; then
    echo "ok --jobs $j: a 2 MiB line, CRLF, empty lines, a bad line and no final newline, from a file and stdin"
  else echo "not ok --jobs $j mixed stream (rc=$rc)"; diff "$T/mixed.out" "$T/mixed.expected" | head -5; fi
done
# Line ends as the reader cuts them (a line's length is taken where its LF
# is found): every CR right before the LF goes, so a cut-short case fails
# at column 26, where its text ends, whatever CRs follow; a line of CRs
# alone is empty (no verdict); a CR with a blank after it stays (the JSON
# reader counts it as a line break: column 2); the last line, cut short
# too, may end in CRs and no LF. An empty file, and one of blank lines,
# give no verdict and exit 0. From a file and from standard input, with 1
# and 2 jobs.
printf '{"schema":"refund-case/1"\r\r\n\r\r\r\n%s\r\n{"schema":"refund-case/1"\r \r\n{"schema":"refund-case/1"\r\r' "$first" > "$T/cr.ndjson"
cut='"error":{"code":3,"status":"RF_E_JSON","column":%d,"field":"","message":"unexpected end of input inside object; expected '"','"' or '"'}'"' after object member"}}'
{ printf "{\"line\":1,$cut\n" 26; sed -n 1p "$T/two" | sed 's/^{"line":1,/{"line":3,/'
  printf "{\"line\":4,$cut\n" 2; printf "{\"line\":5,$cut\n" 26; } > "$T/cr.expected"
: > "$T/empty.ndjson"
printf '\n\r\n\r\r\n\n' > "$T/blank.ndjson"
for j in 1 2; do
  "$REFUND" replay --ndjson "$T/cr.ndjson" --jobs $j > "$T/cr.out" 2>/dev/null; rc=$?
  "$REFUND" replay --ndjson - --jobs $j < "$T/cr.ndjson" > "$T/cr.stdin" 2>/dev/null; rc_in=$?
  "$REFUND" replay --ndjson "$T/empty.ndjson" --jobs $j > "$T/empty.out" 2>&1; rc_empty=$?
  "$REFUND" replay --ndjson - --jobs $j < "$T/blank.ndjson" > "$T/blank.out" 2>&1; rc_blank=$?
  if [ $rc -eq 4 ] && [ $rc_in -eq 4 ] && cmp -s "$T/cr.out" "$T/cr.expected" && cmp -s "$T/cr.stdin" "$T/cr.expected" \
     && [ $rc_empty -eq 0 ] && [ ! -s "$T/empty.out" ] && [ $rc_blank -eq 0 ] && [ ! -s "$T/blank.out" ]; then
    echo "ok --jobs $j: CRs before LF dropped, a CR inside kept, a last line ending in CR, an empty file and blank lines"
  else echo "not ok --jobs $j line ends (rc=$rc/$rc_in, empty $rc_empty, blank $rc_blank)"; diff "$T/cr.out" "$T/cr.expected" | head -5; fi
done
# Long lines across the reader's boundaries: cases padded with blanks to
# just under and over a batch (512 KiB), past the 1 MiB buffer and past
# 4 MiB (it grows, and shrinks back when the input pauses), lines of 2,000
# events with 500 KB verdicts, bad, empty and CRLF lines, 28 MB in all; every odd
# padded line ends in an event of a bogus type, so that its error verdict's
# column counts every byte before it. Whatever --jobs, from a file or from
# a pipe that pauses, the verdicts are those of each line read alone.
awk 'function blanks(n,  s) { s = " "; while (length(s) < n) s = s s; return substr(s, 1, n) }
BEGIN {
  ev = "{\"id\":\"e%d\",\"at\":\"2024-06-20T09:00:00+08:00\",\"actor\":\"carrier\",\"type\":\"%s\"}"
  for (i = 1; i <= 60; i++) {
    k = i % 10; size = k == 1 ? 524000 : k == 2 ? 525000 : k == 3 ? 1300000 : k == 8 ? 1049000 : 0
    if (i == 33) size = 2600000
    if (i == 47) size = 5000000
    if (k == 5) { print "{"; continue }
    if (k == 6) { print ""; continue }
    c = "\"schema\":\"refund-case/1\",\"order\":{\"id\":\"TB-L" i "\",\"channel\":\"c_store\",\"item_amount\":\"88.00\"},\"events\":["
    n = k == 4 ? 2000 : 3
    for (e = 0; e < n; e++) c = c (e ? "," : "") sprintf(ev, e, size && i % 2 && e == n - 1 ? "bogus" : "delivered")
    printf "{%s%s]}%s\n", (size > length(c) ? blanks(size - length(c)) : ""), c, (k == 7 ? "\r" : "")
  } }' > "$T/long.ndjson"
i=0
while [ $i -lt 60 ]; do
  i=$((i + 1))
  sed -n "${i}{p;q}" "$T/long.ndjson" | "$REFUND" replay --ndjson - 2>/dev/null | sed "s/^{\"line\":1,/{\"line\":$i,/"
done > "$T/alone.out"
# The pipe pauses inside line 11 and after line 50 (the 5 MB line is 47).
at=$(head -n 50 "$T/long.ndjson" | wc -c)
same=0 runs=0 jobs="1 2 3 8"
[ "${RF_VALGRIND:-0}" = 1 ] && jobs="1 3" # a minute less under valgrind
for j in $jobs; do
  "$REFUND" replay --ndjson "$T/long.ndjson" --jobs $j > "$T/long.out" 2>/dev/null
  cmp -s "$T/alone.out" "$T/long.out" && same=$((same + 1))
  { head -c 4000000 "$T/long.ndjson"; sleep 0.2; head -c "$at" "$T/long.ndjson" | tail -c +4000001
    sleep 0.2; tail -c +$((at + 1)) "$T/long.ndjson"; } | "$REFUND" replay --ndjson - --jobs $j > "$T/long.out" 2>/dev/null
  cmp -s "$T/alone.out" "$T/long.out" && same=$((same + 1))
  runs=$((runs + 2))
done
if [ $same -eq $runs ] && [ "$(wc -l < "$T/alone.out")" -eq 54 ] && [ "$(grep -c '"error":' "$T/alone.out")" -eq 19 ]; then
  echo "ok lines of 0.5 to 5 MB across batches and buffer ends: --jobs $(echo $jobs | tr ' ' ,), file and pipe, give the verdicts of each line alone"
else echo "not ok long lines: $same of $runs runs give the verdicts of each line alone ($(wc -l < "$T/alone.out") verdicts)"; fi
# Each ndjson verdict is the replay verdict of the same case, on one line,
# opening with its input line number.
i=0 same=0
for f in $(ls examples/[0-9]*.json | grep -v expected); do
  i=$((i + 1))
  sed -n "${i}p" "$T/j1" > "$T/line"
  "$REFUND" replay "$f" --format ndjson 2>/dev/null | sed "s/^{/{\"line\":$i,/" > "$T/single"
  cmp -s "$T/line" "$T/single" && same=$((same + 1))
done
if [ $same -eq $i ]; then echo "ok every ndjson verdict is {\"line\":N, then replay --format ndjson of its case ($i)"; else echo "not ok only $same of $i ndjson verdicts match"; fi
# An error verdict names the order when the line gets as far as its id:
# escaped as JSON, whatever the id holds; never when the id is cut short,
# not a string or not valid UTF-8; and garbage of any kind is only an error.
printf '%s\n' \
  '{"schema":"refund-case/1","order":{"channel":"mt","id":"TB-\u4e00,\"q\"\n"},"events":[' \
  '{"order":{"id":"TB-9"}}' \
  '{"a":[1,{"b":"}{\""}],"order":{"x":[null,{"id":"no"}],"id":"TB-\ud83d\ude00","y":' \
  '{"order":{"id":"TB-cut' \
  '{"order":{"id":17}}' \
  '{"order":{"id":"\udc00"}}' \
  '{"order":"TB-5"}' \
  '{"id":"TB-6","order":{}}' \
  'y' > "$T/bad.ndjson"
printf '{"order":{"id":"\377"}}\n{"order\000":{"id":"TB-0"}}\n' >> "$T/bad.ndjson"
head -c 3000 /dev/urandom | tr '\n' ' ' >> "$T/bad.ndjson"; echo >> "$T/bad.ndjson"
"$REFUND" replay --ndjson "$T/bad.ndjson" > "$T/bad.out" 2>/dev/null; rc=$?
orders=$(sed -n 's/^{"line":\([0-9]*\),"order":.*/\1/p' "$T/bad.out" | tr '\n' ' ')
want='1 2 3 '
if [ "$orders" = "$want" ] && grep -q '^{"line":1,"order":"TB-一,\\"q\\"\\u000a","error":{"code":3,' "$T/bad.out" \
   && grep -q '^{"line":2,"order":"TB-9","error":{"code":4,' "$T/bad.out" && grep -q '^{"line":3,"order":"TB-😀","error":{"code":3,' "$T/bad.out" \
   && [ "$(wc -l < "$T/bad.out")" -eq 12 ] && [ "$(grep -c '^{"line":[0-9]*,"error":{' "$T/bad.out")" -eq 9 ] && [ $rc -ne 0 ]; then
  echo "ok an error verdict carries the order id when the line names one, and only then"
else echo "not ok error verdicts' order ids: got '$orders', want '$want' (rc=$rc)"; cut -c1-100 "$T/bad.out"; fi
# Every prefix of a case names its order exactly when it holds the id's
# closing quote.
first=$(head -1 "$T/cases.ndjson")
awk '{ for (i = 1; i < length($0); i++) print substr($0, 1, i) }' "$T/cases.ndjson" | head -n $((${#first} - 1)) > "$T/prefixes"
id='"id": "TB20240628-0001"'
at=$(awk -v id="$id" '{ print index($0, id) + length(id) - 1; exit }' "$T/cases.ndjson")
"$REFUND" replay --ndjson "$T/prefixes" > "$T/prefixes.out" 2>/dev/null
named=$(grep -c '^{"line":[0-9]*,"order":"TB20240628-0001","error":' "$T/prefixes.out")
from=$(grep -m1 -n '"order":"TB20240628-0001"' "$T/prefixes.out" | cut -d: -f1)
if [ "$(wc -l < "$T/prefixes.out")" -eq $((${#first} - 1)) ] && [ "$named" -eq $((${#first} - at)) ] && [ "$from" -eq "$at" ]; then
  echo "ok each of the $((${#first} - 1)) prefixes of a case names its order from the id's closing quote on ($at)"
else echo "not ok prefixes: $named name the order, from line $from; the id closes at byte $at of ${#first}"; fi
# The exit code sums the lines up (FORMAT.md section 3): 0 all clean, 1
# findings and no bad line, 4 bad lines and no findings, 6 both, whichever
# comes first and whatever thread of --jobs judges them.
clean=$(sed -n 1p "$T/cases.ndjson") found=$(sed -n 4p "$T/cases.ndjson")
codes=
for input in "$clean" "$clean|$found" "$clean|{" "$clean|{|$found" "$found|$clean|[]" "{|x|$clean|{\"schema\":1}"; do
  for j in 1 3; do
    printf '%s\n' "$input" | tr '|' '\n' | "$REFUND" replay --ndjson - --jobs $j >/dev/null 2>&1
    codes="$codes$? "
  done
done
if [ "$codes" = "0 0 1 1 4 4 6 6 6 6 4 4 " ]; then
  echo "ok exit 0 all clean, 1 findings, 4 bad lines (malformed or invalid), 6 both, at --jobs 1 and 3"
else echo "not ok exit codes of replay --ndjson: $codes, want 0 0 1 1 4 4 6 6 6 6 4 4"; fi
"$REFUND" replay --ndjson "$T/cases.ndjson" --jobs 0 >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && echo "ok --jobs 0 is a usage error" || echo "not ok --jobs 0 (rc=$rc)"
# Several cases with --format json: one array, a null where a file failed.
"$REFUND" replay examples/01-free-shipping-c-store.json "$T/missing.json" examples/03-wrong-amount-refused-mt.json \
  --format json > "$T/many" 2>/dev/null; rc=$?
if [ $rc -eq 5 ] && head -1 "$T/many" | grep -q '^\[$' && tail -1 "$T/many" | grep -q '^\]$' \
   && [ "$(grep -c '^null$' "$T/many")" -eq 1 ] && [ "$(grep -c '"order": ' "$T/many")" -eq 2 ]; then
  echo "ok replay of several files in json is one array with null for the unreadable one"
else echo "not ok replay of several files in json (rc=$rc)"; fi
