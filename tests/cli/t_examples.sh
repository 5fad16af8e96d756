#!/bin/sh
# The worked examples: every examples/*.json that has an .expected.json beside
# it is replayed and compared with its golden verdict, hand-checked against
# RULES.md when it was written (examples/README.md tells each story).
#  (a) `refund replay --format json --lang en` prints the golden byte for byte,
#      and exits 1 exactly when the golden has findings;
#  (b) replaying twice prints the same bytes;
#  (c) `refund check --now <as_of>` agrees with the replay on everything but
#      "findings" and "timeouts";
#  (d) every finding code of RULES.md section 4 is shown by some golden.
# POSIX sh, sed, awk, grep, diff and cmp only. Prints "ok NAME" or
# "not ok NAME: why"; a diff follows a failed comparison as "# " lines.
set -u
: "${REFUND:?set REFUND to the refund binary}"
RF_TOP=${RF_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$RF_TOP" || exit 1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rf_examples.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

failed=0
ok() { echo "ok $1"; }
not_ok() { echo "not ok $1: $2"; failed=1; }

# Under `make valgrind` every run of the binary is checked for memory errors.
refund() {
  if [ "${RF_VALGRIND:-}" = 1 ]; then
    valgrind -q --error-exitcode=99 --leak-check=full \
      --errors-for-leak-kinds=definite,indirect "$REFUND" "$@"
  else
    "$REFUND" "$@"
  fi
}

# Shows how two files differ: the first differing line in the message, the
# whole diff below it.
show_diff() {
  diff "$1" "$2" > "$tmp/diff"
  sed 's/^/# /' "$tmp/diff"
}
first_diff() {
  diff "$1" "$2" | grep '^[<>]' | head -1
}

# A verdict without its "timeouts" and "findings" members: what `check`
# must agree on. Both are top-level arrays, closed by "  ]" at indent 2.
strip_audit() {
  awk '
    skip { if ($0 ~ /^  \]/) skip = 0; next }
    /^  "(timeouts|findings)": \[/ { if ($0 !~ /\]/) skip = 1; next }
    { print }
  ' "$1"
}

count=0
for golden in examples/*.expected.json; do
  [ -f "$golden" ] || continue
  case_file=${golden%.expected.json}.json
  name=${case_file#examples/}
  name=${name%.json}
  if [ ! -f "$case_file" ]; then
    not_ok "$name golden has a case" "no $case_file beside $golden"
    continue
  fi
  count=$((count + 1))

  # (a) the golden, byte for byte, and the exit code it implies.
  refund replay --format json --lang en "$case_file" > "$tmp/out1" 2> "$tmp/err1"
  rc=$?
  if cmp -s "$golden" "$tmp/out1"; then
    ok "$name replay matches golden"
  else
    not_ok "$name replay matches golden" "$(first_diff "$golden" "$tmp/out1") (diff below)"
    show_diff "$golden" "$tmp/out1"
    sed 's/^/# stderr: /' "$tmp/err1"
  fi
  if grep -q '^  "findings": \[\],\{0,1\}$' "$golden"; then want=0; else want=1; fi
  if [ "$rc" -eq "$want" ]; then
    ok "$name replay exits $want"
  else
    not_ok "$name replay exits $want" "exit code $rc"
  fi

  # (b) the same bytes on a second run.
  refund replay --format json --lang en "$case_file" > "$tmp/out2" 2>/dev/null
  if cmp -s "$tmp/out1" "$tmp/out2"; then
    ok "$name replay is deterministic"
  else
    not_ok "$name replay is deterministic" "two runs differ (diff below)"
    show_diff "$tmp/out1" "$tmp/out2"
  fi

  # (c) `check` at the replay's as_of tells the same story.
  as_of=$(sed -n 's/^  "as_of": "\([^"]*\)",$/\1/p' "$golden")
  if [ -z "$as_of" ]; then
    not_ok "$name check agrees with replay" "no as_of in $golden"
    continue
  fi
  refund check --format json --lang en --now "$as_of" "$case_file" > "$tmp/check" 2> "$tmp/err2"
  crc=$?
  strip_audit "$golden" > "$tmp/want"
  strip_audit "$tmp/check" > "$tmp/got"
  if [ "$crc" -ne 0 ]; then
    not_ok "$name check agrees with replay" "check exited $crc: $(head -1 "$tmp/err2")"
  elif cmp -s "$tmp/want" "$tmp/got"; then
    ok "$name check agrees with replay"
  else
    not_ok "$name check agrees with replay" "$(first_diff "$tmp/want" "$tmp/got") (diff below)"
    show_diff "$tmp/want" "$tmp/got"
  fi
done

if [ "$count" -gt 0 ]; then
  ok "examples: $count cases with a golden verdict"
else
  not_ok "examples: cases with a golden verdict" "none found under $RF_TOP/examples"
fi

# (d) every audit finding of RULES.md section 4 is shown by at least one example.
for code in ILLEGAL_TRANSITION WRONG_ACTOR OUT_OF_ORDER DUPLICATE_EVENT MISSED_TIMEOUT \
            SEVEN_DAY_REFUSAL NOT_ELIGIBLE AMOUNT_EXCEEDS_PAID AMOUNT_MISMATCH \
            LATE_SHIPMENT PLATFORM_LATE EXCHANGE_POSTAGE_UNPAID; do
  found=$(grep -l "^      \"code\": \"$code\",\$" examples/*.expected.json 2>/dev/null | head -1)
  if [ -n "$found" ]; then
    ok "finding $code shown by ${found#examples/}"
  else
    not_ok "finding $code shown by an example" "no golden has it"
  fi
done

# Clean histories are part of the story too.
clean=$(grep -l '^  "findings": \[\],\{0,1\}$' examples/*.expected.json 2>/dev/null | wc -l | tr -d ' ')
if [ "$clean" -ge 3 ]; then
  ok "examples: $clean clean histories"
else
  not_ok "examples: several clean histories" "only $clean"
fi

exit "$failed"
