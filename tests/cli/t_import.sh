#!/bin/sh
# refund import top (TOP.md, docs/import.md) end to end:
#  (a) every fixture of tests/data/top/ gives its expected cases, report and
#      exit code; TOP.md's worked example gives TOP.md's output;
#  (b) the round trip: every imported case passes `refund validate`, and
#      `refund replay --ndjson` of the cases gives verdicts with
#      `assumptions` and no OUT_OF_ORDER or DUPLICATE_EVENT;
#  (c) files may repeat and be -, the order of files and lines does not
#      matter, a file fed whole or as a push-database dump reads the same;
#  (d) usage, unreadable files and an unwritable report: exit 2 and 5;
#      without --report a one-line summary on stderr, and every error as
#      FILE:LINE:COL: CODE FIELD: text.
# POSIX sh. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$RF_TOP" || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }

# The import command line of a fixture directory.
files_of() {
  d=$1
  for f in "$d"/trade*.json; do [ -f "$f" ] && printf ' --trade %s' "$f"; done
  for f in "$d"/refund*.json; do [ -f "$f" ] && printf ' --refund %s' "$f"; done
  for f in "$d"/tmc*; do [ -f "$f" ] && printf ' --tmc %s' "$f"; done
  for f in "$d"/messages*.json; do [ -f "$f" ] && printf ' --messages %s' "$f"; done
}

# ---- (a) the fixtures ------------------------------------------------------------------
n=0
for d in tests/data/top/*/; do
  d=${d%/}
  name=$(basename "$d")
  n=$((n + 1))
  # shellcheck disable=SC2046
  "$REFUND" import top $(files_of "$d") $(cat "$d/args") --report "$T/report.json" > "$T/out" 2> "$T/err"
  rc=$?
  want=$(cat "$d/expected-exit")
  if [ "$rc" != "$want" ]; then not_ok "import $name exits $want" "exit $rc: $(head -3 "$T/err")"; continue; fi
  if ! cmp -s "$T/out" "$d/expected.ndjson"; then not_ok "import $name writes its expected cases" "$(diff "$d/expected.ndjson" "$T/out" | head -3)"; continue; fi
  if ! cmp -s "$T/report.json" "$d/expected-report.json"; then not_ok "import $name writes its expected report" "$(diff "$d/expected-report.json" "$T/report.json" | head -5)"; continue; fi
  errors=$(grep -c '"code": ' "$d/expected-report.json")
  lines=$(grep -c '^refund: ' "$T/err")
  if [ "$lines" != "$errors" ]; then not_ok "import $name prints each error and warning" "$lines lines for $errors entries"; continue; fi
  ok "import $name: cases, report, exit $rc, $lines messages"
done
[ $n -ge 10 ] || not_ok "the fixtures" "only $n in tests/data/top"

# TOP.md's worked example, compared with TOP.md itself (keys in the format's order).
TOPMD=$RF_TOP/../shared/spec/TOP.md
if [ -f "$TOPMD" ] && command -v python3 >/dev/null 2>&1; then
  if python3 - "$TOPMD" tests/data/top/example/expected.ndjson <<'PY'
import json, sys
top = open(sys.argv[1], encoding="utf-8").read()
i = top.index('```json\n{"schema":"refund-case/1",')
j = top.index('```', i + 7)
sys.exit(json.loads(top[i + 7:j]) != json.loads(open(sys.argv[2], encoding="utf-8").read()))
PY
  then ok "TOP.md section 5: the example's output is TOP.md's"
  else not_ok "TOP.md section 5: the example's output is TOP.md's" "they differ"; fi
else
  ok "TOP.md section 5: the example's output is TOP.md's # SKIP TOP.md or python3 not at hand"
fi

# ---- (b) the round trip --------------------------------------------------------------------
cat tests/data/top/*/expected.ndjson > "$T/all.ndjson"
cases=$(wc -l < "$T/all.ndjson")
bad=
i=0
while IFS= read -r line; do
  i=$((i + 1))
  printf '%s\n' "$line" > "$T/case.json"
  "$REFUND" validate "$T/case.json" > /dev/null 2>"$T/verr" || bad="$bad line $i: $(head -1 "$T/verr")"
