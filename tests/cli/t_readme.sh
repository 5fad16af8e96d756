#!/bin/sh
# README.md's "A case in one minute": the commands between the markers
#   <!-- one-minute: begin ... -->  and  <!-- one-minute: end -->
# (the sh block there) are run exactly as written, one by one, in an empty
# directory, with `refund` the binary under test and the clock as it is (a
# staff member types no --now). Each exits 0; the last prints the zh verdict
# with the SEVEN_DAY_REFUSAL finding (七天无理由), the finding line the README
# quotes; the case file is valid and replays with exit 1; there are at most
# three commands. POSIX sh, sed, grep. Prints "ok NAME" or "not ok NAME: why".
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
case $REFUND in /*) ;; *) REFUND=$(pwd)/$REFUND ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/rf_readme.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT HUP INT TERM
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; }
oneline() { tr '\n' ' ' | sed 's/ *$//'; }

# The block between the markers, without its fences, continuation lines
# joined: one command per line.
sed -n '/^<!-- one-minute: begin/,/^<!-- one-minute: end/p' "$RF_TOP/README.md" \
  | sed -e '/^<!--/d' -e '/^```/d' -e '/^ *$/d' \
  | sed -e ':a' -e '/\\$/N; s/\\\n//; ta' > "$T/commands"
n=$(grep -c . "$T/commands")
if [ "$n" -lt 1 ]; then not_ok "README.md has the one-minute sequence" "nothing between the markers"; exit 0; fi
if [ "$n" -le 3 ]; then ok "README.md's one-minute sequence is $n commands"
else not_ok "README.md's one-minute sequence is at most 3 commands" "$n"; fi
if grep -qv '^refund ' "$T/commands"; then not_ok "every line of the sequence runs refund" "$(grep -v '^refund ' "$T/commands" | head -1)"; fi

mkdir "$T/work"
i=0 failed=0
while IFS= read -r line; do
  i=$((i + 1))
  # shellcheck disable=SC2016
  (cd "$T/work" && refund() { "$REFUND" "$@"; } && eval "$line") > "$T/out$i" 2> "$T/err$i"
  rc=$?
  if [ $rc -eq 0 ]; then ok "command $i exits 0: $(printf '%s' "$line" | cut -c1-70)..."
  else not_ok "command $i exits 0: $line" "exit $rc: $(head -3 "$T/err$i" | oneline)"; failed=1; fi
done < "$T/commands"
last=$T/out$i
if grep -q '七天无理由退换拒绝不了' "$last" && grep -q '^发现的问题' "$last"; then
  ok "the last command prints the zh verdict with the 7-day refusal (七天无理由退换拒绝不了)"
else not_ok "the last command prints the zh verdict with the 7-day refusal" "$(head -c 400 "$last" | oneline)"; fi
quoted=$(sed -n '/^<!-- one-minute: end/,/^## /p' "$RF_TOP/README.md" | grep '^  e6: ')
if [ -n "$quoted" ] && grep -qxF -- "$quoted" "$last"; then ok "the finding line README.md quotes is in the verdict"
else not_ok "the finding line README.md quotes is in the verdict" "'$quoted'"; fi
if [ $failed = 0 ] && grep -q 'SEVEN_DAY_REFUSAL' "$T/err1"; then ok "refund new warned of the refusal on stderr"
else not_ok "refund new warned of the refusal on stderr" "$(oneline < "$T/err1")"; fi
if [ -f "$T/work/case.json" ]; then
  "$REFUND" validate "$T/work/case.json" > /dev/null 2>&1 && ok "case.json is valid" || not_ok "case.json is valid" "validate failed"
  "$REFUND" replay "$T/work/case.json" > /dev/null 2>&1; rc=$?
  [ $rc -eq 1 ] && ok "refund replay case.json exits 1 (the finding)" || not_ok "refund replay case.json exits 1" "exit $rc"
else not_ok "the sequence writes case.json" "no file"; fi
exit 0
