#!/bin/sh
# The worked examples of docs/settlement.md are transcripts: every
# "$ refund quote ..." line inside a ``` block must print exactly the lines
# that follow it up to the closing ``` (stderr included: the warning of an
# amount above the item). Then: that warning goes to stderr only, and the
# invoice rate is shown in text exactly when the invoice line is deducted.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
awk -v dir="$T" '
  /^```/ { if (inblock) { close(out); inblock = 0 } else { inblock = 1; out = "" } ; next }
  inblock && /^\$ refund quote / { n++; out = dir "/" n ".expected"; sub(/^\$ refund /, ""); print > (dir "/" n ".cmd"); close(dir "/" n ".cmd"); printf "" > out; next }
  inblock && out != "" { print >> out }
' docs/settlement.md
count=0
for cmd in "$T"/*.cmd; do
  [ -f "$cmd" ] || continue
  n=$(basename "$cmd" .cmd)
  count=$((count + 1))
  # shellcheck disable=SC2046
  eval "\"\$REFUND\" $(cat "$cmd")" > "$T/$n.actual" 2>&1
  if cmp -s "$T/$n.expected" "$T/$n.actual"; then
    echo "ok docs/settlement.md transcript $n: $(cut -c1-60 "$cmd")"
  else
    echo "not ok docs/settlement.md transcript $n: $(cat "$cmd")"
    diff "$T/$n.expected" "$T/$n.actual" | head -10
  fi
done
[ "$count" -ge 12 ] && echo "ok docs/settlement.md has $count quote transcripts" || echo "not ok only $count transcripts found"
# A policy override changes a verdict in an example: with 30 days to ship the
# return, example 06's late return is no longer a missed deadline.
printf '{"buyer_return_days": 30}\n' > "$T/policy.json"
"$REFUND" replay examples/06-return-shipped-too-late-mt.json --format json > "$T/p0" 2>/dev/null; rc0=$?
"$REFUND" replay examples/06-return-shipped-too-late-mt.json --format json --policy "$T/policy.json" > "$T/p1" 2>/dev/null; rc1=$?
if [ $rc0 -eq 1 ] && grep -q MISSED_TIMEOUT "$T/p0" && [ $rc1 -eq 0 ] && ! grep -q MISSED_TIMEOUT "$T/p1"; then
  echo "ok --policy buyer_return_days=30 turns example 06's MISSED_TIMEOUT into a clean replay"
else echo "not ok policy override on example 06 (rc $rc0 -> $rc1)"; fi
# An amount above the item: capped, with a warning on stderr that gives the
# refund (stdout keeps only the settlement, in every format); none otherwise.
"$REFUND" quote --channel mall --reason no_reason --kind return_refund --amount 250 --item 199 --format json > "$T/w.out" 2> "$T/w.err"; rc=$?
if [ $rc -eq 0 ] && grep -q '"refund": "199.00"' "$T/w.out" && ! grep -q warning "$T/w.out" \
   && grep -q '^refund: warning: --amount 250.00 is more than the item, --item 199.00.*the refund is 199.00$' "$T/w.err"; then
  echo "ok quote --amount 250 --item 199: refund 199.00, and a warning on stderr saying so"
else echo "not ok quote --amount 250 --item 199: exit $rc, stderr: $(cat "$T/w.err")"; fi
"$REFUND" quote --channel mall --reason no_reason --kind return_refund --amount 199 --item 199 > "$T/w.out" 2> "$T/w.err"
[ -s "$T/w.err" ] && echo "not ok quote --amount = --item warns: $(cat "$T/w.err")" || echo "ok quote --amount = --item: no warning"
# The invoice rate: shown in text when the line is deducted, not otherwise.
"$REFUND" quote --channel mall --reason no_reason --kind return_refund --after-success --item 100 --lang en > "$T/r.out" 2>&1
if grep -q 'invoice rate' "$T/r.out"; then echo "not ok the invoice rate is shown though nothing was deducted for it"
else echo "ok no invoice line, no invoice rate"; fi
"$REFUND" quote --channel mall --reason no_reason --kind return_refund --after-success --item 100 --invoice-kept --format json > "$T/r.out" 2>&1
if grep -q 'invoice rate' "$T/r.out"; then echo "not ok the invoice rate note is in the JSON output"
else echo "ok the invoice rate note is text only"; fi
