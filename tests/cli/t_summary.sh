#!/bin/sh
# Summaries on the command line (issue 16): replay --ndjson --summary FILE
# (stdout and the exit code unchanged, the same summary at any --jobs),
# refund summary of verdict files and of standard input, summary --merge,
# the text tables, and the errors: a line that is not a verdict, a file not
# read or not written, --summary without --ndjson, a summary that does not
# add up. The bench generator writes the histories (2,000 of them, a bad
# line among them). Prints "ok NAME" or "not ok NAME: why".
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
gen=${RF_BUILD:-build}/bench/gen
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
same() { cmp -s "$1" "$2"; }

if [ ! -x "$gen" ]; then not_ok "the bench generator" "$gen is missing (make builds it)"; exit 0; fi
"$gen" 1000 2>/dev/null > "$T/h.ndjson"
echo '{"schema":"refund-case/1","order":' >> "$T/h.ndjson"   # a bad line (malformed)
"$gen" 1000 7 2>/dev/null >> "$T/h.ndjson"

# ---- replay --ndjson --summary ------------------------------------------------------------
"$REFUND" replay --ndjson "$T/h.ndjson" > "$T/plain.ndjson" 2>/dev/null; plain_rc=$?
"$REFUND" replay --ndjson "$T/h.ndjson" --summary "$T/s.json" > "$T/v.ndjson" 2>/dev/null; rc=$?
if [ $rc = $plain_rc ] && same "$T/plain.ndjson" "$T/v.ndjson"; then
  ok "--summary leaves stdout and the exit code ($rc) as they were"
else not_ok "--summary leaves stdout and the exit code as they were" "exit $rc, was $plain_rc; stdout $(cmp "$T/plain.ndjson" "$T/v.ndjson" 2>&1)"; fi
if grep -q '"schema": "refund-summary/1"' "$T/s.json" && grep -q '^  "lines": 2001,$' "$T/s.json" \
   && grep -q '^  "bad_lines": 1,$' "$T/s.json"; then ok "--summary writes refund-summary/1: 2001 lines, 1 bad"
else not_ok "--summary writes refund-summary/1" "$(head -c 300 "$T/s.json" | tr '\n' ' ')"; fi
"$REFUND" replay --ndjson - --jobs 2 --summary="$T/s2.json" < "$T/h.ndjson" > /dev/null 2>&1
if same "$T/s.json" "$T/s2.json"; then ok "--jobs 2 gives the same summary"
else not_ok "--jobs 2 gives the same summary" "$(diff "$T/s.json" "$T/s2.json" | head -3 | tr '\n' ' ')"; fi

# ---- summary of verdicts ---------------------------------------------------------------------
"$REFUND" summary "$T/v.ndjson" > "$T/s3.json"; rc=$?
if [ $rc = 0 ] && same "$T/s.json" "$T/s3.json"; then ok "refund summary of the verdicts is the same bytes"
else not_ok "refund summary of the verdicts is the same bytes" "exit $rc; $(diff "$T/s.json" "$T/s3.json" | head -3 | tr '\n' ' ')"; fi
head -n 700 "$T/v.ndjson" > "$T/va"; tail -n +701 "$T/v.ndjson" > "$T/vb"
"$REFUND" summary - < "$T/v.ndjson" > "$T/s4.json"
"$REFUND" summary "$T/va" "$T/vb" > "$T/s5.json"
if same "$T/s.json" "$T/s4.json" && same "$T/s.json" "$T/s5.json"; then ok "from standard input, and from two files, the same"
else not_ok "from standard input, and from two files, the same" "differs"; fi

# ---- merge -------------------------------------------------------------------------------------
"$REFUND" summary "$T/va" > "$T/sa.json"
"$REFUND" summary "$T/vb" --format ndjson > "$T/sb.json"
"$REFUND" summary --merge "$T/sb.json" "$T/sa.json" > "$T/merged.json"; rc=$?
if [ $rc = 0 ] && same "$T/s.json" "$T/merged.json"; then ok "summary --merge of the parts is the summary of the whole"
else not_ok "summary --merge of the parts is the summary of the whole" "exit $rc"; fi
"$REFUND" summary --merge "$T/s.json" > "$T/again.json"
if same "$T/s.json" "$T/again.json"; then ok "summary --merge of one summary gives it back"; else not_ok "summary --merge of one summary" "differs"; fi

