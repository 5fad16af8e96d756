#!/bin/sh
# replay --ndjson as a stream (issue 14): memory is a fixed budget whatever
# the number of lines, their length and --jobs; a verdict is out while the
# writer of the input pauses; replay CASE... takes 1,000 files.
#
# Peak memory is measured with GNU time (/usr/bin/time -f %M, package
# "time", installed by make deps). The plain build is held to the limits
# below. Under valgrind (RF_VALGRIND=1: $REFUND is a wrapper) and in a
# sanitizer build (the binary under build/san) the tool's own memory is
# measured too, so the memory checks judge every line but check no peak,
# on 1 M lines under the sanitizers and 100,000 under valgrind instead of
# 10 M; and the latency check allows 10 s instead of 2 s.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1

mode=plain lines=10000000 wait_ms=2000
case "$REFUND" in */san/*) mode=sanitizer lines=1000000 wait_ms=10000 ;; esac
[ "${RF_VALGRIND:-0}" = 1 ] && mode=valgrind lines=100000 wait_ms=10000
limit_kib=65536 # 64 MiB
for f in $(ls examples/[0-9]*.json | grep -v expected); do tr -d '\n' < "$f"; echo; done > "$T/cases.ndjson"
n=$(wc -l < "$T/cases.ndjson")

# peak COMMAND...: runs COMMAND (stdin, stdout and stderr as given), keeping
# its peak resident set; kib prints it in KiB (0 when it was not measured).
peak() { /usr/bin/time -o "$T/time" -f %M "$@"; }
kib() { k=$(tail -n 1 "$T/time" 2>/dev/null); case "$k" in ''|*[!0-9]*) echo 0 ;; *) echo "$k" ;; esac; rm -f "$T/time"; }
[ -x /usr/bin/time ] || echo "not ok /usr/bin/time (GNU time) is missing: make deps installs it"
# within KIB [LIMIT]: the peak is under LIMIT KiB (the 64 MiB budget when
# none is given), or not checked in this mode.
within() {
  [ "$mode" != plain ] && return 0
  [ "$1" -gt 0 ] && [ "$1" -lt "${2:-$limit_kib}" ]
}
shown() { [ "$mode" = plain ] && echo "peak $1 KiB" || echo "peak not checked under $mode"; }

# 1. Memory does not grow with the number of lines or with --jobs: millions
# of one-byte lines, each an error verdict, at --jobs 8 (the old reader held
# every verdict of a 8 MiB batch: 740 MB for 10 M lines).
yes | head -n "$lines" | { peak "$REFUND" replay --ndjson - --jobs 8 2>/dev/null; echo $? > "$T/rc"; } | wc -l > "$T/count"
kib=$(kib)
got=$(tr -d ' ' < "$T/count")
if [ "$got" -eq "$lines" ] && [ "$(cat "$T/rc")" -eq 4 ] && within "$kib"; then
  echo "ok $lines lines of 'y' at --jobs 8: $got error verdicts, $(shown "$kib") (limit 64 MiB)"
else echo "not ok $lines lines at --jobs 8: $got verdicts, peak $kib KiB (limit $limit_kib)"; fi

# 2. A line of 100,000 events (10 times the limit) is refused without being
# built: an error verdict, the stream goes on, in bounded memory (the tree
# reader built it whole: 70 MB for this 8.6 MB line).
awk 'BEGIN {
  printf "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"TB-BIG\",\"channel\":\"c_store\",\"item_amount\":\"88.00\"},\"events\":["
  for (i = 0; i < 100000; i++)
    printf "%s{\"id\":\"e%d\",\"at\":\"2024-06-20T09:00:00+08:00\",\"actor\":\"carrier\",\"type\":\"delivered\"}", (i ? "," : ""), i
  print "]}" }' > "$T/big.ndjson"
cat "$T/cases.ndjson" >> "$T/big.ndjson"
for j in 1 4; do
  peak "$REFUND" replay --ndjson "$T/big.ndjson" --jobs $j > "$T/big.out" 2>/dev/null; rc=$?
  kib=$(kib)
  if [ $rc -eq 6 ] && head -1 "$T/big.out" | grep -q '^{"line":1,"order":"TB-BIG","error":{"code":3,"status":"RF_E_LIMIT","column":102,"field":"events","message":"a case may hold at most 10000 events"}}$' \
     && [ "$(wc -l < "$T/big.out")" -eq $((n + 1)) ] && within "$kib"; then
    echo "ok --jobs $j: a line of 100,000 events is an error verdict and the $n cases after it are judged, $(shown "$kib")"
  else echo "not ok --jobs $j: line of 100,000 events ($(head -c 120 "$T/big.out"), peak $kib KiB)"; fi
done

# 3. A line of 16 MB that holds 8 million values (no case can hold more than
# 410,445) is refused before its tree is built (the tree took 940 MB).
{ printf '{"x":[0'; yes ',0' | head -n 7999999 | tr -d '\n'; echo ']}'; } > "$T/values.ndjson"
peak "$REFUND" replay --ndjson "$T/values.ndjson" --jobs 2 > "$T/values.out" 2>/dev/null; rc=$?
kib=$(kib)
if [ $rc -eq 4 ] && grep -q '"status":"RF_E_LIMIT","column":820893,"field":"","message":"more JSON values than a case can hold (410445)"' "$T/values.out" \
   && within "$kib"; then
  echo "ok a line of 8 million values is refused before its tree is built, $(shown "$kib")"
else echo "not ok line of 8 million values ($(head -c 160 "$T/values.out"), peak $kib KiB)"; fi

# 4. Verdicts larger than a thread's share of the output (a 1,000-event line
# has a 260 KB verdict; a thread's pieces hold 2 MiB / jobs): later pieces
# wait for their turn, a verdict over the whole share is written straight
# out, and stdout and stderr are still those of --jobs 1, in input order.
awk 'BEGIN { for (l = 0; l < 24; l++) {
  printf "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"TB-%d\",\"channel\":\"c_store\",\"item_amount\":\"88.00\"},\"events\":[", l
  for (i = 0; i < 1000 + l; i++)
    printf "%s{\"id\":\"e%d\",\"at\":\"2024-06-20T09:00:00+08:00\",\"actor\":\"carrier\",\"type\":\"delivered\"}", (i ? "," : ""), i
  print "]}"; if (l % 7 == 3) print "bad line" } }' > "$T/wide.ndjson"
"$REFUND" replay --ndjson "$T/wide.ndjson" > "$T/wide.1" 2> "$T/wide.1e"
same=0
for j in 3 8 64; do
  "$REFUND" replay --ndjson "$T/wide.ndjson" --jobs $j > "$T/wide.n" 2> "$T/wide.ne"
  cmp -s "$T/wide.1" "$T/wide.n" && cmp -s "$T/wide.1e" "$T/wide.ne" && same=$((same + 1))
done
if [ $same -eq 3 ] && [ "$(wc -l < "$T/wide.1")" -eq 27 ] && [ "$(grep -c '^{"line":[0-9]*,"error"' "$T/wide.1")" -eq 3 ] && [ "$(wc -l < "$T/wide.1e")" -eq 3 ]; then
  echo "ok verdicts larger than a thread's share: --jobs 3, 8 and 64 write what --jobs 1 writes, in order"
else echo "not ok large verdicts: $same of 3 --jobs runs equal --jobs 1"; fi

# 4b. A verdict is rendered straight into its piece's output when it fits
# the room there (twice the longest verdict of the thread so far, from
# 8 KiB), else in the auditor and copied: the same 100 KB verdict three
# times, the first copied (the room is 8 KiB), the next two in place (the
# room has grown), between small ones, at --jobs 1 and 3: the same text.
awk 'BEGIN { for (l = 0; l < 3; l++) {
  printf "{\"schema\":\"refund-case/1\",\"order\":{\"id\":\"TB-W\",\"channel\":\"c_store\",\"item_amount\":\"88.00\"},\"events\":["
  for (i = 0; i < 400; i++)
    printf "%s{\"id\":\"e%d\",\"at\":\"2024-06-20T09:00:00+08:00\",\"actor\":\"carrier\",\"type\":\"delivered\"}", (i ? "," : ""), i
  print "]}" } }' > "$T/big.ndjson"
{ head -n 1 "$T/cases.ndjson"; head -n 1 "$T/big.ndjson"; sed -n 2p "$T/cases.ndjson"; sed -n 2,3p "$T/big.ndjson"; } > "$T/mixed.ndjson"
same=0
for j in 1 3; do
  "$REFUND" replay --ndjson "$T/mixed.ndjson" --jobs $j 2>/dev/null | sed 's/^{"line":[0-9]*,//' > "$T/mixed.$j"
  big=$(sed -n '2p;4p;5p' "$T/mixed.$j" | sort -u | wc -l)
  size=$(sed -n 2p "$T/mixed.$j" | wc -c)
  [ "$big" -eq 1 ] && [ "$size" -gt 65536 ] && [ "$(wc -l < "$T/mixed.$j")" -eq 5 ] && same=$((same + 1))
done
if [ $same -eq 2 ] && cmp -s "$T/mixed.1" "$T/mixed.3"; then
  echo "ok a verdict rendered in place is the one copied: three of $(sed -n 2p "$T/mixed.1" | wc -c) bytes, --jobs 1 and 3"
else echo "not ok verdicts in place and copied: $same of 2 runs gave three equal large verdicts"; fi

# 5. Latency: a line written to a pipe gets its verdict while the writer
# waits, at --jobs 1 and 4. The writer sends a first line and waits for its
# verdict (the start-up is not timed), then sends a second and times how long
# its verdict takes to reach the output file, waiting at most $wait_ms ms;
# then a third, and the end of the input.
now_ms() { date +%s%3N; }
# wait_lines N MS: until the output has N lines, at most MS ms; prints the ms waited.
wait_lines() {
  start=$(now_ms)
  while [ "$(wc -l < "$T/lat.out")" -lt "$1" ]; do
    [ $(($(now_ms) - start)) -ge "$2" ] && { echo "over $2"; return 1; }
    sleep 0.01
  done
  echo $(($(now_ms) - start))
}
case1=$(head -1 "$T/cases.ndjson")
for j in 1 4; do
  : > "$T/lat.out"
  { echo "$case1"
    wait_lines 1 30000 > "$T/lat.first"
    echo "$case1"
    wait_lines 2 "$wait_ms" > "$T/lat.ms"
    echo "$case1"
  } | "$REFUND" replay --ndjson - --jobs $j > "$T/lat.out" 2>/dev/null; rc=$?
  ms=$(cat "$T/lat.ms")
  if [ $rc -le 1 ] && [ "$(wc -l < "$T/lat.out")" -eq 3 ] && [ "$(sed 's/^{"line":[0-9]*,//' "$T/lat.out" | sort -u | wc -l)" -eq 1 ] \
     && [ "${ms#over}" = "$ms" ]; then
    echo "ok --jobs $j: a line's verdict is out $ms ms after the line, while the writer waits (at most $wait_ms ms)"
  else echo "not ok --jobs $j: no verdict while the writer waited ($ms ms; first: $(cat "$T/lat.first"); $(wc -l < "$T/lat.out") lines)"; fi
done

# 6. replay CASE... of 1,000 files (it stopped at 64): every verdict, in
# argument order, the same as replay --ndjson of the same cases.
mkdir "$T/many"
i=0
while [ $i -lt 1000 ]; do cat "$T/cases.ndjson"; i=$((i + n)); done | head -n 1000 > "$T/thousand.ndjson"
split -l 1 -a 4 "$T/thousand.ndjson" "$T/many/case-"
"$REFUND" replay "$T"/many/case-* --format ndjson > "$T/many.out" 2>/dev/null; rc=$?
"$REFUND" replay --ndjson "$T/thousand.ndjson" 2>/dev/null > "$T/many.with-lines"; rc2=$?
sed 's/^{"line":[0-9]*,/{/' "$T/many.with-lines" > "$T/many.expected"
files=$(ls "$T/many" | wc -l)
if [ "$files" -eq 1000 ] && [ $rc -le 1 ] && [ $rc -eq $rc2 ] && [ "$(wc -l < "$T/many.out")" -eq 1000 ] && cmp -s "$T/many.out" "$T/many.expected"; then
  echo "ok replay of 1000 case files: 1000 verdicts in argument order (exit $rc)"
else echo "not ok replay of $files files (rc=$rc, $(wc -l < "$T/many.out") verdicts)"; fi

# 7. Long lines keep the memory budget (issue 19, item 5: under 8 MiB):
# lines of 10,000 events (1.27 MB, longer than the 1 MiB buffer, which
# grows for them) and of 6,000 events (760 KB: longer than a batch, within
# the buffer, which must not grow: 4.4 MiB, 5.5 when it grew to 2 MiB), at
# --jobs 1 and 2, the same verdicts.
gen=${RF_BUILD:-build}/bench/gen
if [ -x "$gen" ]; then
  for run in 10000:8192 6000:5120; do
    events=${run%:*} most=${run#*:}
    "$gen" 12 20240628 events=$events 2>/dev/null > "$T/long.ndjson"
    for j in 1 2; do
      peak "$REFUND" replay --ndjson "$T/long.ndjson" --jobs $j > "$T/long.$j" 2>/dev/null; rc=$?
      kib=$(kib)
      if [ $rc -le 1 ] && [ "$(wc -l < "$T/long.$j")" -eq 12 ] && cmp -s "$T/long.1" "$T/long.$j" \
         && within "$kib" "$most"; then
        echo "ok lines of $events events ($(($(wc -c < "$T/long.ndjson") / 12)) bytes) at --jobs $j: 12 verdicts, $(shown "$kib") (limit $most KiB)"
      else echo "not ok lines of $events events at --jobs $j: exit $rc, $(wc -l < "$T/long.$j") verdicts, peak $kib KiB (limit $most KiB)"; fi
    done
  done
else echo "not ok the bench generator: $gen is missing (make builds it)"; fi

# 8. Input from a pipe gets a pipe of 1 MiB (the input buffer; Linux, when
# /proc/sys/fs/pipe-max-size allows it): the writer sees its pipe widened
# once the first verdict is out, and that verdict is the one of the file.
max=$(cat /proc/sys/fs/pipe-max-size 2>/dev/null || echo 0)
if [ "$(uname -s)" != Linux ] || [ "$max" -lt 1048576 ]; then
  echo "ok a pipe is left as it is here ($(uname -s), pipe-max-size $max)"
elif ! command -v python3 >/dev/null; then
  echo "not ok python3 is missing: make deps installs it"
else
  head -n 1 "$T/cases.ndjson" > "$T/one.ndjson"
  "$REFUND" replay --ndjson "$T/one.ndjson" > "$T/one.expected" 2>/dev/null
  got=$(python3 - "$REFUND" "$T/one.ndjson" "$T/one.expected" <<'PY'
import fcntl, subprocess, sys
refund, case, expected = sys.argv[1:]
p = subprocess.Popen([refund, "replay", "--ndjson", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL)
before = fcntl.fcntl(p.stdin.fileno(), fcntl.F_GETPIPE_SZ)
p.stdin.write(open(case, "rb").read())
p.stdin.flush()
first = p.stdout.readline()
after = fcntl.fcntl(p.stdin.fileno(), fcntl.F_GETPIPE_SZ)
p.stdin.close()
p.wait()
print(before, after, first == open(expected, "rb").read())
PY
)
  case "$got" in
    *" 1048576 True") ok=1 ;;
    *) ok=0 ;;
  esac
  if [ $ok = 1 ]; then
    echo "ok a pipe on standard input is widened from ${got%% *} bytes to 1 MiB, and its verdict is the file's"
  else echo "not ok the pipe on standard input: sizes before and after and same verdict: $got"; fi
fi