done < "$T/all.ndjson"
if [ -n "$bad" ]; then not_ok "every imported case passes refund validate" "$bad"
else ok "every imported case ($cases) passes refund validate"; fi
"$REFUND" replay --ndjson "$T/all.ndjson" --format json > "$T/verdicts" 2>/dev/null
v=$(grep -c '"assumptions":{"assumed":\[' "$T/verdicts")
if [ "$v" = "$cases" ]; then ok "replay of the imported cases: every verdict has assumptions ($v)"
else not_ok "replay of the imported cases: every verdict has assumptions" "$v of $cases"; fi
if grep -q 'OUT_OF_ORDER\|DUPLICATE_EVENT' "$T/verdicts"; then not_ok "no OUT_OF_ORDER or DUPLICATE_EVENT from delivery" "$(grep -o '"code":"[A-Z_]*"' "$T/verdicts" | sort | uniq -c | tr '\n' ' ')"
else ok "no OUT_OF_ORDER or DUPLICATE_EVENT from delivery"; fi
if grep -q '"basis":"assumed"' "$T/verdicts"; then ok "settlements on assumed fields say basis assumed"
else not_ok "settlements on assumed fields say basis assumed" "none"; fi
"$REFUND" import top $(files_of tests/data/top/example) > "$T/example.json" 2>/dev/null
"$REFUND" replay "$T/example.json" --lang zh > "$T/text" 2>/dev/null
if grep -q '结算 (假定):' "$T/text" && grep -q '导入假定: 卖家发货运费' "$T/text"; then ok "text verdicts mark what is assumed (假定)"
else not_ok "text verdicts mark what is assumed" "$(head -3 "$T/text")"; fi

# ---- (c) repeated files, -, order ------------------------------------------------------------
d=tests/data/top/out_of_order
head -2 "$d/tmc.ndjson" > "$T/tmc1"
tail -n +3 "$d/tmc.ndjson" > "$T/tmc2"
"$REFUND" import top --trade "$d/trade.json" --refund - --tmc "$T/tmc2" --tmc "$T/tmc1" < "$d/refund.json" > "$T/out" 2>/dev/null
if cmp -s "$T/out" "$d/expected.ndjson"; then ok "files repeat, - is stdin, their order does not matter"
else not_ok "files repeat, - is stdin, their order does not matter" "$(diff "$d/expected.ndjson" "$T/out" | head -3)"; fi
d=tests/data/top/duplicates
sort -r "$d/tmc.ndjson" > "$T/tmc.sorted"
"$REFUND" import top --trade "$d/trade.json" --refund "$d/refund.json" --tmc "$T/tmc.sorted" > "$T/out" 2>/dev/null
if cmp -s "$T/out" "$d/expected.ndjson"; then ok "duplicates: the copy kept does not depend on the order of lines"
else not_ok "duplicates: the copy kept does not depend on the order of lines" "$(diff "$d/expected.ndjson" "$T/out" | head -3)"; fi

# ---- (d) usage and files ----------------------------------------------------------------------
d=tests/data/top/example
"$REFUND" import top --trade "$d/trade.json" --refund "$d/refund.json" > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "import top without --tmc: exit 2" || not_ok "import top without --tmc: exit 2" "exit $rc"
"$REFUND" import tmall $(files_of "$d") > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "import of another platform: exit 2" || not_ok "import of another platform: exit 2" "exit $rc"
"$REFUND" import top $(files_of "$d") --channel tmall > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "a bad --channel: exit 2" || not_ok "a bad --channel: exit 2" "exit $rc"
"$REFUND" import top $(files_of "$d") --bogus > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "an unknown option: exit 2" || not_ok "an unknown option: exit 2" "exit $rc"
"$REFUND" import top $(files_of "$d") --tmc "$T/nope" > /dev/null 2>"$T/err"; rc=$?
[ $rc -eq 5 ] && grep -q "refund: $T/nope: " "$T/err" && ok "a file that cannot be read: exit 5" || not_ok "a file that cannot be read: exit 5" "exit $rc"
"$REFUND" import top $(files_of "$d") --report "$T" > /dev/null 2>"$T/err"; rc=$?
[ $rc -eq 5 ] && ok "a report that cannot be written: exit 5" || not_ok "a report that cannot be written: exit 5" "exit $rc"
"$REFUND" import top $(files_of "$d") > /dev/null 2>"$T/err"; rc=$?
if [ $rc -eq 0 ] && [ "$(cat "$T/err")" = "refund: import: 1 cases; tmc: 7 lines, 1 duplicate, 0 unknown topic, 2 ignored, 4 used, 0 invalid; 0 refund messages; 0 errors, 0 warnings" ]; then
  ok "without --report, a one-line summary on stderr"
else not_ok "without --report, a one-line summary on stderr" "$(cat "$T/err")"; fi
"$REFUND" import top $(files_of tests/data/top/format_errors) > /dev/null 2>"$T/err"
if grep -q '^refund: tests/data/top/format_errors/tmc.ndjson:[0-9]*:[0-9]*: BAD_MONEY content.refund_fee: ' "$T/err"; then
  ok "errors read refund: FILE:LINE:COL: CODE FIELD: text"
else not_ok "errors read refund: FILE:LINE:COL: CODE FIELD: text" "$(head -3 "$T/err")"; fi
exit 0