# ---- text --------------------------------------------------------------------------------------
"$REFUND" summary --merge "$T/s.json" --format text --lang en > "$T/en.txt"
"$REFUND" summary --merge "$T/s.json" --format text --lang zh > "$T/zh.txt"
if grep -q '^2001 lines read: 2000 cases (' "$T/en.txt" && grep -q '^By finding code$' "$T/en.txt" \
   && grep -q '^By month of the request$' "$T/en.txt" && grep -q '^读入 2001 行: 案件 2000 件' "$T/zh.txt" \
   && grep -q '^按结算规则$' "$T/zh.txt"; then ok "--format text prints the tables in English and Chinese"
else not_ok "--format text prints the tables" "$(head -3 "$T/en.txt" | tr '\n' ' ')"; fi

# ---- errors ------------------------------------------------------------------------------------
printf '%s\n' "$(head -n 1 "$T/v.ndjson")" "$(head -n 1 "$T/h.ndjson")" > "$T/mixed.ndjson"
"$REFUND" summary "$T/mixed.ndjson" > "$T/out" 2> "$T/err"; rc=$?
if [ $rc = 4 ] && [ ! -s "$T/out" ] && grep -q "^refund: $T/mixed.ndjson:2:[0-9]*: channel: not a verdict" "$T/err"; then
  ok "a case where a verdict should be: exit 4, FILE:LINE:COL, nothing printed"
else not_ok "a case where a verdict should be" "exit $rc: $(cat "$T/err")"; fi
echo '{"order":' > "$T/broken.ndjson"
"$REFUND" summary "$T/broken.ndjson" > /dev/null 2> "$T/err"; rc=$?
[ $rc = 3 ] && ok "malformed JSON: exit 3" || not_ok "malformed JSON: exit 3" "exit $rc: $(cat "$T/err")"
"$REFUND" summary "$T/nonexistent.ndjson" > /dev/null 2>&1; rc=$?
[ $rc = 5 ] && ok "a missing file: exit 5" || not_ok "a missing file: exit 5" "exit $rc"
"$REFUND" summary --merge "$T/v.ndjson" > /dev/null 2> "$T/err"; rc=$?
[ $rc = 3 ] || [ $rc = 4 ] && ok "--merge of a verdict file: exit $rc" || not_ok "--merge of a verdict file" "exit $rc"
sed 's/"lines": 2001/"lines": 2002/' "$T/s.json" > "$T/wrong.json"
"$REFUND" summary --merge "$T/wrong.json" > /dev/null 2> "$T/err"; rc=$?
if [ $rc = 4 ] && grep -q 'lines must be cases + bad_lines' "$T/err"; then ok "a summary that does not add up: exit 4, says why"
else not_ok "a summary that does not add up" "exit $rc: $(cat "$T/err")"; fi
"$REFUND" summary --bogus > /dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok "an unknown option: exit 2" || not_ok "an unknown option: exit 2" "exit $rc"
"$REFUND" replay examples/01-free-shipping-c-store.json --summary "$T/x.json" > /dev/null 2> "$T/err"; rc=$?
if [ $rc = 2 ] && grep -q -- '--summary goes with --ndjson' "$T/err"; then ok "--summary without --ndjson: exit 2"
else not_ok "--summary without --ndjson: exit 2" "exit $rc"; fi
"$REFUND" replay --ndjson "$T/h.ndjson" --summary "$T/no/such/dir/s.json" > "$T/v2.ndjson" 2> "$T/err"; rc=$?
if [ $rc = 5 ] && same "$T/v.ndjson" "$T/v2.ndjson"; then ok "a summary file that cannot be written: exit 5, the verdicts all written"
else not_ok "a summary file that cannot be written" "exit $rc"; fi
"$REFUND" report "$T/s.json" --format json > /dev/null 2>&1; rc=$?
[ $rc = 2 ] && ok "report --format: exit 2" || not_ok "report --format: exit 2" "exit $rc"
"$REFUND" report - < "$T/s.json" > "$T/r.html"; rc=$?
if [ $rc = 0 ] && grep -q '<svg' "$T/r.html" && tail -n 1 "$T/r.html" | grep -q '</html>'; then ok "report - reads the summary from standard input"
else not_ok "report - reads the summary from standard input" "exit $rc"; fi
exit 0
