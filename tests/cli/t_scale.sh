#!/bin/sh
# docs/scale.md, run: replay --ndjson --summary is the map step and summary
# --merge the reduce step. The page's code blocks are taken out of it and
# run as written, with refund on PATH, on 4,000 bench histories:
#  (a) the local recipe (split, xargs -P 2, merge): the same bytes as the
#      summary of one process, and a two-level reduce too;
#  (b) map.sh and reduce.sh under a stand-in for Hadoop Streaming: the
#      input cut into splits at line ends, map.sh per split, the mappers'
#      lines sorted, reduce.sh over them (and reduce.sh as a combiner per
#      pair of splits first): the same bytes again.
# Prints "ok NAME" or "not ok NAME: why".
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$RF_TOP" || exit 1
gen=${RF_BUILD:-build}/bench/gen
doc=docs/scale.md
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }

if [ ! -x "$gen" ]; then not_ok "the bench generator" "$gen is missing (make builds it)"; exit 0; fi
mkdir -p "$T/bin" "$T/local" "$T/hadoop"
ln -s "$REFUND" "$T/bin/refund"
PATH=$T/bin:$PATH
export PATH

# The code block of docs/scale.md whose first line (after a #! line)
# matches $1, as written.
block() {
  awk -v first="$1" '
    /^```/ {
      if (!fence) { fence = 1; n = 0; next }
      fence = 0
      head = (n > 1 && lines[1] ~ /^#!/) ? lines[2] : lines[1]
      if (head ~ first) { for (i = 1; i <= n; i++) print lines[i]; exit }
      next
    }
    fence { lines[++n] = $0 }
  ' "$doc"
}
block '^# Cut the file at line ends' > "$T/local.sh"
block '^# map.sh:' > "$T/map.sh"
block '^# reduce.sh:' > "$T/reduce.sh"
for f in local.sh map.sh reduce.sh; do
  if [ -s "$T/$f" ]; then ok "docs/scale.md has the code of $f ($(wc -l < "$T/$f" | tr -d ' ') lines)"
  else not_ok "docs/scale.md has the code of $f" "no such block"; fi
done

"$gen" 4000 2>/dev/null > "$T/histories.ndjson"
refund replay --ndjson "$T/histories.ndjson" --summary "$T/whole.json" > /dev/null 2>&1

# ---- (a) split + xargs -P 2 -------------------------------------------------------------
cp "$T/histories.ndjson" "$T/local/"
(cd "$T/local" && sh ../local.sh) 2> "$T/local.err"; rc=$?
parts=$(ls "$T/local"/part.?? 2>/dev/null | wc -l | tr -d ' ')
if [ $rc = 0 ] && [ "$parts" = 8 ] && cmp -s "$T/whole.json" "$T/local/summary.json"; then
  ok "split into 8 parts, xargs -P 2, merge: the same bytes as one process"
else not_ok "split into 8 parts, xargs -P 2, merge" "exit $rc, $parts parts, $(cmp "$T/whole.json" "$T/local/summary.json" 2>&1) $(head -c 200 "$T/local.err")"; fi
if cat "$T/local"/part.?? | cmp -s - "$T/histories.ndjson"; then ok "the parts are the file, cut at line ends"
else not_ok "the parts are the file, cut at line ends" "they differ"; fi
(cd "$T/local" && refund summary --merge part.0[0-3].summary.json > low.json &&
  refund summary --merge part.0[4-7].summary.json --format ndjson > high.json &&
  refund summary --merge high.json low.json > two-level.json)
if cmp -s "$T/whole.json" "$T/local/two-level.json"; then ok "a two-level reduce (4 + 4, merged in the other order): the same bytes"
else not_ok "a two-level reduce" "differs"; fi

# ---- (b) map.sh and reduce.sh as Hadoop Streaming runs them -------------------------------
cd "$T/hadoop" || exit 1
split -n l/5 -d "$T/histories.ndjson" split.
for s in split.??; do sh "$T/map.sh" < "$s" > "$s.map"; done
lines=$(cat split.??.map | wc -l | tr -d ' ')
cat split.??.map | LC_ALL=C sort | sh "$T/reduce.sh" > reduced.ndjson; rc=$?
refund summary --merge reduced.ndjson > summary.json
if [ $rc = 0 ] && [ "$lines" = 5 ] && [ "$(wc -l < reduced.ndjson | tr -d ' ')" = 1 ] && cmp -s "$T/whole.json" summary.json; then
  ok "map.sh per split (5 lines), sorted, reduce.sh (1 line): the same bytes as one process"
else not_ok "map.sh, sort, reduce.sh" "exit $rc, $lines map lines, $(cmp "$T/whole.json" summary.json 2>&1)"; fi
{ cat split.00.map split.01.map | sh "$T/reduce.sh"; cat split.02.map split.03.map split.04.map | sh "$T/reduce.sh"; } \
  | sort -r | sh "$T/reduce.sh" | refund summary --merge - > combined.json
if cmp -s "$T/whole.json" combined.json; then ok "reduce.sh as a combiner first, then again: the same bytes"
else not_ok "reduce.sh as a combiner first, then again" "differs"; fi
: | sh "$T/map.sh" > empty.map
if [ "$(wc -l < empty.map | tr -d ' ')" = 1 ] && cat empty.map split.??.map | sh "$T/reduce.sh" | refund summary --merge - | cmp -s - "$T/whole.json"; then
  ok "an empty split maps to an empty summary, which changes nothing"
else not_ok "an empty split maps to an empty summary" "$(cat empty.map)"; fi
exit 0
