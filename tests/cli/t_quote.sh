#!/bin/sh
# The worked examples of docs/settlement.md are transcripts: every
# "$ refund quote ..." line inside a ``` block must print exactly the lines
# that follow it up to the closing ```.
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
